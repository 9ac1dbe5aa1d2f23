//! What the window does for the core's commands: exports are saved into the export folder
//! (文档/述职评议助手), and files elsewhere are chosen in the system's own dialogs.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use shuzhi::commands::{CommandResult, FileFilter, Shell};
use shuzhi::files::Export;

/// The window's shell; `app` is set once the window's app has started.
#[derive(Default)]
pub struct WindowShell {
    pub app: Arc<OnceLock<tauri::AppHandle>>,
}

impl Shell for WindowShell {
    fn deliver(&self, export: Export) -> CommandResult<String> {
        shuzhi::commands::save_to_export_folder(export)
    }

    fn deliver_folder(&self, folder: &str, files: Vec<Export>) -> CommandResult<String> {
        shuzhi::commands::save_folder_to_export_folder(folder, files)
    }

    fn keep_elsewhere(&self, title: &str, export: Export, filter: FileFilter) -> CommandResult<Option<String>> {
        let Some(app) = self.app.get() else { return Ok(None) };
        let Some(mut path) = crate::dialogs::save_file(app, title, &export.file_name, filter) else {
            return Ok(None);
        };
        // The dialog may drop the extension the person did not type.
        if let Some(extension) = filter.extensions.first()
            && path.extension().and_then(|e| e.to_str()) != Some(extension)
        {
            path.as_mut_os_string().push(format!(".{extension}"));
        }
        shuzhi::files::write_atomically(&path, &export.bytes)?;
        Ok(Some(path.display().to_string()))
    }

    fn choose_file(&self, title: &str, filter: FileFilter) -> Option<PathBuf> {
        crate::dialogs::pick_file(self.app.get()?, title, filter)
    }

    fn open_projector(&self, campaign_id: &str) -> CommandResult<bool> {
        let Some(app) = self.app.get() else { return Ok(false) };
        crate::screens::open_projector(app, campaign_id).map_err(|error| shuzhi::commands::CommandError::Storage {
            message: format!("无法打开投屏窗口（{error}）。可以在会议页点“投屏”旁的链接，在本窗口中显示投屏画面。"),
        })?;
        Ok(true)
    }

    fn close_projector(&self) -> CommandResult<bool> {
        Ok(self.app.get().is_some_and(crate::screens::close_projector))
    }
}
