//! Load test (prints figures; not a test): 300 simulated phones vote over loopback at
//! once — each loads its form and submits a ballot — against the real ballot server,
//! first alone, then with 1,000 idle connections held open beside them (someone in the
//! hall flooding the server). Each round checks that no ballot was lost or counted twice,
//! and prints latency percentiles. Run with `cargo bench --bench phone_load`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use shuzhi::Store;
use shuzhi::meeting::phone::server::VoteServer;
use shuzhi::meeting::{self, CategoryInput};

const PHONES: u32 = 300;
const CAMPAIGN: &str = "sample-2023-swjw";

fn http(addr: SocketAddr, method: &str, path: &str, body: &str) -> (u16, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).expect("connect");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("receive");
    let text = String::from_utf8_lossy(&response);
    (text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0), started.elapsed())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    guess_cost();
    round(0);
    round(1000);
}

/// What one guess at a code costs someone holding a copy of the database: one Argon2id
/// hash of the campaign's salt (the same work the server does once per phone), and the
/// expected time to hit one of the unused codes among 2⁴⁰.
fn guess_cost() {
    let salt = [7u8; 16];
    let rounds = 200;
    let started = Instant::now();
    for n in 0..rounds {
        std::hint::black_box(shuzhi::meeting::phone::code_key(&salt, &format!("ABCD{n:04}")));
    }
    let each = started.elapsed().as_secs_f64() / rounds as f64;
    println!(
        "测评码哈希（Argon2id，{} KiB，{} 遍）：每次猜测 {:.2} ms（单核）",
        shuzhi::meeting::phone::CODE_HASH_MEMORY_KIB,
        shuzhi::meeting::phone::CODE_HASH_PASSES,
        each * 1000.0
    );
    for unused in [10u64, 30, 100, 300] {
        let guesses = (1u64 << 40) as f64 / unused as f64;
        let core_days = guesses * each / 86_400.0;
        println!(
            "  拿到测评中的数据库副本，在 {unused} 个未用测评码中猜中一个：平均 {guesses:.1e} 次猜测，单核约 {core_days:.0} 天，8 核约 {:.0} 天",
            core_days / 8.0
        );
    }
}

fn round(idle_connections: usize) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("load.db");
    let mut store = Store::open(&path).expect("the database");
    shuzhi::sample::load_sample_campaign(&mut store, "bench").expect("the sample");
    let view = meeting::meeting_view(&store, CAMPAIGN).expect("the meeting");
    let sizes = [30, 60, 90, 120];
    let panel: Vec<CategoryInput> = view
        .categories
        .iter()
        .zip(sizes)
        .map(|(c, size)| CategoryInput {
            id: Some(c.category.id.clone()),
            name: c.category.name.clone(),
            weight_percent: c.category.weight_percent,
            planned_size: size,
            // The whole hall votes by phone.
            ballot_channel: shuzhi::domain::BallotChannel::Phone,
        })
        .collect();
    meeting::save_panel(&mut store, CAMPAIGN, &panel, "bench").expect("the panel");
    // The codes as printed on the slips: the database keeps only their hashes.
    let codes = shuzhi::meeting::phone::issue_codes(&mut store, CAMPAIGN, "bench").expect("codes");
    assert_eq!(codes.len() as u32, PHONES);
    drop(store);
    let server = VoteServer::start(&path, CAMPAIGN, "127.0.0.1:0").expect("the server");
    let addr = server.addr;
    let idle: Vec<TcpStream> = (0..idle_connections).map(|_| TcpStream::connect(addr).expect("idle")).collect();
    println!(
        "扫码测评负载：{PHONES} 部手机同时测评（本机回环，2 核），每部先取表单再提交一张票；同时另有 {} 个空闲连接",
        idle.len()
    );

    let barrier = Arc::new(Barrier::new(PHONES as usize));
    let started = Instant::now();
    let phones: Vec<_> = codes
        .into_iter()
        .enumerate()
        .map(|(i, code)| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let (form_status, form_time) = http(addr, "GET", &format!("/api/form?code={}", code.code), "");
                let grades: Vec<&str> =
                    (0..10).map(|s| ["\"good\"", "\"fairly_good\"", "\"fair\"", "\"good\""][(i + s) % 4]).collect();
                let body = format!(r#"{{"code":"{}","grades":[{}]}}"#, code.code, grades.join(","));
                let (ballot_status, ballot_time) = http(addr, "POST", "/api/ballot", &body);
                (form_status, form_time, ballot_status, ballot_time)
            })
        })
        .collect();
    let outcomes: Vec<_> = phones.into_iter().map(|t| t.join().expect("a phone")).collect();
    let elapsed = started.elapsed();
    let failed = outcomes.iter().filter(|o| o.0 != 200 || o.2 != 200).count();
    let mut forms: Vec<Duration> = outcomes.iter().map(|o| o.1).collect();
    let mut ballots: Vec<Duration> = outcomes.iter().map(|o| o.3).collect();
    forms.sort();
    ballots.sort();

    let store = Store::open(&path).expect("the database");
    let stored = meeting::meeting_view(&store, CAMPAIGN).expect("the meeting").ballots;
    let turnout = shuzhi::meeting::phone::turnout(&store, CAMPAIGN).expect("turnout");
    let serials: std::collections::BTreeSet<&str> = stored.iter().map(|b| b.serial.as_str()).collect();
    println!(
        "  用时 {:.2} 秒；失败请求 {failed}；入库测评票 {}（票号互不相同 {}）；已用测评码 {}/{}",
        elapsed.as_secs_f64(),
        stored.len(),
        serials.len(),
        turnout.used,
        turnout.issued
    );
    for (name, list) in [("取表单", &forms), ("提交测评票", &ballots)] {
        println!(
            "  {name}：p50 {:.1} ms  p90 {:.1} ms  p99 {:.1} ms  最长 {:.1} ms",
            percentile(list, 0.50).as_secs_f64() * 1000.0,
            percentile(list, 0.90).as_secs_f64() * 1000.0,
            percentile(list, 0.99).as_secs_f64() * 1000.0,
            list.last().expect("some").as_secs_f64() * 1000.0
        );
    }
    assert_eq!(stored.len() as u32, PHONES, "no ballot lost or counted twice");
    assert_eq!(serials.len() as u32, PHONES);
    assert_eq!(turnout.used, PHONES);
    drop(idle);
    server.stop();
}
