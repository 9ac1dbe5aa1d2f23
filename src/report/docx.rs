//! The 述职报告 as a Word document (.docx) in 公文 style, for offices that pass reports
//! on in Word: A4 with the 公文 margins, the title in 二号 小标宋, the byline and date in
//! 三号 仿宋, section headings (一、二、…) in 三号 黑体, body text in 三号 仿宋 with a two-
//! character first-line indent and a fixed 28.95 pt line pitch (22 lines a page).
//! Fonts are named, not embedded: Word and WPS use the 公文 fonts when installed and
//! substitute a Song/Fangsong face otherwise.

use docx_rs::{
    AlignmentType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing, LineSpacingType, PageMargin,
    Paragraph, Run, RunFonts, SpecialIndentType,
};

use crate::error::{Error, Result};
use crate::report::pdf::chinese_date;
use crate::report::report_editor;
use crate::store::Store;

/// Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt (the page number).
const TITLE_SIZE: usize = 44;
const TEXT_SIZE: usize = 32;
const PAGE_NUMBER_SIZE: usize = 28;
/// Twips (1/20 pt): the line pitch, and a two-character (2 × 16 pt) first-line indent.
const LINE_PITCH: i32 = 579;
const INDENT: i32 = 640;

fn mm(value: f32) -> i32 {
    (value * 1440.0 / 25.4).round() as i32
}

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new().east_asia(east_asia).ascii("Times New Roman").hi_ansi("Times New Roman")
}

/// A run of text on one line. Every stored text reaches the document through here, cleaned of
/// what XML cannot hold: one vertical tab would otherwise make a file Word refuses to open.
fn line(text: &str, size: usize, font: &str, bold: bool) -> Run {
    let run = Run::new().add_text(crate::text::for_document_line(text)).size(size).fonts(fonts(font));
    if bold { run.bold() } else { run }
}

/// The page number in 公文 style (GB/T 9704): "— 1 —" in 四号 宋体, one character in
/// from the outer edge: on the right of odd pages, on the left of even ones.
fn page_number_footer(align: AlignmentType) -> Footer {
    let text = |t: &str| Run::new().add_text(t).size(PAGE_NUMBER_SIZE).fonts(fonts("宋体"));
    let number = Run::new()
        .size(PAGE_NUMBER_SIZE)
        .fonts(fonts("宋体"))
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    let one_character = 280;
    let paragraph = Paragraph::new().add_run(text("— ")).add_run(number).add_run(text(" —")).align(align);
    let paragraph = match align {
        AlignmentType::Right => paragraph.indent(None, None, Some(one_character), None),
        _ => paragraph.indent(Some(one_character), None, None, None),
    };
    Footer::new().add_paragraph(paragraph)
}

fn spacing() -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Exact).line(LINE_PITCH).before(0).after(0)
}

/// The report as .docx bytes.
pub fn report_docx(store: &Store, report_id: &str) -> Result<Vec<u8>> {
    let editor = report_editor(store, report_id)?;
    let title = crate::report::pdf::report_title(store, report_id)?;
    let centered = |run: Run| Paragraph::new().add_run(run).align(AlignmentType::Center).line_spacing(spacing());
    let mut docx = Docx::new()
        .page_size(11906, 16838)
        .page_margin(PageMargin {
            top: mm(37.0),
            bottom: mm(35.0),
            left: mm(28.0),
            right: mm(26.0),
            header: mm(15.0),
            footer: mm(28.0),
            gutter: 0,
        })
        .default_fonts(fonts("仿宋_GB2312"))
        .default_size(TEXT_SIZE)
        .footer(page_number_footer(AlignmentType::Right))
        .even_footer(page_number_footer(AlignmentType::Left))
        .add_paragraph(
            Paragraph::new()
                .add_run(line(&title, TITLE_SIZE, "方正小标宋简体", false))
                .align(AlignmentType::Center)
                .line_spacing(LineSpacing::new().before(0).after(240)),
        )
        .add_paragraph(centered(line(
            &format!("{}  {}", crate::domain::post_of(&editor.unit, &editor.secretary_title), editor.secretary_name),
            TEXT_SIZE,
            "楷体_GB2312",
            false,
        )))
        .add_paragraph(centered(line(&chinese_date(&editor.updated_at), TEXT_SIZE, "仿宋_GB2312", false)))
        .add_paragraph(Paragraph::new().line_spacing(spacing()));
    for section in editor.sections.iter().filter(|s| !s.body.trim().is_empty()) {
        docx = docx.add_paragraph(
            Paragraph::new()
                .add_run(line(&section.title, TEXT_SIZE, "黑体", false))
                .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, Some(200))
                .line_spacing(spacing()),
        );
        // A vertical tab or form feed (Word's Shift+Enter, pasted) is a line break, so a paragraph.
        let body = crate::text::for_document(&section.body);
        for text in body.lines().map(str::trim).filter(|t| !t.is_empty()) {
            docx = docx.add_paragraph(
                Paragraph::new()
                    .add_run(line(text, TEXT_SIZE, "仿宋_GB2312", false))
                    .indent(None, Some(SpecialIndentType::FirstLine(INDENT)), None, Some(200))
                    .align(AlignmentType::Both)
                    .line_spacing(spacing()),
            );
        }
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).map_err(|e| Error::Conflict {
        message: format!("生成 Word 文件失败（{e}）。请重试；若问题仍在，请联系管理员。"),
    })?;
    Ok(bytes.into_inner())
}

/// The report as a Word document, with the name it is saved under.
pub fn report_docx_export(store: &Store, report_id: &str) -> Result<crate::files::Export> {
    Ok(crate::files::Export {
        file_name: crate::report::pdf::report_file_name(store, report_id, "docx")?,
        bytes: report_docx(store, report_id)?,
    })
}
