//! 历年对比: a post's years and the campaign across years.

use super::error::CommandResult;
use super::{Session, today};
use crate::history::{self, CampaignsHistory, PostHistory, RepeatedProblem};

/// The years of the post a secretary holds, whoever held it in each.
pub fn secretary_history(session: &Session, secretary_id: String) -> CommandResult<PostHistory> {
    Ok(history::secretary_history(&*session.store()?, &secretary_id, today())?)
}

/// The years of an organization, found by its name and unit in every campaign.
pub fn organization_history(session: &Session, organization_id: String) -> CommandResult<PostHistory> {
    Ok(history::organization_history(&*session.store()?, &organization_id, today())?)
}

/// Every year of the organizer of a campaign.
pub fn campaigns_history(session: &Session, campaign_id: String) -> CommandResult<CampaignsHistory> {
    let store = session.store()?;
    let organizer = crate::store::campaigns::get_campaign(store.conn(), &campaign_id)?.organizer;
    Ok(history::campaigns_history(&store, &organizer, today())?)
}

/// The problems of a campaign that repeat a problem of the same post in an earlier year.
pub fn repeated_problems(session: &Session, campaign_id: String) -> CommandResult<Vec<RepeatedProblem>> {
    Ok(history::repeated_problems(&*session.store()?, &campaign_id)?)
}

/// The campaign across years as an A4 PDF (charts in greys, tables beneath).
pub fn export_campaigns_history_pdf(session: &Session, campaign_id: String) -> CommandResult<Option<String>> {
    export_campaigns_history(session, &campaign_id, history::export::campaigns_history_pdf)
}

/// The campaign across years as an Excel workbook of the same figures.
pub fn export_campaigns_history_xlsx(session: &Session, campaign_id: String) -> CommandResult<Option<String>> {
    export_campaigns_history(session, &campaign_id, history::export::campaigns_history_xlsx)
}

/// The campaign across years, made into a file by `make` and handed to the person.
fn export_campaigns_history(
    session: &Session,
    campaign_id: &str,
    make: fn(&CampaignsHistory, chrono::NaiveDate) -> crate::error::Result<crate::files::Export>,
) -> CommandResult<Option<String>> {
    let export = {
        let store = session.store()?;
        let organizer = crate::store::campaigns::get_campaign(store.conn(), campaign_id)?.organizer;
        make(&history::campaigns_history(&store, &organizer, today())?, today())?
    };
    session.deliver(export)
}
