//! The HTTP side of `shuzhi app`: the page's files, one door for the commands, downloads,
//! uploads, 退出 and the heartbeat, all behind the [`guard`](super::guard): the page's files
//! (the same for everyone, no data in them) and a download (its one-time address is its
//! credential) need this server's own `Host` and `Origin`; everything else needs the token
//! header too. Connections are served with timeouts and a bound ([`crate::serving`]).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::AppOptions;
use super::guard::{Guard, Refusal, Request as GuardRequest};
use super::shell::Transfers;
use super::{TOKEN_HEADER, UPLOAD_HEADER};
use crate::commands::{CommandError, Session};
use crate::serving::{BodyRefused, ConnectionLimits};
use crate::{Error, Result};

/// The window's content security policy, with the page's own server as the one place it
/// may connect to.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'none'; frame-ancestors 'none'";

/// The largest request a command may send, by the file it carries (base64 makes a file a
/// third larger; a megabyte more holds the rest of its JSON); a command that carries no
/// file sends texts only, each at most `limits::TEXT_CHARS` characters. The commands
/// check each file's own limit again before decoding.
fn command_body_limit(name: &str) -> (usize, String) {
    // An earlier year's two sheets travel in one request.
    if matches!(name, "preview_paper_year" | "import_paper_year") {
        let kind = crate::files::PAPER_RECORDS;
        return (
            2 * (kind.max_bytes as usize).div_ceil(3) * 4 + 1024 * 1024,
            format!("请求过大：{}每个最大 {} MB。{}", kind.what, kind.max_bytes / (1024 * 1024), kind.fix),
        );
    }
    let kind = match name {
        "compare_package" | "import_package" => Some(crate::files::PACKAGE),
        "attach_evidence" | "sign_off_with_file" => Some(crate::files::EVIDENCE),
        "read_roster" => Some(crate::files::ROSTER),
        "read_campaign_file" | "import_campaign_file" => Some(crate::files::CAMPAIGN_FILE),
        _ => None,
    };
    match kind {
        Some(kind) => (
            (kind.max_bytes as usize).div_ceil(3) * 4 + 1024 * 1024,
            format!("请求过大：{}最大 {} MB。{}", kind.what, kind.max_bytes / (1024 * 1024), kind.fix),
        ),
        None => (4 * 1024 * 1024, "请求过大（超过 4 MB）。一段文字最多 100000 个字，请删减后重试。".to_string()),
    }
}
/// The largest upload: a backup of the database.
const UPLOAD_LIMIT: usize = 512 * 1024 * 1024;
/// How the browser app treats connections: the page's requests are short, but a command
/// answered on a connection past its lifetime (a large import) may finish within the grace.
pub const CONNECTION_LIMITS: ConnectionLimits = ConnectionLimits {
    header_timeout: Duration::from_secs(10),
    lifetime: Duration::from_secs(60),
    grace: Duration::from_secs(600),
    max_connections: 4096,
};
/// A body may take this long to begin arriving...
const BODY_START: Duration = Duration::from_secs(10);
/// ...and must then arrive at this rate on average: a backup from a slow USB stick does,
/// a sender that trickles bytes to hold the connection does not.
const BODY_BYTES_PER_SECOND: u64 = 1024 * 1024;

/// What every request handler shares.
pub struct Shared {
    session: Session,
    transfers: Arc<Transfers>,
    guard: Guard,
    page_folder: PathBuf,
    uploads_folder: PathBuf,
    last_seen: Mutex<Instant>,
    idle_exit: Duration,
    quit: tokio::sync::Notify,
}

impl Shared {
    pub fn new(
        session: Session,
        transfers: Arc<Transfers>,
        token: String,
        port: u16,
        uploads_folder: PathBuf,
        options: &AppOptions,
    ) -> Shared {
        Shared {
            session,
            transfers,
            guard: Guard { port, token },
            page_folder: options.page_folder.clone(),
            uploads_folder,
            last_seen: Mutex::new(Instant::now()),
            idle_exit: options.idle_exit,
            quit: tokio::sync::Notify::new(),
        }
    }

    fn seen(&self) {
        *self.last_seen.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now();
    }

    fn idle(&self) -> bool {
        let quiet = self.last_seen.lock().unwrap_or_else(|p| p.into_inner()).elapsed() > self.idle_exit;
        // Never while phones vote: the ballots are coming in.
        let voting = self.session.vote_server.lock().unwrap_or_else(|p| p.into_inner()).is_some();
        quiet && !voting
    }
}

/// The server's thread and how to end it.
pub struct Handle {
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Handle {
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    pub fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.wait();
    }
}

/// Runs the server on its own thread until 退出, idleness or [`Handle::stop`].
pub fn spawn(listener: TcpListener, shared: Shared) -> Result<Handle> {
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::Invalid { message: format!("无法启动本机服务（{e}）。") })?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let shared = Arc::new(shared);
    let thread = std::thread::Builder::new()
        .name("browser-app".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a tokio runtime");
            runtime.block_on(serve(listener, shared.clone(), stopped));
            drop(runtime);
            // A phone vote started from the page ends with the program.
            if let Some((_, server)) = shared.session.vote_server.lock().unwrap_or_else(|p| p.into_inner()).take() {
                server.stop();
            }
            // Uploaded backups were needed only for the restore they were chosen for.
            let _ = std::fs::remove_dir_all(&shared.uploads_folder);
        })
        .map_err(|e| Error::Invalid { message: format!("无法启动本机服务（{e}）。") })?;
    Ok(Handle { stop: Some(stop), thread: Some(thread) })
}

async fn serve(listener: TcpListener, shared: Arc<Shared>, stopped: tokio::sync::oneshot::Receiver<()>) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else { return };
    let app = router(shared.clone());
    let idle_check = Duration::from_millis((shared.idle_exit.as_millis() as u64 / 4).clamp(200, 5000));
    let ending = {
        let shared = shared.clone();
        async move {
            let idle = async {
                loop {
                    tokio::time::sleep(idle_check).await;
                    if shared.idle() {
                        break;
                    }
                }
            };
            tokio::select! {
                _ = stopped => {}
                () = shared.quit.notified() => {}
                () = idle => {}
            }
        }
    };
    let limits = ConnectionLimits {
        max_connections: crate::serving::raise_open_file_limit(CONNECTION_LIMITS.max_connections),
        ..CONNECTION_LIMITS
    };
    let slots = crate::serving::accept_connections(&listener, &app, limits, ending).await;
    // No new connections; the answers under way (退出's own) go out first. Idle keep-alive
    // connections hold their slot until they time out, so the wait is bounded.
    drop(listener);
    crate::serving::drain(&slots, limits.max_connections, Duration::from_secs(2)).await;
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/api/{name}", post(command))
        .route("/upload", post(upload))
        .route("/files/{id}", get(download))
        .route("/alive", post(|| async { StatusCode::NO_CONTENT }))
        .route("/quit", post(quit))
        .fallback(get(page_file))
        .layer(middleware::from_fn_with_state(shared.clone(), admit))
        .with_state(shared)
}

/// Every request passes here first: the guard, then the headers every answer carries.
async fn admit(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    // A header sent twice (`Origin: <own>` then `Origin: <other>`), or not as text, counts as
    // a value that matches nothing: the guard never judges by the first of two.
    let text = |name: &str| {
        let mut values = headers.get_all(name).iter();
        match (values.next(), values.next()) {
            (None, _) => None,
            (Some(value), None) => Some(value.to_str().unwrap_or("")),
            (Some(_), Some(_)) => Some(""),
        }
    };
    let asked = GuardRequest { host: text("host"), origin: text("origin"), token: text(TOKEN_HEADER) };
    let checked = if is_public(request.method(), request.uri().path()) {
        shared.guard.check_place(&asked)
    } else {
        shared.guard.check(&asked).inspect(|()| shared.seen())
    };
    let mut response = match checked {
        Err(refusal) => {
            let status =
                if refusal == Refusal::ForeignHost { StatusCode::MISDIRECTED_REQUEST } else { StatusCode::FORBIDDEN };
            plain_text(status, refusal.message())
        }
        Ok(()) => next.run(request).await,
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // The start address carries the token: no request the page makes names it to anyone.
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    response
}

/// Requests that need no token: the page's own files (the same for everyone; the page
/// they make asks for the token), and a download, whose one-time address is its
/// credential because a link the browser follows cannot carry a header.
fn is_public(method: &Method, path: &str) -> bool {
    let commands = ["/api/", "/upload", "/alive", "/quit"];
    method == Method::GET && !commands.iter().any(|prefix| path.starts_with(prefix))
}

/// An answer the browser shows as it is: a sentence in Chinese.
fn plain_text(status: StatusCode, message: &str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message.to_string()).into_response()
}

fn add_header(response: &mut Response, name: header::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().append(name, value);
    }
}

/// One command, by its name, with the arguments as the window's bindings send them.
/// Answers `{"ok": result}` or `{"error": {kind, message}}`, with the downloads it made.
async fn command(
    State(shared): State<Arc<Shared>>,
    UrlPath(name): UrlPath<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let (limit, too_large) = command_body_limit(&name);
    let body = match read_body(body, limit, &too_large).await {
        Ok(body) => body,
        Err(refused) => return refused,
    };
    // The upload this tab made for this command, named by it: never another tab's.
    let upload = headers.get(UPLOAD_HEADER).and_then(|v| v.to_str().ok()).map(str::to_string);
    let arguments = if body.is_empty() {
        Ok(serde_json::Value::Null)
    } else {
        serde_json::from_slice::<serde_json::Value>(&body).map_err(|e| CommandError::InvalidInput {
            message: format!("页面发来的请求不是有效的 JSON（{e}）。请刷新页面后重试。"),
        })
    };
    let worker = shared.clone();
    let ran = tokio::task::spawn_blocking(move || {
        let _ = Transfers::delivered_here();
        Transfers::name_upload_here(upload);
        let outcome = match arguments {
            Ok(arguments) => crate::commands::dispatch(&worker.session, &name, arguments).unwrap_or_else(|| {
                Err(CommandError::NotFound {
                    message: format!("没有名为“{name}”的操作。请刷新页面后重试。")
                })
            }),
            Err(error) => Err(error),
        };
        Transfers::name_upload_here(None);
        (outcome, Transfers::delivered_here())
    })
    .await;
    let (outcome, downloads) = ran.unwrap_or_else(|_| {
        (
            Err(CommandError::Storage {
                message: "操作意外中止。请重试；如仍失败，请重新启动述职评议助手。".into()
            }),
            Vec::new(),
        )
    });
    let downloads: Vec<_> = downloads
        .into_iter()
        .map(|(url, file_name)| serde_json::json!({ "url": url, "file_name": file_name }))
        .collect();
    let body = match outcome {
        Ok(value) => serde_json::json!({ "ok": value, "downloads": downloads }),
        Err(error) => serde_json::json!({ "error": error, "downloads": downloads }),
    };
    axum::Json(body).into_response()
}

/// A file the page chose, for the command it calls next (a backup to restore); answers
/// `{"upload": id}`, the id that command's request names it by.
async fn upload(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Body) -> Response {
    let body = match read_body(
        body,
        UPLOAD_LIMIT,
        "文件过大：备份文件不能超过 512 MB。请确认选择的是述职评议助手的备份文件。",
    )
    .await
    {
        Ok(body) => body,
        Err(refused) => return refused,
    };
    let name = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .unwrap_or_else(|| "上传的文件".to_string());
    let path = shared.uploads_folder.join(format!(
        "{:08x}-{}",
        crate::random::u64() as u32,
        crate::files::file_name_from(&name, "")
    ));
    let worker = shared.clone();
    let written = tokio::task::spawn_blocking(move || {
        private_folder(&worker.uploads_folder)?;
        crate::files::write_atomically(&path, &body).map(|()| worker.transfers.add_upload(path))
    })
    .await;
    match written {
        Ok(Ok(id)) => axum::Json(serde_json::json!({ "upload": id })).into_response(),
        Ok(Err(error)) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Makes `folder` readable by this user only: an uploaded backup is a whole copy of
/// someone's database.
fn private_folder(folder: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(folder).map_err(|e| Error::Io { path: folder.to_path_buf(), source: e })
}

/// Reads a request's body within its limit and the minimum rate; the answer to send
/// instead when it is too large or too slow.
async fn read_body(body: Body, limit: usize, too_large: &str) -> std::result::Result<Bytes, Response> {
    match crate::serving::read_body(body, limit, BODY_START, BODY_BYTES_PER_SECOND).await {
        Ok(bytes) => Ok(bytes),
        Err(BodyRefused::TooLarge) => Err(plain_text(StatusCode::PAYLOAD_TOO_LARGE, too_large)),
        Err(BodyRefused::TooSlow | BodyRefused::Broken) => Err(plain_text(
            StatusCode::REQUEST_TIMEOUT,
            "请求发送超时：页面发来的内容没有按时送达。请刷新页面后重试；如果正在上传文件，请把文件先复制到本机再选择。",
        )),
    }
}

/// A file a command made, once, as a download under its Chinese name.
async fn download(State(shared): State<Arc<Shared>>, UrlPath(id): UrlPath<String>) -> Response {
    let Some(export) = shared.transfers.take_download(&id) else {
        return plain_text(StatusCode::NOT_FOUND, "这个文件已经下载过或已过期。请在程序中重新导出。");
    };
    let ascii: String = export
        .file_name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' })
        .collect();
    let disposition =
        format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", percent_encode(&export.file_name));
    let mut response = Response::new(Body::from(export.bytes));
    add_header(&mut response, header::CONTENT_TYPE, content_type(&export.file_name));
    add_header(&mut response, header::CONTENT_DISPOSITION, &disposition);
    response
}

async fn quit(State(shared): State<Arc<Shared>>) -> Response {
    shared.quit.notify_one();
    plain_text(StatusCode::OK, "述职评议助手已退出。")
}

/// The page's own files: `index.html` for `/`, the built assets otherwise.
async fn page_file(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let path = request.uri().path().trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    let plain = path.split('/').all(|part| {
        !part.is_empty()
            && !part.starts_with('.')
            && part.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    });
    let file = shared.page_folder.join(path);
    let read = if plain { tokio::task::spawn_blocking(move || std::fs::read(file)).await.ok() } else { None };
    match (plain, read.and_then(Result::ok)) {
        (true, Some(bytes)) => {
            let mut response = Response::new(Body::from(bytes));
            add_header(&mut response, header::CONTENT_TYPE, content_type(path));
            if path.starts_with("assets/") {
                // Vite names assets by their content.
                add_header(&mut response, header::CACHE_CONTROL, "private, max-age=31536000, immutable");
            }
            response
        }
        _ => plain_text(StatusCode::NOT_FOUND, "没有这个页面。"),
    }
}

fn content_type(name: &str) -> &'static str {
    let extension = Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// RFC 3986 percent-encoding of every byte outside the unreserved set (for `filename*`,
/// and for an id in a page's address).
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(value)) => {
                out.push(value);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn chinese_file_names_survive_the_download_header() {
        let name = "2026年度 述职报告（张三）.pdf";
        assert_eq!(super::percent_decode(&super::percent_encode(name)), name);
        assert!(super::percent_encode(name).is_ascii());
    }
}
