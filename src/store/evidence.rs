//! 佐证材料 in the database: the evidence rows' lookups and the stored files, kept once
//! per content under their SHA-256 (`evidence_blobs`). The rows themselves are written
//! with the report (`reports::insert_evidence`).

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::Result;

/// A piece of evidence as the editor lists it, with what it supports.
pub struct ListedEvidence {
    pub id: String,
    pub focus_point_id: Option<String>,
    pub problem_id: Option<String>,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub description: String,
    pub added_at: String,
    /// Whether this database holds the file itself.
    pub has_content: bool,
    /// The title of the section it supports, if any.
    pub section_title: Option<String>,
    /// The description of the problem it supports, if any.
    pub problem: Option<String>,
}

/// The evidence of a report, in the order it was attached.
pub fn list_for_report(conn: &Connection, report_id: &str) -> Result<Vec<ListedEvidence>> {
    let mut statement = conn.prepare(
        "SELECT e.id, e.focus_point_id, e.problem_id, e.file_name, e.media_type, e.size_bytes, e.description,
                e.added_at, b.sha256 IS NOT NULL, f.title, p.description
         FROM evidence e
         LEFT JOIN evidence_blobs b ON b.sha256 = e.sha256
         LEFT JOIN focus_points f ON f.id = e.focus_point_id
         LEFT JOIN problems p ON p.id = e.problem_id
         WHERE e.report_id = ?1 ORDER BY e.position, e.id",
    )?;
    let rows = statement.query_map([report_id], |row| {
        Ok(ListedEvidence {
            id: row.get(0)?,
            focus_point_id: row.get(1)?,
            problem_id: row.get(2)?,
            file_name: row.get(3)?,
            media_type: row.get(4)?,
            size_bytes: row.get(5)?,
            description: row.get(6)?,
            added_at: row.get(7)?,
            has_content: row.get(8)?,
            section_title: row.get(9)?,
            problem: row.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The report, file name and digest of a piece of evidence, if it exists.
pub fn owner_of(conn: &Connection, evidence_id: &str) -> Result<Option<(String, String, String)>> {
    let sql = "SELECT report_id, file_name, sha256 FROM evidence WHERE id = ?1";
    Ok(conn.query_row(sql, [evidence_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?))).optional()?)
}

/// Deletes a piece of evidence and, when no other evidence names them, its stored bytes.
pub fn delete(conn: &Connection, evidence_id: &str, sha256: &str) -> Result<()> {
    conn.execute("DELETE FROM evidence WHERE id = ?1", [evidence_id])?;
    conn.execute(
        "DELETE FROM evidence_blobs WHERE sha256 = ?1 AND NOT EXISTS (SELECT 1 FROM evidence WHERE sha256 = ?1)",
        [sha256],
    )?;
    Ok(())
}

/// How many pieces of evidence support each focus point of a report.
pub fn count_per_section(conn: &Connection, report_id: &str) -> Result<Vec<(String, u32)>> {
    let mut statement = conn.prepare(
        "SELECT focus_point_id, count(*) FROM evidence WHERE report_id = ?1 AND focus_point_id IS NOT NULL
         GROUP BY focus_point_id",
    )?;
    let rows = statement.query_map([report_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether the focus point belongs to the campaign of the report.
pub fn focus_point_of_report(conn: &Connection, focus_point_id: &str, report_id: &str) -> Result<bool> {
    let sql = "SELECT 1 FROM focus_points f JOIN reports r ON r.id = ?2 JOIN secretaries s ON s.id = r.secretary_id
               JOIN organizations o ON o.id = s.organization_id WHERE f.id = ?1 AND f.campaign_id = o.campaign_id";
    Ok(conn.query_row(sql, params![focus_point_id, report_id], |_| Ok(())).optional()?.is_some())
}

/// Whether the problem belongs to the secretary of the report.
pub fn problem_of_report(conn: &Connection, problem_id: &str, report_id: &str) -> Result<bool> {
    let sql =
        "SELECT 1 FROM problems p JOIN reports r ON r.secretary_id = p.secretary_id WHERE p.id = ?1 AND r.id = ?2";
    Ok(conn.query_row(sql, params![problem_id, report_id], |_| Ok(())).optional()?.is_some())
}

/// The stored bytes of a piece of evidence, by digest; `None` where this database has only
/// the record (a campaign file carries records, not files).
pub fn evidence_blob(conn: &Connection, sha256: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn.query_row("SELECT content FROM evidence_blobs WHERE sha256 = ?1", [sha256], |row| row.get(0)).optional()?)
}

/// Stores the bytes of a file under their digest; the caller has checked that they are
/// what the digest says. A stored copy that differs (damaged) is replaced by these.
pub fn store_blob(conn: &Connection, sha256: &str, bytes: &[u8]) -> Result<()> {
    conn.execute(
        "INSERT INTO evidence_blobs (sha256, size_bytes, content) VALUES (?1, ?2, ?3)
         ON CONFLICT (sha256) DO UPDATE SET size_bytes = excluded.size_bytes, content = excluded.content
         WHERE evidence_blobs.content IS NOT excluded.content",
        rusqlite::params![sha256, bytes.len() as i64, bytes],
    )?;
    Ok(())
}

/// Calls `each` with every stored file's digest and bytes, one at a time.
pub fn each_blob(conn: &Connection, mut each: impl FnMut(&str, &[u8])) -> Result<()> {
    let mut statement = conn.prepare("SELECT sha256, content FROM evidence_blobs ORDER BY sha256")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let sha256: String = row.get(0)?;
        let content = row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?;
        each(&sha256, content);
    }
    Ok(())
}

/// The file name, media type and digest of a piece of evidence, if it exists.
pub fn evidence_file(conn: &Connection, evidence_id: &str) -> Result<Option<(String, String, String)>> {
    let sql = "SELECT file_name, media_type, sha256 FROM evidence WHERE id = ?1";
    Ok(conn.query_row(sql, [evidence_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?))).optional()?)
}

/// The file names of the evidence that uses the stored file `sha256`.
pub fn file_names_of_blob(conn: &Connection, sha256: &str) -> Result<Vec<String>> {
    let mut statement = conn.prepare("SELECT file_name FROM evidence WHERE sha256 = ?1 ORDER BY file_name")?;
    let names = statement.query_map([sha256], |row| row.get(0))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

/// Points a piece of evidence at a problem (after the problems were replaced).
pub fn set_problem(conn: &Connection, evidence_id: &str, problem_id: &str) -> Result<()> {
    conn.execute("UPDATE evidence SET problem_id = ?2 WHERE id = ?1", [evidence_id, problem_id])?;
    Ok(())
}
