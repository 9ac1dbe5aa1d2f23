//! `shuzhi`: the command-line twin of the desktop app. Everything the window can
//! do has a subcommand here; each reporting subcommand prints JSON with `--json`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;
use serde_json::json;

use shuzhi::sample::SampleOutcome;
use shuzhi::{Error, ErrorKind, Store, checks, dashboard, domain, exchange, paths, reporting, sample, store};

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
    /// 导入交换包或回执包：全部检查无误才写入；会替换本机不同的内容时，须加 --replace
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

#[derive(Debug, Subcommand)]
enum MeetingCommand {
    /// 显示议程、评议人类别、已录入的票数和测评状态
    Show {
        #[arg(long)]
        campaign: String,
    },
    /// 设定述职顺序：按顺序列出书记编号，用逗号分隔
    Agenda {
        #[arg(long)]
        campaign: String,
        #[arg(long, value_delimiter = ',')]
        order: Vec<String>,
    },
    /// 记录上级一述一评点评：点不足（可多条 --point）、指方向、明责任
    Comment {
        #[arg(long)]
        secretary: String,
        #[arg(long)]
        commenter: String,
        #[arg(long = "point", required = true)]
        points: Vec<String>,
        #[arg(long)]
        direction: String,
        #[arg(long)]
        responsibility: String,
    },
    /// 把点评的第 N 条不足（从 1 起）转为问题（来源：上级点评）
    CommentToProblem {
        #[arg(long)]
        comment: String,
        #[arg(long)]
        point: usize,
        #[arg(long, default_value = "上级点评")]
        category: String,
    },
    /// 查看计分规则及其版本；用 --preset 或 --file 保存新版本
    Rules {
        #[arg(long)]
        campaign: String,
        /// 预设：weighted（加权计分法）、good_share（好票率法）、satisfaction（满意率法）
        #[arg(long, conflicts_with = "file")]
        preset: Option<String>,
        /// 计分规则（JSON，字段见 docs/tally-formats.md 的 rules 部分）
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// 打印编号的测评表（PDF，每张一页；按各类评议人人数补足票号）
    Sheets {
        #[arg(long)]
        campaign: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 录入一张纸质测评票。--marks 按议程顺序每人一位：1 好、2 较好、3 一般、4 差、0 空白、5 多选
    Ballot {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        serial: String,
        /// 评议人类别编号（票号已印制时可省略）
        #[arg(long)]
        category: Option<String>,
        #[arg(long)]
        marks: String,
        #[arg(long, default_value = "")]
        suggestions: String,
        /// 确认这是另一张同号的纸质票（同号各票均计为无效）
        #[arg(long)]
        duplicate: bool,
        /// 双人录入的第二遍
        #[arg(long)]
        second: bool,
    },
    /// 结束测评：封存测评票和计分规则，记录测评票指纹
    Close {
        #[arg(long)]
        campaign: String,
    },
    /// 重新开启已结束的测评（须写明原因，记入日志）
    Reopen {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        reason: String,
    },
    /// 导出结果：评议结果汇总表和每位书记的结果通知单（PDF）
    Results {
        #[arg(long)]
        campaign: String,
        #[arg(long, value_name = "FILE.pdf")]
        summary: Option<PathBuf>,
        #[arg(long, value_name = "FILE.pdf")]
        sheets: Option<PathBuf>,
    },
    /// 生成扫码测评的一次性测评码，打印为纸条（二维码 + 测评码，顺序打乱）
    Codes {
        #[arg(long)]
        campaign: String,
        /// 手机访问的地址，如 http://192.168.1.10:8080
        #[arg(long)]
        url: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// 扫码测评的参与情况：各类评议人已用测评码数（不含任何结果）
    Turnout {
        #[arg(long)]
        campaign: String,
    },
    /// 导出复核文件：计分规则（rules.json）和打乱顺序、不含任何个人信息的测评票（ballots.csv）
    Recount {
        #[arg(long)]
        campaign: String,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum ReportCommand {
    /// 检查报告质量：给出纯文本/Markdown 文件，或用 --report 检查数据库中的报告
    Check {
        /// 报告文件（.md 或 .txt，按“一、二、三、四、”或 # 标题分节）
        file: Option<PathBuf>,
        /// 数据库中的报告编号
        #[arg(long, conflicts_with = "file")]
        report: Option<String>,
    },
    /// 为一位书记开始起草报告（已有报告时给出其编号）
    Start {
        #[arg(long)]
        secretary: String,
    },
    /// 显示报告各节、审核意见、版本和检查结果
    Show {
        #[arg(long)]
        report: String,
    },
    /// 保存一节的内容（正文取自 --text 或 --file）
    Edit {
        #[arg(long)]
        report: String,
        /// 述职重点编号（见 `shuzhi report show`）
        #[arg(long)]
        section: String,
        #[arg(long, conflicts_with = "file")]
        text: Option<String>,
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// 把报告当前内容另存为一个版本
    SaveRevision {
        #[arg(long)]
        report: String,
        #[arg(long, default_value = "手动保存")]
        note: String,
    },
    /// 提交审核（草稿提交到第一级；退回的报告回到退回它的那一级）
    Submit {
        #[arg(long)]
        report: String,
    },
    /// 在报告当前所在层级作出审核结论
    Review {
        #[arg(long)]
        report: String,
        /// pass（通过）或 return（退回修改）
        #[arg(long, value_parser = ["pass", "return"])]
        decision: String,
        /// 审核人姓名
        #[arg(long)]
        reviewer: String,
        /// 审核意见，可多次给出；写成“述职重点编号:意见”即针对该节，否则针对全文
        #[arg(long)]
        comment: Vec<String>,
    },
    /// 导出报告为 PDF（A4，公文格式）
    Export {
        #[arg(long)]
        report: String,
        /// pdf（A4 公文格式）或 docx（Word，公文字体和版式）
        #[arg(long, default_value = "pdf", value_parser = ["pdf", "docx"])]
        format: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 比较同一报告的两个版本
    Compare {
        #[arg(long)]
        older: String,
        #[arg(long)]
        newer: String,
    },
}

#[derive(Debug, Subcommand)]
enum ProblemCommand {
    /// 列出一位书记的问题条目及措施
    List {
        #[arg(long)]
        secretary: String,
    },
    /// 为一位书记添加自查问题
    Add {
        #[arg(long)]
        secretary: String,
        #[command(flatten)]
        fields: ProblemArgs,
    },
    /// 修改问题
    Edit {
        #[arg(long)]
        problem: String,
        #[command(flatten)]
        fields: ProblemArgs,
    },
    /// 删除问题及其措施
    Delete {
        #[arg(long)]
        problem: String,
    },
    /// 按问题条目重写报告的问题和措施两部分（书记自己写的文字先另存为版本）
    RewriteSections {
        #[arg(long)]
        report: String,
    },
    /// 为问题添加整改措施
    AddMeasure {
        #[arg(long)]
        problem: String,
        #[command(flatten)]
        fields: MeasureArgs,
    },
    /// 修改整改措施
    EditMeasure {
        #[arg(long)]
        measure_id: String,
        #[command(flatten)]
        fields: MeasureArgs,
    },
    /// 删除整改措施
    DeleteMeasure {
        #[arg(long)]
        measure_id: String,
    },
}

#[derive(Debug, Subcommand)]
enum EvidenceCommand {
    /// 把文件附加到报告的某一节（--section）或某个问题条目（--problem）
    Attach {
        #[arg(long)]
        report: String,
        /// 述职重点编号
        #[arg(long, conflicts_with = "problem")]
        section: Option<String>,
        /// 问题编号
        #[arg(long)]
        problem: Option<String>,
        /// 说明
        #[arg(long, default_value = "")]
        description: String,
        /// 要附加的文件（图片、PDF、OFD、Office / WPS 文档，不超过 20 MB）
        file: PathBuf,
    },
    /// 列出报告的佐证材料
    List {
        #[arg(long)]
        report: String,
    },
    /// 把佐证材料的文件另存到指定位置
    Export {
        #[arg(long)]
        id: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 删除佐证材料（文件内容在没有任何记录引用后才删除）
    Delete {
        #[arg(long)]
        id: String,
    },
}

#[derive(Debug, Subcommand)]
enum ListsCommand {
    /// 显示三张清单（全年度或一位书记）
    Show {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        secretary: Option<String>,
    },
    /// 导出清单为 PDF（A4 横向，表头每页重复）
    Export {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        secretary: Option<String>,
        /// problems（问题清单）、responsibilities（责任清单）、rectifications（整改清单）或 all
        #[arg(long, default_value = "all", value_parser = ["problems", "responsibilities", "rectifications", "all"])]
        list: String,
        /// pdf（A4 横向）或 xlsx（Excel，含跟踪各栏）
        #[arg(long, default_value = "pdf", value_parser = ["pdf", "xlsx"])]
        format: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 审查整改措施：是否回应了问题和点评，是否有责任人、时限和可衡量的目标
    Review {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        secretary: Option<String>,
    },
    /// 修改整改状态（not_started 未开始 / in_progress 整改中 / ongoing 长期坚持；已完成请用 sign-off）
    Status {
        #[arg(long)]
        id: String,
        #[arg(long, value_parser = ["not_started", "in_progress", "ongoing"])]
        status: String,
    },
    /// 销号：填写销号日期、核验人和佐证
    SignOff {
        #[arg(long)]
        id: String,
        /// 销号日期，如 2024-06-30
        #[arg(long)]
        date: String,
        #[arg(long)]
        verifier: String,
        /// 核验时看到的材料
        #[arg(long)]
        evidence: String,
    },
    /// 记录一次督查（regular 定期 / spot 不定期抽查 / special 专项督查）
    Inspect {
        #[arg(long)]
        id: String,
        #[arg(long, value_parser = ["regular", "spot", "special"])]
        kind: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        inspector: String,
        #[arg(long)]
        findings: String,
    },
    /// 记录整改进展（日期、进展、佐证材料）
    Progress {
        #[arg(long)]
        id: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        note: String,
        #[arg(long)]
        evidence: String,
    },
    /// 把重复的问题并入另一个问题（措施、责任人、佐证随之合并）
    Merge {
        /// 保留的问题编号
        #[arg(long)]
        keep: String,
        /// 并入后删除的重复问题编号
        #[arg(long)]
        duplicate: String,
    },
    /// 调整问题在该书记清单中的顺序
    Move {
        #[arg(long)]
        problem: String,
        #[arg(long, conflicts_with = "down", required_unless_present = "down")]
        up: bool,
        #[arg(long)]
        down: bool,
    },
    /// 审核人签署清单（整改措施审查无错误时才可签署）
    Approve {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        secretary: Option<String>,
        #[arg(long)]
        reviewer: String,
        #[arg(long, default_value = "")]
        note: String,
    },
}

/// The fields of a problem on the command line.
#[derive(Debug, clap::Args)]
struct ProblemArgs {
    /// 问题的具体表现
    #[arg(long)]
    description: String,
    /// 原因分析
    #[arg(long, default_value = "")]
    cause: String,
    /// 类别，如 组织建设
    #[arg(long, default_value = "")]
    category: String,
}

/// The fields of a measure on the command line.
#[derive(Debug, clap::Args)]
struct MeasureArgs {
    /// 整改措施
    #[arg(long)]
    measure: String,
    /// 整改目标
    #[arg(long, default_value = "")]
    target: String,
    /// 责任人
    #[arg(long, default_value = "")]
    owner: String,
    /// 完成时限，如 2024-06-30
    #[arg(long, default_value = "")]
    due: String,
}

impl From<ProblemArgs> for shuzhi::problem_items::ProblemInput {
    fn from(args: ProblemArgs) -> Self {
        Self { category: args.category, description: args.description, cause: args.cause }
    }
}

impl From<MeasureArgs> for shuzhi::problem_items::MeasureInput {
    fn from(args: MeasureArgs) -> Self {
        Self { measure: args.measure, target: args.target, owner: args.owner, due: args.due }
    }
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
    let actor = cli.actor.clone().unwrap_or_else(default_actor);
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
            shuzhi::tally_files::parse_rules_file(&rules.display().to_string(), &read_limited(rules, TEXT)?)?;
        let input = shuzhi::tally_files::parse_ballots_csv(
            &ballots.display().to_string(),
            &read_limited(ballots, BALLOTS)?,
            &rules_file,
        )?;
        let outcome = shuzhi::scoring::tally(&rules_file.rules, &input);
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
        Command::Serve { campaign, bind } => {
            drop(store);
            let server = shuzhi::serve::VoteServer::start(&db_path, &campaign, &bind)?;
            let url = format!("http://{}", server.addr);
            emit(cli.json, &json!({ "url": url, "addr": server.addr.to_string() }), || {
                format!("扫码测评服务已开启：{url}（测评结束后自动停止，或按 Ctrl-C 停止）")
            });
            let _ = std::io::stdout().flush();
            server.wait();
            return Ok(());
        }
        Command::NewCampaign { year, title, organizer, meeting_date, copy_from } => {
            let input = shuzhi::planning::CampaignInput { year, title, organizer, meeting_date };
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
                    shuzhi::settings::set_campaign_cliches(&mut store, &campaign, Some(&phrases), &actor)?
                }
                (None, true) => shuzhi::settings::set_campaign_cliches(&mut store, &campaign, None, &actor)?,
                (None, false) => shuzhi::settings::campaign_cliches(&store, &campaign)?.0,
            };
            emit(cli.json, &list, || list.join("\n"));
        }
        Command::Backup { out } => {
            let (path, bytes) = match out {
                Some(path) => {
                    let bytes = shuzhi::store::backup::backup_to(store.conn(), &path)?;
                    (path, bytes)
                }
                None => {
                    let path = shuzhi::store::backup::manual_backup_path(&db_path);
                    let bytes = shuzhi::store::backup::backup_to(store.conn(), &path)?;
                    (path, bytes)
                }
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

fn run_report(store: &mut Store, action: ReportCommand, json: bool, actor: &str) -> Result<(), Error> {
    match action {
        ReportCommand::Check { file, report } => {
            let result = match (file, report) {
                (_, Some(report)) => reporting::check_stored_report(store, &report)?,
                (Some(file), None) => check_report_file(&file)?,
                (None, None) => {
                    return Err(Error::Conflict {
                        message: "请给出要检查的报告文件，或用 --report 指定数据库中的报告编号。".into(),
                    });
                }
            };
            emit(json, &result, || describe_check(&result));
        }
        ReportCommand::Start { secretary } => {
            let id = reporting::start_report(store, &secretary, actor)?;
            emit(json, &json!({ "report_id": id }), || format!("报告编号：{id}"));
        }
        ReportCommand::Show { report } => {
            let editor = reporting::report_editor(store, &report)?;
            emit(json, &editor, || {
                let mut lines = vec![format!(
                    "{}  {}  {}（{}/{} 字）",
                    editor.secretary_name,
                    editor.organization_name,
                    editor.status_text,
                    editor.check.total_chars,
                    editor.report_char_budget
                )];
                for section in &editor.sections {
                    lines.push(format!("\n[{}] {}\n{}", section.focus_point_id, section.title, section.body));
                    for comment in &section.comments {
                        lines.push(format!("  ▶ {}（{}）：{}", comment.level_name, comment.reviewer, comment.text));
                    }
                }
                lines.push(String::new());
                lines.push(describe_check(&editor.check));
                lines.join("\n")
            });
        }
        ReportCommand::Edit { report, section, text, file } => {
            let body = match (text, file) {
                (Some(text), _) => text,
                (None, Some(file)) => shuzhi::files::read_text_limited(&file, shuzhi::files::TEXT)?,
                (None, None) => {
                    return Err(Error::Conflict {
                        message: "请用 --text 或 --file 给出该节的正文。".into()
                    });
                }
            };
            let saved_at = reporting::save_section(store, &report, &section, &body)?;
            emit(json, &json!({ "saved_at": saved_at }), || format!("已保存（{saved_at}）。"));
        }
        ReportCommand::SaveRevision { report, note } => {
            let revision = reporting::save_revision(store, &report, actor, &note)?;
            emit(json, &json!({ "revision_id": revision.id, "number": revision.number }), || {
                format!("已保存为第 {} 版（{}）。", revision.number, revision.id)
            });
        }
        ReportCommand::Submit { report } => {
            reporting::submit_report(store, &report, actor)?;
            let editor = reporting::report_editor(store, &report)?;
            emit(json, &json!({ "status": editor.status, "status_text": editor.status_text }), || {
                format!("已提交：{}。", editor.status_text)
            });
        }
        ReportCommand::Review { report, decision, reviewer, comment } => {
            let comments = comment
                .iter()
                .map(|c| match c.split_once(':').or_else(|| c.split_once('：')) {
                    Some((point, text)) if !point.contains(char::is_whitespace) && !point.is_empty() => {
                        reporting::ReviewCommentInput {
                            focus_point_id: Some(point.to_string()),
                            text: text.to_string(),
                        }
                    }
                    _ => reporting::ReviewCommentInput { focus_point_id: None, text: c.clone() },
                })
                .collect();
            let decision =
                if decision == "pass" { domain::ApprovalDecision::Passed } else { domain::ApprovalDecision::Returned };
            reporting::review_report(store, &report, &reporting::ReviewInput { decision, reviewer, comments })?;
            let editor = reporting::report_editor(store, &report)?;
            emit(json, &json!({ "status": editor.status, "status_text": editor.status_text }), || {
                format!("已记录审核结论：{}。", editor.status_text)
            });
        }
        ReportCommand::Export { report, format, out } => {
            let bytes = if format == "docx" {
                shuzhi::report_docx::report_docx(store, &report)?
            } else {
                shuzhi::report_pdf::report_pdf(store, &report)?
            };
            shuzhi::files::write_atomically(&out, &bytes)?;
            emit(json, &json!({ "out": out, "bytes": bytes.len() }), || {
                format!("已导出报告到 {}（{} KB）。", out.display(), bytes.len() / 1024)
            });
        }
        ReportCommand::Compare { older, newer } => {
            let comparison = reporting::compare_revisions(store, &older, &newer)?;
            emit(json, &comparison, || {
                let mut lines = vec![format!(
                    "第 {} 版 → 第 {} 版（[-删除-] {{+新增+}}）",
                    comparison.older.number, comparison.newer.number
                )];
                for section in comparison.sections.iter().filter(|s| s.changed) {
                    let text: String = section
                        .runs
                        .iter()
                        .map(|run| match run.kind {
                            reporting::DiffKind::Same => run.text.clone(),
                            reporting::DiffKind::Removed => format!("[-{}-]", run.text),
                            reporting::DiffKind::Added => format!("{{+{}+}}", run.text),
                        })
                        .collect();
                    lines.push(format!("\n{}\n{text}", section.title));
                }
                if comparison.sections.iter().all(|s| !s.changed) {
                    lines.push("两个版本内容相同。".into());
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

fn run_lists(store: &mut Store, action: ListsCommand, json: bool, actor: &str) -> Result<(), Error> {
    use shuzhi::lists::{self, ListKind};
    match action {
        ListsCommand::Show { campaign, secretary } => {
            let built = lists::build_lists(store, &campaign, secretary.as_deref(), today())?;
            emit(json, &built, || {
                let mut lines = Vec::new();
                for kind in ListKind::ALL {
                    lines.push(format!("【{}】", kind.label()));
                    for row in shuzhi::lists_pdf::rows(&built, kind) {
                        lines.push(row.join(" | "));
                    }
                }
                lines.push(format!("整改完成率 {}%", built.completion_percent));
                lines.join("\n")
            });
        }
        ListsCommand::Export { campaign, secretary, list, format, out } => {
            let kinds: Vec<ListKind> = if list == "all" { ListKind::ALL.to_vec() } else { vec![parse_enum(&list)] };
            let built = lists::build_lists(store, &campaign, secretary.as_deref(), today())?;
            let bytes = if format == "xlsx" {
                shuzhi::xlsx_export::lists_xlsx(&built, &kinds)?
            } else {
                shuzhi::lists_pdf::lists_pdf(&built, &kinds, today())?
            };
            shuzhi::files::write_atomically(&out, &bytes)?;
            emit(json, &json!({ "out": out, "bytes": bytes.len() }), || {
                format!("已导出清单到 {}（{} KB）。", out.display(), bytes.len() / 1024)
            });
        }
        ListsCommand::Review { campaign, secretary } => {
            let findings = lists::review_measures(store, &campaign, secretary.as_deref())?;
            emit(json, &json!({ "findings": findings }), || {
                if findings.is_empty() {
                    return "整改措施审查未发现问题。".into();
                }
                findings
                    .iter()
                    .map(|f| {
                        format!(
                            "{} {} 【{}】{}",
                            if f.severity == checks::Severity::Error { "错误" } else { "提醒" },
                            f.rule,
                            f.section.as_deref().unwrap_or(""),
                            f.message
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        ListsCommand::Status { id, status } => {
            let status: domain::RectificationStatus = parse_enum(&status);
            lists::set_status(store, &id, status, actor)?;
            emit(json, &json!({ "id": id, "status": status }), || format!("整改状态已改为“{}”。", status.label()));
        }
        ListsCommand::SignOff { id, date, verifier, evidence } => {
            lists::sign_off(store, &id, &date, &verifier, &evidence, actor)?;
            emit(json, &json!({ "id": id, "signed_off_on": date }), || {
                format!("已销号（{date}，核验人 {verifier}）。")
            });
        }
        ListsCommand::Inspect { id, kind, date, inspector, findings } => {
            let kind: domain::InspectionKind = parse_enum(&kind);
            let inspection = lists::add_inspection(store, &id, kind, &date, &inspector, &findings)?;
            emit(json, &json!({ "id": inspection }), || format!("已记录督查（{inspection}）。"));
        }
        ListsCommand::Progress { id, date, note, evidence } => {
            let note_id = lists::add_progress(store, &id, &date, &note, &evidence, actor)?;
            emit(json, &json!({ "id": note_id }), || format!("已记录整改进展（{note_id}）。"));
        }
        ListsCommand::Merge { keep, duplicate } => {
            lists::merge_problems(store, &keep, &duplicate, actor)?;
            emit(json, &json!({ "kept": keep }), || format!("已把重复问题并入 {keep}。"));
        }
        ListsCommand::Move { problem, up, .. } => {
            lists::move_problem(store, &problem, up, actor)?;
            emit(json, &json!({ "moved": problem }), || if up { "已上移。" } else { "已下移。" }.to_string());
        }
        ListsCommand::Approve { campaign, secretary, reviewer, note } => {
            let signed = lists::sign_off_lists(store, &campaign, secretary.as_deref(), &reviewer, &note, actor)?;
            emit(json, &signed, || format!("{} 已签署清单（{}）。", signed.reviewer, signed.signed_at));
        }
    }
    Ok(())
}

fn run_problem(store: &mut Store, action: ProblemCommand, json: bool, actor: &str) -> Result<(), Error> {
    use shuzhi::problem_items as items;
    let done = |id: &str, what: &str| emit(json, &json!({ "id": id }), || format!("{what}（{id}）。"));
    match action {
        ProblemCommand::RewriteSections { report } => {
            shuzhi::reporting::rewrite_sections_from_items(store, &report, actor)?;
            done(&report, "已按问题条目重写问题和措施两部分，原来的文字已另存为一个版本");
        }
        ProblemCommand::List { secretary } => {
            let list = items::problem_items(store, &secretary)?;
            emit(json, &list, || {
                let mut lines = Vec::new();
                for (i, item) in list.iter().enumerate() {
                    lines.push(format!(
                        "{}. [{}] {}  原因：{}  [{}]",
                        i + 1,
                        item.source_label(),
                        item.description,
                        item.cause,
                        item.problem_id
                    ));
                    for m in &item.measures {
                        lines.push(format!(
                            "   - {}  目标：{}  责任人：{}  时限：{}  [{}]",
                            m.measure,
                            m.target,
                            m.owner,
                            m.due.as_deref().unwrap_or("未定"),
                            m.rectification_id
                        ));
                    }
                }
                if lines.is_empty() { "还没有问题条目。".into() } else { lines.join("\n") }
            });
        }
        ProblemCommand::Add { secretary, fields } => {
            let id = items::add_problem(store, &secretary, &fields.into(), actor)?;
            done(&id, "已添加问题");
        }
        ProblemCommand::Edit { problem, fields } => {
            items::update_problem(store, &problem, &fields.into(), actor)?;
            done(&problem, "已修改问题");
        }
        ProblemCommand::Delete { problem } => {
            items::delete_problem(store, &problem, actor)?;
            done(&problem, "已删除问题及其措施");
        }
        ProblemCommand::AddMeasure { problem, fields } => {
            let id = items::add_measure(store, &problem, &fields.into(), actor)?;
            done(&id, "已添加整改措施");
        }
        ProblemCommand::EditMeasure { measure_id, fields } => {
            items::update_measure(store, &measure_id, &fields.into(), actor)?;
            done(&measure_id, "已修改整改措施");
        }
        ProblemCommand::DeleteMeasure { measure_id } => {
            items::delete_measure(store, &measure_id, actor)?;
            done(&measure_id, "已删除整改措施");
        }
    }
    Ok(())
}

fn run_evidence(store: &mut Store, action: EvidenceCommand, json: bool, actor: &str) -> Result<(), Error> {
    use shuzhi::evidence::{self, EvidenceTarget};
    match action {
        EvidenceCommand::Attach { report, section, problem, description, file } => {
            let bytes = shuzhi::files::read_limited(&file, shuzhi::files::EVIDENCE)?;
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let target = EvidenceTarget { focus_point_id: section, problem_id: problem };
            let attached = evidence::attach_evidence(store, &report, &target, &name, &bytes, &description, actor)?;
            emit(json, &attached, || {
                format!("已附加“{}”（{} 字节，编号 {}）。", attached.file_name, attached.size_bytes, attached.id)
            });
        }
        EvidenceCommand::List { report } => {
            let listed = evidence::list_evidence(store, &report)?;
            emit(json, &listed, || {
                if listed.is_empty() {
                    return "还没有佐证材料。".into();
                }
                listed
                    .iter()
                    .map(|e| {
                        let here = if e.has_content { "" } else { "（本机无文件内容）" };
                        format!(
                            "{}  {}  {} 字节  支撑：{}{here}  [{}]",
                            e.file_name, e.media_type, e.size_bytes, e.supports, e.evidence_id
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        EvidenceCommand::Export { id, out } => {
            let (file_name, _, bytes) = evidence::evidence_bytes(store, &id)?;
            shuzhi::files::write_atomically(&out, &bytes)?;
            emit(json, &json!({ "out": out, "bytes": bytes.len() }), || {
                format!("已把“{file_name}”另存为 {}（{} 字节）。", out.display(), bytes.len())
            });
        }
        EvidenceCommand::Delete { id } => {
            evidence::delete_evidence(store, &id, actor)?;
            emit(json, &json!({ "deleted": id }), || format!("已删除佐证材料 {id}。"));
        }
    }
    Ok(())
}

/// Checks a plain-text or Markdown report against the default outline and settings.
fn check_report_file(file: &std::path::Path) -> Result<checks::CheckReport, Error> {
    let bytes = shuzhi::files::read_limited(file, shuzhi::files::TEXT)?;
    let unreadable = |problem: &str, fix: &str| Error::InvalidImport {
        file: file.display().to_string(),
        place: String::new(),
        problem: problem.into(),
        fix: fix.into(),
    };
    let text = String::from_utf8(bytes).map_err(|_| {
        unreadable("内容不是 UTF-8 编码的文本", "请把报告另存为 UTF-8 编码的 .txt 或 .md 文件后再检查。")
    })?;
    let points = checks::default_focus_points();
    let sections = checks::sections_from_text(&text, &points);
    if sections.iter().all(|(_, body)| body.is_empty()) {
        return Err(unreadable(
            "没有找到任何章节",
            "请用“一、……”“二、存在的问题及原因分析”等标题（或 Markdown 的 # 标题）分节后再检查。",
        ));
    }
    let inputs: Vec<checks::SectionInput<'_>> = sections
        .iter()
        .map(|(point, body)| checks::SectionInput { focus_point: point, body, evidence: None })
        .collect();
    Ok(checks::check_report(&inputs, &checks::CheckSettings::default()))
}

/// The check result as lines for people.
fn describe_check(result: &checks::CheckReport) -> String {
    let mut lines = vec![format!(
        "全文 {} 字，预计述职用时 {} 分 {} 秒。",
        result.total_chars,
        result.total_speaking_seconds / 60,
        result.total_speaking_seconds % 60
    )];
    for section in &result.sections {
        lines.push(format!("  {}：{}/{} 字，{} 条", section.title, section.chars, section.char_budget, section.items));
    }
    if result.findings.is_empty() {
        lines.push("未发现问题。".into());
    }
    for finding in &result.findings {
        let severity = if finding.severity == checks::Severity::Error { "错误" } else { "提醒" };
        let place = finding.section.as_deref().map(|s| format!("【{s}】")).unwrap_or_default();
        lines.push(format!("{severity} {} {place}{}", finding.rule, finding.message));
    }
    lines.join("\n")
}

/// Prints `value` as JSON, or the human text `describe` makes.
/// Prints a tally: per secretary the counts (好/较好/一般/差), invalid rows, score, grade and
/// whether the annual 考核 may rate them 优秀.
fn print_tally(json: bool, outcome: &shuzhi::scoring::TallyOutcome, results: Option<&shuzhi::meeting::MeetingResults>) {
    let secretaries: Vec<serde_json::Value> = outcome
        .secretaries
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let person = results.and_then(|m| m.people.get(i));
            json!({
                "secretary": r.label,
                "secretary_id": person.map(|p| p.secretary_id.clone()),
                "counts": { "好": r.counts.good, "较好": r.counts.fairly_good, "一般": r.counts.fair, "差": r.counts.poor },
                "valid": r.valid,
                "invalid": r.invalid,
                "score": r.score,
                "grade": r.grade.map(|g| g.label()),
                "vetoed": r.veto.is_some(),
                "rank": r.rank,
                "excellent_allowed": r.excellent_allowed,
            })
        })
        .collect();
    let value = json!({
        "closed": results.map(|m| m.closure.is_some()),
        "rules_version": results.map(|m| m.rules_version),
        "formula": outcome.formula,
        "ballots": outcome.ballots_total,
        "valid_ballots": outcome.ballots_valid,
        "invalid_ballots": outcome.invalid_ballots.iter().map(|b| json!({
            "serial": b.serial, "category": b.category, "reason": b.reason_label
        })).collect::<Vec<_>>(),
        "fingerprint": outcome.fingerprint,
        "secretaries": secretaries,
    });
    emit(json, &value, || {
        let mut lines = vec![
            outcome.formula.clone(),
            format!(
                "测评票 {} 张，有效 {} 张，无效 {} 张；指纹 {}",
                outcome.ballots_total,
                outcome.ballots_valid,
                outcome.invalid_ballots.len(),
                outcome.fingerprint
            ),
        ];
        if results.is_some_and(|m| m.closure.is_none()) {
            lines.push("（测评尚未结束，以下为预览，不作为正式结果）".into());
        }
        for r in &outcome.secretaries {
            lines.push(format!(
                "{}  好 {} 较好 {} 一般 {} 差 {}  无效 {}  得分 {}  等次 {}  名次 {}{}",
                r.label,
                r.counts.good,
                r.counts.fairly_good,
                r.counts.fair,
                r.counts.poor,
                r.invalid,
                r.score.map_or_else(|| "—".into(), |s| format!("{s:.2}")),
                shuzhi::meeting::grade_label(r.grade),
                r.rank.map_or_else(|| "—".into(), |n| n.to_string()),
                if r.excellent_allowed { "" } else { "  不得评为优秀" }
            ));
        }
        for b in &outcome.invalid_ballots {
            lines.push(format!("无效票 {}（{}）：{}", b.serial, b.category, b.reason_label));
        }
        lines.join("\n")
    });
}

fn parse_marks(text: &str) -> Result<Vec<shuzhi::scoring::Mark>, Error> {
    use shuzhi::domain::Grade;
    use shuzhi::scoring::Mark;
    text.chars()
        .filter(|c| !matches!(c, ',' | ' '))
        .map(|c| match c {
            '1' => Ok(Mark::Grade(Grade::Good)),
            '2' => Ok(Mark::Grade(Grade::FairlyGood)),
            '3' => Ok(Mark::Grade(Grade::Fair)),
            '4' => Ok(Mark::Grade(Grade::Poor)),
            '0' => Ok(Mark::Blank),
            '5' => Ok(Mark::Multiple),
            other => Err(Error::Invalid {
                message: format!(
                    "--marks 中的“{other}”无效：每人一位数字，1 好、2 较好、3 一般、4 差、0 空白、5 多选。"
                ),
            }),
        })
        .collect()
}

fn run_meeting(store: &mut Store, action: MeetingCommand, json: bool, actor: &str) -> Result<(), Error> {
    use shuzhi::meeting;
    match action {
        MeetingCommand::Show { campaign } => {
            let view = meeting::meeting_view(store, &campaign)?;
            emit(json, &view, || {
                let mut lines = vec![format!("{}  每人述职 {} 分钟", view.title, view.speaking_minutes)];
                for (i, a) in view.agenda.iter().enumerate() {
                    lines.push(format!("{:>2}. {}  {}{}  {}", i + 1, a.label, a.unit, a.title, a.secretary_id));
                }
                for c in &view.categories {
                    lines.push(format!(
                        "评议人：{}（{}）权重 {}%，计划 {} 人，已印 {} 张，已录 {} 张",
                        c.category.name,
                        c.category.id,
                        c.category.weight_percent,
                        c.category.planned_size,
                        c.sheets,
                        c.ballots
                    ));
                }
                lines.push(match &view.closure {
                    Some(c) => format!("测评已结束（{}），指纹 {}", c.closed_at, c.fingerprint),
                    None => format!("测评进行中：已录入 {} 张票", view.ballots.len()),
                });
                lines.join("\n")
            });
        }
        MeetingCommand::Agenda { campaign, order } => {
            meeting::set_agenda(store, &campaign, &order, actor)?;
            emit(json, &json!({ "agenda": order }), || format!("已设定述职顺序（{} 人）。", order.len()));
        }
        MeetingCommand::Comment { secretary, commenter, points, direction, responsibility } => {
            let input = meeting::CommentInput { commenter, shortcomings: points, direction, responsibility };
            let id = meeting::save_comment(store, &secretary, &input, actor)?;
            emit(json, &json!({ "comment_id": id }), || format!("已保存点评（编号 {id}）。"));
        }
        MeetingCommand::CommentToProblem { comment, point, category } => {
            if point == 0 {
                return Err(Error::Invalid { message: "--point 从 1 开始计数。".into() });
            }
            let id = meeting::comment_point_to_problem(store, &comment, point - 1, &category, actor)?;
            emit(json, &json!({ "problem_id": id }), || format!("已转为问题（编号 {id}），来源：上级点评。"));
        }
        MeetingCommand::Rules { campaign, preset, file } => {
            let rules = match (preset, file) {
                (Some(key), _) => Some(shuzhi::scoring::preset_rules(&key).ok_or_else(|| Error::Invalid {
                    message: format!("没有名为“{key}”的预设。可选：weighted、good_share、satisfaction。"),
                })?),
                (None, Some(path)) => {
                    let bytes = shuzhi::files::read_limited(&path, shuzhi::files::TEXT)?;
                    Some(serde_json::from_slice(&bytes).map_err(|e| Error::Invalid {
                        message: format!(
                            "计分规则文件 {} 有误：{e}。请对照 docs/tally-formats.md 修正。",
                            path.display()
                        ),
                    })?)
                }
                (None, None) => None,
            };
            if let Some(rules) = rules {
                let version = meeting::save_rules(store, &campaign, &rules, actor)?;
                emit(json, &json!({ "version": version, "rules": rules }), || {
                    format!("已保存计分规则第 {version} 版：{}", rules.describe())
                });
            } else {
                let view = meeting::meeting_view(store, &campaign)?;
                emit(
                    json,
                    &json!({ "version": view.rules_version, "rules": view.rules, "versions": view.rules_versions }),
                    || format!("计分规则第 {} 版：{}", view.rules_version, view.rules.describe()),
                );
            }
        }
        MeetingCommand::Sheets { campaign, out } => {
            let bytes = shuzhi::meeting_pdf::sheets_pdf(store, &campaign, actor)?;
            shuzhi::files::write_atomically(&out, &bytes)?;
            emit(json, &json!({ "out": out, "bytes": bytes.len() }), || {
                format!("已生成测评表 {}（{} KB）。", out.display(), bytes.len() / 1024)
            });
        }
        MeetingCommand::Ballot { campaign, serial, category, marks, suggestions, duplicate, second } => {
            let marks = parse_marks(&marks)?;
            let dims = store::campaigns::get_campaign(store.conn(), &campaign)?.dimensions.len();
            let dimension_marks =
                if dims == 0 { Vec::new() } else { vec![vec![shuzhi::scoring::Mark::Blank; dims]; marks.len()] };
            let input =
                meeting::BallotInput { serial, category_id: category, marks, dimension_marks, suggestions, duplicate };
            if second {
                let differences = meeting::enter_check(store, &campaign, &input, actor)?;
                emit(json, &json!({ "differences": differences }), || {
                    if differences.is_empty() {
                        "第二遍录入与第一遍一致。".into()
                    } else {
                        differences
                            .iter()
                            .map(|d| {
                                format!("票号 {} {}：第一遍“{}”，第二遍“{}”", d.serial, d.field, d.first, d.second)
                            })
                            .collect::<Vec<_>>()
                            .join("\n")
                    }
                });
            } else {
                let entered = meeting::enter_ballot(store, &campaign, &input, actor)?;
                emit(json, &entered, || {
                    let mut lines = vec![format!("已录入（编号 {}）。", entered.ballot_id)];
                    lines.extend(entered.warnings.iter().map(|w| format!("注意：{w}")));
                    lines.join("\n")
                });
            }
        }
        MeetingCommand::Close { campaign } => {
            let closure = meeting::close_vote(store, &campaign, actor)?;
            emit(json, &closure, || format!("测评已结束并封存。测评票指纹（SHA-256）：{}", closure.fingerprint));
        }
        MeetingCommand::Reopen { campaign, reason } => {
            meeting::reopen_vote(store, &campaign, &reason, actor)?;
            emit(json, &json!({ "reopened": true }), || "测评已重新开启，原因已记入日志。".into());
        }
        MeetingCommand::Results { campaign, summary, sheets } => {
            let mut written = Vec::new();
            if let Some(out) = summary {
                let bytes = shuzhi::meeting_pdf::summary_pdf(store, &campaign, today())?;
                shuzhi::files::write_atomically(&out, &bytes)?;
                written.push(json!({ "out": out, "bytes": bytes.len() }));
            }
            if let Some(out) = sheets {
                let bytes = shuzhi::meeting_pdf::secretary_sheets_pdf(store, &campaign, None, today())?;
                shuzhi::files::write_atomically(&out, &bytes)?;
                written.push(json!({ "out": out, "bytes": bytes.len() }));
            }
            if written.is_empty() {
                return Err(Error::Invalid {
                    message: "请用 --summary 或 --sheets 指定要导出的 PDF 文件。".into()
                });
            }
            emit(json, &written, || format!("已导出 {} 个文件。", written.len()));
        }
        MeetingCommand::Codes { campaign, url, out } => {
            let bytes = shuzhi::lan_vote::slips_pdf(store, &campaign, &url, actor)?;
            shuzhi::files::write_atomically(&out, &bytes)?;
            let codes = store::meeting::list_codes(store.conn(), &campaign)?;
            emit(json, &json!({ "out": out, "codes": codes.len() }), || {
                format!("已生成测评码纸条 {}（共 {} 个测评码）。", out.display(), codes.len())
            });
        }
        MeetingCommand::Turnout { campaign } => {
            let turnout = shuzhi::lan_vote::turnout(store, &campaign)?;
            emit(json, &turnout, || {
                let mut lines = vec![format!("已提交 {} / {}", turnout.used, turnout.issued)];
                lines.extend(turnout.categories.iter().map(|c| format!("  {}：{} / {}", c.name, c.used, c.issued)));
                lines.join("\n")
            });
        }
        MeetingCommand::Recount { campaign, out } => {
            let (rules, ballots) = shuzhi::tally_files::recount_files(store, &campaign)?;
            std::fs::create_dir_all(&out).map_err(|e| Error::Io { path: out.clone(), source: e })?;
            let rules_path = out.join("rules.json");
            let ballots_path = out.join("ballots.csv");
            shuzhi::files::write_atomically(&rules_path, &rules)?;
            shuzhi::files::write_atomically(&ballots_path, &ballots)?;
            emit(json, &json!({ "rules": rules_path, "ballots": ballots_path }), || {
                format!(
                    "已导出复核文件：{} 和 {}。复核：shuzhi tally --rules {} --ballots {}",
                    rules_path.display(),
                    ballots_path.display(),
                    rules_path.display(),
                    ballots_path.display()
                )
            });
        }
    }
    Ok(())
}

fn emit<T: Serialize>(json: bool, value: &T, describe: impl FnOnce() -> String) {
    let mut out = std::io::stdout().lock();
    let text = if json { serde_json::to_string_pretty(value).expect("reports always serialize") } else { describe() };
    let _ = writeln!(out, "{text}");
}

fn default_actor() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "本机用户".to_string())
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
