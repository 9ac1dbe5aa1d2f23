//! The ballot server for 扫码测评: a small HTTP server (axum on tokio) in the same process,
//! on the address the organizer chooses. It serves only the phone page and two ballot
//! routes, limits request sizes and wrong-code guesses per client, keeps no address or
//! time with a ballot, and stops by itself when the vote is closed.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Json;
use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use crate::error::{Error, Result};
use crate::lan_vote::{self, PhoneSubmission};
use crate::store::{Store, meeting as meeting_store};

/// Wrong codes one client may try per minute before it is made to wait.
pub const WRONG_CODES_PER_MINUTE: u32 = 10;
/// Requests one client may make per minute (a phone needs two).
pub const REQUESTS_PER_MINUTE: u32 = 1200;
/// The largest request body accepted.
pub const BODY_LIMIT: usize = 16 * 1024;

struct Shared {
    store: Mutex<Store>,
    campaign_id: String,
    /// Per client: when its minute began, requests and wrong codes in it.
    clients: Mutex<HashMap<IpAddr, (Instant, u32, u32)>>,
}

/// A running ballot server.
pub struct VoteServer {
    pub addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl VoteServer {
    /// Starts serving the campaign's phone ballots on `bind` (e.g. `0.0.0.0:8080`), with
    /// its own connection to the database at `db_path`.
    pub fn start(db_path: &Path, campaign_id: &str, bind: &str) -> Result<VoteServer> {
        let addr: SocketAddr = bind.trim().parse().map_err(|_| Error::Invalid {
            message: format!(
                "地址“{bind}”无效。请写成 0.0.0.0:8080（所有网卡）或 192.168.1.10:8080（指定网卡）这样的形式。"
            ),
        })?;
        let store = Store::open(db_path)?;
        crate::store::campaigns::get_campaign(store.conn(), campaign_id)?;
        if meeting_store::get_closure(store.conn(), campaign_id)?.is_some() {
            return Err(Error::Conflict { message: "测评已经结束，不能再开启扫码测评。".into() });
        }
        let listener = std::net::TcpListener::bind(addr).map_err(|e| Error::Conflict {
            message: format!("无法在 {addr} 上开启测评服务（{e}）。请换一个端口，或确认该地址属于本机。"),
        })?;
        listener.set_nonblocking(true).map_err(|e| Error::Io { path: db_path.to_path_buf(), source: e })?;
        let addr = listener.local_addr().map_err(|e| Error::Io { path: db_path.to_path_buf(), source: e })?;
        let shared = Arc::new(Shared {
            store: Mutex::new(store),
            campaign_id: campaign_id.to_string(),
            clients: Mutex::new(HashMap::new()),
        });
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("ballot-server".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("a tokio runtime");
                runtime.block_on(serve(listener, shared, rx));
            })
            .map_err(|e| Error::Io { path: db_path.to_path_buf(), source: e })?;
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

async fn serve(listener: std::net::TcpListener, shared: Arc<Shared>, stop: tokio::sync::oneshot::Receiver<()>) {
    let listener = tokio::net::TcpListener::from_std(listener).expect("a listening socket");
    let app = Router::new()
        .route("/", get(page))
        .route("/app.js", get(script))
        .route("/app.css", get(style))
        .route("/api/form", get(form))
        .route("/api/ballot", post(ballot))
        .fallback(|| async { (StatusCode::NOT_FOUND, "没有这个页面。") })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(shared.clone());
    // Stop on request, or as soon as the vote is closed.
    let closed = {
        let shared = shared.clone();
        async move {
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                let shared = shared.clone();
                let closed = tokio::task::spawn_blocking(move || {
                    let store = shared.store.lock().unwrap_or_else(|p| p.into_inner());
                    meeting_store::get_closure(store.conn(), &shared.campaign_id).map(|c| c.is_some()).unwrap_or(false)
                })
                .await
                .unwrap_or(false);
                if closed {
                    break;
                }
            }
        }
    };
    let _ = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async move {
            tokio::select! {
                _ = stop => {}
                _ = closed => {}
            }
        })
        .await;
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
    with_headers(include_str!("phone/index.html").into_response(), "text/html; charset=utf-8")
}

async fn script() -> Response {
    with_headers(include_str!("phone/app.js").into_response(), "text/javascript; charset=utf-8")
}

async fn style() -> Response {
    with_headers(include_str!("phone/app.css").into_response(), "text/css; charset=utf-8")
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
            if message == lan_vote::WRONG_CODE
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
        let store = worker.store.lock().unwrap_or_else(|p| p.into_inner());
        lan_vote::phone_form(&store, &worker.campaign_id, &query.code).map(|f| serde_json::to_value(f).expect("json"))
    })
    .await
    .unwrap_or_else(|e| Err(Error::Conflict { message: format!("服务器内部错误（{e}），请重试。") }));
    answer(&shared, client.ip(), outcome)
}

async fn ballot(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    body: Result<Json<PhoneSubmission>, axum::extract::rejection::JsonRejection>,
) -> Response {
    if let Some(refused) = refused(&shared, client.ip(), false) {
        return refused;
    }
    let submission = match body {
        Ok(Json(submission)) => submission,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return refusal(StatusCode::PAYLOAD_TOO_LARGE, "提交的内容过长。意见建议请控制在 2000 字以内。");
        }
        Err(_) => return refusal(StatusCode::BAD_REQUEST, "提交的内容不完整或格式不对。请刷新页面后重新填写。"),
    };
    let worker = shared.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let mut store = worker.store.lock().unwrap_or_else(|p| p.into_inner());
        lan_vote::submit_phone_ballot(&mut store, &worker.campaign_id, &submission).map(|()| json!({ "ok": true }))
    })
    .await
    .unwrap_or_else(|e| Err(Error::Conflict { message: format!("服务器内部错误（{e}），请重试。") }));
    answer(&shared, client.ip(), outcome)
}
