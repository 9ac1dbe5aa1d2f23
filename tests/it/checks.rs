//! The report checks: every rule with a case that fires and one that does not,
//! and the report files in `tests/fixtures/reports/` with their expected findings
//! beside them (`NAME.findings`: one `severity rule` line per finding).

use std::path::Path;

use shuzhi::rules::checks::{
    CheckSettings, SectionInput, Severity, check_report, default_focus_points, sections_from_text,
};

/// The approved 市妇幼保健院 report of the sample campaign, section by section.
fn good_sections() -> [String; 4] {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reports/good-fy.md"))
        .unwrap();
    let points = default_focus_points();
    let found = sections_from_text(&text, &points);
    [found[0].1.clone(), found[1].1.clone(), found[2].1.clone(), found[3].1.clone()]
}

/// Runs the checks on four section texts and returns `severity rule` lines.
fn check(sections: &[String; 4], last_year_open_items: &[&str]) -> Vec<String> {
    check_with_evidence(sections, last_year_open_items, None)
}

/// The same, with a known number of evidence files on every section.
fn check_with_evidence(sections: &[String; 4], last_year_open_items: &[&str], evidence: Option<u32>) -> Vec<String> {
    let points = default_focus_points();
    let inputs: Vec<SectionInput<'_>> = points
        .iter()
        .zip(sections.iter())
        .map(|(point, body)| SectionInput { focus_point: point, body, evidence })
        .collect();
    let settings = CheckSettings {
        last_year_open_items: last_year_open_items.iter().map(|s| s.to_string()).collect(),
        ..CheckSettings::default()
    };
    check_report(&inputs, &settings)
        .findings
        .iter()
        .map(|f| format!("{} {}", if f.severity == Severity::Error { "error" } else { "warning" }, f.rule))
        .collect()
}

fn fires(findings: &[String], line: &str) -> bool {
    findings.iter().any(|f| f == line)
}

#[test]
fn the_good_sample_report_has_no_finding() {
    assert_eq!(check(&good_sections(), &[]), Vec::<String>::new());
}

#[test]
fn missing_section() {
    let mut sections = good_sections();
    sections[2] = String::new();
    assert!(fires(&check(&sections, &[]), "error missing-section"));
    // An empty last-year section is fine when nothing was left to rectify…
    let mut sections = good_sections();
    sections[3] = String::new();
    assert!(!fires(&check(&sections, &[]), "error missing-section"));
    // …and missing when something was.
    assert!(fires(&check(&sections, &["支部学习形式单一"]), "error missing-section"));
}

#[test]
fn over_budget() {
    let mut sections = good_sections();
    sections[0] = sections[0].repeat(13);
    let findings = check(&sections, &[]);
    assert!(fires(&findings, "error over-budget"), "{findings:?}");
    assert!(fires(&findings, "warning over-budget"), "the section is over its own budget too");
    assert!(!fires(&check(&good_sections(), &[]), "error over-budget"));
}

#[test]
fn problems_too_thin() {
    let mut sections = good_sections();
    sections[1] = "（一）本人督促检查不够，原因是重部署轻检查。".into();
    assert!(fires(&check(&sections, &[]), "error problems-too-thin"));
    assert!(!fires(&check(&good_sections(), &[]), "error problems-too-thin"));
}

#[test]
fn not_personal() {
    let mut sections = good_sections();
    for section in &mut sections {
        *section = section.replace("本人", "我院党委");
    }
    assert!(fires(&check(&sections, &[]), "warning not-personal"));
    assert!(!fires(&check(&good_sections(), &[]), "warning not-personal"));
}

#[test]
fn no_data() {
    let mut sections = good_sections();
    sections[0] = "本人认真履行第一责任人职责，主持研究党建工作，推动支部建设，带头讲党课，党建品牌影响力明显提升，党员队伍活力增强，群众满意度提高。".into();
    assert!(fires(&check(&sections, &[]), "error no-data"));
    assert!(!check(&good_sections(), &[]).iter().any(|f| f.ends_with("no-data")));
}

#[test]
fn cliche_dense() {
    let mut sections = good_sections();
    sections[0].push_str("进一步加强党的建设，持续提升服务水平，不断完善制度机制，切实加强作风建设，全面加强支部建设，各项工作稳步推进，取得了明显成效。");
    assert!(fires(&check(&sections, &[]), "warning cliche-dense"));
    assert!(!fires(&check(&good_sections(), &[]), "warning cliche-dense"));
}

#[test]
fn measure_incomplete() {
    let mut sections = good_sections();
    sections[2] = "一是进一步加强理论学习。二是进一步创新党建工作方法。".into();
    assert!(fires(&check(&sections, &[]), "error measure-incomplete"));
    // An owner and a deadline but only a vague verb and no target is a warning.
    sections[2] = "（一）持续加强支部建设，责任人：刘芳，完成时限：2024年12月。".into();
    let findings = check(&sections, &[]);
    assert!(fires(&findings, "warning measure-incomplete"), "{findings:?}");
    assert!(!fires(&findings, "error measure-incomplete"));
    assert!(!check(&good_sections(), &[]).iter().any(|f| f.ends_with("measure-incomplete")));
}

#[test]
fn last_year_unreported() {
    let items = ["“妇幼安康”党建品牌集中在产科、儿科两个支部，行政后勤支部参与不多。"];
    assert!(fires(&check(&good_sections(), &items), "error last-year-unreported"));
    let mut sections = good_sections();
    sections[3].push_str("“妇幼安康”品牌已延伸到行政后勤支部，每个支部确定了1项服务项目。");
    assert!(!fires(&check(&sections, &items), "error last-year-unreported"));
}

#[test]
fn items_are_split_at_every_numbering_style() {
    let items = shuzhi::rules::checks::split_items("（一）甲。（二）乙。\n1. 丙\n2、丁。一是戊；二是己");
    assert_eq!(items, vec!["（一）甲。", "（二）乙。", "1. 丙", "2、丁。", "一是戊；", "二是己"]);
}

#[test]
fn items_after_a_colon_or_a_comma_are_counted() {
    // Reproduces: "存在以下不足：（一）…（二）…（三）…" and "一是…，二是…，三是…" counted as two
    // problems, so doing exactly what the message asked left the error standing.
    let split = shuzhi::rules::checks::split_items;
    assert_eq!(split("存在以下不足：（一）学习不深。（二）制度不全。（三）落实不力。").len(), 3);
    assert_eq!(split("主要问题：一是学习不深，二是制度不全，三是落实不力。").len(), 3);
    assert_eq!(split("问题如下：\n1. 学习不深\n2. 制度不全\n3. 落实不力").len(), 3);
    // A date or a figure after a colon is no item.
    assert!(split("时间：2023.12，召开党委会12次。").is_empty());
    assert!(split("全年：12、13两个月集中整改").is_empty());
}

#[test]
fn report_files_give_the_findings_written_beside_them() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reports");
    let mut checked = 0;
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        if !matches!(path.extension().and_then(|e| e.to_str()), Some("md" | "txt")) {
            continue;
        }
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_shuzhi"))
            .args(["--db", ":memory:", "report", "check", "--json"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let actual: Vec<String> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{} {}", f["severity"].as_str().unwrap(), f["rule"].as_str().unwrap()))
            .collect();
        let expected_path = path.with_extension("findings");
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&expected_path, actual.join("\n") + "\n").unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} is missing (run with UPDATE_EXPECT=1)", expected_path.display()));
        let expected: Vec<String> = expected.lines().filter(|l| !l.is_empty()).map(str::to_string).collect();
        assert_eq!(actual, expected, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 3);
}

#[test]
fn no_evidence() {
    assert!(fires(&check_with_evidence(&good_sections(), &[], Some(0)), "warning no-evidence"));
    assert!(!fires(&check_with_evidence(&good_sections(), &[], Some(1)), "warning no-evidence"));
    // Unknown (a text file) says nothing; achievements without figures need no evidence rule.
    assert!(!fires(&check(&good_sections(), &[]), "warning no-evidence"));
    let mut sections = good_sections();
    sections[0] = "本人主持研究党建工作，推动支部建设。".into();
    assert!(!fires(&check_with_evidence(&sections, &[], Some(0)), "warning no-evidence"));
}
