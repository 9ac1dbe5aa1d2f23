//! `shuzhi lists …`: the 问题清单 / 责任清单 / 整改清单, tracking, 销号 and export.

use super::*;

#[derive(Debug, Subcommand)]
pub(crate) enum ListsCommand {
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
        /// 佐证文件（图片、PDF 等），存入该书记报告的佐证材料
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// 撤销一项整改措施最后一次的状态修改（含销号），并记入日志
    Undo {
        #[arg(long)]
        id: String,
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

pub(crate) fn run_lists(cx: &Cx, action: ListsCommand) -> CommandResult<()> {
    use commands::lists;
    use shuzhi::lists::ListKind;
    let (s, json) = (&cx.session, cx.json);
    match action {
        ListsCommand::Show { campaign, secretary } => {
            let built = lists::build_lists(s, campaign, secretary)?;
            emit(json, &built, || {
                let mut lines = Vec::new();
                for kind in ListKind::ALL {
                    lines.push(format!("【{}】", kind.label()));
                    for row in shuzhi::lists::pdf::rows(&built, kind) {
                        lines.push(row.join(" | "));
                    }
                }
                lines.push(format!("整改完成率 {}%", built.completion_percent));
                lines.join("\n")
            });
        }
        ListsCommand::Export { campaign, secretary, list, format, out } => {
            let kinds: Vec<ListKind> = if list == "all" { ListKind::ALL.to_vec() } else { vec![parse_enum(&list)] };
            let bytes = if format == "xlsx" {
                if list != "all" {
                    return Err(Error::Invalid {
                        message: "Excel 工作簿总是包含三张清单（各占一页）：请去掉 --list，或改用 --format pdf。"
                            .into(),
                    }
                    .into());
                }
                cx.export_to(&out, |s| lists::export_lists_xlsx(s, campaign, secretary))?
            } else {
                cx.export_to(&out, |s| lists::export_lists_pdf(s, campaign, secretary, kinds))?
            };
            emit(json, &json!({ "out": out, "bytes": bytes }), || {
                format!("已导出清单到 {}（{} KB）。", out.display(), bytes / 1024)
            });
        }
        ListsCommand::Review { campaign, secretary } => {
            let findings = lists::review_measures(s, campaign, secretary)?;
            emit(json, &json!({ "findings": findings }), || {
                if findings.is_empty() {
                    return "整改措施审查未发现问题。".into();
                }
                findings
                    .iter()
                    .map(|f| {
                        format!(
                            "{} {} 【{}】{}",
                            f.severity.label(),
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
            lists::set_rectification_status(s, id.clone(), status)?;
            emit(json, &json!({ "id": id, "status": status }), || format!("整改状态已改为“{}”。", status.label()));
        }
        ListsCommand::SignOff { id, date, verifier, evidence, file } => {
            match file {
                Some(file) => {
                    let (_, content) = read_as_page_sends(&file, shuzhi::files::EVIDENCE)?;
                    let name = shell::file_name(&file);
                    lists::sign_off_with_file(s, id.clone(), date.clone(), verifier.clone(), evidence, name, content)?;
                }
                None => lists::sign_off_rectification(s, id.clone(), date.clone(), verifier.clone(), evidence)?,
            }
            emit(json, &json!({ "id": id, "signed_off_on": date }), || {
                format!("已销号（{date}，核验人 {verifier}）。")
            });
        }
        ListsCommand::Undo { id } => {
            let words = lists::undo_status_change(s, id.clone())?;
            emit(json, &json!({ "id": id, "undone": words }), || format!("{words}。"));
        }
        ListsCommand::Inspect { id, kind, date, inspector, findings } => {
            let kind: domain::InspectionKind = parse_enum(&kind);
            let inspection = lists::add_inspection(s, id, kind, date, inspector, findings)?;
            emit(json, &json!({ "id": inspection }), || format!("已记录督查（{inspection}）。"));
        }
        ListsCommand::Progress { id, date, note, evidence } => {
            let note_id = lists::add_progress(s, id, date, note, evidence)?;
            emit(json, &json!({ "id": note_id }), || format!("已记录整改进展（{note_id}）。"));
        }
        ListsCommand::Merge { keep, duplicate } => {
            lists::merge_problems(s, keep.clone(), duplicate)?;
            emit(json, &json!({ "kept": keep }), || format!("已把重复问题并入 {keep}。"));
        }
        ListsCommand::Move { problem, up, .. } => {
            lists::move_problem(s, problem.clone(), up)?;
            emit(json, &json!({ "moved": problem }), || if up { "已上移。" } else { "已下移。" }.to_string());
        }
        ListsCommand::Approve { campaign, secretary, reviewer, note } => {
            let signed = lists::sign_off_lists(s, campaign, secretary, reviewer, note)?;
            emit(json, &signed, || format!("{} 已签署清单（{}）。", signed.reviewer, signed.signed_at));
        }
    }
    Ok(())
}
