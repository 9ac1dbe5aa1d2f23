//! The three lists: one set of records, the review of the measures, tracking to 销号, and the PDF.

use chrono::NaiveDate;
use shuzhi::domain::{InspectionKind, RectificationStatus};
use shuzhi::lists::items::{MeasureInput, ProblemInput, add_measure, add_problem};
use shuzhi::lists::pdf::lists_pdf;
use shuzhi::lists::{ListKind, add_inspection, build_lists, review_measures, set_status, sign_off};

use crate::pdf_text::{Layout, pdf_text};
use crate::{SAMPLE_ID, sample_store};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 7, 1).unwrap()
}

#[test]
fn the_lists_follow_the_agenda_and_flag_what_is_overdue() {
    let store = sample_store();
    let lists = build_lists(&store, SAMPLE_ID, None, today()).unwrap();
    let units: Vec<&str> = lists.problems.iter().map(|p| p.unit.as_str()).collect();
    assert_eq!(
        units,
        ["市第一人民医院", "市第一人民医院", "市妇幼保健院", "市妇幼保健院", "市卫生健康综合监督执法支队"]
    );
    assert_eq!(lists.responsibilities.len(), 5);
    assert_eq!(lists.rectifications.len(), 6);
    // On 2024-07-01: the 6-30 brand item (not started) is overdue; the signed-off one is not.
    let overdue: Vec<&str> =
        lists.rectifications.iter().filter(|r| r.overdue).map(|r| r.rectification_id.as_str()).collect();
    assert_eq!(overdue, ["rec-fy-2-1"]);
    assert_eq!(lists.completion_percent, 33.3, "one done and one 长期坚持 out of six");
    let mine = build_lists(&store, SAMPLE_ID, Some("sec-fy"), today()).unwrap();
    assert_eq!(mine.problems.len(), 2);
    let refused = build_lists(&store, SAMPLE_ID, Some("nobody"), today()).unwrap_err().to_string();
    assert_eq!(refused, "找不到书记“nobody”。请用 `shuzhi dashboard` 查看本年度的书记编号。");
}

#[test]
fn the_review_finds_problems_without_measures_and_incomplete_measures() {
    let mut store = sample_store();
    assert!(
        review_measures(&store, SAMPLE_ID, Some("sec-fy"), today()).unwrap().is_empty(),
        "刘芳's lists are complete"
    );
    let id = add_problem(
        &mut store,
        "sec-xy",
        &ProblemInput { category: String::new(), description: "本人督促检查不够".into(), cause: String::new() },
        "周慧",
    )
    .unwrap();
    let findings = review_measures(&store, SAMPLE_ID, Some("sec-xy"), today()).unwrap();
    assert_eq!(findings.iter().map(|f| f.rule).collect::<Vec<_>>(), ["problem-without-measure"]);
    add_measure(
        &mut store,
        &id,
        &MeasureInput {
            measure: "每季度督查".into(), target: String::new(), owner: "周慧".into(), due: String::new()
        },
        "周慧",
    )
    .unwrap();
    let findings = review_measures(&store, SAMPLE_ID, Some("sec-xy"), today()).unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].rule, "measure-incomplete");
    assert_eq!(findings[0].message, "措施“每季度督查”没有写明完成时限、可衡量的整改目标。请补全后再报审核。");
}

#[test]
fn an_item_is_closed_only_with_a_verifier_and_evidence() {
    let mut store = sample_store();
    let refused = set_status(&mut store, "rec-jd-1-1", RectificationStatus::Done, "孟晓东").unwrap_err().to_string();
    assert_eq!(refused, "标记“已完成”需要销号：请填写核验人和佐证后办理销号。");
    let refused = sign_off(&mut store, "rec-jd-1-1", "2024-06-30", "孟晓东", " ", "孟晓东").unwrap_err().to_string();
    assert_eq!(refused, "销号需要佐证：请写明核验时看到的材料（如制度文件、会议记录、现场照片）。");
    let refused =
        sign_off(&mut store, "rec-jd-1-1", "2024年6月", "孟晓东", "会议记录", "孟晓东").unwrap_err().to_string();
    assert_eq!(refused, "销号日期“2024年6月”无效。请写成 2024-06-30 这样的日期。");

    add_inspection(
        &mut store,
        "rec-jd-1-1",
        InspectionKind::Special,
        "2024-06-20",
        "委党办 孟晓东",
        "支委会已单独召开6次",
        "测试",
    )
    .unwrap();
    sign_off(&mut store, "rec-jd-1-1", "2024-06-30", "委党办 孟晓东", "支委会会议记录12次", "孟晓东").unwrap();
    let lists = build_lists(&store, SAMPLE_ID, Some("sec-jd"), today()).unwrap();
    let item = &lists.rectifications[0];
    assert_eq!(item.status, RectificationStatus::Done);
    assert_eq!(item.signed_off_on.as_deref(), Some("2024-06-30"));
    assert_eq!(item.verifier.as_deref(), Some("委党办 孟晓东"));
    assert_eq!(item.inspections, 1);
    assert_eq!(lists.completion_percent, 100.0);

    set_status(&mut store, "rec-jd-1-1", RectificationStatus::InProgress, "孟晓东").unwrap();
    let lists = build_lists(&store, SAMPLE_ID, Some("sec-jd"), today()).unwrap();
    assert_eq!(lists.rectifications[0].signed_off_on, None, "reopening clears the 销号");
}

#[test]
fn the_pdf_holds_every_problem_measure_owner_and_deadline_in_order() {
    let store = sample_store();
    let lists = build_lists(&store, SAMPLE_ID, None, today()).unwrap();
    let pdf = lists_pdf(&lists, &ListKind::ALL, today()).unwrap();
    // -raw keeps the drawing order, so a wrapped cell reads back whole.
    let raw: String = pdf_text(&pdf, Layout::Raw).split_whitespace().collect();
    let mut from = 0;
    for row in &lists.rectifications {
        let due = shuzhi::report::pdf::chinese_date(row.due.as_deref().unwrap());
        // The 整改清单 names each row's 单位, on screen and on paper alike.
        for text in [&row.unit, &row.problem, &row.measure, &row.target, &row.owner, &due] {
            let wanted: String = text.split_whitespace().collect();
            let at = raw[from..].find(&wanted).unwrap_or_else(|| panic!("{wanted} is missing or out of order"));
            from += at;
        }
    }
    let layout: String = pdf_text(&pdf, Layout::Page).split_whitespace().collect();
    for title in [
        "2023年度党组织书记抓基层党建述职评议问题清单",
        "2023年度党组织书记抓基层党建述职评议责任清单",
        "2023年度党组织书记抓基层党建述职评议整改清单",
        // The 整改清单's 单位 column makes its rows taller: its last row starts a fourth page.
        "第1页共4页",
    ] {
        assert!(layout.contains(title), "{title} missing:\n{layout}");
    }
}

#[test]
fn a_long_table_repeats_its_header_on_every_page() {
    let mut store = sample_store();
    for n in 0..40 {
        let id = add_problem(
            &mut store,
            "sec-xy",
            &ProblemInput {
                category: "组织建设".into(),
                description: format!("第{n}个问题：支部学习以读文件为主，联系采供血工作实际不够，学习效果不明显"),
                cause: "把关不严".into(),
            },
            "周慧",
        )
        .unwrap();
        add_measure(
            &mut store,
            &id,
            &MeasureInput {
                measure: format!("第{n}项措施"),
                target: "每月检查".into(),
                owner: "周慧".into(),
                due: "2024-12-31".into(),
            },
            "周慧",
        )
        .unwrap();
    }
    let lists = build_lists(&store, SAMPLE_ID, Some("sec-xy"), today()).unwrap();
    let pdf = lists_pdf(&lists, &[ListKind::Rectifications], today()).unwrap();
    let text = pdf_text(&pdf, Layout::Page);
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(pages.len() >= 3, "{} pages", pages.len());
    for (index, page) in pages.iter().enumerate() {
        assert!(page.contains("整改措施") && page.contains("完成时限"), "page {} lacks the header", index + 1);
        let flat: String = page.split_whitespace().collect();
        assert!(flat.contains(&format!("第{}页共{}页", index + 1, pages.len())), "page {} lacks its number", index + 1);
    }
}

#[test]
fn progress_notes_need_evidence_and_move_an_item_to_in_progress() {
    let mut store = sample_store();
    let error =
        shuzhi::lists::add_progress(&mut store, "rec-fy-2-1", "2024-04-01", "已制定方案", " ", "刘芳").unwrap_err();
    assert!(error.to_string().contains("整改进展要有佐证"), "{error}");
    let error =
        shuzhi::lists::add_progress(&mut store, "rec-fy-2-1", "4月1日", "已制定方案", "方案文件", "刘芳").unwrap_err();
    assert!(error.to_string().contains("日期“4月1日”无效"), "{error}");
    shuzhi::lists::add_progress(&mut store, "rec-fy-2-1", "2024-04-01", "已制定品牌拓展方案", "党总支会议记录", "刘芳")
        .unwrap();
    let lists = build_lists(&store, SAMPLE_ID, Some("sec-fy"), today()).unwrap();
    let row = lists.rectifications.iter().find(|r| r.rectification_id == "rec-fy-2-1").unwrap();
    assert_eq!(row.status, RectificationStatus::InProgress, "未开始 moves to 整改中 with the first progress");
    assert_eq!(row.progress.len(), 1);
    assert_eq!(row.progress[0].evidence, "党总支会议记录");
}

#[test]
fn a_duplicate_problem_merges_with_its_measures_and_the_order_can_change() {
    let mut store = sample_store();
    let duplicate = add_problem(
        &mut store,
        "sec-syy",
        &ProblemInput {
            category: "组织建设".into(), description: "支部书记业务培训不够".into(), cause: String::new()
        },
        "测试",
    )
    .unwrap();
    let measure = add_measure(
        &mut store,
        &duplicate,
        &MeasureInput {
            measure: "每季度集中轮训".into(),
            target: "全覆盖".into(),
            owner: "组织科".into(),
            due: "2024-09-30".into(),
        },
        "测试",
    )
    .unwrap();
    shuzhi::lists::move_problem(&mut store, &duplicate, true, "测试").unwrap();
    let order = |store: &shuzhi::Store| -> Vec<String> {
        build_lists(store, SAMPLE_ID, Some("sec-syy"), today())
            .unwrap()
            .problems
            .into_iter()
            .map(|p| p.problem_id)
            .collect()
    };
    assert_eq!(order(&store), vec!["prb-syy-1".to_string(), duplicate.clone(), "prb-syy-2".to_string()]);
    let error = shuzhi::lists::move_problem(&mut store, "prb-syy-1", true, "测试").unwrap_err();
    assert!(error.to_string().contains("已经是第一项"));

    shuzhi::lists::merge_problems(&mut store, "prb-syy-2", &duplicate, "测试").unwrap();
    let lists = build_lists(&store, SAMPLE_ID, Some("sec-syy"), today()).unwrap();
    assert_eq!(lists.problems.len(), 2);
    let kept = lists.problems.iter().find(|p| p.problem_id == "prb-syy-2").unwrap();
    assert!(kept.description.ends_with("；支部书记业务培训不够"), "{}", kept.description);
    let moved = lists.rectifications.iter().find(|r| r.rectification_id == measure).unwrap();
    assert_eq!(moved.problem_id, "prb-syy-2");
    // The duplicate's responsibility (王建华 as owner and leader) is not kept twice.
    let owners = lists.responsibilities.iter().filter(|r| r.problem_id == "prb-syy-2").count();
    assert!(owners <= 2, "{owners}");

    let error = shuzhi::lists::merge_problems(&mut store, "prb-syy-1", "prb-fy-1", "测试").unwrap_err();
    assert!(error.to_string().contains("只能合并同一位书记的问题"));
}

#[test]
fn the_reviewer_signs_the_lists_only_when_the_review_is_clean_and_a_later_change_shows() {
    let mut store = sample_store();
    let problem = add_problem(
        &mut store,
        "sec-jd",
        &ProblemInput { category: "作风建设".into(), description: "调研不深入".into(), cause: String::new() },
        "测试",
    )
    .unwrap();
    let error = shuzhi::lists::sign_off_lists(&mut store, SAMPLE_ID, Some("sec-jd"), "孟晓东", "", "测试", today())
        .unwrap_err();
    assert!(error.to_string().contains("整改措施审查还有 1 处需要改正"), "{error}");
    add_measure(
        &mut store,
        &problem,
        &MeasureInput {
            measure: "每月到支部调研".into(),
            target: "全年12次".into(),
            owner: "赵敏".into(),
            due: "2024-12-31".into(),
        },
        "测试",
    )
    .unwrap();
    let signed =
        shuzhi::lists::sign_off_lists(&mut store, SAMPLE_ID, Some("sec-jd"), "孟晓东", "措施可行", "测试", today())
            .unwrap();
    let lists = build_lists(&store, SAMPLE_ID, Some("sec-jd"), today()).unwrap();
    let view = lists.sign_off.unwrap();
    assert_eq!((view.reviewer.as_str(), view.current), ("孟晓东", true));
    assert_eq!(signed.secretary_id.as_deref(), Some("sec-jd"));
    // Tracking does not unsettle the sign-off; changing a measure does.
    set_status(&mut store, "rec-jd-1-1", RectificationStatus::Ongoing, "测试").unwrap();
    assert!(build_lists(&store, SAMPLE_ID, Some("sec-jd"), today()).unwrap().sign_off.unwrap().current);
    shuzhi::lists::items::update_measure(
        &mut store,
        "rec-jd-1-1",
        &MeasureInput {
            measure: "改了的措施".into(),
            target: "x".into(),
            owner: "赵敏".into(),
            due: "2024-12-31".into(),
        },
        "测试",
    )
    .unwrap();
    assert!(!build_lists(&store, SAMPLE_ID, Some("sec-jd"), today()).unwrap().sign_off.unwrap().current);
    // The campaign-wide lists have no sign-off of their own yet.
    assert!(build_lists(&store, SAMPLE_ID, None, today()).unwrap().sign_off.is_none());
}

#[test]
fn a_comment_point_is_answered_by_the_problem_made_from_it_once_it_has_a_measure() {
    let mut store = sample_store();
    let comment = shuzhi::meeting::save_comment(
        &mut store,
        "sec-jd",
        &shuzhi::meeting::CommentInput {
            commenter: "林振华".into(),
            shortcomings: vec!["执法队员党员作用发挥不明显".into()],
            direction: "亮身份、树形象".into(),
            responsibility: "赵敏负总责".into(),
        },
        "测试",
    )
    .unwrap();
    let rules = |store: &shuzhi::Store| -> Vec<&'static str> {
        review_measures(store, SAMPLE_ID, Some("sec-jd"), today()).unwrap().into_iter().map(|f| f.rule).collect()
    };
    assert_eq!(rules(&store), vec!["comment-unanswered"]);
    let problem = shuzhi::meeting::comment_point_to_problem(&mut store, &comment, 0, "作风建设", "测试").unwrap();
    // Rephrased by hand: still answered, through its origin, once it has a measure.
    shuzhi::lists::items::update_problem(
        &mut store,
        &problem,
        &ProblemInput {
            category: "作风建设".into(),
            description: "党员执法队员示范作用不突出".into(),
            cause: String::new(),
        },
        "测试",
    )
    .unwrap();
    assert_eq!(rules(&store), vec!["problem-without-measure", "comment-unanswered"]);
    add_measure(
        &mut store,
        &problem,
        &MeasureInput {
            measure: "设立党员示范岗".into(),
            target: "每个大队1个".into(),
            owner: "赵敏".into(),
            due: "2024-06-30".into(),
        },
        "测试",
    )
    .unwrap();
    assert!(rules(&store).is_empty(), "{:?}", rules(&store));
}

#[test]
fn the_dashboard_gives_the_completion_rate_of_the_campaign_and_of_each_secretary() {
    let store = sample_store();
    let board = shuzhi::dashboard::campaign_dashboard(&store, SAMPLE_ID, today()).unwrap();
    let lists = build_lists(&store, SAMPLE_ID, None, today()).unwrap();
    // 6 measures: one 已完成 and one 长期坚持.
    assert_eq!(board.completion_percent, 33.3);
    assert_eq!(board.completion_percent, lists.completion_percent);
    let row = |id: &str| board.rows.iter().find(|r| r.secretary_id == id).unwrap().completion_percent;
    assert_eq!(row("sec-fy"), Some(50.0));
    assert_eq!(row("sec-jd"), Some(0.0));
    assert_eq!(row("sec-zyy"), None, "no measures, no rate");
}

/// 销号 with a file: the file joins the secretary's evidence on the measure's problem and
/// the 销号 names it; a 销号 that cannot be made (no verifier) keeps no file.
#[test]
fn a_sign_off_keeps_its_evidence_file_in_the_reports_evidence() {
    const PNG: &[u8] = include_bytes!("../fixtures/evidence/sign-in-sheet.png");
    let mut store = sample_store();
    let before = shuzhi::report::evidence::list_evidence(&store, "rep-jd").unwrap().len();
    let refused = shuzhi::lists::sign_off_with_file(
        &mut store,
        "rec-jd-1-1",
        "2024-06-30",
        " ",
        "会议记录",
        "签到表.png",
        PNG,
        "孟晓东",
    )
    .unwrap_err();
    assert!(refused.to_string().contains("核验人"), "{refused}");
    assert_eq!(shuzhi::report::evidence::list_evidence(&store, "rep-jd").unwrap().len(), before, "no file kept");

    shuzhi::lists::sign_off_with_file(
        &mut store,
        "rec-jd-1-1",
        "2024-06-30",
        "委党办 孟晓东",
        "支委会会议记录12次",
        "签到表.png",
        PNG,
        "孟晓东",
    )
    .unwrap();
    let evidence = shuzhi::report::evidence::list_evidence(&store, "rep-jd").unwrap();
    assert_eq!(evidence.len(), before + 1);
    let kept = evidence.last().unwrap();
    assert_eq!(kept.file_name, "签到表.png");
    assert!(kept.supports.starts_with("问题："), "{}", kept.supports);
    assert!(kept.description.starts_with("销号佐证"), "{}", kept.description);
    let lists = build_lists(&store, SAMPLE_ID, Some("sec-jd"), today()).unwrap();
    assert_eq!(lists.rectifications[0].status, RectificationStatus::Done);
    let rectification = shuzhi::store::lists::list_rectifications(store.conn(), SAMPLE_ID)
        .unwrap()
        .into_iter()
        .find(|r| r.id == "rec-jd-1-1")
        .unwrap();
    assert_eq!(rectification.sign_off.unwrap().evidence, "支委会会议记录12次（附件：签到表.png）");
}

#[test]
fn a_secretarys_computer_signs_nothing_on_any_path() {
    // Reproduces: after `shuzhi role 书记`, `shuzhi lists approve` answered 已签署清单, and
    // `shuzhi lists status` silently erased a 销号, though the window refused both.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("her.db");
    let run = |args: &[&str]| crate::cli::shuzhi(&db, args);
    assert!(run(&["demo"]).status.success());
    let signed = run(&[
        "lists",
        "sign-off",
        "--id",
        "rec-jd-1-1",
        "--date",
        "2024-06-30",
        "--verifier",
        "孟晓东",
        "--evidence",
        "支委会记录",
    ]);
    assert!(signed.status.success(), "{}", crate::cli::stderr(&signed));
    assert!(run(&["role", "书记", "--name", "李秀兰"]).status.success());
    for args in [
        vec!["lists", "approve", "--campaign", SAMPLE_ID, "--secretary", "sec-zyy", "--reviewer", "李秀兰"],
        vec!["lists", "status", "--id", "rec-jd-1-1", "--status", "in_progress"],
        vec![
            "lists",
            "sign-off",
            "--id",
            "rec-jd-2-1",
            "--date",
            "2024-06-30",
            "--verifier",
            "李秀兰",
            "--evidence",
            "自己说完成了",
        ],
    ] {
        let out = run(&args);
        assert!(!out.status.success(), "{args:?} went through on a secretary's computer");
        assert!(crate::cli::stderr(&out).contains("这台电脑设为“书记（我要述职）”"), "{}", crate::cli::stderr(&out));
    }
    let store = shuzhi::Store::open(&db).unwrap();
    let lists = build_lists(&store, SAMPLE_ID, Some("sec-jd"), today()).unwrap();
    let item = lists.rectifications.iter().find(|r| r.rectification_id == "rec-jd-1-1").unwrap();
    assert_eq!(item.status, RectificationStatus::Done, "the 销号 stands");
    assert!(lists.sign_off.is_none());
}

#[test]
fn a_sign_off_with_its_file_is_one_write_logged_once() {
    // Reproduces: attach, sign off and delete-on-failure were three writes; a failed 销号
    // left “attached … deleted” in the log, and a crash between them an orphan file.
    let mut store = sample_store();
    let png = include_bytes!("../fixtures/evidence/sign-in-sheet.png");
    let evidence_before = shuzhi::store::reports::list_evidence(store.conn(), SAMPLE_ID).unwrap().len();
    let log_before = shuzhi::store::audit::list_for_campaign(store.conn(), SAMPLE_ID).unwrap().len();
    // Refused (no verifier would be caught earlier; a secretary's computer is caught inside).
    crate::package_trust::her_computer(&mut store);
    let refused = shuzhi::lists::sign_off_with_file(
        &mut store,
        "rec-jd-1-1",
        "2024-06-30",
        "孟晓东",
        "会议记录",
        "记录.png",
        png,
        "孟晓东",
    )
    .unwrap_err();
    assert!(refused.to_string().contains("书记（我要述职）"), "{refused}");
    assert_eq!(shuzhi::store::reports::list_evidence(store.conn(), SAMPLE_ID).unwrap().len(), evidence_before);
    assert_eq!(shuzhi::store::audit::list_for_campaign(store.conn(), SAMPLE_ID).unwrap().len(), log_before);

    let mut store = sample_store();
    shuzhi::lists::sign_off_with_file(
        &mut store,
        "rec-jd-1-1",
        "2024-06-30",
        "孟晓东",
        "会议记录",
        "记录.png",
        png,
        "孟晓东",
    )
    .unwrap();
    let log = shuzhi::store::audit::list_for_campaign(store.conn(), SAMPLE_ID).unwrap();
    let new: Vec<_> = log[log_before..].iter().map(|e| (e.action.as_str(), e.detail.as_str())).collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0].0, "rectification.sign_off");
    assert!(new[0].1.contains("附件“记录.png”"), "{new:?}");
    assert_eq!(shuzhi::store::reports::list_evidence(store.conn(), SAMPLE_ID).unwrap().len(), evidence_before + 1);
}
