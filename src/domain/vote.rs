//! The meeting's records: the panel of raters and its categories, the ballots and their
//! marks, the printed sheets and phone codes, the versions of the rules and the closing of
//! the vote. Part of [`crate::domain`], which re-exports every type here.

use serde::{Deserialize, Serialize};

use super::{Grade, Id};

/// A category of raters (评议人类别) with its weight in the weighted score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct RaterCategory {
    pub id: Id,
    pub name: String,
    /// The category's weight in the weighted score, in percent.
    pub weight_percent: u32,
    /// How many raters of this category are planned for the meeting.
    pub planned_size: u32,
    /// How this category votes: printed sheets or phone codes, never both. Paper is left
    /// out of files (earlier versions' files, which have no such field, read as paper).
    #[serde(default, skip_serializing_if = "BallotChannel::is_paper")]
    pub ballot_channel: BallotChannel,
}

impl BallotChannel {
    pub const ALL: [BallotChannel; 2] = [BallotChannel::Paper, BallotChannel::Phone];

    pub fn is_paper(&self) -> bool {
        *self == BallotChannel::Paper
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BallotChannel::Paper => "paper",
            BallotChannel::Phone => "phone",
        }
    }

    pub fn from_stored(text: &str) -> BallotChannel {
        if text == "phone" { BallotChannel::Phone } else { BallotChannel::Paper }
    }

    /// What the organizer reads: 纸质测评表 or 手机扫码.
    pub fn label(self) -> &'static str {
        match self {
            BallotChannel::Paper => "纸质测评表",
            BallotChannel::Phone => "手机扫码",
        }
    }
}

/// A member of the rating panel (评议人). Ballots never point to a rater.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Rater {
    pub id: Id,
    pub category_id: Id,
    pub name: String,
    /// Where the rater comes from, e.g. 市人大代表 or 市中医院内科党支部.
    pub affiliation: String,
}

/// One rater's ballot (测评票). It keeps only the category and serial, never the rater.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    pub id: Id,
    /// The number printed on the paper ballot or given to the phone code.
    pub serial: String,
    pub category_id: Id,
    pub entries: Vec<BallotEntry>,
    /// Free text 意见建议.
    pub suggestions: String,
    /// How the ballot came in: a paper sheet typed by a clerk, or a phone.
    #[serde(default)]
    pub channel: BallotChannel,
}

/// How a ballot came in, and how a rater category votes (测评方式): each rater holds
/// either a printed sheet or a phone code, so that nobody can vote twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum BallotChannel {
    #[default]
    Paper,
    Phone,
}

/// What one ballot says of one secretary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct BallotEntry {
    pub secretary_id: Id,
    /// The grade marked; `None` when the row was left blank.
    pub grade: Option<Grade>,
    /// More than one box was marked on paper, which spoils the row.
    pub multiple_marks: bool,
    /// One mark per campaign dimension, in the campaign's order; empty without dimensions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dimension_marks: Vec<crate::rules::scoring::Mark>,
}

impl BallotEntry {
    /// The row's main mark.
    pub fn mark(&self) -> crate::rules::scoring::Mark {
        match (self.grade, self.multiple_marks) {
            (_, true) => crate::rules::scoring::Mark::Multiple,
            (Some(grade), false) => crate::rules::scoring::Mark::Grade(grade),
            (None, false) => crate::rules::scoring::Mark::Blank,
        }
    }
}

/// One version of a campaign's scoring rules; results name the version they used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct RulesVersion {
    pub version: u32,
    pub rules: crate::rules::scoring::ScoringRules,
    pub created_at: String,
    pub actor: String,
}

/// A printed paper ballot sheet (测评表): its serial and rater category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct BallotSheet {
    pub serial: String,
    pub category_id: Id,
}

/// A one-time code for voting by phone (扫码测评); it never appears on the ballot it gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct BallotCode {
    pub code: String,
    pub category_id: Id,
    pub used: bool,
}

/// The closing of the vote: from here the ballots and rules are frozen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct VoteClosure {
    pub closed_at: String,
    pub closed_by: String,
    /// SHA-256 (hex) over the sorted ballots.
    pub fingerprint: String,
    pub rules_version: u32,
    /// Why the vote was closed although a category returned more ballots than it has raters
    /// or was issued; printed on the results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over_vote_reason: Option<String>,
    /// The organizer's decision of a tie at the quota on 好, made after closing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_decision: Option<QuotaTieDecision>,
}

/// Who keeps 好 when secretaries tie at the quota's cut-off: decided by the organizer after
/// closing, logged, printed with the results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct QuotaTieDecision {
    /// The secretaries (ids) who keep 好.
    pub kept: Vec<Id>,
    pub reason: String,
    pub decided_by: String,
    pub decided_at: String,
}
