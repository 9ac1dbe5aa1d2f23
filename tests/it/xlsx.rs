//! The Excel exports, read back cell by cell with calamine.

use calamine::{Data, Reader, Xlsx};
use shuzhi::domain::Grade;
use shuzhi::lists::xlsx::lists_xlsx;
use shuzhi::lists::{ListKind, build_lists};
use shuzhi::meeting::xlsx::results_xlsx;
use shuzhi::meeting::{self, BallotInput};
use shuzhi::rules::scoring::Mark;

use crate::{SAMPLE_ID, sample_store};

fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<Data>> {
    let mut book = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected text, found {other:?}"),
    }
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

#[test]
fn the_results_workbook_holds_every_figure_of_the_tally() {
    let mut store = sample_store();
    meeting::ensure_sheets(&mut store, SAMPLE_ID, "测试").unwrap();
    let marks = |t: &str| -> Vec<Mark> {
        t.chars()
            .map(|c| match c {
                '1' => Mark::Grade(Grade::Good),
                '2' => Mark::Grade(Grade::FairlyGood),
                '3' => Mark::Grade(Grade::Fair),
                '4' => Mark::Grade(Grade::Poor),
                _ => Mark::Blank,
            })
            .collect()
    };
    for (serial, t) in
        [("1-001", "1111111111"), ("1-002", "1212121212"), ("1-003", "2222222224"), ("4-001", "0000000000")]
    {
        let input = BallotInput {
            serial: serial.into(),
            category_id: None,
            marks: marks(t),
            dimension_marks: Vec::new(),
            suggestions: String::new(),
            duplicate: false,
        };
        meeting::enter_ballot(&mut store, SAMPLE_ID, &input, "测试").unwrap();
    }
    meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    let results = meeting::results(&store, SAMPLE_ID).unwrap();
    let bytes = results_xlsx(&results).unwrap();
    let rows = sheet(&bytes, "评议结果");
    assert_eq!(rows.len(), 11, "a header and one row per secretary");
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(&header[..6], &["述职顺序", "姓名", "党组织", "单位", "职务", "好"]);
    assert!(header.contains(&"上级党组织领导·平均分".to_string()));
    for (i, (person, r)) in results.people.iter().zip(&results.outcome.secretaries).enumerate() {
        let row = &rows[i + 1];
        assert_eq!(number(&row[0]), (i + 1) as f64);
        assert_eq!(text(&row[1]), r.label);
        assert_eq!(text(&row[2]), person.organization);
        assert_eq!(text(&row[3]), person.unit);
        assert_eq!(text(&row[4]), person.title);
        // The one 党员群众代表 ballot is below the anonymity threshold: under the weighted
        // method the counts, shares and score are written as 不公开, never as numbers.
        assert_eq!(r.counts, None, "{}", r.label);
        for k in 0..4 {
            assert_eq!(text(&row[5 + k]), "不公开");
            assert_eq!(text(&row[10 + k]), "不公开");
        }
        assert_eq!(number(&row[9]), f64::from(r.invalid));
        assert_eq!(text(&row[14]), "不公开");
        assert_eq!(text(&row[15]), meeting::grade_label(r.grade));
        assert_eq!(number(&row[16]), f64::from(r.rank.unwrap()));
        assert_eq!(text(&row[17]), if r.excellent_allowed { "可以" } else { "不得" });
        // Per category: five cells each, or 不公开 below the anonymity threshold.
        for (c, category) in r.by_category.iter().enumerate() {
            let base = 18 + c * 5;
            match category.counts {
                Some(counts) => {
                    for (k, grade) in Grade::ALL.iter().enumerate() {
                        assert_eq!(number(&row[base + k]), f64::from(counts.of(*grade)));
                    }
                    assert_eq!(number(&row[base + 4]), category.mean.unwrap());
                }
                None => assert!((0..5).all(|k| text(&row[base + k]) == "不公开")),
            }
        }
    }
    let invalid = sheet(&bytes, "无效票");
    // The blank ballot is the only 党员群众代表 ballot: its serial (which names the category)
    // and category are withheld.
    assert_eq!((text(&invalid[1][0]), text(&invalid[1][1])), ("不公开".to_string(), "不公开".to_string()));
    let notes = sheet(&bytes, "说明");
    assert!(notes.iter().any(|row| text(&row[1]) == results.outcome.fingerprint));
}

#[test]
fn the_lists_workbook_has_every_row_and_tracking_column() {
    let mut store = sample_store();
    shuzhi::lists::add_progress(&mut store, "rec-jd-1-1", "2024-03-01", "支委会已单独召开3次", "会议记录", "赵敏")
        .unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let lists = build_lists(&store, SAMPLE_ID, None, today).unwrap();
    let bytes = lists_xlsx(&lists, &ListKind::ALL).unwrap();
    let problems = sheet(&bytes, "问题清单");
    assert_eq!(problems.len(), lists.problems.len() + 1);
    for (i, p) in lists.problems.iter().enumerate() {
        let row = &problems[i + 1];
        let expected = [
            p.unit.as_str(),
            p.organization.as_str(),
            p.secretary_name.as_str(),
            &p.description,
            &p.cause,
            p.source.label(),
            &p.category,
        ];
        for (k, value) in expected.iter().enumerate() {
            assert_eq!(text(&row[k + 1]), *value);
        }
    }
    let responsibilities = sheet(&bytes, "责任清单");
    for (i, r) in lists.responsibilities.iter().enumerate() {
        let row: Vec<String> = responsibilities[i + 1][1..].iter().map(text).collect();
        assert_eq!(row, vec![r.problem.clone(), r.owner.clone(), r.leader.clone(), r.department.clone()]);
    }
    let measures = sheet(&bytes, "整改清单");
    assert_eq!(measures.len(), lists.rectifications.len() + 1);
    for (i, r) in lists.rectifications.iter().enumerate() {
        let row = &measures[i + 1];
        assert_eq!(number(&row[0]), (i + 1) as f64);
        let cells: Vec<String> = row[1..12].iter().map(text).collect();
        assert_eq!(
            cells,
            vec![
                r.unit.clone(),
                r.organization.clone(),
                r.problem.clone(),
                r.measure.clone(),
                r.target.clone(),
                r.owner.clone(),
                r.due.clone().unwrap_or_default(),
                r.status.label().to_string(),
                if r.overdue && r.status != shuzhi::domain::RectificationStatus::Done { "逾期" } else { "" }
                    .to_string(),
                r.signed_off_on.clone().unwrap_or_default(),
                r.verifier.clone().unwrap_or_default(),
            ]
        );
        assert_eq!(number(&row[12]), f64::from(r.inspections));
        let progress =
            r.progress.last().map_or_else(String::new, |n| format!("{} {}（佐证：{}）", n.date, n.note, n.evidence));
        assert_eq!(text(&row[13]), progress);
    }
    assert!(measures.iter().any(|row| text(&row[13]).contains("支委会已单独召开3次")));
}
