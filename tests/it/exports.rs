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
    commands::report::start_report(session, "sec-xy".into(), "周慧".into()).unwrap()
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
