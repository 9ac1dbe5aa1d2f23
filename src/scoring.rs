//! Scoring rules (计分规则) and the tally that turns ballots into a score and a
//! final grade (评定等次) for each secretary.
//!
//! The rules are data kept with the campaign, so that every place can set its own
//! points, weights and bands; the window only shows what this module decides.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::{Ballot, Grade, Id, RaterCategory};

/// A campaign's scoring rules. The defaults follow common public practice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct ScoringRules {
    /// Points a grade is worth (好 100 / 较好 80 / 一般 60 / 差 0 by default).
    pub points: GradePoints,
    /// Score bands, highest first: the first band whose `min_score` the score reaches
    /// gives the final grade; a score below every band is 差.
    pub bands: Vec<ScoreBand>,
    /// When the share of 差 among a secretary's valid grades reaches this percent, the
    /// final grade is 差 whatever the score (否决). `None` turns the rule off.
    pub poor_veto_percent: Option<u32>,
    /// The source's rule: a secretary not rated 好 cannot be rated 优秀 in the annual 考核.
    pub excellent_requires_good: bool,
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

impl Default for ScoringRules {
    fn default() -> Self {
        ScoringRules {
            points: GradePoints { good: 100, fairly_good: 80, fair: 60, poor: 0 },
            bands: vec![
                ScoreBand { min_score: 90, grade: Grade::Good },
                ScoreBand { min_score: 75, grade: Grade::FairlyGood },
                ScoreBand { min_score: 60, grade: Grade::Fair },
            ],
            poor_veto_percent: Some(34),
            excellent_requires_good: true,
        }
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

/// What the ballots say of one secretary under the campaign's rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SecretaryTally {
    /// Valid grades in the order 好, 较好, 一般, 差.
    pub counts: [u32; 4],
    /// Rows left blank or marked more than once.
    pub invalid: u32,
    /// The weighted score, 0–100 with the default points; `None` with no valid grade.
    pub score: Option<f64>,
    pub final_grade: Option<Grade>,
    /// True when the 差 share reached the veto threshold.
    pub vetoed: bool,
    /// True when the secretary may still be rated 优秀 in the annual 考核.
    pub may_be_excellent: bool,
}

/// Tallies every secretary named on the ballots.
///
/// The score is the mean of the points of the valid grades within each rater
/// category, weighted by the categories' `weight_percent` (only categories that
/// gave at least one valid grade take part, so a missing category does not drag
/// the score down).
pub fn tally_ballots(
    rules: &ScoringRules,
    categories: &[RaterCategory],
    ballots: &[Ballot],
) -> BTreeMap<Id, SecretaryTally> {
    // secretary -> category -> (points sum, valid count)
    let mut per_category: BTreeMap<&str, BTreeMap<&str, (u64, u32)>> = BTreeMap::new();
    let mut tallies: BTreeMap<Id, SecretaryTally> = BTreeMap::new();
    for ballot in ballots {
        for entry in &ballot.entries {
            let tally = tallies.entry(entry.secretary_id.clone()).or_insert(SecretaryTally {
                counts: [0; 4],
                invalid: 0,
                score: None,
                final_grade: None,
                vetoed: false,
                may_be_excellent: false,
            });
            match (entry.grade, entry.multiple_marks) {
                (Some(grade), false) => {
                    let index = Grade::ALL.iter().position(|g| *g == grade).unwrap_or(0);
                    tally.counts[index] += 1;
                    let sums = per_category
                        .entry(&entry.secretary_id)
                        .or_default()
                        .entry(&ballot.category_id)
                        .or_insert((0, 0));
                    sums.0 += u64::from(rules.points.of(grade));
                    sums.1 += 1;
                }
                _ => tally.invalid += 1,
            }
        }
    }
    for (secretary_id, tally) in tallies.iter_mut() {
        let Some(sums) = per_category.get(secretary_id.as_str()) else {
            continue;
        };
        let mut weighted = 0.0;
        let mut weight_total = 0.0;
        for (category_id, (points, count)) in sums {
            let weight = categories.iter().find(|c| c.id == *category_id).map_or(0.0, |c| f64::from(c.weight_percent));
            weighted += weight * (*points as f64) / f64::from(*count);
            weight_total += weight;
        }
        if weight_total <= 0.0 {
            continue;
        }
        let score = (weighted / weight_total * 100.0).round() / 100.0;
        let valid: u32 = tally.counts.iter().sum();
        let poor_share = f64::from(tally.counts[3]) * 100.0 / f64::from(valid);
        tally.vetoed = rules.poor_veto_percent.is_some_and(|p| poor_share >= f64::from(p));
        let grade = if tally.vetoed {
            Grade::Poor
        } else {
            rules.bands.iter().find(|band| score >= f64::from(band.min_score)).map_or(Grade::Poor, |band| band.grade)
        };
        tally.score = Some(score);
        tally.final_grade = Some(grade);
        tally.may_be_excellent = !rules.excellent_requires_good || grade == Grade::Good;
    }
    tallies
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::BallotEntry;

    fn category(id: &str, weight_percent: u32) -> RaterCategory {
        RaterCategory { id: id.into(), name: id.into(), weight_percent, planned_size: 10 }
    }

    fn ballot(category_id: &str, grades: &[(&str, Option<Grade>)]) -> Ballot {
        Ballot {
            id: crate::domain::new_id(),
            serial: "1".into(),
            category_id: category_id.into(),
            entries: grades
                .iter()
                .map(|(s, g)| BallotEntry { secretary_id: (*s).into(), grade: *g, multiple_marks: false })
                .collect(),
            suggestions: String::new(),
        }
    }

    #[test]
    fn weights_categories_by_their_mean_points() {
        let categories = [category("leaders", 40), category("masses", 60)];
        let ballots = [
            ballot("leaders", &[("s1", Some(Grade::Good))]),
            ballot("masses", &[("s1", Some(Grade::Good))]),
            ballot("masses", &[("s1", Some(Grade::Fair))]),
        ];
        let tally = &tally_ballots(&ScoringRules::default(), &categories, &ballots)["s1"];
        // leaders mean 100, masses mean 80: 0.4*100 + 0.6*80 = 88 → 较好.
        assert_eq!(tally.score, Some(88.0));
        assert_eq!(tally.final_grade, Some(Grade::FairlyGood));
        assert_eq!(tally.counts, [2, 0, 1, 0]);
        assert!(!tally.may_be_excellent, "below 好 must not be 优秀");
    }

    #[test]
    fn counts_blank_rows_as_invalid_and_applies_the_poor_veto() {
        let categories = [category("masses", 100)];
        let ballots = [
            ballot("masses", &[("s1", Some(Grade::Poor))]),
            ballot("masses", &[("s1", Some(Grade::Good))]),
            ballot("masses", &[("s1", None)]),
        ];
        let tally = &tally_ballots(&ScoringRules::default(), &categories, &ballots)["s1"];
        assert_eq!(tally.invalid, 1);
        assert_eq!(tally.score, Some(50.0));
        assert!(tally.vetoed);
        assert_eq!(tally.final_grade, Some(Grade::Poor));
    }

    #[test]
    fn all_good_earns_good_and_may_be_excellent() {
        let categories = [category("masses", 100)];
        let ballots = [ballot("masses", &[("s1", Some(Grade::Good))])];
        let tally = &tally_ballots(&ScoringRules::default(), &categories, &ballots)["s1"];
        assert_eq!(tally.final_grade, Some(Grade::Good));
        assert!(tally.may_be_excellent);
    }
}
