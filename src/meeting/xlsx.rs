//! The results table as an Excel workbook: counts, shares, score, 等次, the 优秀 flag,
//! per category.

use rust_xlsxwriter::Workbook;

use crate::domain::Grade;
use crate::error::Result;
use crate::meeting::{MeetingResults, grade_label};
use crate::rules::scoring::HIDDEN_TEXT;
use crate::xlsx::{Cell, failed, sheet};

/// The results workbook: 评议结果 (one row per secretary, per-category columns), 无效票, 说明.
pub fn results_xlsx(results: &MeetingResults) -> Result<Vec<u8>> {
    let outcome = &results.outcome;
    let counts_withheld = outcome.anonymity.as_ref().is_some_and(|a| a.counts_withheld);
    let categories: Vec<String> =
        outcome.secretaries.first().map(|s| s.by_category.iter().map(|c| c.name.clone()).collect()).unwrap_or_default();
    let mut header: Vec<(String, f64)> = [
        ("述职顺序", 6.0),
        ("姓名", 10.0),
        ("党组织", 24.0),
        ("单位", 22.0),
        ("职务", 18.0),
        ("好", 6.0),
        ("较好", 6.0),
        ("一般", 6.0),
        ("差", 6.0),
        ("无效", 6.0),
        ("好票率(%)", 8.0),
        ("较好票率(%)", 8.0),
        ("一般票率(%)", 8.0),
        ("差票率(%)", 8.0),
        ("得分", 8.0),
        ("评定等次", 8.0),
        ("名次", 6.0),
        ("年度考核可评优秀", 10.0),
    ]
    .iter()
    .map(|(t, w)| (t.to_string(), *w))
    .collect();
    for name in &categories {
        for grade in Grade::ALL {
            header.push((format!("{name}·{}", grade.label()), 8.0));
        }
        header.push((format!("{name}·平均分"), 9.0));
    }
    let rows = results
        .people
        .iter()
        .zip(&outcome.secretaries)
        .enumerate()
        .map(|(i, (person, r))| {
            let mut row: Vec<Cell> = vec![
                (i as u32 + 1).into(),
                r.label.clone().into(),
                person.organization.clone().into(),
                person.unit.clone().into(),
                person.title.clone().into(),
            ];
            // A withheld figure is written as 不公开, never as an empty or zero cell that a
            // reader could take for a count.
            match r.counts {
                Some(counts) => row.extend(Grade::ALL.iter().map(|g| Cell::from(counts.of(*g)))),
                None => row.extend((0..4).map(|_| Cell::from(HIDDEN_TEXT))),
            }
            row.push(r.invalid.into());
            if r.percents.is_empty() {
                row.extend((0..4).map(|_| Cell::from(HIDDEN_TEXT)));
            } else {
                row.extend(r.percents.iter().map(|p| Cell::Number(*p)));
            }
            row.push(if counts_withheld { Cell::from(HIDDEN_TEXT) } else { r.score.into() });
            row.push(grade_label(r.grade).into());
            row.push(r.rank.map_or(Cell::Empty, Cell::from));
            row.push(match (r.grade, r.excellent_allowed) {
                (None, _) => "—".into(),
                (_, true) => "可以".into(),
                (_, false) => "不得".into(),
            });
            for c in &r.by_category {
                match c.counts {
                    Some(counts) => {
                        row.extend(Grade::ALL.iter().map(|g| Cell::from(counts.of(*g))));
                        row.push(c.mean.into());
                    }
                    None => row.extend((0..5).map(|_| Cell::from(HIDDEN_TEXT))),
                }
            }
            row
        })
        .collect();
    let header_refs: Vec<(&str, f64)> = header.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    let mut book = Workbook::new();
    sheet(&mut book, "评议结果", &header_refs, rows)?;
    let invalid = outcome
        .invalid_ballots
        .iter()
        .map(|b| vec![b.serial.clone().into(), b.category.clone().into(), b.reason_label.clone().into()])
        .collect();
    sheet(&mut book, "无效票", &[("票号", 10.0), ("评议人类别", 16.0), ("无效原因", 40.0)], invalid)?;
    let mut notes: Vec<Vec<Cell>> = vec![
        vec!["年度述职评议".into(), results.title.clone().into()],
        vec!["组织方".into(), results.organizer.clone().into()],
        vec![format!("计分规则（第 {} 版）", results.rules_version).into(), outcome.formula.clone().into()],
        vec!["测评票".into(), results.turnout_text().into()],
        vec!["测评票指纹（SHA-256）".into(), outcome.fingerprint.clone().into()],
    ];
    if let Some(anonymity) = &outcome.anonymity {
        notes.push(vec!["匿名保护".into(), anonymity.note.clone().into()]);
    }
    if let Some(closure) = &results.closure {
        notes.push(vec![
            "封存".into(),
            format!("{} 由 {} 结束测评", crate::report::pdf::chinese_time(&closure.closed_at), closure.closed_by)
                .into(),
        ]);
    }
    sheet(&mut book, "说明", &[("项目", 22.0), ("内容", 90.0)], notes)?;
    book.save_to_buffer().map_err(failed)
}
