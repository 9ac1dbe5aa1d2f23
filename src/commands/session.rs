//! The one open database a shell works on, shared by every command, and what the shell
//! does for the commands that hand a file to the person or let them choose one.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use crate::Store;
use crate::files::Export;
use crate::sample::load_sample_campaign;
use crate::store::{audit, campaigns};

use super::error::{CommandError, CommandResult};

/// What kind of file a chooser offers: a name for people and the extensions.
#[derive(Debug, Clone, Copy)]
pub struct FileFilter {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

/// What differs between the shells: how a file the core made reaches the person, and how
/// the person chooses a file of their own. The window saves into the export folder and
/// opens the system's dialogs; the browser app hands out downloads and takes uploads.
pub trait Shell: Send + Sync {
    /// Hands over a file the core made; returns what the page shows about it (the window:
    /// the path the person saved it to in the save dialog; the browser: the name of the
    /// download), or `None` when the person cancelled.
    fn deliver(&self, export: Export) -> CommandResult<Option<Delivered>>;

    /// Hands over a set of files that belong together under `folder`; returns what the
    /// page shows (the folder's path, or its name), or `None` when the person cancelled.
    fn deliver_folder(&self, folder: &str, files: Vec<Export>) -> CommandResult<Option<Delivered>>;

    /// Lets the person keep `export` where they choose (a USB stick, say); `None` when they
    /// cancelled. The window asks in the system's save dialog; the browser downloads it.
    fn keep_elsewhere(&self, title: &str, export: Export, filter: FileFilter) -> CommandResult<Option<String>>;

    /// A file the person chose from their own folders, or `None` when they cancelled. The
    /// window asks in the system's open dialog; the browser takes the file the page uploaded.
    fn choose_file(&self, title: &str, filter: FileFilter) -> Option<PathBuf>;

    /// Shows the projector view of `campaign_id` in a window of its own (full screen, on a
    /// second display when there is one) while the main window goes on working. `false`
    /// when the shell has no windows of its own: the page then opens a new tab itself.
    fn open_projector(&self, _campaign_id: &str) -> CommandResult<bool> {
        Ok(false)
    }

    /// Closes the projector's own window; `false` when there is none (the page closes its tab).
    fn close_projector(&self) -> CommandResult<bool> {
        Ok(false)
    }
}

/// Where a delivered export went: what the page shows, and the file or folder on this
/// computer when there is one (the window's save dialog), which the person may then open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub shown: String,
    pub saved_at: Option<PathBuf>,
}

/// Who acted, in the audit log, on a computer whose person has not given a name.
pub const UNNAMED_ACTOR: &str = "本机（未填写使用者姓名）";

/// The database, or why it could not be opened (shown in the window instead of data).
pub struct Session {
    pub database_path: PathBuf,
    store: Result<Mutex<Store>, String>,
    /// The ballot server of 扫码测评 while it runs, with its campaign.
    pub vote_server: Mutex<Option<(String, crate::meeting::phone::server::VoteServer)>>,
    /// The backup files chosen in the system's open dialog (or uploaded by a tab of the
    /// browser app), each under the id its `choose_backup_file` answer gave the page: the
    /// only paths from outside the backups folder a restore may use. Kept per choice, not
    /// per session, so two tabs choosing at once each restore their own file.
    pub chosen_backups: Mutex<std::collections::VecDeque<(String, PathBuf)>>,
    /// The shell the session runs in.
    pub shell: Box<dyn Shell>,
    /// The files and folders this session's exports were saved to, wherever the person
    /// chose: with the export folder, the only paths 打开文件 and 打开所在文件夹 accept.
    saved_exports: Mutex<Vec<PathBuf>>,
    /// The daily backup made beside the start, while it runs.
    daily_backup: Mutex<Option<std::thread::JoinHandle<()>>>,
    /// What the shell adds beside the name of who acted (the command line: that it ran
    /// there, and its `--actor`); never instead of the name.
    actor_note: Option<String>,
}

impl Drop for Session {
    /// A session ends once its daily backup is whole (never a half-made copy left behind).
    fn drop(&mut self) {
        self.wait_for_daily_backup();
    }
}

impl Session {
    /// Opens the database at `path`; a database with no campaign and no history is
    /// new, and gets the bundled sample campaign so a first start shows real data.
    pub fn open(path: PathBuf, shell: Box<dyn Shell>) -> Session {
        // The real file, once: the ballot server's lock, the backups and a restore then all
        // name the file itself, whichever link the path went through.
        let path = crate::paths::resolve_database_path(&path);
        let mut daily_backup = None;
        let store = Store::open(&path).and_then(|mut store| {
            let is_new = campaigns::list_campaigns(store.conn())?.is_empty()
                && audit::list_database_events(store.conn())?.is_empty();
            // A damaged file is found before anything is written to it or copied from it:
            // the check stops the writes, and the window says so on every page. A file
            // about to get the sample holds next to nothing: it is checked whole first.
            let health = match is_new {
                true => crate::database::check_database(&store)?,
                false => crate::database::check_at_start(&store)?,
            };
            if !health.problems.is_empty() {
                // No daily backup of a damaged file: it would push the oldest sound daily
                // backup out of the ten that are kept.
                eprintln!("数据库未通过检查（{} 处问题），已停止写入。", health.problems.len());
                return Ok(store);
            }
            if is_new {
                load_sample_campaign(&mut store, "述职评议助手（首次启动）")?;
            }
            // The slow part of the check (every index against its table, every evidence
            // file against its digest: a second of ten years' 270 MB) and then, once a day,
            // a copy in the backups folder, run beside the window through a connection of
            // their own; every write waits for the check and stops if it finds anything.
            // A failed backup (a full disk) must not keep the program from opening: it says
            // so and goes on.
            daily_backup = Some(crate::database::check_beside_then_back_up(&store, &path));
            Ok(store)
        });
        let session = Session::on(path, store.map_err(|e| e.to_string()), shell);
        *session.daily_backup.lock().unwrap_or_else(|p| p.into_inner()) = daily_backup;
        session
    }

    /// Waits for the daily backup the start began beside the window (the list of backups,
    /// a restore, the end of the session).
    pub fn wait_for_daily_backup(&self) {
        let running = self.daily_backup.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(running) = running {
            let _ = running.join();
        }
    }

    /// A session on the database at `path` as it is (the command line: a new file stays
    /// empty until `shuzhi demo` or an import fills it, and no start-up check runs on every
    /// call); an error when it cannot be opened.
    pub fn open_as_is(path: PathBuf, shell: Box<dyn Shell>) -> CommandResult<Session> {
        let path = crate::paths::resolve_database_path(&path);
        let store = Store::open(&path)?;
        Ok(Session::on(path, Ok(store), shell))
    }

    /// A session on `store` (or on why it could not be opened) at the real file `path`.
    fn on(path: PathBuf, store: Result<Store, String>, shell: Box<dyn Shell>) -> Session {
        Session {
            database_path: path,
            store: store.map(Mutex::new),
            vote_server: Mutex::new(None),
            chosen_backups: Mutex::new(std::collections::VecDeque::new()),
            shell,
            saved_exports: Mutex::new(Vec::new()),
            actor_note: None,
            daily_backup: Mutex::new(None),
        }
    }

    /// Hands `export` to the person through the shell; what the page shows, or `None`
    /// when they cancelled the save dialog.
    pub fn deliver(&self, export: Export) -> CommandResult<Option<String>> {
        let delivered = self.shell.deliver(export)?;
        Ok(delivered.map(|d| self.remember(d)))
    }

    /// Hands a set of files that belong together to the person, as [`Session::deliver`].
    pub fn deliver_folder(&self, folder: &str, files: Vec<Export>) -> CommandResult<Option<String>> {
        let delivered = self.shell.deliver_folder(folder, files)?;
        Ok(delivered.map(|d| self.remember(d)))
    }

    fn remember(&self, delivered: Delivered) -> String {
        if let Some(path) = delivered.saved_at.and_then(|p| p.canonicalize().ok()) {
            let mut saved = self.saved_exports.lock().unwrap_or_else(|p| p.into_inner());
            if !saved.contains(&path) {
                saved.push(path);
            }
        }
        delivered.shown
    }

    /// Whether `path` (canonical) is a file or folder this session's exports were saved to.
    pub fn saved_export(&self, path: &std::path::Path) -> bool {
        self.saved_exports.lock().unwrap_or_else(|p| p.into_inner()).iter().any(|saved| saved == path)
    }

    /// Adds `note` beside the name of whoever acts, in every entry of the audit log this
    /// session writes.
    pub fn with_actor_note(mut self, note: String) -> Session {
        self.actor_note = Some(note);
        self
    }

    /// Who the audit log records as acting: the name this computer keeps for its role (chosen
    /// at first start, changed on 本机设置), never a name a page or a file sends. A computer
    /// whose person has not given a name is recorded as such.
    pub fn actor(&self) -> CommandResult<String> {
        let name = crate::workstation::acting_name(&*self.store()?)?;
        let name = if name.is_empty() { UNNAMED_ACTOR.to_string() } else { name };
        Ok(match &self.actor_note {
            Some(note) => format!("{name}（{note}）"),
            None => name,
        })
    }

    /// The store, locked for one command.
    pub fn store(&self) -> CommandResult<MutexGuard<'_, Store>> {
        match &self.store {
            Ok(store) => Ok(store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())),
            Err(message) => Err(CommandError::Storage { message: message.clone() }),
        }
    }
}

impl Session {
    /// Puts the backup at `source` in place of the open database: the store is closed,
    /// the backup checked and restored (the current file is backed up first), and the
    /// store reopened — on the restored file, or on the old one when anything failed.
    pub fn restore(&self, source: &std::path::Path) -> CommandResult<()> {
        crate::store::backup::check_backup(source)?;
        let mut guard = self.store()?;
        let placeholder = Store::open_in_memory()?;
        drop(std::mem::replace(&mut *guard, placeholder));
        match crate::store::backup::restore(&self.database_path, source) {
            Ok(restored) => {
                // The restored file is checked whole, as a start would: a backup damaged
                // since it was made (its evidence unlike its digests) takes no writes.
                let health = crate::database::check_database(&restored)?;
                if !health.problems.is_empty() {
                    eprintln!("恢复的备份未通过检查（{} 处问题），已停止写入。", health.problems.len());
                }
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

#[cfg(test)]
mod tests {
    use super::Session;
    use crate::commands::CommandError;

    /// A shell's path to a restore: while its own 扫码测评 runs, the restore is refused
    /// with the message that says to stop the phone vote first, and the window keeps
    /// working on its database; once the vote server is stopped, the restore goes ahead.
    #[test]
    fn a_session_refuses_a_restore_while_its_phone_vote_runs() {
        let dir = tempfile::tempdir().unwrap();
        let session = Session::open(dir.path().join("shuzhi.db"), Box::new(super::super::SavesToFolder));
        let campaign = crate::store::campaigns::list_campaigns(session.store().unwrap().conn()).unwrap()[0].id.clone();
        let copy = dir.path().join("copy.db");
        crate::store::backup::backup_to(session.store().unwrap().conn(), &copy).unwrap();
        let server =
            crate::meeting::phone::server::VoteServer::start(&session.database_path, &campaign, "127.0.0.1:0").unwrap();
        *session.vote_server.lock().unwrap() = Some((campaign.clone(), server));

        let refused = session.restore(&copy).unwrap_err();
        assert!(
            matches!(&refused, CommandError::Conflict { message } if message == crate::store::ballot_lock::BALLOT_SERVER_RUNNING),
            "{refused:?}"
        );
        assert!(crate::store::campaigns::list_campaigns(session.store().unwrap().conn()).is_ok(), "still usable");

        let (_, server) = session.vote_server.lock().unwrap().take().unwrap();
        server.stop();
        session.restore(&copy).unwrap();
    }

    /// Damage only the check beside the window finds — an evidence file unlike its digest,
    /// an index that no longer matches its table (SQLite's quick check passes both) — still
    /// stops every write before it reaches the file, and no daily backup is made of it.
    #[test]
    fn damage_the_check_beside_the_window_finds_stops_the_first_write_and_the_backup() {
        const PNG: &[u8] = include_bytes!("../../tests/fixtures/evidence/sign-in-sheet.png");
        let damages: [(&str, &str); 2] = [
            ("evidence", "UPDATE evidence_blobs SET content = X'4D5A900065766974'"),
            (
                "index",
                "PRAGMA writable_schema = ON; \
                 UPDATE sqlite_schema SET sql = 'CREATE INDEX organizations_by_campaign ON organizations (position, campaign_id)' \
                 WHERE name = 'organizations_by_campaign'; PRAGMA writable_schema = OFF;",
            ),
        ];
        for (what, damage) in damages {
            let dir = tempfile::tempdir().unwrap();
            let db = dir.path().join("shuzhi.db");
            let mut store = crate::Store::open(&db).unwrap();
            crate::sample::load_sample_campaign(&mut store, "测试").unwrap();
            let section = crate::report::evidence::EvidenceTarget {
                focus_point_id: Some("fp-2023-achievements".into()),
                problem_id: None,
            };
            crate::report::evidence::attach_evidence(&mut store, "rep-zyy", &section, "签到表.png", PNG, "", "测试")
                .unwrap();
            store.conn().execute_batch(damage).unwrap();
            drop(store);
            let damaged = crate::Store::open(&db).unwrap();
            assert!(damaged.quick_health().unwrap().problems.is_empty(), "{what}: the quick check passes it");
            drop(damaged);

            let session = Session::open(db.clone(), Box::new(super::super::SavesToFolder));
            // An import's backup, asked for before the check has spoken, waits for it: no
            // copy of the damaged file pushes a sound one out.
            let backup = crate::store::backup::automatic_backup(&session.store().unwrap(), "before-import");
            assert!(matches!(backup, Err(crate::Error::WritesStopped)), "{what}: {backup:?}");
            let refused = crate::meeting::set_agenda(
                &mut session.store().unwrap(),
                "sample-2023-swjw",
                &["sec-zyy".to_string()],
                "测试",
            )
            .unwrap_err();
            assert!(matches!(refused, crate::Error::WritesStopped), "{what}: {refused:?}");
            assert!(session.store().unwrap().writes_stopped(), "{what}");
            session.wait_for_daily_backup();
            assert!(crate::store::backup::list_backups(&db).is_empty(), "{what}: no daily backup of the damaged file");
        }
    }

    /// A file that looks new (no year, no log of its own) but is damaged gets no sample
    /// and no backup: it is checked whole before the sample would be written.
    #[test]
    fn a_damaged_file_that_looks_new_gets_no_sample() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shuzhi.db");
        let store = crate::Store::open(&db).unwrap();
        store
            .conn()
            .execute(
                "INSERT INTO evidence_blobs (sha256, size_bytes, content) VALUES (?1, 3, X'010203')",
                ["0".repeat(64)],
            )
            .unwrap();
        drop(store);
        let session = Session::open(db.clone(), Box::new(super::super::SavesToFolder));
        assert!(session.store().unwrap().writes_stopped());
        assert!(crate::store::campaigns::list_campaigns(session.store().unwrap().conn()).unwrap().is_empty());
        session.wait_for_daily_backup();
        assert!(crate::store::backup::list_backups(&db).is_empty(), "no backup of the damaged file");
    }

    /// A backup damaged since it was made (its evidence unlike its digests) is restored, as
    /// asked, but takes no writes: the restored file is checked whole.
    #[test]
    fn a_restored_backup_is_checked_whole_before_it_takes_writes() {
        const PNG: &[u8] = include_bytes!("../../tests/fixtures/evidence/sign-in-sheet.png");
        let dir = tempfile::tempdir().unwrap();
        let session = Session::open(dir.path().join("shuzhi.db"), Box::new(super::super::SavesToFolder));
        let section = crate::report::evidence::EvidenceTarget {
            focus_point_id: Some("fp-2023-achievements".into()),
            problem_id: None,
        };
        crate::report::evidence::attach_evidence(
            &mut session.store().unwrap(),
            "rep-zyy",
            &section,
            "签到表.png",
            PNG,
            "",
            "测试",
        )
        .unwrap();
        let copy = dir.path().join("copy.db");
        crate::store::backup::backup_to(session.store().unwrap().conn(), &copy).unwrap();
        let damaged = rusqlite::Connection::open(&copy).unwrap();
        damaged.execute_batch("UPDATE evidence_blobs SET content = X'4D5A900065766974'").unwrap();
        drop(damaged);
        session.wait_for_daily_backup();
        session.restore(&copy).unwrap();
        assert!(session.store().unwrap().writes_stopped());
    }

    /// A start on a damaged file stops the writes and makes no daily backup of it, so the
    /// sound daily backups kept so far stay.
    #[test]
    fn a_damaged_database_is_checked_before_its_daily_backup_and_not_copied() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("shuzhi.db");
        let mut store = crate::Store::open(&db).unwrap();
        crate::sample::load_sample_campaign(&mut store, "测试").unwrap();
        store
            .conn()
            .execute_batch(
                "PRAGMA foreign_keys = OFF; UPDATE secretaries SET organization_id = 'gone' WHERE id = 'sec-jj';",
            )
            .unwrap();
        drop(store);
        let session = Session::open(db.clone(), Box::new(super::super::SavesToFolder));
        assert!(session.store().unwrap().writes_stopped());
        assert!(crate::store::backup::list_backups(&db).is_empty(), "no daily backup of the damaged file");

        let sound = dir.path().join("sound.db");
        let session = Session::open(sound.clone(), Box::new(super::super::SavesToFolder));
        assert!(!session.store().unwrap().writes_stopped());
        session.wait_for_daily_backup();
        assert_eq!(crate::store::backup::list_backups(&sound).len(), 1, "the daily backup of a sound file");
    }
}
