//! 现场述职 and 书面述职: a secretary marked as reporting in writing stays on the ballot
//! (rated on her report) or, where the year's 方案 says so, is left off it; the mark is
//! fixed once ballots exist if it changes the ballot; and the rotation of 现场述职 across the
//! years warns about an organization that has reported in writing for the whole window.

use shuzhi::meeting::{self, MeetingSettings};
use shuzhi::planning::{CampaignInput, create_campaign};
use shuzhi::{ErrorKind, Store};

use crate::{SAMPLE_ID, sample_store};

fn settings(store: &Store, campaign: &str, change: impl FnOnce(&mut MeetingSettings)) -> MeetingSettings {
    let view = meeting::meeting_view(store, campaign).unwrap();
    let mut settings = MeetingSettings {
        speaking_minutes: view.speaking_minutes,
        dimensions: view.dimensions,
        double_entry: view.double_entry,
        written_rated: view.written_rated,
        on_site_every_years: view.on_site_every_years,
    };
    change(&mut settings);
    settings
}

fn on_agenda(store: &Store, campaign: &str) -> Vec<String> {
    meeting::agenda(store, campaign).unwrap().0.into_iter().map(|a| a.secretary_id).collect()
}

#[test]
fn a_written_report_is_rated_on_the_ballot_or_left_off_it_as_the_year_says() {
    let mut store = sample_store();
    meeting::set_reporting_mode(&mut store, SAMPLE_ID, &["sec-syy".to_string()], true, "测试").unwrap();
    // Rated by default: still on the ballot, said so on the sheet and the phone form.
    assert!(on_agenda(&store, SAMPLE_ID).contains(&"sec-syy".to_string()));
    let (agenda, _) = meeting::agenda(&store, SAMPLE_ID).unwrap();
    let wang = agenda.iter().find(|a| a.secretary_id == "sec-syy").unwrap();
    assert!(wang.written && wang.post_on_ballot().ends_with("（书面述职）"), "{}", wang.post_on_ballot());
    let form = meeting::phone::phone_form_template(&store, SAMPLE_ID).unwrap();
    assert!(form.secretaries().iter().any(|s| s.post.ends_with("（书面述职）")));

    // Not rated: off the ballot (and the tally), and the coverage check does not call it a gap.
    let off = settings(&store, SAMPLE_ID, |s| s.written_rated = false);
    meeting::save_settings(&mut store, SAMPLE_ID, &off, "测试").unwrap();
    assert!(!on_agenda(&store, SAMPLE_ID).contains(&"sec-syy".to_string()));
    let (input, _) = meeting::tally_input(&store, SAMPLE_ID).unwrap();
    assert_eq!(input.secretaries.len(), 9);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let overview = shuzhi::dashboard::campaign_dashboard(&store, SAMPLE_ID, today).unwrap();
    let row = overview.rows.iter().find(|r| r.secretary_id == "sec-syy").unwrap();
    assert_eq!(row.grade_text, "书面述职，不参加测评", "the overview does not call her 未测评");
    let coverage = shuzhi::planning::coverage(&store, SAMPLE_ID).unwrap();
    assert!(!coverage.gaps.iter().any(|g| g.secretary_id.as_deref() == Some("sec-syy")), "{:?}", coverage.gaps);

    // Once ballots exist the ballot's people are fixed: neither the mark nor the setting moves them.
    let sheets = meeting::ensure_sheets(&mut store, SAMPLE_ID, "测试").unwrap();
    assert!(!sheets.is_empty());
    meeting::enter_ballot(&mut store, SAMPLE_ID, &crate::meeting::ballot("1-001", "111111111"), "测试").unwrap();
    let refused = meeting::set_reporting_mode(&mut store, SAMPLE_ID, &["sec-zyy".to_string()], true, "测试");
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::Conflict);
    let back = settings(&store, SAMPLE_ID, |s| s.written_rated = true);
    let refused = meeting::save_settings(&mut store, SAMPLE_ID, &back, "测试").unwrap_err().to_string();
    assert!(refused.contains("书面述职的书记是否参加测评不能再改"), "{refused}");
    // The year file carries the mark, and a file naming someone else is refused.
    let doc = shuzhi::exchange::export_campaign(&store, SAMPLE_ID).unwrap();
    assert_eq!(doc.written_reports, ["sec-syy"]);
    let log = shuzhi::store::audit::list_for_campaign(store.conn(), SAMPLE_ID).unwrap();
    assert!(log.iter().any(|e| e.action == "agenda.mode" && e.detail == "书面述职：王建华"));
}

#[test]
fn the_rotation_warns_about_an_organization_in_writing_for_the_whole_window() {
    let mut store = sample_store();
    let organizer = shuzhi::store::campaigns::get_campaign(store.conn(), SAMPLE_ID).unwrap().organizer;
    let year = |store: &mut Store, year: i32, from: &str| {
        let input = CampaignInput {
            year,
            title: format!("{year}年度述职评议"),
            organizer: organizer.clone(),
            meeting_date: String::new(),
            earlier_year_confirmed: false,
        };
        create_campaign(store, &input, Some(from), "测试").unwrap().campaign_id
    };
    let y2024 = year(&mut store, 2024, SAMPLE_ID);
    let y2025 = year(&mut store, 2025, &y2024);
    let wang = |store: &Store, campaign: &str| {
        meeting::agenda(store, campaign).unwrap().0.into_iter().find(|a| a.name == "王建华").unwrap()
    };
    let org = wang(&store, &y2025).organization;
    let mark = |store: &mut Store, campaign: &str| {
        let id = wang(store, campaign).secretary_id;
        meeting::set_reporting_mode(store, campaign, &[id], true, "测试").unwrap();
    };
    let every = |store: &mut Store, n: Option<u32>| {
        let s = settings(store, &y2025, |s| s.on_site_every_years = n);
        meeting::save_settings(store, &y2025, &s, "测试").unwrap();
        meeting::meeting_view(store, &y2025).unwrap().rotation
    };
    mark(&mut store, &y2025);
    // No rule: no warning. Every 2 years: 2024 was on the spot, so 2025 in writing is fine.
    assert!(every(&mut store, None).is_empty());
    assert!(every(&mut store, Some(2)).is_empty());
    // Every year: in writing now is already against it.
    let once = every(&mut store, Some(1));
    assert_eq!(
        once,
        [format!(
            "{org}：本年度为书面述职；按方案每个党组织 1 年内至少现场述职一次，请改为现场述职（方案另有规定的除外）。"
        )]
    );
    // 2024 in writing too: two years without the spot, against every 2 and every 3 (2023 on the spot? yes: not against 3).
    mark(&mut store, &y2024);
    let two = every(&mut store, Some(2));
    assert_eq!(
        two,
        [format!(
            "{org}：本年度为书面述职，2024 年也没有现场述职；按方案每个党组织 2 年内至少现场述职一次，请安排本年度现场述职。"
        )]
    );
    assert!(every(&mut store, Some(3)).is_empty(), "2023 was on the spot");
    // A window reaching a year with no record says it cannot tell.
    mark(&mut store, SAMPLE_ID);
    let four = every(&mut store, Some(4));
    assert_eq!(
        four,
        [format!(
            "{org}：本年度为书面述职，没有 2022 年的记录，无法核对按方案每个党组织 4 年内至少现场述职一次的要求。"
        )]
    );
    let zero = settings(&store, &y2025, |s| s.on_site_every_years = Some(0));
    let refused = meeting::save_settings(&mut store, &y2025, &zero, "测试");
    assert!(refused.is_err());
}

/// The same from the command line: `meeting settings --written-rated off` and `meeting mode`.
#[test]
fn the_command_line_marks_written_reports_and_leaves_them_off_the_ballot() {
    use crate::cli::{shuzhi, stderr};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    let set = shuzhi(
        &db,
        &["meeting", "settings", "--campaign", SAMPLE_ID, "--written-rated", "off", "--on-site-every", "2"],
    );
    assert!(set.status.success(), "{}", stderr(&set));
    let mode = shuzhi(&db, &["meeting", "mode", "--campaign", SAMPLE_ID, "--secretary", "sec-zyy", "--written"]);
    assert!(mode.status.success(), "{}", stderr(&mode));
    let shown = shuzhi(&db, &["--json", "meeting", "show", "--campaign", SAMPLE_ID]);
    let view: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(view["agenda"].as_array().unwrap().len(), 9);
    assert_eq!(view["off_agenda"][0]["secretary_id"], "sec-zyy");
    assert_eq!(view["off_agenda"][0]["written"], true);
    let neither = shuzhi(&db, &["meeting", "mode", "--campaign", SAMPLE_ID, "--secretary", "sec-zyy"]);
    assert!(!neither.status.success(), "--written or --on-site is required");
}
