//! The database itself: where it is and whether it is sound.

use serde::Serialize;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// What the window shows about the open database.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DatabaseHealth {
    pub path: String,
    pub schema_version: u32,
    /// Problems `PRAGMA integrity_check` found; empty when the file is sound.
    pub problems: Vec<String>,
}

/// Runs SQLite's integrity check on the open database.
#[tauri::command]
#[specta::specta]
pub fn check_database(state: State<'_, AppState>) -> CommandResult<DatabaseHealth> {
    let problems = state.store()?.integrity_problems()?;
    Ok(DatabaseHealth {
        path: state.database_path.display().to_string(),
        schema_version: shuzhi::store::migrations::latest_version(),
        problems,
    })
}
