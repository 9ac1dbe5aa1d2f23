//! The ballot server for 扫码测评: a small HTTP server (axum routes on hyper and tokio) in
//! the same process, on the address the organizer chooses. It serves only the phone page
//! and two ballot routes, limits request sizes and wrong-code guesses per client and for
//! the whole hall, keeps no address or time with a ballot, and stops by itself when the
//! vote is closed. A typed code is hashed once, outside every lock and transaction, and
//! looked up by its hash: the database holds no code in clear.
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
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::PhoneSubmission;
use crate::error::{CodeRefusal, Error, Result};
use crate::store::{Store, meeting as meeting_store};

/// Wrong codes one client may try per minute before it is made to wait.
pub const WRONG_CODES_PER_MINUTE: u32 = 10;
/// Wrong codes the whole hall may try per minute before every address that has already
/// typed a wrong code in that minute is made to wait. A hall of 300 phones mistypes a few
/// codes a minute; past this, one guesser with many addresses gets one guess per address
/// a minute instead of ten, and a phone's first try is still checked.
pub const HALL_WRONG_CODES_PER_MINUTE: u32 = 100;
/// Wrong codes per minute past which no unknown code is checked at all for the rest of
/// the minute: reached only by a guesser with about a thousand addresses.
pub const HALL_WRONG_CODES_CEILING: u32 = 1000;
/// What a phone is told once the hall's wrong codes are over the limit.
pub const HALL_TOO_MANY_WRONG: &str =
    "全场输错测评码的次数过多，请一分钟后再输入。如确认纸条上的测评码无误，请联系会务工作人员。";
/// What a phone is told once its own wrong codes or requests are over the limit.
pub const CLIENT_TOO_MANY: &str = "尝试次数过多，请一分钟后再试。";
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
/// How long the writer leaves the database's write lock free after each batch.
const WRITER_PAUSE: Duration = Duration::from_millis(3);
/// Ballots stored in one transaction at most.
const BATCH_LIMIT: usize = 64;

/// A ballot to store (with the stored form of its code) and where to send the outcome.
struct Job {
    key: Option<String>,
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
    /// Requests and wrong codes per client and for the whole hall.
    limits: Mutex<Limits>,
    /// The campaign's code salt, read once there are codes.
    salt: Mutex<Option<[u8; 16]>>,
    /// The hashing threads' queue: as many hashes at once as there are threads, so a hall's
    /// first requests do not crowd out the threads that accept and answer connections.
    hashers: std::sync::mpsc::Sender<HashJob>,
    /// Codes that opened a form, with their stored form, so that the ballot that follows
    /// costs no second hash. Only in memory; gone when the server stops.
    verified: Mutex<HashMap<String, String>>,
    /// Told (by the writer) when a ballot found the vote closed.
    closed: Arc<tokio::sync::Notify>,
}

/// Counts of the current minute.
struct Limits {
    /// Per client: when its minute began, requests and wrong codes in it.
    clients: HashMap<IpAddr, (Instant, u32, u32)>,
    /// When the hall's minute began, and the wrong codes of all clients in it.
    hall: (Instant, u32),
}

/// Codes remembered as verified, at most (a hall has a few hundred).
const VERIFIED_LIMIT: usize = 8192;

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
        crate::meeting::refuse_paper_year(&reader, campaign_id)?;
        if meeting_store::get_closure(reader.conn(), campaign_id)?.is_some() {
            return Err(Error::Conflict { message: "测评已经结束，不能再开启扫码测评。".into() });
        }
        // Codes an older version kept in clear are hashed, and every unused code gets its
        // empty slot, before the first phone arrives.
        super::prepare_phone_vote(&reader, campaign_id)?;
        // Into the main file at once, where `secure_delete` has zeroed the codes in clear.
        let _ = reader.truncate_wal();
        let salt = super::code_salt(&reader, campaign_id)?;
        let writer_store = Store::open(db_path)?;
        let listener = listen(addr)?;
        let addr = listener.local_addr().map_err(|e| Error::io(db_path, e))?;
        let max_connections = crate::serving::raise_open_file_limit(MAX_CONNECTIONS);
        let (jobs, queue) = mpsc::channel::<Job>();
        let closed = Arc::new(tokio::sync::Notify::new());
        let shared = Arc::new(Shared {
            reader: Mutex::new(reader),
            template: Mutex::new(None),
            writer: jobs,
            campaign_id: campaign_id.to_string(),
            limits: Mutex::new(Limits { clients: HashMap::new(), hall: (Instant::now(), 0) }),
            salt: Mutex::new(salt),
            verified: Mutex::new(HashMap::new()),
            hashers: start_hashers(),
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
        let (submissions, replies): (Vec<(Option<String>, PhoneSubmission)>, Vec<_>) =
            batch.into_iter().map(|job| ((job.key, job.submission), job.reply)).unzip();
        let outcomes = super::submit_phone_ballots(store, campaign_id, &submissions);
        let mut closed = false;
        // The batch is committed, so its phones may hear so now; the log is emptied right
        // after, before the next batch is written, so it never holds more than one batch.
        for (reply, outcome) in replies.into_iter().zip(outcomes) {
            closed |= matches!(&outcome, Err(Error::CodeRefused(CodeRefusal::VoteClosed) | Error::VoteSealed));
            let _ = reply.send(outcome);
        }
        // A reader at this very moment keeps the log until the next batch: nothing is lost.
        let _ = store.truncate_wal();
        if closed {
            closed_found.notify_one();
        }
        // A moment with the lock free between batches, so that the organizer's closing (which
        // waits for the lock in SQLite's busy handler) is not starved by a hall still voting;
        // the ballots arriving meanwhile join the next batch.
        std::thread::sleep(WRITER_PAUSE);
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
    let ending = async move {
        tokio::select! {
            _ = stop => {}
            () = closed => {}
        }
    };
    // The accept loop the browser app shares: header timeout, lifetime (no grace: a phone
    // needs two short requests) and the bound, over the hall's sockets.
    let limits = crate::serving::ConnectionLimits {
        header_timeout: HEADER_TIMEOUT,
        lifetime: CONNECTION_LIFETIME,
        grace: Duration::ZERO,
        max_connections,
    };
    let slots = crate::serving::accept_connections(&listener, &app, limits, ending).await;
    // No new connections; the requests under way get their answers (a ballot stored is a
    // ballot acknowledged) before the runtime, and with it every connection, is dropped.
    // Idle connections hold their slot until they time out, so the wait is bounded.
    drop(listener);
    crate::serving::drain(&slots, max_connections, Duration::from_secs(2)).await;
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
/// Past the hall's limit, a client that has typed a wrong code this minute is refused
/// before its next code is checked, so guessing from many addresses gains little, while
/// a phone that has not erred is still served.
fn refused(shared: &Shared, client: IpAddr, wrong_code: bool) -> Option<Response> {
    let mut limits = shared.limits.lock().unwrap_or_else(|p| p.into_inner());
    let now = Instant::now();
    if now.duration_since(limits.hall.0) > Duration::from_secs(60) {
        limits.hall = (now, 0);
    }
    if wrong_code {
        limits.hall.1 += 1;
    }
    let hall = limits.hall.1;
    let entry = limits.clients.entry(client).or_insert((now, 0, 0));
    if now.duration_since(entry.0) > Duration::from_secs(60) {
        *entry = (now, 0, 0);
    }
    if wrong_code {
        entry.2 += 1;
    } else {
        entry.1 += 1;
    }
    if entry.2 > WRONG_CODES_PER_MINUTE || entry.1 > REQUESTS_PER_MINUTE {
        return Some(refusal(StatusCode::TOO_MANY_REQUESTS, CLIENT_TOO_MANY));
    }
    let over_hall = (hall > HALL_WRONG_CODES_PER_MINUTE && entry.2 > 0) || hall > HALL_WRONG_CODES_CEILING;
    over_hall.then(|| refusal(StatusCode::TOO_MANY_REQUESTS, HALL_TOO_MANY_WRONG))
}

/// The campaign's code salt: known once there are codes (they may have been issued since
/// the server started, so an unknown salt is read again).
fn salt_of(shared: &Shared) -> Result<Option<[u8; 16]>> {
    if let Some(salt) = *shared.salt.lock().unwrap_or_else(|p| p.into_inner()) {
        return Ok(Some(salt));
    }
    let store = shared.reader.lock().unwrap_or_else(|p| p.into_inner());
    let salt = super::code_salt(&store, &shared.campaign_id)?;
    *shared.salt.lock().unwrap_or_else(|p| p.into_inner()) = salt;
    Ok(salt)
}

/// The stored form of a typed code (see `code_key`): one slow hash, computed by the
/// hashing threads. A request waits for its answer, never for a turn: a turn held across
/// the wake-up of the waiting task (the hashing itself takes a tenth of a millisecond)
/// made a hall's phones queue behind the scheduling of the tasks before them.
async fn key_for(shared: &Arc<Shared>, code: &str) -> Result<Option<String>> {
    let code = super::normalize_code(code);
    if let Some(key) = shared.verified.lock().unwrap_or_else(|p| p.into_inner()).get(&code) {
        return Ok(Some(key.clone()));
    }
    let worker = shared.clone();
    let salt = tokio::task::spawn_blocking(move || salt_of(&worker)).await.unwrap_or_else(|e| {
        Err(Error::Conflict { message: format!("服务器内部错误（{e}），请重试。") })
    })?;
    let Some(salt) = salt else { return Ok(None) };
    let (reply, answer) = tokio::sync::oneshot::channel();
    let gone = || Error::CodeRefused(CodeRefusal::VoteClosed);
    shared.hashers.send((salt, code, reply)).map_err(|_| gone())?;
    answer.await.map(Some).map_err(|_| gone())
}

/// A code to hash with its campaign's salt, and where its stored form goes.
type HashJob = ([u8; 16], String, tokio::sync::oneshot::Sender<String>);

/// Starts the hashing threads; they end when the last sender of jobs is dropped.
fn start_hashers() -> std::sync::mpsc::Sender<HashJob> {
    let (jobs, queue) = std::sync::mpsc::channel::<HashJob>();
    let queue = Arc::new(Mutex::new(queue));
    for n in 0..hashing_threads() {
        let queue = queue.clone();
        let _ = std::thread::Builder::new().name(format!("code-hash-{n}")).spawn(move || {
            loop {
                let job = queue.lock().unwrap_or_else(|p| p.into_inner()).recv();
                let Ok((salt, code, reply)) = job else { return };
                let _ = reply.send(super::code_key(&salt, &code));
            }
        });
    }
    jobs
}

/// As many as there are cores: more would only make the hashes crowd out the threads that
/// answer connections; fewer would queue a hall's phones behind one another.
fn hashing_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().max(2))
}

fn remember(shared: &Shared, code: &str, key: String) {
    let mut verified = shared.verified.lock().unwrap_or_else(|p| p.into_inner());
    if verified.len() >= VERIFIED_LIMIT {
        verified.clear();
    }
    verified.insert(super::normalize_code(code), key);
}

fn answer(shared: &Shared, client: IpAddr, outcome: Result<serde_json::Value>) -> Response {
    match outcome {
        Ok(value) => Json(value).into_response(),
        Err(error) => {
            let message = error.to_string();
            if matches!(error, Error::CodeRefused(CodeRefusal::WrongCode))
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
    let key = match key_for(&shared, &query.code).await {
        Ok(key) => key,
        Err(error) => return answer(&shared, client.ip(), Err(error)),
    };
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
        let form = super::phone_form_from(&store, &template, &worker.campaign_id, key.as_deref())?;
        drop(store);
        if let Some(key) = key {
            remember(&worker, &query.code, key);
        }
        Ok(serde_json::to_value(form).expect("json"))
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
    // The code's hash is computed here, outside the writer's transaction.
    let key = match key_for(&shared, &submission.code).await {
        Ok(key) => key,
        Err(error) => return answer(&shared, client.ip(), Err(error)),
    };
    let (reply, outcome) = tokio::sync::oneshot::channel();
    let sent = shared.writer.send(Job { key, submission, reply });
    let outcome = match sent {
        Ok(()) => outcome.await.unwrap_or_else(|_| Err(Error::CodeRefused(CodeRefusal::VoteClosed))),
        Err(_) => Err(Error::CodeRefused(CodeRefusal::VoteClosed)),
    };
    answer(&shared, client.ip(), outcome.map(|()| json!({ "ok": true })))
}
