//! Quality checks of a 述职报告: the rules behind 防止虚、空、偏 and
//! 认识高、问题清、措施硬、方向明 (seed 004: 明确述职重点，严格审核述职报告).
//!
//! Every rule has a stable id, a severity, the section it speaks of and a Chinese
//! message that says what is wrong and how to fix it. The same function serves the
//! editor (live, as the secretary types), the reviewer and `shuzhi report check`.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::domain::{FocusPoint, FocusRole};

pub mod reading;
mod review;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The report should not pass review like this.
    Error,
    /// Worth fixing; a reviewer will likely ask.
    Warning,
}

impl Severity {
    pub const ALL: [Severity; 2] = [Severity::Error, Severity::Warning];

    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "提醒",
        }
    }
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Finding {
    /// The rule's stable id, e.g. `problems-too-thin`.
    pub rule: &'static str,
    pub severity: Severity,
    /// The title of the section the finding is about; `None` for the whole report.
    pub section: Option<String>,
    /// What is wrong and how to fix it.
    pub message: String,
    /// The sentence the finding is about, exactly as it stands in the section (or in the
    /// last-year item or 点评 point it speaks of), so that a window can select it.
    pub quote: Option<String>,
    /// Where the quote starts in its section's text, in UTF-16 code units as a page counts
    /// them: the same sentence may stand twice, once backed and once not.
    pub quote_at: Option<u32>,
    /// The address of the quoted slice while the check runs (turned into `quote_at`).
    #[serde(skip)]
    pub(crate) quoted_from: usize,
}

/// A finding with no quote.
pub(crate) fn unquoted(rule: &'static str, severity: Severity, section: Option<String>, message: String) -> Finding {
    Finding { rule, severity, section, message, quote: None, quote_at: None, quoted_from: 0 }
}

/// The figures of one section.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SectionFigures {
    pub title: String,
    pub role: FocusRole,
    pub chars: u32,
    pub char_budget: u32,
    /// Estimated time to read the section aloud, in seconds.
    pub speaking_seconds: u32,
    /// Numbered items found (（一）, 一是, 1. …).
    pub items: u32,
}

/// A problem of the problems section with the measures that answer it, as quoted from
/// the text; with no problem, the measures that answer none.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProblemMeasures {
    pub problem: Option<String>,
    pub measures: Vec<String>,
}

/// The result of checking a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CheckReport {
    pub sections: Vec<SectionFigures>,
    pub total_chars: u32,
    pub total_speaking_seconds: u32,
    pub findings: Vec<Finding>,
    /// Each problem with the measures that answer it (empty when either part is empty).
    pub answers: Vec<ProblemMeasures>,
}

/// A section to check: its focus point, its text and how much evidence supports it.
#[derive(Debug, Clone)]
pub struct SectionInput<'a> {
    pub focus_point: &'a FocusPoint,
    pub body: &'a str,
    /// Files of 佐证材料 attached to the section; `None` when not known (a text file).
    pub evidence: Option<u32>,
}

/// What the checks need besides the text.
#[derive(Debug, Clone)]
pub struct CheckSettings {
    /// The limit on the whole report, in characters.
    pub report_char_budget: u32,
    /// The least share of the report the problems section must take, in percent.
    pub problems_min_percent: u32,
    /// Stock phrases that make a report 虚、空 when dense.
    pub cliches: Vec<String>,
    /// Last year's rectification items still open for this secretary; each must be reported on.
    pub last_year_open_items: Vec<String>,
    /// The points of last year's 上级点评 (点不足、指方向); the measures must answer each.
    pub comments: Vec<String>,
    /// Whether the report must tell how last year's findings were rectified: there was a
    /// review last year (always assumed for a text file).
    pub last_year_expected: bool,
    /// The secretary's name, when known: a measure "责任人：周慧" is hers.
    pub secretary_name: Option<String>,
    /// The problems her post named in earlier years, with the year: a problem named
    /// again is 反复出现.
    pub earlier_problems: Vec<(i32, String)>,
    /// The organizer's decisions on her problems found like an earlier year's: a pair
    /// dismissed is not flagged, a pair confirmed is even where the words differ.
    pub decided_repeats: Vec<DecidedRepeat>,
}

/// The organizer's word on one of her problems and an earlier year's of her post.
#[derive(Debug, Clone, PartialEq)]
pub struct DecidedRepeat {
    /// Her problem's words.
    pub problem: String,
    pub earlier_year: i32,
    pub earlier: String,
    /// Confirmed as 反复出现; otherwise dismissed.
    pub confirmed: bool,
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings {
            report_char_budget: 3000,
            problems_min_percent: 33,
            cliches: default_cliches(),
            last_year_open_items: Vec::new(),
            comments: Vec::new(),
            last_year_expected: true,
            secretary_name: None,
            earlier_problems: Vec::new(),
            decided_repeats: Vec::new(),
        }
    }
}

/// Stock phrases often found in reports that say little (an editable starting list).
pub const DEFAULT_CLICHES: &[&str] = &[
    "进一步加强",
    "进一步提高",
    "进一步提升",
    "进一步完善",
    "进一步强化",
    "持续提升",
    "不断完善",
    "不断提高",
    "切实加强",
    "全面加强",
    "认真贯彻",
    "扎实推进",
    "高度重视",
    "取得了明显成效",
    "取得明显成效",
    "有待提高",
    "有待加强",
    "还不够深入",
    "不够到位",
    "稳步推进",
    "各项工作",
    "积极作用",
];

/// The built-in stock-phrase list, as owned strings.
pub fn default_cliches() -> Vec<String> {
    DEFAULT_CLICHES.iter().map(|s| s.to_string()).collect()
}

/// Reading speed used for the speaking-time estimate (characters per minute).
pub const SPEAKING_CHARS_PER_MINUTE: u32 = 220;

/// Below this many characters the whole report is too short for share-based rules to mean anything.
const MIN_CHARS_FOR_SHARES: u32 = 300;
/// Stock phrases per thousand characters above which a section is 空.
const CLICHES_PER_THOUSAND: f64 = 8.0;

/// Counts the characters of report text as offices do: everything but white space.
pub fn char_count(text: &str) -> u32 {
    text.chars().filter(|c| !c.is_whitespace()).count() as u32
}

/// The numbered items of a section: （一）…, 一是…, 1. …, (1) …, at the start of a line or
/// after a full stop, a semicolon or a colon ("存在以下不足：（一）…"); 一是/二是 also after a
/// comma, as they are usually written in one sentence. A number marks an item only with one
/// or two digits and not before another digit, so "时间：2023.12" is no item.
pub fn split_items(text: &str) -> Vec<String> {
    item_slices(text).into_iter().map(str::to_string).collect()
}

/// The numbered items of a section as slices of its text (see `split_items`).
pub fn item_slices(text: &str) -> Vec<&str> {
    static MARKER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?m)(?:(?:^[ \t\u{3000}]*|[。；;：:]\s*)((?:（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+是|[0-9０-９]{1,2}[.、．](?:[^0-9０-９]|$)|（[0-9０-９]+）|\([0-9]+\)))|[，,]\s*([一二三四五六七八九十]+是))",
        )
        .expect("the item pattern is valid")
    });
    let starts: Vec<usize> =
        MARKER.captures_iter(text).filter_map(|c| c.get(1).or_else(|| c.get(2))).map(|m| m.start()).collect();
    let mut items = Vec::new();
    for (index, start) in starts.iter().enumerate() {
        let end = starts.get(index + 1).copied().unwrap_or(text.len());
        let item = text[*start..end].trim();
        if !item.is_empty() {
            items.push(item);
        }
    }
    items
}

/// Checks a report section by section and as a whole.
pub fn check_report(sections: &[SectionInput<'_>], settings: &CheckSettings) -> CheckReport {
    let mut findings = Vec::new();
    let figures: Vec<SectionFigures> = sections
        .iter()
        .map(|s| {
            let chars = char_count(s.body);
            SectionFigures {
                title: s.focus_point.title.clone(),
                role: s.focus_point.role,
                chars,
                char_budget: s.focus_point.char_budget,
                speaking_seconds: speaking_seconds(chars),
                items: split_items(s.body).len() as u32,
            }
        })
        .collect();
    let total_chars: u32 = figures.iter().map(|f| f.chars).sum();

    check_missing_sections(sections, settings, &mut findings);
    check_budgets(&figures, total_chars, settings, &mut findings);
    check_problems(sections, total_chars, settings, &mut findings);
    if total_chars >= MIN_CHARS_FOR_SHARES {
        review::check_personal(sections, settings, &mut findings);
    }
    check_data(sections, &mut findings);
    check_evidence(sections, &mut findings);
    check_cliches(sections, settings, &mut findings);
    check_measures(sections, &mut findings);
    check_last_year(sections, settings, &mut findings);
    review::check_off_focus(sections, &mut findings);
    review::check_vague(sections, &mut findings);
    review::check_problems_clear(sections, &mut findings);
    review::check_repeated(sections, settings, &mut findings);
    let answers = review::check_measures_answer(sections, settings, &mut findings);

    // Placed after the cut: finding where a quote starts reads the section up to it.
    let mut findings = at_most_per_rule_and_section(findings);
    place_quotes(sections, &mut findings);
    findings.sort_by_key(|f| f.severity);
    CheckReport {
        total_speaking_seconds: speaking_seconds(total_chars),
        sections: figures,
        total_chars,
        findings,
        answers,
    }
}

/// Replaces the pairing the words suggest with the one she recorded (each problem item
/// with its measures): the findings of problems and measures that answer nothing are
/// made anew from it; those of 点评 points and last year's items stay.
pub fn answers_from_items(
    report: &mut CheckReport,
    recorded: Vec<ProblemMeasures>,
    settings: &CheckSettings,
    sections: &[SectionInput<'_>],
) {
    let kept_quotes: Vec<&str> =
        settings.comments.iter().chain(&settings.last_year_open_items).map(String::as_str).collect();
    report
        .findings
        .retain(|f| f.rule != "measure-unanswered" || f.quote.as_deref().is_some_and(|q| kept_quotes.contains(&q)));
    let problems_title = section_of(sections, FocusRole::Problems).map(|s| s.focus_point.title.as_str());
    for pair in &recorded {
        if let (Some(problem), true, Some(title)) = (&pair.problem, pair.measures.is_empty(), problems_title) {
            report.findings.push(finding_at(
                "measure-unanswered",
                Severity::Error,
                title,
                problem,
                format!(
                    "问题“{}”还没有整改措施。请在这个问题下点“＋ 添加措施”，写明怎么改、谁负责、何时完成。",
                    excerpt(problem)
                ),
            ));
        }
    }
    report.findings.sort_by_key(|f| f.severity);
    report.answers = recorded;
}

/// Turns the address of each quoted slice into where it starts in its section, as a
/// page counts (UTF-16 code units); a quote from a 点评 point or a last-year item has none.
fn place_quotes(sections: &[SectionInput<'_>], findings: &mut [Finding]) {
    for finding in findings.iter_mut() {
        let from = std::mem::take(&mut finding.quoted_from);
        let Some(body) = sections.iter().map(|s| s.body).find(|b| {
            let start = b.as_ptr() as usize;
            from >= start && from < start + b.len()
        }) else {
            continue;
        };
        let byte = from - body.as_ptr() as usize;
        if body.is_char_boundary(byte) {
            finding.quote_at = u32::try_from(body[..byte].encode_utf16().count()).ok();
        }
    }
}

/// The most findings of one rule on one section listed one by one.
pub const FINDINGS_PER_RULE_AND_SECTION: usize = 20;

/// Keeps the first findings of each rule on each section; the rest are counted in one
/// finding, so a text of thousands of faulty sentences still gives a list one can read.
fn at_most_per_rule_and_section(findings: Vec<Finding>) -> Vec<Finding> {
    let mut kept: Vec<Finding> = Vec::new();
    let mut counts: std::collections::HashMap<(&'static str, Option<String>), (usize, Severity)> =
        std::collections::HashMap::new();
    for finding in findings {
        let entry = counts.entry((finding.rule, finding.section.clone())).or_insert((0, finding.severity));
        entry.0 += 1;
        entry.1 = entry.1.min(finding.severity);
        if entry.0 <= FINDINGS_PER_RULE_AND_SECTION {
            kept.push(finding);
        }
    }
    let mut over: Vec<_> = counts.into_iter().filter(|(_, (n, _))| *n > FINDINGS_PER_RULE_AND_SECTION).collect();
    over.sort_by(|a, b| a.0.cmp(&b.0));
    for ((rule, section), (count, severity)) in over {
        kept.push(unquoted(
            rule,
            severity,
            section,
            format!(
                "同类问题还有 {} 处，未逐一列出。请先改正上面列出的，再检查一次。",
                count - FINDINGS_PER_RULE_AND_SECTION
            ),
        ));
    }
    kept
}

fn speaking_seconds(chars: u32) -> u32 {
    (chars * 60).div_ceil(SPEAKING_CHARS_PER_MINUTE)
}

fn finding(rule: &'static str, severity: Severity, section: Option<&str>, message: String) -> Finding {
    unquoted(rule, severity, section.map(str::to_string), message)
}

/// A finding about one sentence, quoted.
pub(crate) fn finding_at(
    rule: &'static str,
    severity: Severity,
    section: &str,
    quote: &str,
    message: String,
) -> Finding {
    Finding {
        rule,
        severity,
        section: Some(section.to_string()),
        message,
        quote: Some(quote.to_string()),
        quote_at: None,
        quoted_from: quote.as_ptr() as usize,
    }
}

fn section_of<'a>(sections: &'a [SectionInput<'a>], role: FocusRole) -> Option<&'a SectionInput<'a>> {
    sections.iter().find(|s| s.focus_point.role == role)
}

/// `missing-section`: a focus point with no text.
fn check_missing_sections(sections: &[SectionInput<'_>], settings: &CheckSettings, findings: &mut Vec<Finding>) {
    for section in sections {
        let last_year = section.focus_point.role == FocusRole::LastYear;
        let required = !last_year || settings.last_year_expected || !settings.last_year_open_items.is_empty();
        // "已逐项销号，此处不再赘述" tells a reviewer nothing: a sentence is no account.
        if last_year && required && (1..30).contains(&char_count(section.body)) {
            let title = &section.focus_point.title;
            findings.push(finding(
                "missing-section",
                Severity::Error,
                Some(title),
                format!(
                    "“{title}”只有寥寥几句。请逐条写明上年度指出的问题整改了什么、结果如何；\
                     如上年度没有需要整改的问题，请写明“上年度述职评议未指出需整改的问题”。"
                ),
            ));
            continue;
        }
        if char_count(section.body) > 0 || !required {
            continue;
        }
        let title = &section.focus_point.title;
        findings.push(finding(
            "missing-section",
            Severity::Error,
            Some(title),
            format!("“{title}”还没有内容。每个述职重点都要写到；请按该节的写作要求补写。"),
        ));
    }
}

/// `over-budget`: the report or a section longer than its budget.
fn check_budgets(figures: &[SectionFigures], total: u32, settings: &CheckSettings, findings: &mut Vec<Finding>) {
    if total > settings.report_char_budget {
        findings.push(finding(
            "over-budget",
            Severity::Error,
            None,
            format!(
                "全文 {total} 字，超过了 {} 字的上限 {} 字。请压缩成绩部分的铺陈，保留问题和措施的具体内容。",
                settings.report_char_budget,
                total - settings.report_char_budget
            ),
        ));
    }
    for figure in figures {
        if figure.char_budget > 0 && figure.chars > figure.char_budget + figure.char_budget / 10 {
            findings.push(finding(
                "over-budget",
                Severity::Warning,
                Some(&figure.title),
                format!(
                    "本节 {} 字，超过建议的 {} 字。请删去与书记本人履职无关的内容。",
                    figure.chars, figure.char_budget
                ),
            ));
        }
    }
}

/// `problems-too-thin`: the problems section too short for the report, or too few items.
fn check_problems(sections: &[SectionInput<'_>], total: u32, settings: &CheckSettings, findings: &mut Vec<Finding>) {
    let Some(problems) = section_of(sections, FocusRole::Problems) else { return };
    let chars = char_count(problems.body);
    if chars == 0 {
        return; // missing-section speaks of it
    }
    let title = problems.focus_point.title.as_str();
    if total >= MIN_CHARS_FOR_SHARES {
        let percent = chars * 100 / total;
        if percent < settings.problems_min_percent {
            findings.push(finding(
                "problems-too-thin",
                Severity::Error,
                Some(title),
                format!(
                    "问题及原因分析只占全文的 {percent}%（{chars}/{total} 字），少于要求的 {}%。\
                     请逐条写明问题的具体表现（见人见事）和本人主观上的原因。",
                    settings.problems_min_percent
                ),
            ));
        }
    }
    let items = split_items(problems.body).len();
    let wanted = if settings.report_char_budget >= 2000 { 3 } else { 2 };
    if items < wanted {
        findings.push(finding(
            "problems-too-thin",
            Severity::Error,
            Some(title),
            format!(
                "只列出了 {items} 条问题，至少应有 {wanted} 条。请用（一）（二）（三）分条列出，每条写明表现和原因。"
            ),
        ));
    }
}

/// `no-data`: achievements with no figures.
fn check_data(sections: &[SectionInput<'_>], findings: &mut Vec<Finding>) {
    let Some(achievements) = section_of(sections, FocusRole::Achievements) else { return };
    let chars = char_count(achievements.body);
    if chars == 0 {
        return;
    }
    let count = reading::data_quantities(achievements.body);
    let title = achievements.focus_point.title.as_str();
    if count == 0 {
        findings.push(finding(
            "no-data",
            Severity::Error,
            Some(title),
            "成绩部分没有任何数据。请用数字和事例说话：本人主持了多少次会议、推动了哪些事项、指标由多少变为多少。"
                .into(),
        ));
    } else if chars >= 300 && count * 100 < chars as usize {
        // Fewer than one figure per hundred characters reads as a general summary.
        findings.push(finding(
            "no-data",
            Severity::Warning,
            Some(title),
            format!("成绩部分 {chars} 字只有 {count} 处数据，显得笼统。请为每项成绩补充具体数据或事例。"),
        ));
    }
}

/// `no-evidence`: achievements with figures but no evidence attached to back them.
fn check_evidence(sections: &[SectionInput<'_>], findings: &mut Vec<Finding>) {
    let Some(achievements) = section_of(sections, FocusRole::Achievements) else { return };
    let figures = reading::quantities(achievements.body);
    if figures > 0 && achievements.evidence == Some(0) {
        let title = achievements.focus_point.title.as_str();
        findings.push(finding(
            "no-evidence",
            Severity::Warning,
            Some(title),
            format!(
                "成绩部分有 {figures} 处数据，但没有附任何佐证材料。请附上会议记录、统计表、照片等材料，便于审核时核实。"
            ),
        ));
    }
}

/// `cliche-dense`: too many stock phrases for the length of a section.
fn check_cliches(sections: &[SectionInput<'_>], settings: &CheckSettings, findings: &mut Vec<Finding>) {
    for section in sections {
        let chars = char_count(section.body);
        if chars == 0 {
            continue;
        }
        let mut found: Vec<(&str, usize)> = settings
            .cliches
            .iter()
            .filter(|c| !c.is_empty())
            .map(|c| (c.as_str(), section.body.matches(c.as_str()).count()))
            .filter(|(_, n)| *n > 0)
            .collect();
        let count: usize = found.iter().map(|(_, n)| n).sum();
        let per_thousand = count as f64 * 1000.0 / f64::from(chars.max(100));
        if count >= 2 && per_thousand > CLICHES_PER_THOUSAND {
            found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let listed: Vec<String> = found.iter().take(4).map(|(c, n)| format!("“{c}”{n} 次")).collect();
            let title = &section.focus_point.title;
            findings.push(finding(
                "cliche-dense",
                Severity::Warning,
                Some(title),
                format!(
                    "本节套话较多（{}），每千字 {per_thousand:.0} 处。请换成具体的做法、数据和目标。",
                    listed.join("、")
                ),
            ));
        }
    }
}

/// `measure-incomplete`: a measure with no owner or no deadline, or only vague verbs with no target.
fn check_measures(sections: &[SectionInput<'_>], findings: &mut Vec<Finding>) {
    static OWNER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"责任人|责任部门|牵头|负责|本人|书记|支委|委员|党办|党务办|办公室").expect("valid")
    });
    static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"完成时限|时限|[0-9０-９]{4}年|[0-9０-９]+月|年底|年内|月底|季度|上半年|下半年|前完成|之前|每月|每季度|每年")
            .expect("valid")
    });
    // Dates say when, not how much: they are no target.
    static DATES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[0-9０-９]{4}年|[0-9０-９]{1,2}月(?:底|份)?|[0-9０-９]{1,2}日").expect("valid"));
    static VAGUE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"进一步|持续|不断|切实|努力|积极|全面|加强|提高|提升|强化|筑牢|增强").expect("valid")
    });
    let Some(measures) = section_of(sections, FocusRole::Measures) else { return };
    if char_count(measures.body) == 0 {
        return;
    }
    let title = measures.focus_point.title.as_str();
    let mut items = item_slices(measures.body);
    if items.is_empty() {
        items.push(measures.body.trim());
    }
    for (index, item) in items.iter().enumerate() {
        let number = index + 1;
        let mut missing = Vec::new();
        if !OWNER.is_match(item) {
            missing.push("责任人");
        }
        if !DEADLINE.is_match(item) {
            missing.push("完成时限");
        }
        if !missing.is_empty() {
            // In her own report the secretary answers for a measure that names no one;
            // a measure with no deadline cannot be checked at all.
            let severity = if missing.contains(&"完成时限") { Severity::Error } else { Severity::Warning };
            findings.push(finding_at(
                "measure-incomplete",
                severity,
                title,
                item,
                format!(
                    "第 {number} 条措施没有写明{}（“{}”）。措施要可检查：写明谁负责、何时完成。",
                    missing.join("和"),
                    excerpt(item)
                ),
            ));
        } else if VAGUE.is_match(item) && reading::quantities(&DATES.replace_all(item, "")) == 0 {
            findings.push(finding_at(
                "measure-incomplete",
                Severity::Warning,
                title,
                item,
                format!(
                    "第 {number} 条措施只有“进一步”“加强”之类的表述，没有可衡量的目标（“{}”）。请写明要达到的具体目标。",
                    excerpt(item)
                ),
            ));
        }
    }
}

/// `last-year-unreported`: last year's open rectification items not mentioned.
fn check_last_year(sections: &[SectionInput<'_>], settings: &CheckSettings, findings: &mut Vec<Finding>) {
    if settings.last_year_open_items.is_empty() {
        return;
    }
    let Some(last_year) = section_of(sections, FocusRole::LastYear) else {
        findings.push(finding(
            "last-year-unreported",
            Severity::Error,
            None,
            format!(
                "上年度还有 {} 项整改未完成，报告中没有“上年度整改落实情况”一节。请逐条说明整改进展。",
                settings.last_year_open_items.len()
            ),
        ));
        return;
    };
    let title = last_year.focus_point.title.as_str();
    let lines = read_lines(last_year.body);
    for item in &settings.last_year_open_items {
        if !reported_on(&lines, item) {
            findings.push(finding_at(
                "last-year-unreported",
                Severity::Error,
                title,
                item,
                format!(
                    "上年度整改事项“{}”没有说明落实情况。请写明已完成的内容，或未完成的原因和后续安排。",
                    excerpt(item)
                ),
            ));
        }
    }
}

/// The last-year section, read once for all of last year's items: each line's words,
/// and where each run of six characters stands.
struct ReadLines {
    lines: Vec<ReadLine>,
    runs: std::collections::HashMap<String, Vec<usize>>,
}

struct ReadLine {
    rest: String,
    pairs: std::collections::HashSet<[char; 2]>,
}

/// How many characters in a row make a mention of an item.
const MENTION_RUN: usize = 6;

fn read_lines(text: &str) -> ReadLines {
    let mut runs: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    let mut lines = Vec::new();
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let compact: Vec<char> = line.chars().filter(|c| !c.is_whitespace() && !is_punctuation(*c)).collect();
        for run in compact.windows(MENTION_RUN.min(compact.len()).max(1)) {
            let places = runs.entry(run.iter().collect()).or_default();
            if places.last() != Some(&lines.len()) {
                places.push(lines.len());
            }
        }
        lines.push(ReadLine {
            rest: line
                .replace("整改情况", "")
                .chars()
                .filter(|c| !c.is_whitespace() && !is_punctuation(*c) && !"一二三四五六七八九十0123456789".contains(*c))
                .collect(),
            pairs: reading::keywords(line),
        });
    }
    ReadLines { lines, runs }
}

/// True when a line of the section mentions `item` and says something about it beyond
/// the item itself (a pre-filled “……整改情况：” with nothing after it is not a report).
/// A line mentions an item when it takes up a distinctive part of it (any six
/// characters in a row, or the whole of a short item), or shares a third of the item's
/// character pairs ("乡村医生党员管理松散问题" reports on "村卫生室党员乡村医生管理松散").
fn reported_on(read: &ReadLines, item: &str) -> bool {
    let item_compact: String = item.chars().filter(|c| !c.is_whitespace() && !is_punctuation(*c)).collect();
    let chars: Vec<char> = item_compact.chars().collect();
    if chars.is_empty() {
        return !read.lines.is_empty();
    }
    let mut mentioned = vec![false; read.lines.len()];
    if chars.len() < MENTION_RUN {
        // A short item is mentioned whole.
        for (index, line) in read.lines.iter().enumerate() {
            mentioned[index] = line.rest.contains(&item_compact) || line.pairs.is_superset(&reading::keywords(item));
        }
    }
    for run in chars.windows(MENTION_RUN.min(chars.len())) {
        if let Some(places) = read.runs.get(&run.iter().collect::<String>()) {
            places.iter().for_each(|p| mentioned[*p] = true);
        }
    }
    let wanted = reading::keywords(item);
    read.lines.iter().enumerate().any(|(index, line)| {
        let shared = line.pairs.intersection(&wanted).count();
        (mentioned[index] || (shared >= 3 && shared * 3 >= wanted.len()))
            && line.rest.chars().count().saturating_sub(longest_common_run(&line.rest, &item_compact)) >= 4
    })
}

/// How many characters of `line` belong to `item`: the longest run the two share.
fn longest_common_run(line: &str, item: &str) -> usize {
    let item: Vec<char> = item.chars().collect();
    let mut best = 0;
    let mut previous = vec![0usize; item.len() + 1];
    for a in line.chars() {
        let mut row = vec![0usize; item.len() + 1];
        for (j, b) in item.iter().enumerate() {
            if a == *b {
                row[j + 1] = previous[j] + 1;
                best = best.max(row[j + 1]);
            }
        }
        previous = row;
    }
    best
}

fn is_punctuation(c: char) -> bool {
    "，。、；：？！“”‘’（）《》【】—…·,.;:?!\"'()[]".contains(c)
}

/// The first 24 characters of a text, for quoting in a message.
fn excerpt(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join("");
    let mut chars = flat.chars();
    let head: String = chars.by_ref().take(24).collect();
    if chars.next().is_some() { format!("{head}……") } else { head }
}

/// Reads a plain-text or Markdown report into sections of the default outline.
///
/// A section starts at a heading: a Markdown `#` line, or a line that begins with
/// 一、二、三、四、 (the 公文 first-level numbering). Headings are matched to focus
/// points by their words (成绩 / 问题 / 措施 / 整改), or else by their number (一、 is
/// the first point); text before the first heading is ignored as the title block.
pub fn sections_from_text<'a>(text: &str, focus_points: &'a [FocusPoint]) -> Vec<(&'a FocusPoint, String)> {
    static HEADING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:#{1,6}\s*(.+)|([一二三四五六七八九十]+、.*))$").expect("valid"));
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([一二三四五六七八九十])、").expect("valid"));
    // A file saved by Notepad or WPS may begin with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Each section is the exact run of the file between its heading and the next, so that
    // a quote of the check is a piece of the file as it stands (line ends, indentation).
    let mut ranges: Vec<Vec<(usize, usize)>> = vec![Vec::new(); focus_points.len()];
    let mut current: Option<(usize, usize)> = None; // (section, start)
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let start = at;
        at += line.len();
        let Some(captures) = HEADING.captures(trimmed) else { continue };
        let heading = captures.get(1).or_else(|| captures.get(2)).map_or("", |m| m.as_str()).trim();
        // By its words; failing that, a first-level number places it ("一、党建工作" is the first part).
        let index =
            role_of_heading(heading).and_then(|role| focus_points.iter().position(|p| p.role == role)).or_else(|| {
                NUMBERED
                    .captures(heading)
                    .and_then(|c| "一二三四五六七八九十".chars().position(|n| c[1].starts_with(n)))
                    .filter(|n| *n < focus_points.len())
            });
        let Some(index) = index else { continue };
        if let Some((section, from)) = current {
            ranges[section].push((from, start));
        }
        current = Some((index, at));
    }
    if let Some((section, from)) = current {
        ranges[section].push((from, text.len()));
    }
    focus_points
        .iter()
        .zip(ranges)
        .map(|(point, pieces)| {
            let parts: Vec<&str> = pieces.iter().map(|(s, e)| text[*s..*e].trim()).filter(|p| !p.is_empty()).collect();
            (point, parts.join("\n"))
        })
        .collect()
}

fn role_of_heading(heading: &str) -> Option<FocusRole> {
    let has = |words: &[&str]| words.iter().any(|w| heading.contains(w));
    // "三、下一步整改措施" is about next year, "四、上年度…问题整改落实情况" about last year.
    if has(&["上年度", "上一年度", "去年", "上年"]) {
        Some(FocusRole::LastYear)
    } else if has(&["措施", "思路", "下一步", "下步", "打算", "努力方向"]) {
        Some(FocusRole::Measures)
    } else if heading.contains("问题") {
        Some(FocusRole::Problems)
    } else if heading.contains("整改") {
        Some(FocusRole::LastYear)
    } else if has(&["成绩", "职责", "履职", "成效", "主要工作"]) {
        Some(FocusRole::Achievements)
    } else {
        None
    }
}

/// The default outline of a report, for checking a file that belongs to no campaign.
pub fn default_focus_points() -> Vec<FocusPoint> {
    let point = |id: &str, title: &str, role, guidance: &str, char_budget| FocusPoint {
        id: id.into(),
        title: title.into(),
        role,
        guidance: guidance.into(),
        char_budget,
    };
    vec![
        point(
            "achievements",
            "一、履行抓基层党建第一责任人职责情况及主要成绩",
            FocusRole::Achievements,
            "突出书记本人履职：如何谋划、部署、推动、督导基层党建工作。成绩用数据和事例说话，实事求是。",
            1000,
        ),
        point(
            "problems",
            "二、存在的问题及原因分析",
            FocusRole::Problems,
            "突出问题导向：逐条写明问题的具体表现，原因从书记本人主观上找。篇幅不少于全文三分之一。",
            1000,
        ),
        point(
            "measures",
            "三、下一步工作思路和措施",
            FocusRole::Measures,
            "措施逐条对应问题，具体可行、可检查：写明目标、责任人和完成时限。",
            500,
        ),
        point(
            "last_year",
            "四、上年度整改落实情况",
            FocusRole::LastYear,
            "逐条说明上年度问题清单中各项整改的完成情况。",
            500,
        ),
    ]
}
