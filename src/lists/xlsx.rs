//! The three lists with their tracking columns as an Excel workbook.

use rust_xlsxwriter::Workbook;

use crate::domain::RectificationStatus;
use crate::error::Result;
use crate::lists::{ListKind, Lists};
use crate::xlsx::{failed, sheet};

/// The lists workbook: one sheet per list, the 整改清单 with every tracking column.
pub fn lists_xlsx(lists: &Lists, kinds: &[ListKind]) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    for kind in kinds {
        match kind {
            ListKind::Problems => {
                let rows = lists
                    .problems
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        vec![
                            (i as u32 + 1).into(),
                            p.unit.clone().into(),
                            p.organization.clone().into(),
                            p.secretary_name.clone().into(),
                            p.description.clone().into(),
                            p.cause.clone().into(),
                            p.source.label().into(),
                            p.category.clone().into(),
                        ]
                    })
                    .collect();
                sheet(
                    &mut book,
                    kind.label(),
                    &[
                        ("序号", 6.0),
                        ("单位", 20.0),
                        ("党组织", 22.0),
                        ("书记", 10.0),
                        ("问题描述", 50.0),
                        ("原因分析", 36.0),
                        ("来源", 10.0),
                        ("类别", 10.0),
                    ],
                    rows,
                )?;
            }
            ListKind::Responsibilities => {
                let rows = lists
                    .responsibilities
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        vec![
                            (i as u32 + 1).into(),
                            r.problem.clone().into(),
                            r.owner.clone().into(),
                            r.leader.clone().into(),
                            r.department.clone().into(),
                        ]
                    })
                    .collect();
                sheet(
                    &mut book,
                    kind.label(),
                    &[("序号", 6.0), ("问题", 50.0), ("责任人", 12.0), ("责任领导", 12.0), ("责任部门", 16.0)],
                    rows,
                )?;
            }
            ListKind::Rectifications => {
                let rows = lists
                    .rectifications
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let last = r.progress.last();
                        vec![
                            (i as u32 + 1).into(),
                            r.unit.clone().into(),
                            r.organization.clone().into(),
                            r.problem.clone().into(),
                            r.measure.clone().into(),
                            r.target.clone().into(),
                            r.owner.clone().into(),
                            r.due.clone().unwrap_or_default().into(),
                            r.status.label().into(),
                            if r.overdue && r.status != RectificationStatus::Done { "逾期" } else { "" }.into(),
                            r.signed_off_on.clone().unwrap_or_default().into(),
                            r.verifier.clone().unwrap_or_default().into(),
                            r.inspections.into(),
                            last.map_or_else(String::new, |n| format!("{} {}（佐证：{}）", n.date, n.note, n.evidence))
                                .into(),
                        ]
                    })
                    .collect();
                sheet(
                    &mut book,
                    kind.label(),
                    &[
                        ("序号", 6.0),
                        ("单位", 18.0),
                        ("党组织", 22.0),
                        ("问题", 36.0),
                        ("整改措施", 40.0),
                        ("整改目标", 20.0),
                        ("责任人", 10.0),
                        ("完成时限", 11.0),
                        ("整改状态", 9.0),
                        ("是否逾期", 8.0),
                        ("销号日期", 11.0),
                        ("核验人", 10.0),
                        ("督查次数", 8.0),
                        ("最近进展", 36.0),
                    ],
                    rows,
                )?;
            }
        }
    }
    book.save_to_buffer().map_err(failed)
}

/// The three lists with their tracking columns as an Excel workbook, with its file name.
pub fn lists_xlsx_export(
    store: &crate::store::Store,
    campaign_id: &str,
    secretary_id: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<crate::files::Export> {
    let lists = crate::lists::build_lists(store, campaign_id, secretary_id, today)?;
    Ok(crate::files::Export { file_name: lists.file_name("xlsx"), bytes: lists_xlsx(&lists, &ListKind::ALL)? })
}
