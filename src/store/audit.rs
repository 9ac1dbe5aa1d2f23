//! The audit log: who changed what, when. Every write the program offers adds a line.

use rusqlite::{Connection, params};

use crate::domain::AuditEntry;
use crate::error::Result;

/// Appends a line; `campaign_id` is `None` for the database's own events (imports),
/// which stay with the database and never travel in a campaign document.
pub fn record(conn: &Connection, campaign_id: Option<&str>, entry: &AuditEntry) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (campaign_id, at, actor, action, entity, entity_id, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![campaign_id, entry.at, entry.actor, entry.action, entry.entity, entry.entity_id, entry.detail],
    )?;
    Ok(())
}

/// A line stamped now: who did what to which record.
pub fn entry(actor: &str, action: &str, entity: &str, entity_id: &str, detail: impl Into<String>) -> AuditEntry {
    AuditEntry {
        at: super::now_text(),
        actor: actor.to_string(),
        action: action.to_string(),
        entity: entity.to_string(),
        entity_id: entity_id.to_string(),
        detail: detail.into(),
    }
}

/// The campaign's lines, oldest first.
pub fn list_for_campaign(conn: &Connection, campaign_id: &str) -> Result<Vec<AuditEntry>> {
    list(conn, Some(campaign_id))
}

/// The database's own lines (imports and the like), oldest first.
pub fn list_database_events(conn: &Connection) -> Result<Vec<AuditEntry>> {
    list(conn, None)
}

fn list(conn: &Connection, campaign_id: Option<&str>) -> Result<Vec<AuditEntry>> {
    let mut statement = conn.prepare(
        "SELECT at, actor, action, entity, entity_id, detail FROM audit_log
         WHERE campaign_id IS ?1 ORDER BY seq",
    )?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(AuditEntry {
            at: row.get(0)?,
            actor: row.get(1)?,
            action: row.get(2)?,
            entity: row.get(3)?,
            entity_id: row.get(4)?,
            detail: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
