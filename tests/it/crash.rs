//! Crash safety: the `shuzhi` process is killed (SIGKILL) at different moments while it
//! imports a campaign, a report package and a return package; afterwards the database
//! opens cleanly and holds either all of the change or none of it.

use std::process::{Command, Stdio};
use std::time::Duration;

use shuzhi::Store;

use crate::SAMPLE_ID;

fn kill_after(args: &[&str], db: &std::path::Path, delay_ms: u64) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shuzhi"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SHUZHI_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(delay_ms));
    let finished = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    let _ = child.wait();
    finished
}

/// A database file with the sample, after `prepare`; then `args` run and are killed after
/// `delay_ms`; returns the database opened again, checked sound.
fn killed_on_sample(db: &std::path::Path, prepare: impl FnOnce(&mut Store), args: &[&str], delay_ms: u64) -> Store {
    let mut store = Store::open(db).unwrap();
    shuzhi::sample::load_sample_campaign(&mut store, "测试").unwrap();
    prepare(&mut store);
    drop(store);
    kill_after(args, db, delay_ms);
    let store = Store::open(db).unwrap();
    assert!(store.health().unwrap().problems.is_empty(), "after {delay_ms} ms");
    store
}

fn report_zyy(store: &Store) -> shuzhi::domain::Report {
    shuzhi::store::reports::list_reports(store.conn(), SAMPLE_ID)
        .unwrap()
        .into_iter()
        .find(|r| r.id == "rep-zyy")
        .unwrap()
}

#[test]
fn killing_an_import_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // A heavier document: the sample with 3 000 more audit lines, so the import takes a while.
    let mut value = crate::sample_value();
    let extra: Vec<serde_json::Value> = (0..3000)
        .map(|i| {
            serde_json::json!({"at": "2023-12-01T08:00:00+08:00", "actor": "测试", "action": "note",
                "entity": "campaign", "entity_id": SAMPLE_ID, "detail": format!("第 {i} 条")})
        })
        .collect();
    value["audit_log"].as_array_mut().unwrap().extend(extra);
    let file = dir.path().join("big.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&value).unwrap()).unwrap();
    let document = shuzhi::exchange::parse_document("big.json", &std::fs::read(&file).unwrap()).unwrap();
    let expected = shuzhi::exchange::to_json_bytes(&document);

    let mut outcomes = (0, 0);
    for (i, delay) in [5u64, 15, 30, 60, 100, 160, 250, 400].iter().enumerate() {
        let db = dir.path().join(format!("kill-{i}.db"));
        kill_after(&["import", file.to_str().unwrap()], &db, *delay);
        if !db.exists() {
            outcomes.0 += 1;
            continue;
        }
        let store = Store::open(&db).unwrap_or_else(|e| panic!("after {delay} ms the database does not open: {e}"));
        assert!(store.health().unwrap().problems.is_empty(), "after {delay} ms");
        match shuzhi::store::campaigns::list_campaigns(store.conn()).unwrap().len() {
            0 => outcomes.0 += 1,
            1 => {
                let exported = shuzhi::exchange::export_campaign(&store, SAMPLE_ID).unwrap();
                let mut exported_doc = exported.clone();
                exported_doc.format_version = document.format_version;
                assert!(
                    shuzhi::exchange::to_json_bytes(&exported_doc) == expected,
                    "after {delay} ms: a partial import"
                );
                outcomes.1 += 1;
            }
            n => panic!("{n} campaigns"),
        }
    }
    println!("killed imports: {} with nothing, {} with everything", outcomes.0, outcomes.1);
}

#[test]
fn killing_a_package_import_leaves_the_report_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut secretary = crate::sample_store();
    shuzhi::report::save_section(&mut secretary, "rep-zyy", "fp-2023-achievements", "交换包里的新内容。").unwrap();
    let package = dir.path().join("p.szpkg");
    std::fs::write(&package, shuzhi::package::export_report_package(&secretary, "rep-zyy").unwrap()).unwrap();
    for (i, delay) in [5u64, 20, 40, 80, 150].iter().enumerate() {
        let db = dir.path().join(format!("org-{i}.db"));
        let store = killed_on_sample(&db, |_| {}, &["package", "import", package.to_str().unwrap()], *delay);
        let report = report_zyy(&store);
        let bodies: Vec<&str> = report.sections.iter().map(|s| s.body.as_str()).collect();
        let new = bodies.contains(&"交换包里的新内容。");
        // Either the old report (all its sections) or the new one, never a mix or a loss.
        assert_eq!(report.sections.len(), 4, "after {delay} ms: {bodies:?}");
        if !new {
            assert!(bodies.iter().any(|b| !b.is_empty()), "after {delay} ms the old text is kept");
        }
    }
}

#[test]
fn killing_a_return_import_leaves_the_secretary_before_or_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = crate::sample_store();
    let sent = crate::returns::revise_and_send(&mut model);
    let organizer = crate::returns::organizer_reviews(&sent);
    let back = dir.path().join("r.szpkg");
    std::fs::write(&back, shuzhi::package::export_return_package(&organizer, "sec-zyy").unwrap()).unwrap();
    for (i, delay) in [5u64, 20, 40, 80, 150].iter().enumerate() {
        let db = dir.path().join(format!("sec-{i}.db"));
        let send = |store: &mut Store| {
            crate::package_trust::her_computer(store);
            crate::returns::revise_and_send(store);
        };
        let store = killed_on_sample(&db, send, &["package", "import", back.to_str().unwrap()], *delay);
        let report = report_zyy(&store);
        let approvals = shuzhi::store::reports::list_approvals(store.conn(), SAMPLE_ID)
            .unwrap()
            .into_iter()
            .filter(|a| a.report_id == "rep-zyy")
            .count();
        let result = shuzhi::meeting::personal_result(&store, "sec-zyy").unwrap();
        // Before: submitted, the one old approval, no result. After: approved, four, a result.
        let state = (report.status, approvals, result.is_some());
        assert!(
            state == (shuzhi::domain::ReportStatus::Submitted, 1, false)
                || state == (shuzhi::domain::ReportStatus::Approved, 4, true),
            "after {delay} ms: {state:?}"
        );
        assert_eq!(report.sections.len(), 4);
    }
}
