//! The campaign dashboard and the secretary page: where every unit and secretary
//! stands, read from the store in one place so the window and the CLI agree.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{
    ApprovalDecision, Grade, Id, OrgKind, ProblemSource, RectificationStatus, ReportStatus, SuperiorComment,
};
use crate::error::Result;
use crate::meeting::PersonalResult;
use crate::rules::checks::char_count;
use crate::store::{Store, campaigns, lists, meeting, organizations, reports};

/// The first screen: one row per secretary, in the campaign's order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Dashboard {
    pub campaign_id: Id,
    pub year: i32,
    pub title: String,
    pub organizer: String,
    pub meeting_date: Option<String>,
    /// Distinct units (所在单位) whose secretaries report.
    pub units: u32,
    pub rows: Vec<DashboardRow>,
    /// How many reports are in each state, and how many secretaries have none yet.
    pub reports_not_started: u32,
    pub reports_draft: u32,
    pub reports_in_review: u32,
    pub reports_approved: u32,
    pub ballots: u32,
    pub open_rectifications: u32,
    pub overdue_rectifications: u32,
    /// Share of measures 已完成 or 长期坚持, in percent to one decimal; a problem without
    /// any measure counts as one item not finished.
    pub completion_percent: f64,
    /// A year kept on paper before this program, imported from Excel: no report, no ballot,
    /// its results as recorded then.
    pub kept_on_paper: bool,
}

/// One secretary on the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DashboardRow {
    pub secretary_id: Id,
    pub secretary_name: String,
    pub secretary_title: String,
    pub organization_name: String,
    pub organization_kind: OrgKind,
    pub unit: String,
    /// `None` when the secretary has not started a report.
    pub report_status: Option<ReportStatus>,
    /// A sentence for people, e.g. 已提交，待“分管领导审核”.
    pub report_status_text: String,
    /// Characters written so far (white space not counted).
    pub report_chars: u32,
    pub report_char_budget: u32,
    pub score: Option<f64>,
    pub final_grade: Option<Grade>,
    /// 等次 as text; 未测评 before any ballot, 待定 while the results are not final, or
    /// 书面述职，不参加测评.
    pub grade_text: String,
    pub open_rectifications: u32,
    pub overdue_rectifications: u32,
    /// This secretary's share of measures 已完成 or 长期坚持, to one decimal; `None`
    /// without measures.
    pub completion_percent: Option<f64>,
}

/// Everything about one secretary, for the page the dashboard opens.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SecretaryPage {
    pub campaign_id: Id,
    pub campaign_title: String,
    pub secretary_id: Id,
    pub name: String,
    pub title: String,
    /// The organizations from the top of the tree down to the secretary's own.
    pub organization_path: Vec<String>,
    pub unit: String,
    /// The report, once the secretary has started one.
    pub report_id: Option<Id>,
    pub report_status: Option<ReportStatus>,
    pub report_status_text: String,
    /// Whether the secretary may still change the report (none yet counts as editable).
    pub report_editable: bool,
    pub report_chars: u32,
    pub report_char_budget: u32,
    pub sections: Vec<SectionView>,
    pub revisions: u32,
    pub review_history: Vec<ReviewStep>,
    /// The superior's 一述一评 点评.
    pub superior_comments: Vec<SuperiorComment>,
    /// The published result: from the vote closed here, or received from the organizer.
    pub result: Option<PersonalResult>,
    pub problems: Vec<ProblemView>,
}

/// A report section beside its focus point.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SectionView {
    pub focus_point_id: Id,
    pub title: String,
    pub guidance: String,
    pub body: String,
    pub chars: u32,
    pub char_budget: u32,
}

/// One action in the level-by-level review.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewStep {
    pub level_name: String,
    pub reviewer: String,
    pub decision: ApprovalDecision,
    pub at: String,
    pub comments: Vec<String>,
}

/// A problem with its measures, as the lists show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProblemView {
    pub problem_id: Id,
    pub source: ProblemSource,
    pub description: String,
    pub cause: String,
    pub measures: Vec<MeasureView>,
}

/// A rectification measure as the lists show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MeasureView {
    pub rectification_id: Id,
    pub measure: String,
    pub owner: String,
    pub due: Option<String>,
    pub status: RectificationStatus,
    pub overdue: bool,
}

/// Builds the dashboard of a campaign as of `today` (which decides what is overdue).
pub fn campaign_dashboard(store: &Store, campaign_id: &str, today: NaiveDate) -> Result<Dashboard> {
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let orgs = organizations::list_organizations(conn, campaign_id)?;
    let secretaries = organizations::list_secretaries(conn, campaign_id)?;
    let all_reports = reports::list_reports(conn, campaign_id)?;
    let ballots = meeting::list_ballots(conn, campaign_id)?;
    let problems = lists::list_problems(conn, campaign_id)?;
    let rectifications = lists::list_rectifications(conn, campaign_id)?;
    // The problems with at least one measure: one without any is an open item too.
    let measured: std::collections::BTreeSet<&str> = rectifications.iter().map(|r| r.problem_id.as_str()).collect();
    // Grades appear only once the vote is closed: never partial results.
    let results = crate::meeting::sealed_outcome(store, campaign_id)?;
    // Without a vote closed here, the results received in return packages, on a secretary's
    // computer only: on the organizer's the ballots here are the only source of a grade.
    let received = if results.is_none() && crate::package::received_results_apply(conn, campaign_id)? {
        meeting::list_received_results(conn, campaign_id)?
    } else {
        Vec::new()
    };
    // A year kept on paper: the results its 评议结果汇总表 recorded.
    let recorded = crate::history::paper::paper_results(store, campaign_id)?;
    let written = crate::store::campaigns::list_written(conn, campaign_id)?;
    let tally_of = |secretary_id: &str| {
        let (people, outcome) = results.as_ref()?;
        let index = people.iter().position(|p| p.secretary_id == secretary_id)?;
        outcome.secretaries.get(index)
    };

    // Each secretary's measures and unanswered problems, gathered once (not searched for
    // every secretary: that grew with secretaries × measures × problems).
    let owner: std::collections::HashMap<&str, &str> =
        problems.iter().map(|p| (p.id.as_str(), p.secretary_id.as_str())).collect();
    let mut measures_of: std::collections::HashMap<&str, Vec<&crate::domain::Rectification>> =
        std::collections::HashMap::new();
    for measure in &rectifications {
        if let Some(secretary_id) = owner.get(measure.problem_id.as_str()) {
            measures_of.entry(secretary_id).or_default().push(measure);
        }
    }
    let mut bare_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for problem in problems.iter().filter(|p| !measured.contains(p.id.as_str())) {
        *bare_of.entry(problem.secretary_id.as_str()).or_default() += 1;
    }

    let mut dashboard = Dashboard {
        campaign_id: campaign.id.clone(),
        year: campaign.year,
        title: campaign.title.clone(),
        organizer: campaign.organizer.clone(),
        meeting_date: campaign.meeting_date.clone(),
        units: 0,
        rows: Vec::new(),
        reports_not_started: 0,
        reports_draft: 0,
        reports_in_review: 0,
        reports_approved: 0,
        ballots: ballots.len() as u32,
        kept_on_paper: recorded.is_some(),
        open_rectifications: 0,
        overdue_rectifications: 0,
        completion_percent: 0.0,
    };
    for secretary in &secretaries {
        let Some(org) = orgs.iter().find(|o| o.id == secretary.organization_id) else {
            continue;
        };
        let report = all_reports.iter().find(|r| r.secretary_id == secretary.id);
        match report.map(|r| r.status) {
            None => dashboard.reports_not_started += 1,
            Some(ReportStatus::Draft | ReportStatus::Returned) => dashboard.reports_draft += 1,
            Some(ReportStatus::Submitted) => dashboard.reports_in_review += 1,
            Some(ReportStatus::Approved) => dashboard.reports_approved += 1,
        }
        let mine = measures_of.get(secretary.id.as_str()).map(Vec::as_slice).unwrap_or_default();
        // A problem with no measure yet is an open item too: nothing has been done about it.
        let bare = bare_of.get(secretary.id.as_str()).copied().unwrap_or(0);
        let open = (mine.iter().filter(|r| r.status.is_open()).count() + bare) as u32;
        let overdue = mine.iter().filter(|r| r.status.is_overdue(r.due.as_deref(), today)).count() as u32;
        dashboard.open_rectifications += open;
        dashboard.overdue_rectifications += overdue;
        let tally = tally_of(&secretary.id);
        let received = received.iter().find(|r| r.secretary_id == secretary.id).map(|r| &r.result);
        let on_paper = recorded.as_ref().and_then(|r| r.get(&secretary.id));
        let final_grade =
            tally.and_then(|t| t.grade).or(received.as_ref().and_then(|r| r.grade)).or(on_paper.and_then(|r| r.grade));
        dashboard.rows.push(DashboardRow {
            secretary_id: secretary.id.clone(),
            secretary_name: secretary.name.clone(),
            secretary_title: secretary.title.clone(),
            organization_name: org.name.clone(),
            organization_kind: org.kind,
            unit: org.unit.clone(),
            report_status: report.map(|r| r.status),
            report_status_text: if recorded.is_some() {
                "纸质记录".to_string()
            } else {
                status_text(report.map(|r| (r.status, r.review_level)), &campaign.review_levels)
            },
            report_chars: report.map_or(0, |r| r.sections.iter().map(|s| char_count(&s.body)).sum()),
            report_char_budget: campaign.report_char_budget,
            score: tally
                .and_then(|t| t.score)
                .or(received.as_ref().and_then(|r| r.score))
                .or(on_paper.and_then(|r| r.score)),
            final_grade,
            grade_text: match final_grade {
                Some(g) => g.label().to_string(),
                // Those the year does not rate (书面述职) and those a stopped vote or an
                // undecided tie leaves without a grade are not 未测评.
                None if !campaign.written_rated && written.contains(&secretary.id) => "书面述职，不参加测评".into(),
                None if results.as_ref().is_some_and(|(_, outcome)| outcome.not_final().is_some()) => "待定".into(),
                None if on_paper.is_some() => "未参加测评（纸质记录）".into(),
                None => "未测评".into(),
            },
            open_rectifications: open,
            overdue_rectifications: overdue,
            completion_percent: crate::lists::completion_percent(
                mine.iter()
                    .filter(|r| matches!(r.status, RectificationStatus::Done | RectificationStatus::Ongoing))
                    .count() as u32,
                (mine.len() + bare) as u32,
            ),
        });
    }
    dashboard.units =
        dashboard.rows.iter().map(|r| r.unit.as_str()).collect::<std::collections::BTreeSet<_>>().len() as u32;
    let finished = rectifications
        .iter()
        .filter(|r| matches!(r.status, RectificationStatus::Done | RectificationStatus::Ongoing))
        .count();
    let bare = problems.iter().filter(|p| !measured.contains(p.id.as_str())).count();
    let items = rectifications.len() + bare;
    dashboard.completion_percent = crate::lists::completion_percent(finished as u32, items as u32).unwrap_or(0.0);
    Ok(dashboard)
}

/// Builds the page of one secretary.
pub fn secretary_page(store: &Store, secretary_id: &str, today: NaiveDate) -> Result<SecretaryPage> {
    let conn = store.conn();
    let campaign_id = organizations::campaign_of_secretary(conn, secretary_id)?;
    let campaign = campaigns::get_campaign(conn, &campaign_id)?;
    let orgs = organizations::list_organizations(conn, &campaign_id)?;
    let secretary = organizations::list_secretaries(conn, &campaign_id)?
        .into_iter()
        .find(|s| s.id == secretary_id)
        .expect("the secretary was found above");
    let org = orgs.iter().find(|o| o.id == secretary.organization_id).expect("foreign keys hold");
    let mut organization_path = Vec::new();
    let mut current = Some(org);
    while let Some(o) = current {
        organization_path.insert(0, o.name.clone());
        current = o.parent_id.as_ref().and_then(|p| orgs.iter().find(|x| &x.id == p));
    }
    let report = reports::report_by_secretary(conn, secretary_id)?;
    let sections = campaign
        .focus_points
        .iter()
        .map(|point| {
            let body = report
                .as_ref()
                .and_then(|r| r.sections.iter().find(|s| s.focus_point_id == point.id))
                .map(|s| s.body.clone())
                .unwrap_or_default();
            SectionView {
                focus_point_id: point.id.clone(),
                title: point.title.clone(),
                guidance: point.guidance.clone(),
                chars: char_count(&body),
                char_budget: point.char_budget,
                body,
            }
        })
        .collect::<Vec<_>>();
    let report_id = report.as_ref().map(|r| r.id.clone()).unwrap_or_default();
    let revisions =
        reports::list_revisions(conn, &campaign_id)?.iter().filter(|r| r.report_id == report_id).count() as u32;
    let review_history = reports::list_approvals(conn, &campaign_id)?
        .into_iter()
        .filter(|a| a.report_id == report_id)
        .map(|a| ReviewStep {
            level_name: campaign.review_levels.get(a.level as usize).cloned().unwrap_or_default(),
            reviewer: a.reviewer,
            decision: a.decision,
            at: a.created_at,
            comments: a
                .comments
                .into_iter()
                .map(|c| {
                    let section = c
                        .focus_point_id
                        .and_then(|id| campaign.focus_points.iter().find(|p| p.id == id))
                        .map(|p| format!("【{}】", p.title))
                        .unwrap_or_default();
                    format!("{section}{}", c.text)
                })
                .collect(),
        })
        .collect();
    let rectifications = lists::list_rectifications(conn, &campaign_id)?;
    let problems = lists::list_problems(conn, &campaign_id)?
        .into_iter()
        .filter(|p| p.secretary_id == secretary_id)
        .map(|p| ProblemView {
            measures: rectifications
                .iter()
                .filter(|r| r.problem_id == p.id)
                .map(|r| MeasureView {
                    rectification_id: r.id.clone(),
                    measure: r.measure.clone(),
                    owner: r.owner.clone(),
                    due: r.due.clone(),
                    status: r.status,
                    overdue: r.status.is_overdue(r.due.as_deref(), today),
                })
                .collect(),
            problem_id: p.id,
            source: p.source,
            description: p.description,
            cause: p.cause,
        })
        .collect();
    Ok(SecretaryPage {
        campaign_id: campaign.id.clone(),
        campaign_title: campaign.title.clone(),
        secretary_id: secretary.id,
        name: secretary.name,
        title: secretary.title,
        organization_path,
        unit: org.unit.clone(),
        report_id: report.as_ref().map(|r| r.id.clone()),
        report_status: report.as_ref().map(|r| r.status),
        // The organizer's computer reviews her report; it never writes it (see report::ensure_editable).
        report_editable: report.as_ref().is_none_or(|r| r.status.is_editable())
            && crate::store::workstation::get(conn)?.role != Some(crate::domain::Role::Organizer),
        report_status_text: status_text(report.as_ref().map(|r| (r.status, r.review_level)), &campaign.review_levels),
        report_chars: sections.iter().map(|s| s.chars).sum(),
        report_char_budget: campaign.report_char_budget,
        sections,
        revisions,
        review_history,
        superior_comments: meeting::list_superior_comments(conn, &campaign_id)?
            .into_iter()
            .filter(|c| c.secretary_id == secretary_id)
            .collect(),
        result: crate::meeting::personal_result(store, secretary_id)?,
        problems,
    })
}

pub fn status_text(state: Option<(ReportStatus, u32)>, levels: &[String]) -> String {
    let level = |index: u32| levels.get(index as usize).map_or("审核", |s| s.as_str()).to_string();
    match state {
        None => "未开始".to_string(),
        Some((ReportStatus::Draft, _)) => "起草中".to_string(),
        Some((ReportStatus::Submitted, l)) => format!("已提交，待{}", level(l)),
        Some((ReportStatus::Returned, l)) => format!("{}退回修改", level(l)),
        Some((ReportStatus::Approved, _)) => "审核通过".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_without_white_space() {
        assert_eq!(char_count("一、 成绩\n 2023年"), 9);
    }

    #[test]
    fn only_open_items_past_their_deadline_are_overdue() {
        let today = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
        assert!(RectificationStatus::InProgress.is_overdue(Some("2024-05-31"), today));
        assert!(!RectificationStatus::InProgress.is_overdue(Some("2024-06-01"), today));
        assert!(!RectificationStatus::Done.is_overdue(Some("2024-01-01"), today));
        assert!(!RectificationStatus::Ongoing.is_overdue(Some("2024-01-01"), today));
        assert!(!RectificationStatus::NotStarted.is_overdue(None, today));
    }

    #[test]
    fn status_text_names_the_level_the_report_waits_at() {
        let levels = vec!["党办初审".to_string(), "分管领导审核".to_string()];
        assert_eq!(status_text(Some((ReportStatus::Submitted, 1)), &levels), "已提交，待分管领导审核");
        assert_eq!(status_text(Some((ReportStatus::Returned, 0)), &levels), "党办初审退回修改");
        assert_eq!(status_text(None, &levels), "未开始");
    }
}
