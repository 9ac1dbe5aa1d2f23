//! `shuzhi`: the command-line twin of the desktop app. Everything the window can
//! do has a subcommand here; each reporting subcommand prints JSON with `--json`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;
use serde_json::json;

use shuzhi::sample::SampleOutcome;
use shuzhi::{Error, ErrorKind, Store, dashboard, exchange, paths, sample, store};

/// 述职评议助手：党组织书记抓基层党建述职评议考核（命令行）
#[derive(Debug, Parser)]
#[command(name = "shuzhi", version, about, long_about = None)]
struct Cli {
    /// 数据库文件路径（默认：环境变量 SHUZHI_DB，否则为系统数据目录下的 shuzhi/shuzhi.db）
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    /// 以 JSON 输出结果，便于脚本处理
    #[arg(long, global = true)]
    json: bool,

    /// 记入审核日志的操作人（默认：当前系统用户名）
    #[arg(long, global = true, value_name = "NAME")]
    actor: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 创建（或升级）数据库
    Init,
    /// 载入内置的示例年度述职评议（重复运行不会重复载入）
    Demo,
    /// 从 JSON 交换文件导入一个年度述职评议（全部成功或全部不导入）
    Import {
        /// 交换文件（.json）
        file: PathBuf,
    },
    /// 把一个年度述职评议导出为 JSON 交换文件
    Export {
        /// 年度述职评议的编号（见 `shuzhi campaigns`）
        #[arg(long)]
        campaign: String,
        /// 输出文件
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 列出所有年度述职评议及其单位、书记、报告数
    Campaigns,
    /// 总览：每位书记的报告状态、测评等次和未完成整改事项（与窗口首页相同）
    Dashboard {
        #[arg(long)]
        campaign: String,
    },
    /// 一位书记的详情：报告各章节、审核记录、问题与整改
    Secretary {
        /// 书记编号（见 `shuzhi dashboard`）
        id: String,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            use clap::error::ErrorKind as Clap;
            if matches!(error.kind(), Clap::DisplayHelp | Clap::DisplayVersion) {
                let _ = error.print();
                return ExitCode::SUCCESS;
            }
            eprintln!("命令行参数有误：{}", error.render().to_string().trim_end());
            eprintln!("请运行 `shuzhi --help` 查看用法。");
            return ExitCode::from(2);
        }
    };
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if json {
                let kind = match error.kind() {
                    ErrorKind::NotFound => "not_found",
                    ErrorKind::InvalidInput => "invalid_input",
                    ErrorKind::Conflict => "conflict",
                    ErrorKind::Storage => "storage",
                };
                println!("{}", json!({ "error": { "kind": kind, "message": error.to_string() } }));
            }
            eprintln!("错误：{error}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    let db_path = cli.db.clone().unwrap_or_else(paths::default_database_path);
    let actor = cli.actor.clone().unwrap_or_else(default_actor);
    let mut store = Store::open(&db_path)?;
    match cli.command {
        Command::Init => {
            let version = store::migrations::latest_version();
            emit(cli.json, &json!({ "database": db_path, "schema_version": version }), || {
                format!("数据库已就绪：{}（结构版本 {version}）", db_path.display())
            });
        }
        Command::Demo => match sample::load_sample_campaign(&mut store, &actor)? {
            SampleOutcome::Loaded(summary) => emit(cli.json, &json!({ "loaded": true, "campaign": summary }), || {
                format!(
                    "已载入示例：{}（编号 {}），{} 个党组织、{} 位书记、{} 份报告。",
                    summary.title, summary.campaign_id, summary.organizations, summary.secretaries, summary.reports
                )
            }),
            SampleOutcome::AlreadyPresent { campaign_id, title } => {
                emit(cli.json, &json!({ "loaded": false, "campaign_id": campaign_id, "title": title }), || {
                    format!("示例“{title}”（编号 {campaign_id}）已在数据库中，未重复载入。")
                })
            }
        },
        Command::Import { file } => {
            let summary = exchange::import_file(&mut store, &file, &actor)?;
            emit(cli.json, &summary, || {
                format!(
                    "已导入“{}”（编号 {}）：{} 个党组织、{} 位书记、{} 份报告。",
                    summary.title, summary.campaign_id, summary.organizations, summary.secretaries, summary.reports
                )
            });
        }
        Command::Export { campaign, out } => {
            let document = exchange::export_campaign(&store, &campaign)?;
            let bytes = exchange::to_json_bytes(&document);
            write_atomically(&out, &bytes)?;
            emit(cli.json, &json!({ "campaign_id": campaign, "out": out, "bytes": bytes.len() }), || {
                format!("已导出“{}”到 {}（{} 字节）。", document.campaign.title, out.display(), bytes.len())
            });
        }
        Command::Campaigns => {
            let list = store::campaigns::list_campaigns(store.conn())?;
            emit(cli.json, &list, || {
                if list.is_empty() {
                    return "数据库中还没有年度述职评议。可运行 `shuzhi demo` 载入示例，或用 `shuzhi import` 导入。"
                        .into();
                }
                list.iter()
                    .map(|c| {
                        format!(
                            "{}  {}年度  {}\n    {} 个单位、{} 个党组织、{} 位书记、{} 份报告、{} 张测评票",
                            c.id, c.year, c.title, c.units, c.organizations, c.secretaries, c.reports, c.ballots
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Dashboard { campaign } => {
            let board = dashboard::campaign_dashboard(&store, &campaign, today())?;
            emit(cli.json, &board, || {
                let mut lines = vec![format!(
                    "{}（{}）  报告：未开始 {}、起草中 {}、审核中 {}、已通过 {}；未完成整改 {} 项，逾期 {} 项",
                    board.title,
                    board.organizer,
                    board.reports_not_started,
                    board.reports_draft,
                    board.reports_in_review,
                    board.reports_approved,
                    board.open_rectifications,
                    board.overdue_rectifications
                )];
                for row in &board.rows {
                    lines.push(format!(
                        "{}  {}（{}）  {}  {}/{} 字  等次：{}  未完成整改 {}  [{}]",
                        row.unit,
                        row.secretary_name,
                        row.secretary_title,
                        row.report_status_text,
                        row.report_chars,
                        row.report_char_budget,
                        row.grade_text,
                        row.open_rectifications,
                        row.secretary_id
                    ));
                }
                lines.join("\n")
            });
        }
        Command::Secretary { id } => {
            let page = dashboard::secretary_page(&store, &id, today())?;
            emit(cli.json, &page, || {
                let mut lines = vec![
                    format!("{}（{}）  {}", page.name, page.title, page.organization_path.join(" › ")),
                    format!(
                        "述职报告：{}，{}/{} 字，{} 个版本",
                        page.report_status_text, page.report_chars, page.report_char_budget, page.revisions
                    ),
                ];
                for section in &page.sections {
                    lines.push(format!(
                        "\n{}（{}/{} 字）\n{}",
                        section.title, section.chars, section.char_budget, section.body
                    ));
                }
                lines.join("\n")
            });
        }
    }
    Ok(())
}

/// Prints `value` as JSON, or the human text `describe` makes.
fn emit<T: Serialize>(json: bool, value: &T, describe: impl FnOnce() -> String) {
    let mut out = std::io::stdout().lock();
    let text = if json { serde_json::to_string_pretty(value).expect("reports always serialize") } else { describe() };
    let _ = writeln!(out, "{text}");
}

/// Writes through a temporary file and a rename, so a failed export never leaves half a file.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), Error> {
    let io = |e| Error::Io { path: path.to_path_buf(), source: e };
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".part");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, bytes).map_err(io)?;
    std::fs::rename(&temporary, path).map_err(io)
}

fn default_actor() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "本机用户".to_string())
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
