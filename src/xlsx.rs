//! The one Excel layer: workbooks the office works on, written with rust_xlsxwriter;
//! every value is a cell a person can sort and filter (text stays text, never a formula).
//! The results table is drawn in `meeting/xlsx.rs`, the lists in `lists/xlsx.rs`.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::error::{Error, Result};

pub(crate) fn failed(error: XlsxError) -> Error {
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
pub(crate) fn sheet(book: &mut Workbook, name: &str, header: &[(&str, f64)], rows: Vec<Vec<Cell>>) -> Result<()> {
    titled_sheet(book, name, None, header, rows)
}

/// Writes one sheet as [`sheet`] does, with `title` (a line of guidance, say) in a row of
/// its own above the header when it is given.
pub(crate) fn titled_sheet(
    book: &mut Workbook,
    name: &str,
    title: Option<&str>,
    header: &[(&str, f64)],
    rows: Vec<Vec<Cell>>,
) -> Result<()> {
    let head = Format::new().set_bold().set_border(FormatBorder::Thin).set_align(FormatAlign::Center).set_text_wrap();
    let body = Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::Top);
    let worksheet: &mut Worksheet = book.add_worksheet();
    worksheet.set_name(name).map_err(failed)?;
    let header_row = u32::from(title.is_some());
    if let Some(title) = title {
        let last = header.len().saturating_sub(1) as u16;
        let format = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Left).set_align(FormatAlign::Top);
        let title = crate::text::for_document(title);
        if last == 0 {
            worksheet.write_string_with_format(0, 0, title, &format).map_err(failed)?;
        } else {
            worksheet.merge_range(0, 0, 0, last, &title, &format).map_err(failed)?;
        }
        worksheet.set_row_height(0, 48).map_err(failed)?;
    }
    for (c, (title, width)) in header.iter().enumerate() {
        worksheet
            .write_string_with_format(header_row, c as u16, crate::text::for_document(title), &head)
            .map_err(failed)?;
        worksheet.set_column_width(c as u16, *width).map_err(failed)?;
    }
    worksheet.set_freeze_panes(header_row + 1, 0).map_err(failed)?;
    // Printed as offices print: A4 landscape, one page wide, the header row on every page.
    worksheet.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0);
    worksheet.set_repeat_rows(header_row, header_row).map_err(failed)?;
    worksheet.set_footer("&C第 &P 页 共 &N 页");
    for (r, row) in rows.into_iter().enumerate() {
        let r = r as u32 + header_row + 1;
        for (c, cell) in row.into_iter().enumerate() {
            let c = c as u16;
            match cell {
                // Cleaned as every document is: a control character would otherwise stay in
                // the cell as an escape code, and U+FFFE/U+FFFF would break the file.
                Cell::Text(text) => {
                    worksheet.write_string_with_format(r, c, crate::text::for_document(&text), &body).map_err(failed)?
                }
                Cell::Number(value) => worksheet.write_number_with_format(r, c, value, &body).map_err(failed)?,
                Cell::Empty => worksheet.write_blank(r, c, &body).map_err(failed)?,
            };
        }
    }
    Ok(())
}
