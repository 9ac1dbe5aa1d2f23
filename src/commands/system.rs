//! The database itself: where it is and whether it is sound.

use crate::store::DatabaseHealth;

use super::Session;
use super::error::{CommandError, CommandResult};

pub fn labels(_session: &Session) -> CommandResult<crate::labels::Labels> {
    Ok(crate::labels::labels())
}

pub fn check_database(session: &Session) -> CommandResult<DatabaseHealth> {
    Ok(crate::database::check_database(&*session.store()?)?)
}

pub fn writes_stopped(session: &Session) -> CommandResult<bool> {
    Ok(session.store()?.writes_stopped())
}

pub fn check_file_size(_session: &Session, kind: String, file_name: String, size_bytes: f64) -> CommandResult<()> {
    let kind = crate::files::kind_named(&kind)
        .ok_or_else(|| CommandError::InvalidInput { message: format!("未知的文件类型“{kind}”。") })?;
    Ok(crate::files::check_size(&file_name, kind, size_bytes.max(0.0) as u64)?)
}

pub fn open_exported(session: &Session, path: String) -> CommandResult<()> {
    Ok(crate::opener::open_with_system(&exported_file(session, &path)?)?)
}

pub fn open_export_folder(session: &Session, path: String) -> CommandResult<()> {
    let file = exported_file(session, &path)?;
    let folder = file.parent().unwrap_or(&file);
    Ok(crate::opener::open_with_system(folder)?)
}

pub fn save_exported_as(session: &Session, path: String) -> CommandResult<Option<String>> {
    let file = exported_file(session, &path)?;
    let file_name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let filter = super::filter_for(&file_name);
    let bytes = std::fs::read(&file).map_err(|e| CommandError::Storage {
        message: format!("无法读取 {}（{e}）。请重新导出后再另存。", file.display()),
    })?;
    session.shell.keep_elsewhere("另存一份…", crate::files::Export { file_name, bytes }, filter)
}

/// A file the program exported, or a refusal: only files inside the export folder, or
/// saved by this session's exports where the person chose, are opened or copied,
/// whatever path the page sends.
fn exported_file(session: &Session, path: &str) -> CommandResult<std::path::PathBuf> {
    let folder = crate::report::pdf::export_folder();
    let file = std::path::Path::new(path);
    let canonical = file.canonicalize().ok();
    let inside = canonical.as_ref().zip(folder.canonicalize().ok()).is_some_and(|(f, d)| f.starts_with(d));
    match canonical {
        Some(file) if (inside || session.saved_export(&file)) && file.is_file() => Ok(file),
        _ => Err(CommandError::InvalidInput {
            message: format!(
                "只能打开本程序导出的文件（{} 中的，或本次导出时保存的）。请重新导出后再打开。",
                folder.display()
            ),
        }),
    }
}

/// What the backup choosers offer.
const DATABASE_FILES: super::FileFilter =
    super::FileFilter { name: "述职评议助手数据库", extensions: &["db"] };

pub fn backup_now(session: &Session) -> CommandResult<String> {
    let store = session.store()?;
    let (path, _) = crate::store::backup::manual_backup(store.conn(), &session.database_path)?;
    Ok(path.display().to_string())
}

pub fn backup_to_chosen_file(session: &Session) -> CommandResult<Option<String>> {
    let file_name = format!("述职评议备份-{}.db", chrono::Local::now().format("%Y%m%d"));
    let bytes = crate::store::backup::backup_bytes(session.store()?.conn())?;
    session.shell.keep_elsewhere("备份到…", crate::files::Export { file_name, bytes }, DATABASE_FILES)
}

pub fn list_backups(session: &Session) -> CommandResult<Vec<crate::store::backup::BackupInfo>> {
    // The list shows the day's backup once it is made, not half of it.
    session.wait_for_daily_backup();
    Ok(crate::store::backup::list_backups(&session.database_path))
}

pub fn check_backup(session: &Session, file_name: String) -> CommandResult<crate::store::backup::BackupCheck> {
    let path = crate::store::backup::listed_backup(&session.database_path, &file_name)?;
    Ok(crate::store::backup::check_backup(&path)?)
}

/// A backup the person chose elsewhere (a USB stick), checked.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChosenBackup {
    /// What the page names this file by when it restores it.
    pub id: String,
    pub path: String,
    pub check: crate::store::backup::BackupCheck,
}

pub fn choose_backup_file(session: &Session) -> CommandResult<Option<ChosenBackup>> {
    let Some(path) = session.shell.choose_file("选择备份文件", DATABASE_FILES) else { return Ok(None) };
    let check = crate::store::backup::check_backup(&path)?;
    let id = format!("{:016x}", crate::random::u64());
    let mut chosen = session.chosen_backups.lock().unwrap_or_else(|p| p.into_inner());
    // A few choices are remembered: enough for the tabs a person has open at once.
    while chosen.len() >= KEPT_CHOSEN_BACKUPS {
        chosen.pop_front();
    }
    chosen.push_back((id.clone(), path.clone()));
    Ok(Some(ChosenBackup { id, path: path.display().to_string(), check }))
}

/// How many chosen backup files a session remembers for a restore.
const KEPT_CHOSEN_BACKUPS: usize = 8;

/// Which backup to restore: one of the list, or a file chosen in the open dialog, named by
/// the id `choose_backup_file` gave for it.
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RestoreSource {
    Listed { file_name: String },
    Chosen { id: String },
}

pub fn restore_backup(session: &Session, source: RestoreSource) -> CommandResult<()> {
    // The daily backup begun at the start reads the file through a connection of its own:
    // it finishes before the file is replaced.
    session.wait_for_daily_backup();
    let path = match source {
        RestoreSource::Listed { file_name } => crate::store::backup::listed_backup(&session.database_path, &file_name)?,
        RestoreSource::Chosen { id } => {
            let chosen = session.chosen_backups.lock().unwrap_or_else(|p| p.into_inner());
            let chosen = chosen.iter().find(|(chosen_id, _)| *chosen_id == id).map(|(_, path)| path.clone());
            chosen.ok_or_else(|| CommandError::InvalidInput {
                message: "请先用“从其他位置恢复…”选择备份文件。".into(),
            })?
        }
    };
    session.restore(&path)
}
