//! The limits on what the program takes in, checked before any work is done on it:
//! how long a name or a text may be, how many rows a roster may have, how far a
//! spreadsheet may unpack. One home, so the roster, the campaign file, the packages and
//! the forms all refuse the same things with the same words.

/// A person's name (书记姓名, 审核人), in characters.
pub const PERSON_NAME_CHARS: usize = 50;
/// An organization's or unit's name, in characters.
pub const ORGANIZATION_NAME_CHARS: usize = 100;
/// A title (the year's campaign, a focus point), in characters.
pub const TITLE_CHARS: usize = 200;
/// Any one text (a report section, a 点评, a note), in characters: ten times the
/// longest 述职报告 a year's settings allow.
pub const TEXT_CHARS: usize = 100_000;
/// A piece of evidence (佐证材料), in bytes (20 MiB).
pub const EVIDENCE_BYTES: u64 = 20 * 1024 * 1024;
/// Data rows in a roster: a province's whole health system fits many times over.
pub const ROSTER_ROWS: usize = 10_000;
/// Columns read from a roster's sheet.
pub const SHEET_COLUMNS: usize = 64;
/// What an .xlsx file may unpack to, all its parts together.
pub const SHEET_UNPACKED_BYTES: u64 = 20 * 1024 * 1024;

/// Why `text` cannot be a name of at most `max` characters, if it cannot. Names become
/// file names and lines of documents, and people tell one another apart by them: no folder
/// separators, no `..`, no control characters, no invisible characters (`text`).
pub fn name_problem(text: &str, max: usize) -> Option<String> {
    let text = text.trim();
    let count = text.chars().count();
    if count > max {
        return Some(format!("有 {count} 个字，超过了 {max} 个字的上限"));
    }
    if let Some(problem) = crate::text::name_character_problem(text) {
        return Some(problem);
    }
    if text.contains(['/', '\\']) || text.contains("..") {
        return Some("含有“/”“\\”或“..”，不能用作名称".into());
    }
    None
}

/// Why `text` cannot be a text of at most `max` characters, if it cannot.
pub fn text_problem(text: &str, max: usize) -> Option<String> {
    let count = text.chars().count();
    if count > max {
        return Some(format!("有 {count} 个字，超过了 {max} 个字的上限"));
    }
    if text.contains('\u{0}') {
        return Some("含有空字符（\\0），不是正常的文本".into());
    }
    None
}

/// Why `text` cannot be the reason for a decision (logged and printed), if it cannot: it must
/// say something — at least `min` visible characters, none of them a control or invisible
/// character — and fit in [`TITLE_CHARS`].
pub fn reason_problem(text: &str, min: usize) -> Option<String> {
    let text = text.trim();
    if let Some(problem) = text_problem(text, TITLE_CHARS) {
        return Some(problem);
    }
    if let Some(problem) = crate::text::name_character_problem(text) {
        return Some(problem);
    }
    let visible = text.chars().filter(|c| !c.is_whitespace() && !crate::text::is_combining(*c)).count();
    (visible < min).then(|| format!("只有 {visible} 个字，至少要写 {min} 个字"))
}

/// Checks the texts of a form against their limits before any work, as an import does:
/// each `(field, text, max)`; the first one over says which field, how long and what to do.
pub fn check_texts(fields: &[(&str, &str, usize)]) -> crate::Result<()> {
    for (field, text, max) in fields {
        if let Some(problem) = text_problem(text, *max) {
            return Err(crate::Error::Invalid { message: format!("{field}{problem}。请删减后再保存。") });
        }
    }
    Ok(())
}

/// A text as it may be shown inside a message: its first twenty characters, with any control
/// or invisible character in them shown as its code (`text::marked`).
pub fn excerpt(text: &str) -> String {
    let head: String = text.chars().take(20).collect();
    let head = crate::text::marked(&head).into_owned();
    if text.chars().count() > 20 { format!("{head}……") } else { head }
}

/// The first string in a JSON document longer than `max` characters: its place (as
/// `reports[2].sections[0].body`) and the problem. Any file that arrives is walked so
/// before its fields are looked at one by one.
pub fn overlong_string(value: &serde_json::Value, max: usize) -> Option<(String, String)> {
    fn walk(value: &serde_json::Value, place: &mut String, max: usize) -> Option<(String, String)> {
        match value {
            serde_json::Value::String(text) => text_problem(text, max).map(|problem| (place.clone(), problem)),
            serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
                let length = place.len();
                place.push_str(&format!("[{index}]"));
                let found = walk(item, place, max);
                place.truncate(length);
                found
            }),
            serde_json::Value::Object(fields) => fields.iter().find_map(|(key, item)| {
                let length = place.len();
                if !place.is_empty() {
                    place.push('.');
                }
                place.push_str(&key.chars().take(40).collect::<String>());
                let found = walk(item, place, max);
                place.truncate(length);
                found
            }),
            _ => None,
        }
    }
    walk(value, &mut String::new(), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_could_become_paths_are_refused() {
        assert_eq!(name_problem("李秀兰", PERSON_NAME_CHARS), None);
        assert_eq!(name_problem("内科第一党支部（含门诊）", ORGANIZATION_NAME_CHARS), None);
        assert!(name_problem("../../etc/passwd", PERSON_NAME_CHARS).unwrap().contains("不能用作名称"));
        assert!(name_problem("a\\b", PERSON_NAME_CHARS).is_some());
        assert!(name_problem("张\n三", PERSON_NAME_CHARS).unwrap().contains("控制字符"));
        assert!(name_problem(&"长".repeat(51), PERSON_NAME_CHARS).unwrap().contains("51 个字"));
    }

    #[test]
    fn the_first_overlong_string_is_named_by_its_place() {
        let value = serde_json::json!({
            "campaign": { "title": "2023年度" },
            "reports": [ { "sections": [ { "body": "短" }, { "body": "长".repeat(11) } ] } ]
        });
        let (place, problem) = overlong_string(&value, 10).unwrap();
        assert_eq!(place, "reports[0].sections[1].body");
        assert!(problem.contains("11 个字"), "{problem}");
        assert_eq!(overlong_string(&value, 11), None);
    }
}
