//! `shuzhi problem …`: a secretary's problem items (问题 + 原因 + 措施).

use super::*;

#[derive(Debug, Subcommand)]
pub(crate) enum ProblemCommand {
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

/// The fields of a problem on the command line.
#[derive(Debug, clap::Args)]
pub(crate) struct ProblemArgs {
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
pub(crate) struct MeasureArgs {
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

impl From<ProblemArgs> for shuzhi::lists::items::ProblemInput {
    fn from(args: ProblemArgs) -> Self {
        Self { category: args.category, description: args.description, cause: args.cause }
    }
}

impl From<MeasureArgs> for shuzhi::lists::items::MeasureInput {
    fn from(args: MeasureArgs) -> Self {
        Self { measure: args.measure, target: args.target, owner: args.owner, due: args.due }
    }
}

pub(crate) fn run_problem(cx: &Cx, action: ProblemCommand) -> CommandResult<()> {
    use commands::lists as items;
    let (s, json) = (&cx.session, cx.json);
    let done = |id: &str, what: &str| emit(json, &json!({ "id": id }), || format!("{what}（{id}）。"));
    match action {
        ProblemCommand::RewriteSections { report } => {
            items::rewrite_sections_from_items(s, report.clone())?;
            done(&report, "已按问题条目重写问题和措施两部分，原来的文字已另存为一个版本");
        }
        ProblemCommand::List { secretary } => {
            let list = items::problem_items(s, secretary)?;
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
            let id = items::add_problem(s, secretary, fields.into())?;
            done(&id, "已添加问题");
        }
        ProblemCommand::Edit { problem, fields } => {
            items::update_problem(s, problem.clone(), fields.into())?;
            done(&problem, "已修改问题");
        }
        ProblemCommand::Delete { problem } => {
            items::delete_problem(s, problem.clone())?;
            done(&problem, "已删除问题及其措施");
        }
        ProblemCommand::AddMeasure { problem, fields } => {
            let id = items::add_measure(s, problem, fields.into())?;
            done(&id, "已添加整改措施");
        }
        ProblemCommand::EditMeasure { measure_id, fields } => {
            items::update_measure(s, measure_id.clone(), fields.into())?;
            done(&measure_id, "已修改整改措施");
        }
        ProblemCommand::DeleteMeasure { measure_id } => {
            items::delete_measure(s, measure_id.clone())?;
            done(&measure_id, "已删除整改措施");
        }
    }
    Ok(())
}
