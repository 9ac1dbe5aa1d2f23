//! `shuzhi app`: the window's own page, served over HTTP on this computer to the system's
//! browser, for desktops where the window cannot run (no WebKitGTK 4.1: 统信 UOS V20,
//! 银河麒麟 Kylin V10). The page calls the same commands as the window, by the same names
//! and arguments ([`crate::commands::dispatch`]); only the transport differs.
//!
//! Safe on a shared computer: it listens on 127.0.0.1 only; every request for data must
//! carry the token of this start in a header ([`TOKEN_HEADER`]): the page takes it from the
//! opened address, keeps it in the tab's own storage (which belongs to this server's port
//! alone, unlike a cookie, which the browser would send to every server on 127.0.0.1) and
//! takes it out of the address bar. Requests with a foreign `Host` or `Origin` are refused
//! ([`guard`]). Idle or slow sockets cannot freeze it: header and body timeouts, a bound
//! on connections and a lifetime for each ([`crate::serving`]). One instance per database:
//! a second start finds the first through a locked file beside the database and sends the
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

/// The request header that carries this start's token: a page of this server's own origin
/// sends it on every call; the browser sends it to no other server.
pub const TOKEN_HEADER: &str = "x-shuzhi-token";

/// The request header naming which of this tab's uploads a command takes.
pub const UPLOAD_HEADER: &str = "x-shuzhi-upload";

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
    /// The launch page of this database, removed when the server ends (its token with it).
    launch_page: PathBuf,
    /// Held while the server runs: a second start on the same database finds it locked.
    instance: File,
}

impl BrowserApp {
    /// Waits until the server ends (退出 on the page, idle, or [`BrowserApp::stop`]).
    pub fn wait(self) {
        let BrowserApp { handle, launch_page, instance, .. } = self;
        handle.wait();
        forget_address(&launch_page, &instance);
    }

    /// Ends the server and waits for it.
    pub fn stop(self) {
        let BrowserApp { handle, launch_page, instance, .. } = self;
        handle.stop();
        forget_address(&launch_page, &instance);
    }
}

/// The server has ended: its token is left in no file.
fn forget_address(launch_page: &Path, instance: &File) {
    let _ = std::fs::remove_file(launch_page);
    let _ = instance.set_len(0);
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
    // The token rides in the fragment: a browser never sends it to any server, nor in a
    // `Referer`; the page takes it from there (and removes it from the address bar).
    let url = format!("http://127.0.0.1:{}/#t={token}", addr.port());

    // Uploads live beside the database in a folder only this user can open; one a killed
    // server left is removed now that this start holds the lock on the database.
    let uploads_folder = uploads_path(&options.database_path);
    if uploads_folder.exists() {
        std::fs::remove_dir_all(&uploads_folder).map_err(|e| io_error(&uploads_folder, e))?;
    }
    let transfers = Arc::new(shell::Transfers::default());
    let session = Session::open(options.database_path.clone(), Box::new(shell::BrowserShell::new(transfers.clone())));
    let handle =
        server::spawn(listener, server::Shared::new(session, transfers, token, addr.port(), uploads_folder, options))?;

    instance
        .set_len(0)
        .and_then(|()| instance.rewind())
        .and_then(|()| instance.write_all(url.as_bytes()))
        .and_then(|()| instance.flush())
        .map_err(|e| io_error(&instance_path(&options.database_path), e))?;
    let launch_page = launch_page_path(&options.database_path);
    Ok(Started::New(BrowserApp { addr, url, handle, launch_page, instance }))
}

/// The file beside the database that a running server holds locked, with its address.
fn instance_path(database_path: &Path) -> PathBuf {
    let mut path = database_path.as_os_str().to_owned();
    path.push(".app");
    PathBuf::from(path)
}

/// The small page beside the database that sends the browser on to the address with the
/// token ([`open_in_browser`] opens this file, not the address).
pub fn launch_page_path(database_path: &Path) -> PathBuf {
    let mut path = database_path.as_os_str().to_owned();
    path.push(".open.html");
    PathBuf::from(path)
}

/// Writes the launch page for `url`, readable by this user only, and returns its path.
///
/// The address carries the token. Handed to `xdg-open` (and from it to a browser that
/// starts with it), it would sit in those programs' command lines, which every account on
/// the computer can read in `/proc` for as long as the browser runs. The launch page's
/// path is all a command line shows; what it holds is as private as the instance file.
pub fn write_launch_page(database_path: &Path, url: &str) -> Result<PathBuf> {
    let path = launch_page_path(database_path);
    let escaped = url.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    let page = format!(
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"referrer\" content=\"no-referrer\">\
         <meta http-equiv=\"refresh\" content=\"0;url={escaped}\"><title>述职评议助手</title></head>\
         <body><p>正在打开述职评议助手……若没有自动打开，请<a href=\"{escaped}\">点这里</a>。</p></body></html>\n"
    );
    let _ = std::fs::remove_file(&path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path).map_err(|e| io_error(&path, e))?;
    file.write_all(page.as_bytes()).and_then(|()| file.flush()).map_err(|e| io_error(&path, e))?;
    Ok(path)
}

/// The folder beside the database where the page's uploads wait for their command.
fn uploads_path(database_path: &Path) -> PathBuf {
    let mut path = database_path.as_os_str().to_owned();
    path.push(".uploads");
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
    // Never through a link someone put in its place: the token would be written wherever
    // the link points.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let file = options.open(&path).map_err(|e| io_error(&path, e))?;
    // The mode above applies only to a new file: one left by an older version, or made
    // by someone else's hand, is made private too before the token is written into it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600)).map_err(|e| io_error(&path, e))?;
    }
    Ok(file)
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

/// Opens `target` (the launch page) in the system's default browser.
pub fn open_in_browser(target: &Path) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "windows") {
        let mut command = std::process::Command::new("rundll32");
        command.arg("url.dll,FileProtocolHandler");
        command
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    command.arg(target).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().map(|_| ())
}
