//! Excel workbooks the office works on: the results table (counts, shares, score, 等次,
//! 优秀 flag, per category) and the three lists with their tracking columns.
//! Written with rust_xlsxwriter; every value is a cell a person can sort and filter.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::domain::{Grade, RectificationStatus};
use crate::error::{Error, Result};
use crate::lists::{ListKind, Lists};
use crate::meeting::{MeetingResults, grade_label};

fn failed(error: XlsxError) -> Error {
    Error::Conflict {
        message: format!("生成 Excel 文件失败（{error}）。请重试；若问题仍在，请联系管理员。")
    }
}

/// A cell: text or a number.
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_string())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

impl From<u32> for Cell {
    fn from(value: u32) -> Cell {
        Cell::Number(f64::from(value))
    }
}

impl From<Option<f64>> for Cell {
    fn from(value: Option<f64>) -> Cell {
        value.map_or(Cell::Empty, Cell::Number)
    }
}

/// Writes one sheet: a bold header row frozen at the top, then the rows; `widths` in characters.
fn sheet(book: &mut Workbook, name: &str, header: &[(&str, f64)], rows: Vec<Vec<Cell>>) -> Result<()> {
    let head = Format::new().set_bold().set_border(FormatBorder::Thin).set_align(FormatAlign::Center).set_text_wrap();
    let body = Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::Top);
    let worksheet: &mut Worksheet = book.add_worksheet();
    worksheet.set_name(name).map_err(failed)?;
    for (c, (title, width)) in header.iter().enumerate() {
        worksheet.write_string_with_format(0, c as u16, *title, &head).map_err(failed)?;
        worksheet.set_column_width(c as u16, *width).map_err(failed)?;
    }
    worksheet.set_freeze_panes(1, 0).map_err(failed)?;
    // Printed as offices print: A4 landscape, one page wide, the header row on every page.
    worksheet.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0);
    worksheet.set_repeat_rows(0, 0).map_err(failed)?;
    worksheet.set_footer("&C第 &P 页 共 &N 页");
    for (r, row) in rows.into_iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.into_iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(text) => worksheet.write_string_with_format(r, c, text, &body).map_err(failed)?,
                Cell::Number(value) => worksheet.write_number_with_format(r, c, value, &body).map_err(failed)?,
                Cell::Empty => worksheet.write_blank(r, c, &body).map_err(failed)?,
            };
        }
    }
    Ok(())
}

/// The results workbook: 评议结果 (one row per secretary, per-category columns), 无效票, 说明.
pub fn results_xlsx(results: &MeetingResults) -> Result<Vec<u8>> {
    let outcome = &results.outcome;
    let categories: Vec<String> =
        outcome.secretaries.first().map(|s| s.by_category.iter().map(|c| c.name.clone()).collect()).unwrap_or_default();
    let mut header: Vec<(String, f64)> = [
        ("述职顺序", 6.0),
        ("姓名", 10.0),
        ("单位", 22.0),
        ("职务", 18.0),
        ("好", 6.0),
        ("较好", 6.0),
        ("一般", 6.0),
        ("差", 6.0),
        ("无效", 6.0),
        ("好票率(%)", 8.0),
        ("较好票率(%)", 8.0),
        ("一般票率(%)", 8.0),
        ("差票率(%)", 8.0),
        ("得分", 8.0),
        ("评定等次", 8.0),
        ("名次", 6.0),
        ("年度考核可评优秀", 10.0),
    ]
    .iter()
    .map(|(t, w)| (t.to_string(), *w))
    .collect();
    for name in &categories {
        for grade in Grade::ALL {
            header.push((format!("{name}·{}", grade.label()), 8.0));
        }
        header.push((format!("{name}·平均分"), 9.0));
    }
    let rows = results
        .people
        .iter()
        .zip(&outcome.secretaries)
        .enumerate()
        .map(|(i, (person, r))| {
            let mut row: Vec<Cell> = vec![
                (i as u32 + 1).into(),
                r.label.clone().into(),
                person.unit.clone().into(),
                person.title.clone().into(),
                r.counts.good.into(),
                r.counts.fairly_good.into(),
                r.counts.fair.into(),
                r.counts.poor.into(),
                r.invalid.into(),
            ];
            row.extend(r.percents.iter().map(|p| Cell::Number(*p)));
            row.push(r.score.into());
            row.push(grade_label(r.grade).into());
            row.push(r.rank.map_or(Cell::Empty, Cell::from));
            row.push(if r.excellent_allowed { "可以" } else { "不得" }.into());
            for c in &r.by_category {
                match c.counts {
                    Some(counts) => {
                        row.extend(Grade::ALL.iter().map(|g| Cell::from(counts.of(*g))));
                        row.push(c.mean.into());
                    }
                    None => row.extend((0..5).map(|_| Cell::from("不公开"))),
                }
            }
            row
        })
        .collect();
    let header_refs: Vec<(&str, f64)> = header.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    let mut book = Workbook::new();
    sheet(&mut book, "评议结果", &header_refs, rows)?;
    let invalid = outcome
        .invalid_ballots
        .iter()
        .map(|b| vec![b.serial.clone().into(), b.category.clone().into(), b.reason_label.clone().into()])
        .collect();
    sheet(&mut book, "无效票", &[("票号", 10.0), ("评议人类别", 16.0), ("无效原因", 40.0)], invalid)?;
    let mut notes: Vec<Vec<Cell>> = vec![
        vec!["年度述职评议".into(), results.title.clone().into()],
        vec!["组织方".into(), results.organizer.clone().into()],
        vec![format!("计分规则（第 {} 版）", results.rules_version).into(), outcome.formula.clone().into()],
        vec!["测评票".into(), format!("共 {} 张，有效 {} 张", outcome.ballots_total, outcome.ballots_valid).into()],
        vec!["测评票指纹（SHA-256）".into(), outcome.fingerprint.clone().into()],
    ];
    if let Some(closure) = &results.closure {
        notes.push(vec!["封存".into(), format!("{} 由 {} 结束测评", closure.closed_at, closure.closed_by).into()]);
    }
    sheet(&mut book, "说明", &[("项目", 22.0), ("内容", 90.0)], notes)?;
    book.save_to_buffer().map_err(failed)
}

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
