//! The schema's history: an append-only list of migrations keyed by
//! `PRAGMA user_version`. A shipped migration is never edited; a change to the
//! schema is a new entry at the end, and `tests/fixtures/schema_vN.sql` freezes
//! each shipped version so the upgrade test can start from it.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// Every migration, in order; entry `i` brings the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_evidence_content.sql"),
    include_str!("migrations/0003_meeting.sql"),
    include_str!("migrations/0004_returns.sql"),
    include_str!("migrations/0005_sealed_vote.sql"),
    include_str!("migrations/0006_workstation.sql"),
    include_str!("migrations/0007_trust.sql"),
    include_str!("migrations/0008_channel.sql"),
    include_str!("migrations/0009_year_rules.sql"),
    include_str!("migrations/0010_history.sql"),
    include_str!("migrations/0011_history_records.sql"),
];

/// The schema version this program writes.
pub fn latest_version() -> u32 {
    MIGRATIONS.len() as u32
}

/// Brings the database up to [`latest_version`] in one transaction, or refuses a
/// database newer than this program.
pub fn migrate(conn: &mut Connection, label: &str) -> Result<()> {
    let found: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let supported = latest_version();
    if found > supported {
        return Err(Error::DatabaseTooNew { path: label.to_string(), found, supported });
    }
    if found == supported {
        return Ok(());
    }
    let transaction = conn.transaction()?;
    for migration in &MIGRATIONS[found as usize..] {
        transaction.execute_batch(migration)?;
    }
    transaction.pragma_update(None, "user_version", supported)?;
    // Marked as ours in the same transaction as the schema: a crash right after the
    // commit must not leave tables in a file that does not say whose it is.
    transaction.pragma_update(None, "application_id", super::APPLICATION_ID)?;
    transaction.commit()?;
    Ok(())
}
