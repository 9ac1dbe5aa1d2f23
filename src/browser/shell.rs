//! What the browser app does for the core's commands: files the core made become
//! downloads of the page, and a file the person chooses is one the page uploaded first,
//! named by the tab that uploaded it.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::commands::{CommandResult, Delivered, FileFilter, Shell};
use crate::files::Export;

/// How many finished exports wait for the page to fetch them; older ones are dropped.
const KEPT_DOWNLOADS: usize = 16;
/// How long a download's address is good for: the page fetches it at once. Its address is
/// the only credential a download needs (a link cannot carry the token header), so it is
/// random, good for one fetch, and short-lived.
pub const DOWNLOAD_LIFETIME: Duration = Duration::from_secs(120);
/// How many uploads wait for the command that takes them; older ones are removed.
const KEPT_UPLOADS: usize = 4;

/// A file waiting to be downloaded by the page.
pub struct Download {
    pub id: String,
    pub export: Export,
    made: Instant,
}

/// Files in transit between the page and the commands.
#[derive(Default)]
pub struct Transfers {
    downloads: Mutex<VecDeque<Download>>,
    /// The files tabs uploaded, each under the id the uploading tab was given, until the
    /// command that names it takes it.
    uploads: Mutex<VecDeque<(String, PathBuf)>>,
}

thread_local! {
    /// The downloads made by the command running on this thread, which the answer to the
    /// page lists.
    static DELIVERED: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
    /// The upload the request running on this thread names: the file its command chooses.
    static UPLOAD_NAMED: RefCell<Option<String>> = const { RefCell::new(None) };
}

impl Transfers {
    /// Takes the download `id` (each is fetched once, within [`DOWNLOAD_LIFETIME`]).
    pub fn take_download(&self, id: &str) -> Option<Export> {
        self.take_download_at(id, Instant::now())
    }

    fn take_download_at(&self, id: &str, now: Instant) -> Option<Export> {
        let mut downloads = self.downloads.lock().unwrap_or_else(|p| p.into_inner());
        downloads.retain(|d| now.saturating_duration_since(d.made) <= DOWNLOAD_LIFETIME);
        let at = downloads.iter().position(|d| same_id(&d.id, id))?;
        downloads.remove(at).map(|d| d.export)
    }

    /// Keeps the file a tab uploaded until the command that names it takes it; the id the
    /// tab names it by.
    pub fn add_upload(&self, path: PathBuf) -> String {
        let id = format!("{:016x}{:016x}", crate::random::u64(), crate::random::u64());
        let mut uploads = self.uploads.lock().unwrap_or_else(|p| p.into_inner());
        while uploads.len() >= KEPT_UPLOADS {
            if let Some((_, old)) = uploads.pop_front() {
                let _ = std::fs::remove_file(old);
            }
        }
        uploads.push_back((id.clone(), path));
        id
    }

    /// Names the upload the command about to run on this thread may take (none: `None`).
    pub fn name_upload_here(id: Option<String>) {
        UPLOAD_NAMED.with(|named| *named.borrow_mut() = id);
    }

    /// The upload named for this thread's command, taken (each is taken once).
    fn take_named_upload(&self) -> Option<PathBuf> {
        let id = UPLOAD_NAMED.with(|named| named.borrow_mut().take())?;
        let mut uploads = self.uploads.lock().unwrap_or_else(|p| p.into_inner());
        let at = uploads.iter().position(|(upload_id, _)| same_id(upload_id, &id))?;
        uploads.remove(at).map(|(_, path)| path)
    }

    /// The downloads made on this thread since the last call: (address, file name).
    pub fn delivered_here() -> Vec<(String, String)> {
        DELIVERED.with(|d| std::mem::take(&mut *d.borrow_mut()))
    }

    fn offer(&self, export: Export) -> String {
        let id = format!("{:016x}{:016x}", crate::random::u64(), crate::random::u64());
        let file_name = export.file_name.clone();
        let mut downloads = self.downloads.lock().unwrap_or_else(|p| p.into_inner());
        while downloads.len() >= KEPT_DOWNLOADS {
            downloads.pop_front();
        }
        downloads.push_back(Download { id: id.clone(), export, made: Instant::now() });
        DELIVERED.with(|d| d.borrow_mut().push((format!("/files/{id}"), file_name.clone())));
        file_name
    }
}

/// Compares ids in time that does not depend on where they differ: a download's id is
/// its credential.
fn same_id(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
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
        self.transfers.take_named_upload()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export(name: &str) -> Export {
        Export { file_name: name.into(), bytes: b"bytes".to_vec() }
    }

    #[test]
    fn a_download_is_handed_out_once_and_only_while_it_is_fresh() {
        let transfers = Transfers::default();
        transfers.offer(export("甲.pdf"));
        transfers.offer(export("乙.pdf"));
        let made = Transfers::delivered_here();
        let id_of = |i: usize| made[i].0.trim_start_matches("/files/").to_string();
        assert_eq!(id_of(0).len(), 32, "an id as hard to guess as the token");
        let now = Instant::now();
        assert!(transfers.take_download_at(&id_of(0), now).is_some());
        assert!(transfers.take_download_at(&id_of(0), now).is_none(), "once");
        assert!(transfers.take_download_at(&id_of(1), now + DOWNLOAD_LIFETIME + Duration::from_secs(1)).is_none());
    }

    #[test]
    fn a_command_takes_only_the_upload_its_request_names() {
        let dir = tempfile::tempdir().unwrap();
        let transfers = Transfers::default();
        let first = transfers.add_upload(dir.path().join("甲.db"));
        let second = transfers.add_upload(dir.path().join("乙.db"));
        Transfers::name_upload_here(None);
        assert_eq!(transfers.take_named_upload(), None, "no name, no file");
        Transfers::name_upload_here(Some(second.clone()));
        assert_eq!(transfers.take_named_upload(), Some(dir.path().join("乙.db")));
        Transfers::name_upload_here(Some(second));
        assert_eq!(transfers.take_named_upload(), None, "taken once");
        Transfers::name_upload_here(Some(first));
        assert_eq!(transfers.take_named_upload(), Some(dir.path().join("甲.db")));
    }
}
