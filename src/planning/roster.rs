//! The roster (名册) from Excel or CSV: read within the limits, previewed row by row, and
//! imported whole once every row is fine. Linear in the rows.

use super::*;

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

/// How far down the header of a roster is looked for (title rows above it are passed over).
const HEADER_SEARCH_ROWS: usize = 10;

/// The name the roster template is offered under.
pub const ROSTER_TEMPLATE_FILE: &str = "名单模板.xlsx";

/// What the template says above its header, for whoever fills it in.
const TEMPLATE_GUIDANCE: &str = "述职书记名单（填好后在“年度筹备 → 导入名册”中选择本文件）。每行一个党组织及其书记，第 2 行表头请勿改动。\
党组织写全称，同一年度内不能重名（如“市第三人民医院内科党支部”）：同一单位有几位支部书记时，靠党组织区分。\
类型填 党委、党总支 或 党支部；上级党组织填本名单中或本年度已有的党组织全称，不填则挂在本年度的上级党委下。\
下面三行是示例，请改为实际名单后导入。";

/// The template's example rows: a hospital's committee and two of its branches, whose
/// secretaries share the unit and the post and are told apart by the 党组织.
const TEMPLATE_EXAMPLES: [[&str; 6]; 3] = [
    ["市第三人民医院", "中共市第三人民医院委员会", "党委", "", "王红", "党委书记"],
    ["市第三人民医院", "市第三人民医院内科党支部", "党支部", "中共市第三人民医院委员会", "张敏", "支部书记"],
    ["市第三人民医院", "市第三人民医院外科党支部", "党支部", "中共市第三人民医院委员会", "刘洋", "支部书记"],
];

/// The roster template (名单模板.xlsx): the guidance, the header [`read_roster`] looks for
/// and three example rows, on the first sheet, which is the one the import reads.
pub fn roster_template() -> Result<crate::files::Export> {
    use crate::xlsx::{Cell, failed, titled_sheet};
    let widths = [18.0, 28.0, 8.0, 28.0, 10.0, 16.0];
    let header: Vec<(&str, f64)> = COLUMNS.iter().copied().zip(widths).collect();
    let rows = TEMPLATE_EXAMPLES.iter().map(|row| row.iter().map(|cell| Cell::from(*cell)).collect()).collect();
    let mut book = rust_xlsxwriter::Workbook::new();
    titled_sheet(&mut book, "名单", Some(TEMPLATE_GUIDANCE), &header, rows)?;
    Ok(crate::files::Export {
        file_name: ROSTER_TEMPLATE_FILE.to_string(),
        bytes: book.save_to_buffer().map_err(failed)?,
    })
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
    let table = crate::sheets::read_table(file_name, bytes, crate::files::ROSTER)?;
    // The header is the first row (among the first few) that names every column: a title
    // row above it, as WPS and Excel tables usually have (“2024年度述职书记名册”), is passed
    // over. Spaces inside a heading (“书记 姓名”) do not count.
    let heading = |h: &str| h.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let names_every_column = |row: &Vec<String>| COLUMNS.iter().all(|column| row.iter().any(|h| heading(h) == *column));
    let Some(first_filled) = table.iter().position(|row| row.iter().any(|c| !c.is_empty())) else {
        return Err(bad(
            String::new(),
            "文件是空的".into(),
            "第一行应为表头：单位、党组织、类型、上级党组织、书记姓名、职务。",
        ));
    };
    let header_at = table.iter().take(HEADER_SEARCH_ROWS).position(names_every_column).unwrap_or(first_filled);
    let header = &table[header_at];
    let mut index = Vec::new();
    for column in COLUMNS {
        match header.iter().position(|h| heading(h) == column) {
            Some(i) => index.push(i),
            None => {
                return Err(bad(
                    format!("第 {} 行（表头）：", header_at + 1),
                    format!("缺少“{column}”一栏"),
                    "表头应包括：单位、党组织、类型、上级党组织、书记姓名、职务（顺序不限）；表头之上可以有标题行，但表头须在前 10 行之内。",
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
    import_roster_as(store, campaign_id, rows, actor, super::Starting::ByOrganizer)
}

pub(crate) fn import_roster_as(
    store: &mut Store,
    campaign_id: &str,
    rows: &[RosterRow],
    actor: &str,
    starting: super::Starting,
) -> Result<RosterImported> {
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
    let tx = store.begin_write()?;
    if starting == super::Starting::ByOrganizer {
        crate::workstation::refuse_unless_organizer(&tx, "导入名册")?;
    }
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
