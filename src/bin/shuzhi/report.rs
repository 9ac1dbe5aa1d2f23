//! `shuzhi report …`: checking a report (a file, or one in the database), drafting,
//! submitting, reviewing level by level, revisions.

use super::*;

#[derive(Debug, Subcommand)]
pub(crate) enum ReportCommand {
    /// 检查报告质量：给出纯文本/Markdown 文件，或用 --report 检查数据库中的报告
    Check {
        /// 报告文件（.md 或 .txt，按“一、二、三、四、”或 # 标题分节）
        file: Option<PathBuf>,
        /// 数据库中的报告编号
        #[arg(long, conflicts_with = "file")]
        report: Option<String>,
        /// 上年度未完成的整改事项（文本文件，每行一项），检查报告是否逐项说明（只用于报告文件）
        #[arg(long, value_name = "ITEMS.txt", requires = "file")]
        last_year: Option<PathBuf>,
        /// 上年度上级点评指出的问题（文本文件，每行一条），检查下一步措施是否逐条回应（只用于报告文件）
        #[arg(long, value_name = "POINTS.txt", requires = "file")]
        comments: Option<PathBuf>,
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
        /// 改动所依据的该节版本（见 `shuzhi report show --json` 中各节的 version）；该节此后在别处改过时，
        /// 别处的文字先存为一个版本。不给时，被替换的不同文字一律先存为版本
        #[arg(long, value_name = "VERSION")]
        base: Option<String>,
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

pub(crate) fn run_report(cx: &Cx, action: ReportCommand) -> CommandResult<()> {
    use shuzhi::report as reporting;
    let (s, json) = (&cx.session, cx.json);
    match action {
        ReportCommand::Check { file, report, last_year, comments } => {
            let result = match (file, report) {
                (_, Some(report)) => commands::report::report_editor(s, report)?.check,
                (Some(file), None) => check_report_file(&file, last_year.as_deref(), comments.as_deref())?,
                (None, None) => {
                    return Err(Error::Conflict {
                        message: "请给出要检查的报告文件，或用 --report 指定数据库中的报告编号。".into(),
                    }
                    .into());
                }
            };
            emit(json, &result, || describe_check(&result));
        }
        ReportCommand::Start { secretary } => {
            let id = commands::report::start_report(s, secretary)?;
            emit(json, &json!({ "report_id": id }), || format!("报告编号：{id}"));
        }
        ReportCommand::Show { report } => {
            let editor = commands::report::report_editor(s, report)?;
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
                    lines.push(format!(
                        "\n[{}] {}（版本 {}）\n{}",
                        section.focus_point_id, section.title, section.version, section.body
                    ));
                    for comment in &section.comments {
                        lines.push(format!("  ▶ {}（{}）：{}", comment.level_name, comment.reviewer, comment.text));
                    }
                }
                lines.push(String::new());
                lines.push(describe_check(&editor.check));
                lines.join("\n")
            });
        }
        ReportCommand::Edit { report, section, text, file, base } => {
            let body = match (text, file) {
                (Some(text), _) => text,
                (None, Some(file)) => shuzhi::files::read_text_limited(&file, shuzhi::files::TEXT)?,
                (None, None) => {
                    return Err(Error::Conflict {
                        message: "请用 --text 或 --file 给出该节的正文。".into()
                    }
                    .into());
                }
            };
            // A script that did not say what it read replaces text it never saw: with no
            // version, what it replaces is kept as a revision first.
            let saved = commands::report::save_section(s, report, section, base.unwrap_or_default(), body)?;
            emit(json, &saved, || match &saved.conflict {
                Some(conflict) => format!("已保存（{}）。{}", saved.saved_at, conflict.message),
                None => format!("已保存（{}，版本 {}）。", saved.saved_at, saved.version),
            });
        }
        ReportCommand::SaveRevision { report, note } => {
            let number = commands::report::save_revision(s, report.clone(), note)?;
            let revision_id = commands::report::report_editor(s, report)?
                .revisions
                .iter()
                .find(|r| r.number == number)
                .map(|r| r.revision_id.clone());
            emit(json, &json!({ "revision_id": revision_id, "number": number }), || {
                format!("已保存为第 {number} 版（{}）。", revision_id.clone().unwrap_or_default())
            });
        }
        ReportCommand::Submit { report } => {
            commands::report::submit_report(s, report.clone())?;
            let editor = commands::report::report_editor(s, report)?;
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
            let input = reporting::ReviewInput { level: None, decision, reviewer, comments };
            commands::report::review_report(s, report.clone(), input)?;
            let editor = commands::report::report_editor(s, report)?;
            emit(json, &json!({ "status": editor.status, "status_text": editor.status_text }), || {
                format!("已记录审核结论：{}。", editor.status_text)
            });
        }
        ReportCommand::Export { report, format, out } => {
            let bytes = if format == "docx" {
                cx.export_to(&out, |s| commands::report::export_report_docx(s, report))?
            } else {
                cx.export_to(&out, |s| commands::report::export_report_pdf(s, report))?
            };
            emit(json, &json!({ "out": out, "bytes": bytes }), || {
                format!("已导出报告到 {}（{} KB）。", out.display(), bytes / 1024)
            });
        }
        ReportCommand::Compare { older, newer } => {
            let comparison = commands::report::compare_revisions(s, older, newer)?;
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

/// What a list file given to `report check` holds, for its messages.
#[derive(Clone, Copy)]
pub(crate) enum ListFile {
    LastYearItems,
    CommentPoints,
}

/// Last year's open items or 点评 points from a text file, one a line (blank lines and
/// surrounding spaces left out), within the limits of any text read.
pub(crate) fn list_lines(file: &std::path::Path, kind: ListFile) -> Result<Vec<String>, Error> {
    let what = match kind {
        ListFile::LastYearItems => "上年度未完成的整改事项",
        ListFile::CommentPoints => "上年度上级点评指出的问题",
    };
    let text = shuzhi::files::read_text_limited(file, shuzhi::files::TEXT)?;
    let items: Vec<String> = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    if items.len() > 200 {
        return Err(Error::Invalid {
            message: format!("{} 有 {} 项，超过 200 项的上限。请只列{what}，每行一项。", file.display(), items.len()),
        });
    }
    if let Some(item) = items.iter().find(|i| i.chars().count() > shuzhi::limits::TITLE_CHARS) {
        return Err(Error::Invalid {
            message: format!(
                "{} 中“{}”超过 {} 个字。请每行只写一项。",
                file.display(),
                shuzhi::limits::excerpt(item),
                shuzhi::limits::TITLE_CHARS
            ),
        });
    }
    Ok(items)
}

/// Checks a plain-text or Markdown report against the default outline and settings,
/// with last year's open items and 点评 points when given.
pub(crate) fn check_report_file(
    file: &std::path::Path,
    last_year: Option<&std::path::Path>,
    comments: Option<&std::path::Path>,
) -> Result<checks::CheckReport, Error> {
    let bytes = shuzhi::files::read_limited(file, shuzhi::files::TEXT)?;
    // A check changes nothing: its messages say what is wrong with the file, not that an import failed.
    let unreadable =
        |problem: &str, fix: &str| Error::Invalid { message: format!("{}：{problem}。{fix}", file.display()) };
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|b| **b == b'\n').count();
        unreadable(
            &format!("第 {line} 行起的内容不是 UTF-8 编码的文本"),
            "请把报告另存为 UTF-8 编码的 .txt 或 .md 文件后再检查。",
        )
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
    let settings = checks::CheckSettings {
        last_year_open_items: last_year
            .map(|f| list_lines(f, ListFile::LastYearItems))
            .transpose()?
            .unwrap_or_default(),
        comments: comments.map(|f| list_lines(f, ListFile::CommentPoints)).transpose()?.unwrap_or_default(),
        ..checks::CheckSettings::default()
    };
    Ok(checks::check_report(&inputs, &settings))
}

/// A quote that runs over lines, on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The check result as lines for people.
pub(crate) fn describe_check(result: &checks::CheckReport) -> String {
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
        let severity = finding.severity.label();
        let place = finding.section.as_deref().map(|s| format!("【{s}】")).unwrap_or_default();
        lines.push(format!("{severity} {} {place}{}", finding.rule, finding.message));
    }
    if !result.answers.is_empty() {
        lines.push("问题与措施对应：".into());
    }
    for pair in &result.answers {
        match &pair.problem {
            Some(problem) => lines.push(format!("  问题：{}", shuzhi::limits::excerpt(&one_line(problem)))),
            None => lines.push("  不对应任何问题的措施：".into()),
        }
        if pair.measures.is_empty() {
            lines.push("    （没有对应的措施）".into());
        }
        for measure in &pair.measures {
            lines.push(format!("    措施：{}", shuzhi::limits::excerpt(&one_line(measure))));
        }
    }
    lines.join("\n")
}
