//! `shuzhi app`: the window's own page, served over HTTP on this computer to the system's
//! browser, for desktops where the window cannot run (no WebKitGTK 4.1: 统信 UOS V20,
//! 银河麒麟 Kylin V10). The page calls the same commands as the window, by the same names
//! and arguments ([`crate::commands::dispatch`]); only the transport differs.
//!
//! Safe on a shared computer: it listens on 127.0.0.1 only; every request must carry the
//! token of this start (given in the opened address, then kept in a cookie); requests with
//! a foreign `Host` or `Origin` are refused ([`guard`]). One instance per database: a
//! second start finds the first through a locked file beside the database and sends the
//! browser there. It ends on the page's 退出, or when no page has been open for a while.
//!
//! Must not: decide anything a command decides; reach beyond loopback.

pub mod guard;
mod server;
pub mod shell;

pub use server::percent_encode;

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::commands::Session;
use crate::{Error, Result};

/// How `shuzhi app` starts.
#[derive(Debug, Clone)]
pub struct AppOptions {
    pub database_path: PathBuf,
    /// 0: any free port.
    pub port: u16,
    /// The built page (`index.html` and `assets/`).
    pub page_folder: PathBuf,
    /// The server ends when no page has asked anything for this long (pages ask every
    /// [`HEARTBEAT`] while they are open) and no phone vote runs.
    pub idle_exit: Duration,
}

/// How often an open page tells the server it is still there.
pub const HEARTBEAT: Duration = Duration::from_secs(20);

/// The default for [`AppOptions::idle_exit`]: a background tab's timers may be slowed to
/// once a minute, so three minutes leaves room for that.
pub const IDLE_EXIT: Duration = Duration::from_secs(180);

/// What a start found.
pub enum Started {
    /// A new server, this process's own.
    New(BrowserApp),
    /// A server already runs on this database; its address.
    AlreadyRunning { url: String },
}

/// A running server.
pub struct BrowserApp {
    pub addr: SocketAddr,
    /// The address to open: it carries this start's token.
    pub url: String,
    handle: server::Handle,
    /// Held while the server runs: a second start on the same database finds it locked.
    _instance: File,
}

impl BrowserApp {
    /// Waits until the server ends (退出 on the page, idle, or [`BrowserApp::stop`]).
    pub fn wait(self) {
        self.handle.wait();
    }

    /// Ends the server and waits for it.
    pub fn stop(self) {
        self.handle.stop();
    }
}

/// Where the built page is: `SHUZHI_PAGE`, else `ui/` beside the program or in
/// `../share/shuzhi/ui` (the packages), else the source tree's `ui/dist` (development).
pub fn default_page_folder() -> PathBuf {
    if let Some(folder) = std::env::var_os("SHUZHI_PAGE") {
        return PathBuf::from(folder);
    }
    let beside = std::env::current_exe().ok().and_then(|exe| exe.parent().map(Path::to_path_buf));
    let candidates = beside
        .iter()
        .flat_map(|dir| [dir.join("ui"), dir.join("../share/shuzhi/ui")])
        .chain([PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/dist")]);
    candidates
        .clone()
        .find(|folder| folder.join("index.html").is_file())
        .unwrap_or_else(|| candidates.last().unwrap_or_default())
}

/// Starts the server, or finds the one already serving this database.
pub fn start(options: &AppOptions) -> Result<Started> {
    if !options.page_folder.join("index.html").is_file() {
        return Err(Error::Invalid {
            message: format!(
                "找不到程序的页面文件（{}）。请重新安装述职评议助手，或用 --page 指定页面所在的文件夹。",
                options.page_folder.join("index.html").display()
            ),
        });
    }
    let mut instance = open_instance_file(&options.database_path)?;
    if instance.try_lock().is_err() {
        return Ok(Started::AlreadyRunning { url: running_url(&mut instance)? });
    }
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, options.port)).map_err(|e| Error::Invalid {
        message: format!("无法在本机端口 {} 上启动（{e}）。请换一个端口（--port），或不指定端口。", options.port),
    })?;
    let addr = listener.local_addr().map_err(|e| io_error(&options.database_path, e))?;
    let token = format!("{:016x}{:016x}", crate::random::u64(), crate::random::u64());
    let url = format!("http://127.0.0.1:{}/?t={token}", addr.port());

    let transfers = Arc::new(shell::Transfers::default());
    let session = Session::open(options.database_path.clone(), Box::new(shell::BrowserShell::new(transfers.clone())));
    let handle = server::spawn(listener, server::Shared::new(session, transfers, token, addr.port(), options))?;

    instance
        .set_len(0)
        .and_then(|()| instance.rewind())
        .and_then(|()| instance.write_all(url.as_bytes()))
        .and_then(|()| instance.flush())
        .map_err(|e| io_error(&instance_path(&options.database_path), e))?;
    Ok(Started::New(BrowserApp { addr, url, handle, _instance: instance }))
}

/// The file beside the database that a running server holds locked, with its address.
fn instance_path(database_path: &Path) -> PathBuf {
    let mut path = database_path.as_os_str().to_owned();
    path.push(".app");
    PathBuf::from(path)
}

fn open_instance_file(database_path: &Path) -> Result<File> {
    let path = instance_path(database_path);
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    // The address carries the token: only this user may read it.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(&path).map_err(|e| io_error(&path, e))
}

/// The address the running server wrote; it writes it just after it took the lock.
fn running_url(instance: &mut File) -> Result<String> {
    for _ in 0..50 {
        let mut url = String::new();
        if instance.rewind().is_ok() && instance.read_to_string(&mut url).is_ok() && url.starts_with("http://") {
            return Ok(url);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(Error::Conflict {
        message: "述职评议助手已在运行，但找不到它的地址。请关闭正在运行的述职评议助手后再启动。".into(),
    })
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io { path: path.to_path_buf(), source }
}

/// Opens `url` in the system's default browser.
pub fn open_in_browser(url: &str) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "windows") {
        let mut command = std::process::Command::new("rundll32");
        command.arg("url.dll,FileProtocolHandler");
        command
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    command.arg(url).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().map(|_| ())
}
