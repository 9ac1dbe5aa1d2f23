//! The anonymity rule on result sheets, attacked: with one or two raters in a category
//! below the threshold, every published figure (the tally, the 结果通知单 and the 汇总表
//! read back as text, the Excel cells, the recount files, the result sent to the
//! secretary) is computed for two votes that differ only in what the hidden category gave
//! the first secretary. Everything published must be the same for both, so that nobody
//! can tell from it which of the two hidden ballots was cast.

use calamine::{Data, Reader, Xlsx};
use shuzhi::Store;
use shuzhi::domain::Grade::{self, Fair, FairlyGood, Good, Poor};
use shuzhi::meeting::{self, BallotInput, pdf as meeting_pdf, recount};
use shuzhi::rules::scoring::{CategoryWeight, Mark, ScoringRules, TallyBallot, TallyInput, preset_rules, tally};

use crate::pdf_text::{Layout, pdf_text};
use crate::{SAMPLE_ID, sample_store};

const PRESETS: [&str; 3] = ["weighted", "good_share", "satisfaction"];

/// One mark per character: 1 好, 2 较好, 3 一般, 4 差.
fn marks(text: &str) -> Vec<Mark> {
    text.chars()
        .map(|c| match c {
            '1' => Mark::Grade(Good),
            '2' => Mark::Grade(FairlyGood),
            '3' => Mark::Grade(Fair),
            '4' => Mark::Grade(Poor),
            _ => Mark::Blank,
        })
        .collect()
}

/// The ballots of one vote over three secretaries, as (category, marks): `hidden` raters of
/// 上级党组织领导 (category 0), three 基层党组织书记 and four 党员群众代表. The first leader
/// gives the first secretary `leader`; the first member gives him `member`. Swapping the two
/// leaves every pooled count the same and changes what the hidden category gave.
fn ballots(hidden: usize, leader: char, member: char) -> Vec<(usize, String)> {
    let mut list = vec![(0, format!("{leader}12"))];
    for _ in 1..hidden {
        list.push((0, "123".to_string()));
    }
    for row in ["114", "123", "121"] {
        list.push((1, row.to_string()));
    }
    list.push((2, format!("{member}22")));
    for row in ["123", "113", "122"] {
        list.push((2, row.to_string()));
    }
    list
}

fn input(ballots: &[(usize, String)]) -> TallyInput {
    TallyInput {
        categories: [("上级党组织领导", 30), ("基层党组织书记", 35), ("党员群众代表", 35)]
            .iter()
            .map(|(name, weight)| CategoryWeight::new(*name, *weight))
            .collect(),
        secretaries: vec!["甲".into(), "乙".into(), "丙".into()],
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

/// Everything a tally publishes, with the fingerprint (a hash, not a figure) left out.
fn published(rules: &ScoringRules, ballots: &[(usize, String)]) -> String {
    let mut outcome = tally(rules, &input(ballots));
    outcome.fingerprint = String::new();
    serde_json::to_string_pretty(&outcome).unwrap()
}

#[test]
fn no_tally_figure_tells_which_hidden_ballot_was_cast_under_any_preset() {
    for preset in PRESETS {
        let rules = preset_rules(preset).unwrap();
        for hidden in [1, 2] {
            // The hidden leader gave 较好 (and a member 好), or 好 (and the member 较好).
            let one = published(&rules, &ballots(hidden, '2', '1'));
            let other = published(&rules, &ballots(hidden, '1', '2'));
            assert_eq!(one, other, "{preset}, {hidden} hidden: the published tally tells the two votes apart");
            // The attack works where the rule is off: the same two votes are told apart.
            let off = ScoringRules { anonymity_threshold: 0, ..rules.clone() };
            assert_ne!(published(&off, &ballots(hidden, '2', '1')), published(&off, &ballots(hidden, '1', '2')));
            let outcome = tally(&rules, &input(&ballots(hidden, '2', '1')));
            let anonymity = outcome.anonymity.as_ref().expect("the rule is in force");
            assert_eq!(anonymity.hidden_categories, vec!["上级党组织领导".to_string()]);
            assert!(anonymity.note.starts_with("匿名保护：上级党组织领导的测评票少于 3 张。"), "{}", anonymity.note);
            let first = &outcome.secretaries[0];
            assert!(first.grade.is_some(), "{preset}: the grade is still published");
            assert!(first.by_category.iter().all(|c| c.counts.is_none() && c.mean.is_none()), "{preset}");
            if preset == "weighted" {
                // The weighted grade comes from the category means: counts with the grade, or
                // the exact score, would give the hidden ballot back.
                assert!(first.counts.is_none() && first.score.is_none() && first.percents.is_empty());
                assert!(first.calculation.iter().all(|l| !l.contains('×') && !l.contains('÷')), "{preset}");
            } else {
                // Pooled counts decide a vote-share grade without regard to category; the
                // ranking score is their plain mean, which the counts give anyway.
                let counts = first.counts.unwrap();
                let mean = (100 * counts.good + 80 * counts.fairly_good + 60 * counts.fair) as f64 / first.valid as f64;
                assert_eq!(first.score, Some((mean * 100.0).round() / 100.0), "{preset}");
            }
        }
    }
}

#[test]
fn the_rank_within_a_grade_does_not_tell_a_lone_raters_mark() {
    // Reproduces: under the weighted method one leader's 较好 put a secretary at rank 3
    // below two others at 好, though every other rater gave the three the same marks: the
    // rank within a grade is the order of the withheld scores.
    let rules = preset_rules("weighted").unwrap();
    let vote = |leader: &str| {
        let mut list = vec![(0, leader.to_string())];
        list.extend((0..3).map(|_| (1, "111".to_string())));
        list.extend((0..4).map(|_| (2, "111".to_string())));
        list
    };
    let lower = tally(&rules, &input(&vote("121")));
    assert!(lower.secretaries.iter().all(|s| s.grade == Some(Good)), "all three stay at 好");
    assert_eq!(lower.secretaries.iter().map(|s| s.rank).collect::<Vec<_>>(), vec![Some(1); 3]);
    assert_eq!(published(&rules, &vote("121")), published(&rules, &vote("111")));
    // Where the rule is off, the rank orders within the grade as before.
    let off = ScoringRules { anonymity_threshold: 0, ..rules };
    assert_eq!(tally(&off, &input(&vote("121"))).secretaries[1].rank, Some(3));
}

#[test]
fn the_totals_minus_the_shown_categories_no_longer_give_a_lone_raters_ballot() {
    // The attack of the issue: one leader; 合计 minus the categories shown is his ballot.
    let rules = preset_rules("weighted").unwrap();
    for leader in ['1', '2', '3', '4'] {
        let outcome = tally(&rules, &input(&ballots(1, leader, '1')));
        let first = &outcome.secretaries[0];
        let shown: Vec<_> = first.by_category.iter().filter_map(|c| c.counts).collect();
        assert!(first.counts.is_none() || shown.is_empty(), "totals and categories are both published");
        // Nor does a line of the calculation name a category's figures.
        assert!(first.calculation.iter().all(|l| !l.contains("上级党组织领导")), "{:?}", first.calculation);
    }
}

#[test]
fn with_every_category_at_the_threshold_every_figure_is_published_as_before() {
    let rules = ScoringRules { anonymity_threshold: 1, ..preset_rules("weighted").unwrap() };
    let outcome = tally(&rules, &input(&ballots(1, '2', '1')));
    assert!(outcome.anonymity.is_none());
    let first = &outcome.secretaries[0];
    assert!(first.counts.is_some() && first.score.is_some());
    assert!(first.by_category.iter().all(|c| c.counts.is_some()));
    assert!(first.calculation.iter().any(|l| l.starts_with("得分 = (")));
}

fn grade_marks(grades: &[Option<Grade>]) -> Vec<Mark> {
    grades.iter().map(|g| g.map_or(Mark::Blank, Mark::Grade)).collect()
}

/// The sample with its sheets printed, under `preset`, and a vote closed: `hidden` leaders,
/// three 基层党组织书记, four 党员群众代表; the first leader gives 王建华 `leader`, the first
/// member gives him `member`. The other secretaries get 较好 from everyone.
fn closed_sample(preset: &str, hidden: usize, leader: Grade, member: Grade) -> Store {
    let mut store = sample_store();
    meeting::save_rules(&mut store, SAMPLE_ID, &preset_rules(preset).unwrap(), "测试").unwrap();
    vote_on(store, hidden, leader, member)
}

fn vote_on(mut store: Store, hidden: usize, leader: Grade, member: Grade) -> Store {
    meeting::ensure_sheets(&mut store, SAMPLE_ID, "测试").unwrap();
    let rest = |first: Grade| {
        let mut g = vec![Some(first)];
        g.extend(std::iter::repeat_n(Some(FairlyGood), 9));
        g
    };
    let mut entries: Vec<(String, Vec<Option<Grade>>)> = Vec::new();
    entries.push(("1-001".into(), rest(leader)));
    for i in 1..hidden {
        entries.push((format!("1-{:03}", i + 1), rest(Good)));
    }
    for i in 0..3 {
        entries.push((format!("3-{:03}", i + 1), rest(Good)));
    }
    entries.push(("4-001".into(), rest(member)));
    for i in 1..4 {
        entries.push((format!("4-{:03}", i + 1), rest(Good)));
    }
    for (serial, grades) in entries {
        let input = BallotInput {
            serial,
            category_id: None,
            marks: grade_marks(&grades),
            dimension_marks: Vec::new(),
            suggestions: String::new(),
            duplicate: false,
        };
        meeting::enter_ballot(&mut store, SAMPLE_ID, &input, "测试").unwrap();
    }
    meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    store
}

/// Text with the seal's fingerprint and closing time taken out (they differ between any two
/// votes and are not figures), and no whitespace (lines break where the text is long).
fn normalized(text: &str, store: &Store) -> String {
    let closure = meeting::results(store, SAMPLE_ID).unwrap().closure.unwrap();
    let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let minute: String = closure.closed_at.replace('T', " ").chars().take(16).collect();
    // As the sheets write it too (2026年12月5日 01:03): two closings a minute apart
    // (a slow run) differ there, not in any figure.
    let written = shuzhi::report::pdf::chinese_time(&closure.closed_at);
    squeeze(text)
        .replace(&closure.fingerprint, "〔指纹〕")
        .replace(&squeeze(&closure.closed_at), "〔时间〕")
        .replace(&squeeze(&minute), "〔时间〕")
        .replace(&squeeze(&written), "〔时间〕")
}

fn fingerprint_of(store: &Store) -> String {
    meeting::results(store, SAMPLE_ID).unwrap().closure.unwrap().fingerprint
}

fn cells(bytes: &[u8], store: &Store) -> String {
    let mut book = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut out = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for cell in row {
                out.push_str(&match cell {
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Empty => String::new(),
                    other => format!("{other:?}"),
                });
                out.push('|');
            }
            out.push('\n');
        }
    }
    normalized(&out, store)
}

/// Every file and figure the organizer's program hands out after the vote, as text.
fn everything_published(store: &Store) -> Vec<(&'static str, String)> {
    let today = chrono::NaiveDate::from_ymd_opt(2024, 1, 20).unwrap();
    let sec = meeting::results(store, SAMPLE_ID).unwrap().people[0].secretary_id.clone();
    let summary = meeting_pdf::summary_pdf(store, SAMPLE_ID, today).unwrap();
    let notice = meeting_pdf::secretary_sheets_pdf(store, SAMPLE_ID, Some(&sec), today).unwrap();
    let notices = meeting_pdf::secretary_sheets_pdf(store, SAMPLE_ID, None, today).unwrap();
    let workbook = meeting::results_workbook(store, SAMPLE_ID).unwrap();
    let (rules_file, ballots_file) = recount::recount_files(store, SAMPLE_ID).unwrap();
    let mut personal = meeting::personal_result(store, &sec).unwrap().unwrap();
    personal.fingerprint = String::new();
    personal.closed_at = String::new();
    let mut results = meeting::results(store, SAMPLE_ID).unwrap();
    results.closure = None;
    results.outcome.fingerprint = String::new();
    vec![
        ("汇总表", normalized(&pdf_text(&summary, Layout::Raw), store)),
        ("结果通知单", normalized(&pdf_text(&notice, Layout::Raw), store)),
        ("全部结果通知单", normalized(&pdf_text(&notices, Layout::Raw), store)),
        ("结果表（Excel）", cells(&workbook.bytes, store)),
        ("rules.json", normalized(&String::from_utf8(rules_file).unwrap(), store)),
        ("ballots.csv", String::from_utf8(ballots_file).unwrap()),
        ("回执中的测评结果", serde_json::to_string(&personal).unwrap()),
        ("结果页", serde_json::to_string(&results).unwrap()),
    ]
}

#[test]
fn no_sheet_file_or_screen_tells_which_hidden_ballot_was_cast() {
    for preset in PRESETS {
        for hidden in [1, 2] {
            let one = closed_sample(preset, hidden, FairlyGood, Good);
            let other = closed_sample(preset, hidden, Good, FairlyGood);
            assert_ne!(fingerprint_of(&one), fingerprint_of(&other), "two different votes");
            for ((what, a), (_, b)) in everything_published(&one).into_iter().zip(everything_published(&other)) {
                assert_eq!(a, b, "{preset}, {hidden} hidden: the {what} tells the two votes apart");
            }
            if hidden == 1 {
                // The same attack with the rule off finds the difference on the notice.
                let off = |leader, member| {
                    let mut store = sample_store();
                    let rules = ScoringRules { anonymity_threshold: 0, ..preset_rules(preset).unwrap() };
                    meeting::save_rules(&mut store, SAMPLE_ID, &rules, "测试").unwrap();
                    vote_on(store, hidden, leader, member)
                };
                let (a, b) = (off(FairlyGood, Good), off(Good, FairlyGood));
                assert_ne!(everything_published(&a)[1], everything_published(&b)[1], "{preset}: the attack");
            }
            let notice = everything_published(&one).remove(1).1;
            assert!(notice.contains("匿名保护：上级党组织领导的测评票少于3张。"), "{preset}: {notice}");
            assert!(notice.contains("评定等次：好"), "{preset}: the grade is on the notice: {notice}");
        }
    }
}

#[test]
fn the_recount_files_of_a_protected_vote_carry_no_ballot_and_recount_what_they_can() {
    for preset in PRESETS {
        let store = closed_sample(preset, 1, Poor, Good);
        let (rules_bytes, csv_bytes) = recount::recount_files(&store, SAMPLE_ID).unwrap();
        let csv = String::from_utf8(csv_bytes.clone()).unwrap();
        assert!(csv.starts_with("书记,有效票,未计入,好,较好,一般,差\n"), "{csv}");
        assert!(!csv.contains("1-001") && !csv.contains("上级党组织领导"), "no serial or category: {csv}");
        let rules = recount::parse_rules_file("rules.json", &rules_bytes).unwrap();
        assert_eq!(rules.format_version, 2);
        assert_eq!(rules.issued_serials, None);
        let recounted = recount::recount(&rules, "ballots.csv", &csv_bytes).unwrap();
        let results = meeting::results(&store, SAMPLE_ID).unwrap();
        assert_eq!(recounted.fingerprint, "", "the fingerprint cannot be recomputed without the ballots");
        for (again, published) in recounted.secretaries.iter().zip(&results.outcome.secretaries) {
            assert_eq!((again.valid, again.invalid), (published.valid, published.invalid), "{preset}");
            assert_eq!(again.counts, published.counts, "{preset}");
            if preset == "weighted" {
                assert_eq!(again.grade, None, "a weighted grade is not recounted from counts");
            } else {
                assert_eq!(
                    (again.grade, again.score, again.rank, again.veto.is_some()),
                    (published.grade, published.score, published.rank, published.veto.is_some()),
                    "{preset}: {}",
                    again.label
                );
            }
        }
        // A file changed by hand is refused with what is wrong.
        let changed = csv.replacen(",1,", ",x,", 1);
        if changed != csv {
            let error = recount::recount(&rules, "ballots.csv", changed.as_bytes()).unwrap_err().to_string();
            assert!(error.contains("不是票数"), "{error}");
        }
    }
}

#[test]
fn an_invalid_ballot_of_a_hidden_category_is_listed_without_its_category() {
    let mut store = sample_store();
    meeting::ensure_sheets(&mut store, SAMPLE_ID, "测试").unwrap();
    let blank = BallotInput {
        serial: "1-001".into(),
        category_id: None,
        marks: grade_marks(&[None; 10]),
        dimension_marks: Vec::new(),
        suggestions: String::new(),
        duplicate: false,
    };
    meeting::enter_ballot(&mut store, SAMPLE_ID, &blank, "测试").unwrap();
    for i in 0..3 {
        let input =
            BallotInput { serial: format!("3-{:03}", i + 1), marks: grade_marks(&[Some(Good); 10]), ..blank.clone() };
        meeting::enter_ballot(&mut store, SAMPLE_ID, &input, "测试").unwrap();
    }
    meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    let results = meeting::results(&store, SAMPLE_ID).unwrap();
    let invalid = &results.outcome.invalid_ballots[0];
    assert_eq!((invalid.serial.as_str(), invalid.category.as_str()), ("不公开", "不公开"));
    assert_eq!(invalid.reason_label, "未对任何人作出有效评价");
    let today = chrono::NaiveDate::from_ymd_opt(2024, 1, 20).unwrap();
    let summary = pdf_text(&meeting_pdf::summary_pdf(&store, SAMPLE_ID, today).unwrap(), Layout::Raw);
    assert!(!summary.contains("1-001"), "the serial names the category: {summary}");
    let squeezed: String = summary.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(squeezed.contains("不公开不公开未对任何人作出有效评价"), "{squeezed}");
}
