//! The two files of a recount, which need no database: a rules file (JSON) and the
//! ballots (CSV, shuffled, with nothing that ties a ballot to a person). The formats
//! are described in `docs/tally-formats.md`. `shuzhi tally --rules R --ballots B`
//! reads them and gives the same results and fingerprint as the campaign.
//!
//! When a rater category is below the anonymity threshold the ballots themselves would
//! give that category's votes away (they carry their category; and without it, the
//! fingerprint or the grades pick them out again). Then the files are of format 2: the
//! CSV holds only each secretary's published counts, which the tally reproduces as far
//! as they decide anything without the hidden ballots, and the full recount with the
//! fingerprint stays in the organizer's program.

use serde::{Deserialize, Serialize};

use crate::domain::Grade;
use crate::error::{Error, Result};
use crate::meeting;
use crate::rules::scoring::{
    CategoryWeight, GradeCounts, HIDDEN_TEXT, Mark, QuotaDecision, ScoringMethod, ScoringRules, SecretaryResult,
    TallyBallot, TallyInput, TallyOutcome,
};
use crate::store::Store;

pub const RULES_FORMAT: &str = "shuzhi-tally-rules";
/// The newest version this program reads; version 1 carries the ballots, version 2 only
/// the published counts (a vote under the anonymity rule).
pub const RULES_FORMAT_VERSION: u32 = 2;
/// The version written when every category reaches the anonymity threshold.
pub const BALLOTS_FORMAT_VERSION: u32 = 1;
const SECRETARY: &str = "书记";
const VALID: &str = "有效票";
const NOT_COUNTED: &str = "未计入";
const SERIAL: &str = "票号";
const CATEGORY: &str = "评议人类别";
const SUGGESTIONS: &str = "意见建议";

/// A rater category in the rules file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFileCategory {
    pub name: String,
    pub weight_percent: u32,
    /// The raters due (应到), for the quorum rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<u32>,
    /// The sheets and codes issued to the category, for the void rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<u32>,
    /// Format 2 only: the ballots the category handed in (the rows are not in the file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<u32>,
}

impl RulesFileCategory {
    fn of(category: &CategoryWeight, received: Option<u32>) -> RulesFileCategory {
        RulesFileCategory {
            name: category.name.clone(),
            weight_percent: category.weight_percent,
            due: category.due,
            issued: category.issued,
            received,
        }
    }

    fn weight(&self) -> CategoryWeight {
        CategoryWeight {
            name: self.name.clone(),
            weight_percent: self.weight_percent,
            due: self.due,
            issued: self.issued,
        }
    }
}

/// The rules file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    pub format: String,
    pub format_version: u32,
    pub rules: ScoringRules,
    pub categories: Vec<RulesFileCategory>,
    #[serde(default)]
    pub dimensions: Vec<String>,
    /// The serials printed on the sheets; absent or null when none were printed.
    #[serde(default)]
    pub issued_serials: Option<Vec<String>>,
    /// Format 2 only: the anonymity rule that kept the ballots out of the recount files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymity: Option<RulesFileAnonymity>,
    /// The organizer's decision of a tie at the quota on 好, when one was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota_decision: Option<QuotaDecision>,
}

/// What a format-2 rules file says of the vote whose ballots it leaves out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFileAnonymity {
    /// The categories below the threshold.
    pub hidden_categories: Vec<String>,
    /// Ballots handed in, and of them valid.
    pub ballots: u32,
    pub valid_ballots: u32,
    /// The seal's fingerprint, for the record: it cannot be recomputed from these files.
    pub fingerprint: String,
    pub note: String,
}

fn bad(file: &str, place: String, problem: String, fix: &str) -> Error {
    Error::InvalidImport { file: file.to_string(), place, problem, fix: fix.to_string() }
}

/// Reads and checks a rules file.
pub fn parse_rules_file(file: &str, bytes: &[u8]) -> Result<RulesFile> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        bad(file, String::new(), "不是 UTF-8 编码的文本".into(), "请选择述职评议助手导出的计分规则文件（.json）。")
    })?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed: RulesFile = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        bad(
            file,
            format!("第 {} 行第 {} 列（{path}）：", inner.line(), inner.column()),
            format!("内容不符合计分规则文件的格式（{inner}）"),
            "请按 docs/tally-formats.md 的说明修正，或重新导出复核文件。",
        )
    })?;
    if parsed.format != RULES_FORMAT {
        return Err(bad(
            file,
            "format 字段：".into(),
            format!("应为 \"{RULES_FORMAT}\"，实为 \"{}\"", parsed.format),
            "请选择“导出复核文件”生成的计分规则文件。",
        ));
    }
    if parsed.format_version == 0 || parsed.format_version > RULES_FORMAT_VERSION {
        return Err(bad(
            file,
            "format_version 字段：".into(),
            format!("版本 {} 不受支持（本程序读取第 {RULES_FORMAT_VERSION} 版）", parsed.format_version),
            "请升级述职评议助手，或重新导出复核文件。",
        ));
    }
    parsed.rules.validate().map_err(|e| {
        bad(file, "rules 字段：".into(), e.to_string().trim_end_matches('。').to_string(), "请修正计分规则后重试。")
    })?;
    if (parsed.format_version >= 2) != parsed.anonymity.is_some() {
        return Err(bad(
            file,
            "anonymity 字段：".into(),
            format!(
                "第 {} 版的计分规则文件{}",
                parsed.format_version,
                if parsed.format_version >= 2 { "须有此字段" } else { "不应有此字段" }
            ),
            "请重新导出复核文件。",
        ));
    }
    if let Some(decision) = &parsed.quota_decision {
        let problem = crate::limits::reason_problem(&decision.reason, 1)
            .map(|p| format!("原因{p}"))
            .or_else(|| {
                crate::limits::name_problem(&decision.decided_by, crate::limits::PERSON_NAME_CHARS)
                    .map(|p| format!("决定人{p}"))
            })
            .or_else(|| {
                crate::limits::name_problem(&decision.decided_at, crate::limits::PERSON_NAME_CHARS)
                    .map(|p| format!("决定时间{p}"))
            });
        if let Some(problem) = problem {
            return Err(bad(file, "quota_decision 字段：".into(), problem, "请写明原因，决定人和时间只写姓名和时间。"));
        }
    }
    if parsed.categories.is_empty() || parsed.categories.iter().all(|c| c.weight_percent == 0) {
        return Err(bad(
            file,
            "categories 字段：".into(),
            "没有评议人类别，或权重全为 0".into(),
            "请列出各类评议人及其权重。",
        ));
    }
    Ok(parsed)
}

/// Reads a ballot CSV against the rules file's categories and dimensions.
pub fn parse_ballots_csv(file: &str, bytes: &[u8], rules: &RulesFile) -> Result<TallyInput> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        bad(file, String::new(), "不是 UTF-8 编码的文本".into(), "若用 Excel 编辑过，请另存为“CSV UTF-8”格式。")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
    let csv_error = |e: csv::Error| {
        let place = e.position().map(|p| format!("第 {} 行：", p.line())).unwrap_or_default();
        let problem = match e.kind() {
            csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                format!("这一行有 {len} 栏，表头有 {expected_len} 栏")
            }
            _ => format!("CSV 格式有误（{e}）"),
        };
        bad(file, place, problem, "请检查该行的逗号和引号，每行的栏数应与表头相同。")
    };
    let headers: Vec<String> =
        reader.headers().map_err(csv_error)?.iter().map(|h| from_spreadsheet_text(h).trim().to_string()).collect();
    if headers.len() < 3 || headers[0] != SERIAL || headers[1] != CATEGORY {
        return Err(bad(
            file,
            "第 1 行（表头）：".into(),
            format!("表头应以“{SERIAL},{CATEGORY}”开头，其后是各位书记"),
            "请按 docs/tally-formats.md 的说明修正表头。",
        ));
    }
    let has_suggestions = headers.last().map(String::as_str) == Some(SUGGESTIONS);
    let body = &headers[2..headers.len() - usize::from(has_suggestions)];
    // Secretaries first, then `姓名：分项` columns for each dimension.
    let secretaries: Vec<String> =
        body.iter().filter(|h| !rules.dimensions.iter().any(|d| h.ends_with(&format!("：{d}")))).cloned().collect();
    if secretaries.is_empty() {
        return Err(bad(
            file,
            "第 1 行（表头）：".into(),
            "没有书记的栏目".into(),
            "表头第 3 栏起应为各位书记的姓名。",
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for name in &secretaries {
        if name.is_empty() || !seen.insert(name.as_str()) {
            return Err(bad(
                file,
                "第 1 行（表头）：".into(),
                format!("书记“{name}”为空或重复"),
                "每位书记一栏，重名的请加注单位以示区别。",
            ));
        }
    }
    let dimension_column = |s: &str, d: &str| headers.iter().position(|h| h == &format!("{s}：{d}"));
    let mut ballots = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |i: usize| from_spreadsheet_text(record.get(i).unwrap_or("")).trim().to_string();
        let category_name = cell(1);
        let Some(category) = rules.categories.iter().position(|c| c.name == category_name) else {
            return Err(bad(
                file,
                format!("第 {line} 行：",),
                format!("评议人类别“{category_name}”不在计分规则文件中"),
                "请核对类别名称，应与计分规则文件 categories 中的名称一致。",
            ));
        };
        let mut marks = Vec::new();
        for (offset, name) in secretaries.iter().enumerate() {
            let column = 2 + body.iter().position(|h| h == name).unwrap_or(offset);
            let value = cell(column);
            let mark = Mark::parse(&value).ok_or_else(|| {
                bad(
                    file,
                    format!("第 {line} 行“{name}”一栏："),
                    format!("“{value}”不是有效的评价"),
                    "评价只能是 好、较好、一般、差，空白表示未选，“多选”表示多选。",
                )
            })?;
            marks.push(mark);
        }
        let dimension_marks = if rules.dimensions.is_empty() {
            Vec::new()
        } else {
            secretaries
                .iter()
                .map(|s| {
                    rules
                        .dimensions
                        .iter()
                        .map(|d| dimension_column(s, d).and_then(|c| Mark::parse(&cell(c))).unwrap_or(Mark::Blank))
                        .collect()
                })
                .collect()
        };
        ballots.push(TallyBallot {
            serial: cell(0),
            category,
            marks,
            dimension_marks,
            suggestions: if has_suggestions { cell(headers.len() - 1) } else { String::new() },
        });
    }
    Ok(TallyInput {
        categories: rules.categories.iter().map(RulesFileCategory::weight).collect(),
        secretaries,
        dimensions: rules.dimensions.clone(),
        issued_serials: rules.issued_serials.as_ref().map(|s| s.iter().cloned().collect()),
        ballots,
        quota_decision: rules.quota_decision.clone(),
    })
}

/// The recount files of a campaign: the rules file and the ballots, shuffled.
pub fn recount_files(store: &Store, campaign_id: &str) -> Result<(Vec<u8>, Vec<u8>)> {
    let results = meeting::results(store, campaign_id)?;
    let (input, _) = meeting::tally_input(store, campaign_id)?;
    if let Some(anonymity) = &results.outcome.anonymity {
        return Ok(protected_recount_files(&results, &input, anonymity));
    }
    let rules = RulesFile {
        format: RULES_FORMAT.into(),
        format_version: BALLOTS_FORMAT_VERSION,
        anonymity: None,
        rules: results.rules,
        categories: input.categories.iter().map(|c| RulesFileCategory::of(c, None)).collect(),
        dimensions: input.dimensions.clone(),
        issued_serials: input.issued_serials.as_ref().map(|s| s.iter().cloned().collect()),
        quota_decision: input.quota_decision.clone(),
    };
    let mut rules_bytes = serde_json::to_vec_pretty(&rules).expect("rules serialize");
    rules_bytes.push(b'\n');
    Ok((rules_bytes, ballots_csv(&input, true)))
}

/// The recount files of a vote under the anonymity rule (format 2): the rules, and per
/// secretary only what the result sheets publish (valid and not counted; under the
/// vote-share method the pooled counts too). No ballot row, serial, category of a ballot
/// or suggestion is written: any of them, with the fingerprint or the grades, could pick
/// out the hidden category's ballots.
fn protected_recount_files(
    results: &meeting::MeetingResults,
    input: &TallyInput,
    anonymity: &crate::rules::scoring::Anonymity,
) -> (Vec<u8>, Vec<u8>) {
    let outcome = &results.outcome;
    let rules = RulesFile {
        format: RULES_FORMAT.into(),
        format_version: 2,
        rules: results.rules.clone(),
        categories: input
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                RulesFileCategory::of(c, Some(input.ballots.iter().filter(|b| b.category == i).count() as u32))
            })
            .collect(),
        quota_decision: input.quota_decision.clone(),
        dimensions: Vec::new(),
        issued_serials: None,
        anonymity: Some(RulesFileAnonymity {
            hidden_categories: anonymity.hidden_categories.clone(),
            ballots: outcome.ballots_total,
            valid_ballots: outcome.ballots_valid,
            fingerprint: outcome.fingerprint.clone(),
            note: format!("{}{}", anonymity.note, PROTECTED_RECOUNT_NOTE),
        }),
    };
    let mut rules_bytes = serde_json::to_vec_pretty(&rules).expect("rules serialize");
    rules_bytes.push(b'\n');
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec![SECRETARY.to_string(), VALID.to_string(), NOT_COUNTED.to_string()];
    header.extend(Grade::ALL.iter().map(|g| g.label().to_string()));
    writer.write_record(&header).expect("writing to memory");
    for r in &outcome.secretaries {
        let mut row = vec![spreadsheet_text(&r.label).into_owned(), r.valid.to_string(), r.invalid.to_string()];
        row.extend(
            Grade::ALL.iter().map(|g| r.counts.map_or_else(|| HIDDEN_TEXT.to_string(), |c| c.of(*g).to_string())),
        );
        writer.write_record(&row).expect("writing to memory");
    }
    (rules_bytes, writer.into_inner().expect("writing to memory"))
}

/// What a format-2 recount can and cannot check, added to the anonymity note.
pub const PROTECTED_RECOUNT_NOTE: &str = "复核文件因此不含逐张测评票：可以核对各人的有效票数和未计入数（票率法还可核对各等次票数、等次、排序和名次）；测评票指纹和加权计分法的得分、等次须按全部测评票计算，只能在组织方的程序中核对（“检查数据库”按封存指纹核对全部测评票）。";

/// A recount from the two files: the tally of the ballots (format 1), or what the
/// published counts decide (format 2, see [`protected_recount_files`]).
pub fn recount(rules: &RulesFile, ballots_file: &str, bytes: &[u8]) -> Result<TallyOutcome> {
    let Some(anonymity) = &rules.anonymity else {
        let input = parse_ballots_csv(ballots_file, bytes, rules)?;
        return Ok(crate::rules::scoring::tally(&rules.rules, &input));
    };
    let rows = parse_counts_csv(ballots_file, bytes, rules.rules.method == ScoringMethod::WeightedScore)?;
    let withheld = rows.iter().any(|r| r.counts.is_none());
    let mut outcome = if withheld {
        // The weighted grade needs the category of every vote: nothing here decides it.
        TallyOutcome {
            formula: rules.rules.describe(),
            ballots_total: anonymity.ballots,
            ballots_valid: anonymity.valid_ballots,
            invalid_ballots: Vec::new(),
            secretaries: rows
                .iter()
                .map(|row| SecretaryResult {
                    label: row.label.clone(),
                    counts: None,
                    percents: Vec::new(),
                    valid: row.valid,
                    invalid: row.not_counted,
                    by_category: Vec::new(),
                    dimensions: Vec::new(),
                    score: None,
                    band_grade: None,
                    grade: None,
                    veto: None,
                    rank: None,
                    excellent_allowed: !rules.rules.excellent_requires_good,
                    calculation: vec![format!("有效票 {} 张；未计入 {} 张。", row.valid, row.not_counted)],
                })
                .collect(),
            fingerprint: String::new(),
            anonymity: None,
            stopped: None,
            quota: None,
        }
    } else {
        // Under the vote-share method the pooled counts decide the grade, and the ranking
        // score is their mean: one category holding every vote gives exactly that.
        let total = rows.iter().map(|r| r.valid + r.not_counted).max().unwrap_or(0);
        let input = TallyInput {
            categories: vec![CategoryWeight::new("全体评议人", 100)],
            secretaries: rows.iter().map(|r| r.label.clone()).collect(),
            dimensions: Vec::new(),
            issued_serials: None,
            ballots: (0..total)
                .map(|i| TallyBallot {
                    serial: format!("{}", i + 1),
                    category: 0,
                    marks: rows.iter().map(|r| r.mark(i)).collect(),
                    dimension_marks: Vec::new(),
                    suggestions: String::new(),
                })
                .collect(),
            quota_decision: rules.quota_decision.clone(),
        };
        // These rows are counts laid out as ballots, not ballots: the whole-ballot rules
        // were applied at the vote already.
        let rules_of_counts = ScoringRules {
            invalid_if_all_same: false,
            anonymity_threshold: 0,
            max_good_per_ballot: None,
            min_low_per_ballot: None,
            // Decided below from the categories' own counts, which these rows do not have.
            quorum: None,
            void_if_over_collected: false,
            ..rules.rules.clone()
        };
        let mut outcome = crate::rules::scoring::tally(&rules_of_counts, &input);
        outcome.formula = rules.rules.describe();
        outcome.ballots_total = anonymity.ballots;
        outcome.ballots_valid = anonymity.valid_ballots;
        outcome.invalid_ballots = Vec::new();
        outcome.fingerprint = String::new();
        for r in &mut outcome.secretaries {
            r.by_category = Vec::new();
        }
        outcome
    };
    outcome.anonymity = Some(crate::rules::scoring::Anonymity {
        hidden_categories: anonymity.hidden_categories.clone(),
        threshold: rules.rules.anonymity_threshold,
        counts_withheld: withheld,
        note: anonymity.note.clone(),
    });
    // The quorum and the void rule, from what each category handed in.
    let received: Vec<u32> = rules.categories.iter().map(|c| c.received.unwrap_or(0)).collect();
    let categories = TallyInput {
        categories: rules.categories.iter().map(RulesFileCategory::weight).collect(),
        ..TallyInput::default()
    };
    if let Some(stop) = crate::rules::scoring::stopped(&rules.rules, &categories, &received) {
        crate::rules::scoring::withhold_grades(&stop, &mut outcome.secretaries);
        outcome.quota = None;
        outcome.stopped = Some(stop);
    }
    Ok(outcome)
}

/// One secretary's row of a format-2 ballots file.
struct CountsRow {
    label: String,
    valid: u32,
    not_counted: u32,
    counts: Option<GradeCounts>,
}

impl CountsRow {
    /// The `i`-th vote when the counts are laid out one per row: grades first, then blanks.
    fn mark(&self, i: u32) -> Mark {
        let mut seen = 0;
        if let Some(counts) = self.counts {
            for grade in Grade::ALL {
                seen += counts.of(grade);
                if i < seen {
                    return Mark::Grade(grade);
                }
            }
        }
        Mark::Blank
    }
}

/// Reads the per-secretary counts of a format-2 ballots file.
fn parse_counts_csv(file: &str, bytes: &[u8], weighted: bool) -> Result<Vec<CountsRow>> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        bad(file, String::new(), "不是 UTF-8 编码的文本".into(), "若用 Excel 编辑过，请另存为“CSV UTF-8”格式。")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
    let fix_header = "第 2 版复核文件的表头应为“书记,有效票,未计入,好,较好,一般,差”，请重新导出复核文件。";
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| bad(file, "第 1 行（表头）：".into(), format!("CSV 格式有误（{e}）"), fix_header))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut expected = vec![SECRETARY, VALID, NOT_COUNTED];
    expected.extend(Grade::ALL.iter().map(|g| g.label()));
    if headers != expected {
        return Err(bad(file, "第 1 行（表头）：".into(), "与第 2 版复核文件的表头不同".into(), fix_header));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let place = e.position().map(|p| format!("第 {} 行：", p.line())).unwrap_or_default();
            bad(file, place, format!("CSV 格式有误（{e}）"), "请检查该行的逗号和引号，每行应有 7 栏。")
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |i: usize| record.get(i).unwrap_or("").trim().to_string();
        let number = |i: usize| -> Result<Option<u32>> {
            let value = cell(i);
            if value == HIDDEN_TEXT && i >= 3 {
                return Ok(None);
            }
            value.parse::<u32>().map(Some).map_err(|_| {
                bad(
                    file,
                    format!("第 {line} 行“{}”一栏：", expected[i]),
                    format!("“{value}”不是票数"),
                    "票数须是 0 或正整数；匿名保护下不公开的票数写“不公开”。",
                )
            })
        };
        let (Some(valid), Some(not_counted)) = (number(1)?, number(2)?) else { unreachable!("checked above") };
        let grades: Vec<Option<u32>> = (3..7).map(number).collect::<Result<_>>()?;
        let counts = match (grades.iter().all(Option::is_some), grades.iter().all(Option::is_none)) {
            (true, _) if !weighted => {
                let c = GradeCounts {
                    good: grades[0].unwrap_or(0),
                    fairly_good: grades[1].unwrap_or(0),
                    fair: grades[2].unwrap_or(0),
                    poor: grades[3].unwrap_or(0),
                };
                if c.total() != valid {
                    return Err(bad(
                        file,
                        format!("第 {line} 行："),
                        format!("各等次票数之和 {} 与有效票 {valid} 不符", c.total()),
                        "请核对该行的票数，或重新导出复核文件。",
                    ));
                }
                Some(c)
            }
            (_, true) if weighted => None,
            _ => {
                return Err(bad(
                    file,
                    format!("第 {line} 行："),
                    if weighted {
                        "加权计分法下匿名保护的复核文件不含各等次票数".into()
                    } else {
                        "各等次票数须全部给出".into()
                    },
                    "请重新导出复核文件。",
                ));
            }
        };
        rows.push(CountsRow { label: from_spreadsheet_text(&cell(0)).to_string(), valid, not_counted, counts });
    }
    if rows.is_empty() {
        return Err(bad(file, String::new(), "没有任何书记的票数".into(), "请重新导出复核文件。"));
    }
    Ok(rows)
}

/// The characters that make Excel or WPS read a cell as a formula (or, after a tab or a
/// carriage return, strip them and then do); a cell starting with `'` is escaped too, so
/// that reading back is unambiguous.
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// Text as written to a CSV cell: a cell that a spreadsheet would take for a formula
/// (`=HYPERLINK(…)`, `+1`, `@SUM(…)`) gets a leading `'`, which Excel and WPS show as text
/// and do not evaluate. [`from_spreadsheet_text`] takes it off again.
pub fn spreadsheet_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) { format!("'{text}").into() } else { text.into() }
}

/// The text of a CSV cell written by [`spreadsheet_text`]: one leading `'` removed.
pub fn from_spreadsheet_text(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// Writes ballots as CSV (every text cell through [`spreadsheet_text`]); `shuffle` puts them in a random order (the entry order could
/// otherwise say something of who handed a ballot in when).
pub fn ballots_csv(input: &TallyInput, shuffle: bool) -> Vec<u8> {
    let mut order: Vec<usize> = (0..input.ballots.len()).collect();
    if shuffle {
        crate::random::shuffle(&mut order);
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec![SERIAL.to_string(), CATEGORY.to_string()];
    header.extend(input.secretaries.iter().cloned());
    for s in &input.secretaries {
        for d in &input.dimensions {
            header.push(format!("{s}：{d}"));
        }
    }
    header.push(SUGGESTIONS.into());
    writer.write_record(header.iter().map(|h| spreadsheet_text(h).into_owned())).expect("writing to memory");
    for i in order {
        let b = &input.ballots[i];
        let mut row =
            vec![b.serial.clone(), input.categories.get(b.category).map(|c| c.name.clone()).unwrap_or_default()];
        row.extend(b.marks.iter().map(|m| m.code().to_string()));
        for s in 0..input.secretaries.len() {
            for d in 0..input.dimensions.len() {
                row.push(b.dimension_marks.get(s).and_then(|m| m.get(d)).map_or("", |m| m.code()).to_string());
            }
        }
        row.push(b.suggestions.clone());
        writer.write_record(row.iter().map(|cell| spreadsheet_text(cell).into_owned())).expect("writing to memory");
    }
    writer.into_inner().expect("writing to memory")
}

/// The recount files with their names, and the folder they belong in (e.g.
/// 2023年度述职评议复核文件).
pub fn recount_exports(store: &Store, campaign_id: &str) -> Result<(String, Vec<crate::files::Export>)> {
    let (rules, ballots) = recount_files(store, campaign_id)?;
    let year = crate::store::campaigns::get_campaign(store.conn(), campaign_id)?.year;
    let files = vec![
        crate::files::Export { file_name: "rules.json".into(), bytes: rules },
        crate::files::Export { file_name: "ballots.csv".into(), bytes: ballots },
    ];
    Ok((format!("{year}年度述职评议复核文件"), files))
}
