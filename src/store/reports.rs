//! Reports with their sections, revisions, evidence descriptions and approvals.

use rusqlite::{Connection, Transaction, params};

use super::{enum_text, json_text, parse_column};
use crate::domain::{Approval, ApprovalComment, Evidence, Report, Revision, Section};
use crate::error::Result;

pub fn insert_report(tx: &Transaction<'_>, report: &Report) -> Result<()> {
    tx.execute(
        "INSERT INTO reports (id, secretary_id, status, review_level, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![report.id, report.secretary_id, enum_text(&report.status), report.review_level, report.updated_at],
    )?;
    insert_sections(tx, report)
}

/// Makes a stored report (same id) say what `report` says: state, time and every section.
pub fn replace_report(tx: &Transaction<'_>, report: &Report) -> Result<()> {
    tx.execute(
        "UPDATE reports SET status = ?2, review_level = ?3, updated_at = ?4 WHERE id = ?1",
        params![report.id, enum_text(&report.status), report.review_level, report.updated_at],
    )?;
    tx.execute("DELETE FROM sections WHERE report_id = ?1", [&report.id])?;
    insert_sections(tx, report)
}

fn insert_sections(tx: &Transaction<'_>, report: &Report) -> Result<()> {
    for (position, section) in report.sections.iter().enumerate() {
        tx.execute(
            "INSERT INTO sections (report_id, focus_point_id, position, body) VALUES (?1, ?2, ?3, ?4)",
            params![report.id, section.focus_point_id, position, section.body],
        )?;
    }
    Ok(())
}

/// The campaign's reports, in the order of their secretaries.
pub fn list_reports(conn: &Connection, campaign_id: &str) -> Result<Vec<Report>> {
    reports_where(
        conn,
        "JOIN secretaries s ON s.id = r.secretary_id JOIN organizations o ON o.id = s.organization_id
         WHERE o.campaign_id = ?1 ORDER BY s.position, s.id",
        campaign_id,
    )
}

/// Each report's status, by secretary: what lists of a campaign show without the texts.
pub fn report_statuses(
    conn: &Connection,
    campaign_id: &str,
) -> Result<std::collections::HashMap<String, crate::domain::ReportStatus>> {
    let mut statement = conn.prepare_cached(
        "SELECT r.secretary_id, r.status FROM reports r JOIN secretaries s ON s.id = r.secretary_id
         JOIN organizations o ON o.id = s.organization_id WHERE o.campaign_id = ?1",
    )?;
    let rows = statement.query_map([campaign_id], |row| Ok((row.get(0)?, parse_column(row, 1, false)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One report, by its id: read alone, not with the rest of its campaign (the editor saves
/// a section of one report many times a minute).
pub fn get_report(conn: &Connection, report_id: &str) -> Result<Option<Report>> {
    Ok(reports_where(conn, "WHERE r.id = ?1", report_id)?.pop())
}

/// A secretary's report, if she has one.
pub fn report_by_secretary(conn: &Connection, secretary_id: &str) -> Result<Option<Report>> {
    Ok(reports_where(conn, "WHERE r.secretary_id = ?1", secretary_id)?.pop())
}

/// The reports `filter` (joins and a condition on `?1`) selects, each with its sections.
fn reports_where(conn: &Connection, filter: &str, key: &str) -> Result<Vec<Report>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT r.id, r.secretary_id, r.status, r.review_level, r.updated_at FROM reports r {filter}"
    ))?;
    let mut reports = statement
        .query_map([key], |row| {
            Ok(Report {
                id: row.get(0)?,
                secretary_id: row.get(1)?,
                status: parse_column(row, 2, false)?,
                review_level: row.get(3)?,
                updated_at: row.get(4)?,
                sections: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut sections =
        conn.prepare_cached("SELECT focus_point_id, body FROM sections WHERE report_id = ?1 ORDER BY position")?;
    for report in &mut reports {
        report.sections = sections
            .query_map([&report.id], |row| Ok(Section { focus_point_id: row.get(0)?, body: row.get(1)? }))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(reports)
}

pub fn insert_revision(tx: &Transaction<'_>, revision: &Revision) -> Result<()> {
    tx.execute(
        "INSERT INTO revisions (id, report_id, number, created_at, author, note, sections)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            revision.id,
            revision.report_id,
            revision.number,
            revision.created_at,
            revision.author,
            revision.note,
            json_text(&revision.sections)
        ],
    )?;
    Ok(())
}

pub fn list_revisions(conn: &Connection, campaign_id: &str) -> Result<Vec<Revision>> {
    let mut statement = conn.prepare(
        "SELECT v.id, v.report_id, v.number, v.created_at, v.author, v.note, v.sections
         FROM revisions v JOIN reports r ON r.id = v.report_id JOIN secretaries s ON s.id = r.secretary_id
         JOIN organizations o ON o.id = s.organization_id
         WHERE o.campaign_id = ?1 ORDER BY s.position, s.id, v.number",
    )?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(Revision {
            id: row.get(0)?,
            report_id: row.get(1)?,
            number: row.get(2)?,
            created_at: row.get(3)?,
            author: row.get(4)?,
            note: row.get(5)?,
            sections: parse_column(row, 6, true)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_evidence(tx: &Transaction<'_>, position: usize, evidence: &Evidence) -> Result<()> {
    tx.execute(
        "INSERT INTO evidence (id, report_id, focus_point_id, position, file_name, media_type, size_bytes, sha256,
                               description, added_at, problem_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            evidence.id,
            evidence.report_id,
            evidence.focus_point_id,
            position,
            evidence.file_name,
            evidence.media_type,
            evidence.size_bytes,
            evidence.sha256,
            evidence.description,
            evidence.added_at,
            evidence.problem_id
        ],
    )?;
    Ok(())
}

pub fn list_evidence(conn: &Connection, campaign_id: &str) -> Result<Vec<Evidence>> {
    let mut statement = conn.prepare(
        "SELECT e.id, e.report_id, e.focus_point_id, e.file_name, e.media_type, e.size_bytes, e.sha256,
                e.description, e.added_at, e.problem_id
         FROM evidence e JOIN reports r ON r.id = e.report_id JOIN secretaries s ON s.id = r.secretary_id
         JOIN organizations o ON o.id = s.organization_id
         WHERE o.campaign_id = ?1 ORDER BY e.position, e.id",
    )?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(Evidence {
            id: row.get(0)?,
            report_id: row.get(1)?,
            focus_point_id: row.get(2)?,
            file_name: row.get(3)?,
            media_type: row.get(4)?,
            size_bytes: row.get(5)?,
            sha256: row.get(6)?,
            description: row.get(7)?,
            added_at: row.get(8)?,
            problem_id: row.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_approval(tx: &Transaction<'_>, position: usize, approval: &Approval) -> Result<()> {
    tx.execute(
        "INSERT INTO approvals (id, report_id, position, level, reviewer, decision, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            approval.id,
            approval.report_id,
            position,
            approval.level,
            approval.reviewer,
            enum_text(&approval.decision),
            approval.created_at
        ],
    )?;
    for (index, comment) in approval.comments.iter().enumerate() {
        tx.execute(
            "INSERT INTO approval_comments (approval_id, position, focus_point_id, text) VALUES (?1, ?2, ?3, ?4)",
            params![approval.id, index, comment.focus_point_id, comment.text],
        )?;
    }
    Ok(())
}

pub fn list_approvals(conn: &Connection, campaign_id: &str) -> Result<Vec<Approval>> {
    let mut statement = conn.prepare(
        "SELECT a.id, a.report_id, a.level, a.reviewer, a.decision, a.created_at
         FROM approvals a JOIN reports r ON r.id = a.report_id JOIN secretaries s ON s.id = r.secretary_id
         JOIN organizations o ON o.id = s.organization_id
         WHERE o.campaign_id = ?1 ORDER BY a.position, a.id",
    )?;
    let mut approvals = statement
        .query_map([campaign_id], |row| {
            Ok(Approval {
                id: row.get(0)?,
                report_id: row.get(1)?,
                level: row.get(2)?,
                reviewer: row.get(3)?,
                decision: parse_column(row, 4, false)?,
                created_at: row.get(5)?,
                comments: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut comments =
        conn.prepare("SELECT focus_point_id, text FROM approval_comments WHERE approval_id = ?1 ORDER BY position")?;
    for approval in &mut approvals {
        approval.comments = comments
            .query_map([&approval.id], |row| Ok(ApprovalComment { focus_point_id: row.get(0)?, text: row.get(1)? }))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(approvals)
}

/// The year of the campaign a report belongs to.
pub fn year_of_report(conn: &Connection, report_id: &str) -> Result<i32> {
    let sql = "SELECT c.year FROM reports r JOIN secretaries s ON s.id = r.secretary_id
               JOIN organizations o ON o.id = s.organization_id JOIN campaigns c ON c.id = o.campaign_id WHERE r.id = ?1";
    Ok(conn.query_row(sql, [report_id], |row| row.get(0))?)
}

/// Who wrote a report and where: the campaign, the secretary and the organization.
pub struct Author {
    pub campaign_id: String,
    pub secretary_title: String,
    pub secretary_name: String,
    pub organization_name: String,
    pub organization_unit: String,
}

/// The author of a report, if the report exists.
pub fn author_of(conn: &Connection, report_id: &str) -> Result<Option<Author>> {
    let sql = "SELECT o.campaign_id, s.title, s.name, o.name, o.unit FROM reports r
               JOIN secretaries s ON s.id = r.secretary_id JOIN organizations o ON o.id = s.organization_id
               WHERE r.id = ?1";
    let found = conn.query_row(sql, [report_id], |row| {
        Ok(Author {
            campaign_id: row.get(0)?,
            secretary_title: row.get(1)?,
            secretary_name: row.get(2)?,
            organization_name: row.get(3)?,
            organization_unit: row.get(4)?,
        })
    });
    Ok(rusqlite::OptionalExtension::optional(found)?)
}

/// The id of a secretary's report, if one was started.
pub fn report_of_secretary(conn: &Connection, secretary_id: &str) -> Result<Option<String>> {
    let found = conn.query_row("SELECT id FROM reports WHERE secretary_id = ?1", [secretary_id], |row| row.get(0));
    Ok(rusqlite::OptionalExtension::optional(found)?)
}

/// Writes a section's text, adding the section when the report has none for the focus point.
pub fn save_section(
    tx: &Transaction<'_>,
    report_id: &str,
    focus_point_id: &str,
    position: usize,
    body: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO sections (report_id, focus_point_id, position, body) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (report_id, focus_point_id) DO UPDATE SET body = excluded.body",
        params![report_id, focus_point_id, position, body],
    )?;
    Ok(())
}

/// Marks a report as changed at `now`.
pub fn touch_report(tx: &Transaction<'_>, report_id: &str, now: &str) -> Result<()> {
    tx.execute("UPDATE reports SET updated_at = ?1 WHERE id = ?2", params![now, report_id])?;
    Ok(())
}

/// A report's state after a submission or a review.
pub fn set_status(
    tx: &Transaction<'_>,
    report_id: &str,
    status: crate::domain::ReportStatus,
    review_level: u32,
    now: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE reports SET status = ?1, review_level = ?2, updated_at = ?3 WHERE id = ?4",
        params![enum_text(&status), review_level, now, report_id],
    )?;
    Ok(())
}

/// The number the report's next revision gets.
pub fn next_revision_number(tx: &Transaction<'_>, report_id: &str) -> Result<u32> {
    let sql = "SELECT coalesce(max(number), 0) + 1 FROM revisions WHERE report_id = ?1";
    Ok(tx.query_row(sql, [report_id], |row| row.get(0))?)
}

/// The campaign a revision belongs to, if the revision exists.
pub fn campaign_of_revision(conn: &Connection, revision_id: &str) -> Result<Option<String>> {
    let sql = "SELECT o.campaign_id FROM revisions v JOIN reports r ON r.id = v.report_id
               JOIN secretaries s ON s.id = r.secretary_id JOIN organizations o ON o.id = s.organization_id
               WHERE v.id = ?1";
    let found = conn.query_row(sql, [revision_id], |row| row.get(0));
    Ok(rusqlite::OptionalExtension::optional(found)?)
}

/// When the organizer made the latest return package imported here for a secretary.
pub fn last_return_exported_at(conn: &Connection, campaign_id: &str, secretary_id: &str) -> Result<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT exported_at FROM imported_returns WHERE campaign_id = ?1 AND secretary_id = ?2",
            params![campaign_id, secretary_id],
            |row| row.get(0),
        )
        .optional()?)
}

/// Records that a return package the organizer made at `exported_at` was imported.
pub fn set_last_return_exported_at(
    conn: &Connection,
    campaign_id: &str,
    secretary_id: &str,
    exported_at: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO imported_returns (campaign_id, secretary_id, exported_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (campaign_id, secretary_id) DO UPDATE SET exported_at = excluded.exported_at",
        params![campaign_id, secretary_id, exported_at],
    )?;
    Ok(())
}
