//! `shuzhi`: the command-line twin of the desktop app. Every subcommand runs commands of
//! the one command table on a session, as the window and the browser app do, so a rule
//! written once holds here too; `shuzhi call` reaches any command of the table by name.
//! Each reporting subcommand prints JSON with `--json`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;
use serde_json::json;

use shuzhi::commands::system::RestoreSource;
use shuzhi::commands::{self, CommandError, CommandResult, Session};
use shuzhi::rules::checks;
use shuzhi::{Error, domain, paths};

mod app;
mod assess;
mod call;
mod evidence;
mod lists;
mod meeting;
mod problem;
mod report;
mod roster;
mod shell;

use assess::{AssessCommand, recount_from_files, run_assess};
use call::run_call;
use evidence::{EvidenceCommand, run_evidence};
use lists::{ListsCommand, run_lists};
use meeting::{MeetingCommand, print_tally, run_meeting};
use problem::{ProblemCommand, run_problem};
use report::{ReportCommand, check_report_file, describe_check, run_report};
use roster::{RosterCommand, SettingsArgs, run_roster, run_settings};
use shell::{Cx, read_as_page_sends};

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

    /// 附注在审核日志操作人旁的说明（操作人始终是本机保存的使用者姓名，见 `shuzhi role`）
    #[arg(long, global = true, value_name = "NAME")]
    actor: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 创建（或升级）数据库
    Init,
    /// 载入内置的示例年度述职评议（重复运行不会重复载入）；带 --years 时在新数据库中生成多年的规模示例
    Demo {
        /// 生成多少个年度的规模示例（每年：报告、问题清单与整改措施、佐证材料、纸质测评并结束测评）
        #[arg(long)]
        years: Option<u32>,
        /// 规模示例的书记人数
        #[arg(long, default_value_t = 200, requires = "years")]
        secretaries: u32,
        /// 规模示例每年的测评人数
        #[arg(long, default_value_t = 60, requires = "years")]
        raters: u32,
        /// 规模示例每年的佐证材料总量（MB）
        #[arg(long, default_value_t = 20, requires = "years")]
        evidence_mb: u32,
        /// 规模示例的起始年度（默认：使最后一年为上一年）
        #[arg(long, requires = "years")]
        first_year: Option<i32>,
    },
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
    /// 名册：从 Excel（.xlsx）或 CSV 导入党组织和书记（先预览，全部无误才导入），查看、修改、删除党组织和书记
    Roster {
        #[command(subcommand)]
        action: RosterCommand,
    },
    /// 年度设置：标题、会议日期、报告字数、问题部分最低占比、审核层级（不给的项保持不变）
    Settings(SettingsArgs),
    /// 书记在没有组织方年度数据文件时，按自己的单位开始本人的述职报告
    StartOwn {
        #[arg(long)]
        year: i32,
        /// 组织方（上级党委），如 市卫健委党委
        #[arg(long)]
        organizer: String,
        #[arg(long)]
        unit: String,
        /// 本人所在党组织，如 中共市中医院委员会
        #[arg(long)]
        organization: String,
        #[arg(long, default_value = "党委书记")]
        title: String,
    },
    /// 按名称调用命令表中的任一命令（与窗口调用的相同），参数为 JSON；导出的文件写到 --out
    Call {
        /// 命令名，如 meeting_view（`shuzhi call list` 列出全部命令）
        command: String,
        /// 参数（JSON 对象，键名与窗口相同，如 {"campaignId":"…"}）
        #[arg(long, value_name = "JSON")]
        args: Option<String>,
        /// 命令导出的文件（或文件夹）保存到这里
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// 命令要“选择”的文件（如 choose_backup_file）
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
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
    /// 历年对比：一个岗位（党组织书记）历年的等次、好票率、得分名次、问题和整改，或整个述职评议的历年情况
    #[command(group(clap::ArgGroup::new("which").required(true).args(["secretary", "organization", "campaigns", "repeated", "decide_repeat", "links", "link", "unlink", "paper_year"])))]
    History {
        /// 书记编号：看她所在党组织历年的情况（换了书记也连着看）
        #[arg(long)]
        secretary: Option<String>,
        /// 党组织编号
        #[arg(long)]
        organization: Option<String>,
        /// 某一年度的编号：看同一组织方历年的述职评议
        #[arg(long, value_name = "CAMPAIGN")]
        campaigns: Option<String>,
        /// 某一年度的编号：列出其中与同一党组织往年问题相同或相近的问题（反复出现），两年的原文并列
        #[arg(long, value_name = "CAMPAIGN")]
        repeated: Option<String>,
        /// 与 --campaigns 同用：把历年对比存为 PDF（.pdf，A4，图表与表格）或 Excel（.xlsx）
        #[arg(long, value_name = "FILE", requires = "campaigns")]
        out: Option<PathBuf>,
        /// 今年某个问题的编号：确认或排除它与往年问题（--earlier）“反复出现”，用 --decision 说明（组织方）
        #[arg(long, value_name = "PROBLEM", requires_all = ["earlier", "decision"])]
        decide_repeat: Option<String>,
        /// 与 --decide-repeat 同用：往年那个问题的编号（见 --repeated 的输出）
        #[arg(long, value_name = "PROBLEM", requires = "decide_repeat")]
        earlier: Option<String>,
        /// 与 --decide-repeat 同用：confirmed（确是反复出现）、dismissed（不是）或 undo（撤销决定）
        #[arg(long, value_name = "DECISION", requires = "decide_repeat")]
        decision: Option<RepeatChoice>,
        /// 党组织编号：列出它与往年党组织的关联，以及可关联的往年党组织
        #[arg(long, value_name = "ORGANIZATION")]
        links: Option<String>,
        /// 党组织编号：关联往年的党组织（改名或合并后历年连着看；与 --earlier-name、--earlier-unit 同用，组织方）
        #[arg(long, value_name = "ORGANIZATION", requires_all = ["earlier_name", "earlier_unit"])]
        link: Option<String>,
        /// 与 --link 同用：往年党组织的名称
        #[arg(long, value_name = "NAME", requires = "link")]
        earlier_name: Option<String>,
        /// 与 --link 同用：往年党组织的所在单位
        #[arg(long, value_name = "UNIT", requires = "link")]
        earlier_unit: Option<String>,
        /// 关联编号（见 --links 的输出）：取消这个关联（组织方）
        #[arg(long, value_name = "LINK")]
        unlink: Option<String>,
        /// 导入往年的纸质记录（Excel 或 CSV）作为这一年度，历年对比从那年看起（与 --into、--results 同用，组织方）
        #[arg(long, value_name = "YEAR", requires_all = ["into", "results"])]
        paper_year: Option<i32>,
        /// 与 --paper-year 同用：本组织方任一年度的编号（往年记录挂在同一组织方下）
        #[arg(long, value_name = "CAMPAIGN", requires = "paper_year")]
        into: Option<String>,
        /// 与 --paper-year 同用：评议结果汇总表（.xlsx 或 .csv；表头含 单位、党组织、书记姓名、等次，可有 好/较好/一般/差、得分、名次、职务）
        #[arg(long, value_name = "FILE", requires = "paper_year")]
        results: Option<PathBuf>,
        /// 与 --paper-year 同用：整改清单（可选；表头含 党组织、问题，可有 单位、问题来源、类别、整改措施、责任人、完成时限、整改状态、销号日期）
        #[arg(long, value_name = "FILE", requires = "paper_year")]
        lists: Option<PathBuf>,
        /// 与 --paper-year 同用：只逐行检查并列出，不导入
        #[arg(long, requires = "paper_year")]
        preview: bool,
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
    /// 年度党建考核（述评考一体化）：述职评议与日常考核按考核办法合成等次。
    /// 用子命令管理一个年度；用 --rules、--scores 和 --results 按复核文件重新计算（不需要数据库）
    #[command(args_conflicts_with_subcommands = true)]
    Assess {
        #[command(subcommand)]
        action: Option<AssessCommand>,
        /// 考核办法文件（assessment-rules.json）
        #[arg(long, requires_all = ["scores", "results"], value_name = "RULES.json")]
        rules: Option<PathBuf>,
        /// 日常考核文件（scores.csv）
        #[arg(long, requires_all = ["rules", "results"], value_name = "SCORES.csv")]
        scores: Option<PathBuf>,
        /// 测评结果文件（results.json，或 `shuzhi tally --json` 的输出）
        #[arg(long, requires_all = ["rules", "scores"], value_name = "RESULTS.json")]
        results: Option<PathBuf>,
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
            let (kind, message) = match &error {
                CommandError::NotFound { message } => ("not_found", message),
                CommandError::InvalidInput { message } => ("invalid_input", message),
                CommandError::Conflict { message } => ("conflict", message),
                CommandError::Storage { message } => ("storage", message),
            };
            if json {
                let answer = json!({ "error": { "kind": kind, "message": message } }).to_string();
                println!("{}", shuzhi::text::for_terminal_json(&answer));
            }
            // A message may quote a stored name or an imported file's text.
            eprintln!("错误：{}", shuzhi::text::for_terminal(message));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> CommandResult<()> {
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
        }
        .into());
    }
    // The real file behind the path, once: the browser app's instance file, the ballot
    // server's lock, the backups and a restore then name the file, not a link to it.
    let db_path = paths::resolve_database_path(&db_path);
    // Who acts is this computer's stored name; `--actor` stands beside it as a note, and
    // passes the rules of every name that reaches the audit log.
    let note = match &cli.actor {
        Some(actor) => {
            if let Some(problem) = shuzhi::text::name_character_problem(actor) {
                return Err(Error::Invalid { message: format!("操作人（--actor）{problem}。") }.into());
            }
            format!("命令行，注明：{}", actor.trim())
        }
        None => "命令行".to_string(),
    };
    // The browser app opens the database itself, as the window does.
    if let Command::App { port, no_open, page, idle_exit } = &cli.command {
        return Ok(app::run_app(&db_path, *port, *no_open, page.clone(), *idle_exit)?);
    }
    // Checking a report file needs no database: do not create one as a side effect.
    if let Command::Report { action: ReportCommand::Check { file: Some(file), report: None, last_year, comments } } =
        &cli.command
    {
        let result = check_report_file(file, last_year.as_deref(), comments.as_deref())?;
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
    if let Command::Assess { action: None, rules, scores, results } = &cli.command {
        return match (rules, scores, results) {
            (Some(r), Some(s), Some(v)) => recount_from_files(cli.json, r, s, v),
            _ => Err(Error::Invalid {
                message: "请给出子命令（如 shuzhi assess show --campaign 编号），或同时给出 --rules、--scores 和 --results 重新计算。"
                    .into(),
            }
            .into()),
        };
    }
    let paths = shell::Paths::default();
    let session = Session::open_as_is(db_path.clone(), Box::new(shell::CliShell(paths.clone())))?.with_actor_note(note);
    let cx = Cx::new(session, cli.json, paths);
    let json = cli.json;
    let s = &cx.session;
    match cli.command {
        Command::Init => {
            let health = commands::system::check_database(s)?;
            emit(json, &json!({ "database": db_path, "schema_version": health.schema_version }), || {
                format!("数据库已就绪：{}（结构版本 {}）", db_path.display(), health.schema_version)
            });
        }
        Command::Demo { years: None, .. } => {
            let loaded = commands::workstation::load_sample(s)?;
            emit(json, &loaded, || loaded.message.clone());
        }
        Command::Demo { years: Some(years), secretaries, raters, evidence_mb, first_year } => {
            use chrono::Datelike;
            let this_year = chrono::Local::now().year();
            let input = shuzhi::sample::scale::ScaleInput {
                years,
                secretaries,
                raters,
                evidence_megabytes: evidence_mb,
                first_year: first_year.unwrap_or(this_year - years as i32),
            };
            let made = commands::workstation::load_scale_sample(s, input)?;
            emit(json, &made, || {
                format!(
                    "已生成 {} 个年度的规模示例：{} 个问题、{} 条整改措施、{} 张测评票、{} 份佐证材料；各年度测评均已结束。",
                    made.campaign_ids.len(),
                    made.problems,
                    made.measures,
                    made.ballots,
                    made.evidence_files
                )
            });
        }
        Command::Role { role, name, remove_sample } => {
            let station = match role.as_deref() {
                None => commands::workstation::workstation(s)?,
                Some(word) => {
                    let role = match word {
                        "书记" | "secretary" => shuzhi::domain::Role::Secretary,
                        "组织方" | "organizer" => shuzhi::domain::Role::Organizer,
                        "示例" | "sample" => shuzhi::domain::Role::Sample,
                        other => {
                            return Err(Error::Invalid {
                                message: format!("本机用途“{other}”无效，请写 书记、组织方 或 示例。"),
                            }
                            .into());
                        }
                    };
                    let name = name.or_else(|| cli.actor.clone()).unwrap_or_else(default_user);
                    commands::workstation::choose_role(s, role, name, remove_sample)?
                }
            };
            emit(json, &station, || match station.role {
                Some(role) => format!("本机用途：{}；使用者：{}", role.label(), station.name),
                None => "本机用途尚未设置（窗口首次启动时会询问）。".to_string(),
            });
        }
        Command::Import { file } => {
            let (name, content) = read_as_page_sends(&file, shuzhi::files::CAMPAIGN_FILE)?;
            let said = commands::workstation::import_campaign_file(s, name, content, None)?;
            emit(json, &json!({ "message": said }), || said.clone());
        }
        Command::Export { campaign, secretary, out } => {
            let bytes = match secretary {
                Some(secretary) => cx.export_to(&out, |s| commands::campaign::export_secretary_file(s, secretary))?,
                None => cx.export_to(&out, |s| commands::campaign::export_campaign_file(s, campaign.clone()))?,
            };
            emit(json, &json!({ "campaign_id": campaign, "out": out, "bytes": bytes }), || {
                format!("已导出到 {}（{bytes} 字节）。", out.display())
            });
        }
        Command::Campaigns => {
            let list = commands::campaign::list_campaigns(s)?;
            emit(json, &list, || {
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
        Command::History {
            secretary,
            organization,
            campaigns,
            repeated,
            out,
            decide_repeat,
            earlier,
            decision,
            links,
            link,
            earlier_name,
            earlier_unit,
            unlink,
            paper_year,
            into,
            results,
            lists,
            preview,
        } => {
            if let (Some(year), Some(campaign), Some(results)) = (paper_year, &into, &results) {
                let file = |path: &PathBuf| -> CommandResult<commands::history::ChosenFile> {
                    use base64::Engine;
                    let bytes = shuzhi::files::read_limited(path, shuzhi::files::PAPER_RECORDS)?;
                    Ok(commands::history::ChosenFile {
                        file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
                    })
                };
                let input = commands::history::PaperYearInput {
                    year,
                    results: file(results)?,
                    lists: lists.as_ref().map(file).transpose()?,
                };
                if preview {
                    let found = commands::history::preview_paper_year(s, campaign.clone(), input)?;
                    emit(json, &found, || describe_paper_preview(&found));
                    // A script learns from the exit status whether the files would import.
                    if found.refused.is_some() || found.wrong_rows > 0 {
                        return Err(Error::Invalid {
                            message: format!(
                                "这些记录现在还不能导入（{}）。",
                                found.refused.clone().unwrap_or_else(|| format!("有 {} 行需要改正", found.wrong_rows))
                            ),
                        }
                        .into());
                    }
                } else {
                    let done = commands::history::import_paper_year(s, campaign.clone(), input)?;
                    emit(json, &done, || {
                        format!(
                            "已导入 {} 年度的纸质记录（编号 {}）：{} 位书记、{} 个问题、{} 条整改措施。用 `shuzhi history --campaigns {}` 查看历年对比。",
                            done.year,
                            done.campaign_id,
                            done.secretaries,
                            done.problems,
                            done.measures,
                            done.campaign_id
                        )
                    });
                }
            } else if let (Some(problem), Some(earlier), Some(choice)) = (&decide_repeat, earlier, decision) {
                let decision = match choice {
                    RepeatChoice::Confirmed => Some(shuzhi::domain::RepeatDecision::Confirmed),
                    RepeatChoice::Dismissed => Some(shuzhi::domain::RepeatDecision::Dismissed),
                    RepeatChoice::Undo => None,
                };
                commands::history::decide_repeat(s, problem.clone(), earlier.clone(), decision)?;
                emit(
                    json,
                    &json!({ "problem_id": problem, "earlier_problem_id": earlier, "decision": decision }),
                    || match decision {
                        Some(decision) => format!("已记录：{}。", decision.label()),
                        None => "已撤销对这两个问题的确认或排除。".to_string(),
                    },
                );
            } else if let Some(organization) = links {
                let links = commands::history::post_links(s, organization)?;
                emit(json, &links, || describe_post_links(&links));
            } else if let (Some(organization), Some(name), Some(unit)) = (link, earlier_name, earlier_unit) {
                let id = commands::history::link_post(s, organization.clone(), name.clone(), unit.clone())?;
                emit(json, &json!({ "link_id": id, "organization_id": organization }), || {
                    format!("已关联往年的“{}（{}）”（关联编号 {id}），历年对比将连着看。", name.trim(), unit.trim())
                });
            } else if let Some(id) = unlink {
                commands::history::unlink_post(s, id.clone())?;
                emit(json, &json!({ "unlinked": id }), || "已取消关联。".to_string());
            } else if let Some(campaign) = repeated {
                let found = commands::history::repeated_problems(s, campaign)?;
                emit(json, &found, || {
                    let standing = found.iter().filter(|p| p.stands).count();
                    let mut lines = vec![format!("反复出现的问题 {standing} 个")];
                    for problem in &found {
                        lines.push(format!(
                            "  {} 年 {}：{}（问题编号 {}）",
                            problem.year, problem.secretary_name, problem.description, problem.problem_id
                        ));
                        for old in &problem.earlier {
                            let said = old.decision.map_or("待确认".to_string(), |d| d.label().to_string());
                            lines.push(format!(
                                "    {} 年：{}（问题编号 {}，{said}）",
                                old.year, old.description, old.problem_id
                            ));
                        }
                    }
                    lines.join("\n")
                });
            } else if let (Some(campaign), Some(out)) = (&campaigns, &out) {
                let excel = out.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
                let id = campaign.clone();
                let bytes = if excel {
                    cx.export_to(out, |s| commands::history::export_campaigns_history_xlsx(s, id))?
                } else {
                    cx.export_to(out, |s| commands::history::export_campaigns_history_pdf(s, id))?
                };
                emit(json, &json!({ "campaign_id": campaign, "out": out, "bytes": bytes }), || {
                    format!("历年对比已导出到 {}（{bytes} 字节）。", out.display())
                });
            } else if let Some(campaign) = campaigns {
                let history = commands::history::campaigns_history(s, campaign)?;
                emit(json, &history, || describe_campaigns_history(&history));
            } else {
                let history = match (secretary, organization) {
                    (Some(secretary), _) => commands::history::secretary_history(s, secretary)?,
                    (None, Some(organization)) => commands::history::organization_history(s, organization)?,
                    (None, None) => unreachable!("clap requires one of them"),
                };
                emit(json, &history, || describe_post_history(&history));
            }
        }
        Command::Dashboard { campaign } => {
            let board = commands::campaign::campaign_dashboard(s, campaign)?;
            emit(json, &board, || {
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
        Command::Report { action } => run_report(&cx, action)?,
        Command::Problem { action } => run_problem(&cx, action)?,
        Command::Lists { action } => run_lists(&cx, action)?,
        Command::Meeting { action } => run_meeting(&cx, action)?,
        Command::Assess { action: Some(action), .. } => run_assess(&cx, action)?,
        Command::Assess { action: None, .. } => unreachable!("answered before the database is opened"),
        Command::Evidence { action } => run_evidence(&cx, action)?,
        Command::Roster { action } => run_roster(&cx, action)?,
        Command::Call { command, args, out, file } => run_call(&cx, &command, args.as_deref(), out, file)?,
        Command::App { .. } => unreachable!("handled before the database is opened"),
        Command::Serve { campaign, bind } => {
            let status = commands::meeting::start_phone_vote(s, campaign.clone(), bind)?;
            let url = status.url.clone().unwrap_or_default();
            let server = s.vote_server.lock().unwrap_or_else(|p| p.into_inner()).take();
            let addr = server.as_ref().map(|(_, server)| server.addr.to_string()).unwrap_or_default();
            emit(json, &json!({ "url": url, "addr": addr }), || {
                format!("扫码测评服务已开启：{url}（测评结束后自动停止，或按 Ctrl-C 停止）")
            });
            let _ = std::io::stdout().flush();
            if let Some((_, server)) = server {
                server.wait();
            }
        }
        Command::RenameCampaign { campaign, year, title } => {
            let backup = commands::planning::rename_campaign(s, campaign.clone(), year, title.clone())?;
            emit(json, &json!({ "campaign": campaign, "year": year, "title": title, "backup": backup }), || {
                format!("已把这一年度改为 {year} 年度“{}”（修改前已备份）。", title.trim())
            });
        }
        Command::DeleteCampaign { campaign, confirm } => {
            let backup = commands::planning::delete_campaign(s, campaign.clone(), confirm)?;
            emit(json, &json!({ "campaign": campaign, "backup": backup }), || match &backup {
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
            let created = commands::planning::create_campaign(s, input, copy_from)?;
            emit(json, &created, || {
                format!(
                    "已建立{year}年度述职评议（编号 {}）：{} 个党组织、{} 位书记，结转未完成整改问题 {} 个、措施 {} 条。",
                    created.campaign_id,
                    created.organizations,
                    created.secretaries,
                    created.carried_problems,
                    created.carried_measures
                )
            });
        }
        Command::Settings(settings) => run_settings(&cx, settings)?,
        Command::StartOwn { year, organizer, unit, organization, title } => {
            let input = shuzhi::workstation::OwnReportInput { year, organizer, unit, organization, title };
            let id = commands::workstation::start_own_report(s, input)?;
            emit(json, &json!({ "report_id": id }), || format!("已开始本人的述职报告（报告编号 {id}）。"));
        }
        Command::Coverage { campaign } => {
            let report = commands::planning::campaign_coverage(s, campaign)?;
            emit(json, &report, || {
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
        Command::Tally { campaign, xlsx, .. } => {
            let campaign = campaign.unwrap_or_default();
            let results = commands::meeting::meeting_results(s, campaign.clone())?
                .ok_or_else(|| Error::Conflict { message: shuzhi::meeting::RESULTS_NOT_YET.to_string() })?;
            if let Some(path) = xlsx {
                cx.export_to(&path, |s| commands::meeting::export_results_xlsx(s, campaign.clone()))?;
            }
            print_tally(json, &results.outcome, Some(&results));
        }
        Command::Cliches { campaign, set, reset } => {
            let list = match (set, reset) {
                (Some(file), _) => {
                    let text = shuzhi::files::read_text_limited(&file, shuzhi::files::TEXT)?;
                    let phrases: Vec<String> = text.lines().map(str::to_string).collect();
                    commands::settings::set_campaign_cliches(s, campaign, Some(phrases))?
                }
                (None, true) => commands::settings::set_campaign_cliches(s, campaign, None)?,
                (None, false) => commands::settings::campaign_cliches(s, campaign)?,
            };
            emit(json, &list.phrases, || list.phrases.join("\n"));
        }
        Command::Backup { out } => {
            let (path, bytes) = match out {
                Some(path) => {
                    let bytes = cx.export_to(&path, commands::system::backup_to_chosen_file)?;
                    (path, bytes)
                }
                None => {
                    let path = PathBuf::from(commands::system::backup_now(s)?);
                    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                    (path, bytes)
                }
            };
            emit(json, &json!({ "out": path, "bytes": bytes }), || {
                format!("已备份到 {}（{} KB）。", path.display(), bytes / 1024)
            });
        }
        Command::Package { action: PackageCommand::Export { report, out } } => {
            let bytes = cx.export_to(&out, |s| commands::report::export_report_package(s, report))?;
            emit(json, &json!({ "out": out, "bytes": bytes }), || {
                format!("已导出交换包 {}（{} KB）。", out.display(), bytes / 1024)
            });
        }
        Command::Package { action: PackageCommand::Return { secretary, out } } => {
            let bytes = cx.export_to(&out, |s| commands::report::export_return_package(s, secretary))?;
            emit(json, &json!({ "out": out, "bytes": bytes }), || {
                format!("已导出回执包 {}（{} KB）。", out.display(), bytes / 1024)
            });
        }
        Command::Package { action: PackageCommand::Import { file, replace } } => {
            let (name, content) = read_as_page_sends(&file, shuzhi::files::PACKAGE)?;
            let imported = commands::report::import_package(s, name, content, replace)?;
            emit(json, &imported, || imported.message.clone());
        }
        Command::Backups => {
            let list = commands::system::list_backups(s)?;
            emit(json, &list, || {
                if list.is_empty() {
                    return "还没有自动备份。".into();
                }
                list.iter()
                    .map(|b| format!("{}  {}  {:.0} KB  {}", b.taken_at, b.kind, b.size_bytes / 1024.0, b.path))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Restore { file } => {
            // The file named is the one chosen; the restore then takes the database whole
            // (refused while another program has it open).
            let chosen = cx
                .choosing(&file, commands::system::choose_backup_file)?
                .ok_or_else(|| Error::Invalid { message: "请给出要恢复的备份文件。".into() })?;
            commands::system::restore_backup(s, RestoreSource::Chosen { id: chosen.id })?;
            let campaigns = commands::campaign::list_campaigns(s)?.len();
            emit(json, &json!({ "restored_from": file, "campaigns": campaigns, "checked": chosen.check }), || {
                format!(
                    "已从 {} 恢复数据库 {}（{} 个年度述职评议）。恢复前的数据库已另存在 backups 文件夹中。",
                    file.display(),
                    db_path.display(),
                    campaigns
                )
            });
        }
        Command::CheckDb => {
            let health = commands::system::check_database(s)?;
            emit(json, &health, || {
                if health.problems.is_empty() {
                    format!("数据库 {} 完好（结构版本 {}）。", health.path, health.schema_version)
                } else {
                    format!("数据库 {} 的检查结果：\n{}", health.path, health.problems.join("\n"))
                }
            });
            if !health.problems.is_empty() {
                return Err(Error::DatabaseDamaged { path: health.path, count: health.problems.len() }.into());
            }
        }
        Command::Secretary { id } => {
            let page = commands::report::secretary_page(s, id)?;
            emit(json, &page, || {
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

/// The name of the system's user: what `shuzhi role` keeps when no `--name` is given.
fn default_user() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "本机用户".to_string())
}

/// How the command line reaches each command of the table: the subcommand built on it, or
/// `call` (by name, as the window calls it) where no subcommand of its own is worth having.
/// The test below holds this list to the table and to the subcommands that exist.
/// A post's years as lines for people.
fn describe_paper_preview(preview: &shuzhi::history::paper::PaperYearPreview) -> String {
    let mut lines = vec![format!(
        "{}：{} 位书记（好 {}、较好 {}、一般 {}、差 {}），{} 个问题、{} 条整改措施",
        preview.title,
        preview.secretaries,
        preview.grades[0],
        preview.grades[1],
        preview.grades[2],
        preview.grades[3],
        preview.problems,
        preview.measures
    )];
    for note in &preview.notes {
        lines.push(format!("  注意：{note}"));
    }
    for row in &preview.rows {
        lines.push(format!(
            "  {} 第 {} 行  {}  {}  {}  {}{}",
            row.sheet,
            row.line,
            row.unit,
            row.organization,
            row.subject,
            row.detail,
            row.problem.as_ref().map_or(String::new(), |p| format!("  ✗ {p}"))
        ));
    }
    lines.push(match (&preview.refused, preview.wrong_rows) {
        (Some(why), _) => format!("不能导入：{why}"),
        (None, 0) => "全部行都可以导入。去掉 --preview 即导入。".into(),
        (None, n) => format!("有 {n} 行需要改正（见 ✗），改正后再导入。"),
    });
    lines.join("\n")
}

/// The organizer's word on a repeated problem, as typed.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum RepeatChoice {
    Confirmed,
    Dismissed,
    Undo,
}

fn describe_post_links(links: &shuzhi::history::posts::PostLinks) -> String {
    let mut lines = vec![format!("{} 年 {}（{}）与往年党组织的关联", links.year, links.organization, links.unit)];
    if links.links.is_empty() {
        lines.push("  （还没有关联：同名同单位的党组织各年度已自动连着看）".into());
    }
    for link in &links.links {
        lines.push(format!(
            "  {} 年的“{}（{}）”接续往年的“{}（{}）”  关联编号 {}  {} 于 {}",
            link.year,
            link.organization,
            link.unit,
            link.earlier_name,
            link.earlier_unit,
            link.id,
            link.actor,
            link.linked_at
        ));
    }
    if !links.candidates.is_empty() {
        lines.push("可关联的往年党组织（改名或合并前的名称）：".into());
        for post in &links.candidates {
            let years: Vec<String> = post.years.iter().map(i32::to_string).collect();
            lines.push(format!("  {}（{}）  {} 年", post.name, post.unit, years.join("、")));
        }
    }
    lines.join("\n")
}

fn describe_post_history(history: &shuzhi::history::PostHistory) -> String {
    let mut lines = vec![format!("{}（{}）历年情况", history.organization, history.unit)];
    for year in &history.years {
        let percent = |p: Option<f64>| p.map_or("—".to_string(), |p| format!("{p:.1}%"));
        lines.push(format!(
            "  {} 年{}  {}  {}  好票率 {}  名次 {}  问题 {} 个（自查 {}、上级点评 {}、群众评议 {}、审核意见 {}；反复出现 {}）  整改措施 {} 项：按时销号 {}、逾期销号 {}、已完成待销号 {}、长期坚持 {}、未完成 {}（逾期 {}）  报告 {} 字、错误 {} 条、提醒 {} 条",
            year.year,
            if year.organization == history.organization { String::new() } else { format!("（{}）", year.organization) },
            year.secretary_name.as_deref().unwrap_or("（无书记）"),
            year.result,
            percent(year.good_percent),
            year.rank.map_or("—".to_string(), |r| format!("{r}/{}", year.ranked)),
            year.problems.total(),
            year.problems.self_review,
            year.problems.superior_comment,
            year.problems.panel_review,
            year.problems.review_comment,
            year.repeated,
            year.rectified.measures,
            year.rectified.closed_on_time,
            year.rectified.closed_late,
            year.rectified.done_not_signed,
            year.rectified.ongoing,
            year.rectified.open,
            year.rectified.overdue,
            year.report_chars.map_or("—".to_string(), |c| c.to_string()),
            year.report_errors,
            year.report_warnings,
        ));
    }
    if !history.repeats.is_empty() {
        lines.push("反复出现的问题（今年的原文与往年的并列）：".into());
    }
    for repeated in &history.repeats {
        lines.push(format!("  {} 年：{}（问题编号 {}）", repeated.year, repeated.description, repeated.problem_id));
        for old in &repeated.earlier {
            let said = old.decision.map_or("待确认".to_string(), |d| d.label().to_string());
            lines.push(format!("    {} 年：{}（问题编号 {}，{said}）", old.year, old.description, old.problem_id));
        }
    }
    lines.join("\n")
}

/// The campaign across years as lines for people.
fn describe_campaigns_history(history: &shuzhi::history::CampaignsHistory) -> String {
    let mut lines = vec![format!("{}历年述职评议", history.organizer)];
    for year in &history.years {
        let grades = if year.results_final {
            format!(
                "好 {}、较好 {}、一般 {}、差 {}，好 占 {}",
                year.grades[0],
                year.grades[1],
                year.grades[2],
                year.grades[3],
                year.good_share_percent.map_or("—".to_string(), |p| format!("{p:.1}%"))
            )
        } else {
            "测评结果尚未产生".to_string()
        };
        lines.push(format!(
            "  {} 年  {}；问题 {} 个；整改措施 {} 项，完成率 {}",
            year.year,
            grades,
            year.problems.total(),
            year.rectified.measures,
            year.rectified.completion_percent.map_or("—".to_string(), |p| format!("{p}%"))
        ));
        for source in &year.rectified_by_source {
            lines.push(format!(
                "    {}：{} 项，完成率 {}",
                source.source,
                source.rectified.measures,
                source.rectified.completion_percent.map_or("—".to_string(), |p| format!("{p}%"))
            ));
        }
    }
    for post in &history.slipping {
        let years: Vec<String> = post.years.iter().map(|y| format!("{} 年{}", y.year, y.grade.label())).collect();
        lines.push(format!("  两次以上低于“较好”：{}（{}）：{}", post.organization, post.unit, years.join("、")));
    }
    let o = &history.overdue;
    lines.push(format!(
        "  逾期未完成的整改措施：30 天以内 {}，31–90 天 {}，91–180 天 {}，180 天以上 {}",
        o.up_to_30_days, o.up_to_90_days, o.up_to_180_days, o.over_180_days
    ));
    lines.join("\n")
}

const REACHED_BY: &[(&str, &str)] = &[
    ("list_campaigns", "campaigns"),
    ("campaign_dashboard", "dashboard"),
    ("secretary_history", "history"),
    ("organization_history", "history"),
    ("campaigns_history", "history"),
    ("repeated_problems", "history"),
    ("decide_repeat", "history"),
    ("post_links", "history"),
    ("link_post", "history"),
    ("unlink_post", "history"),
    ("preview_paper_year", "history"),
    ("import_paper_year", "history"),
    ("export_campaign_file", "export"),
    ("export_secretary_file", "export"),
    ("export_secretary_files", "call"),
    ("secretary_page", "secretary"),
    ("start_report", "report start"),
    ("report_editor", "report show"),
    ("save_section", "report edit"),
    ("check_draft", "call"),
    ("save_revision", "report save-revision"),
    ("submit_report", "report submit"),
    ("review_report", "report review"),
    ("compare_revisions", "report compare"),
    ("export_report_pdf", "report export"),
    ("export_report_docx", "report export"),
    ("export_report_package", "package export"),
    ("export_return_package", "package return"),
    ("compare_package", "call"),
    ("import_package", "package import"),
    ("attach_evidence", "evidence attach"),
    ("list_evidence", "evidence list"),
    ("evidence_content", "evidence export"),
    ("delete_evidence", "evidence delete"),
    ("problem_items", "problem list"),
    ("add_problem", "problem add"),
    ("add_problems_from_text", "call"),
    ("rewrite_sections_from_items", "problem rewrite-sections"),
    ("update_problem", "problem edit"),
    ("delete_problem", "problem delete"),
    ("add_measure", "problem add-measure"),
    ("update_measure", "problem edit-measure"),
    ("delete_measure", "problem delete-measure"),
    ("build_lists", "lists show"),
    ("review_measures", "lists review"),
    ("set_rectification_status", "lists status"),
    ("sign_off_rectification", "lists sign-off"),
    ("undo_status_change", "lists undo"),
    ("sign_off_with_file", "lists sign-off"),
    ("add_inspection", "lists inspect"),
    ("export_lists_pdf", "lists export"),
    ("export_lists_xlsx", "lists export"),
    ("add_progress", "lists progress"),
    ("merge_problems", "lists merge"),
    ("move_problem", "lists move"),
    ("sign_off_lists", "lists approve"),
    ("meeting_view", "meeting show"),
    ("set_agenda", "meeting agenda"),
    ("save_meeting_settings", "meeting settings"),
    ("save_panel", "meeting panel"),
    ("set_ballot_channel", "meeting channel"),
    ("rules_presets", "meeting rules"),
    ("describe_rules", "call"),
    ("save_rules", "meeting rules"),
    ("save_comment", "meeting comment"),
    ("comment_point_to_problem", "meeting comment-to-problem"),
    ("suggestion_to_problem", "meeting suggestion-to-problem"),
    ("enter_ballot", "meeting ballot"),
    ("update_ballot", "meeting ballot-edit"),
    ("delete_ballot", "meeting ballot-delete"),
    ("enter_check", "meeting ballot"),
    ("settle_check", "meeting settle"),
    ("close_vote", "meeting close"),
    ("ballot_reconciliation", "call"),
    ("reopen_vote", "meeting reopen"),
    ("meeting_results", "tally"),
    ("decide_quota_tie", "meeting quota-decide"),
    ("start_new_round", "meeting new-round"),
    ("set_reporting_mode", "meeting mode"),
    ("assessment_view", "assess show"),
    ("save_assessment_rules", "assess rules"),
    ("read_daily_scores", "assess scores"),
    ("export_daily_scores_template", "assess template"),
    ("preview_daily_scores", "assess scores"),
    ("import_daily_scores", "assess scores"),
    ("save_daily_scores", "assess score"),
    ("decide_assessment", "assess decide"),
    ("export_assessment_pdf", "assess export"),
    ("export_assessment_xlsx", "assess export"),
    ("export_assessment_files", "assess export"),
    ("export_ballot_sheets", "meeting sheets"),
    ("export_results_pdf", "meeting results"),
    ("export_recount", "meeting recount"),
    ("export_results_xlsx", "tally"),
    ("start_phone_vote", "serve"),
    ("stop_phone_vote", "call"),
    ("phone_vote_status", "meeting turnout"),
    ("open_projector", "call"),
    ("close_projector", "call"),
    ("export_code_slips", "meeting codes"),
    ("create_campaign", "new-campaign"),
    ("rename_campaign", "rename-campaign"),
    ("delete_campaign", "delete-campaign"),
    ("campaign_coverage", "coverage"),
    ("read_roster", "roster import"),
    ("export_roster_template", "call"),
    ("preview_roster", "roster import"),
    ("import_roster", "roster import"),
    ("campaign_details", "settings"),
    ("save_campaign_settings", "settings"),
    ("organization_tree", "roster show"),
    ("update_organization", "roster edit-organization"),
    ("delete_organization", "roster delete-organization"),
    ("update_secretary", "roster edit-secretary"),
    ("delete_secretary", "roster delete-secretary"),
    ("campaign_cliches", "cliches"),
    ("set_campaign_cliches", "cliches"),
    ("workstation", "role"),
    ("choose_role", "role"),
    ("set_my_name", "call"),
    ("load_sample", "demo"),
    ("load_scale_sample", "demo"),
    ("export_campaigns_history_pdf", "history"),
    ("export_campaigns_history_xlsx", "history"),
    ("remove_sample", "call"),
    ("read_campaign_file", "call"),
    ("import_campaign_file", "import"),
    ("start_own_report", "start-own"),
    ("my_years", "call"),
    ("check_database", "check-db"),
    ("check_file_size", "call"),
    ("writes_stopped", "call"),
    ("backup_to_chosen_file", "backup"),
    ("choose_backup_file", "restore"),
    ("open_exported", "call"),
    ("open_export_folder", "call"),
    ("save_exported_as", "call"),
    ("backup_now", "backup"),
    ("list_backups", "backups"),
    ("check_backup", "call"),
    ("restore_backup", "restore"),
    ("labels", "call"),
];

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every command of the table is reachable from the command line, through the subcommand
    /// this list names (which exists) or through `shuzhi call`; the list names nothing else.
    #[test]
    fn the_command_line_reaches_every_command_of_the_table() {
        let names = shuzhi::commands::COMMAND_NAMES;
        for name in names {
            assert!(super::REACHED_BY.iter().any(|(n, _)| n == name), "no way to `{name}` from the command line");
        }
        let cli = super::Cli::command();
        for (name, path) in super::REACHED_BY {
            assert!(names.contains(name), "`{name}` is not a command of the table");
            let mut command = &cli;
            for word in path.split(' ') {
                command = command
                    .find_subcommand(word)
                    .unwrap_or_else(|| panic!("`shuzhi {path}` (for `{name}`) is not a subcommand"));
            }
        }
    }
}
