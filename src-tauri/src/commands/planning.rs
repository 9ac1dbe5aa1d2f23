//! 精心谋划部署: a new year's campaign, the roster and the coverage check.

use shuzhi::planning::{
    self, CampaignInput, CampaignSettings, Coverage, CreatedCampaign, OrganizationInput, OrganizationNode,
    RosterImported, RosterPreview, RosterRow, SecretaryInput,
};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// Creates a year's campaign, optionally copying an earlier one (open items carry over).
#[tauri::command]
#[specta::specta]
pub fn create_campaign(
    state: State<'_, AppState>,
    input: CampaignInput,
    copy_from: Option<String>,
    actor: String,
) -> CommandResult<CreatedCampaign> {
    Ok(planning::create_campaign(&mut *state.store()?, &input, copy_from.as_deref(), &actor)?)
}

/// 全覆盖 and what is missing before the meeting.
#[tauri::command]
#[specta::specta]
pub fn campaign_coverage(state: State<'_, AppState>, campaign_id: String) -> CommandResult<Coverage> {
    Ok(planning::coverage(&*state.store()?, &campaign_id)?)
}

/// Reads the rows of a roster file the person chose; its bytes arrive base64-encoded.
#[tauri::command]
#[specta::specta]
pub fn read_roster(file_name: String, content_base64: String) -> CommandResult<Vec<RosterRow>> {
    let bytes = super::file_bytes(shuzhi::files::ROSTER, &file_name, &content_base64)?;
    Ok(planning::read_roster(&file_name, &bytes)?)
}

/// What importing these rows would do, row by row; writes nothing.
#[tauri::command]
#[specta::specta]
pub fn preview_roster(
    state: State<'_, AppState>,
    campaign_id: String,
    rows: Vec<RosterRow>,
) -> CommandResult<RosterPreview> {
    Ok(planning::preview_roster(&*state.store()?, &campaign_id, &rows)?)
}

/// Imports the rows, all or nothing.
#[tauri::command]
#[specta::specta]
pub fn import_roster(
    state: State<'_, AppState>,
    campaign_id: String,
    rows: Vec<RosterRow>,
    actor: String,
) -> CommandResult<RosterImported> {
    Ok(planning::import_roster(&mut *state.store()?, &campaign_id, &rows, &actor)?)
}

/// The whole campaign record (settings, focus points, review levels, rules).
#[tauri::command]
#[specta::specta]
pub fn campaign_details(state: State<'_, AppState>, campaign_id: String) -> CommandResult<shuzhi::domain::Campaign> {
    Ok(shuzhi::store::campaigns::get_campaign(state.store()?.conn(), &campaign_id)?)
}

#[tauri::command]
#[specta::specta]
pub fn save_campaign_settings(
    state: State<'_, AppState>,
    campaign_id: String,
    settings: CampaignSettings,
    actor: String,
) -> CommandResult<()> {
    Ok(planning::save_campaign_settings(&mut *state.store()?, &campaign_id, &settings, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn organization_tree(state: State<'_, AppState>, campaign_id: String) -> CommandResult<Vec<OrganizationNode>> {
    Ok(planning::organization_tree(&*state.store()?, &campaign_id)?)
}

#[tauri::command]
#[specta::specta]
pub fn update_organization(
    state: State<'_, AppState>,
    organization_id: String,
    input: OrganizationInput,
    actor: String,
) -> CommandResult<()> {
    Ok(planning::update_organization(&mut *state.store()?, &organization_id, &input, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn delete_organization(state: State<'_, AppState>, organization_id: String, actor: String) -> CommandResult<()> {
    Ok(planning::delete_organization(&mut *state.store()?, &organization_id, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn update_secretary(
    state: State<'_, AppState>,
    secretary_id: String,
    input: SecretaryInput,
    actor: String,
) -> CommandResult<()> {
    Ok(planning::update_secretary(&mut *state.store()?, &secretary_id, &input, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn delete_secretary(state: State<'_, AppState>, secretary_id: String, actor: String) -> CommandResult<()> {
    Ok(planning::delete_secretary(&mut *state.store()?, &secretary_id, &actor)?)
}
