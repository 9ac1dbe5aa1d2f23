//! The database itself: where it is and whether it is sound.

use shuzhi::store::DatabaseHealth;
use tauri::State;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// Runs SQLite's integrity and foreign-key checks and checks every sealed vote's fingerprint.
#[tauri::command]
#[specta::specta]
pub fn check_database(state: State<'_, AppState>) -> CommandResult<DatabaseHealth> {
    Ok(shuzhi::database::check_database(&*state.store()?)?)
}

/// Whether writing has stopped because the database is known to be damaged (the window
/// then says so on every page and sends the person to restore a backup).
#[tauri::command]
#[specta::specta]
pub fn writes_stopped(state: State<'_, AppState>) -> CommandResult<bool> {
    Ok(state.store()?.writes_stopped())
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
    let folder = shuzhi::report::pdf::export_folder();
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

/// What the backup dialogs offer.
const DATABASE_FILES: crate::dialogs::Filter =
    crate::dialogs::Filter { name: "述职评议助手数据库", extensions: &["db"] };

/// Backs the database up now into the backups folder; returns the file's path.
#[tauri::command]
#[specta::specta]
pub fn backup_now(state: State<'_, AppState>) -> CommandResult<String> {
    let store = state.store()?;
    let path = shuzhi::store::backup::manual_backup_path(&state.database_path);
    shuzhi::store::backup::backup_to(store.conn(), &path)?;
    Ok(path.display().to_string())
}

/// Backs the database up to a file the person names in the system's save dialog (a USB
/// stick, say); returns its path, or nothing when the dialog was cancelled. The page never
/// hands over a path: the only place the window writes to is the one the dialog gave.
#[tauri::command]
#[specta::specta]
pub async fn backup_to_chosen_file(app: tauri::AppHandle, state: State<'_, AppState>) -> CommandResult<Option<String>> {
    let suggested = format!("述职评议备份-{}.db", chrono::Local::now().format("%Y%m%d"));
    let Some(mut path) = crate::dialogs::save_file(&app, "备份到…", &suggested, DATABASE_FILES) else {
        return Ok(None);
    };
    if path.extension().and_then(|e| e.to_str()) != Some("db") {
        path.as_mut_os_string().push(".db");
    }
    shuzhi::store::backup::backup_to(state.store()?.conn(), &path)?;
    Ok(Some(path.display().to_string()))
}

/// The automatic and manual backups in the backups folder, newest first.
#[tauri::command]
#[specta::specta]
pub fn list_backups(state: State<'_, AppState>) -> CommandResult<Vec<shuzhi::store::backup::BackupInfo>> {
    Ok(shuzhi::store::backup::list_backups(&state.database_path))
}

/// Checks a backup of the list (named by its file name) without changing anything.
#[tauri::command]
#[specta::specta]
pub fn check_backup(
    state: State<'_, AppState>,
    file_name: String,
) -> CommandResult<shuzhi::store::backup::BackupCheck> {
    let path = shuzhi::store::backup::listed_backup(&state.database_path, &file_name)?;
    Ok(shuzhi::store::backup::check_backup(&path)?)
}

/// A backup the person chose elsewhere (a USB stick), checked.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct ChosenBackup {
    pub path: String,
    pub check: shuzhi::store::backup::BackupCheck,
}

/// Lets the person choose a backup file elsewhere in the system's open dialog and checks
/// it; the window may then restore exactly that file. Nothing when the dialog was cancelled.
#[tauri::command]
#[specta::specta]
pub async fn choose_backup_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<ChosenBackup>> {
    let Some(path) = crate::dialogs::pick_file(&app, "选择备份文件", DATABASE_FILES) else { return Ok(None) };
    let check = shuzhi::store::backup::check_backup(&path)?;
    *state.chosen_backup.lock().unwrap_or_else(|p| p.into_inner()) = Some(path.clone());
    Ok(Some(ChosenBackup { path: path.display().to_string(), check }))
}

/// Which backup to restore: one of the list, or the file last chosen in the open dialog.
#[derive(Debug, Clone, serde::Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RestoreSource {
    Listed { file_name: String },
    Chosen,
}

/// Restores the database from a backup (checked first; the current one is backed up).
#[tauri::command]
#[specta::specta]
pub fn restore_backup(state: State<'_, AppState>, source: RestoreSource) -> CommandResult<()> {
    let path = match source {
        RestoreSource::Listed { file_name } => shuzhi::store::backup::listed_backup(&state.database_path, &file_name)?,
        RestoreSource::Chosen => {
            let chosen = state.chosen_backup.lock().unwrap_or_else(|p| p.into_inner()).clone();
            chosen.ok_or_else(|| CommandError::InvalidInput {
                message: "请先用“从其他位置恢复…”选择备份文件。".into(),
            })?
        }
    };
    state.restore(&path)
}
