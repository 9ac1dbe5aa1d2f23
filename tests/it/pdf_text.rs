//! The tests' one way to read a PDF back: a small reader of the PDFs this program writes
//! (plain object table, Flate streams, Type0 fonts with a ToUnicode map), in Rust so that
//! the tests read PDFs the same way on Linux and on Windows, with no outside tool.
//!
//! It gives the text as drawn (`Raw`: runs in drawing order, a new line whenever the
//! baseline moves) or as on the page (`Page`: runs grouped into lines by baseline, top to
//! bottom, left to right, with a gap where columns are apart). Pages end with a form feed,
//! as poppler's `pdftotext` does. A PDF it cannot read fails the test with the reason.

use std::collections::HashMap;
use std::io::Read;

/// How the text is laid out: as on the page (columns kept apart), or in drawing order.
#[derive(Clone, Copy)]
pub enum Layout {
    Page,
    Raw,
}

/// The text of every page of `pdf`.
pub fn pdf_text(pdf: &[u8], layout: Layout) -> String {
    let document = Document::read(pdf);
    let mut out = String::new();
    for page in document.pages() {
        let runs = document.page_runs(page);
        match layout {
            Layout::Raw => out.push_str(&raw_text(&runs)),
            Layout::Page => out.push_str(&page_text(runs)),
        }
        out.push('\u{c}');
    }
    out
}

/// A font the PDF uses, as `pdffonts` reports it.
#[derive(Debug)]
pub struct FontInfo {
    pub name: String,
    pub embedded: bool,
    /// The name carries a subset tag (`ABCDEF+`).
    pub subset: bool,
    /// It has a ToUnicode map, so its text can be copied and searched.
    pub unicode: bool,
}

/// Every font the PDF defines.
pub fn pdf_fonts(pdf: &[u8]) -> Vec<FontInfo> {
    let document = Document::read(pdf);
    let mut fonts = Vec::new();
    for object in document.objects.values() {
        let dict = &object.dict;
        if !(dict.contains("/Type/Font") || dict.contains("/Type /Font")) || !dict.contains("/BaseFont") {
            continue;
        }
        if dict.contains("/Subtype/CIDFontType") && !dict.contains("/Subtype/Type0") {
            continue;
        }
        let name = name_after(dict, "/BaseFont").unwrap_or_default();
        let descriptor = document.descriptor_of(dict);
        let embedded = descriptor.is_some_and(|d| d.contains("/FontFile"));
        let subset = name.len() > 7 && name.as_bytes()[6] == b'+' && name[..6].bytes().all(|b| b.is_ascii_uppercase());
        fonts.push(FontInfo { name, embedded, subset, unicode: dict.contains("/ToUnicode") });
    }
    fonts
}

struct Object {
    dict: String,
    stream: Option<Vec<u8>>,
}

struct Document {
    objects: HashMap<u32, Object>,
}

/// One run of text drawn at one place.
struct Run {
    x: f64,
    y: f64,
    size: f64,
    text: String,
}

impl Document {
    fn read(pdf: &[u8]) -> Document {
        assert!(pdf.starts_with(b"%PDF-"), "not a PDF: it does not start with %PDF-");
        let mut objects = HashMap::new();
        let mut at = 0;
        while let Some(found) = find(pdf, b" 0 obj", at) {
            let number_start = pdf[..found].iter().rposition(|b| !b.is_ascii_digit()).map_or(0, |p| p + 1);
            let number: u32 = std::str::from_utf8(&pdf[number_start..found]).unwrap().parse().unwrap_or(0);
            let body_start = found + b" 0 obj".len();
            let end = find(pdf, b"endobj", body_start).expect("an object without endobj");
            let body = &pdf[body_start..end];
            let object = match find(body, b"stream", 0) {
                Some(s) if !body[..s].ends_with(b"end") => {
                    let dict = String::from_utf8_lossy(&body[..s]).into_owned();
                    let mut data_start = s + b"stream".len();
                    if body.get(data_start) == Some(&b'\r') {
                        data_start += 1;
                    }
                    if body.get(data_start) == Some(&b'\n') {
                        data_start += 1;
                    }
                    let length = number_after(&dict, "/Length ").map(|l| l as usize);
                    let data_end = match length {
                        Some(length) if data_start + length <= body.len() => data_start + length,
                        _ => find(body, b"endstream", data_start).expect("a stream without endstream"),
                    };
                    let data = &body[data_start..data_end];
                    let stream = if dict.contains("/FlateDecode") {
                        let mut inflated = Vec::new();
                        flate2::read::ZlibDecoder::new(data)
                            .read_to_end(&mut inflated)
                            .unwrap_or_else(|e| panic!("object {number}: its Flate stream does not inflate: {e}"));
                        inflated
                    } else {
                        data.to_vec()
                    };
                    Object { dict, stream: Some(stream) }
                }
                _ => Object { dict: String::from_utf8_lossy(body).into_owned(), stream: None },
            };
            objects.insert(number, object);
            at = end;
        }
        assert!(!objects.is_empty(), "the PDF has no objects this reader understands");
        Document { objects }
    }

    fn get(&self, number: u32) -> &Object {
        self.objects.get(&number).unwrap_or_else(|| panic!("object {number} is referenced but missing"))
    }

    /// The pages in order, from the page tree.
    fn pages(&self) -> Vec<u32> {
        let catalog = self.objects.values().find(|o| o.dict.contains("/Type/Catalog")).expect("no catalog");
        let root = reference_after(&catalog.dict, "/Pages").expect("the catalog names no page tree");
        let mut pages = Vec::new();
        self.collect_pages(root, &mut pages);
        pages
    }

    fn collect_pages(&self, node: u32, pages: &mut Vec<u32>) {
        let dict = &self.get(node).dict;
        if dict.contains("/Type/Pages") {
            let kids = array_after(dict, "/Kids").expect("a page tree node without kids");
            for kid in references(&kids) {
                self.collect_pages(kid, pages);
            }
        } else {
            pages.push(node);
        }
    }

    /// A dictionary given directly after `key` or by reference.
    fn dict_value(&self, dict: &str, key: &str) -> Option<String> {
        if let Some(number) = reference_after(dict, key) {
            return Some(self.get(number).dict.clone());
        }
        let start = dict.find(key)? + key.len();
        let rest = dict[start..].trim_start();
        rest.starts_with("<<").then(|| balanced_dict(rest))
    }

    /// The font descriptor of a font, or of a Type0 font's descendant (given inline or by
    /// reference).
    fn descriptor_of(&self, font: &str) -> Option<&str> {
        if let Some(number) = reference_after(font, "/FontDescriptor") {
            return Some(&self.get(number).dict);
        }
        let descendants = array_after(font, "/DescendantFonts")?;
        let descendant = references(&descendants).first().copied()?;
        self.descriptor_of(&self.get(descendant).dict)
    }

    /// The ToUnicode maps of the page's fonts, by resource name.
    fn page_fonts(&self, page: &str) -> HashMap<String, HashMap<u32, String>> {
        let mut fonts = HashMap::new();
        let Some(resources) = self.dict_value(page, "/Resources") else { return fonts };
        let Some(font_dict) = self.dict_value(&resources, "/Font") else { return fonts };
        let inner = font_dict.trim().trim_start_matches("<<").trim_end_matches(">>");
        for part in inner.split('/').skip(1) {
            let mut words = part.split_whitespace();
            let (Some(name), Some(number)) = (words.next(), words.next()) else { continue };
            let Ok(number) = number.parse::<u32>() else { continue };
            let font = &self.get(number).dict;
            let map = reference_after(font, "/ToUnicode")
                .and_then(|n| self.get(n).stream.as_deref())
                .map(parse_cmap)
                .unwrap_or_default();
            fonts.insert(name.to_string(), map);
        }
        fonts
    }

    fn page_runs(&self, page: u32) -> Vec<Run> {
        let dict = &self.get(page).dict;
        let fonts = self.page_fonts(dict);
        let contents: Vec<u32> = match array_after(dict, "/Contents") {
            Some(array) => references(&array),
            None => reference_after(dict, "/Contents").into_iter().collect(),
        };
        let mut runs = Vec::new();
        for number in contents {
            if let Some(stream) = &self.get(number).stream {
                interpret(stream, &fonts, &mut runs);
            }
        }
        runs
    }
}

/// Runs the text operators of a content stream.
fn interpret(stream: &[u8], fonts: &HashMap<String, HashMap<u32, String>>, runs: &mut Vec<Run>) {
    let empty = HashMap::new();
    let mut font = &empty;
    let (mut size, mut leading) = (12.0, 0.0);
    // The text matrix's translation (the line start) and the current point.
    let (mut line_x, mut line_y, mut x, mut y) = (0.0, 0.0, 0.0, 0.0);
    let mut operands: Vec<Token> = Vec::new();
    let show = |text: String, x: &mut f64, y: f64, size: f64, runs: &mut Vec<Run>| {
        let advance: f64 = text.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum::<f64>() * size;
        runs.push(Run { x: *x, y, size, text });
        *x += advance;
    };
    for token in tokens(stream) {
        let Token::Operator(operator) = &token else {
            operands.push(token);
            continue;
        };
        let number = |i: usize| match operands.get(i) {
            Some(Token::Number(n)) => *n,
            _ => 0.0,
        };
        match operator.as_str() {
            "BT" => (line_x, line_y, x, y) = (0.0, 0.0, 0.0, 0.0),
            "Tf" => {
                if let Some(Token::Name(name)) = operands.first() {
                    font = fonts.get(name).unwrap_or(&empty);
                }
                size = number(1);
            }
            "TL" => leading = number(0),
            "Tm" => {
                (line_x, line_y) = (number(4), number(5));
                (x, y) = (line_x, line_y);
            }
            "Td" | "TD" => {
                if operator == "TD" {
                    leading = -number(1);
                }
                line_x += number(0);
                line_y += number(1);
                (x, y) = (line_x, line_y);
            }
            "T*" => {
                line_y -= leading;
                (x, y) = (line_x, line_y);
            }
            "Tj" | "'" | "\"" => {
                if operator != "Tj" {
                    line_y -= leading;
                    (x, y) = (line_x, line_y);
                }
                if let Some(Token::Bytes(bytes)) = operands.last() {
                    show(decode(bytes, font), &mut x, y, size, runs);
                }
            }
            "TJ" => {
                if let Some(Token::Array(items)) = operands.last() {
                    let mut text = String::new();
                    for item in items {
                        match item {
                            Token::Bytes(bytes) => text.push_str(&decode(bytes, font)),
                            // A large negative adjustment is a space between words.
                            Token::Number(n) if *n < -200.0 => text.push(' '),
                            _ => {}
                        }
                    }
                    show(text, &mut x, y, size, runs);
                }
            }
            _ => {}
        }
        operands.clear();
    }
}

/// The characters of a shown string: two-byte codes through the font's ToUnicode map, or
/// the bytes themselves for a font without one.
fn decode(bytes: &[u8], map: &HashMap<u32, String>) -> String {
    if map.is_empty() {
        return bytes.iter().map(|&b| b as char).collect();
    }
    bytes
        .chunks(2)
        .map(|pair| {
            let code = pair.iter().fold(0u32, |acc, &b| (acc << 8) | b as u32);
            map.get(&code).cloned().unwrap_or_else(|| panic!("glyph {code:#06x} has no Unicode in the font's map"))
        })
        .collect()
}

/// A ToUnicode CMap: `bfchar` pairs and `bfrange` ranges.
fn parse_cmap(cmap: &[u8]) -> HashMap<u32, String> {
    let text = String::from_utf8_lossy(cmap);
    let mut map = HashMap::new();
    let hex_values = |line: &str| -> Vec<Vec<u8>> {
        line.split('<').skip(1).filter_map(|part| part.split('>').next()).map(hex_bytes).collect()
    };
    let code = |bytes: &[u8]| bytes.iter().fold(0u32, |acc, &b| (acc << 8) | b as u32);
    let mut section = "";
    for line in text.lines().map(str::trim) {
        if line.ends_with("beginbfchar") {
            section = "char";
            continue;
        }
        if line.ends_with("beginbfrange") {
            section = "range";
            continue;
        }
        if line.starts_with("endbf") {
            section = "";
            continue;
        }
        let values = hex_values(line);
        match (section, values.as_slice()) {
            ("char", [from, to]) => {
                map.insert(code(from), utf16(to));
            }
            ("range", [low, high, first]) if !line.contains('[') => {
                let start = code(first);
                for (offset, glyph) in (code(low)..=code(high)).enumerate() {
                    let unit = start + offset as u32;
                    map.insert(glyph, utf16(&[(unit >> 8) as u8, unit as u8]));
                }
            }
            ("range", [low, _high, targets @ ..]) => {
                for (offset, target) in targets.iter().enumerate() {
                    map.insert(code(low) + offset as u32, utf16(target));
                }
            }
            _ => {}
        }
    }
    map
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes.chunks(2).map(|p| u16::from_be_bytes([p[0], *p.get(1).unwrap_or(&0)])).collect();
    String::from_utf16_lossy(&units)
}

fn hex_bytes(hex: &str) -> Vec<u8> {
    let digits: Vec<u8> = hex.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|pair| {
            let text = std::str::from_utf8(pair).unwrap();
            u8::from_str_radix(&format!("{text:0<2}"), 16).unwrap()
        })
        .collect()
}

enum Token {
    Number(f64),
    Name(String),
    Bytes(Vec<u8>),
    Array(Vec<Token>),
    Operator(String),
}

/// The tokens of a content stream (dictionaries of inline images are not expected).
fn tokens(stream: &[u8]) -> Vec<Token> {
    let mut stack: Vec<Vec<Token>> = vec![Vec::new()];
    let mut i = 0;
    while i < stream.len() {
        let b = stream[i];
        match b {
            b if b.is_ascii_whitespace() => i += 1,
            b'%' => {
                while i < stream.len() && stream[i] != b'\n' {
                    i += 1;
                }
            }
            b'[' => {
                stack.push(Vec::new());
                i += 1;
            }
            b']' => {
                let items = stack.pop().unwrap_or_default();
                stack.last_mut().expect("unbalanced ]").push(Token::Array(items));
                i += 1;
            }
            b'/' => {
                let start = i + 1;
                i = start;
                while i < stream.len() && !is_delimiter(stream[i]) {
                    i += 1;
                }
                stack.last_mut().unwrap().push(Token::Name(String::from_utf8_lossy(&stream[start..i]).into_owned()));
            }
            b'<' => {
                let end = stream[i..].iter().position(|&c| c == b'>').map(|p| i + p).expect("unclosed hex string");
                let hex = String::from_utf8_lossy(&stream[i + 1..end]).into_owned();
                stack.last_mut().unwrap().push(Token::Bytes(hex_bytes(&hex)));
                i = end + 1;
            }
            b'(' => {
                let mut bytes = Vec::new();
                let mut depth = 1;
                i += 1;
                while i < stream.len() && depth > 0 {
                    match stream[i] {
                        b'\\' => {
                            i += 1;
                            let escaped = stream.get(i).copied().unwrap_or(b'\\');
                            bytes.push(match escaped {
                                b'n' => b'\n',
                                b'r' => b'\r',
                                b't' => b'\t',
                                other => other,
                            });
                        }
                        b'(' => {
                            depth += 1;
                            bytes.push(b'(');
                        }
                        b')' => {
                            depth -= 1;
                            if depth > 0 {
                                bytes.push(b')');
                            }
                        }
                        other => bytes.push(other),
                    }
                    i += 1;
                }
                stack.last_mut().unwrap().push(Token::Bytes(bytes));
            }
            _ => {
                let start = i;
                while i < stream.len() && !is_delimiter(stream[i]) {
                    i += 1;
                }
                if i == start {
                    i += 1;
                    continue;
                }
                let word = String::from_utf8_lossy(&stream[start..i]).into_owned();
                let token = match word.parse::<f64>() {
                    Ok(n) => Token::Number(n),
                    Err(_) => Token::Operator(word),
                };
                stack.last_mut().unwrap().push(token);
            }
        }
    }
    stack.into_iter().next().unwrap_or_default()
}

fn is_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b)
}

/// Drawing order; a new line whenever the baseline moves.
fn raw_text(runs: &[Run]) -> String {
    let mut out = String::new();
    let mut last_y: Option<f64> = None;
    for run in runs {
        if last_y.is_some_and(|y| (y - run.y).abs() > run.size * 0.3) {
            out.push('\n');
        }
        out.push_str(&run.text);
        last_y = Some(run.y);
    }
    out.push('\n');
    out
}

/// Lines by baseline, top to bottom; runs left to right, spaced by the gap between them.
fn page_text(mut runs: Vec<Run>) -> String {
    runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Vec<Run>> = Vec::new();
    for run in runs {
        match lines.last_mut() {
            Some(line) if (line[0].y - run.y).abs() <= run.size * 0.3 => line.push(run),
            _ => lines.push(vec![run]),
        }
    }
    let mut out = String::new();
    for mut line in lines {
        line.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut end = f64::NEG_INFINITY;
        for run in line {
            if end.is_finite() && run.x - end > run.size * 0.5 {
                out.push_str("   ");
            }
            end = run.x + run.text.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum::<f64>() * run.size;
            out.push_str(&run.text);
        }
        out.push('\n');
    }
    out
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

fn number_after(dict: &str, key: &str) -> Option<f64> {
    let start = dict.find(key)? + key.len();
    dict[start..].split(|c: char| !(c.is_ascii_digit() || c == '.')).next()?.parse().ok()
}

fn name_after(dict: &str, key: &str) -> Option<String> {
    let start = dict.find(key)? + key.len();
    let rest = dict[start..].trim_start().strip_prefix('/')?;
    Some(rest.split(|c: char| is_delimiter(c as u8) || !c.is_ascii()).next()?.to_string())
}

/// `key N 0 R` → N.
fn reference_after(dict: &str, key: &str) -> Option<u32> {
    let start = dict.find(&format!("{key} "))? + key.len() + 1;
    let mut words = dict[start..].split_whitespace();
    let number = words.next()?.parse().ok()?;
    (words.next()? == "0" && words.next()?.starts_with('R')).then_some(number)
}

/// The `[...]` after `key`.
fn array_after(dict: &str, key: &str) -> Option<String> {
    let start = dict.find(key)? + key.len();
    let rest = dict[start..].trim_start();
    let inner = rest.strip_prefix('[')?;
    Some(inner[..inner.find(']')?].to_string())
}

/// Every `N 0 R` in `text`.
fn references(text: &str) -> Vec<u32> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(3)
        .filter(|w| w[1] == "0" && w[2].starts_with('R'))
        .filter_map(|w| w[0].trim_start_matches(|c: char| !c.is_ascii_digit()).parse().ok())
        .collect()
}

/// The `<< … >>` at the start of `text`, nested dictionaries included.
fn balanced_dict(text: &str) -> String {
    let mut depth = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if &bytes[i..i + 2] == b"<<" {
            depth += 1;
            i += 2;
        } else if &bytes[i..i + 2] == b">>" {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return text[..i].to_string();
            }
        } else {
            i += 1;
        }
    }
    text.to_string()
}
