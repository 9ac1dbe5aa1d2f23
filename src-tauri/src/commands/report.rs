//! A secretary's report and everything that hangs off it.

use shuzhi::dashboard::{self, SecretaryPage};
use tauri::State;

use crate::error::CommandResult;
use crate::state::{AppState, today};

/// The page of one secretary: report sections, review history, problems and measures.
#[tauri::command]
#[specta::specta]
pub fn secretary_page(state: State<'_, AppState>, secretary_id: String) -> CommandResult<SecretaryPage> {
    Ok(dashboard::secretary_page(&*state.store()?, &secretary_id, today())?)
}
