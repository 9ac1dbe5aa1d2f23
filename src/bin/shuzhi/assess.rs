//! `shuzhi assess …`: the year's 党建考核 (述评考一体化) — the composite rule, the 日常考核
//! scores, the decisions and the result files — and the recount from three files.

use super::*;
use shuzhi::assess::campaign::DecisionInput;
use shuzhi::assess::scores::DailyItemInput;
use shuzhi::assess::{AssessmentOutcome, DecisionKind, GradeScale, VotePoints};
use shuzhi::commands::assess;
use std::path::Path;

#[derive(Debug, Subcommand)]
pub(crate) enum AssessCommand {
    /// 查看年度考核：考核办法、每位书记的述职评议、日常考核、综合得分和等次
    Show {
        #[arg(long)]
        campaign: String,
    },
    /// 查看或修改考核办法（保存为新版本）；--file 为考核办法 JSON（格式见 docs/tally-formats.md）
    Rules {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        file: Option<PathBuf>,
        /// 述职评议所占百分比（日常考核为其余部分）
        #[arg(long, value_name = "P")]
        vote_weight: Option<u32>,
        /// 述职评议折算方式：grade（按等次折算）或 score（按测评得分）
        #[arg(long, value_parser = ["grade", "score"])]
        vote_by: Option<String>,
        /// 日常考核满分
        #[arg(long, value_name = "N")]
        full_marks: Option<u32>,
        /// 等次名称：good（好、较好、一般、差）或 excellent（优秀、良好、一般、较差）
        #[arg(long, value_parser = ["good", "excellent"])]
        scale: Option<String>,
    },
    /// 导入日常考核表（.xlsx 或 .csv）：表头为 党组织 和各考核项目；先预览，全部无误才导入
    Scores {
        file: PathBuf,
        #[arg(long)]
        campaign: String,
        /// 只预览、不写入
        #[arg(long)]
        dry_run: bool,
    },
    /// 导出本年度的日常考核表模板（Excel：每个党组织一行，各考核项目一栏）
    Template {
        #[arg(long)]
        campaign: String,
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
    /// 填写一个党组织的日常考核：每项写成 项目=分数（可多次给出）；不给 --item 即清除
    Score {
        #[arg(long)]
        campaign: String,
        /// 党组织编号（见 `shuzhi roster show`）
        #[arg(long)]
        organization: String,
        #[arg(long = "item", value_name = "项目=分数")]
        items: Vec<String>,
    },
    /// 为一位书记作出决定：缺少一部分时 --reweight（按已有部分计算）或 --grade N（直接评定，0 为最高档），
    /// 或 --veto N（一票否决，等次最高为第 N 档，0 为最高档）；--clear 撤销
    Decide {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        secretary: String,
        #[arg(long, conflicts_with_all = ["grade", "veto", "clear"])]
        reweight: bool,
        #[arg(long, value_name = "N", conflicts_with_all = ["veto", "clear"])]
        grade: Option<u8>,
        #[arg(long, value_name = "N", conflicts_with = "clear")]
        veto: Option<u8>,
        #[arg(long)]
        clear: bool,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// 导出年度考核结果：--pdf、--xlsx，以及复核文件 --files 目录
    Export {
        #[arg(long)]
        campaign: String,
        #[arg(long, value_name = "FILE.pdf")]
        pdf: Option<PathBuf>,
        #[arg(long, value_name = "FILE.xlsx")]
        xlsx: Option<PathBuf>,
        #[arg(long, value_name = "DIR")]
        files: Option<PathBuf>,
    },
}

/// Prints an assessment: one line per secretary, or the JSON of the outcome.
pub(crate) fn print_assessment(json: bool, outcome: &AssessmentOutcome) {
    emit(json, outcome, || {
        let mut lines = vec![outcome.formula.clone()];
        for row in &outcome.rows {
            let points = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |v| format!("{v:.2}"));
            lines.push(format!(
                "{}（{}）  述职评议 {}  折算 {}  日常考核 {}  综合 {}  等次 {}{}",
                row.label,
                row.organization,
                row.vote_text,
                points(row.vote_points),
                points(row.daily_points),
                points(row.composite),
                row.grade_text,
                row.decision.as_ref().map_or_else(String::new, |d| format!("  （{d}）"))
            ));
            if row.grade.is_none() {
                lines.push(format!("    {}", row.missing.join("；")));
            }
        }
        if outcome.undecided > 0 {
            lines.push(format!("有 {} 位没有考核等次，待组织方决定（shuzhi assess decide）。", outcome.undecided));
        }
        lines.join("\n")
    });
}

/// `shuzhi assess --rules --scores --results`: the recount from the three files.
pub(crate) fn recount_from_files(json: bool, rules: &Path, scores: &Path, results: &Path) -> CommandResult<()> {
    use shuzhi::assess::files;
    use shuzhi::files::{BALLOTS, TEXT, read_limited};
    let rules_file = files::parse_rules_file(&rules.display().to_string(), &read_limited(rules, TEXT)?)?;
    let score_rows = files::parse_scores_csv(&scores.display().to_string(), &read_limited(scores, BALLOTS)?)?;
    let vote = files::parse_results_file(&results.display().to_string(), &read_limited(results, BALLOTS)?)?;
    let input = files::input_from_files(&rules_file, &score_rows, &vote)?;
    print_assessment(json, &shuzhi::assess::assess(&rules_file.rules, &input));
    Ok(())
}

pub(crate) fn run_assess(cx: &Cx, action: AssessCommand) -> CommandResult<()> {
    let (s, json) = (&cx.session, cx.json);
    match action {
        AssessCommand::Show { campaign } => {
            let view = assess::assessment_view(s, campaign)?;
            print_assessment(json, &view.outcome);
        }
        AssessCommand::Rules { campaign, file, vote_weight, vote_by, full_marks, scale } => {
            let view = assess::assessment_view(s, campaign.clone())?;
            let mut rules = match file {
                Some(path) => {
                    let bytes = shuzhi::files::read_limited(&path, shuzhi::files::TEXT)?;
                    serde_json::from_slice(&bytes).map_err(|e| Error::Invalid {
                        message: format!(
                            "考核办法文件 {} 有误：{e}。请对照 docs/tally-formats.md 修正。",
                            path.display()
                        ),
                    })?
                }
                None => view.rules.clone(),
            };
            if let Some(p) = vote_weight {
                rules.vote_weight_percent = p;
                rules.daily_weight_percent = 100u32.saturating_sub(p);
            }
            match vote_by.as_deref() {
                Some("score") => rules.vote_points = VotePoints::Score,
                Some(_) if matches!(rules.vote_points, VotePoints::Score) => {
                    rules.vote_points = shuzhi::assess::AssessmentRules::default().vote_points
                }
                _ => {}
            }
            if let Some(n) = full_marks {
                rules.daily_full_marks = n;
            }
            if let Some(name) = scale {
                rules.scale = if name == "excellent" { GradeScale::Excellent } else { GradeScale::Good };
            }
            let changed = rules != view.rules || view.rules_version == 0;
            if changed {
                let version = assess::save_assessment_rules(s, campaign, rules.clone())?;
                emit(json, &json!({ "version": version, "rules": rules }), || {
                    format!("已保存考核办法第 {version} 版：{}", rules.describe())
                });
            } else {
                emit(json, &json!({ "version": view.rules_version, "rules": view.rules }), || {
                    format!("考核办法第 {} 版：{}", view.rules_version, view.rules.describe())
                });
            }
        }
        AssessCommand::Scores { file, campaign, dry_run } => {
            let (_, content) = read_as_page_sends(&file, shuzhi::files::DAILY_SCORES)?;
            let rows = assess::read_daily_scores(s, shell::file_name(&file), content)?;
            let preview = assess::preview_daily_scores(s, campaign.clone(), rows.clone())?;
            if dry_run || preview.bad_rows > 0 {
                emit(json, &preview, || {
                    let mut lines = vec![format!("项目：{}", preview.items.join("、"))];
                    for row in &preview.rows {
                        lines.push(match (&row.total, row.problems.is_empty()) {
                            (Some(total), true) => {
                                format!("第 {} 行 {}：合计 {total:.2}", row.row.line, row.row.organization)
                            }
                            _ => {
                                format!("第 {} 行 {}：{}", row.row.line, row.row.organization, row.problems.join("；"))
                            }
                        });
                    }
                    if preview.bad_rows > 0 {
                        lines.push(format!("有 {} 行有问题，改正后才能导入；数据库未作任何改动。", preview.bad_rows));
                    }
                    lines.join("\n")
                });
                if preview.bad_rows > 0 && !dry_run {
                    return Err(Error::Invalid {
                        message: format!("日常考核表有 {} 行有问题，未导入。", preview.bad_rows),
                    }
                    .into());
                }
                return Ok(());
            }
            let count = assess::import_daily_scores(s, campaign, rows)?;
            emit(json, &json!({ "imported": count }), || format!("已导入 {count} 个党组织的日常考核。"));
        }
        AssessCommand::Template { campaign, out } => {
            let bytes = cx.export_to(&out, |s| assess::export_daily_scores_template(s, campaign))?;
            emit(json, &json!({ "out": out, "bytes": bytes }), || {
                format!("已导出日常考核表模板：{}。填好后用 shuzhi assess scores 导入。", out.display())
            });
        }
        AssessCommand::Score { campaign, organization, items } => {
            let mut parsed = Vec::new();
            for item in &items {
                let Some((name, points)) = item.split_once('=') else {
                    return Err(Error::Invalid {
                        message: format!("“{item}”应写成 项目=分数，如 党建督查=28.5。")
                    }
                    .into());
                };
                parsed.push(DailyItemInput { name: name.trim().to_string(), points: points.trim().to_string() });
            }
            assess::save_daily_scores(s, campaign, organization, parsed)?;
            emit(json, &json!({ "items": items.len() }), || {
                if items.is_empty() {
                    "已清除该党组织的日常考核。".into()
                } else {
                    format!("已保存 {} 项日常考核。", items.len())
                }
            });
        }
        AssessCommand::Decide { campaign, secretary, reweight, grade, veto, clear, reason } => {
            let kind = match (reweight, grade, veto, clear) {
                (true, _, _, _) => Some(DecisionKind::Reweight),
                (_, Some(g), _, _) => Some(DecisionKind::Grade(g)),
                (_, _, Some(g), _) => Some(DecisionKind::Veto(g)),
                (_, _, _, true) => None,
                _ => {
                    return Err(Error::Invalid {
                        message: "请给出 --reweight、--grade N、--veto N 或 --clear 之一。".into(),
                    }
                    .into());
                }
            };
            assess::decide_assessment(s, campaign, DecisionInput { secretary_id: secretary, kind, reason })?;
            emit(json, &json!({ "decided": true }), || "已记下决定，原因已记入日志并将印在考核结果上。".into());
        }
        AssessCommand::Export { campaign, pdf, xlsx, files } => {
            let mut written = Vec::new();
            if let Some(out) = pdf {
                let bytes = cx.export_to(&out, |s| assess::export_assessment_pdf(s, campaign.clone()))?;
                written.push(json!({ "out": out, "bytes": bytes }));
            }
            if let Some(out) = xlsx {
                let bytes = cx.export_to(&out, |s| assess::export_assessment_xlsx(s, campaign.clone()))?;
                written.push(json!({ "out": out, "bytes": bytes }));
            }
            if let Some(out) = files {
                let bytes = cx.export_to(&out, |s| assess::export_assessment_files(s, campaign.clone()))?;
                written.push(json!({ "out": out, "bytes": bytes }));
            }
            if written.is_empty() {
                return Err(Error::Invalid {
                    message: "请给出 --pdf、--xlsx 或 --files 中至少一项。".into()
                }
                .into());
            }
            emit(json, &written, || {
                let outs: Vec<String> =
                    written.iter().map(|w| w["out"].as_str().unwrap_or_default().to_string()).collect();
                format!("已导出：{}。", outs.join("、"))
            });
        }
    }
    Ok(())
}
