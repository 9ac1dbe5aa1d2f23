//! The ballot server for 扫码测评: a small HTTP server (axum routes on hyper and tokio) in
//! the same process, on the address the organizer chooses. It serves only the phone page
//! and two ballot routes, limits request sizes and wrong-code guesses per client, keeps no
//! address or time with a ballot, and stops by itself when the vote is closed.
//!
//! Held up against a meeting hall full of phones and against a hostile one: a listen
//! backlog that takes a burst, header, body and connection-lifetime timeouts, a bound on
//! open connections (with the open-file limit raised to fit it), and one writer that
//! stores the ballots arriving together in one transaction (group commit), so 300 phones
//! at once do not queue for 300 disk syncs. While it runs it holds a lock beside the
//! database, so that the file cannot be restored under it (`store::ballot_lock`).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use serde::Deserialize;
use serde_json::json;

use super::PhoneSubmission;
use crate::error::{Error, Result};
use crate::store::{Store, meeting as meeting_store};

/// Wrong codes one client may try per minute before it is made to wait.
pub const WRONG_CODES_PER_MINUTE: u32 = 10;
/// Requests one client may make per minute (a phone needs two).
pub const REQUESTS_PER_MINUTE: u32 = 1200;
/// The largest request body accepted.
pub const BODY_LIMIT: usize = 16 * 1024;
/// How long a client may take to send a request's headers, and how long an open
/// connection may wait for its next request.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send a request's body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one connection may stay open at all; a phone needs two short requests.
pub const CONNECTION_LIFETIME: Duration = Duration::from_secs(60);
/// Connections open at once, at most (fewer when the open-file limit cannot be raised).
pub const MAX_CONNECTIONS: usize = 4096;
/// Connections the system queues before the server accepts them: a hall of phones
/// scanning the projector's code at the same moment must not be dropped and retried.
pub const LISTEN_BACKLOG: u32 = 1024;
/// Ballots stored in one transaction at most.
const BATCH_LIMIT: usize = 64;

/// A ballot to store and where to send the outcome.
struct Job {
    submission: PhoneSubmission,
    reply: tokio::sync::oneshot::Sender<Result<()>>,
}

struct Shared {
    /// The connection the forms are read through; ballots go to the writer.
    reader: Mutex<Store>,
    /// The form every phone is shown, with when it was read (read again after a second).
    template: Mutex<Option<(Instant, Arc<super::PhoneFormTemplate>)>>,
    writer: mpsc::Sender<Job>,
    campaign_id: String,
    /// Per client: when its minute began, requests and wrong codes in it.
    clients: Mutex<HashMap<IpAddr, (Instant, u32, u32)>>,
    /// Told (by the writer) when a ballot found the vote closed.
    closed: Arc<tokio::sync::Notify>,
}

/// A running ballot server.
pub struct VoteServer {
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl VoteServer {
    /// Starts serving the campaign's phone ballots on `bind` (e.g. `0.0.0.0:8080`), with
    /// its own connections to the database at `db_path`.
    pub fn start(db_path: &Path, campaign_id: &str, bind: &str) -> Result<VoteServer> {
        let addr: SocketAddr = bind.trim().parse().map_err(|_| Error::Invalid {
            message: format!(
                "地址“{bind}”无效。请写成 0.0.0.0:8080（所有网卡）或 192.168.1.10:8080（指定网卡）这样的形式。"
            ),
        })?;
        let lock = crate::store::ballot_lock::hold(db_path)?;
        let reader = Store::open(db_path)?;
        crate::store::campaigns::get_campaign(reader.conn(), campaign_id)?;
        if meeting_store::get_closure(reader.conn(), campaign_id)?.is_some() {
            return Err(Error::Conflict { message: "测评已经结束，不能再开启扫码测评。".into() });
        }
        let writer_store = Store::open(db_path)?;
        let listener = listen(addr)?;
        let addr = listener.local_addr().map_err(|e| Error::io(db_path, e))?;
        let max_connections = raise_open_file_limit();
        let (jobs, queue) = mpsc::channel::<Job>();
        let closed = Arc::new(tokio::sync::Notify::new());
        let shared = Arc::new(Shared {
            reader: Mutex::new(reader),
            template: Mutex::new(None),
            writer: jobs,
            campaign_id: campaign_id.to_string(),
            clients: Mutex::new(HashMap::new()),
            closed: closed.clone(),
        });
        let campaign = campaign_id.to_string();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("ballot-server".into())
            .spawn(move || {
                // The writer holds no sender of jobs: it ends when the server's last one goes.
                let writer = std::thread::spawn(move || write_ballots(&writer_store, &campaign, &closed, &queue));
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("a tokio runtime");
                runtime.block_on(serve(listener, shared, rx, max_connections));
                // Dropping the runtime ends every connection; the last sender of jobs goes
                // with it, so the writer finishes the batch in hand and stops.
                drop(runtime);
                let _ = writer.join();
                drop(lock);
            })
            .map_err(|e| Error::io(db_path, e))?;
        Ok(VoteServer { addr, shutdown: Some(tx), thread: Some(thread) })
    }

    /// Whether the server still runs (it stops by itself when the vote closes).
    pub fn is_running(&self) -> bool {
        self.thread.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Stops the server and waits for it.
    pub fn stop(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// Waits until the server stops by itself (the vote closed).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for VoteServer {
    fn drop(&mut self) {
        self.stop_now();
    }
}

/// A listening socket with a backlog that takes a hall's burst of phones.
fn listen(addr: SocketAddr) -> Result<std::net::TcpListener> {
    let cannot = |e: std::io::Error| Error::Conflict {
        message: format!("无法在 {addr} 上开启测评服务（{e}）。请换一个端口，或确认该地址属于本机。"),
    };
    let socket = if addr.is_ipv4() { tokio::net::TcpSocket::new_v4() } else { tokio::net::TcpSocket::new_v6() }
        .map_err(cannot)?;
    #[cfg(unix)]
    socket.set_reuseaddr(true).map_err(cannot)?;
    socket.bind(addr).map_err(cannot)?;
    // `listen` needs a tokio runtime only to register the socket; hand it back as std's
    // so the server thread can adopt it in its own runtime.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_io().build().map_err(cannot)?;
    let _entered = runtime.enter();
    let listener = socket.listen(LISTEN_BACKLOG).map_err(cannot)?;
    listener.into_std().map_err(cannot)
}

/// Raises this process's open-file limit as far as the system allows (up to what
/// [`MAX_CONNECTIONS`] needs) and returns how many connections fit under it.
fn raise_open_file_limit() -> usize {
    #[cfg(unix)]
    {
        // Files the program itself keeps open: the database, its log, fonts, the window's own.
        const RESERVED: usize = 128;
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit and setrlimit only read and write the struct passed.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
                let wanted = ((MAX_CONNECTIONS + RESERVED) as libc::rlim_t).min(limit.rlim_max);
                if limit.rlim_cur < wanted {
                    let raised = libc::rlimit { rlim_cur: wanted, rlim_max: limit.rlim_max };
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                        limit.rlim_cur = wanted;
                    }
                }
                return (limit.rlim_cur as usize).saturating_sub(RESERVED).clamp(16, MAX_CONNECTIONS);
            }
        }
        256
    }
    #[cfg(not(unix))]
    {
        // Windows counts sockets against no such limit.
        MAX_CONNECTIONS
    }
}

/// The writer: takes the ballots that wait, stores them in one transaction, answers each.
fn write_ballots(store: &Store, campaign_id: &str, closed_found: &tokio::sync::Notify, queue: &mpsc::Receiver<Job>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < BATCH_LIMIT {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let (submissions, replies): (Vec<PhoneSubmission>, Vec<_>) =
            batch.into_iter().map(|job| (job.submission, job.reply)).unzip();
        let outcomes = super::submit_phone_ballots(store, campaign_id, &submissions);
        let mut closed = false;
        // The batch is committed, so its phones may hear so now; the log is emptied right
        // after, before the next batch is written, so it never holds more than one batch.
        for (reply, outcome) in replies.into_iter().zip(outcomes) {
            closed |= matches!(&outcome, Err(e) if [super::VOTE_CLOSED, crate::error::VOTE_SEALED].contains(&e.to_string().as_str()));
            let _ = reply.send(outcome);
        }
        // A reader at this very moment keeps the log until the next batch: nothing is lost.
        let _ = store.truncate_wal();
        if closed {
            closed_found.notify_one();
        }
    }
}

async fn serve(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    stop: tokio::sync::oneshot::Receiver<()>,
    max_connections: usize,
) {
    listener.set_nonblocking(true).expect("a non-blocking socket");
    let listener = tokio::net::TcpListener::from_std(listener).expect("a listening socket");
    let app = Router::new()
        .route("/", get(page))
        .route("/app.js", get(script))
        .route("/app.css", get(style))
        .route("/api/form", get(form))
        .route("/api/ballot", post(ballot))
        .fallback(|| async { (StatusCode::NOT_FOUND, "没有这个页面。") })
        .with_state(shared.clone());
    // Stop on request, as soon as a ballot finds the vote closed, or when the periodic
    // look finds it closed (closed from the window or the command line).
    let closed = {
        let shared = shared.clone();
        async move {
            loop {
                tokio::select! {
                    _ = shared.closed.notified() => break,
                    _ = tokio::time::sleep(Duration::from_millis(500)) => {}
                }
                let worker = shared.clone();
                let closed = tokio::task::spawn_blocking(move || {
                    let store = worker.reader.lock().unwrap_or_else(|p| p.into_inner());
                    meeting_store::get_closure(store.conn(), &worker.campaign_id).map(|c| c.is_some()).unwrap_or(false)
                })
                .await
                .unwrap_or(false);
                if closed {
                    break;
                }
            }
        }
    };
    let slots = Arc::new(tokio::sync::Semaphore::new(max_connections));
    tokio::pin!(stop, closed);
    accept(&listener, &app, &slots, &mut stop, &mut closed).await;
    // No new connections; the requests under way get their answers (a ballot stored is a
    // ballot acknowledged) before the runtime, and with it every connection, is dropped.
    // Idle connections hold their slot until they time out, so the wait is bounded.
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        loop {
            if slots.available_permits() == max_connections {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
}

/// Accepts connections until `stop` or `closed` ends, each served with the timeouts.
async fn accept(
    listener: &tokio::net::TcpListener,
    app: &Router,
    slots: &Arc<tokio::sync::Semaphore>,
    stop: &mut (impl std::future::Future + Unpin),
    closed: &mut (impl std::future::Future + Unpin),
) {
    loop {
        let (stream, client) = tokio::select! {
            _ = &mut *stop => break,
            _ = &mut *closed => break,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                // Out of file handles or a connection reset before it was accepted: wait a
                // moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        // Over the bound, the newcomer is closed at once (idle sockets time out, so the
        // bound is reached only under attack, and never by the hall's phones).
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone().layer(Extension(ConnectInfo(client))));
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT).keep_alive(true);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let _ = tokio::time::timeout(CONNECTION_LIFETIME, connection).await;
            drop(slot);
        });
    }
}

fn with_headers(mut response: Response, content_type: &'static str) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; \
             base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    );
    response
}

async fn page() -> Response {
    with_headers(include_str!("page/index.html").into_response(), "text/html; charset=utf-8")
}

async fn script() -> Response {
    with_headers(include_str!("page/app.js").into_response(), "text/javascript; charset=utf-8")
}

async fn style() -> Response {
    with_headers(include_str!("page/app.css").into_response(), "text/css; charset=utf-8")
}

fn refusal(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// Counts a request (and a wrong code) of one client; the refusal when it is over the limits.
fn refused(shared: &Shared, client: IpAddr, wrong_code: bool) -> Option<Response> {
    let mut clients = shared.clients.lock().unwrap_or_else(|p| p.into_inner());
    let now = Instant::now();
    let entry = clients.entry(client).or_insert((now, 0, 0));
    if now.duration_since(entry.0) > Duration::from_secs(60) {
        *entry = (now, 0, 0);
    }
    if wrong_code {
        entry.2 += 1;
    } else {
        entry.1 += 1;
    }
    (entry.2 > WRONG_CODES_PER_MINUTE || entry.1 > REQUESTS_PER_MINUTE)
        .then(|| refusal(StatusCode::TOO_MANY_REQUESTS, "尝试次数过多，请一分钟后再试。"))
}

fn answer(shared: &Shared, client: IpAddr, outcome: Result<serde_json::Value>) -> Response {
    match outcome {
        Ok(value) => Json(value).into_response(),
        Err(error) => {
            let message = error.to_string();
            if message == super::WRONG_CODE
                && let Some(refused) = refused(shared, client, true)
            {
                return refused;
            }
            let status = match error.kind() {
                crate::ErrorKind::Conflict => StatusCode::CONFLICT,
                crate::ErrorKind::InvalidInput | crate::ErrorKind::NotFound => StatusCode::BAD_REQUEST,
                crate::ErrorKind::Storage => StatusCode::INTERNAL_SERVER_ERROR,
            };
            refusal(status, &message)
        }
    }
}

#[derive(Deserialize)]
struct CodeQuery {
    code: String,
}

async fn form(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Query(query): Query<CodeQuery>,
) -> Response {
    if let Some(refused) = refused(&shared, client.ip(), false) {
        return refused;
    }
    let worker = shared.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let store = worker.reader.lock().unwrap_or_else(|p| p.into_inner());
        let template = {
            let mut cached = worker.template.lock().unwrap_or_else(|p| p.into_inner());
            match cached.as_ref() {
                Some((read_at, template)) if read_at.elapsed() < Duration::from_secs(1) => template.clone(),
                _ => {
                    let template = Arc::new(super::phone_form_template(&store, &worker.campaign_id)?);
                    *cached = Some((Instant::now(), template.clone()));
                    template
                }
            }
        };
        super::phone_form_from(&store, &template, &worker.campaign_id, &query.code)
            .map(|f| serde_json::to_value(f).expect("json"))
    })
    .await
    .unwrap_or_else(|e| Err(Error::Conflict { message: format!("服务器内部错误（{e}），请重试。") }));
    answer(&shared, client.ip(), outcome)
}

async fn ballot(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    body: axum::body::Body,
) -> Response {
    if let Some(refused) = refused(&shared, client.ip(), false) {
        return refused;
    }
    const TOO_LONG: &str = "提交的内容过长。意见建议请控制在 2000 字以内。";
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > BODY_LIMIT as u64) {
        return refusal(StatusCode::PAYLOAD_TOO_LARGE, TOO_LONG);
    }
    let bytes = match tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, BODY_LIMIT)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => return refusal(StatusCode::PAYLOAD_TOO_LARGE, TOO_LONG),
        Err(_) => {
            return refusal(StatusCode::REQUEST_TIMEOUT, "提交超时，网络可能不稳定。请靠近会场的无线网络后重新提交。");
        }
    };
    let Ok(submission) = serde_json::from_slice::<PhoneSubmission>(&bytes) else {
        return refusal(StatusCode::BAD_REQUEST, "提交的内容不完整或格式不对。请刷新页面后重新填写。");
    };
    let (reply, outcome) = tokio::sync::oneshot::channel();
    let sent = shared.writer.send(Job { submission, reply });
    let outcome = match sent {
        Ok(()) => outcome.await.unwrap_or_else(|_| Err(Error::Conflict { message: super::VOTE_CLOSED.into() })),
        Err(_) => Err(Error::Conflict { message: super::VOTE_CLOSED.into() }),
    };
    answer(&shared, client.ip(), outcome.map(|()| json!({ "ok": true })))
}
