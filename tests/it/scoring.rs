//! The scoring rules, table-driven: every preset on hand-computed cases, ties at band
//! edges, vetoes, invalid ballots, anonymity, ranks and the fingerprint.

use shuzhi::domain::Grade::{self, Fair, FairlyGood, Good, Poor};
use shuzhi::rules::scoring::{
    CategoryWeight, InvalidReason, Mark, ScoringRules, TallyBallot, TallyInput, VetoRule, fingerprint, preset_rules,
    presets, tally,
};

/// One mark per character: 1 好, 2 较好, 3 一般, 4 差, 0 blank, 5 multiple.
pub(crate) fn marks(text: &str) -> Vec<Mark> {
    text.chars()
        .map(|c| match c {
            '1' => Mark::Grade(Good),
            '2' => Mark::Grade(FairlyGood),
            '3' => Mark::Grade(Fair),
            '4' => Mark::Grade(Poor),
            '0' => Mark::Blank,
            '5' => Mark::Multiple,
            _ => panic!("bad mark {c}"),
        })
        .collect()
}

/// Ballots as (category index, marks); serials are numbered in order.
pub(crate) fn input(categories: &[(&str, u32)], secretaries: usize, ballots: &[(usize, &str)]) -> TallyInput {
    TallyInput {
        categories: categories.iter().map(|(name, weight)| CategoryWeight::new(*name, *weight)).collect(),
        secretaries: (1..=secretaries).map(|i| format!("书记{i}")).collect(),
        dimensions: Vec::new(),
        issued_serials: None,
        ballots: ballots
            .iter()
            .enumerate()
            .map(|(i, (category, text))| TallyBallot {
                serial: format!("{:03}", i + 1),
                category: *category,
                marks: marks(text),
                dimension_marks: Vec::new(),
                suggestions: String::new(),
            })
            .collect(),
        quota_decision: None,
    }
}

struct Case {
    name: &'static str,
    preset: &'static str,
    categories: &'static [(&'static str, u32)],
    /// (category, one mark per secretary)
    ballots: &'static [(usize, &'static str)],
    /// The first secretary's expected score, grade and 优秀 flag.
    score: Option<f64>,
    grade: Option<Grade>,
    excellent: bool,
    vetoed: bool,
}

pub(crate) const ONE: &[(&str, u32)] = &[("党员群众代表", 100)];
pub(crate) const TWO: &[(&str, u32)] = &[("上级党组织领导", 60), ("党员群众代表", 40)];

#[test]
fn every_preset_decides_hand_computed_cases() {
    let cases = [
        // 加权计分法: mean per category, weighted; bands 90 / 75 / 60; 差 ≥ 1/3 → 差.
        Case {
            name: "score exactly 90.00 is 好 (edge)",
            preset: "weighted",
            categories: ONE,
            ballots: &[
                (0, "1"),
                (0, "2"),
                (0, "1"),
                (0, "2"),
                (0, "1"),
                (0, "2"),
                (0, "1"),
                (0, "2"),
                (0, "1"),
                (0, "2"),
            ],
            score: Some(90.0),
            grade: Some(Good),
            excellent: true,
            vetoed: false,
        },
        Case {
            name: "好, 较好, 较好 = 86.67 is 较好",
            preset: "weighted",
            categories: ONE,
            ballots: &[(0, "1"), (0, "2"), (0, "2")],
            score: Some(86.67),
            grade: Some(FairlyGood),
            excellent: false,
            vetoed: false,
        },
        Case {
            name: "score exactly 75.00 is 较好 (edge)",
            preset: "weighted",
            categories: ONE,
            ballots: &[(0, "1"), (0, "3"), (0, "3"), (0, "2")],
            score: Some(75.0),
            grade: Some(FairlyGood),
            excellent: false,
            vetoed: false,
        },
        Case {
            name: "two categories weighted 60/40: 100×60 + 60×40 = 84.00",
            preset: "weighted",
            categories: TWO,
            ballots: &[(0, "1"), (0, "1"), (0, "1"), (1, "3"), (1, "3"), (1, "3")],
            score: Some(84.0),
            grade: Some(FairlyGood),
            excellent: false,
            vetoed: false,
        },
        Case {
            name: "差 exactly one third vetoes to 差 (edge)",
            preset: "weighted",
            categories: ONE,
            ballots: &[(0, "1"), (0, "1"), (0, "4")],
            score: Some(66.67),
            grade: Some(Poor),
            excellent: false,
            vetoed: true,
        },
        Case {
            name: "差 one quarter does not veto",
            preset: "weighted",
            categories: ONE,
            ballots: &[(0, "1"), (0, "1"), (0, "1"), (0, "4")],
            score: Some(75.0),
            grade: Some(FairlyGood),
            excellent: false,
            vetoed: false,
        },
        Case {
            name: "blank and multiply marked rows are not counted",
            preset: "weighted",
            categories: ONE,
            ballots: &[(0, "1"), (0, "0"), (0, "5"), (0, "1")],
            score: Some(100.0),
            grade: Some(Good),
            excellent: true,
            vetoed: false,
        },
        Case {
            name: "all ballots invalid: no score, no grade, not 优秀",
            preset: "weighted",
            categories: ONE,
            ballots: &[(0, "0"), (0, "5")],
            score: None,
            grade: None,
            excellent: false,
            vetoed: false,
        },
        // 好票率法: 好 ≥ 60% → 好; 好+较好 ≥ 60% → 较好; 好+较好+一般 ≥ 50% → 一般.
        Case {
            name: "好票率 exactly 60% is 好 (edge)",
            preset: "good_share",
            categories: ONE,
            ballots: &[(0, "1"), (0, "1"), (0, "1"), (0, "2"), (0, "3")],
            score: Some(88.0),
            grade: Some(Good),
            excellent: true,
            vetoed: false,
        },
        Case {
            name: "好票率 40%, 好+较好 60% is 较好",
            preset: "good_share",
            categories: ONE,
            ballots: &[(0, "1"), (0, "1"), (0, "2"), (0, "3"), (0, "3")],
            score: Some(80.0),
            grade: Some(FairlyGood),
            excellent: false,
            vetoed: false,
        },
        Case {
            name: "only 一般 and one 差 in four is 一般",
            preset: "good_share",
            categories: ONE,
            ballots: &[(0, "3"), (0, "3"), (0, "3"), (0, "4")],
            score: Some(45.0),
            grade: Some(Fair),
            excellent: false,
            vetoed: false,
        },
        Case {
            name: "a high score does not help when 好票率 is short: grade follows the shares",
            preset: "good_share",
            categories: ONE,
            ballots: &[(0, "2"), (0, "2"), (0, "2"), (0, "2"), (0, "1")],
            score: Some(84.0),
            grade: Some(FairlyGood),
            excellent: false,
            vetoed: false,
        },
        // 满意率法: (好+较好) ≥ 90 / 75 / 60 %.
        Case {
            name: "满意率 exactly 90% is 好 (edge)",
            preset: "satisfaction",
            categories: ONE,
            ballots: &[
                (0, "2"),
                (0, "2"),
                (0, "2"),
                (0, "2"),
                (0, "2"),
                (0, "2"),
                (0, "2"),
                (0, "2"),
                (0, "2"),
                (0, "3"),
            ],
            score: Some(78.0),
            grade: Some(Good),
            excellent: true,
            vetoed: false,
        },
        Case {
            name: "满意率 62.5% is 一般",
            preset: "satisfaction",
            categories: ONE,
            ballots: &[(0, "1"), (0, "1"), (0, "3"), (0, "1"), (0, "1"), (0, "3"), (0, "1"), (0, "3")],
            score: Some(85.0),
            grade: Some(Fair),
            excellent: false,
            vetoed: false,
        },
        Case {
            name: "满意率 veto still applies",
            preset: "satisfaction",
            categories: ONE,
            ballots: &[(0, "1"), (0, "1"), (0, "4")],
            score: Some(66.67),
            grade: Some(Poor),
            excellent: false,
            vetoed: true,
        },
    ];
    for case in &cases {
        // The arithmetic with every figure published: these cases have categories of one or
        // two raters, which the anonymity rule would withhold (its own tests are in
        // tests/it/anonymity.rs).
        let rules = ScoringRules { anonymity_threshold: 0, ..preset_rules(case.preset).unwrap() };
        let outcome = tally(&rules, &input(case.categories, 1, case.ballots));
        let first = &outcome.secretaries[0];
        assert_eq!(first.score, case.score, "{}: score", case.name);
        assert_eq!(first.grade, case.grade, "{}: grade\n{:#?}", case.name, first.calculation);
        assert_eq!(first.excellent_allowed, case.excellent, "{}: 优秀", case.name);
        assert_eq!(first.veto.is_some(), case.vetoed, "{}: veto", case.name);
        assert!(!first.calculation.is_empty(), "{}: the worked calculation is shown", case.name);
    }
}

#[test]
fn the_worked_calculation_shows_every_step_a_person_can_redo() {
    // Three raters in each category: every step is published.
    let rules = preset_rules("weighted").unwrap();
    let outcome = tally(&rules, &input(TWO, 1, &[(0, "1"), (0, "2"), (0, "1"), (1, "3"), (1, "1"), (1, "2")]));
    let lines = &outcome.secretaries[0].calculation;
    assert_eq!(lines[1], "上级党组织领导（权重 60%）：(100×2 + 80×1 + 60×0 + 0×0) ÷ 3 = 93.33");
    assert_eq!(lines[2], "党员群众代表（权重 40%）：(100×1 + 80×1 + 60×1 + 0×0) ÷ 3 = 80.00");
    assert_eq!(lines[3], "得分 = (93.33×60 + 80.00×40) ÷ 100 = 88.00");
    assert_eq!(lines[4], "88.00 ≥ 75 → 较好");
    assert!(lines.last().unwrap().contains("不得确定为优秀"));
}

#[test]
fn a_category_below_the_anonymity_threshold_is_hidden_but_still_counts() {
    let rules = preset_rules("weighted").unwrap();
    // Two leaders (below 3), three members.
    let outcome = tally(&rules, &input(TWO, 1, &[(0, "4"), (0, "1"), (1, "1"), (1, "1"), (1, "1")]));
    let r = &outcome.secretaries[0];
    assert!(r.by_category[0].hidden);
    assert_eq!(r.by_category[0].counts, None);
    assert_eq!(r.by_category[0].mean, None);
    assert_eq!(r.by_category[0].ballots, 2);
    // The members' row would give the leaders' back from the totals: withheld too.
    assert!(!r.by_category[1].hidden);
    assert_eq!(r.by_category[1].counts, None);
    // Still weighted in: leaders mean 50 × 60 + members 100 × 40 = 70.00, 一般; the score
    // and counts themselves are withheld under the weighted method.
    assert_eq!(r.grade, Some(Fair));
    assert_eq!((r.score, r.counts), (None, None));
    assert!(r.calculation.iter().any(|l| l.starts_with("匿名保护：")));
    assert!(r.calculation.iter().all(|l| !l.contains('×')), "no figure leaks: {:#?}", r.calculation);
}

#[test]
fn invalid_ballots_are_counted_and_reported_never_dropped() {
    let mut rules = preset_rules("weighted").unwrap();
    rules.invalid_if_all_same = true;
    // One valid ballot is left, below the anonymity threshold, which would withhold the
    // serials of the invalid ones too; this case is about the reasons.
    rules.anonymity_threshold = 0;
    let mut data = input(ONE, 3, &[(0, "123"), (0, "111"), (0, "000"), (0, "213"), (0, "321"), (0, "312")]);
    data.ballots[4].serial = "004".into(); // repeats the serial of the fourth ballot
    data.ballots[5].serial = "999".into();
    data.issued_serials = Some(["001", "002", "003", "004", "005"].iter().map(|s| s.to_string()).collect());
    let outcome = tally(&rules, &data);
    let reasons: Vec<(String, InvalidReason)> =
        outcome.invalid_ballots.iter().map(|b| (b.serial.clone(), b.reason)).collect();
    assert_eq!(
        reasons,
        vec![
            ("002".into(), InvalidReason::AllSame),
            ("003".into(), InvalidReason::Blank),
            ("004".into(), InvalidReason::RepeatedSerial),
            ("004".into(), InvalidReason::RepeatedSerial),
            ("999".into(), InvalidReason::UnknownSerial),
        ]
    );
    assert_eq!(outcome.ballots_total, 6);
    assert_eq!(outcome.ballots_valid, 1);
    // Each secretary: one valid row, five not counted.
    for r in &outcome.secretaries {
        assert_eq!((r.valid, r.invalid), (1, 5), "{}", r.label);
    }
    // Without the all-same rule the 111 ballot counts.
    rules.invalid_if_all_same = false;
    assert_eq!(tally(&rules, &data).ballots_valid, 2);
}

#[test]
fn equal_grade_and_score_share_a_rank() {
    let rules = preset_rules("weighted").unwrap();
    let outcome = tally(&rules, &input(ONE, 4, &[(0, "1124"), (0, "1133"), (0, "1122")]));
    let ranks: Vec<Option<u32>> = outcome.secretaries.iter().map(|r| r.rank).collect();
    // 100 and 100 (好, a tie), 73.33 (一般), 46.67 (差).
    assert_eq!(ranks, vec![Some(1), Some(1), Some(3), Some(4)]);
}

#[test]
fn bad_rules_are_refused_with_a_message_that_says_what_to_fix() {
    let base = preset_rules("weighted").unwrap();
    let cases: Vec<(&str, ScoringRules, &str)> = vec![
        (
            "points out of order",
            ScoringRules {
                points: shuzhi::rules::scoring::GradePoints { good: 80, fairly_good: 90, fair: 60, poor: 0 },
                ..base.clone()
            },
            "分值须按 好 ≥ 较好 ≥ 一般 ≥ 差 排列",
        ),
        ("no bands", ScoringRules { bands: vec![], ..base.clone() }, "至少要有一个分数段"),
        (
            "a band nobody can reach",
            ScoringRules {
                bands: vec![shuzhi::rules::scoring::ScoreBand { min_score: 120, grade: Good }],
                ..base.clone()
            },
            "任何人都达不到",
        ),
        (
            "a veto over one",
            ScoringRules {
                vetoes: vec![VetoRule { grade: Poor, also: Vec::new(), numerator: 4, denominator: 3, result: Poor }],
                ..base.clone()
            },
            "分子不大于分母",
        ),
        (
            "vote share without bands",
            ScoringRules {
                method: shuzhi::rules::scoring::ScoringMethod::VoteShare,
                share_bands: vec![],
                ..base.clone()
            },
            "票率法至少要有一个票率段",
        ),
    ];
    for (name, rules, expected) in cases {
        let message = rules.validate().unwrap_err().to_string();
        assert!(message.starts_with("计分规则有误："), "{name}: {message}");
        assert!(message.contains(expected), "{name}: {message}");
    }
    for preset in presets() {
        preset.rules.validate().unwrap_or_else(|e| panic!("preset {}: {e}", preset.key));
    }
}

#[test]
fn rules_of_formats_one_and_two_read_with_their_veto_as_a_percentage() {
    let legacy = r#"{"points": {"good": 100, "fairly_good": 80, "fair": 60, "poor": 0},
        "bands": [{"min_score": 90, "grade": "good"}], "poor_veto_percent": 34, "excellent_requires_good": true}"#;
    let rules: ScoringRules = serde_json::from_str(legacy).unwrap();
    assert_eq!(
        rules.vetoes,
        vec![VetoRule { grade: Poor, also: Vec::new(), numerator: 34, denominator: 100, result: Poor }]
    );
    assert_eq!(rules.anonymity_threshold, 3);
    // And the current form round-trips.
    let text = serde_json::to_string(&rules).unwrap();
    assert_eq!(serde_json::from_str::<ScoringRules>(&text).unwrap(), rules);
}

#[test]
fn the_fingerprint_ignores_entry_order_and_notices_any_change() {
    let data = input(ONE, 2, &[(0, "12"), (0, "34"), (0, "21")]);
    let mut shuffled = data.clone();
    shuffled.ballots.reverse();
    assert_eq!(fingerprint(&data), fingerprint(&shuffled));
    let mut changed = data.clone();
    changed.ballots[1].marks[0] = Mark::Grade(Good);
    assert_ne!(fingerprint(&data), fingerprint(&changed));
    let mut fewer = data.clone();
    fewer.ballots.pop();
    assert_ne!(fingerprint(&data), fingerprint(&fewer));
    assert_eq!(fingerprint(&data).len(), 64);
}

/// The fingerprint of a frozen ballot file, computed once and written down: a change to
/// how ballots are hashed would pass every test that only compares the fingerprint with
/// itself, while every sealed vote of earlier years stopped reproducing.
const FROZEN_FINGERPRINT: &str = "9313f6e06fe14b6463004eba005c330d8ee4b41a502165c7a78719e14e51063c";

#[test]
fn the_fingerprint_of_a_frozen_vote_is_the_one_written_down() {
    let rules_bytes = include_bytes!("../fixtures/recount-2023/rules.json");
    let ballots_bytes = include_bytes!("../fixtures/recount-2023/ballots.csv");
    let rules = shuzhi::meeting::recount::parse_rules_file("rules.json", rules_bytes).unwrap();
    let outcome = shuzhi::meeting::recount::recount(&rules, "ballots.csv", ballots_bytes).unwrap();
    assert_eq!(outcome.fingerprint, FROZEN_FINGERPRINT);
    assert_eq!((outcome.ballots_total, outcome.ballots_valid), (13, 12));

    // The same ballots typed into the sample and sealed give the same fingerprint.
    let mut store = crate::sample_store();
    shuzhi::meeting::ensure_sheets(&mut store, crate::SAMPLE_ID, "测试").unwrap();
    let marks = [
        "1111111111",
        "1211121114",
        "2222222222",
        "1111111113",
        "1121112111",
        "2111111112",
        "1111111111",
        "3111121111",
        "1211111111",
        "4111111111",
        "1111211111",
        "1112111111",
    ];
    for (i, marks) in marks.iter().enumerate() {
        let serial = format!("{}-00{}", i / 3 + 1, i % 3 + 1);
        shuzhi::meeting::enter_ballot(&mut store, crate::SAMPLE_ID, &crate::meeting::ballot(&serial, marks), "测试")
            .unwrap();
    }
    shuzhi::meeting::enter_ballot(&mut store, crate::SAMPLE_ID, &crate::meeting::ballot("4-004", "0000000000"), "测试")
        .unwrap();
    let closure = shuzhi::meeting::close_vote(&mut store, crate::SAMPLE_ID, "测试", None).unwrap();
    assert_eq!(closure.fingerprint, FROZEN_FINGERPRINT);
}

/// 每张票评为“好”的不超过 K 人, and at least M at 一般 or below: at the exact edges (K and
/// K + 1, M − 1 and M), blanks and multiple marks not counted, the first reason named with
/// the rule's own number; and the limit changes results exactly, turning a 一般 into a 差.
#[test]
fn a_limit_on_good_per_ballot_and_a_floor_of_low_grades_void_whole_ballots() {
    let limited = |k: Option<u32>, m: Option<u32>| ScoringRules {
        max_good_per_ballot: k,
        min_low_per_ballot: m,
        ..preset_rules("weighted").unwrap()
    };
    // (K, M, one ballot's marks, the reason it is void, if it is)
    type LimitCase = (Option<u32>, Option<u32>, &'static str, Option<InvalidReason>);
    let cases: &[LimitCase] = &[
        (Some(2), None, "11222", None),
        (Some(2), None, "11122", Some(InvalidReason::TooManyGood)),
        (Some(2), None, "11505", None),
        (Some(2), None, "11155", Some(InvalidReason::TooManyGood)),
        (Some(2), None, "00000", Some(InvalidReason::Blank)),
        (None, Some(1), "12222", Some(InvalidReason::TooFewLow)),
        (None, Some(1), "12223", None),
        (None, Some(1), "12224", None),
        (None, Some(1), "12220", Some(InvalidReason::TooFewLow)),
        (None, Some(2), "12234", None),
        (None, Some(2), "12235", Some(InvalidReason::TooFewLow)),
        (Some(1), Some(1), "11234", Some(InvalidReason::TooManyGood)),
        (Some(1), Some(1), "12234", None),
    ];
    for (k, m, ballot, expected) in cases {
        let outcome = tally(&limited(*k, *m), &input(ONE, 5, &[(0, ballot)]));
        let reason = outcome.invalid_ballots.first().map(|b| b.reason);
        assert_eq!(reason, *expected, "K {k:?}, M {m:?}, ballot {ballot}");
    }
    let outcome = tally(&limited(Some(2), Some(1)), &input(ONE, 5, &[(0, "11123"), (0, "12220")]));
    let labels: Vec<&str> = outcome.invalid_ballots.iter().map(|b| b.reason_label.as_str()).collect();
    assert_eq!(labels, ["评为“好”的超过 2 人", "评为“一般”或“差”的不足 1 人"]);
    assert!(outcome.formula.contains("每张票评为“好”的不超过 2 人"), "{}", outcome.formula);

    // Six ballots for five secretaries; the fifth: 好 on the three that rate three people 好.
    let six = [(0, "11221"), (0, "12121"), (0, "21121"), (0, "22223"), (0, "12223"), (0, "22224")];
    let free = tally(&limited(None, None), &input(ONE, 5, &six));
    let fifth = &free.secretaries[4];
    assert_eq!((fifth.score, fifth.grade), (Some(70.0), Some(Fair)), "(300 + 120 + 0) / 6 = 70.00: 一般");
    let capped = tally(&limited(Some(2), None), &input(ONE, 5, &six));
    assert_eq!(capped.ballots_valid, 3);
    let fifth = &capped.secretaries[4];
    assert_eq!((fifth.score, fifth.grade), (Some(40.0), Some(Poor)), "(60 + 60 + 0) / 3 = 40.00: 差");

    // The rules refuse a limit of 0 and read files without the fields as before.
    assert!(limited(Some(0), None).validate().is_err());
    assert!(limited(None, Some(0)).validate().is_err());
    let old: ScoringRules =
        serde_json::from_value(serde_json::to_value(preset_rules("weighted").unwrap()).unwrap()).unwrap();
    assert_eq!((old.max_good_per_ballot, old.min_low_per_ballot), (None, None));
    assert!(!serde_json::to_string(&old).unwrap().contains("per_ballot"), "unset rules are not written");
}

/// 去掉一个最高分和一个最低分 under the weighted method: at N a category's plain mean, above N
/// the trimmed one, each category on its own, with the calculation saying what was dropped.
#[test]
fn a_trimmed_mean_drops_one_highest_and_one_lowest_mark_above_n() {
    let rules = |n: Option<u32>| ScoringRules { trim_extremes_above: n, ..preset_rules("weighted").unwrap() };
    // One category, four marks for the first secretary: 好 好 较好 差 = 100 100 80 0.
    let four = input(ONE, 2, &[(0, "12"), (0, "12"), (0, "21"), (0, "42")]);
    let plain = tally(&rules(None), &four);
    assert_eq!((plain.secretaries[0].score, plain.secretaries[0].grade), (Some(70.0), Some(Fair)), "280 / 4");
    let at_n = tally(&rules(Some(4)), &four);
    assert_eq!(at_n.secretaries[0].score, Some(70.0), "four marks, N = 4: not above N, the plain mean");
    let above = tally(&rules(Some(3)), &four);
    assert_eq!(
        (above.secretaries[0].score, above.secretaries[0].grade),
        (Some(90.0), Some(Good)),
        "(280 − 100 − 0) / 2"
    );
    let said = above.secretaries[0].calculation.join("\n");
    assert!(said.contains("− 最高 100 − 最低 0) ÷ 2 = 90.00（去掉一个最高分和一个最低分）"), "{said}");
    assert!(above.formula.contains("去掉一个最高分和一个最低分"), "{}", above.formula);

    // Two categories, each trimmed on its own count: 60% with three marks (not above 3), 40% with five.
    let two = input(TWO, 1, &[(0, "1"), (0, "2"), (0, "4"), (1, "1"), (1, "1"), (1, "2"), (1, "3"), (1, "4")]);
    let both = tally(&rules(Some(3)), &two);
    // 60%: (100 + 80 + 0) / 3 = 60.00; 40%: (340 − 100 − 0) / 3 = 80.00; (60.00×60 + 80.00×40) / 100 = 68.00.
    assert_eq!((both.secretaries[0].score, both.secretaries[0].grade), (Some(68.0), Some(Fair)));

    // The vote-share method never trims; N below 2 is refused; older files read as before.
    let share = ScoringRules { trim_extremes_above: Some(2), ..preset_rules("good_share").unwrap() };
    assert!(!tally(&share, &four).formula.contains("去掉"));
    assert!(rules(Some(1)).validate().is_err());
    assert!(rules(Some(2)).validate().is_ok());
}

/// A veto over a set of grades: 一般与差票合计达到 1/2 → 等次最高为一般, at the edge (exactly
/// half, and just under), beside the single-grade veto, which the set does not change.
#[test]
fn a_veto_over_a_set_of_grades_counts_them_together() {
    let set_veto = VetoRule { grade: Fair, also: vec![Poor], numerator: 1, denominator: 2, result: Fair };
    let rules = ScoringRules { vetoes: vec![set_veto.clone()], ..preset_rules("weighted").unwrap() };
    // 好 好 一般 一般: (100 + 100 + 60 + 60) / 4 = 80.00 → 较好; 一般+差 = 2/4 = 1/2 → 一般.
    let half = tally(&rules, &input(ONE, 1, &[(0, "1"), (0, "1"), (0, "3"), (0, "3")]));
    let first = &half.secretaries[0];
    assert_eq!((first.score, first.grade), (Some(80.0), Some(Fair)));
    assert!(first.veto.as_deref().unwrap().starts_with("一般与差票合计 2 ÷ 4 = 50.0%，达到 1/2"), "{:?}", first.veto);
    // 好 好 好 一般 差: (300 + 60 + 0) / 5 = 72.00 → 一般 by its band; 2/5 under half, no veto.
    let under = tally(&rules, &input(ONE, 1, &[(0, "1"), (0, "1"), (0, "1"), (0, "3"), (0, "4")]));
    assert_eq!((under.secretaries[0].grade, under.secretaries[0].veto.is_none()), (Some(Fair), true));
    // 好 好 好 一般 一般: 84.00 → 较好; 2/5 < 1/2 stays 较好.
    let kept = tally(&rules, &input(ONE, 1, &[(0, "1"), (0, "1"), (0, "1"), (0, "3"), (0, "3")]));
    assert_eq!(kept.secretaries[0].grade, Some(FairlyGood));
    assert!(half.formula.contains("一般与差票合计达到有效票的 1/2 的，等次最高为一般"), "{}", half.formula);
    // Written only when set; older rules read with none.
    let single = VetoRule { also: Vec::new(), ..set_veto };
    assert!(!serde_json::to_string(&single).unwrap().contains("also"));
    let read: VetoRule =
        serde_json::from_str(r#"{"grade":"poor","numerator":1,"denominator":3,"result":"poor"}"#).unwrap();
    assert!(read.also.is_empty());
}
