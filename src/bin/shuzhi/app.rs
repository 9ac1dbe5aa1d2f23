//! `shuzhi app`: the window's page in the system's browser.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use shuzhi::Error;
use shuzhi::browser::{self, AppOptions, Started};

pub fn run_app(db_path: &Path, port: u16, no_open: bool, page: Option<PathBuf>, idle_exit: u64) -> Result<(), Error> {
    let options = AppOptions {
        database_path: db_path.to_path_buf(),
        port,
        page_folder: page.unwrap_or_else(browser::default_page_folder),
        idle_exit: Duration::from_secs(idle_exit.max(1)),
    };
    let (url, app) = match browser::start(&options)? {
        Started::New(app) => (app.url.clone(), Some(app)),
        Started::AlreadyRunning { url } => (url, None),
    };
    match &app {
        Some(_) => println!("请在浏览器中打开 {url}"),
        None => println!("述职评议助手已在运行，请在浏览器中打开 {url}"),
    }
    let _ = std::io::stdout().flush();
    if !no_open {
        // The browser is given the launch page, never the address: a command line is
        // readable by every account on the computer.
        let opened = browser::write_launch_page(db_path, &url)
            .map_err(|e| e.to_string())
            .and_then(|page| browser::open_in_browser(&page).map_err(|e| e.to_string()));
        if let Err(error) = opened {
            eprintln!("无法自动打开浏览器（{error}），请手动复制上面的地址到浏览器中打开。");
        }
    }
    if let Some(app) = app {
        app.wait();
        println!("述职评议助手已退出。");
    }
    Ok(())
}
