//! The 述评考一体化 records: the composite rule's versions, the 日常考核 scores of each
//! organization, and the organizer's decisions per secretary.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::json_text;
use crate::assess::{AssessmentRules, DailyItem, DecisionKind};
use crate::error::Result;

/// A saved version of the composite rule.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AssessmentRulesVersion {
    pub version: u32,
    pub rules: AssessmentRules,
    pub created_at: String,
    pub actor: String,
}

/// A decision as stored, by secretary id.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StoredDecision {
    pub secretary_id: String,
    pub kind: DecisionKind,
    pub reason: String,
    pub decided_by: String,
    pub decided_at: String,
    /// What was missing when it was decided (kept with the kind, as JSON).
    pub for_missing: Vec<String>,
}

/// The stored kind column: the kind, and what was missing when decided.
#[derive(serde::Serialize, serde::Deserialize)]
struct KindColumn {
    kind: DecisionKind,
    #[serde(default)]
    for_missing: Vec<String>,
}

pub fn list_rules_versions(conn: &Connection, campaign_id: &str) -> Result<Vec<AssessmentRulesVersion>> {
    let mut statement = conn.prepare(
        "SELECT version, rules, created_at, actor FROM assessment_rules_versions WHERE campaign_id = ?1 ORDER BY version",
    )?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(AssessmentRulesVersion {
            version: row.get(0)?,
            rules: super::parse_column(row, 1, true)?,
            created_at: row.get(2)?,
            actor: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_rules_version(tx: &Transaction<'_>, campaign_id: &str, version: &AssessmentRulesVersion) -> Result<()> {
    tx.execute(
        "INSERT INTO assessment_rules_versions (campaign_id, version, rules, created_at, actor) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![campaign_id, version.version, json_text(&version.rules), version.created_at, version.actor],
    )?;
    Ok(())
}

/// The 日常考核 items of every organization of the campaign that has any, by organization id.
pub fn list_daily_scores(conn: &Connection, campaign_id: &str) -> Result<Vec<(String, Vec<DailyItem>)>> {
    let mut statement = conn
        .prepare("SELECT organization_id, items FROM daily_scores WHERE campaign_id = ?1 ORDER BY organization_id")?;
    let rows = statement.query_map([campaign_id], |row| Ok((row.get(0)?, super::parse_column(row, 1, true)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sets (or, with no items, removes) one organization's 日常考核 items.
pub fn set_daily_scores(
    tx: &Transaction<'_>,
    campaign_id: &str,
    organization_id: &str,
    items: &[DailyItem],
) -> Result<()> {
    tx.execute("DELETE FROM daily_scores WHERE organization_id = ?1", [organization_id])?;
    if !items.is_empty() {
        tx.execute(
            "INSERT INTO daily_scores (organization_id, campaign_id, items) VALUES (?1, ?2, ?3)",
            params![organization_id, campaign_id, json_text(&items)],
        )?;
    }
    Ok(())
}

/// A decision from its row: secretary_id, kind (with what was missing), reason, decided_by, decided_at.
fn decision_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredDecision> {
    let kind: KindColumn = super::parse_column(row, 1, true)?;
    Ok(StoredDecision {
        secretary_id: row.get(0)?,
        kind: kind.kind,
        reason: row.get(2)?,
        decided_by: row.get(3)?,
        decided_at: row.get(4)?,
        for_missing: kind.for_missing,
    })
}

pub fn list_decisions(conn: &Connection, campaign_id: &str) -> Result<Vec<StoredDecision>> {
    let mut statement = conn.prepare(
        "SELECT secretary_id, kind, reason, decided_by, decided_at FROM assessment_decisions WHERE campaign_id = ?1
         ORDER BY secretary_id",
    )?;
    let rows = statement.query_map([campaign_id], decision_of)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get_decision(conn: &Connection, secretary_id: &str) -> Result<Option<StoredDecision>> {
    Ok(conn
        .query_row(
            "SELECT secretary_id, kind, reason, decided_by, decided_at FROM assessment_decisions WHERE secretary_id = ?1",
            [secretary_id],
            decision_of,
        )
        .optional()?)
}

/// Sets (or, with `None`, clears) the decision for one secretary.
pub fn set_decision(
    tx: &Transaction<'_>,
    campaign_id: &str,
    decision: Option<&StoredDecision>,
    secretary_id: &str,
) -> Result<()> {
    tx.execute("DELETE FROM assessment_decisions WHERE secretary_id = ?1", [secretary_id])?;
    if let Some(d) = decision {
        tx.execute(
            "INSERT INTO assessment_decisions (secretary_id, campaign_id, kind, reason, decided_by, decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                d.secretary_id,
                campaign_id,
                json_text(&KindColumn { kind: d.kind.clone(), for_missing: d.for_missing.clone() }),
                d.reason,
                d.decided_by,
                d.decided_at
            ],
        )?;
    }
    Ok(())
}
