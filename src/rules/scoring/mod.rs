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

mod anonymity;
mod natural;
mod tally;
mod whole;

pub use anonymity::*;
pub use tally::*;
pub use whole::*;

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

impl ScoringMethod {
    pub const ALL: [ScoringMethod; 2] = [ScoringMethod::WeightedScore, ScoringMethod::VoteShare];

    /// The method as the rules' editor offers it.
    pub fn label(self) -> &'static str {
        match self {
            ScoringMethod::WeightedScore => "加权计分法（按分数段）",
            ScoringMethod::VoteShare => "票率法（按好票率等）",
        }
    }
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
    /// At most this many secretaries rated 好 on one ballot (每张票评为“好”的不超过 K 人);
    /// a ballot over it is invalid as a whole. `None`: no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_good_per_ballot: Option<u32>,
    /// At least this many secretaries rated 一般 or 差 on one ballot; a ballot with fewer is
    /// invalid as a whole. `None`: no floor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_low_per_ballot: Option<u32>,
    /// Under the weighted method, a category's mean for a secretary drops one highest and one
    /// lowest mark when that category gave her more than this many valid marks (去掉一个最高分
    /// 和一个最低分); with this many or fewer, the plain mean. `None`: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trim_extremes_above: Option<u32>,
    /// Under the vote-share method (and for the vetoes), each share is the weighted mean of
    /// the categories' own shares (类别票率按权重加权), not the share of the pooled votes.
    #[serde(default, skip_serializing_if = "is_false")]
    pub shares_weighted_by_category: bool,
    /// At most this many secretaries keep 好 (好等次比例或名额); those past it in rank order
    /// move down to 较好. `None`: no quota.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub good_quota: Option<GoodQuota>,
    /// Results only when the ballots handed in are more than half of the raters due (到会
    ///过半), per category or over the whole panel. `None`: no quorum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum: Option<QuorumScope>,
    /// A category that handed in more ballots than were issued to it voids the whole vote
    /// (须重新测评) instead of a closing with a reason.
    #[serde(default, skip_serializing_if = "is_false")]
    pub void_if_over_collected: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The quota on 好: a share of the secretaries graded (rounded down) or a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum GoodQuota {
    /// At most this percent of the secretaries graded, rounded down (30% of 10 → 3, of 9 → 2).
    Percent(u32),
    /// At most this many secretaries.
    Count(u32),
}

impl GoodQuota {
    /// The places at 好 among `graded` secretaries.
    pub fn places(self, graded: u32) -> u32 {
        match self {
            GoodQuota::Percent(p) => (u64::from(graded) * u64::from(p) / 100) as u32,
            GoodQuota::Count(k) => k,
        }
    }

    /// The rule in words.
    pub fn text(self) -> String {
        match self {
            GoodQuota::Percent(p) => format!("评为“好”的不超过评定等次的书记人数的 {p}%（向下取整）"),
            GoodQuota::Count(k) => format!("评为“好”的不超过 {k} 人"),
        }
    }
}

/// Where the quorum is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum QuorumScope {
    /// Each category with raters due must hand in more than half of them.
    PerCategory,
    /// The whole panel must hand in more than half of the raters due.
    Overall,
}

impl QuorumScope {
    pub const ALL: [QuorumScope; 2] = [QuorumScope::PerCategory, QuorumScope::Overall];

    pub fn label(self) -> &'static str {
        match self {
            QuorumScope::PerCategory => "每类评议人分别过半",
            QuorumScope::Overall => "全体评议人合计过半",
        }
    }
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
    /// Grades counted together with `grade` (一般和差票合计达到 1/2); empty: `grade` alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Grade>,
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
    #[serde(default)]
    max_good_per_ballot: Option<u32>,
    #[serde(default)]
    min_low_per_ballot: Option<u32>,
    #[serde(default)]
    trim_extremes_above: Option<u32>,
    #[serde(default)]
    shares_weighted_by_category: bool,
    #[serde(default)]
    good_quota: Option<GoodQuota>,
    #[serde(default)]
    quorum: Option<QuorumScope>,
    #[serde(default)]
    void_if_over_collected: bool,
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
                vec![VetoRule {
                    grade: Grade::Poor,
                    also: Vec::new(),
                    numerator: percent,
                    denominator: 100,
                    result: Grade::Poor,
                }]
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
            max_good_per_ballot: wire.max_good_per_ballot,
            min_low_per_ballot: wire.min_low_per_ballot,
            trim_extremes_above: wire.trim_extremes_above,
            shares_weighted_by_category: wire.shares_weighted_by_category,
            good_quota: wire.good_quota,
            quorum: wire.quorum,
            void_if_over_collected: wire.void_if_over_collected,
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
    VetoRule { grade: Grade::Poor, also: Vec::new(), numerator: 1, denominator: 3, result: Grade::Poor }
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
        max_good_per_ballot: None,
        min_low_per_ballot: None,
        trim_extremes_above: None,
        shares_weighted_by_category: false,
        good_quota: None,
        quorum: None,
        void_if_over_collected: false,
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
    /// The grades whose votes count towards the veto, best first, each once.
    pub fn counted(&self) -> Vec<Grade> {
        Grade::ALL.into_iter().filter(|g| *g == self.grade || self.also.contains(g)).collect()
    }

    /// The votes counted, in words: 差票, or 一般与差票合计.
    pub fn votes_name(&self) -> String {
        match self.counted().as_slice() {
            [one] => format!("{}票", one.label()),
            many => format!("{}票合计", many.iter().map(|g| g.label()).collect::<Vec<_>>().join("与")),
        }
    }

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
        if self.max_good_per_ballot == Some(0) {
            return bad("每张票评为“好”的人数上限至少为 1；不限制时请留空。".into());
        }
        if self.trim_extremes_above.is_some_and(|n| n < 2) {
            return bad("去掉最高分和最低分的起点至少为 2（即至少 3 个有效评价时才去掉）；不去掉时请留空。".into());
        }
        match self.good_quota {
            Some(GoodQuota::Percent(p)) if p == 0 || p >= 100 => {
                return bad("“好”等次的比例须在 1% 到 99% 之间；不限制时请留空。".into());
            }
            Some(GoodQuota::Count(0)) => return bad("“好”等次的名额至少为 1；不限制时请留空。".into()),
            Some(GoodQuota::Count(k)) if k > 10_000 => return bad("“好”等次的名额不能超过 10000。".into()),
            _ => {}
        }
        if self.min_low_per_ballot == Some(0) {
            return bad("每张票评为“一般”或“差”的最少人数至少为 1；不要求时请留空。".into());
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
                    "否决条件“{}达到 {}/{}”无效：分子须大于 0，分母须大于 0，且分子不大于分母。",
                    veto.votes_name(),
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
                "{}达到有效票的 {} 的，等次最高为{}",
                veto.votes_name(),
                veto.threshold_text(),
                veto.result.label()
            ));
        }
        if self.invalid_if_all_same {
            parts.push("对所有人评同一等次的票作废".into());
        }
        if let Some(k) = self.max_good_per_ballot {
            parts.push(format!("每张票评为“好”的不超过 {k} 人，超过的整票无效"));
        }
        if let (ScoringMethod::WeightedScore, Some(n)) = (self.method, self.trim_extremes_above) {
            parts.push(format!("某类评议人对一人的有效评价多于 {n} 个的，去掉一个最高分和一个最低分后求该类平均分"));
        }
        if let Some(m) = self.min_low_per_ballot {
            parts.push(format!("每张票评为“一般”或“差”的不少于 {m} 人，不足的整票无效"));
        }
        if self.shares_weighted_by_category {
            parts.push("票率按各类评议人的票率以类别权重加权计算".into());
        }
        if let Some(quota) = self.good_quota {
            parts.push(format!("{}，超出的按名次顺序降为较好", quota.text()));
        }
        match self.quorum {
            Some(QuorumScope::PerCategory) => {
                parts.push("每类评议人交回的测评票须超过该类应到人数的一半，否则不评定等次".into())
            }
            Some(QuorumScope::Overall) => parts.push("交回的测评票须超过应到评议人总数的一半，否则不评定等次".into()),
            None => {}
        }
        if self.void_if_over_collected {
            parts.push("某类评议人收回的测评票多于发出的，本次测评无效，须重新测评".into());
        }
        if self.excellent_requires_good {
            parts.push("等次低于“好”的，年度考核不得确定为优秀".into());
        }
        parts.join("；") + "。"
    }
}
