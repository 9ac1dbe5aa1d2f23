//! 精心谋划部署: setting up a year. A new campaign (from scratch or copied from last
//! year with its units, panel and settings, and its open rectification items carried
//! over), the organization tree and its secretaries, the roster imported from Excel or
//! CSV with a preview that marks every bad row, and the coverage check (全覆盖).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::domain::{
    Campaign, FocusPoint, Id, OrgKind, Organization, Problem, RaterCategory, Rectification, ReportStatus,
    Responsibility, RulesVersion, Secretary, new_id,
};
use crate::error::{Error, Result};
use crate::limits;
use crate::store::{self, Store, audit, campaigns, lists, meeting, organizations, reports};

mod roster;
pub mod settings;
mod tree;

pub use roster::*;
pub use tree::*;

/// What the organizer types to start a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CampaignInput {
    pub year: i32,
    pub title: String,
    pub organizer: String,
    /// `YYYY-MM-DD`, or empty when not yet fixed.
    pub meeting_date: String,
    /// The person confirmed that the new year is not after the year it copies (补建往年).
    #[serde(default)]
    pub earlier_year_confirmed: bool,
}

/// What creating a campaign did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CreatedCampaign {
    pub campaign_id: Id,
    pub organizations: u32,
    pub secretaries: u32,
    /// Problems still open (a measure not finished, or no measure) carried over from the copied year.
    pub carried_problems: u32,
    pub carried_measures: u32,
}

fn default_categories() -> Vec<RaterCategory> {
    [("上级党组织领导", 30), ("两代表一委员", 20), ("基层党组织书记", 25), ("党员群众代表", 25)]
        .into_iter()
        .map(|(name, weight_percent)| RaterCategory {
            id: new_id(),
            name: name.into(),
            weight_percent,
            planned_size: 0,
            ballot_channel: Default::default(),
        })
        .collect()
}

/// Creates a year's campaign. With `copy_from`, last year's organization tree,
/// secretaries, focus points, review levels, rules, panel and settings are copied, and
/// every problem with a measure still 未开始 or 整改中 is carried over with those measures,
/// and so is every problem without any measure.
pub fn create_campaign(
    store: &mut Store,
    input: &CampaignInput,
    copy_from: Option<&str>,
    actor: &str,
) -> Result<CreatedCampaign> {
    create_campaign_as(store, input, copy_from, actor, Starting::ByOrganizer)
}

/// Who starts a year: the organizer (refused on a secretary's computer), or a secretary
/// making her own outline on hers (`workstation::start_own_report`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Starting {
    ByOrganizer,
    HerOwnOutline,
}

pub(crate) fn create_campaign_as(
    store: &mut Store,
    input: &CampaignInput,
    copy_from: Option<&str>,
    actor: &str,
    starting: Starting,
) -> Result<CreatedCampaign> {
    if !(2000..=2100).contains(&input.year) {
        return Err(Error::invalid(format!("年度“{}”无效，请填写 2000 至 2100 之间的年份。", input.year)));
    }
    let title = input.title.trim();
    let organizer = input.organizer.trim();
    // Each missing field is named on its own: a title left to its suggestion is not missing.
    match (title.is_empty(), organizer.is_empty()) {
        (true, true) => return Err(Error::invalid("请填写年度述职评议的标题和组织方（上级党组织）。")),
        (true, false) => return Err(Error::invalid("请填写年度述职评议的标题。")),
        (false, true) => return Err(Error::invalid("请填写组织方（上级党组织），如“中共某市卫生健康委员会委员会”。")),
        (false, false) => {}
    }
    check_title(title)?;
    // The organizer is an organization's name and heads every sheet: told apart by its name.
    if let Some(problem) = crate::limits::name_problem(organizer, crate::limits::ORGANIZATION_NAME_CHARS) {
        return Err(Error::invalid(format!("组织方名称{problem}。")));
    }
    let meeting_date = Some(input.meeting_date.trim().to_string()).filter(|d| !d.is_empty());
    if let Some(date) = &meeting_date
        && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err()
    {
        return Err(Error::invalid(format!("述职评议会日期“{date}”无效，请写成 2025-01-16 这样的日期。")));
    }
    let existing = campaigns::list_campaigns(store.conn())?;
    if existing.iter().any(|c| c.year == input.year && c.organizer == organizer) {
        return Err(Error::Conflict {
            message: format!("{organizer}的 {} 年度述职评议已经建立。请在总览中选择它，不必重复建立。", input.year),
        });
    }
    let conn = store.conn();
    let source = match copy_from {
        Some(id) => Some(campaigns::get_campaign(conn, id)?),
        None => None,
    };
    if let Some(old) = &source
        && input.year <= old.year
        && !input.earlier_year_confirmed
    {
        return Err(Error::Conflict {
            message: format!(
                "新年度是 {} 年，不晚于要沿用的 {} 年度。通常应建立 {} 年度；若确是补建往年，请确认补建往年（窗口中勾选“确认补建往年”，命令行加 --earlier-year）后再建立。",
                input.year,
                old.year,
                old.year + 1
            ),
        });
    }
    let campaign_id = new_id();
    // Focus points get new ids; sections of last year's reports keep theirs.
    let mut focus_map: BTreeMap<String, String> = BTreeMap::new();
    let focus_points: Vec<FocusPoint> = source
        .as_ref()
        .map_or_else(crate::rules::checks::default_focus_points, |c| c.focus_points.clone())
        .into_iter()
        .map(|p| {
            let id = new_id();
            focus_map.insert(p.id.clone(), id.clone());
            FocusPoint { id, ..p }
        })
        .collect();
    let campaign = Campaign {
        id: campaign_id.clone(),
        year: input.year,
        title: title.to_string(),
        organizer: organizer.to_string(),
        meeting_date,
        speaking_minutes: source.as_ref().map_or(5, |c| c.speaking_minutes),
        report_char_budget: source.as_ref().map_or(3000, |c| c.report_char_budget),
        problems_min_percent: source.as_ref().map_or(33, |c| c.problems_min_percent),
        focus_points,
        review_levels: source.as_ref().map_or_else(
            || vec!["党办初审".into(), "分管领导审核".into(), "党委书记审定".into()],
            |c| c.review_levels.clone(),
        ),
        scoring_rules: source
            .as_ref()
            .map_or_else(crate::rules::scoring::ScoringRules::default, |c| c.scoring_rules.clone()),
        cliches: source.as_ref().and_then(|c| c.cliches.clone()),
        created_at: store::now_text(),
        dimensions: source.as_ref().map_or_else(Vec::new, |c| c.dimensions.clone()),
        double_entry: source.as_ref().is_some_and(|c| c.double_entry),
        written_rated: source.as_ref().is_none_or(|c| c.written_rated),
        on_site_every_years: source.as_ref().and_then(|c| c.on_site_every_years),
    };

    // The tree, the secretaries, the panel and the agenda of the copied year, with new ids.
    let mut org_map: BTreeMap<String, String> = BTreeMap::new();
    let mut secretary_map: BTreeMap<String, String> = BTreeMap::new();
    let mut orgs = Vec::new();
    let mut secretaries = Vec::new();
    let mut categories = Vec::new();
    let mut raters = Vec::new();
    let mut agenda = Vec::new();
    let mut problems = Vec::new();
    let mut responsibilities = Vec::new();
    let mut measures = Vec::new();
    if let Some(old) = &source {
        let old_orgs = organizations::list_organizations(conn, &old.id)?;
        for org in &old_orgs {
            org_map.insert(org.id.clone(), new_id());
        }
        for org in &old_orgs {
            orgs.push(Organization {
                id: org_map[&org.id].clone(),
                parent_id: org.parent_id.as_ref().and_then(|p| org_map.get(p).cloned()),
                ..org.clone()
            });
        }
        for s in organizations::list_secretaries(conn, &old.id)? {
            let id = new_id();
            secretary_map.insert(s.id.clone(), id.clone());
            secretaries.push(Secretary { id, organization_id: org_map[&s.organization_id].clone(), ..s });
        }
        let mut category_map = BTreeMap::new();
        for c in meeting::list_rater_categories(conn, &old.id)? {
            let id = new_id();
            category_map.insert(c.id.clone(), id.clone());
            categories.push(RaterCategory { id, ..c });
        }
        for r in meeting::list_raters(conn, &old.id)? {
            raters.push(crate::domain::Rater { id: new_id(), category_id: category_map[&r.category_id].clone(), ..r });
        }
        agenda = meeting::list_agenda(conn, &old.id)?.iter().filter_map(|id| secretary_map.get(id).cloned()).collect();
        // Open items carry over.
        let old_measures = lists::list_rectifications(conn, &old.id)?;
        let old_responsibilities = lists::list_responsibilities(conn, &old.id)?;
        for p in lists::list_problems(conn, &old.id)? {
            // A problem is still open with a measure not finished, or with no measure at all
            // (a 点评 point made into a problem and never answered).
            let all: Vec<&Rectification> = old_measures.iter().filter(|r| r.problem_id == p.id).collect();
            let open: Vec<&Rectification> = all.iter().copied().filter(|r| r.status.is_open()).collect();
            if open.is_empty() && !all.is_empty() {
                continue;
            }
            let Some(secretary_id) = secretary_map.get(&p.secretary_id) else { continue };
            let problem_id = new_id();
            for r in old_responsibilities.iter().filter(|r| r.problem_id == p.id) {
                responsibilities.push(Responsibility { id: new_id(), problem_id: problem_id.clone(), ..r.clone() });
            }
            for r in open {
                measures.push(Rectification { id: new_id(), problem_id: problem_id.clone(), ..r.clone() });
            }
            problems.push(Problem {
                id: problem_id,
                secretary_id: secretary_id.clone(),
                created_at: store::now_text(),
                origin: Some(crate::domain::origin::carried(&p.id)),
                ..p
            });
        }
    } else {
        let root = Organization {
            id: new_id(),
            parent_id: None,
            name: organizer.to_string(),
            kind: OrgKind::Committee,
            unit: organizer.to_string(),
        };
        orgs.push(root);
        categories = default_categories();
    }

    let tx = store.begin_write()?;
    if starting == Starting::ByOrganizer {
        crate::workstation::refuse_unless_organizer(&tx, "建立新年度")?;
    }
    campaigns::insert_campaign(&tx, &campaign)?;
    meeting::insert_rules_version(
        &tx,
        &campaign_id,
        &RulesVersion {
            version: 1,
            rules: campaign.scoring_rules.clone(),
            created_at: campaign.created_at.clone(),
            actor: actor.to_string(),
        },
    )?;
    for (i, org) in orgs.iter().enumerate() {
        organizations::insert_organization(&tx, &campaign_id, i, org)?;
    }
    let start = store::next_position(&tx, store::Positioned::Secretaries)?;
    for (i, s) in secretaries.iter().enumerate() {
        organizations::insert_secretary(&tx, start + i, s)?;
    }
    for (i, c) in categories.iter().enumerate() {
        meeting::insert_rater_category(&tx, &campaign_id, i, c)?;
    }
    let start = store::next_position(&tx, store::Positioned::Raters)?;
    for (i, r) in raters.iter().enumerate() {
        meeting::insert_rater(&tx, start + i, r)?;
    }
    meeting::set_agenda(&tx, &campaign_id, &agenda)?;
    let start = store::next_position(&tx, store::Positioned::Problems)?;
    for (i, p) in problems.iter().enumerate() {
        lists::insert_problem(&tx, start + i, p)?;
    }
    let start = store::next_position(&tx, store::Positioned::Responsibilities)?;
    for (i, r) in responsibilities.iter().enumerate() {
        lists::insert_responsibility(&tx, start + i, r)?;
    }
    let start = store::next_position(&tx, store::Positioned::Rectifications)?;
    for (i, r) in measures.iter().enumerate() {
        lists::insert_rectification(&tx, start + i, r)?;
    }
    let detail = match &source {
        Some(old) => format!(
            "建立{}年度述职评议（沿用{}年度的 {} 个党组织、{} 位书记和设置，结转未完成整改问题 {} 个）",
            input.year,
            old.year,
            orgs.len(),
            secretaries.len(),
            problems.len()
        ),
        None => format!("建立{}年度述职评议", input.year),
    };
    audit::record(&tx, Some(&campaign_id), &audit::entry(actor, "campaign.create", "campaign", &campaign_id, detail))?;
    tx.commit()?;
    Ok(CreatedCampaign {
        campaign_id,
        organizations: orgs.len() as u32,
        secretaries: secretaries.len() as u32,
        carried_problems: problems.len() as u32,
        carried_measures: measures.len() as u32,
    })
}

/// A year's title heads every sheet on one line: limited in length, no control or
/// invisible characters.
fn check_title(title: &str) -> Result<()> {
    if let Some(problem) = crate::limits::text_problem(title, crate::limits::TITLE_CHARS) {
        return Err(Error::invalid(format!("标题{problem}。")));
    }
    if let Some(problem) = crate::text::name_character_problem(title) {
        return Err(Error::invalid(format!("标题{problem}。")));
    }
    Ok(())
}

const DELETING_YEAR: &str = "删除年度";

/// Changes a year's 年度 and title, after a backup (a year entered wrongly, or copied onto
/// the wrong year). Returns the backup's path.
pub fn rename_campaign(
    store: &mut Store,
    campaign_id: &str,
    year: i32,
    title: &str,
    actor: &str,
) -> Result<Option<String>> {
    crate::workstation::refuse_unless_organizer(store.conn(), "修改年度")?;
    if !(2000..=2100).contains(&year) {
        return Err(Error::invalid(format!("年度“{year}”无效，请填写 2000 至 2100 之间的年份。")));
    }
    let title = title.trim();
    if title.is_empty() {
        return Err(Error::invalid("请填写年度述职评议的标题。"));
    }
    check_title(title)?;
    let backup = crate::store::backup::automatic_backup(store, "before-rename-year")?;
    let tx = store.begin_write()?;
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    if year != campaign.year && crate::store::history::is_paper_year(conn, campaign_id)? {
        return Err(Error::Conflict {
            message: format!(
                "这一年度由往年纸质记录导入，年度（{}）不能修改，标题可以改。如果年度填错了，请删除它后重新导入。",
                campaign.year
            ),
        });
    }
    if campaigns::list_campaigns(conn)?
        .iter()
        .any(|c| c.id != campaign_id && c.year == year && c.organizer == campaign.organizer)
    {
        return Err(Error::Conflict {
            message: format!("{}的 {year} 年度述职评议已经有了。请换一个年度，或先删除那一个。", campaign.organizer),
        });
    }
    tx.execute(
        "UPDATE campaigns SET year = ?2, title = ?3 WHERE id = ?1",
        rusqlite::params![campaign_id, year, title],
    )?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "campaign.rename",
            "campaign",
            campaign_id,
            format!("{} 年度“{}”改为 {year} 年度“{title}”", campaign.year, campaign.title),
        ),
    )?;
    tx.commit()?;
    Ok(backup.map(|p| p.display().to_string()))
}

/// Deletes a year with everything in it, after a backup; `confirm_year` is the year the
/// person typed to confirm. Refused while its phone vote is open with ballots in: the
/// meeting comes first. Returns the backup's path.
pub fn delete_campaign(store: &mut Store, campaign_id: &str, confirm_year: i32, actor: &str) -> Result<Option<String>> {
    // Asked before the backup, so a refused delete leaves no backup behind; asked again in
    // the write, which is what decides.
    crate::workstation::refuse_unless_organizer(store.conn(), DELETING_YEAR)?;
    let campaign = campaigns::get_campaign(store.conn(), campaign_id)?;
    if confirm_year != campaign.year {
        return Err(Error::invalid(format!(
            "要删除的是 {} 年度，确认时写的是 {confirm_year}。请写 {} 以确认删除。",
            campaign.year, campaign.year
        )));
    }
    // Phones voting into this file would lose the year under them.
    if let Some(path) = store.path()
        && crate::store::ballot_lock::ensure_no_ballot_server(path).is_err()
    {
        return Err(Error::Conflict {
            message: "扫码测评服务正在使用这个数据库，现在不能删除年度。请先停止扫码测评（窗口：“录入测评票”中的“停止”；命令行：结束 shuzhi serve），再删除。"
                .into(),
        });
    }
    let backup = crate::store::backup::automatic_backup(store, "before-delete-year")?;
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(&tx, DELETING_YEAR)?;
    let conn = store.conn();
    let voted = meeting::has_ballots(conn, campaign_id)?
        || meeting::list_codes(conn, campaign_id)?.iter().any(|code| code.used);
    let unsealed = voted && meeting::get_closure(conn, campaign_id)?.is_none();
    if unsealed {
        return Err(Error::Conflict {
            message: format!(
                "{} 年度的测评正在进行（已有测评票，尚未结束测评），不能删除。请先结束测评，或删除已录入的测评票。",
                campaign.year
            ),
        });
    }
    campaigns::delete_campaign(&tx, campaign_id)?;
    audit::record(
        &tx,
        None,
        &audit::entry(
            actor,
            "campaign.delete",
            "campaign",
            campaign_id,
            format!(
                "删除 {} 年度“{}”{}",
                campaign.year,
                campaign.title,
                backup.as_ref().map(|p| format!("（删除前已备份到 {}）", p.display())).unwrap_or_default()
            ),
        ),
    )?;
    tx.commit()?;
    Ok(backup.map(|p| p.display().to_string()))
}

/// One gap in the coverage (全覆盖) or in the readiness for the meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CoverageGap {
    pub message: String,
    pub organization_id: Option<Id>,
    pub secretary_id: Option<Id>,
}

/// Whether every subordinate organization reports, and what is missing before the meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Coverage {
    /// True when every subordinate organization has a secretary on the agenda (全覆盖).
    pub covered: bool,
    pub organizations: u32,
    pub secretaries: u32,
    pub gaps: Vec<CoverageGap>,
    /// What is still missing before the meeting (reports not approved, panel, date).
    pub before_meeting: Vec<String>,
}

/// The coverage check of a campaign.
pub fn coverage(store: &Store, campaign_id: &str) -> Result<Coverage> {
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let orgs = organizations::list_organizations(conn, campaign_id)?;
    let secretaries = organizations::list_secretaries(conn, campaign_id)?;
    let (_, off_agenda) = crate::meeting::agenda(store, campaign_id)?;
    let mut gaps = Vec::new();
    // The organizer's own committee (the root) reports to no one here.
    for org in orgs.iter().filter(|o| o.parent_id.is_some()) {
        if !secretaries.iter().any(|s| s.organization_id == org.id) {
            gaps.push(CoverageGap {
                message: format!("{}（{}）没有书记，无人述职", org.name, org.unit),
                organization_id: Some(org.id.clone()),
                secretary_id: None,
            });
        }
    }
    // Those reporting in writing under a 方案 that does not rate them are off the ballot by design.
    for person in off_agenda.iter().filter(|p| !p.written) {
        gaps.push(CoverageGap {
            message: format!("{}（{}）不在述职议程上", person.name, person.unit),
            organization_id: None,
            secretary_id: Some(person.secretary_id.clone()),
        });
    }
    if orgs.iter().filter(|o| o.parent_id.is_some()).count() == 0 {
        gaps.push(CoverageGap {
            message: "还没有下级党组织：请导入名册或逐个添加。".into(),
            organization_id: None,
            secretary_id: None,
        });
    }
    let mut before = Vec::new();
    let reports = reports::list_reports(conn, campaign_id)?;
    let not_approved: Vec<&str> = secretaries
        .iter()
        .filter(|s| !reports.iter().any(|r| r.secretary_id == s.id && r.status == ReportStatus::Approved))
        .map(|s| s.name.as_str())
        .collect();
    if !not_approved.is_empty() {
        before.push(format!(
            "{} 位书记的述职报告尚未审核通过：{}",
            not_approved.len(),
            not_approved.iter().take(12).copied().collect::<Vec<_>>().join("、")
        ));
    }
    let categories = meeting::list_rater_categories(conn, campaign_id)?;
    let empty: Vec<&str> = categories.iter().filter(|c| c.planned_size == 0).map(|c| c.name.as_str()).collect();
    if categories.is_empty() {
        before.push("还没有设定评议人类别。".into());
    } else if !empty.is_empty() {
        before.push(format!("评议人类别未定人数：{}", empty.join("、")));
    }
    if campaign.meeting_date.is_none() {
        before.push("述职评议会日期未定。".into());
    }
    Ok(Coverage {
        covered: gaps.is_empty(),
        organizations: orgs.iter().filter(|o| o.parent_id.is_some()).count() as u32,
        secretaries: secretaries.len() as u32,
        gaps,
        before_meeting: before,
    })
}

/// A focus point as edited; `id` is `None` for a new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FocusPointInput {
    pub id: Option<Id>,
    pub title: String,
    pub role: crate::domain::FocusRole,
    pub guidance: String,
    pub char_budget: u32,
}

/// The settings of a year the organizer edits on the planning screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CampaignSettings {
    pub title: String,
    /// `YYYY-MM-DD`, or empty when not yet fixed.
    pub meeting_date: String,
    pub report_char_budget: u32,
    pub problems_min_percent: u32,
    pub review_levels: Vec<String>,
    pub focus_points: Vec<FocusPointInput>,
}

/// Saves the year's title, meeting date, budgets, review levels and focus points.
/// A focus point with text in any report, or a review level a report waits at, stays.
pub fn save_campaign_settings(
    store: &mut Store,
    campaign_id: &str,
    settings: &CampaignSettings,
    actor: &str,
) -> Result<()> {
    let title = settings.title.trim();
    if title.is_empty() {
        return Err(Error::invalid("标题不能为空。"));
    }
    // The same limits as a year's file: what is saved here can always be exported and imported.
    check_title(title)?;
    for level in &settings.review_levels {
        if let Some(problem) = crate::limits::name_problem(level, crate::limits::PERSON_NAME_CHARS) {
            return Err(Error::invalid(format!("审核层级“{}”{problem}。", crate::limits::excerpt(level))));
        }
    }
    for (i, point) in settings.focus_points.iter().enumerate() {
        if let Some(problem) = crate::limits::text_problem(&point.title, crate::limits::TITLE_CHARS)
            .or_else(|| crate::text::name_character_problem(&point.title))
        {
            return Err(Error::invalid(format!("第 {} 项述职重点的标题{problem}。", i + 1)));
        }
        crate::limits::check_texts(&[("述职重点的写作要求", &point.guidance, crate::limits::TEXT_CHARS)])?;
    }
    let meeting_date = Some(settings.meeting_date.trim().to_string()).filter(|d| !d.is_empty());
    if let Some(date) = &meeting_date
        && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err()
    {
        return Err(Error::invalid(format!("述职评议会日期“{date}”无效，请写成 2025-01-16 这样的日期。")));
    }
    if !(500..=20000).contains(&settings.report_char_budget) {
        return Err(Error::invalid("全文字数上限应在 500 到 20000 字之间（常见做法：3000 字）。"));
    }
    if settings.problems_min_percent > 100 {
        return Err(Error::invalid("问题部分所占比例不能超过 100%。"));
    }
    let levels: Vec<String> =
        settings.review_levels.iter().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
    if levels.is_empty() || levels.len() > 6 {
        return Err(Error::invalid("审核层级应有 1 到 6 级，例如：党办初审、分管领导审核、党委书记审定。"));
    }
    if settings.focus_points.is_empty() {
        return Err(Error::invalid("至少要有一项述职重点。"));
    }
    for (i, point) in settings.focus_points.iter().enumerate() {
        if point.title.trim().is_empty() {
            return Err(Error::invalid(format!("第 {} 项述职重点没有标题。", i + 1)));
        }
    }
    for role in [
        crate::domain::FocusRole::Achievements,
        crate::domain::FocusRole::Problems,
        crate::domain::FocusRole::Measures,
        crate::domain::FocusRole::LastYear,
    ] {
        if settings.focus_points.iter().filter(|p| p.role == role).count() > 1 {
            return Err(Error::invalid("成绩、问题、措施、上年度整改这几类述职重点各只能有一项；其余请选“其他”。"));
        }
    }
    let total: u32 = settings.focus_points.iter().map(|p| p.char_budget).sum();
    if total > settings.report_char_budget {
        return Err(Error::invalid(format!(
            "各节字数合计 {total} 字，超过全文上限 {} 字。请调低某些节的字数，或提高全文上限。",
            settings.report_char_budget
        )));
    }
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let reports = reports::list_reports(conn, campaign_id)?;
    if let Some(report) =
        reports.iter().find(|r| r.status == ReportStatus::Submitted && r.review_level as usize >= levels.len())
    {
        return Err(Error::Conflict {
            message: format!(
                "有报告正等待第 {} 级审核，审核层级不能少于 {} 级。请待其审核后再减少层级。",
                report.review_level + 1,
                report.review_level + 1
            ),
        });
    }
    for old in &campaign.focus_points {
        let kept = settings.focus_points.iter().any(|p| p.id.as_deref() == Some(old.id.as_str()));
        let written =
            reports.iter().any(|r| r.sections.iter().any(|s| s.focus_point_id == old.id && !s.body.trim().is_empty()));
        if !kept && written {
            return Err(Error::Conflict {
                message: format!("述职重点“{}”已有报告填写了内容，不能删除；可以修改它的标题和要求。", old.title),
            });
        }
    }
    for point in &settings.focus_points {
        if let Some(id) = &point.id
            && !campaign.focus_points.iter().any(|p| &p.id == id)
        {
            return Err(Error::invalid("有一项述职重点不属于本年度，请刷新后重试。"));
        }
    }
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(&tx, "修改年度设置")?;
    campaigns::update_settings(
        &tx,
        campaign_id,
        title,
        meeting_date.as_deref(),
        settings.report_char_budget,
        settings.problems_min_percent,
    )?;
    for old in &campaign.focus_points {
        if !settings.focus_points.iter().any(|p| p.id.as_deref() == Some(old.id.as_str())) {
            campaigns::delete_focus_point(&tx, &old.id)?;
        }
    }
    for (position, point) in settings.focus_points.iter().enumerate() {
        let saved = FocusPoint {
            id: point.id.clone().unwrap_or_else(new_id),
            title: point.title.trim().to_string(),
            role: point.role,
            guidance: point.guidance.trim().to_string(),
            char_budget: point.char_budget,
        };
        campaigns::save_focus_point(&tx, campaign_id, position, &saved)?;
    }
    campaigns::set_review_levels(&tx, campaign_id, &levels)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "campaign.settings",
            "campaign",
            campaign_id,
            format!("修改年度设置：{} 项述职重点、{} 级审核", settings.focus_points.len(), levels.len()),
        ),
    )?;
    tx.commit()?;
    Ok(())
}
