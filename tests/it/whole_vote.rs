//! Rules over the whole vote, table-driven at their exact edges: vote shares weighted by
//! category, the quota on 好 across secretaries with a tie at its cut-off, the quorum
//! (more than half present, per category or overall) and the void vote (more collected
//! than issued). Then the same rules on the sample campaign: the tie decided and logged,
//! results refused until then, the decision cleared by a reopen and carried by the
//! recount files.

use shuzhi::domain::Grade::{FairlyGood, Good, Poor};
use shuzhi::meeting;
use shuzhi::rules::scoring::{
    GoodQuota, QuorumScope, QuotaDecision, ScoringRules, StopReason, TallyInput, preset_rules, tally,
};

use std::path::Path;

use crate::SAMPLE_ID;
use crate::scoring::{ONE, TWO, input};

fn rules(key: &str, change: impl FnOnce(&mut ScoringRules)) -> ScoringRules {
    let mut rules = preset_rules(key).unwrap();
    change(&mut rules);
    rules.validate().unwrap();
    rules
}

/// The same ballots, with each category's raters due and sheets issued.
fn with_panel(mut input: TallyInput, panel: &[(Option<u32>, Option<u32>)]) -> TallyInput {
    for (category, (due, issued)) in input.categories.iter_mut().zip(panel) {
        category.due = *due;
        category.issued = *issued;
    }
    input
}

#[test]
fn shares_weighted_by_category_decide_at_the_exact_edge() {
    let weighted = rules("good_share", |r| r.shares_weighted_by_category = true);
    let pooled = preset_rules("good_share").unwrap();
    // (60% leaders' ballots, 40% members' ballots, the weighted 好票率, pooled grade, weighted grade)
    let cases: &[(&[&str], &[&str], &str, _, _)] = &[
        // 60×3/3 + 40×0/5 = 60.0% exactly: 好 weighted; pooled 3/8 = 37.5% (好+较好 8/8: 较好).
        (&["1", "1", "1"], &["2", "2", "2", "2", "2"], "(60×3/3 + 40×0/5) ÷ 100 = 60.0% ≥ 60% → 好", FairlyGood, Good),
        // 60×2/3 + 40×2/4 = 40 + 20 = 60.0%: 好; pooled 4/7 = 57.1%: 较好.
        (&["1", "1", "2"], &["1", "1", "2", "2"], "(60×2/3 + 40×2/4) ÷ 100 = 60.0% ≥ 60% → 好", FairlyGood, Good),
        // 60×2/3 + 40×2/5 = 40 + 16 = 56.0%: under; pooled 4/8 = 50%: both 较好.
        (&["1", "1", "2"], &["1", "1", "2", "2", "2"], "(60×2/3 + 40×2/5) ÷ 100 = 56.0% < 60%", FairlyGood, FairlyGood),
        // 60×3/3 + 40×5/9 = 82.2%; pooled 8/12 = 66.7%: 好 both ways.
        (
            &["1", "1", "1"],
            &["1", "1", "1", "1", "1", "2", "2", "2", "2"],
            "(60×3/3 + 40×5/9) ÷ 100 = 82.2% ≥ 60% → 好",
            Good,
            Good,
        ),
    ];
    for (leaders, members, worked, pooled_grade, weighted_grade) in cases {
        let ballots: Vec<(usize, &str)> =
            leaders.iter().map(|m| (0, *m)).chain(members.iter().map(|m| (1, *m))).collect();
        let votes = input(TWO, 1, &ballots);
        assert_eq!(tally(&pooled, &votes).secretaries[0].grade, Some(*pooled_grade), "pooled {leaders:?} {members:?}");
        let outcome = tally(&weighted, &votes);
        let first = &outcome.secretaries[0];
        assert_eq!(first.grade, Some(*weighted_grade), "weighted {leaders:?} {members:?}");
        let said = first.calculation.join("\n");
        assert!(said.contains(&format!("好票率（按类别加权） = {worked}")), "{said}");
    }
    // The veto weighs the categories too: 差 2/3 of the leaders (60%) and none of six
    // members is 40% weighted, over 1/3: 差; pooled 2/9 stays under.
    let votes =
        input(TWO, 1, &[(0, "4"), (0, "4"), (0, "1"), (1, "1"), (1, "1"), (1, "1"), (1, "1"), (1, "1"), (1, "1")]);
    assert_eq!(tally(&pooled, &votes).secretaries[0].veto, None);
    let outcome = tally(&weighted, &votes);
    assert_eq!(outcome.secretaries[0].grade, Some(Poor));
    assert_eq!(
        outcome.secretaries[0].veto.as_deref(),
        Some("差票（按类别加权） (60×2/3 + 40×0/6) ÷ 100 = 40.0%，达到 1/3 → 等次最高为差")
    );
    assert!(outcome.formula.contains("票率按各类评议人的票率以类别权重加权计算"), "{}", outcome.formula);
    // A category of weight 0 does not count; with no weighted category the share is pooled.
    let zero = input(&[("列席", 0), ("党员群众代表", 100)], 1, &[(0, "4"), (0, "4"), (1, "1")]);
    assert_eq!(tally(&weighted, &zero).secretaries[0].grade, Some(Good));
    // Written only when set.
    assert!(!serde_json::to_string(&pooled).unwrap().contains("shares_weighted"));
}

/// Five secretaries on four ballots: 100, 100, 100, 90, 80 points — 好 ×4 and 较好.
const FIVE: &[(usize, &str)] = &[(0, "11112"), (0, "11122"), (0, "11112"), (0, "11122")];

#[test]
fn the_quota_on_good_moves_those_past_it_down_in_rank_order() {
    let quota = |q: GoodQuota| rules("weighted", |r| r.good_quota = Some(q));
    let grades = |r: &ScoringRules| -> Vec<Option<_>> {
        tally(r, &input(ONE, 5, FIVE)).secretaries.iter().map(|s| s.grade).collect()
    };
    let g = Some(Good);
    let f = Some(FairlyGood);
    // K = 4 (= 好 count): nothing moves. K = 3: the fourth (90 points) moves. 60% of 5 = 3.
    assert_eq!(grades(&quota(GoodQuota::Count(4))), [g, g, g, g, f]);
    assert_eq!(grades(&quota(GoodQuota::Count(3))), [g, g, g, f, f]);
    assert_eq!(grades(&quota(GoodQuota::Percent(60))), [g, g, g, f, f]);
    // 79% of 5 = 3.95, rounded down to 3; 80% = 4.
    assert_eq!(grades(&quota(GoodQuota::Percent(79))), [g, g, g, f, f]);
    assert_eq!(grades(&quota(GoodQuota::Percent(80))), [g, g, g, g, f]);
    let outcome = tally(&quota(GoodQuota::Count(3)), &input(ONE, 5, FIVE));
    let fourth = &outcome.secretaries[3];
    assert!(!fourth.excellent_allowed, "moved below 好: not 优秀");
    let said = fourth.calculation.join("\n");
    assert!(said.contains("本人在评为“好”的 4 人中居第 4 位，超出名额 → 较好"), "{said}");
    assert!(said.ends_with("评定等次：较好，低于“好”，年度考核不得确定为优秀。"), "{said}");
    assert_eq!(fourth.band_grade, Some(Good), "the band's grade stays on record");
    assert_eq!(outcome.quota.as_ref().unwrap().moved, ["书记4"]);
    assert_eq!(outcome.not_final(), None);
    assert_eq!(fourth.rank, Some(4));
}

#[test]
fn a_tie_at_the_quota_cut_off_waits_for_the_organizer_and_follows_the_decision() {
    let two = rules("weighted", |r| r.good_quota = Some(GoodQuota::Count(2)));
    // Three at 100 tie for two places; the fourth (90) moves down whatever is decided.
    let outcome = tally(&two, &input(ONE, 5, FIVE));
    let tie = outcome.quota.as_ref().unwrap().tie.clone().unwrap();
    assert_eq!((tie.candidates, tie.places), (vec!["书记1".to_string(), "书记2".into(), "书记3".into()], 2));
    let grades: Vec<_> = outcome.secretaries.iter().map(|s| s.grade).collect();
    assert_eq!(grades, [None, None, None, Some(FairlyGood), Some(FairlyGood)]);
    assert!(outcome.secretaries.iter().all(|s| s.rank.is_none()), "no place is known until the decision");
    assert!(outcome.not_final().unwrap().contains("尚待组织方决定"));
    assert!(outcome.secretaries[0].calculation.join("\n").contains("待组织方决定"));

    let decided = |kept: &[&str]| {
        let mut votes = input(ONE, 5, FIVE);
        votes.quota_decision = Some(QuotaDecision {
            kept: kept.iter().map(|k| k.to_string()).collect(),
            reason: "按方案以日常考核得分高者优先".into(),
            decided_by: "孟晓东".into(),
            decided_at: "2026-12-04 10:00".into(),
        });
        tally(&two, &votes)
    };
    let outcome = decided(&["书记1", "书记3"]);
    let grades: Vec<_> = outcome.secretaries.iter().map(|s| (s.grade, s.rank)).collect();
    let g = Some(Good);
    let f = Some(FairlyGood);
    assert_eq!(grades, [(g, Some(1)), (f, Some(3)), (g, Some(1)), (f, Some(4)), (f, Some(5))]);
    assert_eq!(outcome.not_final(), None);
    assert!(outcome.quota.as_ref().unwrap().text.contains("孟晓东于 2026-12-04 10:00 决定保留 书记1、书记3"));
    assert!(
        outcome.secretaries[1].calculation.join("\n").contains("组织方决定降为较好（按方案以日常考核得分高者优先）")
    );
    // A decision that does not fit the tie (one name for two places, a name not tied) is none.
    for wrong in [&["书记1"][..], &["书记1", "书记4"], &["书记1", "书记1"]] {
        assert!(decided(wrong).not_final().is_some(), "{wrong:?}");
    }
    // No tie when the cut-off falls between different scores: K = 3 above.
    let three = rules("weighted", |r| r.good_quota = Some(GoodQuota::Count(3)));
    assert!(tally(&three, &input(ONE, 5, FIVE)).quota.unwrap().tie.is_none());
    // 30% of 2 secretaries is 0 places: every 好 moves, no tie.
    let share = rules("weighted", |r| r.good_quota = Some(GoodQuota::Percent(30)));
    let outcome = tally(&share, &input(ONE, 2, &[(0, "11")]));
    assert_eq!(outcome.secretaries.iter().map(|s| s.grade).collect::<Vec<_>>(), [f, f]);
    // Bad quotas are refused; unset is not written.
    for bad in [GoodQuota::Percent(0), GoodQuota::Percent(100), GoodQuota::Count(0)] {
        let r = ScoringRules { good_quota: Some(bad), ..preset_rules("weighted").unwrap() };
        assert!(r.validate().is_err(), "{bad:?}");
    }
    assert!(!serde_json::to_string(&three).unwrap().contains("count\":4"));
    assert!(serde_json::to_string(&three).unwrap().contains(r#""good_quota":{"count":3}"#));
}

#[test]
fn the_quorum_needs_more_than_half_present_per_category_or_overall() {
    let per_category = rules("weighted", |r| r.quorum = Some(QuorumScope::PerCategory));
    let overall = rules("weighted", |r| r.quorum = Some(QuorumScope::Overall));
    // One category of 6 due: 3 ballots is exactly half (not more), 4 is more.
    let three = with_panel(input(ONE, 1, &[(0, "1"), (0, "1"), (0, "1")]), &[(Some(6), None)]);
    let outcome = tally(&per_category, &three);
    let stopped = outcome.stopped.as_ref().unwrap();
    assert_eq!(stopped.reason, StopReason::NoQuorum);
    assert!(stopped.text.contains("党员群众代表：应到 6 人，交回测评票 3 张，未过半"), "{}", stopped.text);
    assert_eq!((outcome.secretaries[0].grade, outcome.secretaries[0].rank), (None, None));
    assert!(outcome.not_final().is_some());
    // A blank ballot is a rater present: 3 marked + 1 blank of 6 is more than half.
    let four = with_panel(input(ONE, 1, &[(0, "1"), (0, "1"), (0, "1"), (0, "0")]), &[(Some(6), None)]);
    let outcome = tally(&per_category, &four);
    assert_eq!((outcome.stopped.is_none(), outcome.secretaries[0].grade), (true, Some(Good)));
    // Leaders 3 of 4, members 3 of 6: per category stops, overall 6 of 10 passes; 5 of 10 would not.
    let ballots = [(0, "1"), (0, "1"), (0, "1"), (1, "1"), (1, "1"), (1, "1")];
    let two = with_panel(input(TWO, 1, &ballots), &[(Some(4), None), (Some(6), None)]);
    assert!(tally(&per_category, &two).stopped.is_some());
    assert!(tally(&overall, &two).stopped.is_none());
    let five = with_panel(input(TWO, 1, &ballots[1..]), &[(Some(4), None), (Some(6), None)]);
    let stopped = tally(&overall, &five).stopped.unwrap();
    assert!(stopped.text.contains("全体评议人：应到 10 人，交回测评票 5 张，未过半"), "{}", stopped.text);
    // Without the raters due the quorum cannot be judged, and says so.
    let unknown = tally(&per_category, &input(ONE, 1, &[(0, "1")])).stopped.unwrap();
    assert!(unknown.text.contains("党员群众代表没有应到人数"), "{}", unknown.text);
    // No quorum rule: no stop.
    assert!(tally(&preset_rules("weighted").unwrap(), &three).stopped.is_none());
}

#[test]
fn more_ballots_collected_than_issued_voids_the_vote_under_the_rule() {
    let void = rules("weighted", |r| r.void_if_over_collected = true);
    let with = |n: usize, issued: Option<u32>| {
        let ballots: Vec<(usize, &str)> = (0..n).map(|_| (0, "1")).collect();
        with_panel(input(ONE, 1, &ballots), &[(Some(10), issued)])
    };
    // Issued 5: collected 4 and 5 stand, 6 voids.
    assert!(tally(&void, &with(4, Some(5))).stopped.is_none());
    assert!(tally(&void, &with(5, Some(5))).stopped.is_none());
    let outcome = tally(&void, &with(6, Some(5)));
    let stopped = outcome.stopped.as_ref().unwrap();
    assert_eq!(stopped.reason, StopReason::OverCollected);
    assert!(stopped.text.starts_with("本次测评无效，须重新测评：党员群众代表：发出 5 张，收回 6 张，多出 1 张"));
    assert_eq!(outcome.secretaries[0].grade, None);
    assert_eq!(outcome.ballots_total, 6, "the ballots stay counted for the record");
    // Nothing issued (no sheets printed, no codes): nothing to compare. Without the rule, no stop.
    assert!(tally(&void, &with(6, Some(0))).stopped.is_none());
    assert!(tally(&preset_rules("weighted").unwrap(), &with(6, Some(5))).stopped.is_none());
}

/// The sample under a quota of one 好, closed with its first two secretaries 好 on every
/// ballot: a tie for the one place.
fn tied_sample() -> shuzhi::Store {
    let mut store = crate::meeting::printed();
    let mut quota = meeting::meeting_view(&store, SAMPLE_ID).unwrap().rules;
    quota.good_quota = Some(GoodQuota::Count(1));
    meeting::save_rules(&mut store, SAMPLE_ID, &quota, "测试").unwrap();
    for serial in ["3-001", "3-002", "3-003", "4-001", "4-002", "4-003"] {
        meeting::enter_ballot(&mut store, SAMPLE_ID, &crate::meeting::ballot(serial, "1122222222"), "测试").unwrap();
    }
    meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    store
}

/// The sample campaign under a quota of one 好: everyone rated 好 on every ballot ties; the
/// results are withheld until the organizer decides, the decision is logged and printed, a
/// reopen clears it, and the recount files carry it.
#[test]
fn on_the_sample_a_tie_is_decided_logged_printed_and_cleared_by_a_reopen() {
    let mut store = tied_sample();
    let results = meeting::results(&store, SAMPLE_ID).unwrap();
    let tie = results.outcome.quota.as_ref().unwrap().tie.clone().unwrap();
    assert_eq!((tie.candidates.len(), tie.places), (2, 1));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let refused = meeting::pdf::summary_pdf(&store, SAMPLE_ID, today).unwrap_err().to_string();
    assert!(refused.contains("请在“结果”页作出决定"), "{refused}");
    assert!(meeting::results_workbook(&store, SAMPLE_ID).is_err());
    let first = results.people[0].secretary_id.clone();
    let second = results.people[1].secretary_id.clone();
    assert_eq!(meeting::personal_result(&store, &first).unwrap(), None, "nothing published of an undecided tie");

    // Wrong choices are refused with what to do; nothing is written.
    let both =
        meeting::decide_quota_tie(&mut store, SAMPLE_ID, &[first.clone(), second.clone()], "按方案决定", "孟晓东");
    assert!(both.unwrap_err().to_string().contains("请选出正好 1 位，现在选了 2 位"));
    let outsider = results.people[2].secretary_id.clone();
    let other = meeting::decide_quota_tie(&mut store, SAMPLE_ID, &[outsider], "按方案决定", "孟晓东");
    assert!(other.unwrap_err().to_string().contains("只能从并列的"));
    let short = meeting::decide_quota_tie(&mut store, SAMPLE_ID, std::slice::from_ref(&second), "无", "孟晓东");
    assert!(short.unwrap_err().to_string().contains("请写明决定的原因"));
    // Found by an outside attack: five zero-width spaces passed the four-character rule.
    let blank = meeting::decide_quota_tie(
        &mut store,
        SAMPLE_ID,
        std::slice::from_ref(&second),
        "\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}",
        "孟晓东",
    );
    assert!(blank.unwrap_err().to_string().contains("请写明决定的原因"));

    meeting::decide_quota_tie(&mut store, SAMPLE_ID, std::slice::from_ref(&second), "日常考核得分较高", "孟晓东")
        .unwrap();
    let results = meeting::results(&store, SAMPLE_ID).unwrap();
    assert_eq!(results.outcome.not_final(), None);
    assert_eq!(results.outcome.secretaries[1].grade, Some(Good));
    assert_eq!(results.outcome.secretaries[0].grade, Some(FairlyGood));
    let log = shuzhi::store::audit::list_for_campaign(store.conn(), SAMPLE_ID).unwrap();
    assert!(log.iter().any(|e| e.action == "vote.quota_decide" && e.detail.contains("原因：日常考核得分较高")));
    let pdf = meeting::pdf::summary_pdf(&store, SAMPLE_ID, today).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert!(meeting::personal_result(&store, &second).unwrap().is_some());

    // The recount files carry the decision and reproduce the results.
    let (rules_bytes, ballots_bytes) = meeting::recount::recount_files(&store, SAMPLE_ID).unwrap();
    let rules_file = meeting::recount::parse_rules_file("rules.json", &rules_bytes).unwrap();
    assert_eq!(rules_file.quota_decision.as_ref().unwrap().reason, "日常考核得分较高");
    let again = meeting::recount::recount(&rules_file, "ballots.csv", &ballots_bytes).unwrap();
    let grades = |o: &shuzhi::rules::scoring::TallyOutcome| o.secretaries.iter().map(|s| s.grade).collect::<Vec<_>>();
    assert_eq!(grades(&again), grades(&results.outcome));
    assert_eq!(again.fingerprint, results.closure.as_ref().unwrap().fingerprint);

    // A reopen clears the decision: the ballots may change.
    meeting::reopen_vote(&mut store, SAMPLE_ID, "补录一张票", "测试").unwrap();
    meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    assert!(meeting::results(&store, SAMPLE_ID).unwrap().outcome.not_final().is_some());
}

/// The void rule on the sample: a category hands in more ballots than it was issued; the
/// closing asks no reason, the results say 须重新测评, nothing is published.
#[test]
fn on_the_sample_a_void_vote_closes_without_a_reason_and_publishes_nothing() {
    let mut store = crate::meeting::printed();
    let mut void = meeting::meeting_view(&store, SAMPLE_ID).unwrap().rules;
    void.void_if_over_collected = true;
    meeting::save_rules(&mut store, SAMPLE_ID, &void, "测试").unwrap();
    // Leaders: 5 sheets; a sixth ballot with a serial never printed (a copied sheet).
    for serial in ["1-001", "1-002", "1-003", "1-004", "1-005", "1-006"] {
        let mut ballot = crate::meeting::ballot(serial, "1111111111");
        ballot.category_id = Some("cat-leaders".into());
        meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot, "测试").unwrap();
    }
    meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    let results = meeting::results(&store, SAMPLE_ID).unwrap();
    let stopped = results.outcome.stopped.as_ref().unwrap();
    assert!(stopped.text.starts_with("本次测评无效，须重新测评"), "{}", stopped.text);
    assert!(results.outcome.secretaries.iter().all(|s| s.grade.is_none()));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let refused = meeting::pdf::summary_pdf(&store, SAMPLE_ID, today).unwrap_err().to_string();
    assert!(refused.contains("没有可以公布的等次"), "{refused}");
    assert_eq!(results.outcome.ballots_total, 6, "the ballots are kept for the record");
}

/// The same rules from the command line: set on the sample with `meeting rules`, the tie
/// decided with `meeting quota-decide`, and recounted from hand-written files with
/// `tally --rules --ballots`, which needs no database.
#[test]
fn the_command_line_sets_the_rules_decides_the_tie_and_recounts_from_files() {
    use crate::cli::{shuzhi, stderr};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    let set = shuzhi(
        &db,
        &[
            "meeting",
            "rules",
            "--campaign",
            SAMPLE_ID,
            "--good-quota",
            "1",
            "--quorum",
            "overall",
            "--weighted-shares",
            "on",
        ],
    );
    assert!(set.status.success(), "{}", stderr(&set));
    let said = String::from_utf8(set.stdout).unwrap();
    assert!(said.contains("评为“好”的不超过 1 人，超出的按名次顺序降为较好"), "{said}");
    assert!(said.contains("交回的测评票须超过应到评议人总数的一半"), "{said}");
    let cleared =
        shuzhi(&db, &["--json", "meeting", "rules", "--campaign", SAMPLE_ID, "--good-quota", "0", "--quorum", "off"]);
    let value: serde_json::Value = serde_json::from_slice(&cleared.stdout).unwrap();
    assert!(value["rules"].get("good_quota").is_none() && value["rules"].get("quorum").is_none(), "{value}");
    assert_eq!(value["rules"]["shares_weighted_by_category"], true);
    let refused = shuzhi(
        &db,
        &["meeting", "quota-decide", "--campaign", SAMPLE_ID, "--keep", "sec-syy", "--reason", "按方案决定"],
    );
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("测评尚未结束"), "{}", stderr(&refused));

    // Hand-written recount files: a quota of 2 with three tied at 100, the raters due and
    // the sheets issued written down.
    let rules = serde_json::json!({
        "format": "shuzhi-tally-rules",
        "format_version": 1,
        "rules": {
            "method": "weighted_score",
            "points": { "good": 100, "fairly_good": 80, "fair": 60, "poor": 0 },
            "bands": [{ "min_score": 90, "grade": "good" }, { "min_score": 75, "grade": "fairly_good" }],
            "excellent_requires_good": true,
            "good_quota": { "count": 2 },
            "quorum": "per_category"
        },
        "categories": [{ "name": "党员群众代表", "weight_percent": 100, "due": 7, "issued": 7 }]
    });
    let rules_path = dir.path().join("rules.json");
    std::fs::write(&rules_path, serde_json::to_vec(&rules).unwrap()).unwrap();
    let ballots_path = dir.path().join("ballots.csv");
    let rows = [
        "1,党员群众代表,好,好,好,好",
        "2,党员群众代表,好,好,好,较好",
        "3,党员群众代表,好,好,好,好",
        "4,党员群众代表,好,好,好,较好",
    ];
    std::fs::write(&ballots_path, format!("票号,评议人类别,甲,乙,丙,丁\n{}\n", rows.join("\n"))).unwrap();
    let recount = |rules_path: &Path| {
        let out = shuzhi(
            &dir.path().join("none.db"),
            &["--json", "tally", "--rules", rules_path.to_str().unwrap(), "--ballots", ballots_path.to_str().unwrap()],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let value = recount(&rules_path);
    assert_eq!(value["quota"]["tie"]["candidates"], serde_json::json!(["甲", "乙", "丙"]));
    assert_eq!(value["quota"]["tie"]["kept"], serde_json::Value::Null);
    assert_eq!(value["quota"]["moved"], serde_json::json!(["丁"]), "丁 at 90 is past the quota either way");
    assert_eq!(value["stopped"], serde_json::Value::Null, "4 of 7 present is more than half");

    let mut decided = rules.clone();
    decided["quota_decision"] = serde_json::json!({ "kept": ["乙", "丙"], "reason": "按方案决定" });
    std::fs::write(&rules_path, serde_json::to_vec(&decided).unwrap()).unwrap();
    let value = recount(&rules_path);
    let grades: Vec<&str> =
        value["secretaries"].as_array().unwrap().iter().map(|s| s["grade"].as_str().unwrap()).collect();
    assert_eq!(grades, ["较好", "好", "好", "较好"]);

    // 8 due: 4 present is exactly half, so no grade.
    let mut half = decided.clone();
    half["categories"][0]["due"] = serde_json::json!(8);
    std::fs::write(&rules_path, serde_json::to_vec(&half).unwrap()).unwrap();
    let value = recount(&rules_path);
    assert_eq!(value["stopped"]["reason"], "no_quorum");
    assert!(value["secretaries"].as_array().unwrap().iter().all(|s| s["grade"].is_null()));
}

/// Found by an outside attack: 28 categories of prime sizes overflowed the exact weighted
/// share (a closing could never succeed), and raters due near u32::MAX overflowed the
/// overall quorum. Both stay exact now.
#[test]
fn weighted_shares_over_many_categories_of_different_sizes_stay_exact() {
    let primes = [
        3u32, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107,
        109,
    ];
    let names: Vec<String> = (0..primes.len()).map(|i| format!("类别{i}")).collect();
    let categories: Vec<(&str, u32)> = names.iter().map(|n| (n.as_str(), 1)).collect();
    // Every category gives 好 to all but one of its raters, who gives 较好: each share is
    // (n − 1)/n, so the weighted 好票率 is just under 100% and far over 60%.
    let mut ballots = Vec::new();
    for (c, n) in primes.iter().enumerate() {
        for i in 0..*n {
            ballots.push((c, if i == 0 { "2" } else { "1" }));
        }
    }
    let weighted = rules("good_share", |r| r.shares_weighted_by_category = true);
    let outcome = tally(&weighted, &input(&categories, 1, &ballots));
    assert_eq!(outcome.secretaries[0].grade, Some(Good));
    let said = outcome.secretaries[0].calculation.join("\n");
    assert!(said.contains("1×2/3 + 1×4/5"), "{said}");
    // Σ (n−1)/n over these 28 primes ÷ 28 = 95.21…% (by hand with exact fractions): 95.2%.
    assert!(said.contains("÷ 28 = 95.2% ≥ 60% → 好"), "{said}");

    let overall = rules("weighted", |r| r.quorum = Some(QuorumScope::Overall));
    let huge = with_panel(
        input(TWO, 1, &[(0, "1"), (0, "1"), (0, "1"), (1, "1"), (1, "1"), (1, "1")]),
        &[(Some(u32::MAX), None), (Some(u32::MAX), None)],
    );
    assert_eq!(tally(&overall, &huge).stopped.unwrap().reason, StopReason::NoQuorum);
}

/// Found by an outside attack: a year file whose decision of the tie was edited (another
/// secretary kept at 好) was imported and counted. The file's decision is never taken now:
/// the tie shows again on the importing computer, and the log says why.
#[test]
fn a_year_files_decision_of_a_tie_is_not_taken_on_import() {
    let mut store = tied_sample();
    meeting::decide_quota_tie(&mut store, SAMPLE_ID, &["sec-syy".to_string()], "日常考核得分较高", "孟晓东").unwrap();
    let mut value = serde_json::to_value(shuzhi::exchange::export_campaign(&store, SAMPLE_ID).unwrap()).unwrap();
    assert_eq!(value["vote"]["quota_decision"]["kept"][0], "sec-syy", "exported for the record");
    value["vote"]["quota_decision"]["kept"][0] = serde_json::json!("sec-zyy");
    let bytes = serde_json::to_vec(&value).unwrap();
    let mut other = crate::new_store();
    let doc = shuzhi::exchange::parse_document("year.json", &bytes).unwrap();
    shuzhi::exchange::import_document(&mut other, "year.json", &doc, "测试").unwrap();
    let results = meeting::results(&other, SAMPLE_ID).unwrap();
    assert!(results.outcome.not_final().unwrap().contains("尚待组织方决定"));
    let events = shuzhi::store::audit::list_database_events(other.conn()).unwrap();
    assert!(events.iter().any(|e| e.detail.contains("并列决定未采用，须在本机重新决定")), "{events:?}");
}

/// After a vote the rules stopped, a new round: the stopped one is kept whole (closure,
/// ballots, serials), the vote opens empty, new sheets take new serials, an old sheet no
/// longer counts, and the year file carries the kept round.
#[test]
fn a_stopped_vote_is_kept_whole_and_a_new_round_starts_with_new_serials() {
    let mut store = crate::meeting::printed();
    let mut void = meeting::meeting_view(&store, SAMPLE_ID).unwrap().rules;
    void.void_if_over_collected = true;
    meeting::save_rules(&mut store, SAMPLE_ID, &void, "测试").unwrap();
    // A new round is refused while the vote is open, and when a closed vote has results.
    assert!(meeting::start_new_round(&mut store, SAMPLE_ID, "按方案重新测评", "孟晓东").is_err());
    for serial in ["1-001", "1-002", "1-003", "1-004", "1-005", "1-006"] {
        let mut ballot = crate::meeting::ballot(serial, "1111111111");
        ballot.category_id = Some("cat-leaders".into());
        meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot, "测试").unwrap();
    }
    let closure = meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    let blank = meeting::start_new_round(&mut store, SAMPLE_ID, "\u{200b}\u{200b}\u{200b}\u{200b}", "孟晓东");
    assert!(blank.unwrap_err().to_string().contains("请写明开始新一轮测评的原因"));
    assert_eq!(meeting::start_new_round(&mut store, SAMPLE_ID, "收回多于发出，按方案重新测评", "孟晓东").unwrap(), 2);

    let view = meeting::meeting_view(&store, SAMPLE_ID).unwrap();
    assert!(view.closure.is_none() && view.ballots.is_empty());
    assert_eq!(view.rounds.len(), 1);
    assert_eq!((view.rounds[0].ballots.len(), &view.rounds[0].closure.fingerprint), (6, &closure.fingerprint));
    assert!(view.rounds[0].stopped.starts_with("本次测评无效，须重新测评"));
    // Found by the second attack: before any new sheet is printed, an old sheet counted.
    let mut early = crate::meeting::ballot("1-002", "1111111111");
    early.category_id = Some("cat-leaders".into());
    let entered = meeting::enter_ballot(&mut store, SAMPLE_ID, &early, "测试").unwrap();
    assert!(
        entered.warnings.iter().any(|w| w.contains("是第 1 轮（已封存、须重新测评）的测评表")),
        "{:?}",
        entered.warnings
    );
    let (input, _) = meeting::tally_input(&store, SAMPLE_ID).unwrap();
    assert!(input.issued_serials.as_ref().is_some_and(|s| !s.contains("1-002")));
    let first = meeting::meeting_view(&store, SAMPLE_ID).unwrap().ballots[0].id.clone();
    meeting::delete_ballot(&mut store, SAMPLE_ID, &first, "测试").unwrap();
    // New sheets never reuse a serial of the first round; an old sheet counts as invalid.
    let sheets = meeting::ensure_sheets(&mut store, SAMPLE_ID, "测试").unwrap();
    let old: std::collections::BTreeSet<&str> = view.rounds[0].serials.iter().map(String::as_str).collect();
    assert!(
        sheets.iter().all(|s| !old.contains(s.serial.as_str())),
        "{:?}",
        sheets.iter().map(|s| &s.serial).collect::<Vec<_>>()
    );
    let mut stale = crate::meeting::ballot("1-001", "1111111111");
    stale.category_id = Some("cat-leaders".into());
    let entered = meeting::enter_ballot(&mut store, SAMPLE_ID, &stale, "测试").unwrap();
    assert!(entered.warnings.iter().any(|w| w.contains("是第 1 轮")), "{:?}", entered.warnings);
    let log = shuzhi::store::audit::list_for_campaign(store.conn(), SAMPLE_ID).unwrap();
    assert!(log.iter().any(|e| e.action == "vote.new_round" && e.detail.contains("开始第 2 轮测评")));
    // The year file keeps the first round.
    let bytes = shuzhi::exchange::to_json_bytes(&shuzhi::exchange::export_campaign(&store, SAMPLE_ID).unwrap());
    let mut other = crate::new_store();
    let doc = shuzhi::exchange::parse_document("year.json", &bytes).unwrap();
    shuzhi::exchange::import_document(&mut other, "year.json", &doc, "测试").unwrap();
    assert_eq!(meeting::meeting_view(&other, SAMPLE_ID).unwrap().rounds.len(), 1);
}

/// Found by the second attack: reasons of variation selectors 17–256, hieroglyph or
/// shorthand format controls, or combining marks alone passed, and so did such names.
#[test]
fn reasons_and_names_of_characters_that_show_nothing_are_refused() {
    for reason in [
        "\u{E0100}\u{E0101}\u{E0102}\u{E0103}",
        "\u{13430}\u{13431}\u{13432}\u{13433}",
        "\u{1BCA0}\u{1BCA1}\u{1BCA2}\u{1BCA3}",
        "\u{0301}\u{0301}\u{0301}\u{0301}",
        "\u{E000}\u{E001}\u{E002}\u{E003}",
    ] {
        assert!(
            shuzhi::limits::reason_problem(reason, 4).is_some(),
            "{:?}",
            reason.chars().map(|c| c as u32).collect::<Vec<_>>()
        );
    }
    assert!(shuzhi::limits::reason_problem("按方案决定", 4).is_none());
    assert!(shuzhi::limits::name_problem("李秀兰\u{E0100}", 50).is_some());
    assert!(shuzhi::limits::name_problem("李秀兰", 50).is_none());
}
