//! The command line as a shell of the command table: a file a command hands over goes
//! where `--out` says, and a file the person "chooses" is the one named on the command
//! line. Every subcommand runs the table's commands on one [`Session`].

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use shuzhi::commands::{CommandError, CommandResult, Delivered, FileFilter, Session, Shell};
use shuzhi::files::Export;

/// Where the next export goes, and the file the next "choose a file" answers with.
#[derive(Default, Clone)]
pub(crate) struct Paths {
    out: Arc<Mutex<Option<PathBuf>>>,
    chosen: Arc<Mutex<Option<PathBuf>>>,
}

impl Paths {
    fn take_out(&self) -> CommandResult<PathBuf> {
        self.out
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .ok_or_else(|| CommandError::InvalidInput { message: "请用 --out 指定要保存到的文件。".into() })
    }
}

/// The shell of the command line.
pub(crate) struct CliShell(pub Paths);

impl Shell for CliShell {
    fn deliver(&self, export: Export) -> CommandResult<Option<Delivered>> {
        let out = self.0.take_out()?;
        shuzhi::files::write_atomically(&out, &export.bytes)?;
        Ok(Some(Delivered { shown: out.display().to_string(), saved_at: Some(out) }))
    }

    fn deliver_folder(&self, _folder: &str, files: Vec<Export>) -> CommandResult<Option<Delivered>> {
        // The folder named on the command line is the folder: no second level inside it.
        let out = self.0.take_out()?;
        for file in files {
            shuzhi::files::write_atomically(&out.join(&file.file_name), &file.bytes)?;
        }
        Ok(Some(Delivered { shown: out.display().to_string(), saved_at: Some(out) }))
    }

    fn keep_elsewhere(&self, _title: &str, export: Export, _filter: FileFilter) -> CommandResult<Option<String>> {
        Ok(self.deliver(export)?.map(|d| d.shown))
    }

    fn choose_file(&self, _title: &str, _filter: FileFilter) -> Option<PathBuf> {
        self.0.chosen.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

/// One run of the command line: the session and how to answer.
pub(crate) struct Cx {
    pub session: Session,
    pub json: bool,
    paths: Paths,
}

impl Cx {
    pub fn new(session: Session, json: bool, paths: Paths) -> Cx {
        Cx { session, json, paths }
    }

    /// Runs an export command with its file (or folder) going to `out`; returns the size
    /// of what was written, in bytes.
    pub fn export_to(
        &self,
        out: &Path,
        export: impl FnOnce(&Session) -> CommandResult<Option<String>>,
    ) -> CommandResult<u64> {
        self.around(Some(out), None, export)?;
        Ok(size_of(out))
    }

    /// Runs `run` with its export going to `out` and its "choose a file" answered with `file`.
    pub fn around<T>(&self, out: Option<&Path>, file: Option<&Path>, run: impl FnOnce(&Session) -> T) -> T {
        *self.paths.out.lock().unwrap_or_else(|p| p.into_inner()) = out.map(Path::to_path_buf);
        *self.paths.chosen.lock().unwrap_or_else(|p| p.into_inner()) = file.map(Path::to_path_buf);
        let ran = run(&self.session);
        self.paths.out.lock().unwrap_or_else(|p| p.into_inner()).take();
        self.paths.chosen.lock().unwrap_or_else(|p| p.into_inner()).take();
        ran
    }

    /// Runs a command that lets the person choose a file, answering with `file`.
    pub fn choosing<T>(&self, file: &Path, run: impl FnOnce(&Session) -> CommandResult<T>) -> CommandResult<T> {
        self.around(None, Some(file), run)
    }
}

/// The size of a file, or of the files directly inside a folder.
fn size_of(path: &Path) -> u64 {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => std::fs::read_dir(path)
            .map(|entries| entries.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
            .unwrap_or(0),
        Ok(meta) => meta.len(),
        Err(_) => 0,
    }
}

/// A file the person names, read within the limit of its kind, as the page sends it:
/// its name and its bytes base64-encoded.
pub(crate) fn read_as_page_sends(file: &Path, kind: shuzhi::files::FileKind) -> CommandResult<(String, String)> {
    use base64::Engine;
    let bytes = shuzhi::files::read_limited(file, kind)?;
    Ok((file.display().to_string(), base64::engine::general_purpose::STANDARD.encode(bytes)))
}

/// The file name alone (what the window sends for a file the person chose).
pub(crate) fn file_name(file: &Path) -> String {
    file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
