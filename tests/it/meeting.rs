//! The meeting on the sample campaign: agenda, 点评 → problems, panel, paper ballots
//! with duplicates and double entry, closing with a fingerprint, results, the recount
//! files and the PDFs.

use shuzhi::domain::ProblemSource;
use shuzhi::domain::{BallotChannel, Grade};
use shuzhi::meeting::{self, BallotInput, CategoryInput, CommentInput, KeepEntry, MeetingSettings};
use shuzhi::meeting::{pdf as meeting_pdf, recount as tally_files};
use shuzhi::rules::scoring::{self, InvalidReason, Mark};
use shuzhi::store::lists as list_store;
use shuzhi::{ErrorKind, Store, exchange};

use crate::{SAMPLE_ID, sample_store};

fn marks(text: &str) -> Vec<Mark> {
    text.chars()
        .map(|c| match c {
            '1' => Mark::Grade(Grade::Good),
            '2' => Mark::Grade(Grade::FairlyGood),
            '3' => Mark::Grade(Grade::Fair),
            '4' => Mark::Grade(Grade::Poor),
            '5' => Mark::Multiple,
            _ => Mark::Blank,
        })
        .collect()
}

pub(crate) fn ballot(serial: &str, text: &str) -> BallotInput {
    BallotInput {
        serial: serial.into(),
        category_id: None,
        marks: marks(text),
        dimension_marks: Vec::new(),
        suggestions: String::new(),
        duplicate: false,
    }
}

/// The sample with its sheets printed (36 serials: 1-001 … 4-015).
pub(crate) fn printed() -> Store {
    let mut store = sample_store();
    let sheets = meeting::ensure_sheets(&mut store, SAMPLE_ID, "测试").unwrap();
    assert_eq!(sheets.len(), 36);
    store
}

#[test]
fn the_agenda_orders_the_secretaries_and_keeps_its_members_once_ballots_exist() {
    let mut store = printed();
    let (agenda, off) = meeting::agenda(&store, SAMPLE_ID).unwrap();
    assert_eq!(agenda.len(), 10);
    assert!(off.is_empty());
    let mut order: Vec<String> = agenda.iter().map(|a| a.secretary_id.clone()).collect();
    order.reverse();
    meeting::set_agenda(&mut store, SAMPLE_ID, &order, "测试").unwrap();
    let (agenda, _) = meeting::agenda(&store, SAMPLE_ID).unwrap();
    assert_eq!(agenda[0].secretary_id, order[0]);

    // Leaving someone out shows them as off the agenda.
    meeting::set_agenda(&mut store, SAMPLE_ID, &order[..9], "测试").unwrap();
    let (agenda, off) = meeting::agenda(&store, SAMPLE_ID).unwrap();
    assert_eq!((agenda.len(), off.len()), (9, 1));

    meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot("1-001", "111111111"), "测试").unwrap();
    let error = meeting::set_agenda(&mut store, SAMPLE_ID, &order, "测试").unwrap_err();
    assert!(error.to_string().contains("只能调整顺序"), "{error}");
    let mut reordered = order[..9].to_vec();
    reordered.swap(0, 1);
    meeting::set_agenda(&mut store, SAMPLE_ID, &reordered, "测试").unwrap();

    let error = meeting::set_agenda(&mut store, SAMPLE_ID, &["nobody".to_string()], "测试").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
}

#[test]
fn a_comment_point_becomes_a_problem_once_and_then_keeps_its_text() {
    let mut store = sample_store();
    let input = CommentInput {
        commenter: "市卫健委党委书记 林振华".into(),
        shortcomings: vec!["支部书记培训抓得不实".into(), "青年思想引领载体不多".into()],
        direction: "把支部建设与学科建设结合起来".into(),
        responsibility: "本人负总责，党委办公室具体落实".into(),
    };
    let comment_id = meeting::save_comment(&mut store, "sec-syy", &input, "测试").unwrap();
    let problem_id = meeting::comment_point_to_problem(&mut store, &comment_id, 1, "", "测试").unwrap();
    let problems = list_store::list_problems(store.conn(), SAMPLE_ID).unwrap();
    let made = problems.iter().find(|p| p.id == problem_id).unwrap();
    assert_eq!(made.source, ProblemSource::SuperiorComment);
    assert_eq!(made.description, "青年思想引领载体不多");
    assert_eq!(made.origin.as_deref(), Some(format!("superior_comment:{comment_id}:1").as_str()));
    let responsibilities = list_store::list_responsibilities(store.conn(), SAMPLE_ID).unwrap();
    assert!(responsibilities.iter().any(|r| r.problem_id == problem_id && r.owner == "王建华"));

    let again = meeting::comment_point_to_problem(&mut store, &comment_id, 1, "", "测试").unwrap_err();
    assert!(again.to_string().contains("已经转为问题"), "{again}");
    let view = meeting::meeting_view(&store, SAMPLE_ID).unwrap();
    assert_eq!(view.comment_points_done[0], vec![false, true]);

    // The point that became a problem may not be changed; a new point may be added.
    let mut changed = input.clone();
    changed.shortcomings[1] = "别的说法".into();
    let error = meeting::save_comment(&mut store, "sec-syy", &changed, "测试").unwrap_err();
    assert!(error.to_string().contains("已转为问题"), "{error}");
    let mut added = input.clone();
    added.shortcomings.push("联系群众不够".into());
    assert_eq!(meeting::save_comment(&mut store, "sec-syy", &added, "测试").unwrap(), comment_id);

    let empty = CommentInput { shortcomings: vec![" ".into()], ..input };
    let error = meeting::save_comment(&mut store, "sec-syy", &empty, "测试").unwrap_err();
    assert!(error.to_string().contains("至少写一条"), "{error}");
}

#[test]
fn paper_ballots_are_checked_as_they_are_typed() {
    let mut store = printed();
    // The category comes from the printed serial.
    let entered = meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot("2-003", "1212121212"), "测试").unwrap();
    assert!(entered.warnings.is_empty());
    let view = meeting::meeting_view(&store, SAMPLE_ID).unwrap();
    assert_eq!(view.ballots[0].category_id, "cat-deputies");

    let cases: Vec<(BallotInput, &str)> = vec![
        (ballot("", "1111111111"), "请先填写票号"),
        (ballot("2-004", "11111"), "这张票有 5 个评价，议程上有 10 位书记"),
        (ballot("7-777", "1111111111"), "无法确定评议人类别"),
        (
            BallotInput { category_id: Some("cat-leaders".into()), ..ballot("2-004", "1111111111") },
            "印在“两代表一委员”的测评表上，与所选的“上级党组织领导”不符",
        ),
        (ballot("2-003", "1111111111"), "票号 2-003 已经录入过"),
    ];
    for (input, expected) in cases {
        let error = meeting::enter_ballot(&mut store, SAMPLE_ID, &input, "测试").unwrap_err();
        assert!(error.to_string().contains(expected), "{expected}: {error}");
    }
    assert_eq!(meeting::meeting_view(&store, SAMPLE_ID).unwrap().ballots.len(), 1, "nothing was written");

    // A second paper ballot with the same serial is kept, and both count as invalid.
    let duplicate = BallotInput { duplicate: true, ..ballot("2-003", "1111111111") };
    let entered = meeting::enter_ballot(&mut store, SAMPLE_ID, &duplicate, "测试").unwrap();
    assert!(entered.warnings[0].contains("重复"));
    // A serial that was never printed is kept with a chosen category, and counts as invalid.
    let stray = BallotInput { category_id: Some("cat-members".into()), ..ballot("7-777", "1111111111") };
    let entered = meeting::enter_ballot(&mut store, SAMPLE_ID, &stray, "测试").unwrap();
    assert!(entered.warnings[0].contains("不在已印制的测评表中"));
    meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot("4-001", "2222222222"), "测试").unwrap();

    // The results exist once the vote is sealed.
    meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    let results = meeting::results(&store, SAMPLE_ID).unwrap();
    let reasons: Vec<InvalidReason> = results.outcome.invalid_ballots.iter().map(|b| b.reason).collect();
    assert_eq!(
        reasons,
        vec![InvalidReason::RepeatedSerial, InvalidReason::RepeatedSerial, InvalidReason::UnknownSerial]
    );
    assert_eq!(results.outcome.ballots_valid, 1);
    // The one valid ballot is below the anonymity threshold: its 较好 shows in the grade.
    assert_eq!(results.outcome.secretaries[0].valid, 1);
    assert_eq!(results.outcome.secretaries[0].grade, Some(Grade::FairlyGood));
    assert_eq!(results.outcome.secretaries[0].invalid, 3);
}

#[test]
fn double_entry_flags_every_difference_and_holds_the_vote_open_until_settled() {
    let mut store = printed();
    let settings =
        MeetingSettings { speaking_minutes: 5, dimensions: Vec::new(), double_entry: true, ..Default::default() };
    meeting::save_settings(&mut store, SAMPLE_ID, &settings, "测试").unwrap();
    meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot("1-001", "1111122222"), "测试").unwrap();
    meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot("1-002", "1111111111"), "甲").unwrap();

    let error = meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap_err();
    assert!(error.to_string().contains("还有 2 张票没有第二遍录入"), "{error}");

    let same = meeting::enter_check(&mut store, SAMPLE_ID, &ballot("1-001", "1111122222"), "乙").unwrap();
    assert!(same.is_empty());
    let differences = meeting::enter_check(&mut store, SAMPLE_ID, &ballot("1-002", "1111111131"), "乙").unwrap();
    assert_eq!(differences.len(), 1);
    assert_eq!(differences[0].field, "吴国平");
    assert_eq!((differences[0].first.as_str(), differences[0].second.as_str()), ("好", "一般"));
    let error = meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap_err();
    assert!(error.to_string().contains("两遍录入不一致（票号 1-002）"), "{error}");

    let error = meeting::enter_check(&mut store, SAMPLE_ID, &ballot("1-003", "1111111111"), "乙").unwrap_err();
    assert!(error.to_string().contains("还没有第一遍录入"), "{error}");

    // The paper says 一般: keep the second entry.
    meeting::settle_check(&mut store, SAMPLE_ID, "1-002", KeepEntry::Second, "测试").unwrap();
    assert!(meeting::meeting_view(&store, SAMPLE_ID).unwrap().differences.is_empty());
    meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    let results = meeting::results(&store, SAMPLE_ID).unwrap();
    let wu = results.people.iter().position(|p| p.name == "吴国平").unwrap();
    // 较好 and 一般 from two leaders (below the anonymity threshold): a mean of 70, 一般.
    assert_eq!(results.outcome.secretaries[wu].grade, Some(Grade::Fair));

    // Switching double entry off is refused once ballots exist.
    let off = MeetingSettings { double_entry: false, ..settings };
    let refused = meeting::save_settings(&mut store, SAMPLE_ID, &off, "测试").unwrap_err().to_string();
    assert!(refused.contains("已经录入了测评票，不能再切换双人录入"), "{refused}");
}

#[test]
fn closing_freezes_the_ballots_and_rules_and_the_recount_reproduces_the_results() {
    let mut store = printed();
    let rows = [
        ("1-001", "1111111111"),
        ("1-002", "1211121112"),
        ("1-003", "1221131114"),
        ("2-001", "2111111111"),
        ("2-002", "1112111111"),
        ("3-001", "1311411121"),
        ("3-002", "1111111111"),
        ("3-003", "2222222222"),
        ("4-001", "1111511111"),
        ("4-002", "0000000000"),
    ];
    for (serial, text) in rows {
        let mut input = ballot(serial, text);
        if serial == "3-001" {
            input.suggestions = "建议加强青年党员培养，书记多到科室支部调研".into();
        }
        meeting::enter_ballot(&mut store, SAMPLE_ID, &input, "测试").unwrap();
    }
    // With no anonymity threshold every category's figures are published, so the recount
    // files carry the ballots themselves (tests/it/anonymity.rs covers the threshold).
    let weighted = scoring::ScoringRules { anonymity_threshold: 0, ..scoring::preset_rules("weighted").unwrap() };
    let version = meeting::save_rules(&mut store, SAMPLE_ID, &weighted, "测试").unwrap();
    assert_eq!(version, 2, "the sample's rules are version 1");
    let closure = meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    assert_eq!(closure.rules_version, 2);
    assert_eq!(closure.fingerprint.len(), 64);

    // Frozen: no ballot, rule or panel change.
    let error = meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot("4-003", "1111111111"), "测试").unwrap_err();
    assert!(error.to_string().contains("测评已于"), "{error}");
    let rules = scoring::preset_rules("good_share").unwrap();
    let refused = meeting::save_rules(&mut store, SAMPLE_ID, &rules, "测试").unwrap_err().to_string();
    assert!(refused.contains("结束并封存，测评票和计分规则不能再改"), "{refused}");
    let refused = meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap_err().to_string();
    assert!(refused.contains("结束并封存"), "{refused}");

    let results = meeting::results(&store, SAMPLE_ID).unwrap();
    assert_eq!(results.outcome.fingerprint, closure.fingerprint);
    assert_eq!(results.outcome.ballots_total, 10);
    assert_eq!(results.outcome.invalid_ballots.len(), 1, "4-002 is blank");
    let first = &results.outcome.secretaries[0];
    assert_eq!(first.counts.unwrap().good, 7);
    assert!(first.by_category.iter().all(|c| !c.hidden && c.counts.is_some()));
    assert_eq!(results.outcome.anonymity, None);

    // The recount files, read without the database, give the same results and fingerprint.
    let (rules_bytes, csv_bytes) = tally_files::recount_files(&store, SAMPLE_ID).unwrap();
    let csv_text = String::from_utf8(csv_bytes.clone()).unwrap();
    assert!(!csv_text.contains("sec-"), "no ids in the recount file");
    assert!(csv_text.starts_with("票号,评议人类别,王建华,"));
    let rules_file = tally_files::parse_rules_file("rules.json", &rules_bytes).unwrap();
    let input = tally_files::parse_ballots_csv("ballots.csv", &csv_bytes, &rules_file).unwrap();
    let recount = scoring::tally(&rules_file.rules, &input);
    assert_eq!(recount, results.outcome);

    // The exchange file carries the closed vote.
    let document = exchange::export_campaign(&store, SAMPLE_ID).unwrap();
    assert_eq!(document.vote.as_ref().unwrap().fingerprint, closure.fingerprint);
    assert_eq!(document.rules_versions.len(), 2);
    let mut other = crate::new_store();
    let bytes = exchange::to_json_bytes(&document);
    let parsed = exchange::parse_document("x.json", &bytes).unwrap();
    exchange::import_document(&mut other, "x.json", &parsed, "测试").unwrap();
    assert_eq!(exchange::to_json_bytes(&exchange::export_campaign(&other, SAMPLE_ID).unwrap()), bytes);

    // A suggestion becomes a problem of the secretary it concerns.
    let view = meeting::meeting_view(&store, SAMPLE_ID).unwrap();
    let suggestion = &view.suggestions[0];
    let id = meeting::suggestion_to_problem(&mut store, &suggestion.ballot_id, "sec-syy", "青年党员培养不够", "测试")
        .unwrap();
    let problems = list_store::list_problems(store.conn(), SAMPLE_ID).unwrap();
    assert_eq!(problems.iter().find(|p| p.id == id).unwrap().source, ProblemSource::PanelReview);
    assert_eq!(meeting::meeting_view(&store, SAMPLE_ID).unwrap().suggestions[0].problems, 1);

    // Reopening needs a reason and clears the closure.
    let refused = meeting::reopen_vote(&mut store, SAMPLE_ID, "", "测试").unwrap_err().to_string();
    assert!(refused.contains("重新开启测评须写明原因（只有 0 个字，至少要写 4 个字）"), "{refused}");
    meeting::reopen_vote(&mut store, SAMPLE_ID, "3-002 号票录错，核对纸质票后更正", "测试").unwrap();
    assert!(meeting::meeting_view(&store, SAMPLE_ID).unwrap().closure.is_none());
}

#[test]
fn the_results_pdfs_list_every_secretary_and_refuse_before_closing() {
    let mut store = printed();
    for (serial, text) in [("1-001", "1111111111"), ("1-002", "1212121212"), ("1-003", "2222222224")] {
        meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot(serial, text), "测试").unwrap();
    }
    let today = chrono::NaiveDate::from_ymd_opt(2024, 1, 18).unwrap();
    let error = meeting_pdf::summary_pdf(&store, SAMPLE_ID, today).unwrap_err();
    assert!(error.to_string().contains("测评尚未结束"), "{error}");
    meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    let summary = meeting_pdf::summary_pdf(&store, SAMPLE_ID, today).unwrap();
    let sheets = meeting_pdf::secretary_sheets_pdf(&store, SAMPLE_ID, None, today).unwrap();
    assert!(summary.starts_with(b"%PDF"));
    assert!(sheets.starts_with(b"%PDF"));
    let text = crate::pdf_text::pdf_text(&summary, crate::pdf_text::Layout::Page);
    for name in ["王建华", "李秀兰", "郑晓燕", "评议结果汇总表", "指纹"] {
        assert!(text.contains(name), "{name} missing from the summary:\n{text}");
    }
    // 应到 is the planned panel; then the ballots handed in (not people: one person can hand
    // in a sheet and vote by phone), by channel, valid and invalid.
    let results = meeting::results(&store, SAMPLE_ID).unwrap();
    let planned: u32 =
        meeting::meeting_view(&store, SAMPLE_ID).unwrap().categories.iter().map(|c| c.category.planned_size).sum();
    assert_eq!(results.expected_raters, planned);
    let turnout = format!("应到 {planned} 人；收回测评票 3 张（纸质 3 张、手机 0 张），有效 3 张，无效 0 张。");
    assert_eq!(results.turnout_text(), turnout);
    let flat: String = text.split_whitespace().collect();
    assert!(flat.contains(&turnout.replace(' ', "")), "{text}");
    // 郑晓燕's post reads once: 市卫生健康委员会机关 + 机关第一党支部书记 share 机关.
    let sheets_text: String =
        crate::pdf_text::pdf_text(&sheets, crate::pdf_text::Layout::Page).split_whitespace().collect();
    assert!(!sheets_text.contains("机关机关"), "the unit and the post repeat 机关");
    let text = crate::pdf_text::pdf_text(&sheets, crate::pdf_text::Layout::Page);
    assert_eq!(text.matches("结果通知单").count(), 10, "one sheet per secretary");
    assert!(text.contains("计算过程"));
}

#[test]
fn the_panel_and_rules_are_edited_with_clear_refusals() {
    let mut store = sample_store();
    let view = meeting::meeting_view(&store, SAMPLE_ID).unwrap();
    let mut categories: Vec<CategoryInput> = view
        .categories
        .iter()
        .map(|c| CategoryInput {
            id: Some(c.category.id.clone()),
            name: c.category.name.clone(),
            weight_percent: c.category.weight_percent,
            planned_size: c.category.planned_size,
            ballot_channel: c.category.ballot_channel,
        })
        .collect();
    categories.push(CategoryInput {
        id: None,
        name: "服务对象代表".into(),
        weight_percent: 0,
        planned_size: 5,
        ballot_channel: Default::default(),
    });
    meeting::save_panel(&mut store, SAMPLE_ID, &categories, "测试").unwrap();
    assert_eq!(meeting::meeting_view(&store, SAMPLE_ID).unwrap().categories.len(), 5);

    let mut twin = categories.clone();
    twin[1].name = twin[0].name.clone();
    assert!(meeting::save_panel(&mut store, SAMPLE_ID, &twin, "测试").unwrap_err().to_string().contains("重复"));
    let zero: Vec<CategoryInput> =
        categories.iter().map(|c| CategoryInput { weight_percent: 0, ..c.clone() }).collect();
    assert!(meeting::save_panel(&mut store, SAMPLE_ID, &zero, "测试").unwrap_err().to_string().contains("不能全为 0"));

    let mut bad = scoring::preset_rules("weighted").unwrap();
    bad.bands.clear();
    let error = meeting::save_rules(&mut store, SAMPLE_ID, &bad, "测试").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    let view = meeting::meeting_view(&store, SAMPLE_ID).unwrap();
    assert_eq!(view.rules_versions.len(), 1, "a refused rule change writes nothing");
    // Saving the same rules twice makes no new version.
    let good = scoring::preset_rules("good_share").unwrap();
    assert_eq!(meeting::save_rules(&mut store, SAMPLE_ID, &good, "测试").unwrap(), 2);
    assert_eq!(meeting::save_rules(&mut store, SAMPLE_ID, &good, "测试").unwrap(), 2);
}

#[test]
fn dimension_grades_are_counted_per_dimension_and_survive_the_recount() {
    let mut store = printed();
    let settings = MeetingSettings {
        speaking_minutes: 6,
        dimensions: vec!["党建工作全面性".into(), "重点工作针对性".into()],
        double_entry: false,
        ..Default::default()
    };
    meeting::save_settings(&mut store, SAMPLE_ID, &settings, "测试").unwrap();
    let with_dimensions = |serial: &str, text: &str, dims: &str| {
        let mut input = ballot(serial, text);
        let pairs = marks(dims);
        input.dimension_marks =
            (0..10).map(|i| vec![pairs[(2 * i) % pairs.len()], pairs[(2 * i + 1) % pairs.len()]]).collect();
        input
    };
    // A ballot without its dimension marks is refused.
    let error = meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot("1-001", "1111111111"), "测试").unwrap_err();
    assert!(error.to_string().contains("每位书记应有 2 项分项评价"), "{error}");
    meeting::enter_ballot(&mut store, SAMPLE_ID, &with_dimensions("1-001", "1111111111", "12"), "测试").unwrap();
    meeting::enter_ballot(&mut store, SAMPLE_ID, &with_dimensions("1-002", "2222222222", "13"), "测试").unwrap();
    meeting::enter_ballot(&mut store, SAMPLE_ID, &with_dimensions("1-003", "1111111111", "10"), "测试").unwrap();
    meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    let results = meeting::results(&store, SAMPLE_ID).unwrap();
    let first = &results.outcome.secretaries[0];
    assert_eq!(first.dimensions.len(), 2);
    assert_eq!(first.dimensions[0].name, "党建工作全面性");
    assert_eq!(first.dimensions[0].counts.good, 3);
    assert_eq!((first.dimensions[1].counts.fairly_good, first.dimensions[1].counts.fair), (1, 1));
    assert_eq!(first.dimensions[1].counts.total(), 2, "the blank dimension mark is not counted");

    let (rules_bytes, csv_bytes) = tally_files::recount_files(&store, SAMPLE_ID).unwrap();
    let csv_text = String::from_utf8(csv_bytes.clone()).unwrap();
    assert!(csv_text.lines().next().unwrap().contains("王建华：党建工作全面性"));
    let rules_file = tally_files::parse_rules_file("rules.json", &rules_bytes).unwrap();
    let input = tally_files::parse_ballots_csv("ballots.csv", &csv_bytes, &rules_file).unwrap();
    assert_eq!(scoring::tally(&rules_file.rules, &input), results.outcome);
}

#[test]
fn bad_recount_files_are_refused_with_a_clear_message() {
    let mut store = printed();
    // No anonymity threshold: the recount files of format 1, with the ballots.
    let rules = scoring::ScoringRules { anonymity_threshold: 0, ..scoring::preset_rules("weighted").unwrap() };
    meeting::save_rules(&mut store, SAMPLE_ID, &rules, "测试").unwrap();
    meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot("1-001", "1111111111"), "测试").unwrap();
    meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    let (rules_bytes, csv_bytes) = tally_files::recount_files(&store, SAMPLE_ID).unwrap();
    let rules_text = String::from_utf8(rules_bytes.clone()).unwrap();
    let csv_text = String::from_utf8(csv_bytes.clone()).unwrap();
    let rules_file = tally_files::parse_rules_file("rules.json", &rules_bytes).unwrap();

    let rules_cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("not UTF-8", vec![0xff, 0xfe, 0x00], "不是 UTF-8 编码的文本"),
        ("truncated", rules_bytes[..rules_bytes.len() / 2].to_vec(), "内容不符合计分规则文件的格式"),
        ("another format", rules_text.replacen("shuzhi-tally-rules", "other", 1).into_bytes(), "format 字段"),
        (
            "a future version",
            rules_text.replacen("\"format_version\": 1", "\"format_version\": 7", 1).into_bytes(),
            "版本 7 不受支持",
        ),
    ];
    for (name, bytes, expected) in rules_cases {
        let message = tally_files::parse_rules_file("rules.json", &bytes).unwrap_err().to_string();
        assert!(message.contains(expected), "{name}: {message}");
        assert!(message.ends_with("数据库未作任何改动。"), "{name}: {message}");
    }

    let header = csv_text.lines().next().unwrap().to_string();
    let csv_cases: Vec<(&str, String, &str)> = vec![
        ("wrong header", csv_text.replacen("票号", "编号", 1), "表头应以“票号,评议人类别”开头"),
        ("a short row", format!("{header}\n1-009,上级党组织领导,好\n"), "这一行有 3 栏"),
        ("an unknown grade", csv_text.replacen(",好", ",很好", 1), "“很好”不是有效的评价"),
    ];
    for (name, text, expected) in csv_cases {
        let message =
            tally_files::parse_ballots_csv("ballots.csv", text.as_bytes(), &rules_file).unwrap_err().to_string();
        assert!(message.contains(expected), "{name}: {message}");
    }
    let message = tally_files::parse_ballots_csv("ballots.csv", &[0xff, 0xfe], &rules_file).unwrap_err().to_string();
    assert!(message.contains("不是 UTF-8 编码的文本") && message.contains("CSV UTF-8"), "{message}");
}

#[test]
fn a_category_that_returned_more_ballots_than_it_has_raters_stops_the_closing() {
    // Reproduces: 两代表一委员 (6 members) handed in 7 ballots and they were sealed without a
    // word, and the results said 实到 as many people as ballots. (One person can no longer
    // hold a sheet and a code; a photocopied sheet still makes a seventh ballot.)
    let mut store = printed();
    for n in 1..=6 {
        meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot(&format!("2-00{n}"), "1111111111"), "测试").unwrap();
    }
    let copied = BallotInput { category_id: Some("cat-deputies".into()), ..ballot("2-099", "1111111111") };
    meeting::enter_ballot(&mut store, SAMPLE_ID, &copied, "测试").unwrap();

    let counted = shuzhi::meeting::reconcile::reconcile_ballots(&store, SAMPLE_ID).unwrap();
    let row = counted.categories.iter().find(|c| c.name == "两代表一委员").unwrap();
    assert_eq!((row.raters, row.sheets_issued, row.codes_issued), (6, 6, 0));
    assert_eq!((row.paper_returned, row.phone_returned, row.returned), (7, 0, 7));
    assert_eq!(counted.over_votes, vec!["两代表一委员收回测评票 7 张，多于该类评议人 6 人".to_string()]);
    assert_eq!((counted.total.returned, counted.total.paper_returned, counted.total.phone_returned), (7, 7, 0));

    for reason in [None, Some("  "), Some("核实")] {
        let refused = meeting::close_vote(&mut store, SAMPLE_ID, "测试", reason).unwrap_err().to_string();
        assert!(
            refused.starts_with("收回的测评票多于应有的：两代表一委员收回测评票 7 张，多于该类评议人 6 人。"),
            "{refused}"
        );
        assert!(shuzhi::store::meeting::get_closure(store.conn(), SAMPLE_ID).unwrap().is_none(), "still open");
    }
    let reason = "一张测评表被复印后多交了一张，经核实两张票相同，按现有的票计";
    let closure = meeting::close_vote(&mut store, SAMPLE_ID, "测试", Some(reason)).unwrap();
    assert!(closure.over_vote_reason.as_deref().unwrap().ends_with(reason));
    let log = shuzhi::store::audit::list_for_campaign(store.conn(), SAMPLE_ID).unwrap();
    assert!(log.iter().any(|e| e.action == "vote.close" && e.detail.contains(reason)));
    assert!(shuzhi::database::check_database(&store).unwrap().problems.is_empty(), "the seal matches its log");
    let results = meeting::results(&store, SAMPLE_ID).unwrap();
    assert!(results.turnout_text().contains("收回测评票 7 张（纸质 7 张、手机 0 张）"), "{}", results.turnout_text());
    assert!(results.turnout_text().contains("其中两代表一委员收回测评票 7 张，多于该类评议人 6 人"));
    let today = chrono::NaiveDate::from_ymd_opt(2024, 1, 18).unwrap();
    let text: String = crate::pdf_text::pdf_text(
        &meeting_pdf::summary_pdf(&store, SAMPLE_ID, today).unwrap(),
        crate::pdf_text::Layout::Page,
    )
    .split_whitespace()
    .collect();
    assert!(text.contains("按现有的票结束测评"), "{text}");
    assert!(text.contains("经核实两张票相同"), "{text}");
}

/// Sets the categories with these ids to vote by phone (the others keep their way).
pub fn vote_by_phone(store: &mut Store, ids: &[&str]) {
    let ids: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
    meeting::set_ballot_channel(store, SAMPLE_ID, &ids, BallotChannel::Phone, "测试").unwrap();
}

/// Sets every category of the sample to vote on paper.
fn all_on_paper(store: &mut Store) -> shuzhi::Result<()> {
    let ids: Vec<String> = ALL_CATEGORIES.iter().map(|id| id.to_string()).collect();
    meeting::set_ballot_channel(store, SAMPLE_ID, &ids, BallotChannel::Paper, "测试")
}

/// Every category of the sample.
pub const ALL_CATEGORIES: [&str; 4] = ["cat-leaders", "cat-deputies", "cat-secretaries", "cat-members"];

#[test]
fn a_rater_holds_a_sheet_or_a_code_never_both() {
    // Reproduces: paper sheets and phone codes were both issued for every member of a
    // category, so one person could vote twice.
    let mut store = printed();
    let refused = shuzhi::meeting::phone::issue_codes(&mut store, SAMPLE_ID, "测试").unwrap_err();
    assert!(refused.to_string().contains("还没有哪一类评议人用手机扫码测评"), "{refused}");

    // 两代表一委员 votes by phone: its six printed sheets are no longer taken, six codes are
    // made for it and for no other category, and a paper ballot of it is refused.
    vote_by_phone(&mut store, &["cat-deputies"]);
    let log = shuzhi::store::audit::list_for_campaign(store.conn(), SAMPLE_ID).unwrap();
    assert!(
        log.iter().any(|e| e.action == "panel.save" && e.detail.contains("“两代表一委员”已印的 6 张测评表改用手机后不再受理")),
        "{log:?}"
    );
    let codes = shuzhi::meeting::phone::issue_codes(&mut store, SAMPLE_ID, "测试").unwrap();
    assert_eq!(codes.len(), 6);
    assert!(codes.iter().all(|c| c.category_id == "cat-deputies"));
    let paper = BallotInput { category_id: Some("cat-deputies".into()), ..ballot("2-001", "1111111111") };
    let refused = meeting::enter_ballot(&mut store, SAMPLE_ID, &paper, "测试").unwrap_err();
    assert!(refused.to_string().contains("“两代表一委员”用手机扫码测评，没有纸质测评表"), "{refused}");
    // Printing sheets again makes none for it.
    let sheets = meeting::ensure_sheets(&mut store, SAMPLE_ID, "测试").unwrap();
    assert!(sheets.iter().all(|s| s.category_id != "cat-deputies"));

    // The reconciliation shows each category's way.
    let counted = shuzhi::meeting::reconcile::reconcile_ballots(&store, SAMPLE_ID).unwrap();
    let deputies = counted.categories.iter().find(|c| c.name == "两代表一委员").unwrap();
    assert_eq!((deputies.channel, deputies.sheets_issued, deputies.codes_issued), (Some(BallotChannel::Phone), 0, 6));
    let leaders = counted.categories.iter().find(|c| c.name == "上级党组织领导").unwrap();
    assert_eq!((leaders.channel, leaders.codes_issued), (Some(BallotChannel::Paper), 0));

    // Once a phone ballot of the category came back, its way is settled.
    let phone: shuzhi::meeting::phone::PhoneSubmission = serde_json::from_value(serde_json::json!({
        "code": codes[0].code, "grades": vec!["good"; 10], "suggestions": ""
    }))
    .unwrap();
    shuzhi::meeting::phone::submit_phone_ballot(&mut store, SAMPLE_ID, &phone).unwrap();
    let refused = all_on_paper(&mut store).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Conflict);
    assert!(refused.to_string().contains("已有测评票收回，测评方式不能再从“手机扫码”改为“纸质测评表”"), "{refused}");
}

#[test]
fn no_sheet_is_printed_after_the_seal_so_the_sealed_tally_stays() {
    // Reproduces: a ballot typed under a serial no sheet carried counted when sealed; sheets
    // printed after closing made it invalid and changed the sealed result.
    let mut store = sample_store();
    let stray = BallotInput { category_id: Some("cat-leaders".into()), ..ballot("A-17", "1111111111") };
    meeting::enter_ballot(&mut store, SAMPLE_ID, &stray, "测试").unwrap();
    meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    let before = meeting::results(&store, SAMPLE_ID).unwrap();
    let refused = meeting::ensure_sheets(&mut store, SAMPLE_ID, "测试").unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Conflict);
    assert!(refused.to_string().contains("测评已经结束，不能再印制测评表"), "{refused}");
    assert!(shuzhi::store::meeting::list_sheets(store.conn(), SAMPLE_ID).unwrap().is_empty());
    assert_eq!(meeting::results(&store, SAMPLE_ID).unwrap().outcome, before.outcome);
}

#[test]
fn sheets_of_a_category_switched_to_phone_and_back_are_the_same_sheets() {
    // Reproduces: paper → phone → paper deleted the sheets and a reprint gave their serials
    // to new sheets, so an old sheet counted again beside, or instead of, a new one.
    let mut store = printed();
    vote_by_phone(&mut store, &["cat-deputies"]);
    // While the deputies vote by phone, their printed sheets are refused and not reprinted.
    let old = BallotInput { category_id: None, ..ballot("2-001", "1111111111") };
    let refused = meeting::enter_ballot(&mut store, SAMPLE_ID, &old, "测试").unwrap_err();
    assert!(refused.to_string().contains("用手机扫码测评"), "{refused}");
    let sheets = meeting::ensure_sheets(&mut store, SAMPLE_ID, "测试").unwrap();
    assert!(sheets.iter().all(|s| s.category_id != "cat-deputies"), "no deputies' sheet to print");
    let codes = shuzhi::meeting::phone::issue_codes(&mut store, SAMPLE_ID, "测试").unwrap();
    assert_eq!(codes.len(), 6);

    // Back to paper: the codes are void, the six sheets printed first are the deputies' sheets
    // again, and printing makes no new ones under their numbers.
    all_on_paper(&mut store).unwrap();
    assert!(shuzhi::store::meeting::list_codes(store.conn(), SAMPLE_ID).unwrap().is_empty());
    let sheets = meeting::ensure_sheets(&mut store, SAMPLE_ID, "测试").unwrap();
    let deputies: Vec<&str> =
        sheets.iter().filter(|s| s.category_id == "cat-deputies").map(|s| s.serial.as_str()).collect();
    assert_eq!(deputies, ["2-001", "2-002", "2-003", "2-004", "2-005", "2-006"]);
    meeting::enter_ballot(&mut store, SAMPLE_ID, &old, "测试").unwrap();
    let counted = shuzhi::meeting::reconcile::reconcile_ballots(&store, SAMPLE_ID).unwrap();
    let row = counted.categories.iter().find(|c| c.name == "两代表一委员").unwrap();
    assert_eq!((row.sheets_issued, row.codes_issued, row.returned), (6, 0, 1));
}

#[test]
fn two_writers_never_both_turn_one_point_into_a_problem() {
    // Reproduces: the "already converted?" check was read before the write began, so two
    // programs converting the same 点评 point both passed it and made two problems. A third
    // program holds the write lock while both get ready, so both are waiting at the same
    // point when it lets go.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.db");
    let mut store = Store::open(&path).unwrap();
    shuzhi::sample::load_sample_campaign(&mut store, "测试").unwrap();
    let comment = CommentInput {
        commenter: "林振华".into(),
        shortcomings: vec!["支部书记培训覆盖不全".into()],
        direction: "以党建引领学科建设".into(),
        responsibility: "书记负总责".into(),
    };
    let id = meeting::save_comment(&mut store, "sec-zyy", &comment, "测试").unwrap();
    let holder = store.begin_write().unwrap();
    let writers: Vec<_> = (0..2)
        .map(|_| {
            let (path, id) = (path.clone(), id.clone());
            std::thread::spawn(move || {
                let mut mine = Store::open(&path).unwrap();
                meeting::comment_point_to_problem(&mut mine, &id, 0, "上级点评", "测试").is_ok()
            })
        })
        .collect();
    // Long enough for both to have read whatever they read before asking for the lock.
    std::thread::sleep(std::time::Duration::from_millis(500));
    holder.commit().unwrap();
    let converted = writers.into_iter().map(|w| w.join().unwrap_or(false)).filter(|ok| *ok).count();
    assert_eq!(converted, 1, "exactly one writer converts the point");
    let made = shuzhi::store::lists::list_problems(store.conn(), SAMPLE_ID)
        .unwrap()
        .into_iter()
        .filter(|p| p.description == "支部书记培训覆盖不全" && p.source == ProblemSource::SuperiorComment)
        .count();
    assert_eq!(made, 1);
}
