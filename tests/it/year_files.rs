//! The year's file from the organizer to each secretary: one file per secretary, holding
//! only what is hers, that her computer takes as her start.

use shuzhi::domain::Role;
use shuzhi::exchange::{export_campaign, secretary_copy, secretary_files};
use shuzhi::meeting;

use crate::meeting::{ballot, printed};
use crate::{SAMPLE_ID, new_store};

/// The organizer's year after the vote: ballots, codes, raters, a seal and a log.
fn organizers_year() -> shuzhi::Store {
    let mut store = printed();
    meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot("1-001", "1111111112"), "测试").unwrap();
    meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    store
}

#[test]
fn each_secretary_gets_a_file_of_her_own_with_nothing_of_the_others() {
    let organizer = organizers_year();
    let whole = export_campaign(&organizer, SAMPLE_ID).unwrap();
    let files = secretary_files(&whole).unwrap();
    assert_eq!(files.len(), whole.secretaries.len());
    let mut names: Vec<&str> = files.iter().map(|f| f.file_name.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), files.len(), "every file has a name of its own");
    let hers = files.iter().find(|f| f.file_name.starts_with("李秀兰（")).expect("李秀兰's file");
    assert!(hers.file_name.ends_with("2023年度数据.json"), "{}", hers.file_name);

    let text = String::from_utf8(hers.bytes.clone()).unwrap();
    for other in whole.secretaries.iter().filter(|s| s.name != "李秀兰") {
        assert!(!text.contains(&other.name), "{} is in 李秀兰's file", other.name);
    }
    for rater in &whole.raters {
        assert!(!text.contains(&rater.name), "the panel member {} is in her file", rater.name);
    }
    let copy = secretary_copy(&whole, "sec-zyy").unwrap();
    assert_eq!(copy.secretaries.len(), 1);
    assert!(copy.ballots.is_empty() && copy.ballot_codes.is_empty() && copy.ballot_sheets.is_empty());
    assert!(copy.vote.is_none() && copy.raters.is_empty() && copy.audit_log.is_empty());
    assert!(copy.reports.iter().all(|r| r.secretary_id == "sec-zyy") && !copy.reports.is_empty());
    assert!(copy.problems.iter().all(|p| p.secretary_id == "sec-zyy"));
    // Her organization and those above it, so that the tree is whole.
    let her_org = &copy.secretaries[0].organization_id;
    assert!(copy.organizations.iter().any(|o| &o.id == her_org));
    for organization in &copy.organizations {
        if let Some(parent) = &organization.parent_id {
            assert!(copy.organizations.iter().any(|o| &o.id == parent), "{} lost its parent", organization.name);
        }
    }
}

#[test]
fn her_computer_starts_from_her_file_and_knows_her() {
    let organizer = organizers_year();
    let whole = export_campaign(&organizer, SAMPLE_ID).unwrap();
    let hers = secretary_files(&whole).unwrap().into_iter().find(|f| f.file_name.starts_with("李秀兰（")).unwrap();

    let mut computer = new_store();
    shuzhi::workstation::choose_role(&mut computer, Role::Secretary, "李秀兰", true).unwrap();
    let preview = shuzhi::workstation::read_campaign_file(&computer, &hers.file_name, &hers.bytes).unwrap();
    assert_eq!(preview.secretaries.len(), 1, "she chooses from herself alone");
    assert_eq!(preview.secretaries[0].secretary_id, "sec-zyy");
    shuzhi::workstation::import_campaign_file(&mut computer, &hers.file_name, &hers.bytes, Some("sec-zyy"), "李秀兰")
        .unwrap();
    let station = shuzhi::workstation::workstation(&computer).unwrap();
    assert_eq!(station.me.map(|m| m.secretary_id), Some("sec-zyy".to_string()));
    let board = shuzhi::dashboard::campaign_dashboard(
        &computer,
        SAMPLE_ID,
        chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
    )
    .unwrap();
    assert_eq!(board.rows.len(), 1);
    assert_eq!(board.rows[0].secretary_id, "sec-zyy");
    assert!(shuzhi::database::check_database(&computer).unwrap().problems.is_empty());
}

#[test]
fn the_command_line_writes_her_file_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("org.db");
    assert!(crate::cli::shuzhi(&db, &["demo"]).status.success());
    let out = dir.path().join("李秀兰.json");
    let done = crate::cli::shuzhi(
        &db,
        &["export", "--campaign", SAMPLE_ID, "--secretary", "sec-zyy", "--out", out.to_str().unwrap()],
    );
    assert!(done.status.success(), "{}", crate::cli::stderr(&done));
    let copy: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(copy["secretaries"].as_array().unwrap().len(), 1);
    assert_eq!(copy["secretaries"][0]["name"], "李秀兰");
}

#[test]
fn next_years_file_comes_in_at_any_time_and_her_home_follows_it() {
    // Reproduces: once she had a report, the secretary's computer had no way to take next
    // year's file, and nothing to switch between her years.
    let mut organizer = organizers_year();
    let whole = export_campaign(&organizer, SAMPLE_ID).unwrap();
    let first = secretary_files(&whole).unwrap().into_iter().find(|f| f.file_name.starts_with("李秀兰（")).unwrap();
    let mut computer = new_store();
    shuzhi::workstation::choose_role(&mut computer, Role::Secretary, "李秀兰", true).unwrap();
    shuzhi::workstation::import_campaign_file(&mut computer, &first.file_name, &first.bytes, Some("sec-zyy"), "李秀兰")
        .unwrap();

    let next = shuzhi::planning::create_campaign(
        &mut organizer,
        &shuzhi::planning::CampaignInput {
            year: 2024,
            title: "市卫健委党委2024年度基层党组织书记抓基层党建工作述职评议".into(),
            organizer: "中共市卫生健康委员会委员会".into(),
            meeting_date: String::new(),
            earlier_year_confirmed: false,
        },
        Some(SAMPLE_ID),
        "孟晓东",
    )
    .unwrap();
    let whole = export_campaign(&organizer, &next.campaign_id).unwrap();
    let her_next = whole.secretaries.iter().find(|s| s.name == "李秀兰").unwrap().id.clone();
    let second = secretary_files(&whole).unwrap().into_iter().find(|f| f.file_name.starts_with("李秀兰（")).unwrap();
    assert!(second.file_name.contains("2024年度数据"), "{}", second.file_name);
    shuzhi::workstation::import_campaign_file(
        &mut computer,
        &second.file_name,
        &second.bytes,
        Some(&her_next),
        "李秀兰",
    )
    .unwrap();

    let years = shuzhi::workstation::my_years(&computer).unwrap();
    let shown: Vec<(i32, &str, bool)> = years.iter().map(|y| (y.year, y.secretary_id.as_str(), y.current)).collect();
    assert_eq!(shown, vec![(2024, her_next.as_str(), true), (2023, "sec-zyy", false)]);
    let station = shuzhi::workstation::workstation(&computer).unwrap();
    assert_eq!(station.me.map(|m| m.secretary_id), Some(her_next), "her home page is the new year");
}

#[test]
fn the_whole_year_leaves_the_window_only_once_the_vote_is_sealed_and_secretaries_files_only_from_the_organizer() {
    use shuzhi::commands::{self, Session};
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("保存到这里");
    std::fs::create_dir_all(&saved).unwrap();
    let session = Session::open(dir.path().join("shuzhi.db"), Box::new(SavesIn(saved)));
    {
        let mut store = session.store().unwrap();
        shuzhi::workstation::choose_role(&mut store, Role::Organizer, "孟晓东", false).unwrap();
        meeting::ensure_sheets(&mut store, SAMPLE_ID, "测试").unwrap();
        meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot("1-001", "1111111111"), "测试").unwrap();
    }
    // An open vote: the whole year would carry the ballots so far.
    let refused = format!("{:?}", commands::campaign::export_campaign_file(&session, SAMPLE_ID.into()).unwrap_err());
    assert!(refused.contains("测评正在进行，整个年度的数据文件会带出尚未封存的测评票"), "{refused}");
    // Each secretary's file carries no ballot, so it may go out at any time.
    let folder = commands::campaign::export_secretary_files(&session, SAMPLE_ID.into()).unwrap().unwrap();
    let files = std::fs::read_dir(&folder).unwrap().count();
    assert_eq!(files, 10, "{folder}");
    commands::meeting::close_vote(&session, SAMPLE_ID.into(), None).unwrap();
    assert!(commands::campaign::export_campaign_file(&session, SAMPLE_ID.into()).unwrap().is_some());

    // Handing out the secretaries' files is the organizer's work.
    {
        let mut store = session.store().unwrap();
        shuzhi::workstation::choose_role(&mut store, Role::Secretary, "李秀兰", false).unwrap();
    }
    let refused = format!("{:?}", commands::campaign::export_secretary_files(&session, SAMPLE_ID.into()).unwrap_err());
    assert!(refused.contains("这是组织方的工作"), "{refused}");
}

/// A shell whose save dialog always answers with one folder.
struct SavesIn(std::path::PathBuf);

impl shuzhi::commands::Shell for SavesIn {
    fn deliver(
        &self,
        export: shuzhi::files::Export,
    ) -> shuzhi::commands::CommandResult<Option<shuzhi::commands::Delivered>> {
        let path = self.0.join(&export.file_name);
        shuzhi::files::write_atomically(&path, &export.bytes)?;
        Ok(Some(shuzhi::commands::Delivered { shown: path.display().to_string(), saved_at: Some(path) }))
    }

    fn deliver_folder(
        &self,
        folder: &str,
        files: Vec<shuzhi::files::Export>,
    ) -> shuzhi::commands::CommandResult<Option<shuzhi::commands::Delivered>> {
        shuzhi::commands::save_folder_in(&self.0, folder, files).map(Some)
    }

    fn keep_elsewhere(
        &self,
        _title: &str,
        _export: shuzhi::files::Export,
        _filter: shuzhi::commands::FileFilter,
    ) -> shuzhi::commands::CommandResult<Option<String>> {
        Ok(None)
    }

    fn choose_file(&self, _title: &str, _filter: shuzhi::commands::FileFilter) -> Option<std::path::PathBuf> {
        None
    }
}

#[test]
fn the_same_years_file_taken_twice_says_so_plainly() {
    // Reproduces: a secretary who chose her year's file again read a message about
    // campaign.id, a UUID and `--db`, which she cannot act on.
    let organizer = crate::sample_store();
    let document = shuzhi::exchange::export_campaign(&organizer, crate::SAMPLE_ID).unwrap();
    let bytes = shuzhi::exchange::to_json_bytes(&document);
    let mut laptop = crate::new_store();
    shuzhi::workstation::choose_role(&mut laptop, shuzhi::domain::Role::Secretary, "李秀兰", false).unwrap();
    let parsed = shuzhi::exchange::parse_document("年度.json", &bytes).unwrap();
    shuzhi::exchange::import_document(&mut laptop, "年度.json", &parsed, "李秀兰").unwrap();
    let again = shuzhi::workstation::read_campaign_file(&laptop, "年度.json", &bytes).unwrap_err().to_string();
    assert!(again.starts_with("2023 年度的数据（") && again.contains("已经在这台电脑上，不必再导入"), "{again}");
    assert!(!again.contains("--db") && !again.contains("campaign.id"), "{again}");
}
