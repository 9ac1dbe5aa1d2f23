//! Benchmark (prints figures; not a test): ten years of 200 secretaries, 60 raters, five
//! problems of three measures each and 20 MB of evidence a year (`shuzhi demo --years 10
//! --secretaries 200`), then every screen an organizer opens, the first start, the
//! 历年对比 exports and a campaign file's export and import, each through the command
//! table as the window calls it. Goals: each screen ≤ 100 ms, the PDF ≤ 1 s, start-up ≤ 1 s.
//!
//! Run with `cargo bench --bench history_scale` (optionally `-- --years 3 --secretaries 50`).
//! The generated database is kept in the build folder and reused while the generator is
//! unchanged; `-- --fresh` makes it again.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};
use shuzhi::commands::{self, SavesToFolder, Session};

const ROUNDS: usize = 5;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn argument(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn call(session: &Session, name: &str, arguments: Value) -> Value {
    match commands::dispatch(session, name, arguments) {
        Some(Ok(value)) => value,
        Some(Err(error)) => panic!("{name}: {error:?}"),
        None => panic!("no command {name}"),
    }
}

/// Median and slowest of `ROUNDS` calls, and the size of the answer the page receives.
fn timed(session: &Session, name: &str, arguments: Value) -> (f64, f64, usize) {
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let answer = call(session, name, arguments.clone());
        times.push(ms(start.elapsed()));
        size = answer.to_string().len();
    }
    times.sort_by(f64::total_cmp);
    (times[ROUNDS / 2], times[ROUNDS - 1], size)
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn database_size(path: &Path) -> u64 {
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    file_size(path) + file_size(&wal)
}

fn main() {
    let years: u32 = argument("--years").and_then(|v| v.parse().ok()).unwrap_or(10);
    let secretaries: u32 = argument("--secretaries").and_then(|v| v.parse().ok()).unwrap_or(200);
    let fresh = std::env::args().any(|a| a == "--fresh");
    let folder = Path::new(env!("CARGO_TARGET_TMPDIR")).join("history-scale");
    std::fs::create_dir_all(&folder).unwrap();
    // Exports land in the export folder under this home, not the person's own.
    // SAFETY: set before any other thread runs.
    unsafe { std::env::set_var("HOME", &folder) };
    let db = folder.join(format!("years-{years}-secretaries-{secretaries}.db"));
    let stamp = folder.join(format!("years-{years}-secretaries-{secretaries}.made-by"));
    // The generator's own text: a changed generator makes the database again.
    let made_by = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        include_str!("../src/sample/scale.rs").hash(&mut hasher);
        format!("{:x}", hasher.finish())
    };
    let reuse = !fresh && db.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(made_by.as_str());

    println!(
        "历年对比的规模：{years} 年 × {secretaries} 位书记，每年 60 位测评人、每人 5 个问题 × 3 条措施、20 MB 佐证材料"
    );
    if !reuse {
        for suffix in ["", "-wal", "-shm", ".users"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let _ = std::fs::remove_dir_all(shuzhi::store::backup::backups_folder(&db));
        let session = Session::open_as_is(db.clone(), Box::new(SavesToFolder)).unwrap();
        commands::workstation::choose_role(&session, shuzhi::domain::Role::Organizer, "测试".into(), false).unwrap();
        let start = Instant::now();
        let input = shuzhi::sample::scale::ScaleInput {
            years,
            secretaries,
            ..shuzhi::sample::scale::ScaleInput::ten_years(2026)
        };
        let input = shuzhi::sample::scale::ScaleInput { first_year: 2026 - years as i32, ..input };
        let made = commands::workstation::load_scale_sample(&session, input).unwrap();
        println!(
            "生成：{:.1} s（{} 个问题、{} 条措施、{} 张测评票、{} 份佐证材料）",
            start.elapsed().as_secs_f64(),
            made.problems,
            made.measures,
            made.ballots,
            made.evidence_files
        );
        drop(session);
        std::fs::write(&stamp, &made_by).unwrap();
    } else {
        println!("生成：沿用上次生成的数据库（加 -- --fresh 重新生成）");
    }
    println!("数据库大小：{:.1} MB", database_size(&db) as f64 / 1048576.0);

    // The first start of the day checks the file and makes the daily backup; a later start
    // of the same day only checks.
    let _ = std::fs::remove_dir_all(shuzhi::store::backup::backups_folder(&db));
    let start = Instant::now();
    let session = Session::open(db.clone(), Box::new(SavesToFolder));
    let first_start = ms(start.elapsed());
    drop(session);
    let start = Instant::now();
    let session = Session::open(db.clone(), Box::new(SavesToFolder));
    let later_start = ms(start.elapsed());
    let first_screen = {
        let start = Instant::now();
        let campaigns = call(&session, "list_campaigns", Value::Null);
        let last = campaigns.as_array().unwrap().iter().max_by_key(|c| c["year"].as_i64()).unwrap()["id"].clone();
        call(&session, "campaign_dashboard", json!({ "campaignId": last }));
        ms(start.elapsed())
    };

    let campaigns = call(&session, "list_campaigns", Value::Null);
    let last = campaigns.as_array().unwrap().iter().max_by_key(|c| c["year"].as_i64()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let page = |name: &str| json!({ "campaignId": name });
    let dashboard = call(&session, "campaign_dashboard", page(&last));
    let secretary = dashboard["rows"][100.min(secretaries as usize - 1)]["secretary_id"].as_str().unwrap().to_string();
    let report = call(&session, "secretary_page", json!({ "secretaryId": secretary }))["report_id"]
        .as_str()
        .map(str::to_string)
        .expect("a report");

    println!();
    println!("{:<34}{:>12}{:>12}{:>14}  目标", "界面（经命令表，与窗口相同）", "中位数", "最慢", "返回大小");
    let show = |label: &str, (median, slowest, size): (f64, f64, usize), goal: f64| {
        let mark = if slowest <= goal { "✓" } else { "✗" };
        println!(
            "{label:<28}{median:>10.1} ms{slowest:>9.1} ms{:>11.1} KB  ≤ {goal:.0} ms {mark}",
            size as f64 / 1024.0
        );
    };
    let screens: Vec<(&str, &str, Value)> = vec![
        ("年度列表", "list_campaigns", Value::Null),
        ("总览（最近一年）", "campaign_dashboard", page(&last)),
        ("书记页面", "secretary_page", json!({ "secretaryId": secretary })),
        ("报告编辑器", "report_editor", json!({ "reportId": report })),
        ("三个清单（全年度）", "build_lists", json!({ "campaignId": last, "secretaryId": null })),
        ("会议", "meeting_view", page(&last)),
        ("测评结果", "meeting_results", page(&last)),
        ("书记的历年对比", "secretary_history", json!({ "secretaryId": secretary })),
        ("全委历年对比", "campaigns_history", page(&last)),
        ("反复出现的问题", "repeated_problems", page(&last)),
    ];
    for (label, name, arguments) in screens {
        show(label, timed(&session, name, arguments), 100.0);
    }
    // The editor's autosave on a report still being written: one section saved, as her
    // page sends it while she types (on her computer's role, which may edit).
    let draft = dashboard["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["report_status"] == "draft")
        .map(|row| row["secretary_id"].as_str().unwrap().to_string())
        .expect("a draft in the last year");
    let draft_report =
        call(&session, "secretary_page", json!({ "secretaryId": draft }))["report_id"].as_str().unwrap().to_string();
    commands::workstation::choose_role(&session, shuzhi::domain::Role::Sample, "测试".into(), false).unwrap();
    let mut autosave = Vec::new();
    for round in 0..ROUNDS {
        let editor = call(&session, "report_editor", json!({ "reportId": draft_report }));
        let section = &editor["sections"][0];
        let body = format!("{}\n本人补充第{round}句。", section["body"].as_str().unwrap());
        let start = Instant::now();
        call(
            &session,
            "save_section",
            json!({ "reportId": draft_report, "focusPointId": section["focus_point_id"], "baseVersion": section["version"], "body": body }),
        );
        autosave.push(ms(start.elapsed()));
    }
    autosave.sort_by(f64::total_cmp);
    show("编辑器自动保存一节", (autosave[ROUNDS / 2], autosave[ROUNDS - 1], 0), 100.0);
    commands::workstation::choose_role(&session, shuzhi::domain::Role::Organizer, "测试".into(), false).unwrap();

    println!();
    println!(
        "启动（含数据库检查）：当天首次 {first_start:.0} ms（含每日自动备份），之后 {later_start:.0} ms；首屏（年度列表+总览）{first_screen:.0} ms  目标 ≤ 1000 ms"
    );

    // 历年对比 as files, made as the window's buttons make them.
    for (label, name) in
        [("历年对比 PDF", "export_campaigns_history_pdf"), ("历年对比 Excel", "export_campaigns_history_xlsx")]
    {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..3 {
            let start = Instant::now();
            let saved = call(&session, name, page(&last));
            times.push(ms(start.elapsed()));
            size = file_size(Path::new(saved.as_str().unwrap()));
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{label}：{:.0} ms（最慢 {:.0} ms，{:.0} KB）  目标 ≤ 1000 ms",
            times[1],
            times[2],
            size as f64 / 1024.0
        );
    }

    // The campaign file of the last year: exported, then imported into a new database.
    let start = Instant::now();
    let saved = call(&session, "export_campaign_file", page(&last));
    let export_time = ms(start.elapsed());
    let path = PathBuf::from(saved.as_str().unwrap());
    let bytes = std::fs::read(&path).unwrap();
    let other = folder.join("import-target.db");
    for suffix in ["", "-wal", "-shm", ".users"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", other.display()));
    }
    let _ = std::fs::remove_dir_all(shuzhi::store::backup::backups_folder(&other));
    let target = Session::open_as_is(other.clone(), Box::new(SavesToFolder)).unwrap();
    commands::workstation::choose_role(&target, shuzhi::domain::Role::Organizer, "测试".into(), false).unwrap();
    let content = base64::engine::general_purpose::STANDARD.encode(&bytes);
    let start = Instant::now();
    call(&target, "import_campaign_file", json!({ "fileName": "campaign.json", "contentBase64": content, "me": null }));
    let import_time = ms(start.elapsed());
    println!(
        "年度文件（JSON，{:.1} MB）：导出 {export_time:.0} ms，导入新数据库 {import_time:.0} ms",
        bytes.len() as f64 / 1048576.0
    );
}
