//! The browser app (`shuzhi app`) over real HTTP: an export handed out once as a download
//! under its Chinese name, and a backup chosen in the browser (uploaded, kept where only
//! this user can read it, checked, restored, removed at the end). And what it holds
//! against other programs on the same computer: its credential is a header bound to its
//! own port (no cookie another local server would receive), idle sockets do not freeze it,
//! its files are private, an upload survives no kill, and two tabs never restore each
//! other's upload.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

use shuzhi::browser::{self, AppOptions, BrowserApp, Started, TOKEN_HEADER, UPLOAD_HEADER};

use crate::serve::Answer;

/// This start's token, as the page takes it from the address it was opened with.
fn token_of(url: &str) -> String {
    url.split("t=").nth(1).unwrap().to_string()
}

/// One request as the page sends it: its own `Host` and the token in its header.
fn request(app: &BrowserApp, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let host = format!("127.0.0.1:{}", app.addr.port());
    let token = token_of(&app.url);
    let mut all = vec![("Host", host.as_str()), (TOKEN_HEADER, token.as_str())];
    all.extend_from_slice(headers);
    bounded_request(app.addr, method, path, &all, body).expect("the app answers")
}

/// One request with exactly the given headers, answered in full within 20 seconds (a
/// server that does not answer fails the test instead of hanging it).
fn bounded_request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Answer> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(20))?;
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    stream.set_write_timeout(Some(Duration::from_secs(20)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(response.len());
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.get(split + 4..).unwrap_or_default().to_vec();
    Ok(Answer { status, head, body })
}

fn text(answer: &Answer) -> String {
    String::from_utf8_lossy(&answer.body).into_owned()
}

fn command(app: &BrowserApp, name: &str, arguments: serde_json::Value) -> serde_json::Value {
    command_with(app, name, arguments, &[])
}

fn command_with(
    app: &BrowserApp,
    name: &str,
    arguments: serde_json::Value,
    headers: &[(&str, &str)],
) -> serde_json::Value {
    let mut all = vec![("Content-Type", "application/json")];
    all.extend_from_slice(headers);
    let answer = request(app, "POST", &format!("/api/{name}"), &all, arguments.to_string().as_bytes());
    assert_eq!(answer.status, 200, "{}", answer.head);
    serde_json::from_slice(&answer.body).unwrap()
}

/// Uploads `bytes` as a tab does; the id the tab names the upload by.
fn upload(app: &BrowserApp, file_name: &str, bytes: &[u8]) -> String {
    let name = shuzhi::browser::percent_encode(file_name);
    let uploaded = request(app, "POST", "/upload", &[("x-file-name", name.as_str())], bytes);
    assert_eq!(uploaded.status, 200, "{}", text(&uploaded));
    let answer: serde_json::Value = serde_json::from_slice(&uploaded.body).unwrap();
    answer["upload"].as_str().unwrap().to_string()
}

fn page_folder(dir: &Path) -> std::path::PathBuf {
    let page = dir.join("page");
    std::fs::create_dir_all(&page).unwrap();
    std::fs::write(page.join("index.html"), "<!doctype html><title>述职评议助手</title>").unwrap();
    page
}

fn start(dir: &Path) -> BrowserApp {
    let options = AppOptions {
        database_path: dir.join("shuzhi.db"),
        port: 0,
        page_folder: page_folder(dir),
        idle_exit: Duration::from_secs(600),
    };
    match browser::start(&options).unwrap() {
        Started::New(app) => app,
        Started::AlreadyRunning { .. } => panic!("a new database has no running server"),
    }
}

#[test]
fn an_export_is_a_download_once_under_its_chinese_name() {
    let dir = tempfile::tempdir().unwrap();
    let app = start(dir.path());
    let answer = command(
        &app,
        "export_lists_xlsx",
        serde_json::json!({ "campaignId": "sample-2023-swjw", "secretaryId": null }),
    );
    let downloads = answer["downloads"].as_array().unwrap();
    assert_eq!(downloads.len(), 1, "{answer}");
    let file_name = downloads[0]["file_name"].as_str().unwrap();
    assert!(file_name.ends_with(".xlsx") && file_name.contains("清单"), "{file_name}");
    assert_eq!(answer["ok"].as_str().unwrap(), format!("下载文件夹中的“{file_name}”"));

    // The browser fetches a download by its one-time address alone (a link cannot carry
    // the header), from this server's own page.
    let url = downloads[0]["url"].as_str().unwrap();
    let host = format!("127.0.0.1:{}", app.addr.port());
    let origin = format!("http://{host}");
    let foreign =
        bounded_request(app.addr, "GET", url, &[("Host", &host), ("Origin", "http://127.0.0.1:1")], b"").unwrap();
    assert_eq!(foreign.status, 403, "another page may not take it: {}", foreign.head);
    let file = bounded_request(app.addr, "GET", url, &[("Host", &host), ("Origin", &origin)], b"").unwrap();
    assert_eq!(file.status, 200, "{}", file.head);
    assert!(file.head.contains("filename*=UTF-8''"), "{}", file.head);
    assert!(file.body.starts_with(b"PK"), "an .xlsx is a zip");
    let again = bounded_request(app.addr, "GET", url, &[("Host", &host)], b"").unwrap();
    assert_eq!(again.status, 404, "each download is handed out once");
    assert!(text(&again).contains("已经下载过或已过期"), "{}", text(&again));
    let guessed = bounded_request(app.addr, "GET", "/files/../../shuzhi.db", &[("Host", &host)], b"").unwrap();
    assert_ne!(guessed.status, 200);
    app.stop();
}

#[test]
fn a_backup_chosen_in_the_browser_is_kept_privately_restored_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let app = start(dir.path());
    // A backup from before a change, as the person would have it on a USB stick.
    let mut store = shuzhi::Store::open(&dir.path().join("shuzhi.db")).unwrap();
    let backup = dir.path().join("备份.db");
    shuzhi::store::backup::backup_to(store.conn(), &backup).unwrap();
    add_problem(&mut store, "备份之后才加的问题");
    drop(store);

    let id = upload(&app, "备份.db", &std::fs::read(&backup).unwrap());
    let chosen = command_with(&app, "choose_backup_file", serde_json::json!({}), &[(UPLOAD_HEADER, &id)]);
    let path = chosen["ok"]["path"].as_str().unwrap().to_string();
    assert!(path.ends_with("备份.db"), "{chosen}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let folder = Path::new(&path).parent().unwrap();
        assert_eq!(std::fs::metadata(folder).unwrap().permissions().mode() & 0o777, 0o700, "only this user reads it");
    }
    let restored = command(&app, "restore_backup", restore_chosen(&chosen));
    assert!(restored.get("error").is_none(), "{restored}");
    let items = command(&app, "problem_items", serde_json::json!({ "secretaryId": "sec-xy" }));
    assert!(!items.to_string().contains("备份之后才加的问题"), "the restore brought back the backup's state");
    app.stop();
    assert!(!Path::new(&path).exists(), "the uploaded copy is removed when the program ends");
}

fn add_problem(store: &mut shuzhi::Store, description: &str) {
    shuzhi::lists::items::add_problem(
        store,
        "sec-xy",
        &shuzhi::lists::items::ProblemInput {
            category: "组织建设".into(),
            description: description.into(),
            cause: "".into(),
        },
        "测试",
    )
    .unwrap();
}

/// The restore of the file a `choose_backup_file` answer names.
fn restore_chosen(chosen: &serde_json::Value) -> serde_json::Value {
    serde_json::json!({ "source": { "kind": "chosen", "id": chosen["ok"]["id"] } })
}

#[test]
fn two_tabs_restoring_at_once_each_restore_the_backup_they_uploaded() {
    // Reproduces: the upload was kept per session, so the tab that restored second got the
    // other tab's file, and the first tab's choice restored the second tab's upload.
    let dir = tempfile::tempdir().unwrap();
    let app = start(dir.path());
    let mut store = shuzhi::Store::open(&dir.path().join("shuzhi.db")).unwrap();
    let first = dir.path().join("甲.db");
    shuzhi::store::backup::backup_to(store.conn(), &first).unwrap();
    add_problem(&mut store, "甲之后加的问题");
    let second = dir.path().join("乙.db");
    shuzhi::store::backup::backup_to(store.conn(), &second).unwrap();
    add_problem(&mut store, "乙之后加的问题");
    drop(store);

    // Both tabs upload, then both choose, then both restore.
    let first_upload = upload(&app, "甲.db", &std::fs::read(&first).unwrap());
    let second_upload = upload(&app, "乙.db", &std::fs::read(&second).unwrap());
    let first_chosen =
        command_with(&app, "choose_backup_file", serde_json::json!({}), &[(UPLOAD_HEADER, &first_upload)]);
    let second_chosen =
        command_with(&app, "choose_backup_file", serde_json::json!({}), &[(UPLOAD_HEADER, &second_upload)]);
    assert!(first_chosen["ok"]["path"].as_str().unwrap().ends_with("甲.db"), "{first_chosen}");
    assert!(second_chosen["ok"]["path"].as_str().unwrap().ends_with("乙.db"), "{second_chosen}");

    let problems =
        |app: &BrowserApp| command(app, "problem_items", serde_json::json!({ "secretaryId": "sec-xy" })).to_string();
    let restored = command(&app, "restore_backup", restore_chosen(&first_chosen));
    assert!(restored.get("error").is_none(), "{restored}");
    let after_first = problems(&app);
    assert!(!after_first.contains("甲之后加的问题"), "the first tab restored its own backup: {after_first}");
    let restored = command(&app, "restore_backup", restore_chosen(&second_chosen));
    assert!(restored.get("error").is_none(), "{restored}");
    let after_second = problems(&app);
    assert!(after_second.contains("甲之后加的问题"), "the second tab restored its own backup: {after_second}");
    assert!(!after_second.contains("乙之后加的问题"), "{after_second}");

    // An upload is taken once, by the tab that names it; a name never uploaded chooses nothing.
    let taken = command_with(&app, "choose_backup_file", serde_json::json!({}), &[(UPLOAD_HEADER, &first_upload)]);
    assert!(taken["ok"].is_null(), "{taken}");
    let unknown = command(&app, "restore_backup", serde_json::json!({ "source": { "kind": "chosen", "id": "0" } }));
    assert!(unknown["error"]["message"].as_str().unwrap().contains("请先用“从其他位置恢复…”选择备份文件"), "{unknown}");
    app.stop();
}

#[test]
fn an_old_cookie_or_the_token_in_an_address_opens_nothing() {
    // Reproduces: the token was kept in a cookie, which the browser sends to every server
    // on 127.0.0.1 whatever its port; the cookie alone opened every command.
    let dir = tempfile::tempdir().unwrap();
    let app = start(dir.path());
    let port = app.addr.port();
    let host = format!("127.0.0.1:{port}");
    let token = token_of(&app.url);
    let cookie = format!("shuzhi_{port}={token}");
    let list = |headers: &[(&str, &str)], path: &str| {
        let mut all = vec![("Host", host.as_str())];
        all.extend_from_slice(headers);
        bounded_request(app.addr, "POST", path, &all, b"").unwrap()
    };

    let by_cookie = list(&[("Cookie", &cookie)], "/api/list_campaigns");
    assert_eq!(by_cookie.status, 403, "{}", text(&by_cookie));
    assert!(text(&by_cookie).contains("缺少本次启动的访问凭据"), "{}", text(&by_cookie));
    let by_address = list(&[], &format!("/api/list_campaigns?t={token}"));
    assert_eq!(by_address.status, 403, "the token in an address (history, Referer) opens nothing");
    for path in ["/upload", "/alive", "/quit"] {
        assert_eq!(list(&[("Cookie", &cookie)], path).status, 403, "{path}");
    }
    let wrong = list(&[(TOKEN_HEADER, "0123456789abcdef0123456789abcdef")], "/api/list_campaigns");
    assert_eq!(wrong.status, 403);

    // The start address shows the page but sets no cookie.
    let opened = bounded_request(app.addr, "GET", &format!("/?t={token}"), &[("Host", &host)], b"").unwrap();
    assert_eq!(opened.status, 200, "{}", opened.head);
    assert!(!opened.head.to_ascii_lowercase().contains("set-cookie"), "{}", opened.head);
    assert!(opened.head.to_ascii_lowercase().contains("referrer-policy: no-referrer"), "{}", opened.head);

    // Only the header, from this server's own page, opens the commands.
    let own = list(&[(TOKEN_HEADER, &token), ("Origin", &format!("http://{host}"))], "/api/list_campaigns");
    assert_eq!(own.status, 200, "{}", text(&own));
    assert!(text(&own).contains("sample-2023-swjw"));
    let foreign_page = list(&[(TOKEN_HEADER, &token), ("Origin", "http://127.0.0.1:9")], "/api/list_campaigns");
    assert_eq!(foreign_page.status, 403);
    let rebound = bounded_request(
        app.addr,
        "POST",
        "/api/list_campaigns",
        &[("Host", &format!("evil.example:{port}")), (TOKEN_HEADER, &token)],
        b"",
    )
    .unwrap();
    assert_eq!(rebound.status, 421);
    // The page's own files, for which no credential is needed, are only its files.
    for path in ["/../shuzhi.db", "/%2e%2e/shuzhi.db", "/assets/..%2f..%2fshuzhi.db", "/.app"] {
        let answer = bounded_request(app.addr, "GET", path, &[("Host", &host)], b"").unwrap();
        assert_eq!(answer.status, 404, "{path}: {}", answer.head);
    }
    app.stop();
}

#[test]
fn a_thousand_idle_sockets_leave_the_page_answering_and_are_closed() {
    // Reproduces: about 1,000 idle local sockets froze the page (no header timeout, no
    // bound on connections, the open-file limit reached).
    let _flood = crate::SOCKET_FLOOD.lock().unwrap_or_else(|p| p.into_inner());
    crate::sealed_vote::usual_open_file_limit();
    let dir = tempfile::tempdir().unwrap();
    let app = start(dir.path());
    let idle: Vec<TcpStream> =
        (0..1000).map_while(|_| TcpStream::connect_timeout(&app.addr, Duration::from_secs(5)).ok()).collect();
    assert_eq!(idle.len(), 1000, "the idle sockets could all be opened");
    let mut half_body = TcpStream::connect(app.addr).unwrap();
    let head = format!(
        "POST /api/list_campaigns HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{TOKEN_HEADER}: {}\r\nContent-Length: 200\r\n\r\n{{\"a\":",
        app.addr.port(),
        token_of(&app.url)
    );
    half_body.write_all(head.as_bytes()).unwrap();

    let asked = Instant::now();
    let listed = command(&app, "list_campaigns", serde_json::json!({}));
    assert_eq!(listed["ok"][0]["id"], "sample-2023-swjw", "{listed}");
    assert!(asked.elapsed() < Duration::from_secs(5), "the page waited {:?}", asked.elapsed());

    // The stalled ones are closed by the server within its timeouts.
    let closed_within = |stream: &mut TcpStream| {
        stream.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).map(|_| String::from_utf8_lossy(&answer).into_owned())
    };
    let body_answer = closed_within(&mut half_body).expect("the half-sent body is answered and closed");
    assert!(body_answer.starts_with("HTTP/1.1 408"), "{body_answer}");
    assert!(body_answer.contains("请求发送超时"), "{body_answer}");
    let mut first_idle = idle.into_iter().next().unwrap();
    closed_within(&mut first_idle).expect("an idle socket is closed");
    app.stop();
}

#[test]
fn an_oversized_request_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let app = start(dir.path());
    let host = format!("127.0.0.1:{}", app.addr.port());
    let token = token_of(&app.url);
    let mut stream = TcpStream::connect(app.addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let head = format!(
        "POST /upload HTTP/1.1\r\nHost: {host}\r\n{TOKEN_HEADER}: {token}\r\nContent-Length: 99999999999\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("文件过大"), "{answer}");
    app.stop();
}

#[cfg(unix)]
#[test]
fn the_instance_file_is_made_private_even_when_it_was_readable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let instance = dir.path().join("shuzhi.db.app");
    std::fs::write(&instance, "").unwrap();
    std::fs::set_permissions(&instance, std::fs::Permissions::from_mode(0o644)).unwrap();
    let app = start(dir.path());
    let mode = std::fs::metadata(&instance).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the address with the token is this user's only");
    assert!(std::fs::read_to_string(&instance).unwrap().contains(&token_of(&app.url)));
    app.stop();
}

/// `shuzhi app` started as a person starts it; its address, read from what it prints.
#[cfg(unix)]
fn spawn_app(dir: &Path) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_shuzhi"))
        .args(["--db", dir.join("shuzhi.db").to_str().unwrap(), "app", "--no-open", "--page"])
        .arg(page_folder(dir))
        .env("HOME", dir)
        .env("TMPDIR", dir.join("tmp"))
        .env_remove("SHUZHI_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (found, url) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.split("打开 ").nth(1) {
                let _ = found.send(url.trim().to_string());
            }
        }
    });
    let url = url.recv_timeout(Duration::from_secs(60)).expect("the app printed its address");
    (child, url)
}

/// Every file under `dir` whose bytes contain `marker`.
#[cfg(unix)]
fn files_holding(dir: &Path, marker: &[u8]) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if std::fs::read(&path).is_ok_and(|bytes| bytes.windows(marker.len()).any(|w| w == marker)) {
                found.push(path);
            }
        }
    }
    found
}

#[cfg(unix)]
#[test]
fn an_upload_left_by_a_killed_app_is_removed_at_the_next_start() {
    // Reproduces: a backup uploaded to the app stayed in the temporary folder for good
    // when the app was killed before it could clean up.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("tmp")).unwrap();
    let (mut child, url) = spawn_app(dir.path());
    let addr: SocketAddr = url.trim_start_matches("http://").split('/').next().unwrap().parse().unwrap();
    let host = addr.to_string();
    let marker = b"an uploaded copy of someone's database 7f3a";
    let uploaded = bounded_request(
        addr,
        "POST",
        "/upload",
        &[("Host", &host), (TOKEN_HEADER, &token_of(&url)), ("x-file-name", "backup.db")],
        marker,
    )
    .unwrap();
    assert_eq!(uploaded.status, 200, "{}", text(&uploaded));
    let left = files_holding(dir.path(), marker);
    assert_eq!(left.len(), 1, "{left:?}");
    {
        use std::os::unix::fs::PermissionsExt;
        let folder = left[0].parent().unwrap();
        assert_eq!(std::fs::metadata(folder).unwrap().permissions().mode() & 0o777, 0o700);
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(files_holding(dir.path(), marker), left, "a kill leaves the upload behind");

    let (mut again, _) = spawn_app(dir.path());
    let remaining = files_holding(dir.path(), marker);
    again.kill().unwrap();
    again.wait().unwrap();
    assert!(remaining.is_empty(), "the next start removes what the killed one left: {remaining:?}");
}

#[cfg(unix)]
#[test]
fn the_program_that_opens_the_browser_never_carries_the_token() {
    // Reproduces: `xdg-open http://127.0.0.1:…/?t=<token>` put the token into command
    // lines (of the opener, and of a browser it starts), which every account on the
    // computer reads in /proc. The opener is now given a private launch page.
    use std::io::BufRead;
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(dir.path().join("tmp")).unwrap();
    let record = dir.path().join("opened.txt");
    let opener = bin.join("xdg-open");
    std::fs::write(&opener, format!("#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n", record.display())).unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let db = dir.path().join("shuzhi.db");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_shuzhi"))
        .args(["--db", db.to_str().unwrap(), "app", "--page"])
        .arg(page_folder(dir.path()))
        .env("HOME", dir.path())
        .env("TMPDIR", dir.path().join("tmp"))
        .env("PATH", path)
        .env_remove("SHUZHI_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let token = token_of(line.trim());
    let deadline = Instant::now() + Duration::from_secs(20);
    while !record.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let opened = std::fs::read_to_string(&record).expect("the browser was opened");
    let launch = browser::launch_page_path(&db);
    assert_eq!(opened.trim(), launch.to_str().unwrap(), "only the launch page is named");
    assert!(!opened.contains(&token), "{opened}");
    let page = std::fs::read_to_string(&launch).unwrap();
    assert!(page.contains(&format!("#t={token}")), "the launch page leads to the address: {page}");
    assert_eq!(std::fs::metadata(&launch).unwrap().permissions().mode() & 0o777, 0o600);
    let host = line.trim().trim_start_matches("请在浏览器中打开 http://").split('/').next().unwrap().to_string();
    let addr: SocketAddr = host.parse().unwrap();
    let quit = bounded_request(addr, "POST", "/quit", &[("Host", &host), (TOKEN_HEADER, &token)], b"").unwrap();
    assert!(quit.status < 300, "{}", text(&quit));
    child.wait().unwrap();
    assert!(!launch.exists(), "the launch page (and its token) goes when the program ends");
}

#[test]
fn a_header_sent_twice_is_not_judged_by_its_first_value() {
    // Reproduces: `Origin: <own>` followed by `Origin: <other>` (and the same for Host) was
    // let through on the first value.
    let dir = tempfile::tempdir().unwrap();
    let app = start(dir.path());
    let host = app.addr.to_string();
    let own = format!("http://{host}");
    let token = token_of(&app.url);
    let list = |headers: &[(&str, &str)]| {
        bounded_request(app.addr, "POST", "/api/list_campaigns", headers, b"{}").unwrap().status
    };
    assert_eq!(list(&[("Host", &host), ("Origin", &own), (TOKEN_HEADER, &token)]), 200);
    assert_eq!(
        list(&[("Host", &host), ("Origin", &own), ("Origin", "http://evil.example"), (TOKEN_HEADER, &token)]),
        403
    );
    assert_eq!(list(&[("Host", &host), ("Host", "evil.example"), (TOKEN_HEADER, &token)]), 421);
    assert_eq!(list(&[("Host", &host), (TOKEN_HEADER, &token), (TOKEN_HEADER, "0")]), 403);
    app.stop();
}

#[cfg(unix)]
#[test]
fn the_instance_file_is_never_written_through_a_link_and_keeps_no_token_after_the_end() {
    // Reproduces: a link planted as `<db>.app` had the token written into the file it
    // points to (and that file's mode changed); after 退出 the dead token stayed behind.
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("somewhere-else.txt");
    std::fs::write(&elsewhere, "not the program's").unwrap();
    let instance = dir.path().join("shuzhi.db.app");
    std::os::unix::fs::symlink(&elsewhere, &instance).unwrap();
    let options = AppOptions {
        database_path: dir.path().join("shuzhi.db"),
        port: 0,
        page_folder: page_folder(dir.path()),
        idle_exit: Duration::from_secs(600),
    };
    assert!(browser::start(&options).is_err(), "a link in place of the instance file is refused");
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "not the program's");
    std::fs::remove_file(&instance).unwrap();

    let app = start(dir.path());
    let token = token_of(&app.url);
    assert!(std::fs::read_to_string(&instance).unwrap().contains(&token));
    app.stop();
    assert!(!std::fs::read_to_string(&instance).unwrap().contains(&token), "the ended server's token is gone");
}

/// Reproduces: with `shuzhi app` serving a database, `shuzhi restore` swapped the file under
/// it (the app went on writing into the replaced file). Every program using the database
/// now holds a shared lock beside it, and a restore waits for nobody.
#[cfg(unix)]
#[test]
fn a_restore_is_refused_while_the_browser_app_has_the_database_open() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("tmp")).unwrap();
    let db = dir.path().join("shuzhi.db");
    let backup = dir.path().join("copy.db");
    {
        let store = shuzhi::Store::open(&db).unwrap();
        shuzhi::store::backup::backup_to(store.conn(), &backup).unwrap();
    }
    let (mut child, _url) = spawn_app(dir.path());
    let out = crate::cli::shuzhi(&db, &["restore", backup.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(crate::cli::stderr(&out).contains("这个数据库正被另一个程序打开"), "{}", crate::cli::stderr(&out));
    child.kill().unwrap();
    child.wait().unwrap();
    let out = crate::cli::shuzhi(&db, &["restore", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", crate::cli::stderr(&out));
}

#[test]
fn each_command_takes_a_request_only_as_large_as_what_it_carries() {
    // Reproduces: every command accepted 560 MB, the size of the largest package.
    let dir = tempfile::tempdir().unwrap();
    let app = start(dir.path());
    let host = format!("127.0.0.1:{}", app.addr.port());
    let token = token_of(&app.url);
    let declared = |path: &str, length: u64| {
        let mut stream = TcpStream::connect(app.addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\n{TOKEN_HEADER}: {token}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).unwrap();
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        answer
    };
    // A text command: a few megabytes at most.
    let answer = declared("/api/save_section", 5 * 1024 * 1024);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("一段文字最多 100000 个字"), "{answer}");
    // Evidence: 20 MB and its base64.
    let answer = declared("/api/attach_evidence", 40 * 1024 * 1024);
    assert!(answer.starts_with("HTTP/1.1 413") && answer.contains("佐证材料最大 20 MB"), "{answer}");
    app.stop();
}
