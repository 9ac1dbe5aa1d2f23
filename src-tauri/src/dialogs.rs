//! The system's own save and open dialogs, opened from Rust: the only way a path from
//! outside the program's folders reaches a command. GTK wants its dialogs on the main
//! thread; the command waits on its own thread for the person's answer.

use std::path::PathBuf;

use tauri::Manager;

use shuzhi::commands::FileFilter as Filter;

/// The file the person chose to save to, or `None` when they cancelled. The dialog starts
/// in `folder` when it is given and exists, else in 文档.
pub fn save_file(
    app: &tauri::AppHandle,
    title: &str,
    suggested: &str,
    filter: Filter,
    folder: Option<PathBuf>,
) -> Option<PathBuf> {
    let (title, suggested) = (title.to_string(), suggested.to_string());
    ask(app, folder, move |dialog| {
        Box::pin(
            dialog.set_title(title).set_file_name(suggested).add_filter(filter.name, filter.extensions).save_file(),
        )
    })
}

/// The folder the person chose, or `None` when they cancelled; starts as [`save_file`] does.
pub fn pick_folder(app: &tauri::AppHandle, title: &str, folder: Option<PathBuf>) -> Option<PathBuf> {
    let title = title.to_string();
    ask(app, folder, move |dialog| Box::pin(dialog.set_title(title).pick_folder()))
}

/// The file the person chose to open, or `None` when they cancelled.
pub fn pick_file(app: &tauri::AppHandle, title: &str, filter: Filter) -> Option<PathBuf> {
    let title = title.to_string();
    ask(app, None, move |dialog| {
        Box::pin(dialog.set_title(title).add_filter(filter.name, filter.extensions).pick_file())
    })
}

type Answer = std::pin::Pin<Box<dyn std::future::Future<Output = Option<rfd::FileHandle>> + Send>>;

fn ask(
    app: &tauri::AppHandle,
    folder: Option<PathBuf>,
    show: impl FnOnce(rfd::AsyncFileDialog) -> Answer + Send + 'static,
) -> Option<PathBuf> {
    let (answer, answered) = std::sync::mpsc::channel();
    let window = app.get_webview_window("main");
    // The dialog starts in the folder asked for, else in 文档.
    let start = folder.filter(|f| f.is_dir()).or_else(|| app.path().document_dir().ok().filter(|d| d.is_dir()));
    let shown = app.run_on_main_thread(move || {
        let mut dialog = rfd::AsyncFileDialog::new();
        if let Some(start) = start {
            dialog = dialog.set_directory(start);
        }
        if let Some(window) = &window {
            dialog = dialog.set_parent(window);
        }
        let chosen = show(dialog);
        std::thread::spawn(move || {
            let _ = answer.send(tauri::async_runtime::block_on(chosen).map(|file| file.path().to_path_buf()));
        });
    });
    shown.ok()?;
    answered.recv().ok().flatten()
}
