//! The trust boundary of packages, attacked: a return package on the organizer's computer,
//! a report package on a secretary's, a return claiming more than the organizer did, an
//! older package replayed over newer text, one kind dressed as the other, and two imports
//! racing from two processes.

use shuzhi::Store;
use shuzhi::domain::{ReportStatus, Role};
use shuzhi::package::{compare_package, export_report_package, export_return_package, import_any_package};
use shuzhi::store::reports::list_reports;

use crate::meeting::{ballot, printed};
use crate::package::rezip;
use crate::returns::{organizer_reviews, reseal, revise_and_send};
use crate::{SAMPLE_ID, sample_store};

const DRAFT: &str = "rep-sey";
const POINT: &str = "fp-2023-achievements";
const SECRETARY: &str = "sec-zyy";
const REPORT: &str = "rep-zyy";

fn report(store: &Store, id: &str) -> shuzhi::domain::Report {
    list_reports(store.conn(), SAMPLE_ID).unwrap().into_iter().find(|r| r.id == id).unwrap()
}

fn body(store: &Store, id: &str, point: &str) -> String {
    report(store, id).sections.into_iter().find(|s| s.focus_point_id == point).map(|s| s.body).unwrap_or_default()
}

/// Every row of every table, as text: equal snapshots, unchanged database.
pub(crate) fn snapshot(store: &Store) -> Vec<String> {
    let conn = store.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut rows = Vec::new();
    for table in tables {
        let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid")).unwrap();
        let columns = statement.column_count();
        let mut query = statement.query([]).unwrap();
        while let Some(row) = query.next().unwrap() {
            let values: Vec<rusqlite::types::Value> = (0..columns).map(|i| row.get(i).unwrap()).collect();
            rows.push(format!("{table}: {values:?}"));
        }
    }
    rows
}

fn set_role(store: &mut Store, role: Role, name: &str) {
    shuzhi::workstation::choose_role(store, role, name, false).unwrap();
}

/// 李秀兰's own computer: set to 书记, and she is sec-zyy.
pub(crate) fn her_computer(store: &mut Store) {
    set_role(store, Role::Secretary, "李秀兰");
    let tx = store.begin_write().unwrap();
    shuzhi::store::workstation::set_secretary(&tx, Some(SECRETARY)).unwrap();
    tx.commit().unwrap();
}

/// The secretary writes a first draft and sends it (A), writes on and sends again (B).
fn two_packages_of_a_draft() -> (Vec<u8>, Vec<u8>) {
    let mut secretary = sample_store();
    shuzhi::report::save_section(&mut secretary, DRAFT, POINT, "第一稿：全年主持党委会10次。").unwrap();
    let older = export_report_package(&secretary, DRAFT).unwrap();
    // Saved times are kept to the second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    shuzhi::report::save_section(&mut secretary, DRAFT, POINT, "第二稿：全年主持党委会12次，研究党建议题30个。")
        .unwrap();
    let newer = export_report_package(&secretary, DRAFT).unwrap();
    (older, newer)
}

#[test]
fn an_older_package_of_a_draft_does_not_replace_newer_text_without_asking() {
    let (older, newer) = two_packages_of_a_draft();
    let mut organizer = sample_store();
    set_role(&mut organizer, Role::Organizer, "孟晓东");
    import_any_package(&mut organizer, "B.szpkg", &newer, false, "孟晓东").unwrap();
    assert!(body(&organizer, DRAFT, POINT).starts_with("第二稿"));
    let before = snapshot(&organizer);
    let message = import_any_package(&mut organizer, "A.szpkg", &older, false, "孟晓东").unwrap_err().to_string();
    assert!(message.starts_with("这个交换包比本机"), "{message}");
    assert!(message.contains("的报告旧") && message.contains("旧的交换包不会替换较新的文字"), "{message}");
    assert!(message.contains("选择“替换”导入"), "the page offers the comparison: {message}");
    assert_eq!(snapshot(&organizer), before, "a refused import changes nothing");
    // What the window shows before asking: the newer text here against the older package's.
    let comparison = compare_package(&organizer, "A.szpkg", &older).unwrap();
    assert!(comparison.sections.iter().any(|s| s.changed));

    // Asked and agreed: the older text comes in, and the newer one is kept as a version.
    import_any_package(&mut organizer, "A.szpkg", &older, true, "孟晓东").unwrap();
    assert!(body(&organizer, DRAFT, POINT).starts_with("第一稿"));
    let kept = shuzhi::store::reports::list_revisions(organizer.conn(), SAMPLE_ID)
        .unwrap()
        .into_iter()
        .find(|r| r.report_id == DRAFT && r.note == "导入交换包前的本机稿")
        .expect("the newer text is kept");
    assert!(kept.sections.iter().any(|s| s.body.starts_with("第二稿")));
}

#[test]
fn a_newer_package_after_an_older_one_comes_in_without_a_question() {
    let (older, newer) = two_packages_of_a_draft();
    let mut organizer = sample_store();
    import_any_package(&mut organizer, "A.szpkg", &older, false, "孟晓东").unwrap();
    import_any_package(&mut organizer, "A.szpkg", &older, false, "孟晓东").unwrap();
    assert!(body(&organizer, DRAFT, POINT).starts_with("第一稿"));
    let refused = import_any_package(&mut organizer, "B.szpkg", &newer, false, "孟晓东");
    // The newer package does not know the older text as a version (autosave keeps none), so
    // the person is asked; never told that it is older.
    if let Err(error) = refused {
        let message = error.to_string();
        assert!(!message.contains("旧") && message.contains("选择“替换”导入"), "{message}");
        import_any_package(&mut organizer, "B.szpkg", &newer, true, "孟晓东").unwrap();
    }
    assert!(body(&organizer, DRAFT, POINT).starts_with("第二稿"));
}

/// The organizer's own return for 李秀兰, edited: the report 审核通过 with no approval for it,
/// every measure 销号 by a made-up verifier, and a grade taken from a closed vote elsewhere.
fn forged_return(organizer: &Store) -> Vec<u8> {
    let mut secretary = sample_store();
    let sent = revise_and_send(&mut secretary);
    let elsewhere = organizer_reviews(&sent);
    let result = shuzhi::meeting::personal_result(&elsewhere, SECRETARY).unwrap().unwrap();
    let own = export_return_package(organizer, SECRETARY).unwrap();
    reseal(&rezip(&own, |name, content| {
        if name != "return.json" {
            return Some((name.to_string(), content));
        }
        let mut part: serde_json::Value = serde_json::from_slice(&content).unwrap();
        part["report"]["status"] = serde_json::json!("approved");
        part["report"]["review_level"] = serde_json::json!(2);
        let measures = part["rectifications"].as_array_mut().unwrap();
        assert!(!measures.is_empty(), "the organizer's return carries her measure");
        for measure in measures {
            measure["status"] = serde_json::json!("done");
            measure["sign_off"] = serde_json::json!({ "date": "2024-01-02", "verifier": "假核验人", "evidence": "无" });
        }
        part["result"] = serde_json::to_value(&result).unwrap();
        Some((name.to_string(), serde_json::to_vec(&part).unwrap()))
    }))
}

/// The organizer's computer: 李秀兰's report in review at the second level, and the vote
/// open with one ballot entered.
fn organizer_with_open_vote() -> Store {
    let mut secretary = sample_store();
    let sent = revise_and_send(&mut secretary);
    let mut organizer = printed();
    set_role(&mut organizer, Role::Organizer, "孟晓东");
    import_any_package(&mut organizer, "p.szpkg", &sent, false, "孟晓东").unwrap();
    let pass = shuzhi::report::ReviewInput {
        level: None,
        decision: shuzhi::domain::ApprovalDecision::Passed,
        reviewer: "党办 王静".into(),
        comments: Vec::new(),
    };
    shuzhi::report::review_report(&mut organizer, REPORT, &pass, "测试").unwrap();
    let problem = crate::returns::training_problem(&mut organizer, "孟晓东");
    let measure = shuzhi::lists::items::MeasureInput {
        measure: "分两期轮训全部支部书记".into(),
        target: "培训全覆盖".into(),
        owner: "李秀兰".into(),
        due: "2024-06-30".into(),
    };
    shuzhi::lists::items::add_measure(&mut organizer, &problem, &measure, "孟晓东").unwrap();
    shuzhi::meeting::enter_ballot(&mut organizer, SAMPLE_ID, &ballot("1-001", "1111111111"), "孟晓东").unwrap();
    organizer
}

fn grade_on_dashboard(store: &Store) -> Option<shuzhi::rules::scoring::Grade> {
    let today = chrono::NaiveDate::from_ymd_opt(2024, 1, 10).unwrap();
    let dashboard = shuzhi::dashboard::campaign_dashboard(store, SAMPLE_ID, today).unwrap();
    dashboard.rows.into_iter().find(|r| r.secretary_id == SECRETARY).unwrap().final_grade
}

#[test]
fn a_forged_return_is_refused_on_the_organizers_computer_and_changes_nothing() {
    // Reproduces: the return, imported on the organizer's computer, made the report 审核通过
    // with no approval here, signed off every measure and put a grade on the dashboard while
    // the vote here was still open.
    let mut organizer = organizer_with_open_vote();
    let forged = forged_return(&organizer);
    for (role, name) in [(Role::Organizer, "孟晓东"), (Role::Sample, "")] {
        set_role(&mut organizer, role, name);
        let before = snapshot(&organizer);
        for replace in [false, true] {
            let message =
                import_any_package(&mut organizer, "回执.szpkg", &forged, replace, "孟晓东").unwrap_err().to_string();
            assert!(
                message.contains("这是组织方发回书记的回执包，应在书记本人的电脑上导入")
                    && message.contains(role.label())
                    && message.contains("回执包不能改动它"),
                "{message}"
            );
            assert!(message.ends_with("数据库未作任何改动。"), "{message}");
            assert_eq!(snapshot(&organizer), before, "{role:?}, replace {replace}");
        }
        let message = compare_package(&organizer, "回执.szpkg", &forged).unwrap_err().to_string();
        assert!(message.contains("应在书记本人的电脑上导入"), "{message}");
    }
    let report = report(&organizer, REPORT);
    assert_eq!((report.status, report.review_level), (ReportStatus::Submitted, 1));
    assert_eq!(grade_on_dashboard(&organizer), None);
    assert_eq!(shuzhi::meeting::personal_result(&organizer, SECRETARY).unwrap(), None);

    // A database whose use was never set takes no return either.
    let mut unset = organizer_with_open_vote();
    unset.conn().execute("UPDATE workstation SET role = NULL", []).unwrap();
    let before = snapshot(&unset);
    let message = import_any_package(&mut unset, "回执.szpkg", &forged, true, "x").unwrap_err().to_string();
    assert!(message.contains("这台电脑还没有设定用途") && message.contains("shuzhi role 书记"), "{message}");
    assert_eq!(snapshot(&unset), before);

    // Nor does one set to 书记 that holds this campaign's vote: that is the organizer's record.
    set_role(&mut unset, Role::Secretary, "李秀兰");
    let before = snapshot(&unset);
    let message = import_any_package(&mut unset, "回执.szpkg", &forged, true, "x").unwrap_err().to_string();
    assert!(message.contains("本数据库中有这个年度的测评票"), "{message}");
    assert_eq!(snapshot(&unset), before);
}

#[test]
fn a_received_result_shows_only_on_a_secretarys_computer_without_a_vote_here() {
    let mut secretary = sample_store();
    let sent = revise_and_send(&mut secretary);
    let organizer = organizer_reviews(&sent);
    let result = shuzhi::meeting::personal_result(&organizer, SECRETARY).unwrap().unwrap();
    // A result received earlier (by an older version, or in a campaign file) on a database.
    let mut store = printed();
    let received = shuzhi::meeting::PersonalResult { received_at: Some("2024-01-05T10:00:00+08:00".into()), ..result };
    let tx = store.begin_write().unwrap();
    shuzhi::store::meeting::set_received_result(&tx, SAMPLE_ID, SECRETARY, Some(&received)).unwrap();
    tx.commit().unwrap();

    set_role(&mut store, Role::Secretary, "李秀兰");
    assert_eq!(grade_on_dashboard(&store), received.grade, "her computer shows what the organizer sent");
    assert_eq!(shuzhi::meeting::personal_result(&store, SECRETARY).unwrap(), Some(received.clone()));
    for (role, name) in [(Role::Organizer, "孟晓东"), (Role::Sample, "")] {
        set_role(&mut store, role, name);
        assert_eq!(grade_on_dashboard(&store), None, "{role:?}");
        assert_eq!(shuzhi::meeting::personal_result(&store, SECRETARY).unwrap(), None, "{role:?}");
    }
    // Never while a vote is held here, whatever the role says.
    shuzhi::meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot("1-001", "1111111111"), "孟晓东").unwrap();
    set_role(&mut store, Role::Secretary, "李秀兰");
    assert_eq!(grade_on_dashboard(&store), None);
    assert_eq!(shuzhi::meeting::personal_result(&store, SECRETARY).unwrap(), None);
}

#[test]
fn a_report_package_is_refused_on_a_secretarys_computer() {
    let mut other = sample_store();
    let sent = revise_and_send(&mut other);
    let mut secretary = sample_store();
    her_computer(&mut secretary);
    let before = snapshot(&secretary);
    for replace in [false, true] {
        let message = import_any_package(&mut secretary, "p.szpkg", &sent, replace, "李秀兰").unwrap_err().to_string();
        assert!(message.contains("这是书记的述职报告交换包，应在组织方的电脑上导入"), "{message}");
        assert!(message.ends_with("数据库未作任何改动。"), "{message}");
    }
    assert_eq!(snapshot(&secretary), before);
}

#[test]
fn a_return_for_another_secretary_is_refused_on_her_computer() {
    let mut secretary = sample_store();
    let sent = revise_and_send(&mut secretary);
    let organizer = organizer_reviews(&sent);
    her_computer(&mut secretary);
    let someone_else = export_return_package(&organizer, "sec-syy").unwrap();
    let before = snapshot(&secretary);
    let message =
        import_any_package(&mut secretary, "回执.szpkg", &someone_else, true, "李秀兰").unwrap_err().to_string();
    assert!(message.contains("回执包是发给") && message.contains("这台电脑属于李秀兰"), "{message}");
    assert_eq!(snapshot(&secretary), before);
    // Her own comes in.
    let mine = export_return_package(&organizer, SECRETARY).unwrap();
    import_any_package(&mut secretary, "回执.szpkg", &mine, false, "李秀兰").unwrap();
    assert_eq!(report(&secretary, REPORT).status, ReportStatus::Approved);
}

#[test]
fn a_return_claims_no_more_than_the_organizer_did() {
    let mut secretary = sample_store();
    let sent = revise_and_send(&mut secretary);
    let organizer = organizer_reviews(&sent);
    her_computer(&mut secretary);
    let back = export_return_package(&organizer, SECRETARY).unwrap();
    let edit = |change: &dyn Fn(&mut serde_json::Value)| {
        reseal(&rezip(&back, |name, content| {
            if name != "return.json" {
                return Some((name.to_string(), content));
            }
            let mut part: serde_json::Value = serde_json::from_slice(&content).unwrap();
            change(&mut part);
            Some((name.to_string(), serde_json::to_vec(&part).unwrap()))
        }))
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "审核通过 without the review record",
            edit(&|part| part["approvals"].as_array_mut().unwrap().retain(|a| a["level"] == 0)),
            "审核记录不支持这个状态",
        ),
        (
            "approved at a level below the last",
            edit(&|part| part["report"]["review_level"] = serde_json::json!(0)),
            "审核记录不支持这个状态",
        ),
        (
            "a result without a closed vote",
            edit(&|part| {
                part["result"]["closed_at"] = serde_json::json!("");
                part["result"]["fingerprint"] = serde_json::json!("");
            }),
            "没有测评结束的记录",
        ),
        (
            "a result passed on from another return",
            edit(&|part| part["result"]["received_at"] = serde_json::json!("2024-01-05T10:00:00+08:00")),
            "是从别的回执包转来的",
        ),
    ];
    let before = snapshot(&secretary);
    for (name, bytes, expected) in cases {
        let message = import_any_package(&mut secretary, "回执.szpkg", &bytes, true, "李秀兰").unwrap_err().to_string();
        assert!(message.contains(expected), "{name}: {message}");
        assert!(message.ends_with("数据库未作任何改动。"), "{name}: {message}");
        assert_eq!(snapshot(&secretary), before, "{name}");
    }
}

#[test]
fn one_kind_of_package_dressed_as_the_other_is_refused() {
    let mut secretary = sample_store();
    let sent = revise_and_send(&mut secretary);
    let organizer = organizer_reviews(&sent);
    let back = export_return_package(&organizer, SECRETARY).unwrap();
    let return_json = {
        use std::io::Read;
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&back)).unwrap();
        let mut content = Vec::new();
        archive.by_name("return.json").unwrap().read_to_end(&mut content).unwrap();
        content
    };
    // A report package that also carries a return: the return would be unread, so it is refused.
    let mut parts = parts_of(&sent);
    parts.push(("return.json".to_string(), return_json));
    let smuggled = reseal(&zip_of(&parts));
    let message = shuzhi::package::read_any_package("p.szpkg", &smuggled).unwrap_err().to_string();
    assert!(message.contains("却带有另一种包的“return.json”"), "{message}");

    // The manifest of a return renamed to a report: there is no report in it.
    let renamed = rezip(&back, |name, content| {
        if name == "manifest.json" {
            let text = String::from_utf8(content).unwrap().replace("\"kind\": \"return\"", "\"kind\": \"report\"");
            return Some((name.to_string(), text.into_bytes()));
        }
        Some((name.to_string(), content))
    });
    let message = shuzhi::package::read_any_package("r.szpkg", &renamed).unwrap_err().to_string();
    assert!(message.contains("return.json"), "{message}");
    // And its return.json renamed report.json is no report either.
    let disguised = reseal(&rezip(&renamed, |name, content| {
        if name == "manifest.json" {
            let text = String::from_utf8(content).unwrap().replace("\"return.json\"", "\"report.json\"");
            return Some((name.to_string(), text.into_bytes()));
        }
        Some((if name == "return.json" { "report.json".to_string() } else { name.to_string() }, content))
    }));
    let message = shuzhi::package::read_any_package("r.szpkg", &disguised).unwrap_err().to_string();
    assert!(message.contains("report.json 的"), "{message}");
}

fn parts_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            (entry.name().to_string(), content)
        })
        .collect()
}

/// A zip of these parts, with the manifest listing every one (digests made right by `reseal`).
fn zip_of(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, content) in parts {
        let content = if name == "manifest.json" {
            let mut manifest: serde_json::Value = serde_json::from_slice(content).unwrap();
            manifest["parts"] = parts
                .iter()
                .filter(|(n, _)| n != "manifest.json")
                .map(|(n, c)| serde_json::json!({"path": n, "sha256": "", "size": c.len()}))
                .collect();
            serde_json::to_vec(&manifest).unwrap()
        } else {
            content.clone()
        };
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn two_processes_importing_two_drafts_at_once_never_leave_the_older_text_over_the_newer() {
    // A race: both imports read the report before either wrote, so both passed the check
    // and the older, written last, could replace the newer text without a question.
    let (older, newer) = two_packages_of_a_draft();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("A.szpkg"), dir.path().join("B.szpkg"));
    std::fs::write(&a, &older).unwrap();
    std::fs::write(&b, &newer).unwrap();
    for round in 0..4 {
        let db = dir.path().join(format!("organizer-{round}.db"));
        {
            let mut store = Store::open(&db).unwrap();
            shuzhi::sample::load_sample_campaign(&mut store, "测试").unwrap();
            set_role(&mut store, Role::Organizer, "孟晓东");
        }
        let start = |file: &std::path::Path| {
            std::process::Command::new(env!("CARGO_BIN_EXE_shuzhi"))
                .arg("--db")
                .arg(&db)
                .args(["package", "import"])
                .arg(file)
                .env_remove("SHUZHI_DB")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        };
        let children = [start(&a), start(&b)];
        let succeeded: Vec<bool> = children.into_iter().map(|mut c| c.wait().unwrap().success()).collect();
        let store = Store::open(&db).unwrap();
        let text = body(&store, DRAFT, POINT);
        // Whatever the order, the older text never ends over the newer one that came in: once
        // the newer package is here, the older is refused inside its own write transaction.
        let expected = match (succeeded[0], succeeded[1]) {
            (_, true) => "第二稿",
            (true, false) => "第一稿",
            (false, false) => "",
        };
        assert!(text.starts_with(expected), "round {round}: {succeeded:?}, here {text}");
    }
}

#[test]
fn a_return_for_another_secretary_is_refused_where_only_her_name_is_known() {
    // Reproduces: set up from the command line (`shuzhi role 书记 --name 李秀兰`), the
    // computer knew its secretary only by name, and 王建华's return came in.
    let mut secretary = sample_store();
    let sent = revise_and_send(&mut secretary);
    let organizer = organizer_reviews(&sent);
    set_role(&mut secretary, Role::Secretary, "李秀兰");
    let someone_else = export_return_package(&organizer, "sec-syy").unwrap();
    let before = snapshot(&secretary);
    let message =
        import_any_package(&mut secretary, "回执.szpkg", &someone_else, true, "李秀兰").unwrap_err().to_string();
    assert!(message.contains("回执包是发给王建华的，这台电脑属于李秀兰"), "{message}");
    assert_eq!(snapshot(&secretary), before);
    let mine = export_return_package(&organizer, SECRETARY).unwrap();
    import_any_package(&mut secretary, "回执.szpkg", &mine, false, "李秀兰").unwrap();
}

#[test]
fn an_older_return_never_rolls_back_what_a_newer_one_brought() {
    // Reproduces: a return exported before the organizer added to the 点评 (or before the
    // vote closed, or before a 销号), imported after the newer one, rolled it back; with
    // 替换 too.
    let mut secretary = sample_store();
    let sent = revise_and_send(&mut secretary);
    let mut organizer = organizer_reviews(&sent);
    her_computer(&mut secretary);
    let older = export_return_package(&organizer, SECRETARY).unwrap();
    // Export times are kept to the second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let mut comment = shuzhi::store::meeting::list_superior_comments(organizer.conn(), SAMPLE_ID)
        .unwrap()
        .into_iter()
        .find(|c| c.secretary_id == SECRETARY)
        .unwrap();
    comment.shortcomings.push("年度述职的问题查摆不够具体".into());
    let input = shuzhi::meeting::CommentInput {
        commenter: comment.commenter.clone(),
        shortcomings: comment.shortcomings.clone(),
        direction: comment.direction.clone(),
        responsibility: comment.responsibility.clone(),
    };
    shuzhi::meeting::save_comment(&mut organizer, SECRETARY, &input, "孟晓东").unwrap();
    let newer = export_return_package(&organizer, SECRETARY).unwrap();

    import_any_package(&mut secretary, "新回执.szpkg", &newer, false, "李秀兰").unwrap();
    let before = snapshot(&secretary);
    for replace in [false, true] {
        let message =
            import_any_package(&mut secretary, "旧回执.szpkg", &older, replace, "李秀兰").unwrap_err().to_string();
        assert!(message.contains("比本机已导入的回执包") && message.contains("更早"), "{message}");
        assert_eq!(snapshot(&secretary), before, "replace: {replace}");
    }
    // The same return again, and a newer one, still come in.
    import_any_package(&mut secretary, "新回执.szpkg", &newer, true, "李秀兰").unwrap();
}
