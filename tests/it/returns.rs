//! The round trip between two computers: the secretary's report goes to the organizer in a
//! report package, is reviewed, commented on and rated there, and comes back in a return
//! package with the review record, the 点评, the result and the secretary's three lists.

use shuzhi::Store;
use shuzhi::domain::{ApprovalDecision, ReportStatus};
use shuzhi::meeting::{self, CommentInput};
use shuzhi::package::{
    AnyImported, export_report_package, export_return_package, import_any_package, read_package, read_return_package,
};
use shuzhi::report::{self as reporting, ReviewCommentInput, ReviewInput};
use shuzhi::store::{lists as list_store, reports as report_store};

use crate::meeting::{ballot, printed};
use crate::package::rezip;
use crate::{SAMPLE_ID, sample_store};

const SECRETARY: &str = "sec-zyy";
const REPORT: &str = "rep-zyy";

/// 李秀兰's computer: she revises the report that was returned to her and submits it.
fn secretary_sends() -> (Store, Vec<u8>) {
    let mut secretary = sample_store();
    crate::package_trust::her_computer(&mut secretary);
    let bytes = revise_and_send(&mut secretary);
    (secretary, bytes)
}

/// On a database with the sample: 李秀兰 revises, submits and exports her report package.
pub(crate) fn revise_and_send(secretary: &mut Store) -> Vec<u8> {
    reporting::save_section(
        secretary,
        REPORT,
        "fp-2023-achievements",
        "2023年，本人主持党委会12次，研究党建议题30个。",
    )
    .unwrap();
    reporting::submit_report(secretary, REPORT, "李秀兰").unwrap();
    export_report_package(secretary, REPORT).unwrap()
}

/// The organizer's computer: 李秀兰's package imported and returned for changes at the first level.
fn organizer_returns(package: &[u8], section: Option<&str>, comment: &str) -> Store {
    let mut organizer = printed();
    import_any_package(&mut organizer, "p.szpkg", package, false, "孟晓东").unwrap();
    let returned = ReviewInput {
        level: None,
        decision: ApprovalDecision::Returned,
        reviewer: "党办 王静".into(),
        comments: vec![ReviewCommentInput { focus_point_id: section.map(str::to_string), text: comment.into() }],
    };
    reporting::review_report(&mut organizer, REPORT, &returned, "测试").unwrap();
    organizer
}

fn pass(store: &mut Store, reviewer: &str, comment: &str) -> ReportStatus {
    let input = ReviewInput {
        level: None,
        decision: ApprovalDecision::Passed,
        reviewer: reviewer.into(),
        comments: vec![ReviewCommentInput { focus_point_id: None, text: comment.into() }],
    };
    reporting::review_report(store, REPORT, &input, "测试").unwrap()
}

/// The organizer's computer: imports the package, reviews it through every level, records the
/// 点评 with a problem made from it, enters the ballots and closes the vote.
pub(crate) fn organizer_reviews(package: &[u8]) -> Store {
    let mut organizer = printed();
    let imported = import_any_package(&mut organizer, "李秀兰.szpkg", package, false, "孟晓东").unwrap();
    assert!(matches!(imported, AnyImported::Report(_)), "{imported:?}");
    pass(&mut organizer, "党办 王静", "数据已核实。");
    pass(&mut organizer, "分管领导 赵卫国", "同意。");
    assert_eq!(pass(&mut organizer, "党委书记 孟晓东", "同意上会述职。"), ReportStatus::Approved);
    let comment = CommentInput {
        commenter: "孟晓东".into(),
        shortcomings: vec!["支部书记培训覆盖不全".into(), "党建与业务融合的抓手不多".into()],
        direction: "以党建引领学科建设".into(),
        responsibility: "书记负总责，2024年6月前完成".into(),
    };
    let comment_id = meeting::save_comment(&mut organizer, SECRETARY, &comment, "孟晓东").unwrap();
    let problem = meeting::comment_point_to_problem(&mut organizer, &comment_id, 0, "组织建设", "孟晓东").unwrap();
    let measure = shuzhi::lists::items::MeasureInput {
        measure: "分两期轮训全部支部书记".into(),
        target: "支部书记培训全覆盖".into(),
        owner: "李秀兰".into(),
        due: "2024-06-30".into(),
    };
    shuzhi::lists::items::add_measure(&mut organizer, &problem, &measure, "孟晓东").unwrap();
    for (serial, marks) in [("1-001", "1111111111"), ("1-002", "1211121112"), ("2-001", "2111111111")] {
        meeting::enter_ballot(&mut organizer, SAMPLE_ID, &ballot(serial, marks), "孟晓东").unwrap();
    }
    meeting::close_vote(&mut organizer, SAMPLE_ID, "孟晓东", None).unwrap();
    organizer
}

fn lists_of(store: &Store) -> (Vec<shuzhi::domain::Problem>, Vec<shuzhi::domain::Rectification>) {
    let problems: Vec<_> = list_store::list_problems(store.conn(), SAMPLE_ID)
        .unwrap()
        .into_iter()
        .filter(|p| p.secretary_id == SECRETARY)
        .collect();
    let measures = list_store::list_rectifications(store.conn(), SAMPLE_ID)
        .unwrap()
        .into_iter()
        .filter(|r| problems.iter().any(|p| p.id == r.problem_id))
        .collect();
    (problems, measures)
}

fn report_of(store: &Store) -> shuzhi::domain::Report {
    report_store::list_reports(store.conn(), SAMPLE_ID).unwrap().into_iter().find(|r| r.id == REPORT).unwrap()
}

fn approvals_of(store: &Store) -> Vec<shuzhi::domain::Approval> {
    report_store::list_approvals(store.conn(), SAMPLE_ID)
        .unwrap()
        .into_iter()
        .filter(|a| a.report_id == REPORT)
        .collect()
}

#[test]
fn the_review_the_comment_the_result_and_the_lists_come_back_to_the_secretary() {
    let (mut secretary, sent) = secretary_sends();
    let organizer = organizer_reviews(&sent);
    let back = export_return_package(&organizer, SECRETARY).unwrap();

    let imported = import_any_package(&mut secretary, "李秀兰-回执.szpkg", &back, false, "李秀兰").unwrap();
    let AnyImported::Return(imported) = imported else { panic!("a return package: {imported:?}") };
    assert_eq!(imported.approvals_added, 3);
    assert_eq!(imported.comments, 1);
    assert!(!imported.replaced, "nothing here had changed since the report was sent");
    assert!(
        imported.summary().contains("报告审核通过") || imported.summary().contains("通过"),
        "{}",
        imported.summary()
    );

    // The report, its review record, the 点评 and the lists are the organizer's, row for row.
    assert_eq!(report_of(&secretary), report_of(&organizer));
    assert_eq!(report_of(&secretary).status, ReportStatus::Approved);
    assert_eq!(approvals_of(&secretary), approvals_of(&organizer));
    let comments = |s: &Store| {
        shuzhi::store::meeting::list_superior_comments(s.conn(), SAMPLE_ID)
            .unwrap()
            .into_iter()
            .filter(|c| c.secretary_id == SECRETARY)
            .collect::<Vec<_>>()
    };
    assert_eq!(comments(&secretary), comments(&organizer));
    assert_eq!(lists_of(&secretary), lists_of(&organizer));
    assert!(lists_of(&secretary).0.iter().any(|p| p.description.contains("支部书记培训覆盖不全")));

    // The secretary's computer has no ballots, yet shows the same result as the organizer's.
    let there = meeting::personal_result(&organizer, SECRETARY).unwrap().unwrap();
    let here = meeting::personal_result(&secretary, SECRETARY).unwrap().unwrap();
    assert!(here.received_at.is_some() && there.received_at.is_none());
    assert_eq!(shuzhi::meeting::PersonalResult { received_at: None, ..here.clone() }, there);
    assert_eq!(imported.grade_text.as_deref(), Some(there.grade_text.as_str()));
    let page =
        shuzhi::dashboard::secretary_page(&secretary, SECRETARY, chrono::NaiveDate::from_ymd_opt(2024, 1, 10).unwrap())
            .unwrap();
    assert_eq!(page.result.as_ref(), Some(&here));
    assert_eq!(page.superior_comments.len(), 1);
    let dashboard = shuzhi::dashboard::campaign_dashboard(
        &secretary,
        SAMPLE_ID,
        chrono::NaiveDate::from_ymd_opt(2024, 1, 10).unwrap(),
    )
    .unwrap();
    let row = dashboard.rows.iter().find(|r| r.secretary_id == SECRETARY).unwrap();
    assert_eq!(row.final_grade, there.grade, "the dashboard shows the received grade");

    // Importing the same return again changes nothing.
    let again = import_any_package(&mut secretary, "李秀兰-回执.szpkg", &back, false, "李秀兰").unwrap();
    let AnyImported::Return(again) = again else { panic!() };
    assert_eq!(again.approvals_added, 0);
    assert_eq!(lists_of(&secretary), lists_of(&organizer));
}

#[test]
fn edits_made_after_sending_are_kept_as_a_revision_and_replaced_only_when_asked() {
    let (mut secretary, sent) = secretary_sends();
    let organizer = organizer_returns(&sent, Some("fp-2023-achievements"), "请补充具体数据");
    let back = export_return_package(&organizer, SECRETARY).unwrap();

    // Meanwhile the secretary could not edit a submitted report; the organizer's return says
    // 退回. A second computer of hers had moved on: simulate an edit made here after sending.
    secretary
        .conn()
        .execute(
            "UPDATE sections SET body = '本机发出后又改的一句' WHERE report_id = ?1 AND focus_point_id = 'fp-2023-problems'",
            [REPORT],
        )
        .unwrap();
    let before = report_of(&secretary);
    let message = import_any_package(&mut secretary, "回执.szpkg", &back, false, "李秀兰").unwrap_err().to_string();
    assert!(message.contains("述职报告有 1 节") && message.contains("选择“替换”导入"), "{message}");
    // What the window shows before asking: the section, this computer's text against the return's.
    let comparison = shuzhi::package::compare_package(&secretary, "回执.szpkg", &back).unwrap();
    assert_eq!(comparison.kind, "return");
    let changed: Vec<_> = comparison.sections.iter().filter(|s| s.changed).collect();
    assert_eq!(changed.len(), 1);
    let removed: String =
        changed[0].runs.iter().filter(|r| r.kind != shuzhi::report::DiffKind::Added).map(|r| r.text.as_str()).collect();
    assert_eq!(removed, "本机发出后又改的一句", "the text here, as the left column shows it");
    assert!(changed[0].runs.iter().any(|r| r.kind == shuzhi::report::DiffKind::Removed));
    assert_eq!(report_of(&secretary), before, "nothing changed");
    assert!(approvals_of(&secretary).len() < approvals_of(&organizer).len());

    let AnyImported::Return(imported) =
        import_any_package(&mut secretary, "回执.szpkg", &back, true, "李秀兰").unwrap()
    else {
        panic!()
    };
    assert!(imported.replaced);
    assert_eq!(report_of(&secretary).status, ReportStatus::Returned);
    assert_eq!(report_of(&secretary).sections, report_of(&organizer).sections);
    let kept = report_store::list_revisions(secretary.conn(), SAMPLE_ID)
        .unwrap()
        .into_iter()
        .find(|r| r.note == "导入回执前的本机稿")
        .expect("the text written here is kept as a revision");
    assert!(kept.sections.iter().any(|s| s.body == "本机发出后又改的一句"));
    assert_eq!(approvals_of(&secretary), approvals_of(&organizer));
}

#[test]
fn an_older_return_is_refused_after_a_newer_one() {
    let (mut secretary, sent) = secretary_sends();
    let mut organizer = printed();
    import_any_package(&mut organizer, "p.szpkg", &sent, false, "孟晓东").unwrap();
    pass(&mut organizer, "党办 王静", "数据已核实。");
    let older = export_return_package(&organizer, SECRETARY).unwrap();
    pass(&mut organizer, "分管领导 赵卫国", "同意。");
    let newer = export_return_package(&organizer, SECRETARY).unwrap();
    import_any_package(&mut secretary, "新.szpkg", &newer, false, "李秀兰").unwrap();
    let before = (report_of(&secretary), approvals_of(&secretary));
    let message = import_any_package(&mut secretary, "旧.szpkg", &older, false, "李秀兰").unwrap_err().to_string();
    assert!(message.contains("比本机已导入的更早"), "{message}");
    assert_eq!((report_of(&secretary), approvals_of(&secretary)), before);
}

#[test]
fn a_return_package_is_checked_like_a_report_package() {
    let (_secretary, sent) = secretary_sends();
    let organizer = organizer_reviews(&sent);
    let back = export_return_package(&organizer, SECRETARY).unwrap();

    // Each kind is refused where the other is expected, saying where it belongs.
    let message = read_package("回执.szpkg", &back).unwrap_err().to_string();
    assert!(message.contains("这是组织方发回的回执包") && message.contains("书记本人的电脑"), "{message}");
    let message = read_return_package("p.szpkg", &sent).unwrap_err().to_string();
    assert!(message.contains("这是书记的述职报告交换包"), "{message}");

    // A return whose rows name another secretary is refused, even with matching digests.
    let forged = rezip(&back, |name, content| {
        if name == "return.json" {
            let text = String::from_utf8(content).unwrap().replacen(
                "\"secretary_id\": \"sec-zyy\"",
                "\"secretary_id\": \"sec-syy\"",
                3,
            );
            return Some((name.to_string(), text.into_bytes()));
        }
        Some((name.to_string(), content))
    });
    let forged = reseal(&forged);
    let message = read_return_package("r.szpkg", &forged).unwrap_err().to_string();
    assert!(message.contains("不属于李秀兰"), "{message}");
    assert!(message.ends_with("数据库未作任何改动。"), "{message}");

    // A return changed after packing fails its digest.
    let changed = rezip(&back, |name, mut content| {
        if name == "return.json" {
            content.push(b' ');
        }
        Some((name.to_string(), content))
    });
    let message = read_return_package("r.szpkg", &changed).unwrap_err().to_string();
    assert!(message.contains("校验值与清单不符"), "{message}");

    // A database without the campaign refuses it and stays empty.
    let package = read_return_package("r.szpkg", &back).unwrap();
    let mut empty = crate::new_store();
    let message =
        shuzhi::package::import_return_package(&mut empty, "r.szpkg", &package, false, "x").unwrap_err().to_string();
    assert!(message.contains("本数据库中没有这个年度述职评议"), "{message}");

    // Nothing to send back yet: a clear message, no file.
    let fresh = sample_store();
    let error = export_return_package(&fresh, "sec-xy").unwrap_err().to_string();
    assert!(error.contains("还没有可以发回的内容"), "{error}");
}

#[test]
fn a_progress_note_written_only_here_survives_the_return() {
    let (mut secretary, sent) = secretary_sends();
    let organizer = organizer_reviews(&sent);
    let back = export_return_package(&organizer, SECRETARY).unwrap();
    import_any_package(&mut secretary, "回执.szpkg", &back, false, "李秀兰").unwrap();
    let measure = lists_of(&secretary).1.first().cloned().expect("the organizer's measure came back");
    shuzhi::lists::add_progress(
        &mut secretary,
        &measure.id,
        "2024-03-01",
        "已完成支部书记轮训第一期",
        "培训签到表",
        "李秀兰",
    )
    .unwrap();
    // The organizer's copy still says 未开始: the import asks, and then keeps the note and
    // what it means for the measure.
    let message = import_any_package(&mut secretary, "回执.szpkg", &back, false, "李秀兰").unwrap_err().to_string();
    assert!(message.contains("整改清单有 1 项"), "{message}");
    let comparison = shuzhi::package::compare_package(&secretary, "回执.szpkg", &back).unwrap();
    assert_eq!(comparison.list_changes, vec!["整改清单有 1 项将换成组织方的版本或删除".to_string()]);
    import_any_package(&mut secretary, "回执.szpkg", &back, true, "李秀兰").unwrap();
    let notes = list_store::list_progress_notes(secretary.conn(), SAMPLE_ID).unwrap();
    assert!(notes.iter().any(|n| n.note == "已完成支部书记轮训第一期"), "{notes:?}");
    let after = lists_of(&secretary).1.into_iter().find(|m| m.id == measure.id).unwrap();
    assert_eq!(after.status, shuzhi::domain::RectificationStatus::InProgress);
}

/// Rewrites the manifest's digests to match the parts, as a forger would.
pub(crate) fn reseal(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        parts.insert(entry.name().to_string(), content);
    }
    let mut manifest: shuzhi::package::Manifest = serde_json::from_slice(&parts["manifest.json"]).unwrap();
    for part in &mut manifest.parts {
        let content = &parts[&part.path];
        part.sha256 = shuzhi::report::evidence::sha256_hex(content);
        part.size = content.len() as u64;
    }
    rezip(bytes, |name, content| {
        if name == "manifest.json" {
            return Some((name.to_string(), serde_json::to_vec(&manifest).unwrap()));
        }
        Some((name.to_string(), content))
    })
}

#[test]
fn a_report_returned_for_changes_is_revised_and_sent_again_without_questions() {
    let (mut secretary, sent) = secretary_sends();
    let mut organizer = organizer_returns(&sent, None, "请补充支部书记培训的具体数据");
    let back = export_return_package(&organizer, SECRETARY).unwrap();
    import_any_package(&mut secretary, "回执.szpkg", &back, false, "李秀兰").unwrap();
    assert_eq!(report_of(&secretary).status, ReportStatus::Returned);

    // She revises and submits again; the organizer takes it in without being asked.
    reporting::save_section(
        &mut secretary,
        REPORT,
        "fp-2023-problems",
        "本人对支部书记培训抓得不紧，全年只轮训 6 人。",
    )
    .unwrap();
    reporting::submit_report(&mut secretary, REPORT, "李秀兰").unwrap();
    let again = export_report_package(&secretary, REPORT).unwrap();
    let AnyImported::Report(imported) =
        import_any_package(&mut organizer, "p2.szpkg", &again, false, "孟晓东").unwrap()
    else {
        panic!()
    };
    assert!(imported.replaced);
    assert_eq!(report_of(&organizer).sections, report_of(&secretary).sections);
    assert_eq!(report_of(&organizer).status, ReportStatus::Submitted);
    assert_eq!(approvals_of(&organizer).len(), 2, "the old return and the organizer's own, nothing lost");
}

#[test]
fn a_package_naming_another_secretarys_records_is_refused_whole() {
    let (mut secretary, sent) = secretary_sends();
    let organizer = organizer_reviews(&sent);
    let back = export_return_package(&organizer, SECRETARY).unwrap();
    // The problem made from the 点评 gets the id of 沈毅's problem in this database.
    let problem_id = lists_of(&organizer).0[0].id.clone();
    let forged = reseal(&rezip(&back, |name, content| {
        if name == "return.json" {
            let text = String::from_utf8(content).unwrap().replace(&problem_id, "prb-syy-1");
            return Some((name.to_string(), text.into_bytes()));
        }
        Some((name.to_string(), content))
    }));
    let before =
        (report_of(&secretary), approvals_of(&secretary), list_store::list_problems(secretary.conn(), SAMPLE_ID));
    let message = import_any_package(&mut secretary, "r.szpkg", &forged, false, "李秀兰").unwrap_err().to_string();
    assert!(message.contains("与本数据库中另一位书记或另一份报告的记录重复"), "{message}");
    assert!(message.ends_with("数据库未作任何改动。"), "{message}");
    let after =
        (report_of(&secretary), approvals_of(&secretary), list_store::list_problems(secretary.conn(), SAMPLE_ID));
    assert_eq!(after.0, before.0);
    assert_eq!(after.1, before.1);
    assert_eq!(after.2.unwrap(), before.2.unwrap());

    // The same in the other direction: a report package with a problem of another secretary.
    let forged = reseal(&rezip(&sent, |name, content| {
        if name == "report.json" {
            let mut value: serde_json::Value = serde_json::from_slice(&content).unwrap();
            value["problems"] = serde_json::json!([{
                "id": "prb-x", "secretary_id": "sec-syy", "source": "self_review", "category": "组织建设",
                "description": "别人的问题", "cause": "", "created_at": "2023-12-01T08:00:00+08:00"
            }]);
            return Some((name.to_string(), serde_json::to_vec(&value).unwrap()));
        }
        Some((name.to_string(), content))
    }));
    let message = read_package("p.szpkg", &forged).unwrap_err().to_string();
    assert!(message.contains("交换包中的问题不属于李秀兰"), "{message}");
}

#[test]
fn progress_written_by_the_secretary_reaches_the_organizer_and_comes_back_without_questions() {
    let (mut secretary, sent) = secretary_sends();
    let mut organizer = organizer_reviews(&sent);
    let back = export_return_package(&organizer, SECRETARY).unwrap();
    import_any_package(&mut secretary, "回执.szpkg", &back, false, "李秀兰").unwrap();
    let measure = lists_of(&secretary).1[0].clone();
    shuzhi::lists::add_progress(
        &mut secretary,
        &measure.id,
        "2024-03-01",
        "已轮训支部书记 12 人",
        "培训签到表",
        "李秀兰",
    )
    .unwrap();

    // Her next report package carries the note; the organizer's measure is then under way too.
    let progress = export_report_package(&secretary, REPORT).unwrap();
    let AnyImported::Report(imported) =
        import_any_package(&mut organizer, "进展.szpkg", &progress, false, "孟晓东").unwrap()
    else {
        panic!()
    };
    assert_eq!(imported.progress_added, 1, "{}", imported.summary());
    assert!(imported.summary().contains("整改进展 1 条"));
    let there = lists_of(&organizer).1.into_iter().find(|m| m.id == measure.id).unwrap();
    assert_eq!(there.status, shuzhi::domain::RectificationStatus::InProgress);
    let notes = |s: &Store| list_store::list_progress_notes(s.conn(), SAMPLE_ID).unwrap();
    assert_eq!(notes(&organizer), notes(&secretary));

    // The next return finds nothing different here, so it asks nothing.
    let again = export_return_package(&organizer, SECRETARY).unwrap();
    import_any_package(&mut secretary, "回执2.szpkg", &again, false, "李秀兰").unwrap();
    assert_eq!(notes(&secretary).len(), 1);
}

#[test]
fn a_received_result_travels_with_the_campaign_file() {
    let (mut secretary, sent) = secretary_sends();
    let organizer = organizer_reviews(&sent);
    let back = export_return_package(&organizer, SECRETARY).unwrap();
    import_any_package(&mut secretary, "回执.szpkg", &back, false, "李秀兰").unwrap();
    let received = meeting::personal_result(&secretary, SECRETARY).unwrap().unwrap();

    // Her whole campaign, exported and imported on a new computer, keeps the result.
    let document = shuzhi::exchange::export_campaign(&secretary, SAMPLE_ID).unwrap();
    assert_eq!(document.received_results.len(), 1);
    let bytes = shuzhi::exchange::to_json_bytes(&document);
    let mut laptop = crate::new_store();
    shuzhi::workstation::choose_role(&mut laptop, shuzhi::domain::Role::Secretary, "李秀兰", false).unwrap();
    let parsed = shuzhi::exchange::parse_document("李秀兰.json", &bytes).unwrap();
    shuzhi::exchange::import_document(&mut laptop, "李秀兰.json", &parsed, "李秀兰").unwrap();
    assert_eq!(meeting::personal_result(&laptop, SECRETARY).unwrap(), Some(received));
    assert_eq!(shuzhi::exchange::to_json_bytes(&shuzhi::exchange::export_campaign(&laptop, SAMPLE_ID).unwrap()), bytes);
}

/// Adds her problem 支部书记培训覆盖不全 (cause 培训计划未分层); returns its id.
pub(crate) fn training_problem(store: &mut Store, actor: &str) -> String {
    shuzhi::lists::items::add_problem(
        store,
        SECRETARY,
        &shuzhi::lists::items::ProblemInput {
            category: "组织建设".into(),
            description: "支部书记培训覆盖不全".into(),
            cause: "培训计划未分层".into(),
        },
        actor,
    )
    .unwrap()
}

/// 李秀兰's package with a problem item and a measure of her own, submitted.
fn package_with_a_measure() -> Vec<u8> {
    let mut secretary = sample_store();
    let problem = training_problem(&mut secretary, "李秀兰");
    let measure = shuzhi::lists::items::MeasureInput {
        measure: "分两期轮训全部支部书记".into(),
        target: "培训全覆盖".into(),
        owner: "李秀兰".into(),
        due: "2024-06-30".into(),
    };
    shuzhi::lists::items::add_measure(&mut secretary, &problem, &measure, "李秀兰").unwrap();
    revise_and_send(&mut secretary)
}

#[test]
fn a_package_cannot_approve_its_own_report_or_sign_off_its_measures() {
    // Reproduces: a package edited to say status=approved made the report 审核通过 with no
    // approval at all, and a measure marked 已完成 with a 销号 date arrived signed off.
    let forged = reseal(&rezip(&package_with_a_measure(), |name, content| {
        if name != "report.json" {
            return Some((name.to_string(), content));
        }
        let mut part: serde_json::Value = serde_json::from_slice(&content).unwrap();
        part["report"]["status"] = serde_json::json!("approved");
        part["report"]["review_level"] = serde_json::json!(3);
        let measure = &mut part["rectifications"][0];
        measure["status"] = serde_json::json!("done");
        measure["sign_off"] = serde_json::json!({ "date": "2024-01-02", "verifier": "自己", "evidence": "见附件" });
        Some((name.to_string(), serde_json::to_vec(&part).unwrap()))
    }));
    let mut organizer = printed();
    import_any_package(&mut organizer, "改过.szpkg", &forged, false, "孟晓东").unwrap();
    let report = report_of(&organizer);
    assert_eq!(
        (report.status, report.review_level),
        (ReportStatus::Submitted, 0),
        "her package counts only as submitting, back to the level that returned it"
    );
    assert!(approvals_of(&organizer).iter().all(|a| a.reviewer != "自己"));
    let (_, measures) = lists_of(&organizer);
    let measure = measures.iter().find(|m| m.measure == "分两期轮训全部支部书记").unwrap();
    assert_eq!(measure.status, shuzhi::domain::RectificationStatus::NotStarted);
    assert_eq!(measure.sign_off, None, "销号 is the organizer's act");
}

#[test]
fn replaying_an_old_package_does_not_undo_the_review() {
    // Reproduces: re-importing the original package after the organizer approved the report
    // reset it to 起草中 without asking.
    let (_secretary, sent) = secretary_sends();
    let mut organizer = organizer_reviews(&sent);
    let approved = report_of(&organizer);
    assert_eq!(approved.status, ReportStatus::Approved);
    let approvals = approvals_of(&organizer).len();

    import_any_package(&mut organizer, "旧包.szpkg", &sent, false, "孟晓东").unwrap();
    import_any_package(&mut organizer, "旧包.szpkg", &sent, true, "孟晓东").unwrap();
    let after = report_of(&organizer);
    assert_eq!((after.status, after.review_level), (approved.status, approved.review_level));
    assert_eq!(approvals_of(&organizer).len(), approvals);

    // A package whose text differs cannot rewrite the approved report, even when asked to.
    let changed = reseal(&rezip(&sent, |name, content| {
        if name != "report.json" {
            return Some((name.to_string(), content));
        }
        let text = String::from_utf8(content).unwrap().replace("研究党建议题30个", "研究党建议题99个");
        Some((name.to_string(), text.into_bytes()))
    }));
    for replace in [false, true] {
        let refused = import_any_package(&mut organizer, "改稿.szpkg", &changed, replace, "孟晓东").unwrap_err();
        assert!(refused.to_string().contains("交换包不能改动已审核通过的报告"), "{refused}");
    }
    assert_eq!(report_of(&organizer).sections, approved.sections);
}

#[test]
fn the_organizers_sign_off_comes_back_without_a_question() {
    // Reproduces: after the organizer's 销号, her return asked 李秀兰 to compare and
    // “replace” one measure she had never touched: the sign-off is the organizer's to decide.
    let (mut secretary, sent) = secretary_sends();
    let mut organizer = organizer_reviews(&sent);
    let back = export_return_package(&organizer, SECRETARY).unwrap();
    let outcome = import_any_package(&mut secretary, "回执.szpkg", &back, false, "李秀兰").unwrap().outcome();
    assert_eq!((outcome.secretary_id.as_str(), outcome.report_id.as_deref()), (SECRETARY, Some(REPORT)));
    assert!(outcome.next_step.contains("打开述职报告"), "{}", outcome.next_step);

    let measure = lists_of(&organizer).1[0].clone();
    shuzhi::lists::sign_off(&mut organizer, &measure.id, "2024-05-30", "委党办 孟晓东", "培训签到表", "孟晓东")
        .unwrap();
    let again = export_return_package(&organizer, SECRETARY).unwrap();
    import_any_package(&mut secretary, "回执2.szpkg", &again, false, "李秀兰").unwrap();
    let here = lists_of(&secretary).1.into_iter().find(|m| m.id == measure.id).unwrap();
    assert_eq!(here.status, shuzhi::domain::RectificationStatus::Done);
    assert!(here.sign_off.is_some_and(|s| s.verifier == "委党办 孟晓东"));

    // Her own words in a measure still ask before they are replaced (a measure not yet
    // signed off: the organizer adds a second one).
    let problem = lists_of(&organizer).0.into_iter().find(|p| p.id == measure.problem_id).unwrap();
    let input = |words: &str| shuzhi::lists::items::MeasureInput {
        measure: words.into(),
        target: "每季度1次".into(),
        owner: "李秀兰".into(),
        due: "2024-09-30".into(),
    };
    let second =
        shuzhi::lists::items::add_measure(&mut organizer, &problem.id, &input("开展支部书记述职"), "孟晓东").unwrap();
    let fourth = export_return_package(&organizer, SECRETARY).unwrap();
    import_any_package(&mut secretary, "回执3.szpkg", &fourth, false, "李秀兰").unwrap();
    shuzhi::lists::items::update_measure(&mut secretary, &second, &input("开展支部书记述职评议"), "李秀兰").unwrap();
    let asked = import_any_package(&mut secretary, "回执4.szpkg", &fourth, false, "李秀兰").unwrap_err();
    assert!(asked.to_string().contains("整改清单有 1 项"), "{asked}");
}

#[test]
fn each_return_is_named_for_what_it_brings() {
    let (_, sent) = secretary_sends();
    let organizer = organizer_returns(&sent, None, "请补充数据。");
    let name = shuzhi::package::return_file_name(&organizer, SECRETARY).unwrap();
    assert!(name.starts_with("李秀兰2023年度回执（退回修改 "), "{name}");
    let organizer = organizer_reviews(&sent);
    let name = shuzhi::package::return_file_name(&organizer, SECRETARY).unwrap();
    assert!(name.starts_with("李秀兰2023年度回执（评议结果 "), "{name}");
}

#[test]
fn her_edit_of_a_problem_reaches_the_organizers_lists_and_comes_back_unquestioned() {
    // Reproduces: after a return she added a sentence to her problem's 原因 and resubmitted;
    // the organizer's report took it but the 问题清单 kept the old cause, and the next return
    // asked her to let it replace her sentence.
    let mut secretary = sample_store();
    crate::package_trust::her_computer(&mut secretary);
    let problem = training_problem(&mut secretary, "李秀兰");
    let first = revise_and_send(&mut secretary);
    let organizer = organizer_returns(&first, None, "请写明原因。");
    let back = export_return_package(&organizer, SECRETARY).unwrap();
    import_any_package(&mut secretary, "回执.szpkg", &back, false, "李秀兰").unwrap();

    let edited = shuzhi::lists::items::ProblemInput {
        category: "组织建设".into(),
        description: "支部书记培训覆盖不全".into(),
        cause: "培训计划未分层，本人对培训效果督促不够".into(),
    };
    shuzhi::lists::items::update_problem(&mut secretary, &problem, &edited, "李秀兰").unwrap();
    reporting::submit_report(&mut secretary, REPORT, "李秀兰").unwrap();
    let second = export_report_package(&secretary, REPORT).unwrap();
    let mut organizer = organizer;
    let AnyImported::Report(imported) =
        import_any_package(&mut organizer, "第二版.szpkg", &second, false, "孟晓东").unwrap()
    else {
        panic!()
    };
    assert_eq!(imported.items_changed, 1);
    assert!(imported.summary().contains("修改问题或措施的文字 1 处"), "{}", imported.summary());
    let there = lists_of(&organizer).0.into_iter().find(|p| p.id == problem).unwrap();
    assert_eq!(there.cause, edited.cause);

    let again = export_return_package(&organizer, SECRETARY).unwrap();
    import_any_package(&mut secretary, "回执2.szpkg", &again, false, "李秀兰").unwrap();
    let here = lists_of(&secretary).0.into_iter().find(|p| p.id == problem).unwrap();
    assert_eq!(here.cause, edited.cause, "her words stand on both computers");
}
