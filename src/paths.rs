//! Where the database lives when nobody says otherwise, and which file a given path
//! really names. The window and the command-line tool share this rule, so both open the
//! same file.

use std::path::{Path, PathBuf};

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

/// How many symbolic links in a row are followed before a path is taken as it stands
/// (the operating systems' own limit is about the same).
const LINKS_FOLLOWED: usize = 40;

/// The real file a database path names: absolute, with every symbolic link on the way
/// (the file's own name included) followed. Everything kept beside a database — the
/// ballot server's lock, the browser app's instance file, the backups — and the file a
/// restore replaces are named from this path, so that a link and its target are one
/// database: two names cannot start two ballot servers on one file, and a restore writes
/// the file rather than putting a copy where the link was. A file not made yet resolves
/// through its folder (and through a link that points to where it will be made).
pub fn resolve_database_path(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..LINKS_FOLLOWED {
        if let Ok(real) = current.canonicalize() {
            return without_verbatim_prefix(real);
        }
        // Not there yet: a link pointing to where the file will be made is followed by
        // hand, since SQLite would create the file at the link's target.
        match std::fs::read_link(&current) {
            Ok(target) => {
                let folder = current.parent().map(Path::to_path_buf).unwrap_or_default();
                current = folder.join(target);
            }
            Err(_) => break,
        }
    }
    let name = current.file_name().map(|n| n.to_os_string());
    let folder = current.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match (folder.canonicalize(), name) {
        (Ok(folder), Some(name)) => without_verbatim_prefix(folder).join(name),
        _ => current,
    }
}

/// Windows answers `canonicalize` with `\\?\C:\…`; the plain `C:\…` names the same file
/// and is what people and SQLite expect to see.
fn without_verbatim_prefix(path: PathBuf) -> PathBuf {
    #[cfg(windows)]
    {
        let text = path.to_string_lossy();
        if let Some(rest) = text.strip_prefix(r"\\?\")
            && rest.as_bytes().get(1) == Some(&b':')
        {
            return PathBuf::from(rest.to_string());
        }
    }
    path
}

#[cfg(all(test, unix))]
mod tests {
    use super::resolve_database_path;

    /// A link and its target resolve to one path, whether the file exists yet or not, and
    /// a new file in a real folder keeps its name in that folder.
    #[cfg(unix)]
    #[test]
    fn a_link_and_its_target_are_one_database() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        let target = real.join("target.db");
        let link = real.join("link.db");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(resolve_database_path(&link), target, "a link to a file not made yet");
        std::fs::write(&target, b"").unwrap();
        assert_eq!(resolve_database_path(&link), target);
        assert_eq!(resolve_database_path(&target), target);
        let folder_link = real.join("folder-link");
        std::os::unix::fs::symlink(&real, &folder_link).unwrap();
        assert_eq!(resolve_database_path(&folder_link.join("new.db")), real.join("new.db"));
        // A loop of links ends; the path is then taken as it stands.
        std::os::unix::fs::symlink(real.join("b.db"), real.join("a.db")).unwrap();
        std::os::unix::fs::symlink(real.join("a.db"), real.join("b.db")).unwrap();
        assert_eq!(resolve_database_path(&real.join("a.db")).parent(), Some(real.as_path()));
    }
}
