//! Campaigns with their focus points and review levels.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use super::{enum_text, json_text, parse_column};
use crate::domain::{Campaign, FocusPoint, Id};
use crate::error::{Error, Result};

/// A line of the campaign list: what the campaign is and how big it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CampaignSummary {
    pub id: Id,
    pub year: i32,
    pub title: String,
    pub organizer: String,
    pub meeting_date: Option<String>,
    /// Party organizations in the campaign (党委、党总支、党支部).
    pub organizations: u32,
    /// Distinct units (所在单位) with a secretary who reports.
    pub units: u32,
    pub secretaries: u32,
    pub reports: u32,
    pub ballots: u32,
    /// The bundled sample (shown as 示例, removable in one step).
    pub sample: bool,
}

/// Stores a new campaign with its focus points and review levels.
pub fn insert_campaign(tx: &Transaction<'_>, campaign: &Campaign) -> Result<()> {
    tx.execute(
        "INSERT INTO campaigns (id, year, title, organizer, meeting_date, speaking_minutes, report_char_budget,
                                problems_min_percent, scoring_rules, created_at, cliches, dimensions,
                                double_entry, written_rated, on_site_every_years)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            campaign.id,
            campaign.year,
            campaign.title,
            campaign.organizer,
            campaign.meeting_date,
            campaign.speaking_minutes,
            campaign.report_char_budget,
            campaign.problems_min_percent,
            json_text(&campaign.scoring_rules),
            campaign.created_at,
            campaign.cliches.as_ref().map(json_text),
            json_text(&campaign.dimensions),
            campaign.double_entry,
            campaign.written_rated,
            campaign.on_site_every_years,
        ],
    )?;
    for (position, point) in campaign.focus_points.iter().enumerate() {
        save_focus_point(tx, &campaign.id, position, point)?;
    }
    set_review_levels(tx, &campaign.id, &campaign.review_levels)
}

/// Adds a focus point to a campaign, or changes one it has (its place, title, role,
/// guidance and budget).
pub fn save_focus_point(tx: &Transaction<'_>, campaign_id: &str, position: usize, point: &FocusPoint) -> Result<()> {
    tx.execute(
        "INSERT INTO focus_points (id, campaign_id, position, title, role, guidance, char_budget)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET position = excluded.position, title = excluded.title, role = excluded.role,
             guidance = excluded.guidance, char_budget = excluded.char_budget",
        params![
            point.id,
            campaign_id,
            position,
            point.title,
            enum_text(&point.role),
            point.guidance,
            point.char_budget
        ],
    )?;
    Ok(())
}

pub fn delete_focus_point(tx: &Transaction<'_>, focus_point_id: &str) -> Result<()> {
    tx.execute("DELETE FROM focus_points WHERE id = ?1", [focus_point_id])?;
    Ok(())
}

/// The campaign's review levels, in order, in place of the ones it had.
pub fn set_review_levels(tx: &Transaction<'_>, campaign_id: &str, levels: &[String]) -> Result<()> {
    tx.execute("DELETE FROM review_levels WHERE campaign_id = ?1", [campaign_id])?;
    for (position, level) in levels.iter().enumerate() {
        tx.execute(
            "INSERT INTO review_levels (campaign_id, position, name) VALUES (?1, ?2, ?3)",
            params![campaign_id, position, level],
        )?;
    }
    Ok(())
}

pub fn campaign_exists(conn: &Connection, id: &str) -> Result<bool> {
    Ok(conn.query_row("SELECT 1 FROM campaigns WHERE id = ?1", [id], |_| Ok(())).optional()?.is_some())
}

/// Reads a whole campaign, or says that there is none with this id.
pub fn get_campaign(conn: &Connection, id: &str) -> Result<Campaign> {
    let campaign = conn
        .query_row(
            "SELECT id, year, title, organizer, meeting_date, speaking_minutes, report_char_budget,
                    problems_min_percent, scoring_rules, created_at, cliches, dimensions, double_entry,
                    written_rated, on_site_every_years
             FROM campaigns WHERE id = ?1",
            [id],
            |row| {
                Ok(Campaign {
                    id: row.get(0)?,
                    year: row.get(1)?,
                    title: row.get(2)?,
                    organizer: row.get(3)?,
                    meeting_date: row.get(4)?,
                    speaking_minutes: row.get(5)?,
                    report_char_budget: row.get(6)?,
                    problems_min_percent: row.get(7)?,
                    focus_points: Vec::new(),
                    review_levels: Vec::new(),
                    scoring_rules: parse_column(row, 8, true)?,
                    created_at: row.get(9)?,
                    cliches: match row.get::<_, Option<String>>(10)? {
                        Some(_) => Some(parse_column(row, 10, true)?),
                        None => None,
                    },
                    dimensions: parse_column(row, 11, true)?,
                    double_entry: row.get(12)?,
                    written_rated: row.get(13)?,
                    on_site_every_years: row.get(14)?,
                })
            },
        )
        .optional()?;
    let Some(mut campaign) = campaign else {
        return Err(Error::NotFound {
            what: "年度述职评议",
            id: id.to_string(),
            fix: "请用 `shuzhi campaigns` 查看已有的年度述职评议及其编号。",
        });
    };
    let mut statement = conn.prepare(
        "SELECT id, title, role, guidance, char_budget FROM focus_points WHERE campaign_id = ?1 ORDER BY position",
    )?;
    campaign.focus_points = statement
        .query_map([id], |row| {
            Ok(FocusPoint {
                id: row.get(0)?,
                title: row.get(1)?,
                role: parse_column(row, 2, false)?,
                guidance: row.get(3)?,
                char_budget: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut statement = conn.prepare("SELECT name FROM review_levels WHERE campaign_id = ?1 ORDER BY position")?;
    campaign.review_levels = statement.query_map([id], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(campaign)
}

/// Every campaign, newest year first, with its counts.
pub fn list_campaigns(conn: &Connection) -> Result<Vec<CampaignSummary>> {
    let mut statement = conn.prepare(
        "SELECT c.id, c.year, c.title, c.organizer, c.meeting_date,
                (SELECT count(*) FROM organizations o WHERE o.campaign_id = c.id),
                (SELECT count(DISTINCT o.unit) FROM organizations o JOIN secretaries s ON s.organization_id = o.id
                  WHERE o.campaign_id = c.id),
                (SELECT count(*) FROM secretaries s JOIN organizations o ON o.id = s.organization_id
                  WHERE o.campaign_id = c.id),
                (SELECT count(*) FROM reports r JOIN secretaries s ON s.id = r.secretary_id
                  JOIN organizations o ON o.id = s.organization_id WHERE o.campaign_id = c.id),
                (SELECT count(*) FROM ballots b WHERE b.campaign_id = c.id)
                  + (SELECT count(*) FROM phone_ballot_slots p WHERE p.campaign_id = c.id AND p.filled = 1)
         FROM campaigns c ORDER BY c.year DESC, c.created_at DESC, c.id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(CampaignSummary {
            id: row.get(0)?,
            year: row.get(1)?,
            title: row.get(2)?,
            organizer: row.get(3)?,
            meeting_date: row.get(4)?,
            organizations: row.get(5)?,
            units: row.get(6)?,
            secretaries: row.get(7)?,
            reports: row.get(8)?,
            ballots: row.get(9)?,
            sample: row.get::<_, String>(0)? == crate::domain::SAMPLE_CAMPAIGN_ID,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Replaces the campaign's stock-phrase list; `None` goes back to the built-in list.
pub fn set_cliches(tx: &Transaction<'_>, campaign_id: &str, cliches: Option<&[String]>) -> Result<()> {
    tx.execute("UPDATE campaigns SET cliches = ?1 WHERE id = ?2", params![cliches.map(json_text), campaign_id])?;
    Ok(())
}

/// The meeting's settings of a campaign: minutes per speaker, rating dimensions, double
/// entry, whether 书面述职 is rated, and how often each organization reports on the spot.
pub fn set_meeting_settings(
    tx: &Transaction<'_>,
    campaign_id: &str,
    settings: &crate::meeting::MeetingSettings,
) -> Result<()> {
    tx.execute(
        "UPDATE campaigns SET speaking_minutes = ?2, dimensions = ?3, double_entry = ?4, written_rated = ?5,
                              on_site_every_years = ?6
         WHERE id = ?1",
        params![
            campaign_id,
            settings.speaking_minutes,
            json_text(&settings.dimensions),
            settings.double_entry,
            settings.written_rated,
            settings.on_site_every_years
        ],
    )?;
    Ok(())
}

/// The secretaries of a campaign who report in writing (书面述职).
pub fn list_written(conn: &Connection, campaign_id: &str) -> Result<BTreeSet<String>> {
    let mut statement = conn.prepare("SELECT secretary_id FROM written_reports WHERE campaign_id = ?1")?;
    let rows = statement.query_map([campaign_id], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks secretaries as reporting in writing (`written`) or on the spot.
pub fn set_written(tx: &Transaction<'_>, campaign_id: &str, secretary_ids: &[String], written: bool) -> Result<()> {
    for id in secretary_ids {
        if written {
            tx.execute(
                "INSERT OR IGNORE INTO written_reports (secretary_id, campaign_id) VALUES (?1, ?2)",
                params![id, campaign_id],
            )?;
        } else {
            tx.execute("DELETE FROM written_reports WHERE secretary_id = ?1", [id])?;
        }
    }
    Ok(())
}

/// The campaign's current scoring rules (every version is kept in `rules_versions`).
pub fn set_scoring_rules(
    tx: &Transaction<'_>,
    campaign_id: &str,
    rules: &crate::rules::scoring::ScoringRules,
) -> Result<()> {
    tx.execute("UPDATE campaigns SET scoring_rules = ?2 WHERE id = ?1", params![campaign_id, json_text(rules)])?;
    Ok(())
}

/// The settings of a year the organizer edits: title, meeting date, the report's length
/// and the problems section's minimum share.
pub fn update_settings(
    tx: &Transaction<'_>,
    campaign_id: &str,
    title: &str,
    meeting_date: Option<&str>,
    report_char_budget: u32,
    problems_min_percent: u32,
) -> Result<()> {
    tx.execute(
        "UPDATE campaigns SET title = ?2, meeting_date = ?3, report_char_budget = ?4, problems_min_percent = ?5
         WHERE id = ?1",
        params![campaign_id, title, meeting_date, report_char_budget, problems_min_percent],
    )?;
    Ok(())
}

/// Deletes a campaign with everything in it. A sealed vote's closure goes first: the
/// database refuses to delete the ballots of a sealed vote while it stands.
pub fn delete_campaign(tx: &Transaction<'_>, campaign_id: &str) -> Result<()> {
    tx.execute("DELETE FROM vote_closures WHERE campaign_id = ?1", [campaign_id])?;
    tx.execute("DELETE FROM campaigns WHERE id = ?1", [campaign_id])?;
    Ok(())
}
