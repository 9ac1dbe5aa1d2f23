//! Benchmark (prints figures; not a test): checking a 5,000-character report, as the
//! editor does while the secretary types. The goal is under 50 ms a check in a release
//! build; the first check of a run also builds the rules' patterns.
//!
//! Run with `cargo bench --bench report_check`.

use std::path::Path;
use std::time::{Duration, Instant};

use shuzhi::rules::checks::{
    CheckSettings, SectionInput, char_count, check_report, default_focus_points, sections_from_text,
};

const ROUNDS: usize = 200;
const TARGET_CHARS: u32 = 5000;

/// The labelled reports' sections, section by section, grown until the whole passes
/// 5,000 characters: the first report given, then the others' sections after it.
fn grown_report(first: &str, others: &[String]) -> Vec<String> {
    let points = default_focus_points();
    let mut sections: Vec<String> = sections_from_text(first, &points).into_iter().map(|(_, b)| b).collect();
    let mut more = others.iter().cycle();
    while sections.iter().map(|s| char_count(s)).sum::<u32>() < TARGET_CHARS {
        let next = sections_from_text(more.next().expect("reports"), &points);
        for (section, (_, body)) in sections.iter_mut().zip(next) {
            section.push('\n');
            section.push_str(&body);
        }
    }
    sections
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reports/labelled");
    let mut names: Vec<_> = std::fs::read_dir(&folder)
        .expect("the labelled set")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    names.sort();
    let texts: Vec<String> = names.iter().map(|p| std::fs::read_to_string(p).expect("report")).collect();
    let good = names.iter().position(|p| p.to_string_lossy().contains("good")).expect("a good report");
    let weak = names.iter().position(|p| p.to_string_lossy().contains("weak")).expect("a weak report");
    let points = default_focus_points();
    let settings = CheckSettings {
        last_year_open_items: vec!["支部“三会一课”记录不规范，部分会议记录过于简单".into(), "青年党员发展偏慢".into()],
        comments: vec!["意识形态阵地管理不严".into(), "党建与业务融合的载体不多".into()],
        ..CheckSettings::default()
    };
    println!("报告检查（release），每种 {ROUNDS} 次：");
    for (label, first) in [("好报告为主", good), ("弱报告为主", weak)] {
        let sections = grown_report(&texts[first], &texts);
        let inputs: Vec<SectionInput<'_>> = points
            .iter()
            .zip(&sections)
            .map(|(point, body)| SectionInput { focus_point: point, body, evidence: Some(1) })
            .collect();
        let started = Instant::now();
        let report = check_report(&inputs, &settings);
        let first_check = started.elapsed();
        let mut times: Vec<Duration> = (0..ROUNDS)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(check_report(std::hint::black_box(&inputs), &settings));
                started.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "  {label}：{} 字，{} 条发现；首次 {}，中位 {}，最慢 {}（目标 < 50 ms）",
            report.total_chars,
            report.findings.len(),
            ms(first_check),
            ms(times[ROUNDS / 2]),
            ms(times[ROUNDS - 1]),
        );
    }
    // The worst a hostile text can do within the limit of a section (100,000 characters):
    // every section a run of tiny numbered items.
    let hostile: Vec<String> = (0..4).map(|_| "（一）本人学习不够。".repeat(10_000)).collect();
    let inputs: Vec<SectionInput<'_>> = points
        .iter()
        .zip(&hostile)
        .map(|(point, body)| SectionInput { focus_point: point, body, evidence: Some(1) })
        .collect();
    let started = Instant::now();
    let report = check_report(&inputs, &settings);
    println!(
        "  最坏情况：{} 字、每节 10,000 条：{}（{} 条发现）",
        report.total_chars,
        ms(started.elapsed()),
        report.findings.len()
    );
}
