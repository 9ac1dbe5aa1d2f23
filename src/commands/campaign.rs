//! Campaigns and the dashboard.

use crate::dashboard::{self, Dashboard};
use crate::store::campaigns::{self, CampaignSummary};

use super::error::CommandResult;
use super::{Session, today};

pub fn list_campaigns(session: &Session) -> CommandResult<Vec<CampaignSummary>> {
    Ok(campaigns::list_campaigns(session.store()?.conn())?)
}

pub fn campaign_dashboard(session: &Session, campaign_id: String) -> CommandResult<Dashboard> {
    Ok(dashboard::campaign_dashboard(&*session.store()?, &campaign_id, today())?)
}
