//! The vote: the tally input, closing (the seal), reopening, the results once closed, and
//! each secretary's published result.

use super::*;
use crate::domain::QuotaTieDecision;

/// Builds the tally input of a campaign: categories, agenda labels, sheets, ballots.
pub fn tally_input(store: &Store, campaign_id: &str) -> Result<(TallyInput, Vec<AgendaItem>)> {
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let (agenda, _) = agenda(store, campaign_id)?;
    let categories = meeting::list_rater_categories(conn, campaign_id)?;
    let sheets = meeting::list_sheets(conn, campaign_id)?;
    let codes = meeting::list_codes(conn, campaign_id)?;
    let ballots = meeting::list_ballots(conn, campaign_id)?;
    let closure = meeting::get_closure(conn, campaign_id)?;
    let dims = campaign.dimensions.len();
    let input = TallyInput {
        categories: categories
            .iter()
            .map(|c| {
                // Issued the way the category votes, as the reconciliation counts them.
                let issued = match c.ballot_channel {
                    BallotChannel::Paper => sheets.iter().filter(|s| s.category_id == c.id).count(),
                    BallotChannel::Phone => codes.iter().filter(|k| k.category_id == c.id).count(),
                };
                CategoryWeight {
                    name: c.name.clone(),
                    weight_percent: c.weight_percent,
                    due: Some(c.planned_size),
                    issued: Some(issued as u32),
                }
            })
            .collect(),
        quota_decision: closure.and_then(|c| c.quota_decision).map(|d| QuotaDecision {
            kept: d
                .kept
                .iter()
                .map(|id| agenda.iter().find(|a| &a.secretary_id == id).map_or_else(|| id.clone(), |a| a.label.clone()))
                .collect(),
            reason: d.reason,
            decided_by: d.decided_by,
            decided_at: crate::report::pdf::chinese_time(&d.decided_at),
        }),
        secretaries: agenda.iter().map(|a| a.label.clone()).collect(),
        dimensions: campaign.dimensions.clone(),
        // Phone ballots were issued by their one-time code, so their serials count as issued.
        // After a new round (须重新测评) only this round's sheets are issued, printed or not:
        // a sheet of the stopped round never counts again.
        issued_serials: (!sheets.is_empty() || !meeting::list_rounds(conn, campaign_id)?.is_empty()).then(|| {
            sheets
                .iter()
                .map(|s| s.serial.clone())
                .chain(ballots.iter().filter(|b| b.channel == BallotChannel::Phone).map(|b| b.serial.clone()))
                .collect()
        }),
        ballots: ballots
            .iter()
            .map(|b| {
                let find = |person: &AgendaItem| b.entries.iter().find(|e| e.secretary_id == person.secretary_id);
                TallyBallot {
                    serial: b.serial.clone(),
                    category: categories.iter().position(|c| c.id == b.category_id).unwrap_or(usize::MAX),
                    marks: agenda.iter().map(|p| find(p).map_or(Mark::Blank, BallotEntry::mark)).collect(),
                    dimension_marks: if dims == 0 {
                        Vec::new()
                    } else {
                        agenda
                            .iter()
                            .map(|p| {
                                let mut marks = find(p).map(|e| e.dimension_marks.clone()).unwrap_or_default();
                                marks.resize(dims, Mark::Blank);
                                marks
                            })
                            .collect()
                    },
                    suggestions: b.suggestions.clone(),
                }
            })
            .collect(),
    };
    Ok((input, agenda))
}

/// Closes the vote: freezes ballots and rules and records the fingerprint.
///
/// All of it happens in one write transaction that takes the write lock first: the
/// ballots counted, the fingerprint and the closure are of the same moment, and a
/// ballot that any connection tries to store afterwards finds the vote closed (and the
/// database's own seal refuses it too). The ballots are written again in a random order
/// before the seal, and the write-ahead log is emptied after it, so that from then on
/// no file shows the order in which they came in (docs/security.md).
///
/// A category that returned more ballots than it has raters, or than were issued to it,
/// stops the closing with the numbers, unless `over_vote_reason` says why the vote stands
/// (logged, and printed on the results with the numbers).
pub fn close_vote(
    store: &mut Store,
    campaign_id: &str,
    actor: &str,
    over_vote_reason: Option<&str>,
) -> Result<VoteClosure> {
    let tx = begin_write_while_phones_vote(store)?;
    crate::workstation::refuse_unless_organizer(store.conn(), "结束测评")?;
    require_open(store, campaign_id)?;
    let view = meeting_view(store, campaign_id)?;
    if view.ballots.is_empty() {
        return Err(Error::Conflict { message: "还没有录入任何测评票，不能结束测评。".into() });
    }
    if view.double_entry && !view.unchecked.is_empty() {
        return Err(Error::Conflict {
            message: format!(
                "启用了双人录入，还有 {} 张票没有第二遍录入（票号 {}）。请录完后再结束测评。",
                view.unchecked.len(),
                view.unchecked.iter().take(10).cloned().collect::<Vec<_>>().join("、")
            ),
        });
    }
    if !view.differences.is_empty() {
        let serials: BTreeSet<&str> = view.differences.iter().map(|d| d.serial.as_str()).collect();
        return Err(Error::Conflict {
            message: format!(
                "有 {} 张票两遍录入不一致（票号 {}）。请对照纸质票逐一核对后再结束测评。",
                serials.len(),
                serials.into_iter().take(10).collect::<Vec<_>>().join("、")
            ),
        });
    }
    // Read once, in the closing's own transaction: the ballots reconciled are the ballots
    // sealed and fingerprinted.
    let (input, _) = tally_input(store, campaign_id)?;
    let outcome = scoring::tally(&view.rules, &input);
    let reconciliation = super::reconcile::reconcile_outcome(store, campaign_id, &outcome)?;
    let reason = over_vote_reason.map(str::trim).filter(|r| !r.is_empty());
    // Under a 方案 that voids such a vote the closing needs no reason: the results say
    // 须重新测评 and the ballots are sealed for the record.
    let voids = outcome.stopped.as_ref().is_some_and(|s| s.reason == scoring::StopReason::OverCollected);
    let over_vote_reason = if reconciliation.over_votes.is_empty() || voids {
        None
    } else {
        match reason {
            Some(reason) if reason.chars().count() >= super::reconcile::REASON_MIN_CHARS => {
                Some(format!("{}。结束测评的原因：{reason}", reconciliation.over_votes.join("；")))
            }
            _ => {
                return Err(Error::Conflict {
                    message: format!(
                        "收回的测评票多于应有的：{}。可能有人重复投票（同一人既交纸质票又用手机测评，或测评表被复印）。\
                         请先核对：多出的票能查明的，更正或删除后再结束测评；确需按现有的票结束的，请写明原因（至少 {} 个字），\
                         原因会记入操作日志并印在评议结果上。",
                        reconciliation.over_votes.join("；"),
                        super::reconcile::REASON_MIN_CHARS
                    ),
                });
            }
        }
    };
    let closure = VoteClosure {
        closed_at: store::now_text(),
        closed_by: actor.to_string(),
        fingerprint: scoring::fingerprint(&input),
        rules_version: view.rules_version,
        over_vote_reason,
        quota_decision: None,
    };
    meeting::rewrite_ballots_unordered(&tx, campaign_id)?;
    meeting::set_closure(&tx, campaign_id, Some(&closure))?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "vote.close",
            "campaign",
            campaign_id,
            match &closure.over_vote_reason {
                None if voids => format!(
                    "结束测评，共 {} 张票，指纹 {}；{}",
                    input.ballots.len(),
                    closure.fingerprint,
                    outcome.stopped.as_ref().map_or("", |s| s.text.as_str())
                ),
                None => format!("结束测评，共 {} 张票，指纹 {}", input.ballots.len(), closure.fingerprint),
                Some(reason) => {
                    format!("结束测评，共 {} 张票，指纹 {}（{reason}）", input.ballots.len(), closure.fingerprint)
                }
            },
        ),
    )?;
    tx.commit()?;
    empty_write_ahead_log(store);
    Ok(closure)
}

/// The write lock for closing while the ballot server may be storing ballot after ballot:
/// SQLite's wait for the lock gives up after its busy timeout, and a hall still voting can
/// keep the lock taken that long, so the closing asks again (for half a minute at most)
/// rather than tell the organizer to try once more.
fn begin_write_while_phones_vote(store: &Store) -> Result<rusqlite::Transaction<'_>> {
    let started = std::time::Instant::now();
    loop {
        match store.begin_write() {
            Err(Error::Database(rusqlite::Error::SqliteFailure(e, _)))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && started.elapsed().as_secs() < 30 =>
            {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            other => return other,
        }
    }
}

/// Empties the write-ahead log after the seal. The ballot server's connection may be
/// reading at that moment; it stops within a second of the closing, so a few tries
/// suffice. Failing leaves the log to SQLite's next checkpoint: the seal stands either way.
fn empty_write_ahead_log(store: &Store) {
    for _ in 0..30 {
        if store.truncate_wal().unwrap_or(false) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// The fingerprint of the ballots the database holds now for the campaign, and how many
/// they are: what a seal is checked against.
pub fn fingerprint_of_ballots_held(store: &Store, campaign_id: &str) -> Result<(String, usize)> {
    let (input, _) = tally_input(store, campaign_id)?;
    Ok((scoring::fingerprint(&input), input.ballots.len()))
}

/// Reopens a closed vote; the reason goes to the audit log.
pub fn reopen_vote(store: &mut Store, campaign_id: &str, reason: &str, actor: &str) -> Result<()> {
    crate::workstation::refuse_unless_organizer(store.conn(), "重新开放测评")?;
    super::refuse_paper_year(store, campaign_id)?;
    if let Some(problem) = crate::limits::reason_problem(reason, 4) {
        return Err(Error::invalid(format!("重新开启测评须写明原因（{problem}），原因会记入操作日志。")));
    }
    let tx = store.begin_write()?;
    let Some(closure) = meeting::get_closure(store.conn(), campaign_id)? else {
        return Err(Error::Conflict { message: "测评尚未结束，无需重新开启。".into() });
    };
    meeting::set_closure(&tx, campaign_id, None)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "vote.reopen",
            "campaign",
            campaign_id,
            format!("重新开启测评（原指纹 {}）：{}", closure.fingerprint, reason.trim()),
        ),
    )?;
    tx.commit()?;
    Ok(())
}

/// The results, under the rules version frozen at closing. The one door to counts, scores
/// and grades: refused while the vote is open, so that no partial result ever leaves the
/// program (a result, a preview, a recount file, a tally or an export).
pub fn results(store: &Store, campaign_id: &str) -> Result<MeetingResults> {
    if meeting::get_closure(store.conn(), campaign_id)?.is_none() {
        campaigns::get_campaign(store.conn(), campaign_id)?;
        return Err(Error::Conflict { message: RESULTS_NOT_YET.into() });
    }
    tally_as_it_stands(store, campaign_id)
}

/// The tally of the ballots held now, open or closed: for the closing itself and the
/// reconciliation of issued and returned ballots, never shown as a result.
pub(super) fn tally_as_it_stands(store: &Store, campaign_id: &str) -> Result<MeetingResults> {
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let closure = meeting::get_closure(conn, campaign_id)?;
    let (rules_version, rules) = rules_in_force(conn, &campaign, closure.as_ref())?;
    let (input, people) = tally_input(store, campaign_id)?;
    let outcome = scoring::tally(&rules, &input);
    let reconciliation = super::reconcile::reconcile_outcome(store, campaign_id, &outcome)?;
    let (_, off) = agenda(store, campaign_id)?;
    Ok(MeetingResults {
        campaign_id: campaign.id,
        title: campaign.title,
        organizer: campaign.organizer,
        year: campaign.year,
        closure,
        rules_version,
        rules,
        people,
        not_final: outcome.not_final(),
        written_off_ballot: off.iter().filter(|p| p.written).map(|p| p.label.clone()).collect(),
        outcome,
        expected_raters: reconciliation.total.raters,
        reconciliation,
    })
}

/// The rules a tally counts under: the version frozen at closing, or the latest while open.
fn rules_in_force(
    conn: &rusqlite::Connection,
    campaign: &crate::domain::Campaign,
    closure: Option<&VoteClosure>,
) -> Result<(u32, ScoringRules)> {
    let versions = meeting::list_rules_versions(conn, &campaign.id)?;
    Ok(match closure {
        Some(c) => versions
            .iter()
            .find(|v| v.version == c.rules_version)
            .map(|v| (v.version, v.rules.clone()))
            .unwrap_or((c.rules_version, campaign.scoring_rules.clone())),
        None => (versions.last().map_or(1, |v| v.version), campaign.scoring_rules.clone()),
    })
}

/// The outcome of a closed vote (grades, shares, scores and ranks) with the people in the
/// ballot's order, as [`results`] gives them but without the reconciliation of issued and
/// returned ballots: what the overview and 历年对比 show of each year. `None` while the
/// vote is open, so that no partial result leaves this door either.
pub fn sealed_outcome(store: &Store, campaign_id: &str) -> Result<Option<(Vec<AgendaItem>, TallyOutcome)>> {
    // Kept until the database changes: the overview and each 历年对比 read every sealed year.
    let kept =
        store.remembered(&format!("sealed_outcome:{campaign_id}"), || work_out_sealed_outcome(store, campaign_id))?;
    Ok((*kept).clone())
}

fn work_out_sealed_outcome(store: &Store, campaign_id: &str) -> Result<Option<(Vec<AgendaItem>, TallyOutcome)>> {
    let conn = store.conn();
    let Some(closure) = meeting::get_closure(conn, campaign_id)? else {
        return Ok(None);
    };
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let (_, rules) = rules_in_force(conn, &campaign, Some(&closure))?;
    let (input, people) = tally_input(store, campaign_id)?;
    Ok(Some((people, scoring::tally(&rules, &input))))
}

/// Refuses a result sheet, workbook or notice while the results are not final, saying why
/// and what to do.
pub fn require_final(results: &MeetingResults) -> Result<()> {
    match results.outcome.not_final() {
        None => Ok(()),
        Some(why) => Err(Error::Conflict {
            message: match &results.outcome.stopped {
                Some(_) => format!("{why}没有可以公布的等次，不能导出结果。"),
                None => format!("{why}请在“结果”页作出决定（写明原因）后再导出结果。"),
            },
        }),
    }
}

/// The organizer decides a tie at the quota on 好: which of the tied secretaries keep 好.
/// Only once the vote is closed; the decision is kept with the closure (a reopen clears it),
/// logged, and printed with the results.
pub fn decide_quota_tie(
    store: &mut Store,
    campaign_id: &str,
    kept: &[Id],
    reason: &str,
    actor: &str,
) -> Result<QuotaTieDecision> {
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "决定“好”等次名额")?;
    super::refuse_paper_year(store, campaign_id)?;
    let Some(mut closure) = meeting::get_closure(store.conn(), campaign_id)? else {
        campaigns::get_campaign(store.conn(), campaign_id)?;
        return Err(Error::Conflict {
            message: "测评尚未结束，名额是否并列要在结束测评之后才知道。".into()
        });
    };
    let reason = reason.trim();
    if let Some(problem) = crate::limits::reason_problem(reason, super::reconcile::REASON_MIN_CHARS) {
        return Err(Error::invalid(format!(
            "请写明决定的原因（{problem}），例如“按方案以日常考核得分高者优先”。原因会记入操作日志并印在评议结果上。"
        )));
    }
    // The tie as the ballots give it, whatever was decided before.
    let results = tally_as_it_stands(store, campaign_id)?;
    let (mut input, people) = tally_input(store, campaign_id)?;
    input.quota_decision = None;
    let outcome = scoring::tally(&results.rules, &input);
    let Some(tie) = outcome.quota.as_ref().and_then(|q| q.tie.clone()) else {
        return Err(Error::Conflict {
            message: "本次测评的“好”等次名额没有并列，无需决定。".into()
        });
    };
    let label_of = |id: &Id| people.iter().find(|p| &p.secretary_id == id).map(|p| p.label.clone());
    let mut chosen = Vec::new();
    for id in kept {
        match label_of(id) {
            Some(label) if tie.candidates.contains(&label) && !chosen.contains(&label) => chosen.push(label),
            _ => {
                return Err(Error::invalid(format!("只能从并列的 {} 中选择，每人一次。", tie.candidates.join("、"))));
            }
        }
    }
    if chosen.len() as u32 != tie.places {
        return Err(Error::invalid(format!(
            "并列的 {} 争 {} 个“好”等次名额，请选出正好 {} 位，现在选了 {} 位。",
            tie.candidates.join("、"),
            tie.places,
            tie.places,
            chosen.len()
        )));
    }
    let decision = QuotaTieDecision {
        kept: kept.to_vec(),
        reason: reason.to_string(),
        decided_by: actor.to_string(),
        decided_at: store::now_text(),
    };
    let before = closure.quota_decision.replace(decision.clone());
    meeting::set_closure(&tx, campaign_id, Some(&closure))?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "vote.quota_decide",
            "campaign",
            campaign_id,
            format!(
                "“好”等次名额并列（{} 争 {} 个）{}：保留 {} 为好；原因：{reason}",
                tie.candidates.join("、"),
                tie.places,
                if before.is_some() { "，改变原决定" } else { "" },
                chosen.join("、")
            ),
        ),
    )?;
    tx.commit()?;
    Ok(decision)
}

/// Starts a new round of the vote after the rules stopped this one (到会未过半, or more
/// ballots collected than issued: 须重新测评). The stopped round is kept whole — closure,
/// ballots, the serials it printed — and the vote opens empty: new sheets are printed under
/// new serials (the old ones never vote again) and phones get new codes.
pub fn start_new_round(store: &mut Store, campaign_id: &str, reason: &str, actor: &str) -> Result<u32> {
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "开始新一轮测评")?;
    super::refuse_paper_year(store, campaign_id)?;
    let Some(closure) = meeting::get_closure(store.conn(), campaign_id)? else {
        campaigns::get_campaign(store.conn(), campaign_id)?;
        return Err(Error::Conflict { message: "测评尚未结束，不需要开始新一轮。".into() });
    };
    let results = tally_as_it_stands(store, campaign_id)?;
    let Some(stopped) = results.outcome.stopped.clone() else {
        return Err(Error::Conflict {
            message: "本轮测评已有结果，不需要重新测评。发现录入错误的，请“重新开启测评”更正。".into(),
        });
    };
    if let Some(problem) = crate::limits::reason_problem(reason, super::reconcile::REASON_MIN_CHARS) {
        return Err(Error::invalid(format!("请写明开始新一轮测评的原因（{problem}），原因会记入操作日志。")));
    }
    let conn = store.conn();
    let round = meeting::list_rounds(conn, campaign_id)?.len() as u32 + 1;
    let ballots = meeting::list_ballots(conn, campaign_id)?;
    let record = meeting::VoteRound {
        round,
        closure: closure.clone(),
        stopped: stopped.text.clone(),
        reason: reason.trim().to_string(),
        serials: meeting::list_sheets(conn, campaign_id)?.into_iter().map(|s| s.serial).collect(),
        ballots,
        archived_at: store::now_text(),
        actor: actor.to_string(),
    };
    meeting::archive_round(&tx, campaign_id, &record)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "vote.new_round",
            "campaign",
            campaign_id,
            format!(
                "第 {round} 轮测评（{} 张票，指纹 {}）{}，封存备查；开始第 {} 轮测评。原因：{}",
                record.ballots.len(),
                closure.fingerprint,
                stopped.text.split('：').next().unwrap_or_default(),
                round + 1,
                record.reason
            ),
        ),
    )?;
    tx.commit()?;
    Ok(round + 1)
}

/// A label for a grade, or 未评定.
pub fn grade_label(grade: Option<Grade>) -> &'static str {
    grade.map_or("未评定", Grade::label)
}

/// The results once the vote is closed; `None` while it is open, so that no partial
/// result is ever shown.
pub fn closed_results(store: &Store, campaign_id: &str) -> Result<Option<MeetingResults>> {
    if meeting::get_closure(store.conn(), campaign_id)?.is_none() {
        campaigns::get_campaign(store.conn(), campaign_id)?;
        return Ok(None);
    }
    results(store, campaign_id).map(Some)
}

/// The results table as an Excel workbook, only once the vote is closed (the same rule in
/// the window and the CLI: no partial result leaves the program).
pub fn results_workbook(store: &Store, campaign_id: &str) -> Result<crate::files::Export> {
    let Some(results) = closed_results(store, campaign_id)? else {
        return Err(Error::Conflict { message: RESULTS_NOT_YET.into() });
    };
    require_final(&results)?;
    Ok(crate::files::Export {
        file_name: format!("{}年度述职评议结果.xlsx", results.year),
        bytes: crate::meeting::xlsx::results_xlsx(&results)?,
    })
}

/// What a person is told who asks for results before the vote is closed.
pub const RESULTS_NOT_YET: &str = "测评尚未结束：票数、得分、等次和复核文件都要在“结束测评”封存测评票之后才有，之前只能查看各类评议人收回了多少张票。";

pub use crate::domain::{PersonalResult, ReceivedResult};

/// The published result of one secretary: from the vote closed on this computer, else (on a
/// secretary's computer) the one received from the organizer; `None` before either.
pub fn personal_result(store: &Store, secretary_id: &str) -> Result<Option<PersonalResult>> {
    let conn = store.conn();
    let campaign_id = organizations::campaign_of_secretary(conn, secretary_id)?;
    if let Some(results) = closed_results(store, &campaign_id)? {
        // Nothing is published of a vote that gives no grade yet (a stopped vote, an
        // undecided tie at the quota on 好).
        if results.outcome.not_final().is_some() {
            return Ok(None);
        }
        let closure = results.closure.as_ref().expect("closed results carry their closure");
        let Some(index) = results.people.iter().position(|p| p.secretary_id == secretary_id) else {
            return Ok(None);
        };
        let r = &results.outcome.secretaries[index];
        return Ok(Some(PersonalResult {
            closed_at: closure.closed_at.clone(),
            fingerprint: closure.fingerprint.clone(),
            formula: results.outcome.formula.clone(),
            grade: r.grade,
            grade_text: grade_label(r.grade).to_string(),
            score: r.score,
            rank: r.rank,
            rated: results.outcome.secretaries.len() as u32,
            counts: r.counts,
            percents: r.percents.clone(),
            valid: r.valid,
            veto: r.veto.clone(),
            excellent_allowed: r.excellent_allowed,
            calculation: r.calculation.clone(),
            anonymity: results.outcome.anonymity.as_ref().map(|a| a.note.clone()),
            received_at: None,
        }));
    }
    // A received result counts only on a secretary's computer, never beside a vote held here.
    if !crate::package::received_results_apply(conn, &campaign_id)? {
        return Ok(None);
    }
    meeting::get_received_result(conn, secretary_id)
}
