//! Paper ballots: the numbered sheets, entering a ballot (and its second entry under double
//! entry), correcting, deleting and settling differences. Every write checks "closed?" inside
//! its own write transaction.

use super::*;

/// Checks a typed ballot against the agenda, the sheets and the categories.
fn build_ballot(store: &Store, campaign_id: &str, input: &BallotInput, id: Id) -> Result<(Ballot, Vec<String>)> {
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let serial = input.serial.trim().to_string();
    if serial.is_empty() {
        return Err(Error::invalid("请先填写票号（测评表右上角的编号）。"));
    }
    if serial.chars().count() > 40 {
        return Err(Error::invalid("票号过长，请核对测评表右上角的编号。"));
    }
    let (agenda, _) = agenda(store, campaign_id)?;
    if input.marks.len() != agenda.len() {
        return Err(Error::invalid(format!(
            "这张票有 {} 个评价，议程上有 {} 位书记。请刷新录入页后重新录入这张票。",
            input.marks.len(),
            agenda.len()
        )));
    }
    let dims = campaign.dimensions.len();
    if !(input.dimension_marks.is_empty() && dims == 0)
        && (input.dimension_marks.len() != agenda.len() || input.dimension_marks.iter().any(|d| d.len() != dims))
    {
        return Err(Error::invalid(format!("每位书记应有 {dims} 项分项评价。请刷新录入页后重新录入这张票。")));
    }
    let categories = meeting::list_rater_categories(conn, campaign_id)?;
    let sheets = meeting::list_sheets(conn, campaign_id)?;
    let mut warnings = Vec::new();
    let sheet = sheets.iter().find(|s| s.serial == serial);
    if let Some(chosen) = &input.category_id
        && !categories.iter().any(|c| &c.id == chosen)
    {
        return Err(Error::invalid("所选的评议人类别不属于本年度述职评议。请刷新后重试。"));
    }
    let category_id = match (sheet, &input.category_id) {
        (Some(sheet), Some(chosen)) if &sheet.category_id != chosen => {
            let name = |id: &str| categories.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_default();
            return Err(Error::invalid(format!(
                "票号 {serial} 印在“{}”的测评表上，与所选的“{}”不符。请核对票号或类别。",
                name(&sheet.category_id),
                name(chosen)
            )));
        }
        (Some(sheet), _) => sheet.category_id.clone(),
        (None, Some(chosen)) => {
            let rounds = meeting::list_rounds(conn, campaign_id)?;
            if let Some(round) = rounds.iter().find(|r| r.serials.contains(&serial)) {
                warnings.push(format!(
                    "票号 {serial} 是第 {} 轮（已封存、须重新测评）的测评表，这张票将计为无效票。请用本轮新印的测评表。",
                    round.round
                ));
            } else if !sheets.is_empty() || !rounds.is_empty() {
                warnings.push(format!("票号 {serial} 不在已印制的测评表中，这张票将计为无效票。"));
            }
            chosen.clone()
        }
        (None, None) => {
            return Err(Error::invalid(format!(
                "票号 {serial} 不在已印制的测评表中，无法确定评议人类别。请核对票号；若确是这一编号，请选择评议人类别。"
            )));
        }
    };
    let Some(category) = categories.iter().find(|c| c.id == category_id) else {
        return Err(Error::invalid("所选的评议人类别不属于本年度述职评议。请刷新后重试。"));
    };
    if category.ballot_channel == BallotChannel::Phone {
        // Its raters hold phone codes; a paper ballot of theirs would be a second vote.
        return Err(Error::invalid(format!(
            "“{}”用手机扫码测评，没有纸质测评表，票号 {serial} 不能录入。请核对票号和类别。",
            category.name
        )));
    }
    let suggestions = input.suggestions.trim().to_string();
    if suggestions.chars().count() > 2000 {
        return Err(Error::invalid("意见建议超过 2000 字，请精简后录入。"));
    }
    let entries = agenda
        .iter()
        .enumerate()
        .map(|(i, person)| {
            let mark = input.marks[i];
            BallotEntry {
                secretary_id: person.secretary_id.clone(),
                grade: match mark {
                    Mark::Grade(g) => Some(g),
                    _ => None,
                },
                multiple_marks: mark == Mark::Multiple,
                dimension_marks: input.dimension_marks.get(i).cloned().unwrap_or_default(),
            }
        })
        .collect();
    Ok((Ballot { id, serial, category_id, entries, suggestions, channel: BallotChannel::Paper }, warnings))
}

/// Enters a paper ballot (first entry).
pub fn enter_ballot(store: &mut Store, campaign_id: &str, input: &BallotInput, actor: &str) -> Result<EnteredBallot> {
    // The write lock first: the checks below and the write cannot be overtaken.
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "录入测评票")?;
    require_open(store, campaign_id)?;
    let (ballot, mut warnings) = build_ballot(store, campaign_id, input, new_id())?;
    if meeting::serial_entered(store.conn(), campaign_id, &ballot.serial)? {
        if !input.duplicate {
            return Err(Error::Conflict {
                message: format!(
                    "票号 {} 已经录入过。若要修改已录入的票，请在“已录入”列表中打开它；若手上确实是另一张同号的纸质票，请选择“作为重复票录入”，同号的各张票都将计为无效。",
                    ballot.serial
                ),
            });
        }
        warnings.push(format!("票号 {} 重复，同号的各张票都将计为无效票。", ballot.serial));
    }
    let position = crate::store::next_position(store.conn(), crate::store::Positioned::Ballots)?;
    meeting::insert_ballot(&tx, campaign_id, position, &ballot)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(actor, "ballot.enter", "ballot", &ballot.id, format!("录入测评票 {}", ballot.serial)),
    )?;
    tx.commit()?;
    Ok(EnteredBallot { ballot_id: ballot.id, warnings })
}

/// Corrects a ballot already entered.
pub fn update_ballot(
    store: &mut Store,
    campaign_id: &str,
    ballot_id: &str,
    input: &BallotInput,
    actor: &str,
) -> Result<EnteredBallot> {
    // The write lock first: the checks below and the write cannot be overtaken.
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "修改测评票")?;
    require_open(store, campaign_id)?;
    let existing = meeting::list_ballots(store.conn(), campaign_id)?;
    let Some(old) = existing.iter().find(|b| b.id == ballot_id) else {
        return Err(Error::NotFound {
            what: "测评票", id: ballot_id.to_string(), fix: "请刷新录入页后重试。"
        });
    };
    if old.channel == BallotChannel::Phone {
        return Err(Error::Conflict { message: "手机提交的测评票不能修改。".into() });
    }
    let (ballot, mut warnings) = build_ballot(store, campaign_id, input, ballot_id.to_string())?;
    if existing.iter().any(|b| b.serial == ballot.serial && b.id != ballot_id) {
        warnings.push(format!("票号 {} 重复，同号的各张票都将计为无效票。", ballot.serial));
    }
    meeting::replace_ballot(&tx, &ballot)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(actor, "ballot.update", "ballot", ballot_id, format!("更正测评票 {}", ballot.serial)),
    )?;
    tx.commit()?;
    Ok(EnteredBallot { ballot_id: ballot_id.to_string(), warnings })
}

/// Deletes a ballot entered by mistake (and its second entry).
pub fn delete_ballot(store: &mut Store, campaign_id: &str, ballot_id: &str, actor: &str) -> Result<()> {
    // The write lock first: the checks below and the write cannot be overtaken.
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "删除测评票")?;
    require_open(store, campaign_id)?;
    let existing = meeting::list_ballots(store.conn(), campaign_id)?;
    let Some(old) = existing.iter().find(|b| b.id == ballot_id) else {
        return Err(Error::NotFound {
            what: "测评票", id: ballot_id.to_string(), fix: "请刷新录入页后重试。"
        });
    };
    let serial = old.serial.clone();
    let still_used = existing.iter().filter(|b| b.serial == serial).count() > 1;
    meeting::delete_ballot(&tx, ballot_id)?;
    if !still_used {
        meeting::delete_ballot_check(&tx, campaign_id, &serial)?;
    }
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(actor, "ballot.delete", "ballot", ballot_id, format!("删除测评票 {serial}")),
    )?;
    tx.commit()?;
    Ok(())
}

/// Enters the second, independent typing of a paper ballot (double entry).
pub fn enter_check(
    store: &mut Store,
    campaign_id: &str,
    input: &BallotInput,
    actor: &str,
) -> Result<Vec<EntryDifference>> {
    // The write lock first: the checks below and the write cannot be overtaken.
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "复核录入测评票")?;
    require_open(store, campaign_id)?;
    let campaign = campaigns::get_campaign(store.conn(), campaign_id)?;
    if !campaign.double_entry {
        return Err(Error::Conflict { message: "本次测评没有启用双人录入。".into() });
    }
    let (check, _) = build_ballot(store, campaign_id, input, new_id())?;
    let ballots = meeting::list_ballots(store.conn(), campaign_id)?;
    let Some(first) = ballots.iter().find(|b| b.serial == check.serial) else {
        return Err(Error::invalid(format!(
            "票号 {} 还没有第一遍录入。请先在“第一遍录入”中录入这张票，或核对票号。",
            check.serial
        )));
    };
    let position = crate::store::next_position(store.conn(), crate::store::Positioned::BallotChecks)?;
    meeting::delete_ballot_check(&tx, campaign_id, &check.serial)?;
    meeting::insert_ballot_check(&tx, campaign_id, position, &check)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(actor, "ballot.check", "ballot", &first.id, format!("第二遍录入测评票 {}", check.serial)),
    )?;
    tx.commit()?;
    let (agenda, _) = agenda(store, campaign_id)?;
    let categories = meeting::list_rater_categories(store.conn(), campaign_id)?;
    let (_, differences) = compare_entries(std::slice::from_ref(first), &[check], &agenda, &categories);
    Ok(differences)
}

/// Settles the differences of one serial: the kept entry is copied over the other.
pub fn settle_check(store: &mut Store, campaign_id: &str, serial: &str, keep: KeepEntry, actor: &str) -> Result<()> {
    // The write lock first: the checks below and the write cannot be overtaken.
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "处理录入差异")?;
    require_open(store, campaign_id)?;
    let conn = store.conn();
    let ballots = meeting::list_ballots(conn, campaign_id)?;
    let checks = meeting::list_ballot_checks(conn, campaign_id)?;
    let (Some(first), Some(second)) =
        (ballots.iter().find(|b| b.serial == serial), checks.iter().find(|c| c.serial == serial))
    else {
        return Err(Error::invalid(format!("票号 {serial} 没有两遍录入，无需核对。")));
    };
    match keep {
        KeepEntry::First => {
            let copy = Ballot { id: second.id.clone(), ..first.clone() };
            meeting::delete_ballot_check(&tx, campaign_id, serial)?;
            meeting::insert_ballot_check(&tx, campaign_id, 0, &copy)?;
        }
        KeepEntry::Second => {
            let copy = Ballot { id: first.id.clone(), channel: first.channel, ..second.clone() };
            meeting::replace_ballot(&tx, &copy)?;
        }
    }
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "ballot.settle",
            "ballot",
            &first.id,
            format!(
                "票号 {serial} 两遍录入不一致，以{}为准",
                if keep == KeepEntry::First { "第一遍" } else { "第二遍" }
            ),
        ),
    )?;
    tx.commit()?;
    Ok(())
}

/// Makes sure every rater category that votes on paper has as many printed sheets as its
/// planned size, and returns those categories' sheets. Serials are `类别序号-三位流水号`, e.g. 2-015.
pub fn ensure_sheets(store: &mut Store, campaign_id: &str, actor: &str) -> Result<Vec<BallotSheet>> {
    // The write lock first: the sheets counted and the sheets written are of one moment.
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "打印测评票")?;
    super::refuse_paper_year(store, campaign_id)?;
    // Which serials were printed decides which ballots count: fixed once the vote is sealed.
    if meeting::get_closure(store.conn(), campaign_id)?.is_some() {
        return Err(Error::Conflict {
            message: "测评已经结束，不能再印制测评表。如需补充测评，请先重新开启测评并写明原因。".into(),
        });
    }
    let conn = store.conn();
    let categories = meeting::list_rater_categories(conn, campaign_id)?;
    let mut sheets = meeting::list_sheets(conn, campaign_id)?;
    let mut new = Vec::new();
    // The serials of an earlier round (须重新测评) are never printed again.
    let taken: BTreeSet<String> = sheets
        .iter()
        .map(|s| s.serial.clone())
        .chain(meeting::list_rounds(conn, campaign_id)?.into_iter().flat_map(|r| r.serials))
        .collect();
    for (c, category) in categories.iter().enumerate() {
        if category.ballot_channel != BallotChannel::Paper {
            continue; // its raters vote by phone and get a code instead
        }
        let have = sheets.iter().filter(|s| s.category_id == category.id).count() as u32;
        let mut number = 1;
        for _ in have..category.planned_size {
            let serial = loop {
                let candidate = format!("{}-{number:03}", c + 1);
                number += 1;
                if !taken.contains(&candidate) && !new.iter().any(|s: &BallotSheet| s.serial == candidate) {
                    break candidate;
                }
            };
            new.push(BallotSheet { serial, category_id: category.id.clone() });
        }
    }
    let on_paper: Vec<&RaterCategory> =
        categories.iter().filter(|c| c.ballot_channel == BallotChannel::Paper).collect();
    if on_paper.is_empty() {
        return Err(Error::invalid(
            "各类评议人都用手机扫码测评，不需要打印测评表。若有一类要用纸质测评表，请在“评议人与计分规则”中把它的测评方式改为“纸质测评表”。",
        ));
    }
    if on_paper.iter().all(|c| c.planned_size == 0) {
        return Err(Error::invalid(
            "用纸质测评表的各类评议人人数都是 0。请先在“评议人”中填写每类的人数，再打印测评表。",
        ));
    }
    if !new.is_empty() {
        let start = crate::store::next_position(conn, crate::store::Positioned::BallotSheets)?;
        for (i, sheet) in new.iter().enumerate() {
            meeting::insert_sheet(&tx, campaign_id, start + i, sheet)?;
        }
        audit::record(
            &tx,
            Some(campaign_id),
            &audit::entry(actor, "sheets.print", "campaign", campaign_id, format!("新印制测评表 {} 张", new.len())),
        )?;
        sheets.extend(new);
    }
    tx.commit()?;
    // The sheets to print: those of the categories that vote on paper.
    Ok(sheets.into_iter().filter(|s| on_paper.iter().any(|c| c.id == s.category_id)).collect())
}
