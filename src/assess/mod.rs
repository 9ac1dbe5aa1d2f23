//! 述评考一体化: the year's 党建考核 等次 of each secretary (and so of her organization),
//! built from the vote's result and the year's 日常考核 scores under a composite rule the
//! organizer sets (versioned with the campaign, like the scoring rules).
//!
//! The rule is data; [`assess`] is a pure function of the rule and a neutral
//! [`AssessmentInput`], built either from a campaign or from three files (`shuzhi assess
//! --rules --scores --results`), so a recount without the database gives the same figures.
//! Arithmetic is exact in hundredths: every part and the composite are rounded half up to
//! hundredths, and the composite is compared with the bands as shown (89.994 is 89.99, under
//! 90; 89.995 is 90.00). A missing part never counts as 0 and never silently reweights: the
//! row says what is missing and gets no grade until the organizer decides, and that decision
//! (with its reason) is logged and printed.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::rules::scoring::{Grade, GradePoints, centi_text, round_div};

pub mod campaign;
pub mod export;
pub mod files;
pub mod scores;

/// The names of the four composite grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum GradeScale {
    /// 好 / 较好 / 一般 / 差
    #[default]
    Good,
    /// 优秀 / 良好 / 一般 / 较差
    Excellent,
}

impl GradeScale {
    pub const ALL: [GradeScale; 2] = [GradeScale::Good, GradeScale::Excellent];

    pub fn names(self) -> [&'static str; 4] {
        match self {
            GradeScale::Good => ["好", "较好", "一般", "差"],
            GradeScale::Excellent => ["优秀", "良好", "一般", "较差"],
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GradeScale::Good => "好、较好、一般、差",
            GradeScale::Excellent => "优秀、良好、一般、较差",
        }
    }

    /// The name of grade `index` (0 best, 3 worst).
    pub fn name(self, index: u8) -> &'static str {
        self.names()[usize::from(index.min(3))]
    }
}

/// How the vote's result becomes points of the 述职评议 part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum VotePoints {
    /// Points per 等次 of the vote (好 100 / 较好 85 / 一般 70 / 差 50, say).
    Grade(GradePoints),
    /// The vote's weighted score, as it is (out of 100).
    Score,
}

/// A band of the composite: at least `min_score` points (out of 100) earns grade `grade`
/// (0 best … 3 worst).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct CompositeBand {
    pub min_score: u32,
    pub grade: u8,
}

/// The composite rule (述评考一体化的考核办法).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct AssessmentRules {
    /// The 述职评议 part's weight, in percent.
    pub vote_weight_percent: u32,
    /// The 日常考核 part's weight, in percent; the two add up to 100.
    pub daily_weight_percent: u32,
    pub vote_points: VotePoints,
    /// What the 日常考核 items add up to at most; their total is brought to 100 points.
    pub daily_full_marks: u32,
    pub scale: GradeScale,
    /// Best first; a composite under every band gets the worst grade.
    pub bands: Vec<CompositeBand>,
    /// A secretary whose vote is below 好 cannot get the best composite grade (未达到“好”
    /// 等次的不得确定为优秀).
    pub top_requires_vote_good: bool,
}

impl Default for AssessmentRules {
    fn default() -> Self {
        AssessmentRules {
            vote_weight_percent: 30,
            daily_weight_percent: 70,
            vote_points: VotePoints::Grade(GradePoints { good: 100, fairly_good: 85, fair: 70, poor: 50 }),
            daily_full_marks: 100,
            scale: GradeScale::Good,
            bands: vec![
                CompositeBand { min_score: 90, grade: 0 },
                CompositeBand { min_score: 80, grade: 1 },
                CompositeBand { min_score: 60, grade: 2 },
            ],
            top_requires_vote_good: true,
        }
    }
}

impl AssessmentRules {
    /// Refuses a rule that cannot decide, saying what to fix.
    pub fn validate(&self) -> Result<()> {
        let bad = |message: String| Err(Error::Invalid { message: format!("考核办法有误：{message}") });
        if self.vote_weight_percent + self.daily_weight_percent != 100 {
            return bad(format!(
                "述职评议 {}% 与日常考核 {}% 之和应为 100%。",
                self.vote_weight_percent, self.daily_weight_percent
            ));
        }
        if let VotePoints::Grade(p) = &self.vote_points {
            if p.good > 100 {
                return bad("述职评议各等次折算的分数不能超过 100。".into());
            }
            if !(p.good >= p.fairly_good && p.fairly_good >= p.fair && p.fair >= p.poor) {
                return bad("述职评议各等次折算的分数须按 好 ≥ 较好 ≥ 一般 ≥ 差 排列。".into());
            }
        }
        if self.daily_full_marks == 0 || self.daily_full_marks > 1000 {
            return bad("日常考核满分应在 1 至 1000 分之间。".into());
        }
        if self.bands.is_empty() {
            return bad("至少要有一个分数段，例如 90 分及以上为好。".into());
        }
        if !self.bands.windows(2).all(|w| w[0].min_score > w[1].min_score && w[0].grade < w[1].grade) {
            return bad("分数段的起点须从高到低、等次须从好到差排列，每个等次只出现一次。".into());
        }
        if self.bands.iter().any(|b| b.grade > 3 || b.min_score > 100) {
            return bad("分数段的起点不能超过 100 分，等次只有四档。".into());
        }
        Ok(())
    }

    /// The rule in words, above the results and on the PDF.
    pub fn describe(&self) -> String {
        let names = self.scale.names();
        let vote = match &self.vote_points {
            VotePoints::Grade(p) => {
                format!(
                    "述职评议等次折算为分数（好 {}、较好 {}、一般 {}、差 {}）",
                    p.good, p.fairly_good, p.fair, p.poor
                )
            }
            VotePoints::Score => "述职评议按测评得分计".to_string(),
        };
        let bands: Vec<String> =
            self.bands.iter().map(|b| format!("{} 分及以上为{}", b.min_score, self.scale.name(b.grade))).collect();
        let mut text = format!(
            "综合得分 = 述职评议 × {}% + 日常考核 × {}%；{}；日常考核各项得分之和（满分 {}）折算为百分制；各部分和综合得分四舍五入保留两位小数；{}，其余为{}",
            self.vote_weight_percent,
            self.daily_weight_percent,
            vote,
            self.daily_full_marks,
            bands.join("，"),
            names[3]
        );
        if self.top_requires_vote_good {
            text.push_str(&format!("；述职评议未达到“好”等次的，不得确定为{}", names[0]));
        }
        text.push_str("。缺少任何一部分的，不评定等次，由组织方决定。");
        text
    }
}

/// What the organizer decided for one secretary, with the reason (logged, printed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// A part is missing: the composite is the part present, alone.
    Reweight,
    /// A part is missing: this grade (0 best … 3 worst), without a composite score.
    Grade(u8),
    /// One-vote veto (一票否决, such as a 党风廉政 case): the grade is at best this one.
    Veto(u8),
}

/// One decision, by the secretary's label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct AssessmentDecision {
    pub secretary: String,
    pub kind: DecisionKind,
    pub reason: String,
    /// What was missing when the organizer decided (`reweight` and `grade` only): the
    /// decision holds while exactly that is missing, and lapses (saying so) otherwise.
    /// Empty: whatever is missing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub for_missing: Vec<String>,
}

impl DecisionKind {
    /// The decision in words.
    pub fn text(&self, scale: GradeScale) -> String {
        match self {
            DecisionKind::Reweight => "缺少的部分不计，按已有部分计算".into(),
            DecisionKind::Grade(g) => format!("直接评定为{}", scale.name(*g)),
            DecisionKind::Veto(g) => format!("一票否决，等次最高为{}", scale.name(*g)),
        }
    }
}

/// One item of the 日常考核 with its points in hundredths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct DailyItem {
    pub name: String,
    /// Points × 100 (28.5 is 2850); at most 1000 points either way.
    pub centi: i32,
}

/// A secretary as the assessment sees her.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AssessedPerson {
    pub label: String,
    pub organization: String,
    /// The vote's grade; `None` with `vote_missing` saying why.
    pub vote_grade: Option<Grade>,
    /// The vote's score in hundredths, when published.
    pub vote_score_centi: Option<u128>,
    /// Why there is no vote result (未参加测评, 测评尚未结束…).
    pub vote_missing: Option<String>,
    /// The 日常考核 items; `None` when none were entered.
    pub daily: Option<Vec<DailyItem>>,
}

/// Everything the assessment needs, with no database behind it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AssessmentInput {
    pub people: Vec<AssessedPerson>,
    pub decisions: Vec<AssessmentDecision>,
}

/// One secretary's composite.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AssessmentRow {
    pub label: String,
    pub organization: String,
    /// 好（96.33 分）, or what is missing.
    pub vote_text: String,
    /// The 述职评议 part in points (out of 100), two decimals.
    pub vote_points: Option<f64>,
    pub daily_items: Vec<DailyItem>,
    /// The items' sum, and that sum on 100 points.
    pub daily_total: Option<f64>,
    pub daily_points: Option<f64>,
    pub composite: Option<f64>,
    /// 0 best … 3 worst; `None` until a missing part is decided.
    pub grade: Option<u8>,
    /// The grade's name, or 待组织方决定.
    pub grade_text: String,
    /// 述职评议结果缺失 / 日常考核结果缺失.
    pub missing: Vec<String>,
    /// The organizer's decision in words, with the reason.
    pub decision: Option<String>,
    pub calculation: Vec<String>,
}

/// The whole assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AssessmentOutcome {
    pub formula: String,
    pub grade_names: Vec<String>,
    pub rows: Vec<AssessmentRow>,
    /// Rows without a grade, waiting for the organizer.
    pub undecided: u32,
}

/// The names of the 日常考核 items in `lists`, each once, in the order first met.
pub fn item_names<'a>(lists: impl IntoIterator<Item = &'a [DailyItem]>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for item in lists.into_iter().flatten() {
        if !names.contains(&item.name) {
            names.push(item.name.clone());
        }
    }
    names
}

/// Points × 100 of a decimal text with at most two places after the point, or the reason
/// it is none; more places are rounded half up to hundredths (as written in the docs).
pub fn parse_points(text: &str) -> std::result::Result<i64, String> {
    let text = text.trim();
    let (negative, digits) = match (text.strip_prefix('-'), text.strip_prefix('+')) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        _ => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let shown = crate::limits::excerpt(text);
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
    {
        return Err(format!("“{shown}”不是分数（应为数字，如 28.5）"));
    }
    if whole.len() > 6 || fraction.len() > 20 {
        return Err(format!("“{shown}”位数太多，不像一项考核的分数"));
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| format!("“{text}”不是分数"))? };
    let mut places: Vec<i64> = fraction.chars().map(|c| i64::from(c as u8 - b'0')).collect();
    places.resize(places.len().max(3), 0);
    let mut centi = whole * 100 + places[0] * 10 + places[1];
    if places[2] >= 5 {
        centi += 1;
    }
    Ok(if negative { -centi } else { centi })
}

/// The composite of every secretary under `rules`.
pub fn assess(rules: &AssessmentRules, input: &AssessmentInput) -> AssessmentOutcome {
    let names = rules.scale.names();
    let rows: Vec<AssessmentRow> = input.people.iter().map(|person| assess_one(rules, input, person)).collect();
    AssessmentOutcome {
        formula: rules.describe(),
        grade_names: names.iter().map(|n| n.to_string()).collect(),
        undecided: rows.iter().filter(|r| r.grade.is_none()).count() as u32,
        rows,
    }
}

fn assess_one(rules: &AssessmentRules, input: &AssessmentInput, person: &AssessedPerson) -> AssessmentRow {
    let scale = rules.scale;
    let mut calculation = Vec::new();
    let mut missing = Vec::new();
    // 述职评议, in hundredths of a point out of 100.
    let vote_centi: Option<u128> = match (&rules.vote_points, person.vote_grade) {
        (_, None) => None,
        (VotePoints::Grade(p), Some(g)) => Some(u128::from(p.of(g)) * 100),
        (VotePoints::Score, Some(_)) => person.vote_score_centi,
    };
    let vote_text = match (person.vote_grade, person.vote_score_centi) {
        (Some(g), Some(s)) => format!("{}（{} 分）", g.label(), centi_text(s)),
        (Some(g), None) => g.label().to_string(),
        (None, _) => person.vote_missing.clone().unwrap_or_else(|| "没有测评结果".into()),
    };
    match (vote_centi, person.vote_grade) {
        (Some(v), Some(_)) if v > 10_000 => {
            missing.push(format!("述职评议得分 {} 超过 100 分，不能按得分折算", centi_text(v)));
        }
        (Some(v), Some(g)) => calculation.push(match &rules.vote_points {
            VotePoints::Grade(_) => format!("述职评议：{} → {} 分", g.label(), centi_text(v)),
            VotePoints::Score => format!("述职评议：测评得分 {} 分", centi_text(v)),
        }),
        (None, Some(_)) => {
            missing.push("述职评议得分不公开，无法按得分折算".to_string());
        }
        _ => missing.push(format!("述职评议结果缺失（{vote_text}）")),
    }
    // 日常考核: the items' sum, brought to 100 points.
    let daily_total: Option<i64> = person
        .daily
        .as_ref()
        .filter(|items| !items.is_empty())
        .map(|items| items.iter().map(|i| i64::from(i.centi)).sum());
    let daily_centi: Option<u128> = daily_total.map(|total| {
        let total = total.max(0) as u128;
        round_div(total * 100, u128::from(rules.daily_full_marks))
    });
    match (daily_total, daily_centi, &person.daily) {
        (Some(total), _, _) if total > i64::from(rules.daily_full_marks) * 100 => {
            missing.push(format!("日常考核合计 {} 超过满分 {}，请核对", signed_text(total), rules.daily_full_marks));
        }
        (Some(total), Some(points), Some(items)) => {
            let parts: Vec<String> =
                items.iter().map(|i| format!("{} {}", i.name, signed_text(i64::from(i.centi)))).collect();
            calculation.push(if rules.daily_full_marks == 100 {
                format!("日常考核：{} = {} 分", parts.join(" + "), signed_text(total))
            } else {
                format!(
                    "日常考核：{} = {}（满分 {}），折算 {} × 100 ÷ {} = {} 分",
                    parts.join(" + "),
                    signed_text(total),
                    rules.daily_full_marks,
                    signed_text(total),
                    rules.daily_full_marks,
                    centi_text(points)
                )
            });
        }
        _ => missing.push("日常考核结果缺失".to_string()),
    }
    let mut decision = input.decisions.iter().find(|d| d.secretary == person.label);
    // A decision about a missing part holds while exactly that part is missing.
    if let Some(d) = decision
        && matches!(d.kind, DecisionKind::Reweight | DecisionKind::Grade(_))
        && (missing.is_empty() || (!d.for_missing.is_empty() && d.for_missing != missing))
    {
        calculation.push(format!(
            "组织方此前的决定（{}：{}）是针对{}作出的，现已不适用{}。",
            d.kind.text(scale),
            d.reason,
            if d.for_missing.is_empty() { "缺失的部分".to_string() } else { d.for_missing.join("、") },
            if missing.is_empty() { "" } else { "，须重新决定" }
        ));
        decision = None;
    }
    let vote_centi = vote_centi.filter(|v| *v <= 10_000);
    let (vw, dw) = (u128::from(rules.vote_weight_percent), u128::from(rules.daily_weight_percent));
    let mut composite = None;
    let mut grade = None;
    if missing.is_empty() {
        let (v, d) = (vote_centi.unwrap_or(0), daily_centi.unwrap_or(0));
        let c = round_div(v * vw + d * dw, vw + dw);
        calculation.push(format!(
            "综合得分 = ({} × {vw} + {} × {dw}) ÷ 100 = {}",
            centi_text(v),
            centi_text(d),
            centi_text(c)
        ));
        composite = Some(c);
    } else {
        match decision.map(|d| &d.kind) {
            Some(DecisionKind::Reweight) => {
                let (name, c) = match (vote_centi, daily_centi) {
                    (Some(v), None) => ("述职评议", Some(v)),
                    (None, Some(d)) => ("日常考核", Some(d)),
                    _ => ("", None),
                };
                if let Some(c) = c {
                    calculation.push(format!(
                        "{}；组织方决定按{name}一项计算（{}）：综合得分 = {}",
                        missing.join("；"),
                        decision.map_or("", |d| d.reason.as_str()),
                        centi_text(c)
                    ));
                    composite = Some(c);
                } else {
                    calculation
                        .push(format!("{}：两部分都缺失，无法按已有部分计算，待组织方决定。", missing.join("；")));
                }
            }
            Some(DecisionKind::Grade(g)) => {
                grade = Some((*g).min(3));
                calculation.push(format!(
                    "{}；组织方决定直接评定为{}（{}）",
                    missing.join("；"),
                    scale.name(*g),
                    decision.map_or("", |d| d.reason.as_str())
                ));
            }
            _ => calculation.push(format!("{}，不评定等次，待组织方决定。", missing.join("；"))),
        }
    }
    if let Some(c) = composite {
        let band = rules.bands.iter().find(|b| c >= u128::from(b.min_score) * 100);
        let g = band.map_or(3, |b| b.grade);
        calculation.push(match band {
            Some(b) => format!("{} ≥ {} → {}", centi_text(c), b.min_score, scale.name(g)),
            None => format!("{} 低于所有分数段 → {}", centi_text(c), scale.name(3)),
        });
        grade = Some(g);
    }
    // 未达到“好”等次的不得确定为最高档: a vote below 好 caps; a vote the secretary did not
    // take part in (书面述职 off the ballot, say) is not below 好, and the calculation says so.
    if let Some(g) = grade
        && g == 0
        && rules.top_requires_vote_good
    {
        match person.vote_grade {
            Some(Grade::Good) => {}
            Some(v) => {
                grade = Some(1);
                calculation.push(format!(
                    "述职评议为{}，未达到“好”等次，不得确定为{} → {}",
                    v.label(),
                    scale.name(0),
                    scale.name(1)
                ));
            }
            None => calculation
                .push(format!("没有述职评议等次，不适用“述职评议未达到好等次的不得确定为{}”的限制。", scale.name(0))),
        }
    }
    if let (Some(g), Some(AssessmentDecision { kind: DecisionKind::Veto(at_most), reason, .. })) = (grade, decision) {
        if *at_most > g {
            grade = Some(*at_most);
        }
        calculation.push(format!(
            "一票否决（{reason}）：等次最高为{} → {}",
            scale.name(*at_most),
            scale.name(grade.unwrap_or(g))
        ));
    }
    if let Some(g) = grade {
        calculation.push(format!("考核等次：{}。", scale.name(g)));
    }
    let decision_text = decision.map(|d| format!("{}：{}", d.kind.text(scale), d.reason));
    AssessmentRow {
        label: person.label.clone(),
        organization: person.organization.clone(),
        vote_text,
        vote_points: vote_centi.map(|v| v as f64 / 100.0),
        daily_items: person.daily.clone().unwrap_or_default(),
        daily_total: daily_total.map(|t| t as f64 / 100.0),
        daily_points: daily_centi.map(|d| d as f64 / 100.0),
        composite: composite.map(|c| c as f64 / 100.0),
        grade,
        grade_text: grade.map_or_else(|| "待组织方决定".to_string(), |g| scale.name(g).to_string()),
        missing,
        decision: decision_text,
        calculation,
    }
}

/// Hundredths as text, with a sign when negative (a deduction item).
fn signed_text(centi: i64) -> String {
    if centi < 0 { format!("−{}", centi_text(centi.unsigned_abs().into())) } else { centi_text(centi as u128) }
}
