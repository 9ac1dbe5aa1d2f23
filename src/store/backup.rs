//! Backups and restore. A backup is a consistent copy of the whole database made by
//! SQLite itself (`VACUUM INTO`, safe while the program runs) and written beside the
//! target under a temporary name, then renamed — whole or not at all.
//!
//! Automatic backups go to a `backups` folder next to the database: once a day when the
//! program starts, before every schema migration and before every import. The newest
//! ones are kept (`KEEP` per kind). A restore checks the chosen file first (ours, not
//! newer than this program, integrity and foreign keys sound), backs up the current
//! database, and only then puts the copy in place.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::{APPLICATION_ID, Store, migrations};

/// How many automatic backups of each kind are kept.
pub const KEEP: usize = 10;

/// One backup file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BackupInfo {
    pub path: String,
    pub file_name: String,
    /// daily, before-migration, before-import, before-restore or manual.
    pub kind: String,
    /// `YYYY-MM-DD HH:MM:SS` from the file name.
    pub taken_at: String,
    pub size_bytes: f64,
}

/// What checking a backup found: it is sound and holds these campaigns.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BackupCheck {
    pub schema_version: u32,
    pub campaigns: Vec<String>,
}

/// The folder automatic backups of the database at `db_path` go to.
pub fn backups_folder(db_path: &Path) -> PathBuf {
    db_path.parent().unwrap_or(Path::new(".")).join("backups")
}

/// Writes a consistent copy of the database `conn` has open to `target` (the file name is
/// a bound parameter, never part of the SQL text).
fn vacuum_into(conn: &Connection, target: &Path) -> Result<()> {
    conn.execute("VACUUM INTO ?1", [target.to_string_lossy()])?;
    Ok(())
}

/// Copies the open database to `target` (whole or not at all); returns its size.
pub fn backup_to(conn: &Connection, target: &Path) -> Result<u64> {
    let io = |e| Error::Io { path: target.to_path_buf(), source: e };
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let temporary = crate::files::part_path(target);
    let _ = std::fs::remove_file(&temporary);
    let copied = vacuum_into(conn, &temporary).and_then(|()| std::fs::rename(&temporary, target).map_err(io));
    if let Err(error) = copied {
        let _ = std::fs::remove_file(&temporary);
        return Err(error);
    }
    Ok(std::fs::metadata(target).map_err(io)?.len())
}

/// A backup of the database as bytes, for a shell that hands it to the person (a download)
/// rather than writing it to a path of ours. Made in the temporary folder and removed again.
pub fn backup_bytes(conn: &Connection) -> Result<Vec<u8>> {
    let temporary = std::env::temp_dir().join(format!("shuzhi-backup-{}.db", uuid::Uuid::new_v4()));
    let read = vacuum_into(conn, &temporary)
        .and_then(|()| std::fs::read(&temporary).map_err(|e| Error::Io { path: temporary.clone(), source: e }));
    let _ = std::fs::remove_file(&temporary);
    read
}

/// Where a backup made by hand goes when no other place is named: the backups folder,
/// `shuzhi-<date>-<time>-manual.db`.
pub fn manual_backup_path(db_path: &Path) -> PathBuf {
    backups_folder(db_path).join(format!("shuzhi-{}-manual.db", stamp()))
}

fn stamp() -> String {
    chrono::Local::now().format("%Y%m%d-%H%M%S").to_string()
}

/// Makes an automatic backup of kind `kind` in the backups folder and prunes old ones of
/// that kind; a database in memory has nothing to back up.
pub fn automatic_backup(store: &Store, kind: &str) -> Result<Option<PathBuf>> {
    let Some(db_path) = store.path() else { return Ok(None) };
    // A database with nothing in it yet (a first start) has nothing to lose.
    let used: i64 = store.conn().query_row(
        "SELECT (SELECT count(*) FROM campaigns) + (SELECT count(*) FROM audit_log)",
        [],
        |r| r.get(0),
    )?;
    if used == 0 {
        return Ok(None);
    }
    automatic_backup_of(store.conn(), db_path, kind).map(Some)
}

fn automatic_backup_of(conn: &Connection, db_path: &Path, kind: &str) -> Result<PathBuf> {
    let folder = backups_folder(db_path);
    let mut target = folder.join(format!("shuzhi-{}-{kind}.db", stamp()));
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = folder.join(format!("shuzhi-{}-{kind}_{n}.db", stamp()));
    }
    backup_to(conn, &target)?;
    let mut same: Vec<BackupInfo> = list_backups(db_path).into_iter().filter(|b| b.kind == kind).collect();
    same.sort_by(|a, b| b.file_name.cmp(&a.file_name));
    for old in same.iter().skip(KEEP) {
        let _ = std::fs::remove_file(&old.path);
    }
    Ok(target)
}

/// The daily backup: made when there is none from today yet.
pub fn daily_backup(store: &Store) -> Result<Option<PathBuf>> {
    let Some(db_path) = store.path() else { return Ok(None) };
    let today = chrono::Local::now().format("%Y%m%d").to_string();
    if list_backups(db_path).iter().any(|b| b.kind == "daily" && b.file_name.contains(&format!("-{today}-"))) {
        return Ok(None);
    }
    automatic_backup(store, "daily")
}

/// Backs up a database file that is about to be migrated (called before the migration).
pub(crate) fn before_migration(conn: &Connection, db_path: &Path, from_version: u32) -> Result<PathBuf> {
    automatic_backup_of(conn, db_path, &format!("before-migration-v{from_version}"))
}

/// The automatic backups of the database at `db_path`, newest first.
pub fn list_backups(db_path: &Path) -> Vec<BackupInfo> {
    let Ok(entries) = std::fs::read_dir(backups_folder(db_path)) else { return Vec::new() };
    let mut list: Vec<BackupInfo> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let rest = name.strip_prefix("shuzhi-")?.strip_suffix(".db")?;
            let (date, rest) = rest.split_once('-')?;
            let (time, kind) = rest.split_once('-')?;
            // A second backup of the same kind in the same second ends in `_2`.
            let kind = kind.split('_').next().unwrap_or(kind);
            let taken_at = format!(
                "{}-{}-{} {}:{}:{}",
                date.get(..4)?,
                date.get(4..6)?,
                date.get(6..8)?,
                time.get(..2)?,
                time.get(2..4)?,
                time.get(4..6)?
            );
            Some(BackupInfo {
                path: e.path().display().to_string(),
                file_name: name.clone(),
                kind: kind.to_string(),
                taken_at,
                size_bytes: e.metadata().map(|m| m.len() as f64).unwrap_or(0.0),
            })
        })
        .collect();
    list.sort_by(|a, b| b.file_name.cmp(&a.file_name));
    list
}

/// The backup named `file_name` in the backups folder of the database at `db_path`, as
/// the list shows it; any other name (a path, `..`, a file not in the list) is refused.
/// The window names backups only so: it never hands the core a path of its own.
pub fn listed_backup(db_path: &Path, file_name: &str) -> Result<PathBuf> {
    list_backups(db_path).into_iter().find(|b| b.file_name == file_name).map(|b| PathBuf::from(b.path)).ok_or_else(
        || Error::NotFound {
            what: "备份",
            id: crate::limits::excerpt(file_name),
            fix: "请从备份列表中选择；其他位置的备份请用“从其他位置恢复…”选择文件。",
        },
    )
}

/// Checks a backup without changing it: one of our databases, not newer than this
/// program, integrity and foreign keys sound.
pub fn check_backup(path: &Path) -> Result<BackupCheck> {
    let label = path.display().to_string();
    if !path.is_file() {
        return Err(Error::NotFound {
            what: "备份文件", id: label, fix: "请确认文件路径，或从备份列表中选择。"
        });
    }
    let not_ours = |detail: String| Error::NotOurDatabase { path: label.clone(), detail };
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| not_ours(e.to_string()))?;
    let application_id: i32 =
        conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(|e| not_ours(e.to_string()))?;
    if application_id != APPLICATION_ID {
        return Err(not_ours(format!("文件标识为 {application_id:#x}")));
    }
    let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > migrations::latest_version() {
        return Err(Error::DatabaseTooNew { path: label, found: version, supported: migrations::latest_version() });
    }
    let mut problems: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(|e| not_ours(e.to_string()))?
        .into_iter()
        .filter(|l| l != "ok")
        .collect();
    problems.extend(
        conn.prepare("SELECT \"table\" FROM pragma_foreign_key_check")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?,
    );
    if !problems.is_empty() {
        return Err(Error::DatabaseDamaged { path: label, count: problems.len() });
    }
    let campaigns = conn
        .prepare("SELECT year || '年度 ' || title FROM campaigns ORDER BY year DESC")?
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(BackupCheck { schema_version: version, campaigns })
}

/// Keeps the current database as a `before-restore` backup. A damaged file (the usual
/// reason to restore) may be beyond SQLite's copy; then the file itself is copied as it
/// is, with its write-ahead log, so that nothing is lost and the restore goes on.
fn keep_before_restore(db_path: &Path) -> Result<()> {
    let copied = Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(Error::from)
        .and_then(|current| automatic_backup_of(&current, db_path, "before-restore"));
    if copied.is_ok() {
        return Ok(());
    }
    let target = backups_folder(db_path).join(format!("shuzhi-{}-before-restore.db", stamp()));
    let copy = |from: &Path, to: &Path| {
        crate::files::write_atomically_with(to, |out| std::io::copy(&mut std::fs::File::open(from)?, out).map(|_| ()))
    };
    copy(db_path, &target)?;
    let (mut wal, mut kept) = (db_path.as_os_str().to_owned(), target.as_os_str().to_owned());
    wal.push("-wal");
    kept.push("-wal");
    if Path::new(&wal).exists() {
        copy(Path::new(&wal), Path::new(&kept))?;
    }
    Ok(())
}

/// Puts the backup at `source` in place of the database at `db_path`, which must not be
/// open, and is refused while a ballot server serves phones from it. The backup is checked first and the current database is backed up
/// (`before-restore`); on any failure the current database stays as it was. Returns the
/// store opened on the restored database (migrated when the backup is older).
pub fn restore(db_path: &Path, source: &Path) -> Result<Store> {
    // Phones acknowledged by a ballot server would go on writing into the replaced file.
    super::ballot_lock::ensure_no_ballot_server(db_path)?;
    check_backup(source)?;
    if db_path.exists() {
        keep_before_restore(db_path)?;
    }
    // A clean copy of the source, written beside the database and renamed over it.
    let source_conn = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut staged = db_path.as_os_str().to_owned();
    staged.push(".restore");
    let staged = PathBuf::from(staged);
    let _ = std::fs::remove_file(&staged);
    vacuum_into(&source_conn, &staged)?;
    drop(source_conn);
    for suffix in ["-wal", "-shm"] {
        let mut side = db_path.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    std::fs::rename(&staged, db_path).map_err(|e| Error::Io { path: db_path.to_path_buf(), source: e })?;
    Store::open(db_path)
}
