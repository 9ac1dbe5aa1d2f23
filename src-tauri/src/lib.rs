//! The desktop shell of 述职评议助手: the window, and the commands it may call.
//! Glue only — every decision is made by the core crate `shuzhi`.

pub mod dialogs;
pub mod screens;
pub mod shell;

use shuzhi::commands::Session;
use tauri_specta::{Builder, collect_commands};

/// Makes one Tauri command per line of the core's command table, and the builder that
/// registers them all (also the source of `ui/src/bindings.ts`).
macro_rules! tauri_commands {
    ($( $domain:ident { $( $(#[$doc:meta])* $how:ident $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty ; )* } )*) => {
        /// The window's commands: each calls the core's command of the same name.
        pub mod commands {
            use shuzhi::commands::prelude::*;
            $($( tauri_command!($how $domain $name ($($arg : $ty),*) -> $ret; $(#[$doc])*); )*)*
        }

        /// The commands the window may call; also the source of `ui/src/bindings.ts`.
        pub fn specta_builder() -> Builder<tauri::Wry> {
            // One TypeScript type per Rust type: our payloads read and write the same shape.
            Builder::<tauri::Wry>::new().disable_serde_phases().commands(collect_commands![$($(commands::$name,)*)*])
        }
    };
}

/// One command. Every command runs on a thread of its own from the blocking pool, never on
/// the main thread, which draws the window and shows the system's dialogs: closing a vote,
/// checking the database or importing a package leaves the window answering, and a command
/// waiting for the person in a save dialog holds no async worker. The store's lock keeps
/// writes one at a time; the page awaits each autosave before sending the next, so their
/// order is the order she typed. (`dialog` marks, in the table, the commands that wait for
/// a dialog; both kinds run the same way here.)
macro_rules! tauri_command {
    ($how:ident $domain:ident $name:ident ($($arg:ident : $ty:ty),*) -> $ret:ty; $(#[$doc:meta])*) => {
        $(#[$doc])*
        #[tauri::command]
        #[specta::specta]
        #[allow(clippy::too_many_arguments)]
        pub async fn $name(app: tauri::AppHandle, $($arg: $ty),*) -> CommandResult<$ret> {
            crate::off_main_thread(app, move |session| shuzhi::commands::$domain::$name(session, $($arg),*)).await
        }
    };
}

/// Runs `command` on the session from the blocking pool and waits for it without holding
/// an async worker or the main thread.
pub async fn off_main_thread<T: Send + 'static>(
    app: tauri::AppHandle,
    command: impl FnOnce(&Session) -> shuzhi::commands::CommandResult<T> + Send + 'static,
) -> shuzhi::commands::CommandResult<T> {
    use tauri::Manager;
    let ran = tauri::async_runtime::spawn_blocking(move || command(&app.state::<Session>())).await;
    ran.unwrap_or_else(|error| {
        Err(shuzhi::commands::CommandError::Storage {
            message: format!("操作中途出错（{error}），没有完成。请重试；如仍不行，请重新启动述职评议助手。"),
        })
    })
}

shuzhi::command_table!(tauri_commands);

/// The TypeScript bindings as they should be committed in `ui/src/bindings.ts`.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    let typescript = specta_typescript::Typescript::default()
        .header("// 由 src-tauri 生成（cargo test -p shuzhi-desktop 时 UPDATE_BINDINGS=1），请勿手工修改。\n");
    specta_builder().export(typescript, path).map_err(|e| e.to_string())
}

/// Starts the app on the database `SHUZHI_DB` names, or the default one.
pub fn run() {
    if let Err(message) = webview_present() {
        return tell_and_stop(&message);
    }
    let database_path = shuzhi::paths::default_database_path();
    let builder = specta_builder();
    let shell = shell::WindowShell::default();
    let app_handle = shell.app.clone();
    let ran = tauri::Builder::default()
        .manage(Session::open(database_path, Box::new(shell)))
        .setup(move |app| {
            let _ = app_handle.set(app.handle().clone());
            if let Some(window) = tauri::Manager::get_webview_window(app, "main") {
                screens::fit_main_window(&window);
                keep_little_in_memory(&window);
            }
            Ok(())
        })
        .invoke_handler(builder.invoke_handler())
        .run(tauri::generate_context!());
    if let Err(error) = ran {
        tell_and_stop(&format!(
            "述职评议助手无法打开窗口（{error}）。请重新启动电脑后再试；如仍不行，请重新安装述职评议助手。"
        ));
    }
}

/// The page is the program's own, read from the binary: WebKit's caches for browsing
/// (pages kept for going back, prefetched resources) would only hold memory.
fn keep_little_in_memory(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    let _ = window.with_webview(|webview| {
        use webkit2gtk::{WebContextExt, WebViewExt};
        if let Some(context) = webview.inner().context() {
            context.set_cache_model(webkit2gtk::CacheModel::DocumentViewer);
        }
    });
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

/// Whether the system has the web view the window draws with. Windows 10 (1803+) and 11
/// ship Microsoft Edge WebView2; a stripped-down or offline-installed system may not.
fn webview_present() -> Result<(), String> {
    #[cfg(windows)]
    if let Err(error) = tauri::webview_version() {
        return Err(format!(
            "这台电脑缺少 Microsoft Edge WebView2 运行时（{error}），述职评议助手的窗口需要它。\n\n\
             请安装“Microsoft Edge WebView2 运行时”（在微软官网搜索 WebView2 下载“常青版独立安装程序”，\
             或请单位的信息科安装），然后重新打开述职评议助手。"
        ));
    }
    Ok(())
}

/// Says why the program cannot go on, in a message box (a window program has no console),
/// and on standard error.
fn tell_and_stop(message: &str) {
    eprintln!("{message}");
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("述职评议助手无法启动")
        .set_description(message)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
    std::process::exit(1);
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    /// The committed bindings must match the commands; run with UPDATE_BINDINGS=1 to refresh them.
    #[test]
    fn bindings_are_current() {
        let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            super::export_bindings(&committed).unwrap();
            return;
        }
        let fresh = std::env::temp_dir().join(format!("shuzhi-bindings-{}.ts", std::process::id()));
        super::export_bindings(&fresh).unwrap();
        let fresh_text = std::fs::read_to_string(&fresh).unwrap();
        let _ = std::fs::remove_file(&fresh);
        let committed_text = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            fresh_text == committed_text,
            "ui/src/bindings.ts is out of date: run `UPDATE_BINDINGS=1 cargo test -p shuzhi-desktop bindings_are_current`"
        );
    }
}
