//! The database itself: where it is and whether it is sound.

use shuzhi::store::DatabaseHealth;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// Runs SQLite's integrity check and the foreign-key check on the open database.
#[tauri::command]
#[specta::specta]
pub fn check_database(state: State<'_, AppState>) -> CommandResult<DatabaseHealth> {
    Ok(state.store()?.health()?)
}
