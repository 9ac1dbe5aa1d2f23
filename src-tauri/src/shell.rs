//! What the window does for the core's commands: exports are saved where the person says in
//! the system's save dialog (which starts in the export folder, 文档/述职评议助手, with the
//! file's name filled in), and files elsewhere are chosen in the system's own dialogs.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use shuzhi::commands::{CommandResult, Delivered, FileFilter, Shell};
use shuzhi::files::Export;

/// The window's shell; `app` is set once the window's app has started.
#[derive(Default)]
pub struct WindowShell {
    pub app: Arc<OnceLock<tauri::AppHandle>>,
}

impl Shell for WindowShell {
    fn deliver(&self, export: Export) -> CommandResult<Option<Delivered>> {
        let Some(app) = self.app.get() else { return shuzhi::commands::save_to_export_folder(export).map(Some) };
        let folder = export_folder()?;
        let filter = shuzhi::commands::filter_for(&export.file_name);
        let title = format!("导出 {}", filter.name);
        let Some(path) = save_as(app, &title, export, filter, Some(folder))? else { return Ok(None) };
        Ok(Some(Delivered { shown: path.display().to_string(), saved_at: Some(path) }))
    }

    fn deliver_folder(&self, folder: &str, files: Vec<Export>) -> CommandResult<Option<Delivered>> {
        let Some(app) = self.app.get() else {
            return shuzhi::commands::save_folder_to_export_folder(folder, files).map(Some);
        };
        let title = format!("选择保存“{folder}”文件夹的位置");
        let Some(parent) = crate::dialogs::pick_folder(app, &title, Some(export_folder()?)) else { return Ok(None) };
        shuzhi::commands::save_folder_in(&parent, folder, files).map(Some)
    }

    fn keep_elsewhere(&self, title: &str, export: Export, filter: FileFilter) -> CommandResult<Option<String>> {
        let Some(app) = self.app.get() else { return Ok(None) };
        Ok(save_as(app, title, export, filter, None)?.map(|path| path.display().to_string()))
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

/// The export folder, made when it is missing so the save dialog can start there.
fn export_folder() -> CommandResult<PathBuf> {
    let folder = shuzhi::report::pdf::export_folder();
    std::fs::create_dir_all(&folder).map_err(|e| shuzhi::commands::CommandError::Storage {
        message: format!("无法建立导出文件夹 {}（{e}）。请检查“文档”文件夹是否可写。", folder.display()),
    })?;
    Ok(folder)
}

/// Asks where to save `export` and writes it there; `None` when the person cancelled.
fn save_as(
    app: &tauri::AppHandle,
    title: &str,
    export: Export,
    filter: FileFilter,
    folder: Option<PathBuf>,
) -> CommandResult<Option<PathBuf>> {
    let Some(mut path) = crate::dialogs::save_file(app, title, &export.file_name, filter, folder) else {
        return Ok(None);
    };
    // The dialog may drop the extension the person did not type.
    if let Some(extension) = filter.extensions.first()
        && *extension != "*"
        && path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() != Some(extension)
    {
        path.as_mut_os_string().push(format!(".{extension}"));
    }
    shuzhi::files::write_atomically(&path, &export.bytes)?;
    Ok(Some(path))
}
