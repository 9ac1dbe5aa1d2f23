//! Earlier years from paper: the 评议结果汇总表 and 整改清单 an organizer kept in Excel before
//! this program, read row by row, shown whole before anything is written, and imported as a
//! year of her own so that 历年对比 starts with her past.
//!
//! The files are hers, but they arrive from outside like any other: every row is checked,
//! the whole is refused while any row is wrong, and the import writes all or nothing. The
//! year becomes an ordinary campaign (its organizations, secretaries and lists) marked as
//! kept on paper, with each secretary's result as the sheet recorded it; it takes no ballot.

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;
use serde::Serialize;

use crate::domain::{
    OrgKind, Organization, Problem, ProblemSource, Rectification, RectificationStatus, Secretary, SignOff,
};
use crate::error::{Error, Result};
use crate::rules::scoring::Grade;
use crate::store::{Store, campaigns, organizations};

/// How far down the header is looked for (a title row or two above it is usual).
const HEADER_SEARCH_ROWS: usize = 10;

/// A column: its name in messages and the headings that mean it.
struct Column {
    name: &'static str,
    headings: &'static [&'static str],
}

const UNIT: Column = Column { name: "单位", headings: &["单位", "所在单位", "单位名称"] };
const ORGANIZATION: Column =
    Column { name: "党组织", headings: &["党组织", "党组织名称", "所在党组织"] };
const SECRETARY: Column = Column { name: "书记姓名", headings: &["书记姓名", "姓名", "书记"] };
const TITLE: Column = Column { name: "职务", headings: &["职务"] };
const GOOD: Column = Column { name: "好", headings: &["好", "好票", "好票数", "“好”票数"] };
const FAIRLY_GOOD: Column = Column { name: "较好", headings: &["较好", "较好票", "较好票数"] };
const FAIR: Column = Column { name: "一般", headings: &["一般", "一般票", "一般票数"] };
const POOR: Column = Column { name: "差", headings: &["差", "差票", "差票数"] };
const SCORE: Column = Column { name: "得分", headings: &["得分", "综合得分", "测评得分"] };
const RANK: Column = Column { name: "名次", headings: &["名次", "排名"] };
const GRADE: Column = Column {
    name: "等次",
    headings: &["等次", "评议等次", "评定等次", "测评等次", "综合评价等次", "评价等次"],
};
const PROBLEM: Column =
    Column { name: "问题", headings: &["问题", "存在问题", "问题描述", "主要问题"] };
const SOURCE: Column = Column { name: "问题来源", headings: &["问题来源", "来源"] };
const CATEGORY: Column = Column { name: "类别", headings: &["类别", "问题类别"] };
const MEASURE: Column = Column { name: "整改措施", headings: &["整改措施", "措施"] };
const OWNER: Column = Column { name: "责任人", headings: &["责任人"] };
const DUE: Column = Column { name: "完成时限", headings: &["完成时限", "整改时限", "时限"] };
const STATUS: Column = Column { name: "整改状态", headings: &["整改状态", "完成情况", "状态"] };
const CLOSED: Column = Column { name: "销号日期", headings: &["销号日期", "完成日期"] };

/// One row of either file as the preview shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PaperRow {
    /// 评议结果汇总表 or 整改清单.
    pub sheet: String,
    /// The row's number in the file, from 1.
    pub line: u32,
    pub unit: String,
    pub organization: String,
    /// The secretary (汇总表) or the problem (整改清单).
    pub subject: String,
    /// What the row gives: the grade and votes, or the measure and its state.
    pub detail: String,
    /// What is wrong with the row and what to do; `None` when it is sound.
    pub problem: Option<String>,
}

/// What an import would bring, row by row; nothing is written.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PaperYearPreview {
    pub year: i32,
    pub organizer: String,
    pub title: String,
    pub rows: Vec<PaperRow>,
    pub organizations: u32,
    pub secretaries: u32,
    /// Secretaries per grade, 好, 较好, 一般, 差.
    pub grades: Vec<u32>,
    pub problems: u32,
    pub measures: u32,
    /// Wrong rows; the import is refused while there is any (or a problem of the whole,
    /// said in `refused`).
    pub wrong_rows: u32,
    /// Why the whole cannot be imported (the year is already here…); `None` when it can.
    pub refused: Option<String>,
    /// What the import will assume where the files say nothing (no 问题来源 column: 自查).
    pub notes: Vec<String>,
}

/// A year imported.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PaperYearImported {
    pub campaign_id: String,
    pub year: i32,
    pub title: String,
    pub secretaries: u32,
    pub problems: u32,
    pub measures: u32,
}

/// A file the organizer chose: its name and bytes.
pub struct PaperFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// A secretary's result as the sheet recorded it.
#[derive(Debug, Clone, PartialEq)]
pub struct PaperResult {
    pub grade: Option<Grade>,
    /// 好, 较好, 一般, 差, when the sheet has them.
    pub votes: Option<[u32; 4]>,
    pub score: Option<f64>,
    pub rank: Option<u32>,
}

impl PaperResult {
    /// The share of 好 among the votes, percent, one decimal.
    pub fn good_percent(&self) -> Option<f64> {
        let votes = self.votes?;
        let total: u32 = votes.iter().sum();
        (total > 0).then(|| (f64::from(votes[0]) * 1000.0 / f64::from(total)).round() / 10.0)
    }
}

/// Everything read from the two files, each row with what is wrong with it.
struct Read {
    rows: Vec<PaperRow>,
    /// (unit, organization) → (secretary, title, result), in the sheet's order.
    posts: Vec<((String, String), String, String, PaperResult)>,
    /// (unit, organization) → problems, each with its measures, in the sheet's order.
    lists: Vec<((String, String), PaperProblem)>,
    notes: Vec<String>,
}

struct PaperProblem {
    source: ProblemSource,
    category: String,
    description: String,
    measures: Vec<PaperMeasure>,
}

struct PaperMeasure {
    measure: String,
    owner: String,
    due: Option<String>,
    status: RectificationStatus,
    closed: Option<String>,
}

fn heading(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The header row (the first of the first rows naming every required column) and where
/// each column is.
fn header(
    file: &str,
    what: &str,
    table: &[Vec<String>],
    required: &[&Column],
    optional: &[&Column],
) -> Result<(usize, HashMap<&'static str, usize>)> {
    let find = |row: &Vec<String>, column: &Column| {
        row.iter().position(|cell| column.headings.iter().any(|h| heading(cell) == *h))
    };
    let Some(at) =
        table.iter().take(HEADER_SEARCH_ROWS).position(|row| required.iter().all(|c| find(row, c).is_some()))
    else {
        let names: Vec<&str> = required.iter().map(|c| c.name).collect();
        return Err(Error::InvalidImport {
            file: file.to_string(),
            place: "表头：".into(),
            problem: format!("前 {HEADER_SEARCH_ROWS} 行中没有同时写有“{}”的表头行", names.join("”“")),
            fix: format!(
                "这应是{what}：表头写明 {}（可选：{}），顺序不限，表头之上可以有标题行。",
                names.join("、"),
                optional.iter().map(|c| c.name).collect::<Vec<_>>().join("、")
            ),
        });
    };
    let mut index = HashMap::new();
    for column in required.iter().chain(optional) {
        let matching = table[at].iter().filter(|cell| column.headings.iter().any(|h| heading(cell) == *h)).count();
        if matching > 1 {
            return Err(Error::InvalidImport {
                file: file.to_string(),
                place: format!("第 {} 行（表头）：", at + 1),
                problem: format!("“{}”一栏出现了 {matching} 次，不知道该读哪一栏", column.name),
                fix: "请删去或改名重复的栏，每种内容只留一栏。".into(),
            });
        }
        if let Some(i) = find(&table[at], column) {
            index.insert(column.name, i);
        }
    }
    Ok((at, index))
}

fn whole_number(text: &str) -> Option<u32> {
    let text = text.trim();
    text.parse::<u32>().ok().or_else(|| {
        let value = text.parse::<f64>().ok()?;
        (value >= 0.0 && value.fract() == 0.0 && value < 1e6).then_some(value as u32)
    })
}

/// A date as a sheet writes it: 2024-06-30, 2024/6/30, 2024.6.30, 2024年6月30日, or the
/// day number Excel stores (45473).
fn date(text: &str) -> Option<String> {
    let text = text.trim();
    if let Ok(serial) = text.parse::<f64>()
        && (20000.0..80000.0).contains(&serial)
    {
        let day = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)? + chrono::Duration::days(serial.trunc() as i64);
        return (2000..=2100).contains(&day.year()).then(|| day.format("%Y-%m-%d").to_string());
    }
    let parts: Vec<&str> = text.split(['-', '/', '.', '年', '月', '日']).filter(|p| !p.is_empty()).collect();
    if parts.len() != 3 {
        return None;
    }
    let year: i32 = parts[0].parse().ok()?;
    if !(2000..=2100).contains(&year) {
        return None;
    }
    let day = chrono::NaiveDate::from_ymd_opt(year, parts[1].parse().ok()?, parts[2].parse().ok()?)?;
    Some(day.format("%Y-%m-%d").to_string())
}

fn grade_of(text: &str) -> std::result::Result<Option<Grade>, String> {
    let text = heading(text);
    if text.is_empty() {
        return Err("没有填等次（未参加测评的请写“未参加测评”）".into());
    }
    if matches!(text.as_str(), "未参加" | "未参加测评" | "不参加") {
        return Ok(None);
    }
    Grade::ALL
        .into_iter()
        .find(|g| g.label() == text)
        .map(Some)
        .ok_or_else(|| format!("等次“{}”不是好、较好、一般、差之一", crate::limits::excerpt(&text)))
}

fn source_of(text: &str) -> std::result::Result<ProblemSource, String> {
    let text = heading(text);
    if text.is_empty() {
        return Ok(ProblemSource::SelfReview);
    }
    let found = match text.as_str() {
        "自查" | "自身查摆" | "自我查摆" | "本人查摆" => Some(ProblemSource::SelfReview),
        "上级点评" | "点评" | "点评意见" => Some(ProblemSource::SuperiorComment),
        "群众评议" | "评议" | "测评意见" | "群众意见" => Some(ProblemSource::PanelReview),
        "审核意见" | "审核" | "督查" | "督查发现" => Some(ProblemSource::ReviewComment),
        _ => None,
    };
    found.ok_or_else(|| {
        format!("问题来源“{}”看不懂（可写 自查、上级点评、群众评议、审核意见 或 督查）", crate::limits::excerpt(&text))
    })
}

fn status_of(text: &str) -> std::result::Result<RectificationStatus, String> {
    let text = heading(text);
    Ok(match text.as_str() {
        "" | "未开始" | "未整改" => RectificationStatus::NotStarted,
        "整改中" | "正在整改" | "推进中" | "未完成" => RectificationStatus::InProgress,
        "已完成" | "完成" | "已整改" | "已销号" | "销号" => RectificationStatus::Done,
        "长期坚持" | "持续整改" | "长期整改" => RectificationStatus::Ongoing,
        _ => {
            return Err(format!(
                "整改状态“{}”看不懂（可写 未开始、整改中、已完成、已销号 或 长期坚持）",
                crate::limits::excerpt(&text)
            ));
        }
    })
}

/// A text cell within the length the program keeps.
fn text_problem(what: &str, text: &str) -> Option<String> {
    crate::limits::text_problem(text, crate::limits::TEXT_CHARS).map(|problem| format!("{what}{problem}"))
}

/// A name cell (of a unit, an organization, a person) as names must be.
fn name_problem(what: &str, text: &str, max: usize) -> Option<String> {
    crate::limits::name_problem(text, max).map(|problem| format!("{what}“{}”{problem}", crate::limits::excerpt(text)))
}

fn read(results: &PaperFile<'_>, lists: Option<&PaperFile<'_>>) -> Result<Read> {
    const RESULTS: &str = "评议结果汇总表";
    const LISTS: &str = "整改清单";
    let table = crate::sheets::read_table(results.name, results.bytes, crate::files::PAPER_RECORDS)?;
    let optional = [&TITLE, &GOOD, &FAIRLY_GOOD, &FAIR, &POOR, &SCORE, &RANK];
    let (at, index) = header(results.name, RESULTS, &table, &[&UNIT, &ORGANIZATION, &SECRETARY, &GRADE], &optional)?;
    let votes_given = [&GOOD, &FAIRLY_GOOD, &FAIR, &POOR].iter().filter(|c| index.contains_key(c.name)).count();
    if votes_given != 0 && votes_given != 4 {
        return Err(Error::InvalidImport {
            file: results.name.to_string(),
            place: format!("第 {} 行（表头）：", at + 1),
            problem: "票数只写了“好、较好、一般、差”中的几栏".into(),
            fix: "请四栏都写（没有票数就四栏都不要）。".into(),
        });
    }
    let cell = |row: &Vec<String>, column: &Column| {
        index.get(column.name).and_then(|i| row.get(*i)).map(|c| c.trim().to_string()).unwrap_or_default()
    };
    let mut read = Read { rows: Vec::new(), posts: Vec::new(), lists: Vec::new(), notes: Vec::new() };
    if votes_given == 0 {
        read.notes
            .push(format!("{RESULTS}没有票数（好、较好、一般、差）：这一年在历年对比中只有等次，没有“好”的占比。"));
    }
    let mut seen: HashMap<(String, String), u32> = HashMap::new();
    let people = table.iter().skip(at + 1).filter(|row| row.iter().any(|c| !c.trim().is_empty())).count();
    for (n, row) in table.iter().enumerate().skip(at + 1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = n as u32 + 1;
        let (unit, organization, name) = (cell(row, &UNIT), cell(row, &ORGANIZATION), cell(row, &SECRETARY));
        let mut problems: Vec<String> = Vec::new();
        for (what, text, max) in [
            ("单位", &unit, crate::limits::ORGANIZATION_NAME_CHARS),
            ("党组织", &organization, crate::limits::ORGANIZATION_NAME_CHARS),
            ("书记姓名", &name, crate::limits::PERSON_NAME_CHARS),
        ] {
            if text.is_empty() {
                problems.push(format!("没有填{what}"));
            } else if let Some(problem) = name_problem(what, text, max) {
                problems.push(problem);
            }
        }
        let title = cell(row, &TITLE);
        if let Some(problem) = name_problem("职务", &title, crate::limits::TITLE_CHARS) {
            problems.push(problem);
        }
        let grade_text = cell(row, &GRADE);
        let mut grade_wrong = false;
        let grade = grade_of(&grade_text).unwrap_or_else(|problem| {
            problems.push(problem);
            grade_wrong = true;
            None
        });
        let mut votes = None;
        let not_rated = !grade_wrong && grade.is_none();
        if votes_given == 4 {
            let counted: Vec<Option<u32>> =
                [&GOOD, &FAIRLY_GOOD, &FAIR, &POOR].iter().map(|c| whole_number(&cell(row, c))).collect();
            if counted.iter().all(Option::is_some) {
                votes = Some([0, 1, 2, 3].map(|i| counted[i].unwrap_or(0)));
            } else if [&GOOD, &FAIRLY_GOOD, &FAIR, &POOR].iter().any(|c| !cell(row, c).is_empty()) {
                problems.push("票数应是 0 或正整数，四栏都要填".into());
            }
        }
        if not_rated && (votes.is_some_and(|v| v.iter().any(|n| *n > 0)) || !cell(row, &SCORE).is_empty()) {
            problems.push("写了“未参加测评”，却有票数或得分：请核对等次".into());
        }
        let score = match cell(row, &SCORE) {
            text if text.is_empty() => None,
            text => match text.parse::<f64>() {
                Ok(value) if value.is_finite() && (0.0..=1000.0).contains(&value) => Some(value),
                _ => {
                    problems.push(format!("得分“{}”不是 0 到 1000 之间的数", crate::limits::excerpt(&text)));
                    None
                }
            },
        };
        let rank = match cell(row, &RANK) {
            text if text.is_empty() => None,
            text => match whole_number(&text).filter(|r| *r >= 1) {
                Some(rank) if rank as usize <= people => Some(rank),
                Some(rank) => {
                    problems.push(format!("名次 {rank} 大于表中的人数 {people}"));
                    None
                }
                None => {
                    problems.push(format!("名次“{}”不是正整数", crate::limits::excerpt(&text)));
                    None
                }
            },
        };
        let key = (unit.clone(), organization.clone());
        if let Some(first) = seen.get(&key) {
            problems.push(format!("与第 {first} 行是同一党组织（同一单位、同名），一个党组织一年只有一位书记述职"));
        } else {
            seen.insert(key.clone(), line);
        }
        let result = PaperResult { grade, votes, score, rank };
        let detail = [
            Some(match grade {
                Some(g) => g.label().to_string(),
                None if grade_wrong => format!("等次“{}”", crate::limits::excerpt(&grade_text)),
                None => "未参加测评".to_string(),
            }),
            votes.map(|v| format!("好 {} 较好 {} 一般 {} 差 {}", v[0], v[1], v[2], v[3])),
            score.map(|s| format!("得分 {s}")),
            rank.map(|r| format!("第 {r} 名")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("，");
        let problem = (!problems.is_empty()).then(|| problems.join("；"));
        read.rows.push(PaperRow {
            sheet: RESULTS.into(),
            line,
            unit: unit.clone(),
            organization: organization.clone(),
            subject: name.clone(),
            detail,
            problem: problem.clone(),
        });
        if problem.is_none() {
            read.posts.push((key, name, if title.is_empty() { "书记".into() } else { title }, result));
        }
    }
    let Some(lists) = lists else { return Ok(read) };
    let table = crate::sheets::read_table(lists.name, lists.bytes, crate::files::PAPER_RECORDS)?;
    let optional = [&UNIT, &SOURCE, &CATEGORY, &MEASURE, &OWNER, &DUE, &STATUS, &CLOSED];
    let (at, index) = header(lists.name, LISTS, &table, &[&ORGANIZATION, &PROBLEM], &optional)?;
    if !index.contains_key(SOURCE.name) {
        read.notes.push(format!("{LISTS}没有“问题来源”一栏：问题都记为“自查”。"));
    }
    if !index.contains_key(STATUS.name) && !index.contains_key(CLOSED.name) {
        read.notes.push(format!("{LISTS}没有“整改状态”和“销号日期”：措施都记为“未开始”。"));
    }
    let cell = |row: &Vec<String>, column: &Column| {
        index.get(column.name).and_then(|i| row.get(*i)).map(|c| c.trim().to_string()).unwrap_or_default()
    };
    // The 整改清单 names its organizations as the 汇总表 does; without a 单位 column, by name alone.
    let by_name: HashMap<&str, Vec<&(String, String)>> = seen.keys().fold(HashMap::new(), |mut map, key| {
        map.entry(key.1.as_str()).or_insert_with(Vec::new).push(key);
        map
    });
    let mut problem_at: HashMap<((String, String), String), usize> = HashMap::new();
    for (n, row) in table.iter().enumerate().skip(at + 1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = n as u32 + 1;
        let (unit, organization, description) = (cell(row, &UNIT), cell(row, &ORGANIZATION), cell(row, &PROBLEM));
        let mut problems: Vec<String> = Vec::new();
        let key = if unit.is_empty() {
            match by_name.get(organization.as_str()).map(Vec::as_slice) {
                Some([one]) => Some((*one).clone()),
                Some(_) => {
                    problems.push("汇总表中有几个同名的党组织，请在“单位”一栏写明是哪个单位的".into());
                    None
                }
                None => None,
            }
        } else {
            Some((unit.clone(), organization.clone())).filter(|k| seen.contains_key(k))
        };
        if key.is_none() && problems.is_empty() {
            problems.push(format!(
                "党组织“{}”不在评议结果汇总表中（名称和单位要与汇总表一致）",
                crate::limits::excerpt(&organization)
            ));
        }
        if description.is_empty() {
            problems.push("没有填问题".into());
        } else if let Some(problem) = text_problem("问题", &description) {
            problems.push(problem);
        }
        let source = source_of(&cell(row, &SOURCE)).unwrap_or_else(|problem| {
            problems.push(problem);
            ProblemSource::SelfReview
        });
        let (category, measure, owner) = (cell(row, &CATEGORY), cell(row, &MEASURE), cell(row, &OWNER));
        for (what, text) in [("类别", &category), ("整改措施", &measure)] {
            if let Some(problem) = text_problem(what, text) {
                problems.push(problem);
            }
        }
        if !owner.is_empty()
            && let Some(problem) = name_problem("责任人", &owner, crate::limits::TITLE_CHARS)
        {
            problems.push(problem);
        }
        let due = match cell(row, &DUE) {
            text if text.is_empty() => None,
            text => date(&text).or_else(|| {
                problems.push(format!("完成时限“{}”不是日期（如 2024-06-30）", crate::limits::excerpt(&text)));
                None
            }),
        };
        let closed = match cell(row, &CLOSED) {
            text if text.is_empty() => None,
            text => date(&text).or_else(|| {
                problems.push(format!("销号日期“{}”不是日期（如 2024-06-30）", crate::limits::excerpt(&text)));
                None
            }),
        };
        let status_text = heading(&cell(row, &STATUS));
        let mut status = status_of(&status_text).unwrap_or_else(|problem| {
            problems.push(problem);
            RectificationStatus::NotStarted
        });
        let signed = matches!(status_text.as_str(), "已销号" | "销号");
        if signed && closed.is_none() {
            problems.push("写了“已销号”却没有销号日期：请填销号日期，或改写为“已完成”".into());
        }
        if closed.is_some() {
            if !status_text.is_empty() && status != RectificationStatus::Done {
                problems.push(format!("整改状态写“{status_text}”，却有销号日期：请核对是否已销号"));
            }
            status = RectificationStatus::Done;
        }
        if measure.is_empty() && (!cell(row, &STATUS).is_empty() || due.is_some() || closed.is_some()) {
            problems.push("写了整改状态、时限或销号日期，却没有写整改措施".into());
        }
        let source_words = if cell(row, &SOURCE).is_empty() {
            format!("{}（未写来源）", source.label())
        } else {
            source.label().to_string()
        };
        let detail = if measure.is_empty() {
            format!("{source_words} ·（没有整改措施）")
        } else {
            format!(
                "{source_words} · {}：{}{}",
                status.label(),
                crate::limits::excerpt(&measure),
                closed.as_ref().map_or(String::new(), |d| format!("，{d} 销号"))
            )
        };
        let problem = (!problems.is_empty()).then(|| problems.join("；"));
        read.rows.push(PaperRow {
            sheet: LISTS.into(),
            line,
            unit: key.as_ref().map_or(unit, |k| k.0.clone()),
            organization,
            subject: description.clone(),
            detail,
            problem: problem.clone(),
        });
        let Some(key) = key.filter(|_| problem.is_none()) else { continue };
        // Rows of one problem with several measures repeat the problem's words: one problem.
        let at = *problem_at.entry((key.clone(), description.clone())).or_insert_with(|| {
            read.lists.push((key.clone(), PaperProblem { source, category, description, measures: Vec::new() }));
            read.lists.len() - 1
        });
        if !measure.is_empty() {
            read.lists[at].1.measures.push(PaperMeasure { measure, owner, due, status, closed });
        }
    }
    Ok(read)
}

/// The title of a year kept on paper: the organizer's own title with the year changed (as
/// her years are called), marked 纸质记录.
fn title_of(year: i32, campaign: &crate::domain::Campaign) -> String {
    let own = campaign.year.to_string();
    let base = if campaign.title.contains(&own) {
        campaign.title.replacen(&own, &year.to_string(), 1)
    } else {
        format!("{}{year}年度基层党组织书记抓基层党建工作述职评议", campaign.organizer)
    };
    format!("{}（纸质记录）", base.trim_end_matches("（纸质记录）"))
}

/// Reads the files and checks every row and the whole against the database (the year of
/// the organizer of `campaign_id` must not be here yet); writes nothing.
pub fn preview_paper_year(
    store: &Store,
    campaign_id: &str,
    year: i32,
    results: &PaperFile<'_>,
    lists: Option<&PaperFile<'_>>,
) -> Result<PaperYearPreview> {
    Ok(examine(store, campaign_id, year, results, lists)?.0)
}

/// The year a campaign document makes, with each secretary's result as recorded.
type Built = (crate::exchange::CampaignDocument, BTreeMap<String, PaperResult>);

/// The preview of the files, and the year they make when the preview finds nothing wrong
/// (read and built once, for the preview and the import alike).
fn examine(
    store: &Store,
    campaign_id: &str,
    year: i32,
    results: &PaperFile<'_>,
    lists: Option<&PaperFile<'_>>,
) -> Result<(PaperYearPreview, Option<Built>)> {
    let campaign = campaigns::get_campaign(store.conn(), campaign_id)?;
    let organizer = campaign.organizer.clone();
    let title = title_of(year, &campaign);
    let read = read(results, lists)?;
    let mut grades = vec![0u32; 4];
    for (_, _, _, result) in &read.posts {
        if let Some(grade) = result.grade {
            grades[Grade::ALL.iter().position(|g| *g == grade).unwrap_or(3)] += 1;
        }
    }
    let wrong_rows = read.rows.iter().filter(|r| r.problem.is_some()).count() as u32;
    let mut refused = refused(store, &organizer, year, &read)?;
    // The sound rows as the year they make, through every check a campaign file passes:
    // what the rows do not catch is said here, before the import, not by it.
    let mut built = None;
    if refused.is_none() && wrong_rows == 0 {
        match build(store, campaign_id, year, &title, &read, results, lists) {
            Ok(made) => built = Some(made),
            Err(error) => refused = Some(format!("这些记录还不能成为一个年度：{error}")),
        }
    }
    let preview = PaperYearPreview {
        year,
        title,
        refused,
        notes: read.notes.clone(),
        organizer,
        organizations: read.posts.len() as u32,
        secretaries: read.posts.len() as u32,
        grades,
        problems: read.lists.len() as u32,
        measures: read.lists.iter().map(|(_, p)| p.measures.len() as u32).sum(),
        wrong_rows,
        rows: read.rows,
    };
    Ok((preview, built))
}

/// Why the whole may not be imported: a year out of range, one the organizer has already,
/// a sheet without any secretary.
fn refused(store: &Store, organizer: &str, year: i32, read: &Read) -> Result<Option<String>> {
    let this_year = chrono::Local::now().naive_local().date().year_ce().1 as i32;
    if !(2000..this_year).contains(&year) {
        return Ok(Some(format!("往年纸质记录的年度应在 2000 年到 {} 年之间，{year} 年不行。", this_year - 1)));
    }
    if let Some(existing) =
        campaigns::list_campaigns(store.conn())?.into_iter().find(|c| c.organizer == organizer && c.year == year)
    {
        return Ok(Some(format!(
            "本数据库中已有{organizer}的 {year} 年度（“{}”），不能再导入一次。若要用纸质记录替换它，请先在该年度的“年度筹备”页删除它（删除前自动备份）。",
            existing.title
        )));
    }
    if read.posts.is_empty() && read.rows.iter().all(|r| r.problem.is_none()) {
        return Ok(Some("评议结果汇总表中没有一行书记的记录。请确认选择的文件。".into()));
    }
    Ok(None)
}

/// Imports the year kept on paper: checks the files and the whole again, refuses while any
/// row is wrong, then writes the year in one transaction — its organizations (under the
/// organizer's own committee), secretaries, problems and measures, its mark and its
/// results as recorded. Organizer only; logged.
pub fn import_paper_year(
    store: &mut Store,
    campaign_id: &str,
    year: i32,
    results: &PaperFile<'_>,
    lists: Option<&PaperFile<'_>>,
    actor: &str,
) -> Result<PaperYearImported> {
    crate::workstation::refuse_unless_organizer(store.conn(), "导入往年的纸质记录")?;
    let (preview, built) = examine(store, campaign_id, year, results, lists)?;
    if let Some(refused) = preview.refused {
        return Err(Error::Conflict { message: refused });
    }
    if preview.wrong_rows > 0 {
        let first = preview.rows.iter().find(|r| r.problem.is_some()).expect("counted");
        return Err(Error::Invalid {
            message: format!(
                "有 {} 行需要改正，没有导入任何内容。第一处：{}第 {} 行：{}。请在 Excel 中改正后重新选择文件。",
                preview.wrong_rows,
                first.sheet,
                first.line,
                first.problem.as_deref().unwrap_or_default()
            ),
        });
    }
    let (document, results_of) = built.expect("built whenever nothing was refused or wrong");
    let id = document.campaign.id.clone();
    let file = format!("{}（纸质记录）", results.name);
    let (results_file, lists_file) = (results.name.to_string(), lists.map_or(String::new(), |f| f.name.to_string()));
    let organizer = preview.organizer.clone();
    crate::exchange::import_document_with(store, &file, &document, actor, |tx| {
        // What decided the import, read again inside its transaction: the computer's role,
        // and that the organizer has no other year of this number.
        crate::workstation::refuse_unless_organizer(tx, "导入往年的纸质记录")?;
        if campaigns::list_campaigns(tx)?.iter().any(|c| c.organizer == organizer && c.year == year && c.id != id) {
            return Err(Error::Conflict {
                message: format!("本数据库中已有{organizer}的 {year} 年度，不能再导入一次。"),
            });
        }
        crate::store::history::insert_paper_year(tx, &id, &results_file, &lists_file, actor)?;
        for (secretary_id, result) in &results_of {
            crate::store::history::insert_paper_result(tx, secretary_id, result)?;
        }
        crate::store::audit::record(
            tx,
            Some(&id),
            &crate::store::audit::entry(
                actor,
                "history.paper_year",
                "campaign",
                &id,
                format!(
                    "从“{results_file}”{}导入 {year} 年度的纸质记录：{} 位书记、{} 个问题、{} 条整改措施",
                    if lists_file.is_empty() { String::new() } else { format!("和“{lists_file}”") },
                    preview.secretaries,
                    preview.problems,
                    preview.measures
                ),
            ),
        )
    })?;
    Ok(PaperYearImported {
        campaign_id: id,
        year,
        title: preview.title,
        secretaries: preview.secretaries,
        problems: preview.problems,
        measures: preview.measures,
    })
}

/// The year as a campaign document (on the organizer's campaign `campaign_id`: its
/// committee at the top, its outline and rules), read back through the campaign file's
/// checks, with each secretary's result as recorded.
fn build(
    store: &Store,
    campaign_id: &str,
    year: i32,
    title: &str,
    read: &Read,
    results: &PaperFile<'_>,
    lists: Option<&PaperFile<'_>>,
) -> Result<Built> {
    // The year is built on the organizer's own campaign: its committee at the top, its
    // outline and rules (a year kept on paper has no report and no ballot of its own).
    let mut document = crate::exchange::export_campaign(store, campaign_id)?;
    let id = crate::domain::new_id();
    let created_at = format!("{year}-12-31T00:00:00+08:00");
    document.campaign.id = id.clone();
    document.campaign.year = year;
    document.campaign.title = title.to_string();
    document.campaign.meeting_date = None;
    document.campaign.created_at = created_at.clone();
    for (i, point) in document.campaign.focus_points.iter_mut().enumerate() {
        point.id = format!("{id}-fp-{i}");
    }
    let root =
        document.organizations.iter().find(|o| o.parent_id.is_none()).cloned().ok_or_else(|| Error::Conflict {
            message: "本年度还没有组织方的党委（名单最上一级），无法把往年的党组织挂在其下。请先在年度筹备中建好名单。"
                .into(),
        })?;
    let root = Organization { id: format!("{id}-root"), parent_id: None, ..root };
    document.organizations = vec![root.clone()];
    document.secretaries.clear();
    let mut secretary_of: HashMap<(String, String), String> = HashMap::new();
    let mut results_of: BTreeMap<String, PaperResult> = BTreeMap::new();
    for (n, ((unit, name), secretary, title, result)) in read.posts.iter().enumerate() {
        let org_id = format!("{id}-org-{n}");
        let secretary_id = format!("{id}-sec-{n}");
        // Where the root itself reported (its own committee's secretary), the post is the root.
        document.organizations.push(Organization {
            id: org_id.clone(),
            parent_id: Some(root.id.clone()),
            name: name.clone(),
            kind: kind_of(name),
            unit: unit.clone(),
        });
        document.secretaries.push(Secretary {
            id: secretary_id.clone(),
            organization_id: org_id,
            name: secretary.clone(),
            title: title.clone(),
        });
        secretary_of.insert((unit.clone(), name.clone()), secretary_id.clone());
        results_of.insert(secretary_id, result.clone());
    }
    document.rater_categories.clear();
    document.raters.clear();
    for version in &mut document.rules_versions {
        version.created_at = created_at.clone();
    }
    document.keep_only_settings();
    let evidence = format!("往年整改清单（{}）", lists.map_or("", |f| f.name));
    for (n, (key, problem)) in read.lists.iter().enumerate() {
        let problem_id = format!("{id}-p-{n}");
        let secretary_id = secretary_of.get(key).cloned().ok_or_else(|| Error::Conflict {
            message: format!("整改清单中的“{}（{}）”不在评议结果汇总表中，没有导入任何内容。", key.1, key.0),
        })?;
        document.problems.push(Problem {
            id: problem_id.clone(),
            secretary_id,
            source: problem.source,
            category: problem.category.clone(),
            description: problem.description.clone(),
            cause: String::new(),
            created_at: created_at.clone(),
            origin: None,
        });
        for (m, measure) in problem.measures.iter().enumerate() {
            document.rectifications.push(Rectification {
                id: format!("{problem_id}-m-{m}"),
                problem_id: problem_id.clone(),
                measure: measure.measure.clone(),
                target: String::new(),
                owner: measure.owner.clone(),
                due: measure.due.clone(),
                status: measure.status,
                sign_off: measure.closed.as_ref().map(|date| SignOff {
                    date: date.clone(),
                    verifier: "纸质记录".into(),
                    evidence: evidence.clone(),
                }),
            });
        }
    }
    // Through the file reading, so the year passes every check a campaign file passes.
    let file = format!("{}（纸质记录）", results.name);
    let bytes = crate::exchange::to_json_bytes(&document);
    Ok((crate::exchange::parse_document(&file, &bytes)?, results_of))
}

/// The kind an organization's name says it is.
fn kind_of(name: &str) -> OrgKind {
    if name.contains("总支") {
        OrgKind::GeneralBranch
    } else if name.contains("支部") {
        // 党支部, and 支部委员会 too.
        OrgKind::Branch
    } else if name.contains("委员会") || name.ends_with("党委") {
        OrgKind::Committee
    } else {
        OrgKind::Branch
    }
}

/// Refuses `what` (the 年度考核 of 述评考一体化, …) for a year kept on paper, which has no
/// vote of its own to build on.
pub fn refuse_for_paper_year(conn: &rusqlite::Connection, campaign_id: &str, what: &str) -> Result<()> {
    if crate::store::history::is_paper_year(conn, campaign_id)? {
        return Err(Error::Conflict {
            message: format!(
                "这一年度由往年纸质记录导入，没有当年的测评票，不能{what}；它的等次按评议结果汇总表所记。"
            ),
        });
    }
    Ok(())
}

/// The results of a year kept on paper, by secretary; `None` when the year is not one.
pub fn paper_results(store: &Store, campaign_id: &str) -> Result<Option<HashMap<String, PaperResult>>> {
    let conn = store.conn();
    if !crate::store::history::is_paper_year(conn, campaign_id)? {
        return Ok(None);
    }
    let secretaries = organizations::list_secretaries(conn, campaign_id)?;
    let mut found = HashMap::new();
    for secretary in secretaries {
        if let Some(result) = crate::store::history::paper_result(conn, &secretary.id)? {
            found.insert(secretary.id, result);
        }
    }
    Ok(Some(found))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_sheets_write_them() {
        assert_eq!(date("2024-06-30").as_deref(), Some("2024-06-30"));
        assert_eq!(date("2024/6/3").as_deref(), Some("2024-06-03"));
        assert_eq!(date("2024年6月30日").as_deref(), Some("2024-06-30"));
        assert_eq!(date("2024.6.30").as_deref(), Some("2024-06-30"));
        assert_eq!(date("45473").as_deref(), Some("2024-06-30"));
        assert_eq!(date("2024-02-30"), None);
        assert_eq!(date("六月底"), None);
    }

    #[test]
    fn grades_sources_and_states_in_the_words_sheets_use() {
        assert_eq!(grade_of("较 好"), Ok(Some(Grade::FairlyGood)));
        assert_eq!(grade_of("未参加测评"), Ok(None));
        assert!(grade_of("优秀").unwrap_err().contains("不是好、较好、一般、差之一"));
        assert_eq!(source_of("点评"), Ok(ProblemSource::SuperiorComment));
        assert_eq!(source_of("督查"), Ok(ProblemSource::ReviewComment));
        assert_eq!(status_of("已销号"), Ok(RectificationStatus::Done));
        assert_eq!(status_of("长期坚持"), Ok(RectificationStatus::Ongoing));
        assert!(status_of("差不多").is_err());
    }
}
