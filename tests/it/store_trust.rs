//! The database's own files under attack: two databases sharing one `backups` folder, links
//! in place of the database, its backups folder or a backup, a restore while another
//! program has the file open, and a stale editor saving over text written elsewhere.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use shuzhi::Store;
use shuzhi::report::{Base, CONFLICT_REVISION_NOTE, report_editor, save_section_on, section_version, start_report};
use shuzhi::store::backup::{
    DATABASE_IN_USE, KEEP, automatic_backup, backup_to, backups_folder, check_backup, daily_backup_of_file,
    list_backups, listed_backup, restore,
};
use shuzhi::store::campaigns::list_campaigns;

use crate::SAMPLE_ID;
use crate::cli::{shuzhi, stderr};

const ACHIEVEMENTS: &str = "fp-2023-achievements";

fn sample_at(path: &Path) -> Store {
    let mut store = Store::open(path).unwrap();
    shuzhi::sample::load_sample_campaign(&mut store, "测试").unwrap();
    store
}

/// The daily backup is made beside the window's start, after the check beside, through a
/// connection of its own: a sound copy of the file as it was, once a day, while the window
/// goes on writing.
#[test]
fn the_daily_backup_made_beside_the_start_is_sound_and_made_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shuzhi.db");
    let mut store = sample_at(&path);
    let beside = shuzhi::database::check_beside_then_back_up(&store, &path);
    // The window writes meanwhile (a campaign of its own).
    let input = shuzhi::planning::CampaignInput {
        year: 2024,
        title: "2024年度述职评议".into(),
        organizer: "中共市卫生健康委员会委员会".into(),
        meeting_date: String::new(),
        earlier_year_confirmed: false,
    };
    shuzhi::planning::create_campaign(&mut store, &input, Some(SAMPLE_ID), "测试").unwrap();
    beside.join().unwrap();
    let daily: Vec<_> = list_backups(&path).into_iter().filter(|b| b.kind == "daily").collect();
    assert_eq!(daily.len(), 1, "{:?}", names(&daily));
    let copy = check_backup(Path::new(&daily[0].path)).unwrap();
    assert!(copy.campaigns.iter().any(|c| c.contains("2023")), "{:?}", copy.campaigns);
    shuzhi::database::check_beside_then_back_up(&store, &path).join().unwrap();
    assert_eq!(list_backups(&path).into_iter().filter(|b| b.kind == "daily").count(), 1, "one a day");
}

fn names(list: &[shuzhi::store::backup::BackupInfo]) -> Vec<String> {
    list.iter().map(|b| b.file_name.clone()).collect()
}

/// A second year, so that a restore of an earlier backup is seen in the campaign count.
fn add_a_year(store: &mut Store) {
    shuzhi::planning::create_campaign(
        store,
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
}

/// A program that keeps running until the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Running {
    /// Starts `shuzhi --db <db> <args>` and waits for the first line it prints.
    fn start(db: &Path, args: &[&str]) -> (Running, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shuzhi"))
            .arg("--db")
            .arg(db)
            .args(args)
            .env_remove("SHUZHI_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
        (Running(child), line)
    }
}

#[test]
fn two_databases_in_one_folder_keep_their_own_backups() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let (a, b) = (sample_at(&a_path), sample_at(&b_path));
    assert_eq!(backups_folder(&a_path), backups_folder(&b_path), "one folder for both");

    // Imports into one never prune the other's backups.
    automatic_backup(&b, "before-import").unwrap();
    for _ in 0..KEEP + 3 {
        automatic_backup(&a, "before-import").unwrap();
    }
    let (a_list, b_list) = (list_backups(&a_path), list_backups(&b_path));
    assert_eq!(a_list.len(), KEEP, "{:?}", names(&a_list));
    assert!(a_list.iter().all(|b| b.file_name.starts_with("a-")), "{:?}", names(&a_list));
    assert_eq!(names(&b_list).len(), 1, "{:?}", names(&b_list));
    assert!(b_list[0].file_name.starts_with("b-") && b_list[0].kind == "before-import");

    // Each gets its own daily backup.
    assert!(daily_backup_of_file(&a_path).unwrap().is_some());
    assert!(daily_backup_of_file(&b_path).unwrap().is_some(), "the other's daily backup is not this one's");
    assert!(daily_backup_of_file(&b_path).unwrap().is_none(), "one a day");

    // Neither offers, checks or restores the other's backups.
    let refused = listed_backup(&b_path, &a_list[0].file_name).unwrap_err().to_string();
    assert!(refused.starts_with("找不到备份“a-") && refused.contains("请从备份列表中选择"), "{refused}");
    drop(b);
    let restored = restore(&b_path, Path::new(&b_list[0].path)).unwrap();
    assert_eq!(list_campaigns(restored.conn()).unwrap().len(), 1);
    assert_eq!(list_backups(&a_path).len(), KEEP + 1, "a's backups untouched by b's restore");
    assert!(list_backups(&b_path).iter().any(|b| b.kind == "before-restore" && b.file_name.starts_with("b-")));
}

#[test]
fn two_programs_backing_up_in_the_same_second_each_keep_a_whole_copy() {
    // Two imports at once (two programs on one database) each make a before-import
    // backup; they must not write into one half-made file or take one name.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    drop(sample_at(&path));
    for _round in 0..2 {
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(4));
        let made: Vec<PathBuf> = (0..4)
            .map(|_| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    let store = Store::open(&path).unwrap();
                    barrier.wait();
                    automatic_backup(&store, "before-import").unwrap().unwrap()
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().unwrap())
            .collect();
        let mut distinct = made.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 4, "each backup has its own name: {made:?}");
        for backup in &made {
            let check = shuzhi::store::backup::check_backup(backup).unwrap();
            assert!(!check.campaigns.is_empty(), "{} is a whole copy: {check:?}", backup.display());
        }
    }
    let leftovers: Vec<_> = std::fs::read_dir(backups_folder(&path))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn backups_of_the_old_naming_stay_with_the_database_that_made_them() {
    let dir = tempfile::tempdir().unwrap();
    let only = dir.path().join("单位.db");
    let store = sample_at(&only);
    let old = backups_folder(&only).join("shuzhi-20240101-120000-daily.db");
    backup_to(store.conn(), &old).unwrap();
    // The one database in its folder: the old backups can only be its own.
    assert_eq!(names(&list_backups(&only)), vec!["shuzhi-20240101-120000-daily.db".to_string()]);
    // A second database in the folder: nobody can tell whose they were, so neither claims them.
    let second = dir.path().join("另一个.db");
    drop(sample_at(&second));
    assert!(list_backups(&only).is_empty() && list_backups(&second).is_empty());
    // The default database's backups always had these names: they are its own.
    let default = dir.path().join("shuzhi.db");
    drop(sample_at(&default));
    assert_eq!(names(&list_backups(&default)), vec!["shuzhi-20240101-120000-daily.db".to_string()]);
    // A file whose name only looks like a backup is not one.
    std::fs::write(backups_folder(&default).join("shuzhi-2024-20240101-120000-daily.db"), b"").unwrap();
    std::fs::write(backups_folder(&default).join("shuzhi-20240101-120000-evil.db"), b"").unwrap();
    assert_eq!(list_backups(&default).len(), 1);
}

#[cfg(unix)]
#[test]
fn a_backups_folder_that_is_a_link_is_refused_and_a_linked_backup_is_not_listed() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let db = dir.path().join("shuzhi.db");
    let store = sample_at(&db);
    std::os::unix::fs::symlink(&elsewhere, backups_folder(&db)).unwrap();
    let refused = automatic_backup(&store, "before-import").unwrap_err().to_string();
    assert!(refused.contains("是指向别处的链接") && refused.contains("请删除这个链接"), "{refused}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0, "no copy of the database written there");
    assert!(list_backups(&db).is_empty());

    // A link planted in a real backups folder, named like a backup, is not offered.
    std::fs::remove_file(backups_folder(&db)).unwrap();
    std::fs::create_dir(backups_folder(&db)).unwrap();
    let other = dir.path().join("other.db");
    drop(sample_at(&other));
    std::os::unix::fs::symlink(&other, backups_folder(&db).join("shuzhi-20240101-120000-daily.db")).unwrap();
    assert!(list_backups(&db).is_empty());
    assert!(listed_backup(&db, "shuzhi-20240101-120000-daily.db").is_err());
}

#[cfg(unix)]
#[test]
fn a_link_and_its_target_cannot_run_two_ballot_servers() {
    let (dir, target, _codes) = crate::sealed_vote::voting_database(2);
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    // A ballot server in another program, started through the link.
    let (_serving, line) = Running::start(&link, &["serve", "--campaign", SAMPLE_ID, "--bind", "127.0.0.1:0"]);
    assert!(line.contains("扫码测评服务已开启"), "{line}");
    let refused = shuzhi::meeting::phone::server::VoteServer::start(&target, SAMPLE_ID, "127.0.0.1:0").err().unwrap();
    assert!(refused.to_string().contains("这个数据库的扫码测评服务已经在运行"), "{refused}");
    // Nor is the file restored under it, whichever name the restore is given.
    let copy = dir.path().join("copy.db");
    backup_to(Store::open(&target).unwrap().conn(), &copy).unwrap();
    let refused = restore(&target, &copy).err().unwrap().to_string();
    assert_eq!(refused, shuzhi::store::ballot_lock::BALLOT_SERVER_RUNNING);
}

#[cfg(unix)]
#[test]
fn a_restore_through_a_link_restores_the_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    std::fs::create_dir(&real).unwrap();
    let target = real.join("data.db");
    let mut store = sample_at(&target);
    let copy = dir.path().join("copy.db");
    backup_to(store.conn(), &copy).unwrap();
    add_a_year(&mut store);
    drop(store);
    let link = dir.path().join("shuzhi.db");
    std::os::unix::fs::symlink(&target, &link).unwrap();

    let restored = restore(&link, &copy).unwrap();
    assert_eq!(list_campaigns(restored.conn()).unwrap().len(), 1);
    drop(restored);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");
    assert_eq!(list_campaigns(Store::open(&target).unwrap().conn()).unwrap().len(), 1, "the target is restored");
    // The copy kept before the restore is the target's, beside the target.
    let kept = list_backups(&target);
    assert!(kept.iter().any(|b| b.kind == "before-restore" && b.file_name.starts_with("data-")), "{:?}", names(&kept));
    assert!(!dir.path().join("backups").exists(), "nothing beside the link");

    // The command line through the link does the same.
    let done = shuzhi(&link, &["restore", copy.to_str().unwrap()]);
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
}

#[test]
fn a_restore_is_refused_while_another_program_has_the_database_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shuzhi.db");
    let mut store = sample_at(&db);
    let copy = dir.path().join("copy.db");
    backup_to(store.conn(), &copy).unwrap();
    add_a_year(&mut store);
    drop(store);
    let page = dir.path().join("page");
    std::fs::create_dir(&page).unwrap();
    std::fs::write(page.join("index.html"), "<!doctype html>").unwrap();

    // The browser app in another program has the file open.
    let (app, line) = Running::start(&db, &["app", "--no-open", "--page", page.to_str().unwrap()]);
    assert!(line.contains("请在浏览器中打开"), "{line}");
    let refused = restore(&db, &copy).err().unwrap().to_string();
    assert_eq!(refused, DATABASE_IN_USE);
    let by_cli = shuzhi(&db, &["restore", copy.to_str().unwrap()]);
    assert!(!by_cli.status.success());
    assert!(stderr(&by_cli).contains("这个数据库正被另一个程序打开"), "{}", stderr(&by_cli));
    assert_eq!(list_campaigns(Store::open(&db).unwrap().conn()).unwrap().len(), 2, "nothing replaced");

    // Once it has ended, the restore goes ahead.
    drop(app);
    let restored = restore(&db, &copy).unwrap();
    assert_eq!(list_campaigns(restored.conn()).unwrap().len(), 1);
}

/// The body and version of one section, as the editor loads them.
fn section(store: &Store, report: &str, id: &str) -> (String, String) {
    let editor = report_editor(store, report).unwrap();
    let section = editor.sections.into_iter().find(|s| s.focus_point_id == id).unwrap();
    assert_eq!(section.version, section_version(&section.body));
    (section.body, section.version)
}

fn revision_texts(store: &Store, report: &str) -> Vec<(String, String)> {
    shuzhi::store::reports::list_revisions(store.conn(), SAMPLE_ID)
        .unwrap()
        .into_iter()
        .filter(|r| r.report_id == report)
        .map(|r| {
            let body = r.sections.iter().find(|s| s.focus_point_id == ACHIEVEMENTS).map_or("", |s| &s.body);
            (r.note.clone(), body.to_string())
        })
        .collect()
}

#[test]
fn a_save_on_a_stale_base_keeps_both_texts_and_says_so() {
    let mut store = crate::sample_store();
    let report = start_report(&mut store, "sec-xy", "周慧").unwrap();
    let (_, loaded) = section(&store, &report, ACHIEVEMENTS);

    // The newer tab saves first; its base was current.
    let newer = "2023年，本人主持党委会12次，研究党建工作8次。";
    let saved = save_section_on(&mut store, &report, ACHIEVEMENTS, Base::Version(&loaded), newer).unwrap();
    assert!(saved.conflict.is_none());
    assert_eq!(saved.version, section_version(newer));

    // The stale tab saves on the base it loaded: the newer text is kept, and it is told.
    let stale = "本人抓党建。";
    let saved = save_section_on(&mut store, &report, ACHIEVEMENTS, Base::Version(&loaded), stale).unwrap();
    let conflict = saved.conflict.expect("a conflict");
    assert_eq!(conflict.other_text, newer);
    assert_eq!(
        conflict.message,
        format!(
            "这一节（一、履行抓基层党建第一责任人职责情况及主要成绩）已在别处修改（另一个窗口、浏览器标签页或命令行）。为免丢失，已把另一处的文字存为第 {0} 版，\
             这里的文字已保存为当前正文。如需另一处的文字，请查看第 {0} 版（可在“版本”中比较）。",
            conflict.revision_number
        )
    );
    assert_eq!(section(&store, &report, ACHIEVEMENTS).0, stale);
    assert_eq!(revision_texts(&store, &report), vec![(CONFLICT_REVISION_NOTE.to_string(), newer.to_string())]);

    // With the version it was given back, the next save is an ordinary one.
    let next = format!("{stale}补充。");
    let again = save_section_on(&mut store, &report, ACHIEVEMENTS, Base::Version(&saved.version), &next).unwrap();
    assert!(again.conflict.is_none());
    assert_eq!(revision_texts(&store, &report).len(), 1, "no revision without a conflict");
}

/// `shuzhi report edit` as a separate program; its answer as JSON.
fn edit(db: &Path, report: &str, base: Option<&str>, text: &str) -> serde_json::Value {
    let mut args = vec!["report", "edit", "--json", "--report", report, "--section", ACHIEVEMENTS, "--text", text];
    if let Some(base) = base {
        args.extend(["--base", base]);
    }
    let out = shuzhi(db, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn cli_started_report(dir: &Path) -> (PathBuf, String) {
    let db = dir.join("shuzhi.db");
    drop(sample_at(&db));
    let started = shuzhi(&db, &["report", "start", "--json", "--secretary", "sec-xy"]);
    assert!(started.status.success(), "{}", stderr(&started));
    let started: serde_json::Value = serde_json::from_slice(&started.stdout).unwrap();
    (db, started["report_id"].as_str().unwrap().to_string())
}

#[test]
fn two_programs_saving_one_section_on_one_base_keep_both_texts() {
    let dir = tempfile::tempdir().unwrap();
    let (db, report) = cli_started_report(dir.path());
    let shown = shuzhi(&db, &["report", "show", "--json", "--report", &report]);
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let base = shown["sections"][0]["version"].as_str().unwrap().to_string();

    // Two programs started together, each saving its own text on the same base.
    let bin = env!("CARGO_BIN_EXE_shuzhi");
    let texts = ["第一个程序写的文字。", "第二个程序写的文字。"];
    let children: Vec<Child> = texts
        .iter()
        .map(|text| {
            Command::new(bin)
                .arg("--db")
                .arg(&db)
                .args(["report", "edit", "--json", "--report", &report, "--section", ACHIEVEMENTS, "--base", &base])
                .args(["--text", text])
                .env_remove("SHUZHI_DB")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let answers: Vec<serde_json::Value> = children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            serde_json::from_slice(&out.stdout).unwrap()
        })
        .collect();
    // One saved on the current base; the other found it changed and kept it as a revision.
    let conflicts: Vec<&serde_json::Value> = answers.iter().filter(|a| !a["conflict"].is_null()).collect();
    assert_eq!(conflicts.len(), 1, "{answers:?}");
    let store = Store::open(&db).unwrap();
    let (current, _) = section(&store, &report, ACHIEVEMENTS);
    let kept = revision_texts(&store, &report);
    assert_eq!(kept.len(), 1);
    let mut both = vec![current.clone(), kept[0].1.clone()];
    both.sort();
    assert_eq!(both, vec![texts[0].to_string(), texts[1].to_string()], "both texts are kept");
    assert_eq!(conflicts[0]["conflict"]["other_text"].as_str(), Some(kept[0].1.as_str()));
    assert!(
        conflicts[0]["conflict"]["message"]
            .as_str()
            .unwrap()
            .starts_with("这一节（一、履行抓基层党建第一责任人职责情况及主要成绩）已在别处修改")
    );
}

#[test]
fn a_script_that_names_no_base_never_wipes_text_it_did_not_see() {
    let dir = tempfile::tempdir().unwrap();
    let (db, report) = cli_started_report(dir.path());
    // Into an empty section: nothing to keep.
    let first = edit(&db, &report, None, "窗口里写的文字。");
    assert!(first["conflict"].is_null(), "{first}");
    // Over text the script never saw: that text is kept first.
    let second = edit(&db, &report, None, "脚本写的文字。");
    assert_eq!(second["conflict"]["other_text"], "窗口里写的文字。");
    // And it is not told the text was changed elsewhere: it cannot be known.
    let said = second["conflict"]["message"].as_str().unwrap();
    assert!(said.contains("没有给出所依据的版本（--base）") && !said.contains("已在别处修改"), "{said}");
    // On the version it was given back: an ordinary save.
    let third = edit(&db, &report, second["version"].as_str(), "脚本再改。");
    assert!(third["conflict"].is_null(), "{third}");
    let store = Store::open(&db).unwrap();
    assert_eq!(revision_texts(&store, &report), vec![(CONFLICT_REVISION_NOTE.into(), "窗口里写的文字。".into())]);
}

#[cfg(unix)]
#[test]
fn the_database_and_its_backups_are_this_users_alone() {
    // Reproduces: under the usual umask 022 the database, its -wal and -shm, the backups
    // folder and every backup in it could be read by every account on the computer.
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shuzhi.db");
    let store = sample_at(&db);
    automatic_backup(&store, "before-import").unwrap();
    let (manual, _) = shuzhi::store::backup::manual_backup(store.conn(), &db).unwrap();
    assert_eq!(mode(&db), 0o600);
    for beside in ["shuzhi.db-wal", "shuzhi.db-shm"] {
        let path = dir.path().join(beside);
        if path.exists() {
            assert_eq!(mode(&path), 0o600, "{beside}");
        }
    }
    assert_eq!(mode(&backups_folder(&db)), 0o700);
    for backup in list_backups(&db) {
        assert_eq!(mode(Path::new(&backup.path)), 0o600, "{}", backup.file_name);
    }
    assert_eq!(mode(&manual), 0o600);
    let elsewhere = dir.path().join("u盘备份.db");
    backup_to(store.conn(), &elsewhere).unwrap();
    assert_eq!(mode(&elsewhere), 0o600, "a copy written elsewhere is private too");
    drop(store);

    // A database and backups folder an older version left open to others are closed.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(backups_folder(&db), std::fs::Permissions::from_mode(0o755)).unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(mode(&db), 0o600);
    automatic_backup(&store, "before-import").unwrap();
    assert_eq!(mode(&backups_folder(&db)), 0o700);
}
