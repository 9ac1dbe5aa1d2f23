//! The one PDF layer every document of the app is drawn with (report, lists, results).
//!
//! printpdf 0.12 draws glyphs; everything a 公文 needs on top of that lives here:
//! the bundled CJK font (Noto Serif SC, OFL, in `assets/fonts/`), measuring text with
//! its advances, CJK line breaking that never starts a line with closing punctuation
//! and keeps Latin words and numbers whole, page breaks, centred titles, and page
//! numbers in the footer. A character the font lacks is reported, never drawn as a box.
//! Every text is cleaned on its way in by `text::for_document`, as Word and Excel clean it:
//! a control or invisible character is never drawn, a vertical tab breaks the line.

mod layout;

use std::sync::OnceLock;

use printpdf::{
    Color, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rgb, TextItem, TextMatrix,
    TextRenderingMode,
};

use crate::error::{Error, Result};
pub use layout::{break_lines, column_widths, is_line_start_forbidden, widest_word};

/// The bundled font's bytes (Noto Serif SC Regular, SIL Open Font License 1.1).
const FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/NotoSerifSC-Regular.ttf");

/// Millimetres to points.
pub fn mm(value: f32) -> f32 {
    Mm(value).into_pt().0
}

/// The parsed font, loaded once per process.
pub struct Font {
    parsed: ParsedFont,
    units_per_em: f32,
}

impl Font {
    /// The bundled font.
    pub fn bundled() -> &'static Font {
        static FONT: OnceLock<Font> = OnceLock::new();
        FONT.get_or_init(|| {
            let parsed = ParsedFont::from_bytes(FONT_BYTES, 0, &mut Vec::new()).expect("the bundled font parses");
            let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
            Font { parsed, units_per_em }
        })
    }

    /// True when the font has a glyph for `c` (white space always counts as drawable).
    pub fn covers(&self, c: char) -> bool {
        c.is_whitespace() || self.parsed.lookup_glyph_index(c as u32).is_some()
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c, size)).sum()
    }

    /// The advance of one character at `size` points.
    pub fn advance(&self, c: char, size: f32) -> f32 {
        match self.parsed.lookup_glyph_index(c as u32) {
            Some(glyph) => f32::from(self.parsed.get_horizontal_advance(glyph)) * size / self.units_per_em,
            None => size,
        }
    }
}

/// Every character in `texts` the bundled font cannot draw, in order of first appearance.
/// Characters the documents never draw (controls, invisible characters; see `text`) do not count.
pub fn missing_glyphs<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<char> {
    let font = Font::bundled();
    let mut missing = Vec::new();
    for text in texts {
        for c in crate::text::for_document(text).chars() {
            if !font.covers(c) && !missing.contains(&c) {
                missing.push(c);
            }
        }
    }
    missing
}

/// Page sizes the documents use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PageSize {
    A4Portrait,
    A4Landscape,
}

impl PageSize {
    fn points(self) -> (f32, f32) {
        match self {
            PageSize::A4Portrait => (mm(210.0), mm(297.0)),
            PageSize::A4Landscape => (mm(297.0), mm(210.0)),
        }
    }
}

/// How page numbers are written in the footer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PageNumbers {
    /// — 1 — (公文 style)
    Dashes,
    /// 第 1 页 共 3 页
    OfTotal,
    /// No footer (forms such as ballot sheets, one per page).
    None,
}

/// How a column's text sits in its cells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Center,
}

/// A table column: its header and its share of the text width.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Relative width; the widths of all columns fill the text width.
    pub weight: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: &str, weight: f32, align: Align) -> Column {
        Column { title: title.to_string(), weight, align }
    }
}

/// One series of a bar chart: its name, its grey and one value per label.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSeries {
    pub name: String,
    /// 0 is black, 1 white.
    pub grey: f32,
    pub values: Vec<Option<f32>>,
    /// Values are percentages: written with one decimal and “%”.
    pub percent: bool,
}

/// A document being laid out page by page, top to bottom.
pub struct DocumentBuilder {
    document: PdfDocument,
    font_id: printpdf::FontId,
    size: PageSize,
    numbers: PageNumbers,
    margin_x: f32,
    margin_top: f32,
    margin_bottom: f32,
    pages: Vec<Vec<Op>>,
    /// Distance from the top of the page to the top of the next line, in points.
    cursor: f32,
}

impl DocumentBuilder {
    /// Starts a document; the 公文 margins are 37 mm top, 35 mm bottom, 28/26 mm sides.
    pub fn new(title: &str, size: PageSize, numbers: PageNumbers) -> DocumentBuilder {
        let mut document = PdfDocument::new(&crate::text::for_document_line(title));
        let font_id = document.add_font(&Font::bundled().parsed);
        let mut builder = DocumentBuilder {
            document,
            font_id,
            size,
            numbers,
            margin_x: mm(27.0),
            margin_top: mm(if size == PageSize::A4Portrait { 37.0 } else { 22.0 }),
            margin_bottom: mm(if size == PageSize::A4Portrait { 35.0 } else { 22.0 }),
            pages: Vec::new(),
            cursor: 0.0,
        };
        builder.new_page();
        builder
    }

    /// Narrower margins (20 mm top and bottom, 20 mm sides) for forms that must fit one page.
    pub fn compact(mut self) -> DocumentBuilder {
        self.margin_x = mm(20.0);
        self.margin_top = mm(20.0);
        self.margin_bottom = mm(20.0);
        self.cursor = self.margin_top;
        self
    }

    /// The width between the side margins.
    pub fn text_width(&self) -> f32 {
        self.size.points().0 - 2.0 * self.margin_x
    }

    fn page_height(&self) -> f32 {
        self.size.points().1
    }

    fn usable_bottom(&self) -> f32 {
        self.page_height() - self.margin_bottom
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.cursor = self.margin_top;
    }

    /// Makes room for `height` points, starting a new page when the rest of this one is too short.
    pub fn ensure_room(&mut self, height: f32) {
        if self.cursor + height > self.usable_bottom() && self.cursor > self.margin_top {
            self.new_page();
        }
    }

    /// Leaves `height` points of space.
    pub fn space(&mut self, height: f32) {
        self.cursor += height;
    }

    /// Draws one line of text with its left edge at `x` and its top at `top`.
    fn draw_text(&mut self, x: f32, top: f32, text: &str, size: f32, bold: bool) {
        self.draw_texts(&[(x, top, text)], size, bold);
    }

    /// Draws lines of one size and weight as one text object: the font is set once and
    /// each line is placed relative to the one before (`Td`), with coordinates rounded
    /// to 0.01 pt — what keeps a long table's file small.
    fn draw_texts(&mut self, lines: &[(f32, f32, &str)], size: f32, bold: bool) {
        if lines.is_empty() {
            return;
        }
        let page_height = self.page_height();
        let font = PdfFontHandle::External(self.font_id.clone());
        let ops = self.pages.last_mut().expect("a page is open");
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont { font, size: Pt(size) });
        if bold {
            // A faux bold: fill and stroke the glyph outlines.
            ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::FillStroke });
            ops.push(Op::SetOutlineThickness { pt: Pt(size / 30.0) });
        } else {
            ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::Fill });
        }
        let (mut last_x, mut last_y) = (0.0, 0.0);
        for (x, top, text) in lines {
            let (x, y) = (round2(*x), round2(page_height - top - size * 0.88));
            ops.push(Op::SetTextCursor {
                pos: printpdf::Point { x: Pt(round2(x - last_x)), y: Pt(round2(y - last_y)) },
            });
            ops.push(Op::ShowText { items: vec![TextItem::Text((*text).to_string())] });
            (last_x, last_y) = (x, y);
        }
        ops.push(Op::EndTextSection);
    }

    /// A line centred between the margins (titles, dates).
    pub fn centered(&mut self, text: &str, size: f32, bold: bool) {
        let text = &drawable(text, true);
        let width = self.text_width();
        for line in break_lines(Font::bundled(), text, size, width, 0.0) {
            let line_height = size * 1.6;
            self.ensure_room(line_height);
            let x = self.margin_x + (width - Font::bundled().width(&line, size)) / 2.0;
            let top = self.cursor;
            self.draw_text(x, top, &line, size, bold);
            self.cursor += line_height;
        }
    }

    /// A heading: bold, kept with at least two lines of what follows.
    pub fn heading(&mut self, text: &str, size: f32) {
        let text = &drawable(text, true);
        let line_height = size * 1.75;
        self.ensure_room(line_height * 3.0);
        for line in break_lines(Font::bundled(), text, size, self.text_width(), 0.0) {
            self.ensure_room(line_height);
            let top = self.cursor;
            self.draw_text(self.margin_x, top, &line, size, true);
            self.cursor += line_height;
        }
    }

    /// A paragraph per line of `text`, each indented by two characters, wrapped to the margins.
    pub fn paragraphs(&mut self, text: &str, size: f32) {
        // A vertical tab or form feed is a line break, so it starts a paragraph too.
        let text = &drawable(text, false);
        let line_height = size * 1.75;
        let indent = size * 2.0;
        for paragraph in text.lines().map(str::trim).filter(|p| !p.is_empty()) {
            for (index, line) in
                break_lines(Font::bundled(), paragraph, size, self.text_width(), indent).iter().enumerate()
            {
                self.ensure_room(line_height);
                let x = self.margin_x + if index == 0 { indent } else { 0.0 };
                let top = self.cursor;
                self.draw_text(x, top, line, size, false);
                self.cursor += line_height;
            }
        }
    }

    /// A bordered table whose header row repeats on every page. Cells wrap with the
    /// CJK rules; a row moves whole to the next page rather than splitting, and only a
    /// row taller than a page is split, between lines, never inside one.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>], size: f32) {
        let font = Font::bundled();
        let padding = 4.0;
        let line_height = size * 1.45;
        // A header breaks only where its title has a line break, and a cell never inside a
        // number or a short Latin word: each column is at least as wide as its header's
        // longest line and its cells' widest word up to eight characters (a longer one, an
        // address say, is cut wherever the column puts it rather than take the table).
        let weights: Vec<f32> = columns.iter().map(|c| c.weight).collect();
        let minimums: Vec<f32> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let header = c.title.lines().map(|l| font.width(l, size)).fold(0.0, f32::max);
                let cells = rows
                    .iter()
                    .filter_map(|row| row.get(i))
                    .map(|cell| widest_word(font, cell, size))
                    .filter(|width| *width <= 8.0 * size);
                cells.fold(header, f32::max) + 2.0 * padding + 0.5
            })
            .collect();
        let widths = column_widths(self.text_width(), &weights, &minimums);
        let wrap = |cells: &[String]| -> Vec<Vec<String>> {
            cells
                .iter()
                .zip(&widths)
                .map(|(cell, width)| {
                    let lines: Vec<String> = drawable(cell, false)
                        .lines()
                        .flat_map(|l| break_lines(font, l, size, width - 2.0 * padding, 0.0))
                        .collect();
                    if lines.is_empty() { vec![String::new()] } else { lines }
                })
                .collect()
        };
        let header: Vec<String> = columns.iter().map(|c| c.title.clone()).collect();
        let header_cells = wrap(&header);
        let header_height = header_cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * line_height + 2.0 * padding;
        let draw_header = |builder: &mut DocumentBuilder| {
            builder.draw_row(&widths, &header_cells, 0, usize::MAX, line_height, padding, size, true, columns);
            builder.cursor += header_height;
        };
        self.ensure_room(header_height + line_height + 2.0 * padding);
        draw_header(self);
        for row in rows {
            let cells = wrap(row);
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
            let height = lines as f32 * line_height + 2.0 * padding;
            if self.cursor + height > self.usable_bottom() {
                let page_room = self.usable_bottom() - self.margin_top - header_height;
                if height <= page_room || self.cursor > self.margin_top + header_height + 1.0 {
                    self.new_page();
                    draw_header(self);
                }
            }
            // Split only a row taller than whatever room is left on a fresh page.
            let mut first = 0;
            while first < lines {
                let room =
                    ((self.usable_bottom() - self.cursor - 2.0 * padding) / line_height).floor().max(1.0) as usize;
                let last = (first + room).min(lines);
                let part_height = (last - first) as f32 * line_height + 2.0 * padding;
                self.draw_row(&widths, &cells, first, last, line_height, padding, size, false, columns);
                self.cursor += part_height;
                first = last;
                if first < lines {
                    self.new_page();
                    draw_header(self);
                }
            }
        }
        self.cursor += size * 0.8;
    }

    /// Draws lines `first..last` of one row's cells with their borders, at the cursor.
    #[allow(clippy::too_many_arguments)]
    fn draw_row(
        &mut self,
        widths: &[f32],
        cells: &[Vec<String>],
        first: usize,
        last: usize,
        line_height: f32,
        padding: f32,
        size: f32,
        header: bool,
        columns: &[Column],
    ) {
        let font = Font::bundled();
        let count = cells.iter().map(|c| c.len().min(last).saturating_sub(first)).max().unwrap_or(0).max(1);
        let height = count as f32 * line_height + 2.0 * padding;
        let top = self.cursor;
        let mut boxes = Vec::new();
        let mut texts = Vec::new();
        let mut x = self.margin_x;
        for (index, (cell, width)) in cells.iter().zip(widths).enumerate() {
            boxes.push((x, *width));
            let align = if header { Align::Center } else { columns[index].align };
            for (offset, line) in cell.iter().skip(first).take(last.saturating_sub(first)).enumerate() {
                let line_width = font.width(line, size);
                let left = match align {
                    Align::Left => x + padding,
                    Align::Center => x + (width - line_width) / 2.0,
                };
                let line_top = top + padding + offset as f32 * line_height + (line_height - size) / 2.0;
                texts.push((left, line_top, line.as_str()));
            }
            x += width;
        }
        self.draw_boxes(&boxes, top, height, header);
        self.draw_texts(&texts, size, header);
    }

    /// A bar chart `height` points tall across the text width: one group of bars per label,
    /// one bar per series in its grey (0 black … 1 white, always outlined), its value written
    /// above it, and a legend below. Greys rather than colours: it prints the same on a
    /// black-and-white printer. `None` draws no bar and writes “—”.
    pub fn bar_chart(&mut self, labels: &[String], series: &[ChartSeries], max: f32, height: f32) {
        let size = 7.5;
        let legend_height = if series.len() > 1 { 16.0 } else { 0.0 };
        // Kept with the header and first rows of the table that follows it.
        self.ensure_room(height + 18.0 + legend_height + 70.0);
        let (left, width) = (self.margin_x + 24.0, self.text_width() - 24.0);
        let top = self.cursor + 10.0;
        let plot = height - 10.0;
        let base = top + plot;
        let group = width / labels.len().max(1) as f32;
        let bar = (group * 0.8 / series.len().max(1) as f32).min(28.0);
        let page_height = self.page_height();
        let rect = |x: f32, top: f32, w: f32, h: f32, mode| Op::DrawRectangle {
            rectangle: printpdf::Rect {
                x: Pt(round2(x)),
                y: Pt(round2(page_height - top - h)),
                width: Pt(round2(w)),
                height: Pt(round2(h)),
                mode: Some(mode),
                winding_order: None,
            },
        };
        let mut texts: Vec<(f32, f32, String)> = Vec::new();
        let ops = self.pages.last_mut().expect("a page is open");
        ops.push(Op::SetOutlineColor { col: Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None }) });
        ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
        // The axis and the scale: the top value and zero.
        ops.push(rect(left, top, 0.0, plot, printpdf::PaintMode::Stroke));
        ops.push(rect(left, base, width, 0.0, printpdf::PaintMode::Stroke));
        let scale = |value: f32| format!("{}", (value * 10.0).round() / 10.0);
        texts.push((self.margin_x, top - size * 0.5, scale(max)));
        texts.push((self.margin_x, base - size * 0.5, "0".into()));
        let font = Font::bundled();
        for (g, label) in labels.iter().enumerate() {
            let start = left + g as f32 * group + (group - bar * series.len() as f32) / 2.0;
            for (k, one) in series.iter().enumerate() {
                let x = start + k as f32 * bar;
                let value = one.values.get(g).copied().flatten();
                let h = value.map_or(0.0, |v| (plot * (v / max.max(f32::EPSILON))).clamp(0.0, plot));
                if value.is_some() {
                    let grey = one.grey;
                    ops.push(Op::SetFillColor {
                        col: Color::Rgb(Rgb { r: grey, g: grey, b: grey, icc_profile: None }),
                    });
                    ops.push(rect(x, base - h, bar, h, printpdf::PaintMode::FillStroke));
                }
                let text = match value {
                    None => "—".to_string(),
                    Some(v) if one.percent => format!("{v:.1}%"),
                    Some(v) => scale(v),
                };
                let text_width = font.width(&text, size);
                texts.push((x + (bar - text_width) / 2.0, base - h - size * 1.2, text));
            }
            let label_width = font.width(label, size);
            texts.push((left + g as f32 * group + (group - label_width) / 2.0, base + 3.0, label.clone()));
        }
        ops.push(Op::SetFillColor { col: Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None }) });
        // The legend: a swatch of each series' grey and its name.
        let mut x = left;
        let legend_top = base + 16.0;
        if series.len() > 1 {
            for one in series {
                let grey = one.grey;
                let ops = self.pages.last_mut().expect("a page is open");
                ops.push(Op::SetFillColor { col: Color::Rgb(Rgb { r: grey, g: grey, b: grey, icc_profile: None }) });
                ops.push(rect(x, legend_top, 9.0, 7.0, printpdf::PaintMode::FillStroke));
                texts.push((x + 12.0, legend_top - 0.5, one.name.clone()));
                x += 24.0 + font.width(&one.name, size);
            }
            let ops = self.pages.last_mut().expect("a page is open");
            ops.push(Op::SetFillColor { col: Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None }) });
        }
        let small: Vec<(f32, f32, &str)> = texts.iter().map(|(x, top, t)| (*x, *top, t.as_str())).collect();
        self.draw_texts(&small, size, false);
        self.cursor = base + 16.0 + legend_height;
    }

    /// A line of text with its left edge at `x` and its top at `top` (points from the top).
    pub fn text_at(&mut self, x: f32, top: f32, text: &str, size: f32) {
        self.draw_text(x, top, &drawable(text, true), size, false);
    }

    /// A thin grey outline, e.g. where slips are cut apart.
    pub fn dashed_box(&mut self, x: f32, top: f32, width: f32, height: f32) {
        let y = round2(self.page_height() - top - height);
        let ops = self.pages.last_mut().expect("a page is open");
        ops.push(Op::SetOutlineColor { col: Color::Rgb(Rgb { r: 0.6, g: 0.6, b: 0.6, icc_profile: None }) });
        ops.push(Op::SetOutlineThickness { pt: Pt(0.4) });
        ops.push(Op::DrawRectangle {
            rectangle: printpdf::Rect {
                x: Pt(round2(x)),
                y: Pt(y),
                width: Pt(round2(width)),
                height: Pt(round2(height)),
                mode: Some(printpdf::PaintMode::Stroke),
                winding_order: None,
            },
        });
    }

    /// A QR code `size` points wide with its top-left corner at (`x`, `top`): one filled
    /// square per dark module, runs of a row drawn as one rectangle.
    pub fn qr(&mut self, x: f32, top: f32, size: f32, modules: &[Vec<bool>]) {
        let count = modules.len().max(1) as f32;
        let step = size / count;
        let page_height = self.page_height();
        let ops = self.pages.last_mut().expect("a page is open");
        ops.push(Op::SetFillColor { col: Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None }) });
        for (r, row) in modules.iter().enumerate() {
            let mut c = 0;
            while c < row.len() {
                if !row[c] {
                    c += 1;
                    continue;
                }
                let start = c;
                while c < row.len() && row[c] {
                    c += 1;
                }
                ops.push(Op::DrawRectangle {
                    rectangle: printpdf::Rect {
                        x: Pt(round2(x + start as f32 * step)),
                        y: Pt(round2(page_height - top - (r as f32 + 1.0) * step)),
                        width: Pt(round2((c - start) as f32 * step)),
                        height: Pt(round2(step)),
                        mode: Some(printpdf::PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
        }
    }

    /// The outlines of a row's cells (and a light fill for header cells), with the
    /// colours and line width set once for the row.
    fn draw_boxes(&mut self, boxes: &[(f32, f32)], top: f32, height: f32, shaded: bool) {
        let y = round2(self.page_height() - top - height);
        let height = round2(height);
        let rect = |x: f32, width: f32, mode| Op::DrawRectangle {
            rectangle: printpdf::Rect {
                x: Pt(round2(x)),
                y: Pt(y),
                width: Pt(round2(width)),
                height: Pt(height),
                mode: Some(mode),
                winding_order: None,
            },
        };
        let ops = self.pages.last_mut().expect("a page is open");
        if shaded {
            ops.push(Op::SetFillColor { col: Color::Rgb(Rgb { r: 0.93, g: 0.93, b: 0.93, icc_profile: None }) });
            ops.extend(boxes.iter().map(|(x, width)| rect(*x, *width, printpdf::PaintMode::Fill)));
            ops.push(Op::SetFillColor { col: Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None }) });
        }
        ops.push(Op::SetOutlineColor { col: Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None }) });
        ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
        ops.extend(boxes.iter().map(|(x, width)| rect(*x, *width, printpdf::PaintMode::Stroke)));
    }

    /// Finishes the document: page numbers in every footer, the font subset, the bytes.
    pub fn finish(self) -> Result<Vec<u8>> {
        let DocumentBuilder { mut document, font_id, numbers, margin_bottom, pages, size, .. } = self;
        let font = Font::bundled();
        let total = pages.len();
        let (width, height) = size.points();
        let footer_size = 11.0;
        let pages = pages
            .into_iter()
            .enumerate()
            .map(|(index, mut ops)| {
                let label = match numbers {
                    PageNumbers::Dashes => format!("— {} —", index + 1),
                    PageNumbers::OfTotal => format!("第 {} 页 共 {total} 页", index + 1),
                    PageNumbers::None => return PdfPage::new(Mm::from(Pt(width)), Mm::from(Pt(height)), ops),
                };
                let x = (width - font.width(&label, footer_size)) / 2.0;
                let baseline = margin_bottom / 2.0;
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFont { font: PdfFontHandle::External(font_id.clone()), size: Pt(footer_size) });
                ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::Fill });
                ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(baseline)) });
                ops.push(Op::ShowText { items: vec![TextItem::Text(label)] });
                ops.push(Op::EndTextSection);
                PdfPage::new(Mm::from(Pt(width)), Mm::from(Pt(height)), ops)
            })
            .collect();
        let options = PdfSaveOptions { subset_fonts: true, ..PdfSaveOptions::default() };
        let bytes = document.with_pages(pages).save(&options, &mut Vec::new());
        if bytes.is_empty() {
            return Err(Error::Conflict {
                message: "生成 PDF 失败。请重试；若问题仍在，请联系管理员。".into()
            });
        }
        Ok(bytes)
    }
}

/// Text as the documents draw it: cleaned as Word and Excel clean it (`text::for_document`, or
/// `for_document_line` for one line), and any white space the font has no glyph for (a tab,
/// the typographic spaces) drawn as a plain space rather than as the font's empty box.
fn drawable(text: &str, one_line: bool) -> std::borrow::Cow<'_, str> {
    let clean = if one_line { crate::text::for_document_line(text) } else { crate::text::for_document(text) };
    let font = Font::bundled();
    let blank = |c: char| c.is_whitespace() && c != '\n' && font.parsed.lookup_glyph_index(c as u32).is_none();
    if !clean.chars().any(blank) {
        return clean;
    }
    std::borrow::Cow::Owned(clean.chars().map(|c| if blank(c) { ' ' } else { c }).collect())
}

/// A coordinate rounded to 0.01 pt, which prints in fewer digits.
fn round2(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}

/// Refuses text the font cannot draw, naming the characters and what to do.
pub fn require_coverage<'a>(what: &str, texts: impl IntoIterator<Item = &'a str>) -> Result<()> {
    let missing = missing_glyphs(texts);
    if missing.is_empty() {
        return Ok(());
    }
    let listed: Vec<String> = missing.iter().take(10).map(|c| format!("“{c}”(U+{:04X})", *c as u32)).collect();
    Err(Error::Conflict {
        message: format!(
            "{what}中有 {} 个字符字体里没有，打印出来会是空框：{}。请改用常用写法（生僻字可用拼音或注释代替）后再导出。",
            missing.len(),
            listed.join("、")
        ),
    })
}
