//! Rules over the whole vote rather than one ballot or one secretary: the quorum (到会过半),
//! the void vote (收回多于发出，须重新测评), and the quota on 好 across the secretaries with
//! the organizer's decision of a tie at its cut-off. None of them is a national rule; each is
//! off unless the organizer's 方案 has it.

use super::*;

/// Why a vote gives no grade at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// Fewer ballots than half of the raters due, or exactly half (过半 means more than half).
    NoQuorum,
    /// A category handed in more ballots than were issued to it: the vote is void.
    OverCollected,
}

/// A vote the rules stop from giving grades, with the figures that stopped it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VoteStopped {
    pub reason: StopReason,
    /// One sentence for the top of every result screen and sheet.
    pub text: String,
    /// The figures, one category (or the total) a line.
    pub lines: Vec<String>,
}

/// The organizer's decision of a tie at the quota's cut-off: the secretaries (by label)
/// who keep 好. Logged when made, printed with the results, kept in the recount file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct QuotaDecision {
    pub kept: Vec<String>,
    pub reason: String,
    #[serde(default)]
    pub decided_by: String,
    #[serde(default)]
    pub decided_at: String,
}

/// A tie at the quota's cut-off: more secretaries with the same standing than places left.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuotaTie {
    /// The tied secretaries, in agenda order.
    pub candidates: Vec<String>,
    /// How many of them keep 好.
    pub places: u32,
    /// `None` until the organizer decides; the tied secretaries have no grade until then.
    pub decision: Option<QuotaDecision>,
    pub text: String,
}

/// What the quota did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuotaOutcome {
    pub rule: String,
    /// Secretaries with a grade, of whom `places` may be 好.
    pub graded: u32,
    pub places: u32,
    /// 好 before the quota.
    pub good_before: u32,
    /// Moved down to 较好, in rank order.
    pub moved: Vec<String>,
    pub tie: Option<QuotaTie>,
    pub text: String,
}

/// The quorum and the void rule, from the ballots each category handed in (valid or not).
pub fn stopped(rules: &ScoringRules, input: &TallyInput, received: &[u32]) -> Option<VoteStopped> {
    if rules.void_if_over_collected {
        let lines: Vec<String> = input
            .categories
            .iter()
            .zip(received)
            .filter_map(|(c, got)| match c.issued {
                Some(issued) if issued > 0 && *got > issued => {
                    Some(format!("{}：发出 {issued} 张，收回 {got} 张，多出 {} 张", c.name, got - issued))
                }
                _ => None,
            })
            .collect();
        if !lines.is_empty() {
            return Some(VoteStopped {
                reason: StopReason::OverCollected,
                text: format!(
                    "本次测评无效，须重新测评：{}。按本年度计分规则，收回的测评票多于发出的，整次测评无效；已收回的测评票封存备查。",
                    lines.join("；")
                ),
                lines,
            });
        }
    }
    let scope = rules.quorum?;
    let missing: Vec<&str> = input.categories.iter().filter(|c| c.due.is_none()).map(|c| c.name.as_str()).collect();
    if !missing.is_empty() {
        return Some(VoteStopped {
            reason: StopReason::NoQuorum,
            text: format!("无法判断到会是否过半：{}没有应到人数。", missing.join("、")),
            lines: Vec::new(),
        });
    }
    let line = |name: &str, due: u64, got: u64| {
        let met = got * 2 > due;
        (met, format!("{name}：应到 {due} 人，交回测评票 {got} 张，{}", if met { "过半" } else { "未过半" }))
    };
    let checks: Vec<(bool, String)> = match scope {
        QuorumScope::PerCategory => input
            .categories
            .iter()
            .zip(received)
            .filter(|(c, _)| c.due.unwrap_or(0) > 0)
            .map(|(c, got)| line(&c.name, u64::from(c.due.unwrap_or(0)), u64::from(*got)))
            .collect(),
        QuorumScope::Overall => {
            let due: u64 = input.categories.iter().filter_map(|c| c.due).map(u64::from).sum();
            let got: u64 = received.iter().copied().map(u64::from).sum();
            vec![line("全体评议人", due, got)]
        }
    };
    if checks.iter().all(|(met, _)| *met) {
        return None;
    }
    let short: Vec<String> = checks.iter().filter(|(met, _)| !met).map(|(_, l)| l.clone()).collect();
    Some(VoteStopped {
        reason: StopReason::NoQuorum,
        text: format!(
            "到会评议人未超过应到人数的一半（{}），本次测评不评定等次：{}。",
            scope.label(),
            short.join("；")
        ),
        lines: checks.into_iter().map(|(_, l)| l).collect(),
    })
}

/// Takes every grade away from a stopped vote's results, saying why in each calculation.
pub fn withhold_grades(stop: &VoteStopped, results: &mut [SecretaryResult]) {
    let why = stop.text.split('：').next().unwrap_or_default();
    for result in results {
        result.grade = None;
        result.band_grade = None;
        result.veto = None;
        result.rank = None;
        result.calculation.retain(|line| !line.starts_with("评定等次"));
        result.calculation.push(format!("{why}，不评定等次。"));
    }
}

/// Moves the secretaries past the quota on 好 down to 较好, in rank order (`scores`, the
/// ranking scores in hundredths). A tie at the cut-off takes the organizer's decision from
/// the input; without a valid one the tied secretaries are left without a grade.
pub(super) fn apply_quota(
    rules: &ScoringRules,
    input: &TallyInput,
    results: &mut [SecretaryResult],
    scores: &[Option<u128>],
) -> Option<QuotaOutcome> {
    let quota = rules.good_quota?;
    let graded = results.iter().filter(|r| r.grade.is_some()).count() as u32;
    let places = quota.places(graded);
    let score = |i: usize| scores.get(i).copied().flatten().map_or(-1, |s| s as i128);
    let mut goods: Vec<usize> = (0..results.len()).filter(|i| results[*i].grade == Some(Grade::Good)).collect();
    goods.sort_by_key(|i| std::cmp::Reverse(score(*i)));
    let good_before = goods.len() as u32;
    let rule = quota.text();
    let mut outcome = QuotaOutcome {
        text: format!(
            "{rule}：评定等次的书记 {graded} 人，“好”等次名额 {places} 个；评为“好”的 {good_before} 人，未超出。"
        ),
        rule,
        graded,
        places,
        good_before,
        moved: Vec::new(),
        tie: None,
    };
    if good_before <= places {
        return Some(outcome);
    }
    let place = places as usize;
    let cut = score(goods[place]);
    let tied = place > 0 && score(goods[place - 1]) == cut;
    let (kept_for_sure, contested): (Vec<usize>, Vec<usize>) = if tied {
        let above: Vec<usize> = goods.iter().copied().filter(|i| score(*i) > cut).collect();
        let mut group: Vec<usize> = goods.iter().copied().filter(|i| score(*i) == cut).collect();
        group.sort();
        (above, group)
    } else {
        (goods[..place].to_vec(), Vec::new())
    };
    let places_left = places - kept_for_sure.len() as u32;
    let candidates: Vec<String> = contested.iter().map(|i| results[*i].label.clone()).collect();
    let decision = input.quota_decision.as_ref().filter(|d| {
        let kept: BTreeSet<&String> = d.kept.iter().collect();
        kept.len() == d.kept.len()
            && d.kept.len() as u32 == places_left
            && d.kept.iter().all(|k| candidates.contains(k))
    });
    let mut moved = Vec::new();
    for (position, i) in goods.iter().enumerate() {
        let i = *i;
        if kept_for_sure.contains(&i) {
            continue;
        }
        let in_tie = contested.contains(&i);
        let label = results[i].label.clone();
        let result = &mut results[i];
        match (in_tie, decision) {
            (true, None) => {
                result.grade = None;
                result.calculation.push(format!(
                    "“好”等次名额 {places} 个，本人与{}名次相同，争{} {places_left} 个名额，待组织方决定。",
                    candidates.iter().filter(|c| **c != label).cloned().collect::<Vec<_>>().join("、"),
                    if kept_for_sure.is_empty() { "" } else { "余下的" }
                ));
            }
            (true, Some(d)) if d.kept.contains(&label) => {
                result.calculation.push(format!(
                    "“好”等次名额 {places} 个，本人与其他名次相同者并列，组织方决定保留为好（{}）。",
                    d.reason
                ));
            }
            (true, Some(d)) => {
                result.grade = Some(Grade::FairlyGood);
                result.calculation.push(format!(
                    "“好”等次名额 {places} 个，本人与其他名次相同者并列，组织方决定降为较好（{}）。",
                    d.reason
                ));
                moved.push(label);
            }
            (false, _) => {
                result.grade = Some(Grade::FairlyGood);
                result.calculation.push(format!(
                    "“好”等次名额 {places} 个（{}），本人在评为“好”的 {good_before} 人中居第 {} 位，超出名额 → 较好。",
                    outcome.rule,
                    position + 1
                ));
                moved.push(label);
            }
        }
    }
    outcome.text = format!(
        "{}：评定等次的书记 {graded} 人，“好”等次名额 {places} 个；评为“好”的 {good_before} 人，{}",
        outcome.rule,
        if moved.is_empty() { "超出的待定".to_string() } else { format!("{} 降为较好", moved.join("、")) }
    );
    if !contested.is_empty() {
        let rest = if kept_for_sure.is_empty() { "" } else { "余下的" };
        let text = match decision {
            None => format!(
                "{} 名次相同，争{} {places_left} 个“好”等次名额，须由组织方决定谁保留为好；决定前这几位不评定等次，结果不能公布。",
                candidates.join("、"),
                rest
            ),
            Some(d) => format!(
                "{} 名次相同，争{} {places_left} 个“好”等次名额；{}{}决定保留 {}，原因：{}",
                candidates.join("、"),
                rest,
                if d.decided_by.is_empty() { "组织方" } else { d.decided_by.as_str() },
                if d.decided_at.is_empty() { String::new() } else { format!("于 {} ", d.decided_at) },
                d.kept.join("、"),
                d.reason
            ),
        };
        outcome.text.push('；');
        outcome.text.push_str(text.trim_end_matches('。'));
        outcome.tie = Some(QuotaTie { candidates, places: places_left, decision: decision.cloned(), text });
    }
    outcome.text.push('。');
    outcome.moved = moved;
    Some(outcome)
}
