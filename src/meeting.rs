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
    Responsibility, RulesVersion, SuperiorComment, VoteClosure, new_id,
};
use crate::error::{Error, Result};
use crate::scoring::{self, CategoryWeight, Mark, ScoringRules, TallyBallot, TallyInput, TallyOutcome};
use crate::store::{self, Store, audit, campaigns, lists, meeting, organizations, reports};

/// A secretary on (or off) the agenda, with what the meeting needs to know.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgendaItem {
    pub secretary_id: Id,
    pub name: String,
    pub title: String,
    pub organization: String,
    pub unit: String,
    /// The label used on ballots and in the recount files (the name, made unique).
    pub label: String,
    pub report_status: Option<ReportStatus>,
    pub has_comment: bool,
}

/// A rater category with what has been printed and entered for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CategoryView {
    pub category: RaterCategory,
    pub sheets: u32,
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
}

/// A rater category as edited on the panel screen; `id` is `None` for a new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CategoryInput {
    pub id: Option<Id>,
    pub name: String,
    pub weight_percent: u32,
    pub planned_size: u32,
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
}

/// Every secretary of the campaign with their organization, in roster order.
fn roster(store: &Store, campaign_id: &str) -> Result<Vec<AgendaItem>> {
    let conn = store.conn();
    let orgs = organizations::list_organizations(conn, campaign_id)?;
    let secretaries = organizations::list_secretaries(conn, campaign_id)?;
    let reports = reports::list_reports(conn, campaign_id)?;
    let comments = meeting::list_superior_comments(conn, campaign_id)?;
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
                unit,
                report_status: reports.iter().find(|r| r.secretary_id == s.id).map(|r| r.status),
                has_comment: comments.iter().any(|c| c.secretary_id == s.id),
            }
        })
        .collect())
}

/// The agenda in speaking order and the secretaries left off it.
pub fn agenda(store: &Store, campaign_id: &str) -> Result<(Vec<AgendaItem>, Vec<AgendaItem>)> {
    let everyone = roster(store, campaign_id)?;
    let order = meeting::list_agenda(store.conn(), campaign_id)?;
    if order.is_empty() {
        return Ok((everyone, Vec::new()));
    }
    let on: Vec<AgendaItem> =
        order.iter().filter_map(|id| everyone.iter().find(|s| &s.secretary_id == id).cloned()).collect();
    let off = everyone.into_iter().filter(|s| !order.contains(&s.secretary_id)).collect();
    Ok((on, off))
}

fn require_open(store: &Store, campaign_id: &str) -> Result<()> {
    if let Some(closure) = meeting::get_closure(store.conn(), campaign_id)? {
        return Err(Error::Conflict {
            message: format!(
                "测评已于 {} 结束并封存，测评票和计分规则不能再改。确需更正的，请先“重新开启测评”并写明原因。",
                closure.closed_at
            ),
        });
    }
    Ok(())
}

/// Sets the speaking order. Once ballots exist, only the order may change, not who is on it.
pub fn set_agenda(store: &mut Store, campaign_id: &str, secretary_ids: &[Id], actor: &str) -> Result<()> {
    let tx = store.begin_write()?;
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
                    let origin = format!("superior_comment:{}:{i}", c.id);
                    problems.iter().any(|p| p.origin.as_deref() == Some(origin.as_str()))
                })
                .collect()
        })
        .collect();
    let categories = meeting::list_rater_categories(conn, campaign_id)?;
    let raters = meeting::list_raters(conn, campaign_id)?;
    let sheets = meeting::list_sheets(conn, campaign_id)?;
    let ballots = meeting::list_ballots(conn, campaign_id)?;
    let checks = meeting::list_ballot_checks(conn, campaign_id)?;
    let category_views = categories
        .iter()
        .map(|c| CategoryView {
            category: c.clone(),
            sheets: sheets.iter().filter(|s| s.category_id == c.id).count() as u32,
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
            let origin = format!("ballot:{}", b.id);
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
    Ok(MeetingView {
        campaign_id: campaign.id.clone(),
        title: campaign.title.clone(),
        meeting_date: campaign.meeting_date.clone(),
        speaking_minutes: campaign.speaking_minutes,
        dimensions: campaign.dimensions.clone(),
        double_entry: campaign.double_entry,
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

fn mark_text(mark: Mark) -> String {
    match mark {
        Mark::Blank => "空白".into(),
        other => other.code().to_string(),
    }
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
            push(person.label.clone(), mark_text(main(&a)), mark_text(main(&b)));
            let dims = |e: &Option<BallotEntry>| {
                e.as_ref().map(|e| e.dimension_marks.iter().map(|m| mark_text(*m)).collect::<Vec<_>>().join("/"))
            };
            push(format!("{}（分项）", person.label), dims(&a).unwrap_or_default(), dims(&b).unwrap_or_default());
        }
        push("意见建议".into(), ballot.suggestions.trim().to_string(), check.suggestions.trim().to_string());
    }
    (unchecked, differences)
}

/// Saves the speaking time, the grading dimensions and double entry.
pub fn save_settings(store: &mut Store, campaign_id: &str, settings: &MeetingSettings, actor: &str) -> Result<()> {
    if settings.speaking_minutes == 0 || settings.speaking_minutes > 60 {
        return Err(Error::invalid("每人述职时间应为 1 至 60 分钟。"));
    }
    let dimensions: Vec<String> =
        settings.dimensions.iter().map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect();
    if dimensions.iter().collect::<BTreeSet<_>>().len() != dimensions.len() {
        return Err(Error::invalid("分项评价的名称有重复，请删去重复的一项。"));
    }
    let campaign = campaigns::get_campaign(store.conn(), campaign_id)?;
    let has_ballots = meeting::has_ballots(store.conn(), campaign_id)?;
    if has_ballots && dimensions != campaign.dimensions {
        return Err(Error::Conflict {
            message: "已经录入了测评票，分项评价不能再改。若确需修改，请先删除已录入的测评票。".into(),
        });
    }
    if has_ballots && settings.double_entry != campaign.double_entry {
        return Err(Error::Conflict {
            message: "已经录入了测评票，不能再切换双人录入。请在开始录入前设定。".into()
        });
    }
    let tx = store.conn_mut().transaction()?;
    campaigns::set_meeting_settings(&tx, campaign_id, settings.speaking_minutes, &dimensions, settings.double_entry)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "meeting.settings",
            "campaign",
            campaign_id,
            format!(
                "每人 {} 分钟；分项评价：{}；双人录入：{}",
                settings.speaking_minutes,
                if dimensions.is_empty() { "无".into() } else { dimensions.join("、") },
                if settings.double_entry { "是" } else { "否" }
            ),
        ),
    )?;
    tx.commit()?;
    Ok(())
}

/// Replaces the rater categories (评议人类别) with the edited list.
pub fn save_panel(store: &mut Store, campaign_id: &str, categories: &[CategoryInput], actor: &str) -> Result<()> {
    let tx = store.begin_write()?;
    require_open(store, campaign_id)?;
    if categories.is_empty() {
        return Err(Error::invalid("至少要有一类评议人。"));
    }
    let mut names = BTreeSet::new();
    for (i, c) in categories.iter().enumerate() {
        let name = c.name.trim();
        if name.is_empty() {
            return Err(Error::invalid(format!("第 {} 类评议人没有名称，请填写，例如“党员群众代表”。", i + 1)));
        }
        if !names.insert(name) {
            return Err(Error::invalid(format!("评议人类别“{name}”重复，请合并或改名。")));
        }
        if c.weight_percent > 100 {
            return Err(Error::invalid(format!("“{name}”的权重 {}% 超过 100%。", c.weight_percent)));
        }
        if c.planned_size > 1000 {
            return Err(Error::invalid(format!("“{name}”的人数 {} 过大，请核对。", c.planned_size)));
        }
    }
    let weight: u32 = categories.iter().map(|c| c.weight_percent).sum();
    if weight == 0 {
        return Err(Error::invalid(
            "各类评议人的权重不能全为 0。通常合计为 100%，例如上级领导 30%、党员群众代表 40%。",
        ));
    }
    let conn = store.conn();
    let existing = meeting::list_rater_categories(conn, campaign_id)?;
    let ballots = meeting::list_ballots(conn, campaign_id)?;
    for old in &existing {
        if !categories.iter().any(|c| c.id.as_deref() == Some(old.id.as_str()))
            && ballots.iter().any(|b| b.category_id == old.id)
        {
            return Err(Error::Conflict {
                message: format!("“{}”已有测评票，不能删除这一类评议人。", old.name)
            });
        }
    }
    for c in categories {
        if let Some(id) = &c.id {
            if !existing.iter().any(|e| &e.id == id) {
                return Err(Error::invalid(format!("评议人类别“{}”不属于本年度述职评议，请刷新后重试。", c.name)));
            }
        }
    }
    for old in &existing {
        if !categories.iter().any(|c| c.id.as_deref() == Some(old.id.as_str())) {
            meeting::delete_rater_category(&tx, &old.id)?;
        }
    }
    for (position, c) in categories.iter().enumerate() {
        let category = RaterCategory {
            id: c.id.clone().unwrap_or_else(new_id),
            name: c.name.trim().to_string(),
            weight_percent: c.weight_percent,
            planned_size: c.planned_size,
        };
        if c.id.is_some() {
            meeting::update_rater_category(&tx, position, &category)?;
        } else {
            meeting::insert_rater_category(&tx, campaign_id, position, &category)?;
        }
    }
    let described: Vec<String> = categories
        .iter()
        .map(|c| format!("{} {} 人 权重 {}%", c.name.trim(), c.planned_size, c.weight_percent))
        .collect();
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(actor, "panel.save", "campaign", campaign_id, described.join("；")),
    )?;
    tx.commit()?;
    Ok(())
}

/// Saves a new version of the campaign's scoring rules and returns its number.
pub fn save_rules(store: &mut Store, campaign_id: &str, rules: &ScoringRules, actor: &str) -> Result<u32> {
    rules.validate()?;
    let tx = store.begin_write()?;
    require_open(store, campaign_id)?;
    let versions = meeting::list_rules_versions(store.conn(), campaign_id)?;
    if versions.last().is_some_and(|v| &v.rules == rules) {
        return Ok(versions.last().map_or(1, |v| v.version));
    }
    let version = versions.last().map_or(1, |v| v.version + 1);
    meeting::insert_rules_version(
        &tx,
        campaign_id,
        &RulesVersion { version, rules: rules.clone(), created_at: store::now_text(), actor: actor.to_string() },
    )?;
    campaigns::set_scoring_rules(&tx, campaign_id, rules)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "rules.save",
            "campaign",
            campaign_id,
            format!("计分规则第 {version} 版：{}", rules.describe()),
        ),
    )?;
    tx.commit()?;
    Ok(version)
}

/// Saves the superior's 点评 of a secretary (one per secretary; saving again replaces it).
pub fn save_comment(store: &mut Store, secretary_id: &str, input: &CommentInput, actor: &str) -> Result<Id> {
    let commenter = input.commenter.trim();
    if commenter.is_empty() {
        return Err(Error::invalid("请填写点评人，例如“市卫健委党委书记 王建国”。"));
    }
    let points: Vec<String> =
        input.shortcomings.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
    if points.is_empty() {
        return Err(Error::invalid("点评要“点不足”：请至少写一条存在的不足。"));
    }
    if input.direction.trim().is_empty() || input.responsibility.trim().is_empty() {
        return Err(Error::invalid("点评还要“指方向”和“明责任”：请把两项都写上。"));
    }
    let conn = store.conn();
    let campaign_id = organizations::campaign_of_secretary(conn, secretary_id)?;
    let existing =
        meeting::list_superior_comments(conn, &campaign_id)?.into_iter().find(|c| c.secretary_id == secretary_id);
    let problems = lists::list_problems(conn, &campaign_id)?;
    if let Some(old) = &existing {
        // A point that already became a problem keeps its place and text.
        for (i, text) in old.shortcomings.iter().enumerate() {
            let origin = format!("superior_comment:{}:{i}", old.id);
            let made = problems.iter().any(|p| p.origin.as_deref() == Some(origin.as_str()));
            if made && points.get(i) != Some(text) {
                return Err(Error::Conflict {
                    message: format!("第 {} 条不足“{}”已转为问题，不能再改动或删除；可以在后面新增一条。", i + 1, text),
                });
            }
        }
    }
    let comment = SuperiorComment {
        id: existing.as_ref().map_or_else(new_id, |c| c.id.clone()),
        secretary_id: secretary_id.to_string(),
        commenter: commenter.to_string(),
        shortcomings: points,
        direction: input.direction.trim().to_string(),
        responsibility: input.responsibility.trim().to_string(),
        created_at: existing.as_ref().map_or_else(store::now_text, |c| c.created_at.clone()),
    };
    let position = crate::store::next_position(conn, crate::store::Positioned::SuperiorComments)?;
    let tx = store.conn_mut().transaction()?;
    if existing.is_some() {
        meeting::update_superior_comment(&tx, &comment)?;
    } else {
        meeting::insert_superior_comment(&tx, position, &comment)?;
    }
    audit::record(
        &tx,
        Some(&campaign_id),
        &audit::entry(actor, "comment.save", "superior_comment", &comment.id, comment.shortcomings.join("；")),
    )?;
    tx.commit()?;
    Ok(comment.id)
}

fn insert_problem_with_owner(
    store: &mut Store,
    campaign_id: &str,
    problem: &Problem,
    secretary_name: &str,
    actor: &str,
) -> Result<()> {
    let conn = store.conn();
    let position = crate::store::next_position(conn, crate::store::Positioned::Problems)?;
    let responsibility_position = crate::store::next_position(conn, crate::store::Positioned::Responsibilities)?;
    let tx = store.conn_mut().transaction()?;
    lists::insert_problem(&tx, position, problem)?;
    lists::insert_responsibility(
        &tx,
        responsibility_position,
        &Responsibility {
            id: new_id(),
            problem_id: problem.id.clone(),
            owner: secretary_name.to_string(),
            leader: secretary_name.to_string(),
            department: String::new(),
        },
    )?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "problem.add",
            "problem",
            &problem.id,
            format!("{}：{}", problem.source.label(), problem.description),
        ),
    )?;
    tx.commit()?;
    Ok(())
}

/// Turns one 点不足 point of a 点评 into a problem (source 上级点评) of that secretary.
pub fn comment_point_to_problem(
    store: &mut Store,
    comment_id: &str,
    point: usize,
    category: &str,
    actor: &str,
) -> Result<Id> {
    let conn = store.conn();
    let secretary_id = meeting::secretary_of_comment(conn, comment_id)?.ok_or_else(|| Error::NotFound {
        what: "点评",
        id: comment_id.to_string(),
        fix: "请刷新后重试。",
    })?;
    let campaign_id = organizations::campaign_of_secretary(conn, &secretary_id)?;
    let comment = meeting::list_superior_comments(conn, &campaign_id)?
        .into_iter()
        .find(|c| c.id == comment_id)
        .ok_or_else(|| Error::NotFound { what: "点评", id: comment_id.to_string(), fix: "请刷新后重试。" })?;
    let Some(text) = comment.shortcomings.get(point) else {
        return Err(Error::invalid(format!(
            "点评只有 {} 条不足，没有第 {} 条。请刷新后重试。",
            comment.shortcomings.len(),
            point + 1
        )));
    };
    let origin = format!("superior_comment:{comment_id}:{point}");
    if lists::list_problems(conn, &campaign_id)?.iter().any(|p| p.origin.as_deref() == Some(origin.as_str())) {
        return Err(Error::Conflict { message: format!("“{text}”已经转为问题，不必重复。") });
    }
    let name = roster(store, &campaign_id)?
        .into_iter()
        .find(|s| s.secretary_id == secretary_id)
        .map(|s| s.name)
        .unwrap_or_default();
    let problem = Problem {
        id: new_id(),
        secretary_id,
        source: ProblemSource::SuperiorComment,
        category: if category.trim().is_empty() { "上级点评".into() } else { category.trim().to_string() },
        description: text.clone(),
        cause: String::new(),
        created_at: store::now_text(),
        origin: Some(origin),
    };
    insert_problem_with_owner(store, &campaign_id, &problem, &name, actor)?;
    Ok(problem.id)
}

/// Turns a ballot's 意见建议 into a problem (source 群众评议) of the secretary it concerns.
pub fn suggestion_to_problem(
    store: &mut Store,
    ballot_id: &str,
    secretary_id: &str,
    text: &str,
    actor: &str,
) -> Result<Id> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid("请写明要列入问题清单的问题（可以摘录或概括意见建议）。"));
    }
    let conn = store.conn();
    let campaign_id = organizations::campaign_of_secretary(conn, secretary_id)?;
    if !meeting::list_ballots(conn, &campaign_id)?.iter().any(|b| b.id == ballot_id) {
        return Err(Error::NotFound { what: "测评票", id: ballot_id.to_string(), fix: "请刷新后重试。" });
    }
    let name = roster(store, &campaign_id)?
        .into_iter()
        .find(|s| s.secretary_id == secretary_id)
        .map(|s| s.name)
        .unwrap_or_default();
    let problem = Problem {
        id: new_id(),
        secretary_id: secretary_id.to_string(),
        source: ProblemSource::PanelReview,
        category: "群众评议".into(),
        description: text.to_string(),
        cause: String::new(),
        created_at: store::now_text(),
        origin: Some(format!("ballot:{ballot_id}")),
    };
    insert_problem_with_owner(store, &campaign_id, &problem, &name, actor)?;
    Ok(problem.id)
}

/// Checks a typed ballot against the agenda, the sheets and the categories.
fn build_ballot(store: &Store, campaign_id: &str, input: &BallotInput, id: Id) -> Result<(Ballot, Vec<String>)> {
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let serial = input.serial.trim().to_string();
    if serial.is_empty() {
        return Err(Error::invalid("请先填写票号（测评表右上角的编号）。"));
    }
    if serial.chars().count() > 40 {
        return Err(Error::invalid("票号过长，请核对测评表右上角的编号。"));
    }
    let (agenda, _) = agenda(store, campaign_id)?;
    if input.marks.len() != agenda.len() {
        return Err(Error::invalid(format!(
            "这张票有 {} 个评价，议程上有 {} 位书记。请刷新录入页后重新录入这张票。",
            input.marks.len(),
            agenda.len()
        )));
    }
    let dims = campaign.dimensions.len();
    if !(input.dimension_marks.is_empty() && dims == 0)
        && (input.dimension_marks.len() != agenda.len() || input.dimension_marks.iter().any(|d| d.len() != dims))
    {
        return Err(Error::invalid(format!("每位书记应有 {dims} 项分项评价。请刷新录入页后重新录入这张票。")));
    }
    let categories = meeting::list_rater_categories(conn, campaign_id)?;
    let sheets = meeting::list_sheets(conn, campaign_id)?;
    let mut warnings = Vec::new();
    let sheet = sheets.iter().find(|s| s.serial == serial);
    let category_id = match (sheet, &input.category_id) {
        (Some(sheet), Some(chosen)) if &sheet.category_id != chosen => {
            let name = |id: &str| categories.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_default();
            return Err(Error::invalid(format!(
                "票号 {serial} 印在“{}”的测评表上，与所选的“{}”不符。请核对票号或类别。",
                name(&sheet.category_id),
                name(chosen)
            )));
        }
        (Some(sheet), _) => sheet.category_id.clone(),
        (None, Some(chosen)) => {
            if !sheets.is_empty() {
                warnings.push(format!("票号 {serial} 不在已印制的测评表中，这张票将计为无效票。"));
            }
            chosen.clone()
        }
        (None, None) => {
            return Err(Error::invalid(format!(
                "票号 {serial} 不在已印制的测评表中，无法确定评议人类别。请核对票号；若确是这一编号，请选择评议人类别。"
            )));
        }
    };
    if !categories.iter().any(|c| c.id == category_id) {
        return Err(Error::invalid("所选的评议人类别不属于本年度述职评议。请刷新后重试。"));
    }
    let suggestions = input.suggestions.trim().to_string();
    if suggestions.chars().count() > 2000 {
        return Err(Error::invalid("意见建议超过 2000 字，请精简后录入。"));
    }
    let entries = agenda
        .iter()
        .enumerate()
        .map(|(i, person)| {
            let mark = input.marks[i];
            BallotEntry {
                secretary_id: person.secretary_id.clone(),
                grade: match mark {
                    Mark::Grade(g) => Some(g),
                    _ => None,
                },
                multiple_marks: mark == Mark::Multiple,
                dimension_marks: input.dimension_marks.get(i).cloned().unwrap_or_default(),
            }
        })
        .collect();
    Ok((Ballot { id, serial, category_id, entries, suggestions, channel: BallotChannel::Paper }, warnings))
}

/// Enters a paper ballot (first entry).
pub fn enter_ballot(store: &mut Store, campaign_id: &str, input: &BallotInput, actor: &str) -> Result<EnteredBallot> {
    // The write lock first: the checks below and the write cannot be overtaken.
    let tx = store.begin_write()?;
    require_open(store, campaign_id)?;
    let (ballot, mut warnings) = build_ballot(store, campaign_id, input, new_id())?;
    if meeting::serial_entered(store.conn(), campaign_id, &ballot.serial)? {
        if !input.duplicate {
            return Err(Error::Conflict {
                message: format!(
                    "票号 {} 已经录入过。若要修改已录入的票，请在“已录入”列表中打开它；若手上确实是另一张同号的纸质票，请选择“作为重复票录入”，同号的各张票都将计为无效。",
                    ballot.serial
                ),
            });
        }
        warnings.push(format!("票号 {} 重复，同号的各张票都将计为无效票。", ballot.serial));
    }
    let position = crate::store::next_position(store.conn(), crate::store::Positioned::Ballots)?;
    meeting::insert_ballot(&tx, campaign_id, position, &ballot)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(actor, "ballot.enter", "ballot", &ballot.id, format!("录入测评票 {}", ballot.serial)),
    )?;
    tx.commit()?;
    Ok(EnteredBallot { ballot_id: ballot.id, warnings })
}

/// Corrects a ballot already entered.
pub fn update_ballot(
    store: &mut Store,
    campaign_id: &str,
    ballot_id: &str,
    input: &BallotInput,
    actor: &str,
) -> Result<EnteredBallot> {
    // The write lock first: the checks below and the write cannot be overtaken.
    let tx = store.begin_write()?;
    require_open(store, campaign_id)?;
    let existing = meeting::list_ballots(store.conn(), campaign_id)?;
    let Some(old) = existing.iter().find(|b| b.id == ballot_id) else {
        return Err(Error::NotFound {
            what: "测评票", id: ballot_id.to_string(), fix: "请刷新录入页后重试。"
        });
    };
    if old.channel == BallotChannel::Phone {
        return Err(Error::Conflict { message: "手机提交的测评票不能修改。".into() });
    }
    let (ballot, mut warnings) = build_ballot(store, campaign_id, input, ballot_id.to_string())?;
    if existing.iter().any(|b| b.serial == ballot.serial && b.id != ballot_id) {
        warnings.push(format!("票号 {} 重复，同号的各张票都将计为无效票。", ballot.serial));
    }
    meeting::replace_ballot(&tx, &ballot)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(actor, "ballot.update", "ballot", ballot_id, format!("更正测评票 {}", ballot.serial)),
    )?;
    tx.commit()?;
    Ok(EnteredBallot { ballot_id: ballot_id.to_string(), warnings })
}

/// Deletes a ballot entered by mistake (and its second entry).
pub fn delete_ballot(store: &mut Store, campaign_id: &str, ballot_id: &str, actor: &str) -> Result<()> {
    // The write lock first: the checks below and the write cannot be overtaken.
    let tx = store.begin_write()?;
    require_open(store, campaign_id)?;
    let existing = meeting::list_ballots(store.conn(), campaign_id)?;
    let Some(old) = existing.iter().find(|b| b.id == ballot_id) else {
        return Err(Error::NotFound {
            what: "测评票", id: ballot_id.to_string(), fix: "请刷新录入页后重试。"
        });
    };
    let serial = old.serial.clone();
    let still_used = existing.iter().filter(|b| b.serial == serial).count() > 1;
    meeting::delete_ballot(&tx, ballot_id)?;
    if !still_used {
        meeting::delete_ballot_check(&tx, campaign_id, &serial)?;
    }
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(actor, "ballot.delete", "ballot", ballot_id, format!("删除测评票 {serial}")),
    )?;
    tx.commit()?;
    Ok(())
}

/// Enters the second, independent typing of a paper ballot (double entry).
pub fn enter_check(
    store: &mut Store,
    campaign_id: &str,
    input: &BallotInput,
    actor: &str,
) -> Result<Vec<EntryDifference>> {
    // The write lock first: the checks below and the write cannot be overtaken.
    let tx = store.begin_write()?;
    require_open(store, campaign_id)?;
    let campaign = campaigns::get_campaign(store.conn(), campaign_id)?;
    if !campaign.double_entry {
        return Err(Error::Conflict { message: "本次测评没有启用双人录入。".into() });
    }
    let (check, _) = build_ballot(store, campaign_id, input, new_id())?;
    let ballots = meeting::list_ballots(store.conn(), campaign_id)?;
    let Some(first) = ballots.iter().find(|b| b.serial == check.serial) else {
        return Err(Error::invalid(format!(
            "票号 {} 还没有第一遍录入。请先在“第一遍录入”中录入这张票，或核对票号。",
            check.serial
        )));
    };
    let position = crate::store::next_position(store.conn(), crate::store::Positioned::BallotChecks)?;
    meeting::delete_ballot_check(&tx, campaign_id, &check.serial)?;
    meeting::insert_ballot_check(&tx, campaign_id, position, &check)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(actor, "ballot.check", "ballot", &first.id, format!("第二遍录入测评票 {}", check.serial)),
    )?;
    tx.commit()?;
    let (agenda, _) = agenda(store, campaign_id)?;
    let categories = meeting::list_rater_categories(store.conn(), campaign_id)?;
    let (_, differences) = compare_entries(std::slice::from_ref(first), &[check], &agenda, &categories);
    Ok(differences)
}

/// Settles the differences of one serial: the kept entry is copied over the other.
pub fn settle_check(store: &mut Store, campaign_id: &str, serial: &str, keep: KeepEntry, actor: &str) -> Result<()> {
    // The write lock first: the checks below and the write cannot be overtaken.
    let tx = store.begin_write()?;
    require_open(store, campaign_id)?;
    let conn = store.conn();
    let ballots = meeting::list_ballots(conn, campaign_id)?;
    let checks = meeting::list_ballot_checks(conn, campaign_id)?;
    let (Some(first), Some(second)) =
        (ballots.iter().find(|b| b.serial == serial), checks.iter().find(|c| c.serial == serial))
    else {
        return Err(Error::invalid(format!("票号 {serial} 没有两遍录入，无需核对。")));
    };
    match keep {
        KeepEntry::First => {
            let copy = Ballot { id: second.id.clone(), ..first.clone() };
            meeting::delete_ballot_check(&tx, campaign_id, serial)?;
            meeting::insert_ballot_check(&tx, campaign_id, 0, &copy)?;
        }
        KeepEntry::Second => {
            let copy = Ballot { id: first.id.clone(), channel: first.channel, ..second.clone() };
            meeting::replace_ballot(&tx, &copy)?;
        }
    }
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "ballot.settle",
            "ballot",
            &first.id,
            format!(
                "票号 {serial} 两遍录入不一致，以{}为准",
                if keep == KeepEntry::First { "第一遍" } else { "第二遍" }
            ),
        ),
    )?;
    tx.commit()?;
    Ok(())
}

/// Builds the tally input of a campaign: categories, agenda labels, sheets, ballots.
pub fn tally_input(store: &Store, campaign_id: &str) -> Result<(TallyInput, Vec<AgendaItem>)> {
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let (agenda, _) = agenda(store, campaign_id)?;
    let categories = meeting::list_rater_categories(conn, campaign_id)?;
    let sheets = meeting::list_sheets(conn, campaign_id)?;
    let ballots = meeting::list_ballots(conn, campaign_id)?;
    let dims = campaign.dimensions.len();
    let input = TallyInput {
        categories: categories
            .iter()
            .map(|c| CategoryWeight { name: c.name.clone(), weight_percent: c.weight_percent })
            .collect(),
        secretaries: agenda.iter().map(|a| a.label.clone()).collect(),
        dimensions: campaign.dimensions.clone(),
        // Phone ballots were issued by their one-time code, so their serials count as issued.
        issued_serials: (!sheets.is_empty()).then(|| {
            sheets
                .iter()
                .map(|s| s.serial.clone())
                .chain(ballots.iter().filter(|b| b.channel == BallotChannel::Phone).map(|b| b.serial.clone()))
                .collect()
        }),
        ballots: ballots
            .iter()
            .map(|b| {
                let find = |person: &AgendaItem| b.entries.iter().find(|e| e.secretary_id == person.secretary_id);
                TallyBallot {
                    serial: b.serial.clone(),
                    category: categories.iter().position(|c| c.id == b.category_id).unwrap_or(usize::MAX),
                    marks: agenda.iter().map(|p| find(p).map_or(Mark::Blank, BallotEntry::mark)).collect(),
                    dimension_marks: if dims == 0 {
                        Vec::new()
                    } else {
                        agenda
                            .iter()
                            .map(|p| {
                                let mut marks = find(p).map(|e| e.dimension_marks.clone()).unwrap_or_default();
                                marks.resize(dims, Mark::Blank);
                                marks
                            })
                            .collect()
                    },
                    suggestions: b.suggestions.clone(),
                }
            })
            .collect(),
    };
    Ok((input, agenda))
}

/// Closes the vote: freezes ballots and rules and records the fingerprint.
///
/// All of it happens in one write transaction that takes the write lock first: the
/// ballots counted, the fingerprint and the closure are of the same moment, and a
/// ballot that any connection tries to store afterwards finds the vote closed (and the
/// database's own seal refuses it too). The ballots are written again in a random order
/// before the seal, and the write-ahead log is emptied after it, so that from then on
/// no file shows the order in which they came in (docs/security.md).
pub fn close_vote(store: &mut Store, campaign_id: &str, actor: &str) -> Result<VoteClosure> {
    let tx = store.begin_write()?;
    require_open(store, campaign_id)?;
    let view = meeting_view(store, campaign_id)?;
    if view.ballots.is_empty() {
        return Err(Error::Conflict { message: "还没有录入任何测评票，不能结束测评。".into() });
    }
    if view.double_entry && !view.unchecked.is_empty() {
        return Err(Error::Conflict {
            message: format!(
                "启用了双人录入，还有 {} 张票没有第二遍录入（票号 {}）。请录完后再结束测评。",
                view.unchecked.len(),
                view.unchecked.iter().take(10).cloned().collect::<Vec<_>>().join("、")
            ),
        });
    }
    if !view.differences.is_empty() {
        let serials: BTreeSet<&str> = view.differences.iter().map(|d| d.serial.as_str()).collect();
        return Err(Error::Conflict {
            message: format!(
                "有 {} 张票两遍录入不一致（票号 {}）。请对照纸质票逐一核对后再结束测评。",
                serials.len(),
                serials.into_iter().take(10).collect::<Vec<_>>().join("、")
            ),
        });
    }
    let (input, _) = tally_input(store, campaign_id)?;
    let closure = VoteClosure {
        closed_at: store::now_text(),
        closed_by: actor.to_string(),
        fingerprint: scoring::fingerprint(&input),
        rules_version: view.rules_version,
    };
    meeting::rewrite_ballots_unordered(&tx, campaign_id)?;
    meeting::set_closure(&tx, campaign_id, Some(&closure))?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "vote.close",
            "campaign",
            campaign_id,
            format!("结束测评，共 {} 张票，指纹 {}", input.ballots.len(), closure.fingerprint),
        ),
    )?;
    tx.commit()?;
    empty_write_ahead_log(store);
    Ok(closure)
}

/// Empties the write-ahead log after the seal. The ballot server's connection may be
/// reading at that moment; it stops within a second of the closing, so a few tries
/// suffice. Failing leaves the log to SQLite's next checkpoint: the seal stands either way.
fn empty_write_ahead_log(store: &Store) {
    for _ in 0..30 {
        if store.truncate_wal().unwrap_or(false) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// The fingerprint of the ballots the database holds now for the campaign, and how many
/// they are: what a seal is checked against.
pub fn fingerprint_of_ballots_held(store: &Store, campaign_id: &str) -> Result<(String, usize)> {
    let (input, _) = tally_input(store, campaign_id)?;
    Ok((scoring::fingerprint(&input), input.ballots.len()))
}

/// Reopens a closed vote; the reason goes to the audit log.
pub fn reopen_vote(store: &mut Store, campaign_id: &str, reason: &str, actor: &str) -> Result<()> {
    if reason.trim().chars().count() < 4 {
        return Err(Error::invalid("重新开启测评须写明原因（至少 4 个字），原因会记入操作日志。"));
    }
    let tx = store.begin_write()?;
    let Some(closure) = meeting::get_closure(store.conn(), campaign_id)? else {
        return Err(Error::Conflict { message: "测评尚未结束，无需重新开启。".into() });
    };
    meeting::set_closure(&tx, campaign_id, None)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "vote.reopen",
            "campaign",
            campaign_id,
            format!("重新开启测评（原指纹 {}）：{}", closure.fingerprint, reason.trim()),
        ),
    )?;
    tx.commit()?;
    Ok(())
}

/// The results: after closing, under the rules version frozen at closing; before, a preview
/// under the current rules (the window shows results only once the vote is closed).
pub fn results(store: &Store, campaign_id: &str) -> Result<MeetingResults> {
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let closure = meeting::get_closure(conn, campaign_id)?;
    let versions = meeting::list_rules_versions(conn, campaign_id)?;
    let (rules_version, rules) = match &closure {
        Some(c) => versions
            .iter()
            .find(|v| v.version == c.rules_version)
            .map(|v| (v.version, v.rules.clone()))
            .unwrap_or((c.rules_version, campaign.scoring_rules.clone())),
        None => (versions.last().map_or(1, |v| v.version), campaign.scoring_rules.clone()),
    };
    let (input, people) = tally_input(store, campaign_id)?;
    let outcome = scoring::tally(&rules, &input);
    Ok(MeetingResults {
        campaign_id: campaign.id,
        title: campaign.title,
        organizer: campaign.organizer,
        year: campaign.year,
        closure,
        rules_version,
        rules,
        people,
        outcome,
    })
}

/// Makes sure every rater category has as many printed sheets as its planned size, and
/// returns all sheets. Serials are `类别序号-三位流水号`, e.g. 2-015.
pub fn ensure_sheets(store: &mut Store, campaign_id: &str, actor: &str) -> Result<Vec<BallotSheet>> {
    let conn = store.conn();
    let categories = meeting::list_rater_categories(conn, campaign_id)?;
    let mut sheets = meeting::list_sheets(conn, campaign_id)?;
    let mut new = Vec::new();
    let taken: BTreeSet<String> = sheets.iter().map(|s| s.serial.clone()).collect();
    for (c, category) in categories.iter().enumerate() {
        let have = sheets.iter().filter(|s| s.category_id == category.id).count() as u32;
        let mut number = 1;
        for _ in have..category.planned_size {
            let serial = loop {
                let candidate = format!("{}-{number:03}", c + 1);
                number += 1;
                if !taken.contains(&candidate) && !new.iter().any(|s: &BallotSheet| s.serial == candidate) {
                    break candidate;
                }
            };
            new.push(BallotSheet { serial, category_id: category.id.clone() });
        }
    }
    if categories.iter().all(|c| c.planned_size == 0) {
        return Err(Error::invalid("各类评议人的人数都是 0。请先在“评议人”中填写每类的人数，再打印测评表。"));
    }
    if !new.is_empty() {
        let start = crate::store::next_position(conn, crate::store::Positioned::BallotSheets)?;
        let tx = store.conn_mut().transaction()?;
        for (i, sheet) in new.iter().enumerate() {
            meeting::insert_sheet(&tx, campaign_id, start + i, sheet)?;
        }
        audit::record(
            &tx,
            Some(campaign_id),
            &audit::entry(actor, "sheets.print", "campaign", campaign_id, format!("新印制测评表 {} 张", new.len())),
        )?;
        tx.commit()?;
        sheets.extend(new);
    }
    Ok(sheets)
}

/// A label for a grade, or 未评定.
pub fn grade_label(grade: Option<Grade>) -> &'static str {
    grade.map_or("未评定", Grade::label)
}

/// The results once the vote is closed; `None` while it is open, so that no partial
/// result is ever shown.
pub fn closed_results(store: &Store, campaign_id: &str) -> Result<Option<MeetingResults>> {
    if meeting::get_closure(store.conn(), campaign_id)?.is_none() {
        campaigns::get_campaign(store.conn(), campaign_id)?;
        return Ok(None);
    }
    results(store, campaign_id).map(Some)
}

/// The results table as an Excel workbook, only once the vote is closed (the same rule in
/// the window and the CLI: no partial result leaves the program).
pub fn results_workbook(store: &Store, campaign_id: &str) -> Result<crate::files::Export> {
    let Some(results) = closed_results(store, campaign_id)? else {
        return Err(Error::Conflict { message: RESULTS_NOT_YET.into() });
    };
    Ok(crate::files::Export {
        file_name: format!("{}年度述职评议结果.xlsx", results.year),
        bytes: crate::xlsx_export::results_xlsx(&results)?,
    })
}

/// What a person is told who asks for results before the vote is closed.
pub const RESULTS_NOT_YET: &str = "测评尚未结束：结果要在“结束测评”封存测评票之后才能导出。";

pub use crate::domain::{PersonalResult, ReceivedResult};

/// The published result of one secretary: from the vote closed on this computer, else the
/// one received from the organizer; `None` before either.
pub fn personal_result(store: &Store, secretary_id: &str) -> Result<Option<PersonalResult>> {
    let conn = store.conn();
    let campaign_id = organizations::campaign_of_secretary(conn, secretary_id)?;
    if let Some(results) = closed_results(store, &campaign_id)? {
        let closure = results.closure.as_ref().expect("closed results carry their closure");
        let Some(index) = results.people.iter().position(|p| p.secretary_id == secretary_id) else {
            return Ok(None);
        };
        let r = &results.outcome.secretaries[index];
        return Ok(Some(PersonalResult {
            closed_at: closure.closed_at.clone(),
            fingerprint: closure.fingerprint.clone(),
            formula: results.outcome.formula.clone(),
            grade: r.grade,
            grade_text: grade_label(r.grade).to_string(),
            score: r.score,
            rank: r.rank,
            rated: results.outcome.secretaries.len() as u32,
            counts: r.counts,
            percents: r.percents.clone(),
            valid: r.valid,
            veto: r.veto.clone(),
            excellent_allowed: r.excellent_allowed,
            calculation: r.calculation.clone(),
            received_at: None,
        }));
    }
    meeting::get_received_result(conn, secretary_id)
}
