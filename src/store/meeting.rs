//! The meeting's records: the superior's 点评, the rater panel and the ballots.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{enum_text, json_text, parse_column};
use crate::domain::{
    Ballot, BallotChannel, BallotCode, BallotEntry, BallotSheet, Id, Rater, RaterCategory, RulesVersion,
    SuperiorComment, VoteClosure,
};
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

use super::LAST_YEARS_ORGANIZATION;

/// The 点不足 points of last year's 上级点评 for the secretary's organization: the campaign
/// of the year before found by year, the organization by its name and unit.
pub fn last_year_comment_points(conn: &Connection, secretary_id: &str) -> Result<Vec<String>> {
    let mut statement = conn.prepare(&format!(
        "SELECT pc.shortcomings {LAST_YEARS_ORGANIZATION}
         JOIN secretaries ps ON ps.organization_id = po.id
         JOIN superior_comments pc ON pc.secretary_id = ps.id
         WHERE s.id = ?1
         ORDER BY pc.position, pc.id"
    ))?;
    let rows = statement.query_map([secretary_id], |row| parse_column::<Vec<String>>(row, 0, true))?;
    let mut points = Vec::new();
    for row in rows {
        points.extend(row?.into_iter().filter(|p| !p.trim().is_empty()));
    }
    Ok(points)
}

/// True when the secretary's organization took part in last year's review (the campaign
/// of the year before, the organization found by name and unit).
pub fn reviewed_last_year(conn: &Connection, secretary_id: &str) -> Result<bool> {
    Ok(conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 {LAST_YEARS_ORGANIZATION} WHERE s.id = ?1)"),
        [secretary_id],
        |row| row.get(0),
    )?)
}

pub fn insert_rater_category(
    tx: &Transaction<'_>,
    campaign_id: &str,
    position: usize,
    category: &RaterCategory,
) -> Result<()> {
    tx.execute(
        "INSERT INTO rater_categories (id, campaign_id, position, name, weight_percent, planned_size, ballot_channel)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            category.id,
            campaign_id,
            position,
            category.name,
            category.weight_percent,
            category.planned_size,
            category.ballot_channel.as_str()
        ],
    )?;
    Ok(())
}

pub fn list_rater_categories(conn: &Connection, campaign_id: &str) -> Result<Vec<RaterCategory>> {
    let mut statement = conn.prepare(
        "SELECT id, name, weight_percent, planned_size, ballot_channel FROM rater_categories
         WHERE campaign_id = ?1 ORDER BY position, id",
    )?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(RaterCategory {
            id: row.get(0)?,
            name: row.get(1)?,
            weight_percent: row.get(2)?,
            planned_size: row.get(3)?,
            ballot_channel: BallotChannel::from_stored(&row.get::<_, String>(4)?),
        })
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

/// Stores a ballot and its entries. Their row keys are random (not SQLite's next number),
/// so neither the keys nor where the rows land in the file follow the order ballots came in.
pub fn insert_ballot(conn: &Connection, campaign_id: &str, position: usize, ballot: &Ballot) -> Result<()> {
    conn.execute(
        "INSERT INTO ballots (rowid, id, campaign_id, position, serial, category_id, suggestions, channel)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            crate::random::row_key(),
            ballot.id,
            campaign_id,
            position,
            ballot.serial,
            ballot.category_id,
            ballot.suggestions,
            enum_text(&ballot.channel)
        ],
    )?;
    insert_entries(conn, &ballot.id, &ballot.entries)
}

fn insert_entries(conn: &Connection, ballot_id: &str, entries: &[BallotEntry]) -> Result<()> {
    let mut statement = conn.prepare_cached(
        "INSERT INTO ballot_entries (rowid, ballot_id, secretary_id, position, grade, multiple_marks, dimension_marks)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (index, entry) in entries.iter().enumerate() {
        statement.execute(params![
            crate::random::row_key(),
            ballot_id,
            entry.secretary_id,
            index,
            entry.grade.map(|g| enum_text(&g)),
            entry.multiple_marks,
            json_text(&entry.dimension_marks)
        ])?;
    }
    Ok(())
}

/// Rewrites a ballot's serial, category, marks and suggestions in place (its position stays).
pub fn replace_ballot(tx: &Transaction<'_>, ballot: &Ballot) -> Result<()> {
    tx.execute(
        "UPDATE ballots SET serial = ?2, category_id = ?3, suggestions = ?4 WHERE id = ?1",
        params![ballot.id, ballot.serial, ballot.category_id, ballot.suggestions],
    )?;
    tx.execute("DELETE FROM ballot_entries WHERE ballot_id = ?1", [&ballot.id])?;
    insert_entries(tx, &ballot.id, &ballot.entries)
}

pub fn delete_ballot(tx: &Transaction<'_>, ballot_id: &str) -> Result<()> {
    tx.execute("DELETE FROM ballots WHERE id = ?1", [ballot_id])?;
    clear_phone_slot(tx, ballot_id)
}

pub fn list_ballots(conn: &Connection, campaign_id: &str) -> Result<Vec<Ballot>> {
    let mut statement = conn.prepare(
        "SELECT id, serial, category_id, suggestions, channel FROM ballots
         WHERE campaign_id = ?1 ORDER BY position, id",
    )?;
    let mut ballots = statement
        .query_map([campaign_id], |row| {
            Ok(Ballot {
                id: row.get(0)?,
                serial: row.get(1)?,
                category_id: row.get(2)?,
                entries: Vec::new(),
                suggestions: row.get(3)?,
                channel: parse_column(row, 4, false)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // One pass over every entry of the campaign, grouped by ballot and put in order here:
    // SQLite's sort of every entry by ballot and position took most of the time (18 of 20 ms
    // for 60 ballots of 200 secretaries).
    let mut entries = conn.prepare_cached(
        "SELECT e.ballot_id, e.secretary_id, e.grade, e.multiple_marks, e.dimension_marks, e.position
         FROM ballot_entries e JOIN ballots b ON b.id = e.ballot_id
         WHERE b.campaign_id = ?1",
    )?;
    let mut by_ballot: std::collections::HashMap<String, Vec<(i64, BallotEntry)>> = std::collections::HashMap::new();
    let rows = entries.query_map([campaign_id], |row| {
        let grade: Option<String> = row.get(2)?;
        let grade = match grade {
            Some(_) => Some(parse_column(row, 2, false)?),
            None => None,
        };
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, i64>(5)?,
            BallotEntry {
                secretary_id: row.get(1)?,
                grade,
                multiple_marks: row.get(3)?,
                dimension_marks: parse_column(row, 4, true)?,
            },
        ))
    })?;
    for row in rows {
        let (ballot_id, position, entry) = row?;
        by_ballot.entry(ballot_id).or_default().push((position, entry));
    }
    for ballot in &mut ballots {
        let mut entries = by_ballot.remove(&ballot.id).unwrap_or_default();
        entries.sort_by_key(|(position, _)| *position);
        ballot.entries = entries.into_iter().map(|(_, entry)| entry).collect();
    }
    // Phone ballots still in their slots (the vote is open) have position 0, as the
    // phone ballots stored as rows do; together they keep the order by position and id.
    let in_slots = list_phone_slot_ballots(conn, campaign_id)?;
    if !in_slots.is_empty() {
        let positions: std::collections::HashMap<String, i64> = {
            let mut statement = conn.prepare("SELECT id, position FROM ballots WHERE campaign_id = ?1")?;
            let rows = statement.query_map([campaign_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        ballots.extend(in_slots.into_iter().map(|(_, ballot)| ballot));
        ballots.sort_by(|a, b| {
            let place = |x: &Ballot| positions.get(&x.id).copied().unwrap_or(0);
            place(a).cmp(&place(b)).then_with(|| a.id.cmp(&b.id))
        });
    }
    Ok(ballots)
}

/// The size of every phone ballot slot's content: a phone ballot (up to 2,000 characters of
/// suggestions and a grade per secretary) encoded and padded with zeros to this size. All
/// slots are the same size before and after they are filled, so filling one rewrites its
/// bytes where they lie and moves nothing else.
pub const PHONE_SLOT_BYTES: usize = 16 * 1024;

/// Prepares `count` empty phone ballot slots, each under a random row key, so that the
/// pages and places phone ballots will take are laid out before any arrives.
pub fn add_phone_slots(conn: &Connection, campaign_id: &str, count: usize) -> Result<()> {
    let mut statement = conn.prepare_cached(
        "INSERT INTO phone_ballot_slots (rowid, campaign_id, filled, content) VALUES (?1, ?2, 0, zeroblob(?3))",
    )?;
    for _ in 0..count {
        statement.execute(params![crate::random::row_key(), campaign_id, PHONE_SLOT_BYTES])?;
    }
    Ok(())
}

/// How many of the campaign's phone ballot slots are still empty.
pub fn empty_phone_slots(conn: &Connection, campaign_id: &str) -> Result<usize> {
    let count: i64 = conn.query_row(
        "SELECT count(*) FROM phone_ballot_slots WHERE campaign_id = ?1 AND filled = 0",
        [campaign_id],
        |row| row.get(0),
    )?;
    Ok(count as usize)
}

/// Stores a phone ballot in an empty slot chosen at random, rewriting the slot's content
/// with content of the same size (SQLite then overwrites the bytes in place). A ballot that
/// finds no empty slot, or is too large for one, is stored as a row like a paper ballot:
/// it is never refused for want of a slot.
pub fn insert_phone_ballot(conn: &Connection, campaign_id: &str, ballot: &Ballot) -> Result<()> {
    // The suggestions first: whatever the rest holds, they begin at the same place in every
    // slot, so where they lie says only which slot it is.
    let slot = PhoneSlot {
        suggestions: ballot.suggestions.clone(),
        ballot: Ballot { suggestions: String::new(), ..ballot.clone() },
    };
    let mut content = serde_json::to_vec(&slot).map_err(|e| crate::error::Error::Invalid {
        message: format!("测评票无法保存（{e}）。请重新提交。"),
    })?;
    let empty: Vec<i64> = {
        let mut statement =
            conn.prepare_cached("SELECT rowid FROM phone_ballot_slots WHERE campaign_id = ?1 AND filled = 0")?;
        let rows = statement.query_map([campaign_id], |row| row.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    if empty.is_empty() || content.len() > PHONE_SLOT_BYTES {
        return insert_ballot(conn, campaign_id, 0, ballot);
    }
    let slot = empty[(crate::random::u64() % empty.len() as u64) as usize];
    content.resize(PHONE_SLOT_BYTES, 0);
    conn.execute(
        "UPDATE phone_ballot_slots SET filled = 1, content = ?2 WHERE rowid = ?1 AND filled = 0",
        params![slot, content],
    )?;
    Ok(())
}

/// What a filled slot holds, before its zero padding.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PhoneSlot {
    suggestions: String,
    ballot: Ballot,
}

/// The phone ballots held in the campaign's filled slots, with each slot's row key.
fn list_phone_slot_ballots(conn: &Connection, campaign_id: &str) -> Result<Vec<(i64, Ballot)>> {
    let mut statement =
        conn.prepare_cached("SELECT rowid, content FROM phone_ballot_slots WHERE campaign_id = ?1 AND filled = 1")?;
    let rows = statement.query_map([campaign_id], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, Vec<u8>>(1)?)))?;
    let mut ballots = Vec::new();
    for row in rows {
        let (key, content) = row?;
        let end = content.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
        let slot: PhoneSlot = serde_json::from_slice(&content[..end]).map_err(|e| crate::error::Error::Invalid {
            message: format!("数据库中有一张手机测评票无法读取（{e}）。请运行“检查数据库”，必要时从备份恢复。"),
        })?;
        ballots.push((key, Ballot { suggestions: slot.suggestions, ..slot.ballot }));
    }
    Ok(ballots)
}

/// Empties the slot holding the phone ballot `ballot_id`, if a slot holds it: zeros of the
/// same size, in place.
fn clear_phone_slot(conn: &Connection, ballot_id: &str) -> Result<()> {
    let campaigns: Vec<String> = {
        let mut statement = conn.prepare(
            "SELECT DISTINCT campaign_id FROM phone_ballot_slots WHERE filled = 1 AND instr(content, CAST(?1 AS BLOB)) > 0",
        )?;
        let rows = statement.query_map([ballot_id], |row| row.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for campaign_id in campaigns {
        for (key, ballot) in list_phone_slot_ballots(conn, &campaign_id)? {
            if ballot.id == ballot_id {
                conn.execute(
                    "UPDATE phone_ballot_slots SET filled = 0, content = zeroblob(?2) WHERE rowid = ?1",
                    params![key, PHONE_SLOT_BYTES],
                )?;
            }
        }
    }
    Ok(())
}

/// The second entries of double entry, in the shape of ballots.
pub fn insert_ballot_check(tx: &Transaction<'_>, campaign_id: &str, position: usize, check: &Ballot) -> Result<()> {
    tx.execute(
        "INSERT INTO ballot_checks (rowid, id, campaign_id, position, serial, category_id, entries, suggestions)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            crate::random::row_key(),
            check.id,
            campaign_id,
            position,
            check.serial,
            check.category_id,
            json_text(&check.entries),
            check.suggestions
        ],
    )?;
    Ok(())
}

pub fn delete_ballot_check(tx: &Transaction<'_>, campaign_id: &str, serial: &str) -> Result<()> {
    tx.execute("DELETE FROM ballot_checks WHERE campaign_id = ?1 AND serial = ?2", [campaign_id, serial])?;
    Ok(())
}

/// Writes the campaign's ballots and second entries again, in a random order, with new
/// random row keys and positions in serial order: run when the vote is sealed, so that
/// afterwards nothing in the file (keys, positions, where rows and their overflow pages
/// lie) follows the order in which ballots were entered or arrived. With
/// `secure_delete` the old copies are overwritten with zeros.
pub fn rewrite_ballots_unordered(tx: &Transaction<'_>, campaign_id: &str) -> Result<()> {
    let mut ballots = list_ballots(tx, campaign_id)?;
    let mut checks = list_ballot_checks(tx, campaign_id)?;
    let rank = |list: &[Ballot]| {
        let mut serials: Vec<(String, String)> = list.iter().map(|b| (b.serial.clone(), b.id.clone())).collect();
        serials.sort();
        serials.into_iter().enumerate().map(|(i, (_, id))| (id, i)).collect::<std::collections::HashMap<_, _>>()
    };
    let (ballot_rank, check_rank) = (rank(&ballots), rank(&checks));
    crate::random::shuffle(&mut ballots);
    crate::random::shuffle(&mut checks);
    tx.execute("DELETE FROM ballots WHERE campaign_id = ?1", [campaign_id])?;
    tx.execute("DELETE FROM ballot_checks WHERE campaign_id = ?1", [campaign_id])?;
    // The phone ballots leave their slots for rows like every other ballot, and the empty
    // slots go too: a sealed vote has none (the database's seal guards slots as well).
    tx.execute("DELETE FROM phone_ballot_slots WHERE campaign_id = ?1", [campaign_id])?;
    for ballot in &ballots {
        insert_ballot(tx, campaign_id, ballot_rank[&ballot.id], ballot)?;
    }
    for check in &checks {
        insert_ballot_check(tx, campaign_id, check_rank[&check.id], check)?;
    }
    Ok(())
}

pub fn list_ballot_checks(conn: &Connection, campaign_id: &str) -> Result<Vec<Ballot>> {
    let mut statement = conn.prepare(
        "SELECT id, serial, category_id, entries, suggestions FROM ballot_checks
         WHERE campaign_id = ?1 ORDER BY position, id",
    )?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(Ballot {
            id: row.get(0)?,
            serial: row.get(1)?,
            category_id: row.get(2)?,
            entries: parse_column(row, 3, true)?,
            suggestions: row.get(4)?,
            channel: BallotChannel::Paper,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The explicit speaking order; empty when the organizer never set one.
pub fn list_agenda(conn: &Connection, campaign_id: &str) -> Result<Vec<Id>> {
    let mut statement = conn.prepare("SELECT secretary_id FROM agenda WHERE campaign_id = ?1 ORDER BY position")?;
    let rows = statement.query_map([campaign_id], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn set_agenda(tx: &Transaction<'_>, campaign_id: &str, secretary_ids: &[Id]) -> Result<()> {
    tx.execute("DELETE FROM agenda WHERE campaign_id = ?1", [campaign_id])?;
    for (position, id) in secretary_ids.iter().enumerate() {
        tx.execute(
            "INSERT INTO agenda (campaign_id, secretary_id, position) VALUES (?1, ?2, ?3)",
            params![campaign_id, id, position],
        )?;
    }
    Ok(())
}

pub fn insert_rules_version(tx: &Transaction<'_>, campaign_id: &str, version: &RulesVersion) -> Result<()> {
    tx.execute(
        "INSERT INTO scoring_rule_versions (campaign_id, version, rules, created_at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![campaign_id, version.version, json_text(&version.rules), version.created_at, version.actor],
    )?;
    Ok(())
}

pub fn list_rules_versions(conn: &Connection, campaign_id: &str) -> Result<Vec<RulesVersion>> {
    let mut statement = conn.prepare(
        "SELECT version, rules, created_at, actor FROM scoring_rule_versions
         WHERE campaign_id = ?1 ORDER BY version",
    )?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(RulesVersion {
            version: row.get(0)?,
            rules: parse_column(row, 1, true)?,
            created_at: row.get(2)?,
            actor: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn insert_sheet(tx: &Transaction<'_>, campaign_id: &str, position: usize, sheet: &BallotSheet) -> Result<()> {
    tx.execute(
        "INSERT INTO ballot_sheets (campaign_id, serial, category_id, position) VALUES (?1, ?2, ?3, ?4)",
        params![campaign_id, sheet.serial, sheet.category_id, position],
    )?;
    Ok(())
}

pub fn list_sheets(conn: &Connection, campaign_id: &str) -> Result<Vec<BallotSheet>> {
    let mut statement =
        conn.prepare("SELECT serial, category_id FROM ballot_sheets WHERE campaign_id = ?1 ORDER BY position, serial")?;
    let rows =
        statement.query_map([campaign_id], |row| Ok(BallotSheet { serial: row.get(0)?, category_id: row.get(1)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get_closure(conn: &Connection, campaign_id: &str) -> Result<Option<VoteClosure>> {
    Ok(conn
        .query_row(
            "SELECT closed_at, closed_by, fingerprint, rules_version, over_vote_reason, quota_decision
             FROM vote_closures WHERE campaign_id = ?1",
            [campaign_id],
            |row| {
                let decision: Option<String> = row.get(5)?;
                Ok(VoteClosure {
                    closed_at: row.get(0)?,
                    closed_by: row.get(1)?,
                    fingerprint: row.get(2)?,
                    rules_version: row.get(3)?,
                    over_vote_reason: row.get(4)?,
                    // A decision that does not read is no decision: the tie shows again.
                    quota_decision: decision.and_then(|d| serde_json::from_str(&d).ok()),
                })
            },
        )
        .optional()?)
}

pub fn set_closure(tx: &Transaction<'_>, campaign_id: &str, closure: Option<&VoteClosure>) -> Result<()> {
    tx.execute("DELETE FROM vote_closures WHERE campaign_id = ?1", [campaign_id])?;
    if let Some(c) = closure {
        tx.execute(
            "INSERT INTO vote_closures
             (campaign_id, closed_at, closed_by, fingerprint, rules_version, over_vote_reason, quota_decision)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                campaign_id,
                c.closed_at,
                c.closed_by,
                c.fingerprint,
                c.rules_version,
                c.over_vote_reason,
                c.quota_decision.as_ref().map(|d| serde_json::to_string(d).expect("a decision serializes"))
            ],
        )?;
    }
    Ok(())
}

pub fn update_superior_comment(tx: &Transaction<'_>, comment: &SuperiorComment) -> Result<()> {
    tx.execute(
        "UPDATE superior_comments SET commenter = ?2, shortcomings = ?3, direction = ?4, responsibility = ?5
         WHERE id = ?1",
        params![
            comment.id,
            comment.commenter,
            json_text(&comment.shortcomings),
            comment.direction,
            comment.responsibility
        ],
    )?;
    Ok(())
}

pub fn update_rater_category(tx: &Transaction<'_>, position: usize, category: &RaterCategory) -> Result<()> {
    tx.execute(
        "UPDATE rater_categories SET name = ?2, weight_percent = ?3, planned_size = ?4, position = ?5,
         ballot_channel = ?6 WHERE id = ?1",
        params![
            category.id,
            category.name,
            category.weight_percent,
            category.planned_size,
            position,
            category.ballot_channel.as_str()
        ],
    )?;
    Ok(())
}

pub fn insert_code(tx: &Transaction<'_>, campaign_id: &str, position: usize, code: &BallotCode) -> Result<()> {
    tx.execute(
        "INSERT INTO ballot_codes (campaign_id, code, category_id, position, used) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![campaign_id, code.code, code.category_id, position, code.used],
    )?;
    Ok(())
}

/// Replaces a code as stored (an old database's code in clear becomes its hash).
pub fn replace_code(tx: &Transaction<'_>, campaign_id: &str, old: &str, new: &str) -> Result<()> {
    tx.execute(
        "UPDATE ballot_codes SET code = ?3 WHERE campaign_id = ?1 AND code = ?2",
        params![campaign_id, old, new],
    )?;
    Ok(())
}

/// Removes the campaign's unused codes (their slips are being printed anew); returns how many.
/// How a rater category votes; `None` for no such category.
pub fn category_channel(conn: &Connection, category_id: &str) -> Result<Option<BallotChannel>> {
    let text: Option<String> = conn
        .query_row("SELECT ballot_channel FROM rater_categories WHERE id = ?1", [category_id], |row| row.get(0))
        .optional()?;
    Ok(text.as_deref().map(BallotChannel::from_stored))
}

/// Deletes the unused codes of one category; returns how many.
pub fn delete_category_codes(tx: &Transaction<'_>, category_id: &str) -> Result<usize> {
    Ok(tx.execute("DELETE FROM ballot_codes WHERE category_id = ?1 AND used = 0", [category_id])?)
}

pub fn delete_unused_codes(tx: &Transaction<'_>, campaign_id: &str) -> Result<usize> {
    Ok(tx.execute("DELETE FROM ballot_codes WHERE campaign_id = ?1 AND used = 0", [campaign_id])?)
}

/// Marks an unused code as used; false when it was used already (or is not there).
pub fn use_code(conn: &Connection, campaign_id: &str, code: &str) -> Result<bool> {
    let changed = conn.execute(
        "UPDATE ballot_codes SET used = 1 WHERE campaign_id = ?1 AND code = ?2 AND used = 0",
        params![campaign_id, code],
    )?;
    Ok(changed == 1)
}

pub fn get_code(conn: &Connection, campaign_id: &str, code: &str) -> Result<Option<BallotCode>> {
    Ok(conn
        .query_row(
            "SELECT code, category_id, used FROM ballot_codes WHERE campaign_id = ?1 AND code = ?2",
            params![campaign_id, code],
            |row| Ok(BallotCode { code: row.get(0)?, category_id: row.get(1)?, used: row.get(2)? }),
        )
        .optional()?)
}

pub fn list_codes(conn: &Connection, campaign_id: &str) -> Result<Vec<BallotCode>> {
    let mut statement = conn
        .prepare("SELECT code, category_id, used FROM ballot_codes WHERE campaign_id = ?1 ORDER BY position, code")?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(BallotCode { code: row.get(0)?, category_id: row.get(1)?, used: row.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Keeps the result a return package brought for one secretary (replacing an earlier one);
/// `None` removes it, as when the organizer reopened the vote.
pub fn set_received_result(
    tx: &Transaction<'_>,
    campaign_id: &str,
    secretary_id: &str,
    result: Option<&crate::domain::PersonalResult>,
) -> Result<()> {
    tx.execute("DELETE FROM received_results WHERE secretary_id = ?1", [secretary_id])?;
    if let Some(result) = result {
        tx.execute(
            "INSERT INTO received_results (secretary_id, campaign_id, received_at, content) VALUES (?1, ?2, ?3, ?4)",
            params![secretary_id, campaign_id, result.received_at, json_text(result)],
        )?;
    }
    Ok(())
}

pub fn get_received_result(conn: &Connection, secretary_id: &str) -> Result<Option<crate::domain::PersonalResult>> {
    Ok(conn
        .query_row("SELECT content FROM received_results WHERE secretary_id = ?1", [secretary_id], |row| {
            parse_column(row, 0, true)
        })
        .optional()?)
}

pub fn list_received_results(conn: &Connection, campaign_id: &str) -> Result<Vec<crate::domain::ReceivedResult>> {
    let mut statement = conn
        .prepare("SELECT secretary_id, content FROM received_results WHERE campaign_id = ?1 ORDER BY secretary_id")?;
    let rows = statement.query_map([campaign_id], |row| {
        Ok(crate::domain::ReceivedResult { secretary_id: row.get(0)?, result: parse_column(row, 1, true)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether a ballot with `serial` was entered (the index on campaign and serial answers this).
pub fn serial_entered(conn: &Connection, campaign_id: &str, serial: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM ballots WHERE campaign_id = ?1 AND serial = ?2)",
        params![campaign_id, serial],
        |row| row.get(0),
    )?)
}

/// Whether any ballot has been entered.
pub fn has_ballots(conn: &Connection, campaign_id: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM ballots WHERE campaign_id = ?1)
             OR EXISTS (SELECT 1 FROM phone_ballot_slots WHERE campaign_id = ?1 AND filled = 1)",
        [campaign_id],
        |row| row.get(0),
    )?)
}

/// Removes a category of raters (the caller has checked it has no raters or ballots).
pub fn delete_rater_category(tx: &Transaction<'_>, category_id: &str) -> Result<()> {
    tx.execute("DELETE FROM rater_categories WHERE id = ?1", [category_id])?;
    Ok(())
}

/// The secretary a 点评 is about, if the comment exists.
pub fn secretary_of_comment(conn: &Connection, comment_id: &str) -> Result<Option<String>> {
    let sql = "SELECT secretary_id FROM superior_comments WHERE id = ?1";
    Ok(conn.query_row(sql, [comment_id], |row| row.get(0)).optional()?)
}

/// A stopped vote kept when a new round started (须重新测评).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VoteRound {
    /// 1 for the first round, and so on.
    pub round: u32,
    pub closure: VoteClosure,
    /// Why the round gave no grade (the quorum, the void rule), as the results said.
    pub stopped: String,
    /// Why the organizer started a new round.
    pub reason: String,
    pub ballots: Vec<Ballot>,
    /// The serials printed for the round: never printed again, so no sheet of it votes again.
    pub serials: Vec<String>,
    pub archived_at: String,
    pub actor: String,
}

pub fn list_rounds(conn: &Connection, campaign_id: &str) -> Result<Vec<VoteRound>> {
    let mut statement = conn.prepare("SELECT record FROM vote_rounds WHERE campaign_id = ?1 ORDER BY round")?;
    let rows = statement.query_map([campaign_id], |row| parse_column(row, 0, true))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Stores a kept round as it is (a year file's).
pub fn insert_round(tx: &Transaction<'_>, campaign_id: &str, round: &VoteRound) -> Result<()> {
    tx.execute(
        "INSERT INTO vote_rounds (campaign_id, round, record, archived_at, actor) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![campaign_id, round.round, json_text(round), round.archived_at, round.actor],
    )?;
    Ok(())
}

/// Keeps a stopped round and empties the vote for the next: closure first (the seal refuses
/// any change to the ballots while it stands), then second entries, ballots, phone slots,
/// printed sheets and codes.
pub fn archive_round(tx: &Transaction<'_>, campaign_id: &str, round: &VoteRound) -> Result<()> {
    insert_round(tx, campaign_id, round)?;
    tx.execute("DELETE FROM vote_closures WHERE campaign_id = ?1", [campaign_id])?;
    tx.execute("DELETE FROM ballot_checks WHERE campaign_id = ?1", [campaign_id])?;
    tx.execute("DELETE FROM ballots WHERE campaign_id = ?1", [campaign_id])?;
    tx.execute("DELETE FROM phone_ballot_slots WHERE campaign_id = ?1", [campaign_id])?;
    tx.execute("DELETE FROM ballot_sheets WHERE campaign_id = ?1", [campaign_id])?;
    tx.execute("DELETE FROM ballot_codes WHERE campaign_id = ?1", [campaign_id])?;
    Ok(())
}
