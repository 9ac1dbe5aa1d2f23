//! Which characters a text may carry, wherever it goes: into a name, into a document, onto a
//! terminal. One home, so every writer cleans the same characters in the same way and every
//! way in refuses the same characters in names with the same words.
//!
//! Three kinds of character cause harm while showing nothing:
//! - control characters (U+0000–U+001F, U+007F–U+009F): XML 1.0 cannot hold most of them, so
//!   one vertical tab (what Word writes for Shift+Enter, and what a paste brings) makes a Word
//!   or Excel file that will not open; on a terminal, ESC starts a command to the terminal;
//! - the noncharacters U+FFFE and U+FFFF, which XML cannot hold either;
//! - invisible format characters: zero-width spaces and joiners, direction marks, overrides
//!   and isolates (U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+2069, U+FEFF, …).
//!   They make two different names look the same, or a text read differently from what it is.
//!
//! Names refuse all three (`name_character_problem`). Free text keeps what the person typed —
//! nothing a person wrote is lost — and is cleaned on the way out: `for_document` for Word,
//! Excel and PDF, `for_terminal` for the command line.

use std::borrow::Cow;

/// True for a character that shows nothing yet changes how the text around it is shown or
/// compared: zero-width spaces and joiners, direction marks, embeddings, overrides and
/// isolates, the byte-order mark, fillers that look like blanks, tags.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// True for a character XML 1.0 cannot hold (and so neither Word nor Excel): the control
/// characters other than tab, line feed and carriage return, and the noncharacters.
pub fn is_unwritable(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
        || matches!(c, '\u{FDD0}'..='\u{FDEF}')
}

/// A combining mark (it adds to the character before it and is nothing on its own).
pub fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}' | '\u{3099}' | '\u{309A}')
}

/// A character as a message names it: its code and, for the usual ones, what it is.
pub fn describe_char(c: char) -> String {
    let what = match c {
        '\n' => "换行符",
        '\r' => "回车符",
        '\t' => "制表符",
        '\u{B}' => "垂直制表符",
        '\u{C}' => "换页符",
        '\u{1B}' => "ESC，终端控制码",
        '\u{0}' => "空字符",
        '\u{00AD}' => "软连字符",
        '\u{200B}' => "零宽空格",
        '\u{200C}' => "零宽不连字",
        '\u{200D}' => "零宽连字",
        '\u{200E}' => "从左到右标记",
        '\u{200F}' => "从右到左标记",
        '\u{202A}' => "从左到右嵌入",
        '\u{202B}' => "从右到左嵌入",
        '\u{202C}' => "方向格式结束",
        '\u{202D}' => "从左到右覆盖",
        '\u{202E}' => "从右到左覆盖",
        '\u{2060}' => "不可见的连接符",
        '\u{2066}' => "从左到右隔离",
        '\u{2067}' => "从右到左隔离",
        '\u{2068}' => "方向隔离",
        '\u{2069}' => "方向隔离结束",
        '\u{FEFF}' => "零宽不换行空格",
        c if c.is_control() => "控制字符",
        c if is_invisible(c) => "看不见的格式字符",
        _ => "",
    };
    if what.is_empty() { format!("U+{:04X}", c as u32) } else { format!("U+{:04X}（{what}）", c as u32) }
}

/// Why `text` cannot be (part of) a name, if it cannot: the first control character or
/// invisible character in it, named. Written to follow the field's name: "书记姓名含有…".
pub fn name_character_problem(text: &str) -> Option<String> {
    let text = text.trim();
    // The line and paragraph separators break a line as a line feed does.
    if let Some(c) = text.chars().find(|c| c.is_control() || is_unwritable(*c) || matches!(c, '\u{2028}' | '\u{2029}'))
    {
        return Some(format!("含有换行符或其他控制字符 {}，请删去这个字符后重新输入", describe_char(c)));
    }
    // In a name, a variation selector or a blank that is not a space hides as well.
    let hides = |c: char| {
        is_invisible(c)
            || matches!(
                c,
                '\u{FE00}'..='\u{FE0F}'
                    | '\u{2800}'
                    | '\u{3164}'
                    | '\u{FFA0}'
                    | '\u{E0000}'..='\u{E007F}'
                    // Variation selectors 17–256, format controls of Egyptian hieroglyphs and of
                    // shorthand, and the private use areas: nothing anyone means in a name.
                    | '\u{E0100}'..='\u{E01EF}'
                    | '\u{13430}'..='\u{1343F}'
                    | '\u{1BCA0}'..='\u{1BCA3}'
                    | '\u{E000}'..='\u{F8FF}'
                    | '\u{F0000}'..='\u{10FFFF}'
            )
    };
    text.chars().find(|c| hides(*c)).map(|c| {
        format!("含有看不见的字符 {}，它会让两个不同的名字看起来一模一样，请删去这个字符后重新输入", describe_char(c))
    })
}

/// Text as a document (Word, Excel, PDF) can hold it: a carriage return, a vertical tab, a form
/// feed and the Unicode line and paragraph separators become line breaks (that is what they
/// meant), the
/// other characters XML cannot hold, the C1 controls and the invisible characters are removed.
/// Visible characters are never changed.
pub fn for_document(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_cleaning) {
        return Cow::Borrowed(text);
    }
    let mut clean = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A carriage return ends a line as a line feed does (CR LF counts once); kept as
            // it is, XML readers turn it into a space and Excel into an escape code.
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\u{B}' | '\u{C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => clean.push('\n'),
            c if needs_cleaning(c) => {}
            c => clean.push(c),
        }
    }
    Cow::Owned(clean)
}

/// One line of a document (a title, a name, a cell drawn on one line): `for_document`, with
/// every line break a space.
pub fn for_document_line(text: &str) -> Cow<'_, str> {
    let clean = for_document(text);
    if !clean.contains('\n') {
        return clean;
    }
    Cow::Owned(clean.replace('\n', " "))
}

/// Text as a terminal may print it: line breaks and tabs stay; every other control character
/// (ESC above all, which would start a command to the terminal; a carriage return, which
/// would let a line overwrite itself) and every invisible character is shown as its code,
/// `<U+001B>`, so what was stored can be seen and nothing in it reaches the terminal.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    with_codes(text, |c| c == '\n' || c == '\t')
}

/// A name or a short text as a message quotes it: every control and invisible character,
/// line breaks too, shown as its code, so the message shows what is really there and a
/// direction override inside a quoted name cannot turn the message around.
pub fn marked(text: &str) -> Cow<'_, str> {
    with_codes(text, |_| false)
}

/// JSON as a terminal may print it: serde_json escapes the C0 controls itself but writes DEL,
/// the C1 controls (U+009B starts a terminal command as ESC [ does) and the invisible
/// characters as they are; here they become `\uXXXX` escapes, which read back the same.
/// Such characters only occur inside JSON strings, where an escape means the same character.
pub fn for_terminal_json(json: &str) -> Cow<'_, str> {
    // The C0 controls are left alone: serde_json escapes every one inside a string, so those
    // outside strings are the line breaks and indents of pretty printing.
    let escaped = |c: char| {
        c == '\u{7F}'
            || (!c.is_ascii() && (c.is_control() || is_invisible(c) || is_unwritable(c)))
            || matches!(c, '\u{2028}' | '\u{2029}')
    };
    if !json.chars().any(escaped) {
        return Cow::Borrowed(json);
    }
    let mut clean = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if escaped(c) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                clean.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            clean.push(c);
        }
    }
    Cow::Owned(clean)
}

fn with_codes(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let separator = |c: char| matches!(c, '\u{2028}' | '\u{2029}');
    let shown = |c: char| keep(c) || !(c.is_control() || is_invisible(c) || is_unwritable(c) || separator(c));
    if text.chars().all(shown) {
        return Cow::Borrowed(text);
    }
    let mut clean = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if shown(c) {
            clean.push(c);
        } else {
            clean.push_str(&format!("<U+{:04X}>", c as u32));
        }
    }
    Cow::Owned(clean)
}

fn needs_cleaning(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n'))
        || is_unwritable(c)
        || is_invisible(c)
        || matches!(c, '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_keep_the_visible_text_and_turn_vertical_tabs_into_line_breaks() {
        assert_eq!(for_document("一、成绩\u{B}二、问题"), "一、成绩\n二、问题");
        assert_eq!(for_document("页\u{C}下一页"), "页\n下一页");
        assert_eq!(for_document("李\u{1}秀\u{1B}[31m兰\u{FFFE}\u{FFFF}\u{85}"), "李秀[31m兰\n");
        assert_eq!(for_document("张\u{202E}三\u{200B}\u{FEFF}"), "张三");
        assert_eq!(for_document("甲\t乙\r\n丙\r丁"), "甲\t乙\n丙\n丁");
        assert!(matches!(for_document("无需整理的文字"), Cow::Borrowed(_)));
        assert_eq!(for_document_line("第一行\u{B}第二行\r\n第三行"), "第一行 第二行 第三行");
    }

    #[test]
    fn names_name_the_character_they_refuse() {
        assert_eq!(name_character_problem("李秀兰"), None);
        assert_eq!(
            name_character_problem("李\u{202E}秀兰").unwrap(),
            "含有看不见的字符 U+202E（从右到左覆盖），它会让两个不同的名字看起来一模一样，请删去这个字符后重新输入"
        );
        assert!(name_character_problem("李\u{200B}秀兰").unwrap().contains("U+200B（零宽空格）"));
        assert!(name_character_problem("张\u{B}三").unwrap().contains("U+000B（垂直制表符）"));
        assert!(name_character_problem("张\u{FFFF}三").unwrap().contains("U+FFFF"));
    }

    #[test]
    fn terminals_see_codes_instead_of_commands() {
        assert_eq!(for_terminal("问题\u{1B}[2J清屏"), "问题<U+001B>[2J清屏");
        assert_eq!(for_terminal("甲\r乙\u{9B}31m"), "甲<U+000D>乙<U+009B>31m");
        assert_eq!(for_terminal("名\u{202E}字"), "名<U+202E>字");
        assert_eq!(for_terminal("第一行\n\t第二行"), "第一行\n\t第二行");
        // The Unicode line and paragraph separators were printed as they are.
        assert_eq!(for_terminal("甲\u{2028}乙\u{2029}"), "甲<U+2028>乙<U+2029>");
        assert_eq!(for_terminal_json("\"甲\u{2028}\""), r#""甲\u2028""#);
        assert_eq!(marked("内科\n党支部\u{202E}"), "内科<U+000A>党支部<U+202E>");
        let json = serde_json::to_string(&serde_json::json!({ "名": "甲\u{9B}31m\u{202E}乙\u{E0041}\u{1B}" })).unwrap();
        let shown = for_terminal_json(&json);
        assert_eq!(for_terminal_json("{\n  \"a\": 1\n}"), "{\n  \"a\": 1\n}", "pretty printing stays");
        assert_eq!(shown, r#"{"名":"甲\u009b31m\u202e乙\udb40\udc41\u001b"}"#);
        let back: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(back["名"], "甲\u{9B}31m\u{202E}乙\u{E0041}\u{1B}");
    }
}
