//! Tables from a spreadsheet the person chose (.xlsx, first sheet, or .csv): read within the
//! limits of [`crate::limits`] before any work — the file's size, what an .xlsx unpacks to,
//! the rows and columns read — so the roster and the 日常考核 scores refuse the same things
//! with the same words. Nothing past a limit is read.

use crate::error::{Error, Result};
use crate::files::FileKind;
use crate::limits;

/// The cells of the file as rows of trimmed text (empty cells as empty strings).
pub fn read_table(file_name: &str, bytes: &[u8], kind: FileKind) -> Result<Vec<Vec<String>>> {
    let bad = |place: String, problem: String, fix: &str| Error::InvalidImport {
        file: file_name.to_string(),
        place,
        problem,
        fix: fix.to_string(),
    };
    crate::files::check_size(file_name, kind, bytes.len() as u64)?;
    let too_many_rows = |line: usize| {
        bad(
            format!("第 {line} 行："),
            format!("{}超过了 {} 行数据的上限", kind.what, limits::ROSTER_ROWS),
            &format!("请把{}分成几个文件分批导入，或删去下方多余的内容。", kind.what),
        )
    };
    let too_many_columns = |line: usize, column: usize| {
        bad(
            format!("第 {line} 行第 {column} 栏："),
            format!("{}只读前 {} 栏，这一栏以后还有内容", kind.what, limits::SHEET_COLUMNS),
            "请删去右侧多余的栏或内容后重试。",
        )
    };
    let lower = file_name.to_lowercase();
    Ok(if lower.ends_with(".xlsx") {
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
                    "文件解压后超过 {} 的上限（{}只需几百 KB）",
                    crate::files::size_text(limits::SHEET_UNPACKED_BYTES),
                    kind.what
                ),
                &format!("请只保留{}所在的工作表，删去图片和其他工作表后另存为 .xlsx 再导入。", kind.what),
            ));
        }
        read_first_sheet(bytes, &too_many_rows).map_err(|e| match e {
            SheetError::Rows(error) => error,
            SheetError::Excel(text) => not_excel(text),
            SheetError::Columns(line, column) => too_many_columns(line, column),
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
            if let Some(column) = record.iter().skip(limits::SHEET_COLUMNS).position(|c| !c.trim().is_empty()) {
                return Err(too_many_columns(table.len() + 1, limits::SHEET_COLUMNS + column + 1));
            }
            table.push(record.iter().take(limits::SHEET_COLUMNS).map(|c| c.trim().to_string()).collect());
        }
        table
    } else {
        return Err(bad(
            String::new(),
            "不支持这种文件".into(),
            &format!("请选择 .xlsx 或 .csv 格式的{}。", kind.what),
        ));
    })
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
    /// A filled cell past the column limit: its row and column, from 1.
    Columns(usize, usize),
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
        let text = calamine::Data::from(cell.get_value().clone()).to_string();
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        // Nothing written is passed over silently: a filled cell past the column limit stops
        // the reading (a score in column 65 would otherwise be lost without a word).
        if column >= limits::SHEET_COLUMNS {
            return Err(SheetError::Columns(row + 1, column + 1));
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
