//! Following a measure up after the lists are made: the undo of its last change of
//! state, and a 销号 that keeps the file seen as evidence in the report's evidence store.

use crate::domain::RectificationStatus;
use crate::error::{Error, Result};
use crate::report::evidence::EvidenceTarget;
use crate::store::{Store, audit, lists, workstation};

use super::{campaign_of_rectification, entry};

/// Undoes the last change of a measure's state (a status set by mistake, or a 销号 made
/// too early): the state before it comes back, with the 销号 it replaced, and the undo is
/// logged. Returns what the measure is now, in words.
pub fn undo_status_change(store: &mut Store, rectification_id: &str, actor: &str) -> Result<String> {
    let campaign_id = campaign_of_rectification(store, rectification_id)?;
    let tx = store.begin_write()?;
    let Some(change) = workstation::last_change(&tx, rectification_id)? else {
        return Err(Error::Conflict {
            message: "这项整改措施的状态还没有改过，没有可以撤销的修改。".into()
        });
    };
    // Undoing a 销号 reopens what the organizer closed: the organizer's work, whichever
    // shell asks.
    if change.new_status == RectificationStatus::Done {
        crate::workstation::refuse_unless_organizer(&tx, "撤销销号")?;
    }
    let (now, _) = lists::rectification_state(&tx, rectification_id)?;
    if now != change.new_status {
        return Err(Error::Conflict {
            message: format!(
                "这项措施现在是“{}”，与最后一次记录的修改（改为“{}”）不一致，无法撤销。请直接设置需要的状态。",
                now.label(),
                change.new_status.label()
            ),
        });
    }
    match &change.previous_sign_off {
        Some(sign_off) => lists::sign_off(&tx, rectification_id, sign_off)?,
        None => lists::set_open_status(&tx, rectification_id, change.previous_status)?,
    }
    workstation::mark_undone(&tx, change.id)?;
    let words = format!(
        "已撤销 {} 于 {} 所做的修改（改为“{}”），恢复为“{}”",
        change.actor,
        crate::report::pdf::chinese_time(&change.at),
        change.new_status.label(),
        change.previous_status.label()
    );
    audit::record(&tx, Some(&campaign_id), &entry(actor, "rectification.undo", rectification_id, words.clone()))?;
    tx.commit()?;
    Ok(words)
}

/// 销号 with a file (a scan of the meeting record, a photo): the file joins the evidence
/// of the secretary's report, on the problem the measure answers, and the 销号 names it.
/// Everything is checked before anything is written; the file is kept only when the
/// 销号 is made.
#[allow(clippy::too_many_arguments)]
pub fn sign_off_with_file(
    store: &mut Store,
    rectification_id: &str,
    date: &str,
    verifier: &str,
    evidence: &str,
    file_name: &str,
    bytes: &[u8],
    actor: &str,
) -> Result<()> {
    let sign_off = super::checked_sign_off(date, verifier, evidence)?;
    crate::report::evidence::checked_file(file_name, bytes)?;
    // One write: the file and the 销号 are kept together or not at all, and logged once.
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(&tx, super::SIGNING_OFF)?;
    let problem_id = lists::problem_of_measure(store.conn(), rectification_id)?.ok_or_else(|| Error::Conflict {
        message: "找不到这项整改措施，可能已被删除。请刷新清单后重试。".into(),
    })?;
    let (_, secretary_id) = lists::owner_of_problem(store.conn(), &problem_id)?.ok_or_else(|| Error::Conflict {
        message: "找不到这项措施对应的问题。请刷新清单后重试。".into(),
    })?;
    let Some(report_id) = crate::report::report_of_secretary(store, &secretary_id)? else {
        return Err(Error::Conflict {
            message: "这位书记还没有述职报告，佐证文件无处存放。请只填写佐证说明办理销号，或先为其建立报告。".into(),
        });
    };
    let target = EvidenceTarget { focus_point_id: None, problem_id: Some(problem_id) };
    let (campaign_id, kept) = crate::report::evidence::prepare_evidence(
        store,
        &report_id,
        &target,
        file_name,
        bytes,
        &format!("销号佐证：{}", evidence.trim()),
    )?;
    crate::report::evidence::write_evidence(&tx, &kept, bytes)?;
    let named = crate::domain::SignOff {
        evidence: format!("{}（附件：{}）", sign_off.evidence, kept.file_name),
        ..sign_off
    };
    let attached = format!("，附件“{}”（{} 字节）", kept.file_name, kept.size_bytes);
    super::sign_off_in(&tx, &campaign_id, rectification_id, &named, actor, &attached)?;
    tx.commit()?;
    Ok(())
}
