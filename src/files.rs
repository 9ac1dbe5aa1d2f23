//! Writing files the way a person expects: whole or not at all.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes through a temporary file and a rename, so a failed write never leaves half a file.
/// The folder is created when missing.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |e| Error::Io { path: path.to_path_buf(), source: e };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".part");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, bytes).map_err(io)?;
    std::fs::rename(&temporary, path).map_err(io)
}
