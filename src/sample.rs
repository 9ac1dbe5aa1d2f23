//! The bundled sample campaign (`assets/sample-campaign.json`): a 市卫健委党委
//! 2023 年度 campaign that a new user can explore and every test can rely on.

use crate::error::Result;
use crate::exchange::{self, ImportSummary};
use crate::store::{Store, campaigns};

/// Years of a large campaign, made up, for 历年对比 and the scale benchmark.
pub mod scale;

/// The sample campaign document, compiled into the program.
pub const SAMPLE_CAMPAIGN_JSON: &str = include_str!("../assets/sample-campaign.json");

/// The file name messages use for the sample.
const SAMPLE_FILE: &str = "assets/sample-campaign.json";

/// What loading the sample did.
#[derive(Debug, Clone, PartialEq)]
pub enum SampleOutcome {
    Loaded(ImportSummary),
    /// The sample was already in the database; nothing was written.
    AlreadyPresent {
        campaign_id: String,
        title: String,
    },
}

/// Loads the sample campaign unless it is already there (safe to run twice).
pub fn load_sample_campaign(store: &mut Store, actor: &str) -> Result<SampleOutcome> {
    let document = exchange::parse_document(SAMPLE_FILE, SAMPLE_CAMPAIGN_JSON.as_bytes())?;
    if campaigns::campaign_exists(store.conn(), &document.campaign.id)? {
        return Ok(SampleOutcome::AlreadyPresent {
            campaign_id: document.campaign.id.clone(),
            title: document.campaign.title.clone(),
        });
    }
    exchange::import_document(store, SAMPLE_FILE, &document, actor).map(SampleOutcome::Loaded)
}
