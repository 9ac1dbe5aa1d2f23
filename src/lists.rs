//! The 问题清单、责任清单 and 整改清单, drawn from one set of records, per secretary
//! or for the whole campaign; the review of the measures (看措施是否回应了问题、是否
//! 具体可行); and the tracking of each item to 销号.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::checks::{Finding, Severity};
use crate::domain::{AuditEntry, Id, InspectionKind, ProblemSource, RectificationStatus, new_id};
use crate::error::{Error, Result};
use crate::store::{self, Store, audit, campaigns, lists, meeting, organizations};

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    Problems,
    Responsibilities,
    Rectifications,
}

impl ListKind {
    pub const ALL: [ListKind; 3] = [ListKind::Problems, ListKind::Responsibilities, ListKind::Rectifications];

    pub fn label(self) -> &'static str {
        match self {
            ListKind::Problems => "问题清单",
            ListKind::Responsibilities => "责任清单",
            ListKind::Rectifications => "整改清单",
        }
    }
}

/// The three lists of a campaign (or of one secretary), in agenda order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Lists {
    pub campaign_id: Id,
    pub campaign_title: String,
    pub year: i32,
    pub organizer: String,
    /// Set when the lists are one secretary's.
    pub secretary_id: Option<Id>,
    pub problems: Vec<ProblemRow>,
    pub responsibilities: Vec<ResponsibilityRow>,
    pub rectifications: Vec<RectificationRow>,
    /// Share of measures 已完成 or 长期坚持, in percent (0 when there are none).
    pub completion_percent: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProblemRow {
    pub problem_id: Id,
    pub secretary_id: Id,
    pub secretary_name: String,
    pub unit: String,
    pub description: String,
    pub cause: String,
    pub source: ProblemSource,
    pub category: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ResponsibilityRow {
    pub problem_id: Id,
    pub problem: String,
    pub owner: String,
    pub leader: String,
    pub department: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RectificationRow {
    pub rectification_id: Id,
    pub problem_id: Id,
    pub unit: String,
    pub problem: String,
    pub measure: String,
    pub target: String,
    pub owner: String,
    pub due: Option<String>,
    pub status: RectificationStatus,
    pub overdue: bool,
    pub signed_off_on: Option<String>,
    pub verifier: Option<String>,
    pub inspections: u32,
}

/// Builds the lists as of `today` (which decides what is overdue).
pub fn build_lists(
    store: &Store,
    campaign_id: &str,
    secretary_id: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<Lists> {
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let secretaries = organizations::list_secretaries(conn, campaign_id)?;
    if let Some(id) = secretary_id
        && !secretaries.iter().any(|s| s.id == id)
    {
        return Err(Error::NotFound {
            what: "书记",
            id: id.to_string(),
            fix: "请用 `shuzhi dashboard` 查看本年度的书记编号。",
        });
    }
    let organizations = organizations::list_organizations(conn, campaign_id)?;
    let mut problems = lists::list_problems(conn, campaign_id)?;
    // Agenda order: by secretary, then the order the problems were listed in.
    problems.sort_by_key(|p| secretaries.iter().position(|s| s.id == p.secretary_id).unwrap_or(usize::MAX));
    problems.retain(|p| secretary_id.is_none_or(|id| p.secretary_id == id));
    let responsibilities = lists::list_responsibilities(conn, campaign_id)?;
    let rectifications = lists::list_rectifications(conn, campaign_id)?;
    let inspections = lists::list_inspections(conn, campaign_id)?;
    let unit_of = |secretary: &str| {
        secretaries
            .iter()
            .find(|s| s.id == secretary)
            .and_then(|s| organizations.iter().find(|o| o.id == s.organization_id))
            .map(|o| o.unit.clone())
            .unwrap_or_default()
    };
    let mut result = Lists {
        campaign_id: campaign.id.clone(),
        campaign_title: campaign.title.clone(),
        year: campaign.year,
        organizer: campaign.organizer.clone(),
        secretary_id: secretary_id.map(str::to_string),
        problems: Vec::new(),
        responsibilities: Vec::new(),
        rectifications: Vec::new(),
        completion_percent: 0,
    };
    for problem in &problems {
        let unit = unit_of(&problem.secretary_id);
        result.problems.push(ProblemRow {
            problem_id: problem.id.clone(),
            secretary_id: problem.secretary_id.clone(),
            secretary_name: secretaries
                .iter()
                .find(|s| s.id == problem.secretary_id)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
            unit: unit.clone(),
            description: problem.description.clone(),
            cause: problem.cause.clone(),
            source: problem.source,
            category: problem.category.clone(),
        });
        for item in responsibilities.iter().filter(|r| r.problem_id == problem.id) {
            result.responsibilities.push(ResponsibilityRow {
                problem_id: problem.id.clone(),
                problem: problem.description.clone(),
                owner: item.owner.clone(),
                leader: item.leader.clone(),
                department: item.department.clone(),
            });
        }
        for item in rectifications.iter().filter(|r| r.problem_id == problem.id) {
            let open = matches!(item.status, RectificationStatus::NotStarted | RectificationStatus::InProgress);
            let due = item.due.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            result.rectifications.push(RectificationRow {
                rectification_id: item.id.clone(),
                problem_id: problem.id.clone(),
                unit: unit.clone(),
                problem: problem.description.clone(),
                measure: item.measure.clone(),
                target: item.target.clone(),
                owner: item.owner.clone(),
                due: item.due.clone(),
                status: item.status,
                overdue: open && due.is_some_and(|d| d < today),
                signed_off_on: item.sign_off.as_ref().map(|s| s.date.clone()),
                verifier: item.sign_off.as_ref().map(|s| s.verifier.clone()),
                inspections: inspections.iter().filter(|i| i.rectification_id == item.id).count() as u32,
            });
        }
    }
    let total = result.rectifications.len() as u32;
    let finished = result
        .rectifications
        .iter()
        .filter(|r| matches!(r.status, RectificationStatus::Done | RectificationStatus::Ongoing))
        .count() as u32;
    result.completion_percent = if total == 0 { 0 } else { finished * 100 / total };
    Ok(result)
}

/// The review of the measures: every problem answered by a measure, every 点评 point by a
/// problem with a measure, every measure with an owner, a deadline and a measurable target.
pub fn review_measures(store: &Store, campaign_id: &str, secretary_id: Option<&str>) -> Result<Vec<Finding>> {
    let today = chrono::Local::now().date_naive();
    let lists = build_lists(store, campaign_id, secretary_id, today)?;
    let mut findings = Vec::new();
    let short = |text: &str| {
        let head: String = text.chars().take(20).collect();
        if text.chars().count() > 20 { format!("{head}……") } else { head }
    };
    for (index, problem) in lists.problems.iter().enumerate() {
        let place = format!("问题清单第 {} 项（{}）", index + 1, problem.secretary_name);
        if !lists.rectifications.iter().any(|r| r.problem_id == problem.problem_id) {
            findings.push(Finding {
                rule: "problem-without-measure",
                severity: Severity::Error,
                section: Some(place),
                message: format!("问题“{}”还没有整改措施。每个问题都要有具体的整改措施。", short(&problem.description)),
            });
        }
    }
    for (index, row) in lists.rectifications.iter().enumerate() {
        let place = Some(format!("整改清单第 {} 项", index + 1));
        let mut missing = Vec::new();
        if row.owner.trim().is_empty() {
            missing.push("责任人");
        }
        if row.due.is_none() {
            missing.push("完成时限");
        }
        if row.target.trim().is_empty() {
            missing.push("可衡量的整改目标");
        }
        if !missing.is_empty() {
            findings.push(Finding {
                rule: "measure-incomplete",
                severity: Severity::Error,
                section: place,
                message: format!("措施“{}”没有写明{}。请补全后再报审核。", short(&row.measure), missing.join("、")),
            });
        }
    }
    // Every 点评 point must be answered by a problem that came from the 点评.
    let comments = meeting::list_superior_comments(store.conn(), campaign_id)?;
    for comment in comments.iter().filter(|c| secretary_id.is_none_or(|id| c.secretary_id == id)) {
        let answered: Vec<&ProblemRow> = lists
            .problems
            .iter()
            .filter(|p| p.secretary_id == comment.secretary_id && p.source == ProblemSource::SuperiorComment)
            .collect();
        for point in &comment.shortcomings {
            let answer = answered
                .iter()
                .find(|p| p.description.contains(point.as_str()) || point.contains(p.description.as_str()));
            let with_measure =
                answer.is_some_and(|p| lists.rectifications.iter().any(|r| r.problem_id == p.problem_id));
            if !with_measure {
                findings.push(Finding {
                    rule: "comment-unanswered",
                    severity: Severity::Error,
                    section: Some(format!("上级点评（{}）", comment.commenter)),
                    message: format!(
                        "点评指出的“{}”还没有对应的问题和整改措施。请把它列入问题清单并制定措施。",
                        short(point)
                    ),
                });
            }
        }
    }
    Ok(findings)
}

/// Changes the state of a measure. 已完成 is reached through [`sign_off`], which needs evidence.
pub fn set_status(store: &mut Store, rectification_id: &str, status: RectificationStatus, actor: &str) -> Result<()> {
    if status == RectificationStatus::Done {
        return Err(Error::Conflict {
            message: "标记“已完成”需要销号：请填写核验人和佐证后办理销号。".into()
        });
    }
    let campaign_id = campaign_of_rectification(store, rectification_id)?;
    let tx = store.conn_mut().transaction()?;
    tx.execute(
        "UPDATE rectifications SET status = ?1, signed_off_on = NULL, verifier = NULL, sign_off_evidence = NULL
         WHERE id = ?2",
        params![store::enum_text(&status), rectification_id],
    )?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &entry(actor, "rectification.status", rectification_id, format!("整改状态改为“{}”", status.label())),
    )?;
    tx.commit()?;
    Ok(())
}

/// 销号: closes a measure as 已完成 with the evidence seen and who verified it.
pub fn sign_off(
    store: &mut Store,
    rectification_id: &str,
    date: &str,
    verifier: &str,
    evidence: &str,
    actor: &str,
) -> Result<()> {
    if chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").is_err() {
        return Err(Error::Conflict {
            message: format!("销号日期“{date}”无效。请写成 2024-06-30 这样的日期。")
        });
    }
    if verifier.trim().is_empty() {
        return Err(Error::Conflict {
            message: "销号需要核验人：请填写核验整改结果的人员姓名。".into()
        });
    }
    if evidence.trim().is_empty() {
        return Err(Error::Conflict {
            message: "销号需要佐证：请写明核验时看到的材料（如制度文件、会议记录、现场照片）。".into(),
        });
    }
    let campaign_id = campaign_of_rectification(store, rectification_id)?;
    let tx = store.conn_mut().transaction()?;
    tx.execute(
        "UPDATE rectifications SET status = ?1, signed_off_on = ?2, verifier = ?3, sign_off_evidence = ?4 WHERE id = ?5",
        params![store::enum_text(&RectificationStatus::Done), date.trim(), verifier.trim(), evidence.trim(), rectification_id],
    )?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &entry(actor, "rectification.sign_off", rectification_id, format!("销号，核验人 {}", verifier.trim())),
    )?;
    tx.commit()?;
    Ok(())
}

/// Records a follow-up inspection (督查) of a measure.
pub fn add_inspection(
    store: &mut Store,
    rectification_id: &str,
    kind: InspectionKind,
    date: &str,
    inspector: &str,
    findings: &str,
) -> Result<Id> {
    if chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").is_err() {
        return Err(Error::Conflict {
            message: format!("督查日期“{date}”无效。请写成 2024-06-30 这样的日期。")
        });
    }
    if inspector.trim().is_empty() || findings.trim().is_empty() {
        return Err(Error::Conflict { message: "请填写督查人和督查发现的情况。".into() });
    }
    let campaign_id = campaign_of_rectification(store, rectification_id)?;
    let inspection = crate::domain::Inspection {
        id: new_id(),
        rectification_id: rectification_id.to_string(),
        kind,
        date: date.trim().to_string(),
        inspector: inspector.trim().to_string(),
        findings: findings.trim().to_string(),
    };
    let tx = store.conn_mut().transaction()?;
    let position: usize =
        tx.query_row("SELECT coalesce(max(position) + 1, 0) FROM inspections", [], |row| row.get(0))?;
    lists::insert_inspection(&tx, position, &inspection)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &entry(inspector, "inspection.add", &inspection.id, inspection.findings.clone()),
    )?;
    tx.commit()?;
    Ok(inspection.id)
}

fn campaign_of_rectification(store: &Store, rectification_id: &str) -> Result<String> {
    store
        .conn()
        .query_row(
            "SELECT o.campaign_id FROM rectifications r JOIN problems p ON p.id = r.problem_id
             JOIN secretaries s ON s.id = p.secretary_id JOIN organizations o ON o.id = s.organization_id
             WHERE r.id = ?1",
            [rectification_id],
            |row| row.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: "整改事项",
            id: rectification_id.to_string(),
            fix: "它可能已被删除，请刷新整改清单后再试。",
        })
}

fn entry(actor: &str, action: &str, id: &str, detail: String) -> AuditEntry {
    AuditEntry {
        at: store::now_text(),
        actor: actor.to_string(),
        action: action.to_string(),
        entity: if action.starts_with("inspection") { "inspection" } else { "rectification" }.to_string(),
        entity_id: id.to_string(),
        detail,
    }
}
