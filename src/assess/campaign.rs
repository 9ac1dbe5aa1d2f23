//! The assessment of a campaign: its input built from the records (the vote's published
//! result, the 日常考核 scores, the decisions), the rule's versions, and the decisions.

use serde::{Deserialize, Serialize};

use super::{
    AssessedPerson, AssessmentDecision, AssessmentInput, AssessmentOutcome, AssessmentRules, DailyItem, DecisionKind,
    assess,
};
use crate::error::{Error, Result};
use crate::limits;
use crate::store::assess::{AssessmentRulesVersion, StoredDecision};
use crate::store::{self, Store, assess as assess_store, audit, campaigns, organizations};

/// One organization's 日常考核 as the window shows and edits it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrganizationScores {
    pub organization_id: String,
    pub organization: String,
    /// The secretaries of the organization (their names), for the reader.
    pub secretaries: Vec<String>,
    pub items: Vec<DailyItem>,
}

/// Everything the 年度考核 screen shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AssessmentView {
    pub campaign_id: String,
    pub year: i32,
    pub rules: AssessmentRules,
    /// 0 while the default rule has not been saved yet.
    pub rules_version: u32,
    pub versions: Vec<AssessmentRulesVersion>,
    /// The item names used so far, in the order first met (for the typing form's columns).
    pub items: Vec<String>,
    pub scores: Vec<OrganizationScores>,
    pub outcome: AssessmentOutcome,
    /// The secretaries by label, in the outcome's order: their ids, for decisions.
    pub secretary_ids: Vec<String>,
    pub decisions: Vec<StoredDecision>,
    /// Whether the vote's results are final (closed, nothing undecided).
    pub vote_final: bool,
}

/// The rule in force: the last saved version, or the default.
pub fn current_rules(store: &Store, campaign_id: &str) -> Result<(u32, AssessmentRules)> {
    let versions = assess_store::list_rules_versions(store.conn(), campaign_id)?;
    Ok(versions.last().map_or((0, AssessmentRules::default()), |v| (v.version, v.rules.clone())))
}

/// Whether the year uses 述评考一体化: its rule saved, or 日常考核 entered.
pub fn in_use(store: &Store, campaign_id: &str) -> Result<bool> {
    Ok(current_rules(store, campaign_id)?.0 > 0
        || !assess_store::list_daily_scores(store.conn(), campaign_id)?.is_empty())
}

/// The input of a campaign's assessment, with each person's secretary id.
pub fn assessment_input(store: &Store, campaign_id: &str) -> Result<(AssessmentInput, Vec<String>, bool)> {
    crate::history::paper::refuse_for_paper_year(store.conn(), campaign_id, "做述评考一体化的年度考核")?;
    let conn = store.conn();
    let (on, off) = crate::meeting::agenda(store, campaign_id)?;
    let results = crate::meeting::closed_results(store, campaign_id)?;
    let vote_final = results.as_ref().is_some_and(|r| r.not_final.is_none());
    let secretaries = organizations::list_secretaries(conn, campaign_id)?;
    let scores = assess_store::list_daily_scores(conn, campaign_id)?;
    let decisions = assess_store::list_decisions(conn, campaign_id)?;
    let mut people = Vec::new();
    let mut ids = Vec::new();
    for person in on.iter().chain(off.iter()) {
        let org_id = secretaries.iter().find(|s| s.id == person.secretary_id).map(|s| s.organization_id.clone());
        let result = results.as_ref().and_then(|r| {
            let i = r.people.iter().position(|p| p.secretary_id == person.secretary_id)?;
            Some((r, &r.outcome.secretaries[i]))
        });
        let vote_missing = match (&results, result) {
            (None, _) => Some("测评尚未结束".to_string()),
            (Some(r), _) if r.not_final.is_some() => Some("测评结果尚未最终确定".to_string()),
            (Some(_), None) if person.written => Some("书面述职，未参加测评".to_string()),
            (Some(_), None) => Some("未参加测评".to_string()),
            (Some(_), Some((_, s))) if s.grade.is_none() => Some("没有有效票，未评定等次".to_string()),
            _ => None,
        };
        let withheld = result.is_some_and(|(r, _)| r.outcome.anonymity.as_ref().is_some_and(|a| a.counts_withheld));
        people.push(AssessedPerson {
            label: person.label.clone(),
            organization: person.organization.clone(),
            vote_grade: if vote_missing.is_none() { result.and_then(|(_, s)| s.grade) } else { None },
            vote_score_centi: if vote_missing.is_none() && !withheld {
                result.and_then(|(_, s)| s.score).map(|s| (s * 100.0).round() as u128)
            } else {
                None
            },
            vote_missing,
            daily: org_id.and_then(|id| scores.iter().find(|(o, _)| *o == id).map(|(_, items)| items.clone())),
        });
        ids.push(person.secretary_id.clone());
    }
    let label_of = |id: &str| on.iter().chain(off.iter()).find(|p| p.secretary_id == id).map(|p| p.label.clone());
    let decisions = decisions
        .iter()
        .filter_map(|d| {
            Some(AssessmentDecision {
                secretary: label_of(&d.secretary_id)?,
                kind: d.kind.clone(),
                reason: d.reason.clone(),
                for_missing: d.for_missing.clone(),
            })
        })
        .collect();
    Ok((AssessmentInput { people, decisions }, ids, vote_final))
}

/// The assessment of the campaign as it stands.
pub fn assessment(store: &Store, campaign_id: &str) -> Result<(AssessmentRules, AssessmentOutcome)> {
    let (_, rules) = current_rules(store, campaign_id)?;
    let (input, _, _) = assessment_input(store, campaign_id)?;
    let outcome = assess(&rules, &input);
    Ok((rules, outcome))
}

/// Everything the 年度考核 screen shows.
pub fn assessment_view(store: &Store, campaign_id: &str) -> Result<AssessmentView> {
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let versions = assess_store::list_rules_versions(conn, campaign_id)?;
    let (rules_version, rules) = current_rules(store, campaign_id)?;
    let (input, secretary_ids, vote_final) = assessment_input(store, campaign_id)?;
    let orgs = organizations::list_organizations(conn, campaign_id)?;
    let secretaries = organizations::list_secretaries(conn, campaign_id)?;
    let stored = assess_store::list_daily_scores(conn, campaign_id)?;
    let items = super::item_names(stored.iter().map(|(_, list)| list.as_slice()));
    let scores = orgs
        .iter()
        .filter(|o| secretaries.iter().any(|s| s.organization_id == o.id))
        .map(|o| OrganizationScores {
            organization_id: o.id.clone(),
            organization: o.name.clone(),
            secretaries: secretaries.iter().filter(|s| s.organization_id == o.id).map(|s| s.name.clone()).collect(),
            items: stored.iter().find(|(id, _)| *id == o.id).map(|(_, i)| i.clone()).unwrap_or_default(),
        })
        .collect();
    Ok(AssessmentView {
        campaign_id: campaign.id,
        year: campaign.year,
        outcome: assess(&rules, &input),
        rules,
        rules_version,
        versions,
        items,
        scores,
        secretary_ids,
        decisions: assess_store::list_decisions(conn, campaign_id)?,
        vote_final,
    })
}

/// Saves the composite rule as a new version.
pub fn save_assessment_rules(
    store: &mut Store,
    campaign_id: &str,
    rules: &AssessmentRules,
    actor: &str,
) -> Result<u32> {
    crate::history::paper::refuse_for_paper_year(store.conn(), campaign_id, "设置年度考核规则")?;
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "修改考核办法")?;
    campaigns::get_campaign(store.conn(), campaign_id)?;
    rules.validate()?;
    let versions = assess_store::list_rules_versions(store.conn(), campaign_id)?;
    let version = versions.last().map_or(1, |v| v.version + 1);
    assess_store::insert_rules_version(
        &tx,
        campaign_id,
        &AssessmentRulesVersion {
            version,
            rules: rules.clone(),
            created_at: store::now_text(),
            actor: actor.to_string(),
        },
    )?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "assessment.rules",
            "campaign",
            campaign_id,
            format!("保存考核办法第 {version} 版：{}", rules.describe()),
        ),
    )?;
    tx.commit()?;
    Ok(version)
}

/// A decision as the window sends it; `kind` `None` clears the secretary's decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    pub secretary_id: String,
    pub kind: Option<DecisionKind>,
    pub reason: String,
}

/// Records (or clears) the organizer's decision for one secretary: for a missing part
/// (按已有部分计算, or a grade), or a one-vote veto. Logged; printed with the results.
pub fn decide_assessment(store: &mut Store, campaign_id: &str, input: &DecisionInput, actor: &str) -> Result<()> {
    crate::history::paper::refuse_for_paper_year(store.conn(), campaign_id, "决定年度考核等次")?;
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "决定年度考核等次")?;
    let secretaries = organizations::list_secretaries(store.conn(), campaign_id)?;
    let Some(secretary) = secretaries.iter().find(|s| s.id == input.secretary_id) else {
        return Err(Error::invalid("这位书记不属于本年度述职评议，请刷新后重试。"));
    };
    let reason = input.reason.trim();
    let before = assess_store::get_decision(store.conn(), &secretary.id)?;
    let stored = match &input.kind {
        None => None,
        Some(kind) => {
            if let DecisionKind::Grade(g) | DecisionKind::Veto(g) = kind
                && *g > 3
            {
                return Err(Error::invalid("等次只有四档。"));
            }
            if let Some(problem) = limits::reason_problem(reason, 4) {
                return Err(Error::invalid(format!(
                    "请写明决定的原因（{problem}），原因会记入操作日志并印在考核结果上。"
                )));
            }
            // A decision about a missing part only where a part is missing, and for that part.
            let mut for_missing = Vec::new();
            if matches!(kind, DecisionKind::Reweight | DecisionKind::Grade(_)) {
                let (input_now, ids, _) = assessment_input(store, campaign_id)?;
                let (_, rules) = current_rules(store, campaign_id)?;
                if let Some(i) = ids.iter().position(|id| *id == secretary.id) {
                    let alone = AssessmentInput { people: vec![input_now.people[i].clone()], decisions: Vec::new() };
                    for_missing = assess(&rules, &alone).rows.remove(0).missing;
                }
                if for_missing.is_empty() {
                    return Err(Error::Conflict {
                        message: format!(
                            "{}的述职评议和日常考核都有结果，不需要为缺失的部分作决定；确有一票否决情形的，请选“一票否决”。",
                            secretary.name
                        ),
                    });
                }
            }
            Some(StoredDecision {
                secretary_id: secretary.id.clone(),
                kind: kind.clone(),
                reason: reason.to_string(),
                decided_by: actor.to_string(),
                decided_at: store::now_text(),
                for_missing,
            })
        }
    };
    if stored.is_none() && before.is_none() {
        return Ok(());
    }
    assess_store::set_decision(&tx, campaign_id, stored.as_ref(), &secretary.id)?;
    let (_, rules) = current_rules(store, campaign_id)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "assessment.decide",
            "secretary",
            &secretary.id,
            match &stored {
                Some(d) => format!("{}的年度考核：{}；原因：{}", secretary.name, d.kind.text(rules.scale), d.reason),
                None => format!("撤销{}的年度考核决定", secretary.name),
            },
        ),
    )?;
    tx.commit()?;
    Ok(())
}
