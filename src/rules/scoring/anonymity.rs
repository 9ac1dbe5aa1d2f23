//! The anonymity rule: which figures of a vote are withheld when a rater category has
//! fewer ballots than the threshold, and the sentence every sheet prints about it. The
//! tally (`tally.rs`) decides what to withhold; this module names and explains it.

use super::*;

/// What a sheet shows in place of a withheld figure.
pub const HIDDEN_TEXT: &str = "不公开";

/// The anonymity rule in force for a whole vote.
///
/// A category below the threshold is not protected by hiding its own row alone: the
/// totals minus the other categories, the weighted score or the worked calculation give
/// its ballots back. So once any category is hidden, no figure is published that depends
/// on which category cast a vote: no per-category breakdown at all; under the weighted
/// method (where the grade itself comes from the category means) neither the counts nor
/// the score nor the calculation, only the grade and a rank by grade alone (within a grade
/// the order would follow the withheld scores, and so the hidden ballots); under the
/// vote-share method
/// the pooled counts (which decide the grade without regard to category) and a ranking
/// score that is the mean of every valid vote, so that the rank does not weigh categories
/// either.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Anonymity {
    /// The categories with fewer ballots than the threshold.
    pub hidden_categories: Vec<String>,
    pub threshold: u32,
    /// True when the per-grade counts, the score and the calculation are withheld too
    /// (the weighted method).
    pub counts_withheld: bool,
    /// What is withheld and why, one sentence for every sheet that shows results.
    pub note: String,
}

impl Anonymity {
    pub(super) fn of(rules: &ScoringRules, hidden_categories: Vec<String>) -> Anonymity {
        let counts_withheld = rules.method == ScoringMethod::WeightedScore || rules.shares_weighted_by_category;
        let what = if counts_withheld {
            "本次只公布各人的有效票数、评定等次和名次（按等次排列，同一等次名次并列），不公布各等次票数、得分、分类明细和计算过程（组织方按全部测评票计算等次）"
        } else {
            "本次不公布分类明细；各等次票数按全体有效票合计，排序用的得分按全体有效票平均，不分类别加权"
        };
        Anonymity {
            note: format!(
                "匿名保护：{}的测评票少于 {} 张。为防止从其他数字推算出这些评议人的评价，{}。",
                hidden_categories.join("、"),
                rules.anonymity_threshold,
                what
            ),
            hidden_categories,
            threshold: rules.anonymity_threshold,
            counts_withheld,
        }
    }
}
