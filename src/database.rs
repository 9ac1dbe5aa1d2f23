//! The database as a whole, as a person asks after it (the window's 检查数据库, `shuzhi
//! check-db`, and every start of the window): SQLite's own checks, every stored file
//! against its digest, every sealed vote against its fingerprint; and, once damage is
//! known, no more writes to the file.

use crate::error::Result;
use crate::store::{Store, campaigns, meeting};

/// The database check a person runs (the window's 检查数据库, `shuzhi check-db`): SQLite's
/// own integrity and foreign-key checks, and every sealed vote's fingerprint computed again
/// from the ballots held. The database refuses changes to sealed ballots, so a mismatch
/// means the file was altered by other means.
pub fn check_database(store: &Store) -> Result<crate::store::DatabaseHealth> {
    let mut health = store.health()?;
    match crate::report::evidence::damaged_files(store.conn()) {
        Ok(damaged) => health.problems.extend(damaged),
        Err(error) => health.problems.push(format!("佐证文件未能逐一核对：{error}")),
    }
    let campaigns = match campaigns::list_campaigns(store.conn()) {
        Ok(campaigns) => campaigns,
        Err(error) => {
            health.problems.push(format!("无法读出年度述职评议，测评封存未能核对：{error}"));
            return Ok(health);
        }
    };
    for campaign in campaigns {
        let sealed = match meeting::get_closure(store.conn(), &campaign.id) {
            Ok(None) => continue,
            Ok(Some(closure)) => {
                crate::meeting::fingerprint_of_ballots_held(store, &campaign.id).map(|held| (closure, held))
            }
            Err(error) => Err(error),
        };
        let (closure, (held, count)) = match sealed {
            Ok(pair) => pair,
            Err(error) => {
                health.problems.push(format!("“{}”的测评封存未能核对：{error}", campaign.title));
                continue;
            }
        };
        if held != closure.fingerprint {
            health.problems.push(format!(
                "“{}”的测评票与结束测评时封存的指纹不符（封存时 {}，现有 {} 张票算得 {}）：测评票在封存后被改动过。\
                 请从结束测评之后的备份恢复，并查明改动的来源",
                campaign.title, closure.fingerprint, count, held
            ));
        }
        if let Some(problem) = seal_against_the_log(store, &campaign.title, &campaign.id, &closure.fingerprint) {
            health.problems.push(problem);
        }
    }
    if !health.problems.is_empty() {
        // Damage is known: nothing more is written to this file until it is restored.
        store.stop_writes()?;
        health.writes_stopped = true;
    }
    Ok(health)
}

/// The seal against the operation log: the last closing or reopening logged for the
/// campaign must be the closing that wrote this fingerprint. Someone who removed the seal
/// by other means, changed the ballots and sealed them again with their new fingerprint
/// leaves a seal that the log does not show. (A campaign whose log has no closing at all,
/// from a version that did not log it, is not judged.)
fn seal_against_the_log(store: &Store, title: &str, campaign_id: &str, fingerprint: &str) -> Option<String> {
    let log = match crate::store::audit::list_for_campaign(store.conn(), campaign_id) {
        Ok(log) => log,
        Err(error) => return Some(format!("“{title}”的操作日志未能读出，测评封存未能与日志核对：{error}")),
    };
    let last = log.iter().rev().find(|e| e.action == "vote.close" || e.action == "vote.reopen")?;
    let logged =
        last.detail.split("指纹 ").nth(1).map(|rest| rest.split(['，', '（', '）', ' ']).next().unwrap_or(rest));
    if last.action == "vote.close" && logged == Some(fingerprint) {
        return None;
    }
    let what = match (last.action.as_str(), logged) {
        ("vote.reopen", _) => format!("日志中最后一次是 {} 重新开启测评，此后没有结束测评的记录", last.at),
        (_, Some(logged)) => format!("日志中 {} 结束测评时的指纹为 {logged}，现在的封存记录为 {fingerprint}", last.at),
        _ => format!("日志中 {} 结束测评的记录没有指纹", last.at),
    };
    Some(format!(
        "“{title}”的测评封存与操作日志不符（{what}）：封存记录在程序之外被改动过，测评票可能也被改过。\
         请从结束测评之后的备份恢复，并查明改动的来源"
    ))
}
