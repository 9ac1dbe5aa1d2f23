//! Exports as the window makes them: the person says where in a save dialog (or cancels),
//! the page may then open what was saved there and nothing else, and the database is not
//! held while the dialog waits.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, Weak, mpsc};
use std::time::Duration;

use shuzhi::commands::{self, CommandError, CommandResult, Delivered, FileFilter, Session, Shell};
use shuzhi::files::Export;

use crate::SAMPLE_ID;

/// A person at a save dialog: saves into `folder` under the suggested name, or cancels.
/// While the dialog is open it reads the campaigns through the session, as the page's
/// polling does, and notes whether that had to wait for the export.
struct Dialog {
    folder: Option<PathBuf>,
    session: Arc<OnceLock<Weak<Session>>>,
    page_waited: Arc<Mutex<Option<bool>>>,
}

impl Dialog {
    fn page_reads_meanwhile(&self) {
        let Some(session) = self.session.get().and_then(Weak::upgrade) else { return };
        let (done, finished) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = done.send(commands::campaign::list_campaigns(&session).is_ok());
        });
        // Generous: a store held by the export would make this wait for ever.
        let read = finished.recv_timeout(Duration::from_secs(20));
        *self.page_waited.lock().unwrap() = Some(!matches!(read, Ok(true)));
    }
}

impl Shell for Dialog {
    fn deliver(&self, export: Export) -> CommandResult<Option<Delivered>> {
        self.page_reads_meanwhile();
        let Some(folder) = &self.folder else { return Ok(None) };
        let path = folder.join(&export.file_name);
        shuzhi::files::write_atomically(&path, &export.bytes)?;
        Ok(Some(Delivered { shown: path.display().to_string(), saved_at: Some(path) }))
    }

    fn deliver_folder(&self, folder: &str, files: Vec<Export>) -> CommandResult<Option<Delivered>> {
        let Some(parent) = &self.folder else { return Ok(None) };
        commands::save_folder_in(parent, folder, files).map(Some)
    }

    fn keep_elsewhere(&self, _title: &str, export: Export, _filter: FileFilter) -> CommandResult<Option<String>> {
        Ok(Some(format!("{}（{} 字节）", export.file_name, export.bytes.len())))
    }

    fn choose_file(&self, _title: &str, _filter: FileFilter) -> Option<PathBuf> {
        None
    }
}

fn session_with(dir: &std::path::Path, folder: Option<PathBuf>) -> (Arc<Session>, Arc<Mutex<Option<bool>>>) {
    let handle = Arc::new(OnceLock::new());
    let page_waited = Arc::new(Mutex::new(None));
    let shell = Dialog { folder, session: handle.clone(), page_waited: page_waited.clone() };
    let session = Arc::new(Session::open(dir.join("shuzhi.db"), Box::new(shell)));
    handle.set(Arc::downgrade(&session)).unwrap();
    (session, page_waited)
}

fn a_report(session: &Session) -> String {
    commands::report::start_report(session, "sec-xy".into()).unwrap()
}

#[test]
fn an_export_saved_where_the_person_said_can_be_opened_from_there_and_nothing_else_can() {
    let dir = tempfile::tempdir().unwrap();
    let usb = tempfile::tempdir().unwrap();
    let (session, page_waited) = session_with(dir.path(), Some(usb.path().to_path_buf()));
    let report = a_report(&session);

    let saved = commands::report::export_report_pdf(&session, report).unwrap().expect("saved");
    assert!(saved.starts_with(&usb.path().display().to_string()), "{saved}");
    assert!(std::fs::read(&saved).unwrap().starts_with(b"%PDF"));
    assert_eq!(*page_waited.lock().unwrap(), Some(false), "the page read the database while the dialog was open");

    // The copy elsewhere starts from the file that was saved.
    let copied = commands::system::save_exported_as(&session, saved.clone()).unwrap().unwrap();
    assert!(copied.ends_with("字节）") && copied.contains(".pdf"), "{copied}");

    // A file in the same folder that this program did not save there is refused.
    let other = usb.path().join("别人的文件.pdf");
    std::fs::write(&other, b"%PDF-1.4").unwrap();
    let refused = commands::system::save_exported_as(&session, other.display().to_string()).unwrap_err();
    assert!(
        matches!(&refused, CommandError::InvalidInput { message } if message.starts_with("只能打开本程序导出的文件")),
        "{refused:?}"
    );
    let refused = commands::system::open_exported(&session, other.display().to_string()).unwrap_err();
    assert!(
        matches!(&refused, CommandError::InvalidInput { message } if message.contains("请重新导出")),
        "{refused:?}"
    );
}

#[test]
fn a_cancelled_save_dialog_writes_nothing_and_says_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (session, page_waited) = session_with(dir.path(), None);
    // The day's backup, made beside the start, is not what this counts.
    session.wait_for_daily_backup();
    let report = a_report(&session);
    let files_before = std::fs::read_dir(dir.path()).unwrap().count();

    assert_eq!(commands::report::export_report_docx(&session, report).unwrap(), None);
    assert_eq!(
        commands::lists::export_lists_xlsx(&session, SAMPLE_ID.into(), None).unwrap(),
        None,
        "the lists' workbook too"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), files_before, "nothing new beside the database");
    assert_eq!(*page_waited.lock().unwrap(), Some(false));
}

#[test]
fn files_that_belong_together_go_into_their_own_folder_inside_the_one_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let chosen = tempfile::tempdir().unwrap();
    let (session, _) = session_with(dir.path(), Some(chosen.path().to_path_buf()));
    let files = vec![
        Export { file_name: "rules.json".into(), bytes: b"{}".to_vec() },
        Export { file_name: "ballots.csv".into(), bytes: b"code\n".to_vec() },
    ];
    let shown = session.deliver_folder("复核文件", files).unwrap().unwrap();
    let folder = chosen.path().join("复核文件");
    assert_eq!(shown, folder.display().to_string());
    assert_eq!(std::fs::read(folder.join("ballots.csv")).unwrap(), b"code\n");
    assert!(session.saved_export(&folder.canonicalize().unwrap()));
}

/// Every C0 and C1 control character and the two noncharacters XML cannot hold, each between
/// two words, then a vertical tab and a form feed: what a paste from Word or a web page brings.
fn text_with_every_control() -> String {
    let mut text = String::from("第一段开头");
    for code in (0u32..0x20).chain(0x7F..0xA0).chain([0xFFFE, 0xFFFF]) {
        text.push(char::from_u32(code).unwrap());
        text.push('字');
    }
    text.push_str("第一段结尾\u{B}第二段在垂直制表符之后\u{C}第三段在换页符之后\u{202E}反转\u{200B}零宽");
    text
}

/// The visible words `text_with_every_control` must keep, each whole.
const KEPT: [&str; 5] = ["第一段开头", "第一段结尾", "第二段在垂直制表符之后", "第三段在换页符之后", "反转零宽"];

/// Parses `xml` strictly (every character and character reference must be one XML 1.0 allows,
/// every element closed in order) and returns its text, with a line break after each paragraph
/// (`p`), shared string (`si`) or row.
fn strict_xml_text(part: &str, xml: &str) -> String {
    let is_xml_char =
        |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    let check_references = |text: &str| {
        for reference in text.split("&#").skip(1) {
            let digits = reference.split(';').next().unwrap();
            let code = match digits.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16),
                None => digits.parse(),
            }
            .unwrap_or_else(|_| panic!("{part}: a broken character reference &#{digits};"));
            let c = char::from_u32(code).unwrap_or('\u{FFFF}');
            assert!(is_xml_char(c), "{part}: the reference &#{digits}; names a character XML cannot hold");
        }
    };
    let mut open: Vec<String> = Vec::new();
    let mut text = String::new();
    for token in xmlparser::Tokenizer::from(xml) {
        let token = token.unwrap_or_else(|e| panic!("{part} is not well-formed XML: {e}"));
        match token {
            xmlparser::Token::ElementStart { prefix, local, .. } => open.push(format!("{prefix}:{local}")),
            xmlparser::Token::ElementEnd { end, .. } => match end {
                xmlparser::ElementEnd::Open => {}
                xmlparser::ElementEnd::Empty => {
                    open.pop();
                }
                xmlparser::ElementEnd::Close(prefix, local) => {
                    let name = format!("{prefix}:{local}");
                    assert_eq!(open.pop().as_deref(), Some(name.as_str()), "{part}: elements closed out of order");
                    if matches!(local.as_str(), "p" | "si" | "row") {
                        text.push('\n');
                    }
                }
            },
            xmlparser::Token::Attribute { value, .. } => {
                assert!(value.chars().all(is_xml_char), "{part}: an attribute holds a character XML cannot");
                check_references(&value);
            }
            xmlparser::Token::Text { text: t } => {
                assert!(t.chars().all(is_xml_char), "{part}: text holds a character XML cannot");
                check_references(&t);
                text.push_str(&t);
            }
            _ => {}
        }
    }
    assert!(open.is_empty(), "{part}: elements left open: {open:?}");
    text
}

/// The XML parts of an Office file (a zip), each parsed strictly; returns the text of them all.
fn office_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an Office file is a zip");
    let mut text = String::new();
    for index in 0..zip.len() {
        let mut part = zip.by_index(index).unwrap();
        let name = part.name().to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut part, &mut xml).unwrap();
        text.push_str(&strict_xml_text(&name, &xml));
    }
    text
}

/// A report whose achievements hold every control character, and lists whose new problem does.
fn store_with_every_control() -> (shuzhi::Store, String) {
    let mut store = crate::sample_store();
    let report = shuzhi::report::start_report(&mut store, "sec-xy", "周慧").unwrap();
    let refused = shuzhi::report::save_section(&mut store, &report, "fp-2023-achievements", &text_with_every_control());
    assert_eq!(
        refused.unwrap_err().to_string(),
        "这一节的正文含有空字符（\\0），不是正常的文本。请改正后再保存。",
        "a null character is refused before the save"
    );
    let without_null = text_with_every_control().replace('\0', "");
    shuzhi::report::save_section(&mut store, &report, "fp-2023-achievements", &without_null).unwrap();
    // A database written before that rule may still hold one: the writers clean it as well.
    store
        .conn()
        .execute(
            "UPDATE sections SET body = ?1 WHERE report_id = ?2 AND focus_point_id = 'fp-2023-achievements'",
            rusqlite::params![text_with_every_control(), report],
        )
        .unwrap();
    let problem = shuzhi::lists::items::ProblemInput {
        category: "组织建设".into(),
        // A problem's text refuses the null character outright; every other control arrives.
        description: text_with_every_control().replace('\0', ""),
        cause: "原因\u{B}另一行".into(),
    };
    shuzhi::lists::items::add_problem(&mut store, "sec-xy", &problem, "周慧").unwrap();
    (store, report)
}

#[test]
fn control_characters_in_a_text_leave_the_word_file_well_formed_and_the_words_whole() {
    let (store, report) = store_with_every_control();
    let docx = shuzhi::report::docx::report_docx(&store, &report).unwrap();
    let text = office_text(&docx);
    for kept in KEPT {
        assert!(text.contains(kept), "“{kept}” is missing from the Word file");
    }
    assert!(
        text.lines().any(|line| line == "第二段在垂直制表符之后"),
        "a vertical tab starts a new paragraph, as Shift+Enter meant"
    );
}

#[test]
fn control_characters_in_a_text_leave_the_excel_file_well_formed_and_the_words_whole() {
    let (store, _) = store_with_every_control();
    let lists = shuzhi::lists::build_lists(&store, SAMPLE_ID, Some("sec-xy"), chrono::NaiveDate::MIN).unwrap();
    let xlsx = shuzhi::lists::xlsx::lists_xlsx(&lists, &shuzhi::lists::ListKind::ALL).unwrap();
    let text = office_text(&xlsx);
    for kept in KEPT {
        assert!(text.contains(kept), "“{kept}” is missing from the Excel file");
    }
    assert!(text.contains("第一段结尾\n第二段在垂直制表符之后"), "a vertical tab is a line break in the cell");
    assert!(!text.contains("_x00"), "controls are removed, not kept as Excel's escape codes");
}

#[test]
fn control_characters_in_a_text_are_not_drawn_and_the_pdf_keeps_the_words() {
    let (store, report) = store_with_every_control();
    let pdf = shuzhi::report::pdf::report_pdf(&store, &report).unwrap();
    // Lines wrap where the page ends them; the words are looked for across the breaks.
    let text = crate::pdf_text::pdf_text(&pdf, crate::pdf_text::Layout::Page).replace(['\n', '\u{c}'], "");
    for kept in KEPT {
        assert!(text.contains(kept), "“{kept}” is missing from the report's PDF:\n{text}");
    }
    let lists = shuzhi::lists::build_lists(&store, SAMPLE_ID, Some("sec-xy"), chrono::NaiveDate::MIN).unwrap();
    let pdf = shuzhi::lists::pdf::lists_pdf(&lists, &shuzhi::lists::ListKind::ALL, chrono::NaiveDate::MIN).unwrap();
    let text = crate::pdf_text::pdf_text(&pdf, crate::pdf_text::Layout::Raw).replace(['\n', '\u{c}'], "");
    for kept in ["第一段开头", "第二段在垂直制表符之后"] {
        assert!(text.contains(kept), "“{kept}” is missing from the lists' PDF:\n{text}");
    }
}
