//! People who look alike: in one hospital several secretaries share the unit and the post
//! (市第一人民医院支部书记); the 党组织 they lead tells them apart, and every paper and
//! page that names them shows it — the 评议结果汇总表 (PDF and Excel), the phone page and
//! the lists (PDF and Excel).

use calamine::{Data, Reader, Xlsx};
use shuzhi::Store;
use shuzhi::domain::post_of;
use shuzhi::lists::{ListKind, build_lists};
use shuzhi::meeting::{self, pdf as meeting_pdf, phone, xlsx as meeting_xlsx};
use shuzhi::planning::{RosterRow, import_roster};

use crate::meeting::ballot;
use crate::pdf_text::{Layout, pdf_text};
use crate::serve::http;
use crate::{SAMPLE_ID, sample_store};

/// The two branch secretaries of 市第一人民医院: same unit, same post.
const BRANCHES: [(&str, &str); 2] = [("内科党支部", "张敏"), ("外科党支部", "刘洋")];

/// Adds the branches of 市第一人民医院 with their secretaries to the sample (at the end
/// of its agenda); returns the secretaries' ids in the order of [`BRANCHES`].
fn add_branches(store: &mut Store) -> Vec<String> {
    let rows: Vec<RosterRow> = BRANCHES
        .iter()
        .enumerate()
        .map(|(i, (organization, name))| RosterRow {
            line: i as u32 + 2,
            unit: "市第一人民医院".into(),
            organization: (*organization).into(),
            kind: "党支部".into(),
            parent: "中共市第一人民医院委员会".into(),
            name: (*name).into(),
            title: "支部书记".into(),
        })
        .collect();
    import_roster(store, SAMPLE_ID, &rows, "测试").unwrap();
    let (agenda, _) = meeting::agenda(store, SAMPLE_ID).unwrap();
    let added: Vec<&meeting::AgendaItem> = agenda.iter().filter(|a| a.unit == "市第一人民医院").skip(1).collect();
    assert_eq!(added.len(), 2, "both branches are on the agenda");
    assert_eq!(post_of(&added[0].unit, &added[0].title), post_of(&added[1].unit, &added[1].title), "they look alike");
    added.iter().map(|a| a.secretary_id.clone()).collect()
}

/// The sample with the branches, three ballots entered and the vote closed.
fn closed() -> Store {
    let mut store = sample_store();
    add_branches(&mut store);
    meeting::ensure_sheets(&mut store, SAMPLE_ID, "测试").unwrap();
    for (serial, marks) in [("1-001", "111111111112"), ("1-002", "121212121221"), ("1-003", "222222222411")] {
        meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot(serial, marks), "测试").unwrap();
    }
    meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    store
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect()
}

#[test]
fn the_printed_summary_names_each_secretarys_organization_beside_her_name() {
    let store = closed();
    let today = chrono::NaiveDate::from_ymd_opt(2024, 1, 18).unwrap();
    let summary = meeting_pdf::summary_pdf(&store, SAMPLE_ID, today).unwrap();
    // Drawn cell by cell: the name, then the 党组织, then the post.
    let text = flat(&pdf_text(&summary, Layout::Raw));
    for (organization, name) in BRANCHES {
        assert!(
            text.contains(&format!("{name}{organization}市第一人民医院支部书记")),
            "{name} without {organization} in the summary:\n{text}"
        );
    }
    assert!(text.contains("王建华中共市第一人民医院委员会市第一人民医院党委书记"), "{text}");
    assert!(text.contains("党组织"), "the column is headed 党组织");

    // Each result notice says whose it is the same way.
    let sheets =
        flat(&pdf_text(&meeting_pdf::secretary_sheets_pdf(&store, SAMPLE_ID, None, today).unwrap(), Layout::Page));
    for (organization, name) in BRANCHES {
        assert!(sheets.contains(&format!("{name}{organization}市第一人民医院支部书记")), "{sheets}");
    }

    // The results workbook has a 党组织 column beside the name.
    let results = meeting::results(&store, SAMPLE_ID).unwrap();
    let bytes = meeting_xlsx::results_xlsx(&results).unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("评议结果").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| if let Data::String(s) = c { s.clone() } else { String::new() }).collect())
        .collect();
    assert_eq!(&rows[0][1..5], ["姓名", "党组织", "单位", "职务"]);
    for (organization, name) in BRANCHES {
        assert!(rows.iter().any(|row| row[1] == name && row[2] == organization), "{name} {organization}: {rows:?}");
    }
}

#[test]
fn the_ballot_sheet_names_each_secretarys_organization() {
    let mut store = sample_store();
    add_branches(&mut store);
    let sheets = meeting_pdf::sheets_pdf(&mut store, SAMPLE_ID, "测试").unwrap();
    let first = pdf_text(&sheets, Layout::Raw).split('\u{c}').next().unwrap().to_string();
    let text = flat(&first);
    for (organization, name) in BRANCHES {
        assert!(text.contains(&format!("{name}{organization}市第一人民医院支部书记")), "{name}: {text}");
    }
    // With a row per dimension, under the post, in the same number of pages.
    let settings = meeting::MeetingSettings {
        speaking_minutes: 5,
        dimensions: vec!["党建工作全面性".into(), "重点工作针对性".into()],
        double_entry: false,
        ..Default::default()
    };
    meeting::save_settings(&mut store, SAMPLE_ID, &settings, "测试").unwrap();
    let sheets = meeting_pdf::sheets_pdf(&mut store, SAMPLE_ID, "测试").unwrap();
    let text = flat(&pdf_text(&sheets, Layout::Raw));
    for (organization, name) in BRANCHES {
        assert!(
            text.contains(&format!("{name}市第一人民医院支部书记总体评价{organization}党建工作全面性")),
            "{name}: {text}"
        );
    }
}

#[test]
fn the_phone_page_lists_each_secretary_with_her_organization() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vote.db");
    let mut store = Store::open(&path).unwrap();
    shuzhi::sample::load_sample_campaign(&mut store, "测试").unwrap();
    add_branches(&mut store);
    // What every phone is sent: each secretary with her 党组织.
    let template = phone::phone_form_template(&store, SAMPLE_ID).unwrap();
    let listed = serde_json::to_value(template.secretaries()).unwrap();
    for (organization, name) in BRANCHES {
        let person = listed.as_array().unwrap().iter().find(|p| p["name"] == name).expect("on the phone's list");
        assert_eq!(person["organization"], organization, "{person}");
        assert_eq!(person["post"], "市第一人民医院支部书记");
    }
    assert!(
        listed.as_array().unwrap().iter().all(|p| !p["organization"].as_str().unwrap_or_default().is_empty()),
        "{listed}"
    );
    drop(store);
    // The page draws it under the name, and names it again in the confirmation.
    let server = phone::server::VoteServer::start(&path, SAMPLE_ID, "127.0.0.1:0").unwrap();
    let (status, script) = http(server.addr, "GET", "/app.js", None);
    assert_eq!(status, 200);
    assert!(script.contains("organization.textContent = person.organization"), "the form shows the 党组织");
    assert!(script.contains("person.name + \"（\" + person.organization + \"）\""), "so does the confirmation");
    server.stop();
}

#[test]
fn the_lists_name_the_organization_of_each_problem_and_measure() {
    let mut store = sample_store();
    let ids = add_branches(&mut store);
    for (id, (_, name)) in ids.iter().zip(BRANCHES) {
        let problem = shuzhi::lists::items::add_problem(
            &mut store,
            id,
            &shuzhi::lists::items::ProblemInput {
                description: format!("{name}所在支部“三会一课”记录不全"),
                cause: "支部书记抓党建的责任意识不强".into(),
                category: "组织生活".into(),
            },
            "测试",
        )
        .unwrap();
        shuzhi::lists::items::add_measure(
            &mut store,
            &problem,
            &shuzhi::lists::items::MeasureInput {
                measure: "每月检查支部会议记录".into(),
                target: "记录完整率100%".into(),
                owner: name.into(),
                due: "2024-06-30".into(),
            },
            "测试",
        )
        .unwrap();
    }
    let today = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    let lists = build_lists(&store, SAMPLE_ID, None, today).unwrap();
    for (organization, name) in BRANCHES {
        let problem = lists.problems.iter().find(|p| p.secretary_name == name).unwrap();
        assert_eq!((problem.unit.as_str(), problem.organization.as_str()), ("市第一人民医院", organization));
        let measure = lists.rectifications.iter().find(|r| r.problem_id == problem.problem_id).unwrap();
        assert_eq!(measure.organization, organization);
    }
    let pdf = shuzhi::lists::pdf::lists_pdf(&lists, &ListKind::ALL, today).unwrap();
    let text = flat(&pdf_text(&pdf, Layout::Raw));
    for (organization, name) in BRANCHES {
        // The unit, then the 党组织 under it, then the problem.
        assert!(text.contains(&format!("市第一人民医院{organization}{name}所在支部")), "{name}: {text}");
    }
    let bytes = shuzhi::lists::xlsx::lists_xlsx(&lists, &ListKind::ALL).unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    for sheet in ["问题清单", "整改清单"] {
        let range = book.worksheet_range(sheet).unwrap();
        let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
        assert_eq!(&rows[0][1..3], ["单位", "党组织"], "{sheet}");
        for (organization, _) in BRANCHES {
            assert!(rows.iter().any(|row| row[1] == "市第一人民医院" && row[2] == organization), "{sheet}: {rows:?}");
        }
    }
}
