//! 精心谋划部署: setting up a year. A new campaign (from scratch or copied from last
//! year with its units, panel and settings, and its open rectification items carried
//! over), the organization tree and its secretaries, the roster imported from Excel or
//! CSV with a preview that marks every bad row, and the coverage check (全覆盖).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::domain::{
    Campaign, FocusPoint, Id, OrgKind, Organization, Problem, RaterCategory, Rectification, RectificationStatus,
    ReportStatus, Responsibility, RulesVersion, Secretary, new_id,
};
use crate::error::{Error, Result};
use crate::limits;
use crate::store::{self, Store, audit, campaigns, lists, meeting, organizations, reports};

/// What the organizer types to start a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CampaignInput {
    pub year: i32,
    pub title: String,
    pub organizer: String,
    /// `YYYY-MM-DD`, or empty when not yet fixed.
    pub meeting_date: String,
}

/// What creating a campaign did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CreatedCampaign {
    pub campaign_id: Id,
    pub organizations: u32,
    pub secretaries: u32,
    /// Problems with open measures carried over from the copied year.
    pub carried_problems: u32,
    pub carried_measures: u32,
}

/// The origin given to a problem carried over from last year's lists.
pub fn carried_origin(problem_id: &str) -> String {
    format!("carried:{problem_id}")
}

/// Whether a problem was carried over from an earlier year.
pub fn is_carried(problem: &Problem) -> bool {
    problem.origin.as_deref().is_some_and(|o| o.starts_with("carried:"))
}

fn default_categories() -> Vec<RaterCategory> {
    [("上级党组织领导", 30), ("两代表一委员", 20), ("基层党组织书记", 25), ("党员群众代表", 25)]
        .into_iter()
        .map(|(name, weight_percent)| RaterCategory {
            id: new_id(),
            name: name.into(),
            weight_percent,
            planned_size: 0,
        })
        .collect()
}

/// Creates a year's campaign. With `copy_from`, last year's organization tree,
/// secretaries, focus points, review levels, rules, panel and settings are copied, and
/// every problem with a measure still 未开始 or 整改中 is carried over with those measures.
pub fn create_campaign(
    store: &mut Store,
    input: &CampaignInput,
    copy_from: Option<&str>,
    actor: &str,
) -> Result<CreatedCampaign> {
    if !(2000..=2100).contains(&input.year) {
        return Err(Error::invalid(format!("年度“{}”无效，请填写 2000 至 2100 之间的年份。", input.year)));
    }
    let title = input.title.trim();
    let organizer = input.organizer.trim();
    if title.is_empty() || organizer.is_empty() {
        return Err(Error::invalid("请填写年度述职评议的标题和组织方（上级党组织）。"));
    }
    let meeting_date = Some(input.meeting_date.trim().to_string()).filter(|d| !d.is_empty());
    if let Some(date) = &meeting_date
        && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err()
    {
        return Err(Error::invalid(format!("述职评议会日期“{date}”无效，请写成 2025-01-16 这样的日期。")));
    }
    let existing = campaigns::list_campaigns(store.conn())?;
    if existing.iter().any(|c| c.year == input.year && c.organizer == organizer) {
        return Err(Error::Conflict {
            message: format!("{organizer}的 {} 年度述职评议已经建立。请在总览中选择它，不必重复建立。", input.year),
        });
    }
    let conn = store.conn();
    let source = match copy_from {
        Some(id) => Some(campaigns::get_campaign(conn, id)?),
        None => None,
    };
    let campaign_id = new_id();
    // Focus points get new ids; sections of last year's reports keep theirs.
    let mut focus_map: BTreeMap<String, String> = BTreeMap::new();
    let focus_points: Vec<FocusPoint> = source
        .as_ref()
        .map_or_else(crate::checks::default_focus_points, |c| c.focus_points.clone())
        .into_iter()
        .map(|p| {
            let id = new_id();
            focus_map.insert(p.id.clone(), id.clone());
            FocusPoint { id, ..p }
        })
        .collect();
    let campaign = Campaign {
        id: campaign_id.clone(),
        year: input.year,
        title: title.to_string(),
        organizer: organizer.to_string(),
        meeting_date,
        speaking_minutes: source.as_ref().map_or(5, |c| c.speaking_minutes),
        report_char_budget: source.as_ref().map_or(3000, |c| c.report_char_budget),
        problems_min_percent: source.as_ref().map_or(33, |c| c.problems_min_percent),
        focus_points,
        review_levels: source.as_ref().map_or_else(
            || vec!["党办初审".into(), "分管领导审核".into(), "党委书记审定".into()],
            |c| c.review_levels.clone(),
        ),
        scoring_rules: source.as_ref().map_or_else(crate::scoring::ScoringRules::default, |c| c.scoring_rules.clone()),
        cliches: source.as_ref().and_then(|c| c.cliches.clone()),
        created_at: store::now_text(),
        dimensions: source.as_ref().map_or_else(Vec::new, |c| c.dimensions.clone()),
        double_entry: source.as_ref().is_some_and(|c| c.double_entry),
    };

    // The tree, the secretaries, the panel and the agenda of the copied year, with new ids.
    let mut org_map: BTreeMap<String, String> = BTreeMap::new();
    let mut secretary_map: BTreeMap<String, String> = BTreeMap::new();
    let mut orgs = Vec::new();
    let mut secretaries = Vec::new();
    let mut categories = Vec::new();
    let mut raters = Vec::new();
    let mut agenda = Vec::new();
    let mut problems = Vec::new();
    let mut responsibilities = Vec::new();
    let mut measures = Vec::new();
    if let Some(old) = &source {
        let old_orgs = organizations::list_organizations(conn, &old.id)?;
        for org in &old_orgs {
            org_map.insert(org.id.clone(), new_id());
        }
        for org in &old_orgs {
            orgs.push(Organization {
                id: org_map[&org.id].clone(),
                parent_id: org.parent_id.as_ref().and_then(|p| org_map.get(p).cloned()),
                ..org.clone()
            });
        }
        for s in organizations::list_secretaries(conn, &old.id)? {
            let id = new_id();
            secretary_map.insert(s.id.clone(), id.clone());
            secretaries.push(Secretary { id, organization_id: org_map[&s.organization_id].clone(), ..s });
        }
        let mut category_map = BTreeMap::new();
        for c in meeting::list_rater_categories(conn, &old.id)? {
            let id = new_id();
            category_map.insert(c.id.clone(), id.clone());
            categories.push(RaterCategory { id, ..c });
        }
        for r in meeting::list_raters(conn, &old.id)? {
            raters.push(crate::domain::Rater { id: new_id(), category_id: category_map[&r.category_id].clone(), ..r });
        }
        agenda = meeting::list_agenda(conn, &old.id)?.iter().filter_map(|id| secretary_map.get(id).cloned()).collect();
        // Open items carry over.
        let old_measures = lists::list_rectifications(conn, &old.id)?;
        let old_responsibilities = lists::list_responsibilities(conn, &old.id)?;
        for p in lists::list_problems(conn, &old.id)? {
            let open: Vec<&Rectification> = old_measures
                .iter()
                .filter(|r| {
                    r.problem_id == p.id
                        && matches!(r.status, RectificationStatus::NotStarted | RectificationStatus::InProgress)
                })
                .collect();
            if open.is_empty() {
                continue;
            }
            let Some(secretary_id) = secretary_map.get(&p.secretary_id) else { continue };
            let problem_id = new_id();
            for r in old_responsibilities.iter().filter(|r| r.problem_id == p.id) {
                responsibilities.push(Responsibility { id: new_id(), problem_id: problem_id.clone(), ..r.clone() });
            }
            for r in open {
                measures.push(Rectification { id: new_id(), problem_id: problem_id.clone(), ..r.clone() });
            }
            problems.push(Problem {
                id: problem_id,
                secretary_id: secretary_id.clone(),
                created_at: store::now_text(),
                origin: Some(carried_origin(&p.id)),
                ..p
            });
        }
    } else {
        let root = Organization {
            id: new_id(),
            parent_id: None,
            name: organizer.to_string(),
            kind: OrgKind::Committee,
            unit: organizer.to_string(),
        };
        orgs.push(root);
        categories = default_categories();
    }

    let tx = store.conn_mut().transaction()?;
    campaigns::insert_campaign(&tx, &campaign)?;
    meeting::insert_rules_version(
        &tx,
        &campaign_id,
        &RulesVersion {
            version: 1,
            rules: campaign.scoring_rules.clone(),
            created_at: campaign.created_at.clone(),
            actor: actor.to_string(),
        },
    )?;
    for (i, org) in orgs.iter().enumerate() {
        organizations::insert_organization(&tx, &campaign_id, i, org)?;
    }
    let start = store::next_position(&tx, store::Positioned::Secretaries)?;
    for (i, s) in secretaries.iter().enumerate() {
        organizations::insert_secretary(&tx, start + i, s)?;
    }
    for (i, c) in categories.iter().enumerate() {
        meeting::insert_rater_category(&tx, &campaign_id, i, c)?;
    }
    let start = store::next_position(&tx, store::Positioned::Raters)?;
    for (i, r) in raters.iter().enumerate() {
        meeting::insert_rater(&tx, start + i, r)?;
    }
    meeting::set_agenda(&tx, &campaign_id, &agenda)?;
    let start = store::next_position(&tx, store::Positioned::Problems)?;
    for (i, p) in problems.iter().enumerate() {
        lists::insert_problem(&tx, start + i, p)?;
    }
    let start = store::next_position(&tx, store::Positioned::Responsibilities)?;
    for (i, r) in responsibilities.iter().enumerate() {
        lists::insert_responsibility(&tx, start + i, r)?;
    }
    let start = store::next_position(&tx, store::Positioned::Rectifications)?;
    for (i, r) in measures.iter().enumerate() {
        lists::insert_rectification(&tx, start + i, r)?;
    }
    let detail = match &source {
        Some(old) => format!(
            "建立{}年度述职评议（沿用{}年度的 {} 个党组织、{} 位书记和设置，结转未完成整改问题 {} 个）",
            input.year,
            old.year,
            orgs.len(),
            secretaries.len(),
            problems.len()
        ),
        None => format!("建立{}年度述职评议", input.year),
    };
    audit::record(&tx, Some(&campaign_id), &audit::entry(actor, "campaign.create", "campaign", &campaign_id, detail))?;
    tx.commit()?;
    Ok(CreatedCampaign {
        campaign_id,
        organizations: orgs.len() as u32,
        secretaries: secretaries.len() as u32,
        carried_problems: problems.len() as u32,
        carried_measures: measures.len() as u32,
    })
}

/// One gap in the coverage (全覆盖) or in the readiness for the meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CoverageGap {
    pub message: String,
    pub organization_id: Option<Id>,
    pub secretary_id: Option<Id>,
}

/// Whether every subordinate organization reports, and what is missing before the meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Coverage {
    /// True when every subordinate organization has a secretary on the agenda (全覆盖).
    pub covered: bool,
    pub organizations: u32,
    pub secretaries: u32,
    pub gaps: Vec<CoverageGap>,
    /// What is still missing before the meeting (reports not approved, panel, date).
    pub before_meeting: Vec<String>,
}

/// The coverage check of a campaign.
pub fn coverage(store: &Store, campaign_id: &str) -> Result<Coverage> {
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let orgs = organizations::list_organizations(conn, campaign_id)?;
    let secretaries = organizations::list_secretaries(conn, campaign_id)?;
    let (_, off_agenda) = crate::meeting::agenda(store, campaign_id)?;
    let mut gaps = Vec::new();
    // The organizer's own committee (the root) reports to no one here.
    for org in orgs.iter().filter(|o| o.parent_id.is_some()) {
        if !secretaries.iter().any(|s| s.organization_id == org.id) {
            gaps.push(CoverageGap {
                message: format!("{}（{}）没有书记，无人述职", org.name, org.unit),
                organization_id: Some(org.id.clone()),
                secretary_id: None,
            });
        }
    }
    for person in &off_agenda {
        gaps.push(CoverageGap {
            message: format!("{}（{}）不在述职议程上", person.name, person.unit),
            organization_id: None,
            secretary_id: Some(person.secretary_id.clone()),
        });
    }
    if orgs.iter().filter(|o| o.parent_id.is_some()).count() == 0 {
        gaps.push(CoverageGap {
            message: "还没有下级党组织：请导入名册或逐个添加。".into(),
            organization_id: None,
            secretary_id: None,
        });
    }
    let mut before = Vec::new();
    let reports = reports::list_reports(conn, campaign_id)?;
    let not_approved: Vec<&str> = secretaries
        .iter()
        .filter(|s| !reports.iter().any(|r| r.secretary_id == s.id && r.status == ReportStatus::Approved))
        .map(|s| s.name.as_str())
        .collect();
    if !not_approved.is_empty() {
        before.push(format!(
            "{} 位书记的述职报告尚未审核通过：{}",
            not_approved.len(),
            not_approved.iter().take(12).copied().collect::<Vec<_>>().join("、")
        ));
    }
    let categories = meeting::list_rater_categories(conn, campaign_id)?;
    let empty: Vec<&str> = categories.iter().filter(|c| c.planned_size == 0).map(|c| c.name.as_str()).collect();
    if categories.is_empty() {
        before.push("还没有设定评议人类别。".into());
    } else if !empty.is_empty() {
        before.push(format!("评议人类别未定人数：{}", empty.join("、")));
    }
    if campaign.meeting_date.is_none() {
        before.push("述职评议会日期未定。".into());
    }
    Ok(Coverage {
        covered: gaps.is_empty(),
        organizations: orgs.iter().filter(|o| o.parent_id.is_some()).count() as u32,
        secretaries: secretaries.len() as u32,
        gaps,
        before_meeting: before,
    })
}

/// A row of a roster (名册): one organization and its secretary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RosterRow {
    /// The line in the file (the header is line 1).
    pub line: u32,
    pub unit: String,
    pub organization: String,
    /// 党委 / 党总支 / 党支部
    pub kind: String,
    /// The parent organization's name; empty for the organizer's committee.
    pub parent: String,
    pub name: String,
    pub title: String,
}

/// A roster row with what importing it would do, or why it cannot.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RosterPreviewRow {
    pub row: RosterRow,
    pub problems: Vec<String>,
    pub action: String,
}

/// The whole preview: nothing is written until every row is fine.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RosterPreview {
    pub rows: Vec<RosterPreviewRow>,
    pub bad_rows: u32,
    pub new_organizations: u32,
    pub new_secretaries: u32,
}

const COLUMNS: [&str; 6] = ["单位", "党组织", "类型", "上级党组织", "书记姓名", "职务"];

fn kind_of(text: &str) -> Option<OrgKind> {
    match text.trim() {
        "党委" | "committee" => Some(OrgKind::Committee),
        "党总支" | "general_branch" => Some(OrgKind::GeneralBranch),
        "党支部" | "branch" => Some(OrgKind::Branch),
        _ => None,
    }
}

/// Reads a roster from an .xlsx (first sheet) or .csv file; the header row names the
/// columns 单位 / 党组织 / 类型 / 上级党组织 / 书记姓名 / 职务 in any order. The limits of
/// [`crate::limits`] are checked before the work: the file's size, what an .xlsx unpacks to,
/// and the rows and columns read; nothing past a limit is read.
pub fn read_roster(file_name: &str, bytes: &[u8]) -> Result<Vec<RosterRow>> {
    let bad = |place: String, problem: String, fix: &str| Error::InvalidImport {
        file: file_name.to_string(),
        place,
        problem,
        fix: fix.to_string(),
    };
    crate::files::check_size(file_name, crate::files::ROSTER, bytes.len() as u64)?;
    let too_many_rows = |line: usize| {
        bad(
            format!("第 {line} 行："),
            format!("名册超过了 {} 行数据的上限", limits::ROSTER_ROWS),
            "请把名册分成几个文件分批导入，或删去名册下方多余的内容。",
        )
    };
    let lower = file_name.to_lowercase();
    let table: Vec<Vec<String>> = if lower.ends_with(".xlsx") {
        let not_excel = |e: String| {
            bad(
                String::new(),
                format!("不是有效的 Excel 文件（{e}）"),
                "请用 Excel 或 WPS 另存为 .xlsx 后重试；旧的 .xls 格式请先另存为 .xlsx。",
            )
        };
        let unpacked = unpacked_size(bytes, limits::SHEET_UNPACKED_BYTES).map_err(not_excel)?;
        if unpacked > limits::SHEET_UNPACKED_BYTES {
            return Err(bad(
                String::new(),
                format!(
                    "文件解压后超过 {} 的上限（名册只需几百 KB）",
                    crate::files::size_text(limits::SHEET_UNPACKED_BYTES)
                ),
                "请只保留名册所在的工作表，删去图片和其他工作表后另存为 .xlsx 再导入。",
            ));
        }
        read_first_sheet(bytes, &too_many_rows).map_err(|e| match e {
            SheetError::Rows(error) => error,
            SheetError::Excel(text) => not_excel(text),
        })?
    } else if lower.ends_with(".csv") {
        let text = std::str::from_utf8(bytes).map_err(|_| {
            bad(String::new(), "不是 UTF-8 编码的文本".into(), "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后重试。")
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut table = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let place = e.position().map(|p| format!("第 {} 行：", p.line())).unwrap_or_default();
                bad(place, format!("CSV 格式有误（{e}）"), "请检查该行的逗号和引号。")
            })?;
            if table.len() > limits::ROSTER_ROWS {
                return Err(too_many_rows(table.len() + 1));
            }
            table.push(record.iter().take(limits::SHEET_COLUMNS).map(|c| c.trim().to_string()).collect());
        }
        table
    } else {
        return Err(bad(String::new(), "不支持这种文件".into(), "请选择 .xlsx 或 .csv 格式的名册。"));
    };
    // The header is the first row with anything in it (a title row above it is not allowed).
    let Some(header_at) = table.iter().position(|row| row.iter().any(|c| !c.is_empty())) else {
        return Err(bad(
            String::new(),
            "文件是空的".into(),
            "第一行应为表头：单位、党组织、类型、上级党组织、书记姓名、职务。",
        ));
    };
    let header = &table[header_at];
    let mut index = Vec::new();
    for column in COLUMNS {
        match header.iter().position(|h| h == column) {
            Some(i) => index.push(i),
            None => {
                return Err(bad(
                    format!("第 {} 行（表头）：", header_at + 1),
                    format!("缺少“{column}”一栏"),
                    "表头应包括：单位、党组织、类型、上级党组织、书记姓名、职务（顺序不限）。",
                ));
            }
        }
    }
    let cell = |row: &Vec<String>, i: usize| row.get(index[i]).cloned().unwrap_or_default();
    Ok(table
        .iter()
        .enumerate()
        .skip(header_at + 1)
        .filter(|(_, row)| row.iter().any(|c| !c.is_empty()))
        .map(|(n, row)| RosterRow {
            line: n as u32 + 1,
            unit: cell(row, 0),
            organization: cell(row, 1),
            kind: cell(row, 2),
            parent: cell(row, 3),
            name: cell(row, 4),
            title: cell(row, 5),
        })
        .collect())
}

/// What the parts of a zip file unpack to, counted by unpacking them (not from what the
/// file claims), stopping as soon as `limit` is passed.
fn unpacked_size(bytes: &[u8], limit: u64) -> std::result::Result<u64, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut total = 0u64;
    for index in 0..archive.len() {
        let entry = archive.by_index(index).map_err(|e| e.to_string())?;
        let room = limit.saturating_sub(total) + 1;
        total +=
            std::io::copy(&mut std::io::Read::take(entry, room), &mut std::io::sink()).map_err(|e| e.to_string())?;
        if total > limit {
            break;
        }
    }
    Ok(total)
}

enum SheetError {
    Rows(Error),
    Excel(String),
}

/// The first sheet's cells as rows of text, read cell by cell: a sheet that claims to
/// reach row 1,048,576 costs nothing until a cell past the row limit is met, which ends it.
fn read_first_sheet(
    bytes: &[u8],
    too_many_rows: &dyn Fn(usize) -> Error,
) -> std::result::Result<Vec<Vec<String>>, SheetError> {
    use calamine::Reader;
    let excel = |e: calamine::XlsxError| SheetError::Excel(e.to_string());
    let mut workbook = calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(excel)?;
    let Some(first) = workbook.sheet_names().first().cloned() else {
        return Err(SheetError::Excel("工作簿中没有工作表".into()));
    };
    let mut cells = workbook.worksheet_cells_reader(&first).map_err(excel)?;
    let mut table: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(excel)? {
        let (row, column) = cell.get_position();
        let (row, column) = (row as usize, column as usize);
        if column >= limits::SHEET_COLUMNS {
            continue;
        }
        let text = calamine::Data::from(cell.get_value().clone()).to_string();
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if row > limits::ROSTER_ROWS {
            return Err(SheetError::Rows(too_many_rows(row + 1)));
        }
        if table.len() <= row {
            table.resize(row + 1, Vec::new());
        }
        let cells_of_row = &mut table[row];
        if cells_of_row.len() <= column {
            cells_of_row.resize(column + 1, String::new());
        }
        cells_of_row[column] = text.to_string();
    }
    Ok(table)
}

/// Checks every row against the others and the campaign; writes nothing. Linear in the
/// rows: each row is looked up by name, never compared with every other.
pub fn preview_roster(store: &Store, campaign_id: &str, rows: &[RosterRow]) -> Result<RosterPreview> {
    if rows.len() > limits::ROSTER_ROWS {
        return Err(Error::Invalid {
            message: format!(
                "名册有 {} 行，超过了 {} 行的上限。请把名册分成几个文件分批导入。",
                rows.len(),
                limits::ROSTER_ROWS
            ),
        });
    }
    let conn = store.conn();
    campaigns::get_campaign(conn, campaign_id)?;
    let orgs = organizations::list_organizations(conn, campaign_id)?;
    let secretaries = organizations::list_secretaries(conn, campaign_id)?;
    let roots = orgs.iter().filter(|o| o.parent_id.is_none()).count();
    let existing: HashMap<&str, &Organization> = orgs.iter().map(|o| (o.name.as_str(), o)).collect();
    let with_secretary: HashSet<&str> = secretaries.iter().map(|s| s.organization_id.as_str()).collect();
    let mut first_line: HashMap<&str, u32> = HashMap::new();
    for row in rows {
        first_line.entry(row.organization.trim()).or_insert(row.line);
    }
    let mut preview = RosterPreview { rows: Vec::new(), bad_rows: 0, new_organizations: 0, new_secretaries: 0 };
    for row in rows {
        let mut problems = Vec::new();
        let org_name = row.organization.trim();
        if row.unit.trim().is_empty() {
            problems.push("缺少单位".to_string());
        }
        if org_name.is_empty() {
            problems.push("缺少党组织名称".to_string());
        }
        if kind_of(&row.kind).is_none() {
            problems.push(format!("类型“{}”无效，应为 党委、党总支 或 党支部", limits::excerpt(row.kind.trim())));
        }
        if row.name.trim().is_empty() {
            problems.push("缺少书记姓名".to_string());
        }
        for (what, text, max) in [
            ("单位", &row.unit, limits::ORGANIZATION_NAME_CHARS),
            ("党组织名称", &row.organization, limits::ORGANIZATION_NAME_CHARS),
            ("上级党组织", &row.parent, limits::ORGANIZATION_NAME_CHARS),
            ("书记姓名", &row.name, limits::PERSON_NAME_CHARS),
            ("职务", &row.title, limits::PERSON_NAME_CHARS),
        ] {
            if let Some(problem) = limits::name_problem(text, max) {
                problems.push(format!("{what}{problem}"));
            }
        }
        let parent = row.parent.trim();
        if parent.is_empty() {
            if roots != 1 {
                problems.push("未填上级党组织，且本年度没有唯一的上级党委可以挂靠".to_string());
            }
        } else if parent == org_name {
            problems.push("上级党组织不能是自己".to_string());
        } else if !first_line.contains_key(parent) && !existing.contains_key(parent) {
            problems.push(format!("上级党组织“{}”不在名册中，也不是本年度已有的党组织", limits::excerpt(parent)));
        }
        if !org_name.is_empty() && first_line.get(org_name).is_some_and(|line| *line != row.line) {
            problems.push(format!("与第 {} 行重复（同一党组织）", first_line[org_name]));
        }
        let found = existing.get(org_name);
        let action = match found {
            Some(org) if with_secretary.contains(org.id.as_str()) => {
                problems.push("该党组织在本年度已有书记（重复）".to_string());
                String::new()
            }
            Some(_) => "为已有党组织添加书记".to_string(),
            None => "新增党组织和书记".to_string(),
        };
        if problems.is_empty() {
            preview.new_secretaries += 1;
            if found.is_none() {
                preview.new_organizations += 1;
            }
        } else {
            preview.bad_rows += 1;
        }
        preview.rows.push(RosterPreviewRow { row: row.clone(), problems, action });
    }
    Ok(preview)
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RosterImported {
    pub organizations: u32,
    pub secretaries: u32,
}

/// Imports the rows, all or nothing: refused while the preview marks any row.
pub fn import_roster(store: &mut Store, campaign_id: &str, rows: &[RosterRow], actor: &str) -> Result<RosterImported> {
    let preview = preview_roster(store, campaign_id, rows)?;
    if rows.is_empty() {
        return Err(Error::invalid("名册中没有数据行。"));
    }
    if preview.bad_rows > 0 {
        let first = preview.rows.iter().find(|r| !r.problems.is_empty()).expect("a bad row");
        return Err(Error::Conflict {
            message: format!(
                "名册有 {} 行需要修正（如第 {} 行：{}）。请在预览中改正后再导入；本次没有导入任何内容。",
                preview.bad_rows,
                first.row.line,
                first.problems.join("；")
            ),
        });
    }
    crate::store::backup::automatic_backup(store, "before-import")?;
    let conn = store.conn();
    let orgs = organizations::list_organizations(conn, campaign_id)?;
    let root = orgs.iter().find(|o| o.parent_id.is_none()).map(|o| o.id.clone());
    // Every organization by name, those here and those the file adds (each once: the
    // preview refused repeats), so each row is one lookup.
    let mut ids: HashMap<String, Id> = orgs.iter().map(|o| (o.name.clone(), o.id.clone())).collect();
    let mut new_orgs = Vec::new();
    let mut parent_of_new = Vec::new();
    for row in rows {
        let name = row.organization.trim();
        if !ids.contains_key(name) {
            let org = Organization {
                id: new_id(),
                parent_id: None,
                name: name.to_string(),
                kind: kind_of(&row.kind).expect("checked"),
                unit: row.unit.trim().to_string(),
            };
            ids.insert(org.name.clone(), org.id.clone());
            parent_of_new.push(row.parent.trim());
            new_orgs.push(org);
        }
    }
    // Then parents, which may be named later in the file.
    for (org, parent) in new_orgs.iter_mut().zip(parent_of_new) {
        org.parent_id = if parent.is_empty() { root.clone() } else { ids.get(parent).cloned() };
    }
    let new_secretaries: Vec<Secretary> = rows
        .iter()
        .map(|row| Secretary {
            id: new_id(),
            organization_id: ids[row.organization.trim()].clone(),
            name: row.name.trim().to_string(),
            title: row.title.trim().to_string(),
        })
        .collect();
    let org_start = crate::store::next_position(conn, crate::store::Positioned::Organizations)?;
    let agenda = meeting::list_agenda(conn, campaign_id)?;
    let tx = store.conn_mut().transaction()?;
    for (i, org) in new_orgs.iter().enumerate() {
        organizations::insert_organization(&tx, campaign_id, org_start + i, org)?;
    }
    let start = store::next_position(&tx, store::Positioned::Secretaries)?;
    for (i, s) in new_secretaries.iter().enumerate() {
        organizations::insert_secretary(&tx, start + i, s)?;
    }
    if !agenda.is_empty() {
        // An explicit agenda gets the new secretaries at its end, so coverage holds.
        let mut order = agenda.clone();
        order.extend(new_secretaries.iter().map(|s| s.id.clone()));
        meeting::set_agenda(&tx, campaign_id, &order)?;
    }
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "roster.import",
            "campaign",
            campaign_id,
            format!("导入名册：新增党组织 {} 个、书记 {} 位", new_orgs.len(), new_secretaries.len()),
        ),
    )?;
    tx.commit()?;
    Ok(RosterImported { organizations: new_orgs.len() as u32, secretaries: new_secretaries.len() as u32 })
}

/// A focus point as edited; `id` is `None` for a new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FocusPointInput {
    pub id: Option<Id>,
    pub title: String,
    pub role: crate::domain::FocusRole,
    pub guidance: String,
    pub char_budget: u32,
}

/// The settings of a year the organizer edits on the planning screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CampaignSettings {
    pub title: String,
    /// `YYYY-MM-DD`, or empty when not yet fixed.
    pub meeting_date: String,
    pub report_char_budget: u32,
    pub problems_min_percent: u32,
    pub review_levels: Vec<String>,
    pub focus_points: Vec<FocusPointInput>,
}

/// Saves the year's title, meeting date, budgets, review levels and focus points.
/// A focus point with text in any report, or a review level a report waits at, stays.
pub fn save_campaign_settings(
    store: &mut Store,
    campaign_id: &str,
    settings: &CampaignSettings,
    actor: &str,
) -> Result<()> {
    let title = settings.title.trim();
    if title.is_empty() {
        return Err(Error::invalid("标题不能为空。"));
    }
    let meeting_date = Some(settings.meeting_date.trim().to_string()).filter(|d| !d.is_empty());
    if let Some(date) = &meeting_date
        && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err()
    {
        return Err(Error::invalid(format!("述职评议会日期“{date}”无效，请写成 2025-01-16 这样的日期。")));
    }
    if !(500..=20000).contains(&settings.report_char_budget) {
        return Err(Error::invalid("全文字数上限应在 500 到 20000 字之间（常见做法：3000 字）。"));
    }
    if settings.problems_min_percent > 100 {
        return Err(Error::invalid("问题部分所占比例不能超过 100%。"));
    }
    let levels: Vec<String> =
        settings.review_levels.iter().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
    if levels.is_empty() || levels.len() > 6 {
        return Err(Error::invalid("审核层级应有 1 到 6 级，例如：党办初审、分管领导审核、党委书记审定。"));
    }
    if settings.focus_points.is_empty() {
        return Err(Error::invalid("至少要有一项述职重点。"));
    }
    for (i, point) in settings.focus_points.iter().enumerate() {
        if point.title.trim().is_empty() {
            return Err(Error::invalid(format!("第 {} 项述职重点没有标题。", i + 1)));
        }
    }
    for role in [
        crate::domain::FocusRole::Achievements,
        crate::domain::FocusRole::Problems,
        crate::domain::FocusRole::Measures,
        crate::domain::FocusRole::LastYear,
    ] {
        if settings.focus_points.iter().filter(|p| p.role == role).count() > 1 {
            return Err(Error::invalid("成绩、问题、措施、上年度整改这几类述职重点各只能有一项；其余请选“其他”。"));
        }
    }
    let total: u32 = settings.focus_points.iter().map(|p| p.char_budget).sum();
    if total > settings.report_char_budget {
        return Err(Error::invalid(format!(
            "各节字数合计 {total} 字，超过全文上限 {} 字。请调低某些节的字数，或提高全文上限。",
            settings.report_char_budget
        )));
    }
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let reports = reports::list_reports(conn, campaign_id)?;
    if let Some(report) =
        reports.iter().find(|r| r.status == ReportStatus::Submitted && r.review_level as usize >= levels.len())
    {
        return Err(Error::Conflict {
            message: format!(
                "有报告正等待第 {} 级审核，审核层级不能少于 {} 级。请待其审核后再减少层级。",
                report.review_level + 1,
                report.review_level + 1
            ),
        });
    }
    for old in &campaign.focus_points {
        let kept = settings.focus_points.iter().any(|p| p.id.as_deref() == Some(old.id.as_str()));
        let written =
            reports.iter().any(|r| r.sections.iter().any(|s| s.focus_point_id == old.id && !s.body.trim().is_empty()));
        if !kept && written {
            return Err(Error::Conflict {
                message: format!("述职重点“{}”已有报告填写了内容，不能删除；可以修改它的标题和要求。", old.title),
            });
        }
    }
    for point in &settings.focus_points {
        if let Some(id) = &point.id
            && !campaign.focus_points.iter().any(|p| &p.id == id)
        {
            return Err(Error::invalid("有一项述职重点不属于本年度，请刷新后重试。"));
        }
    }
    let tx = store.conn_mut().transaction()?;
    campaigns::update_settings(
        &tx,
        campaign_id,
        title,
        meeting_date.as_deref(),
        settings.report_char_budget,
        settings.problems_min_percent,
    )?;
    for old in &campaign.focus_points {
        if !settings.focus_points.iter().any(|p| p.id.as_deref() == Some(old.id.as_str())) {
            campaigns::delete_focus_point(&tx, &old.id)?;
        }
    }
    for (position, point) in settings.focus_points.iter().enumerate() {
        let saved = FocusPoint {
            id: point.id.clone().unwrap_or_else(new_id),
            title: point.title.trim().to_string(),
            role: point.role,
            guidance: point.guidance.trim().to_string(),
            char_budget: point.char_budget,
        };
        campaigns::save_focus_point(&tx, campaign_id, position, &saved)?;
    }
    campaigns::set_review_levels(&tx, campaign_id, &levels)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "campaign.settings",
            "campaign",
            campaign_id,
            format!("修改年度设置：{} 项述职重点、{} 级审核", settings.focus_points.len(), levels.len()),
        ),
    )?;
    tx.commit()?;
    Ok(())
}

/// An organization in the tree, with its depth and its secretaries.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrganizationNode {
    pub organization: Organization,
    pub depth: u32,
    pub secretaries: Vec<Secretary>,
}

/// The organization tree, parents before children, each level in stored order.
pub fn organization_tree(store: &Store, campaign_id: &str) -> Result<Vec<OrganizationNode>> {
    let conn = store.conn();
    campaigns::get_campaign(conn, campaign_id)?;
    let orgs = organizations::list_organizations(conn, campaign_id)?;
    let secretaries = organizations::list_secretaries(conn, campaign_id)?;
    let mut nodes = Vec::new();
    // Depth-first from the roots; an organization whose parent is missing is shown as a root.
    let ids: BTreeSet<&str> = orgs.iter().map(|o| o.id.as_str()).collect();
    fn visit(
        parent: Option<&str>,
        depth: u32,
        orgs: &[Organization],
        ids: &BTreeSet<&str>,
        secretaries: &[Secretary],
        nodes: &mut Vec<OrganizationNode>,
    ) {
        for org in orgs.iter().filter(|o| match parent {
            None => o.parent_id.as_deref().is_none_or(|p| !ids.contains(p)),
            Some(p) => o.parent_id.as_deref() == Some(p),
        }) {
            nodes.push(OrganizationNode {
                organization: org.clone(),
                depth,
                secretaries: secretaries.iter().filter(|s| s.organization_id == org.id).cloned().collect(),
            });
            visit(Some(&org.id), depth + 1, orgs, ids, secretaries, nodes);
        }
    }
    visit(None, 0, &orgs, &ids, &secretaries, &mut nodes);
    Ok(nodes)
}

/// An organization as edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrganizationInput {
    pub name: String,
    pub kind: OrgKind,
    pub unit: String,
    pub parent_id: Option<Id>,
}

fn campaign_of_organization(store: &Store, org_id: &str) -> Result<String> {
    organizations::campaign_of(store.conn(), organizations::Owned::Organization, org_id)
}

/// Renames an organization, changes its kind, unit or parent (never into its own subtree).
pub fn update_organization(store: &mut Store, org_id: &str, input: &OrganizationInput, actor: &str) -> Result<()> {
    let campaign_id = campaign_of_organization(store, org_id)?;
    if input.name.trim().is_empty() || input.unit.trim().is_empty() {
        return Err(Error::invalid("请填写党组织名称和所在单位。"));
    }
    for (what, text) in [("党组织名称", &input.name), ("所在单位", &input.unit)] {
        if let Some(problem) = limits::name_problem(text, limits::ORGANIZATION_NAME_CHARS) {
            return Err(Error::invalid(format!("{what}{problem}。请改正后再保存。")));
        }
    }
    let orgs = organizations::list_organizations(store.conn(), &campaign_id)?;
    if orgs.iter().any(|o| o.id != org_id && o.name == input.name.trim()) {
        return Err(Error::invalid(format!("本年度已有名为“{}”的党组织。", input.name.trim())));
    }
    let current = orgs.iter().find(|o| o.id == org_id).expect("found above");
    if current.parent_id.is_none() && input.parent_id.is_some() {
        return Err(Error::invalid("组织方的党委是最上一级，不能挂到别的党组织下面。"));
    }
    if current.parent_id.is_some() && input.parent_id.is_none() {
        return Err(Error::invalid("请选择上级党组织。"));
    }
    if let Some(parent) = &input.parent_id {
        // Walk up from the new parent: meeting this organization would make a cycle.
        let mut at = Some(parent.clone());
        while let Some(id) = at {
            if id == org_id {
                return Err(Error::invalid("不能把党组织挂到它自己或它的下级下面。"));
            }
            at = orgs.iter().find(|o| o.id == id).and_then(|o| o.parent_id.clone());
        }
        if !orgs.iter().any(|o| &o.id == parent) {
            return Err(Error::invalid("所选的上级党组织不属于本年度，请刷新后重试。"));
        }
    }
    let changed = Organization {
        id: org_id.to_string(),
        parent_id: input.parent_id.clone(),
        name: input.name.trim().to_string(),
        kind: input.kind,
        unit: input.unit.trim().to_string(),
    };
    let tx = store.conn_mut().transaction()?;
    organizations::update_organization(&tx, &changed)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &audit::entry(actor, "organization.edit", "organization", org_id, input.name.clone()),
    )?;
    tx.commit()?;
    Ok(())
}

/// Deletes an organization that has no sub-organizations and no secretary.
pub fn delete_organization(store: &mut Store, org_id: &str, actor: &str) -> Result<()> {
    let campaign_id = campaign_of_organization(store, org_id)?;
    let orgs = organizations::list_organizations(store.conn(), &campaign_id)?;
    let org = orgs.iter().find(|o| o.id == org_id).expect("found above").clone();
    if org.parent_id.is_none() {
        return Err(Error::Conflict { message: "组织方的党委不能删除。".into() });
    }
    if orgs.iter().any(|o| o.parent_id.as_deref() == Some(org_id)) {
        return Err(Error::Conflict {
            message: format!("“{}”下面还有党组织，请先移走或删除它们。", org.name)
        });
    }
    if organizations::list_secretaries(store.conn(), &campaign_id)?.iter().any(|s| s.organization_id == org_id) {
        return Err(Error::Conflict {
            message: format!("“{}”还有书记，请先删除或调走书记。", org.name)
        });
    }
    let tx = store.conn_mut().transaction()?;
    organizations::delete_organization(&tx, org_id)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &audit::entry(actor, "organization.delete", "organization", org_id, org.name),
    )?;
    tx.commit()?;
    Ok(())
}

/// A secretary as edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SecretaryInput {
    pub name: String,
    pub title: String,
}

/// Changes a secretary's name or posts.
pub fn update_secretary(store: &mut Store, secretary_id: &str, input: &SecretaryInput, actor: &str) -> Result<()> {
    let campaign_id = organizations::campaign_of_secretary(store.conn(), secretary_id)?;
    if input.name.trim().is_empty() {
        return Err(Error::invalid("书记姓名不能为空。"));
    }
    for (what, text) in [("书记姓名", &input.name), ("职务", &input.title)] {
        if let Some(problem) = limits::name_problem(text, limits::PERSON_NAME_CHARS) {
            return Err(Error::invalid(format!("{what}{problem}。请改正后再保存。")));
        }
    }
    let tx = store.conn_mut().transaction()?;
    organizations::update_secretary(&tx, secretary_id, input.name.trim(), input.title.trim())?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &audit::entry(actor, "secretary.edit", "secretary", secretary_id, input.name.clone()),
    )?;
    tx.commit()?;
    Ok(())
}

/// Removes a secretary who has no report, no ballot row and no problem yet.
pub fn delete_secretary(store: &mut Store, secretary_id: &str, actor: &str) -> Result<()> {
    let conn = store.conn();
    let campaign_id = organizations::campaign_of_secretary(conn, secretary_id)?;
    if organizations::secretary_in_use(conn, secretary_id)? {
        return Err(Error::Conflict {
            message: "这位书记已有述职报告、测评票或问题清单，不能删除；如已调离，请修改姓名和职务为接任者。".into(),
        });
    }
    let tx = store.conn_mut().transaction()?;
    organizations::delete_secretary(&tx, secretary_id)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &audit::entry(actor, "secretary.delete", "secretary", secretary_id, String::new()),
    )?;
    tx.commit()?;
    Ok(())
}
