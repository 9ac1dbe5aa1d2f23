//! 历年对比: each post's years side by side, and the campaign across years.
//!
//! A post (an organization) is the same from year to year when its name and unit are
//! the same in each year's campaign — what "沿用上一年度" copies — so the history of a
//! secretary is the history of her post, whoever held it. Figures come from each year's
//! sealed results (only once the vote is closed and final), its 问题清单 and 整改清单
//! and its report checks.

pub mod export;
pub mod paper;
pub mod posts;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{Grade, ProblemSource, RectificationStatus, RepeatDecision};
use crate::error::{Error, Result};
use crate::store::{Store, audit, campaigns, lists, organizations, reports};

use posts::Lineage;

const NOT_FOUND_FIX: &str = "请用 `shuzhi dashboard` 或总览查看编号后再试。";

/// Problems named in a year, by where they came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BySource {
    /// 自身查摆
    pub self_review: u32,
    /// 上级点评
    pub superior_comment: u32,
    /// 群众评议
    pub panel_review: u32,
    /// 审核意见
    pub review_comment: u32,
}

impl BySource {
    fn add(&mut self, source: ProblemSource) {
        match source {
            ProblemSource::SelfReview => self.self_review += 1,
            ProblemSource::SuperiorComment => self.superior_comment += 1,
            ProblemSource::PanelReview => self.panel_review += 1,
            ProblemSource::ReviewComment => self.review_comment += 1,
        }
    }

    pub fn total(&self) -> u32 {
        self.self_review + self.superior_comment + self.panel_review + self.review_comment
    }
}

/// How a year's rectification measures stand (as of the day asked).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Rectified {
    pub measures: u32,
    /// 销号 on or before the deadline (or with no deadline).
    pub closed_on_time: u32,
    /// 销号 after the deadline.
    pub closed_late: u32,
    /// 已完成 but not yet 销号.
    pub done_not_signed: u32,
    /// 长期坚持
    pub ongoing: u32,
    /// 未开始 or 整改中.
    pub open: u32,
    /// Open and past the deadline.
    pub overdue: u32,
    /// Problems with no measure at all: open items too, as the overview counts them.
    pub no_measure: u32,
    /// What is finished (销号 either way, 已完成, 长期坚持) in percent of every item (each
    /// measure, and each problem without one), one decimal: the overview's rate, to the
    /// decimal. `None` when there is nothing to finish.
    pub completion_percent: Option<f64>,
}

impl Rectified {
    /// The completion rate of the figures as they stand (see `completion_percent`).
    pub fn completion(&self) -> Option<f64> {
        let done = self.closed_on_time + self.closed_late + self.done_not_signed + self.ongoing;
        crate::lists::completion_percent(done, self.measures + self.no_measure)
    }

    /// The figures with their completion rate worked out.
    fn settled(mut self) -> Rectified {
        self.completion_percent = self.completion();
        self
    }
}

/// One year of a post.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PostYear {
    pub year: i32,
    pub campaign_id: String,
    pub organization_id: String,
    /// The organization's name that year (another name where it was renamed or merged).
    pub organization: String,
    /// A year kept on paper, imported from the organizer's Excel: results as recorded then.
    pub kept_on_paper: bool,
    pub secretary_id: Option<String>,
    /// Who held the post that year.
    pub secretary_name: Option<String>,
    /// The final grade; `None` before the vote is closed and final, or when not rated.
    pub grade: Option<Grade>,
    /// The result in words: the grade, 测评未结束, 结果待定 or 未参加测评.
    pub result: String,
    /// Share of 好 among the valid votes, percent; `None` when withheld or not rated.
    pub good_percent: Option<f64>,
    pub score: Option<f64>,
    pub rank: Option<u32>,
    /// How many were ranked that year.
    pub ranked: u32,
    pub problems: BySource,
    /// Problems that repeat one of the post's earlier years (反复出现).
    pub repeated: u32,
    pub rectified: Rectified,
    /// The report's length and its check, when a report was written.
    pub report_chars: Option<u32>,
    pub report_errors: u32,
    pub report_warnings: u32,
}

/// The years of one post, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PostHistory {
    pub organization: String,
    pub unit: String,
    pub years: Vec<PostYear>,
    /// Its problems that repeat one of an earlier year (反复出现), each with the earlier
    /// wording beside it and the organizer's decision, oldest year first; those dismissed
    /// too, so that the decision can be taken back.
    pub repeats: Vec<RepeatedProblem>,
}

/// One year of the campaign across years.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CampaignYear {
    pub year: i32,
    pub campaign_id: String,
    pub title: String,
    /// Problems that repeat one of an earlier year of the same post (反复出现).
    pub repeated: u32,
    /// Whether the year's results are sealed and final.
    pub results_final: bool,
    /// A year kept on paper, imported from the organizer's Excel: results as recorded then.
    pub kept_on_paper: bool,
    /// Secretaries graded 好, 较好, 一般, 差 (four numbers in that order).
    pub grades: Vec<u32>,
    /// 好 among those graded, percent, one decimal.
    pub good_share_percent: Option<f64>,
    pub problems: BySource,
    /// Measures and their completion, by the source of their problem.
    pub rectified_by_source: Vec<SourceRectified>,
    pub rectified: Rectified,
}

/// The measures of problems from one source.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SourceRectified {
    /// 自查、上级点评、群众评议、审核意见
    pub source: String,
    pub rectified: Rectified,
}

/// A year's grade of a post.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct YearGrade {
    pub year: i32,
    pub grade: Grade,
}

/// A post graded below 较好 in two years or more.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Slipping {
    pub organization: String,
    pub unit: String,
    /// Who held the post the last of those years, and her id (her 历年对比 opens from it).
    pub secretary_id: String,
    pub secretary_name: String,
    /// The years and the grade of each.
    pub years: Vec<YearGrade>,
}

/// Open measures past their deadline, by how long past.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OverdueByAge {
    /// Up to 30 days.
    pub up_to_30_days: u32,
    pub up_to_90_days: u32,
    pub up_to_180_days: u32,
    pub over_180_days: u32,
}

/// The campaign across years, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CampaignsHistory {
    pub organizer: String,
    pub years: Vec<CampaignYear>,
    pub slipping: Vec<Slipping>,
    pub overdue: OverdueByAge,
}

/// What a year's results say of each secretary: grade, shares, score and rank.
struct YearResults {
    /// A year kept on paper: its results as recorded then.
    on_paper: bool,
    final_results: bool,
    closed: bool,
    by_secretary: BTreeMap<String, Rated>,
    ranked: u32,
}

/// One secretary's result in a year.
struct Rated {
    grade: Option<Grade>,
    good_percent: Option<f64>,
    score: Option<f64>,
    rank: Option<u32>,
}

fn year_results(store: &Store, campaign_id: &str) -> Result<YearResults> {
    // A year kept on paper: its results as the 评议结果汇总表 recorded them, final.
    if let Some(recorded) = paper::paper_results(store, campaign_id)? {
        let ranked = recorded.values().filter(|r| r.rank.is_some()).count() as u32;
        let by_secretary = recorded
            .into_iter()
            .map(|(id, r)| (id, Rated { grade: r.grade, good_percent: r.good_percent(), score: r.score, rank: r.rank }))
            .collect();
        return Ok(YearResults { on_paper: true, final_results: true, closed: true, by_secretary, ranked });
    }
    // Before closing there is no result to read.
    let Some((people, outcome)) = crate::meeting::sealed_outcome(store, campaign_id)? else {
        return Ok(YearResults {
            on_paper: false,
            final_results: false,
            closed: false,
            by_secretary: BTreeMap::new(),
            ranked: 0,
        });
    };
    let ranked = outcome.secretaries.iter().filter(|s| s.rank.is_some()).count() as u32;
    let final_results = outcome.not_final().is_none();
    let by_secretary = people
        .iter()
        .zip(outcome.secretaries)
        .map(|(person, result)| {
            let rated = Rated {
                grade: result.grade,
                good_percent: result.percents.first().copied(),
                score: result.score,
                rank: result.rank,
            };
            (person.secretary_id.clone(), rated)
        })
        .collect();
    Ok(YearResults { on_paper: false, final_results, closed: true, by_secretary, ranked })
}

/// One measure of a campaign as it stands: of which problem, from which source, and how many days
/// past its deadline when open and overdue.
struct MeasureStanding {
    problem_id: String,
    source: ProblemSource,
    rectified: Rectified,
    overdue_days: Option<i64>,
}

/// How a campaign's measures stand, per secretary and per source of their problem (the
/// campaign's problems, as read once by the caller).
fn rectified_of(
    measures: Vec<crate::domain::Rectification>,
    problems: &[crate::domain::Problem],
    today: NaiveDate,
) -> Vec<MeasureStanding> {
    let by_id: HashMap<&str, &crate::domain::Problem> = problems.iter().map(|p| (p.id.as_str(), p)).collect();
    let measured: HashSet<&str> = measures.iter().map(|m| m.problem_id.as_str()).collect();
    // A problem without any measure is an open item, as the overview counts it.
    let mut rows: Vec<MeasureStanding> = problems
        .iter()
        .filter(|p| !measured.contains(p.id.as_str()))
        .map(|p| MeasureStanding {
            problem_id: p.id.clone(),
            source: p.source,
            rectified: Rectified { no_measure: 1, ..Rectified::default() },
            overdue_days: None,
        })
        .collect();
    for measure in measures {
        let Some(problem) = by_id.get(measure.problem_id.as_str()) else { continue };
        let due = measure.due.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let mut one = Rectified { measures: 1, ..Rectified::default() };
        let mut overdue_days = None;
        match (&measure.sign_off, measure.status) {
            (Some(sign_off), _) => {
                let closed = NaiveDate::parse_from_str(&sign_off.date, "%Y-%m-%d").ok();
                match (closed, due) {
                    (Some(closed), Some(due)) if closed > due => one.closed_late = 1,
                    _ => one.closed_on_time = 1,
                }
            }
            (None, RectificationStatus::Done) => one.done_not_signed = 1,
            (None, RectificationStatus::Ongoing) => one.ongoing = 1,
            (None, _) => {
                one.open = 1;
                if let Some(due) = due.filter(|d| *d < today) {
                    one.overdue = 1;
                    overdue_days = Some((today - due).num_days());
                }
            }
        }
        rows.push(MeasureStanding {
            problem_id: problem.id.clone(),
            source: problem.source,
            rectified: one,
            overdue_days,
        });
    }
    rows
}

fn add(total: &mut Rectified, one: &Rectified) {
    total.measures += one.measures;
    total.closed_on_time += one.closed_on_time;
    total.closed_late += one.closed_late;
    total.done_not_signed += one.done_not_signed;
    total.ongoing += one.ongoing;
    total.open += one.open;
    total.overdue += one.overdue;
    total.no_measure += one.no_measure;
}

/// The result of a year in words.
fn result_text(year: &YearResults, result: Option<&Rated>) -> (Option<Grade>, String) {
    if !year.closed {
        return (None, "测评未结束".into());
    }
    if !year.final_results {
        return (None, "结果待定".into());
    }
    match result.and_then(|r| r.grade) {
        Some(grade) => (Some(grade), grade.label().to_string()),
        None => (None, "未参加测评".into()),
    }
}

/// The history of the post a secretary holds (or an organization is), over every campaign:
/// every name the organizer linked to it, so a year of a merge has a row for each
/// organization merged.
fn post_history(store: &Store, name: &str, unit: &str, today: NaiveDate) -> Result<PostHistory> {
    let conn = store.conn();
    let mut campaigns = campaigns::list_campaigns(conn)?;
    campaigns.sort_by_key(|c| c.year);
    let keys = Lineage::read(conn)?.members(name, unit);
    // The post's problems of every year, read at once, and its repeats found in one pass.
    let mut named: Vec<Named> = Vec::new();
    for (key_name, key_unit) in &keys {
        named.extend(
            lists::problems_of_post(conn, key_name, key_unit)?.into_iter().map(|(campaign_id, year, problem)| Named {
                year,
                campaign_id,
                post: 0,
                problem,
            }),
        );
    }
    named.sort_by_key(|n| n.year);
    let mut repeats = find_repeats(&named, &read_decisions(conn)?, |_| true);
    let mut repeats_of: HashMap<&str, u32> = HashMap::new();
    for (_, repeated) in repeats.iter().filter(|(_, r)| r.stands) {
        *repeats_of.entry(repeated.secretary_id.as_str()).or_default() += 1;
    }
    let mut years = Vec::new();
    let mut names: HashMap<String, String> = HashMap::new();
    for campaign in &campaigns {
        let organizations = organizations::list_organizations(conn, &campaign.id)?;
        let ours: Vec<_> =
            organizations.iter().filter(|o| keys.iter().any(|(n, u)| o.name == *n && o.unit == *u)).collect();
        if ours.is_empty() {
            continue;
        }
        let secretaries = organizations::list_secretaries(conn, &campaign.id)?;
        let results = year_results(store, &campaign.id)?;
        for org in ours {
            let secretary = secretaries.iter().find(|s| s.organization_id == org.id);
            let result = secretary.and_then(|s| results.by_secretary.get(&s.id));
            let (grade, text) = result_text(&results, result);
            let shown = grade.is_some();
            let mut problems = BySource::default();
            let mut rectified = Rectified::default();
            let mut report_chars = None;
            let (mut report_errors, mut report_warnings) = (0, 0);
            if let Some(secretary) = secretary {
                names.insert(secretary.id.clone(), secretary.name.clone());
                let hers: Vec<crate::domain::Problem> = named
                    .iter()
                    .filter(|n| n.campaign_id == campaign.id && n.problem.secretary_id == secretary.id)
                    .map(|n| n.problem.clone())
                    .collect();
                for problem in &hers {
                    problems.add(problem.source);
                }
                for standing in rectified_of(lists::rectifications_of_secretary(conn, &secretary.id)?, &hers, today) {
                    add(&mut rectified, &standing.rectified);
                }
                if let Some(report) = reports::report_by_secretary(conn, &secretary.id)? {
                    // A stored report's check depends on the database alone: kept until it
                    // changes, so the years of a post are not checked again on every look.
                    let check = store.remembered(&format!("report_check:{}", report.id), || {
                        crate::report::check_stored_report(store, &report.id)
                    })?;
                    report_chars = Some(check.total_chars);
                    report_errors =
                        check.findings.iter().filter(|f| f.severity == crate::rules::checks::Severity::Error).count()
                            as u32;
                    report_warnings = check.findings.len() as u32 - report_errors;
                }
            }
            years.push(PostYear {
                year: campaign.year,
                campaign_id: campaign.id.clone(),
                organization_id: org.id.clone(),
                organization: org.name.clone(),
                kept_on_paper: results.on_paper,
                secretary_id: secretary.map(|s| s.id.clone()),
                secretary_name: secretary.map(|s| s.name.clone()),
                grade,
                result: text,
                good_percent: result.filter(|_| shown).and_then(|r| r.good_percent),
                score: result.filter(|_| shown).and_then(|r| r.score),
                rank: result.filter(|_| shown).and_then(|r| r.rank),
                ranked: if shown { results.ranked } else { 0 },
                problems,
                repeated: secretary.and_then(|s| repeats_of.get(s.id.as_str()).copied()).unwrap_or(0),
                rectified: rectified.settled(),
                report_chars,
                report_errors,
                report_warnings,
            });
        }
    }
    for (_, repeated) in &mut repeats {
        repeated.secretary_name = names.get(&repeated.secretary_id).cloned().unwrap_or_default();
    }
    Ok(PostHistory {
        organization: name.to_string(),
        unit: unit.to_string(),
        years,
        repeats: repeats.into_iter().map(|(_, r)| r).collect(),
    })
}

/// The years of the post a secretary holds, whoever held it in each.
pub fn secretary_history(store: &Store, secretary_id: &str, today: NaiveDate) -> Result<PostHistory> {
    let conn = store.conn();
    let campaign_id = organizations::campaign_of_secretary(conn, secretary_id)?;
    let secretary = organizations::list_secretaries(conn, &campaign_id)?
        .into_iter()
        .find(|s| s.id == secretary_id)
        .ok_or_else(|| Error::NotFound { what: "书记", id: secretary_id.to_string(), fix: NOT_FOUND_FIX })?;
    let org = organizations::list_organizations(conn, &campaign_id)?
        .into_iter()
        .find(|o| o.id == secretary.organization_id)
        .ok_or_else(|| Error::NotFound {
            what: "书记的党组织", id: secretary_id.to_string(), fix: NOT_FOUND_FIX
        })?;
    post_history(store, &org.name, &org.unit, today)
}

/// The years of an organization (found by its name and unit in every campaign).
pub fn organization_history(store: &Store, organization_id: &str, today: NaiveDate) -> Result<PostHistory> {
    let conn = store.conn();
    for campaign in campaigns::list_campaigns(conn)? {
        if let Some(org) =
            organizations::list_organizations(conn, &campaign.id)?.into_iter().find(|o| o.id == organization_id)
        {
            return post_history(store, &org.name, &org.unit, today);
        }
    }
    Err(Error::NotFound { what: "党组织", id: organization_id.to_string(), fix: NOT_FOUND_FIX })
}

/// Every campaign of an organizer, year by year: grades, 好, problems and their
/// rectification by source, the posts below 较好 twice or more, and overdue measures by age.
pub fn campaigns_history(store: &Store, organizer: &str, today: NaiveDate) -> Result<CampaignsHistory> {
    // Kept until the database changes (or the day does): every year is read for it.
    let kept = store.remembered(&format!("campaigns_history:{today}:{organizer}"), || {
        work_out_campaigns_history(store, organizer, today)
    })?;
    Ok((*kept).clone())
}

fn work_out_campaigns_history(store: &Store, organizer: &str, today: NaiveDate) -> Result<CampaignsHistory> {
    let conn = store.conn();
    let mut campaigns: Vec<_> =
        campaigns::list_campaigns(conn)?.into_iter().filter(|c| c.organizer == organizer).collect();
    campaigns.sort_by_key(|c| c.year);
    let mut years = Vec::new();
    let mut below: BTreeMap<(String, String), Vec<YearGrade>> = BTreeMap::new();
    // The post's latest holder below 较好, and its name that year (a renamed post is shown
    // by its latest name).
    let mut last_holder: HashMap<(String, String), (String, String, String, String)> = HashMap::new();
    let mut overdue = OverdueByAge::default();
    // A problem carried into a later year goes on there: its measures here are not counted
    // again among the overdue.
    let problems_of_year: Vec<Vec<crate::domain::Problem>> =
        campaigns.iter().map(|c| lists::list_problems(conn, &c.id)).collect::<Result<_>>()?;
    let carried_on: std::collections::HashSet<&str> = problems_of_year
        .iter()
        .flatten()
        .filter_map(|p| crate::domain::origin::carried_from(p.origin.as_deref()))
        .collect();
    // Repeats are looked for among every campaign's problems (an earlier year may be another
    // organizer's), once for all years.
    let lineage = Lineage::read(conn)?;
    let everyone = Everyone::read(conn, &campaigns::list_campaigns(conn)?, &lineage)?;
    let mut repeats_in: HashMap<&str, u32> = HashMap::new();
    for (index, _) in find_repeats(&everyone.named, &read_decisions(conn)?, |_| true).iter().filter(|(_, r)| r.stands) {
        *repeats_in.entry(everyone.named[*index].campaign_id.as_str()).or_default() += 1;
    }
    for (campaign, campaign_problems) in campaigns.iter().zip(&problems_of_year) {
        let results = year_results(store, &campaign.id)?;
        let mut grades = [0u32; 4];
        if results.final_results {
            let secretaries = organizations::list_secretaries(conn, &campaign.id)?;
            let organizations = organizations::list_organizations(conn, &campaign.id)?;
            for (secretary_id, result) in &results.by_secretary {
                let Some(grade) = result.grade else { continue };
                grades[Grade::ALL.iter().position(|g| *g == grade).unwrap_or(3)] += 1;
                if matches!(grade, Grade::Fair | Grade::Poor)
                    && let Some(secretary) = secretaries.iter().find(|s| &s.id == secretary_id)
                    && let Some(org) = organizations.iter().find(|o| o.id == secretary.organization_id)
                {
                    let post = lineage.canonical(&org.name, &org.unit);
                    below.entry(post.clone()).or_default().push(YearGrade { year: campaign.year, grade });
                    last_holder.insert(
                        post,
                        (secretary.id.clone(), secretary.name.clone(), org.name.clone(), org.unit.clone()),
                    );
                }
            }
        }
        let graded: u32 = grades.iter().sum();
        let mut problems = BySource::default();
        for problem in campaign_problems {
            problems.add(problem.source);
        }
        let mut by_source: BTreeMap<usize, Rectified> = BTreeMap::new();
        let mut rectified = Rectified::default();
        for standing in rectified_of(lists::list_rectifications(conn, &campaign.id)?, campaign_problems, today) {
            let source = ProblemSource::ALL.iter().position(|s| *s == standing.source).unwrap_or(0);
            add(by_source.entry(source).or_default(), &standing.rectified);
            add(&mut rectified, &standing.rectified);
            match standing.overdue_days.filter(|_| !carried_on.contains(standing.problem_id.as_str())) {
                Some(0..=30) => overdue.up_to_30_days += 1,
                Some(31..=90) => overdue.up_to_90_days += 1,
                Some(91..=180) => overdue.up_to_180_days += 1,
                Some(_) => overdue.over_180_days += 1,
                None => {}
            }
        }
        years.push(CampaignYear {
            year: campaign.year,
            campaign_id: campaign.id.clone(),
            title: campaign.title.clone(),
            repeated: repeats_in.get(campaign.id.as_str()).copied().unwrap_or(0),
            results_final: results.final_results,
            kept_on_paper: results.on_paper,
            grades: grades.to_vec(),
            good_share_percent: (graded > 0)
                .then(|| (f64::from(grades[0]) * 1000.0 / f64::from(graded)).round() / 10.0),
            problems,
            rectified_by_source: by_source
                .into_iter()
                .map(|(index, rectified)| SourceRectified {
                    source: ProblemSource::ALL[index].label().to_string(),
                    rectified: rectified.settled(),
                })
                .collect(),
            rectified: rectified.settled(),
        });
    }
    let slipping = below
        .into_iter()
        .filter(|(_, years)| years.len() >= 2)
        .map(|(post, years)| {
            let (secretary_id, secretary_name, organization, unit) =
                last_holder.get(&post).cloned().unwrap_or_else(|| (String::new(), String::new(), post.0, post.1));
            Slipping { organization, unit, secretary_id, secretary_name, years }
        })
        .collect();
    Ok(CampaignsHistory { organizer: organizer.to_string(), years, slipping, overdue })
}

/// A problem of an earlier year that a problem of this year seems to repeat.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EarlierProblem {
    pub year: i32,
    pub problem_id: String,
    pub description: String,
    /// The organizer's word on the pair; `None` while only the words say so.
    pub decision: Option<RepeatDecision>,
}

/// A problem named again: this year's wording beside the earlier years'.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RepeatedProblem {
    pub year: i32,
    pub problem_id: String,
    pub secretary_id: String,
    /// Who named it (the secretary of the post that year).
    pub secretary_name: String,
    pub description: String,
    pub earlier: Vec<EarlierProblem>,
    /// Flagged 反复出现: some earlier problem is not dismissed.
    pub stands: bool,
}

/// A problem with its year and post, as repeats are looked for.
struct Named {
    year: i32,
    campaign_id: String,
    /// The post, numbered by the caller (the same number in every year).
    post: usize,
    problem: crate::domain::Problem,
}

/// The organizer's decisions on pairs (this problem, the earlier one).
type Decisions = HashMap<(String, String), RepeatDecision>;

fn read_decisions(conn: &rusqlite::Connection) -> Result<Decisions> {
    Ok(crate::store::history::list_repeat_decisions(conn)?
        .into_iter()
        .filter_map(|(problem, earlier, decision)| Some(((problem, earlier), RepeatDecision::parse(&decision)?)))
        .collect())
}

/// Every campaign's problems, each with its post numbered alike across years.
struct Everyone {
    named: Vec<Named>,
    names: HashMap<String, String>,
}

impl Everyone {
    fn read(
        conn: &rusqlite::Connection,
        campaigns: &[campaigns::CampaignSummary],
        lineage: &Lineage,
    ) -> Result<Everyone> {
        let mut posts: HashMap<posts::PostKey, usize> = HashMap::new();
        let mut named = Vec::new();
        let mut names = HashMap::new();
        for campaign in campaigns {
            let organizations = organizations::list_organizations(conn, &campaign.id)?;
            let org_post: HashMap<&str, usize> = organizations
                .iter()
                .map(|o| {
                    let next = posts.len();
                    (o.id.as_str(), *posts.entry(lineage.canonical(&o.name, &o.unit)).or_insert(next))
                })
                .collect();
            let mut post_of: HashMap<String, usize> = HashMap::new();
            for secretary in organizations::list_secretaries(conn, &campaign.id)? {
                if let Some(post) = org_post.get(secretary.organization_id.as_str()) {
                    post_of.insert(secretary.id.clone(), *post);
                }
                names.insert(secretary.id, secretary.name);
            }
            for problem in lists::list_problems(conn, &campaign.id)? {
                let Some(post) = post_of.get(&problem.secretary_id).copied() else { continue };
                named.push(Named { year: campaign.year, campaign_id: campaign.id.clone(), post, problem });
            }
        }
        Ok(Everyone { named, names })
    }
}

/// The problems among `named` that `wanted` asks about and that repeat a problem of the
/// same post in an earlier year, by their index in `named`, each with the earlier
/// problems it repeats (oldest first, one per wording). A pair repeats when the organizer
/// confirmed it, or when the words are alike and the organizer has not dismissed it (a
/// dismissed pair is kept, marked, so the decision can be taken back). A problem carried
/// over from last year is the same one still open, not a repeat. Each problem's words are
/// read once and compared only within its post, so the work grows with the years, not
/// their square.
fn find_repeats(
    named: &[Named],
    decisions: &Decisions,
    wanted: impl Fn(&Named) -> bool,
) -> Vec<(usize, RepeatedProblem)> {
    let mut by_post: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (index, n) in named.iter().enumerate() {
        by_post.entry(n.post).or_default().push(index);
    }
    let mut words: HashMap<&str, HashSet<[char; 2]>> = HashMap::new();
    let mut found = Vec::new();
    for indices in by_post.values() {
        // Only posts with a problem asked about are read.
        if !indices.iter().any(|i| wanted(&named[*i]) && !is_carried(&named[*i])) {
            continue;
        }
        for i in indices {
            words
                .entry(named[*i].problem.description.as_str())
                .or_insert_with(|| crate::rules::checks::reading::keywords(&named[*i].problem.description));
        }
        for &i in indices {
            let this = &named[i];
            if !wanted(this) || is_carried(this) {
                continue;
            }
            let mine = &words[this.problem.description.as_str()];
            let mut matches: Vec<EarlierProblem> = indices
                .iter()
                .map(|j| &named[*j])
                .filter(|old| old.year < this.year)
                .filter_map(|old| {
                    let decision = decisions.get(&(this.problem.id.clone(), old.problem.id.clone())).copied();
                    let alike = decision == Some(RepeatDecision::Confirmed)
                        || crate::rules::checks::reading::same_keywords(
                            mine,
                            &this.problem.category,
                            &words[old.problem.description.as_str()],
                            &old.problem.category,
                        );
                    alike.then(|| EarlierProblem {
                        year: old.year,
                        problem_id: old.problem.id.clone(),
                        description: old.problem.description.clone(),
                        decision,
                    })
                })
                .collect();
            // A problem carried from year to year stands once, in the year it was first
            // named (or where the organizer decided on it).
            matches.sort_by_key(|m| (m.year, m.decision.is_none()));
            matches.dedup_by(|later, kept| later.description == kept.description);
            if !matches.is_empty() {
                found.push((
                    i,
                    RepeatedProblem {
                        year: this.year,
                        problem_id: this.problem.id.clone(),
                        secretary_id: this.problem.secretary_id.clone(),
                        secretary_name: String::new(),
                        description: this.problem.description.clone(),
                        stands: matches.iter().any(|m| m.decision != Some(RepeatDecision::Dismissed)),
                        earlier: matches,
                    },
                ));
            }
        }
    }
    found.sort_by_key(|(i, _)| *i);
    found
}

fn is_carried(named: &Named) -> bool {
    crate::domain::origin::is_carried(named.problem.origin.as_deref())
}

/// The problems of a campaign that repeat a problem of the same post in an earlier year
/// (反复出现), those the organizer dismissed too (marked). A problem carried over from last
/// year is the same one still open, not a repeat.
pub fn repeated_problems(store: &Store, campaign_id: &str) -> Result<Vec<RepeatedProblem>> {
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let read: Vec<_> = campaigns::list_campaigns(conn)?
        .into_iter()
        .filter(|c| c.year < campaign.year || c.id == campaign_id)
        .collect();
    let everyone = Everyone::read(conn, &read, &Lineage::read(conn)?)?;
    Ok(find_repeats(&everyone.named, &read_decisions(conn)?, |n| n.campaign_id == campaign_id)
        .into_iter()
        .map(|(_, mut repeated)| {
            repeated.secretary_name = everyone.names.get(&repeated.secretary_id).cloned().unwrap_or_default();
            repeated
        })
        .collect())
}

/// The organizer's word on a problem found like one its post named in an earlier year:
/// confirmed (反复出现, even where the words differ), dismissed (no longer flagged), or
/// `None` to take the decision back. Refused on a secretary's computer and for problems
/// not of one post or not of an earlier year. Logged.
pub fn decide_repeat(
    store: &mut Store,
    problem_id: &str,
    earlier_problem_id: &str,
    decision: Option<RepeatDecision>,
    actor: &str,
) -> Result<()> {
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(&tx, "确认或排除反复出现的问题")?;
    let find = |id: &str| {
        crate::store::history::problem_with_post(&tx, id)?.ok_or_else(|| Error::NotFound {
            what: "问题",
            id: crate::limits::excerpt(id),
            fix: "请刷新页面后再试；在命令行中，问题编号见 `shuzhi history --repeated 年度编号` 的输出。",
        })
    };
    let crate::store::history::ProblemOfPost { description, organization: name, unit, year, campaign_id } =
        find(problem_id)?;
    let crate::store::history::ProblemOfPost {
        description: earlier_description,
        organization: earlier_name,
        unit: earlier_unit,
        year: earlier_year,
        ..
    } = find(earlier_problem_id)?;
    if earlier_year >= year {
        return Err(Error::Conflict {
            message: format!(
                "反复出现要与往年的问题相比：“{}”是 {earlier_year} 年的问题，不早于 {year} 年。",
                crate::limits::excerpt(&earlier_description)
            ),
        });
    }
    let lineage = Lineage::read(&tx)?;
    if lineage.canonical(&name, &unit) != lineage.canonical(&earlier_name, &earlier_unit) {
        return Err(Error::Conflict {
            message: format!(
                "两个问题不属于同一党组织：{year} 年的是“{name}（{unit}）”，{earlier_year} 年的是“{earlier_name}（{earlier_unit}）”。\
                 如果是改名或合并，请先在该书记的“历年对比”中关联往年的党组织。"
            ),
        });
    }
    let changed = crate::store::history::set_repeat_decision(
        &tx,
        problem_id,
        earlier_problem_id,
        decision.map(RepeatDecision::as_str),
        actor,
    )?;
    // Nothing to take back: the transaction ends unwritten.
    if !changed {
        return Err(Error::Conflict { message: "这两个问题还没有确认或排除过，无需撤销。".into() });
    }
    let said = match decision {
        Some(decision) => decision.label().to_string(),
        None => "撤销了反复出现的确认或排除".to_string(),
    };
    audit::record(
        &tx,
        Some(&campaign_id),
        &audit::entry(
            actor,
            "history.repeat",
            "problem",
            problem_id,
            format!(
                "{said}：{year} 年“{}”与 {earlier_year} 年“{}”",
                crate::limits::excerpt(&description),
                crate::limits::excerpt(&earlier_description)
            ),
        ),
    )?;
    tx.commit()?;
    Ok(())
}

/// The problems a secretary's post named in the years before hers (for the report check),
/// oldest first, each once; and the organizer's decisions on her problems, as (her problem's
/// words, earlier year, earlier words, confirmed).
pub fn earlier_problems_of(store: &Store, secretary_id: &str) -> Result<EarlierOfPost> {
    let conn = store.conn();
    let campaign_id = organizations::campaign_of_secretary(conn, secretary_id)?;
    let year = campaigns::get_campaign(conn, &campaign_id)?.year;
    let Some(org) =
        organizations::list_secretaries(conn, &campaign_id)?.into_iter().find(|s| s.id == secretary_id).and_then(|s| {
            organizations::list_organizations(conn, &campaign_id).ok()?.into_iter().find(|o| o.id == s.organization_id)
        })
    else {
        return Ok(EarlierOfPost::default());
    };
    let mut of_post = Vec::new();
    for (name, unit) in Lineage::read(conn)?.members(&org.name, &org.unit) {
        of_post.extend(lists::problems_of_post(conn, &name, &unit)?);
    }
    of_post.sort_by_key(|(_, problem_year, _)| *problem_year);
    let mut found = EarlierOfPost::default();
    for (_, problem_year, problem) in &of_post {
        if *problem_year < year && !found.problems.iter().any(|(_, d)| d == &problem.description) {
            found.problems.push((*problem_year, problem.description.clone()));
        }
    }
    let decisions = read_decisions(conn)?;
    let by_id: HashMap<&str, (i32, &crate::domain::Problem)> =
        of_post.iter().map(|(_, y, p)| (p.id.as_str(), (*y, p))).collect();
    for ((mine, earlier), decision) in &decisions {
        let (Some((_, this)), Some((earlier_year, old))) = (by_id.get(mine.as_str()), by_id.get(earlier.as_str()))
        else {
            continue;
        };
        if this.secretary_id == secretary_id {
            found.decided.push(crate::rules::checks::DecidedRepeat {
                problem: this.description.clone(),
                earlier_year: *earlier_year,
                earlier: old.description.clone(),
                confirmed: *decision == RepeatDecision::Confirmed,
            });
        }
    }
    found.decided.sort_by(|a, b| (a.earlier_year, &a.earlier).cmp(&(b.earlier_year, &b.earlier)));
    Ok(found)
}

/// What a post named before a year: its problems (year, words), oldest first, and the
/// organizer's decisions on the secretary's own.
#[derive(Debug, Default)]
pub struct EarlierOfPost {
    pub problems: Vec<(i32, String)>,
    pub decided: Vec<crate::rules::checks::DecidedRepeat>,
}
