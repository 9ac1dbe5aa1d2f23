//! Backups and restore. A backup is a consistent copy of the whole database made by
//! SQLite itself (`VACUUM INTO`, safe while the program runs) and written beside the
//! target under a temporary name, then renamed — whole or not at all.
//!
//! Automatic backups go to a `backups` folder next to the database: once a day when the
//! program starts, before every schema migration and before every import. The newest
//! ones are kept (`KEEP` per kind). A restore checks the chosen file first (ours, not
//! newer than this program, integrity and foreign keys sound), backs up the current
//! database, and only then puts the copy in place.
//!
//! Several databases may share a folder, and so its `backups`: each backup's name begins
//! with the name of the database it copies (`<name>-<date>-<time>-<kind>.db`, the name
//! without `.db`), and listing, pruning, the daily check and a restore by name see only
//! the database's own. The default `shuzhi.db` keeps the names its backups always had;
//! backups from before this naming (`shuzhi-…`) are offered to a database of another
//! name only when it is the one database in its folder, and are never pruned by it.

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
    /// The kind in words, as the database page shows it (每日自动, 升级前…).
    pub kind_text: String,
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

/// The kinds of backup the program makes, with what the database page calls them; a file
/// in the backups folder whose name says anything else is not one of ours and is neither
/// listed nor pruned (`before-migration` is also written `before-migration-v<N>`).
pub const KINDS: [(&str, &str); 8] = [
    ("daily", "每日自动"),
    ("before-import", "导入前"),
    ("before-restore", "恢复前"),
    ("manual", "手动"),
    ("before-remove-sample", "移除示例前"),
    ("before-migration", "升级前"),
    ("before-rename-year", "修改年度前"),
    ("before-delete-year", "删除年度前"),
];

/// What a backup of `kind` is called, for a kind this program makes.
pub fn kind_label(kind: &str) -> Option<&'static str> {
    let kind = if kind.starts_with("before-migration-v") { "before-migration" } else { kind };
    KINDS.iter().find(|(known, _)| *known == kind).map(|(_, label)| *label)
}

/// How the names of a database's backups begin: the database file's name without `.db`
/// (`shuzhi.db` → `shuzhi`, as the backups of the default database were always named),
/// or its whole name when it does not end in `.db`.
pub fn backup_name_prefix(db_path: &Path) -> String {
    let name = db_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "shuzhi".into());
    name.strip_suffix(".db").filter(|stem| !stem.is_empty()).map(str::to_string).unwrap_or(name)
}

/// The prefix of backups made before backups were named after their database.
const OLD_PREFIX: &str = "shuzhi";

/// Refuses a backups folder that is a symbolic link: backups are whole copies of the
/// database (ballots, names, reports) and old ones are deleted, so they are written only
/// in the real folder beside the database, never where a link sends them (a place others
/// can read, or another database's backups).
fn ensure_real_folder(folder: &Path) -> Result<()> {
    match std::fs::symlink_metadata(folder) {
        Ok(meta) if meta.file_type().is_symlink() => Err(Error::Conflict {
            message: format!(
                "备份文件夹 {} 是指向别处的链接。备份是整个数据库的副本，旧备份会被自动删除，所以程序只在数据库旁真实的 backups 文件夹中备份。\
                 请删除这个链接（链接指向的文件不受影响）后重试；需要把备份放在别处时，请用“备份到其他位置…”。",
                folder.display()
            ),
        }),
        _ => Ok(()),
    }
}

/// Makes the backups folder, openable by this user only: every backup is a whole copy of
/// the database, ballots included. A folder an older version made open to others is closed.
fn private_folder(folder: &Path) -> Result<()> {
    let io = |e| Error::Io { path: folder.to_path_buf(), source: e };
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        if !folder.exists() {
            std::fs::DirBuilder::new().recursive(true).mode(0o700).create(folder).map_err(io)?;
        }
        if let Ok(meta) = std::fs::metadata(folder)
            && meta.permissions().mode() & 0o077 != 0
        {
            let _ = std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700));
        }
        Ok(())
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(folder).map_err(io)
}

/// A copy of the database is readable by this user only, wherever it is written.
fn private_file(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// The name of a new backup of `kind` of the database at `db_path`.
fn backup_file_name(db_path: &Path, kind: &str, n: u32) -> String {
    let prefix = backup_name_prefix(db_path);
    match n {
        1 => format!("{prefix}-{}-{kind}.db", stamp()),
        n => format!("{prefix}-{}-{kind}_{n}.db", stamp()),
    }
}

/// Reads a backup's name as `<prefix>-<YYYYMMDD>-<HHMMSS>-<kind>[_n].db`: its kind and
/// time, or `None` when the name is not one of this prefix's backups.
fn parse_backup_name(name: &str, prefix: &str) -> Option<(String, String)> {
    let rest = name.strip_prefix(prefix)?.strip_prefix('-')?.strip_suffix(".db")?;
    let (date, rest) = rest.split_once('-')?;
    let (time, kind) = rest.split_once('-')?;
    let digits = |text: &str, n: usize| text.len() == n && text.bytes().all(|b| b.is_ascii_digit());
    if !digits(date, 8) || !digits(time, 6) {
        return None;
    }
    // A second backup of the same kind in the same second ends in `_2`.
    let kind = match kind.split_once('_') {
        Some((kind, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => kind,
        Some(_) => return None,
        None => kind,
    };
    let known = KINDS.iter().any(|(known, _)| *known == kind)
        || kind
            .strip_prefix("before-migration-v")
            .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()));
    if !known {
        return None;
    }
    let taken_at =
        format!("{}-{}-{} {}:{}:{}", &date[..4], &date[4..6], &date[6..8], &time[..2], &time[2..4], &time[4..6]);
    Some((kind.to_string(), taken_at))
}

/// Whether the database at `db_path` is the only database file in its folder (no other
/// `*.db` beside it): then backups from before they were named after their database can
/// only be its own.
fn alone_in_its_folder(db_path: &Path) -> bool {
    let Some(folder) = db_path.parent() else { return false };
    let Ok(entries) = std::fs::read_dir(folder) else { return false };
    !entries.filter_map(|e| e.ok()).any(|e| {
        let name = e.file_name();
        e.file_type().is_ok_and(|t| t.is_file())
            && name.to_string_lossy().ends_with(".db")
            && Some(name.as_os_str()) != db_path.file_name()
    })
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
    // A name of its own for each copy in progress: two programs backing up at the same
    // second (two imports at once) never write into each other's half-made file.
    let temporary = {
        let mut name = target.as_os_str().to_owned();
        name.push(format!(".{}.part", uuid::Uuid::new_v4().simple()));
        PathBuf::from(name)
    };
    let copied = vacuum_into(conn, &temporary)
        .and_then(|()| private_file(&temporary).map_err(io))
        .and_then(|()| std::fs::rename(&temporary, target).map_err(io));
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
/// `<database name>-<date>-<time>-manual.db`.
pub fn manual_backup_path(db_path: &Path) -> PathBuf {
    backups_folder(db_path).join(backup_file_name(db_path, "manual", 1))
}

/// Makes a backup by hand into the backups folder of the database at `db_path`; returns
/// where it went and its size.
pub fn manual_backup(conn: &Connection, db_path: &Path) -> Result<(PathBuf, u64)> {
    ensure_real_folder(&backups_folder(db_path))?;
    private_folder(&backups_folder(db_path))?;
    let path = manual_backup_path(db_path);
    let bytes = backup_to(conn, &path)?;
    Ok((path, bytes))
}

fn stamp() -> String {
    chrono::Local::now().format("%Y%m%d-%H%M%S").to_string()
}

/// Makes an automatic backup of kind `kind` in the backups folder and prunes old ones of
/// that kind; a database in memory has nothing to back up.
pub fn automatic_backup(store: &Store, kind: &str) -> Result<Option<PathBuf>> {
    let Some(db_path) = store.path() else { return Ok(None) };
    // Not before the start's check beside has spoken: a copy of a file it finds damaged
    // would push the oldest sound backup of its kind out of the ten kept. (Every automatic
    // backup comes before a write, which would be refused then anyway.)
    store.settle_check_beside(true)?;
    if store.writes_stopped() {
        return Err(Error::WritesStopped);
    }
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
    ensure_real_folder(&folder)?;
    private_folder(&folder)?;
    // The name is taken by creating the file exclusively, so two programs making a backup
    // of the same kind in the same second each get a name of their own.
    let mut n = 1;
    let target = loop {
        let target = folder.join(backup_file_name(db_path, kind, n));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&target) {
            Ok(_) => break target,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(Error::Io { path: target, source: e }),
        }
    };
    // A kind the list would not read back would never be listed or pruned.
    debug_assert!(
        target
            .file_name()
            .and_then(|n| parse_backup_name(&n.to_string_lossy(), &backup_name_prefix(db_path)))
            .is_some(),
        "backup kind {kind} must be one of KINDS"
    );
    if let Err(error) = backup_to(conn, &target) {
        let _ = std::fs::remove_file(&target);
        return Err(error);
    }
    // Only this database's own backups are pruned: never another database's in the same
    // folder, never one from before backups were named after their database.
    let mut same: Vec<BackupInfo> =
        own_backups(db_path, &backup_name_prefix(db_path)).into_iter().filter(|b| b.kind == kind).collect();
    same.sort_by(|a, b| b.file_name.cmp(&a.file_name));
    for old in same.iter().skip(KEEP) {
        let _ = std::fs::remove_file(&old.path);
    }
    Ok(target)
}

/// The first backup of the day of the database at `db_path`, through a read-only
/// connection of its own (a snapshot of the file as it is now, whatever is written after):
/// `None` when today's is made already or the database holds nothing yet.
pub fn daily_backup_of_file(db_path: &Path) -> Result<Option<PathBuf>> {
    let today = chrono::Local::now().format("%Y-%m-%d ").to_string();
    let prefix = backup_name_prefix(db_path);
    if own_backups(db_path, &prefix).iter().any(|b| b.kind == "daily" && b.taken_at.starts_with(&today)) {
        return Ok(None);
    }
    let conn = super::read_only_connection(db_path)?;
    let used: i64 =
        conn.query_row("SELECT (SELECT count(*) FROM campaigns) + (SELECT count(*) FROM audit_log)", [], |r| r.get(0))?;
    if used == 0 {
        return Ok(None);
    }
    automatic_backup_of(&conn, db_path, "daily").map(Some)
}

/// Backs up a database file that is about to be migrated (called before the migration).
pub(crate) fn before_migration(conn: &Connection, db_path: &Path, from_version: u32) -> Result<PathBuf> {
    automatic_backup_of(conn, db_path, &format!("before-migration-v{from_version}"))
}

/// The automatic and manual backups of the database at `db_path`, newest first: the
/// backups named after it, and those from before backups were named after their database
/// when it is the only database in its folder. Another database's backups, files of other
/// names and links are not listed.
pub fn list_backups(db_path: &Path) -> Vec<BackupInfo> {
    let prefix = backup_name_prefix(db_path);
    let mut list = own_backups(db_path, &prefix);
    if prefix != OLD_PREFIX && alone_in_its_folder(db_path) {
        list.extend(own_backups(db_path, OLD_PREFIX));
    }
    list.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then_with(|| b.file_name.cmp(&a.file_name)));
    list
}

/// The backups in the backups folder whose names begin with `prefix`: regular files only
/// (a link planted there could point at any file), in a folder that is not a link.
fn own_backups(db_path: &Path, prefix: &str) -> Vec<BackupInfo> {
    let folder = backups_folder(db_path);
    if ensure_real_folder(&folder).is_err() {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(&folder) else { return Vec::new() };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let (kind, taken_at) = parse_backup_name(&name, prefix)?;
            Some(BackupInfo {
                path: e.path().display().to_string(),
                file_name: name,
                kind_text: kind_label(&kind).unwrap_or(&kind).to_string(),
                kind,
                taken_at,
                size_bytes: e.metadata().map(|m| m.len() as f64).unwrap_or(0.0),
            })
        })
        .collect()
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

/// Keeps the current database as a `before-restore` backup, copied through `current` (the
/// connection that holds the file alone during the restore). A damaged file (the usual
/// reason to restore) may be beyond SQLite's copy; then the file itself is copied as it
/// is, with its write-ahead log, so that nothing is lost and the restore goes on.
fn keep_before_restore(db_path: &Path, current: Option<&Connection>) -> Result<()> {
    let copied = match current {
        Some(current) => automatic_backup_of(current, db_path, "before-restore"),
        None => Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .map_err(Error::from)
            .and_then(|current| automatic_backup_of(&current, db_path, "before-restore")),
    };
    match copied {
        Ok(_) => return Ok(()),
        // A backups folder that is a link is refused, not worked around.
        Err(error @ Error::Conflict { .. }) => return Err(error),
        Err(_) => {}
    }
    let target = backups_folder(db_path).join(backup_file_name(db_path, "before-restore", 1));
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

/// What a restore is told while another program has the database open.
pub const DATABASE_IN_USE: &str = "这个数据库正被另一个程序打开（另一个述职评议助手窗口、浏览器版或命令行）。\
现在恢复，那个程序会继续写入被替换掉的旧文件，之后在那里做的修改就会丢失。\
请先关闭其他打开这个数据库的程序（浏览器版请点“退出”），再恢复。";

/// A connection that holds the database at `db_path` alone (SQLite's exclusive lock, kept
/// until it is dropped), or the refusal when another program has the file open: every
/// open connection in WAL mode holds a shared lock on the file, so the exclusive lock is
/// granted only when nobody else has it open. `None` when the file cannot be locked for
/// another reason (a file too damaged to read): the restore then goes on as before.
fn hold_alone(db_path: &Path) -> Result<Option<Connection>> {
    let Ok(conn) = Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_WRITE) else { return Ok(None) };
    let locked = conn
        .busy_timeout(std::time::Duration::from_secs(2))
        .and_then(|()| conn.pragma_update(None, "locking_mode", "EXCLUSIVE"))
        .and_then(|()| conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;"));
    match locked {
        Ok(()) => Ok(Some(conn)),
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ) =>
        {
            Err(Error::Conflict { message: DATABASE_IN_USE.into() })
        }
        Err(_) => Ok(None),
    }
}

/// Puts the backup at `source` in place of the database at `db_path`. It is refused while
/// a ballot server serves phones from the file or any other program has it open (their
/// writes would go on into the replaced file and be lost). The backup is checked first
/// and the current database is backed up (`before-restore`); on any failure the current
/// database stays as it was. A path through a symbolic link restores the file the link
/// names, and the link stays a link. Returns the store opened on the restored database
/// (migrated when the backup is older).
pub fn restore(db_path: &Path, source: &Path) -> Result<Store> {
    let db_path = &crate::paths::resolve_database_path(db_path);
    // Phones acknowledged by a ballot server would go on writing into the replaced file.
    super::ballot_lock::ensure_no_ballot_server(db_path)?;
    check_backup(source)?;
    // Every program using the database holds the lock beside it shared; the restore holds
    // it alone until the new file is in place, or refuses while anyone has the file open
    // (an idle window or browser app holds no lock SQLite would show).
    // A program that is just closing, or a process being started at this moment that holds
    // a copy of the lock until it runs its own program, lets go within moments: asked again
    // for two seconds before the restore is refused.
    let users = super::open_users_lock(db_path)?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        match users.try_lock() {
            Ok(()) => break,
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::Conflict { message: DATABASE_IN_USE.into() });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(super::users_lock_path(db_path), e)),
        }
    }
    // Held from here until the new file is in place, so nobody opens the old one meanwhile.
    let alone = if db_path.exists() { hold_alone(db_path)? } else { None };
    if db_path.exists() {
        keep_before_restore(db_path, alone.as_ref())?;
    }
    // A clean copy of the source, written beside the database and renamed over it.
    let source_conn = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut staged = db_path.as_os_str().to_owned();
    staged.push(".restore");
    let staged = PathBuf::from(staged);
    let _ = std::fs::remove_file(&staged);
    if let Err(error) = vacuum_into(&source_conn, &staged) {
        let _ = std::fs::remove_file(&staged);
        return Err(error);
    }
    drop(source_conn);
    // The old file leaves write-ahead mode while it is still held: its log is copied in and
    // removed by SQLite itself, so no log of the old file is left for the new one to read.
    if let Some(alone) = &alone {
        let _ = alone.pragma_update(None, "journal_mode", "DELETE");
    }
    for suffix in ["-wal", "-shm"] {
        let mut side = db_path.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(side));
    }
    // Windows renames nothing over a file that is open, our own hold included; there the
    // hold ends just before the rename, and a program that opened the file meanwhile makes
    // the rename fail (SQLite opens files there without sharing their deletion), which is
    // the refusal the hold gives elsewhere.
    #[cfg(windows)]
    let alone = {
        drop(alone);
        None::<Connection>
    };
    std::fs::rename(&staged, db_path).map_err(|e| {
        let _ = std::fs::remove_file(&staged);
        if cfg!(windows) && e.kind() == std::io::ErrorKind::PermissionDenied {
            return Error::Conflict { message: DATABASE_IN_USE.into() };
        }
        Error::Io { path: db_path.to_path_buf(), source: e }
    })?;
    drop(alone);
    // The restored file is in place: this program becomes one of its users like any other,
    // its hold turned into a shared one without letting go.
    Store::open_as_user(db_path, Some(users))
}
