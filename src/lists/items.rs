//! The problems of a report as structured items: 问题 + 原因 + one or more 措施
//! (with 责任人 and 完成时限). They are the very records the 问题清单、责任清单 and
//! 整改清单 are drawn from, so what the secretary writes is what is tracked.
//!
//! Once a report has items, the text of its problems and measures sections is
//! written from them in 公文 style, so the report, its checks and its PDF say
//! exactly what the lists say — except a section that holds words the secretary
//! wrote herself: the items never replace those; she chooses to rewrite, and her
//! words are kept as a revision first.

use serde::{Deserialize, Serialize};

use crate::domain::{
    AuditEntry, FocusRole, Id, Problem, ProblemSource, Rectification, RectificationStatus, Responsibility, new_id,
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
        .filter(|p| !crate::domain::origin::is_carried(p.origin.as_deref()))
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

/// The first name among a secretary's and the people responsible for her problems and
/// measures that holds a control or invisible character, as a sentence naming the field and
/// the character. A report package's names pass this before anything of it is written.
pub(crate) fn names_problem(
    secretary_name: &str,
    responsibilities: &[Responsibility],
    rectifications: &[Rectification],
) -> Option<String> {
    std::iter::once(("书记姓名", secretary_name))
        .chain(responsibilities.iter().flat_map(|r| {
            [("责任人", r.owner.as_str()), ("分管领导", r.leader.as_str()), ("责任部门", r.department.as_str())]
        }))
        .chain(rectifications.iter().map(|r| ("整改责任人", r.owner.as_str())))
        .find_map(|(what, name)| {
            crate::text::name_character_problem(name)
                .map(|problem| format!("{what}“{}”{problem}", crate::limits::excerpt(name)))
        })
}

fn check_problem(input: &ProblemInput) -> Result<()> {
    if input.description.trim().is_empty() {
        return Err(Error::Conflict {
            message: "问题描述不能为空。请写明问题的具体表现，见人见事。".into()
        });
    }
    for (what, text) in [("问题类别", &input.category), ("问题描述", &input.description), ("原因分析", &input.cause)]
    {
        if let Some(problem) = crate::limits::text_problem(text, crate::limits::TEXT_CHARS) {
            return Err(Error::Conflict { message: format!("{what}{problem}。请删减后再保存。") });
        }
    }
    Ok(())
}

fn check_measure(input: &MeasureInput) -> Result<()> {
    if input.measure.trim().is_empty() {
        return Err(Error::Conflict { message: "整改措施不能为空。请写明具体做什么。".into() });
    }
    for (what, text) in [("整改措施", &input.measure), ("整改目标", &input.target)] {
        if let Some(problem) = crate::limits::text_problem(text, crate::limits::TEXT_CHARS) {
            return Err(Error::Conflict { message: format!("{what}{problem}。请删减后再保存。") });
        }
    }
    // The one responsible is a person (or a body) named in the lists: told apart by the name.
    if let Some(problem) = crate::text::name_character_problem(&input.owner) {
        return Err(Error::Conflict { message: format!("责任人{problem}。") });
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
    let (campaign_id, secretary_name) = organizations::campaign_and_name_of_secretary(conn, secretary_id)?;
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
    let tx = store.begin_write()?;
    let before = items_text(&tx, secretary_id)?;
    insert_with_owner(&tx, &problem, &secretary_name)?;
    rewrite_sections(&tx, secretary_id, &before)?;
    audit::record(&tx, Some(&campaign_id), &entry(actor, "problem.add", &problem.id, &problem.description))?;
    tx.commit()?;
    Ok(problem.id)
}

/// Adds the problems a pasted text names, one per numbered item ("存在以下不足：（一）…
/// （二）…", 一是/二是, 1. …) or, without numbers, one per paragraph; the lead-in before the
/// first item and each item's number are left out. For a paste into the problems section
/// once it is written from the items: the text becomes items instead of being dropped.
pub fn add_problems_from_text(store: &mut Store, secretary_id: &str, text: &str, actor: &str) -> Result<Vec<Id>> {
    if let Some(problem) = crate::limits::text_problem(text, crate::limits::TEXT_CHARS) {
        return Err(Error::Conflict { message: format!("粘贴的文字{problem}。请分几次粘贴。") });
    }
    let numbered = crate::rules::checks::split_items(text);
    let pieces: Vec<String> = if numbered.is_empty() {
        text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
    } else {
        numbered
    };
    let descriptions: Vec<String> = pieces
        .iter()
        .map(|p| strip_item_number(p).trim().trim_end_matches(['；', ';', '，', ',']).trim().to_string())
        .filter(|d| !d.is_empty())
        .collect();
    if descriptions.is_empty() {
        return Err(Error::Conflict { message: "粘贴的文字是空的，没有可添加的问题。".into() });
    }
    if descriptions.len() > 50 {
        return Err(Error::Conflict {
            message: format!("粘贴的文字分出了 {} 个问题，超过 50 个。请核对后分几次粘贴。", descriptions.len()),
        });
    }
    for description in &descriptions {
        check_problem(&ProblemInput {
            category: String::new(),
            description: description.clone(),
            cause: String::new(),
        })?;
    }
    let tx = store.begin_write()?;
    let (campaign_id, secretary_name) = organizations::campaign_and_name_of_secretary(store.conn(), secretary_id)?;
    let before = items_text(&tx, secretary_id)?;
    let mut ids = Vec::new();
    for description in descriptions {
        let problem = Problem {
            id: new_id(),
            secretary_id: secretary_id.to_string(),
            source: ProblemSource::SelfReview,
            category: String::new(),
            description,
            cause: String::new(),
            created_at: store::now_text(),
            origin: None,
        };
        insert_with_owner(&tx, &problem, &secretary_name)?;
        audit::record(&tx, Some(&campaign_id), &entry(actor, "problem.add", &problem.id, &problem.description))?;
        ids.push(problem.id);
    }
    rewrite_sections(&tx, secretary_id, &before)?;
    tx.commit()?;
    Ok(ids)
}

/// An item without its number: "（一）学习不深" → "学习不深".
fn strip_item_number(item: &str) -> &str {
    static NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^(?:（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+是[，,：:、]?|[0-9０-９]{1,2}[.、．]|（[0-9０-９]+）|\([0-9]+\))\s*",
        )
        .expect("the number pattern is valid")
    });
    match NUMBER.find(item) {
        Some(found) => &item[found.end()..],
        None => item,
    }
}

/// Writes a new problem at the end of the lists with its secretary as the one responsible
/// (责任人 and 分管领导 both, until the secretary names others): every problem, whatever
/// its source, starts so.
pub(crate) fn insert_with_owner(tx: &rusqlite::Transaction<'_>, problem: &Problem, secretary_name: &str) -> Result<()> {
    let position = store::next_position(tx, store::Positioned::Problems)?;
    lists::insert_problem(tx, position, problem)?;
    let responsibility = Responsibility {
        id: new_id(),
        problem_id: problem.id.clone(),
        owner: secretary_name.to_string(),
        leader: secretary_name.to_string(),
        department: String::new(),
    };
    let position = store::next_position(tx, store::Positioned::Responsibilities)?;
    lists::insert_responsibility(tx, position, &responsibility)
}

/// Changes a problem's text.
pub fn update_problem(store: &mut Store, problem_id: &str, input: &ProblemInput, actor: &str) -> Result<()> {
    check_problem(input)?;
    let (campaign_id, secretary_id) = owner_of_problem(store, problem_id)?;
    let tx = store.begin_write()?;
    let before = items_text(&tx, &secretary_id)?;
    lists::update_problem_text(&tx, problem_id, input.category.trim(), input.description.trim(), input.cause.trim())?;
    rewrite_sections(&tx, &secretary_id, &before)?;
    audit::record(&tx, Some(&campaign_id), &entry(actor, "problem.edit", problem_id, input.description.trim()))?;
    tx.commit()?;
    Ok(())
}

/// Deletes a problem with its responsibility, measures and their inspections.
pub fn delete_problem(store: &mut Store, problem_id: &str, actor: &str) -> Result<()> {
    let (campaign_id, secretary_id) = owner_of_problem(store, problem_id)?;
    let tx = store.begin_write()?;
    let before = items_text(&tx, &secretary_id)?;
    let description = lists::delete_problem(&tx, problem_id)?;
    rewrite_sections(&tx, &secretary_id, &before)?;
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
    let tx = store.begin_write()?;
    let before = items_text(&tx, &secretary_id)?;
    let position = store::next_position(&tx, store::Positioned::Rectifications)?;
    lists::insert_rectification(&tx, position, &item)?;
    rewrite_sections(&tx, &secretary_id, &before)?;
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
    let tx = store.begin_write()?;
    let before = items_text(&tx, &secretary_id)?;
    let measure = lists::MeasureText {
        measure: input.measure.trim(),
        target: input.target.trim(),
        owner: input.owner.trim(),
        due,
    };
    lists::update_measure_text(&tx, rectification_id, &measure)?;
    rewrite_sections(&tx, &secretary_id, &before)?;
    audit::record(&tx, Some(&campaign_id), &entry(actor, "measure.edit", rectification_id, input.measure.trim()))?;
    tx.commit()?;
    Ok(())
}

/// Deletes a measure (and its inspections).
pub fn delete_measure(store: &mut Store, rectification_id: &str, actor: &str) -> Result<()> {
    let problem_id = problem_of_measure(store, rectification_id)?;
    let (campaign_id, secretary_id) = owner_of_problem(store, &problem_id)?;
    let tx = store.begin_write()?;
    let before = items_text(&tx, &secretary_id)?;
    let measure = lists::delete_measure(&tx, rectification_id)?;
    rewrite_sections(&tx, &secretary_id, &before)?;
    audit::record(&tx, Some(&campaign_id), &entry(actor, "measure.delete", rectification_id, &measure))?;
    tx.commit()?;
    Ok(())
}

/// Each problem item with its measures, quoted as the sections written from the items
/// show them: when the sections are in step with the items, which measure answers which
/// problem is what she recorded, not what the words suggest.
pub fn items_pairing(items: &[ProblemItem]) -> Vec<crate::rules::checks::ProblemMeasures> {
    items
        .iter()
        .map(|item| crate::rules::checks::ProblemMeasures {
            problem: Some(sentence(&item.description).trim_end_matches('。').to_string()),
            measures: item.measures.iter().map(|m| sentence(&m.measure).trim_end_matches('。').to_string()).collect(),
        })
        .collect()
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

/// The problems and measures text the self-review items write, as they stand (empty texts
/// when the secretary has no report being drafted).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ItemsText {
    problems: String,
    measures: String,
}

impl ItemsText {
    /// The text the items write for a section of `role`; none for the other sections.
    fn for_role(&self, role: FocusRole) -> Option<&str> {
        match role {
            FocusRole::Problems => Some(&self.problems),
            FocusRole::Measures => Some(&self.measures),
            _ => None,
        }
    }
}

/// What the items write now; taken before a change, it tells which sections were written by
/// the items (their text is this) and which hold the secretary's own words.
pub(crate) fn items_text(conn: &rusqlite::Connection, secretary_id: &str) -> Result<ItemsText> {
    let campaign_id = organizations::campaign_of_secretary(conn, secretary_id)?;
    let items = items_of(conn, &campaign_id, secretary_id, Some(ProblemSource::SelfReview))?;
    Ok(ItemsText { problems: problems_text(&items), measures: measures_text(&items) })
}

/// Rewrites the problems and measures sections of the secretary's report from the
/// self-review items, inside the caller's transaction — but only a section that is empty or
/// still holds what the items wrote before this change (`before`). A section with words of
/// her own is never replaced here; the editor offers [`rewrite_sections_from_items`], which
/// keeps them as a revision first. A report that is not being drafted keeps its text.
pub(crate) fn rewrite_sections(tx: &rusqlite::Transaction<'_>, secretary_id: &str, before: &ItemsText) -> Result<()> {
    write_sections(tx, secretary_id, Some(before))
}

fn write_sections(tx: &rusqlite::Transaction<'_>, secretary_id: &str, before: Option<&ItemsText>) -> Result<()> {
    let Some(report_id) = reports::report_of_secretary(tx, secretary_id)? else { return Ok(()) };
    let campaign_id = organizations::campaign_of_secretary(tx, secretary_id)?;
    let stored = reports::get_report(tx, &report_id)?;
    if !stored.as_ref().is_some_and(|r| r.status.is_editable()) {
        return Ok(());
    }
    let campaign = campaigns::get_campaign(tx, &campaign_id)?;
    let now = items_text(tx, secretary_id)?;
    let body_here = |focus_point_id: &str| {
        stored
            .as_ref()
            .and_then(|r| r.sections.iter().find(|s| s.focus_point_id == focus_point_id))
            .map_or(String::new(), |s| s.body.clone())
    };
    let mut changed = false;
    for (position, point) in campaign.focus_points.iter().enumerate() {
        let Some(body) = now.for_role(point.role) else { continue };
        let here = body_here(&point.id);
        if before.is_some_and(|before| !in_step_with_items(&here, point.role, before)) {
            continue; // her own words
        }
        if here == body {
            continue;
        }
        reports::save_section(tx, &report_id, &point.id, position, body)?;
        changed = true;
    }
    if changed {
        reports::touch_report(tx, &report_id, &store::now_text())?;
    }
    Ok(())
}

/// Whether the report's problems and measures sections say what the self-review items
/// write (or are empty), section by focus point: the editor shows such a section as written
/// from the items, and offers to rewrite one that holds the secretary's own words.
pub(crate) fn in_step_with_items(body: &str, role: FocusRole, text: &ItemsText) -> bool {
    text.for_role(role).is_some_and(|written| body.trim().is_empty() || body == written)
}

/// Writes the problems and measures sections from the items, whatever they hold now (the
/// caller has kept what she wrote, as a revision).
pub(crate) fn write_sections_from_items(tx: &rusqlite::Transaction<'_>, secretary_id: &str) -> Result<()> {
    write_sections(tx, secretary_id, None)
}

pub(crate) fn owner_of_problem(store: &Store, problem_id: &str) -> Result<(String, String)> {
    lists::owner_of_problem(store.conn(), problem_id)?.ok_or_else(|| Error::NotFound {
        what: "问题",
        id: problem_id.to_string(),
        fix: "该问题可能已被删除，请刷新后再试。",
    })
}

fn problem_of_measure(store: &Store, rectification_id: &str) -> Result<String> {
    lists::problem_of_measure(store.conn(), rectification_id)?.ok_or_else(|| Error::NotFound {
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
