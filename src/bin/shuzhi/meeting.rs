//! `shuzhi meeting …` and the tally printout: the agenda, the panel, 点评, ballot sheets,
//! paper ballots, closing the vote, results and the recount files.

use super::*;
use shuzhi::rules::scoring::{GoodQuota, QuorumScope};

#[derive(Debug, Subcommand)]
pub(crate) enum MeetingCommand {
    /// 更正一张已录入的纸质测评票（仅在测评进行中）；编号见 `shuzhi meeting show --json` 的 ballots
    BallotEdit {
        #[arg(long)]
        campaign: String,
        /// 测评票编号
        #[arg(long)]
        ballot: String,
        #[command(flatten)]
        paper: BallotArgs,
    },
    /// 删除一张已录入的纸质测评票（仅在测评进行中）
    BallotDelete {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        ballot: String,
    },
    /// 两遍录入不一致时，确定以哪一遍为准
    Settle {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        serial: String,
        /// first（第一遍）或 second（第二遍）
        #[arg(long, value_parser = ["first", "second"])]
        keep: String,
    },
    /// 设定评议人类别：每个 --category 写成“名称:权重:计划人数[:paper|phone]”，已有类别按名称保留编号
    Panel {
        #[arg(long)]
        campaign: String,
        #[arg(long = "category", required = true, value_name = "名称:权重:人数[:方式]")]
        categories: Vec<String>,
    },
    /// 会议设置：每人述职分钟数、分项评价维度、纸质票是否两遍录入（不给的项保持不变）
    Settings {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        minutes: Option<u32>,
        /// 分项评价维度，逗号分隔；写 none 表示不分项
        #[arg(long, value_delimiter = ',')]
        dimensions: Option<Vec<String>>,
        #[arg(long)]
        double_entry: Option<bool>,
        /// 书面述职的书记是否参加测评（按书面报告评价）：on 或 off
        #[arg(long, value_parser = ["on", "off"])]
        written_rated: Option<String>,
        /// 每个党组织 N 年内至少现场述职一次，会前提醒（0 表示不检查）
        #[arg(long, value_name = "N")]
        on_site_every: Option<u32>,
    },
    /// 设定现场述职或书面述职：--written 为书面述职，--on-site 为现场述职
    Mode {
        #[arg(long)]
        campaign: String,
        /// 书记编号（可多次给出）
        #[arg(long = "secretary", required = true)]
        secretaries: Vec<String>,
        #[arg(long, conflicts_with = "on_site", required_unless_present = "on_site")]
        written: bool,
        #[arg(long)]
        on_site: bool,
    },
    /// 把测评票上的意见建议转为一位书记的问题条目
    SuggestionToProblem {
        #[arg(long)]
        ballot: String,
        #[arg(long)]
        secretary: String,
        /// 问题的文字（可改写意见建议）
        #[arg(long)]
        text: String,
    },
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
        /// 每张票评为“好”的最多 K 人，超过的整票无效（0 表示不限）；在现有规则（或 --preset、--file）上修改
        #[arg(long, value_name = "K")]
        max_good: Option<u32>,
        /// 每张票评为“一般”或“差”的至少 M 人，不足的整票无效（0 表示不要求）
        #[arg(long, value_name = "M")]
        min_low: Option<u32>,
        /// 加权计分法：某类评议人对一人的有效评价多于 N 个时，去掉一个最高分和一个最低分（0 表示不去掉）
        #[arg(long, value_name = "N")]
        trim_above: Option<u32>,
        /// “好”等次不超过参评人数的 P%（向下取整），超出的按名次降为较好（0 表示不限）
        #[arg(long, value_name = "P", conflicts_with = "good_quota")]
        good_quota_percent: Option<u32>,
        /// “好”等次不超过 K 人，超出的按名次降为较好（0 表示不限）
        #[arg(long, value_name = "K")]
        good_quota: Option<u32>,
        /// 票率（及否决）按各类评议人的票率以权重加权：on 或 off
        #[arg(long, value_parser = ["on", "off"])]
        weighted_shares: Option<String>,
        /// 到会过半：per-category（每类分别过半）、overall（全体合计过半）或 off
        #[arg(long, value_parser = ["per-category", "overall", "off"])]
        quorum: Option<String>,
        /// 某类收回的测评票多于发出的，整次测评无效、须重新测评：on 或 off
        #[arg(long, value_parser = ["on", "off"])]
        void_over_collected: Option<String>,
    },
    /// 开始新一轮测评：本轮因到会未过半或收回多于发出而不评定等次（须重新测评）时，本轮测评票封存备查，
    /// 测评重新开始（重新打印测评表、重新生成测评码，旧票号不再有效）
    NewRound {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        reason: String,
    },
    /// “好”等次名额出现并列时（结束测评后），决定并列者中谁保留为好；原因记入日志并印在结果上
    QuotaDecide {
        #[arg(long)]
        campaign: String,
        /// 保留为“好”的书记编号（可多次给出）
        #[arg(long = "keep", required = true)]
        keep: Vec<String>,
        #[arg(long)]
        reason: String,
    },
    /// 设定评议人类别的测评方式：paper（纸质测评表）或 phone（手机扫码）；一类评议人只发一种票
    Channel {
        #[arg(long)]
        campaign: String,
        /// 评议人类别编号（可多次给出）
        #[arg(long = "category", required = true)]
        categories: Vec<String>,
        /// paper 或 phone
        #[arg(long = "way", value_parser = ["paper", "phone"])]
        way: String,
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
        #[command(flatten)]
        paper: BallotArgs,
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
        /// 某类评议人收回的票多于应到人数或发出的票时，按现有的票结束测评的原因（记入日志并印在评议结果上）
        #[arg(long)]
        reason: Option<String>,
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

/// Prints a tally: per secretary the counts (好/较好/一般/差), invalid rows, score, grade and
/// whether the annual 考核 may rate them 优秀.
/// What is typed from a paper ballot.
#[derive(Debug, clap::Args)]
pub(crate) struct BallotArgs {
    /// 票号
    #[arg(long)]
    serial: String,
    /// 评议人类别编号（票号已印制时可省略）
    #[arg(long)]
    category: Option<String>,
    /// 按议程顺序每人一位数字：1 好、2 较好、3 一般、4 差、0 空白、5 多选
    #[arg(long)]
    marks: String,
    #[arg(long, default_value = "")]
    suggestions: String,
}

pub(crate) fn print_tally(
    json: bool,
    outcome: &shuzhi::rules::scoring::TallyOutcome,
    results: Option<&shuzhi::meeting::MeetingResults>,
) {
    let secretaries: Vec<serde_json::Value> = outcome
        .secretaries
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let person = results.and_then(|m| m.people.get(i));
            json!({
                "secretary": r.label,
                "secretary_id": person.map(|p| p.secretary_id.clone()),
                "counts": r.counts.map(|c| json!({ "好": c.good, "较好": c.fairly_good, "一般": c.fair, "差": c.poor })),
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
        // A recount under the anonymity rule has no ballots to hash: no fingerprint, not an empty one.
        "fingerprint": (!outcome.fingerprint.is_empty()).then_some(&outcome.fingerprint),
        "anonymity": outcome.anonymity.as_ref().map(|a| a.note.clone()),
        "stopped": outcome.stopped.as_ref().map(|s| json!({ "reason": s.reason, "text": s.text, "lines": s.lines })),
        "quota": outcome.quota.as_ref().map(|q| json!({
            "graded": q.graded,
            "places": q.places,
            "good_before": q.good_before,
            "moved": q.moved,
            "tie": q.tie.as_ref().map(|t| json!({
                "candidates": t.candidates,
                "places": t.places,
                "kept": t.decision.as_ref().map(|d| d.kept.clone()),
                "reason": t.decision.as_ref().map(|d| d.reason.clone()),
            })),
            "text": q.text,
        })),
        "secretaries": secretaries,
    });
    emit(json, &value, || {
        let mut lines = vec![
            outcome.formula.clone(),
            format!(
                "测评票 {} 张，有效 {} 张，无效 {} 张；指纹 {}",
                outcome.ballots_total,
                outcome.ballots_valid,
                outcome.ballots_total - outcome.ballots_valid,
                if outcome.fingerprint.is_empty() {
                    "不能由复核文件重算（匿名保护）"
                } else {
                    &outcome.fingerprint
                }
            ),
        ];
        if let Some(anonymity) = &outcome.anonymity {
            lines.push(anonymity.note.clone());
        }
        if let Some(stopped) = &outcome.stopped {
            lines.push(stopped.text.clone());
        }
        if let Some(quota) = &outcome.quota {
            lines.push(quota.text.clone());
        }
        let tied = |label: &str| {
            outcome
                .quota
                .as_ref()
                .and_then(|q| q.tie.as_ref())
                .is_some_and(|t| t.decision.is_none() && t.candidates.iter().any(|c| c == label))
        };
        let withheld = outcome.anonymity.as_ref().is_some_and(|a| a.counts_withheld);
        for r in &outcome.secretaries {
            let counts = match r.counts {
                Some(c) => format!("好 {} 较好 {} 一般 {} 差 {}", c.good, c.fairly_good, c.fair, c.poor),
                None => format!("有效 {}  各等次票数不公开", r.valid),
            };
            lines.push(format!(
                "{}  {counts}  无效 {}  得分 {}  等次 {}  名次 {}{}",
                r.label,
                r.invalid,
                if withheld { "不公开".into() } else { r.score.map_or_else(|| "—".into(), |s| format!("{s:.2}")) },
                if tied(&r.label) {
                    "待定（“好”等次名额并列，待组织方决定）"
                } else if withheld && r.grade.is_none() && r.valid > 0 && outcome.stopped.is_none() {
                    // A recount file under the anonymity rule cannot decide a weighted grade.
                    "不能由复核文件重算"
                } else {
                    shuzhi::meeting::grade_label(r.grade)
                },
                r.rank.map_or_else(|| "—".into(), |n| n.to_string()),
                if r.excellent_allowed || r.grade.is_none() { "" } else { "  不得评为优秀" }
            ));
        }
        for b in &outcome.invalid_ballots {
            lines.push(format!("无效票 {}（{}）：{}", b.serial, b.category, b.reason_label));
        }
        lines.join("\n")
    });
}

pub(crate) fn parse_marks(text: &str) -> Result<Vec<shuzhi::rules::scoring::Mark>, Error> {
    use shuzhi::domain::Grade;
    use shuzhi::rules::scoring::Mark;
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

pub(crate) fn run_meeting(cx: &Cx, action: MeetingCommand) -> CommandResult<()> {
    use commands::meeting;
    let (s, json) = (&cx.session, cx.json);
    match action {
        MeetingCommand::Show { campaign } => {
            let view = meeting::meeting_view(s, campaign)?;
            emit(json, &view, || {
                let mut lines = vec![format!("{}  每人述职 {} 分钟", view.title, view.speaking_minutes)];
                for (i, a) in view.agenda.iter().enumerate() {
                    lines.push(format!("{:>2}. {}  {}  {}", i + 1, a.label, a.post, a.secretary_id));
                }
                for c in &view.categories {
                    lines.push(format!(
                        "评议人：{}（{}）权重 {}%，计划 {} 人，{}，已印 {} 张，测评码 {} 个，已录 {} 张",
                        c.category.name,
                        c.category.id,
                        c.category.weight_percent,
                        c.category.planned_size,
                        c.category.ballot_channel.label(),
                        c.sheets,
                        c.codes,
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
        MeetingCommand::Channel { campaign, mut categories, way } => {
            categories.sort();
            categories.dedup();
            let way = shuzhi::domain::BallotChannel::from_stored(&way);
            meeting::set_ballot_channel(s, campaign, categories.clone(), way)?;
            emit(json, &json!({ "categories": categories, "way": way }), || {
                format!("已把 {} 类评议人的测评方式设为“{}”。", categories.len(), way.label())
            });
        }
        MeetingCommand::Agenda { campaign, order } => {
            meeting::set_agenda(s, campaign, order.clone())?;
            emit(json, &json!({ "agenda": order }), || format!("已设定述职顺序（{} 人）。", order.len()));
        }
        MeetingCommand::Comment { secretary, commenter, points, direction, responsibility } => {
            let input = shuzhi::meeting::CommentInput { commenter, shortcomings: points, direction, responsibility };
            let id = meeting::save_comment(s, secretary, input)?;
            emit(json, &json!({ "comment_id": id }), || format!("已保存点评（编号 {id}）。"));
        }
        MeetingCommand::CommentToProblem { comment, point, category } => {
            if point == 0 {
                return Err(Error::Invalid { message: "--point 从 1 开始计数。".into() }.into());
            }
            let id = meeting::comment_point_to_problem(s, comment, (point - 1) as u32, category)?;
            emit(json, &json!({ "problem_id": id }), || format!("已转为问题（编号 {id}），来源：上级点评。"));
        }
        MeetingCommand::Rules {
            campaign,
            preset,
            file,
            max_good,
            min_low,
            trim_above,
            good_quota_percent,
            good_quota,
            weighted_shares,
            quorum,
            void_over_collected,
        } => {
            let rules = match (preset, file) {
                (Some(key), _) => {
                    let presets = meeting::rules_presets(s)?;
                    let keys: Vec<&str> = presets.iter().map(|p| p.key.as_str()).collect();
                    let missing = Error::Invalid {
                        message: format!("没有名为“{key}”的预设。可选：{}。", keys.join("、")),
                    };
                    Some(presets.iter().find(|p| p.key == key).map(|p| p.rules.clone()).ok_or(missing)?)
                }
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
            // The options change the rules given, or those in force.
            let changes = max_good.is_some()
                || min_low.is_some()
                || trim_above.is_some()
                || good_quota_percent.is_some()
                || good_quota.is_some()
                || weighted_shares.is_some()
                || quorum.is_some()
                || void_over_collected.is_some();
            let rules = match (rules, changes) {
                (rules, false) => rules,
                (rules, true) => {
                    let mut rules = match rules {
                        Some(rules) => rules,
                        None => meeting::meeting_view(s, campaign.clone())?.rules,
                    };
                    if let Some(k) = max_good {
                        rules.max_good_per_ballot = (k > 0).then_some(k);
                    }
                    if let Some(m) = min_low {
                        rules.min_low_per_ballot = (m > 0).then_some(m);
                    }
                    if let Some(n) = trim_above {
                        rules.trim_extremes_above = (n > 0).then_some(n);
                    }
                    if let Some(p) = good_quota_percent {
                        rules.good_quota = (p > 0).then_some(GoodQuota::Percent(p));
                    }
                    if let Some(k) = good_quota {
                        rules.good_quota = (k > 0).then_some(GoodQuota::Count(k));
                    }
                    if let Some(on) = weighted_shares {
                        rules.shares_weighted_by_category = on == "on";
                    }
                    if let Some(scope) = quorum {
                        rules.quorum = match scope.as_str() {
                            "per-category" => Some(QuorumScope::PerCategory),
                            "overall" => Some(QuorumScope::Overall),
                            _ => None,
                        };
                    }
                    if let Some(on) = void_over_collected {
                        rules.void_if_over_collected = on == "on";
                    }
                    Some(rules)
                }
            };
            if let Some(rules) = rules {
                let version = meeting::save_rules(s, campaign, rules.clone())?;
                emit(json, &json!({ "version": version, "rules": rules }), || {
                    format!("已保存计分规则第 {version} 版：{}", rules.describe())
                });
            } else {
                let view = meeting::meeting_view(s, campaign)?;
                emit(
                    json,
                    &json!({ "version": view.rules_version, "rules": view.rules, "versions": view.rules_versions }),
                    || format!("计分规则第 {} 版：{}", view.rules_version, view.rules.describe()),
                );
            }
        }
        MeetingCommand::Sheets { campaign, out } => {
            let bytes = cx.export_to(&out, |s| meeting::export_ballot_sheets(s, campaign))?;
            emit(json, &json!({ "out": out, "bytes": bytes }), || {
                format!("已生成测评表 {}（{} KB）。", out.display(), bytes / 1024)
            });
        }
        MeetingCommand::Ballot { campaign, paper, duplicate, second } => {
            let input = ballot_input(s, &campaign, paper, duplicate)?;
            if second {
                let differences = meeting::enter_check(s, campaign, input)?;
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
                let entered = meeting::enter_ballot(s, campaign, input)?;
                emit(json, &entered, || {
                    let mut lines = vec![format!("已录入（编号 {}）。", entered.ballot_id)];
                    lines.extend(entered.warnings.iter().map(|w| format!("注意：{w}")));
                    lines.join("\n")
                });
            }
        }
        MeetingCommand::BallotEdit { campaign, ballot, paper } => {
            let input = ballot_input(s, &campaign, paper, false)?;
            let entered = meeting::update_ballot(s, campaign, ballot, input)?;
            emit(json, &entered, || {
                let mut lines = vec![format!("已更正测评票（编号 {}）。", entered.ballot_id)];
                lines.extend(entered.warnings.iter().map(|w| format!("注意：{w}")));
                lines.join("\n")
            });
        }
        MeetingCommand::BallotDelete { campaign, ballot } => {
            meeting::delete_ballot(s, campaign, ballot.clone())?;
            emit(json, &json!({ "deleted": ballot }), || format!("已删除测评票 {ballot}。"));
        }
        MeetingCommand::Settle { campaign, serial, keep } => {
            let keep: shuzhi::meeting::KeepEntry = parse_enum(&keep);
            meeting::settle_check(s, campaign, serial.clone(), keep)?;
            emit(json, &json!({ "serial": serial, "kept": keep }), || {
                format!(
                    "票号 {serial} 已按{}录入为准。",
                    if keep == shuzhi::meeting::KeepEntry::First { "第一遍" } else { "第二遍" }
                )
            });
        }
        MeetingCommand::Panel { campaign, categories } => {
            let view = meeting::meeting_view(s, campaign.clone())?;
            let panel = categories.iter().map(|text| parse_category(text, &view)).collect::<Result<Vec<_>, Error>>()?;
            meeting::save_panel(s, campaign, panel.clone())?;
            emit(json, &panel, || format!("已保存评议人类别（{} 类）。", panel.len()));
        }
        MeetingCommand::Settings { campaign, minutes, dimensions, double_entry, written_rated, on_site_every } => {
            let view = meeting::meeting_view(s, campaign.clone())?;
            let dimensions = match dimensions {
                Some(list) if list.iter().any(|d| d.trim() == "none") => Vec::new(),
                Some(list) => list,
                None => view.dimensions.clone(),
            };
            let settings = shuzhi::meeting::MeetingSettings {
                speaking_minutes: minutes.unwrap_or(view.speaking_minutes),
                dimensions,
                double_entry: double_entry.unwrap_or(view.double_entry),
                written_rated: written_rated.map_or(view.written_rated, |on| on == "on"),
                on_site_every_years: match on_site_every {
                    Some(0) => None,
                    Some(n) => Some(n),
                    None => view.on_site_every_years,
                },
            };
            meeting::save_meeting_settings(s, campaign, settings.clone())?;
            emit(json, &settings, || {
                format!(
                    "已保存会议设置：每人述职 {} 分钟，{}，纸质票{}。",
                    settings.speaking_minutes,
                    if settings.dimensions.is_empty() {
                        "不分项评价".to_string()
                    } else {
                        format!("分项评价：{}", settings.dimensions.join("、"))
                    },
                    if settings.double_entry { "两遍录入" } else { "录入一遍" }
                ) + &format!(
                    "书面述职{}；{}。",
                    if settings.written_rated { "参加测评" } else { "不参加测评" },
                    settings.on_site_every_years.map_or("不检查现场述职轮换".to_string(), |n| format!(
                        "每个党组织 {n} 年内至少现场述职一次"
                    ))
                )
            });
        }
        MeetingCommand::Mode { campaign, secretaries, written, .. } => {
            meeting::set_reporting_mode(s, campaign.clone(), secretaries.clone(), written)?;
            let view = meeting::meeting_view(s, campaign)?;
            emit(json, &json!({ "written": written, "rotation": view.rotation }), || {
                let mut lines = vec![format!(
                    "已设为{}：{} 位。",
                    if written { "书面述职" } else { "现场述职" },
                    secretaries.len()
                )];
                lines.extend(view.rotation.iter().map(|w| format!("提醒：{w}")));
                lines.join("\n")
            });
        }
        MeetingCommand::SuggestionToProblem { ballot, secretary, text } => {
            let id = meeting::suggestion_to_problem(s, ballot, secretary, text)?;
            emit(json, &json!({ "problem_id": id }), || format!("已转为问题（编号 {id}），来源：群众评议。"));
        }
        MeetingCommand::Close { campaign, reason } => {
            let closure = meeting::close_vote(s, campaign, reason)?;
            emit(json, &closure, || format!("测评已结束并封存。测评票指纹（SHA-256）：{}", closure.fingerprint));
        }
        MeetingCommand::NewRound { campaign, reason } => {
            let round = meeting::start_new_round(s, campaign, reason)?;
            emit(json, &json!({ "round": round }), || {
                format!(
                    "已开始第 {round} 轮测评：上一轮测评票已封存备查。请重新打印测评表（shuzhi meeting sheets），用手机的重新生成测评码。"
                )
            });
        }
        MeetingCommand::QuotaDecide { campaign, keep, reason } => {
            let decision = meeting::decide_quota_tie(s, campaign, keep, reason)?;
            emit(json, &json!({ "decision": decision }), || {
                format!("已记下决定：{} 保留为“好”，原因已记入日志并将印在评议结果上。", decision.kept.join("、"))
            });
        }
        MeetingCommand::Reopen { campaign, reason } => {
            meeting::reopen_vote(s, campaign, reason)?;
            emit(json, &json!({ "reopened": true }), || "测评已重新开启，原因已记入日志。".into());
        }
        MeetingCommand::Results { campaign, summary, sheets } => {
            let mut written = Vec::new();
            if let Some(out) = summary {
                let bytes = cx.export_to(&out, |s| meeting::export_results_pdf(s, campaign.clone(), true, None))?;
                written.push(json!({ "out": out, "bytes": bytes }));
            }
            if let Some(out) = sheets {
                let bytes = cx.export_to(&out, |s| meeting::export_results_pdf(s, campaign.clone(), false, None))?;
                written.push(json!({ "out": out, "bytes": bytes }));
            }
            if written.is_empty() {
                return Err(Error::Invalid {
                    message: "请用 --summary 或 --sheets 指定要导出的 PDF 文件。".into()
                }
                .into());
            }
            emit(json, &written, || format!("已导出 {} 个文件。", written.len()));
        }
        MeetingCommand::Codes { campaign, url, out } => {
            cx.export_to(&out, |s| meeting::export_code_slips(s, campaign.clone(), url))?;
            let turnout = meeting::phone_vote_status(s, campaign)?.turnout;
            let (codes, printed) = (turnout.issued, turnout.issued - turnout.used);
            emit(json, &json!({ "out": out, "codes": codes, "printed": printed }), || {
                format!(
                    "已生成测评码纸条 {}（新测评码 {printed} 个，共 {} 个测评码）。此前打印的纸条上未用的测评码已作废，                     请只发放这一次打印的纸条；程序不保存测评码原文，纸条丢失只能重新打印。",
                    out.display(),
                    codes
                )
            });
        }
        MeetingCommand::Turnout { campaign } => {
            let turnout = meeting::phone_vote_status(s, campaign)?.turnout;
            emit(json, &turnout, || {
                let mut lines = vec![format!("已提交 {} / {}", turnout.used, turnout.issued)];
                lines.extend(turnout.categories.iter().map(|c| format!("  {}：{} / {}", c.name, c.used, c.issued)));
                lines.join("\n")
            });
        }
        MeetingCommand::Recount { campaign, out } => {
            cx.export_to(&out, |s| meeting::export_recount(s, campaign))?;
            let rules_path = out.join("rules.json");
            let ballots_path = out.join("ballots.csv");
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

/// A paper ballot as the page sends it: the marks typed, and blank dimension marks when the
/// meeting rates dimensions (the command line types the overall grade only).
fn ballot_input(
    s: &Session,
    campaign: &str,
    paper: BallotArgs,
    duplicate: bool,
) -> CommandResult<shuzhi::meeting::BallotInput> {
    let BallotArgs { serial, category, marks, suggestions } = paper;
    let marks = parse_marks(&marks)?;
    let dims = commands::planning::campaign_details(s, campaign.to_string())?.dimensions.len();
    let dimension_marks =
        if dims == 0 { Vec::new() } else { vec![vec![shuzhi::rules::scoring::Mark::Blank; dims]; marks.len()] };
    Ok(shuzhi::meeting::BallotInput { serial, category_id: category, marks, dimension_marks, suggestions, duplicate })
}

/// One `--category 名称:权重:人数[:paper|phone]`; a category of that name keeps its id.
fn parse_category(text: &str, view: &shuzhi::meeting::MeetingView) -> Result<shuzhi::meeting::CategoryInput, Error> {
    let wrong = || Error::Invalid {
        message: format!(
            "--category “{text}” 格式不对：请写成“名称:权重:计划人数”，可再加“:paper”或“:phone”，如 党代表:30:15:phone。"
        ),
    };
    let parts: Vec<&str> = text.split([':', '：']).map(str::trim).collect();
    let (name, weight, size, way) = match parts.as_slice() {
        [name, weight, size] => (*name, *weight, *size, "paper"),
        [name, weight, size, way] => (*name, *weight, *size, *way),
        _ => return Err(wrong()),
    };
    let ballot_channel = match way {
        "paper" | "纸质" => shuzhi::domain::BallotChannel::Paper,
        "phone" | "手机" => shuzhi::domain::BallotChannel::Phone,
        _ => return Err(wrong()),
    };
    Ok(shuzhi::meeting::CategoryInput {
        id: view.categories.iter().find(|c| c.category.name == name).map(|c| c.category.id.clone()),
        name: name.to_string(),
        weight_percent: weight.parse().map_err(|_| wrong())?,
        planned_size: size.parse().map_err(|_| wrong())?,
        ballot_channel,
    })
}
