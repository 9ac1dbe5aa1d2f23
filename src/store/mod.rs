//! The SQLite store: opening a database safely, its migrations, and the query
//! functions of each domain.
//!
//! Query functions take a `&Connection` (a `&Transaction` derefs to one); functions
//! that write several rows take a `&Transaction` so that the caller decides where
//! the all-or-nothing boundary lies. All of the program's SQL is here, in `store/`; none is
//! built from strings (a table is named by an enum with its fixed query, a file name is a
//! bound parameter), and no caller passes a fragment of SQL in.

pub mod assess;
pub mod audit;
pub mod backup;
pub mod ballot_lock;
pub mod campaigns;
pub mod evidence;
pub mod history;
pub mod lists;
pub mod meeting;
pub mod migrations;
pub mod organizations;
pub mod reports;
pub mod workstation;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// `PRAGMA application_id` of our databases: "SZPY" (述职评议) in ASCII.
pub const APPLICATION_ID: i32 = 0x535A_5059;

/// The result of checking a database file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DatabaseHealth {
    pub path: String,
    pub schema_version: u32,
    /// What the checks found, one sentence each; empty when the file is sound.
    pub problems: Vec<String>,
    /// True once damage is known: nothing more is written to this file until it is restored.
    pub writes_stopped: bool,
}

/// An open database of 述职评议助手.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// A shared lock on the file beside the database that every program using it holds
    /// (see [`users_lock_path`]): a restore takes it alone, or refuses while anyone has
    /// the database open. Declared after `conn`, so it is released after the connection.
    _user: Option<std::fs::File>,
    /// Figures worked out from the rows and kept until the database changes (see
    /// [`Store::remembered`]).
    memo: std::sync::Mutex<Memo>,
    /// The part of the start's check still running beside the program (see
    /// [`Store::writes_wait_for`]): every write transaction waits for its findings.
    beside: std::sync::Mutex<Option<CheckBeside>>,
}

/// The findings of a check of the file that runs on a thread of its own, shared between
/// that thread and the store whose writes wait for it.
#[derive(Clone, Default)]
pub struct CheckBeside(std::sync::Arc<(std::sync::Mutex<Option<Vec<String>>>, std::sync::Condvar)>);

impl CheckBeside {
    /// The thread's end of it: reports what the check found, and reports nothing found
    /// if the thread ends without a word (an error, a panic), so no write waits forever.
    pub fn reporter(&self) -> CheckReporter {
        CheckReporter(self.clone())
    }

    fn found(&self) -> Option<Vec<String>> {
        self.0.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn wait(&self) -> Vec<String> {
        let (found, reported) = &*self.0;
        let mut found = found.lock().unwrap_or_else(|p| p.into_inner());
        while found.is_none() {
            found = reported.wait(found).unwrap_or_else(|p| p.into_inner());
        }
        found.clone().unwrap_or_default()
    }
}

/// See [`CheckBeside::reporter`].
pub struct CheckReporter(CheckBeside);

impl CheckReporter {
    /// What the check found: one sentence a problem, none when the file is sound.
    pub fn report(self, problems: Vec<String>) {
        self.say(problems);
    }

    fn say(&self, problems: Vec<String>) {
        let (found, reported) = &*self.0.0;
        let mut found = found.lock().unwrap_or_else(|p| p.into_inner());
        if found.is_none() {
            *found = Some(problems);
            reported.notify_all();
        }
    }
}

impl Drop for CheckReporter {
    fn drop(&mut self) {
        self.say(Vec::new());
    }
}

/// A read-only connection of its own to the database at `path` (a snapshot as the file is
/// when it reads, whatever the program writes meanwhile): for work beside the program.
pub(crate) fn read_only_connection(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// SQLite's check of the file on `conn`: `quick_check` (every page and its structure,
/// without matching each index to its table: a third of the time) or the full
/// `integrity_check`. An empty list means the file is sound; a file too damaged for the
/// check to finish is a finding too, never an error.
pub(crate) fn integrity_findings(conn: &Connection, quick: bool) -> Result<Vec<String>> {
    let mut statement = conn.prepare(if quick { "PRAGMA quick_check" } else { "PRAGMA integrity_check" })?;
    Ok(findings(statement.query_map([], |row| row.get::<_, String>(0)), "完整性检查")
        .into_iter()
        .filter(|line| line != "ok")
        .collect())
}

/// What [`Store::remembered`] keeps, with the state of the database it was worked out on.
#[derive(Default)]
struct Memo {
    /// Rows this connection has changed so far and SQLite's count of other connections'
    /// commits: while both stay the same, nothing read can have changed.
    stamp: (u64, i64),
    entries: std::collections::HashMap<String, std::sync::Arc<dyn std::any::Any + Send + Sync>>,
}

/// How many figures are kept at most (a campaign's sealed outcome each).
const MEMO_ENTRIES: usize = 64;

/// The lock file beside a database (`shuzhi.db` → `shuzhi.db.users`): every open [`Store`]
/// holds a shared lock on it; a restore holds it exclusively for the whole swap.
pub fn users_lock_path(db_path: &Path) -> PathBuf {
    let mut name = db_path.as_os_str().to_owned();
    name.push(".users");
    PathBuf::from(name)
}

/// Opens the lock file beside the database (private to this user), without locking it.
pub(crate) fn open_users_lock(db_path: &Path) -> Result<std::fs::File> {
    let path = users_lock_path(db_path);
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(&path).map_err(|e| Error::io(path, e))
}

/// What a program is told that opens a database while it is being restored.
pub const BEING_RESTORED: &str = "这个数据库正在从备份恢复，请稍等几秒后再打开。";

impl Store {
    /// Opens (or creates) the database at `path` and brings its schema up to date.
    ///
    /// A file that is not one of our databases, or one written by a newer version of
    /// the program, is refused without being changed.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_as_user(path, None)
    }

    /// Opens the database as [`Store::open`] does, with `held` the lock file beside it that
    /// the caller holds alone (a restore that just put the file in place): the hold becomes
    /// this store's shared one on the same handle: a child process that inherited the handle
    /// for a moment (the test runner's, or an opener's) cannot keep it exclusive after.
    pub(crate) fn open_as_user(path: &Path, held: Option<std::fs::File>) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        // Messages name the path the person gave; everything kept beside the database
        // (backups, locks) is named from the real file behind it.
        let label = path.display().to_string();
        let path = &crate::paths::resolve_database_path(path);
        let read_only = || Error::ReadOnly { path: label.clone() };
        if path.exists() && !writable(path) {
            return Err(read_only());
        }
        // A new database is made readable by this user only before SQLite writes into it
        // (SQLite gives its `-wal` and `-shm` the database's own permissions): it holds every
        // ballot, and other accounts on a shared computer must not read it.
        #[cfg(unix)]
        if !path.exists() {
            let mut options = std::fs::OpenOptions::new();
            std::os::unix::fs::OpenOptionsExt::mode(options.write(true).create_new(true), 0o600);
            match options.open(path) {
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(Error::io(path, e)),
            }
        }
        // One of its users, for as long as it is open: a restore waits for nobody.
        let user = match held {
            // Unlocked and locked shared on the same handle (what a lock held twice on one
            // handle does is left to each system): a child process that inherited the handle
            // for a moment cannot keep the exclusive hold after us.
            #[cfg(unix)]
            Some(user) => {
                user.unlock().map_err(|e| Error::io(users_lock_path(path), e))?;
                user
            }
            // No child inherits the handle there; the handle is let go and a new one locked
            // shared (a lock released and taken again on one handle fails there).
            #[cfg(not(unix))]
            Some(user) => {
                drop(user);
                open_users_lock(path)?
            }
            None => open_users_lock(path)?,
        };
        match user.try_lock_shared() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::Conflict { message: BEING_RESTORED.into() });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(users_lock_path(path), e)),
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| if path.exists() && is_read_only_failure(&e) { read_only() } else { e.into() })?;
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(read_only());
        }
        // A database about to be migrated is backed up first (an unreadable file is left to
        // `prepare`, which refuses it with a clear message).
        let found = conn
            .pragma_query_value(None, "application_id", |r| r.get::<_, i32>(0))
            .ok()
            .zip(conn.pragma_query_value(None, "user_version", |r| r.get::<_, u32>(0)).ok());
        if let Some((APPLICATION_ID, version)) = found
            && version > 0
            && version < migrations::latest_version()
        {
            crate::store::backup::before_migration(&conn, path, version)?;
        }
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            _user: Some(user),
            memo: Default::default(),
            beside: Default::default(),
        };
        store.prepare(&label).map_err(|e| match e {
            // The folder refused the `-wal` and `-shm` files beside the database.
            Error::NotOurDatabase { .. } if !writable_folder(path) => read_only(),
            e => e,
        })?;
        // Ours (checked above): one an older version made readable by everyone is made private.
        keep_private(path);
        Ok(store)
    }

    /// Opens a fresh database in memory (for tests and dry runs).
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: None,
            _user: None,
            memo: Default::default(),
            beside: Default::default(),
        };
        store.prepare(":memory:")?;
        Ok(store)
    }

    /// The real file this store has open (symbolic links followed), or `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Stops every write through this connection (`PRAGMA query_only`): once the file is
    /// known to be damaged, nothing more is written to it. A write then fails with
    /// [`Error::WritesStopped`], which tells the person to restore a backup; reading,
    /// checking and backing up go on. Only reopening the file (after a restore) ends it.
    pub fn stop_writes(&self) -> Result<()> {
        self.conn.pragma_update(None, "query_only", "ON")?;
        Ok(())
    }

    /// Whether [`Store::stop_writes`] stopped the writes (a check beside that has found
    /// damage by now included).
    pub fn writes_stopped(&self) -> bool {
        let _ = self.settle_check_beside(false);
        self.conn.pragma_query_value(None, "query_only", |row| row.get::<_, bool>(0)).unwrap_or(true)
    }

    /// Starts a write transaction that takes SQLite's write lock at once (`BEGIN
    /// IMMEDIATE`), so that what it reads cannot change under it before it commits: two
    /// connections (the window and the ballot server, or two processes) that check
    /// "closed?" or "serial already entered?" and then write are serialized, never both
    /// passing the check. Reads made through `self` while it is open see its view.
    /// What `make` works out from the rows, kept under `key` until any row is written
    /// through this connection or another connection commits: a second screen that needs
    /// the same figure (a sealed year's outcome, read by the overview and by every 历年对比)
    /// does not work it out again. Only for what is shown: a read that decides a write is
    /// made inside the write's transaction, never taken from here.
    pub fn remembered<T: std::any::Any + Send + Sync>(
        &self,
        key: &str,
        make: impl FnOnce() -> Result<T>,
    ) -> Result<std::sync::Arc<T>> {
        let stamp = self.stamp()?;
        {
            let mut memo = self.memo.lock().unwrap_or_else(|p| p.into_inner());
            if memo.stamp != stamp {
                memo.entries.clear();
                memo.stamp = stamp;
            }
            if let Some(kept) = memo.entries.get(key).and_then(|e| e.clone().downcast::<T>().ok()) {
                return Ok(kept);
            }
        }
        let made = std::sync::Arc::new(make()?);
        // Kept only when nothing was written meanwhile.
        if self.stamp()? == stamp {
            let mut memo = self.memo.lock().unwrap_or_else(|p| p.into_inner());
            if memo.stamp == stamp {
                if memo.entries.len() >= MEMO_ENTRIES {
                    memo.entries.clear();
                }
                memo.entries.insert(key.to_string(), made.clone());
            }
        }
        Ok(made)
    }

    fn stamp(&self) -> Result<(u64, i64)> {
        let others: i64 = self.conn.pragma_query_value(None, "data_version", |row| row.get(0))?;
        Ok((self.conn.total_changes(), others))
    }

    /// Holds every write transaction of this store until `check` has reported, and stops
    /// the writes if it found anything: the start's full check runs beside the program,
    /// and no write reaches a file it finds damaged.
    pub fn writes_wait_for(&self, check: CheckBeside) {
        *self.beside.lock().unwrap_or_else(|p| p.into_inner()) = Some(check);
    }

    /// Takes what the check beside found once it has reported (waiting for it when `wait`).
    pub(crate) fn settle_check_beside(&self, wait: bool) -> Result<()> {
        let mut pending = self.beside.lock().unwrap_or_else(|p| p.into_inner());
        let Some(check) = pending.as_ref() else { return Ok(()) };
        let found = match wait {
            true => check.wait(),
            false => match check.found() {
                Some(found) => found,
                None => return Ok(()),
            },
        };
        *pending = None;
        if !found.is_empty() {
            self.stop_writes()?;
        }
        Ok(())
    }

    pub fn begin_write(&self) -> Result<Transaction<'_>> {
        self.settle_check_beside(true)?;
        // `new_unchecked` takes `&Connection`; a nested `BEGIN` would fail loudly.
        Ok(Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?)
    }

    /// Copies everything the write-ahead log holds into the database file and empties
    /// the log (`wal_checkpoint(TRUNCATE)`), so that no copy of the `-wal` file shows the
    /// order of the writes it held. Returns whether the log was emptied: another
    /// connection reading at that moment keeps it (the next call empties it).
    pub fn truncate_wal(&self) -> Result<bool> {
        let busy: i64 = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))?;
        Ok(busy == 0)
    }

    /// Runs SQLite's `PRAGMA integrity_check`; an empty list means the file is sound.
    /// A file too damaged for the check to finish is a finding too, never an error: the
    /// person asked what is wrong with the file, and this is the answer.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        integrity_findings(&self.conn, false)
    }

    /// Checks the whole file: SQLite's integrity check and every foreign key.
    pub fn health(&self) -> Result<DatabaseHealth> {
        self.health_with(false)
    }

    /// Checks the file as the start does before anything else: SQLite's quick check (every
    /// page and its structure) and every foreign key; the full check runs beside.
    pub fn quick_health(&self) -> Result<DatabaseHealth> {
        self.health_with(true)
    }

    fn health_with(&self, quick: bool) -> Result<DatabaseHealth> {
        let mut problems = integrity_findings(&self.conn, quick)?;
        let mut statement = self.conn.prepare("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")?;
        let dangling = statement.query_map([], |row| {
            let table: String = row.get(0)?;
            let rowid: Option<i64> = row.get(1)?;
            let parent: String = row.get(2)?;
            Ok(format!("表 {table} 第 {} 行引用的 {parent} 记录不存在", rowid.unwrap_or_default()))
        });
        problems.extend(findings(dangling, "外键检查"));
        Ok(DatabaseHealth {
            path: self.path.as_ref().map_or_else(|| ":memory:".to_string(), |p| p.display().to_string()),
            schema_version: migrations::latest_version(),
            problems,
            writes_stopped: self.writes_stopped(),
        })
    }

    fn prepare(&mut self, label: &str) -> Result<()> {
        let not_ours = |detail: String| Error::NotOurDatabase { path: label.to_string(), detail };
        // The first read of the file tells whether it is SQLite at all.
        let application_id: i32 =
            self.conn.pragma_query_value(None, "application_id", |row| row.get(0)).map_err(|e| {
                match Error::from(e) {
                    // A full disk or a busy file is no sign of a foreign or damaged file.
                    error @ (Error::DiskFull | Error::Busy) => error,
                    Error::Database(e) => not_ours(e.to_string()),
                    other => not_ours(other.to_string()),
                }
            })?;
        let user_version: u32 = self.conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        let table_count: u32 =
            self.conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |row| row.get(0))?;
        let is_empty = user_version == 0 && table_count == 0;
        if application_id != APPLICATION_ID && !(application_id == 0 && is_empty) {
            return Err(not_ours(format!("文件标识为 {application_id:#x}，含 {table_count} 张表")));
        }
        // WAL keeps readers and the writer apart and survives a crash mid-write;
        // FULL sync makes a committed save survive a power cut too.
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        // Deleted and rewritten rows are overwritten with zeros, not left in free pages
        // where a copy of the file would still show them (ballot secrecy, docs/security.md);
        // temporary tables and sorts stay in memory rather than in files of their own.
        self.conn.pragma_update(None, "secure_delete", "ON")?;
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Ten years of two hundred secretaries are some 30 MB of rows beside the evidence;
        // SQLite's default 2 MB of cache read the same pages from the file again on every
        // screen. 64 MB keeps them (measured by `cargo bench --bench history_scale`).
        self.conn.pragma_update(None, "cache_size", -65536)?;
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations::migrate(&mut self.conn, label)?;
        Ok(())
    }
}

/// Takes the permissions of other accounts from the database file and the `-wal` and `-shm`
/// beside it (a database an older version made, or a copy someone put here). A file this
/// user does not own is left as it is.
fn keep_private(path: &Path) {
    #[cfg(unix)]
    for suffix in ["", "-wal", "-shm"] {
        use std::os::unix::fs::PermissionsExt;
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let file = std::path::PathBuf::from(name);
        if let Ok(meta) = std::fs::metadata(&file)
            && meta.permissions().mode() & 0o077 != 0
        {
            let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(meta.permissions().mode() & 0o700));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Whether the file at `path` can be opened for writing (permissions, a read-only
/// mount or attribute). Opening it does not change it.
fn writable(path: &Path) -> bool {
    std::fs::OpenOptions::new().append(true).open(path).is_ok()
}

/// Whether files can be made in the folder of `path` (SQLite's `-wal` and `-shm`).
fn writable_folder(path: &Path) -> bool {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let probe = folder.join(format!(".shuzhi-probe-{:016x}", crate::random::u64()));
    let made = std::fs::OpenOptions::new().write(true).create_new(true).open(&probe).is_ok();
    if made {
        let _ = std::fs::remove_file(&probe);
    }
    made
}

fn is_read_only_failure(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::PermissionDenied)
    )
}

/// The lines a checking query gives, and, where the file is too damaged for it to go on,
/// a last line that says the check stopped there and why.
fn findings(rows: rusqlite::Result<impl Iterator<Item = rusqlite::Result<String>>>, check: &str) -> Vec<String> {
    let mut lines = Vec::new();
    match rows {
        Ok(rows) => {
            for row in rows {
                match row {
                    Ok(line) => lines.push(line),
                    Err(e) => {
                        lines.push(format!("{check}无法进行到底：{e}"));
                        break;
                    }
                }
            }
        }
        Err(e) => lines.push(format!("{check}无法进行：{e}")),
    }
    lines
}

/// The tables whose rows keep a stored `position` (the order lists are shown and exported in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Positioned {
    Evidence,
    Problems,
    Responsibilities,
    Rectifications,
    Approvals,
    SuperiorComments,
    ListSignoffs,
    Secretaries,
    Raters,
    Inspections,
    ProgressNotes,
    Organizations,
    BallotCodes,
    Ballots,
    BallotChecks,
    BallotSheets,
}

impl Positioned {
    fn position_query(self) -> &'static str {
        match self {
            Positioned::Evidence => "SELECT coalesce(max(position) + 1, 0) FROM evidence",
            Positioned::Problems => "SELECT coalesce(max(position) + 1, 0) FROM problems",
            Positioned::Responsibilities => "SELECT coalesce(max(position) + 1, 0) FROM responsibilities",
            Positioned::Rectifications => "SELECT coalesce(max(position) + 1, 0) FROM rectifications",
            Positioned::Approvals => "SELECT coalesce(max(position) + 1, 0) FROM approvals",
            Positioned::SuperiorComments => "SELECT coalesce(max(position) + 1, 0) FROM superior_comments",
            Positioned::ListSignoffs => "SELECT coalesce(max(position) + 1, 0) FROM list_signoffs",
            Positioned::Secretaries => "SELECT coalesce(max(position) + 1, 0) FROM secretaries",
            Positioned::Raters => "SELECT coalesce(max(position) + 1, 0) FROM raters",
            Positioned::Inspections => "SELECT coalesce(max(position) + 1, 0) FROM inspections",
            Positioned::ProgressNotes => "SELECT coalesce(max(position) + 1, 0) FROM progress_notes",
            Positioned::Organizations => "SELECT coalesce(max(position) + 1, 0) FROM organizations",
            Positioned::BallotCodes => "SELECT coalesce(max(position) + 1, 0) FROM ballot_codes",
            Positioned::Ballots => "SELECT coalesce(max(position) + 1, 0) FROM ballots",
            Positioned::BallotChecks => "SELECT coalesce(max(position) + 1, 0) FROM ballot_checks",
            Positioned::BallotSheets => "SELECT coalesce(max(position) + 1, 0) FROM ballot_sheets",
        }
    }
}

/// The next free position in `table`: after every row it holds. Positions only order rows
/// within their list, so one count over the whole table serves every list in it.
pub fn next_position(conn: &Connection, table: Positioned) -> Result<usize> {
    let next: i64 = conn.query_row(table.position_query(), [], |row| row.get(0))?;
    Ok(next as usize)
}

/// The text an enum is stored as: its serde name (`snake_case`).
pub(crate) fn enum_text<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        other => unreachable!("stored enums serialize as strings, got {other:?}"),
    }
}

/// Reads an enum stored by [`enum_text`] (or a JSON column) back from column `index`.
/// The rows from a secretary (`s`, in `o` of campaign `c`) to the same organization
/// (`po`) in last year's campaign (`prev`): found by year, and by name and unit, which
/// stay the same from year to year.
pub(crate) const LAST_YEARS_ORGANIZATION: &str = "FROM secretaries s
         JOIN organizations o ON o.id = s.organization_id
         JOIN campaigns c ON c.id = o.campaign_id
         JOIN campaigns prev ON prev.year = c.year - 1
         JOIN organizations po ON po.campaign_id = prev.id AND po.name = o.name AND po.unit = o.unit";

pub(crate) fn parse_column<T: DeserializeOwned>(
    row: &rusqlite::Row<'_>,
    index: usize,
    json: bool,
) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    let parsed =
        if json { serde_json::from_str(&text) } else { serde_json::from_value(serde_json::Value::String(text)) };
    parsed.map_err(|e| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e)))
}

/// The JSON a structured column is stored as.
pub(crate) fn json_text<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("in-memory values always serialize")
}

/// The current time in RFC 3339, as every `*_at` column stores it.
pub fn now_text() -> String {
    chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// The tables whose records carry ids of their own: a document being imported must not
/// reuse one that is taken here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Campaigns,
    Organizations,
    Secretaries,
    Reports,
    Revisions,
    Evidence,
    Approvals,
    SuperiorComments,
    RaterCategories,
    Raters,
    Ballots,
    Problems,
    Responsibilities,
    Rectifications,
    Inspections,
    ProgressNotes,
    ListSignoffs,
    FocusPoints,
}

impl Table {
    fn id_query(self) -> &'static str {
        match self {
            Table::Campaigns => "SELECT 1 FROM campaigns WHERE id = ?1",
            Table::Organizations => "SELECT 1 FROM organizations WHERE id = ?1",
            Table::Secretaries => "SELECT 1 FROM secretaries WHERE id = ?1",
            Table::Reports => "SELECT 1 FROM reports WHERE id = ?1",
            Table::Revisions => "SELECT 1 FROM revisions WHERE id = ?1",
            Table::Evidence => "SELECT 1 FROM evidence WHERE id = ?1",
            Table::Approvals => "SELECT 1 FROM approvals WHERE id = ?1",
            Table::SuperiorComments => "SELECT 1 FROM superior_comments WHERE id = ?1",
            Table::RaterCategories => "SELECT 1 FROM rater_categories WHERE id = ?1",
            Table::Raters => "SELECT 1 FROM raters WHERE id = ?1",
            Table::Ballots => "SELECT 1 FROM ballots WHERE id = ?1",
            Table::Problems => "SELECT 1 FROM problems WHERE id = ?1",
            Table::Responsibilities => "SELECT 1 FROM responsibilities WHERE id = ?1",
            Table::Rectifications => "SELECT 1 FROM rectifications WHERE id = ?1",
            Table::Inspections => "SELECT 1 FROM inspections WHERE id = ?1",
            Table::ProgressNotes => "SELECT 1 FROM progress_notes WHERE id = ?1",
            Table::ListSignoffs => "SELECT 1 FROM list_signoffs WHERE id = ?1",
            Table::FocusPoints => "SELECT 1 FROM focus_points WHERE id = ?1",
        }
    }
}

/// Whether `table` already holds a record with this id.
pub fn id_taken(conn: &Connection, table: Table, id: &str) -> Result<bool> {
    Ok(rusqlite::OptionalExtension::optional(conn.query_row(table.id_query(), [id], |_| Ok(())))?.is_some())
}

/// Lets a transaction check its foreign keys at commit rather than row by row, for imports
/// that write records before the ones they refer to.
pub fn defer_foreign_keys(tx: &Transaction<'_>) -> Result<()> {
    tx.pragma_update(None, "defer_foreign_keys", "ON")?;
    Ok(())
}

/// Runs `work` inside a savepoint of the open transaction `tx`: what it wrote stays when it
/// succeeds and is undone when it fails, without ending the transaction (one phone ballot
/// of a batch, say).
pub fn in_savepoint<T>(tx: &Transaction<'_>, work: impl FnOnce() -> Result<T>) -> Result<T> {
    tx.execute_batch("SAVEPOINT one_item")?;
    let done = work();
    let end = if done.is_ok() { "RELEASE one_item" } else { "ROLLBACK TO one_item; RELEASE one_item" };
    tx.execute_batch(end)?;
    done
}
