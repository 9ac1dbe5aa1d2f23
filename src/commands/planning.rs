//! 精心谋划部署: a new year's campaign, the roster and the coverage check.

use crate::planning::{
    self, CampaignInput, CampaignSettings, Coverage, CreatedCampaign, OrganizationInput, OrganizationNode,
    RosterImported, RosterPreview, RosterRow, SecretaryInput,
};

use super::{CommandResult, Session};

pub fn create_campaign(
    session: &Session,
    input: CampaignInput,
    copy_from: Option<String>,
) -> CommandResult<CreatedCampaign> {
    let actor = session.actor()?;
    Ok(planning::create_campaign(&mut *session.store()?, &input, copy_from.as_deref(), &actor)?)
}

pub fn rename_campaign(
    session: &Session,
    campaign_id: String,
    year: i32,
    title: String,
) -> CommandResult<Option<String>> {
    let actor = session.actor()?;
    Ok(planning::rename_campaign(&mut *session.store()?, &campaign_id, year, &title, &actor)?)
}

pub fn delete_campaign(session: &Session, campaign_id: String, confirm_year: i32) -> CommandResult<Option<String>> {
    let actor = session.actor()?;
    Ok(planning::delete_campaign(&mut *session.store()?, &campaign_id, confirm_year, &actor)?)
}

pub fn campaign_coverage(session: &Session, campaign_id: String) -> CommandResult<Coverage> {
    Ok(planning::coverage(&*session.store()?, &campaign_id)?)
}

pub fn read_roster(_session: &Session, file_name: String, content_base64: String) -> CommandResult<Vec<RosterRow>> {
    let bytes = super::file_bytes(crate::files::ROSTER, &file_name, &content_base64)?;
    Ok(planning::read_roster(&file_name, &bytes)?)
}

pub fn export_roster_template(session: &Session) -> CommandResult<Option<String>> {
    session.deliver(planning::roster_template()?)
}

pub fn preview_roster(session: &Session, campaign_id: String, rows: Vec<RosterRow>) -> CommandResult<RosterPreview> {
    Ok(planning::preview_roster(&*session.store()?, &campaign_id, &rows)?)
}

pub fn import_roster(session: &Session, campaign_id: String, rows: Vec<RosterRow>) -> CommandResult<RosterImported> {
    let actor = session.actor()?;
    Ok(planning::import_roster(&mut *session.store()?, &campaign_id, &rows, &actor)?)
}

pub fn campaign_details(session: &Session, campaign_id: String) -> CommandResult<crate::domain::Campaign> {
    Ok(crate::store::campaigns::get_campaign(session.store()?.conn(), &campaign_id)?)
}

pub fn save_campaign_settings(session: &Session, campaign_id: String, settings: CampaignSettings) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(planning::save_campaign_settings(&mut *session.store()?, &campaign_id, &settings, &actor)?)
}

pub fn organization_tree(session: &Session, campaign_id: String) -> CommandResult<Vec<OrganizationNode>> {
    Ok(planning::organization_tree(&*session.store()?, &campaign_id)?)
}

pub fn update_organization(session: &Session, organization_id: String, input: OrganizationInput) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(planning::update_organization(&mut *session.store()?, &organization_id, &input, &actor)?)
}

pub fn delete_organization(session: &Session, organization_id: String) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(planning::delete_organization(&mut *session.store()?, &organization_id, &actor)?)
}

pub fn update_secretary(session: &Session, secretary_id: String, input: SecretaryInput) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(planning::update_secretary(&mut *session.store()?, &secretary_id, &input, &actor)?)
}

pub fn delete_secretary(session: &Session, secretary_id: String) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(planning::delete_secretary(&mut *session.store()?, &secretary_id, &actor)?)
}
