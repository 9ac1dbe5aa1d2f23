//! The 问题清单、责任清单 and 整改清单, drawn from one set of records, per secretary
//! or for the whole campaign; the review of the measures (看措施是否回应了问题、是否
//! 具体可行); and the tracking of each item to 销号.

use crate::domain::SignOff;
use serde::Serialize;

use crate::domain::{
    AuditEntry, Id, InspectionKind, ListSignOff, ProblemSource, ProgressNote, RectificationStatus, new_id,
};
use crate::error::{Error, Result};
use crate::rules::checks::{Finding, Severity};
use crate::store::{self, Store, audit, campaigns, lists, meeting, organizations, workstation};

pub mod items;
mod tracking;
pub use tracking::{sign_off_with_file, undo_status_change};
pub mod pdf;
pub mod xlsx;

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    Problems,
    Responsibilities,
    Rectifications,
}

impl ListKind {
    pub const ALL: [ListKind; 3] = [ListKind::Problems, ListKind::Responsibilities, ListKind::Rectifications];

    pub fn label(self) -> &'static str {
        match self {
            ListKind::Problems => "问题清单",
            ListKind::Responsibilities => "责任清单",
            ListKind::Rectifications => "整改清单",
        }
    }
}

/// The three lists of a campaign (or of one secretary), in agenda order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Lists {
    pub campaign_id: Id,
    pub campaign_title: String,
    pub year: i32,
    pub organizer: String,
    /// Set when the lists are one secretary's.
    pub secretary_id: Option<Id>,
    pub problems: Vec<ProblemRow>,
    pub responsibilities: Vec<ResponsibilityRow>,
    pub rectifications: Vec<RectificationRow>,
    /// Share of measures 已完成 or 长期坚持, in percent to one decimal (0 when there are
    /// none); a problem without any measure counts as one item not finished.
    pub completion_percent: f64,
    /// The reviewer's latest sign-off of exactly this scope.
    pub sign_off: Option<ListSignOffView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProblemRow {
    pub problem_id: Id,
    pub secretary_id: Id,
    pub secretary_name: String,
    pub unit: String,
    /// The 党组织 the secretary leads: within one unit it tells whose problem this is.
    pub organization: String,
    pub description: String,
    pub cause: String,
    pub source: ProblemSource,
    pub category: String,
    /// The 点评 point or ballot the problem was made from, if any.
    pub origin: Option<String>,
    /// Carried over from last year's lists by “沿用上一年度”: the same problem still open
    /// (not 反复出现).
    pub carried: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ResponsibilityRow {
    pub problem_id: Id,
    pub problem: String,
    pub owner: String,
    pub leader: String,
    pub department: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RectificationRow {
    pub rectification_id: Id,
    pub problem_id: Id,
    pub unit: String,
    /// The 党组织 the secretary leads: within one unit it tells whose measure this is.
    pub organization: String,
    pub problem: String,
    pub measure: String,
    pub target: String,
    pub owner: String,
    pub due: Option<String>,
    pub status: RectificationStatus,
    pub overdue: bool,
    pub signed_off_on: Option<String>,
    pub verifier: Option<String>,
    pub inspections: u32,
    /// Progress notes (整改进展), oldest first.
    pub progress: Vec<ProgressNote>,
    /// The last change of state that can be undone, in words (who, when, to what).
    pub undo: Option<String>,
}

/// The latest sign-off of these lists and whether they changed since.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ListSignOffView {
    pub reviewer: String,
    pub note: String,
    pub signed_at: String,
    /// False when a problem, owner or measure changed after the sign-off.
    pub current: bool,
}

impl Lists {
    /// The file name these lists are exported under, e.g. 李秀兰2023年度问题责任整改清单.pdf
    /// for one secretary's lists; `extension` without the dot.
    pub fn file_name(&self, extension: &str) -> String {
        let scope = self
            .problems
            .first()
            .filter(|_| self.secretary_id.is_some())
            .map(|p| crate::files::file_name_from(&p.secretary_name, "书记"))
            .unwrap_or_default();
        format!("{scope}{}年度问题责任整改清单.{extension}", self.year)
    }
}

/// Builds the lists as of `today` (which decides what is overdue).
pub fn build_lists(
    store: &Store,
    campaign_id: &str,
    secretary_id: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<Lists> {
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let secretaries = organizations::list_secretaries(conn, campaign_id)?;
    if let Some(id) = secretary_id
        && !secretaries.iter().any(|s| s.id == id)
    {
        return Err(Error::NotFound {
            what: "书记",
            id: id.to_string(),
            fix: "请用 `shuzhi dashboard` 查看本年度的书记编号。",
        });
    }
    let organizations = organizations::list_organizations(conn, campaign_id)?;
    let mut problems = lists::list_problems(conn, campaign_id)?;
    // Agenda order: by secretary, then the order the problems were listed in.
    problems.sort_by_key(|p| secretaries.iter().position(|s| s.id == p.secretary_id).unwrap_or(usize::MAX));
    problems.retain(|p| secretary_id.is_none_or(|id| p.secretary_id == id));
    let responsibilities = lists::list_responsibilities(conn, campaign_id)?;
    let rectifications = lists::list_rectifications(conn, campaign_id)?;
    let inspections = lists::list_inspections(conn, campaign_id)?;
    // The unit and the 党组织 of a secretary.
    let place_of = |secretary: &str| {
        secretaries
            .iter()
            .find(|s| s.id == secretary)
            .and_then(|s| organizations.iter().find(|o| o.id == s.organization_id))
            .map(|o| (o.unit.clone(), o.name.clone()))
            .unwrap_or_default()
    };
    let mut result = Lists {
        campaign_id: campaign.id.clone(),
        campaign_title: campaign.title.clone(),
        year: campaign.year,
        organizer: campaign.organizer.clone(),
        secretary_id: secretary_id.map(str::to_string),
        problems: Vec::new(),
        responsibilities: Vec::new(),
        rectifications: Vec::new(),
        completion_percent: 0.0,
        sign_off: None,
    };
    let progress = lists::list_progress_notes(conn, campaign_id)?;
    for problem in &problems {
        let (unit, organization) = place_of(&problem.secretary_id);
        result.problems.push(ProblemRow {
            problem_id: problem.id.clone(),
            secretary_id: problem.secretary_id.clone(),
            secretary_name: secretaries
                .iter()
                .find(|s| s.id == problem.secretary_id)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            unit: unit.clone(),
            organization: organization.clone(),
            description: problem.description.clone(),
            cause: problem.cause.clone(),
            source: problem.source,
            category: problem.category.clone(),
            carried: crate::domain::origin::is_carried(problem.origin.as_deref()),
            origin: problem.origin.clone(),
        });
        for item in responsibilities.iter().filter(|r| r.problem_id == problem.id) {
            result.responsibilities.push(ResponsibilityRow {
                problem_id: problem.id.clone(),
                problem: problem.description.clone(),
                owner: item.owner.clone(),
                leader: item.leader.clone(),
                department: item.department.clone(),
            });
        }
        for item in rectifications.iter().filter(|r| r.problem_id == problem.id) {
            result.rectifications.push(RectificationRow {
                rectification_id: item.id.clone(),
                problem_id: problem.id.clone(),
                unit: unit.clone(),
                organization: organization.clone(),
                problem: problem.description.clone(),
                measure: item.measure.clone(),
                target: item.target.clone(),
                owner: item.owner.clone(),
                due: item.due.clone(),
                status: item.status,
                overdue: item.status.is_overdue(item.due.as_deref(), today),
                signed_off_on: item.sign_off.as_ref().map(|s| s.date.clone()),
                verifier: item.sign_off.as_ref().map(|s| s.verifier.clone()),
                inspections: inspections.iter().filter(|i| i.rectification_id == item.id).count() as u32,
                progress: progress.iter().filter(|n| n.rectification_id == item.id).cloned().collect(),
                undo: workstation::last_change(conn, &item.id)?.map(|change| {
                    format!(
                        "{} 于 {} 改为“{}”（原为“{}”）",
                        change.actor,
                        crate::report::pdf::chinese_time(&change.at),
                        change.new_status.label(),
                        change.previous_status.label()
                    )
                }),
            });
        }
    }
    // A problem without any measure is one item not finished.
    let measured: std::collections::BTreeSet<&str> =
        result.rectifications.iter().map(|r| r.problem_id.as_str()).collect();
    let bare = result.problems.iter().filter(|p| !measured.contains(p.problem_id.as_str())).count() as u32;
    let total = result.rectifications.len() as u32 + bare;
    let finished = result
        .rectifications
        .iter()
        .filter(|r| matches!(r.status, RectificationStatus::Done | RectificationStatus::Ongoing))
        .count() as u32;
    result.completion_percent = completion_percent(finished, total).unwrap_or(0.0);
    let digest = content_digest(&result);
    result.sign_off = lists::list_list_signoffs(conn, campaign_id)?
        .into_iter()
        .rfind(|s| s.secretary_id.as_deref() == secretary_id)
        .map(|s| ListSignOffView {
            current: s.content_sha256 == digest,
            reviewer: s.reviewer,
            note: s.note,
            signed_at: s.signed_at,
        });
    Ok(result)
}

/// The 整改完成率 every page and file shows: `finished` of `items` in percent, rounded to
/// one decimal (67.7, never 67 on one page and 67.7 on another); `None` when there is
/// nothing to finish.
pub fn completion_percent(finished: u32, items: u32) -> Option<f64> {
    (items > 0).then(|| (f64::from(finished) * 1000.0 / f64::from(items)).round() / 10.0)
}

/// SHA-256 over what a reviewer signs: the problems, who answers for them and the
/// measures with their targets, owners and deadlines (not the tracking that follows).
fn content_digest(lists: &Lists) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    let mut line = |fields: &[&str]| {
        for field in fields {
            hasher.update(field.as_bytes());
            hasher.update([0x1f]);
        }
        hasher.update(b"\n");
    };
    for p in &lists.problems {
        line(&[&p.problem_id, &p.description, &p.cause, &p.category, store::enum_text(&p.source).as_str()]);
    }
    for r in &lists.responsibilities {
        line(&[&r.problem_id, &r.owner, &r.leader, &r.department]);
    }
    for r in &lists.rectifications {
        line(&[&r.rectification_id, &r.problem_id, &r.measure, &r.target, &r.owner, r.due.as_deref().unwrap_or("")]);
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The reviewer signs the lists off (整改措施审核): refused while the review of the
/// measures finds an error, so what is signed answers every problem and 点评 point.
pub fn sign_off_lists(
    store: &mut Store,
    campaign_id: &str,
    secretary_id: Option<&str>,
    reviewer: &str,
    note: &str,
    actor: &str,
    today: chrono::NaiveDate,
) -> Result<ListSignOff> {
    if reviewer.trim().is_empty() {
        return Err(Error::Invalid { message: "请填写审核人姓名。".into() });
    }
    // Whoever signs is told apart by the name: nothing invisible may make it look like another's.
    if let Some(problem) = crate::limits::name_problem(reviewer, crate::limits::PERSON_NAME_CHARS) {
        return Err(Error::Invalid { message: format!("审核人{problem}。") });
    }
    // The role, the review and the lists signed are all read inside the write: what is
    // signed is what the review passed, whatever another program writes meanwhile.
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(&tx, "签署清单审核意见")?;
    let errors: Vec<Finding> = review_measures(store, campaign_id, secretary_id, today)?
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        return Err(Error::Conflict {
            message: format!(
                "整改措施审查还有 {} 处需要改正（如：{}）。改正后再签署审核意见。",
                errors.len(),
                errors[0].message
            ),
        });
    }
    let lists = build_lists(store, campaign_id, secretary_id, today)?;
    if lists.problems.is_empty() {
        return Err(Error::Conflict { message: "清单中还没有问题，无可审核。".into() });
    }
    let item = ListSignOff {
        id: new_id(),
        secretary_id: secretary_id.map(str::to_string),
        reviewer: reviewer.trim().to_string(),
        note: note.trim().to_string(),
        content_sha256: content_digest(&lists),
        signed_at: store::now_text(),
    };
    let position = crate::store::next_position(&tx, crate::store::Positioned::ListSignoffs)?;
    lists::insert_list_signoff(&tx, campaign_id, position, &item)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "lists.sign_off",
            "lists",
            secretary_id.unwrap_or(campaign_id),
            format!("{} 审核签署清单：{}", item.reviewer, item.note),
        ),
    )?;
    tx.commit()?;
    Ok(item)
}

/// Records progress on a measure (整改进展) with the evidence seen; a measure not yet
/// started moves to 整改中.
pub fn add_progress(
    store: &mut Store,
    rectification_id: &str,
    date: &str,
    note: &str,
    evidence: &str,
    actor: &str,
) -> Result<Id> {
    if chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").is_err() {
        return Err(Error::Invalid {
            message: format!("日期“{date}”无效。请写成 2024-03-31 这样的日期。")
        });
    }
    crate::limits::check_texts(&[
        ("整改进展", note, crate::limits::TEXT_CHARS),
        ("佐证说明", evidence, crate::limits::TEXT_CHARS),
    ])?;
    if note.trim().is_empty() {
        return Err(Error::Invalid { message: "请写明整改进展：做了什么、到了哪一步。".into() });
    }
    if evidence.trim().is_empty() {
        return Err(Error::Invalid {
            message: "整改进展要有佐证：请写明可以查看的材料（如会议记录、制度文件、照片）。".into(),
        });
    }
    let campaign_id = campaign_of_rectification(store, rectification_id)?;
    let position = crate::store::next_position(store.conn(), crate::store::Positioned::ProgressNotes)?;
    let item = ProgressNote {
        id: new_id(),
        rectification_id: rectification_id.to_string(),
        date: date.trim().to_string(),
        note: note.trim().to_string(),
        evidence: evidence.trim().to_string(),
        author: actor.to_string(),
        created_at: store::now_text(),
    };
    let tx = store.begin_write()?;
    lists::insert_progress_note(&tx, position, &item)?;
    lists::mark_in_progress(&tx, rectification_id)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &entry(actor, "rectification.progress", rectification_id, item.note.clone()),
    )?;
    tx.commit()?;
    Ok(item.id)
}

/// Moves a problem one place up or down in its secretary's list.
pub fn move_problem(store: &mut Store, problem_id: &str, up: bool, actor: &str) -> Result<()> {
    let (campaign_id, secretary_id) = crate::lists::items::owner_of_problem(store, problem_id)?;
    let mine = lists::problem_positions(store.conn(), &secretary_id)?;
    let index = mine.iter().position(|(id, _)| id == problem_id).unwrap_or(0);
    let other = if up { index.checked_sub(1) } else { Some(index + 1).filter(|i| *i < mine.len()) };
    let Some(other) = other else {
        return Err(Error::Conflict {
            message: if up { "已经是第一项。" } else { "已经是最后一项。" }.into()
        });
    };
    let (a, b) = (&mine[index], &mine[other]);
    let tx = store.begin_write()?;
    let before = crate::lists::items::items_text(&tx, &secretary_id)?;
    // Swap places; positions only order problems within a secretary's list, so a tie
    // (never written by this program) is broken by one step.
    let (new_a, new_b) = if a.1 == b.1 { (if up { a.1 - 1 } else { a.1 + 1 }, b.1) } else { (b.1, a.1) };
    lists::set_problem_position(&tx, &a.0, new_a)?;
    lists::set_problem_position(&tx, &b.0, new_b)?;
    crate::lists::items::rewrite_sections(&tx, &secretary_id, &before)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &entry(actor, "problem.move", problem_id, if up { "上移".into() } else { "下移".into() }),
    )?;
    tx.commit()?;
    Ok(())
}

/// Merges a duplicate problem into another of the same secretary: its measures,
/// people responsible and evidence move over, its text is kept in the merged problem's
/// description when it says something more, and the duplicate is deleted.
pub fn merge_problems(store: &mut Store, keep_id: &str, duplicate_id: &str, actor: &str) -> Result<()> {
    if keep_id == duplicate_id {
        return Err(Error::Invalid { message: "请选择另一个问题来合并。".into() });
    }
    let (campaign_id, keep_owner) = crate::lists::items::owner_of_problem(store, keep_id)?;
    let (_, duplicate_owner) = crate::lists::items::owner_of_problem(store, duplicate_id)?;
    if keep_owner != duplicate_owner {
        return Err(Error::Conflict { message: "只能合并同一位书记的问题。".into() });
    }
    let problems = lists::list_problems(store.conn(), &campaign_id)?;
    let keep = problems.iter().find(|p| p.id == keep_id).cloned().expect("found above");
    let duplicate = problems.iter().find(|p| p.id == duplicate_id).cloned().expect("found above");
    let responsibilities = lists::list_responsibilities(store.conn(), &campaign_id)?;
    let description = if keep.description.contains(&duplicate.description) {
        keep.description.clone()
    } else {
        format!("{}；{}", keep.description, duplicate.description)
    };
    let cause = match (keep.cause.trim().is_empty(), duplicate.cause.trim().is_empty()) {
        (_, true) => keep.cause.clone(),
        (true, false) => duplicate.cause.clone(),
        (false, false) if keep.cause.contains(&duplicate.cause) => keep.cause.clone(),
        (false, false) => format!("{}；{}", keep.cause, duplicate.cause),
    };
    let tx = store.begin_write()?;
    let before = crate::lists::items::items_text(&tx, &keep_owner)?;
    lists::move_measures_and_evidence(&tx, duplicate_id, keep_id)?;
    for r in responsibilities.iter().filter(|r| r.problem_id == duplicate_id) {
        let same = responsibilities.iter().any(|k| {
            k.problem_id == keep_id && k.owner == r.owner && k.leader == r.leader && k.department == r.department
        });
        if same {
            lists::delete_responsibility(&tx, &r.id)?;
        } else {
            lists::move_responsibility(&tx, &r.id, keep_id)?;
        }
    }
    lists::merge_into_problem(&tx, keep_id, &description, &cause, duplicate.origin.as_deref())?;
    lists::delete_problem(&tx, duplicate_id)?;
    crate::lists::items::rewrite_sections(&tx, &keep_owner, &before)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &entry(actor, "problem.merge", keep_id, format!("合并重复问题“{}”", duplicate.description)),
    )?;
    tx.commit()?;
    Ok(())
}

/// The review of the measures: every problem answered by a measure, every 点评 point by a
/// problem with a measure, every measure with an owner, a deadline and a measurable target.
pub fn review_measures(
    store: &Store,
    campaign_id: &str,
    secretary_id: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<Vec<Finding>> {
    let lists = build_lists(store, campaign_id, secretary_id, today)?;
    let mut findings = Vec::new();
    let short = crate::limits::excerpt;
    for (index, problem) in lists.problems.iter().enumerate() {
        let place = format!("问题清单第 {} 项（{}）", index + 1, problem.secretary_name);
        if !lists.rectifications.iter().any(|r| r.problem_id == problem.problem_id) {
            findings.push(crate::rules::checks::unquoted(
                "problem-without-measure",
                Severity::Error,
                Some(place),
                format!("问题“{}”还没有整改措施。每个问题都要有具体的整改措施。", short(&problem.description)),
            ));
        }
    }
    for (index, row) in lists.rectifications.iter().enumerate() {
        let place = Some(format!("整改清单第 {} 项", index + 1));
        let mut missing = Vec::new();
        if row.owner.trim().is_empty() {
            missing.push("责任人");
        }
        if row.due.is_none() {
            missing.push("完成时限");
        }
        if row.target.trim().is_empty() {
            missing.push("可衡量的整改目标");
        }
        if !missing.is_empty() {
            findings.push(crate::rules::checks::unquoted(
                "measure-incomplete",
                Severity::Error,
                place,
                format!("措施“{}”没有写明{}。请补全后再报审核。", short(&row.measure), missing.join("、")),
            ));
        }
    }
    // Every 点评 point must be answered by a problem that came from the 点评.
    let comments = meeting::list_superior_comments(store.conn(), campaign_id)?;
    for comment in comments.iter().filter(|c| secretary_id.is_none_or(|id| c.secretary_id == id)) {
        let mine: Vec<&ProblemRow> = lists.problems.iter().filter(|p| p.secretary_id == comment.secretary_id).collect();
        for (index, point) in comment.shortcomings.iter().enumerate() {
            // Made from this point (its origin), or a 上级点评 problem whose text matches it.
            let origin = crate::domain::origin::comment_point(&comment.id, index);
            let with_measure = mine
                .iter()
                .filter(|p| {
                    p.origin.as_deref() == Some(origin.as_str())
                        || (p.source == ProblemSource::SuperiorComment
                            && (p.description.contains(point.as_str()) || point.contains(p.description.as_str())))
                })
                .any(|p| lists.rectifications.iter().any(|r| r.problem_id == p.problem_id));
            if !with_measure {
                findings.push(crate::rules::checks::unquoted(
                    "comment-unanswered",
                    Severity::Error,
                    Some(format!("上级点评（{}）", comment.commenter)),
                    format!("点评指出的“{}”还没有对应的问题和整改措施。请把它列入问题清单并制定措施。", short(point)),
                ));
            }
        }
    }
    Ok(findings)
}

/// Changes the state of a measure. 已完成 is reached through [`sign_off`], which needs evidence.
pub fn set_status(store: &mut Store, rectification_id: &str, status: RectificationStatus, actor: &str) -> Result<()> {
    if status == RectificationStatus::Done {
        return Err(Error::Conflict {
            message: "标记“已完成”需要销号：请填写核验人和佐证后办理销号。".into()
        });
    }
    let tx = store.begin_write()?;
    let campaign_id = campaign_of_rectification(store, rectification_id)?;
    let previous = lists::rectification_state(&tx, rectification_id)?;
    if previous.0 == status {
        return Ok(());
    }
    // Reopening a 销号 is the organizer's decision (logged, and undone whole by 撤销): on a
    // secretary's computer it is refused like the undo itself.
    if previous.1.is_some() {
        crate::workstation::refuse_unless_organizer(&tx, "重新打开已销号的整改事项")?;
    }
    workstation::record_change(&tx, rectification_id, actor, &previous, status)?;
    lists::set_open_status(&tx, rectification_id, status)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &entry(actor, "rectification.status", rectification_id, format!("整改状态改为“{}”", status.label())),
    )?;
    tx.commit()?;
    Ok(())
}

/// 销号: closes a measure as 已完成 with the evidence seen and who verified it.
pub fn sign_off(
    store: &mut Store,
    rectification_id: &str,
    date: &str,
    verifier: &str,
    evidence: &str,
    actor: &str,
) -> Result<()> {
    let sign_off = checked_sign_off(date, verifier, evidence)?;
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(&tx, SIGNING_OFF)?;
    let campaign_id = campaign_of_rectification(store, rectification_id)?;
    sign_off_in(&tx, &campaign_id, rectification_id, &sign_off, actor, "")?;
    tx.commit()?;
    Ok(())
}

/// The organizer's work a 销号 is, as a refusal on a secretary's computer names it.
pub(crate) const SIGNING_OFF: &str = "办理销号";

/// A 销号 written in the caller's write transaction, after the caller refused it on a
/// secretary's computer (`SIGNING_OFF`). `attached` names a file kept with it.
pub(crate) fn sign_off_in(
    tx: &rusqlite::Transaction<'_>,
    campaign_id: &str,
    rectification_id: &str,
    sign_off: &SignOff,
    actor: &str,
    attached: &str,
) -> Result<()> {
    let previous = lists::rectification_state(tx, rectification_id)?;
    workstation::record_change(tx, rectification_id, actor, &previous, RectificationStatus::Done)?;
    lists::sign_off(tx, rectification_id, sign_off)?;
    audit::record(
        tx,
        Some(campaign_id),
        &entry(
            actor,
            "rectification.sign_off",
            rectification_id,
            format!("销号，核验人 {}{attached}", sign_off.verifier),
        ),
    )?;
    Ok(())
}

/// A 销号 as entered, or what is missing from it.
pub(crate) fn checked_sign_off(date: &str, verifier: &str, evidence: &str) -> Result<SignOff> {
    if chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").is_err() {
        return Err(Error::Conflict {
            message: format!("销号日期“{date}”无效。请写成 2024-06-30 这样的日期。")
        });
    }
    crate::limits::check_texts(&[
        ("核验人", verifier, crate::limits::PERSON_NAME_CHARS),
        ("佐证说明", evidence, crate::limits::TEXT_CHARS),
    ])?;
    if verifier.trim().is_empty() {
        return Err(Error::Conflict {
            message: "销号需要核验人：请填写核验整改结果的人员姓名。".into()
        });
    }
    if let Some(problem) = crate::text::name_character_problem(verifier) {
        return Err(Error::Conflict { message: format!("核验人{problem}。") });
    }
    if evidence.trim().is_empty() {
        return Err(Error::Conflict {
            message: "销号需要佐证：请写明核验时看到的材料（如制度文件、会议记录、现场照片）。".into(),
        });
    }
    Ok(SignOff {
        date: date.trim().to_string(),
        verifier: verifier.trim().to_string(),
        evidence: evidence.trim().to_string(),
    })
}

/// Records a follow-up inspection (督查) of a measure.
pub fn add_inspection(
    store: &mut Store,
    rectification_id: &str,
    kind: InspectionKind,
    date: &str,
    inspector: &str,
    findings: &str,
    actor: &str,
) -> Result<Id> {
    if chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").is_err() {
        return Err(Error::Conflict {
            message: format!("督查日期“{date}”无效。请写成 2024-06-30 这样的日期。")
        });
    }
    crate::limits::check_texts(&[
        ("督查人", inspector, crate::limits::PERSON_NAME_CHARS),
        ("督查发现", findings, crate::limits::TEXT_CHARS),
    ])?;
    if inspector.trim().is_empty() || findings.trim().is_empty() {
        return Err(Error::Conflict { message: "请填写督查人和督查发现的情况。".into() });
    }
    if let Some(problem) = crate::text::name_character_problem(inspector) {
        return Err(Error::Conflict { message: format!("督查人{problem}。") });
    }
    let campaign_id = campaign_of_rectification(store, rectification_id)?;
    let inspection = crate::domain::Inspection {
        id: new_id(),
        rectification_id: rectification_id.to_string(),
        kind,
        date: date.trim().to_string(),
        inspector: inspector.trim().to_string(),
        findings: findings.trim().to_string(),
    };
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(&tx, "记录督查")?;
    let position = store::next_position(&tx, store::Positioned::Inspections)?;
    lists::insert_inspection(&tx, position, &inspection)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &entry(actor, "inspection.add", &inspection.id, inspection.findings.clone()),
    )?;
    tx.commit()?;
    Ok(inspection.id)
}

pub(crate) fn campaign_of_rectification(store: &Store, rectification_id: &str) -> Result<String> {
    crate::store::organizations::campaign_of(
        store.conn(),
        crate::store::organizations::Owned::Rectification,
        rectification_id,
    )
}

pub(crate) fn entry(actor: &str, action: &str, id: &str, detail: String) -> AuditEntry {
    AuditEntry {
        at: store::now_text(),
        actor: actor.to_string(),
        action: action.to_string(),
        entity: if action.starts_with("inspection") { "inspection" } else { "rectification" }.to_string(),
        entity_id: id.to_string(),
        detail,
    }
}
