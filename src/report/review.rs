//! Submitting a report and the level-by-level review; what a package may propose for a
//! report's state (`state_after_package`): the review is this computer's, never the package's.

use super::*;

/// The state a report takes on the organizer's computer when the secretary's package
/// arrives. The package only proposes: a secretary can submit (a draft to the first level, a
/// returned report back to the level that returned it) and nothing else; review levels,
/// approval and return come from the organizer's own reviews here. So the package's status
/// counts only as "she submitted", and a report already under review or approved here keeps
/// its state, whatever the package (an edited one, or an old one replayed) says.
pub fn state_after_package(here: Option<&Report>, proposed: &Report) -> (ReportStatus, u32) {
    let submitted = proposed.status != ReportStatus::Draft;
    match here {
        None | Some(Report { status: ReportStatus::Draft, .. }) => {
            if submitted {
                (ReportStatus::Submitted, 0)
            } else {
                (ReportStatus::Draft, 0)
            }
        }
        Some(Report { status: ReportStatus::Returned, review_level, .. }) => {
            if submitted {
                (ReportStatus::Submitted, *review_level)
            } else {
                (ReportStatus::Returned, *review_level)
            }
        }
        Some(report) => (report.status, report.review_level),
    }
}

/// Submits a draft (to the first level) or a returned report (back to the level that returned it).
pub fn submit_report(store: &mut Store, report_id: &str, actor: &str) -> Result<()> {
    // Read inside the write: a second submit (a double click, another program) finds it submitted.
    let tx = store.begin_write()?;
    let context = load_context(store, report_id)?;
    ensure_editable(&context)?;
    if context.report.sections.iter().all(|s| checks::char_count(&s.body) == 0) {
        return Err(Error::Conflict {
            message: "报告还是空的，不能提交。请先按各述职重点写好内容。".into()
        });
    }
    let level = if context.report.status == ReportStatus::Draft { 0 } else { context.report.review_level };
    let level_name = context.campaign.review_levels.get(level as usize).cloned().unwrap_or_default();
    let revision = insert_next_revision(&tx, &context.report, actor, "提交审核")?;
    reports::set_status(&tx, report_id, ReportStatus::Submitted, level, &store::now_text())?;
    audit::record(
        &tx,
        Some(&context.campaign.id),
        &audit_entry(
            actor,
            "report.submit",
            report_id,
            format!("提交述职报告（第 {} 版），待{level_name}", revision.number),
        ),
    )?;
    tx.commit()?;
    Ok(())
}

/// Records a reviewer's decision at the level the report waits at.
/// `actor` is who did it on this computer, which the log records; the reviewer named in
/// `input` is who decided, which the record of the review keeps.
pub fn review_report(store: &mut Store, report_id: &str, input: &ReviewInput, actor: &str) -> Result<ReportStatus> {
    // The state, level and role are read inside the write: two decisions cannot both pass.
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "审核述职报告")?;
    let context = load_context(store, report_id)?;
    if context.report.status != ReportStatus::Submitted {
        return Err(Error::Conflict {
            message: format!("报告当前状态为“{}”，只有已提交的报告才能审核。", context.report.status.label()),
        });
    }
    let reviewer = input.reviewer.trim();
    let mut fields = vec![("审核人", reviewer, crate::limits::PERSON_NAME_CHARS)];
    fields.extend(input.comments.iter().map(|c| ("审核意见", c.text.as_str(), crate::limits::TEXT_CHARS)));
    crate::limits::check_texts(&fields)?;
    if reviewer.is_empty() {
        return Err(Error::Conflict { message: "请填写审核人姓名后再提交审核结论。".into() });
    }
    if let Some(problem) = crate::text::name_character_problem(reviewer) {
        return Err(Error::invalid(format!("审核人{problem}。")));
    }
    let comments: Vec<ApprovalComment> = input
        .comments
        .iter()
        .filter(|c| !c.text.trim().is_empty())
        .map(|c| ApprovalComment { focus_point_id: c.focus_point_id.clone(), text: c.text.trim().to_string() })
        .collect();
    if input.decision == ApprovalDecision::Returned && comments.is_empty() {
        return Err(Error::Conflict {
            message: "退回修改时请至少写一条审核意见，说明需要怎样修改。".into()
        });
    }
    for comment in &comments {
        if let Some(point) = &comment.focus_point_id
            && !context.campaign.focus_points.iter().any(|p| &p.id == point)
        {
            return Err(Error::NotFound {
                what: "述职重点", id: point.clone(), fix: "请重新打开报告后再写意见。"
            });
        }
    }
    let level = context.report.review_level;
    let levels = context.campaign.review_levels.len() as u32;
    let level_name = context.campaign.review_levels.get(level as usize).cloned().unwrap_or_default();
    if let Some(seen) = input.level
        && seen != level
    {
        let seen_name = context.campaign.review_levels.get(seen as usize).cloned().unwrap_or_default();
        return Err(Error::Conflict {
            message: format!(
                "这份报告的“{seen_name}”已经办理，现在待“{level_name}”。这次的决定没有记录；请看一眼报告的当前状态再决定。"
            ),
        });
    }
    let (status, next_level, what) = match input.decision {
        ApprovalDecision::Returned => (ReportStatus::Returned, level, format!("{level_name}：退回修改")),
        ApprovalDecision::Passed if level + 1 < levels => {
            let next = context.campaign.review_levels[(level + 1) as usize].clone();
            (ReportStatus::Submitted, level + 1, format!("{level_name}：通过，转{next}"))
        }
        ApprovalDecision::Passed => (ReportStatus::Approved, level, format!("{level_name}：通过，审核完成")),
    };
    let approval = Approval {
        id: new_id(),
        report_id: report_id.to_string(),
        level,
        reviewer: reviewer.to_string(),
        decision: input.decision,
        created_at: store::now_text(),
        comments,
    };
    let position = store::next_position(&tx, store::Positioned::Approvals)?;
    reports::insert_approval(&tx, position, &approval)?;
    reports::set_status(&tx, report_id, status, next_level, &approval.created_at)?;
    let detail = format!("{what}，{} 条意见", approval.comments.len());
    let action = if input.decision == ApprovalDecision::Passed { "report.pass" } else { "report.return" };
    audit::record(&tx, Some(&context.campaign.id), &audit_entry(actor, action, report_id, detail))?;
    tx.commit()?;
    Ok(status)
}
