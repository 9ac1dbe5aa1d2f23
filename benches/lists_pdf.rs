//! Benchmark (prints figures; not a test): exporting the three lists for 60
//! secretaries × 8 problems, against what an office would use instead on the same
//! table — LibreOffice converting it from HTML, and Chromium printing it to PDF.
//!
//! Run with `cargo bench --bench lists_pdf`. Peers that are not installed are
//! skipped with a note (`apt-get install libreoffice-writer-nogui chromium`).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

mod common;

use shuzhi::Store;
use shuzhi::exchange::{CampaignDocument, import_document, parse_document};
use shuzhi::lists::pdf::{lists_pdf, rows};
use shuzhi::lists::{ListKind, build_lists};
use shuzhi::sample::SAMPLE_CAMPAIGN_JSON;

const SECRETARIES: usize = 60;
const PROBLEMS_EACH: usize = 8;

fn main() {
    let store = big_campaign();
    let today = chrono::NaiveDate::from_ymd_opt(2024, 7, 1).expect("a valid date");
    let lists = build_lists(&store, "sample-2023-swjw", None, today).expect("the lists build");
    println!(
        "三张清单：{} 个问题、{} 条责任、{} 条措施（{SECRETARIES} 位书记 × {PROBLEMS_EACH} 个问题）",
        lists.problems.len(),
        lists.responsibilities.len(),
        lists.rectifications.len()
    );

    // Ours: build the lists from the database and draw the PDF, five times.
    let mut times = Vec::new();
    let mut bytes = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let built = build_lists(&store, "sample-2023-swjw", None, today).expect("the lists build");
        bytes = lists_pdf(&built, &ListKind::ALL, today).expect("the PDF draws");
        times.push(started.elapsed());
    }
    times.sort();
    let ours = times[times.len() / 2];
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("ours.pdf"), &bytes).expect("write");
    // BENCH_KEEP_PDF=path keeps our file for a look (pdftoppm, qpdf --show-npages …).
    if let Ok(keep) = std::env::var("BENCH_KEEP_PDF") {
        std::fs::write(&keep, &bytes).expect("write the kept PDF");
    }
    let pages = page_count(&dir.path().join("ours.pdf"));
    println!(
        "\n{:<28} {:>10} {:>10} {:>6} {:>14} {:>12}",
        "工具", "用时(ms)", "大小(KB)", "页数", "用时/本程序", "大小/本程序"
    );
    print_row("述职评议助手（printpdf）", ours, bytes.len() as u64, pages, ours, bytes.len() as u64);

    // The same tables as one HTML file, as an office would print them.
    let html = dir.path().join("lists.html");
    std::fs::write(&html, html_of(&lists)).expect("write the HTML");

    match libreoffice(&html, dir.path()) {
        Some((time, size, pages)) => print_row("LibreOffice（HTML→PDF）", time, size, pages, ours, bytes.len() as u64),
        None => println!("LibreOffice：未安装 soffice，跳过（apt-get install libreoffice-writer-nogui）"),
    }
    match chromium(&html, dir.path()) {
        Some((time, size, pages)) => print_row("Chromium（打印为 PDF）", time, size, pages, ours, bytes.len() as u64),
        None => println!("Chromium：未安装 chromium，跳过（apt-get install chromium）"),
    }
}

fn print_row(name: &str, time: Duration, size: u64, pages: usize, ours: Duration, our_size: u64) {
    println!(
        "{:<28} {:>10.1} {:>10.1} {:>6} {:>13.1}× {:>11.2}×",
        name,
        time.as_secs_f64() * 1000.0,
        size as f64 / 1024.0,
        pages,
        time.as_secs_f64() / ours.as_secs_f64(),
        size as f64 / our_size as f64
    );
}

/// The sample campaign with 60 secretaries, each with 8 problems, a responsibility and a measure per problem.
fn big_campaign() -> Store {
    let sample: CampaignDocument =
        parse_document("sample", SAMPLE_CAMPAIGN_JSON.as_bytes()).expect("the sample parses");
    let template_problem = sample.problems[1].clone();
    let template_responsibility = sample.responsibilities[1].clone();
    let template_measure = sample.rectifications[1].clone();
    let mut document = common::sample_with_secretaries(SECRETARIES);
    for s in 0..SECRETARIES {
        for p in 0..PROBLEMS_EACH {
            let id = format!("prb-{s}-{p}");
            let mut problem = template_problem.clone();
            problem.id = id.clone();
            problem.secretary_id = format!("sec-{s}");
            problem.description = format!("（{}）{}", p + 1, template_problem.description);
            document.problems.push(problem);
            let mut responsibility = template_responsibility.clone();
            responsibility.id = format!("rsp-{s}-{p}");
            responsibility.problem_id = id.clone();
            document.responsibilities.push(responsibility);
            let mut measure = template_measure.clone();
            measure.id = format!("rec-{s}-{p}");
            measure.problem_id = id;
            measure.sign_off = None;
            measure.status = shuzhi::domain::RectificationStatus::InProgress;
            document.rectifications.push(measure);
        }
    }
    let mut store = Store::open_in_memory().expect("an in-memory database");
    import_document(&mut store, "bench", &document, "基准测试").expect("the big campaign imports");
    store
}

/// The three lists as one HTML document with the same columns, bordered, repeating headers.
fn html_of(lists: &shuzhi::lists::Lists) -> String {
    let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let heads = [
        ("问题清单", vec!["序号", "单位", "问题描述", "原因分析", "来源", "类别"]),
        ("责任清单", vec!["序号", "问题", "责任人", "责任领导", "责任部门"]),
        ("整改清单", vec!["序号", "问题", "整改措施", "整改目标", "责任人", "完成时限", "整改状态", "销号日期"]),
    ];
    let mut html = String::from(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><style>\
         @page { size: A4 landscape; margin: 22mm 27mm; }\
         body { font-family: 'Noto Serif CJK SC', serif; font-size: 10.5pt; }\
         h1 { text-align: center; font-size: 18pt; } table { width: 100%; border-collapse: collapse; page-break-after: always; }\
         thead { display: table-header-group; } tr { page-break-inside: avoid; }\
         th, td { border: 0.6pt solid #000; padding: 4pt; } th { background: #eee; }\
         </style></head><body>",
    );
    for ((title, columns), kind) in heads.iter().zip(ListKind::ALL) {
        html.push_str(&format!("<h1>{}年度党组织书记抓基层党建述职评议{title}</h1><table><thead><tr>", lists.year));
        for column in columns {
            html.push_str(&format!("<th>{column}</th>"));
        }
        html.push_str("</tr></thead><tbody>");
        for row in rows(lists, kind) {
            html.push_str("<tr>");
            for cell in row {
                html.push_str(&format!("<td>{}</td>", escape(&cell)));
            }
            html.push_str("</tr>");
        }
        html.push_str("</tbody></table>");
    }
    html.push_str("</body></html>");
    html
}

fn libreoffice(html: &Path, dir: &Path) -> Option<(Duration, u64, usize)> {
    let out = dir.join("libreoffice");
    let profile = format!("-env:UserInstallation=file://{}", dir.join("lo-profile").display());
    let run = || {
        let started = Instant::now();
        let status = Command::new("soffice")
            .args([profile.as_str(), "--headless", "--convert-to", "pdf:writer_web_pdf_Export", "--outdir"])
            .arg(&out)
            .arg(html)
            .output()
            .ok()?;
        status.status.success().then(|| started.elapsed())
    };
    run()?; // the first run creates the profile; time the next ones
    let mut times: Vec<Duration> = (0..3).filter_map(|_| run()).collect();
    times.sort();
    let pdf = out.join("lists.pdf");
    Some((*times.get(times.len() / 2)?, std::fs::metadata(&pdf).ok()?.len(), page_count(&pdf)))
}

fn chromium(html: &Path, dir: &Path) -> Option<(Duration, u64, usize)> {
    let pdf = dir.join("chromium.pdf");
    let run = || {
        let started = Instant::now();
        let output = Command::new("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--user-data-dir={}", dir.join("chromium-profile").display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", html.display()))
            .output()
            .ok()?;
        output.status.success().then(|| started.elapsed())
    };
    run()?;
    let mut times: Vec<Duration> = (0..3).filter_map(|_| run()).collect();
    times.sort();
    Some((*times.get(times.len() / 2)?, std::fs::metadata(&pdf).ok()?.len(), page_count(&pdf)))
}

fn page_count(pdf: &Path) -> usize {
    Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|text| text.lines().find(|l| l.starts_with("Pages:")).and_then(|l| l[6..].trim().parse().ok()))
        .unwrap_or(0)
}
