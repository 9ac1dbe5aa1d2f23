//! The report as PDF, read back as a person would see it.

use shuzhi::report::pdf::report_pdf;
use shuzhi::report::{save_section, start_report};

use crate::sample_store;

#[test]
fn the_report_pdf_reads_back_with_title_byline_date_and_sections() {
    let store = sample_store();
    let pdf = report_pdf(&store, "rep-fy").unwrap();
    assert!(pdf.len() < 200 * 1024, "the font is subset: {} bytes", pdf.len());
    let text = crate::pdf_text::pdf_text(&pdf, crate::pdf_text::Layout::Page);
    let flat: String = text.split_whitespace().collect();
    for expected in [
        "2023年度抓基层党建工作述职报告",
        "市妇幼保健院党总支书记、院长刘芳",
        "2023年12月22日",
        "一、履行抓基层党建第一责任人职责情况及主要成绩",
        "二、存在的问题及原因分析",
        "全市孕产妇系统管理率达95.6%，较上年提高2.1个百分点。",
        "—1—",
    ] {
        assert!(flat.contains(expected), "the PDF text lacks {expected}:\n{text}");
    }
    let fonts = crate::pdf_text::pdf_fonts(&pdf);
    let font = fonts.iter().find(|f| f.name.contains("NotoSerifSC")).expect("the bundled font is used");
    assert!(font.embedded && font.subset && font.unicode, "embedded, subset, unicode: {font:?}");
    assert_eq!(fonts.len(), 1, "one font: {fonts:?}");
}

#[test]
fn no_line_of_the_pdf_starts_with_closing_punctuation() {
    let store = sample_store();
    let text = crate::pdf_text::pdf_text(&report_pdf(&store, "rep-syy").unwrap(), crate::pdf_text::Layout::Raw);
    // The page numbers (— 1 —) are footers, not text lines.
    let is_page_number = |l: &str| {
        let digits: String = l.trim_matches(|c: char| c == '—' || c.is_whitespace()).to_string();
        l.starts_with('—') && l.ends_with('—') && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    };
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !is_page_number(l)) {
        let first = line.chars().next().unwrap();
        assert!(!shuzhi::pdf::is_line_start_forbidden(first), "a line starts with {first}: {line}");
    }
}

#[test]
fn characters_the_font_lacks_are_refused_by_name() {
    let mut store = sample_store();
    let report = start_report(&mut store, "sec-xy", "周慧").unwrap();
    save_section(&mut store, &report, "fp-2023-achievements", "本人带头学习😀，成效明显\u{E000}。").unwrap();
    let refused = report_pdf(&store, &report).unwrap_err().to_string();
    assert_eq!(
        refused,
        "报告中有 2 个字符字体里没有，打印出来会是空框：“😀”(U+1F600)、“\u{E000}”(U+E000)。\
         请改用常用写法（生僻字可用拼音或注释代替）后再导出。"
    );
}

#[test]
fn the_report_exports_as_a_word_document_with_every_line_of_every_section() {
    use std::io::Read;
    let store = crate::sample_store();
    let bytes = shuzhi::report::docx::report_docx(&store, "rep-fy").unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    archive.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let editor = shuzhi::report::report_editor(&store, "rep-fy").unwrap();
    assert!(xml.contains("2023年度抓基层党建工作述职报告"));
    assert!(xml.contains(&editor.secretary_name));
    let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    for section in editor.sections.iter().filter(|s| !s.body.trim().is_empty()) {
        assert!(xml.contains(&escape(&section.title)), "{}", section.title);
        for line in section.body.lines().map(str::trim).filter(|l| !l.is_empty()) {
            assert!(xml.contains(&escape(line)) || xml.contains(line), "missing: {line}");
        }
    }
    // 公文 fonts and the fixed 28.95 pt line pitch.
    assert!(xml.contains("仿宋_GB2312") && xml.contains("黑体"));
    assert!(xml.contains(r#"w:line="579""#));
    // Page numbers in 公文 style, "— 1 —", outer edge: right on odd pages, left on even ones.
    let names: Vec<String> = archive.file_names().map(str::to_string).collect();
    let mut footers = Vec::new();
    for name in names.iter().filter(|n| n.starts_with("word/footer")) {
        let mut footer = String::new();
        archive.by_name(name).unwrap().read_to_string(&mut footer).unwrap();
        footers.push(footer);
    }
    assert_eq!(footers.len(), 2, "{names:?}");
    for footer in &footers {
        assert!(footer.contains("<w:instrText>PAGE</w:instrText>"), "{footer}");
        assert!(footer.contains("— ") && footer.contains(" —"), "{footer}");
    }
    assert!(footers.iter().any(|f| f.contains(r#"w:jc w:val="right""#)));
    assert!(footers.iter().any(|f| f.contains(r#"w:jc w:val="left""#)));
    let mut settings = String::new();
    archive.by_name("word/settings.xml").unwrap().read_to_string(&mut settings).unwrap();
    assert!(settings.contains("evenAndOddHeaders"), "odd and even pages have their own footers");
}
