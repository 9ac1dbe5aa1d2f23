//! The organization tree (党委 / 党总支 / 党支部) and the secretaries who report.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{enum_text, parse_column};
use crate::domain::{Organization, Secretary};
use crate::error::{Error, Result};

pub fn insert_organization(tx: &Transaction<'_>, campaign_id: &str, position: usize, org: &Organization) -> Result<()> {
    tx.execute(
        "INSERT INTO organizations (id, campaign_id, parent_id, position, name, kind, unit)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![org.id, campaign_id, org.parent_id, position, org.name, enum_text(&org.kind), org.unit],
    )?;
    Ok(())
}

/// The campaign's organizations in their stored order (parents may follow children).
pub fn list_organizations(conn: &Connection, campaign_id: &str) -> Result<Vec<Organization>> {
    let mut statement = conn.prepare(
        "SELECT id, parent_id, name, kind, unit FROM organizations WHERE campaign_id = ?1 ORDER BY position, id",
    )?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(Organization {
            id: row.get(0)?,
            parent_id: row.get(1)?,
            name: row.get(2)?,
            kind: parse_column(row, 3, false)?,
            unit: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_secretary(tx: &Transaction<'_>, position: usize, secretary: &Secretary) -> Result<()> {
    tx.execute(
        "INSERT INTO secretaries (id, organization_id, position, name, title) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![secretary.id, secretary.organization_id, position, secretary.name, secretary.title],
    )?;
    Ok(())
}

/// The campaign's secretaries in their stored order.
pub fn list_secretaries(conn: &Connection, campaign_id: &str) -> Result<Vec<Secretary>> {
    let mut statement = conn.prepare(
        "SELECT s.id, s.organization_id, s.name, s.title
         FROM secretaries s JOIN organizations o ON o.id = s.organization_id
         WHERE o.campaign_id = ?1 ORDER BY s.position, s.id",
    )?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(Secretary { id: row.get(0)?, organization_id: row.get(1)?, name: row.get(2)?, title: row.get(3)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A kind of record whose campaign can be looked up from its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owned {
    Organization,
    Secretary,
    Report,
    Rectification,
}

/// The campaign a record belongs to, or a message that there is no such record.
pub fn campaign_of(conn: &Connection, kind: Owned, id: &str) -> Result<String> {
    let (sql, what, fix) = match kind {
        Owned::Organization => {
            ("SELECT o.campaign_id FROM organizations o WHERE o.id = ?1", "党组织", "它可能已被删除，请刷新后重试。")
        }
        Owned::Secretary => (
            "SELECT o.campaign_id FROM secretaries s JOIN organizations o ON o.id = s.organization_id WHERE s.id = ?1",
            "书记",
            "请回到总览页重新选择。",
        ),
        Owned::Report => (
            "SELECT o.campaign_id FROM reports r JOIN secretaries s ON s.id = r.secretary_id
             JOIN organizations o ON o.id = s.organization_id WHERE r.id = ?1",
            "述职报告",
            "请回到总览页重新打开该书记的报告。",
        ),
        Owned::Rectification => (
            "SELECT o.campaign_id FROM rectifications r JOIN problems p ON p.id = r.problem_id
             JOIN secretaries s ON s.id = p.secretary_id JOIN organizations o ON o.id = s.organization_id
             WHERE r.id = ?1",
            "整改事项",
            "它可能已被删除，请刷新整改清单后再试。",
        ),
    };
    conn.query_row(sql, [id], |row| row.get(0)).optional()?.ok_or_else(|| Error::NotFound {
        what,
        id: id.to_string(),
        fix,
    })
}

/// The campaign a secretary belongs to, or a message that there is no such secretary.
pub fn campaign_of_secretary(conn: &Connection, secretary_id: &str) -> Result<String> {
    campaign_of(conn, Owned::Secretary, secretary_id)
}

/// The campaign a secretary belongs to and her name (empty if the roster lacks her).
pub fn campaign_and_name_of_secretary(conn: &Connection, secretary_id: &str) -> Result<(String, String)> {
    let campaign_id = campaign_of_secretary(conn, secretary_id)?;
    let name = secretary_name(conn, &campaign_id, secretary_id)?;
    Ok((campaign_id, name))
}

/// A secretary's name in her campaign's roster (empty if the roster lacks her).
pub fn secretary_name(conn: &Connection, campaign_id: &str, secretary_id: &str) -> Result<String> {
    Ok(list_secretaries(conn, campaign_id)?
        .into_iter()
        .find(|s| s.id == secretary_id)
        .map(|s| s.name)
        .unwrap_or_default())
}

/// An organization's name, kind, unit and parent.
pub fn update_organization(tx: &Transaction<'_>, org: &Organization) -> Result<()> {
    tx.execute(
        "UPDATE organizations SET name = ?2, kind = ?3, unit = ?4, parent_id = ?5 WHERE id = ?1",
        params![org.id, org.name, enum_text(&org.kind), org.unit, org.parent_id],
    )?;
    Ok(())
}

pub fn delete_organization(tx: &Transaction<'_>, org_id: &str) -> Result<()> {
    tx.execute("DELETE FROM organizations WHERE id = ?1", [org_id])?;
    Ok(())
}

/// A secretary's name and posts.
pub fn update_secretary(tx: &Transaction<'_>, secretary_id: &str, name: &str, title: &str) -> Result<()> {
    tx.execute("UPDATE secretaries SET name = ?2, title = ?3 WHERE id = ?1", params![secretary_id, name, title])?;
    Ok(())
}

pub fn delete_secretary(tx: &Transaction<'_>, secretary_id: &str) -> Result<()> {
    tx.execute("DELETE FROM secretaries WHERE id = ?1", [secretary_id])?;
    Ok(())
}

/// Whether a secretary has a report, a ballot row or a problem (and so must stay).
pub fn secretary_in_use(conn: &Connection, secretary_id: &str) -> Result<bool> {
    let used: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM reports WHERE secretary_id = ?1)
              + (SELECT count(*) FROM ballot_entries WHERE secretary_id = ?1)
              + (SELECT count(*) FROM phone_ballot_slots
                  WHERE filled = 1 AND instr(content, CAST(?1 AS BLOB)) > 0)
              + (SELECT count(*) FROM problems WHERE secretary_id = ?1)",
        [secretary_id],
        |row| row.get(0),
    )?;
    Ok(used > 0)
}
