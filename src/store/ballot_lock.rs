//! The lock a running ballot server (扫码测评) holds beside the database file: while phones
//! are voting into the file, nothing may replace it (a restore, a replacing import), and a
//! second server on the same file is refused. An operating-system file lock, so it holds
//! across processes (the window and `shuzhi serve`) and goes with the process that held it.

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The lock file beside a database that a running ballot server holds. It is named from the
/// real file, not the path it was reached by: a symbolic link and its target are one
/// database and share one lock.
pub fn ballot_server_lock_path(db_path: &Path) -> PathBuf {
    let mut name = crate::paths::resolve_database_path(db_path).into_os_string();
    name.push(".ballot-server.lock");
    PathBuf::from(name)
}

/// What a restore or a replacing import is told while phones are voting into the file.
pub const BALLOT_SERVER_RUNNING: &str = "扫码测评服务正在使用这个数据库，手机提交的测评票正写入其中，现在不能恢复或替换数据库。\
请先结束扫码测评服务（窗口：“录入测评票”中的“停止扫码测评”；命令行：结束 shuzhi serve），再重试。";

/// Refuses when a ballot server (in this process or another) is serving phones from the
/// database at `db_path`: replacing the file under it would lose the ballots it goes on
/// acknowledging.
pub fn ensure_no_ballot_server(db_path: &Path) -> Result<()> {
    let lock_path = ballot_server_lock_path(db_path);
    let Ok(file) = File::open(&lock_path) else {
        return Ok(());
    };
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Conflict { message: BALLOT_SERVER_RUNNING.into() }),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io(lock_path, e)),
    }
}

/// Takes the lock beside the database for as long as the server runs; a second server on
/// the same file is refused.
pub fn hold(db_path: &Path) -> Result<File> {
    let lock_path = ballot_server_lock_path(db_path);
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| Error::io(&lock_path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Conflict {
            message:
                "这个数据库的扫码测评服务已经在运行（可能在另一个窗口或命令行中）。请使用已开启的服务，或先停止它。"
                    .into(),
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io(lock_path, e)),
    }
}
