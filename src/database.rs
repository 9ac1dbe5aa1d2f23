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
    health.problems.extend(evidence_findings(store.conn()));
    seals_and_stop(store, health)
}

/// The check every start makes before anything is written or copied: SQLite's quick check
/// (every page and its structure), every foreign key and every sealed vote. What takes
/// longest — matching every index to its table, every evidence file against its digest —
/// runs beside the window ([`check_beside_then_back_up`]), and every write waits for it.
pub fn check_at_start(store: &Store) -> Result<crate::store::DatabaseHealth> {
    seals_and_stop(store, store.quick_health()?)
}

/// The rest of the start's check, on a thread with a read-only connection of its own:
/// SQLite's full integrity check and every evidence file against its digest. The store's
/// writes wait for it ([`Store::writes_wait_for`]) and stop if it finds anything; only a
/// sound file then gets its daily backup, so a damaged one never pushes the oldest sound
/// daily backup out of the ten kept.
pub fn check_beside_then_back_up(store: &Store, path: &std::path::Path) -> std::thread::JoinHandle<()> {
    let check = crate::store::CheckBeside::default();
    store.writes_wait_for(check.clone());
    let reporter = check.reporter();
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let found = crate::store::read_only_connection(&path).and_then(|conn| {
            let mut found = crate::store::integrity_findings(&conn, false)?;
            found.extend(evidence_findings(&conn));
            Ok(found)
        });
        match found {
            Ok(found) if !found.is_empty() => {
                eprintln!("数据库未通过检查（{} 处问题），已停止写入：{}", found.len(), found.join("；"));
                reporter.report(found);
            }
            Ok(_) => {
                reporter.report(Vec::new());
                if let Err(error) = crate::store::backup::daily_backup_of_file(&path) {
                    eprintln!("每日自动备份未完成：{error}");
                }
            }
            // Not checked (the file could not be read beside): no backup of what was not checked.
            Err(error) => eprintln!("启动后的完整检查未能进行，今天没有自动备份：{error}"),
        }
    })
}

fn evidence_findings(conn: &rusqlite::Connection) -> Vec<String> {
    match crate::report::evidence::damaged_files(conn) {
        Ok(damaged) => damaged,
        Err(error) => vec![format!("佐证文件未能逐一核对：{error}")],
    }
}

/// Every sealed vote against its ballots and the log; then, damage being known, no more writes.
fn seals_and_stop(store: &Store, mut health: crate::store::DatabaseHealth) -> Result<crate::store::DatabaseHealth> {
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
pub(crate) fn seal_against_the_log(store: &Store, title: &str, campaign_id: &str, fingerprint: &str) -> Option<String> {
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
