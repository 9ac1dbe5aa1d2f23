//! Opening databases: settings, refusals, and the upgrade from a frozen old schema.

use shuzhi::Store;
use shuzhi::store::migrations;

use crate::{SAMPLE_ID, new_store};

/// The schema as SQLite reports it, sorted, for comparing two databases.
fn schema_of(conn: &rusqlite::Connection) -> Vec<(String, String, String)> {
    let mut statement = conn
        .prepare(
            "SELECT type, name, ifnull(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
        )
        .unwrap();
    statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn a_new_database_uses_wal_foreign_keys_and_the_latest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("new.db")).unwrap();
    let conn = store.conn();
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    let foreign_keys: i32 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
    let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(foreign_keys, 1);
    assert_eq!(version, migrations::latest_version());
    assert!(store.integrity_problems().unwrap().is_empty());
}

#[test]
fn a_database_from_a_newer_program_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    drop(Store::open(&path).unwrap());
    let future = migrations::latest_version() + 1;
    rusqlite::Connection::open(&path).unwrap().pragma_update(None, "user_version", future).unwrap();
    let error = Store::open(&path).err().expect("a newer database must be refused");
    assert_eq!(
        error.to_string(),
        format!(
            "数据库文件 {} 由更新版本的述职评议助手创建（数据库版本 {future}，本程序最高支持 {}）。\
             请升级述职评议助手后再打开；本程序没有改动该文件。",
            path.display(),
            migrations::latest_version()
        )
    );
    let version: u32 =
        rusqlite::Connection::open(&path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, future, "the refused file keeps its version");
}

#[test]
fn a_file_that_is_not_our_database_is_refused_without_change() {
    let dir = tempfile::tempdir().unwrap();
    let text_file = dir.path().join("notes.db");
    std::fs::write(&text_file, "这不是数据库，只是一段文字。".repeat(100)).unwrap();
    let before = std::fs::read(&text_file).unwrap();
    let error = Store::open(&text_file).err().expect("a text file is not a database");
    assert!(error.to_string().starts_with(&format!("文件 {} 不是述职评议助手的数据库，或已损坏", text_file.display())));
    assert_eq!(std::fs::read(&text_file).unwrap(), before);

    let other_app = dir.path().join("other.db");
    rusqlite::Connection::open(&other_app).unwrap().execute_batch("CREATE TABLE songs (title TEXT);").unwrap();
    let error = Store::open(&other_app).err().expect("another program's database is refused");
    assert!(error.to_string().contains("不是述职评议助手的数据库"), "{error}");
    let tables: u32 = rusqlite::Connection::open(&other_app)
        .unwrap()
        .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 1, "nothing was added to the other program's database");
}

#[test]
fn every_frozen_schema_upgrades_to_the_fresh_schema_and_keeps_its_data() {
    let fixtures: [(u32, &str); 5] = [
        (1, include_str!("../fixtures/schema_v1.sql")),
        (2, include_str!("../fixtures/schema_v2.sql")),
        (3, include_str!("../fixtures/schema_v3.sql")),
        (4, include_str!("../fixtures/schema_v4.sql")),
        (5, include_str!("../fixtures/schema_v5.sql")),
    ];
    assert_eq!(
        fixtures.len() as u32,
        migrations::latest_version(),
        "freeze tests/fixtures/schema_vN.sql for each version"
    );
    for (version, fixture) in fixtures {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("v{version}.db"));
        rusqlite::Connection::open(&path).unwrap().execute_batch(fixture).unwrap();

        let upgraded = Store::open(&path).unwrap();
        let fresh = new_store();
        assert_eq!(schema_of(upgraded.conn()), schema_of(fresh.conn()), "schema after upgrading v{version}");
        let found: u32 = upgraded.conn().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(found, migrations::latest_version());
        let summaries = shuzhi::store::campaigns::list_campaigns(upgraded.conn()).unwrap();
        assert_eq!(summaries.len(), 1);
        assert_eq!(summaries[0].id, SAMPLE_ID);
        assert_eq!(summaries[0].secretaries, 10);
        let health = upgraded.health().unwrap();
        assert!(health.problems.is_empty(), "v{version}: {:?}", health.problems);
        // The data reads back whole: the sample exports as the current sample.
        let exported =
            shuzhi::exchange::to_json_bytes(&shuzhi::exchange::export_campaign(&upgraded, SAMPLE_ID).unwrap());
        assert!(exported == shuzhi::sample::SAMPLE_CAMPAIGN_JSON.as_bytes(), "v{version} data changed on upgrade");
    }
}

#[test]
fn migrations_run_in_one_transaction_so_a_failing_one_changes_nothing() {
    // A database whose tables clash with migration 1 makes it fail half way.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clash.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "application_id", shuzhi::store::APPLICATION_ID).unwrap();
    conn.execute_batch("CREATE TABLE audit_log (x TEXT);").unwrap();
    drop(conn);
    assert!(Store::open(&path).is_err());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(tables, vec!["audit_log".to_string()], "the earlier tables of the migration were rolled back");
    let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, 0);
}
