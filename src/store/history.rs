//! The organizer's decisions in 历年对比: organizations linked to the posts of earlier
//! years, and pairs of problems confirmed or dismissed as 反复出现.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::error::Result;

/// One link: `organization_id` continues the post earlier years knew as `earlier_name` of
/// `earlier_unit`. `name`, `unit`, `campaign_id` and `year` are the organization's own, read
/// with the link (a link whose organization is gone is not read).
#[derive(Debug, Clone, PartialEq)]
pub struct PostLinkRow {
    pub id: String,
    pub organization_id: String,
    pub name: String,
    pub unit: String,
    pub campaign_id: String,
    pub year: i32,
    pub earlier_name: String,
    pub earlier_unit: String,
    pub actor: String,
    pub linked_at: String,
}

pub fn list_post_links(conn: &Connection) -> Result<Vec<PostLinkRow>> {
    let mut statement = conn.prepare_cached(
        "SELECT l.id, l.organization_id, o.name, o.unit, c.id, c.year, l.earlier_name, l.earlier_unit,
                l.actor, l.linked_at
         FROM post_links l JOIN organizations o ON o.id = l.organization_id
         JOIN campaigns c ON c.id = o.campaign_id
         ORDER BY c.year, l.linked_at, l.id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(PostLinkRow {
            id: row.get(0)?,
            organization_id: row.get(1)?,
            name: row.get(2)?,
            unit: row.get(3)?,
            campaign_id: row.get(4)?,
            year: row.get(5)?,
            earlier_name: row.get(6)?,
            earlier_unit: row.get(7)?,
            actor: row.get(8)?,
            linked_at: row.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_post_link(
    tx: &Transaction<'_>,
    id: &str,
    organization_id: &str,
    earlier_name: &str,
    earlier_unit: &str,
    actor: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO post_links (id, organization_id, earlier_name, earlier_unit, actor, linked_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, organization_id, earlier_name, earlier_unit, actor, super::now_text()],
    )?;
    Ok(())
}

/// Removes a link; false when there was none with that id.
pub fn delete_post_link(tx: &Transaction<'_>, id: &str) -> Result<bool> {
    Ok(tx.execute("DELETE FROM post_links WHERE id = ?1", [id])? > 0)
}

/// Every (name, unit) an organization was known by in each year: the posts of every
/// campaign, with the years they appear in, oldest first.
pub fn posts_by_year(conn: &Connection) -> Result<Vec<(String, String, i32)>> {
    let mut statement = conn.prepare_cached(
        "SELECT DISTINCT o.name, o.unit, c.year FROM organizations o JOIN campaigns c ON c.id = o.campaign_id
         ORDER BY c.year, o.name, o.unit",
    )?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One organization with its campaign's year: (name, unit, campaign id, year).
pub fn organization_with_year(
    conn: &Connection,
    organization_id: &str,
) -> Result<Option<(String, String, String, i32)>> {
    Ok(conn
        .query_row(
            "SELECT o.name, o.unit, c.id, c.year FROM organizations o JOIN campaigns c ON c.id = o.campaign_id
             WHERE o.id = ?1",
            [organization_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .optional()?)
}

/// Every decision on a pair of problems: (problem, earlier problem, decision).
pub fn list_repeat_decisions(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut statement = conn.prepare_cached("SELECT problem_id, earlier_problem_id, decision FROM repeat_decisions")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Sets (or, with `None`, clears) the decision on a pair; false when there was none to clear.
pub fn set_repeat_decision(
    tx: &Transaction<'_>,
    problem_id: &str,
    earlier_problem_id: &str,
    decision: Option<&str>,
    actor: &str,
) -> Result<bool> {
    let changed = match decision {
        Some(decision) => tx.execute(
            "INSERT INTO repeat_decisions (problem_id, earlier_problem_id, decision, actor, decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (problem_id, earlier_problem_id)
             DO UPDATE SET decision = excluded.decision, actor = excluded.actor, decided_at = excluded.decided_at",
            params![problem_id, earlier_problem_id, decision, actor, super::now_text()],
        )?,
        None => tx.execute(
            "DELETE FROM repeat_decisions WHERE problem_id = ?1 AND earlier_problem_id = ?2",
            [problem_id, earlier_problem_id],
        )?,
    };
    Ok(changed > 0)
}

/// A problem with the post and year it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemOfPost {
    pub description: String,
    pub organization: String,
    pub unit: String,
    pub year: i32,
    pub campaign_id: String,
}

pub fn problem_with_post(conn: &Connection, problem_id: &str) -> Result<Option<ProblemOfPost>> {
    Ok(conn
        .query_row(
            "SELECT p.description, o.name, o.unit, c.year, c.id
             FROM problems p JOIN secretaries s ON s.id = p.secretary_id
             JOIN organizations o ON o.id = s.organization_id JOIN campaigns c ON c.id = o.campaign_id
             WHERE p.id = ?1",
            [problem_id],
            |row| {
                Ok(ProblemOfPost {
                    description: row.get(0)?,
                    organization: row.get(1)?,
                    unit: row.get(2)?,
                    year: row.get(3)?,
                    campaign_id: row.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Marks a campaign as a year kept on paper.
pub fn insert_paper_year(
    tx: &Transaction<'_>,
    campaign_id: &str,
    results_file: &str,
    lists_file: &str,
    actor: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO paper_years (campaign_id, results_file, lists_file, actor, imported_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![campaign_id, results_file, lists_file, actor, super::now_text()],
    )?;
    Ok(())
}

pub fn is_paper_year(conn: &Connection, campaign_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM paper_years WHERE campaign_id = ?1")?
        .query_row([campaign_id], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn insert_paper_result(
    tx: &Transaction<'_>,
    secretary_id: &str,
    result: &crate::history::paper::PaperResult,
) -> Result<()> {
    let votes = result.votes.map(|v| v.map(i64::from));
    tx.execute(
        "INSERT INTO paper_results (secretary_id, grade, good, fairly_good, fair, poor, score, rank)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            secretary_id,
            result.grade.map(|g| super::json_text(&g).trim_matches('"').to_string()),
            votes.map(|v| v[0]),
            votes.map(|v| v[1]),
            votes.map(|v| v[2]),
            votes.map(|v| v[3]),
            result.score,
            result.rank,
        ],
    )?;
    Ok(())
}

pub fn paper_result(conn: &Connection, secretary_id: &str) -> Result<Option<crate::history::paper::PaperResult>> {
    let row = conn
        .prepare_cached(
            "SELECT grade, good, fairly_good, fair, poor, score, rank FROM paper_results WHERE secretary_id = ?1",
        )?
        .query_row([secretary_id], |row| {
            let grade: Option<String> = row.get(0)?;
            let votes: [Option<u32>; 4] = [row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?];
            Ok((grade, votes, row.get::<_, Option<f64>>(5)?, row.get::<_, Option<u32>>(6)?))
        })
        .optional()?;
    Ok(row.map(|(grade, votes, score, rank)| crate::history::paper::PaperResult {
        grade: grade.and_then(|g| serde_json::from_value(serde_json::Value::String(g)).ok()),
        votes: votes.iter().all(Option::is_some).then(|| votes.map(|v| v.unwrap_or(0))),
        score,
        rank,
    }))
}
