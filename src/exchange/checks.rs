//! The checks a campaign document passes before anything of it is written: every
//! reference, date and text, and that none of its records is already here.

use super::*;

/// A place, a problem and a fix for a reference that does not hold.
type Finding = (String, String, &'static str);

/// An error's message without its final full stop, to sit inside another sentence.
pub(super) fn sentence(error: &Error) -> String {
    error.to_string().trim_end_matches('。').to_string()
}

pub(super) fn describe(value: Option<&serde_json::Value>) -> String {
    match value {
        None => "缺少该字段".into(),
        Some(value) => value.to_string(),
    }
}

/// Turns serde's English messages into Chinese ones, keeping the names they quote.
pub(super) fn translate_serde_message(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    let quoted = |text: &str| -> String { text.split('`').nth(1).unwrap_or("").to_string() };
    if message.starts_with("missing field") {
        format!("缺少必填字段 {}", quoted(message))
    } else if message.starts_with("unknown field") {
        format!("有本格式没有的字段 {}", quoted(message))
    } else if message.starts_with("unknown variant") {
        let allowed: Vec<&str> = message.split('`').skip(3).step_by(2).collect();
        format!("取值 {} 无效，可选值为：{}", quoted(message), allowed.join("、"))
    } else if message.starts_with("invalid type") {
        format!("类型不对（{message}）")
    } else if message.starts_with("invalid value") || message.starts_with("invalid length") {
        format!("取值无效（{message}）")
    } else if message.starts_with("duplicate field") {
        format!("字段 {} 出现了两次", quoted(message))
    } else if message.starts_with("expected value") {
        "缺少取值或取值的类型不对".to_string()
    } else {
        message.to_string()
    }
}

fn is_date(text: &str) -> bool {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

fn is_timestamp(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

/// Every id of one kind must be unique; returns the set for reference checks.
fn unique_ids<'a, T>(
    kind: &str,
    items: &'a [T],
    id: impl Fn(&'a T) -> &'a str,
) -> std::result::Result<BTreeSet<&'a str>, Finding> {
    let mut seen = BTreeSet::new();
    for (index, item) in items.iter().enumerate() {
        let value = id(item);
        if value.trim().is_empty() {
            return Err((format!("{kind}[{index}].id："), "编号为空".into(), "每条记录都需要一个编号。"));
        }
        if !seen.insert(value) {
            return Err((
                format!("{kind}[{index}].id："),
                format!("编号 \"{value}\" 与前面的记录重复"),
                "请为该记录换一个不重复的编号。",
            ));
        }
    }
    Ok(seen)
}

fn require_ref(set: &BTreeSet<&str>, value: &str, place: String, what: &str) -> std::result::Result<(), Finding> {
    if set.contains(value) {
        Ok(())
    } else {
        Err((
            place,
            format!("引用的{what} \"{value}\" 在文件中不存在"),
            "请改为文件中已有的编号，或先补上被引用的记录后重新导入。",
        ))
    }
}

fn require_date(value: &str, place: String) -> std::result::Result<(), Finding> {
    if is_date(value) {
        Ok(())
    } else {
        Err((place, format!("日期 \"{value}\" 无效"), "日期请写成 2023-05-22 这样的格式。"))
    }
}

fn require_timestamp(value: &str, place: String) -> std::result::Result<(), Finding> {
    if is_timestamp(value) {
        Ok(())
    } else {
        Err((place, format!("时间 \"{value}\" 无效"), "时间请写成 2023-05-22T09:30:00+08:00 这样的格式。"))
    }
}

fn check_sections(
    sections: &[Section],
    focus_points: &BTreeSet<&str>,
    place: &str,
) -> std::result::Result<(), Finding> {
    let mut seen = BTreeSet::new();
    for (index, section) in sections.iter().enumerate() {
        let here = format!("{place}.sections[{index}].focus_point_id：");
        require_ref(focus_points, &section.focus_point_id, here.clone(), "述职重点")?;
        if !seen.insert(section.focus_point_id.as_str()) {
            return Err((here, "同一述职重点出现了两个章节".into(), "请把这两个章节的内容合并为一个。"));
        }
    }
    Ok(())
}

/// Checks every value and reference in the document, first problem first.
pub(super) fn check_references(doc: &CampaignDocument) -> std::result::Result<(), Finding> {
    let campaign = &doc.campaign;
    if campaign.id.trim().is_empty() {
        return Err(("campaign.id：".into(), "编号为空".into(), "年度述职评议需要一个编号。"));
    }
    if !(2000..=2100).contains(&campaign.year) {
        return Err((
            "campaign.year：".into(),
            format!("年度 {} 不在 2000–2100 之间", campaign.year),
            "请填写述职所对应的年度，如 2023。",
        ));
    }
    if let Some(problem) = limits::text_problem(&campaign.title, limits::TITLE_CHARS) {
        return Err(("campaign.title：".into(), format!("标题{problem}"), "请把标题改短后重新导出。"));
    }
    if campaign.title.trim().is_empty() {
        return Err((
            "campaign.title：".into(),
            "标题为空".into(),
            "请填写标题，如“2023年度党组织书记抓基层党建述职评议”。",
        ));
    }
    if let Some(date) = &campaign.meeting_date {
        require_date(date, "campaign.meeting_date：".into())?;
    }
    require_timestamp(&campaign.created_at, "campaign.created_at：".into())?;
    if campaign.problems_min_percent > 100 {
        return Err((
            "campaign.problems_min_percent：".into(),
            "百分比超过 100".into(),
            "请填写 0 到 100 之间的整数。",
        ));
    }
    if campaign.focus_points.is_empty() {
        return Err(("campaign.focus_points：".into(), "没有任何述职重点".into(), "请至少列出一个述职重点。"));
    }
    if campaign.review_levels.is_empty() {
        return Err((
            "campaign.review_levels：".into(),
            "没有任何审核层级".into(),
            "请至少列出一个审核层级，如“党办初审”。",
        ));
    }
    if let Some(cliches) = &campaign.cliches
        && let Some(index) = cliches.iter().position(|c| c.trim().is_empty())
    {
        return Err((format!("campaign.cliches[{index}]："), "套话为空".into(), "请删去空白的一项。"));
    }
    let focus_points = unique_ids("campaign.focus_points", &campaign.focus_points, |p| &p.id)?;
    let levels = campaign.review_levels.len() as u32;

    let orgs = unique_ids("organizations", &doc.organizations, |o| &o.id)?;
    let parents: HashMap<&str, Option<&str>> =
        doc.organizations.iter().map(|o| (o.id.as_str(), o.parent_id.as_deref())).collect();
    for (index, org) in doc.organizations.iter().enumerate() {
        if org.name.trim().is_empty() {
            return Err((format!("organizations[{index}].name："), "党组织名称为空".into(), "请填写党组织全称。"));
        }
        for (field, text) in [("name", &org.name), ("unit", &org.unit)] {
            if let Some(problem) = limits::name_problem(text, limits::ORGANIZATION_NAME_CHARS) {
                return Err((
                    format!("organizations[{index}].{field}："),
                    format!("“{}”{problem}", limits::excerpt(text)),
                    "请改正该党组织的名称后重新导出。",
                ));
            }
        }
        if let Some(parent) = &org.parent_id {
            require_ref(&orgs, parent, format!("organizations[{index}]（{}）.parent_id：", org.name), "上级党组织")?;
        }
        // Walk up the tree; a walk longer than the tree is a cycle.
        let mut current = org.parent_id.as_deref();
        let mut steps = 0;
        while let Some(id) = current {
            steps += 1;
            if steps > doc.organizations.len() {
                return Err((
                    format!("organizations[{index}]（{}）.parent_id：", org.name),
                    "上级党组织关系形成了循环".into(),
                    "请检查这些党组织的上级设置，确保最顶层的党组织没有上级。",
                ));
            }
            current = parents.get(id).copied().flatten();
        }
    }

    let secretaries = unique_ids("secretaries", &doc.secretaries, |s| &s.id)?;
    for (index, secretary) in doc.secretaries.iter().enumerate() {
        if secretary.name.trim().is_empty() {
            return Err((format!("secretaries[{index}].name："), "书记姓名为空".into(), "请填写书记姓名。"));
        }
        if let Some(problem) = limits::name_problem(&secretary.name, limits::PERSON_NAME_CHARS) {
            return Err((
                format!("secretaries[{index}].name："),
                format!("书记姓名“{}”{problem}", limits::excerpt(&secretary.name)),
                "请改正书记姓名后重新导出。",
            ));
        }
        require_ref(
            &orgs,
            &secretary.organization_id,
            format!("secretaries[{index}]（{}）.organization_id：", secretary.name),
            "党组织",
        )?;
    }

    let report_ids = unique_ids("reports", &doc.reports, |r| &r.id)?;
    let mut reported = BTreeSet::new();
    for (index, report) in doc.reports.iter().enumerate() {
        let place = format!("reports[{index}]");
        require_ref(&secretaries, &report.secretary_id, format!("{place}.secretary_id："), "书记")?;
        if !reported.insert(report.secretary_id.as_str()) {
            return Err((
                format!("{place}.secretary_id："),
                format!("书记 \"{}\" 有两份述职报告", report.secretary_id),
                "每位书记每年只有一份述职报告，请删去多余的一份。",
            ));
        }
        if report.review_level >= levels {
            return Err((
                format!("{place}.review_level："),
                format!("审核层级 {} 超出了设定的 {levels} 个层级", report.review_level),
                "审核层级从 0 开始计数，请改为有效的层级。",
            ));
        }
        require_timestamp(&report.updated_at, format!("{place}.updated_at："))?;
        check_sections(&report.sections, &focus_points, &place)?;
    }

    unique_ids("revisions", &doc.revisions, |r| &r.id)?;
    let mut numbers = BTreeSet::new();
    for (index, revision) in doc.revisions.iter().enumerate() {
        let place = format!("revisions[{index}]");
        require_ref(&report_ids, &revision.report_id, format!("{place}.report_id："), "述职报告")?;
        if revision.number == 0 || !numbers.insert((revision.report_id.as_str(), revision.number)) {
            return Err((
                format!("{place}.number："),
                format!("版本号 {} 为 0 或与同一报告的其他版本重复", revision.number),
                "同一报告的版本号从 1 开始且互不重复。",
            ));
        }
        require_timestamp(&revision.created_at, format!("{place}.created_at："))?;
        check_sections(&revision.sections, &focus_points, &place)?;
    }

    unique_ids("evidence", &doc.evidence, |e| &e.id)?;
    for (index, evidence) in doc.evidence.iter().enumerate() {
        let place = format!("evidence[{index}]");
        require_ref(&report_ids, &evidence.report_id, format!("{place}.report_id："), "述职报告")?;
        if let Some(point) = &evidence.focus_point_id {
            require_ref(&focus_points, point, format!("{place}.focus_point_id："), "述职重点")?;
        }
        if let Some(problem) = &evidence.problem_id {
            let problem_ids: BTreeSet<&str> = doc.problems.iter().map(|p| p.id.as_str()).collect();
            require_ref(&problem_ids, problem, format!("{place}.problem_id："), "问题")?;
        }
        let hex = evidence.sha256.len() == 64
            && evidence.sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !hex {
            return Err((
                format!("{place}.sha256："),
                "不是 64 位小写十六进制的 SHA-256 摘要".into(),
                "请重新导出该文件，不要手工修改佐证材料的摘要。",
            ));
        }
        require_timestamp(&evidence.added_at, format!("{place}.added_at："))?;
    }

    unique_ids("approvals", &doc.approvals, |a| &a.id)?;
    for (index, approval) in doc.approvals.iter().enumerate() {
        let place = format!("approvals[{index}]");
        require_ref(&report_ids, &approval.report_id, format!("{place}.report_id："), "述职报告")?;
        if approval.level >= levels {
            return Err((
                format!("{place}.level："),
                format!("审核层级 {} 超出了设定的 {levels} 个层级", approval.level),
                "审核层级从 0 开始计数，请改为有效的层级。",
            ));
        }
        require_timestamp(&approval.created_at, format!("{place}.created_at："))?;
        for (c, comment) in approval.comments.iter().enumerate() {
            if let Some(point) = &comment.focus_point_id {
                require_ref(&focus_points, point, format!("{place}.comments[{c}].focus_point_id："), "述职重点")?;
            }
        }
    }

    unique_ids("superior_comments", &doc.superior_comments, |c| &c.id)?;
    for (index, comment) in doc.superior_comments.iter().enumerate() {
        let place = format!("superior_comments[{index}]");
        require_ref(&secretaries, &comment.secretary_id, format!("{place}.secretary_id："), "书记")?;
        require_timestamp(&comment.created_at, format!("{place}.created_at："))?;
    }

    let categories = unique_ids("rater_categories", &doc.rater_categories, |c| &c.id)?;
    for (index, category) in doc.rater_categories.iter().enumerate() {
        if category.weight_percent > 100 {
            return Err((
                format!("rater_categories[{index}]（{}）.weight_percent：", category.name),
                "权重超过 100%".into(),
                "请填写 0 到 100 之间的整数。",
            ));
        }
    }
    // A rater votes one way: before the seal, every ballot came the way its category votes.
    // (A sealed vote of an earlier version may hold both, as it was cast.)
    if doc.vote.is_none() {
        for (index, ballot) in doc.ballots.iter().enumerate() {
            if let Some(category) = doc.rater_categories.iter().find(|c| c.id == ballot.category_id)
                && category.ballot_channel != ballot.channel
            {
                return Err((
                    format!("ballots[{index}]（票号 {}）.channel：", ballot.serial),
                    format!(
                        "“{}”的测评方式是{}，这张票却不是这样收回的",
                        category.name,
                        category.ballot_channel.label()
                    ),
                    "每类评议人只用一种票。请核对 rater_categories 中该类的 ballot_channel，或用述职评议助手重新导出该文件。",
                ));
            }
        }
    }
    unique_ids("raters", &doc.raters, |r| &r.id)?;
    for (index, rater) in doc.raters.iter().enumerate() {
        require_ref(&categories, &rater.category_id, format!("raters[{index}].category_id："), "评议人类别")?;
    }

    // A serial may repeat: the tally counts every copy as invalid, so none may be dropped here.
    unique_ids("ballots", &doc.ballots, |b| &b.id)?;
    unique_ids("ballot_checks", &doc.ballot_checks, |b| &b.id)?;
    let mut check_serials = BTreeSet::new();
    for (index, check) in doc.ballot_checks.iter().enumerate() {
        let place = format!("ballot_checks[{index}]");
        require_ref(&categories, &check.category_id, format!("{place}.category_id："), "评议人类别")?;
        if !check_serials.insert(check.serial.as_str()) {
            return Err((
                format!("{place}.serial："),
                format!("票号 \"{}\" 的第二遍录入出现了两次", check.serial),
                "每个票号只保留一次第二遍录入，请删去多余的一项。",
            ));
        }
        for (e, entry) in check.entries.iter().enumerate() {
            require_ref(&secretaries, &entry.secretary_id, format!("{place}.entries[{e}].secretary_id："), "书记")?;
        }
    }
    let mut sheet_serials = BTreeSet::new();
    for (index, sheet) in doc.ballot_sheets.iter().enumerate() {
        let place = format!("ballot_sheets[{index}]");
        require_ref(&categories, &sheet.category_id, format!("{place}.category_id："), "评议人类别")?;
        if !sheet_serials.insert(sheet.serial.as_str()) {
            return Err((
                format!("{place}.serial："),
                format!("测评表票号 \"{}\" 印了两次", sheet.serial),
                "每张测评表的票号必须唯一。",
            ));
        }
    }
    let mut codes = BTreeSet::new();
    for (index, code) in doc.ballot_codes.iter().enumerate() {
        let place = format!("ballot_codes[{index}]");
        require_ref(&categories, &code.category_id, format!("{place}.category_id："), "评议人类别")?;
        if !codes.insert(code.code.as_str()) {
            return Err((
                format!("{place}.code："),
                format!("测评码 \"{}\" 重复", code.code),
                "每个测评码只能有一条。",
            ));
        }
    }
    let mut on_agenda = BTreeSet::new();
    for (index, id) in doc.agenda.iter().enumerate() {
        require_ref(&secretaries, id, format!("agenda[{index}]："), "书记")?;
        if !on_agenda.insert(id.as_str()) {
            return Err((format!("agenda[{index}]："), "同一位书记在议程中出现了两次".into(), "请删去重复的一项。"));
        }
    }
    for (index, id) in doc.written_reports.iter().enumerate() {
        require_ref(&secretaries, id, format!("written_reports[{index}]："), "书记")?;
    }
    for (index, round) in doc.vote_rounds.iter().enumerate() {
        let place = format!("vote_rounds[{index}]");
        if round.round as usize != index + 1 {
            return Err((
                format!("{place}.round："),
                format!("应为第 {} 轮", index + 1),
                "请按轮次顺序排列，从 1 开始。",
            ));
        }
        if round.closure.fingerprint.len() != 64 || !round.closure.fingerprint.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err((
                format!("{place}.closure.fingerprint："),
                "测评票指纹不是 64 位十六进制数".into(),
                "该文件可能被改动过，请重新导出。",
            ));
        }
        require_timestamp(&round.archived_at, format!("{place}.archived_at："))?;
        if let Some(problem) = crate::limits::reason_problem(&round.reason, 1) {
            return Err((format!("{place}.reason："), problem, "请写明开始新一轮的原因。"));
        }
        if let Some(problem) = crate::limits::name_problem(&round.actor, crate::limits::PERSON_NAME_CHARS) {
            return Err((format!("{place}.actor："), problem, "请只写姓名。"));
        }
        if let Some(problem) = crate::text::name_character_problem(&round.stopped.replace('\n', " ")) {
            return Err((format!("{place}.stopped："), problem, "该文件可能被改动过，请重新导出。"));
        }
    }
    for (index, version) in doc.assessment_rules_versions.iter().enumerate() {
        let place = format!("assessment_rules_versions[{index}]");
        if version.version as usize != index + 1 {
            return Err((
                format!("{place}.version："),
                format!("应为第 {} 版", index + 1),
                "请按版本顺序排列，从 1 开始。",
            ));
        }
        require_timestamp(&version.created_at, format!("{place}.created_at："))?;
        version.rules.validate().map_err(|e| (format!("{place}.rules："), sentence(&e), "请修正考核办法。"))?;
    }
    let mut scored = BTreeSet::new();
    for (index, scores) in doc.daily_scores.iter().enumerate() {
        let place = format!("daily_scores[{index}]");
        require_ref(&orgs, &scores.organization_id, format!("{place}.organization_id："), "党组织")?;
        if !scored.insert(scores.organization_id.as_str()) {
            return Err((format!("{place}："), "同一个党组织的日常考核出现了两次".into(), "请删去重复的一项。"));
        }
        if scores.items.len() > 30 {
            return Err((format!("{place}.items："), "超过 30 个项目".into(), "请合并或删去多余的项目。"));
        }
        for (i, item) in scores.items.iter().enumerate() {
            if let Some(problem) = crate::limits::name_problem(&item.name, 50) {
                return Err((format!("{place}.items[{i}].name："), problem, "请改短项目名称。"));
            }
            if item.centi.abs() > 100_000 {
                return Err((format!("{place}.items[{i}].centi："), "超过 1000 分".into(), "请核对分数。"));
            }
        }
    }
    for (index, version) in doc.rules_versions.iter().enumerate() {
        let place = format!("rules_versions[{index}]");
        if version.version as usize != index + 1 {
            return Err((
                format!("{place}.version："),
                format!("版本号应为 {}，实为 {}", index + 1, version.version),
                "计分规则的各版本应从 1 起连续编号。",
            ));
        }
        require_timestamp(&version.created_at, format!("{place}.created_at："))?;
        version.rules.validate().map_err(|e| (format!("{place}.rules："), sentence(&e), "请修正该版计分规则。"))?;
    }
    doc.campaign
        .scoring_rules
        .validate()
        .map_err(|e| ("campaign.scoring_rules：".to_string(), sentence(&e), "请修正计分规则。"))?;
    if let Some(vote) = &doc.vote {
        if vote.fingerprint.len() != 64 || !vote.fingerprint.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err((
                "vote.fingerprint：".into(),
                "测评票指纹不是 64 位十六进制数".into(),
                "该文件可能被改动过，请重新导出。",
            ));
        }
        if !doc.rules_versions.is_empty() && !doc.rules_versions.iter().any(|v| v.version == vote.rules_version) {
            return Err((
                "vote.rules_version：".into(),
                format!("没有第 {} 版计分规则", vote.rules_version),
                "该文件可能被改动过，请重新导出。",
            ));
        }
        require_timestamp(&vote.closed_at, "vote.closed_at：".into())?;
        if let Some(decision) = &vote.quota_decision {
            for (k, id) in decision.kept.iter().enumerate() {
                require_ref(&secretaries, id, format!("vote.quota_decision.kept[{k}]："), "书记")?;
            }
            if let Some(problem) = crate::limits::text_problem(&decision.reason, crate::limits::TITLE_CHARS) {
                return Err(("vote.quota_decision.reason：".into(), problem, "请缩短决定的原因。"));
            }
            require_timestamp(&decision.decided_at, "vote.quota_decision.decided_at：".into())?;
        }
    }
    for (index, ballot) in doc.ballots.iter().enumerate() {
        let place = format!("ballots[{index}]");
        require_ref(&categories, &ballot.category_id, format!("{place}.category_id："), "评议人类别")?;
        let mut graded = BTreeSet::new();
        for (e, entry) in ballot.entries.iter().enumerate() {
            let here = format!("{place}.entries[{e}].secretary_id：");
            require_ref(&secretaries, &entry.secretary_id, here.clone(), "书记")?;
            if !graded.insert(entry.secretary_id.as_str()) {
                return Err((here, "同一张票对同一位书记评了两次".into(), "请删去重复的一项。"));
            }
        }
    }

    let problems = unique_ids("problems", &doc.problems, |p| &p.id)?;
    for (index, problem) in doc.problems.iter().enumerate() {
        require_ref(&secretaries, &problem.secretary_id, format!("problems[{index}].secretary_id："), "书记")?;
        require_timestamp(&problem.created_at, format!("problems[{index}].created_at："))?;
    }
    unique_ids("responsibilities", &doc.responsibilities, |r| &r.id)?;
    for (index, item) in doc.responsibilities.iter().enumerate() {
        require_ref(&problems, &item.problem_id, format!("responsibilities[{index}].problem_id："), "问题")?;
    }
    let rectifications = unique_ids("rectifications", &doc.rectifications, |r| &r.id)?;
    for (index, item) in doc.rectifications.iter().enumerate() {
        let place = format!("rectifications[{index}]");
        require_ref(&problems, &item.problem_id, format!("{place}.problem_id："), "问题")?;
        if let Some(due) = &item.due {
            require_date(due, format!("{place}.due："))?;
        }
        if let Some(sign_off) = &item.sign_off {
            require_date(&sign_off.date, format!("{place}.sign_off.date："))?;
            if sign_off.verifier.trim().is_empty() || sign_off.evidence.trim().is_empty() {
                return Err((
                    format!("{place}.sign_off："),
                    "销号缺少核验人或佐证".into(),
                    "销号必须写明核验人和佐证材料。",
                ));
            }
        }
    }
    unique_ids("inspections", &doc.inspections, |i| &i.id)?;
    for (index, inspection) in doc.inspections.iter().enumerate() {
        let place = format!("inspections[{index}]");
        require_ref(&rectifications, &inspection.rectification_id, format!("{place}.rectification_id："), "整改事项")?;
        require_date(&inspection.date, format!("{place}.date："))?;
    }
    unique_ids("progress_notes", &doc.progress_notes, |n| &n.id)?;
    for (index, note) in doc.progress_notes.iter().enumerate() {
        let place = format!("progress_notes[{index}]");
        require_ref(&rectifications, &note.rectification_id, format!("{place}.rectification_id："), "整改事项")?;
        require_date(&note.date, format!("{place}.date："))?;
        require_timestamp(&note.created_at, format!("{place}.created_at："))?;
    }
    unique_ids("received_results", &doc.received_results, |r| &r.secretary_id)?;
    for (index, received) in doc.received_results.iter().enumerate() {
        let place = format!("received_results[{index}]");
        require_ref(&secretaries, &received.secretary_id, format!("{place}.secretary_id："), "书记")?;
        match &received.result.received_at {
            Some(at) => require_timestamp(at, format!("{place}.result.received_at："))?,
            None => {
                return Err((
                    format!("{place}.result.received_at："),
                    "缺少导入回执的时间".into(),
                    "该文件可能被改动过，请重新导出。",
                ));
            }
        }
    }
    unique_ids("list_signoffs", &doc.list_signoffs, |n| &n.id)?;
    for (index, item) in doc.list_signoffs.iter().enumerate() {
        let place = format!("list_signoffs[{index}]");
        if let Some(id) = &item.secretary_id {
            require_ref(&secretaries, id, format!("{place}.secretary_id："), "书记")?;
        }
        require_timestamp(&item.signed_at, format!("{place}.signed_at："))?;
        if item.content_sha256.len() != 64 || !item.content_sha256.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err((
                format!("{place}.content_sha256："),
                "摘要不是 64 位十六进制数".into(),
                "该文件可能被改动过，请重新导出。",
            ));
        }
    }
    for (index, entry) in doc.audit_log.iter().enumerate() {
        require_timestamp(&entry.at, format!("audit_log[{index}].at："))?;
    }
    check_people(doc)
}

/// Everyone the document names besides the secretaries (posts, the people responsible,
/// reviewers, verifiers, raters, whoever acted) and every evidence file's name: none may
/// hold a control or invisible character, which would make two names look alike.
fn check_people(doc: &CampaignDocument) -> std::result::Result<(), Finding> {
    let mut names: Vec<(String, &str, &str)> = vec![("campaign.organizer".into(), "组织方", &doc.campaign.organizer)];
    for (i, s) in doc.secretaries.iter().enumerate() {
        names.push((format!("secretaries[{i}].title"), "职务", &s.title));
    }
    for (i, r) in doc.responsibilities.iter().enumerate() {
        names.push((format!("responsibilities[{i}].owner"), "责任人", &r.owner));
        names.push((format!("responsibilities[{i}].leader"), "分管领导", &r.leader));
        names.push((format!("responsibilities[{i}].department"), "责任部门", &r.department));
    }
    for (i, r) in doc.rectifications.iter().enumerate() {
        names.push((format!("rectifications[{i}].owner"), "责任人", &r.owner));
        if let Some(sign_off) = &r.sign_off {
            names.push((format!("rectifications[{i}].sign_off.verifier"), "核验人", &sign_off.verifier));
        }
    }
    for (i, inspection) in doc.inspections.iter().enumerate() {
        names.push((format!("inspections[{i}].inspector"), "督查人", &inspection.inspector));
    }
    for (i, approval) in doc.approvals.iter().enumerate() {
        names.push((format!("approvals[{i}].reviewer"), "审核人", &approval.reviewer));
    }
    for (i, rater) in doc.raters.iter().enumerate() {
        names.push((format!("raters[{i}].name"), "评议人姓名", &rater.name));
        names.push((format!("raters[{i}].affiliation"), "评议人单位", &rater.affiliation));
    }
    for (i, evidence) in doc.evidence.iter().enumerate() {
        names.push((format!("evidence[{i}].file_name"), "佐证材料文件名", &evidence.file_name));
    }
    for (i, entry) in doc.audit_log.iter().enumerate() {
        names.push((format!("audit_log[{i}].actor"), "操作人", &entry.actor));
    }
    for (place, what, name) in names {
        if let Some(problem) = crate::text::name_character_problem(name) {
            return Err((
                format!("{place}："),
                format!("{what}“{}”{problem}", limits::excerpt(name)),
                "请在导出方改正这个名字后重新导出。",
            ));
        }
    }
    Ok(())
}

/// Refuses a document whose records are already in the database.
pub(super) fn check_not_present(
    conn: &rusqlite::Connection,
    doc: &CampaignDocument,
) -> std::result::Result<(), (String, String)> {
    use crate::store::{Table, id_taken};
    // A lookup that fails counts as taken: the import is refused rather than risked.
    let present = |table: Table, id: &str| id_taken(conn, table, id).unwrap_or(true);
    if present(Table::Campaigns, &doc.campaign.id) {
        return Err(("campaign.id：".into(), format!("数据库中已有编号为 \"{}\" 的年度述职评议", doc.campaign.id)));
    }
    fn ids<T>(items: &[T], id: impl Fn(&T) -> &String) -> Vec<&str> {
        items.iter().map(|x| id(x).as_str()).collect()
    }
    let tables: [(&str, Table, Vec<&str>); 17] = [
        ("approvals", Table::Approvals, ids(&doc.approvals, |x| &x.id)),
        ("ballots", Table::Ballots, ids(&doc.ballots, |x| &x.id)),
        ("campaign.focus_points", Table::FocusPoints, ids(&doc.campaign.focus_points, |x| &x.id)),
        ("evidence", Table::Evidence, ids(&doc.evidence, |x| &x.id)),
        ("inspections", Table::Inspections, ids(&doc.inspections, |x| &x.id)),
        ("list_signoffs", Table::ListSignoffs, ids(&doc.list_signoffs, |x| &x.id)),
        ("organizations", Table::Organizations, ids(&doc.organizations, |x| &x.id)),
        ("problems", Table::Problems, ids(&doc.problems, |x| &x.id)),
        ("progress_notes", Table::ProgressNotes, ids(&doc.progress_notes, |x| &x.id)),
        ("rater_categories", Table::RaterCategories, ids(&doc.rater_categories, |x| &x.id)),
        ("raters", Table::Raters, ids(&doc.raters, |x| &x.id)),
        ("rectifications", Table::Rectifications, ids(&doc.rectifications, |x| &x.id)),
        ("reports", Table::Reports, ids(&doc.reports, |x| &x.id)),
        ("responsibilities", Table::Responsibilities, ids(&doc.responsibilities, |x| &x.id)),
        ("revisions", Table::Revisions, ids(&doc.revisions, |x| &x.id)),
        ("secretaries", Table::Secretaries, ids(&doc.secretaries, |x| &x.id)),
        ("superior_comments", Table::SuperiorComments, ids(&doc.superior_comments, |x| &x.id)),
    ];
    for (kind, table, ids) in &tables {
        if let Some((index, id)) = ids.iter().enumerate().find(|(_, id)| present(*table, id)) {
            return Err((format!("{kind}[{index}].id："), format!("编号 \"{id}\" 已被本数据库中的另一条记录使用")));
        }
    }
    Ok(())
}
