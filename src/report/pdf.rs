//! The 述职报告 as a clean A4 document: title, organization and secretary, date in
//! 2023年5月22日 form, numbered sections in 公文 sizes (三号 16 pt), page numbers
//! — 1 — in the footer. Drawn with the shared PDF layer.

use std::path::PathBuf;

use crate::error::Result;
use crate::pdf::{DocumentBuilder, PageNumbers, PageSize, require_coverage};
use crate::report::report_editor;
use crate::store::Store;

/// 二号 (22 pt) for the title, 三号 (16 pt) for headings and text, as 公文 use.
const TITLE_SIZE: f32 = 22.0;
const TEXT_SIZE: f32 = 16.0;

/// The report as PDF bytes.
pub fn report_pdf(store: &Store, report_id: &str) -> Result<Vec<u8>> {
    let editor = report_editor(store, report_id)?;
    let title = report_title(store, report_id)?;
    let byline =
        format!("{}  {}", crate::domain::post_of(&editor.unit, &editor.secretary_title), editor.secretary_name);
    let date = chinese_date(&editor.updated_at);
    let texts: Vec<&str> = [title.as_str(), byline.as_str()]
        .into_iter()
        .chain(editor.sections.iter().flat_map(|s| [s.title.as_str(), s.body.as_str()]))
        .collect();
    require_coverage("报告", texts)?;

    let mut document =
        DocumentBuilder::new(&format!("{} {title}", editor.secretary_name), PageSize::A4Portrait, PageNumbers::Dashes);
    document.centered(&title, TITLE_SIZE, true);
    document.space(6.0);
    document.centered(&byline, TEXT_SIZE, false);
    document.centered(&date, TEXT_SIZE, false);
    document.space(TEXT_SIZE);
    for section in &editor.sections {
        if section.body.trim().is_empty() {
            continue;
        }
        document.heading(&section.title, TEXT_SIZE);
        document.paragraphs(&section.body, TEXT_SIZE);
    }
    document.finish()
}

/// The report's title, e.g. 2023年度抓基层党建工作述职报告 (the PDF and the Word file share it).
pub(crate) fn report_title(store: &Store, report_id: &str) -> Result<String> {
    let year = crate::store::reports::year_of_report(store.conn(), report_id)?;
    Ok(format!("{year}年度抓基层党建工作述职报告"))
}

/// A file name for the report, e.g. 李秀兰述职报告.pdf; `extension` without the dot
/// (`pdf`, `docx`, `szpkg`).
pub fn report_file_name(store: &Store, report_id: &str, extension: &str) -> Result<String> {
    let editor = report_editor(store, report_id)?;
    Ok(format!("{}述职报告.{extension}", crate::files::file_name_from(&editor.secretary_name, "书记")))
}

/// Where the window puts exported files: 文档/述职评议助手, or the data folder.
pub fn export_folder() -> PathBuf {
    dirs::document_dir().or_else(dirs::data_dir).unwrap_or_else(|| PathBuf::from(".")).join("述职评议助手")
}

/// 2023-12-18T… → 2023年12月18日.
pub fn chinese_date(text: &str) -> String {
    let date = text.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    match date {
        Some(date) => date.format("%Y年%-m月%-d日").to_string(),
        None => text.to_string(),
    }
}

/// 2026-12-03T22:26:51+08:00 → 2026年12月3日 22:26, as people write a moment: the time as
/// the computer that recorded it read its clock (the offset stays with the moment). Text
/// that is no such moment comes back as it is.
pub fn chinese_time(text: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(text) {
        Ok(moment) => moment.format("%Y年%-m月%-d日 %H:%M").to_string(),
        Err(_) => text.to_string(),
    }
}

/// The report as PDF, with the name it is saved under.
pub fn report_pdf_export(store: &Store, report_id: &str) -> Result<crate::files::Export> {
    Ok(crate::files::Export {
        file_name: report_file_name(store, report_id, "pdf")?,
        bytes: report_pdf(store, report_id)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_in_documents() {
        assert_eq!(chinese_date("2023-05-22T09:30:00+08:00"), "2023年5月22日");
        assert_eq!(chinese_date("2023-12-01"), "2023年12月1日");
        assert_eq!(chinese_time("2026-12-03T22:26:51+00:00"), "2026年12月3日 22:26");
        assert_eq!(chinese_time("2024-01-05T08:03:00+08:00"), "2024年1月5日 08:03");
        assert_eq!(chinese_time("昨天"), "昨天");
    }
}
