//! The browser app (`shuzhi app`) over real HTTP: an export handed out once as a download
//! under its Chinese name, and a backup chosen in the browser (uploaded, kept where only
//! this user can read it, checked, restored, removed at the end).

use std::path::Path;
use std::time::Duration;

use shuzhi::browser::{self, AppOptions, BrowserApp, Started};

use crate::serve::Answer;

/// One request with this start's cookie, answered in full.
fn request(app: &BrowserApp, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let port = app.addr.port();
    let host = format!("127.0.0.1:{port}");
    let cookie = format!("shuzhi_{port}={}", app.url.split("t=").nth(1).unwrap());
    let mut all = vec![("Host", host.as_str()), ("Cookie", cookie.as_str())];
    all.extend_from_slice(headers);
    crate::serve::request(app.addr, method, path, &all, body)
}

fn command(app: &BrowserApp, name: &str, arguments: serde_json::Value) -> serde_json::Value {
    let answer = request(
        app,
        "POST",
        &format!("/api/{name}"),
        &[("Content-Type", "application/json")],
        arguments.to_string().as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.head);
    serde_json::from_slice(&answer.body).unwrap()
}

fn start(dir: &Path) -> BrowserApp {
    let page = dir.join("page");
    std::fs::create_dir_all(&page).unwrap();
    std::fs::write(page.join("index.html"), "<!doctype html><title>述职评议助手</title>").unwrap();
    let options = AppOptions {
        database_path: dir.join("shuzhi.db"),
        port: 0,
        page_folder: page,
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

    let url = downloads[0]["url"].as_str().unwrap();
    let file = request(&app, "GET", url, &[], b"");
    assert_eq!(file.status, 200);
    assert!(file.head.contains("filename*=UTF-8''"), "{}", file.head);
    assert!(file.body.starts_with(b"PK"), "an .xlsx is a zip");
    assert_eq!(request(&app, "GET", url, &[], b"").status, 404, "each download is handed out once");
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
    shuzhi::lists::items::add_problem(
        &mut store,
        "sec-xy",
        &shuzhi::lists::items::ProblemInput {
            category: "组织建设".into(),
            description: "备份之后才加的问题".into(),
            cause: "".into(),
        },
        "测试",
    )
    .unwrap();
    drop(store);

    let uploaded =
        request(&app, "POST", "/upload", &[("x-file-name", "%E5%A4%87%E4%BB%BD.db")], &std::fs::read(&backup).unwrap());
    assert_eq!(uploaded.status, 204, "{}", String::from_utf8_lossy(&uploaded.body));
    let chosen = command(&app, "choose_backup_file", serde_json::json!({}));
    let path = chosen["ok"]["path"].as_str().unwrap().to_string();
    assert!(path.ends_with("备份.db"), "{chosen}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let folder = Path::new(&path).parent().unwrap();
        assert_eq!(std::fs::metadata(folder).unwrap().permissions().mode() & 0o777, 0o700, "only this user reads it");
    }
    let restored = command(&app, "restore_backup", serde_json::json!({ "source": { "kind": "chosen" } }));
    assert!(restored.get("error").is_none(), "{restored}");
    let items = command(&app, "problem_items", serde_json::json!({ "secretaryId": "sec-xy" }));
    assert!(!items.to_string().contains("备份之后才加的问题"), "the restore brought back the backup's state");
    app.stop();
    assert!(!Path::new(&path).exists(), "the uploaded copy is removed when the program ends");
}
