//! The one row that says what this computer is for (`workstation`), and the history of
//! a measure's state that lets the last change be undone (`rectification_changes`).

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{enum_text, parse_column};
use crate::domain::{RectificationStatus, Role, SignOff};
use crate::error::Result;

/// The stored settings of this computer.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkstationRow {
    pub role: Option<Role>,
    pub secretary_name: String,
    pub organizer_name: String,
    pub secretary_id: Option<String>,
}

pub fn get(conn: &Connection) -> Result<WorkstationRow> {
    Ok(conn.query_row(
        "SELECT role, secretary_name, organizer_name, secretary_id FROM workstation WHERE id = 1",
        [],
        |row| {
            let role: Option<String> = row.get(0)?;
            let role = match role {
                Some(_) => Some(parse_column(row, 0, false)?),
                None => None,
            };
            Ok(WorkstationRow {
                role,
                secretary_name: row.get(1)?,
                organizer_name: row.get(2)?,
                secretary_id: row.get(3)?,
            })
        },
    )?)
}

pub fn set_role(tx: &Transaction<'_>, role: Role) -> Result<()> {
    tx.execute("UPDATE workstation SET role = ?1 WHERE id = 1", [enum_text(&role)])?;
    Ok(())
}

/// Keeps `name` as the person's name in `role` (the sample's is the organizer's).
pub fn set_name(tx: &Transaction<'_>, role: Role, name: &str) -> Result<()> {
    let sql = match role {
        Role::Secretary => "UPDATE workstation SET secretary_name = ?1 WHERE id = 1",
        Role::Organizer | Role::Sample => "UPDATE workstation SET organizer_name = ?1 WHERE id = 1",
    };
    tx.execute(sql, [name])?;
    Ok(())
}

pub fn set_secretary(tx: &Transaction<'_>, secretary_id: Option<&str>) -> Result<()> {
    tx.execute("UPDATE workstation SET secretary_id = ?1 WHERE id = 1", [secretary_id])?;
    Ok(())
}

/// One recorded change of a measure's state, with what it replaced.
#[derive(Debug, Clone, PartialEq)]
pub struct RectificationChange {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub previous_status: RectificationStatus,
    pub previous_sign_off: Option<SignOff>,
    pub new_status: RectificationStatus,
}

pub fn record_change(
    tx: &Transaction<'_>,
    rectification_id: &str,
    actor: &str,
    previous: &(RectificationStatus, Option<SignOff>),
    new_status: RectificationStatus,
) -> Result<()> {
    let (status, sign_off) = previous;
    tx.execute(
        "INSERT INTO rectification_changes (rectification_id, at, actor, previous_status, previous_signed_off_on,
             previous_verifier, previous_evidence, new_status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            rectification_id,
            super::now_text(),
            actor,
            enum_text(status),
            sign_off.as_ref().map(|s| &s.date),
            sign_off.as_ref().map(|s| &s.verifier),
            sign_off.as_ref().map(|s| &s.evidence),
            enum_text(&new_status),
        ],
    )?;
    Ok(())
}

/// The newest change of the measure that has not been undone.
pub fn last_change(conn: &Connection, rectification_id: &str) -> Result<Option<RectificationChange>> {
    Ok(conn
        .query_row(
            "SELECT id, at, actor, previous_status, previous_signed_off_on, previous_verifier, previous_evidence,
                    new_status
             FROM rectification_changes WHERE rectification_id = ?1 AND undone_at IS NULL
             ORDER BY id DESC LIMIT 1",
            [rectification_id],
            |row| {
                Ok(RectificationChange {
                    id: row.get(0)?,
                    at: row.get(1)?,
                    actor: row.get(2)?,
                    previous_status: parse_column(row, 3, false)?,
                    previous_sign_off: super::lists::sign_off_at(row, 4)?,
                    new_status: parse_column(row, 7, false)?,
                })
            },
        )
        .optional()?)
}

pub fn mark_undone(tx: &Transaction<'_>, change_id: i64) -> Result<()> {
    tx.execute("UPDATE rectification_changes SET undone_at = ?1 WHERE id = ?2", params![super::now_text(), change_id])?;
    Ok(())
}
