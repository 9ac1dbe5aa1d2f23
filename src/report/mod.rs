//! The life of a 述职报告: drafting section by section, saved revisions and their
//! comparison, and the level-by-level review (逐级审核).
//!
//! States: 草稿 → 已提交 (at a level) → 退回修改 or 通过; passing the last level
//! makes the report 已通过. Only a draft or a returned report can be edited. Every
//! change of state writes a revision or an approval and a line of the audit log,
//! in one transaction.

use serde::Serialize;

use crate::domain::{
    Approval, ApprovalComment, ApprovalDecision, AuditEntry, Campaign, FocusRole, Id, Report, ReportStatus, Revision,
    Section, new_id,
};
use crate::error::{Error, Result};
use crate::lists::items::{ProblemItem, problem_items};
use crate::rules::checks::{self, CheckReport, CheckSettings, SectionInput};
use crate::store::{self, Store, audit, campaigns, organizations, reports};

pub mod docx;
pub mod evidence;
pub mod pdf;
mod review;
mod revisions;

pub use review::*;
pub use revisions::*;

/// Everything the editor shows for one report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReportEditor {
    pub report_id: Id,
    pub secretary_id: Id,
    pub secretary_name: String,
    /// The secretary's posts, e.g. 党委书记、院长.
    pub secretary_title: String,
    pub organization_name: String,
    /// The unit (所在单位) of the secretary's organization.
    pub unit: String,
    pub campaign_title: String,
    pub status: ReportStatus,
    pub status_text: String,
    /// True when the secretary may edit (草稿 or 退回修改).
    pub editable: bool,
    pub review_levels: Vec<String>,
    /// The level the report is at (an index into `review_levels`).
    pub review_level: u32,
    pub report_char_budget: u32,
    pub problems_min_percent: u32,
    pub speaking_minutes: u32,
    pub sections: Vec<EditorSection>,
    /// The secretary's problems with their measures (the same records as the lists).
    pub problem_items: Vec<ProblemItem>,
    /// The 佐证材料 attached to the report.
    pub evidence: Vec<crate::report::evidence::EvidenceView>,
    pub revisions: Vec<RevisionSummary>,
    pub history: Vec<HistoryStep>,
    pub check: CheckReport,
    pub updated_at: String,
}

/// A section in the editor with its guidance and the review comments made on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EditorSection {
    pub focus_point_id: Id,
    pub title: String,
    pub role: FocusRole,
    pub guidance: String,
    pub char_budget: u32,
    pub body: String,
    /// The version of `body` as stored ([`section_version`]): the editor sends it back with
    /// its next save of this section, so that a save made on text changed elsewhere since
    /// (another window or tab) is told so instead of overwriting it.
    pub version: String,
    /// True when the text is written from the problem items (edit the items, not the text).
    pub generated: bool,
    /// True when the report has problem items but this problems or measures section holds
    /// the secretary's own words, which the items did not replace: the editor offers to
    /// rewrite it from the items (keeping her words as a revision).
    pub differs_from_items: bool,
    pub comments: Vec<SectionComment>,
}

/// A review comment as the secretary sees it beside the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SectionComment {
    pub level_name: String,
    pub reviewer: String,
    pub at: String,
    pub text: String,
}

/// A saved revision in the list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RevisionSummary {
    pub revision_id: Id,
    pub number: u32,
    pub created_at: String,
    pub author: String,
    pub note: String,
}

/// One step of the review history: a submission or a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HistoryStep {
    pub at: String,
    pub actor: String,
    /// What happened, as a sentence: 提交审核（第2版）, 党办初审：退回修改 ….
    pub what: String,
    /// Comments not tied to a section.
    pub general_comments: Vec<String>,
}

/// A review decision with its comments.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewInput {
    pub decision: ApprovalDecision,
    pub reviewer: String,
    pub comments: Vec<ReviewCommentInput>,
    /// The level (0 = the first) the reviewer saw the report waiting at: a decision meant
    /// for one level is never recorded at the next (a double click, two reviewers at once).
    #[serde(default)]
    pub level: Option<u32>,
}

/// One review comment, anchored to a section when `focus_point_id` is set.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewCommentInput {
    pub focus_point_id: Option<Id>,
    pub text: String,
}

/// The differences between two revisions, section by section.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RevisionComparison {
    pub older: RevisionSummary,
    pub newer: RevisionSummary,
    pub sections: Vec<SectionDifference>,
}

/// One section's text in both revisions, cut into equal, removed and added runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SectionDifference {
    pub title: String,
    pub changed: bool,
    pub runs: Vec<DiffRun>,
}

/// A run of text and whether it is in both revisions, only the older or only the newer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DiffRun {
    pub kind: DiffKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    Same,
    Removed,
    Added,
}

/// Where a report belongs: its campaign, secretary and organization names.
struct ReportContext {
    campaign: Campaign,
    report: Report,
    secretary_name: String,
    secretary_title: String,
    organization_name: String,
    organization_unit: String,
    /// Whether this computer is set to 组织方: the report is the secretary's own, written on
    /// her computer; the organizer reviews it and does not write or submit it for her.
    on_organizers_computer: bool,
}

fn report_not_found(id: &str) -> Error {
    Error::NotFound {
        what: "述职报告", id: id.to_string(), fix: "请回到总览页重新打开该书记的报告。"
    }
}

fn load_context(store: &Store, report_id: &str) -> Result<ReportContext> {
    let conn = store.conn();
    let Some(author) = reports::author_of(conn, report_id)? else {
        return Err(report_not_found(report_id));
    };
    let reports::Author { campaign_id, secretary_title, secretary_name, organization_name, organization_unit } = author;
    let campaign = campaigns::get_campaign(conn, &campaign_id)?;
    let report = reports::get_report(conn, report_id)?.ok_or_else(|| report_not_found(report_id))?;
    let on_organizers_computer = crate::store::workstation::get(conn)?.role == Some(crate::domain::Role::Organizer);
    Ok(ReportContext {
        campaign,
        report,
        secretary_name,
        secretary_title,
        organization_name,
        organization_unit,
        on_organizers_computer,
    })
}

/// The id of a secretary's report, if one was started.
pub fn report_of_secretary(store: &Store, secretary_id: &str) -> Result<Option<Id>> {
    reports::report_of_secretary(store.conn(), secretary_id)
}

/// Last year's rectification items still open for the secretary's organization.
///
/// The campaign of the year before is found by year; the organization by its name
/// and unit, which stay the same from year to year.
pub fn last_year_open_items(store: &Store, secretary_id: &str) -> Result<Vec<String>> {
    crate::store::lists::last_year_open_problems(store.conn(), secretary_id)
}

/// Starts a secretary's report: one empty section per focus point, and the last-year
/// section pre-filled with last year's open rectification items.
pub fn start_report(store: &mut Store, secretary_id: &str, actor: &str) -> Result<Id> {
    if let Some(existing) = report_of_secretary(store, secretary_id)? {
        return Ok(existing);
    }
    if crate::store::workstation::get(store.conn())?.role == Some(crate::domain::Role::Organizer) {
        return Err(Error::Conflict { message: NOT_ON_THE_ORGANIZERS_COMPUTER.into() });
    }
    let campaign_id = organizations::campaign_of_secretary(store.conn(), secretary_id)?;
    let campaign = campaigns::get_campaign(store.conn(), &campaign_id)?;
    let open_items = last_year_open_items(store, secretary_id)?;
    let sections = campaign
        .focus_points
        .iter()
        .map(|point| Section {
            focus_point_id: point.id.clone(),
            body: if point.role == FocusRole::LastYear { last_year_outline(&open_items) } else { String::new() },
        })
        .collect();
    let report = Report {
        id: new_id(),
        secretary_id: secretary_id.to_string(),
        status: ReportStatus::Draft,
        review_level: 0,
        updated_at: store::now_text(),
        sections,
    };
    let tx = store.begin_write()?;
    reports::insert_report(&tx, &report)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &audit_entry(actor, "report.start", &report.id, "开始起草述职报告".to_string()),
    )?;
    tx.commit()?;
    Ok(report.id)
}

/// The starting text of the last-year section: one numbered line per open item.
fn last_year_outline(items: &[String]) -> String {
    const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    items
        .iter()
        .enumerate()
        .map(|(i, item)| format!("（{}）{item}整改情况：", NUMERALS.get(i).copied().unwrap_or("十")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The version of a section's text: a digest of the text itself, so that every writer of
/// a section (the editor, the items, an imported package or return, a restore) changes it
/// without keeping a counter, and a save is stale exactly when the stored text is not the
/// text its editor last had.
pub fn section_version(body: &str) -> String {
    crate::report::evidence::sha256_hex(body.as_bytes())[..32].to_string()
}

/// What saving a section did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SectionSaved {
    pub saved_at: String,
    /// The version of the text now stored: the base of the next save of this section.
    pub version: String,
    /// Set when the section had been changed elsewhere since this text's base was loaded.
    pub conflict: Option<SectionConflict>,
}

/// A save on a stale base: the text saved elsewhere was kept as a revision before this
/// one replaced it, so both are kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SectionConflict {
    /// What the person is told, in Chinese.
    pub message: String,
    /// The number of the revision that keeps the other text.
    pub revision_number: u32,
    /// The text that had been saved elsewhere.
    pub other_text: String,
}

/// The note of a revision that keeps text saved elsewhere.
pub const CONFLICT_REVISION_NOTE: &str = "另一处保存的文字（与此处同时修改）";

/// Saves one section's text for a caller that has just read the stored report itself
/// (tests and tools working on a report nobody else edits): the stored text is taken as
/// the base. The editor and the command line use [`save_section_on`].
pub fn save_section(store: &mut Store, report_id: &str, focus_point_id: &str, body: &str) -> Result<String> {
    Ok(save_section_on(store, report_id, focus_point_id, Base::Stored, body)?.saved_at)
}

/// What a section save was based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base<'a> {
    /// The version ([`section_version`]) of the text the editor loaded or last saved.
    Version(&'a str),
    /// Nobody saw the stored text (a script replacing a section): a text it replaces that
    /// differs is kept as a revision first.
    Unseen,
    /// Whatever is stored now (see [`save_section`]).
    Stored,
}

/// Saves one section's text (the editor's autosave) on the base it was written from. Only
/// a draft or returned report can change. When the stored text is no longer the base (it
/// was changed in another window, tab or program), the stored text is first kept as a
/// revision, so that neither text is lost, and the answer says so. Every read that decides
/// the write — the report's state, the items, the stored text — is made inside the write's
/// immediate transaction, so two programs saving at once are taken one after the other.
pub fn save_section_on(
    store: &mut Store,
    report_id: &str,
    focus_point_id: &str,
    base: Base<'_>,
    body: &str,
) -> Result<SectionSaved> {
    // Limits before work: a text past the limit, or with a null character, is refused whole.
    if let Some(problem) = crate::limits::text_problem(body, crate::limits::TEXT_CHARS) {
        return Err(Error::invalid(format!("这一节的正文{problem}。请改正后再保存。")));
    }
    let tx = store.begin_write()?;
    let context = load_context(store, report_id)?;
    ensure_editable(&context)?;
    if !context.campaign.focus_points.iter().any(|p| p.id == focus_point_id) {
        return Err(Error::NotFound {
            what: "述职重点",
            id: focus_point_id.to_string(),
            fix: "该述职重点可能已被组织方调整，请重新打开报告。",
        });
    }
    let role = context.campaign.focus_points.iter().find(|p| p.id == focus_point_id).map(|p| p.role);
    // A section the items write is edited through the items; one holding her own words
    // beside the items stays hers to edit.
    let stored = context.report.sections.iter().find(|s| s.focus_point_id == focus_point_id).map_or("", |s| &s.body);
    if let Some(role @ (FocusRole::Problems | FocusRole::Measures)) = role
        && problem_items(store, &context.report.secretary_id)?
            .iter()
            .any(|i| i.source == crate::domain::ProblemSource::SelfReview)
        && crate::lists::items::in_step_with_items(
            stored,
            role,
            &crate::lists::items::items_text(store.conn(), &context.report.secretary_id)?,
        )
    {
        return Err(Error::Conflict {
            message: "本节正文由问题条目自动生成，请在“问题条目”中修改问题、原因和措施。".into(),
        });
    }
    let stale = match base {
        Base::Version(version) => section_version(stored) != version && stored != body,
        Base::Unseen => !stored.trim().is_empty() && stored != body,
        Base::Stored => false,
    };
    let conflict = if stale {
        let revision = insert_next_revision(&tx, &context.report, &context.secretary_name, CONFLICT_REVISION_NOTE)?;
        let title = context.campaign.focus_points.iter().find(|p| p.id == focus_point_id).map_or("", |p| &p.title);
        audit::record(
            &tx,
            Some(&context.campaign.id),
            &audit_entry(
                &context.secretary_name,
                "report.section_conflict",
                report_id,
                format!("“{title}”在别处已修改，那里的文字存为第 {} 版", revision.number),
            ),
        )?;
        let message = match base {
            // A script that named no base cannot know whether anyone else wrote there.
            Base::Unseen => format!(
                "这一节（{title}）原有文字，保存时没有给出所依据的版本（--base），无法判断是否是别处新改的。为免丢失，\
                 已把原来的文字存为第 {} 版，新的文字已保存为当前正文；可在“版本”中比较。",
                revision.number
            ),
            _ => format!(
                "这一节（{title}）已在别处修改（另一个窗口、浏览器标签页或命令行）。为免丢失，已把另一处的文字存为第 {} 版，\
                 这里的文字已保存为当前正文。如需另一处的文字，请查看第 {} 版（可在“版本”中比较）。",
                revision.number, revision.number
            ),
        };
        Some(SectionConflict { message, revision_number: revision.number, other_text: stored.to_string() })
    } else {
        None
    };
    let now = store::now_text();
    let position = context.campaign.focus_points.iter().position(|p| p.id == focus_point_id).unwrap_or(0);
    reports::save_section(&tx, report_id, focus_point_id, position, body)?;
    reports::touch_report(&tx, report_id, &now)?;
    tx.commit()?;
    Ok(SectionSaved { saved_at: now, version: section_version(body), conflict })
}

/// A report that may still be edited (a draft, or returned for changes), with its
/// campaign's id; otherwise why not, in the words every editing action uses.
pub(crate) fn editable_report(store: &Store, report_id: &str) -> Result<(String, Report)> {
    let context = load_context(store, report_id)?;
    ensure_editable(&context)?;
    Ok((context.campaign.id, context.report))
}

/// What the organizer's computer says when asked to write or submit a secretary's report.
pub const NOT_ON_THE_ORGANIZERS_COMPUTER: &str = "这台电脑设为“组织方（我组织述职评议）”，不能替书记修改或提交述职报告：\
报告由书记本人在她的电脑上修改，改好后把交换包发来，在这里导入。需要她改什么，请在审核中“退回修改”并写明意见。";

fn ensure_editable(context: &ReportContext) -> Result<()> {
    if context.on_organizers_computer {
        return Err(Error::Conflict { message: NOT_ON_THE_ORGANIZERS_COMPUTER.into() });
    }
    match context.report.status {
        ReportStatus::Draft | ReportStatus::Returned => Ok(()),
        ReportStatus::Submitted => Err(Error::Conflict {
            message: "报告已提交审核，暂时不能修改。如需修改，请联系审核人退回后再改。".into(),
        }),
        ReportStatus::Approved => Err(Error::Conflict {
            message: "报告已审核通过，不能再修改。如确需修改，请联系组织方。".into(),
        }),
    }
}

/// Saves the report as it stands as a new revision.
pub fn save_revision(store: &mut Store, report_id: &str, author: &str, note: &str) -> Result<Revision> {
    let context = load_context(store, report_id)?;
    if context.on_organizers_computer {
        return Err(Error::Conflict { message: NOT_ON_THE_ORGANIZERS_COMPUTER.into() });
    }
    let tx = store.begin_write()?;
    let revision = insert_next_revision(&tx, &context.report, author, note)?;
    audit::record(
        &tx,
        Some(&context.campaign.id),
        &audit_entry(author, "report.revision", report_id, format!("保存第 {} 版：{note}", revision.number)),
    )?;
    tx.commit()?;
    Ok(revision)
}

/// Saves the report's text as its next revision.
pub(crate) fn insert_next_revision(
    tx: &rusqlite::Transaction<'_>,
    report: &Report,
    author: &str,
    note: &str,
) -> Result<Revision> {
    let number = reports::next_revision_number(tx, &report.id)?;
    let revision = Revision {
        id: new_id(),
        report_id: report.id.clone(),
        number,
        created_at: store::now_text(),
        author: author.to_string(),
        note: note.to_string(),
        sections: report.sections.clone(),
    };
    reports::insert_revision(tx, &revision)?;
    Ok(revision)
}

/// The settings the checks use for a report of this campaign and secretary.
pub fn check_settings_for(store: &Store, campaign: &Campaign, secretary_id: &str) -> Result<CheckSettings> {
    let earlier = crate::history::earlier_problems_of(store, secretary_id)?;
    Ok(CheckSettings {
        report_char_budget: campaign.report_char_budget,
        problems_min_percent: campaign.problems_min_percent,
        last_year_open_items: last_year_open_items(store, secretary_id)?,
        comments: crate::store::meeting::last_year_comment_points(store.conn(), secretary_id)?,
        last_year_expected: crate::store::meeting::reviewed_last_year(store.conn(), secretary_id)?,
        secretary_name: Some(organizations::secretary_name(store.conn(), &campaign.id, secretary_id)?),
        earlier_problems: earlier.problems,
        decided_repeats: earlier.decided,
        cliches: campaign.cliches.clone().unwrap_or_else(checks::default_cliches),
    })
}

/// Checks a stored report.
pub fn check_stored_report(store: &Store, report_id: &str) -> Result<CheckReport> {
    let context = load_context(store, report_id)?;
    check_sections(store, &context.campaign, &context.report.secretary_id, &context.report.sections)
}

/// Checks texts for a report's sections (the editor sends what is on screen).
pub fn check_sections(
    store: &Store,
    campaign: &Campaign,
    secretary_id: &str,
    sections: &[Section],
) -> Result<CheckReport> {
    let settings = check_settings_for(store, campaign, secretary_id)?;
    let report_id: Option<String> = crate::report::report_of_secretary(store, secretary_id)?;
    let evidence = match &report_id {
        Some(report_id) => crate::report::evidence::evidence_per_section(store, report_id)?,
        None => Vec::new(),
    };
    let inputs: Vec<SectionInput<'_>> = campaign
        .focus_points
        .iter()
        .map(|point| SectionInput {
            focus_point: point,
            body: sections.iter().find(|s| s.focus_point_id == point.id).map_or("", |s| s.body.as_str()),
            evidence: Some(evidence.iter().find(|(id, _)| id == &point.id).map_or(0, |(_, n)| *n)),
        })
        .collect();
    let mut report = checks::check_report(&inputs, &settings);
    // Problems and measures written from her items: which measure answers which problem
    // is what she recorded under each problem.
    let items = problem_items(store, secretary_id)?;
    if items.iter().any(|i| i.source == crate::domain::ProblemSource::SelfReview) {
        let items_text = crate::lists::items::items_text(store.conn(), secretary_id)?;
        let in_step = |role: FocusRole| {
            inputs
                .iter()
                .find(|i| i.focus_point.role == role)
                .is_some_and(|i| crate::lists::items::in_step_with_items(i.body, role, &items_text))
        };
        if in_step(FocusRole::Problems) && in_step(FocusRole::Measures) {
            checks::answers_from_items(&mut report, crate::lists::items::items_pairing(&items), &settings, &inputs);
        }
    }
    Ok(report)
}

/// Checks the texts on screen for a stored report (before they are saved).
pub fn check_draft(store: &Store, report_id: &str, sections: &[Section]) -> Result<CheckReport> {
    let context = load_context(store, report_id)?;
    check_sections(store, &context.campaign, &context.report.secretary_id, sections)
}

/// Everything the editor needs for one report.
pub fn report_editor(store: &Store, report_id: &str) -> Result<ReportEditor> {
    let context = load_context(store, report_id)?;
    let conn = store.conn();
    let campaign = &context.campaign;
    let level_name = |level: u32| campaign.review_levels.get(level as usize).cloned().unwrap_or_default();
    let approvals: Vec<Approval> =
        reports::list_approvals(conn, &campaign.id)?.into_iter().filter(|a| a.report_id == report_id).collect();
    let revisions: Vec<Revision> =
        reports::list_revisions(conn, &campaign.id)?.into_iter().filter(|r| r.report_id == report_id).collect();
    let items = problem_items(store, &context.report.secretary_id)?;
    let structured = items.iter().any(|i| i.source == crate::domain::ProblemSource::SelfReview);
    let items_text = crate::lists::items::items_text(conn, &context.report.secretary_id)?;
    let body_of =
        |id: &str| context.report.sections.iter().find(|s| s.focus_point_id == id).map_or("", |s| s.body.as_str());
    let sections = campaign
        .focus_points
        .iter()
        .map(|point| {
            let body = body_of(&point.id);
            // Written from the items unless the section holds words of her own.
            let items_write_it = structured && matches!(point.role, FocusRole::Problems | FocusRole::Measures);
            let in_step = crate::lists::items::in_step_with_items(body, point.role, &items_text);
            EditorSection {
                generated: items_write_it && in_step,
                differs_from_items: items_write_it && !in_step,
                focus_point_id: point.id.clone(),
                title: point.title.clone(),
                role: point.role,
                guidance: point.guidance.clone(),
                char_budget: point.char_budget,
                body: body.to_string(),
                version: section_version(body),
                comments: approvals
                    .iter()
                    .flat_map(|a| {
                        a.comments.iter().filter(|c| c.focus_point_id.as_deref() == Some(&point.id)).map(|c| {
                            SectionComment {
                                level_name: level_name(a.level),
                                reviewer: a.reviewer.clone(),
                                at: a.created_at.clone(),
                                text: c.text.clone(),
                            }
                        })
                    })
                    .collect(),
            }
        })
        .collect();
    let mut history: Vec<HistoryStep> = revisions
        .iter()
        .map(|r| HistoryStep {
            at: r.created_at.clone(),
            actor: r.author.clone(),
            what: format!("{}（第 {} 版）", r.note, r.number),
            general_comments: Vec::new(),
        })
        .chain(approvals.iter().map(|a| HistoryStep {
            at: a.created_at.clone(),
            actor: a.reviewer.clone(),
            what: format!(
                "{}：{}",
                level_name(a.level),
                if a.decision == ApprovalDecision::Passed { "通过" } else { "退回修改" }
            ),
            general_comments:
                a.comments.iter().filter(|c| c.focus_point_id.is_none()).map(|c| c.text.clone()).collect(),
        }))
        .collect();
    history.sort_by(|a, b| a.at.cmp(&b.at));
    let check = check_sections(store, campaign, &context.report.secretary_id, &context.report.sections)?;
    let status = context.report.status;
    Ok(ReportEditor {
        report_id: context.report.id.clone(),
        secretary_id: context.report.secretary_id.clone(),
        secretary_name: context.secretary_name.clone(),
        secretary_title: context.secretary_title.clone(),
        organization_name: format!("{}（{}）", context.organization_name, context.organization_unit),
        unit: context.organization_unit.clone(),
        campaign_title: campaign.title.clone(),
        status,
        status_text: crate::dashboard::status_text(
            Some((status, context.report.review_level)),
            &campaign.review_levels,
        ),
        editable: status.is_editable() && !context.on_organizers_computer,
        review_levels: campaign.review_levels.clone(),
        review_level: context.report.review_level,
        report_char_budget: campaign.report_char_budget,
        problems_min_percent: campaign.problems_min_percent,
        speaking_minutes: campaign.speaking_minutes,
        sections,
        problem_items: items,
        evidence: crate::report::evidence::list_evidence(store, report_id)?,
        revisions: revisions.iter().map(summary_of).collect(),
        history,
        check,
        updated_at: context.report.updated_at.clone(),
    })
}

fn audit_entry(actor: &str, action: &str, report_id: &str, detail: String) -> AuditEntry {
    AuditEntry {
        at: store::now_text(),
        actor: actor.to_string(),
        action: action.to_string(),
        entity: "report".to_string(),
        entity_id: report_id.to_string(),
        detail,
    }
}

/// Replaces the problems and measures sections with the text the items write, when the
/// secretary asks for it; what she had written there is kept first as a revision
/// (恢复 from the revision list brings it back).
pub fn rewrite_sections_from_items(store: &mut Store, report_id: &str, actor: &str) -> Result<()> {
    let (campaign_id, report) = editable_report(store, report_id)?;
    let tx = store.begin_write()?;
    insert_next_revision(&tx, &report, actor, "按问题条目重写前的正文")?;
    crate::lists::items::write_sections_from_items(&tx, &report.secretary_id)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &audit_entry(actor, "report.rewrite_from_items", report_id, "按问题条目重写问题和措施两部分".into()),
    )?;
    tx.commit()?;
    Ok(())
}
