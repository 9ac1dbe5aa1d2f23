//! Integration tests of the core and the `shuzhi` command-line tool, built as one
//! binary. Each test gets a fresh database (in memory or in a temporary folder).

mod anonymity;
mod architecture;
mod assess;
mod backup;
mod browser_app;
mod checks;
mod cli;
mod crash;
mod evidence;
mod exchange;
mod exports;
mod history;
mod labels;
mod limits;
mod lists;
mod look_alike;
mod meeting;
mod office_pc;
mod on_site;
mod package;
mod package_trust;
mod pdf_text;
mod planning;
mod problem_items;
mod report_labels;
mod report_pdf;
mod reporting;
mod returns;
mod scale;
mod scoring;
mod sealed_vote;
mod serve;
mod settings;
mod store;
mod store_trust;
mod whole_vote;
mod workstation;
mod xlsx;
mod year_files;

use shuzhi::Store;
use shuzhi::sample::{SAMPLE_CAMPAIGN_JSON, load_sample_campaign};

/// The id of the bundled sample campaign.
pub const SAMPLE_ID: &str = "sample-2023-swjw";

/// Held by the tests that flood a server with a thousand sockets: they lower this
/// process's open-file limit (the server raises it again), and two floods at once would
/// use up the raised limit for every other test running beside them.
pub static SOCKET_FLOOD: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A fresh in-memory database.
pub fn new_store() -> Store {
    Store::open_in_memory().expect("an in-memory database opens")
}

/// A fresh in-memory database with the sample campaign loaded.
pub fn sample_store() -> Store {
    let mut store = new_store();
    load_sample_campaign(&mut store, "测试").expect("the sample loads");
    store
}

/// The sample campaign document as a JSON value, for tests to change.
pub fn sample_value() -> serde_json::Value {
    serde_json::from_str(SAMPLE_CAMPAIGN_JSON).expect("the sample is JSON")
}
