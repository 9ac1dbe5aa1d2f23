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
    crate::meeting::vote_by_phone(&mut store, &crate::meeting::ALL_CATEGORIES);
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
    shuzhi::meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    let results = shuzhi::meeting::results(&store, SAMPLE_ID).unwrap();
    assert_eq!(results.outcome.ballots_valid, 1);
    // One ballot is below the anonymity threshold: its 较好 shows in the grade alone.
    assert_eq!(results.outcome.secretaries[2].counts, None);
    assert_eq!(results.outcome.secretaries[2].grade, Some(shuzhi::domain::Grade::FairlyGood));
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

/// One request like [`http`], sent from the loopback address `source` (any 127.x.y.z is
/// this machine on Linux), as a phone elsewhere in the hall would.
fn http_from(addr: SocketAddr, source: std::net::Ipv4Addr, method: &str, path: &str) -> (u16, String) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_io().build().unwrap();
    let stream = runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(SocketAddr::from((source, 0))).unwrap();
        socket.connect(addr).await.unwrap()
    });
    let mut stream = {
        let _entered = runtime.enter();
        let stream = stream.into_std().unwrap();
        stream.set_nonblocking(false).unwrap();
        stream
    };
    let head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text.split("\r\n\r\n").nth(1).unwrap_or_default().to_string())
}

/// Spearman's ρ between `values` and their index (the order of arrival): ±1 for the same
/// or the reverse order, near 0 for no relation (for 80 items its spread is about 0.11).
fn spearman(values: &[i64]) -> f64 {
    let n = values.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| values[i]);
    let mut rank = vec![0usize; n];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    let d2: f64 = (0..n).map(|i| (rank[i] as f64 - i as f64).powi(2)).sum();
    1.0 - 6.0 * d2 / (n as f64 * ((n * n) as f64 - 1.0))
}

/// Kendall's τ between place and arrival over the pairs of ballots that lie in the same
/// page (`places` are byte offsets in the file): −1 when each page fills from its end in the
/// order phones voted, near 0 when where a ballot lies in its page says nothing. With the
/// number of such pairs.
fn order_within_pages(places: &[usize], page: usize) -> (f64, usize) {
    let (mut score, mut pairs) = (0i64, 0usize);
    for i in 0..places.len() {
        for j in i + 1..places.len() {
            if places[i] / page == places[j] / page {
                score += (places[j] as i64 - places[i] as i64).signum();
                pairs += 1;
            }
        }
    }
    (if pairs == 0 { 0.0 } else { score as f64 / pairs as f64 }, pairs)
}

/// The row key of the row, in any table, whose content holds `needle`.
fn row_key_holding(conn: &rusqlite::Connection, needle: &str) -> Option<i64> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    for table in tables {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for column in columns {
            let sql =
                format!("SELECT rowid FROM \"{table}\" WHERE instr(CAST(\"{column}\" AS BLOB), CAST(?1 AS BLOB)) > 0");
            if let Ok(key) = conn.query_row(&sql, [needle], |r| r.get(0)) {
                return Some(key);
            }
        }
    }
    None
}

#[test]
fn a_copy_of_the_files_taken_during_the_vote_shows_no_arrival_order() {
    // Reproduces: where a phone ballot lay within its page was the reverse of the order of
    // arrival (ρ = −1.00) in any copy of the database taken while phones voted.
    use crate::sealed_vote::{find, phone_ballot, side_file, voting_database};
    const PAGE: usize = 4096;
    const BALLOTS: usize = 80;
    let (_dir, path, codes) = voting_database(20);
    let wal = side_file(&path, "-wal");
    let window = Store::open(&path).unwrap(); // the organizer's window keeps its connection open
    let server = VoteServer::start(&path, SAMPLE_ID, "127.0.0.1:0").unwrap();
    let marker = |i: usize| format!("到达顺序标记{i:02}号");
    let mut right_after = Vec::new();
    for (i, code) in codes.iter().enumerate().take(BALLOTS) {
        assert_eq!(http(server.addr, "POST", "/api/ballot", Some(&phone_ballot(code, &marker(i)))).0, 200);
        // A copy of both files the moment the phone heard "saved".
        let mut copy = std::fs::read(&path).unwrap();
        copy.extend(std::fs::read(&wal).unwrap_or_default());
        right_after.push(find(&copy, marker(i).as_bytes()).first().map_or(-1, |&at| at as i64));
    }
    let emptied = (0..200).any(|_| {
        let empty = std::fs::metadata(&wal).map_or(true, |m| m.len() == 0);
        if !empty {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        empty
    });
    assert!(emptied, "the log is emptied after each batch");
    let copy = std::fs::read(&path).unwrap();
    let (mut in_page, mut pages, mut keys, mut places) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let reader = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    for i in 0..BALLOTS {
        let found = find(&copy, marker(i).as_bytes());
        assert_eq!(found.len(), 1, "ballot {i} is in the file once: {found:?}");
        places.push(found[0]);
        in_page.push((found[0] % PAGE) as i64);
        pages.push((found[0] / PAGE) as i64);
        keys.push(row_key_holding(&reader, &marker(i)).expect("a row holds the ballot"));
    }
    drop(reader);
    let figures = [
        ("place in its page", spearman(&in_page)),
        ("page", spearman(&pages)),
        ("row key", spearman(&keys)),
        ("place in the copy right after", spearman(&right_after)),
    ];
    let (within, pairs) = order_within_pages(&places, PAGE);
    eprintln!(
        "ρ with the order of arrival, over 80 phone ballots: {figures:?}; τ within a page {within:.2} ({pairs} pairs)"
    );
    assert!(pairs >= 100, "enough ballots share a page to tell: {pairs}");
    assert!(
        within.abs() < 0.5,
        "within a page, ballots lie in the order they arrived: τ = {within:.2} over {pairs} pairs"
    );
    for (what, rho) in figures {
        assert!(rho.abs() < 0.5, "a copy during the vote keeps the order of arrival in the {what}: ρ = {rho:.2}");
    }

    // Empty slots are no ballots: 80 held, listed, exported and counted; the seal holds them.
    let mut organizer = window;
    assert_eq!(shuzhi::meeting::meeting_view(&organizer, SAMPLE_ID).unwrap().ballots.len(), 80);
    assert_eq!(shuzhi::exchange::export_campaign(&organizer, SAMPLE_ID).unwrap().ballots.len(), 80);
    let listed = shuzhi::store::campaigns::list_campaigns(organizer.conn()).unwrap();
    assert_eq!(listed.iter().find(|c| c.id == SAMPLE_ID).unwrap().ballots, 80);
    let closure = shuzhi::meeting::close_vote(&mut organizer, SAMPLE_ID, "测试", None).unwrap();
    server.wait();
    let (fingerprint, held) = shuzhi::meeting::fingerprint_of_ballots_held(&organizer, SAMPLE_ID).unwrap();
    assert_eq!((fingerprint, held), (closure.fingerprint, 80), "the seal covers the 80 ballots, no empty slot");
    let sealed = std::fs::read(&path).unwrap();
    for i in 0..BALLOTS {
        assert_eq!(find(&sealed, marker(i).as_bytes()).len(), 1, "ballot {i} once after the seal, no old copy");
    }
}

#[test]
fn a_copy_of_the_database_taken_during_the_vote_cannot_vote_with_the_unused_codes() {
    // Reproduces: the unused codes stood in clear in the database (and in its backups and
    // campaign file), so a copy taken during the vote could vote for the absent raters.
    use crate::sealed_vote::{find, phone_ballot, side_file, voting_database};
    let (dir, path, codes) = voting_database(9);
    let server = VoteServer::start(&path, SAMPLE_ID, "127.0.0.1:0").unwrap();
    for code in &codes[..3] {
        assert_eq!(http(server.addr, "POST", "/api/ballot", Some(&phone_ballot(code, ""))).0, 200);
    }
    let store = Store::open(&path).unwrap();
    let backup = dir.path().join("backup.db");
    shuzhi::store::backup::backup_to(store.conn(), &backup).unwrap();
    let document = shuzhi::exchange::to_json_bytes(&shuzhi::exchange::export_campaign(&store, SAMPLE_ID).unwrap());
    let mut copy = std::fs::read(&path).unwrap();
    copy.extend(std::fs::read(side_file(&path, "-wal")).unwrap_or_default());
    for (what, bytes) in [
        ("the database and its log", &copy),
        ("a backup", &std::fs::read(&backup).unwrap()),
        ("the campaign file", &document),
    ] {
        let in_clear = codes[3..].iter().filter(|c| !find(bytes, c.as_bytes()).is_empty()).count();
        assert_eq!(in_clear, 0, "{in_clear} unused codes stand in clear in {what}");
    }
    // What the copy holds in their place opens no ballot form.
    let stored: Vec<String> = shuzhi::store::meeting::list_codes(store.conn(), SAMPLE_ID)
        .unwrap()
        .into_iter()
        .filter(|c| !c.used)
        .map(|c| c.code)
        .collect();
    for (n, value) in stored.iter().take(8).enumerate() {
        let source = std::net::Ipv4Addr::new(127, 0, 3, 1 + n as u8);
        let (status, body) = http_from(server.addr, source, "GET", &format!("/api/form?code={value}"));
        assert_eq!(status, 409, "a value read from a copy opens a form: {body}");
        assert!(body.contains("测评码不正确"), "{body}");
    }
    // The codes themselves still vote, and the organizer prints slips again: new codes for
    // every place not voted, the earlier slips' unused codes void.
    assert_eq!(http(server.addr, "POST", "/api/ballot", Some(&phone_ballot(&codes[3], ""))).0, 200);
    drop(store);
    let mut store = Store::open(&path).unwrap();
    let pdf = shuzhi::meeting::phone::slips_pdf(&mut store, SAMPLE_ID, "http://192.168.1.10:8080", "测试").unwrap();
    let text = crate::pdf_text::pdf_text(&pdf, crate::pdf_text::Layout::Raw);
    let printed: Vec<String> = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w.iter().all(|p| p.len() == 4 && p.bytes().all(|b| shuzhi::meeting::phone::ALPHABET.contains(&b))))
        .map(|w| format!("{}{}", w[0], w[1]))
        .collect();
    assert_eq!(printed.len(), 36 - 4, "one slip for every place not voted: {printed:?}");
    let (status, old) = http(server.addr, "GET", &format!("/api/form?code={}", codes[4]), None);
    assert_eq!(status, 409, "an earlier slip's unused code is void: {old}");
    assert_eq!(http(server.addr, "POST", "/api/ballot", Some(&phone_ballot(&printed[0], ""))).0, 200);
    assert_eq!(shuzhi::meeting::phone::turnout(&store, SAMPLE_ID).unwrap().used, 5);
    assert_eq!(shuzhi::meeting::meeting_view(&store, SAMPLE_ID).unwrap().ballots.len(), 5);
    server.stop();
}

#[test]
fn codes_an_older_version_kept_in_clear_are_hashed_when_the_server_starts_and_still_vote() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let store = Store::open(&path).unwrap();
    let mut store = store;
    shuzhi::sample::load_sample_campaign(&mut store, "测试").unwrap();
    // As an earlier version wrote them: the codes themselves.
    for (n, code) in ["ABCD2345", "WXYZ6789"].iter().enumerate() {
        store
            .conn()
            .execute(
                "INSERT INTO ballot_codes (campaign_id, code, category_id, position, used) VALUES (?1, ?2, 'cat-leaders', ?3, 0)",
                rusqlite::params![SAMPLE_ID, code, n],
            )
            .unwrap();
    }
    // A category with codes and no printed sheet votes by phone, as the upgrade decides.
    store.conn().execute("UPDATE rater_categories SET ballot_channel = 'phone' WHERE id = 'cat-leaders'", []).unwrap();
    drop(store);
    let server = VoteServer::start(&path, SAMPLE_ID, "127.0.0.1:0").unwrap();
    let ballot = format!(r#"{{"code":"abcd-2345","grades":{}}}"#, grades("1111111111"));
    assert_eq!(http(server.addr, "POST", "/api/ballot", Some(&ballot)).0, 200);
    let store = Store::open(&path).unwrap();
    // The server's own connection may be reading for a moment; the log empties soon after.
    let emptied = (0..200).any(|_| {
        let done = store.truncate_wal().unwrap();
        if !done {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        done
    });
    assert!(emptied);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend(std::fs::read(crate::sealed_vote::side_file(&path, "-wal")).unwrap_or_default());
    assert!(!bytes.windows(8).any(|w| w == b"WXYZ6789" || w == b"ABCD2345"), "no code is left in clear");
    assert_eq!(shuzhi::meeting::phone::turnout(&store, SAMPLE_ID).unwrap().used, 1);
    server.stop();
}

#[test]
fn wrong_codes_from_many_addresses_meet_a_limit_for_the_whole_hall() {
    // Reproduces: the wrong-code limit counted per address, so 60 addresses could check
    // 300 guesses a minute (each address ten more).
    use shuzhi::meeting::phone::server::{HALL_TOO_MANY_WRONG, HALL_WRONG_CODES_PER_MINUTE};
    let (_dir, _path, codes, server) = served();
    let (mut checked, mut told) = (0, None);
    for n in 0..60u8 {
        for k in 0..5 {
            let source = std::net::Ipv4Addr::new(127, 0, 2, 10 + n);
            let (status, body) = http_from(server.addr, source, "GET", &format!("/api/form?code=ZZ{n:03}{k:03}"));
            match status {
                409 => checked += 1,
                429 => told = Some(body),
                other => panic!("unexpected {other}: {body}"),
            }
        }
    }
    assert!(checked <= HALL_WRONG_CODES_PER_MINUTE, "{checked} wrong codes were checked in a minute");
    let told = told.expect("the guessing was stopped");
    assert!(told.contains(HALL_TOO_MANY_WRONG), "the phone is told why and what to do: {told}");
    // A phone that has not erred is still served, from an address of its own.
    let phone = std::net::Ipv4Addr::new(127, 0, 2, 200);
    let (status, form) = http_from(server.addr, phone, "GET", &format!("/api/form?code={}", codes[0].code));
    assert_eq!(status, 200, "{form}");
    server.stop();
}

#[test]
fn codes_printed_after_the_server_started_vote() {
    // Reproduces: in the window the slips are printed once the phone vote is open (the
    // button is there only then); the server answered every code on them 测评码不正确.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vote.db");
    let mut store = Store::open(&path).unwrap();
    shuzhi::sample::load_sample_campaign(&mut store, "测试").unwrap();
    crate::meeting::vote_by_phone(&mut store, &["cat-members"]);
    drop(store);
    let server = VoteServer::start(&path, SAMPLE_ID, "127.0.0.1:0").unwrap();
    // The slips, printed now (the clear codes are what printing returns).
    let mut store = Store::open(&path).unwrap();
    let printed = shuzhi::meeting::phone::reissue_unused_codes(&mut store, SAMPLE_ID, "测试").unwrap();
    drop(store);
    assert_eq!(printed.len(), 15);
    let (status, body) = http(server.addr, "GET", &format!("/api/form?code={}", printed[0].code), None);
    assert_eq!(status, 200, "{body}");
    // Printed again (a slip lost): the new codes vote, the old ones do not.
    let mut store = Store::open(&path).unwrap();
    let again = shuzhi::meeting::phone::reissue_unused_codes(&mut store, SAMPLE_ID, "测试").unwrap();
    drop(store);
    let (status, body) = http(server.addr, "GET", &format!("/api/form?code={}", again[1].code), None);
    assert_eq!(status, 200, "{body}");
    let (status, _) = http(server.addr, "GET", &format!("/api/form?code={}", printed[2].code), None);
    assert!(status >= 400, "an earlier slip's unused code is void");
    server.stop();
}

#[test]
fn a_code_of_a_category_that_votes_on_paper_does_not_vote() {
    // A database upgraded from an earlier version may hold codes and sheets for one
    // category; upgraded, it votes on paper, and its codes no longer vote.
    let (_dir, path, codes, server) = served();
    let leaders = codes.iter().find(|c| c.category_id == "cat-leaders").unwrap();
    let store = Store::open(&path).unwrap();
    store.conn().execute("UPDATE rater_categories SET ballot_channel = 'paper' WHERE id = 'cat-leaders'", []).unwrap();
    drop(store);
    let (status, body) = http(server.addr, "GET", &format!("/api/form?code={}", leaders.code), None);
    assert!(status >= 400 && body.contains("用纸质测评表测评，这个测评码不能使用"), "{status} {body}");
    let ballot = format!(r#"{{"code":"{}","grades":{},"suggestions":""}}"#, leaders.code, grades("1111111111"));
    let (status, body) = http(server.addr, "POST", "/api/ballot", Some(&ballot));
    assert!(status >= 400 && body.contains("用纸质测评表测评"), "{status} {body}");
    server.stop();
}

#[test]
fn a_year_is_not_deleted_under_a_running_ballot_server() {
    // Reproduces: with codes out and the server running, the year could be deleted; phones
    // then read that the year was gone, or that their code still worked.
    let (_dir, path, _codes, server) = served();
    let mut store = Store::open(&path).unwrap();
    let refused = shuzhi::planning::delete_campaign(&mut store, SAMPLE_ID, 2023, "测试").unwrap_err();
    assert!(refused.to_string().contains("扫码测评服务正在使用这个数据库，现在不能删除年度"), "{refused}");
    assert!(shuzhi::store::campaigns::campaign_exists(store.conn(), SAMPLE_ID).unwrap());
    server.stop();
    shuzhi::planning::delete_campaign(&mut store, SAMPLE_ID, 2023, "测试").unwrap();
}
