//! The checks against a strict reviewer: the reports in `tests/fixtures/reports/labelled/`,
//! each with the weaknesses a reviewer marked before any rule ran (`NAME.labels`), last
//! year's open items (`NAME.lastyear`) and last year's 点评 points (`NAME.comments`).
//!
//! A label is `SEVERITY RULE: QUOTE`; `error` is what a strict reviewer returns a report
//! for. A label is caught when a finding of its rule quotes an overlapping passage (for a
//! rule about a whole section: any finding of the rule on that section). The test prints
//! agreement per rule and overall (`cargo test --test it report_labels -- --nocapture`)
//! and fails when an error-level finding lands on a good report, or when the checks catch
//! fewer than 90% of the must-fix weaknesses or 75% of all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use shuzhi::rules::checks::{
    CheckSettings, Finding, SectionInput, Severity, check_report, default_focus_points, sections_from_text,
};

/// Rules about a section as a whole: the finding need not quote the labelled sentence.
const SECTION_RULES: &[&str] =
    &["not-personal", "problems-too-thin", "no-data", "cliche-dense", "over-budget", "missing-section"];

struct Label {
    severity: Severity,
    rule: String,
    quote: String,
}

struct Labelled {
    name: String,
    good: bool,
    style: String,
    text: String,
    labels: Vec<Label>,
    last_year: Vec<String>,
    comments: Vec<String>,
}

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reports/labelled")
}

fn lines_of(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .map(|t| t.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect())
        .unwrap_or_default()
}

fn read_set() -> Vec<Labelled> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(folder())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            let label_text = std::fs::read_to_string(path.with_extension("labels"))
                .unwrap_or_else(|_| panic!("{name}.labels is missing"));
            let mut good = None;
            let mut style = String::new();
            let mut labels = Vec::new();
            for line in label_text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
                if let Some(kind) = line.strip_prefix("kind:") {
                    good = Some(kind.trim() == "good");
                } else if let Some(s) = line.strip_prefix("style:") {
                    style = s.trim().to_string();
                } else {
                    let (head, quote) = line.split_once(':').unwrap_or_else(|| panic!("{name}: bad label {line}"));
                    let (severity, rule) = head.split_once(' ').unwrap_or_else(|| panic!("{name}: bad label {line}"));
                    let severity = match severity {
                        "error" => Severity::Error,
                        "warning" => Severity::Warning,
                        other => panic!("{name}: unknown severity {other}"),
                    };
                    labels.push(Label { severity, rule: rule.trim().to_string(), quote: quote.trim().to_string() });
                }
            }
            Labelled {
                good: good.unwrap_or_else(|| panic!("{name}.labels has no kind: line")),
                style,
                text: std::fs::read_to_string(&path).unwrap(),
                last_year: lines_of(&path.with_extension("lastyear")),
                comments: lines_of(&path.with_extension("comments")),
                name,
                labels,
            }
        })
        .collect()
}

fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// True when two quotes share a run of at least eight characters (or one holds the other).
fn overlaps(a: &str, b: &str) -> bool {
    let (a, b) = (compact(a), compact(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.contains(&b) || b.contains(&a) {
        return true;
    }
    let chars: Vec<char> = a.chars().collect();
    let window = 8.min(chars.len());
    chars.windows(window).any(|w| b.contains(&w.iter().collect::<String>()))
}

fn same_rule(label: &str, finding: &str) -> bool {
    let last_year = ["last-year-unreported", "measure-unanswered"];
    label == finding || (last_year.contains(&label) && last_year.contains(&finding) && label != "measure-unanswered")
}

fn catches(label: &Label, finding: &Finding, section_of_quote: Option<&str>) -> bool {
    if !same_rule(&label.rule, finding.rule) {
        return false;
    }
    if label.quote.is_empty() {
        return true;
    }
    if finding.quote.as_deref().is_some_and(|q| overlaps(q, &label.quote)) {
        return true;
    }
    SECTION_RULES.contains(&finding.rule)
        && (finding.section.is_none() || finding.section.as_deref() == section_of_quote)
}

fn check(report: &Labelled) -> Vec<Finding> {
    let points = default_focus_points();
    let sections = sections_from_text(&report.text, &points);
    let inputs: Vec<SectionInput<'_>> =
        sections.iter().map(|(point, body)| SectionInput { focus_point: point, body, evidence: None }).collect();
    let settings = CheckSettings {
        last_year_open_items: report.last_year.clone(),
        comments: report.comments.clone(),
        ..CheckSettings::default()
    };
    check_report(&inputs, &settings).findings
}

#[derive(Default)]
struct Tally {
    labels: usize,
    caught: usize,
    must_fix: usize,
    must_fix_caught: usize,
    findings: usize,
    unmatched: usize,
}

#[test]
fn the_checks_agree_with_a_strict_reviewer() {
    let set = read_set();
    let points = default_focus_points();
    let mut per_rule: BTreeMap<String, Tally> = BTreeMap::new();
    let mut errors_on_good = Vec::new();
    let mut misses = Vec::new();
    for report in &set {
        let sections = sections_from_text(&report.text, &points);
        let findings = check(report);
        let mut matched = vec![false; findings.len()];
        for label in &report.labels {
            let in_text = label.quote.is_empty()
                || compact(&report.text).contains(&compact(&label.quote))
                || report.last_year.iter().chain(&report.comments).any(|l| compact(l).contains(&compact(&label.quote)));
            assert!(in_text, "{}: the quote of a label is not in the report: {}", report.name, label.quote);
            let section = sections
                .iter()
                .find(|(_, body)| !label.quote.is_empty() && compact(body).contains(&compact(&label.quote)))
                .map(|(point, _)| point.title.as_str());
            let tally = per_rule.entry(label.rule.clone()).or_default();
            tally.labels += 1;
            let must_fix = label.severity == Severity::Error;
            tally.must_fix += usize::from(must_fix);
            let mut caught = false;
            for (index, finding) in findings.iter().enumerate() {
                if catches(label, finding, section) {
                    caught = true;
                    matched[index] = true;
                }
            }
            if caught {
                tally.caught += 1;
                tally.must_fix_caught += usize::from(must_fix);
            } else {
                misses.push(format!("{} {:?} {}: {}", report.name, label.severity, label.rule, label.quote));
            }
        }
        for (finding, matched) in findings.iter().zip(&matched) {
            let tally = per_rule.entry(finding.rule.to_string()).or_default();
            tally.findings += 1;
            tally.unmatched += usize::from(!matched);
            if report.good && finding.severity == Severity::Error {
                errors_on_good.push(format!("{} {}: {}", report.name, finding.rule, finding.message));
            }
        }
    }
    let good = set.iter().filter(|r| r.good).count();
    let styles: std::collections::BTreeSet<&str> = set.iter().map(|r| r.style.as_str()).collect();
    println!("标注集：{} 篇（好 {good}，弱 {}），{} 种文风", set.len(), set.len() - good, styles.len());
    println!(
        "{:<22} {:>6} {:>6} {:>8} {:>8} {:>6} {:>8}",
        "rule", "labels", "caught", "must-fix", "caught", "finds", "unlabelled"
    );
    let mut total = Tally::default();
    for (rule, t) in &per_rule {
        println!(
            "{rule:<22} {:>6} {:>6} {:>8} {:>8} {:>6} {:>8}",
            t.labels, t.caught, t.must_fix, t.must_fix_caught, t.findings, t.unmatched
        );
        total.labels += t.labels;
        total.caught += t.caught;
        total.must_fix += t.must_fix;
        total.must_fix_caught += t.must_fix_caught;
        total.findings += t.findings;
        total.unmatched += t.unmatched;
    }
    let percent = |a: usize, b: usize| if b == 0 { 100.0 } else { a as f64 * 100.0 / b as f64 };
    let must_fix = percent(total.must_fix_caught, total.must_fix);
    let all = percent(total.caught, total.labels);
    println!(
        "overall: must-fix caught {}/{} = {must_fix:.1}%, all caught {}/{} = {all:.1}%, findings {} of which {} match no label",
        total.must_fix_caught, total.must_fix, total.caught, total.labels, total.findings, total.unmatched
    );
    for miss in &misses {
        println!("missed: {miss}");
    }
    assert!(errors_on_good.is_empty(), "error-level findings on good reports:\n{}", errors_on_good.join("\n"));
    assert!(set.len() >= 30, "the labelled set has {} reports", set.len());
    assert!(must_fix >= 90.0, "must-fix weaknesses caught: {must_fix:.1}% (< 90%)");
    assert!(all >= 75.0, "all labelled weaknesses caught: {all:.1}% (< 75%)");
}
