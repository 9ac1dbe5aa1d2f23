//! The ballot server over real HTTP on loopback: the phone page, a code used once, wrong
//! codes limited, only the ballot routes served, oversized requests refused, ballots
//! counted like paper ones, and the server stopping when the vote closes.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use shuzhi::Store;
use shuzhi::meeting::phone::server::VoteServer;

use crate::SAMPLE_ID;

/// One JSON request to `addr`, answered in full: the status and the body as text.
pub fn http(addr: SocketAddr, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
    let host = addr.to_string();
    let headers = [("Host", host.as_str()), ("Content-Type", "application/json")];
    let answer = request(addr, method, path, &headers, body.unwrap_or("").as_bytes());
    (answer.status, String::from_utf8_lossy(&answer.body).into_owned())
}

/// A response read to its end.
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

/// One request with the given headers (`Host` among them) over a connection of its own,
/// answered in full; a chunked body is put back together.
pub fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(response.len());
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut body = response.get(split + 4..).unwrap_or_default().to_vec();
    if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        body = unchunk(&body);
    }
    Answer { status, head, body }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&data[..line_end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[line_end + 2..line_end + 2 + size]);
        data = &data[line_end + 2 + size + 2..];
    }
}

fn served() -> (tempfile::TempDir, std::path::PathBuf, Vec<shuzhi::domain::BallotCode>, VoteServer) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vote.db");
    let mut store = Store::open(&path).unwrap();
    shuzhi::sample::load_sample_campaign(&mut store, "测试").unwrap();
    let codes = shuzhi::meeting::phone::issue_codes(&mut store, SAMPLE_ID, "测试").unwrap();
    drop(store);
    let server = VoteServer::start(&path, SAMPLE_ID, "127.0.0.1:0").unwrap();
    (dir, path, codes, server)
}

fn grades(text: &str) -> String {
    let list: Vec<&str> = text
        .chars()
        .map(|c| match c {
            '1' => "\"good\"",
            '2' => "\"fairly_good\"",
            '3' => "\"fair\"",
            '4' => "\"poor\"",
            _ => "null",
        })
        .collect();
    format!("[{}]", list.join(","))
}

#[test]
fn phones_vote_once_per_code_and_their_ballots_count_like_paper_ones() {
    let (_dir, path, codes, server) = served();
    let addr = server.addr;
    assert_eq!(codes.len(), 36, "one code per planned rater");

    let (status, page) = http(addr, "GET", "/", None);
    assert_eq!(status, 200);
    assert!(page.contains("述职评议 扫码测评") && page.contains("/app.js"));
    assert_eq!(http(addr, "GET", "/app.js", None).0, 200);
    assert_eq!(http(addr, "GET", "/api/campaigns", None).0, 404, "only the ballot routes are served");
    assert_eq!(http(addr, "GET", "/../../etc/passwd", None).0, 404);

    let code = &codes[0].code;
    let (status, form) = http(addr, "GET", &format!("/api/form?code={}", code.to_lowercase()), None);
    assert_eq!(status, 200, "{form}");
    let form: serde_json::Value = serde_json::from_str(&form).unwrap();
    assert_eq!(form["secretaries"].as_array().unwrap().len(), 10);
    assert_eq!(form["category"], "上级党组织领导");

    let ballot = format!(r#"{{"code":"{code}","grades":{},"suggestions":"建议多下基层"}}"#, grades("1121112111"));
    assert_eq!(http(addr, "POST", "/api/ballot", Some(&ballot)).0, 200);
    let (status, again) = http(addr, "POST", "/api/ballot", Some(&ballot));
    assert_eq!(status, 409);
    assert!(again.contains("这个测评码已经用过"), "{again}");
    let (status, reused) = http(addr, "GET", &format!("/api/form?code={code}"), None);
    assert_eq!(status, 409, "{reused}");

    let wrong_length = format!(r#"{{"code":"{}","grades":{}}}"#, codes[1].code, grades("11"));
    let (status, body) = http(addr, "POST", "/api/ballot", Some(&wrong_length));
    assert_eq!(status, 400);
    assert!(body.contains("与述职名单不符"), "{body}");
    let (status, body) = http(addr, "POST", "/api/ballot", Some("{not json"));
    assert_eq!(status, 400);
    assert!(body.contains("格式不对"), "{body}");
    let huge = format!(
        r#"{{"code":"{}","grades":{},"suggestions":"{}"}}"#,
        codes[1].code,
        grades("1111111111"),
        "长".repeat(20_000)
    );
    assert_eq!(http(addr, "POST", "/api/ballot", Some(&huge)).0, 413, "requests over the size limit are refused");

    // Wrong codes: a few get the message, then the client is made to wait.
    let mut statuses = Vec::new();
    for n in 0..12 {
        statuses.push(http(addr, "GET", &format!("/api/form?code=ZZZZZZ{n:02}"), None).0);
    }
    assert_eq!(statuses[0], 409);
    assert_eq!(*statuses.last().unwrap(), 429);

    // Closing the vote stops the server; the phone ballot is counted under the rules.
    let mut store = Store::open(&path).unwrap();
    let view = shuzhi::meeting::meeting_view(&store, SAMPLE_ID).unwrap();
    assert_eq!(view.ballots.len(), 1);
    assert_eq!(view.ballots[0].channel, shuzhi::domain::BallotChannel::Phone);
    assert!(view.ballots[0].serial.starts_with("P-") && !view.ballots[0].serial.contains(code.as_str()));
    assert_eq!(shuzhi::meeting::phone::turnout(&store, SAMPLE_ID).unwrap().used, 1);
    shuzhi::meeting::close_vote(&mut store, SAMPLE_ID, "测试").unwrap();
    let results = shuzhi::meeting::results(&store, SAMPLE_ID).unwrap();
    assert_eq!(results.outcome.ballots_valid, 1);
    assert_eq!(results.outcome.secretaries[2].counts.fairly_good, 1);
    let started = std::time::Instant::now();
    while server.is_running() && started.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(!server.is_running(), "the server stops when the vote closes");
    assert!(TcpStream::connect(addr).is_err() || http_fails(addr));
}

fn http_fails(addr: SocketAddr) -> bool {
    std::panic::catch_unwind(|| http(addr, "GET", "/", None)).map_or(true, |(status, _)| status == 0)
}

#[test]
fn the_server_refuses_a_bad_address_and_a_closed_vote() {
    let (dir, path, _codes, server) = served();
    let taken = server.addr.to_string();
    let error = VoteServer::start(&path, SAMPLE_ID, "127.0.0.1:0").err().unwrap().to_string();
    assert!(error.contains("这个数据库的扫码测评服务已经在运行"), "one server per database: {error}");
    let other = dir.path().join("other.db");
    shuzhi::sample::load_sample_campaign(&mut Store::open(&other).unwrap(), "测试").unwrap();
    let error = VoteServer::start(&other, SAMPLE_ID, &taken).err().unwrap().to_string();
    assert!(error.contains("无法在") && error.contains("请换一个端口"), "{error}");
    let error = VoteServer::start(&path, SAMPLE_ID, "本机:80").err().unwrap().to_string();
    assert!(error.contains("地址“本机:80”无效"), "{error}");
    let error = shuzhi::meeting::phone::slips_pdf(&mut Store::open(&path).unwrap(), SAMPLE_ID, "192.168.1.10", "测试")
        .unwrap_err()
        .to_string();
    assert!(error.contains("不是网址"), "{error}");
    let pdf = shuzhi::meeting::phone::slips_pdf(
        &mut Store::open(&path).unwrap(),
        SAMPLE_ID,
        "http://192.168.1.10:8080",
        "测试",
    )
    .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}
