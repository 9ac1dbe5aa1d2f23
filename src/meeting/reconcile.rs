//! Ballots reconciled per rater category: how many raters the category has, how many
//! sheets and codes were issued to it, how many ballots came back on paper and by phone,
//! and how many of them count. A category that returned more ballots than it has raters,
//! or than were issued to it, has voted twice somewhere (one person with a paper sheet and
//! a phone code, a sheet copied): closing refuses such a vote unless the organizer writes
//! down why it stands, and that reason is logged and printed on the results.

use serde::Serialize;

use crate::domain::{BallotChannel, Id};
use crate::error::Result;
use crate::rules::scoring;
use crate::store::{Store, meeting};

/// One category's ballots, issued and returned.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CategoryBallots {
    /// `None` for ballots of no known category (the 合计 row).
    pub category_id: Option<Id>,
    pub name: String,
    /// How the category votes (测评方式); `None` on the 合计 row.
    pub channel: Option<BallotChannel>,
    /// The raters the category has (its planned size): 应到.
    pub raters: u32,
    pub sheets_issued: u32,
    pub codes_issued: u32,
    pub paper_returned: u32,
    pub phone_returned: u32,
    pub returned: u32,
    /// Valid and invalid ballots of the category; `None` where the anonymity rule hides the
    /// category (its one or two ballots would be told apart by them).
    pub valid: Option<u32>,
    pub invalid: Option<u32>,
    /// What is wrong with the category's count, in words: more ballots than raters, or
    /// than were issued.
    pub over_vote: Option<String>,
}

/// Every category and the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BallotReconciliation {
    pub categories: Vec<CategoryBallots>,
    pub total: CategoryBallots,
    /// The over-votes, one sentence each; empty when every category adds up.
    pub over_votes: Vec<String>,
    /// What the year's rules make of these counts: a quorum not reached, or a void vote
    /// (figures of ballots handed in and issued only, never a count of grades).
    pub stops: Option<scoring::VoteStopped>,
}

/// The reconciliation of the campaign's ballots as they stand (open or closed), under the
/// rules the results use.
pub fn reconcile_ballots(store: &Store, campaign_id: &str) -> Result<BallotReconciliation> {
    Ok(super::vote::tally_as_it_stands(store, campaign_id)?.reconciliation)
}

/// The reconciliation for a tally already made of the campaign's ballots (its invalid
/// ballots and the categories the anonymity rule hides).
pub(super) fn reconcile_outcome(
    store: &Store,
    campaign_id: &str,
    outcome: &scoring::TallyOutcome,
) -> Result<BallotReconciliation> {
    let conn = store.conn();
    let categories = meeting::list_rater_categories(conn, campaign_id)?;
    let sheets = meeting::list_sheets(conn, campaign_id)?;
    let codes = meeting::list_codes(conn, campaign_id)?;
    let ballots = meeting::list_ballots(conn, campaign_id)?;
    let hidden: Vec<&str> = outcome
        .anonymity
        .as_ref()
        .map(|a| a.hidden_categories.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let invalid_serials: std::collections::BTreeSet<&str> =
        outcome.invalid_ballots.iter().map(|b| b.serial.as_str()).collect();

    let votes = |category_id: &str, way: BallotChannel| {
        categories.iter().any(|c| c.id == category_id && c.ballot_channel == way)
    };
    let count = |category: Option<&str>, name: &str, raters: u32, channel: Option<BallotChannel>| {
        let mine = |id: &str| category.is_none_or(|c| c == id);
        let returned: Vec<_> = ballots.iter().filter(|b| mine(&b.category_id)).collect();
        let invalid = returned.iter().filter(|b| invalid_serials.contains(b.serial.as_str())).count() as u32;
        let shown = category.is_none() || !hidden.contains(&name);
        let mut row = CategoryBallots {
            category_id: category.map(str::to_string),
            name: name.to_string(),
            channel,
            raters,
            // Issued the way each category votes: the sheets of a category that votes by
            // phone, or the codes of one on paper, are not accepted and not counted.
            sheets_issued: sheets
                .iter()
                .filter(|s| mine(&s.category_id) && votes(&s.category_id, BallotChannel::Paper))
                .count() as u32,
            codes_issued: codes
                .iter()
                .filter(|c| mine(&c.category_id) && votes(&c.category_id, BallotChannel::Phone))
                .count() as u32,
            paper_returned: returned.iter().filter(|b| b.channel == BallotChannel::Paper).count() as u32,
            phone_returned: returned.iter().filter(|b| b.channel == BallotChannel::Phone).count() as u32,
            returned: returned.len() as u32,
            valid: shown.then(|| returned.len() as u32 - invalid),
            invalid: shown.then_some(invalid),
            over_vote: None,
        };
        if category.is_some() {
            let issued = row.sheets_issued + row.codes_issued;
            row.over_vote = if row.returned > raters {
                Some(format!("{name}收回测评票 {} 张，多于该类评议人 {raters} 人", row.returned))
            } else if issued > 0 && row.returned > issued {
                Some(format!("{name}收回测评票 {} 张，多于发出的 {issued} 张（测评表和测评码）", row.returned))
            } else {
                None
            };
        }
        row
    };
    let rows: Vec<CategoryBallots> = categories
        .iter()
        .map(|c| count(Some(c.id.as_str()), &c.name, c.planned_size, Some(c.ballot_channel)))
        .collect();
    let total = count(None, "合计", categories.iter().map(|c| c.planned_size).sum(), None);
    let over_votes = rows.iter().filter_map(|r| r.over_vote.clone()).collect();
    Ok(BallotReconciliation { categories: rows, total, over_votes, stops: outcome.stopped.clone() })
}

/// How long a reason to close over an over-vote must be, at least (in characters).
pub const REASON_MIN_CHARS: usize = 4;
