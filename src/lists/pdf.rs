//! The three lists as an official-looking PDF: A4 landscape, a centred title, the
//! organizer and date, bordered tables whose header repeats on every page, and
//! 第 1 页 共 n 页 in the footer. Drawn with the shared PDF layer.

use crate::domain::RectificationStatus;
use crate::error::Result;
use crate::lists::{ListKind, Lists};
use crate::pdf::{Align, Column, DocumentBuilder, PageNumbers, PageSize, require_coverage};
use crate::report::pdf::chinese_date;

const TITLE_SIZE: f32 = 18.0;
const META_SIZE: f32 = 12.0;
const CELL_SIZE: f32 = 10.5;

/// The chosen lists as PDF bytes; `today` is the date printed under the title.
pub fn lists_pdf(lists: &Lists, kinds: &[ListKind], today: chrono::NaiveDate) -> Result<Vec<u8>> {
    let who = match &lists.secretary_id {
        Some(_) => lists.problems.first().map(|p| format!("{}{}", p.unit, p.secretary_name)).unwrap_or_default(),
        None => String::new(),
    };
    let tables: Vec<(ListKind, Vec<Column>, Vec<Vec<String>>)> =
        kinds.iter().map(|kind| (*kind, columns(*kind), rows(lists, *kind))).collect();
    let texts: Vec<&str> = tables
        .iter()
        .flat_map(|(_, _, rows)| rows.iter().flat_map(|row| row.iter().map(String::as_str)))
        .chain([lists.organizer.as_str(), who.as_str()])
        .collect();
    require_coverage("清单", texts)?;

    let title_of = |kind: ListKind| format!("{}{}年度党组织书记抓基层党建述职评议{}", who, lists.year, kind.label());
    let first = kinds.first().copied().unwrap_or(ListKind::Problems);
    let mut document = DocumentBuilder::new(&title_of(first), PageSize::A4Landscape, PageNumbers::OfTotal);
    for (index, (kind, columns, rows)) in tables.iter().enumerate() {
        if index > 0 {
            document.new_page();
        }
        document.centered(&title_of(*kind), TITLE_SIZE, true);
        document.centered(&format!("{}    {}", lists.organizer, chinese_date(&today.to_string())), META_SIZE, false);
        document.space(META_SIZE * 0.6);
        if rows.is_empty() {
            document.centered("（暂无条目）", META_SIZE, false);
        } else {
            document.table(columns, rows, CELL_SIZE);
        }
    }
    document.finish()
}

fn columns(kind: ListKind) -> Vec<Column> {
    match kind {
        ListKind::Problems => vec![
            Column::new("序号", 0.75, Align::Center),
            Column::new("单位及党组织", 2.2, Align::Left),
            Column::new("问题描述", 4.6, Align::Left),
            Column::new("原因分析", 3.4, Align::Left),
            Column::new("来源", 1.0, Align::Center),
            Column::new("类别", 1.1, Align::Center),
        ],
        ListKind::Responsibilities => vec![
            Column::new("序号", 0.75, Align::Center),
            Column::new("问题", 6.2, Align::Left),
            Column::new("责任人", 1.4, Align::Center),
            Column::new("责任领导", 1.4, Align::Center),
            Column::new("责任部门", 1.8, Align::Center),
        ],
        ListKind::Rectifications => vec![
            Column::new("序号", 0.7, Align::Center),
            Column::new("单位及党组织", 2.0, Align::Left),
            Column::new("问题", 2.6, Align::Left),
            Column::new("整改措施", 2.9, Align::Left),
            Column::new("整改目标", 1.8, Align::Left),
            Column::new("责任人", 1.1, Align::Center),
            Column::new("完成时限", 1.3, Align::Center),
            Column::new("整改状态", 1.2, Align::Center),
            Column::new("销号日期", 1.3, Align::Center),
        ],
    }
}

/// The unit, and under it the 党组织: one unit (a hospital) has several secretaries.
fn place(unit: &str, organization: &str) -> String {
    if organization.is_empty() { unit.to_string() } else { format!("{unit}\n{organization}") }
}

/// The cells of a list, as printed.
pub fn rows(lists: &Lists, kind: ListKind) -> Vec<Vec<String>> {
    let date = |d: &Option<String>| d.as_deref().map(chinese_date).unwrap_or_default();
    match kind {
        ListKind::Problems => lists
            .problems
            .iter()
            .enumerate()
            .map(|(i, p)| {
                vec![
                    (i + 1).to_string(),
                    place(&p.unit, &p.organization),
                    p.description.clone(),
                    p.cause.clone(),
                    p.source.label().to_string(),
                    p.category.clone(),
                ]
            })
            .collect(),
        ListKind::Responsibilities => lists
            .responsibilities
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![(i + 1).to_string(), r.problem.clone(), r.owner.clone(), r.leader.clone(), r.department.clone()]
            })
            .collect(),
        ListKind::Rectifications => lists
            .rectifications
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let status = if r.overdue && r.status != RectificationStatus::Done {
                    format!("{}（逾期）", r.status.label())
                } else {
                    r.status.label().to_string()
                };
                vec![
                    (i + 1).to_string(),
                    place(&r.unit, &r.organization),
                    r.problem.clone(),
                    r.measure.clone(),
                    r.target.clone(),
                    r.owner.clone(),
                    date(&r.due),
                    status,
                    date(&r.signed_off_on),
                ]
            })
            .collect(),
    }
}

/// The chosen lists (of one secretary, or of the campaign) as PDF, with their file name.
pub fn lists_pdf_export(
    store: &crate::store::Store,
    campaign_id: &str,
    secretary_id: Option<&str>,
    kinds: &[ListKind],
    today: chrono::NaiveDate,
) -> Result<crate::files::Export> {
    let lists = crate::lists::build_lists(store, campaign_id, secretary_id, today)?;
    Ok(crate::files::Export { file_name: lists.file_name("pdf"), bytes: lists_pdf(&lists, kinds, today)? })
}
