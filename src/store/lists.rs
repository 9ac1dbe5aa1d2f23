//! The 问题清单 / 责任清单 / 整改清单 and the inspections that follow them up.

use rusqlite::{Connection, Transaction, params};

use super::{enum_text, parse_column};
use crate::domain::{
    Inspection, ListSignOff, Problem, ProgressNote, Rectification, RectificationStatus, Responsibility, SignOff,
};
use crate::error::Result;

pub fn insert_problem(tx: &Transaction<'_>, position: usize, problem: &Problem) -> Result<()> {
    tx.execute(
        "INSERT INTO problems (id, secretary_id, position, source, category, description, cause, created_at, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            problem.id,
            problem.secretary_id,
            position,
            enum_text(&problem.source),
            problem.category,
            problem.description,
            problem.cause,
            problem.created_at,
            problem.origin
        ],
    )?;
    Ok(())
}

pub fn list_problems(conn: &Connection, campaign_id: &str) -> Result<Vec<Problem>> {
    let mut statement = conn.prepare(
        "SELECT p.id, p.secretary_id, p.source, p.category, p.description, p.cause, p.created_at, p.origin
         FROM problems p JOIN secretaries s ON s.id = p.secretary_id
         JOIN organizations o ON o.id = s.organization_id
         WHERE o.campaign_id = ?1 ORDER BY p.position, p.id",
    )?;
    let rows = statement.query_map([campaign_id], problem_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A problem from the first eight columns of a row: id, secretary, source, category,
/// description, cause, creation time, origin.
fn problem_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Problem> {
    Ok(Problem {
        id: row.get(0)?,
        secretary_id: row.get(1)?,
        source: parse_column(row, 2, false)?,
        category: row.get(3)?,
        description: row.get(4)?,
        cause: row.get(5)?,
        created_at: row.get(6)?,
        origin: row.get(7)?,
    })
}

/// The problems of one post (an organization, known by its name and unit) in every
/// campaign, each with its campaign's id and year, oldest year first.
pub fn problems_of_post(conn: &Connection, name: &str, unit: &str) -> Result<Vec<(String, i32, Problem)>> {
    let mut statement = conn.prepare_cached(
        "SELECT p.id, p.secretary_id, p.source, p.category, p.description, p.cause, p.created_at, p.origin,
                c.id, c.year
         FROM problems p JOIN secretaries s ON s.id = p.secretary_id
         JOIN organizations o ON o.id = s.organization_id JOIN campaigns c ON c.id = o.campaign_id
         WHERE o.name = ?1 AND o.unit = ?2 ORDER BY c.year, c.id, p.position, p.id",
    )?;
    let rows = statement.query_map([name, unit], |row| Ok((row.get(8)?, row.get(9)?, problem_row(row)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_responsibility(tx: &Transaction<'_>, position: usize, item: &Responsibility) -> Result<()> {
    tx.execute(
        "INSERT INTO responsibilities (id, problem_id, position, owner, leader, department)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![item.id, item.problem_id, position, item.owner, item.leader, item.department],
    )?;
    Ok(())
}

pub fn list_responsibilities(conn: &Connection, campaign_id: &str) -> Result<Vec<Responsibility>> {
    let mut statement = conn.prepare(
        "SELECT r.id, r.problem_id, r.owner, r.leader, r.department
         FROM responsibilities r JOIN problems p ON p.id = r.problem_id
         JOIN secretaries s ON s.id = p.secretary_id JOIN organizations o ON o.id = s.organization_id
         WHERE o.campaign_id = ?1 ORDER BY r.position, r.id",
    )?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(Responsibility {
            id: row.get(0)?,
            problem_id: row.get(1)?,
            owner: row.get(2)?,
            leader: row.get(3)?,
            department: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_rectification(tx: &Transaction<'_>, position: usize, item: &Rectification) -> Result<()> {
    let sign_off = item.sign_off.as_ref();
    tx.execute(
        "INSERT INTO rectifications (id, problem_id, position, measure, target, owner, due, status, signed_off_on,
                                     verifier, sign_off_evidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            item.id,
            item.problem_id,
            position,
            item.measure,
            item.target,
            item.owner,
            item.due,
            enum_text(&item.status),
            sign_off.map(|s| &s.date),
            sign_off.map(|s| &s.verifier),
            sign_off.map(|s| &s.evidence),
        ],
    )?;
    Ok(())
}

pub fn list_rectifications(conn: &Connection, campaign_id: &str) -> Result<Vec<Rectification>> {
    rectifications_where(
        conn,
        "JOIN secretaries s ON s.id = p.secretary_id JOIN organizations o ON o.id = s.organization_id
         WHERE o.campaign_id = ?1",
        campaign_id,
    )
}

/// The measures `filter` (joins after the problem's and a condition on `?1`) selects.
fn rectifications_where(conn: &Connection, filter: &str, key: &str) -> Result<Vec<Rectification>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT r.id, r.problem_id, r.measure, r.target, r.owner, r.due, r.status, r.signed_off_on, r.verifier,
                r.sign_off_evidence
         FROM rectifications r JOIN problems p ON p.id = r.problem_id {filter} ORDER BY r.position, r.id"
    ))?;
    let rows = statement.query_map([key], |row| {
        Ok(Rectification {
            id: row.get(0)?,
            problem_id: row.get(1)?,
            measure: row.get(2)?,
            target: row.get(3)?,
            owner: row.get(4)?,
            due: row.get(5)?,
            status: parse_column(row, 6, false)?,
            sign_off: sign_off_at(row, 7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The measures of one secretary's problems.
pub fn rectifications_of_secretary(conn: &Connection, secretary_id: &str) -> Result<Vec<Rectification>> {
    rectifications_where(conn, "WHERE p.secretary_id = ?1", secretary_id)
}

/// A measure's state as it stands: its status and, once signed off, the 销号.
pub fn rectification_state(
    conn: &Connection,
    rectification_id: &str,
) -> Result<(RectificationStatus, Option<SignOff>)> {
    Ok(conn.query_row(
        "SELECT status, signed_off_on, verifier, sign_off_evidence FROM rectifications WHERE id = ?1",
        [rectification_id],
        |row| Ok((parse_column(row, 0, false)?, sign_off_at(row, 1)?)),
    )?)
}

/// A 销号 kept in three columns from `first` on (its date, verifier and evidence); none
/// while the date is empty.
pub(super) fn sign_off_at(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Option<SignOff>> {
    let date: Option<String> = row.get(first)?;
    date.map(|date| Ok(SignOff { date, verifier: row.get(first + 1)?, evidence: row.get(first + 2)? })).transpose()
}

pub fn insert_inspection(tx: &Transaction<'_>, position: usize, inspection: &Inspection) -> Result<()> {
    tx.execute(
        "INSERT INTO inspections (id, rectification_id, position, kind, date, inspector, findings)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            inspection.id,
            inspection.rectification_id,
            position,
            enum_text(&inspection.kind),
            inspection.date,
            inspection.inspector,
            inspection.findings
        ],
    )?;
    Ok(())
}

pub fn list_inspections(conn: &Connection, campaign_id: &str) -> Result<Vec<Inspection>> {
    let mut statement = conn.prepare(
        "SELECT i.id, i.rectification_id, i.kind, i.date, i.inspector, i.findings
         FROM inspections i JOIN rectifications r ON r.id = i.rectification_id
         JOIN problems p ON p.id = r.problem_id JOIN secretaries s ON s.id = p.secretary_id
         JOIN organizations o ON o.id = s.organization_id
         WHERE o.campaign_id = ?1 ORDER BY i.position, i.id",
    )?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(Inspection {
            id: row.get(0)?,
            rectification_id: row.get(1)?,
            kind: parse_column(row, 2, false)?,
            date: row.get(3)?,
            inspector: row.get(4)?,
            findings: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_progress_note(tx: &Transaction<'_>, position: usize, note: &ProgressNote) -> Result<()> {
    tx.execute(
        "INSERT INTO progress_notes (id, rectification_id, position, date, note, evidence, author, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            note.id,
            note.rectification_id,
            position,
            note.date,
            note.note,
            note.evidence,
            note.author,
            note.created_at
        ],
    )?;
    Ok(())
}

pub fn list_progress_notes(conn: &Connection, campaign_id: &str) -> Result<Vec<ProgressNote>> {
    let mut statement = conn.prepare(
        "SELECT n.id, n.rectification_id, n.date, n.note, n.evidence, n.author, n.created_at
         FROM progress_notes n JOIN rectifications r ON r.id = n.rectification_id
         JOIN problems p ON p.id = r.problem_id JOIN secretaries s ON s.id = p.secretary_id
         JOIN organizations o ON o.id = s.organization_id
         WHERE o.campaign_id = ?1 ORDER BY n.position, n.id",
    )?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(ProgressNote {
            id: row.get(0)?,
            rectification_id: row.get(1)?,
            date: row.get(2)?,
            note: row.get(3)?,
            evidence: row.get(4)?,
            author: row.get(5)?,
            created_at: row.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_list_signoff(tx: &Transaction<'_>, campaign_id: &str, position: usize, item: &ListSignOff) -> Result<()> {
    tx.execute(
        "INSERT INTO list_signoffs (id, campaign_id, secretary_id, position, reviewer, note, content_sha256, signed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            item.id,
            campaign_id,
            item.secretary_id,
            position,
            item.reviewer,
            item.note,
            item.content_sha256,
            item.signed_at
        ],
    )?;
    Ok(())
}

pub fn list_list_signoffs(conn: &Connection, campaign_id: &str) -> Result<Vec<ListSignOff>> {
    let mut statement = conn.prepare(
        "SELECT id, secretary_id, reviewer, note, content_sha256, signed_at FROM list_signoffs
         WHERE campaign_id = ?1 ORDER BY position, id",
    )?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(ListSignOff {
            id: row.get(0)?,
            secretary_id: row.get(1)?,
            reviewer: row.get(2)?,
            note: row.get(3)?,
            content_sha256: row.get(4)?,
            signed_at: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A measure with progress is under way: 未开始 becomes 整改中 (any other state stays).
pub fn mark_in_progress(tx: &Transaction<'_>, rectification_id: &str) -> Result<()> {
    tx.execute(
        "UPDATE rectifications SET status = ?1 WHERE id = ?2 AND status = ?3",
        params![
            enum_text(&crate::domain::RectificationStatus::InProgress),
            rectification_id,
            enum_text(&crate::domain::RectificationStatus::NotStarted)
        ],
    )?;
    Ok(())
}

/// Removes a secretary's problems with their responsibilities and measures (by cascade),
/// before the organizer's lists take their place.
pub fn delete_problems_of(tx: &Transaction<'_>, secretary_id: &str) -> Result<()> {
    tx.execute("DELETE FROM problems WHERE secretary_id = ?1", [secretary_id])?;
    Ok(())
}

/// Last year's problems of a secretary's organization still open (a measure not finished,
/// or no measure at all): the year before is found by year, the organization by its name
/// and unit, which stay the same from year to year.
pub fn last_year_open_problems(conn: &Connection, secretary_id: &str) -> Result<Vec<String>> {
    let mut statement = conn.prepare(&format!(
        "SELECT p.description {}
         JOIN secretaries ps ON ps.organization_id = po.id
         JOIN problems p ON p.secretary_id = ps.id
         WHERE s.id = ?1
           AND (EXISTS (SELECT 1 FROM rectifications r WHERE r.problem_id = p.id AND r.status IN (?2, ?3))
                OR NOT EXISTS (SELECT 1 FROM rectifications r WHERE r.problem_id = p.id))
         ORDER BY p.position",
        super::LAST_YEARS_ORGANIZATION
    ))?;
    let open = crate::domain::RectificationStatus::OPEN.map(|s| enum_text(&s));
    let rows = statement.query_map(params![secretary_id, open[0], open[1]], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A problem's category, description and cause.
pub fn update_problem_text(
    tx: &Transaction<'_>,
    problem_id: &str,
    category: &str,
    description: &str,
    cause: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE problems SET category = ?1, description = ?2, cause = ?3 WHERE id = ?4",
        params![category, description, cause, problem_id],
    )?;
    Ok(())
}

/// Deletes a problem (its responsibility, measures and their inspections go by cascade);
/// returns its description.
pub fn delete_problem(tx: &Transaction<'_>, problem_id: &str) -> Result<String> {
    let description = tx.query_row("SELECT description FROM problems WHERE id = ?1", [problem_id], |row| row.get(0))?;
    tx.execute("DELETE FROM problems WHERE id = ?1", [problem_id])?;
    Ok(description)
}

/// The words of a measure as the secretary edits them.
pub struct MeasureText<'a> {
    pub measure: &'a str,
    pub target: &'a str,
    pub owner: &'a str,
    pub due: Option<&'a str>,
}

/// A measure's text, target, owner and deadline.
pub fn update_measure_text(tx: &Transaction<'_>, rectification_id: &str, text: &MeasureText<'_>) -> Result<()> {
    tx.execute(
        "UPDATE rectifications SET measure = ?1, target = ?2, owner = ?3, due = ?4 WHERE id = ?5",
        params![text.measure, text.target, text.owner, text.due, rectification_id],
    )?;
    Ok(())
}

/// Deletes a measure (its inspections go by cascade); returns its text.
pub fn delete_measure(tx: &Transaction<'_>, rectification_id: &str) -> Result<String> {
    let sql = "SELECT measure FROM rectifications WHERE id = ?1";
    let measure = tx.query_row(sql, [rectification_id], |row| row.get(0))?;
    tx.execute("DELETE FROM rectifications WHERE id = ?1", [rectification_id])?;
    Ok(measure)
}

/// The campaign and secretary of a problem, if it exists.
pub fn owner_of_problem(conn: &Connection, problem_id: &str) -> Result<Option<(String, String)>> {
    let sql = "SELECT o.campaign_id, p.secretary_id FROM problems p JOIN secretaries s ON s.id = p.secretary_id
               JOIN organizations o ON o.id = s.organization_id WHERE p.id = ?1";
    let found = conn.query_row(sql, [problem_id], |row| Ok((row.get(0)?, row.get(1)?)));
    Ok(rusqlite::OptionalExtension::optional(found)?)
}

/// The problem a measure answers, if the measure exists.
pub fn problem_of_measure(conn: &Connection, rectification_id: &str) -> Result<Option<String>> {
    let found =
        conn.query_row("SELECT problem_id FROM rectifications WHERE id = ?1", [rectification_id], |row| row.get(0));
    Ok(rusqlite::OptionalExtension::optional(found)?)
}

/// A secretary's problems in list order, with their positions.
pub fn problem_positions(conn: &Connection, secretary_id: &str) -> Result<Vec<(String, i64)>> {
    let mut statement =
        conn.prepare("SELECT id, position FROM problems WHERE secretary_id = ?1 ORDER BY position, id")?;
    let rows = statement.query_map([secretary_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A problem's place in its secretary's list.
pub fn set_problem_position(tx: &Transaction<'_>, problem_id: &str, position: i64) -> Result<()> {
    tx.execute("UPDATE problems SET position = ?1 WHERE id = ?2", params![position, problem_id])?;
    Ok(())
}

/// Moves the measures and evidence of one problem to another (merging duplicates).
pub fn move_measures_and_evidence(tx: &Transaction<'_>, from_problem: &str, to_problem: &str) -> Result<()> {
    tx.execute("UPDATE rectifications SET problem_id = ?1 WHERE problem_id = ?2", params![to_problem, from_problem])?;
    tx.execute("UPDATE evidence SET problem_id = ?1 WHERE problem_id = ?2", params![to_problem, from_problem])?;
    Ok(())
}

pub fn delete_responsibility(tx: &Transaction<'_>, responsibility_id: &str) -> Result<()> {
    tx.execute("DELETE FROM responsibilities WHERE id = ?1", [responsibility_id])?;
    Ok(())
}

pub fn move_responsibility(tx: &Transaction<'_>, responsibility_id: &str, to_problem: &str) -> Result<()> {
    tx.execute("UPDATE responsibilities SET problem_id = ?1 WHERE id = ?2", params![to_problem, responsibility_id])?;
    Ok(())
}

/// The merged problem's words; it keeps its own origin, or takes the duplicate's.
pub fn merge_into_problem(
    tx: &Transaction<'_>,
    problem_id: &str,
    description: &str,
    cause: &str,
    origin: Option<&str>,
) -> Result<()> {
    tx.execute(
        "UPDATE problems SET description = ?1, cause = ?2, origin = coalesce(origin, ?3) WHERE id = ?4",
        params![description, cause, origin, problem_id],
    )?;
    Ok(())
}

/// A measure's status other than 已完成; any earlier sign-off is cleared.
pub fn set_open_status(
    tx: &Transaction<'_>,
    rectification_id: &str,
    status: crate::domain::RectificationStatus,
) -> Result<()> {
    tx.execute(
        "UPDATE rectifications SET status = ?1, signed_off_on = NULL, verifier = NULL, sign_off_evidence = NULL
         WHERE id = ?2",
        params![enum_text(&status), rectification_id],
    )?;
    Ok(())
}

/// 销号: the measure is 已完成 with its date, verifier and evidence.
pub fn sign_off(tx: &Transaction<'_>, rectification_id: &str, sign_off: &SignOff) -> Result<()> {
    tx.execute(
        "UPDATE rectifications SET status = ?1, signed_off_on = ?2, verifier = ?3, sign_off_evidence = ?4 WHERE id = ?5",
        params![
            enum_text(&crate::domain::RectificationStatus::Done),
            sign_off.date,
            sign_off.verifier,
            sign_off.evidence,
            rectification_id
        ],
    )?;
    Ok(())
}
