//! The database itself: where it is and whether it is sound.

use shuzhi::store::DatabaseHealth;
use tauri::State;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// Runs SQLite's integrity and foreign-key checks and checks every sealed vote's fingerprint.
#[tauri::command]
#[specta::specta]
pub fn check_database(state: State<'_, AppState>) -> CommandResult<DatabaseHealth> {
    Ok(shuzhi::meeting::check_database(&*state.store()?)?)
}

/// Whether a file of `kind` (roster, package, evidence…) and `size_bytes` may be read;
/// the window asks before it reads the file the person chose.
#[tauri::command]
#[specta::specta]
pub fn check_file_size(kind: String, file_name: String, size_bytes: f64) -> CommandResult<()> {
    let kind = shuzhi::files::kind_named(&kind)
        .ok_or_else(|| CommandError::InvalidInput { message: format!("未知的文件类型“{kind}”。") })?;
    Ok(shuzhi::files::check_size(&file_name, kind, size_bytes.max(0.0) as u64)?)
}

/// Opens a file the program exported in the system's viewer (to read or print it).
/// Only files inside the export folder are opened.
#[tauri::command]
#[specta::specta]
pub fn open_exported(path: String) -> CommandResult<()> {
    let folder = shuzhi::report_pdf::export_folder();
    let file = std::path::Path::new(&path);
    let inside = file.canonicalize().ok().zip(folder.canonicalize().ok()).is_some_and(|(f, d)| f.starts_with(d));
    if !inside || !file.is_file() {
        return Err(CommandError::InvalidInput {
            message: format!("只能打开本程序导出到 {} 的文件。请重新导出后再打开。", folder.display()),
        });
    }
    let opener = if cfg!(target_os = "windows") {
        std::process::Command::new("explorer").arg(file).spawn()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(file).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(file).spawn()
    };
    opener.map(|_| ()).map_err(|e| CommandError::Storage {
        message: format!("无法用系统程序打开 {path}（{e}）。请在文件管理器中找到该文件，用 PDF 阅读器打开后打印。"),
    })
}

/// Backs the database up now: into the backups folder, or to `target` when given.
#[tauri::command]
#[specta::specta]
pub fn backup_now(state: State<'_, AppState>, target: Option<String>) -> CommandResult<String> {
    let store = state.store()?;
    let path = match target.filter(|t| !t.trim().is_empty()) {
        Some(target) => std::path::PathBuf::from(target.trim()),
        None => shuzhi::backup::backups_folder(&state.database_path)
            .join(format!("shuzhi-{}-manual.db", chrono::Local::now().format("%Y%m%d-%H%M%S"))),
    };
    if path.extension().and_then(|e| e.to_str()) != Some("db") {
        return Err(CommandError::InvalidInput {
            message: "备份文件名请以 .db 结尾，例如 述职评议备份.db。".into()
        });
    }
    shuzhi::backup::backup_to(store.conn(), &path)?;
    Ok(path.display().to_string())
}

/// The automatic and manual backups in the backups folder, newest first.
#[tauri::command]
#[specta::specta]
pub fn list_backups(state: State<'_, AppState>) -> CommandResult<Vec<shuzhi::backup::BackupInfo>> {
    Ok(shuzhi::backup::list_backups(&state.database_path))
}

/// Checks a backup file without changing anything.
#[tauri::command]
#[specta::specta]
pub fn check_backup(path: String) -> CommandResult<shuzhi::backup::BackupCheck> {
    Ok(shuzhi::backup::check_backup(std::path::Path::new(&path))?)
}

/// Restores the database from a backup (checked first; the current one is backed up).
#[tauri::command]
#[specta::specta]
pub fn restore_backup(state: State<'_, AppState>, path: String) -> CommandResult<()> {
    state.restore(std::path::Path::new(&path))
}
