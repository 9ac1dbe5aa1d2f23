//! Where the database lives when nobody says otherwise. The window and the
//! command-line tool share this rule, so both open the same file.

use std::path::PathBuf;

/// The environment variable that names the database file.
pub const DB_ENV: &str = "SHUZHI_DB";

/// `$SHUZHI_DB` when set, else `shuzhi/shuzhi.db` in the OS data directory
/// (`~/.local/share` on Linux), else the current directory.
pub fn default_database_path() -> PathBuf {
    if let Some(path) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("shuzhi").join("shuzhi.db")
}
