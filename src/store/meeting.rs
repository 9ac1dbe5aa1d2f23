//! The meeting's records: the superior's 点评, the rater panel and the ballots.

use rusqlite::{Connection, Transaction, params};

use super::{enum_text, json_text, parse_column};
use crate::domain::{Ballot, BallotEntry, Rater, RaterCategory, SuperiorComment};
use crate::error::Result;

pub fn insert_superior_comment(tx: &Transaction<'_>, position: usize, comment: &SuperiorComment) -> Result<()> {
    tx.execute(
        "INSERT INTO superior_comments (id, secretary_id, position, commenter, shortcomings, direction,
                                        responsibility, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            comment.id,
            comment.secretary_id,
            position,
            comment.commenter,
            json_text(&comment.shortcomings),
            comment.direction,
            comment.responsibility,
            comment.created_at
        ],
    )?;
    Ok(())
}

pub fn list_superior_comments(conn: &Connection, campaign_id: &str) -> Result<Vec<SuperiorComment>> {
    let mut statement = conn.prepare(
        "SELECT c.id, c.secretary_id, c.commenter, c.shortcomings, c.direction, c.responsibility, c.created_at
         FROM superior_comments c JOIN secretaries s ON s.id = c.secretary_id
         JOIN organizations o ON o.id = s.organization_id
         WHERE o.campaign_id = ?1 ORDER BY c.position, c.id",
    )?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(SuperiorComment {
            id: row.get(0)?,
            secretary_id: row.get(1)?,
            commenter: row.get(2)?,
            shortcomings: parse_column(row, 3, true)?,
            direction: row.get(4)?,
            responsibility: row.get(5)?,
            created_at: row.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_rater_category(
    tx: &Transaction<'_>,
    campaign_id: &str,
    position: usize,
    category: &RaterCategory,
) -> Result<()> {
    tx.execute(
        "INSERT INTO rater_categories (id, campaign_id, position, name, weight_percent, planned_size)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![category.id, campaign_id, position, category.name, category.weight_percent, category.planned_size],
    )?;
    Ok(())
}

pub fn list_rater_categories(conn: &Connection, campaign_id: &str) -> Result<Vec<RaterCategory>> {
    let mut statement = conn.prepare(
        "SELECT id, name, weight_percent, planned_size FROM rater_categories
         WHERE campaign_id = ?1 ORDER BY position, id",
    )?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(RaterCategory { id: row.get(0)?, name: row.get(1)?, weight_percent: row.get(2)?, planned_size: row.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_rater(tx: &Transaction<'_>, position: usize, rater: &Rater) -> Result<()> {
    tx.execute(
        "INSERT INTO raters (id, category_id, position, name, affiliation) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![rater.id, rater.category_id, position, rater.name, rater.affiliation],
    )?;
    Ok(())
}

pub fn list_raters(conn: &Connection, campaign_id: &str) -> Result<Vec<Rater>> {
    let mut statement = conn.prepare(
        "SELECT r.id, r.category_id, r.name, r.affiliation
         FROM raters r JOIN rater_categories c ON c.id = r.category_id
         WHERE c.campaign_id = ?1 ORDER BY r.position, r.id",
    )?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(Rater { id: row.get(0)?, category_id: row.get(1)?, name: row.get(2)?, affiliation: row.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_ballot(tx: &Transaction<'_>, campaign_id: &str, position: usize, ballot: &Ballot) -> Result<()> {
    tx.execute(
        "INSERT INTO ballots (id, campaign_id, position, serial, category_id, suggestions)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![ballot.id, campaign_id, position, ballot.serial, ballot.category_id, ballot.suggestions],
    )?;
    for (index, entry) in ballot.entries.iter().enumerate() {
        tx.execute(
            "INSERT INTO ballot_entries (ballot_id, secretary_id, position, grade, multiple_marks)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![ballot.id, entry.secretary_id, index, entry.grade.map(|g| enum_text(&g)), entry.multiple_marks],
        )?;
    }
    Ok(())
}

pub fn list_ballots(conn: &Connection, campaign_id: &str) -> Result<Vec<Ballot>> {
    let mut statement = conn.prepare(
        "SELECT id, serial, category_id, suggestions FROM ballots WHERE campaign_id = ?1 ORDER BY position, id",
    )?;
    let mut ballots = statement
        .query_map([campaign_id], |row| {
            Ok(Ballot {
                id: row.get(0)?,
                serial: row.get(1)?,
                category_id: row.get(2)?,
                entries: Vec::new(),
                suggestions: row.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut entries = conn.prepare(
        "SELECT secretary_id, grade, multiple_marks FROM ballot_entries WHERE ballot_id = ?1 ORDER BY position",
    )?;
    for ballot in &mut ballots {
        ballot.entries = entries
            .query_map([&ballot.id], |row| {
                let grade: Option<String> = row.get(1)?;
                let grade = match grade {
                    Some(_) => Some(parse_column(row, 1, false)?),
                    None => None,
                };
                Ok(BallotEntry { secretary_id: row.get(0)?, grade, multiple_marks: row.get(2)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(ballots)
}
