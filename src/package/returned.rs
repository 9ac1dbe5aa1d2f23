//! Return packages: what the organizer sends back to one secretary after review and the
//! meeting — the report's state and review record, the superior's 点评, the published
//! result, and the secretary's 问题清单 / 责任清单 / 整改清单 with their follow-up.
//!
//! The organizer's copy is the authority for everything it carries. Importing it on the
//! secretary's computer is one transaction after a backup. It never replaces, without being
//! asked, a report edited here since it was sent, or list rows that differ from the
//! organizer's; and it refuses a return older than one already imported. What only this
//! computer has (later progress notes, evidence links) is kept.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{CheckedReturn, OpenedPackage, bad_package, damaged, json_part, open_package, write_package};
use crate::domain::{
    Approval, Inspection, ListSignOff, Problem, ProgressNote, Rectification, Report, Responsibility, Revision,
    SuperiorComment,
};
use crate::error::{Error, Result};
use crate::meeting::PersonalResult;
use crate::store::{self, Store, audit, campaigns, lists, meeting, organizations, reports};

/// The `return.json` part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnPart {
    pub campaign_id: String,
    pub campaign_title: String,
    pub secretary_id: String,
    pub secretary_name: String,
    /// The report as reviewed, `None` when the secretary has none at the organizer's.
    pub report: Option<Report>,
    pub revisions: Vec<Revision>,
    pub approvals: Vec<Approval>,
    pub superior_comments: Vec<SuperiorComment>,
    /// Present once the vote is closed.
    pub result: Option<PersonalResult>,
    pub problems: Vec<Problem>,
    pub responsibilities: Vec<Responsibility>,
    pub rectifications: Vec<Rectification>,
    pub inspections: Vec<Inspection>,
    pub progress_notes: Vec<ProgressNote>,
    pub list_signoffs: Vec<ListSignOff>,
}

/// The organizer's return package for one secretary, as bytes.
pub fn export_return_package(store: &Store, secretary_id: &str) -> Result<Vec<u8>> {
    let conn = store.conn();
    let campaign_id = organizations::campaign_of_secretary(conn, secretary_id)?;
    let campaign = campaigns::get_campaign(conn, &campaign_id)?;
    let secretary = organizations::list_secretaries(conn, &campaign_id)?
        .into_iter()
        .find(|s| s.id == secretary_id)
        .expect("found above");
    let report = reports::report_by_secretary(conn, secretary_id)?;
    let report_id = report.as_ref().map(|r| r.id.clone()).unwrap_or_default();
    let problems: Vec<Problem> =
        lists::list_problems(conn, &campaign_id)?.into_iter().filter(|p| p.secretary_id == secretary_id).collect();
    let problem_ids: BTreeSet<&str> = problems.iter().map(|p| p.id.as_str()).collect();
    let rectifications: Vec<Rectification> = lists::list_rectifications(conn, &campaign_id)?
        .into_iter()
        .filter(|r| problem_ids.contains(r.problem_id.as_str()))
        .collect();
    let measure_ids: BTreeSet<&str> = rectifications.iter().map(|r| r.id.as_str()).collect();
    let part = ReturnPart {
        campaign_id: campaign.id.clone(),
        campaign_title: campaign.title.clone(),
        secretary_id: secretary.id.clone(),
        secretary_name: secretary.name.clone(),
        revisions: reports::list_revisions(conn, &campaign_id)?
            .into_iter()
            .filter(|r| r.report_id == report_id)
            .collect(),
        approvals: reports::list_approvals(conn, &campaign_id)?
            .into_iter()
            .filter(|a| a.report_id == report_id)
            .collect(),
        superior_comments: meeting::list_superior_comments(conn, &campaign_id)?
            .into_iter()
            .filter(|c| c.secretary_id == secretary_id)
            .collect(),
        // Only a result worked out from the ballots here: a received one is not ours to pass on.
        result: crate::meeting::personal_result(store, secretary_id)?.filter(|r| r.received_at.is_none()),
        responsibilities: lists::list_responsibilities(conn, &campaign_id)?
            .into_iter()
            .filter(|r| problem_ids.contains(r.problem_id.as_str()))
            .collect(),
        inspections: lists::list_inspections(conn, &campaign_id)?
            .into_iter()
            .filter(|i| measure_ids.contains(i.rectification_id.as_str()))
            .collect(),
        progress_notes: lists::list_progress_notes(conn, &campaign_id)?
            .into_iter()
            .filter(|n| measure_ids.contains(n.rectification_id.as_str()))
            .collect(),
        list_signoffs: lists::list_list_signoffs(conn, &campaign_id)?
            .into_iter()
            .filter(|s| s.secretary_id.as_deref() == Some(secretary_id))
            .collect(),
        rectifications: rectifications.clone(),
        problems: problems.clone(),
        report,
    };
    if part.report.is_none() && part.superior_comments.is_empty() && part.result.is_none() && part.problems.is_empty() {
        return Err(Error::invalid(format!(
            "{}还没有可以发回的内容：没有述职报告、点评、测评结果或问题清单。请在审核、点评或关闭测评后再导出回执包。",
            secretary.name
        )));
    }
    write_package("return", &[("return.json".into(), serde_json::to_vec_pretty(&part).expect("serializes"))])
}

/// The file name a return package is saved under, e.g.
/// 李秀兰2023年度回执（评议结果 2024年1月20日15时30分）.szpkg.
pub fn return_file_name(store: &Store, secretary_id: &str) -> Result<String> {
    let conn = store.conn();
    let (campaign_id, name) = organizations::campaign_and_name_of_secretary(conn, secretary_id)?;
    // What it brings and when it was made: a return after the review and another after the
    // meeting must not take each other's place in a folder or on a USB stick.
    let stage = if meeting::get_closure(conn, &campaign_id)?.is_some() {
        "评议结果 "
    } else {
        let report = reports::report_by_secretary(conn, secretary_id)?;
        match report.map(|r| r.status) {
            Some(crate::domain::ReportStatus::Returned) => "退回修改 ",
            Some(crate::domain::ReportStatus::Approved) => "审核通过 ",
            Some(crate::domain::ReportStatus::Submitted) => "审核中 ",
            _ => "",
        }
    };
    let made = chrono::Local::now().format("%Y年%-m月%-d日%H时%M分");
    let year = campaigns::get_campaign(conn, &campaign_id)?.year;
    Ok(format!("{}{year}年度回执（{stage}{made}）.szpkg", crate::files::file_name_from(&name, "书记")))
}

/// Reads and checks a return package; `file` names it in messages.
pub fn read_return_package(file: &str, bytes: &[u8]) -> Result<CheckedReturn> {
    checked_return(file, open_package(file, bytes)?)
}

/// Checks an opened package as a return package.
pub(crate) fn checked_return(file: &str, opened: OpenedPackage) -> Result<CheckedReturn> {
    let OpenedPackage { manifest, mut contents } = opened;
    if manifest.kind != "return" {
        return Err(bad_package(
            file,
            "这是书记的述职报告交换包，不是组织方发回的回执包".into(),
            "请在组织方的电脑上导入述职报告交换包。",
        ));
    }
    let part: ReturnPart = json_part(file, "return.json", &contents.remove("return.json").expect("checked"))?;
    let wrong = |what: &str| Err(damaged(file, format!("回执包中的{what}不属于{}", part.secretary_name)));
    let report_id = part.report.as_ref().map(|r| r.id.as_str());
    if part.report.as_ref().is_some_and(|r| r.secretary_id != part.secretary_id) {
        return wrong("述职报告");
    }
    if part.revisions.iter().any(|r| Some(r.report_id.as_str()) != report_id) {
        return wrong("报告版本");
    }
    if part.approvals.iter().any(|a| Some(a.report_id.as_str()) != report_id) {
        return wrong("审核记录");
    }
    if part.superior_comments.iter().any(|c| c.secretary_id != part.secretary_id) {
        return wrong("点评");
    }
    if part.problems.iter().any(|p| p.secretary_id != part.secretary_id) {
        return wrong("问题");
    }
    let problem_ids: BTreeSet<&str> = part.problems.iter().map(|p| p.id.as_str()).collect();
    if part.responsibilities.iter().any(|r| !problem_ids.contains(r.problem_id.as_str())) {
        return wrong("责任清单条目");
    }
    if part.rectifications.iter().any(|r| !problem_ids.contains(r.problem_id.as_str())) {
        return wrong("整改措施");
    }
    let measure_ids: BTreeSet<&str> = part.rectifications.iter().map(|r| r.id.as_str()).collect();
    if part.inspections.iter().any(|i| !measure_ids.contains(i.rectification_id.as_str()))
        || part.progress_notes.iter().any(|n| !measure_ids.contains(n.rectification_id.as_str()))
    {
        return wrong("督查或整改进展记录");
    }
    if part.list_signoffs.iter().any(|s| s.secretary_id.as_deref() != Some(part.secretary_id.as_str())) {
        return wrong("清单审核记录");
    }
    Ok(CheckedReturn { manifest, part })
}

/// What importing a return package did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReturnImported {
    pub secretary_id: String,
    pub report_id: Option<String>,
    pub secretary_name: String,
    /// The report's state now, in words (or 无述职报告).
    pub report_status_text: String,
    pub approvals_added: u32,
    pub comments: u32,
    /// The grade received, in words, when the return carried a result.
    pub grade_text: Option<String>,
    pub problems: u32,
    pub measures: u32,
    /// True when this computer's own edits were replaced (after being asked).
    pub replaced: bool,
}

impl ReturnImported {
    /// One sentence for people.
    pub fn summary(&self) -> String {
        format!(
            "已导入{}的回执：报告{}，新增审核记录 {} 条，点评 {} 条，{}问题 {} 个、整改措施 {} 项{}。",
            self.secretary_name,
            self.report_status_text,
            self.approvals_added,
            self.comments,
            self.grade_text.as_ref().map(|g| format!("测评等次“{g}”，")).unwrap_or_default(),
            self.problems,
            self.measures,
            if self.replaced { "（本机改动已另存为版本后替换）" } else { "" }
        )
    }
}

/// Rows of `here` that the package would change or remove.
fn changed<T: PartialEq>(here: &[T], package: &[T], id: impl Fn(&T) -> &str) -> usize {
    here.iter().filter(|row| package.iter().find(|p| id(p) == id(row)).is_none_or(|p| p != *row)).count()
}

/// Whether the return would undo something of hers in a measure: its words (措施, 目标,
/// 责任人, 时限), or a status she moved on here. The organizer's 销号 and a status the
/// organizer set over one she never touched are the organizer's to decide: no question.
fn measure_changed(here: &Rectification, there: &Rectification) -> bool {
    let words = here.measure != there.measure
        || here.target != there.target
        || here.owner != there.owner
        || here.due != there.due;
    let status = here.status != there.status || here.sign_off != there.sign_off;
    words || (status && there.sign_off.is_none() && here.status != crate::domain::RectificationStatus::NotStarted)
}

/// Per list, how many of this secretary's rows here the return would change or remove.
pub(crate) fn list_changes(
    conn: &rusqlite::Connection,
    campaign_id: &str,
    part: &ReturnPart,
) -> Result<[(&'static str, usize); 3]> {
    let problems_here: Vec<Problem> =
        lists::list_problems(conn, campaign_id)?.into_iter().filter(|p| p.secretary_id == part.secretary_id).collect();
    let ids_here: BTreeSet<String> = problems_here.iter().map(|p| p.id.clone()).collect();
    let responsibilities_here: Vec<Responsibility> = lists::list_responsibilities(conn, campaign_id)?
        .into_iter()
        .filter(|r| ids_here.contains(&r.problem_id))
        .collect();
    let measures_here: Vec<Rectification> = lists::list_rectifications(conn, campaign_id)?
        .into_iter()
        .filter(|r| ids_here.contains(&r.problem_id))
        .collect();
    Ok([
        ("问题清单", changed(&problems_here, &part.problems, |p| &p.id)),
        ("责任清单", changed(&responsibilities_here, &part.responsibilities, |r| &r.id)),
        (
            "整改清单",
            measures_here
                .iter()
                .filter(|row| {
                    part.rectifications.iter().find(|p| p.id == row.id).is_none_or(|p| measure_changed(row, p))
                })
                .count(),
        ),
    ])
}

/// What this database holds of the return's secretary, read to decide an import.
struct ReturnPlan {
    campaign: crate::domain::Campaign,
    here: Option<Report>,
    approvals_here: Vec<Approval>,
    sections_changed: usize,
    differences: Vec<String>,
    notes_kept: Vec<ProgressNote>,
    inspections_kept: Vec<Inspection>,
    evidence_links: Vec<(String, String)>,
    revisions_here: Vec<Revision>,
    signoffs_here: Vec<String>,
    comments_here: Vec<String>,
}

/// Decides whether the return may be imported here and reads what the writes need. Run once
/// before the backup (a refused return makes none) and again inside the write transaction.
fn plan_return_import(
    conn: &rusqlite::Connection,
    file: &str,
    part: &ReturnPart,
    exported_at: &str,
    replace: bool,
) -> Result<ReturnPlan> {
    let Ok(campaign) = campaigns::get_campaign(conn, &part.campaign_id) else {
        return Err(bad_package(
            file,
            format!("回执包属于“{}”，本数据库中没有这个年度述职评议", part.campaign_title),
            "请在起草这份述职报告的电脑上导入回执包。",
        ));
    };
    super::trust::refuse_return_package_here(conn, file, &campaign.id, &part.secretary_id, &part.secretary_name)?;
    if !organizations::list_secretaries(conn, &campaign.id)?.iter().any(|s| s.id == part.secretary_id) {
        return Err(bad_package(
            file,
            format!("本数据库的“{}”中没有书记“{}”", campaign.title, part.secretary_name),
            "请核对回执包是否发给本人。",
        ));
    }
    // The organizer's word, but only what the organizer's own actions could have made.
    let levels = campaign.review_levels.len() as u32;
    let unbacked = part
        .report
        .as_ref()
        .and_then(|report| super::trust::unbacked_report_state(report, &part.approvals, levels))
        .or_else(|| part.result.as_ref().and_then(super::trust::unbacked_result));
    if let Some(problem) = unbacked {
        return Err(bad_package(file, problem, "回执包可能被改动过。请让组织方用述职评议助手重新导出回执包。"));
    }
    let here = reports::report_by_secretary(conn, &part.secretary_id)?;
    let here_id = here.as_ref().map(|r| r.id.clone()).unwrap_or_default();
    let approvals_here: Vec<Approval> =
        reports::list_approvals(conn, &campaign.id)?.into_iter().filter(|a| a.report_id == here_id).collect();
    if let (Some(here), Some(there)) = (&here, &part.report)
        && here.id != there.id
    {
        return Err(Error::Conflict {
            message: format!(
                "本机{}的述职报告与回执包中的不是同一份，不能导入。请联系组织方核对。",
                part.secretary_name
            ),
        });
    }
    // An older return is refused whatever it carries, and with 替换 too: it would roll back
    // the result, a 销号 or a 点评 the newer one brought.
    let made = |text: &str| chrono::DateTime::parse_from_rfc3339(text).ok();
    let Some(this_one) = made(exported_at) else {
        return Err(damaged(file, format!("回执包的导出时间“{exported_at}”无法识别")));
    };
    if let Some(latest) = reports::last_return_exported_at(conn, &campaign.id, &part.secretary_id)?
        && made(&latest).is_some_and(|latest| this_one < latest)
    {
        let shown = |t: chrono::DateTime<chrono::FixedOffset>| t.format("%Y年%-m月%-d日 %H:%M:%S").to_string();
        return Err(Error::Conflict {
            message: format!(
                "这个回执包是组织方 {} 导出的，比本机已导入的回执包（{} 导出）更早，没有导入（选择“替换”也一样）：\
                 导入它会让测评结果、销号或点评退回到较早的状态。请导入组织方最新发回的回执包。",
                shown(this_one),
                made(&latest).map(shown).unwrap_or(latest)
            ),
        });
    }
    if approvals_here.iter().any(|a| !part.approvals.iter().any(|p| p.id == a.id)) {
        return Err(Error::Conflict {
            message: format!(
                "这个回执包比本机已导入的更早（本机有 {} 条审核记录不在包中），没有导入。请导入组织方最新发回的回执包。",
                approvals_here.iter().filter(|a| !part.approvals.iter().any(|p| p.id == a.id)).count()
            ),
        });
    }
    // What the import would overwrite: edits here since the report was sent, list rows that differ.
    let sections_changed = match (&here, &part.report) {
        (Some(here), Some(there)) => {
            let body = |r: &Report, id: &str| {
                r.sections.iter().find(|s| s.focus_point_id == id).map(|s| s.body.clone()).unwrap_or_default()
            };
            let points: BTreeSet<&str> =
                here.sections.iter().chain(&there.sections).map(|s| s.focus_point_id.as_str()).collect();
            points.into_iter().filter(|id| body(here, id) != body(there, id)).count()
        }
        _ => 0,
    };
    let list_changes = list_changes(conn, &campaign.id, part)?;
    let differences: Vec<String> = std::iter::once(("述职报告", sections_changed))
        .chain(list_changes)
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| format!("{what}有 {n} {}", if what == "述职报告" { "节" } else { "项" }))
        .collect();
    if !differences.is_empty() && !replace {
        return Err(Error::Conflict {
            message: format!(
                "本机的内容与组织方的回执不同：{}。导入会以组织方的版本为准（本机报告的改动会先另存为一个版本，导入前还会自动备份）。请先比较；确认后再选择“替换”导入。",
                differences.join("，")
            ),
        });
    }
    let measure_ids_there: BTreeSet<&str> = part.rectifications.iter().map(|r| r.id.as_str()).collect();
    let problem_ids_there: BTreeSet<&str> = part.problems.iter().map(|p| p.id.as_str()).collect();
    let notes_kept: Vec<ProgressNote> = lists::list_progress_notes(conn, &campaign.id)?
        .into_iter()
        .filter(|n| measure_ids_there.contains(n.rectification_id.as_str()))
        .filter(|n| !part.progress_notes.iter().any(|p| p.id == n.id))
        .collect();
    let inspections_kept: Vec<Inspection> = lists::list_inspections(conn, &campaign.id)?
        .into_iter()
        .filter(|i| measure_ids_there.contains(i.rectification_id.as_str()))
        .filter(|i| !part.inspections.iter().any(|p| p.id == i.id))
        .collect();
    let evidence_links: Vec<(String, String)> = reports::list_evidence(conn, &campaign.id)?
        .into_iter()
        .filter(|e| e.report_id == here_id)
        .filter_map(|e| e.problem_id.map(|p| (e.id, p)))
        .filter(|(_, p)| problem_ids_there.contains(p.as_str()))
        .collect();
    let revisions_here: Vec<Revision> =
        reports::list_revisions(conn, &campaign.id)?.into_iter().filter(|r| r.report_id == here_id).collect();
    let signoffs_here: Vec<String> = lists::list_list_signoffs(conn, &campaign.id)?.into_iter().map(|s| s.id).collect();
    let comments_here: Vec<String> =
        meeting::list_superior_comments(conn, &campaign.id)?.into_iter().map(|c| c.id).collect();
    Ok(ReturnPlan {
        campaign,
        here,
        approvals_here,
        sections_changed,
        differences,
        notes_kept,
        inspections_kept,
        evidence_links,
        revisions_here,
        signoffs_here,
        comments_here,
    })
}

/// Imports a checked return package on the secretary's computer.
pub fn import_return_package(
    store: &mut Store,
    file: &str,
    package: &CheckedReturn,
    replace: bool,
    actor: &str,
) -> Result<ReturnImported> {
    let part = &package.part;
    let exported_at = package.manifest.created_at.as_str();
    plan_return_import(store.conn(), file, part, exported_at, replace)?;
    crate::store::backup::automatic_backup(store, "before-import")?;
    let tx = store.begin_write()?;
    let written = (move || -> Result<ReturnImported> {
        // Decided again under the write lock: the role, the vote and the rows here are read
        // in the transaction that writes.
        let ReturnPlan {
            campaign,
            here,
            approvals_here,
            sections_changed,
            differences,
            notes_kept,
            inspections_kept,
            evidence_links,
            revisions_here,
            signoffs_here,
            comments_here,
        } = plan_return_import(&tx, file, part, exported_at, replace)?;
        crate::store::defer_foreign_keys(&tx)?;
        let mut imported = ReturnImported {
            secretary_id: part.secretary_id.clone(),
            report_id: part.report.as_ref().map(|r| r.id.clone()),
            secretary_name: part.secretary_name.clone(),
            report_status_text: "无述职报告".into(),
            approvals_added: 0,
            comments: part.superior_comments.len() as u32,
            grade_text: part.result.as_ref().map(|r| r.grade_text.clone()),
            problems: part.problems.len() as u32,
            measures: part.rectifications.len() as u32,
            replaced: !differences.is_empty(),
        };
        if let Some(report) = &part.report {
            if here.is_none() {
                reports::insert_report(&tx, report)?;
            }
            super::insert_new_revisions(&tx, &revisions_here, &part.revisions)?;
            if let Some(here) = &here {
                if sections_changed > 0 {
                    // The text written here since it was sent is kept as a revision, never dropped.
                    crate::report::insert_next_revision(&tx, here, actor, "导入回执前的本机稿")?;
                }
                reports::replace_report(&tx, report)?;
            }
            imported.report_status_text =
                crate::dashboard::status_text(Some((report.status, report.review_level)), &campaign.review_levels);
            let start = store::next_position(&tx, store::Positioned::Approvals)?;
            for (i, approval) in
                part.approvals.iter().filter(|a| !approvals_here.iter().any(|h| h.id == a.id)).enumerate()
            {
                reports::insert_approval(&tx, start + i, approval)?;
                imported.approvals_added += 1;
            }
        }
        let start = store::next_position(&tx, store::Positioned::SuperiorComments)?;
        for (i, comment) in part.superior_comments.iter().filter(|c| !comments_here.contains(&c.id)).enumerate() {
            meeting::insert_superior_comment(&tx, start + i, comment)?;
        }
        for comment in part.superior_comments.iter().filter(|c| comments_here.contains(&c.id)) {
            meeting::update_superior_comment(&tx, comment)?;
        }
        // The lists become the organizer's; what only this computer added to them is put back.
        lists::delete_problems_of(&tx, &part.secretary_id)?;
        let next = |table: store::Positioned| store::next_position(&tx, table);
        let start = next(store::Positioned::Problems)?;
        for (i, p) in part.problems.iter().enumerate() {
            lists::insert_problem(&tx, start + i, p)?;
        }
        let start = next(store::Positioned::Responsibilities)?;
        for (i, r) in part.responsibilities.iter().enumerate() {
            lists::insert_responsibility(&tx, start + i, r)?;
        }
        let start = next(store::Positioned::Rectifications)?;
        for (i, r) in part.rectifications.iter().enumerate() {
            lists::insert_rectification(&tx, start + i, r)?;
        }
        let start = next(store::Positioned::Inspections)?;
        for (i, inspection) in part.inspections.iter().chain(&inspections_kept).enumerate() {
            lists::insert_inspection(&tx, start + i, inspection)?;
        }
        let start = next(store::Positioned::ProgressNotes)?;
        for (i, note) in part.progress_notes.iter().chain(&notes_kept).enumerate() {
            lists::insert_progress_note(&tx, start + i, note)?;
        }
        // As when the note was written: a measure with progress is under way.
        for note in &notes_kept {
            lists::mark_in_progress(&tx, &note.rectification_id)?;
        }
        for (evidence_id, problem_id) in &evidence_links {
            crate::store::evidence::set_problem(&tx, evidence_id, problem_id)?;
        }
        let start = store::next_position(&tx, store::Positioned::ListSignoffs)?;
        for (i, signoff) in part.list_signoffs.iter().filter(|s| !signoffs_here.contains(&s.id)).enumerate() {
            lists::insert_list_signoff(&tx, &campaign.id, start + i, signoff)?;
        }
        let received = part.result.clone().map(|mut r| {
            r.received_at = Some(store::now_text());
            r
        });
        meeting::set_received_result(&tx, &campaign.id, &part.secretary_id, received.as_ref())?;
        reports::set_last_return_exported_at(&tx, &campaign.id, &part.secretary_id, exported_at)?;
        audit::record(
            &tx,
            Some(&campaign.id),
            &audit::entry(
                actor,
                "package.return",
                "secretary",
                &part.secretary_id,
                format!("从回执包 {file} 导入组织方发回{}的审核记录、点评、测评结果和清单", part.secretary_name),
            ),
        )?;
        tx.commit()?;
        Ok(imported)
    })();
    written.map_err(|e| super::clash(file, e))
}
