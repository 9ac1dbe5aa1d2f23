//! What the browser app does for the core's commands: files the core made become
//! downloads of the page, and a file the person chooses is one the page uploaded first.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::commands::{CommandResult, Delivered, FileFilter, Shell};
use crate::files::Export;

/// How many finished exports wait for the page to fetch them; older ones are dropped.
const KEPT_DOWNLOADS: usize = 16;

/// A file waiting to be downloaded by the page.
pub struct Download {
    pub id: String,
    pub export: Export,
}

/// Files in transit between the page and the commands.
#[derive(Default)]
pub struct Transfers {
    downloads: Mutex<VecDeque<Download>>,
    /// The file the page uploaded for the command it is about to call.
    upload: Mutex<Option<PathBuf>>,
}

thread_local! {
    /// The downloads made by the command running on this thread, which the answer to the
    /// page lists.
    static DELIVERED: std::cell::RefCell<Vec<(String, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Transfers {
    /// Takes the download `id` (each is fetched once).
    pub fn take_download(&self, id: &str) -> Option<Export> {
        let mut downloads = self.downloads.lock().unwrap_or_else(|p| p.into_inner());
        let at = downloads.iter().position(|d| d.id == id)?;
        downloads.remove(at).map(|d| d.export)
    }

    /// Keeps the file the page uploaded until a command takes it.
    pub fn set_upload(&self, path: PathBuf) {
        if let Some(old) = self.upload.lock().unwrap_or_else(|p| p.into_inner()).replace(path) {
            let _ = std::fs::remove_file(old);
        }
    }

    /// The downloads made on this thread since the last call: (address, file name).
    pub fn delivered_here() -> Vec<(String, String)> {
        DELIVERED.with(|d| std::mem::take(&mut *d.borrow_mut()))
    }

    fn offer(&self, export: Export) -> String {
        let id = format!("{:016x}", crate::random::u64());
        let file_name = export.file_name.clone();
        let mut downloads = self.downloads.lock().unwrap_or_else(|p| p.into_inner());
        while downloads.len() >= KEPT_DOWNLOADS {
            downloads.pop_front();
        }
        downloads.push_back(Download { id: id.clone(), export });
        DELIVERED.with(|d| d.borrow_mut().push((format!("/files/{id}"), file_name.clone())));
        file_name
    }
}

/// The browser app's shell.
pub struct BrowserShell {
    transfers: Arc<Transfers>,
}

impl BrowserShell {
    pub fn new(transfers: Arc<Transfers>) -> BrowserShell {
        BrowserShell { transfers }
    }
}

impl Shell for BrowserShell {
    fn deliver(&self, export: Export) -> CommandResult<Option<Delivered>> {
        let shown = format!("下载文件夹中的“{}”", self.transfers.offer(export));
        Ok(Some(Delivered { shown, saved_at: None }))
    }

    fn deliver_folder(&self, _folder: &str, files: Vec<Export>) -> CommandResult<Option<Delivered>> {
        let names: Vec<String> = files.into_iter().map(|f| format!("“{}”", self.transfers.offer(f))).collect();
        Ok(Some(Delivered { shown: format!("下载文件夹中的{}", names.join("和")), saved_at: None }))
    }

    fn keep_elsewhere(&self, _title: &str, export: Export, _filter: FileFilter) -> CommandResult<Option<String>> {
        Ok(self.deliver(export)?.map(|d| d.shown))
    }

    fn choose_file(&self, _title: &str, _filter: FileFilter) -> Option<PathBuf> {
        self.transfers.upload.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}
