//! The meeting's papers, drawn with the shared PDF layer: the numbered ballot sheets
//! (测评表), the 评议结果汇总表 and a result sheet per secretary.

use crate::domain::Grade;
use crate::error::{Error, Result};
use crate::meeting::{self, MeetingResults, grade_label};
use crate::pdf::{Align, Column, DocumentBuilder, PageNumbers, PageSize, require_coverage};
use crate::report::pdf::{chinese_date, chinese_time};
use crate::rules::scoring::{GradeCounts, HIDDEN_TEXT, SecretaryResult};
use crate::store::{Store, campaigns, meeting as meeting_store};

const TITLE_SIZE: f32 = 18.0;
const META_SIZE: f32 = 12.0;
const CELL_SIZE: f32 = 10.5;

/// The ballot sheets, one page per printed serial; missing sheets are created first.
pub fn sheets_pdf(store: &mut Store, campaign_id: &str, actor: &str) -> Result<Vec<u8>> {
    let sheets = meeting::ensure_sheets(store, campaign_id, actor)?;
    let campaign = campaigns::get_campaign(store.conn(), campaign_id)?;
    let categories = meeting_store::list_rater_categories(store.conn(), campaign_id)?;
    let (agenda, _) = meeting::agenda(store, campaign_id)?;
    let title = format!("{}年度党组织书记抓基层党建工作述职评议测评表", campaign.year);
    let with_dimensions = !campaign.dimensions.is_empty();
    let blank = || vec![String::new(); 4];
    // The 党组织 tells apart secretaries of one unit whose posts read alike: a column of its
    // own, or, where each person has a row per dimension, the empty 单位及职务 cell under the
    // post (so that the sheet takes no more pages than before).
    let mut rows = Vec::new();
    for (i, person) in agenda.iter().enumerate() {
        let post = person.post_on_ballot();
        if !with_dimensions {
            let mut row = vec![(i + 1).to_string(), person.label.clone(), person.organization.clone(), post];
            row.extend(blank());
            rows.push(row);
            continue;
        }
        let mut row = vec![(i + 1).to_string(), person.label.clone(), post, "总体评价".into()];
        row.extend(blank());
        rows.push(row);
        for (n, d) in campaign.dimensions.iter().enumerate() {
            let under_post = if n == 0 { person.organization.clone() } else { String::new() };
            let mut row = vec![String::new(), String::new(), under_post, d.clone()];
            row.extend(blank());
            rows.push(row);
        }
    }
    let texts: Vec<String> = [title.clone(), campaign.organizer.clone()]
        .into_iter()
        .chain(categories.iter().map(|c| c.name.clone()))
        .chain(rows.iter().flatten().cloned())
        .collect();
    require_coverage("测评表", texts.iter().map(String::as_str))?;
    let mut columns = vec![Column::new("序号", 0.6, Align::Center), Column::new("姓名", 1.1, Align::Center)];
    if with_dimensions {
        columns.push(Column::new("单位及职务、党组织", 3.0, Align::Left));
        columns.push(Column::new("评价项目", 1.6, Align::Center));
    } else {
        columns.push(Column::new("党组织", 2.1, Align::Left));
        columns.push(Column::new("单位及职务", 2.1, Align::Left));
    }
    for grade in ["好", "较好", "一般", "差"] {
        columns.push(Column::new(grade, 0.75, Align::Center));
    }
    let mut document = DocumentBuilder::new(&title, PageSize::A4Portrait, PageNumbers::None).compact();
    for (index, sheet) in sheets.iter().enumerate() {
        if index > 0 {
            document.new_page();
        }
        let category = categories.iter().find(|c| c.id == sheet.category_id).map_or("", |c| c.name.as_str());
        document.centered(&title, TITLE_SIZE, true);
        document.centered(&format!("票号：{}    评议人类别：{category}", sheet.serial), META_SIZE, false);
        document.space(META_SIZE * 0.4);
        document.paragraphs(
            "请在相应等次栏内划“√”，每项只能选一个等次；不选或多选的，该项无效。本表不记名，请勿填写姓名。",
            CELL_SIZE,
        );
        document.table(&columns, &rows, CELL_SIZE);
        document.space(META_SIZE * 0.6);
        document.table(
            &[Column::new("意见建议（可针对某位书记或整体工作）", 1.0, Align::Left)],
            &[vec!["　\n　\n　\n　\n　".to_string()]],
            CELL_SIZE,
        );
    }
    document.finish()
}

fn percent(value: f64) -> String {
    format!("{value:.1}%")
}

fn score_text(score: Option<f64>) -> String {
    score.map_or_else(|| "—".into(), |s| format!("{s:.2}"))
}

/// A secretary's score as a sheet prints it: 不公开 when the anonymity rule withholds it.
fn published_score(results: &MeetingResults, r: &SecretaryResult) -> String {
    if results.outcome.anonymity.as_ref().is_some_and(|a| a.counts_withheld) {
        HIDDEN_TEXT.into()
    } else {
        score_text(r.score)
    }
}

/// One grade's count, or 不公开 when the anonymity rule withholds the counts.
fn count_text(counts: Option<GradeCounts>, grade: Grade) -> String {
    counts.map_or_else(|| HIDDEN_TEXT.into(), |c| c.of(grade).to_string())
}

fn require_closed(results: &MeetingResults) -> Result<()> {
    if results.closure.is_none() {
        return Err(Error::Conflict { message: crate::meeting::RESULTS_NOT_YET.into() });
    }
    crate::meeting::require_final(results)
}

fn header_lines(results: &MeetingResults) -> Vec<String> {
    let outcome = &results.outcome;
    let mut lines =
        vec![format!("计分规则（第 {} 版）：{}", results.rules_version, outcome.formula), results.turnout_text()];
    if let Some(closure) = &results.closure {
        lines.push(format!(
            "测评于 {} 由 {} 结束并封存；测评票指纹（SHA-256）：{}",
            chinese_time(&closure.closed_at),
            closure.closed_by,
            closure.fingerprint
        ));
        if let Some(reason) = &closure.over_vote_reason {
            lines.push(format!("按现有的票结束测评：{reason}"));
        }
    }
    if let Some(quota) = &outcome.quota {
        lines.push(quota.text.clone());
    }
    if !results.written_off_ballot.is_empty() {
        lines.push(format!("书面述职、按本年度规定不参加测评：{}。", results.written_off_ballot.join("、")));
    }
    if let Some(anonymity) = &outcome.anonymity {
        lines.push(anonymity.note.clone());
    }
    lines
}

/// The 评议结果汇总表: one row per secretary, then the invalid ballots.
pub fn summary_pdf(store: &Store, campaign_id: &str, today: chrono::NaiveDate) -> Result<Vec<u8>> {
    let results = meeting::results(store, campaign_id)?;
    require_closed(&results)?;
    let title = format!("{}年度党组织书记抓基层党建工作述职评议结果汇总表", results.year);
    // The 党组织 tells apart secretaries of one hospital whose posts read alike
    // (市第一人民医院支部书记 three times: 内科党支部, 外科党支部, 机关党支部).
    let columns = [
        Column::new("顺序", 0.6, Align::Center),
        Column::new("姓名", 1.0, Align::Center),
        Column::new("党组织", 3.3, Align::Left),
        Column::new("单位及职务", 3.2, Align::Left),
        Column::new("好", 0.6, Align::Center),
        Column::new("较好", 0.6, Align::Center),
        Column::new("一般", 0.6, Align::Center),
        Column::new("差", 0.6, Align::Center),
        Column::new("无效", 0.6, Align::Center),
        Column::new("好票率", 0.9, Align::Center),
        Column::new("得分", 0.9, Align::Center),
        Column::new("评定等次", 1.0, Align::Center),
        Column::new("名次", 0.6, Align::Center),
        Column::new("可评优秀", 1.0, Align::Center),
    ];
    let rows: Vec<Vec<String>> = results
        .people
        .iter()
        .zip(&results.outcome.secretaries)
        .enumerate()
        .map(|(i, (person, r))| {
            vec![
                (i + 1).to_string(),
                person.label.clone(),
                person.organization.clone(),
                crate::domain::post_of(&person.unit, &person.title),
                count_text(r.counts, Grade::Good),
                count_text(r.counts, Grade::FairlyGood),
                count_text(r.counts, Grade::Fair),
                count_text(r.counts, Grade::Poor),
                r.invalid.to_string(),
                r.percents.first().map_or_else(|| HIDDEN_TEXT.into(), |p| percent(*p)),
                published_score(&results, r),
                grade_label(r.grade).to_string(),
                r.rank.map_or_else(|| "—".into(), |n| n.to_string()),
                match (r.grade, r.excellent_allowed) {
                    (None, _) => "—",
                    (_, true) => "可以",
                    (_, false) => "不得",
                }
                .to_string(),
            ]
        })
        .collect();
    let invalid_rows: Vec<Vec<String>> = results
        .outcome
        .invalid_ballots
        .iter()
        .enumerate()
        .map(|(i, b)| vec![(i + 1).to_string(), b.serial.clone(), b.category.clone(), b.reason_label.clone()])
        .collect();
    let header = header_lines(&results);
    let texts: Vec<&str> = rows
        .iter()
        .flatten()
        .chain(invalid_rows.iter().flatten())
        .chain(header.iter())
        .map(String::as_str)
        .chain([title.as_str(), results.organizer.as_str()])
        .collect();
    require_coverage("结果汇总表", texts)?;
    let mut document = DocumentBuilder::new(&title, PageSize::A4Landscape, PageNumbers::OfTotal);
    document.centered(&title, TITLE_SIZE, true);
    document.centered(&format!("{}    {}", results.organizer, chinese_date(&today.to_string())), META_SIZE, false);
    document.space(META_SIZE * 0.4);
    document.table(&columns, &rows, CELL_SIZE);
    document.space(META_SIZE * 0.6);
    document.paragraphs(&header.join("\n"), CELL_SIZE);
    if !invalid_rows.is_empty() {
        document.space(META_SIZE * 0.4);
        document.heading("无效票明细", META_SIZE);
        document.table(
            &[
                Column::new("序号", 0.6, Align::Center),
                Column::new("票号", 1.2, Align::Center),
                Column::new("评议人类别", 2.2, Align::Center),
                Column::new("无效原因", 5.0, Align::Left),
            ],
            &invalid_rows,
            CELL_SIZE,
        );
    }
    document.finish()
}

/// One result sheet per secretary (or only `secretary_id`): counts per category, the
/// worked calculation, the grade and the 优秀 flag.
pub fn secretary_sheets_pdf(
    store: &Store,
    campaign_id: &str,
    secretary_id: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<Vec<u8>> {
    let results = meeting::results(store, campaign_id)?;
    require_closed(&results)?;
    let chosen: Vec<usize> = (0..results.people.len())
        .filter(|i| secretary_id.is_none_or(|id| results.people[*i].secretary_id == id))
        .collect();
    if chosen.is_empty() {
        return Err(Error::NotFound {
            what: "议程中的书记",
            id: secretary_id.unwrap_or_default().to_string(),
            fix: "请在结果页选择议程中的书记。",
        });
    }
    let title = format!("{}年度述职评议结果通知单", results.year);
    // Where the year uses 述评考一体化 (its rule saved or 日常考核 entered), the notice also gives the secretary's
    // 年度党建考核 once it has a grade.
    let assessed = match crate::assess::campaign::in_use(store, campaign_id)? {
        false => None,
        true => Some(crate::assess::campaign::assessment(store, campaign_id)?.1),
    };
    let mut document = DocumentBuilder::new(&title, PageSize::A4Portrait, PageNumbers::Dashes);
    let mut texts: Vec<String> = vec![title.clone(), results.organizer.clone()];
    let mut pages = Vec::new();
    for (n, index) in chosen.iter().enumerate() {
        let person = &results.people[*index];
        let r = &results.outcome.secretaries[*index];
        let mut rows = Vec::new();
        for c in &r.by_category {
            rows.push(vec![
                c.name.clone(),
                format!("{}%", c.weight_percent),
                c.ballots.to_string(),
                count_text(c.counts, Grade::Good),
                count_text(c.counts, Grade::FairlyGood),
                count_text(c.counts, Grade::Fair),
                count_text(c.counts, Grade::Poor),
                if c.counts.is_none() { HIDDEN_TEXT.into() } else { score_text(c.mean) },
            ]);
        }
        rows.push(vec![
            "合计".into(),
            String::new(),
            r.valid.to_string(),
            count_text(r.counts, Grade::Good),
            count_text(r.counts, Grade::FairlyGood),
            count_text(r.counts, Grade::Fair),
            count_text(r.counts, Grade::Poor),
            published_score(&results, r),
        ]);
        for d in &r.dimensions {
            rows.push(vec![
                format!("分项：{}", d.name),
                String::new(),
                d.counts.total().to_string(),
                d.counts.good.to_string(),
                d.counts.fairly_good.to_string(),
                d.counts.fair.to_string(),
                d.counts.poor.to_string(),
                String::new(),
            ]);
        }
        let verdict = format!(
            "评定等次：{}    名次：{}    年度考核：{}",
            grade_label(r.grade),
            r.rank.map_or_else(|| "—".into(), |n| n.to_string()),
            if r.excellent_allowed { "可以评为优秀" } else { "不得确定为优秀" }
        );
        texts.extend(rows.iter().flatten().cloned());
        texts.extend(r.calculation.iter().cloned());
        texts.push(verdict.clone());
        texts.push(heading_of(person));
        let composite: Vec<String> = assessed
            .as_ref()
            .and_then(|o| o.rows.iter().find(|row| row.label == person.label && row.grade.is_some()))
            .map(|row| {
                let mut lines = vec![format!(
                    "年度党建考核（述评考一体化）：{}{}",
                    row.grade_text,
                    row.composite.map_or_else(String::new, |c| format!("，综合得分 {c:.2}"))
                )];
                lines.extend(row.calculation.iter().cloned());
                lines
            })
            .unwrap_or_default();
        texts.extend(composite.iter().cloned());
        pages.push((n, person, r, rows, verdict, composite));
    }
    let header = header_lines(&results);
    texts.extend(header.iter().cloned());
    require_coverage("结果通知单", texts.iter().map(String::as_str))?;
    for (n, person, r, rows, verdict, composite) in pages {
        if n > 0 {
            document.new_page();
        }
        document.centered(&title, TITLE_SIZE, true);
        document.centered(&heading_of(person), META_SIZE, false);
        document.space(META_SIZE * 0.4);
        document.table(
            &[
                Column::new("评议人类别", 2.2, Align::Left),
                Column::new("权重", 0.8, Align::Center),
                Column::new("有效票", 0.9, Align::Center),
                Column::new("好", 0.7, Align::Center),
                Column::new("较好", 0.7, Align::Center),
                Column::new("一般", 0.7, Align::Center),
                Column::new("差", 0.7, Align::Center),
                Column::new("平均分/得分", 1.3, Align::Center),
            ],
            &rows,
            CELL_SIZE,
        );
        document.space(META_SIZE * 0.4);
        document.heading(&verdict, META_SIZE);
        document.heading("计算过程", META_SIZE);
        document.paragraphs(&r.calculation.join("\n"), CELL_SIZE);
        if let Some((first, rest)) = composite.split_first() {
            document.space(META_SIZE * 0.4);
            document.heading(first, META_SIZE);
            document.paragraphs(&rest.join("\n"), CELL_SIZE);
        }
        document.space(META_SIZE * 0.4);
        document.paragraphs(&header.join("\n"), CELL_SIZE - 1.5);
        document.space(META_SIZE);
        document.centered(&format!("{}    {}", results.organizer, chinese_date(&today.to_string())), META_SIZE, false);
    }
    document.finish()
}

/// Whose result sheet this is: the name, the 党组织 and the post.
fn heading_of(person: &meeting::AgendaItem) -> String {
    [person.label.clone(), person.organization.clone(), crate::domain::post_of(&person.unit, &person.title)]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("    ")
}

fn year_of(store: &Store, campaign_id: &str) -> Result<i32> {
    Ok(crate::store::campaigns::get_campaign(store.conn(), campaign_id)?.year)
}

/// The numbered ballot sheets (测评表), with their file name.
pub fn sheets_export(store: &mut Store, campaign_id: &str, actor: &str) -> Result<crate::files::Export> {
    let bytes = sheets_pdf(store, campaign_id, actor)?;
    Ok(crate::files::Export {
        file_name: format!("{}年度述职评议测评表.pdf", year_of(store, campaign_id)?), bytes
    })
}

/// The 评议结果汇总表 (`summary`) or the result notices (one secretary's, or all), with
/// the file name.
pub fn results_pdf_export(
    store: &Store,
    campaign_id: &str,
    summary: bool,
    secretary_id: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<crate::files::Export> {
    let year = year_of(store, campaign_id)?;
    Ok(if summary {
        crate::files::Export {
            file_name: format!("{year}年度述职评议结果汇总表.pdf"),
            bytes: summary_pdf(store, campaign_id, today)?,
        }
    } else {
        crate::files::Export {
            file_name: format!("{year}年度述职评议结果通知单.pdf"),
            bytes: secretary_sheets_pdf(store, campaign_id, secretary_id, today)?,
        }
    })
}
