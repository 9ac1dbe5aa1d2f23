//! Campaigns and the dashboard.

use shuzhi::dashboard::{self, Dashboard};
use shuzhi::store::campaigns::{self, CampaignSummary};
use tauri::State;

use crate::error::CommandResult;
use crate::state::{AppState, today};

/// Every campaign in the database, newest first.
#[tauri::command]
#[specta::specta]
pub fn list_campaigns(state: State<'_, AppState>) -> CommandResult<Vec<CampaignSummary>> {
    Ok(campaigns::list_campaigns(state.store()?.conn())?)
}

/// The dashboard of one campaign: every secretary and where they stand.
#[tauri::command]
#[specta::specta]
pub fn campaign_dashboard(state: State<'_, AppState>, campaign_id: String) -> CommandResult<Dashboard> {
    Ok(dashboard::campaign_dashboard(&*state.store()?, &campaign_id, today())?)
}
