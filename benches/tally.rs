//! Benchmark (prints figures; not a test): tallying 500 raters × 60 secretaries
//! under each preset, in the core alone and from the database as the window does
//! (load the ballots, tally, fingerprint).
//!
//! Run with `cargo bench --bench tally`.

use std::time::{Duration, Instant};

mod common;

use shuzhi::Store;
use shuzhi::domain::{Ballot, BallotChannel, BallotEntry, Grade};
use shuzhi::exchange::import_document;
use shuzhi::rules::scoring::{self, CategoryWeight, Mark, TallyBallot, TallyInput};

const RATERS: usize = 500;
const SECRETARIES: usize = 60;
const ROUNDS: usize = 20;

/// A small deterministic generator, so every run tallies the same ballots.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn mark(&mut self) -> Mark {
        match self.next() % 100 {
            0..=54 => Mark::Grade(Grade::Good),
            55..=84 => Mark::Grade(Grade::FairlyGood),
            85..=95 => Mark::Grade(Grade::Fair),
            96..=97 => Mark::Grade(Grade::Poor),
            98 => Mark::Blank,
            _ => Mark::Multiple,
        }
    }
}

fn categories() -> Vec<CategoryWeight> {
    [("上级党组织领导", 30), ("两代表一委员", 20), ("基层党组织书记", 25), ("党员群众代表", 25)]
        .into_iter()
        .map(|(name, weight_percent)| CategoryWeight::new(name, weight_percent))
        .collect()
}

fn input() -> TallyInput {
    let mut random = Lcg(2024);
    TallyInput {
        categories: categories(),
        secretaries: (1..=SECRETARIES).map(|i| format!("书记{i:02}")).collect(),
        dimensions: Vec::new(),
        issued_serials: Some((1..=RATERS).map(|i| format!("{i:04}")).collect()),
        ballots: (1..=RATERS)
            .map(|i| TallyBallot {
                serial: format!("{i:04}"),
                category: i % 4,
                marks: (0..SECRETARIES).map(|_| random.mark()).collect(),
                dimension_marks: Vec::new(),
                suggestions: String::new(),
            })
            .collect(),
        quota_decision: None,
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// The sample campaign grown to 60 secretaries with 500 ballots.
fn big_store(input: &TallyInput) -> Store {
    let mut document = common::sample_with_secretaries(SECRETARIES);
    for (secretary, name) in document.secretaries.iter_mut().zip(&input.secretaries) {
        secretary.name = name.clone();
    }
    let category_ids: Vec<String> = document.rater_categories.iter().map(|c| c.id.clone()).collect();
    document.ballots = input
        .ballots
        .iter()
        .enumerate()
        .map(|(i, b)| Ballot {
            id: format!("bal-{i}"),
            serial: b.serial.clone(),
            category_id: category_ids[b.category].clone(),
            entries: b
                .marks
                .iter()
                .enumerate()
                .map(|(s, m)| BallotEntry {
                    secretary_id: format!("sec-{s}"),
                    grade: match m {
                        Mark::Grade(g) => Some(*g),
                        _ => None,
                    },
                    multiple_marks: *m == Mark::Multiple,
                    dimension_marks: Vec::new(),
                })
                .collect(),
            suggestions: String::new(),
            channel: BallotChannel::Paper,
        })
        .collect();
    let mut store = Store::open_in_memory().expect("an in-memory database");
    import_document(&mut store, "bench", &document, "bench").expect("the big campaign imports");
    store
}

fn main() {
    let input = input();
    println!(
        "计票：{RATERS} 位评议人 × {SECRETARIES} 位书记（{} 个评价），每项取 {ROUNDS} 次的中位数",
        RATERS * SECRETARIES
    );
    for preset in scoring::presets() {
        let mut times = Vec::new();
        let mut outcome = None;
        for _ in 0..ROUNDS {
            let started = Instant::now();
            outcome = Some(scoring::tally(&preset.rules, &input));
            times.push(started.elapsed());
        }
        let outcome = outcome.expect("tallied");
        let good = outcome.secretaries.iter().filter(|r| r.grade == Some(Grade::Good)).count();
        println!(
            "  {:<8} 核心计票 {:>10}  （有效票 {}，无效 {}，评为好 {} 人）",
            preset.name,
            ms(median(times)),
            outcome.ballots_valid,
            outcome.invalid_ballots.len(),
            good
        );
    }
    let store = big_store(&input);
    let mut times = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let results = shuzhi::meeting::results(&store, "sample-2023-swjw").expect("results");
        assert_eq!(results.outcome.secretaries.len(), SECRETARIES);
        times.push(started.elapsed());
    }
    println!("  从数据库读取测评票并计票（加权计分法，含指纹）：{}", ms(median(times)));
    let mut times = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let fingerprint = scoring::fingerprint(&input);
        assert_eq!(fingerprint.len(), 64);
        times.push(started.elapsed());
    }
    println!("  其中测评票指纹（SHA-256）：{}", ms(median(times)));
}
