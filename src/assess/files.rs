//! The three files of an assessment recount, which need no database (formats in
//! `docs/tally-formats.md`): the rule with the organizer's decisions (JSON), the 日常考核
//! scores (CSV), and the vote's results (JSON, the shape of `shuzhi tally --json`).
//! `shuzhi assess --rules R --scores S --results V` reads them and gives the same figures as
//! the campaign.

use serde::{Deserialize, Serialize};

use super::campaign::{assessment_input, current_rules};
use super::{AssessedPerson, AssessmentDecision, AssessmentInput, AssessmentRules, DailyItem, parse_points};
use crate::error::{Error, Result};
use crate::rules::scoring::Grade;
use crate::store::Store;

pub const RULES_FORMAT: &str = "shuzhi-assessment-rules";
pub const RESULTS_FORMAT: &str = "shuzhi-assessment-votes";
const SECRETARY: &str = "书记";
const ORGANIZATION: &str = "党组织";

/// The rule file: the rule and the decisions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRulesFile {
    pub format: String,
    pub format_version: u32,
    pub rules: AssessmentRules,
    #[serde(default)]
    pub decisions: Vec<AssessmentDecision>,
}

/// One secretary's vote result as the results file gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteLine {
    pub secretary: String,
    /// 好 / 较好 / 一般 / 差, or `null` without a grade.
    pub grade: Option<String>,
    /// The weighted score, or `null` when not published.
    #[serde(default)]
    pub score: Option<f64>,
    /// Why there is no result, when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
}

/// The results file: any JSON object with a `secretaries` list of [`VoteLine`] (other fields,
/// such as those of `shuzhi tally --json`, are passed over).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteResultsFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format_version: Option<u32>,
    pub secretaries: Vec<VoteLine>,
}

fn bad(file: &str, place: String, problem: String, fix: &str) -> Error {
    Error::InvalidImport { file: file.to_string(), place, problem, fix: fix.to_string() }
}

fn parse_json<T: serde::de::DeserializeOwned>(file: &str, bytes: &[u8], what: &str) -> Result<T> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| bad(file, String::new(), "不是 UTF-8 编码的文本".into(), &format!("请选择{what}（.json）。")))?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        bad(
            file,
            format!("第 {} 行第 {} 列（{path}）：", inner.line(), inner.column()),
            format!("内容不符合{what}的格式（{inner}）"),
            "请按 docs/tally-formats.md 的说明修正，或重新导出。",
        )
    })
}

/// Reads and checks the rule file.
pub fn parse_rules_file(file: &str, bytes: &[u8]) -> Result<AssessmentRulesFile> {
    let parsed: AssessmentRulesFile = parse_json(file, bytes, "考核办法文件")?;
    if parsed.format != RULES_FORMAT || parsed.format_version != 1 {
        return Err(bad(
            file,
            "format 字段：".into(),
            format!("应为 \"{RULES_FORMAT}\" 第 1 版，实为 \"{}\" 第 {} 版", parsed.format, parsed.format_version),
            "请选择“导出考核复核文件”生成的 assessment-rules.json。",
        ));
    }
    parsed.rules.validate().map_err(|e| bad(file, "rules 字段：".into(), e.to_string(), "请修正考核办法后重试。"))?;
    let mut seen = std::collections::BTreeSet::new();
    for (i, d) in parsed.decisions.iter().enumerate() {
        let place = format!("decisions[{i}]：");
        if let super::DecisionKind::Grade(g) | super::DecisionKind::Veto(g) = d.kind
            && g > 3
        {
            return Err(bad(file, place, format!("等次 {g} 不存在（只有 0–3 四档）"), "0 为最高档，3 为最低档。"));
        }
        if let Some(problem) = crate::limits::reason_problem(&d.reason, 1) {
            return Err(bad(file, place, format!("原因{problem}"), "每项决定都须写明原因。"));
        }
        if !seen.insert(d.secretary.as_str()) {
            return Err(bad(
                file,
                place,
                format!("“{}”有不止一项决定", crate::limits::excerpt(&d.secretary)),
                "每人至多一项决定。",
            ));
        }
    }
    Ok(parsed)
}

/// Reads the vote's results.
pub fn parse_results_file(file: &str, bytes: &[u8]) -> Result<VoteResultsFile> {
    let parsed: VoteResultsFile = parse_json(file, bytes, "测评结果文件")?;
    if parsed.format.as_deref().is_some_and(|f| f != RESULTS_FORMAT) || parsed.format_version.is_some_and(|v| v != 1) {
        return Err(bad(
            file,
            "format 字段：".into(),
            format!("应为 \"{RESULTS_FORMAT}\" 第 1 版"),
            "请选择“导出考核复核文件”生成的 results.json，或 shuzhi tally --json 的输出。",
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, line) in parsed.secretaries.iter().enumerate() {
        if !seen.insert(line.secretary.as_str()) {
            return Err(bad(
                file,
                format!("secretaries[{i}]："),
                format!("“{}”出现了两次", crate::limits::excerpt(&line.secretary)),
                "每位书记一项。",
            ));
        }
        if let Some(score) = line.score
            && !(0.0..=1000.0).contains(&score)
        {
            return Err(bad(
                file,
                format!("secretaries[{i}].score："),
                format!("得分 {score} 不在 0 到 1000 之间"),
                "请核对测评得分。",
            ));
        }
        if let Some(grade) = &line.grade
            && !Grade::ALL.iter().any(|g| g.label() == grade)
        {
            return Err(bad(
                file,
                format!("secretaries[{i}].grade："),
                format!("“{grade}”不是等次"),
                "等次写 好、较好、一般、差，没有等次写 null。",
            ));
        }
    }
    Ok(parsed)
}

/// One row of the scores file: the secretary, her organization, and the items (`None`
/// when every item is blank).
pub type ScoresLine = (String, String, Option<Vec<DailyItem>>);

/// Reads the scores CSV: 书记, 党组织, then one column per item; a blank cell is an item the
/// organization does not have, a row with every item blank has no 日常考核.
pub fn parse_scores_csv(file: &str, bytes: &[u8]) -> Result<Vec<ScoresLine>> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| bad(file, String::new(), "不是 UTF-8 编码的文本".into(), "请另存为“CSV UTF-8”格式。"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
    let csv_error = |e: csv::Error| {
        let place = e.position().map(|p| format!("第 {} 行：", p.line())).unwrap_or_default();
        bad(file, place, format!("CSV 格式有误（{e}）"), "每行的栏数应与表头相同。")
    };
    let unquote = crate::meeting::recount::from_spreadsheet_text;
    let headers: Vec<String> =
        reader.headers().map_err(csv_error)?.iter().map(|h| unquote(h.trim()).trim().to_string()).collect();
    if headers.len() < 3 || headers[0] != SECRETARY || headers[1] != ORGANIZATION {
        return Err(bad(
            file,
            "第 1 行（表头）：".into(),
            format!("表头应以“{SECRETARY},{ORGANIZATION}”开头，其后是各考核项目"),
            "请按 docs/tally-formats.md 的说明修正表头。",
        ));
    }
    // The same headings as the 日常考核 import takes: named, each once, at most 30 items.
    let items = &headers[2..];
    if items.len() > 30 {
        return Err(bad(
            file,
            "第 1 行（表头）：".into(),
            format!("有 {} 个考核项目，超过 30 项", items.len()),
            "请合并或删去多余的项目。",
        ));
    }
    for (i, name) in items.iter().enumerate() {
        if name.is_empty()
            || ["合计", "总分", "备注", "单位", "书记姓名"].contains(&name.as_str())
            || items[..i].contains(name)
        {
            return Err(bad(
                file,
                format!("第 1 行（表头）第 {} 栏：", i + 3),
                format!("“{}”不能作考核项目（空白、重复，或是合计、备注一类的栏）", crate::limits::excerpt(name)),
                "每个考核项目一栏，写上名称，每个名称一次。",
            ));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |i: usize| unquote(record.get(i).unwrap_or("").trim()).trim().to_string();
        let mut items = Vec::new();
        for (i, name) in headers.iter().enumerate().skip(2) {
            let value = cell(i);
            if value.is_empty() {
                continue;
            }
            let centi = parse_points(&value).map_err(|problem| {
                bad(file, format!("第 {line} 行“{name}”一栏："), problem, "分数写数字，如 28.5。")
            })?;
            if centi.abs() > 100_000 {
                return Err(bad(
                    file,
                    format!("第 {line} 行“{name}”一栏："),
                    format!("{value} 超过 1000 分"),
                    "请核对分数。",
                ));
            }
            items.push(DailyItem { name: name.clone(), centi: centi as i32 });
        }
        let secretary = cell(0);
        if secretary.is_empty() || rows.iter().any(|(s, _, _): &ScoresLine| *s == secretary) {
            return Err(bad(
                file,
                format!("第 {line} 行："),
                format!("书记“{}”为空或与前面的行重复", crate::limits::excerpt(&secretary)),
                "每位书记一行。",
            ));
        }
        rows.push((secretary, cell(1), (!items.is_empty()).then_some(items)));
    }
    Ok(rows)
}

/// The input the three files give: the people in the results file's order, then those only
/// in the scores file.
pub fn input_from_files(
    rules: &AssessmentRulesFile,
    scores: &[ScoresLine],
    results: &VoteResultsFile,
) -> Result<AssessmentInput> {
    let mut people: Vec<AssessedPerson> = results
        .secretaries
        .iter()
        .map(|line| {
            let grade = line.grade.as_ref().and_then(|g| Grade::ALL.into_iter().find(|x| x.label() == g));
            let row = scores.iter().find(|(s, _, _)| *s == line.secretary);
            AssessedPerson {
                label: line.secretary.clone(),
                organization: row.map(|(_, o, _)| o.clone()).unwrap_or_default(),
                vote_grade: grade,
                vote_score_centi: line.score.filter(|_| grade.is_some()).map(|s| (s * 100.0).round().max(0.0) as u128),
                vote_missing: if grade.is_none() {
                    Some(line.missing.clone().unwrap_or_else(|| "没有测评等次".into()))
                } else {
                    None
                },
                daily: row.and_then(|(_, _, d)| d.clone()),
            }
        })
        .collect();
    for (secretary, organization, daily) in scores {
        if !people.iter().any(|p| &p.label == secretary) {
            people.push(AssessedPerson {
                label: secretary.clone(),
                organization: organization.clone(),
                vote_missing: Some("测评结果文件中没有此人".into()),
                daily: daily.clone(),
                ..AssessedPerson::default()
            });
        }
    }
    if let Some(d) = rules.decisions.iter().find(|d| !people.iter().any(|p| p.label == d.secretary)) {
        return Err(Error::Invalid {
            message: format!(
                "考核办法文件中有对“{}”的决定，但测评结果和日常考核文件中都没有此人。请核对姓名。",
                crate::limits::excerpt(&d.secretary)
            ),
        });
    }
    Ok(AssessmentInput { people, decisions: rules.decisions.clone() })
}

/// The three files of a campaign's assessment: rule and decisions, scores, vote results.
pub fn assessment_files(store: &Store, campaign_id: &str) -> Result<[(String, Vec<u8>); 3]> {
    crate::workstation::refuse_unless_organizer(store.conn(), "导出考核复核文件")?;
    let (_, rules) = current_rules(store, campaign_id)?;
    let (input, _, _) = assessment_input(store, campaign_id)?;
    let rules_file = AssessmentRulesFile {
        format: RULES_FORMAT.into(),
        format_version: 1,
        rules,
        decisions: input.decisions.clone(),
    };
    let items = super::item_names(input.people.iter().filter_map(|p| p.daily.as_deref()));
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec![SECRETARY.to_string(), ORGANIZATION.to_string()];
    header.extend(items.iter().map(|i| crate::meeting::recount::spreadsheet_text(i).into_owned()));
    writer.write_record(&header).expect("writing to memory");
    for person in &input.people {
        let mut row = vec![
            crate::meeting::recount::spreadsheet_text(&person.label).into_owned(),
            crate::meeting::recount::spreadsheet_text(&person.organization).into_owned(),
        ];
        row.extend(items.iter().map(|name| {
            person
                .daily
                .iter()
                .flatten()
                .find(|d| &d.name == name)
                .map_or_else(String::new, |d| format!("{:.2}", d.centi as f64 / 100.0))
        }));
        writer.write_record(&row).expect("writing to memory");
    }
    let results = VoteResultsFile {
        format: Some(RESULTS_FORMAT.into()),
        format_version: Some(1),
        secretaries: input
            .people
            .iter()
            .map(|p| VoteLine {
                secretary: p.label.clone(),
                grade: p.vote_grade.map(|g| g.label().to_string()),
                score: p.vote_score_centi.map(|s| s as f64 / 100.0),
                missing: p.vote_missing.clone(),
            })
            .collect(),
    };
    Ok([
        ("assessment-rules.json".into(), pretty(&rules_file)),
        ("scores.csv".into(), writer.into_inner().expect("writing to memory")),
        ("results.json".into(), pretty(&results)),
    ])
}

/// Pretty JSON with a final newline, for files people read.
fn pretty<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("serializes");
    bytes.push(b'\n');
    bytes
}
