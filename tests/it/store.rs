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
    let fixtures: [(u32, &str); 11] = [
        (1, include_str!("../fixtures/schema_v1.sql")),
        (2, include_str!("../fixtures/schema_v2.sql")),
        (3, include_str!("../fixtures/schema_v3.sql")),
        (4, include_str!("../fixtures/schema_v4.sql")),
        (5, include_str!("../fixtures/schema_v5.sql")),
        (6, include_str!("../fixtures/schema_v6.sql")),
        (7, include_str!("../fixtures/schema_v7.sql")),
        (8, include_str!("../fixtures/schema_v8.sql")),
        (9, include_str!("../fixtures/schema_v9.sql")),
        (10, include_str!("../fixtures/schema_v10.sql")),
        (11, include_str!("../fixtures/schema_v11.sql")),
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
    let refused = Store::open(&path).err().unwrap().to_string();
    assert!(refused.contains("table audit_log already exists"), "{refused}");
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

/// Makes `folder` read-only as the person would meet it: a read-only mount when the tests
/// run as root on Linux (root writes through file permissions), the permissions otherwise,
/// and on Windows the files' read-only attribute (which binds administrators too).
/// Returns the folder to use and a guard that undoes it.
#[cfg(unix)]
fn read_only_view(folder: &std::path::Path) -> (std::path::PathBuf, impl Drop) {
    use std::os::unix::fs::PermissionsExt;
    struct Undo(std::path::PathBuf, bool);
    impl Drop for Undo {
        fn drop(&mut self) {
            if self.1 {
                let _ = std::process::Command::new("umount").arg(&self.0).status();
            } else {
                let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
            }
        }
    }
    let root = std::process::Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    if root {
        let view = folder.with_extension("ro");
        std::fs::create_dir_all(&view).unwrap();
        let mount = |args: &[&str]| {
            assert!(std::process::Command::new("mount").args(args).status().unwrap().success(), "mount {args:?}");
        };
        mount(&["--bind", folder.to_str().unwrap(), view.to_str().unwrap()]);
        mount(&["-o", "remount,bind,ro", view.to_str().unwrap()]);
        (view.clone(), Undo(view, true))
    } else {
        for entry in std::fs::read_dir(folder).unwrap() {
            std::fs::set_permissions(entry.unwrap().path(), std::fs::Permissions::from_mode(0o444)).unwrap();
        }
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o555)).unwrap();
        (folder.to_path_buf(), Undo(folder.to_path_buf(), false))
    }
}

#[cfg(windows)]
fn read_only_view(folder: &std::path::Path) -> (std::path::PathBuf, impl Drop) {
    use std::os::windows::fs::OpenOptionsExt;
    fn set_read_only(folder: &std::path::Path, read_only: bool) {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let mut permissions = std::fs::metadata(&path).unwrap().permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            permissions.set_readonly(read_only);
            std::fs::set_permissions(&path, permissions).unwrap();
        }
    }
    struct Undo(std::path::PathBuf, Vec<std::fs::File>);
    impl Drop for Undo {
        fn drop(&mut self) {
            self.1.clear();
            set_read_only(&self.0, false);
        }
    }
    set_read_only(folder, true);
    // An administrator (or wine run as root) may write through the attribute; a handle
    // that shares the file for reading only makes every writer fail as Windows makes it
    // fail for a read-only file.
    const FILE_SHARE_READ: u32 = 1;
    let held = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| {
            std::fs::OpenOptions::new().read(true).share_mode(FILE_SHARE_READ).open(entry.unwrap().path()).unwrap()
        })
        .collect();
    (folder.to_path_buf(), Undo(folder.to_path_buf(), held))
}

#[test]
fn a_read_only_database_is_called_read_only_and_left_as_it_was() {
    // Reproduces: a read-only database was reported as "不是述职评议助手的数据库，或已损坏".
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("data");
    std::fs::create_dir(&folder).unwrap();
    let mut store = Store::open(&folder.join("shuzhi.db")).unwrap();
    shuzhi::sample::load_sample_campaign(&mut store, "测试").unwrap();
    store.truncate_wal().unwrap();
    drop(store);
    let before = std::fs::read(folder.join("shuzhi.db")).unwrap();
    let (view, _undo) = read_only_view(&folder);
    let message = Store::open(&view.join("shuzhi.db")).err().unwrap().to_string();
    assert!(message.contains("是只读的（或它所在的文件夹不能写入）"), "{message}");
    assert!(!message.contains("不是述职评议助手的数据库"), "{message}");
    let out = crate::cli::shuzhi(&view.join("shuzhi.db"), &["campaigns"]);
    assert!(!out.status.success());
    let said = crate::cli::stderr(&out);
    assert!(said.contains("是只读的"), "{said}");
    drop(_undo);
    assert_eq!(std::fs::read(folder.join("shuzhi.db")).unwrap(), before, "the file is unchanged");
}

/// A database file with the sample, and a sound backup of it beside it.
fn sample_with_backup(dir: &std::path::Path) -> (Store, std::path::PathBuf, std::path::PathBuf) {
    let db = dir.join("shuzhi.db");
    let mut store = Store::open(&db).unwrap();
    shuzhi::sample::load_sample_campaign(&mut store, "测试").unwrap();
    let good = dir.join("good.db");
    shuzhi::store::backup::backup_to(store.conn(), &good).unwrap();
    (store, db, good)
}

#[test]
fn once_damage_is_known_nothing_more_is_written_until_a_backup_is_restored() {
    // Reproduces: a damaged database accepted later writes.
    let dir = tempfile::tempdir().unwrap();
    let (mut store, db, good) = sample_with_backup(dir.path());
    store
        .conn()
        .execute_batch(
            "PRAGMA foreign_keys = OFF; UPDATE secretaries SET organization_id = 'gone' WHERE id = 'sec-jj';",
        )
        .unwrap();
    store.conn().execute_batch("PRAGMA foreign_keys = ON").unwrap();
    let health = shuzhi::database::check_database(&store).unwrap();
    assert_eq!(health.problems.len(), 1);
    assert!(health.writes_stopped && store.writes_stopped());
    let text = "2023年，本人主持党委会12次。";
    let refused =
        shuzhi::report::save_section(&mut store, "rep-zyy", "fp-2023-achievements", text).unwrap_err().to_string();
    assert!(refused.contains("程序已停止写入") && refused.contains("从最近的备份恢复"), "{refused}");
    assert!(shuzhi::database::check_database(&store).is_ok(), "reading and checking go on");
    drop(store);

    let mut restored = shuzhi::store::backup::restore(&db, &good).unwrap();
    assert!(!restored.writes_stopped());
    shuzhi::report::save_section(&mut restored, "rep-zyy", "fp-2023-achievements", text).unwrap();
}

#[test]
fn a_database_with_overwritten_pages_can_still_be_restored_and_is_kept() {
    // The before-restore copy of a file SQLite cannot copy any more is the file itself.
    let dir = tempfile::tempdir().unwrap();
    let (store, db, good) = sample_with_backup(dir.path());
    store.truncate_wal().unwrap();
    drop(store);
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[4096 * 3..4096 * 7].fill(0xff);
    std::fs::write(&db, &bytes).unwrap();

    let restored = shuzhi::store::backup::restore(&db, &good).unwrap();
    assert!(shuzhi::database::check_database(&restored).unwrap().problems.is_empty());
    let kept = shuzhi::store::backup::list_backups(&db).into_iter().find(|b| b.kind == "before-restore").unwrap();
    assert_eq!(std::fs::read(&kept.path).unwrap(), bytes, "the damaged file is kept as it was");
}

#[test]
fn the_upgrade_to_version_8_gives_each_category_the_way_it_voted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.db");
    let old = rusqlite::Connection::open(&path).unwrap();
    old.execute_batch(include_str!("../fixtures/schema_v7.sql")).unwrap();
    // Codes and no sheets for the members; sheets and codes for the leaders; sheets only
    // for the deputies.
    old.execute_batch(
        "INSERT INTO ballot_codes (campaign_id, code, category_id, position, used)
           VALUES ('sample-2023-swjw', 'k1', 'cat-members', 1, 0), ('sample-2023-swjw', 'k2', 'cat-leaders', 2, 0);
         INSERT INTO ballot_sheets (campaign_id, serial, category_id, position)
           VALUES ('sample-2023-swjw', '1-001', 'cat-leaders', 1), ('sample-2023-swjw', '2-001', 'cat-deputies', 2);",
    )
    .unwrap();
    drop(old);
    let store = Store::open(&path).unwrap();
    let ways: Vec<(String, shuzhi::domain::BallotChannel)> =
        shuzhi::store::meeting::list_rater_categories(store.conn(), crate::SAMPLE_ID)
            .unwrap()
            .into_iter()
            .map(|c| (c.id, c.ballot_channel))
            .collect();
    use shuzhi::domain::BallotChannel::{Paper, Phone};
    assert!(ways.contains(&("cat-members".into(), Phone)), "{ways:?}");
    assert!(ways.contains(&("cat-leaders".into(), Paper)), "sheets were printed: paper, and its codes no longer vote");
    assert!(ways.contains(&("cat-deputies".into(), Paper)));
    assert!(ways.contains(&("cat-secretaries".into(), Paper)));
}

#[test]
fn a_write_that_waited_too_long_for_another_program_says_busy_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("busy.db");
    let mut first = Store::open(&path).unwrap();
    shuzhi::sample::load_sample_campaign(&mut first, "测试").unwrap();
    let mut second = Store::open(&path).unwrap();
    let held = first.begin_write().unwrap();
    let error = shuzhi::report::save_section(&mut second, "rep-zyy", "fp-2023-achievements", "新写的一段").unwrap_err();
    assert!(error.to_string().starts_with("数据库正忙"), "{error}");
    drop(held);
    shuzhi::report::save_section(&mut second, "rep-zyy", "fp-2023-achievements", "新写的一段").unwrap();
}

/// A figure kept for the screens is worked out again as soon as anything is written,
/// through this connection or by another program on the same file.
#[test]
fn a_remembered_figure_is_worked_out_again_once_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shuzhi.db");
    let mut store = Store::open(&path).unwrap();
    shuzhi::sample::load_sample_campaign(&mut store, "测试").unwrap();
    let made = std::cell::Cell::new(0);
    let read = |store: &Store| {
        *store
            .remembered("count", || {
                made.set(made.get() + 1);
                Ok(made.get())
            })
            .unwrap()
    };
    assert_eq!((read(&store), read(&store)), (1, 1), "kept while nothing changes");
    store.conn().execute("UPDATE secretaries SET name = name || '' WHERE id = 'sec-jg'", []).unwrap();
    assert_eq!(read(&store), 2, "a row written through this connection");
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute("UPDATE secretaries SET title = title || '·' WHERE id = 'sec-jg'", []).unwrap();
    assert_eq!((read(&store), read(&store)), (3, 3), "a commit by another program");
}
