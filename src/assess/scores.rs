//! The year's 日常考核 scores from Excel or CSV: one row per organization (党组织, matched by
//! name in the campaign), one column per item (党建督查、专项检查、年度指标…), previewed row by
//! row like the roster and imported whole once every row is fine; or typed in, one
//! organization at a time.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{DailyItem, parse_points};
use crate::error::{Error, Result};
use crate::limits;
use crate::store::{Store, assess as assess_store, audit, organizations};

/// A row of the file as read: the organization and each item's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DailyScoreRow {
    /// The line in the file (the header is line 1, or lower under title rows).
    pub line: u32,
    pub organization: String,
    /// (item, points as written), in the columns' order.
    pub items: Vec<(String, String)>,
}

/// A row with what importing it would do, or why it cannot.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DailyScorePreviewRow {
    pub row: DailyScoreRow,
    pub organization_id: Option<String>,
    /// The items' sum, two decimals, when every item reads.
    pub total: Option<f64>,
    pub problems: Vec<String>,
}

/// The whole preview: nothing is written until every row is fine.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DailyScorePreview {
    pub items: Vec<String>,
    pub rows: Vec<DailyScorePreviewRow>,
    pub bad_rows: u32,
}

const ORGANIZATION: &str = "党组织";
/// Columns that are no item: who the secretary is, a note, a total a sheet may carry.
const NOT_ITEMS: [&str; 6] = ["书记", "书记姓名", "单位", "备注", "合计", "总分"];
const HEADER_SEARCH_ROWS: usize = 10;
/// An item's name, in characters.
const ITEM_NAME_CHARS: usize = 50;

/// Reads the scores from an .xlsx (first sheet) or .csv file: a header row (within the first
/// ten rows) with a 党组织 column and one column per item; rows without any score are passed
/// over (an organization not assessed).
pub fn read_daily_scores(file_name: &str, bytes: &[u8]) -> Result<Vec<DailyScoreRow>> {
    let table = crate::sheets::read_table(file_name, bytes, crate::files::DAILY_SCORES)?;
    let bad = |place: String, problem: String, fix: &str| Error::InvalidImport {
        file: file_name.to_string(),
        place,
        problem,
        fix: fix.to_string(),
    };
    let heading = |h: &str| h.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let Some(header_at) =
        table.iter().take(HEADER_SEARCH_ROWS).position(|row| row.iter().any(|h| heading(h) == ORGANIZATION))
    else {
        return Err(bad(
            "表头：".into(),
            format!("前 {HEADER_SEARCH_ROWS} 行中没有“{ORGANIZATION}”一栏"),
            "第一行（或标题行之下）应为表头：党组织，以及各考核项目（如 党建督查、专项检查、年度指标）。",
        ));
    };
    let header: Vec<String> = table[header_at].iter().map(|h| heading(h)).collect();
    let org_column = header.iter().position(|h| h == ORGANIZATION).unwrap_or(0);
    // Nothing is passed over silently: a table cut at the column limit, or scores under a
    // column without a name (a blank or merged heading), would drop points.
    let widest = table.iter().map(Vec::len).max().unwrap_or(0);
    if widest >= limits::SHEET_COLUMNS {
        return Err(bad(
            format!("第 {} 行（表头）：", header_at + 1),
            format!("表格有 {} 栏或更多，超过了日常考核表的上限", limits::SHEET_COLUMNS),
            "每个考核项目一栏，至多 30 项；请删去多余的栏。",
        ));
    }
    for (n, row) in table.iter().enumerate().skip(header_at + 1) {
        if let Some(column) = (0..row.len())
            .find(|i| *i != org_column && !row[*i].trim().is_empty() && header.get(*i).is_none_or(|h| h.is_empty()))
        {
            return Err(bad(
                format!("第 {} 行第 {} 栏：", n + 1, column + 1),
                "这一栏有分数，但表头没有项目名称（空白或合并的单元格）".into(),
                "请在表头写上项目名称，或删去这一栏的分数。",
            ));
        }
    }
    let item_columns: Vec<(usize, String)> = header
        .iter()
        .enumerate()
        .filter(|(i, h)| *i != org_column && !h.is_empty() && !NOT_ITEMS.contains(&h.as_str()))
        .map(|(i, h)| (i, h.clone()))
        .collect();
    if item_columns.len() > 30 {
        return Err(bad(
            format!("第 {} 行（表头）：", header_at + 1),
            format!("有 {} 个考核项目，超过 30 项的上限", item_columns.len()),
            "请合并或删去多余的项目。",
        ));
    }
    if item_columns.is_empty() {
        return Err(bad(
            format!("第 {} 行（表头）：", header_at + 1),
            "没有考核项目的栏".into(),
            "在“党组织”之外，每个考核项目一栏，如 党建督查、专项检查、年度指标。",
        ));
    }
    let mut seen = BTreeSet::new();
    for (_, name) in &item_columns {
        if let Some(problem) = limits::name_problem(name, ITEM_NAME_CHARS) {
            return Err(bad(
                format!("第 {} 行（表头）：", header_at + 1),
                format!("项目“{}”{problem}", limits::excerpt(name)),
                "请改短项目名称。",
            ));
        }
        if !seen.insert(name.as_str()) {
            return Err(bad(
                format!("第 {} 行（表头）：", header_at + 1),
                format!("项目“{name}”出现了两次"),
                "每个项目一栏。",
            ));
        }
    }
    let cell = |row: &Vec<String>, i: usize| row.get(i).map(|c| c.trim().to_string()).unwrap_or_default();
    Ok(table
        .iter()
        .enumerate()
        .skip(header_at + 1)
        .filter(|(_, row)| {
            item_columns.iter().any(|(i, _)| !cell(row, *i).is_empty()) || !cell(row, org_column).is_empty()
        })
        .filter(|(_, row)| row.iter().any(|c| !c.trim().is_empty()))
        .map(|(n, row)| DailyScoreRow {
            line: n as u32 + 1,
            organization: cell(row, org_column),
            items: item_columns.iter().map(|(i, name)| (name.clone(), cell(row, *i))).collect(),
        })
        .collect())
}

/// Parses one row's items, or says what is wrong with each.
fn parse_items(row: &DailyScoreRow) -> (Vec<DailyItem>, Vec<String>) {
    let mut items = Vec::new();
    let mut problems = Vec::new();
    for (name, text) in &row.items {
        if text.is_empty() {
            problems.push(format!("“{name}”一栏空白：若为 0 分请填 0；本年度未考核此项的，请删去这一栏"));
            continue;
        }
        match parse_points(text) {
            Ok(centi) if centi.abs() <= 100_000 => items.push(DailyItem { name: name.clone(), centi: centi as i32 }),
            Ok(_) => problems.push(format!("“{name}”的分数 {text} 超过 1000 分")),
            Err(problem) => problems.push(format!("“{name}”：{problem}")),
        }
    }
    (items, problems)
}

/// Checks every row against the campaign; writes nothing.
pub fn preview_daily_scores(store: &Store, campaign_id: &str, rows: &[DailyScoreRow]) -> Result<DailyScorePreview> {
    let conn = store.conn();
    crate::store::campaigns::get_campaign(conn, campaign_id)?;
    let orgs = organizations::list_organizations(conn, campaign_id)?;
    let by_name: BTreeMap<&str, &str> = orgs.iter().map(|o| (o.name.as_str(), o.id.as_str())).collect();
    let mut seen: BTreeMap<&str, u32> = BTreeMap::new();
    let mut preview_rows = Vec::new();
    for row in rows {
        let (items, mut problems) = parse_items(row);
        let organization_id = by_name.get(row.organization.trim()).map(|id| id.to_string());
        if row.organization.trim().is_empty() {
            problems.insert(0, "没有填写党组织".into());
        } else if organization_id.is_none() {
            problems.insert(
                0,
                format!("本年度没有名为“{}”的党组织：请写名册中的全称", limits::excerpt(row.organization.trim())),
            );
        }
        if let Some(first) = seen.insert(row.organization.trim(), row.line) {
            problems.push(format!("与第 {first} 行是同一个党组织"));
        }
        preview_rows.push(DailyScorePreviewRow {
            total: problems.is_empty().then(|| items.iter().map(|i| i64::from(i.centi)).sum::<i64>() as f64 / 100.0),
            organization_id,
            problems,
            row: row.clone(),
        });
    }
    Ok(DailyScorePreview {
        items: rows.first().map(|r| r.items.iter().map(|(n, _)| n.clone()).collect()).unwrap_or_default(),
        bad_rows: preview_rows.iter().filter(|r| !r.problems.is_empty()).count() as u32,
        rows: preview_rows,
    })
}

/// Imports the scores, all or nothing: checked again inside the write, and refused with
/// the first bad row if any. Organizations not in the file keep what they had.
pub fn import_daily_scores(store: &mut Store, campaign_id: &str, rows: &[DailyScoreRow], actor: &str) -> Result<u32> {
    crate::history::paper::refuse_for_paper_year(store.conn(), campaign_id, "导入日常考核分")?;
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "导入日常考核")?;
    if rows.len() > limits::ROSTER_ROWS {
        return Err(Error::invalid(format!("日常考核表超过 {} 行，请分批导入。", limits::ROSTER_ROWS)));
    }
    let preview = preview_daily_scores(store, campaign_id, rows)?;
    if let Some(bad) = preview.rows.iter().find(|r| !r.problems.is_empty()) {
        return Err(Error::invalid(format!(
            "第 {} 行（{}）：{}。共有 {} 行有问题，全部改正后才能导入，数据库未作任何改动。",
            bad.row.line,
            limits::excerpt(&bad.row.organization),
            bad.problems.join("；"),
            preview.bad_rows
        )));
    }
    for row in &preview.rows {
        let (items, _) = parse_items(&row.row);
        if let Some(id) = &row.organization_id {
            assess_store::set_daily_scores(&tx, campaign_id, id, &items)?;
        }
    }
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "assessment.scores_import",
            "campaign",
            campaign_id,
            format!("导入日常考核 {} 个党组织（项目：{}）", preview.rows.len(), preview.items.join("、")),
        ),
    )?;
    tx.commit()?;
    Ok(preview.rows.len() as u32)
}

/// One item as typed in the window: its name and points as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct DailyItemInput {
    pub name: String,
    pub points: String,
}

/// Saves one organization's items as typed (an empty list removes them).
pub fn save_daily_scores(
    store: &mut Store,
    campaign_id: &str,
    organization_id: &str,
    items: &[DailyItemInput],
    actor: &str,
) -> Result<()> {
    crate::history::paper::refuse_for_paper_year(store.conn(), campaign_id, "录入日常考核分")?;
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "填写日常考核")?;
    let orgs = organizations::list_organizations(store.conn(), campaign_id)?;
    let Some(org) = orgs.iter().find(|o| o.id == organization_id) else {
        return Err(Error::invalid("这个党组织不属于本年度述职评议，请刷新后重试。"));
    };
    let row = DailyScoreRow {
        line: 0,
        organization: org.name.clone(),
        items: items.iter().map(|i| (i.name.trim().to_string(), i.points.trim().to_string())).collect(),
    };
    if items.len() > 30 {
        return Err(Error::invalid("日常考核最多 30 个项目。"));
    }
    let mut names = BTreeSet::new();
    for (name, _) in &row.items {
        if name.is_empty() {
            return Err(Error::invalid("有一个项目没有名称，请填写（如 党建督查）。"));
        }
        if let Some(problem) = limits::name_problem(name, ITEM_NAME_CHARS) {
            return Err(Error::invalid(format!("项目“{}”{problem}。", limits::excerpt(name))));
        }
        if !names.insert(name.clone()) {
            return Err(Error::invalid(format!("项目“{name}”出现了两次。")));
        }
    }
    let (parsed, problems) = parse_items(&row);
    if !problems.is_empty() {
        return Err(Error::invalid(format!("{}：{}。", org.name, problems.join("；"))));
    }
    assess_store::set_daily_scores(&tx, campaign_id, organization_id, &parsed)?;
    let total: i64 = parsed.iter().map(|i| i64::from(i.centi)).sum();
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "assessment.scores",
            "organization",
            organization_id,
            if parsed.is_empty() {
                format!("清除{}的日常考核", org.name)
            } else {
                format!("{}的日常考核：{} 项，合计 {:.2}", org.name, parsed.len(), total as f64 / 100.0)
            },
        ),
    )?;
    tx.commit()?;
    Ok(())
}

/// The 日常考核 template for the year: every organization with a secretary, by the name the
/// import matches, and the item columns to fill (those already in use, or 党建督查、专项检查、
/// 年度指标), under a line of guidance.
pub fn daily_scores_template(store: &Store, campaign_id: &str) -> Result<crate::files::Export> {
    use crate::xlsx::{Cell, failed, titled_sheet};
    crate::workstation::refuse_unless_organizer(store.conn(), "导出日常考核模板")?;
    let conn = store.conn();
    let campaign = crate::store::campaigns::get_campaign(conn, campaign_id)?;
    let orgs = organizations::list_organizations(conn, campaign_id)?;
    let secretaries = organizations::list_secretaries(conn, campaign_id)?;
    let stored = assess_store::list_daily_scores(conn, campaign_id)?;
    let mut items = super::item_names(stored.iter().map(|(_, list)| list.as_slice()));
    if items.is_empty() {
        items = ["党建督查", "专项检查", "年度指标"].map(String::from).to_vec();
    }
    let mut header: Vec<(&str, f64)> = vec![(ORGANIZATION, 34.0), ("书记", 12.0)];
    header.extend(items.iter().map(|i| (i.as_str(), 12.0)));
    let rows: Vec<Vec<Cell>> = orgs
        .iter()
        .filter_map(|o| {
            let names: Vec<&str> =
                secretaries.iter().filter(|s| s.organization_id == o.id).map(|s| s.name.as_str()).collect();
            (!names.is_empty()).then(|| {
                let mut row: Vec<Cell> = vec![o.name.clone().into(), names.join("、").into()];
                row.extend(items.iter().map(|_| Cell::Empty));
                row
            })
        })
        .collect();
    let guidance = format!(
        "{}年度日常考核（填好后在“述职评议会 → 年度考核 → 选择日常考核表”中导入）。每行一个党组织，党组织名称请勿改动；\
         每个考核项目一栏，可增删项目栏，项目名称写在表头；每格填分数，0 分填 0，扣分项填负数。“书记”一栏只供核对，不导入。",
        campaign.year
    );
    let mut book = rust_xlsxwriter::Workbook::new();
    titled_sheet(&mut book, "日常考核", Some(&guidance), &header, rows)?;
    Ok(crate::files::Export {
        file_name: format!("{}年度日常考核表.xlsx", campaign.year),
        bytes: book.save_to_buffer().map_err(failed)?,
    })
}
