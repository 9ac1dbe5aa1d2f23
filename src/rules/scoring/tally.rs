//! Counting: marks and ballots, the tally under the rules, ranks, and the fingerprint of
//! the ballots counted.

use super::natural::Natural;
use super::*;

/// What a ballot row says of one secretary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case", tag = "kind", content = "grade")]
pub enum Mark {
    Grade(Grade),
    /// Left blank (空白; a ballot file may also write 空 or 未选).
    Blank,
    /// More than one box marked (多选).
    Multiple,
}

impl Mark {
    pub const ALL: [Mark; 6] = [
        Mark::Grade(Grade::Good),
        Mark::Grade(Grade::FairlyGood),
        Mark::Grade(Grade::Fair),
        Mark::Grade(Grade::Poor),
        Mark::Blank,
        Mark::Multiple,
    ];

    /// The mark as the ballot entry and its checks show it: the grade, 空白 or 多选.
    pub fn label(self) -> &'static str {
        match self {
            Mark::Grade(g) => g.label(),
            Mark::Blank => "空白",
            Mark::Multiple => "多选",
        }
    }

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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CategoryWeight {
    pub name: String,
    pub weight_percent: u32,
    /// The raters due (应到), for the quorum; `None` when not known.
    pub due: Option<u32>,
    /// The sheets and codes issued to the category, for the void rule; `None` when not known.
    pub issued: Option<u32>,
}

impl CategoryWeight {
    /// A category with its weight alone (no quorum or issued count known).
    pub fn new(name: impl Into<String>, weight_percent: u32) -> CategoryWeight {
        CategoryWeight { name: name.into(), weight_percent, ..CategoryWeight::default() }
    }
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
    /// The organizer's decision of a tie at the quota on 好, when one was made.
    pub quota_decision: Option<QuotaDecision>,
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
    /// More secretaries rated 好 than the rules allow on one ballot.
    TooManyGood,
    /// Fewer secretaries rated 一般 or 差 than the rules ask on one ballot.
    TooFewLow,
}

impl InvalidReason {
    pub fn label(self) -> &'static str {
        match self {
            InvalidReason::MissingSerial => "票号缺失",
            InvalidReason::RepeatedSerial => "票号重复（同号各票均作废）",
            InvalidReason::UnknownSerial => "票号不在已印制的测评表中",
            InvalidReason::Blank => "未对任何人作出有效评价",
            InvalidReason::AllSame => "对所有人评同一等次",
            InvalidReason::TooManyGood => "评为“好”的人数超过每票上限",
            InvalidReason::TooFewLow => "评为“一般”或“差”的人数少于每票要求",
        }
    }

    /// The reason as the list of invalid ballots prints it, with the rule's own number.
    pub fn described(self, rules: &ScoringRules) -> String {
        match (self, rules.max_good_per_ballot, rules.min_low_per_ballot) {
            (InvalidReason::TooManyGood, Some(k), _) => format!("评为“好”的超过 {k} 人"),
            (InvalidReason::TooFewLow, _, Some(m)) => format!("评为“一般”或“差”的不足 {m} 人"),
            _ => self.label().to_string(),
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
    /// Votes per grade over every category; `None` when the anonymity rule withholds them
    /// (see [`Anonymity`]).
    pub counts: Option<GradeCounts>,
    /// Percent of the valid votes per grade, one decimal, in the order 好, 较好, 一般, 差;
    /// empty when the counts are withheld.
    pub percents: Vec<f64>,
    pub valid: u32,
    /// Rows not counted: blank or multiply marked, or on an invalid ballot.
    pub invalid: u32,
    pub by_category: Vec<CategoryResult>,
    pub dimensions: Vec<DimensionResult>,
    /// The weighted score (two decimals); `None` without a valid vote or when the anonymity
    /// rule withholds it. Under the vote-share method with a hidden category it is the mean
    /// of every valid vote, not weighted by category (it only ranks).
    pub score: Option<f64>,
    /// The grade the bands gave, before any veto; `None` when withheld.
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
    /// Set when a rater category is below the anonymity threshold: what is withheld on
    /// every sheet, screen and file, and why.
    pub anonymity: Option<Anonymity>,
    /// Set when the quorum or the void rule stops the vote from giving any grade.
    pub stopped: Option<VoteStopped>,
    /// What the quota on 好 did, when the rules have one.
    pub quota: Option<QuotaOutcome>,
}

impl TallyOutcome {
    /// Why the results may not be published yet, in words: a stopped vote, or a tie at the
    /// quota's cut-off that the organizer has not decided.
    pub fn not_final(&self) -> Option<String> {
        if let Some(stopped) = &self.stopped {
            return Some(stopped.text.clone());
        }
        self.quota
            .as_ref()
            .and_then(|q| q.tie.as_ref())
            .filter(|t| t.decision.is_none())
            .map(|t| format!("“好”等次名额出现并列，尚待组织方决定：{}", t.text))
    }
}

pub(crate) fn round_div(numerator: u128, denominator: u128) -> u128 {
    (2 * numerator + denominator) / (2 * denominator)
}

pub(crate) fn centi_text(centi: u128) -> String {
    format!("{}.{:02}", centi / 100, centi % 100)
}

fn percent_one_decimal(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    round_div(u128::from(part) * 1000, u128::from(whole)) as f64 / 10.0
}

/// A share of the valid votes as an exact fraction `part / whole`: the pooled share
/// (votes ÷ valid votes), or with `shares_weighted_by_category` the weighted mean of each
/// category's own share, Σ wᶜ·vᶜ/nᶜ ÷ Σ wᶜ over the categories of weight above 0 that gave
/// the secretary a valid vote, kept exact over the product of the nᶜ (unbounded integers:
/// many categories of different sizes outgrow any machine integer).
struct Share {
    part: Natural,
    whole: Natural,
    /// The terms of a weighted share (`30×7/9 + 70×20/25`, the weight sum); `None` when pooled.
    weighted: Option<(String, u64)>,
    /// The pooled share's votes and valid votes, as the calculation writes them.
    pooled: (u64, u64),
}

impl Share {
    fn of(
        rules: &ScoringRules,
        input: &TallyInput,
        per_category: &[GradeCounts],
        counts: &GradeCounts,
        grades: &[Grade],
    ) -> Share {
        let votes = |c: &GradeCounts| -> u64 { grades.iter().map(|g| u64::from(c.of(*g))).sum() };
        let (v, n) = (votes(counts), u64::from(counts.total()));
        let pooled = Share { part: Natural::from_u64(v), whole: Natural::from_u64(n), weighted: None, pooled: (v, n) };
        if !rules.shares_weighted_by_category {
            return pooled;
        }
        let taking: Vec<(u64, &GradeCounts)> = input
            .categories
            .iter()
            .zip(per_category)
            .filter(|(c, n)| c.weight_percent > 0 && n.total() > 0)
            .map(|(c, n)| (u64::from(c.weight_percent), n))
            .collect();
        if taking.is_empty() {
            return pooled;
        }
        // part / whole = Σ wᶜ·vᶜ·Π(n others) / (Σw · Π n).
        let product = taking.iter().fold(Natural::from_u64(1), |p, (_, c)| p.times(u64::from(c.total())));
        let mut part = Natural::default();
        for (i, (w, c)) in taking.iter().enumerate() {
            let others = taking
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .fold(Natural::from_u64(1), |p, (_, (_, d))| p.times(u64::from(d.total())));
            part = part.plus(&others.times(w * votes(c)));
        }
        let weights: u64 = taking.iter().map(|(w, _)| w).sum();
        let terms: Vec<String> = taking.iter().map(|(w, c)| format!("{w}×{}/{}", votes(c), c.total())).collect();
        Share { part, whole: product.times(weights), weighted: Some((terms.join(" + "), weights)), pooled: (v, n) }
    }

    /// True when the share reaches numerator/denominator (never with no vote).
    fn reaches(&self, numerator: u32, denominator: u32) -> bool {
        !self.whole.is_zero() && self.part.times(u64::from(denominator)) >= self.whole.times(u64::from(numerator))
    }

    /// The share in tenths of a percent, rounded half up, found exactly: the largest q with
    /// (2q − 1) × whole ≤ 2000 × part.
    fn permille(&self) -> u64 {
        if self.whole.is_zero() {
            return 0;
        }
        let twice = self.part.times(2000);
        let (mut low, mut high) = (0u64, 1000u64);
        while low < high {
            let q = (low + high).div_ceil(2);
            if self.whole.times(2 * q - 1) <= twice { low = q } else { high = q - 1 }
        }
        low
    }

    /// The share's name, with （按类别加权） when weighted.
    fn named(&self, name: &str) -> String {
        if self.weighted.is_some() { format!("{name}（按类别加权）") } else { name.to_string() }
    }

    /// `7 ÷ 9 = 77.8%`, or `(30×7/9 + 70×20/25) ÷ 100 = 79.3%`.
    fn worked(&self) -> String {
        let percent = self.permille() as f64 / 10.0;
        match &self.weighted {
            None => format!("{} ÷ {} = {percent:.1}%", self.pooled.0, self.pooled.1),
            Some((terms, weights)) => format!("({terms}) ÷ {weights} = {percent:.1}%"),
        }
    }
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
        } else if rules
            .max_good_per_ballot
            .is_some_and(|k| grades.iter().filter(|g| **g == Grade::Good).count() > k as usize)
        {
            Some(InvalidReason::TooManyGood)
        } else if rules
            .min_low_per_ballot
            .is_some_and(|m| grades.iter().filter(|g| matches!(g, Grade::Fair | Grade::Poor)).count() < m as usize)
        {
            Some(InvalidReason::TooFewLow)
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
    let mut category_received = vec![0u32; input.categories.len()];
    for (index, ballot) in input.ballots.iter().enumerate() {
        if let Some(count) = category_received.get_mut(ballot.category) {
            *count += 1;
        }
        if !invalid.contains_key(&index)
            && let Some(count) = category_ballots.get_mut(ballot.category)
        {
            *count += 1;
        }
    }
    // A category is hidden when it has any ballot at all and fewer than the threshold,
    // counting valid ballots (those that make figures) or every ballot received (an
    // invalid ballot of a lone rater would otherwise be listed under his category).
    let threshold = rules.anonymity_threshold;
    let hidden: Vec<bool> = (0..input.categories.len())
        .map(|c| {
            let (valid, received) = (category_ballots[c], category_received[c]);
            (valid > 0 && valid < threshold) || (received > 0 && received < threshold)
        })
        .collect();
    let stopped = super::whole::stopped(rules, input, &category_received);
    let anonymity = hidden.iter().any(|h| *h).then(|| {
        Anonymity::of(
            rules,
            input.categories.iter().zip(&hidden).filter(|(_, h)| **h).map(|(c, _)| c.name.clone()).collect(),
        )
    });
    let tallied: Vec<(SecretaryResult, Option<u128>)> = input
        .secretaries
        .iter()
        .enumerate()
        .map(|(s, label)| tally_one(rules, input, &invalid, &category_ballots, &hidden, anonymity.is_some(), s, label))
        .collect();
    // Under the weighted method with a hidden category the rank follows the grade alone:
    // within a grade the order would be that of the withheld scores, and with them of the
    // hidden ballots (one lone rater's 较好 would put a secretary below the others at 好).
    let by_grade_alone = anonymity.as_ref().is_some_and(|a| a.counts_withheld);
    let rank_scores: Vec<Option<u128>> =
        tallied.iter().map(|(_, score)| if by_grade_alone { None } else { *score }).collect();
    let mut results: Vec<SecretaryResult> = tallied.into_iter().map(|(result, _)| result).collect();
    let quota = match &stopped {
        Some(stop) => {
            super::whole::withhold_grades(stop, &mut results);
            None
        }
        None => super::whole::apply_quota(rules, input, &mut results, &rank_scores),
    };
    for result in &mut results {
        conclude(rules, result);
    }
    // While a tie at the quota waits for the organizer no one's place is known.
    if quota.as_ref().and_then(|q| q.tie.as_ref()).is_none_or(|t| t.decision.is_some()) {
        rank(&mut results, &rank_scores);
    }
    let valid = input.ballots.len() - invalid.len();
    TallyOutcome {
        formula: rules.describe(),
        ballots_total: input.ballots.len() as u32,
        ballots_valid: valid as u32,
        invalid_ballots: invalid
            .iter()
            .map(|(index, reason)| {
                let ballot = &input.ballots[*index];
                let category = input.categories.get(ballot.category).map(|c| c.name.clone()).unwrap_or_default();
                // A printed serial names its category (1-001 is the first category's), so
                // neither is listed for a hidden category's ballot.
                let withheld = hidden.get(ballot.category).copied().unwrap_or(false);
                InvalidBallot {
                    serial: if withheld { HIDDEN_TEXT.to_string() } else { ballot.serial.clone() },
                    category: if withheld { HIDDEN_TEXT.to_string() } else { category },
                    reason: *reason,
                    reason_label: reason.described(rules),
                }
            })
            .collect(),
        secretaries: results,
        fingerprint: fingerprint(input),
        anonymity,
        stopped,
        quota,
    }
}

/// The last line of a secretary's calculation and whether 优秀 stays open, once the grade
/// is final (after the quota).
fn conclude(rules: &ScoringRules, result: &mut SecretaryResult) {
    result.excellent_allowed = match result.grade {
        Some(g) => !rules.excellent_requires_good || g == Grade::Good,
        None => !rules.excellent_requires_good,
    };
    if let Some(g) = result.grade {
        result.calculation.push(if result.excellent_allowed {
            format!("评定等次：{}。", g.label())
        } else {
            format!("评定等次：{}，低于“好”，年度考核不得确定为优秀。", g.label())
        });
    }
}

/// One secretary's result, and the score (in hundredths) the ranking uses. With
/// `protected` (some category hidden) the figures that depend on which category cast a
/// vote are withheld, as [`Anonymity`] says; the grade and rank are decided as always.
#[allow(clippy::too_many_arguments)]
fn tally_one(
    rules: &ScoringRules,
    input: &TallyInput,
    invalid: &BTreeMap<usize, InvalidReason>,
    category_ballots: &[u32],
    hidden_categories: &[bool],
    protected: bool,
    s: usize,
    label: &str,
) -> (SecretaryResult, Option<u128>) {
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
        if !invalid.contains_key(&index)
            && let Some(marks) = ballot.dimension_marks.get(s)
        {
            for (d, mark) in marks.iter().enumerate() {
                if let (Mark::Grade(grade), Some(c)) = (mark, dimensions.get_mut(d)) {
                    c.add(*grade);
                }
            }
        }
    }
    let valid = counts.total();
    let points = &rules.points;
    let weighted_method = rules.method == ScoringMethod::WeightedScore;
    // Under the weighted method with a hidden category every number that the category
    // means feed (counts with the grade, score, calculation) could give a hidden ballot back.
    let withhold = protected && (weighted_method || rules.shares_weighted_by_category);
    let mut calculation = vec![if withhold {
        format!("有效票 {valid} 张；未计入 {invalid_rows} 张（空白、多选或整票无效）。")
    } else {
        format!(
            "有效票 {valid} 张：好 {}、较好 {}、一般 {}、差 {}；未计入 {invalid_rows} 张（空白、多选或整票无效）。",
            counts.good, counts.fairly_good, counts.fair, counts.poor
        )
    }];
    if protected {
        calculation.push(if withhold {
            "匿名保护：有评议人类别的测评票少于保护线，各等次票数、得分和计算过程不公开。".to_string()
        } else {
            "匿名保护：有评议人类别的测评票少于保护线，不列分类明细，得分按全体有效票平均。".to_string()
        });
    }
    // Category means in hundredths, as shown.
    let mut by_category = Vec::new();
    let mut weighted: u128 = 0;
    let mut weight_total: u128 = 0;
    let mut terms = Vec::new();
    for (c, category) in input.categories.iter().enumerate() {
        let cat_counts = per_category[c];
        let hidden = hidden_categories.get(c).copied().unwrap_or(false);
        let n = cat_counts.total();
        // 去掉一个最高分和一个最低分: the points of the best and the worst grade given.
        let trimmed = (weighted_method && rules.trim_extremes_above.is_some_and(|above| n > above)).then(|| {
            let given = |g: &&Grade| cat_counts.of(**g) > 0;
            let high = Grade::ALL.iter().find(given).map_or(0, |g| u128::from(points.of(*g)));
            let low = Grade::ALL.iter().rev().find(given).map_or(0, |g| u128::from(points.of(*g)));
            (high, low)
        });
        let mean_centi = (n > 0).then(|| {
            let sum: u128 = Grade::ALL.iter().map(|g| u128::from(points.of(*g)) * u128::from(cat_counts.of(*g))).sum();
            match trimmed {
                Some((high, low)) => round_div((sum - high - low) * 100, u128::from(n - 2)),
                None => round_div(sum * 100, u128::from(n)),
            }
        });
        if let Some(mean) = mean_centi {
            if category.weight_percent > 0 {
                weighted += mean * u128::from(category.weight_percent);
                weight_total += u128::from(category.weight_percent);
                terms.push(format!("{}×{}", centi_text(mean), category.weight_percent));
            }
            if !protected {
                let parts: Vec<String> =
                    Grade::ALL.iter().map(|g| format!("{}×{}", points.of(*g), cat_counts.of(*g))).collect();
                calculation.push(match trimmed {
                    Some((high, low)) => format!(
                        "{}（权重 {}%）：({} − 最高 {high} − 最低 {low}) ÷ {} = {}（去掉一个最高分和一个最低分）",
                        category.name,
                        category.weight_percent,
                        parts.join(" + "),
                        n - 2,
                        centi_text(mean)
                    ),
                    None => format!(
                        "{}（权重 {}%）：({}) ÷ {} = {}",
                        category.name,
                        category.weight_percent,
                        parts.join(" + "),
                        n,
                        centi_text(mean)
                    ),
                });
            }
        }
        by_category.push(CategoryResult {
            name: category.name.clone(),
            weight_percent: category.weight_percent,
            ballots: category_ballots[c],
            hidden,
            counts: (!protected).then_some(cat_counts),
            mean: if protected { None } else { mean_centi.map(|m| m as f64 / 100.0) },
        });
    }
    let weighted_centi = (weight_total > 0).then(|| round_div(weighted, weight_total));
    // The score shown and ranked: the weighted one, except under the vote-share method with
    // a hidden category, where it is the mean of every valid vote (what one category of any
    // weight would give), so that neither it nor the rank weighs a hidden category apart.
    let score_centi = if protected && !weighted_method {
        (valid > 0).then(|| {
            let sum: u128 = Grade::ALL.iter().map(|g| u128::from(points.of(*g)) * u128::from(counts.of(*g))).sum();
            round_div(sum * 100, u128::from(valid))
        })
    } else {
        weighted_centi
    };
    if let Some(score) = score_centi {
        if !protected {
            calculation.push(format!("得分 = ({}) ÷ {} = {}", terms.join(" + "), weight_total, centi_text(score)));
        } else if !withhold {
            let parts: Vec<String> =
                Grade::ALL.iter().map(|g| format!("{}×{}", points.of(*g), counts.of(*g))).collect();
            calculation.push(format!(
                "排序用得分 = ({}) ÷ {} = {}（全体有效票平均，不分类别加权）",
                parts.join(" + "),
                valid,
                centi_text(score)
            ));
        }
    }
    let mut band_grade = None;
    if valid > 0 {
        band_grade = Some(match rules.method {
            ScoringMethod::WeightedScore => {
                let score = score_centi.unwrap_or(0);
                match rules.bands.iter().find(|b| score >= u128::from(b.min_score) * 100) {
                    Some(band) => {
                        if !withhold {
                            calculation.push(format!(
                                "{} ≥ {} → {}",
                                centi_text(score),
                                band.min_score,
                                band.grade.label()
                            ));
                        }
                        band.grade
                    }
                    None => {
                        if !withhold {
                            calculation.push(format!("{} 低于所有分数段 → 差", centi_text(score)));
                        }
                        Grade::Poor
                    }
                }
            }
            ScoringMethod::VoteShare => {
                let mut found = None;
                for band in &rules.share_bands {
                    let share = Share::of(rules, input, &per_category, &counts, &band.counted);
                    let reached = share.reaches(band.min_percent, 100);
                    if !withhold {
                        calculation.push(format!(
                            "{} = {} {} {}%{}",
                            share.named(&share_name(&band.counted)),
                            share.worked(),
                            if reached { "≥" } else { "<" },
                            band.min_percent,
                            if reached { format!(" → {}", band.grade.label()) } else { String::new() }
                        ));
                    }
                    if reached {
                        found = Some(band.grade);
                        break;
                    }
                }
                if found.is_none() && !withhold {
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
            let share = Share::of(rules, input, &per_category, &counts, &veto.counted());
            if share.reaches(veto.numerator, veto.denominator) && veto.result > worst {
                worst = veto.result;
                let text = if withhold {
                    format!(
                        "{}达到有效票的 {} → 等次最高为{}",
                        veto.votes_name(),
                        veto.threshold_text(),
                        veto.result.label()
                    )
                } else {
                    format!(
                        "{} {}，达到 {} → 等次最高为{}",
                        share.named(&veto.votes_name()),
                        share.worked(),
                        veto.threshold_text(),
                        veto.result.label()
                    )
                };
                calculation.push(format!("否决：{text}"));
                veto_text = Some(text);
            }
        }
        grade = Some(worst);
    }
    let result = SecretaryResult {
        label: label.to_string(),
        counts: (!withhold).then_some(counts),
        percents: if withhold {
            Vec::new()
        } else {
            Grade::ALL.iter().map(|g| percent_one_decimal(counts.of(*g), valid)).collect()
        },
        valid,
        invalid: invalid_rows,
        by_category,
        dimensions: input
            .dimensions
            .iter()
            .zip(dimensions)
            .map(|(name, counts)| DimensionResult { name: name.clone(), counts })
            .collect(),
        score: if withhold { None } else { score_centi.map(|s| s as f64 / 100.0) },
        band_grade: if withhold { None } else { band_grade },
        grade,
        veto: veto_text,
        rank: None,
        excellent_allowed: true,
        calculation,
    };
    (result, score_centi)
}

/// Ranks by grade, then by score (in hundredths, given apart because a withheld score
/// still ranks); equal grade and score share a rank (1, 1, 3).
fn rank(results: &mut [SecretaryResult], scores: &[Option<u128>]) {
    let key =
        |i: usize| (results[i].grade, std::cmp::Reverse(scores.get(i).copied().flatten().map_or(-1, |s| s as i128)));
    let mut order: Vec<usize> = (0..results.len()).filter(|i| results[*i].grade.is_some()).collect();
    order.sort_by_key(|i| key(*i));
    let mut previous = None;
    let mut current_rank = 0;
    let mut ranks = vec![None; results.len()];
    for (position, index) in order.iter().enumerate() {
        let k = key(*index);
        if previous != Some(k) {
            current_rank = position as u32 + 1;
            previous = Some(k);
        }
        ranks[*index] = Some(current_rank);
    }
    for (result, rank) in results.iter_mut().zip(ranks) {
        result.rank = rank;
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
