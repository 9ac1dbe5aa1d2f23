//! Campaign settings: the stock-phrase list the report check counts.

use serde::Serialize;
use shuzhi::planning::settings;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// The campaign's stock phrases and whether they are the built-in list.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct ClicheList {
    pub phrases: Vec<String>,
    pub built_in: bool,
}

#[tauri::command]
#[specta::specta]
pub fn campaign_cliches(state: State<'_, AppState>, campaign_id: String) -> CommandResult<ClicheList> {
    let (phrases, built_in) = settings::campaign_cliches(&*state.store()?, &campaign_id)?;
    Ok(ClicheList { phrases, built_in })
}

/// Saves the list (`None` restores the built-in one) and returns what is now in force.
#[tauri::command]
#[specta::specta]
pub fn set_campaign_cliches(
    state: State<'_, AppState>,
    campaign_id: String,
    phrases: Option<Vec<String>>,
    actor: String,
) -> CommandResult<ClicheList> {
    let mut store = state.store()?;
    settings::set_campaign_cliches(&mut store, &campaign_id, phrases.as_deref(), &actor)?;
    let (phrases, built_in) = settings::campaign_cliches(&store, &campaign_id)?;
    Ok(ClicheList { phrases, built_in })
}
