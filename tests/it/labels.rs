//! The words for the core's values come from the core alone: every value of every type the
//! window shows has its words in the `labels` command, and the page (`ui/src`) holds none of
//! them as its own, so that one thing cannot read two ways again ('先看看示例' beside
//! '查看示例').

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use shuzhi::commands::{self, SavesToFolder, Session};

/// What the `labels` command sends the page, as the page receives it.
fn sent_labels() -> serde_json::Map<String, Value> {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::open(dir.path().join("shuzhi.db"), Box::new(SavesToFolder));
    let sent = commands::dispatch(&session, "labels", Value::Null).expect("a command of the table").unwrap();
    sent.as_object().expect("an object of lists").clone()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The declaration of `export type NAME` in the generated bindings, comments left out.
fn binding_type(bindings: &str, name: &str) -> String {
    let start = bindings
        .find(&format!("export type {name} ="))
        .unwrap_or_else(|| panic!("ui/src/bindings.ts declares no type {name}"));
    let declaration = &bindings[start..];
    let end = declaration.find(";\n").expect("a declaration ends");
    let mut text = String::new();
    let mut rest = &declaration[..end];
    while let Some(open) = rest.find("/*") {
        text.push_str(&rest[..open]);
        rest = rest[open..].find("*/").map_or("", |close| &rest[open + close + 2..]);
    }
    text.push_str(rest);
    text
}

/// The quoted names in a declaration: `"draft" | "submitted"` → draft, submitted.
fn quoted_names(declaration: &str) -> BTreeSet<String> {
    declaration.split('"').skip(1).step_by(2).map(str::to_string).collect()
}

#[test]
fn every_value_the_window_shows_has_its_words_from_the_core() {
    let sent = sent_labels();
    let bindings = std::fs::read_to_string(root().join("ui/src/bindings.ts")).unwrap();
    let labels_type = binding_type(&bindings, "Labels");
    assert!(sent.len() >= 12, "{sent:?}");
    for (kind, entries) in &sent {
        let entries = entries.as_array().unwrap_or_else(|| panic!("{kind} is a list"));
        assert!(!entries.is_empty(), "{kind} has values");
        let mut words = BTreeSet::new();
        let mut values = BTreeSet::new();
        for entry in entries {
            let label = entry["label"].as_str().unwrap_or_else(|| panic!("{kind}: {entry} has words"));
            assert!(!label.trim().is_empty(), "{kind}: {entry} has words");
            assert_eq!(label, label.trim(), "{kind}: {entry}");
            assert!(words.insert(label.to_string()), "{kind}: two values read “{label}”");
            assert!(values.insert(entry["value"].to_string()), "{kind}: {entry} is sent twice");
        }
        // Every value of the type, as the bindings declare it, is among those sent: a value
        // added to a type without its words fails here.
        let type_name = labels_type
            .lines()
            .find_map(|line| line.trim().strip_prefix(&format!("{kind}: Labelled<")))
            .and_then(|rest| rest.split('>').next())
            .unwrap_or_else(|| panic!("Labels.{kind} is declared in the bindings"));
        let declaration = binding_type(&bindings, type_name);
        if declaration.contains("kind:") {
            // A tagged value (Mark): each tag, and each grade of the tag that carries one.
            let tags: BTreeSet<_> = entries.iter().map(|e| e["value"]["kind"].as_str().unwrap().to_string()).collect();
            let declared: BTreeSet<_> =
                declaration.split("kind: \"").skip(1).map(|rest| rest.split('"').next().unwrap().to_string()).collect();
            assert_eq!(tags, declared, "{kind}");
            let grades = entries.iter().filter(|e| e["value"].get("grade").is_some()).count();
            assert_eq!(grades, sent["grade"].as_array().unwrap().len(), "{kind}: every grade");
        } else {
            let sent_names: BTreeSet<_> = entries.iter().map(|e| e["value"].as_str().unwrap().to_string()).collect();
            assert_eq!(sent_names, quoted_names(&declaration), "{kind}: every value of {type_name}");
        }
    }
    // The types whose words the page used to hold, each with the words it shows.
    let words = |kind: &str, value: &str| {
        sent[kind].as_array().unwrap().iter().find(|e| e["value"] == value).map(|e| e["label"].clone())
    };
    assert_eq!(words("role", "sample"), Some("查看示例".into()));
    assert_eq!(words("rectification_status", "done"), Some("已完成".into()));
    assert_eq!(words("inspection_kind", "spot"), Some("不定期抽查".into()));
    assert_eq!(words("approval_decision", "returned"), Some("退回修改".into()));
    assert_eq!(words("ballot_channel", "phone"), Some("手机扫码".into()));
    assert_eq!(words("org_kind", "general_branch"), Some("党总支".into()));
}

/// A fixed piece of text in a page's source: a string literal, a template without `${…}`,
/// or the text between two tags.
struct Text {
    line: usize,
    text: String,
}

/// The fixed texts of a TypeScript or TSX source. Comments are skipped; strings in `"…"`,
/// `'…'` and `` `…` `` are read whole (a template with a `${…}` is a sentence made of parts,
/// not a fixed text, but the strings inside its `${…}` are read); JSX text is what lies
/// between a `>` and the next `<` outside of strings, a `{…}` in it counted as part of it
/// (`措施 {n}` is not `措施`).
fn fixed_texts(source: &str) -> Vec<Text> {
    let chars: Vec<char> = source.chars().collect();
    let mut texts = Vec::new();
    // The code with every string's inside blanked, for the JSX text: the same lines.
    let mut code = String::new();
    let mut at = 0;
    scan_code(&chars, &mut at, false, &mut texts, &mut code);
    let mut line = 1;
    let mut open: Option<(usize, String)> = None;
    for c in code.chars() {
        match c {
            '>' => open = Some((line, String::new())),
            '<' => {
                if let Some((start, text)) = open.take() {
                    texts.push(Text { line: start, text: text.trim().to_string() });
                }
            }
            _ => {
                if let Some((_, text)) = open.as_mut() {
                    text.push(c);
                }
            }
        }
        if c == '\n' {
            line += 1;
        }
    }
    texts
}

/// Reads code from `chars[*at]` to its end, or (in a template's `${…}`) to the `}` that
/// closes it.
fn scan_code(chars: &[char], at: &mut usize, in_template: bool, texts: &mut Vec<Text>, code: &mut String) {
    let line_of = |code: &String| code.matches('\n').count() + 1;
    let mut depth = 0usize;
    while *at < chars.len() {
        let c = chars[*at];
        let next = chars.get(*at + 1).copied();
        match c {
            '/' if next == Some('/') => {
                while *at < chars.len() && chars[*at] != '\n' {
                    *at += 1;
                }
                continue;
            }
            '/' if next == Some('*') => {
                *at += 2;
                while *at < chars.len() && !(chars[*at] == '*' && chars.get(*at + 1) == Some(&'/')) {
                    if chars[*at] == '\n' {
                        code.push('\n');
                    }
                    *at += 1;
                }
                *at += 2;
                continue;
            }
            '"' | '\'' => {
                let line = line_of(code);
                let mut text = String::new();
                *at += 1;
                while *at < chars.len() && chars[*at] != c && chars[*at] != '\n' {
                    if chars[*at] == '\\' {
                        *at += 1;
                    }
                    text.extend(chars.get(*at));
                    *at += 1;
                }
                code.push_str("\"\"");
                texts.push(Text { line, text });
                if chars.get(*at) == Some(&'\n') {
                    // An unclosed quote (an apostrophe in JSX text): the line ends it.
                    continue;
                }
            }
            '`' => {
                let line = line_of(code);
                let mut text = String::new();
                let mut fixed = true;
                *at += 1;
                while *at < chars.len() && chars[*at] != '`' {
                    if chars[*at] == '\\' {
                        *at += 1;
                        text.extend(chars.get(*at));
                    } else if chars[*at] == '$' && chars.get(*at + 1) == Some(&'{') {
                        fixed = false;
                        *at += 2;
                        scan_code(chars, at, true, texts, code);
                    } else {
                        if chars[*at] == '\n' {
                            code.push('\n');
                        }
                        text.push(chars[*at]);
                    }
                    *at += 1;
                }
                code.push_str("\"\"");
                if fixed {
                    texts.push(Text { line, text });
                }
            }
            '{' => {
                depth += 1;
                code.push(c);
            }
            '}' if in_template && depth == 0 => return,
            '}' => {
                depth = depth.saturating_sub(1);
                code.push(c);
            }
            _ => code.push(c),
        }
        *at += 1;
    }
}

/// Text that equals one of the core's words but means something else, with the reason.
const NOT_A_LABEL: &[(&str, &str, &str)] = &[
    (
        "ui/src/views/secretary.tsx",
        "上级点评",
        "the heading over the superior's 点评 themselves, not a problem's source",
    ),
    ("ui/src/views/projector.tsx", "已提交", "已提交 12 / 40: the phone codes used so far, not a report's state"),
];

/// Every word the core has for a value: what `labels` sends, and the kinds of backup.
fn core_words() -> BTreeSet<String> {
    let mut words: BTreeSet<String> = sent_labels()
        .values()
        .flat_map(|entries| entries.as_array().unwrap().iter().map(|e| e["label"].as_str().unwrap().to_string()))
        .collect();
    words.extend(shuzhi::store::backup::KINDS.iter().map(|(_, label)| label.to_string()));
    words
}

/// The places in `source` where a whole fixed text is one of `words`.
fn own_labels(source: &str, words: &BTreeSet<String>) -> Vec<(usize, String)> {
    fixed_texts(source)
        .into_iter()
        .filter(|t| words.contains(t.text.trim()))
        .map(|t| (t.line, t.text.trim().to_string()))
        .collect()
}

#[test]
fn the_page_holds_none_of_the_cores_words_as_its_own() {
    let words = core_words();
    let mut found = Vec::new();
    let mut folders = vec![root().join("ui/src")];
    let mut files = 0;
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            let name = path.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/");
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            // The generated bindings carry the core's words in its comments, as the core wrote them.
            if !(name.ends_with(".ts") || name.ends_with(".tsx")) || name == "ui/src/bindings.ts" {
                continue;
            }
            files += 1;
            let source = std::fs::read_to_string(&path).unwrap();
            for (line, text) in own_labels(&source, &words) {
                if !NOT_A_LABEL.iter().any(|(file, allowed, _)| *file == name && *allowed == text) {
                    found.push(format!("{name}:{line}: “{text}”"));
                }
            }
        }
    }
    assert!(files > 20, "the page's sources were read ({files})");
    assert!(
        found.is_empty(),
        "the page writes the core's words itself; take them from labels.ts (labelOf, choicesOf) or the view:\n{}",
        found.join("\n")
    );
}

/// The check finds a label written as a string, in a map, in a template's fixed part or
/// between tags, and leaves alone a sentence or a comment that merely contains one.
#[test]
fn the_check_of_the_page_finds_labels_and_leaves_sentences_alone() {
    let words: BTreeSet<String> = ["已完成", "好", "党支部", "手机扫码"].map(String::from).into();
    let source = r#"
// 已完成 is reached through 销号.
const done = { done: "已完成" };
const kind = '党支部';
const way = `手机扫码`;
const told = `已完成 ${count} 项`;
const sentence = "措施已完成，请销号";
export const Row = () => (
  <tr>
    <th>好</th>
    <td>{count} 好票</td>
    <td>措施 {count}</td>
    <td title={`${a}/${b}`}>{x > 1 ? "较好" : "一般"}</td>
  </tr>
);
"#;
    let found = own_labels(source, &words);
    assert_eq!(
        found,
        vec![(3, "已完成".to_string()), (4, "党支部".to_string()), (5, "手机扫码".to_string()), (10, "好".to_string())],
        "{found:?}"
    );
}
