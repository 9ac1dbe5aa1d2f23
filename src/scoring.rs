//! Scoring rules (计分规则) and the tally that turns ballots into counts, a score,
//! a final grade (评定等次), a rank and the 优秀 flag for each secretary.
//!
//! The rules are data kept with the campaign (and versioned there), so that every
//! place can set its own method, points, bands and vetoes; the window only shows
//! what this module decides. The tally works on a neutral [`TallyInput`], built
//! either from a campaign's records or from a ballot CSV (`shuzhi tally --rules
//! --ballots`), so that a recount from the exported ballots reproduces the results.
//!
//! All arithmetic that decides a grade is exact: shares are compared as integer
//! cross-products, and the weighted score is computed in hundredths from the
//! category means as they are shown (rounded half up), so a person can redo every
//! worked calculation by hand and reach the same grade at a band's edge.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Deserializer, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The four grades a rater gives (好 / 较好 / 一般 / 差).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Good,
    FairlyGood,
    Fair,
    Poor,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Good, Grade::FairlyGood, Grade::Fair, Grade::Poor];

    pub fn label(self) -> &'static str {
        match self {
            Grade::Good => "好",
            Grade::FairlyGood => "较好",
            Grade::Fair => "一般",
            Grade::Poor => "差",
        }
    }
}

/// How the final grade is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ScoringMethod {
    /// 加权计分: points per grade, mean per rater category, weighted by category, score bands.
    #[default]
    WeightedScore,
    /// 票率: the share of the chosen grades among the valid votes, share bands.
    VoteShare,
}

/// A campaign's scoring rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScoringRules {
    pub method: ScoringMethod,
    /// Points a grade is worth (好 100 / 较好 80 / 一般 60 / 差 0 by default). The
    /// weighted score uses them; under the vote-share method the score only ranks.
    pub points: GradePoints,
    /// Score bands, best grade first: the first band whose `min_score` the score
    /// reaches gives the grade; a score below every band is 差.
    pub bands: Vec<ScoreBand>,
    /// Vote-share bands, best grade first; a share below every band is 差.
    pub share_bands: Vec<ShareBand>,
    /// Vetoes (否决) applied after the bands, e.g. 差票 ≥ 1/3 → 差.
    pub vetoes: Vec<VetoRule>,
    /// The source's rule: a secretary rated below 好 may not be rated 优秀 in the annual 考核.
    pub excellent_requires_good: bool,
    /// A ballot that gives every secretary the same grade is invalid (needs at least two secretaries).
    pub invalid_if_all_same: bool,
    /// A rater category with fewer valid ballots than this has its breakdown hidden.
    pub anonymity_threshold: u32,
}

/// Points per grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct GradePoints {
    pub good: u32,
    pub fairly_good: u32,
    pub fair: u32,
    pub poor: u32,
}

/// A score band: a score of at least `min_score` earns `grade`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct ScoreBand {
    pub min_score: u32,
    pub grade: Grade,
}

/// A vote-share band: when the votes for `counted` grades reach `min_percent` of the
/// valid votes, the secretary earns `grade`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct ShareBand {
    pub counted: Vec<Grade>,
    pub min_percent: u32,
    pub grade: Grade,
}

/// A veto: when the votes for `grade` reach `numerator / denominator` of the valid
/// votes, the final grade is at best `result`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct VetoRule {
    pub grade: Grade,
    pub numerator: u32,
    pub denominator: u32,
    pub result: Grade,
}

/// What is read: the current fields, plus `poor_veto_percent` of campaign formats 1–2.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesWire {
    #[serde(default)]
    method: ScoringMethod,
    points: GradePoints,
    #[serde(default)]
    bands: Vec<ScoreBand>,
    #[serde(default)]
    share_bands: Vec<ShareBand>,
    #[serde(default)]
    vetoes: Option<Vec<VetoRule>>,
    #[serde(default)]
    poor_veto_percent: Option<u32>,
    excellent_requires_good: bool,
    #[serde(default)]
    invalid_if_all_same: bool,
    #[serde(default = "default_anonymity_threshold")]
    anonymity_threshold: u32,
}

fn default_anonymity_threshold() -> u32 {
    3
}

impl<'de> Deserialize<'de> for ScoringRules {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let wire = RulesWire::deserialize(deserializer)?;
        let vetoes = match (wire.vetoes, wire.poor_veto_percent) {
            (Some(vetoes), _) => vetoes,
            (None, Some(percent)) => {
                vec![VetoRule { grade: Grade::Poor, numerator: percent, denominator: 100, result: Grade::Poor }]
            }
            (None, None) => Vec::new(),
        };
        Ok(ScoringRules {
            method: wire.method,
            points: wire.points,
            bands: wire.bands,
            share_bands: wire.share_bands,
            vetoes,
            excellent_requires_good: wire.excellent_requires_good,
            invalid_if_all_same: wire.invalid_if_all_same,
            anonymity_threshold: wire.anonymity_threshold,
        })
    }
}

impl Default for ScoringRules {
    fn default() -> Self {
        preset_rules("weighted").expect("the weighted preset exists")
    }
}

impl GradePoints {
    pub fn of(&self, grade: Grade) -> u32 {
        match grade {
            Grade::Good => self.good,
            Grade::FairlyGood => self.fairly_good,
            Grade::Fair => self.fair,
            Grade::Poor => self.poor,
        }
    }
}

fn one_third_poor() -> VetoRule {
    VetoRule { grade: Grade::Poor, numerator: 1, denominator: 3, result: Grade::Poor }
}

fn default_points() -> GradePoints {
    GradePoints { good: 100, fairly_good: 80, fair: 60, poor: 0 }
}

/// A named starting point for a campaign's rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RulesPreset {
    pub key: String,
    pub name: String,
    pub description: String,
    pub rules: ScoringRules,
}

/// The presets, in the order the window offers them.
pub fn presets() -> Vec<RulesPreset> {
    [
        ("weighted", "加权计分法", "好 100、较好 80、一般 60、差 0 分；各类评议人分别求平均分，再按类别权重加权；90 分及以上为好，75 分及以上为较好，60 分及以上为一般，其余为差；差票达到三分之一的评为差。"),
        ("good_share", "好票率法", "好票率达到 60% 的为好；好与较好票合计达到 60% 的为较好；好、较好、一般票合计达到 50% 的为一般；其余为差；差票达到三分之一的评为差。"),
        ("satisfaction", "满意率法", "以好与较好票之和占有效票的比例（满意率）定等次：90% 及以上为好，75% 及以上为较好，60% 及以上为一般，其余为差；差票达到三分之一的评为差。"),
    ]
    .into_iter()
    .map(|(key, name, description)| RulesPreset {
        key: key.into(),
        name: name.into(),
        description: description.into(),
        rules: preset_rules(key).expect("listed presets exist"),
    })
    .collect()
}

/// The rules of one preset, by key.
pub fn preset_rules(key: &str) -> Option<ScoringRules> {
    let base = ScoringRules {
        method: ScoringMethod::WeightedScore,
        points: default_points(),
        bands: vec![
            ScoreBand { min_score: 90, grade: Grade::Good },
            ScoreBand { min_score: 75, grade: Grade::FairlyGood },
            ScoreBand { min_score: 60, grade: Grade::Fair },
        ],
        share_bands: Vec::new(),
        vetoes: vec![one_third_poor()],
        excellent_requires_good: true,
        invalid_if_all_same: false,
        anonymity_threshold: 3,
    };
    use Grade::{Fair, FairlyGood, Good};
    match key {
        "weighted" => Some(base),
        "good_share" => Some(ScoringRules {
            method: ScoringMethod::VoteShare,
            bands: Vec::new(),
            share_bands: vec![
                ShareBand { counted: vec![Good], min_percent: 60, grade: Good },
                ShareBand { counted: vec![Good, FairlyGood], min_percent: 60, grade: FairlyGood },
                ShareBand { counted: vec![Good, FairlyGood, Fair], min_percent: 50, grade: Fair },
            ],
            ..base
        }),
        "satisfaction" => Some(ScoringRules {
            method: ScoringMethod::VoteShare,
            bands: Vec::new(),
            share_bands: vec![
                ShareBand { counted: vec![Good, FairlyGood], min_percent: 90, grade: Good },
                ShareBand { counted: vec![Good, FairlyGood], min_percent: 75, grade: FairlyGood },
                ShareBand { counted: vec![Good, FairlyGood], min_percent: 60, grade: Fair },
            ],
            ..base
        }),
        _ => None,
    }
}

fn grades_label(grades: &[Grade]) -> String {
    grades.iter().map(|g| g.label()).collect::<Vec<_>>().join("+")
}

fn share_name(grades: &[Grade]) -> String {
    match grades {
        [Grade::Good] => "好票率".into(),
        [Grade::Good, Grade::FairlyGood] => "满意率（好+较好）".into(),
        _ => format!("（{}）票率", grades_label(grades)),
    }
}

impl VetoRule {
    /// The threshold in words: 1/3, or 34% when the denominator is 100.
    pub fn threshold_text(&self) -> String {
        if self.denominator == 100 {
            format!("{}%", self.numerator)
        } else {
            format!("{}/{}", self.numerator, self.denominator)
        }
    }
}

impl ScoringRules {
    /// Refuses rules that cannot decide a grade sensibly, saying what to fix.
    pub fn validate(&self) -> Result<()> {
        let bad = |message: String| Err(Error::Invalid { message: format!("计分规则有误：{message}") });
        let p = &self.points;
        if p.good > 1000 {
            return bad("“好”的分值不能超过 1000。".into());
        }
        if !(p.good >= p.fairly_good && p.fairly_good >= p.fair && p.fair >= p.poor) {
            return bad("分值须按 好 ≥ 较好 ≥ 一般 ≥ 差 排列，请调整各等次的分值。".into());
        }
        let order = |grades: Vec<Grade>| grades.windows(2).all(|w| w[0] < w[1]);
        match self.method {
            ScoringMethod::WeightedScore => {
                if self.bands.is_empty() {
                    return bad("加权计分法至少要有一个分数段，例如 90 分及以上为好。".into());
                }
                if !self.bands.windows(2).all(|w| w[0].min_score > w[1].min_score) {
                    return bad("分数段的起点须从高到低排列且互不相同。".into());
                }
                if !order(self.bands.iter().map(|b| b.grade).collect()) {
                    return bad("分数段的等次须从好到差排列，每个等次只出现一次。".into());
                }
                if let Some(band) = self.bands.iter().find(|b| b.min_score > p.good) {
                    return bad(format!(
                        "分数段“{} 分及以上为{}”高于“好”的分值 {}，任何人都达不到。",
                        band.min_score,
                        band.grade.label(),
                        p.good
                    ));
                }
            }
            ScoringMethod::VoteShare => {
                if self.share_bands.is_empty() {
                    return bad("票率法至少要有一个票率段，例如好票率 60% 及以上为好。".into());
                }
                for band in &self.share_bands {
                    if band.counted.is_empty() {
                        return bad(format!("“{}”一段没有选择计入的票种。", band.grade.label()));
                    }
                    if band.min_percent > 100 {
                        return bad(format!("“{}”一段的票率 {}% 超过 100%。", band.grade.label(), band.min_percent));
                    }
                }
                if !order(self.share_bands.iter().map(|b| b.grade).collect()) {
                    return bad("票率段的等次须从好到差排列，每个等次只出现一次。".into());
                }
            }
        }
        for veto in &self.vetoes {
            if veto.denominator == 0 || veto.numerator == 0 || veto.numerator > veto.denominator {
                return bad(format!(
                    "否决条件“{}票达到 {}/{}”无效：分子须大于 0，分母须大于 0，且分子不大于分母。",
                    veto.grade.label(),
                    veto.numerator,
                    veto.denominator
                ));
            }
        }
        if self.anonymity_threshold > 100 {
            return bad("匿名保护人数不能超过 100。".into());
        }
        Ok(())
    }

    /// The method in words, shown above the results.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let p = &self.points;
        match self.method {
            ScoringMethod::WeightedScore => {
                parts.push(format!(
                    "加权计分法：好 {}、较好 {}、一般 {}、差 {} 分；各类评议人分别求平均分，按类别权重加权得出得分（保留两位小数）",
                    p.good, p.fairly_good, p.fair, p.poor
                ));
                let bands: Vec<String> =
                    self.bands.iter().map(|b| format!("{} 分及以上为{}", b.min_score, b.grade.label())).collect();
                parts.push(format!("{}，其余为差", bands.join("，")));
            }
            ScoringMethod::VoteShare => {
                let bands: Vec<String> = self
                    .share_bands
                    .iter()
                    .map(|b| format!("{}达到 {}% 为{}", share_name(&b.counted), b.min_percent, b.grade.label()))
                    .collect();
                parts.push(format!("票率法：{}，其余为差", bands.join("；")));
                parts.push("得分只用于排序".into());
            }
        }
        for veto in &self.vetoes {
            parts.push(format!(
                "{}票达到有效票的 {} 的，等次最高为{}",
                veto.grade.label(),
                veto.threshold_text(),
                veto.result.label()
            ));
        }
        if self.invalid_if_all_same {
            parts.push("对所有人评同一等次的票作废".into());
        }
        if self.excellent_requires_good {
            parts.push("等次低于“好”的，年度考核不得确定为优秀".into());
        }
        parts.join("；") + "。"
    }
}

/// What a ballot row says of one secretary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case", tag = "kind", content = "grade")]
pub enum Mark {
    Grade(Grade),
    /// Left blank (未选).
    Blank,
    /// More than one box marked (多选).
    Multiple,
}

impl Mark {
    /// The text used in ballot CSV files and in the fingerprint.
    pub fn code(self) -> &'static str {
        match self {
            Mark::Grade(g) => g.label(),
            Mark::Blank => "",
            Mark::Multiple => "多选",
        }
    }

    /// Reads a CSV cell: 好/较好/一般/差, empty for blank, 多选 (or two grades joined by |).
    pub fn parse(cell: &str) -> Option<Mark> {
        let cell = cell.trim();
        if cell.is_empty() || cell == "空" || cell == "未选" {
            return Some(Mark::Blank);
        }
        if cell == "多选" || cell.contains('|') {
            return Some(Mark::Multiple);
        }
        Grade::ALL.iter().find(|g| g.label() == cell).map(|g| Mark::Grade(*g))
    }
}

/// A rater category as the tally sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryWeight {
    pub name: String,
    pub weight_percent: u32,
}

/// One ballot as the tally sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct TallyBallot {
    pub serial: String,
    /// Index into [`TallyInput::categories`].
    pub category: usize,
    /// One mark per secretary, in the order of [`TallyInput::secretaries`].
    pub marks: Vec<Mark>,
    /// Per secretary, one mark per dimension (empty when the campaign has none).
    pub dimension_marks: Vec<Vec<Mark>>,
    pub suggestions: String,
}

/// Everything a tally needs, with no database behind it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TallyInput {
    pub categories: Vec<CategoryWeight>,
    /// The secretaries' labels (names, made unique), in agenda order.
    pub secretaries: Vec<String>,
    pub dimensions: Vec<String>,
    /// The serials printed on the ballot sheets; `None` when none were printed, so
    /// that no serial counts as unknown.
    pub issued_serials: Option<BTreeSet<String>>,
    pub ballots: Vec<TallyBallot>,
}

/// Votes per grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct GradeCounts {
    pub good: u32,
    pub fairly_good: u32,
    pub fair: u32,
    pub poor: u32,
}

impl GradeCounts {
    pub fn of(&self, grade: Grade) -> u32 {
        match grade {
            Grade::Good => self.good,
            Grade::FairlyGood => self.fairly_good,
            Grade::Fair => self.fair,
            Grade::Poor => self.poor,
        }
    }

    fn add(&mut self, grade: Grade) {
        match grade {
            Grade::Good => self.good += 1,
            Grade::FairlyGood => self.fairly_good += 1,
            Grade::Fair => self.fair += 1,
            Grade::Poor => self.poor += 1,
        }
    }

    pub fn total(&self) -> u32 {
        self.good + self.fairly_good + self.fair + self.poor
    }
}

/// Why a whole ballot was not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum InvalidReason {
    MissingSerial,
    RepeatedSerial,
    UnknownSerial,
    Blank,
    AllSame,
}

impl InvalidReason {
    pub fn label(self) -> &'static str {
        match self {
            InvalidReason::MissingSerial => "票号缺失",
            InvalidReason::RepeatedSerial => "票号重复（同号各票均作废）",
            InvalidReason::UnknownSerial => "票号不在已印制的测评表中",
            InvalidReason::Blank => "未对任何人作出有效评价",
            InvalidReason::AllSame => "对所有人评同一等次",
        }
    }
}

/// A ballot the tally set aside, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InvalidBallot {
    pub serial: String,
    pub category: String,
    pub reason: InvalidReason,
    pub reason_label: String,
}

/// One category's part in one secretary's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CategoryResult {
    pub name: String,
    pub weight_percent: u32,
    /// Valid ballots of this category (the same for every secretary).
    pub ballots: u32,
    /// True when the category has fewer ballots than the anonymity threshold.
    pub hidden: bool,
    /// `None` when hidden.
    pub counts: Option<GradeCounts>,
    /// The category's mean points, `None` when hidden or without a valid vote.
    pub mean: Option<f64>,
}

/// Votes per grade on one dimension (e.g. 党建工作全面性).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DimensionResult {
    pub name: String,
    pub counts: GradeCounts,
}

/// The result of one secretary.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SecretaryResult {
    pub label: String,
    pub counts: GradeCounts,
    /// Percent of the valid votes per grade, one decimal, in the order 好, 较好, 一般, 差.
    pub percents: Vec<f64>,
    pub valid: u32,
    /// Rows not counted: blank or multiply marked, or on an invalid ballot.
    pub invalid: u32,
    pub by_category: Vec<CategoryResult>,
    pub dimensions: Vec<DimensionResult>,
    /// The weighted score (two decimals); `None` without a valid vote.
    pub score: Option<f64>,
    /// The grade the bands gave, before any veto.
    pub band_grade: Option<Grade>,
    /// The final grade (评定等次); `None` without a valid vote.
    pub grade: Option<Grade>,
    /// The veto that lowered the grade, in words.
    pub veto: Option<String>,
    /// 1 is best; equal grade and score share a rank.
    pub rank: Option<u32>,
    /// False when the annual 考核 may not rate this secretary 优秀.
    pub excellent_allowed: bool,
    /// The worked calculation, line by line.
    pub calculation: Vec<String>,
}

/// The whole tally.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TallyOutcome {
    /// The method in words.
    pub formula: String,
    pub ballots_total: u32,
    pub ballots_valid: u32,
    pub invalid_ballots: Vec<InvalidBallot>,
    pub secretaries: Vec<SecretaryResult>,
    /// SHA-256 over the sorted ballots (see [`fingerprint`]).
    pub fingerprint: String,
}

fn round_div(numerator: u128, denominator: u128) -> u128 {
    (2 * numerator + denominator) / (2 * denominator)
}

fn centi_text(centi: u128) -> String {
    format!("{}.{:02}", centi / 100, centi % 100)
}

fn percent_one_decimal(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    round_div(u128::from(part) * 1000, u128::from(whole)) as f64 / 10.0
}

/// Why each ballot is invalid, by index; a valid ballot is absent.
fn invalid_ballots(rules: &ScoringRules, input: &TallyInput) -> BTreeMap<usize, InvalidReason> {
    let mut serial_count: BTreeMap<&str, u32> = BTreeMap::new();
    for ballot in &input.ballots {
        *serial_count.entry(ballot.serial.trim()).or_default() += 1;
    }
    let mut invalid = BTreeMap::new();
    for (index, ballot) in input.ballots.iter().enumerate() {
        let serial = ballot.serial.trim();
        let grades: Vec<Grade> = ballot
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Grade(g) => Some(*g),
                _ => None,
            })
            .collect();
        let reason = if serial.is_empty() {
            Some(InvalidReason::MissingSerial)
        } else if serial_count[serial] > 1 {
            Some(InvalidReason::RepeatedSerial)
        } else if input.issued_serials.as_ref().is_some_and(|issued| !issued.contains(serial)) {
            Some(InvalidReason::UnknownSerial)
        } else if grades.is_empty() {
            Some(InvalidReason::Blank)
        } else if rules.invalid_if_all_same
            && input.secretaries.len() >= 2
            && grades.len() == ballot.marks.len()
            && grades.iter().all(|g| *g == grades[0])
        {
            Some(InvalidReason::AllSame)
        } else {
            None
        };
        if let Some(reason) = reason {
            invalid.insert(index, reason);
        }
    }
    invalid
}

/// The tally of every secretary under `rules`.
pub fn tally(rules: &ScoringRules, input: &TallyInput) -> TallyOutcome {
    let invalid = invalid_ballots(rules, input);
    let mut category_ballots = vec![0u32; input.categories.len()];
    for (index, ballot) in input.ballots.iter().enumerate() {
        if !invalid.contains_key(&index) {
            if let Some(count) = category_ballots.get_mut(ballot.category) {
                *count += 1;
            }
        }
    }
    let mut results: Vec<SecretaryResult> = input
        .secretaries
        .iter()
        .enumerate()
        .map(|(s, label)| tally_one(rules, input, &invalid, &category_ballots, s, label))
        .collect();
    rank(&mut results);
    let valid = input.ballots.len() - invalid.len();
    TallyOutcome {
        formula: rules.describe(),
        ballots_total: input.ballots.len() as u32,
        ballots_valid: valid as u32,
        invalid_ballots: invalid
            .iter()
            .map(|(index, reason)| {
                let ballot = &input.ballots[*index];
                InvalidBallot {
                    serial: ballot.serial.clone(),
                    category: input.categories.get(ballot.category).map(|c| c.name.clone()).unwrap_or_default(),
                    reason: *reason,
                    reason_label: reason.label().to_string(),
                }
            })
            .collect(),
        secretaries: results,
        fingerprint: fingerprint(input),
    }
}

fn tally_one(
    rules: &ScoringRules,
    input: &TallyInput,
    invalid: &BTreeMap<usize, InvalidReason>,
    category_ballots: &[u32],
    s: usize,
    label: &str,
) -> SecretaryResult {
    let mut counts = GradeCounts::default();
    let mut per_category = vec![GradeCounts::default(); input.categories.len()];
    let mut dimensions = vec![GradeCounts::default(); input.dimensions.len()];
    let mut invalid_rows = 0;
    for (index, ballot) in input.ballots.iter().enumerate() {
        let mark = ballot.marks.get(s).copied().unwrap_or(Mark::Blank);
        match mark {
            Mark::Grade(grade) if !invalid.contains_key(&index) => {
                counts.add(grade);
                if let Some(c) = per_category.get_mut(ballot.category) {
                    c.add(grade);
                }
            }
            _ => invalid_rows += 1,
        }
        if !invalid.contains_key(&index) {
            if let Some(marks) = ballot.dimension_marks.get(s) {
                for (d, mark) in marks.iter().enumerate() {
                    if let (Mark::Grade(grade), Some(c)) = (mark, dimensions.get_mut(d)) {
                        c.add(*grade);
                    }
                }
            }
        }
    }
    let valid = counts.total();
    let points = &rules.points;
    let mut calculation = vec![format!(
        "有效票 {valid} 张：好 {}、较好 {}、一般 {}、差 {}；未计入 {invalid_rows} 张（空白、多选或整票无效）。",
        counts.good, counts.fairly_good, counts.fair, counts.poor
    )];
    // Category means in hundredths, as shown.
    let mut by_category = Vec::new();
    let mut weighted: u128 = 0;
    let mut weight_total: u128 = 0;
    let mut terms = Vec::new();
    for (c, category) in input.categories.iter().enumerate() {
        let cat_counts = per_category[c];
        let hidden = category_ballots[c] < rules.anonymity_threshold;
        let n = cat_counts.total();
        let mean_centi = (n > 0).then(|| {
            let sum: u128 = Grade::ALL.iter().map(|g| u128::from(points.of(*g)) * u128::from(cat_counts.of(*g))).sum();
            round_div(sum * 100, u128::from(n))
        });
        if let Some(mean) = mean_centi {
            if category.weight_percent > 0 {
                weighted += mean * u128::from(category.weight_percent);
                weight_total += u128::from(category.weight_percent);
                terms.push(if hidden {
                    format!("〔不公开〕×{}", category.weight_percent)
                } else {
                    format!("{}×{}", centi_text(mean), category.weight_percent)
                });
            }
            if hidden {
                calculation.push(format!(
                    "{}（权重 {}%）：有效票不足 {} 张，明细不公开，其平均分照常计入。",
                    category.name, category.weight_percent, rules.anonymity_threshold
                ));
            } else {
                let parts: Vec<String> =
                    Grade::ALL.iter().map(|g| format!("{}×{}", points.of(*g), cat_counts.of(*g))).collect();
                calculation.push(format!(
                    "{}（权重 {}%）：({}) ÷ {} = {}",
                    category.name,
                    category.weight_percent,
                    parts.join(" + "),
                    n,
                    centi_text(mean)
                ));
            }
        }
        by_category.push(CategoryResult {
            name: category.name.clone(),
            weight_percent: category.weight_percent,
            ballots: category_ballots[c],
            hidden,
            counts: (!hidden).then_some(cat_counts),
            mean: if hidden { None } else { mean_centi.map(|m| m as f64 / 100.0) },
        });
    }
    let score_centi = (weight_total > 0).then(|| round_div(weighted, weight_total));
    if let Some(score) = score_centi {
        calculation.push(format!("得分 = ({}) ÷ {} = {}", terms.join(" + "), weight_total, centi_text(score)));
    }
    let mut band_grade = None;
    if valid > 0 {
        band_grade = Some(match rules.method {
            ScoringMethod::WeightedScore => {
                let score = score_centi.unwrap_or(0);
                match rules.bands.iter().find(|b| score >= u128::from(b.min_score) * 100) {
                    Some(band) => {
                        calculation.push(format!(
                            "{} ≥ {} → {}",
                            centi_text(score),
                            band.min_score,
                            band.grade.label()
                        ));
                        band.grade
                    }
                    None => {
                        calculation.push(format!("{} 低于所有分数段 → 差", centi_text(score)));
                        Grade::Poor
                    }
                }
            }
            ScoringMethod::VoteShare => {
                let mut found = None;
                for band in &rules.share_bands {
                    let votes: u32 = band.counted.iter().map(|g| counts.of(*g)).sum();
                    let reached = u64::from(votes) * 100 >= u64::from(band.min_percent) * u64::from(valid);
                    calculation.push(format!(
                        "{} = {} ÷ {} = {:.1}% {} {}%{}",
                        share_name(&band.counted),
                        votes,
                        valid,
                        percent_one_decimal(votes, valid),
                        if reached { "≥" } else { "<" },
                        band.min_percent,
                        if reached { format!(" → {}", band.grade.label()) } else { String::new() }
                    ));
                    if reached {
                        found = Some(band.grade);
                        break;
                    }
                }
                if found.is_none() {
                    calculation.push("未达到任何票率段 → 差".into());
                }
                found.unwrap_or(Grade::Poor)
            }
        });
    } else {
        calculation.push("没有有效票，不评定等次。".into());
    }
    let mut grade = band_grade;
    let mut veto_text = None;
    if let Some(current) = band_grade {
        let mut worst = current;
        for veto in &rules.vetoes {
            let votes = counts.of(veto.grade);
            if u64::from(votes) * u64::from(veto.denominator) >= u64::from(veto.numerator) * u64::from(valid)
                && veto.result > worst
            {
                worst = veto.result;
                let text = format!(
                    "{}票 {} ÷ {} = {:.1}%，达到 {} → 等次最高为{}",
                    veto.grade.label(),
                    votes,
                    valid,
                    percent_one_decimal(votes, valid),
                    veto.threshold_text(),
                    veto.result.label()
                );
                calculation.push(format!("否决：{text}"));
                veto_text = Some(text);
            }
        }
        grade = Some(worst);
    }
    let excellent_allowed = match grade {
        Some(g) => !rules.excellent_requires_good || g == Grade::Good,
        None => !rules.excellent_requires_good,
    };
    if let Some(g) = grade {
        calculation.push(if excellent_allowed {
            format!("评定等次：{}。", g.label())
        } else {
            format!("评定等次：{}，低于“好”，年度考核不得确定为优秀。", g.label())
        });
    }
    SecretaryResult {
        label: label.to_string(),
        counts,
        percents: Grade::ALL.iter().map(|g| percent_one_decimal(counts.of(*g), valid)).collect(),
        valid,
        invalid: invalid_rows,
        by_category,
        dimensions: input
            .dimensions
            .iter()
            .zip(dimensions)
            .map(|(name, counts)| DimensionResult { name: name.clone(), counts })
            .collect(),
        score: score_centi.map(|s| s as f64 / 100.0),
        band_grade,
        grade,
        veto: veto_text,
        rank: None,
        excellent_allowed,
        calculation,
    }
}

/// Ranks by grade, then by score; equal grade and score share a rank (1, 1, 3).
fn rank(results: &mut [SecretaryResult]) {
    let key = |r: &SecretaryResult| (r.grade, std::cmp::Reverse((r.score.unwrap_or(-1.0) * 100.0).round() as i64));
    let mut order: Vec<usize> = (0..results.len()).filter(|i| results[*i].grade.is_some()).collect();
    order.sort_by_key(|i| key(&results[*i]));
    let mut previous = None;
    let mut current_rank = 0;
    for (position, index) in order.iter().enumerate() {
        let k = key(&results[*index]);
        if previous != Some(k) {
            current_rank = position as u32 + 1;
            previous = Some(k);
        }
        results[*index].rank = Some(current_rank);
    }
}

/// SHA-256 over the ballots in a canonical order: the secretaries and categories,
/// then one line per ballot (serial, category, every mark, dimension marks,
/// suggestions), the lines sorted. The same ballots give the same fingerprint in
/// whatever order they were entered or exported.
pub fn fingerprint(input: &TallyInput) -> String {
    let clean = |text: &str| text.replace(['\n', '\r', '\t', '\u{1f}'], " ");
    let mut lines: Vec<String> = input
        .ballots
        .iter()
        .map(|b| {
            let marks: Vec<&str> = b.marks.iter().map(|m| m.code()).collect();
            let dims: Vec<String> =
                b.dimension_marks.iter().map(|d| d.iter().map(|m| m.code()).collect::<Vec<_>>().join("/")).collect();
            format!(
                "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
                clean(b.serial.trim()),
                input.categories.get(b.category).map(|c| clean(&c.name)).unwrap_or_default(),
                marks.join(","),
                dims.join(","),
                clean(&b.suggestions)
            )
        })
        .collect();
    lines.sort();
    let mut hasher = Sha256::new();
    hasher.update(format!("secretaries\u{1f}{}\n", input.secretaries.join("\u{1f}")));
    let categories: Vec<&str> = input.categories.iter().map(|c| c.name.as_str()).collect();
    hasher.update(format!("categories\u{1f}{}\n", categories.join("\u{1f}")));
    for line in lines {
        hasher.update(line);
        hasher.update("\n");
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
