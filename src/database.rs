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
    }
    if !health.problems.is_empty() {
        // Damage is known: nothing more is written to this file until it is restored.
        store.stop_writes()?;
        health.writes_stopped = true;
    }
    Ok(health)
}
