//! `shuzhi`: the command-line twin of the desktop app. Everything the window can
//! do has a subcommand here; each reporting subcommand prints JSON with `--json`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;
use serde_json::json;

use shuzhi::report as reporting;
use shuzhi::rules::checks;
use shuzhi::sample::SampleOutcome;
use shuzhi::{Error, ErrorKind, Store, dashboard, domain, exchange, paths, sample, store};

mod app;
mod evidence;
mod lists;
mod meeting;
mod problem;
mod report;

use evidence::{EvidenceCommand, run_evidence};
use lists::{ListsCommand, run_lists};
use meeting::{MeetingCommand, print_tally, run_meeting};
use problem::{ProblemCommand, run_problem};
use report::{ReportCommand, check_report_file, describe_check, run_report};

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
    /// 查看或设置本机用途：书记、组织方或示例（首次启动时窗口会询问）
    Role {
        /// 书记、组织方或示例；不写则只显示当前设置
        role: Option<String>,
        /// 使用者姓名（按用途分别保存，记入审核日志）
        #[arg(long)]
        name: Option<String>,
        /// 同时移除内置示例数据（移除前自动备份）
        #[arg(long)]
        remove_sample: bool,
    },
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
        /// 只导出发给这位书记的年度数据文件（只含她本人的报告、点评和清单，不含其他书记、测评票和日志）
        #[arg(long)]
        secretary: Option<String>,
        /// 输出文件
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 列出所有年度述职评议及其单位、书记、报告数
    Campaigns,
    /// 建立新年度的述职评议；--copy-from 沿用上一年度的党组织、书记、评议人和设置，并结转未完成的整改事项
    NewCampaign {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        title: String,
        #[arg(long)]
        organizer: String,
        /// 述职评议会日期，如 2025-01-16
        #[arg(long, default_value = "")]
        meeting_date: String,
        #[arg(long, value_name = "CAMPAIGN")]
        copy_from: Option<String>,
        /// 确认补建往年：新年度不晚于 --copy-from 的年度
        #[arg(long)]
        earlier_year: bool,
    },
    /// 修改年度述职评议的年度和标题（先自动备份）
    RenameCampaign {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        title: String,
    },
    /// 删除一个年度述职评议及其全部数据（先自动备份，可从备份恢复）；--confirm 须写该年度的年份
    DeleteCampaign {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        confirm: i32,
    },
    /// 全覆盖检查：每个下级党组织是否有书记、是否列入议程，以及会前还缺什么
    Coverage {
        #[arg(long)]
        campaign: String,
    },
    /// 名册：从 Excel（.xlsx）或 CSV 导入党组织和书记（先预览，全部无误才导入）
    Roster {
        #[command(subcommand)]
        action: RosterCommand,
    },
    /// 年度述职评议的设置：套话清单
    Cliches {
        #[arg(long)]
        campaign: String,
        /// 用文件中的说法替换清单（每行一条）
        #[arg(long, value_name = "FILE", conflicts_with = "reset")]
        set: Option<PathBuf>,
        /// 恢复内置清单
        #[arg(long)]
        reset: bool,
    },
    /// 总览：每位书记的报告状态、测评等次和未完成整改事项（与窗口首页相同）
    Dashboard {
        #[arg(long)]
        campaign: String,
    },
    /// 检查数据库文件是否完好（SQLite 完整性检查与引用检查）
    CheckDb,
    /// 备份数据库：不给 --out 时存入数据库旁的 backups 文件夹
    Backup {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// 列出自动备份（每日、迁移前、导入前、恢复前）
    Backups,
    /// 交换包（.szpkg）：书记把述职报告（含版本和佐证材料）交给组织方
    Package {
        #[command(subcommand)]
        action: PackageCommand,
    },
    /// 从备份恢复：先检查备份文件，再备份当前数据库，然后替换
    Restore { file: PathBuf },
    /// 佐证材料：附加、列出、导出、删除
    Evidence {
        #[command(subcommand)]
        action: EvidenceCommand,
    },
    /// 问题清单、责任清单、整改清单：查看、审查措施、跟踪、销号、导出 PDF
    Lists {
        #[command(subcommand)]
        action: ListsCommand,
    },
    /// 问题条目（问题 + 原因 + 措施），即问题、责任、整改清单的记录
    Problem {
        #[command(subcommand)]
        action: ProblemCommand,
    },
    /// 述职报告：质量检查、起草、提交、逐级审核、版本比较
    Report {
        #[command(subcommand)]
        action: ReportCommand,
    },
    /// 述职评议会：议程、一述一评点评、评议人、测评表、录入测评票、结束测评、结果与复核文件
    Meeting {
        #[command(subcommand)]
        action: MeetingCommand,
    },
    /// 计票：按计分规则统计每位书记的票数、得分、等次和能否评优。
    /// 用 --campaign 统计数据库中的测评；用 --rules 和 --ballots 统计复核文件（不需要数据库）
    Tally {
        #[arg(long, required_unless_present = "rules", conflicts_with_all = ["rules", "ballots"])]
        campaign: Option<String>,
        /// 计分规则文件（.json，格式见 docs/tally-formats.md）
        #[arg(long, requires = "ballots", value_name = "RULES.json")]
        rules: Option<PathBuf>,
        /// 测评票文件（.csv，格式见 docs/tally-formats.md）
        #[arg(long, requires = "rules", value_name = "BALLOTS.csv")]
        ballots: Option<PathBuf>,
        /// 同时把结果表写成 Excel（仅用于 --campaign）
        #[arg(long, value_name = "FILE.xlsx", requires = "campaign")]
        xlsx: Option<PathBuf>,
    },
    /// 扫码测评服务：在会场局域网上接收手机测评票，测评结束（shuzhi meeting close）后自动停止
    Serve {
        #[arg(long)]
        campaign: String,
        /// 监听地址，如 0.0.0.0:8080
        #[arg(long, default_value = "0.0.0.0:8080")]
        bind: String,
    },
    /// 在系统浏览器中使用述职评议助手（用于没有 WebKitGTK 4.1 的统信 UOS、银河麒麟等桌面）
    App {
        /// 本机端口（默认：任选一个空闲端口）
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// 只显示地址，不自动打开浏览器
        #[arg(long)]
        no_open: bool,
        /// 页面文件所在的文件夹（默认：程序旁的 ui 文件夹）
        #[arg(long, value_name = "DIR")]
        page: Option<PathBuf>,
        /// 所有页面关闭多少秒后自动退出（扫码测评进行中不退出）
        #[arg(long, value_name = "SECONDS", default_value_t = shuzhi::browser::IDLE_EXIT.as_secs())]
        idle_exit: u64,
    },
    /// 一位书记的详情：报告各章节、审核记录、问题与整改
    Secretary {
        /// 书记编号（见 `shuzhi dashboard`）
        id: String,
    },
}

#[derive(Debug, Subcommand)]
enum PackageCommand {
    /// 导出一份述职报告的交换包
    Export {
        #[arg(long)]
        report: String,
        #[arg(long, value_name = "FILE.szpkg")]
        out: PathBuf,
    },
    /// 组织方导出发回一位书记的回执包：审核记录、点评、测评结果和该书记的三张清单
    Return {
        /// 书记编号（见 `shuzhi dashboard`）
        #[arg(long)]
        secretary: String,
        #[arg(long, value_name = "FILE.szpkg")]
        out: PathBuf,
    },
    /// 导入交换包（在组织方的电脑上）或回执包（在书记本人的电脑上）：全部检查无误才写入；会替换本机不同的内容时，须加 --replace
    Import {
        file: PathBuf,
        #[arg(long)]
        replace: bool,
    },
}

#[derive(Debug, Subcommand)]
enum RosterCommand {
    /// 导入名册：表头为 单位、党组织、类型、上级党组织、书记姓名、职务
    Import {
        file: PathBuf,
        #[arg(long)]
        campaign: String,
        /// 只预览、不写入
        #[arg(long)]
        dry_run: bool,
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
                let answer = json!({ "error": { "kind": kind, "message": error.to_string() } }).to_string();
                println!("{}", shuzhi::text::for_terminal_json(&answer));
            }
            // A message may quote a stored name or an imported file's text.
            eprintln!("错误：{}", shuzhi::text::for_terminal(&error.to_string()));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    let db_path = cli.db.clone().unwrap_or_else(paths::default_database_path);
    // A database named on the command line may be new, but its folder must exist: a mistyped
    // `--db` must not quietly create folders and an empty database (the default location is
    // created on first use).
    if let Some(named) = &cli.db
        && let Some(folder) = named.parent().filter(|f| !f.as_os_str().is_empty() && !f.is_dir())
    {
        return Err(Error::Invalid {
            message: format!(
                "找不到文件夹 {}（--db {}）。请检查路径是否写错；数据库文件可以是新的，但它所在的文件夹必须已经存在。",
                folder.display(),
                named.display()
            ),
        });
    }
    // The real file behind the path, once: the browser app's instance file, the ballot
    // server's lock, the backups and a restore then name the file, not a link to it.
    let db_path = paths::resolve_database_path(&db_path);
    let actor = cli.actor.clone().unwrap_or_else(default_actor);
    // Whoever acts is named in the audit log, so the name passes the rules of every name.
    if let Some(problem) = shuzhi::text::name_character_problem(&actor) {
        return Err(Error::Invalid { message: format!("操作人（--actor）{problem}。") });
    }
    // The browser app opens the database itself, as the window does.
    if let Command::App { port, no_open, page, idle_exit } = &cli.command {
        return app::run_app(&db_path, *port, *no_open, page.clone(), *idle_exit);
    }
    // Checking a report file needs no database: do not create one as a side effect.
    if let Command::Report { action: ReportCommand::Check { file: Some(file), report: None } } = &cli.command {
        let result = check_report_file(file)?;
        emit(cli.json, &result, || describe_check(&result));
        return Ok(());
    }
    // Nor does a recount from files.
    if let Command::Tally { campaign: None, rules: Some(rules), ballots: Some(ballots), .. } = &cli.command {
        use shuzhi::files::{BALLOTS, TEXT, read_limited};
        let rules_file =
            shuzhi::meeting::recount::parse_rules_file(&rules.display().to_string(), &read_limited(rules, TEXT)?)?;
        let outcome = shuzhi::meeting::recount::recount(
            &rules_file,
            &ballots.display().to_string(),
            &read_limited(ballots, BALLOTS)?,
        )?;
        print_tally(cli.json, &outcome, None);
        return Ok(());
    }
    // Restoring replaces the file: it must not be open.
    if let Command::Restore { file } = &cli.command {
        let check = shuzhi::store::backup::check_backup(file)?;
        let store = shuzhi::store::backup::restore(&db_path, file)?;
        let campaigns = store::campaigns::list_campaigns(store.conn())?.len();
        emit(cli.json, &json!({ "restored_from": file, "campaigns": campaigns, "checked": check }), || {
            format!(
                "已从 {} 恢复数据库 {}（{} 个年度述职评议）。恢复前的数据库已另存在 backups 文件夹中。",
                file.display(),
                db_path.display(),
                campaigns
            )
        });
        return Ok(());
    }
    let mut store = Store::open(&db_path)?;
    if let Some(what) = organizer_work(&cli.command) {
        shuzhi::workstation::refuse_unless_organizer(store.conn(), what)?;
    }
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
        Command::Role { role, name, remove_sample } => {
            let station = match role.as_deref() {
                None => shuzhi::workstation::workstation(&store)?,
                Some(word) => {
                    let role = match word {
                        "书记" | "secretary" => shuzhi::domain::Role::Secretary,
                        "组织方" | "organizer" => shuzhi::domain::Role::Organizer,
                        "示例" | "sample" => shuzhi::domain::Role::Sample,
                        other => {
                            return Err(shuzhi::error::Error::Invalid {
                                message: format!("本机用途“{other}”无效，请写 书记、组织方 或 示例。"),
                            });
                        }
                    };
                    let name = name.unwrap_or_else(|| actor.clone());
                    shuzhi::workstation::choose_role(&mut store, role, &name, remove_sample)?
                }
            };
            emit(cli.json, &station, || match station.role {
                Some(role) => format!("本机用途：{}；使用者：{}", role.label(), station.name),
                None => "本机用途尚未设置（窗口首次启动时会询问）。".to_string(),
            });
        }
        Command::Import { file } => {
            let summary = exchange::import_file(&mut store, &file, &actor)?;
            emit(cli.json, &summary, || {
                format!(
                    "已导入“{}”（编号 {}）：{} 个党组织、{} 位书记、{} 份报告。",
                    summary.title, summary.campaign_id, summary.organizations, summary.secretaries, summary.reports
                )
            });
        }
        Command::Export { campaign, secretary, out } => {
            let whole = exchange::export_campaign(&store, &campaign)?;
            let document = match &secretary {
                Some(secretary) => exchange::secretary_copy(&whole, secretary)?,
                None => whole,
            };
            let bytes = exchange::to_json_bytes(&document);
            shuzhi::files::write_atomically(&out, &bytes)?;
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
        Command::Report { action } => run_report(&mut store, action, cli.json, &actor)?,
        Command::Problem { action } => run_problem(&mut store, action, cli.json, &actor)?,
        Command::Lists { action } => run_lists(&mut store, action, cli.json, &actor)?,
        Command::Meeting { action } => run_meeting(&mut store, action, cli.json, &actor)?,
        Command::App { .. } => unreachable!("handled before the database is opened"),
        Command::Serve { campaign, bind } => {
            drop(store);
            let server = shuzhi::meeting::phone::server::VoteServer::start(&db_path, &campaign, &bind)?;
            let url = format!("http://{}", server.addr);
            emit(cli.json, &json!({ "url": url, "addr": server.addr.to_string() }), || {
                format!("扫码测评服务已开启：{url}（测评结束后自动停止，或按 Ctrl-C 停止）")
            });
            let _ = std::io::stdout().flush();
            server.wait();
            return Ok(());
        }
        Command::RenameCampaign { campaign, year, title } => {
            let backup = shuzhi::planning::rename_campaign(&mut store, &campaign, year, &title, &actor)?;
            emit(cli.json, &json!({ "campaign": campaign, "year": year, "title": title, "backup": backup }), || {
                format!("已把这一年度改为 {year} 年度“{}”（修改前已备份）。", title.trim())
            });
        }
        Command::DeleteCampaign { campaign, confirm } => {
            let backup = shuzhi::planning::delete_campaign(&mut store, &campaign, confirm, &actor)?;
            emit(cli.json, &json!({ "campaign": campaign, "backup": backup }), || match &backup {
                Some(path) => format!("已删除 {confirm} 年度述职评议。删除前的数据已备份到：{path}"),
                None => format!("已删除 {confirm} 年度述职评议。"),
            });
        }
        Command::NewCampaign { year, title, organizer, meeting_date, copy_from, earlier_year } => {
            let input = shuzhi::planning::CampaignInput {
                year,
                title,
                organizer,
                meeting_date,
                earlier_year_confirmed: earlier_year,
            };
            let created = shuzhi::planning::create_campaign(&mut store, &input, copy_from.as_deref(), &actor)?;
            emit(cli.json, &created, || {
                format!(
                    "已建立{}年度述职评议（编号 {}）：{} 个党组织、{} 位书记，结转未完成整改问题 {} 个、措施 {} 条。",
                    input.year,
                    created.campaign_id,
                    created.organizations,
                    created.secretaries,
                    created.carried_problems,
                    created.carried_measures
                )
            });
        }
        Command::Coverage { campaign } => {
            let report = shuzhi::planning::coverage(&store, &campaign)?;
            emit(cli.json, &report, || {
                let mut lines = vec![if report.covered {
                    format!("全覆盖：{} 个下级党组织都有书记并已列入议程。", report.organizations)
                } else {
                    format!("未全覆盖，{} 处缺口：", report.gaps.len())
                }];
                lines.extend(report.gaps.iter().map(|g| format!("  - {}", g.message)));
                if !report.before_meeting.is_empty() {
                    lines.push("会前还缺：".into());
                    lines.extend(report.before_meeting.iter().map(|m| format!("  - {m}")));
                }
                lines.join("\n")
            });
        }
        Command::Roster { action: RosterCommand::Import { file, campaign, dry_run } } => {
            let bytes = shuzhi::files::read_limited(&file, shuzhi::files::ROSTER)?;
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let rows = shuzhi::planning::read_roster(&name, &bytes)?;
            let preview = shuzhi::planning::preview_roster(&store, &campaign, &rows)?;
            let describe = |preview: &shuzhi::planning::RosterPreview| {
                let mut lines: Vec<String> = preview
                    .rows
                    .iter()
                    .filter(|r| !r.problems.is_empty())
                    .map(|r| format!("第 {} 行（{}）：{}", r.row.line, r.row.organization, r.problems.join("；")))
                    .collect();
                lines.push(format!(
                    "共 {} 行，有问题 {} 行；可新增党组织 {} 个、书记 {} 位。",
                    preview.rows.len(),
                    preview.bad_rows,
                    preview.new_organizations,
                    preview.new_secretaries
                ));
                lines.join("\n")
            };
            if dry_run || preview.bad_rows > 0 {
                emit(cli.json, &preview, || describe(&preview));
                if preview.bad_rows > 0 {
                    return Err(Error::Conflict {
                        message: format!("名册有 {} 行需要修正，本次没有导入任何内容。", preview.bad_rows),
                    });
                }
            } else {
                let imported = shuzhi::planning::import_roster(&mut store, &campaign, &rows, &actor)?;
                emit(cli.json, &imported, || {
                    format!("已导入名册：新增党组织 {} 个、书记 {} 位。", imported.organizations, imported.secretaries)
                });
            }
        }
        Command::Tally { campaign, xlsx, .. } => {
            let campaign = campaign.unwrap_or_default();
            let results = shuzhi::meeting::results(&store, &campaign)?;
            if let Some(path) = xlsx {
                let export = shuzhi::meeting::results_workbook(&store, &campaign)?;
                shuzhi::files::write_atomically(&path, &export.bytes)?;
            }
            print_tally(cli.json, &results.outcome, Some(&results));
        }
        Command::Evidence { action } => run_evidence(&mut store, action, cli.json, &actor)?,
        Command::Cliches { campaign, set, reset } => {
            let list = match (set, reset) {
                (Some(file), _) => {
                    let text = shuzhi::files::read_text_limited(&file, shuzhi::files::TEXT)?;
                    let phrases: Vec<String> = text.lines().map(str::to_string).collect();
                    shuzhi::planning::settings::set_campaign_cliches(&mut store, &campaign, Some(&phrases), &actor)?
                }
                (None, true) => shuzhi::planning::settings::set_campaign_cliches(&mut store, &campaign, None, &actor)?,
                (None, false) => shuzhi::planning::settings::campaign_cliches(&store, &campaign)?.0,
            };
            emit(cli.json, &list, || list.join("\n"));
        }
        Command::Backup { out } => {
            let (path, bytes) = match out {
                Some(path) => {
                    let bytes = shuzhi::store::backup::backup_to(store.conn(), &path)?;
                    (path, bytes)
                }
                None => shuzhi::store::backup::manual_backup(store.conn(), &db_path)?,
            };
            emit(cli.json, &json!({ "out": path, "bytes": bytes }), || {
                format!("已备份到 {}（{} KB）。", path.display(), bytes / 1024)
            });
        }
        Command::Package { action: PackageCommand::Export { report, out } } => {
            let bytes = shuzhi::package::export_report_package(&store, &report)?;
            shuzhi::files::write_atomically(&out, &bytes)?;
            emit(cli.json, &json!({ "out": out, "bytes": bytes.len() }), || {
                format!("已导出交换包 {}（{} KB）。", out.display(), bytes.len() / 1024)
            });
        }
        Command::Package { action: PackageCommand::Return { secretary, out } } => {
            let bytes = shuzhi::package::export_return_package(&store, &secretary)?;
            shuzhi::files::write_atomically(&out, &bytes)?;
            emit(cli.json, &json!({ "out": out, "bytes": bytes.len() }), || {
                format!("已导出回执包 {}（{} KB）。", out.display(), bytes.len() / 1024)
            });
        }
        Command::Package { action: PackageCommand::Import { file, replace } } => {
            let bytes = shuzhi::files::read_limited(&file, shuzhi::files::PACKAGE)?;
            let name = file.display().to_string();
            let imported = shuzhi::package::import_any_package(&mut store, &name, &bytes, replace, &actor)?;
            emit(cli.json, &imported, || imported.summary());
        }
        Command::Backups => {
            let list = shuzhi::store::backup::list_backups(&db_path);
            emit(cli.json, &list, || {
                if list.is_empty() {
                    return "还没有自动备份。".into();
                }
                list.iter()
                    .map(|b| format!("{}  {}  {:.0} KB  {}", b.taken_at, b.kind, b.size_bytes / 1024.0, b.path))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Restore { .. } => unreachable!("handled before the database is opened"),
        Command::CheckDb => {
            let health = shuzhi::database::check_database(&store)?;
            emit(cli.json, &health, || {
                if health.problems.is_empty() {
                    format!("数据库 {} 完好（结构版本 {}）。", health.path, health.schema_version)
                } else {
                    format!("数据库 {} 的检查结果：\n{}", health.path, health.problems.join("\n"))
                }
            });
            if !health.problems.is_empty() {
                return Err(Error::DatabaseDamaged { path: health.path, count: health.problems.len() });
            }
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

/// Reads a snake_case name (already limited by clap) as the enum it names.
fn parse_enum<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_value(serde_json::Value::String(text.to_string())).expect("clap allows only known names")
}

/// Prints `value` as JSON, or the human text `describe` makes.
/// Prints a command's answer; stored text never reaches the terminal as control codes (`text`).
fn emit<T: Serialize>(json: bool, value: &T, describe: impl FnOnce() -> String) {
    let mut out = std::io::stdout().lock();
    let text = if json { serde_json::to_string_pretty(value).expect("reports always serialize") } else { describe() };
    let text = if json { shuzhi::text::for_terminal_json(&text) } else { shuzhi::text::for_terminal(&text) };
    let _ = writeln!(out, "{text}");
}

fn default_actor() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "本机用户".to_string())
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The organizer's work among the subcommands that the core does not refuse by itself on a
/// computer set to 书记, named as the window's refusal names it. The meeting, the review
/// and the lists' sign-offs are refused in the core, on every path; a new year and a
/// roster stay allowed there because a secretary's own start uses them.
fn organizer_work(command: &Command) -> Option<&'static str> {
    match command {
        Command::NewCampaign { .. } => Some("建立新年度"),
        Command::Roster { action: RosterCommand::Import { dry_run: false, .. } } => Some("导入名册"),
        Command::Serve { .. } => Some("开启扫码测评"),
        Command::Package { action: PackageCommand::Return { .. } } => Some("生成退回书记的返回包"),
        Command::Lists { action: ListsCommand::Inspect { .. } } => Some("记录督查"),
        _ => None,
    }
}
