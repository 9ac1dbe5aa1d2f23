//! The one open database the window works on, shared by every command.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use shuzhi::Store;
use shuzhi::sample::load_sample_campaign;
use shuzhi::store::{audit, campaigns};

use crate::error::{CommandError, CommandResult};

/// The database, or why it could not be opened (shown in the window instead of data).
pub struct AppState {
    pub database_path: PathBuf,
    store: Result<Mutex<Store>, String>,
    /// The ballot server of 扫码测评 while it runs, with its campaign.
    pub vote_server: Mutex<Option<(String, shuzhi::meeting::phone::server::VoteServer)>>,
    /// The backup file last chosen in the system's open dialog, the only path from outside
    /// the backups folder a restore may use.
    pub chosen_backup: Mutex<Option<PathBuf>>,
}

impl AppState {
    /// Opens the database at `path`; a database with no campaign and no history is
    /// new, and gets the bundled sample campaign so a first start shows real data.
    pub fn open(path: PathBuf) -> AppState {
        let store = Store::open(&path).and_then(|mut store| {
            let is_new = campaigns::list_campaigns(store.conn())?.is_empty()
                && audit::list_database_events(store.conn())?.is_empty();
            if is_new {
                load_sample_campaign(&mut store, "述职评议助手（首次启动）")?;
            }
            // A damaged file is found before anything is written to it or copied from it:
            // the check stops the writes, and the window says so on every page.
            let health = shuzhi::database::check_database(&store)?;
            if !health.problems.is_empty() {
                // No daily backup of a damaged file: it would push the oldest sound daily
                // backup out of the ten that are kept.
                eprintln!("数据库未通过检查（{} 处问题），已停止写入。", health.problems.len());
                return Ok(store);
            }
            // Once a day, a copy in the backups folder beside the database. A failed backup
            // (a full disk) must not keep the program from opening: it says so and goes on.
            if let Err(error) = shuzhi::store::backup::daily_backup(&store) {
                eprintln!("每日自动备份未完成：{error}");
            }
            Ok(store)
        });
        AppState {
            database_path: path,
            store: store.map(Mutex::new).map_err(|e| e.to_string()),
            vote_server: Mutex::new(None),
            chosen_backup: Mutex::new(None),
        }
    }

    /// The store, locked for one command.
    pub fn store(&self) -> CommandResult<MutexGuard<'_, Store>> {
        match &self.store {
            Ok(store) => Ok(store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())),
            Err(message) => Err(CommandError::Storage { message: message.clone() }),
        }
    }
}

impl AppState {
    /// Puts the backup at `source` in place of the open database: the store is closed,
    /// the backup checked and restored (the current file is backed up first), and the
    /// store reopened — on the restored file, or on the old one when anything failed.
    pub fn restore(&self, source: &std::path::Path) -> CommandResult<()> {
        shuzhi::store::backup::check_backup(source)?;
        let mut guard = self.store()?;
        let placeholder = Store::open_in_memory()?;
        drop(std::mem::replace(&mut *guard, placeholder));
        match shuzhi::store::backup::restore(&self.database_path, source) {
            Ok(restored) => {
                *guard = restored;
                Ok(())
            }
            Err(error) => {
                *guard = Store::open(&self.database_path)?;
                Err(error.into())
            }
        }
    }
}

/// Today's date, which decides what is overdue.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[cfg(test)]
mod tests {
    use super::AppState;
    use crate::error::CommandError;

    /// The window's path to a restore: while its own 扫码测评 runs, the restore is refused
    /// with the message that says to stop the phone vote first, and the window keeps
    /// working on its database; once the vote server is stopped, the restore goes ahead.
    #[test]
    fn the_window_refuses_a_restore_while_its_phone_vote_runs() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(dir.path().join("shuzhi.db"));
        let campaign = shuzhi::store::campaigns::list_campaigns(state.store().unwrap().conn()).unwrap()[0].id.clone();
        let copy = dir.path().join("copy.db");
        shuzhi::store::backup::backup_to(state.store().unwrap().conn(), &copy).unwrap();
        let server =
            shuzhi::meeting::phone::server::VoteServer::start(&state.database_path, &campaign, "127.0.0.1:0").unwrap();
        *state.vote_server.lock().unwrap() = Some((campaign.clone(), server));

        let refused = state.restore(&copy).unwrap_err();
        assert!(
            matches!(&refused, CommandError::Conflict { message } if message == shuzhi::store::ballot_lock::BALLOT_SERVER_RUNNING),
            "{refused:?}"
        );
        assert!(shuzhi::store::campaigns::list_campaigns(state.store().unwrap().conn()).is_ok(), "still usable");

        let (_, server) = state.vote_server.lock().unwrap().take().unwrap();
        server.stop();
        state.restore(&copy).unwrap();
    }

    /// A start on a damaged file stops the writes and makes no daily backup of it, so the
    /// sound daily backups kept so far stay.
    #[test]
    fn a_damaged_database_is_checked_before_its_daily_backup_and_not_copied() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shuzhi.db");
        let mut store = shuzhi::Store::open(&db).unwrap();
        shuzhi::sample::load_sample_campaign(&mut store, "测试").unwrap();
        store
            .conn()
            .execute_batch(
                "PRAGMA foreign_keys = OFF; UPDATE secretaries SET organization_id = 'gone' WHERE id = 'sec-jj';",
            )
            .unwrap();
        drop(store);
        let state = AppState::open(db.clone());
        assert!(state.store().unwrap().writes_stopped());
        assert!(shuzhi::store::backup::list_backups(&db).is_empty(), "no daily backup of the damaged file");

        let sound = dir.path().join("sound.db");
        let state = AppState::open(sound.clone());
        assert!(!state.store().unwrap().writes_stopped());
        assert_eq!(shuzhi::store::backup::list_backups(&sound).len(), 1, "the daily backup of a sound file");
    }
}
