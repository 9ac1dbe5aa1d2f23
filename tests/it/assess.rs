//! 述评考一体化: the composite of the vote and the 日常考核, table-driven at its exact edges
//! (89.994 is not 90; 89.995 is), a missing part that never counts as 0, the organizer's
//! decisions, the 日常考核 import previewed row by row, and the recount from three files.

use shuzhi::assess::campaign::{DecisionInput, assessment_view, decide_assessment, save_assessment_rules};
use shuzhi::assess::scores::{import_daily_scores, preview_daily_scores, read_daily_scores};
use shuzhi::assess::{
    AssessedPerson, AssessmentDecision, AssessmentInput, AssessmentRules, CompositeBand, DailyItem, DecisionKind,
    GradeScale, VotePoints, assess, parse_points,
};
use shuzhi::domain::Grade::{self, FairlyGood, Good};
use shuzhi::meeting;

use crate::SAMPLE_ID;

fn person(vote: Option<(Grade, u128)>, daily: &[(&str, i32)]) -> AssessedPerson {
    AssessedPerson {
        label: "王建华".into(),
        organization: "中共市第一人民医院委员会".into(),
        vote_grade: vote.map(|(g, _)| g),
        vote_score_centi: vote.map(|(_, s)| s),
        vote_missing: vote.is_none().then(|| "测评尚未结束".to_string()),
        daily: (!daily.is_empty())
            .then(|| daily.iter().map(|(n, c)| DailyItem { name: n.to_string(), centi: *c }).collect()),
    }
}

fn one(rules: &AssessmentRules, p: AssessedPerson, decision: Option<DecisionKind>) -> shuzhi::assess::AssessmentRow {
    let decisions = decision
        .map(|kind| {
            vec![AssessmentDecision {
                secretary: p.label.clone(),
                kind,
                reason: "按方案决定".into(),
                for_missing: Vec::new(),
            }]
        })
        .unwrap_or_default();
    assess(rules, &AssessmentInput { people: vec![p], decisions }).rows.remove(0)
}

#[test]
fn the_composite_is_exact_in_hundredths_at_the_bands_edges() {
    let by_grade = AssessmentRules::default();
    let by_score = AssessmentRules { vote_points: VotePoints::Score, ..AssessmentRules::default() };
    // (rules, vote grade and score, daily items, composite, grade index)
    type Case = (&'static str, bool, Option<(Grade, u128)>, &'static [(&'static str, i32)], Option<f64>, Option<u8>);
    let cases: &[Case] = &[
        // 100 × 30% + 85.50 × 70% = 89.85 → 较好.
        (
            "grade points",
            false,
            Some((Good, 9633)),
            &[("党建督查", 3000), ("专项检查", 2550), ("年度指标", 3000)],
            Some(89.85),
            Some(1),
        ),
        // 89.98 × 30% + 90.00 × 70% = 89.994 → 89.99, under 90 → 较好.
        ("89.994 is not 90", true, Some((Good, 8998)), &[("年度指标", 9000)], Some(89.99), Some(1)),
        // 90.03 × 30% + 89.98 × 70% = 89.995 → 90.00 → 好.
        ("89.995 is 90.00", true, Some((Good, 9003)), &[("年度指标", 8998)], Some(90.0), Some(0)),
        // 较好 (85) × 30% + 100 × 70% = 95.50 → 好 by band, but the vote is below 好: 较好.
        ("top needs 好 in the vote", false, Some((FairlyGood, 8500)), &[("年度指标", 10000)], Some(95.5), Some(1)),
        // A deduction item counts with its sign: 100 − 2 = 98 → (3000 + 6860) = 98.60.
        ("a deduction", false, Some((Good, 9500)), &[("年度指标", 10000), ("扣分", -200)], Some(98.6), Some(0)),
    ];
    for (name, score, vote, daily, composite, grade) in cases {
        let rules = if *score { &by_score } else { &by_grade };
        let row = one(rules, person(*vote, daily), None);
        assert_eq!((row.composite, row.grade), (*composite, *grade), "{name}: {:?}", row.calculation);
    }
    let row = one(&by_score, person(Some((Good, 8998)), &[("年度指标", 9000)]), None);
    assert!(
        row.calculation.contains(&"综合得分 = (89.98 × 30 + 90.00 × 70) ÷ 100 = 89.99".to_string()),
        "{:?}",
        row.calculation
    );
    assert!(row.calculation.contains(&"89.99 ≥ 80 → 较好".to_string()));
    // Daily items out of 120 are brought to 100: 108 → 90.00.
    let of_120 = AssessmentRules { daily_full_marks: 120, ..AssessmentRules::default() };
    let row = one(&of_120, person(Some((Good, 9500)), &[("年度指标", 10800)]), None);
    assert_eq!(row.daily_points, Some(90.0));
    assert!(row.calculation[1].contains("折算 108.00 × 100 ÷ 120 = 90.00 分"), "{:?}", row.calculation);
}

#[test]
fn a_missing_part_never_counts_as_zero_and_waits_for_the_organizer() {
    let rules = AssessmentRules::default();
    let row = one(&rules, person(None, &[("年度指标", 9500)]), None);
    assert_eq!((row.grade, row.composite), (None, None));
    assert_eq!(row.missing, ["述职评议结果缺失（测评尚未结束）"]);
    assert_eq!(row.grade_text, "待组织方决定");
    let row = one(&rules, person(Some((Good, 9500)), &[]), None);
    assert_eq!(row.missing, ["日常考核结果缺失"]);
    // The organizer decides: the part present alone, or a grade; the top still needs 好 in the vote.
    // Without a vote (书面述职 off the ballot, say) the vote is not below 好: no cap, said so.
    let row = one(&rules, person(None, &[("年度指标", 9500)]), Some(DecisionKind::Reweight));
    assert_eq!((row.composite, row.grade), (Some(95.0), Some(0)), "{:?}", row.calculation);
    assert!(row.calculation.iter().any(|l| l.contains("不适用")), "{:?}", row.calculation);
    assert!(row.calculation.iter().any(|l| l.contains("组织方决定按日常考核一项计算（按方案决定）")));
    let row = one(&rules, person(Some((Good, 9500)), &[]), Some(DecisionKind::Reweight));
    assert_eq!((row.composite, row.grade), (Some(100.0), Some(0)));
    let row = one(&rules, person(None, &[]), Some(DecisionKind::Grade(2)));
    assert_eq!((row.composite, row.grade_text.as_str()), (None, "一般"));
    // A one-vote veto with its reason, only ever lowering.
    let row = one(&rules, person(Some((Good, 9500)), &[("年度指标", 10000)]), Some(DecisionKind::Veto(3)));
    assert_eq!(row.grade_text, "差");
    assert_eq!(row.decision.as_deref(), Some("一票否决，等次最高为差：按方案决定"));
    // The other scale names the grades so.
    let excellent = AssessmentRules { scale: GradeScale::Excellent, ..AssessmentRules::default() };
    assert_eq!(one(&excellent, person(Some((Good, 9500)), &[("年度指标", 10000)]), None).grade_text, "优秀");
}

#[test]
fn points_read_exactly_and_bad_rules_are_refused() {
    for (text, centi) in
        [("28.5", 2850), ("28", 2800), ("28.55", 2855), ("28.555", 2856), ("28.554", 2855), ("-3", -300), (".5", 50)]
    {
        assert_eq!(parse_points(text), Ok(centi), "{text}");
    }
    for text in ["", "abc", "1e3", "28,5", "1.2.3"] {
        assert!(parse_points(text).is_err(), "{text}");
    }
    let bad = [
        AssessmentRules { daily_weight_percent: 60, ..AssessmentRules::default() },
        AssessmentRules {
            bands: vec![CompositeBand { min_score: 80, grade: 1 }, CompositeBand { min_score: 90, grade: 0 }],
            ..AssessmentRules::default()
        },
        AssessmentRules { daily_full_marks: 0, ..AssessmentRules::default() },
    ];
    for rules in bad {
        assert!(rules.validate().is_err(), "{rules:?}");
    }
    assert!(AssessmentRules::default().validate().is_ok());
}

/// The sample: the vote closed, 日常考核 imported from a CSV after a refused one, a missing
/// part decided, the PDF and Excel, and the recount files giving the same figures.
#[test]
fn on_the_sample_the_year_is_assessed_decided_exported_and_recounted() {
    let mut store = crate::meeting::printed();
    for serial in ["3-001", "3-002", "3-003", "4-001", "4-002", "4-003"] {
        meeting::enter_ballot(&mut store, SAMPLE_ID, &crate::meeting::ballot(serial, "1122222223"), "测试").unwrap();
    }
    meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    save_assessment_rules(&mut store, SAMPLE_ID, &AssessmentRules::default(), "测试").unwrap();

    // A file with an unknown organization and a blank cell is refused whole.
    let bad = "2024年度日常考核\n党组织,党建督查,年度指标,备注\n中共市第一人民医院委员会,28.5,60,\n市不存在医院党委,20,50,\n中共市中医院委员会,,55,缺一项\n";
    let rows = read_daily_scores("日常考核.csv", bad.as_bytes()).unwrap();
    assert_eq!(rows.len(), 3);
    let preview = preview_daily_scores(&store, SAMPLE_ID, &rows).unwrap();
    assert_eq!(preview.items, ["党建督查", "年度指标"]);
    assert_eq!(preview.bad_rows, 2);
    assert!(preview.rows[1].problems[0].contains("本年度没有名为“市不存在医院党委”的党组织"));
    assert!(preview.rows[2].problems[0].contains("“党建督查”一栏空白：若为 0 分请填 0"));
    let refused = import_daily_scores(&mut store, SAMPLE_ID, &rows, "测试").unwrap_err().to_string();
    assert!(refused.contains("共有 2 行有问题"), "{refused}");
    assert!(assessment_view(&store, SAMPLE_ID).unwrap().scores.iter().all(|s| s.items.is_empty()), "nothing written");

    let good = "党组织,党建督查,年度指标\n中共市第一人民医院委员会,28.5,60\n中共市中医院委员会,25,55\n";
    let rows = read_daily_scores("日常考核.csv", good.as_bytes()).unwrap();
    assert_eq!(import_daily_scores(&mut store, SAMPLE_ID, &rows, "测试").unwrap(), 2);
    let view = assessment_view(&store, SAMPLE_ID).unwrap();
    let wang = &view.outcome.rows[0];
    // 好 → 100 × 30% + 88.50 × 70% = 91.95 → 好.
    assert_eq!((wang.label.as_str(), wang.composite, wang.grade_text.as_str()), ("王建华", Some(91.95), "好"));
    // 好 → 100 × 30% + 80.00 × 70% = 86.00 → 较好.
    let li = &view.outcome.rows[1];
    assert_eq!((li.composite, li.grade_text.as_str()), (Some(86.0), "较好"), "{:?}", li.calculation);
    assert_eq!(view.outcome.undecided, 8, "eight organizations have no 日常考核");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let refused = shuzhi::assess::export::assessment_pdf(&store, SAMPLE_ID, today).unwrap_err().to_string();
    assert!(refused.contains("还有 8 位书记缺少述职评议或日常考核结果"), "{refused}");

    // Decisions: a reweight where nothing is missing is refused; for the others it is recorded.
    let wrong = DecisionInput {
        secretary_id: "sec-syy".into(),
        kind: Some(DecisionKind::Reweight),
        reason: "按方案决定".into(),
    };
    assert!(decide_assessment(&mut store, SAMPLE_ID, &wrong, "孟晓东").is_err());
    for id in &view.secretary_ids[2..] {
        let input = DecisionInput {
            secretary_id: id.clone(),
            kind: Some(DecisionKind::Reweight),
            reason: "本年度未开展日常考核".into(),
        };
        decide_assessment(&mut store, SAMPLE_ID, &input, "孟晓东").unwrap();
    }
    let veto = DecisionInput {
        secretary_id: "sec-syy".into(),
        kind: Some(DecisionKind::Veto(3)),
        reason: "发生党风廉政案件".into(),
    };
    decide_assessment(&mut store, SAMPLE_ID, &veto, "孟晓东").unwrap();
    let view = assessment_view(&store, SAMPLE_ID).unwrap();
    assert_eq!(view.outcome.undecided, 0);
    assert_eq!(view.outcome.rows[0].grade_text, "差");
    let log = shuzhi::store::audit::list_for_campaign(store.conn(), SAMPLE_ID).unwrap();
    assert!(log.iter().any(|e| e.action == "assessment.decide" && e.detail.contains("原因：发生党风廉政案件")));
    let pdf = shuzhi::assess::export::assessment_pdf(&store, SAMPLE_ID, today).unwrap();
    assert!(pdf.bytes.starts_with(b"%PDF") && pdf.file_name.ends_with("党建工作考核结果.pdf"));
    let xlsx = shuzhi::assess::export::assessment_xlsx(&store, SAMPLE_ID).unwrap();
    assert!(xlsx.bytes.starts_with(b"PK"));

    // The three files recount the same figures without the database.
    let [rules, scores, results] = shuzhi::assess::files::assessment_files(&store, SAMPLE_ID).unwrap();
    let rules = shuzhi::assess::files::parse_rules_file(&rules.0, &rules.1).unwrap();
    let scores = shuzhi::assess::files::parse_scores_csv(&scores.0, &scores.1).unwrap();
    let results = shuzhi::assess::files::parse_results_file(&results.0, &results.1).unwrap();
    let again = assess(&rules.rules, &shuzhi::assess::files::input_from_files(&rules, &scores, &results).unwrap());
    assert_eq!(again, view.outcome);
}

/// The command line: the rule, a typed 日常考核, a decision, the files, and the recount
/// from them printing the same figures as the campaign.
#[test]
fn the_command_line_assesses_and_recounts_from_the_three_files() {
    use crate::cli::{shuzhi, stderr};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let ok = |args: &[&str]| {
        let out = shuzhi(&db, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    ok(&["demo"]);
    ok(&["role", "组织方", "--name", "孟晓东"]);
    let said = ok(&["assess", "rules", "--campaign", SAMPLE_ID, "--vote-weight", "40", "--scale", "excellent"]);
    assert!(said.contains("综合得分 = 述职评议 × 40% + 日常考核 × 60%"), "{said}");
    ok(&[
        "assess",
        "score",
        "--campaign",
        SAMPLE_ID,
        "--organization",
        "org-syy",
        "--item",
        "党建督查=28.5",
        "--item",
        "年度指标=60",
    ]);
    let bad = shuzhi(
        &db,
        &["assess", "score", "--campaign", SAMPLE_ID, "--organization", "org-syy", "--item", "党建督查=很好"],
    );
    assert!(!bad.status.success() && stderr(&bad).contains("“很好”不是分数"), "{}", stderr(&bad));
    ok(&[
        "assess",
        "decide",
        "--campaign",
        SAMPLE_ID,
        "--secretary",
        "sec-zyy",
        "--grade",
        "1",
        "--reason",
        "新任书记，按方案评定",
    ]);
    let shown = ok(&["assess", "show", "--campaign", SAMPLE_ID]);
    assert!(shown.contains("李秀兰") && shown.contains("等次 良好"), "{shown}");
    let refused = shuzhi(
        &db,
        &["assess", "export", "--campaign", SAMPLE_ID, "--pdf", dir.path().join("a.pdf").to_str().unwrap()],
    );
    assert!(!refused.status.success(), "undecided rows keep the PDF back");
    let files = dir.path().join("files");
    ok(&["assess", "export", "--campaign", SAMPLE_ID, "--files", files.to_str().unwrap()]);
    let from_db: serde_json::Value =
        serde_json::from_str(&ok(&["--json", "assess", "show", "--campaign", SAMPLE_ID])).unwrap();
    let path = |name: &str| files.join(name).to_str().unwrap().to_string();
    let (rules, scores, results) = (path("assessment-rules.json"), path("scores.csv"), path("results.json"));
    let nowhere = dir.path().join("none.db");
    let out = shuzhi(&nowhere, &["--json", "assess", "--rules", &rules, "--scores", &scores, "--results", &results]);
    assert!(out.status.success(), "{}", stderr(&out));
    let from_files: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(from_files, from_db);
    assert!(!nowhere.exists(), "the recount opens no database");
}

/// Found by an outside attack: scores under a column with no heading, or past the column
/// limit, were dropped without a word; a decision about a missing part outlived it (and
/// then applied to the other part); impossible totals and scores counted; the recount files
/// took decisions out of range, twice for one person or for nobody. Each is refused or
/// lapses, saying so.
#[test]
fn nothing_is_dropped_or_outlives_its_reason_in_the_assessment() {
    let blank_heading = "党组织,党建督查,专项检查,,年度指标\n中共市第一人民医院委员会,28,10,8,40\n";
    let refused = read_daily_scores("日常考核.csv", blank_heading.as_bytes()).unwrap_err().to_string();
    assert!(refused.contains("第 2 行第 4 栏") && refused.contains("表头没有项目名称"), "{refused}");
    let wide = format!("党组织,{}\n", (1..=31).map(|i| format!("项目{i}")).collect::<Vec<_>>().join(","));
    assert!(read_daily_scores("宽.csv", wide.as_bytes()).unwrap_err().to_string().contains("超过 30 项"));
    let widest = format!("党组织,{}\n", (1..=70).map(|i| format!("项目{i}")).collect::<Vec<_>>().join(","));
    assert!(read_daily_scores("更宽.csv", widest.as_bytes()).unwrap_err().to_string().contains("只读前 64 栏"));
    assert_eq!(parse_points("+5"), Ok(500));
    assert!(parse_points("12345678").unwrap_err().contains("位数太多"));

    // A decision made while the vote was missing lapses once it arrives, and says so.
    let rules = AssessmentRules::default();
    let decided = |p: AssessedPerson, missing: &str| {
        let decision = AssessmentDecision {
            secretary: p.label.clone(),
            kind: DecisionKind::Grade(0),
            reason: "新任书记".into(),
            for_missing: vec![missing.to_string()],
        };
        assess(&rules, &AssessmentInput { people: vec![p], decisions: vec![decision] }).rows.remove(0)
    };
    let row = decided(person(Some((Good, 9500)), &[("年度指标", 9000)]), "述职评议结果缺失（测评尚未结束）");
    assert_eq!((row.decision, row.composite), (None, Some(93.0)));
    assert!(row.calculation[0..].iter().any(|l| l.contains("现已不适用")), "{:?}", row.calculation);
    // …and does not move over to the other part when that one goes missing instead.
    let row = decided(person(Some((Good, 9500)), &[]), "述职评议结果缺失（测评尚未结束）");
    assert_eq!((row.grade, row.decision), (None, None));
    assert!(row.calculation.iter().any(|l| l.contains("须重新决定")), "{:?}", row.calculation);
    // A total past the full marks, and a vote score past 100, are no figures to count.
    let row = one(&rules, person(Some((Good, 9500)), &[("党建督查", 100_000), ("专项检查", 100_000)]), None);
    assert_eq!(row.grade, None);
    assert!(row.missing[0].contains("超过满分 100"), "{:?}", row.missing);
    let by_score = AssessmentRules { vote_points: VotePoints::Score, ..AssessmentRules::default() };
    let row = one(&by_score, person(Some((Good, 15_000)), &[("年度指标", 9000)]), None);
    assert!(row.missing[0].contains("超过 100 分"), "{:?}", row.missing);

    // The recount files.
    use shuzhi::assess::files::{parse_results_file, parse_rules_file};
    let rules_file = |decisions: &str| {
        format!(
            r#"{{"format":"shuzhi-assessment-rules","format_version":1,"rules":{},"decisions":{decisions}}}"#,
            serde_json::to_string(&AssessmentRules::default()).unwrap()
        )
    };
    let out_of_range = rules_file(r#"[{"secretary":"甲","kind":{"veto":9},"reason":"案件"}]"#);
    assert!(parse_rules_file("r.json", out_of_range.as_bytes()).unwrap_err().to_string().contains("等次 9 不存在"));
    let twice = rules_file(
        r#"[{"secretary":"甲","kind":"reweight","reason":"甲"},{"secretary":"甲","kind":{"veto":3},"reason":"乙"}]"#,
    );
    assert!(parse_rules_file("r.json", twice.as_bytes()).unwrap_err().to_string().contains("不止一项决定"));
    let empty = rules_file(r#"[{"secretary":"甲","kind":"reweight","reason":" "}]"#);
    assert!(parse_rules_file("r.json", empty.as_bytes()).is_err());
    let huge = r#"{"secretaries":[{"secretary":"甲","grade":"好","score":1e308}]}"#;
    assert!(parse_results_file("v.json", huge.as_bytes()).unwrap_err().to_string().contains("不在 0 到 1000 之间"));
    let doubled = r#"{"secretaries":[{"secretary":"甲","grade":"好"},{"secretary":"甲","grade":"差"}]}"#;
    assert!(parse_results_file("v.json", doubled.as_bytes()).unwrap_err().to_string().contains("出现了两次"));
    let nobody = parse_rules_file(
        "r.json",
        rules_file(r#"[{"secretary":"无此人","kind":"reweight","reason":"甲"}]"#).as_bytes(),
    )
    .unwrap();
    let votes =
        parse_results_file("v.json", r#"{"secretaries":[{"secretary":"甲","grade":"好"}]}"#.as_bytes()).unwrap();
    assert!(
        shuzhi::assess::files::input_from_files(&nobody, &[], &votes).unwrap_err().to_string().contains("都没有此人")
    );
}

/// The year file carries the 年度考核 rule and the 日常考核 to another computer; the
/// organizer's decisions stay on the computer that holds the record.
#[test]
fn the_year_file_carries_the_assessment_rule_and_scores_but_not_the_decisions() {
    let mut store = crate::sample_store();
    let rule = AssessmentRules { vote_weight_percent: 40, daily_weight_percent: 60, ..AssessmentRules::default() };
    save_assessment_rules(&mut store, SAMPLE_ID, &rule, "测试").unwrap();
    let rows = read_daily_scores("d.csv", "党组织,年度指标\n中共市第一人民医院委员会,88\n".as_bytes()).unwrap();
    import_daily_scores(&mut store, SAMPLE_ID, &rows, "测试").unwrap();
    let input =
        DecisionInput {
            secretary_id: "sec-zyy".into(), kind: Some(DecisionKind::Grade(1)), reason: "新任书记".into()
        };
    decide_assessment(&mut store, SAMPLE_ID, &input, "孟晓东").unwrap();
    let bytes = shuzhi::exchange::to_json_bytes(&shuzhi::exchange::export_campaign(&store, SAMPLE_ID).unwrap());
    let mut other = crate::new_store();
    let doc = shuzhi::exchange::parse_document("year.json", &bytes).unwrap();
    shuzhi::exchange::import_document(&mut other, "year.json", &doc, "测试").unwrap();
    let view = assessment_view(&other, SAMPLE_ID).unwrap();
    assert_eq!((view.rules_version, view.rules.vote_weight_percent), (1, 40));
    assert_eq!(view.scores.iter().find(|s| s.organization_id == "org-syy").unwrap().items[0].centi, 8800);
    assert!(view.decisions.is_empty());
}

/// The 日常考核 template lists every organization by the name the import matches, under
/// the guidance line; read back unfilled, each row asks for its scores.
#[test]
fn the_daily_scores_template_reads_back_and_asks_for_every_score() {
    let store = crate::sample_store();
    let template = shuzhi::assess::scores::daily_scores_template(&store, SAMPLE_ID).unwrap();
    assert!(template.file_name.ends_with("日常考核表.xlsx"));
    let rows = read_daily_scores(&template.file_name, &template.bytes).unwrap();
    assert_eq!(rows.len(), 10);
    assert_eq!(rows[0].items.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["党建督查", "专项检查", "年度指标"]);
    let preview = preview_daily_scores(&store, SAMPLE_ID, &rows).unwrap();
    assert_eq!(preview.bad_rows, 10);
    assert!(preview.rows.iter().all(|r| r.organization_id.is_some()), "every name matches the roster");
    assert!(preview.rows[0].problems[0].contains("一栏空白"));
}

/// Found by the second attack: a score past the 64th column (in .xlsx or .csv) was dropped
/// without a word, and the recount's scores.csv took headings the import refuses.
#[test]
fn a_filled_cell_past_the_column_limit_and_odd_recount_headings_are_refused() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "党组织").unwrap();
    sheet.write_string(0, 1, "年度指标").unwrap();
    sheet.write_string(1, 0, "中共市第一人民医院委员会").unwrap();
    sheet.write_number(1, 1, 80).unwrap();
    sheet.write_number(1, 64, 8).unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let refused = read_daily_scores("宽.xlsx", &bytes).unwrap_err().to_string();
    assert!(refused.contains("第 2 行第 65 栏") && refused.contains("只读前 64 栏"), "{refused}");
    let csv = format!("党组织,年度指标{}\n中共市第一人民医院委员会,80{}8\n", ",".repeat(64), ",".repeat(64));
    assert!(read_daily_scores("宽.csv", csv.as_bytes()).unwrap_err().to_string().contains("只读前 64 栏"));
    for header in ["书记,党组织,党建督查,,年度指标", "书记,党组织,党建督查,党建督查", "书记,党组织,年度指标,合计"]
    {
        let file = format!("{header}\n王建华,中共市第一人民医院委员会,1,2,3\n");
        let file = file.replace(",1,2,3", &",1".repeat(header.split(',').count() - 2));
        let refused = shuzhi::assess::files::parse_scores_csv("scores.csv", file.as_bytes()).unwrap_err().to_string();
        assert!(refused.contains("不能作考核项目"), "{header}: {refused}");
    }
}
