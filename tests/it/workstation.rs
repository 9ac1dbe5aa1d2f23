//! What this computer is for: the first start's role, names kept per role, the sample
//! marked and removed in one step, a secretary's start from a campaign file or her own
//! outline, the organizer's work refused on a secretary's computer, and the undo of a
//! measure's last change of state.

use shuzhi::commands::{self, CommandError, SavesToFolder, Session};
use shuzhi::domain::{RectificationStatus, Role};
use shuzhi::lists::{build_lists, set_status, sign_off, undo_status_change};
use shuzhi::store::{audit, campaigns};
use shuzhi::workstation::{
    OwnReportInput, choose_role, import_campaign_file, read_campaign_file, remove_sample, start_own_report, workstation,
};

use crate::{SAMPLE_ID, new_store, sample_store};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2024, 5, 1).unwrap()
}

#[test]
fn a_new_database_has_no_role_and_the_sample_is_marked() {
    let store = sample_store();
    let station = workstation(&store).unwrap();
    assert_eq!(station.role, None, "the first start asks");
    assert!(station.sample_present);
    let summaries = campaigns::list_campaigns(store.conn()).unwrap();
    assert!(summaries[0].sample, "the sample is marked 示例");
}

#[test]
fn each_role_keeps_its_own_name() {
    let mut store = sample_store();
    choose_role(&mut store, Role::Organizer, "孟晓东", false).unwrap();
    let station = choose_role(&mut store, Role::Secretary, "王建华", false).unwrap();
    assert_eq!(station.name, "王建华");
    assert_eq!(station.organizer_name, "孟晓东");
    let station = choose_role(&mut store, Role::Organizer, "孟晓东", false).unwrap();
    assert_eq!((station.name.as_str(), station.secretary_name.as_str()), ("孟晓东", "王建华"));
    let refused = choose_role(&mut store, Role::Secretary, "  ", false).unwrap_err().to_string();
    assert!(refused.contains("请填写您的姓名"), "{refused}");
    let logged = audit::list_database_events(store.conn()).unwrap();
    assert!(logged.iter().any(|e| e.action == "workstation.role" && e.actor == "孟晓东"));
}

#[test]
fn the_sample_is_removed_in_one_logged_step_and_only_the_sample() {
    let mut store = sample_store();
    // A campaign of the person's own stays.
    choose_role(&mut store, Role::Secretary, "李华", false).unwrap();
    let input = own_input();
    start_own_report(&mut store, &input, "李华").unwrap();
    assert!(remove_sample(&mut store, "李华").unwrap());
    let left = campaigns::list_campaigns(store.conn()).unwrap();
    assert_eq!(left.len(), 1);
    assert!(!left[0].sample);
    assert!(!workstation(&store).unwrap().sample_present);
    assert!(!remove_sample(&mut store, "李华").unwrap(), "a second removal finds nothing");
    assert!(audit::list_database_events(store.conn()).unwrap().iter().any(|e| e.action == "sample.remove"));
    assert!(store.health().unwrap().problems.is_empty());
}

#[test]
fn a_sealed_sample_vote_does_not_keep_the_sample_from_being_removed() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::open(dir.path().join("shuzhi.db"), Box::new(SavesToFolder));
    {
        let mut store = session.store().unwrap();
        shuzhi::meeting::ensure_sheets(&mut store, SAMPLE_ID, "测试").unwrap();
        shuzhi::meeting::enter_ballot(&mut store, SAMPLE_ID, &crate::meeting::ballot("1-001", "1111111111"), "测试")
            .unwrap();
    }
    commands::meeting::close_vote(&session, SAMPLE_ID.into(), None).unwrap();
    assert!(commands::workstation::remove_sample(&session).unwrap());
    assert!(commands::campaign::list_campaigns(&session).unwrap().is_empty());
}

fn own_input() -> OwnReportInput {
    OwnReportInput {
        year: 2024,
        organizer: "市卫健委党委".into(),
        unit: "市妇幼保健院".into(),
        organization: "市妇幼保健院党总支".into(),
        title: "党总支书记".into(),
    }
}

#[test]
fn a_secretary_without_a_file_starts_her_own_outline() {
    let mut store = new_store();
    choose_role(&mut store, Role::Secretary, "李华", false).unwrap();
    let report_id = start_own_report(&mut store, &own_input(), "李华").unwrap();
    let me = workstation(&store).unwrap().me.expect("she is this computer's secretary");
    assert_eq!((me.name.as_str(), me.organization.as_str()), ("李华", "市妇幼保健院党总支"));
    let editor = shuzhi::report::report_editor(&store, &report_id).unwrap();
    assert_eq!(editor.sections.len(), 4, "the standard focus points make the outline");
    // Nothing half-made: a bad outline leaves no campaign behind.
    let mut empty = new_store();
    choose_role(&mut empty, Role::Secretary, "李华", false).unwrap();
    let bad = OwnReportInput { organization: "  ".into(), ..own_input() };
    assert!(start_own_report(&mut empty, &bad, "李华").is_err());
    assert!(campaigns::list_campaigns(empty.conn()).unwrap().is_empty());
}

#[test]
fn a_secretary_imports_the_organizers_campaign_file_and_says_who_she_is() {
    let organizer = sample_store();
    let file = shuzhi::exchange::to_json_bytes(&shuzhi::exchange::export_campaign(&organizer, SAMPLE_ID).unwrap());
    let mut store = new_store();
    choose_role(&mut store, Role::Secretary, "王建华", false).unwrap();
    let preview = read_campaign_file(&store, "2023年度.json", &file).unwrap();
    assert_eq!(preview.secretaries.len(), 10);
    let wang = preview.secretaries.iter().find(|s| s.name == "王建华").unwrap();
    assert_eq!(wang.organization, "中共市第一人民医院委员会");
    assert!(campaigns::list_campaigns(store.conn()).unwrap().is_empty(), "reading writes nothing");

    // Someone not in the file is refused before anything is written.
    let refused = import_campaign_file(&mut store, "2023年度.json", &file, Some("nobody"), "王建华").unwrap_err();
    assert!(refused.to_string().contains("不在这个文件的名册中"), "{refused}");
    assert!(campaigns::list_campaigns(store.conn()).unwrap().is_empty());

    import_campaign_file(&mut store, "2023年度.json", &file, Some(&wang.secretary_id), "王建华").unwrap();
    let me = workstation(&store).unwrap().me.unwrap();
    assert_eq!(me.secretary_id, "sec-syy");
    // The same file twice is refused by the check that reads it.
    let again = read_campaign_file(&store, "2023年度.json", &file).unwrap_err().to_string();
    assert!(again.contains("已经在这台电脑上，不必再导入"), "{again}");
    // A file that is not a campaign says so.
    let wrong = read_campaign_file(&store, "名单.json", b"{\"a\":1}").unwrap_err().to_string();
    assert!(wrong.contains("名单.json"), "{wrong}");
}

#[test]
fn a_secretarys_computer_refuses_the_organizers_work() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::open(dir.path().join("shuzhi.db"), Box::new(SavesToFolder));
    commands::workstation::choose_role(&session, Role::Secretary, "王建华".into(), false).unwrap();
    let review = shuzhi::report::ReviewInput {
        level: None,
        decision: shuzhi::domain::ApprovalDecision::Passed,
        reviewer: "王建华".into(),
        comments: vec![],
    };
    let refused = commands::report::review_report(&session, "rep-syy".into(), review.clone()).unwrap_err();
    let CommandError::Conflict { message } = refused else { panic!("a conflict") };
    assert!(message.contains("不能审核述职报告") && message.contains("本机用途"), "{message}");
    let refused = commands::meeting::close_vote(&session, SAMPLE_ID.into(), None).unwrap_err();
    assert!(matches!(refused, CommandError::Conflict { .. }));
    let refused = commands::lists::sign_off_rectification(
        &session,
        "rec-jd-1-1".into(),
        "2024-06-30".into(),
        "王建华".into(),
        "记录".into(),
    )
    .unwrap_err();
    assert!(matches!(refused, CommandError::Conflict { .. }));
    // Her own work goes on: she may record progress on her measures.
    commands::lists::set_rectification_status(&session, "rec-jd-1-1".into(), RectificationStatus::InProgress).unwrap();
    // The organizer's computer may review.
    commands::workstation::choose_role(&session, Role::Organizer, "孟晓东".into(), false).unwrap();
    commands::report::review_report(&session, "rep-syy".into(), review).unwrap();
}

#[test]
fn the_last_change_of_a_measure_is_undone_with_its_sign_off() {
    let mut store = sample_store();
    let before = build_lists(&store, SAMPLE_ID, Some("sec-jd"), today()).unwrap().rectifications[0].clone();
    assert_eq!(before.rectification_id, "rec-jd-1-1");
    let refused = undo_status_change(&mut store, "rec-jd-1-1", "孟晓东").unwrap_err().to_string();
    assert!(refused.contains("没有可以撤销的修改"), "{refused}");

    sign_off(&mut store, "rec-jd-1-1", "2024-06-30", "委党办 孟晓东", "支委会会议记录12次", "孟晓东").unwrap();
    // 销号 then reopened by mistake: the first undo brings the 销号 back whole.
    set_status(&mut store, "rec-jd-1-1", RectificationStatus::InProgress, "孟晓东").unwrap();
    let words = undo_status_change(&mut store, "rec-jd-1-1", "孟晓东").unwrap();
    assert!(words.contains("恢复为“已完成”"), "{words}");
    let row = build_lists(&store, SAMPLE_ID, Some("sec-jd"), today()).unwrap().rectifications[0].clone();
    assert_eq!(row.status, RectificationStatus::Done);
    assert_eq!(row.signed_off_on.as_deref(), Some("2024-06-30"));
    assert_eq!(row.verifier.as_deref(), Some("委党办 孟晓东"));
    // The second undo takes back the 销号 itself.
    undo_status_change(&mut store, "rec-jd-1-1", "孟晓东").unwrap();
    let row = build_lists(&store, SAMPLE_ID, Some("sec-jd"), today()).unwrap().rectifications[0].clone();
    assert_eq!((row.status, row.signed_off_on), (before.status, None));
    let logged = audit::list_for_campaign(store.conn(), SAMPLE_ID).unwrap();
    assert_eq!(logged.iter().filter(|e| e.action == "rectification.undo").count(), 2);
    assert!(undo_status_change(&mut store, "rec-jd-1-1", "孟晓东").is_err(), "nothing left to undo");
}

#[test]
fn the_organizers_computer_does_not_write_or_submit_a_secretarys_report() {
    // Reproduces: after 退回修改 the organizer's editor was editable and offered 提交审核 on
    // the secretary's behalf.
    let mut store = sample_store();
    choose_role(&mut store, Role::Organizer, "孟晓东", false).unwrap();
    let said = shuzhi::report::NOT_ON_THE_ORGANIZERS_COMPUTER;
    let draft = "rep-sey";
    assert!(!shuzhi::report::report_editor(&store, draft).unwrap().editable);
    let refused = shuzhi::report::save_section(&mut store, draft, "fp-2023-achievements", "组织方替她写的。");
    assert_eq!(refused.unwrap_err().to_string(), said);
    let refused = shuzhi::report::submit_report(&mut store, draft, "孟晓东");
    assert_eq!(refused.unwrap_err().to_string(), said);
    let refused = shuzhi::report::save_revision(&mut store, draft, "孟晓东", "手动保存");
    assert_eq!(refused.unwrap_err().to_string(), said);
    // Nor does it start one for a secretary who has none.
    let without: Vec<String> = shuzhi::store::organizations::list_secretaries(store.conn(), SAMPLE_ID)
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .filter(|id| shuzhi::report::report_of_secretary(&store, id).unwrap().is_none())
        .collect();
    assert!(!without.is_empty());
    let refused = shuzhi::report::start_report(&mut store, &without[0], "孟晓东");
    assert_eq!(refused.unwrap_err().to_string(), said);
    // On her computer (and in the sample) she writes as before.
    choose_role(&mut store, Role::Secretary, "李秀兰", false).unwrap();
    assert!(shuzhi::report::report_editor(&store, draft).unwrap().editable);
    shuzhi::report::save_section(&mut store, draft, "fp-2023-achievements", "她自己写的。").unwrap();
}

/// Who acted is this computer's stored name, whatever the page would like to say: the
/// commands take no actor, a page that sends one is refused, the command line adds its
/// note beside the name and never replaces it, and a computer without a name says so.
#[test]
fn the_audit_log_names_the_stored_user_and_never_one_the_page_sends() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::open(dir.path().join("shuzhi.db"), Box::new(SavesToFolder));
    let last_actor = |session: &Session| {
        let store = session.store().unwrap();
        audit::list_for_campaign(store.conn(), SAMPLE_ID).unwrap().last().unwrap().actor.clone()
    };
    commands::report::start_report(&session, "sec-xy".into()).unwrap();
    assert_eq!(last_actor(&session), commands::session::UNNAMED_ACTOR, "no name was given yet");

    commands::workstation::choose_role(&session, Role::Organizer, "孟晓东".into(), false).unwrap();
    commands::meeting::set_agenda(&session, SAMPLE_ID.into(), vec!["sec-xy".into()]).unwrap();
    assert_eq!(last_actor(&session), "孟晓东");

    // The page cannot name someone else: an `actor` it sends is not an argument of any command.
    let refused = commands::dispatch(
        &session,
        "set_agenda",
        serde_json::json!({ "campaignId": SAMPLE_ID, "secretaryIds": ["sec-xy"], "actor": "王建华" }),
    )
    .unwrap()
    .unwrap_err();
    assert!(matches!(refused, CommandError::InvalidInput { .. }), "{refused:?}");
    assert_eq!(last_actor(&session), "孟晓东");

    // The command line's note stands beside the stored name.
    let session = Session::open(dir.path().join("shuzhi.db"), Box::new(SavesToFolder))
        .with_actor_note("命令行，注明：王建华".into());
    commands::meeting::set_agenda(&session, SAMPLE_ID.into(), vec!["sec-xy".into(), "sec-zyy".into()]).unwrap();
    assert_eq!(last_actor(&session), "孟晓东（命令行，注明：王建华）");
}
