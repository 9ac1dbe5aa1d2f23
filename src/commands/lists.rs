//! The problems, responsibilities and measures (问题 / 责任 / 整改清单) behind a report.

use crate::lists::items::{self as problem_items, MeasureInput, ProblemInput, ProblemItem};

use super::{CommandResult, Session};

pub fn problem_items(session: &Session, secretary_id: String) -> CommandResult<Vec<ProblemItem>> {
    Ok(problem_items::problem_items(&*session.store()?, &secretary_id)?)
}

pub fn rewrite_sections_from_items(session: &Session, report_id: String) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(crate::report::rewrite_sections_from_items(&mut *session.store()?, &report_id, &actor)?)
}

pub fn add_problem(session: &Session, secretary_id: String, input: ProblemInput) -> CommandResult<String> {
    let actor = session.actor()?;
    Ok(problem_items::add_problem(&mut *session.store()?, &secretary_id, &input, &actor)?)
}

pub fn add_problems_from_text(session: &Session, secretary_id: String, text: String) -> CommandResult<Vec<String>> {
    let actor = session.actor()?;
    Ok(problem_items::add_problems_from_text(&mut *session.store()?, &secretary_id, &text, &actor)?)
}

pub fn update_problem(session: &Session, problem_id: String, input: ProblemInput) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(problem_items::update_problem(&mut *session.store()?, &problem_id, &input, &actor)?)
}

pub fn delete_problem(session: &Session, problem_id: String) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(problem_items::delete_problem(&mut *session.store()?, &problem_id, &actor)?)
}

pub fn add_measure(session: &Session, problem_id: String, input: MeasureInput) -> CommandResult<String> {
    let actor = session.actor()?;
    Ok(problem_items::add_measure(&mut *session.store()?, &problem_id, &input, &actor)?)
}

pub fn update_measure(session: &Session, rectification_id: String, input: MeasureInput) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(problem_items::update_measure(&mut *session.store()?, &rectification_id, &input, &actor)?)
}

pub fn delete_measure(session: &Session, rectification_id: String) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(problem_items::delete_measure(&mut *session.store()?, &rectification_id, &actor)?)
}

pub fn build_lists(
    session: &Session,
    campaign_id: String,
    secretary_id: Option<String>,
) -> CommandResult<crate::lists::Lists> {
    Ok(crate::lists::build_lists(&*session.store()?, &campaign_id, secretary_id.as_deref(), super::today())?)
}

pub fn review_measures(
    session: &Session,
    campaign_id: String,
    secretary_id: Option<String>,
) -> CommandResult<Vec<crate::rules::checks::Finding>> {
    Ok(crate::lists::review_measures(&*session.store()?, &campaign_id, secretary_id.as_deref(), super::today())?)
}

pub fn set_rectification_status(
    session: &Session,
    rectification_id: String,
    status: crate::domain::RectificationStatus,
) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(crate::lists::set_status(&mut *session.store()?, &rectification_id, status, &actor)?)
}

pub fn undo_status_change(session: &Session, rectification_id: String) -> CommandResult<String> {
    let actor = session.actor()?;
    Ok(crate::lists::undo_status_change(&mut *session.store()?, &rectification_id, &actor)?)
}

pub fn sign_off_rectification(
    session: &Session,
    rectification_id: String,
    date: String,
    verifier: String,
    evidence: String,
) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(crate::lists::sign_off(&mut *session.store()?, &rectification_id, &date, &verifier, &evidence, &actor)?)
}

pub fn add_inspection(
    session: &Session,
    rectification_id: String,
    kind: crate::domain::InspectionKind,
    date: String,
    inspector: String,
    findings: String,
) -> CommandResult<String> {
    let actor = session.actor()?;
    Ok(crate::lists::add_inspection(
        &mut *session.store()?,
        &rectification_id,
        kind,
        &date,
        &inspector,
        &findings,
        &actor,
    )?)
}

pub fn export_lists_pdf(
    session: &Session,
    campaign_id: String,
    secretary_id: Option<String>,
    kinds: Vec<crate::lists::ListKind>,
) -> CommandResult<Option<String>> {
    let today = super::today();
    // The store is not held while the save dialog is open: the page goes on reading it.
    let export =
        crate::lists::pdf::lists_pdf_export(&*session.store()?, &campaign_id, secretary_id.as_deref(), &kinds, today)?;
    session.deliver(export)
}

pub fn add_progress(
    session: &Session,
    rectification_id: String,
    date: String,
    note: String,
    evidence: String,
) -> CommandResult<String> {
    let actor = session.actor()?;
    Ok(crate::lists::add_progress(&mut *session.store()?, &rectification_id, &date, &note, &evidence, &actor)?)
}

pub fn merge_problems(session: &Session, keep_id: String, duplicate_id: String) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(crate::lists::merge_problems(&mut *session.store()?, &keep_id, &duplicate_id, &actor)?)
}

pub fn move_problem(session: &Session, problem_id: String, up: bool) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(crate::lists::move_problem(&mut *session.store()?, &problem_id, up, &actor)?)
}

pub fn sign_off_lists(
    session: &Session,
    campaign_id: String,
    secretary_id: Option<String>,
    reviewer: String,
    note: String,
) -> CommandResult<crate::domain::ListSignOff> {
    let actor = session.actor()?;
    let mut store = session.store()?;
    Ok(crate::lists::sign_off_lists(
        &mut store,
        &campaign_id,
        secretary_id.as_deref(),
        &reviewer,
        &note,
        &actor,
        super::today(),
    )?)
}

pub fn export_lists_xlsx(
    session: &Session,
    campaign_id: String,
    secretary_id: Option<String>,
) -> CommandResult<Option<String>> {
    let today = super::today();
    let export =
        crate::lists::xlsx::lists_xlsx_export(&*session.store()?, &campaign_id, secretary_id.as_deref(), today)?;
    session.deliver(export)
}

#[allow(clippy::too_many_arguments)]
pub fn sign_off_with_file(
    session: &Session,
    rectification_id: String,
    date: String,
    verifier: String,
    evidence: String,
    file_name: String,
    content_base64: String,
) -> CommandResult<()> {
    let actor = session.actor()?;
    let bytes = super::file_bytes(crate::files::EVIDENCE, &file_name, &content_base64)?;
    Ok(crate::lists::sign_off_with_file(
        &mut *session.store()?,
        &rectification_id,
        &date,
        &verifier,
        &evidence,
        &file_name,
        &bytes,
        &actor,
    )?)
}
