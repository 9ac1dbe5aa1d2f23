//! Campaign settings: the stock-phrase list the report check counts.

use crate::planning::settings;
use serde::Serialize;

use super::{CommandResult, Session};

/// The campaign's stock phrases and whether they are the built-in list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClicheList {
    pub phrases: Vec<String>,
    pub built_in: bool,
}

pub fn campaign_cliches(session: &Session, campaign_id: String) -> CommandResult<ClicheList> {
    let (phrases, built_in) = settings::campaign_cliches(&*session.store()?, &campaign_id)?;
    Ok(ClicheList { phrases, built_in })
}

pub fn set_campaign_cliches(
    session: &Session,
    campaign_id: String,
    phrases: Option<Vec<String>>,
) -> CommandResult<ClicheList> {
    let actor = session.actor()?;
    let mut store = session.store()?;
    settings::set_campaign_cliches(&mut store, &campaign_id, phrases.as_deref(), &actor)?;
    let (phrases, built_in) = settings::campaign_cliches(&store, &campaign_id)?;
    Ok(ClicheList { phrases, built_in })
}
