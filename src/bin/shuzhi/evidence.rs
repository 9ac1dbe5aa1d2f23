//! `shuzhi evidence …`: attaching, listing, copying out and deleting 佐证材料.

use super::*;

#[derive(Debug, Subcommand)]
pub(crate) enum EvidenceCommand {
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

pub(crate) fn run_evidence(cx: &Cx, action: EvidenceCommand) -> CommandResult<()> {
    use commands::evidence;
    use shuzhi::report::evidence::EvidenceTarget;
    let (s, json) = (&cx.session, cx.json);
    match action {
        EvidenceCommand::Attach { report, section, problem, description, file } => {
            let (_, content) = read_as_page_sends(&file, shuzhi::files::EVIDENCE)?;
            let target = EvidenceTarget { focus_point_id: section, problem_id: problem };
            let attached = evidence::attach_evidence(s, report, target, shell::file_name(&file), content, description)?;
            emit(json, &attached, || {
                format!(
                    "已附加“{}”（{} 字节，编号 {}）。",
                    attached.file_name, attached.size_bytes, attached.evidence_id
                )
            });
        }
        EvidenceCommand::List { report } => {
            let listed = evidence::list_evidence(s, report)?;
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
            use base64::Engine;
            let content = evidence::evidence_content(s, id)?;
            let bytes = base64::engine::general_purpose::STANDARD.decode(content.base64.as_bytes()).map_err(|_| {
                Error::Invalid { message: format!("佐证材料“{}”的内容无法读出。", content.file_name) }
            })?;
            let file_name = content.file_name;
            shuzhi::files::write_atomically(&out, &bytes)?;
            emit(json, &json!({ "out": out, "bytes": bytes.len() }), || {
                format!("已把“{file_name}”另存为 {}（{} 字节）。", out.display(), bytes.len())
            });
        }
        EvidenceCommand::Delete { id } => {
            evidence::delete_evidence(s, id.clone())?;
            emit(json, &json!({ "deleted": id }), || format!("已删除佐证材料 {id}。"));
        }
    }
    Ok(())
}
