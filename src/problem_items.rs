//! The problems of a report as structured items: 问题 + 原因 + one or more 措施
//! (with 责任人 and 完成时限). They are the very records the 问题清单、责任清单 and
//! 整改清单 are drawn from, so what the secretary writes is what is tracked.
//!
//! Once a report has items, the text of its problems and measures sections is
//! written from them in 公文 style, so the report, its checks and its PDF say
//! exactly what the lists say.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::domain::{
    AuditEntry, FocusRole, Id, Problem, ProblemSource, Rectification, RectificationStatus, ReportStatus,
    Responsibility, Revision, new_id,
};
use crate::error::{Error, Result};
use crate::store::{self, Store, audit, campaigns, lists, organizations, reports};

/// A problem with its measures, as the editor edits it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProblemItem {
    pub problem_id: Id,
    pub source: ProblemSource,
    pub category: String,
    pub description: String,
    pub cause: String,
    pub measures: Vec<MeasureItem>,
}

impl ProblemItem {
    /// 自查 / 上级点评 / 群众评议 / 审核意见
    pub fn source_label(&self) -> &'static str {
        self.source.label()
    }
}

/// A measure as the editor edits it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeasureItem {
    pub rectification_id: Id,
    pub measure: String,
    pub target: String,
    pub owner: String,
    /// 完成时限, `YYYY-MM-DD`.
    pub due: Option<String>,
}

/// What the secretary enters for a problem.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProblemInput {
    pub category: String,
    pub description: String,
    pub cause: String,
}

/// What the secretary enters for a measure.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeasureInput {
    pub measure: String,
    pub target: String,
    pub owner: String,
    /// `YYYY-MM-DD`, or empty when not yet fixed.
    pub due: String,
}

/// The secretary's problem items (from the report and every other source), in list order.
pub fn problem_items(store: &Store, secretary_id: &str) -> Result<Vec<ProblemItem>> {
    let campaign_id = organizations::campaign_of_secretary(store.conn(), secretary_id)?;
    items_of(store.conn(), &campaign_id, secretary_id, None)
}

/// The items of one secretary, of one source or of all.
fn items_of(
    conn: &rusqlite::Connection,
    campaign_id: &str,
    secretary_id: &str,
    source: Option<ProblemSource>,
) -> Result<Vec<ProblemItem>> {
    let rectifications = lists::list_rectifications(conn, campaign_id)?;
    Ok(lists::list_problems(conn, campaign_id)?
        .into_iter()
        // Items carried over from last year belong to 上年度整改落实情况, not this year's 自查.
        .filter(|p| p.secretary_id == secretary_id && source.is_none_or(|s| s == p.source))
        .filter(|p| !crate::planning::is_carried(p))
        .map(|p| ProblemItem {
            measures: rectifications
                .iter()
                .filter(|r| r.problem_id == p.id)
                .map(|r| MeasureItem {
                    rectification_id: r.id.clone(),
                    measure: r.measure.clone(),
                    target: r.target.clone(),
                    owner: r.owner.clone(),
                    due: r.due.clone(),
                })
                .collect(),
            problem_id: p.id,
            source: p.source,
            category: p.category,
            description: p.description,
            cause: p.cause,
        })
        .collect())
}

fn check_problem(input: &ProblemInput) -> Result<()> {
    if input.description.trim().is_empty() {
        return Err(Error::Conflict {
            message: "问题描述不能为空。请写明问题的具体表现，见人见事。".into()
        });
    }
    Ok(())
}

fn check_measure(input: &MeasureInput) -> Result<()> {
    if input.measure.trim().is_empty() {
        return Err(Error::Conflict { message: "整改措施不能为空。请写明具体做什么。".into() });
    }
    let due = input.due.trim();
    if !due.is_empty() && chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").is_err() {
        return Err(Error::Conflict {
            message: format!("完成时限“{due}”不是有效日期。请选择或写成 2024-06-30 这样的日期。"),
        });
    }
    Ok(())
}

/// Adds a problem found by the secretary (自查) with the secretary as the one responsible.
pub fn add_problem(store: &mut Store, secretary_id: &str, input: &ProblemInput, actor: &str) -> Result<Id> {
    check_problem(input)?;
    let conn = store.conn();
    let campaign_id = organizations::campaign_of_secretary(conn, secretary_id)?;
    let secretary_name = organizations::list_secretaries(conn, &campaign_id)?
        .into_iter()
        .find(|s| s.id == secretary_id)
        .map(|s| s.name)
        .unwrap_or_default();
    let problem = Problem {
        id: new_id(),
        secretary_id: secretary_id.to_string(),
        source: ProblemSource::SelfReview,
        category: input.category.trim().to_string(),
        description: input.description.trim().to_string(),
        cause: input.cause.trim().to_string(),
        created_at: store::now_text(),
        origin: None,
    };
    let first_item = items_of(conn, &campaign_id, secretary_id, Some(ProblemSource::SelfReview))?.is_empty();
    let tx = store.conn_mut().transaction()?;
    if first_item {
        keep_hand_written_text(&tx, secretary_id, actor)?;
    }
    let position = store::next_position_in(&tx, "problems")?;
    lists::insert_problem(&tx, position, &problem)?;
    let responsibility = Responsibility {
        id: new_id(),
        problem_id: problem.id.clone(),
        owner: secretary_name.clone(),
        leader: secretary_name,
        department: String::new(),
    };
    let position = store::next_position_in(&tx, "responsibilities")?;
    lists::insert_responsibility(&tx, position, &responsibility)?;
    rewrite_sections(&tx, secretary_id)?;
    audit::record(&tx, Some(&campaign_id), &entry(actor, "problem.add", &problem.id, &problem.description))?;
    tx.commit()?;
    Ok(problem.id)
}

/// Changes a problem's text.
pub fn update_problem(store: &mut Store, problem_id: &str, input: &ProblemInput, actor: &str) -> Result<()> {
    check_problem(input)?;
    let (campaign_id, secretary_id) = owner_of_problem(store, problem_id)?;
    let tx = store.conn_mut().transaction()?;
    tx.execute(
        "UPDATE problems SET category = ?1, description = ?2, cause = ?3 WHERE id = ?4",
        params![input.category.trim(), input.description.trim(), input.cause.trim(), problem_id],
    )?;
    rewrite_sections(&tx, &secretary_id)?;
    audit::record(&tx, Some(&campaign_id), &entry(actor, "problem.edit", problem_id, input.description.trim()))?;
    tx.commit()?;
    Ok(())
}

/// Deletes a problem with its responsibility, measures and their inspections.
pub fn delete_problem(store: &mut Store, problem_id: &str, actor: &str) -> Result<()> {
    let (campaign_id, secretary_id) = owner_of_problem(store, problem_id)?;
    let tx = store.conn_mut().transaction()?;
    let description: String =
        tx.query_row("SELECT description FROM problems WHERE id = ?1", [problem_id], |row| row.get(0))?;
    tx.execute("DELETE FROM problems WHERE id = ?1", [problem_id])?;
    rewrite_sections(&tx, &secretary_id)?;
    audit::record(&tx, Some(&campaign_id), &entry(actor, "problem.delete", problem_id, &description))?;
    tx.commit()?;
    Ok(())
}

/// Adds a measure to a problem.
pub fn add_measure(store: &mut Store, problem_id: &str, input: &MeasureInput, actor: &str) -> Result<Id> {
    check_measure(input)?;
    let (campaign_id, secretary_id) = owner_of_problem(store, problem_id)?;
    let item = Rectification {
        id: new_id(),
        problem_id: problem_id.to_string(),
        measure: input.measure.trim().to_string(),
        target: input.target.trim().to_string(),
        owner: input.owner.trim().to_string(),
        due: Some(input.due.trim().to_string()).filter(|d| !d.is_empty()),
        status: RectificationStatus::NotStarted,
        sign_off: None,
    };
    let tx = store.conn_mut().transaction()?;
    let position = store::next_position_in(&tx, "rectifications")?;
    lists::insert_rectification(&tx, position, &item)?;
    rewrite_sections(&tx, &secretary_id)?;
    audit::record(&tx, Some(&campaign_id), &entry(actor, "measure.add", &item.id, &item.measure))?;
    tx.commit()?;
    Ok(item.id)
}

/// Changes a measure's text, target, owner or deadline.
pub fn update_measure(store: &mut Store, rectification_id: &str, input: &MeasureInput, actor: &str) -> Result<()> {
    check_measure(input)?;
    let problem_id = problem_of_measure(store, rectification_id)?;
    let (campaign_id, secretary_id) = owner_of_problem(store, &problem_id)?;
    let due = Some(input.due.trim()).filter(|d| !d.is_empty());
    let tx = store.conn_mut().transaction()?;
    tx.execute(
        "UPDATE rectifications SET measure = ?1, target = ?2, owner = ?3, due = ?4 WHERE id = ?5",
        params![input.measure.trim(), input.target.trim(), input.owner.trim(), due, rectification_id],
    )?;
    rewrite_sections(&tx, &secretary_id)?;
    audit::record(&tx, Some(&campaign_id), &entry(actor, "measure.edit", rectification_id, input.measure.trim()))?;
    tx.commit()?;
    Ok(())
}

/// Deletes a measure (and its inspections).
pub fn delete_measure(store: &mut Store, rectification_id: &str, actor: &str) -> Result<()> {
    let problem_id = problem_of_measure(store, rectification_id)?;
    let (campaign_id, secretary_id) = owner_of_problem(store, &problem_id)?;
    let tx = store.conn_mut().transaction()?;
    let measure: String =
        tx.query_row("SELECT measure FROM rectifications WHERE id = ?1", [rectification_id], |row| row.get(0))?;
    tx.execute("DELETE FROM rectifications WHERE id = ?1", [rectification_id])?;
    rewrite_sections(&tx, &secretary_id)?;
    audit::record(&tx, Some(&campaign_id), &entry(actor, "measure.delete", rectification_id, &measure))?;
    tx.commit()?;
    Ok(())
}

/// The text of the problems section written from the items.
pub fn problems_text(items: &[ProblemItem]) -> String {
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let mut line = format!("（{}）{}", numeral(index), sentence(&item.description));
            if !item.cause.trim().is_empty() {
                line.push_str(&format!("原因：{}", sentence(&item.cause)));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of the measures section written from the items' measures.
pub fn measures_text(items: &[ProblemItem]) -> String {
    items
        .iter()
        .flat_map(|item| item.measures.iter())
        .enumerate()
        .map(|(index, measure)| {
            let mut line = format!("（{}）{}", numeral(index), sentence(&measure.measure));
            if !measure.target.trim().is_empty() {
                line.push_str(&format!("目标：{}", sentence(&measure.target)));
            }
            let mut tail = Vec::new();
            if !measure.owner.trim().is_empty() {
                tail.push(format!("责任人：{}", measure.owner.trim()));
            }
            if let Some(due) =
                measure.due.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            {
                tail.push(format!("完成时限：{}", due.format("%Y年%-m月%-d日")));
            }
            if !tail.is_empty() {
                line.push_str(&format!("{}。", tail.join("；")));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Rewrites the problems and measures sections of the secretary's report from the
/// self-review items, inside the caller's transaction. A report that is not being
/// drafted (submitted or approved) keeps the text it was reviewed with.
pub(crate) fn rewrite_sections(tx: &rusqlite::Transaction<'_>, secretary_id: &str) -> Result<()> {
    let report: Option<(String, String)> = tx
        .query_row("SELECT id, status FROM reports WHERE secretary_id = ?1", [secretary_id], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?;
    let Some((report_id, status)) = report else { return Ok(()) };
    if status != store::enum_text(&ReportStatus::Draft) && status != store::enum_text(&ReportStatus::Returned) {
        return Ok(());
    }
    let campaign_id = organizations::campaign_of_secretary(tx, secretary_id)?;
    let campaign = campaigns::get_campaign(tx, &campaign_id)?;
    let items = items_of(tx, &campaign_id, secretary_id, Some(ProblemSource::SelfReview))?;
    for (position, point) in campaign.focus_points.iter().enumerate() {
        let body = match point.role {
            FocusRole::Problems => problems_text(&items),
            FocusRole::Measures => measures_text(&items),
            _ => continue,
        };
        tx.execute(
            "INSERT INTO sections (report_id, focus_point_id, position, body) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (report_id, focus_point_id) DO UPDATE SET body = excluded.body",
            params![report_id, point.id, position, body],
        )?;
    }
    tx.execute("UPDATE reports SET updated_at = ?1 WHERE id = ?2", params![store::now_text(), report_id])?;
    Ok(())
}

/// Before the first item replaces the hand-written problems and measures text, that
/// text is kept as a revision of the report, so nothing the secretary wrote is lost.
fn keep_hand_written_text(tx: &rusqlite::Transaction<'_>, secretary_id: &str, actor: &str) -> Result<()> {
    let report: Option<String> = tx
        .query_row(
            "SELECT id FROM reports WHERE secretary_id = ?1 AND status IN (?2, ?3)",
            params![secretary_id, store::enum_text(&ReportStatus::Draft), store::enum_text(&ReportStatus::Returned)],
            |row| row.get(0),
        )
        .optional()?;
    let Some(report_id) = report else { return Ok(()) };
    let campaign_id = organizations::campaign_of_secretary(tx, secretary_id)?;
    let campaign = campaigns::get_campaign(tx, &campaign_id)?;
    let Some(report) = reports::list_reports(tx, &campaign_id)?.into_iter().find(|r| r.id == report_id) else {
        return Ok(());
    };
    let written = report.sections.iter().any(|section| {
        let role = campaign.focus_points.iter().find(|p| p.id == section.focus_point_id).map(|p| p.role);
        matches!(role, Some(FocusRole::Problems | FocusRole::Measures)) && !section.body.trim().is_empty()
    });
    if written {
        let number: u32 = tx.query_row(
            "SELECT coalesce(max(number), 0) + 1 FROM revisions WHERE report_id = ?1",
            [&report_id],
            |row| row.get(0),
        )?;
        let revision = Revision {
            id: new_id(),
            report_id: report_id.clone(),
            number,
            created_at: store::now_text(),
            author: actor.to_string(),
            note: "改为按问题条目填写前的正文".to_string(),
            sections: report.sections.clone(),
        };
        reports::insert_revision(tx, &revision)?;
    }
    Ok(())
}

pub(crate) fn owner_of_problem(store: &Store, problem_id: &str) -> Result<(String, String)> {
    store
        .conn()
        .query_row(
            "SELECT o.campaign_id, p.secretary_id FROM problems p JOIN secretaries s ON s.id = p.secretary_id
             JOIN organizations o ON o.id = s.organization_id WHERE p.id = ?1",
            [problem_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: "问题",
            id: problem_id.to_string(),
            fix: "该问题可能已被删除，请刷新后再试。",
        })
}

fn problem_of_measure(store: &Store, rectification_id: &str) -> Result<String> {
    store
        .conn()
        .query_row("SELECT problem_id FROM rectifications WHERE id = ?1", [rectification_id], |row| row.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: "整改措施",
            id: rectification_id.to_string(),
            fix: "该措施可能已被删除，请刷新后再试。",
        })
}

fn numeral(index: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let n = index + 1;
    match n {
        1..=9 => DIGITS[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        _ => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
    }
}

/// A text that ends as a sentence (with 。 unless it already ends with punctuation).
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['。', '！', '？', '；', '.']) { text.to_string() } else { format!("{text}。") }
}

fn entry(actor: &str, action: &str, id: &str, detail: &str) -> AuditEntry {
    AuditEntry {
        at: store::now_text(),
        actor: actor.to_string(),
        action: action.to_string(),
        entity: if action.starts_with("measure") { "rectification" } else { "problem" }.to_string(),
        entity_id: id.to_string(),
        detail: detail.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_count_like_documents() {
        let written: Vec<String> = [0, 8, 9, 10, 19, 20].iter().map(|i| numeral(*i)).collect();
        assert_eq!(written, ["一", "九", "十", "十一", "二十", "二十一"]);
    }
}
