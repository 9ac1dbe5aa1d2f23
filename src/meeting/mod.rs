//! The 述职评议会: the agenda, the superior's 一述一评 点评, the panel, paper ballots
//! (with optional double entry), closing the vote with a fingerprint, the results
//! under the campaign's versioned rules, and the recount export.
//!
//! Everything that decides (which ballot is invalid, what a secretary's grade is,
//! whether the vote may close) is here or in `scoring`; the window only shows it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::domain::{
    Ballot, BallotChannel, BallotEntry, BallotSheet, Grade, Id, Problem, ProblemSource, RaterCategory, ReportStatus,
    RulesVersion, SuperiorComment, VoteClosure, new_id,
};
use crate::error::{Error, Result};
use crate::rules::scoring::{
    self, CategoryWeight, Mark, QuotaDecision, ScoringRules, TallyBallot, TallyInput, TallyOutcome,
};
use crate::store::{self, Store, audit, campaigns, lists, meeting, organizations, reports};

mod ballots;
mod comments;
mod panel;
pub mod pdf;
pub mod phone;
pub mod reconcile;
pub mod recount;
pub mod rotation;
mod vote;
pub mod xlsx;

pub use ballots::*;
pub use comments::*;
pub use panel::*;
pub use vote::*;

/// A secretary on (or off) the agenda, with what the meeting needs to know.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgendaItem {
    pub secretary_id: Id,
    pub name: String,
    pub title: String,
    pub organization: String,
    pub unit: String,
    /// The unit and the post as one phrase, the unit's end said once (`domain::post_of`):
    /// 市卫生健康委员会机关 + 机关第一党支部书记 → 市卫生健康委员会机关第一党支部书记.
    pub post: String,
    /// The label used on ballots and in the recount files (the name, made unique).
    pub label: String,
    pub report_status: Option<ReportStatus>,
    pub has_comment: bool,
    /// 书面述职: reports in writing this year rather than on the spot.
    pub written: bool,
}

/// A rater category with what has been printed and entered for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CategoryView {
    pub category: RaterCategory,
    pub sheets: u32,
    /// Phone codes made for the category.
    pub codes: u32,
    pub ballots: u32,
    pub raters: u32,
}

/// A 意见建议 written on a ballot, and whether it already became a problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SuggestionView {
    pub ballot_id: Id,
    pub serial: String,
    pub category: String,
    pub text: String,
    pub problems: u32,
}

/// A place where the two entries of a paper ballot disagree.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EntryDifference {
    pub serial: String,
    /// What differs: a secretary's name, 评议人类别 or 意见建议.
    pub field: String,
    pub first: String,
    pub second: String,
}

/// Everything the meeting screens show.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeetingView {
    pub campaign_id: Id,
    pub title: String,
    pub meeting_date: Option<String>,
    pub speaking_minutes: u32,
    pub dimensions: Vec<String>,
    pub double_entry: bool,
    /// 书面述职 is rated by the panel (on the report), or left off the ballot.
    pub written_rated: bool,
    pub on_site_every_years: Option<u32>,
    /// Organizations reporting in writing against the rotation of 现场述职, one sentence each.
    pub rotation: Vec<String>,
    /// Earlier rounds of this year's vote that the rules stopped (须重新测评), kept whole.
    pub rounds: Vec<meeting::VoteRound>,
    /// The places at 好 the quota gives for the secretaries on the ballot now, in words;
    /// `None` without a quota.
    pub quota_places: Option<String>,
    pub agenda: Vec<AgendaItem>,
    /// Secretaries of the campaign who are not on the agenda (全覆盖 warns about them).
    pub off_agenda: Vec<AgendaItem>,
    pub comments: Vec<SuperiorComment>,
    /// For each comment, per 点不足 point: whether it already became a problem.
    pub comment_points_done: Vec<Vec<bool>>,
    pub categories: Vec<CategoryView>,
    pub ballots: Vec<Ballot>,
    pub checks: Vec<Ballot>,
    /// Serials entered once but not yet a second time (double entry only).
    pub unchecked: Vec<String>,
    pub differences: Vec<EntryDifference>,
    pub suggestions: Vec<SuggestionView>,
    pub rules: ScoringRules,
    pub rules_version: u32,
    pub rules_versions: Vec<RulesVersion>,
    pub closure: Option<VoteClosure>,
}

/// The meeting settings the organizer edits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeetingSettings {
    pub speaking_minutes: u32,
    pub dimensions: Vec<String>,
    pub double_entry: bool,
    /// Those who report in writing are still rated (on their report); off: left off the ballot.
    #[serde(default = "rated_by_default")]
    pub written_rated: bool,
    /// Every organization reports on the spot at least once in this many years; `None`: no check.
    #[serde(default)]
    pub on_site_every_years: Option<u32>,
}

fn rated_by_default() -> bool {
    true
}

impl Default for MeetingSettings {
    fn default() -> Self {
        MeetingSettings {
            speaking_minutes: 5,
            dimensions: Vec::new(),
            double_entry: false,
            written_rated: true,
            on_site_every_years: None,
        }
    }
}

/// A rater category as edited on the panel screen; `id` is `None` for a new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CategoryInput {
    pub id: Option<Id>,
    pub name: String,
    pub weight_percent: u32,
    pub planned_size: u32,
    /// 纸质测评表 or 手机扫码; paper when left out.
    #[serde(default)]
    pub ballot_channel: BallotChannel,
}

/// The superior's 点评 as typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CommentInput {
    pub commenter: String,
    pub shortcomings: Vec<String>,
    pub direction: String,
    pub responsibility: String,
}

/// A paper ballot as typed by a clerk: one mark per agenda secretary, in agenda order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BallotInput {
    pub serial: String,
    /// The rater category; `None` takes it from the printed sheet with this serial.
    pub category_id: Option<Id>,
    pub marks: Vec<Mark>,
    /// Per secretary, one mark per campaign dimension (empty without dimensions).
    pub dimension_marks: Vec<Vec<Mark>>,
    pub suggestions: String,
    /// The clerk confirms this is a second paper ballot bearing a serial already entered;
    /// both will count as invalid.
    pub duplicate: bool,
}

/// What entering a ballot did, with anything the clerk should know.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EnteredBallot {
    pub ballot_id: Id,
    pub warnings: Vec<String>,
}

/// Which entry wins when settling a double-entry difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum KeepEntry {
    First,
    Second,
}

/// The results with the people they belong to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeetingResults {
    pub campaign_id: Id,
    pub title: String,
    pub organizer: String,
    pub year: i32,
    pub closure: Option<VoteClosure>,
    pub rules_version: u32,
    pub rules: ScoringRules,
    /// In agenda order, one per secretary of `outcome.secretaries`.
    pub people: Vec<AgendaItem>,
    pub outcome: TallyOutcome,
    /// 应到：the raters the panel plans for (the sum of its categories' sizes).
    pub expected_raters: u32,
    /// The ballots issued and returned per category (an over-vote named).
    pub reconciliation: reconcile::BallotReconciliation,
    /// Why nothing may be published yet (a stopped vote, an undecided tie at the quota);
    /// `None` when the results are final.
    pub not_final: Option<String>,
    /// Who reported in writing and was left off the ballot (the year does not rate 书面述职).
    pub written_off_ballot: Vec<String>,
}

impl AgendaItem {
    /// The post as the ballot shows it: with （书面述职） for one rated on her written report.
    pub fn post_on_ballot(&self) -> String {
        if self.written { format!("{}（书面述职）", self.post) } else { self.post.clone() }
    }
}

impl MeetingResults {
    /// 应到、收回、有效、无效 in one sentence, as the summary table and the screen print it,
    /// with any category that returned more than it may. Ballots are counted, not people:
    /// one person can hand in a sheet and vote by phone.
    pub fn turnout_text(&self) -> String {
        let outcome = &self.outcome;
        let total = &self.reconciliation.total;
        let mut text = format!(
            "应到 {} 人；收回测评票 {} 张（纸质 {} 张、手机 {} 张），有效 {} 张，无效 {} 张。",
            self.expected_raters,
            outcome.ballots_total,
            total.paper_returned,
            total.phone_returned,
            outcome.ballots_valid,
            outcome.invalid_ballots.len()
        );
        if !self.reconciliation.over_votes.is_empty() {
            text.push_str(&format!("其中{}。", self.reconciliation.over_votes.join("；")));
        }
        text
    }
}

/// Every secretary of the campaign with their organization, in roster order.
fn roster(store: &Store, campaign_id: &str) -> Result<Vec<AgendaItem>> {
    let conn = store.conn();
    let orgs = organizations::list_organizations(conn, campaign_id)?;
    let secretaries = organizations::list_secretaries(conn, campaign_id)?;
    let statuses = reports::report_statuses(conn, campaign_id)?;
    let comments = meeting::list_superior_comments(conn, campaign_id)?;
    let written = campaigns::list_written(conn, campaign_id)?;
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for s in &secretaries {
        *seen.entry(s.name.clone()).or_default() += 1;
    }
    Ok(secretaries
        .iter()
        .map(|s| {
            let org = orgs.iter().find(|o| o.id == s.organization_id);
            let unit = org.map(|o| o.unit.clone()).unwrap_or_default();
            AgendaItem {
                secretary_id: s.id.clone(),
                name: s.name.clone(),
                title: s.title.clone(),
                organization: org.map(|o| o.name.clone()).unwrap_or_default(),
                label: if seen[&s.name] > 1 { format!("{}（{}）", s.name, unit) } else { s.name.clone() },
                post: crate::domain::post_of(&unit, &s.title),
                unit,
                report_status: statuses.get(&s.id).copied(),
                has_comment: comments.iter().any(|c| c.secretary_id == s.id),
                written: written.contains(&s.id),
            }
        })
        .collect())
}

/// The agenda in speaking order (who is rated, the order of the ballot's columns) and the
/// secretaries left off it. Under a 方案 that does not rate 书面述职, those reporting in
/// writing are never on it, whatever order was saved.
pub fn agenda(store: &Store, campaign_id: &str) -> Result<(Vec<AgendaItem>, Vec<AgendaItem>)> {
    let everyone = roster(store, campaign_id)?;
    let rated = campaigns::get_campaign(store.conn(), campaign_id)?.written_rated;
    let order = meeting::list_agenda(store.conn(), campaign_id)?;
    let on_ballot = |s: &AgendaItem| rated || !s.written;
    let on: Vec<AgendaItem> = if order.is_empty() {
        everyone.iter().filter(|s| on_ballot(s)).cloned().collect()
    } else {
        order.iter().filter_map(|id| everyone.iter().find(|s| &s.secretary_id == id && on_ballot(s)).cloned()).collect()
    };
    let off = everyone.into_iter().filter(|s| !on.iter().any(|o| o.secretary_id == s.secretary_id)).collect();
    Ok((on, off))
}

/// A year kept on paper had its meeting then: nothing of it is set up, voted, reopened or
/// decided here (the database refuses its rows too, whatever path tries).
pub(crate) fn refuse_paper_year(store: &Store, campaign_id: &str) -> Result<()> {
    if crate::store::history::is_paper_year(store.conn(), campaign_id)? {
        return Err(Error::Conflict { message: crate::error::PAPER_YEAR.into() });
    }
    Ok(())
}

fn require_open(store: &Store, campaign_id: &str) -> Result<()> {
    refuse_paper_year(store, campaign_id)?;
    if let Some(closure) = meeting::get_closure(store.conn(), campaign_id)? {
        return Err(Error::Conflict {
            message: format!(
                "测评已于 {} 结束并封存，测评票和计分规则不能再改。确需更正的，请先“重新开启测评”并写明原因。",
                crate::report::pdf::chinese_time(&closure.closed_at)
            ),
        });
    }
    Ok(())
}

/// Sets the speaking order. Once ballots exist, only the order may change, not who is on it.
pub fn set_agenda(store: &mut Store, campaign_id: &str, secretary_ids: &[Id], actor: &str) -> Result<()> {
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "安排述职顺序")?;
    require_open(store, campaign_id)?;
    let everyone = roster(store, campaign_id)?;
    let mut seen = BTreeSet::new();
    for id in secretary_ids {
        if !everyone.iter().any(|s| &s.secretary_id == id) {
            return Err(Error::invalid(format!("议程中的书记“{id}”不属于本年度述职评议。请刷新后重新排序。")));
        }
        if !seen.insert(id.as_str()) {
            return Err(Error::invalid("议程中同一位书记出现了两次。请刷新后重新排序。"));
        }
    }
    if secretary_ids.is_empty() {
        return Err(Error::invalid("议程不能为空：至少要有一位书记述职。"));
    }
    let (current, _) = agenda(store, campaign_id)?;
    let has_ballots = meeting::has_ballots(store.conn(), campaign_id)?;
    let current_set: BTreeSet<&str> = current.iter().map(|s| s.secretary_id.as_str()).collect();
    if has_ballots && current_set != seen {
        return Err(Error::Conflict {
            message: "已经录入了测评票，议程中的书记不能再增减，只能调整顺序。若确需增减，请先删除已录入的测评票。"
                .into(),
        });
    }
    meeting::set_agenda(&tx, campaign_id, secretary_ids)?;
    let names: Vec<&str> = secretary_ids
        .iter()
        .filter_map(|id| everyone.iter().find(|s| &s.secretary_id == id).map(|s| s.name.as_str()))
        .collect();
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(actor, "agenda.set", "campaign", campaign_id, format!("述职顺序：{}", names.join("、"))),
    )?;
    tx.commit()?;
    Ok(())
}

/// Everything the meeting screens show.
pub fn meeting_view(store: &Store, campaign_id: &str) -> Result<MeetingView> {
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let (agenda, off_agenda) = agenda(store, campaign_id)?;
    let comments = meeting::list_superior_comments(conn, campaign_id)?;
    let problems = lists::list_problems(conn, campaign_id)?;
    let comment_points_done = comments
        .iter()
        .map(|c| {
            (0..c.shortcomings.len())
                .map(|i| {
                    let origin = crate::domain::origin::comment_point(&c.id, i);
                    problems.iter().any(|p| p.origin.as_deref() == Some(origin.as_str()))
                })
                .collect()
        })
        .collect();
    let categories = meeting::list_rater_categories(conn, campaign_id)?;
    let raters = meeting::list_raters(conn, campaign_id)?;
    let sheets = meeting::list_sheets(conn, campaign_id)?;
    let codes = meeting::list_codes(conn, campaign_id)?;
    let ballots = meeting::list_ballots(conn, campaign_id)?;
    let checks = meeting::list_ballot_checks(conn, campaign_id)?;
    let category_views = categories
        .iter()
        .map(|c| CategoryView {
            category: c.clone(),
            sheets: sheets.iter().filter(|s| s.category_id == c.id).count() as u32,
            codes: codes.iter().filter(|k| k.category_id == c.id).count() as u32,
            ballots: ballots.iter().filter(|b| b.category_id == c.id).count() as u32,
            raters: raters.iter().filter(|r| r.category_id == c.id).count() as u32,
        })
        .collect();
    let (unchecked, differences) = if campaign.double_entry {
        compare_entries(&ballots, &checks, &agenda, &categories)
    } else {
        (Vec::new(), Vec::new())
    };
    let suggestions = ballots
        .iter()
        .filter(|b| !b.suggestions.trim().is_empty())
        .map(|b| {
            let origin = crate::domain::origin::ballot_suggestion(&b.id);
            SuggestionView {
                ballot_id: b.id.clone(),
                serial: b.serial.clone(),
                category: categories.iter().find(|c| c.id == b.category_id).map(|c| c.name.clone()).unwrap_or_default(),
                text: b.suggestions.clone(),
                problems: problems.iter().filter(|p| p.origin.as_deref() == Some(origin.as_str())).count() as u32,
            }
        })
        .collect();
    let rules_versions = meeting::list_rules_versions(conn, campaign_id)?;
    // The ballots are the organizer's: a secretary's computer (a copy of the organizer's
    // file, say) shows none of them, nor what they say, while the vote is open or after.
    let (ballots, checks, unchecked, differences, suggestions) = if crate::workstation::on_secretary_computer(conn)? {
        Default::default()
    } else {
        (ballots, checks, unchecked, differences, suggestions)
    };
    Ok(MeetingView {
        campaign_id: campaign.id.clone(),
        title: campaign.title.clone(),
        meeting_date: campaign.meeting_date.clone(),
        speaking_minutes: campaign.speaking_minutes,
        dimensions: campaign.dimensions.clone(),
        double_entry: campaign.double_entry,
        written_rated: campaign.written_rated,
        on_site_every_years: campaign.on_site_every_years,
        rotation: rotation::rotation_warnings(store, campaign_id)?,
        rounds: if crate::workstation::on_secretary_computer(conn)? {
            Vec::new()
        } else {
            meeting::list_rounds(conn, campaign_id)?
        },
        quota_places: campaign.scoring_rules.good_quota.map(|q| {
            format!(
                "现在测评表上有 {} 位书记，按此办法“好”等次名额 {} 个（结束测评后按评定了等次的人数计算；名次相同争最后名额时由您决定）。",
                agenda.len(),
                q.places(agenda.len() as u32)
            )
        }),
        agenda,
        off_agenda,
        comments,
        comment_points_done,
        categories: category_views,
        ballots,
        checks,
        unchecked,
        differences,
        suggestions,
        rules_version: rules_versions.last().map_or(1, |v| v.version),
        rules: campaign.scoring_rules,
        rules_versions,
        closure: meeting::get_closure(conn, campaign_id)?,
    })
}

/// Serials entered once only, and every difference between the two entries.
fn compare_entries(
    ballots: &[Ballot],
    checks: &[Ballot],
    agenda: &[AgendaItem],
    categories: &[RaterCategory],
) -> (Vec<String>, Vec<EntryDifference>) {
    let mut unchecked = Vec::new();
    let mut differences = Vec::new();
    let category_name =
        |id: &str| categories.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_else(|| id.to_string());
    for ballot in ballots {
        let Some(check) = checks.iter().find(|c| c.serial == ballot.serial) else {
            unchecked.push(ballot.serial.clone());
            continue;
        };
        let mut push = |field: String, first: String, second: String| {
            if first != second {
                differences.push(EntryDifference { serial: ballot.serial.clone(), field, first, second });
            }
        };
        push("评议人类别".into(), category_name(&ballot.category_id), category_name(&check.category_id));
        for person in agenda {
            let find = |b: &Ballot| b.entries.iter().find(|e| e.secretary_id == person.secretary_id).cloned();
            let (a, b) = (find(ballot), find(check));
            let main = |e: &Option<BallotEntry>| e.as_ref().map_or(Mark::Blank, BallotEntry::mark);
            push(person.label.clone(), main(&a).label().to_string(), main(&b).label().to_string());
            let dims = |e: &Option<BallotEntry>| {
                e.as_ref().map(|e| e.dimension_marks.iter().map(|m| m.label()).collect::<Vec<_>>().join("/"))
            };
            push(format!("{}（分项）", person.label), dims(&a).unwrap_or_default(), dims(&b).unwrap_or_default());
        }
        push("意见建议".into(), ballot.suggestions.trim().to_string(), check.suggestions.trim().to_string());
    }
    (unchecked, differences)
}
