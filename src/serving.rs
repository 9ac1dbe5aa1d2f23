//! Serving HTTP to sockets that may be hostile, shared by the ballot server (a meeting
//! hall's phones) and the browser app (any program on this computer): `axum::serve` has
//! no timeouts and no bound, so a few hundred idle sockets would hold every file handle
//! and freeze the server. Here each connection is served by hyper with a header timeout,
//! lives at most its lifetime, and counts against a bound; the open-file limit is raised
//! to fit the bound; and a body must keep arriving at a minimum rate.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;

/// How a server treats the connections it accepts.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// How long a client may take to send a request's headers, and how long an open
    /// connection may wait for its next request.
    pub header_timeout: Duration,
    /// How long one connection may stay open at all.
    pub lifetime: Duration,
    /// Once the lifetime is over, how long a request under way may take to finish before
    /// the connection is dropped (no new request is read on it meanwhile).
    pub grace: Duration,
    /// Connections open at once, at most (fewer when the open-file limit cannot be raised).
    pub max_connections: usize,
}

/// Raises this process's open-file limit as far as the system allows (up to what
/// `wanted` connections need) and returns how many connections fit under it.
pub fn raise_open_file_limit(wanted: usize) -> usize {
    #[cfg(unix)]
    {
        // Files the program itself keeps open: the database, its log, fonts, the window's own.
        const RESERVED: usize = 128;
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit and setrlimit only read and write the struct passed.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
                let needed = ((wanted + RESERVED) as libc::rlim_t).min(limit.rlim_max);
                if limit.rlim_cur < needed {
                    let raised = libc::rlimit { rlim_cur: needed, rlim_max: limit.rlim_max };
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                        limit.rlim_cur = needed;
                    }
                }
                return (limit.rlim_cur as usize).saturating_sub(RESERVED).clamp(16, wanted);
            }
        }
        256.min(wanted)
    }
    #[cfg(not(unix))]
    {
        // Windows counts sockets against no such limit.
        wanted
    }
}

/// Accepts connections until `stop` completes, each served with `limits`; a newcomer over
/// the bound is closed at once. Every request carries its client's address as
/// [`ConnectInfo`]. Returns the semaphore of the slots, so the caller can wait for the
/// requests under way ([`drain`]).
pub async fn accept_connections(
    listener: &tokio::net::TcpListener,
    app: &Router,
    limits: ConnectionLimits,
    stop: impl Future,
) -> Arc<tokio::sync::Semaphore> {
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    tokio::pin!(stop);
    loop {
        let (stream, client) = tokio::select! {
            _ = &mut stop => break,
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
        // bound is reached only under attack).
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone().layer(axum::Extension(ConnectInfo(client))));
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout).keep_alive(true);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = tokio::time::sleep(limits.lifetime) => {
                    // No further request on this connection; the one under way may finish.
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(limits.grace, connection).await;
                }
            }
            drop(slot);
        });
    }
    slots
}

/// Waits (at most `within`) until every accepted connection has ended.
pub async fn drain(slots: &tokio::sync::Semaphore, max_connections: usize, within: Duration) {
    let _ = tokio::time::timeout(within, async {
        while slots.available_permits() < max_connections {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
}

/// Why a request's body was not read whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyRefused {
    /// Longer than the route accepts (declared or sent).
    TooLarge,
    /// It stopped arriving, or arrived slower than the minimum rate.
    TooSlow,
    /// The connection broke while it arrived.
    Broken,
}

/// Reads a body of at most `limit` bytes that keeps arriving: the first `start` may pass
/// with nothing, after that at least `bytes_per_second` on average. A sender that trickles
/// a byte at a time (to hold the connection) is cut off, a large file from a slow USB
/// stick is not.
pub async fn read_body(
    mut body: Body,
    limit: usize,
    start: Duration,
    bytes_per_second: u64,
) -> Result<Bytes, BodyRefused> {
    if body.size_hint().lower() > limit as u64 {
        return Err(BodyRefused::TooLarge);
    }
    let began = Instant::now();
    let mut received = Vec::new();
    loop {
        // The moment by which the bytes so far would fall under the minimum rate.
        let allowed = start + Duration::from_secs_f64(received.len() as f64 / bytes_per_second as f64);
        let deadline = tokio::time::Instant::from_std(began + allowed);
        let frame =
            tokio::time::timeout_at(deadline, std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)));
        match frame.await {
            Err(_) => return Err(BodyRefused::TooSlow),
            Ok(None) => return Ok(Bytes::from(received)),
            Ok(Some(Err(_))) => return Err(BodyRefused::Broken),
            Ok(Some(Ok(frame))) => {
                if let Ok(data) = frame.into_data() {
                    if received.len() + data.len() > limit {
                        return Err(BodyRefused::TooLarge);
                    }
                    received.extend_from_slice(&data);
                }
            }
        }
    }
}
