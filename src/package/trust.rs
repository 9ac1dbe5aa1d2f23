//! Where each kind of package may be imported, and what a return may claim.
//!
//! The organizer's database is the record: a report package there only proposes (its
//! texts, items, evidence and notes), and a return package, which carries the organizer's
//! own word (states, reviews, results, sign-offs), is never taken there at all — whatever
//! its manifest calls it, an edited return would otherwise approve reports, sign off
//! measures and put a grade on the dashboard with no act of the organizer. So a return is
//! imported only on a computer set to 书记, never where this campaign's vote is held, and
//! only for the secretary the computer belongs to; a report package is refused on a
//! secretary's computer, where it has no reader. Every question here is asked inside the
//! import's write transaction, so the role and the vote read are the ones the write meets.
//!
//! On the secretary's computer a return is the organizer's word, so it may bring only what
//! the organizer's own actions could have made: a report state that its review record
//! shows, and a result only from a vote that was closed.

use rusqlite::Connection;

use super::bad_package;
use crate::domain::{ApprovalDecision, Report, ReportStatus, Role};
use crate::error::Result;
use crate::store::{meeting, organizations, workstation};

/// Refuses a secretary's report package on a computer set to 书记.
pub(crate) fn refuse_report_package_here(conn: &Connection, file: &str) -> Result<()> {
    if workstation::get(conn)?.role == Some(Role::Secretary) {
        return Err(bad_package(
            file,
            "这是书记的述职报告交换包，应在组织方的电脑上导入；这台电脑设为“书记（我要述职）”".into(),
            "请把交换包发给组织方。如果这台电脑其实由组织方使用，请先把“本机用途”改为组织方再导入。",
        ));
    }
    Ok(())
}

/// Refuses the organizer's return package anywhere but on the computer of the secretary it
/// was made for: on the organizer's computer or the sample's, on one whose use is not set,
/// where this campaign's vote is held, and on another secretary's computer.
pub(crate) fn refuse_return_package_here(
    conn: &Connection,
    file: &str,
    campaign_id: &str,
    secretary_id: &str,
    secretary_name: &str,
) -> Result<()> {
    let station = workstation::get(conn)?;
    let role_problem = match station.role {
        Some(Role::Secretary) => None,
        Some(role @ (Role::Organizer | Role::Sample)) => Some(format!(
            "这是组织方发回书记的回执包，应在书记本人的电脑上导入；这台电脑设为“{}”，这里的数据库是组织方的记录，回执包不能改动它",
            role.label()
        )),
        None => Some("这是组织方发回书记的回执包，应在书记本人的电脑上导入；这台电脑还没有设定用途".into()),
    };
    if let Some(problem) = role_problem {
        return Err(bad_package(
            file,
            problem,
            "请把回执包交给书记本人，在她（他）的电脑上导入。如果这台电脑确是书记本人的，请先把“本机用途”改为“书记（我要述职）”（命令行：shuzhi role 书记）再导入。",
        ));
    }
    // The ballots or the closed vote of this campaign are here only on the organizer's
    // computer (or a copy of its database), whatever the role says.
    if meeting::has_ballots(conn, campaign_id)? || meeting::get_closure(conn, campaign_id)?.is_some() {
        return Err(bad_package(
            file,
            "这是组织方发回书记的回执包，而本数据库中有这个年度的测评票（或测评已在本机结束），是组织方的记录".into(),
            "回执包只能在书记本人的电脑上导入。请在书记的电脑上导入；这台电脑若由组织方使用，请把“本机用途”改为组织方。",
        ));
    }
    // Whose computer this is: the secretary chosen in this campaign when there is one, else
    // the name given for the 书记 role (a computer set up from the command line, or before
    // its secretary was chosen).
    let me_here = station
        .secretary_id
        .as_deref()
        .filter(|me| organizations::campaign_of_secretary(conn, me).is_ok_and(|campaign| campaign == campaign_id));
    let mine = match me_here {
        Some(me) if me != secretary_id => Some(
            organizations::list_secretaries(conn, campaign_id)?
                .into_iter()
                .find(|s| s.id == me)
                .map(|s| s.name)
                .unwrap_or_default(),
        ),
        Some(_) => None,
        None => {
            let name = station.secretary_name.trim();
            (!name.is_empty() && name != secretary_name.trim()).then(|| name.to_string())
        }
    };
    if let Some(mine) = mine {
        return Err(bad_package(
            file,
            format!("回执包是发给{secretary_name}的，这台电脑属于{mine}"),
            "请把回执包转交本人导入；如果发错了，请联系组织方重新发送。如果这台电脑确是本人的、只是姓名设错了，请先改正本机使用者姓名（命令行：shuzhi role 书记 --name 姓名）。",
        ));
    }
    Ok(())
}

/// Whether the results received in return packages count on this computer: only on a
/// secretary's, and never for a campaign whose vote is held here (its own ballots decide).
pub fn received_results_apply(conn: &Connection, campaign_id: &str) -> Result<bool> {
    Ok(workstation::get(conn)?.role == Some(Role::Secretary)
        && !meeting::has_ballots(conn, campaign_id)?
        && meeting::get_closure(conn, campaign_id)?.is_none())
}

/// Checks that what a return says of the report is what the organizer's review record shows:
/// 审核通过 only after a pass at the last level, a level reached only by a pass below it,
/// 退回修改 only after a return at that level. `None` when it holds, else what is wrong.
pub(crate) fn unbacked_report_state(
    report: &Report,
    approvals: &[crate::domain::Approval],
    levels: u32,
) -> Option<String> {
    let last = approvals.last();
    let passed = |level: u32| approvals.iter().any(|a| a.level == level && a.decision == ApprovalDecision::Passed);
    let backed = match report.status {
        ReportStatus::Draft => report.review_level == 0,
        ReportStatus::Submitted => {
            report.review_level < levels.max(1)
                && (report.review_level == 0
                    || last.is_some_and(|a| {
                        (a.decision == ApprovalDecision::Passed && a.level + 1 == report.review_level)
                            || (a.decision == ApprovalDecision::Returned && a.level == report.review_level)
                    }))
        }
        ReportStatus::Returned => {
            last.is_some_and(|a| a.decision == ApprovalDecision::Returned && a.level == report.review_level)
        }
        ReportStatus::Approved => {
            levels > 0
                && report.review_level + 1 == levels
                && passed(report.review_level)
                && last.is_some_and(|a| a.decision == ApprovalDecision::Passed && a.level + 1 == levels)
        }
    };
    (!backed).then(|| format!("报告状态为“{}”，但回执包中的审核记录不支持这个状态", report.status.label()))
}

/// Checks that a result in a return comes from a closed vote: its closing time and the
/// fingerprint of the ballots, as the organizer's computer writes them; and that it was
/// not itself received (a received result is never passed on).
pub(crate) fn unbacked_result(result: &crate::meeting::PersonalResult) -> Option<String> {
    let fingerprint_ok = result.fingerprint.len() == 64
        && result.fingerprint.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase());
    if result.closed_at.trim().is_empty() || !fingerprint_ok {
        return Some("回执包中的测评结果没有测评结束的记录（结束时间和测评票指纹），不是测评结束后得出的结果".into());
    }
    if result.received_at.is_some() {
        return Some("回执包中的测评结果是从别的回执包转来的，不是组织方计票得出的".into());
    }
    None
}
