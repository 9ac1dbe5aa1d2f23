//! The two files of a recount, which need no database: a rules file (JSON) and the
//! ballots (CSV, shuffled, with nothing that ties a ballot to a person). The formats
//! are described in `docs/tally-formats.md`. `shuzhi tally --rules R --ballots B`
//! reads them and gives the same results and fingerprint as the campaign.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::meeting;
use crate::rules::scoring::{CategoryWeight, Mark, ScoringRules, TallyBallot, TallyInput};
use crate::store::Store;

pub const RULES_FORMAT: &str = "shuzhi-tally-rules";
pub const RULES_FORMAT_VERSION: u32 = 1;
const SERIAL: &str = "票号";
const CATEGORY: &str = "评议人类别";
const SUGGESTIONS: &str = "意见建议";

/// A rater category in the rules file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFileCategory {
    pub name: String,
    pub weight_percent: u32,
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
        categories: rules
            .categories
            .iter()
            .map(|c| CategoryWeight { name: c.name.clone(), weight_percent: c.weight_percent })
            .collect(),
        secretaries,
        dimensions: rules.dimensions.clone(),
        issued_serials: rules.issued_serials.as_ref().map(|s| s.iter().cloned().collect()),
        ballots,
    })
}

/// The recount files of a campaign: the rules file and the ballots, shuffled.
pub fn recount_files(store: &Store, campaign_id: &str) -> Result<(Vec<u8>, Vec<u8>)> {
    let results = meeting::results(store, campaign_id)?;
    let (input, _) = meeting::tally_input(store, campaign_id)?;
    let rules = RulesFile {
        format: RULES_FORMAT.into(),
        format_version: RULES_FORMAT_VERSION,
        rules: results.rules,
        categories: input
            .categories
            .iter()
            .map(|c| RulesFileCategory { name: c.name.clone(), weight_percent: c.weight_percent })
            .collect(),
        dimensions: input.dimensions.clone(),
        issued_serials: input.issued_serials.as_ref().map(|s| s.iter().cloned().collect()),
    };
    let mut rules_bytes = serde_json::to_vec_pretty(&rules).expect("rules serialize");
    rules_bytes.push(b'\n');
    Ok((rules_bytes, ballots_csv(&input, true)))
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
