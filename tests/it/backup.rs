//! Backups and restore: automatic before imports and migrations, kept to a number,
//! checked before a restore, and a failed restore changes nothing.

use shuzhi::Store;
use shuzhi::store::backup::{KEEP, automatic_backup, backup_to, backups_folder, check_backup, list_backups, restore};
use shuzhi::store::campaigns::list_campaigns;

use crate::SAMPLE_ID;

fn file_store(dir: &std::path::Path) -> (Store, std::path::PathBuf) {
    let path = dir.join("shuzhi.db");
    let mut store = Store::open(&path).unwrap();
    shuzhi::sample::load_sample_campaign(&mut store, "测试").unwrap();
    (store, path)
}

#[test]
fn a_backup_is_a_sound_copy_and_an_import_is_preceded_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, path) = file_store(dir.path());
    // The sample was loaded into an empty database: nothing to back up then.
    assert!(list_backups(&path).is_empty());
    let copy = dir.path().join("copy.db");
    let bytes = backup_to(store.conn(), &copy).unwrap();
    assert!(bytes > 10_000);
    let check = check_backup(&copy).unwrap();
    assert_eq!(check.campaigns.len(), 1);
    assert!(check.campaigns[0].starts_with("2023年度"));

    // A roster imported into a new year: the database is backed up first.
    let created = shuzhi::planning::create_campaign(
        &mut store,
        &shuzhi::planning::CampaignInput {
            year: 2024,
            title: "2024".into(),
            organizer: "中共市卫生健康委员会委员会".into(),
            meeting_date: String::new(),
            earlier_year_confirmed: false,
        },
        Some(SAMPLE_ID),
        "测试",
    )
    .unwrap();
    let rows = vec![shuzhi::planning::RosterRow {
        line: 2,
        unit: "市中医院".into(),
        organization: "针灸科党支部".into(),
        kind: "党支部".into(),
        parent: "中共市中医院委员会".into(),
        name: "周强".into(),
        title: "支部书记".into(),
    }];
    shuzhi::planning::import_roster(&mut store, &created.campaign_id, &rows, "测试").unwrap();
    let backups = list_backups(&path);
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].kind, "before-import");
    assert_eq!(check_backup(std::path::Path::new(&backups[0].path)).unwrap().campaigns.len(), 2);

    // Kept to KEEP per kind.
    for _ in 0..KEEP + 3 {
        automatic_backup(&store, "daily").unwrap();
    }
    assert_eq!(list_backups(&path).iter().filter(|b| b.kind == "daily").count(), KEEP);
}

#[test]
fn a_database_is_backed_up_before_it_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    rusqlite::Connection::open(&path).unwrap().execute_batch(include_str!("../fixtures/schema_v2.sql")).unwrap();
    let store = Store::open(&path).unwrap();
    drop(store);
    let backups = list_backups(&path);
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].kind, "before-migration-v2");
    assert_eq!(check_backup(std::path::Path::new(&backups[0].path)).unwrap().schema_version, 2);
    // Opening again migrates nothing and backs up nothing.
    drop(Store::open(&path).unwrap());
    assert_eq!(list_backups(&path).len(), 1);
}

#[test]
fn restore_puts_the_backup_in_place_and_keeps_the_current_database() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, path) = file_store(dir.path());
    let copy = dir.path().join("before.db");
    backup_to(store.conn(), &copy).unwrap();
    shuzhi::planning::create_campaign(
        &mut store,
        &shuzhi::planning::CampaignInput {
            year: 2024,
            title: "2024".into(),
            organizer: "中共市卫生健康委员会委员会".into(),
            meeting_date: String::new(),
            earlier_year_confirmed: false,
        },
        None,
        "测试",
    )
    .unwrap();
    drop(store);
    let restored = restore(&path, &copy).unwrap();
    assert_eq!(list_campaigns(restored.conn()).unwrap().len(), 1, "the 2024 campaign is gone");
    let before = list_backups(&path).into_iter().find(|b| b.kind == "before-restore").unwrap();
    assert_eq!(check_backup(std::path::Path::new(&before.path)).unwrap().campaigns.len(), 2, "and kept aside");
    assert!(restored.health().unwrap().problems.is_empty());
}

#[test]
fn a_bad_backup_is_refused_and_the_database_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = file_store(dir.path());
    drop(store);
    let refused = |file: &std::path::Path| match restore(&path, file) {
        Ok(_) => panic!("{} was restored", file.display()),
        Err(error) => error.to_string(),
    };

    let text = dir.path().join("notes.db");
    std::fs::write(&text, "这不是数据库").unwrap();
    assert!(refused(&text).contains("不是述职评议助手的数据库"), "{}", refused(&text));

    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t (x);").unwrap();
    assert!(refused(&foreign).contains("不是述职评议助手的数据库"));

    let newer = dir.path().join("newer.db");
    let conn = rusqlite::Connection::open(&newer).unwrap();
    conn.pragma_update(None, "application_id", shuzhi::store::APPLICATION_ID).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    conn.execute_batch("CREATE TABLE t (x);").unwrap();
    drop(conn);
    assert!(refused(&newer).contains("由更新版本的述职评议助手创建"));

    // A copy cut short in the middle.
    let good = dir.path().join("good.db");
    backup_to(Store::open(&path).unwrap().conn(), &good).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.path().join("cut.db");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    let message = refused(&cut);
    assert!(message.contains("未通过检查") || message.contains("不是述职评议助手的数据库"), "{message}");

    let missing = refused(&dir.path().join("missing.db"));
    assert!(missing.contains("找不到备份文件"), "{missing}");

    // Nothing changed: the sample is still there and no before-restore copy was made.
    let store = Store::open(&path).unwrap();
    assert_eq!(list_campaigns(store.conn()).unwrap().len(), 1);
    assert!(list_backups(&path).iter().all(|b| b.kind != "before-restore"));
    assert!(backups_folder(&path).starts_with(dir.path()));
}

#[test]
fn a_backup_is_named_only_as_the_list_shows_it() {
    // Reproduces: the window's backup, check and restore commands took any path the page gave.
    let dir = tempfile::tempdir().unwrap();
    let (store, db) = file_store(dir.path());
    let made = automatic_backup(&store, "manual").unwrap().unwrap();
    let listed = list_backups(&db);
    assert_eq!(listed.len(), 1);
    assert_eq!(shuzhi::store::backup::listed_backup(&db, &listed[0].file_name).unwrap(), made);
    let elsewhere = dir.path().join("elsewhere.db");
    std::fs::copy(&made, &elsewhere).unwrap();
    for name in [elsewhere.to_str().unwrap(), "../elsewhere.db", "../../../../etc/passwd", "", "shuzhi.db"] {
        let message = shuzhi::store::backup::listed_backup(&db, name).unwrap_err().to_string();
        assert!(message.contains("请从备份列表中选择"), "{name}: {message}");
    }
}

#[test]
fn a_restore_waits_for_nobody_who_has_the_database_open() {
    // An idle connection holds no SQLite lock: the shared lock beside the file shows it.
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = file_store(dir.path());
    let copy = dir.path().join("copy.db");
    backup_to(store.conn(), &copy).unwrap();
    let refused = restore(&path, &copy).err().expect("refused while the store is open");
    assert_eq!(refused.to_string(), shuzhi::store::backup::DATABASE_IN_USE);
    assert!(list_backups(&path).iter().all(|b| b.kind != "before-restore"), "nothing was done");
    drop(store);
    restore(&path, &copy).unwrap();
}
