//! The problems, responsibilities and measures (问题 / 责任 / 整改清单) behind a report.

use shuzhi::lists::items::{self as problem_items, MeasureInput, ProblemInput, ProblemItem};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// A secretary's problems with their measures.
#[tauri::command]
#[specta::specta]
pub fn problem_items(state: State<'_, AppState>, secretary_id: String) -> CommandResult<Vec<ProblemItem>> {
    Ok(problem_items::problem_items(&*state.store()?, &secretary_id)?)
}

/// Rewrites the problems and measures sections from the items, keeping her words as a revision.
#[tauri::command]
#[specta::specta]
pub fn rewrite_sections_from_items(state: State<'_, AppState>, report_id: String, actor: String) -> CommandResult<()> {
    Ok(shuzhi::report::rewrite_sections_from_items(&mut *state.store()?, &report_id, &actor)?)
}

/// Adds a problem the secretary found (自查); returns its id.
#[tauri::command]
#[specta::specta]
pub fn add_problem(
    state: State<'_, AppState>,
    secretary_id: String,
    input: ProblemInput,
    actor: String,
) -> CommandResult<String> {
    Ok(problem_items::add_problem(&mut *state.store()?, &secretary_id, &input, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn update_problem(
    state: State<'_, AppState>,
    problem_id: String,
    input: ProblemInput,
    actor: String,
) -> CommandResult<()> {
    Ok(problem_items::update_problem(&mut *state.store()?, &problem_id, &input, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn delete_problem(state: State<'_, AppState>, problem_id: String, actor: String) -> CommandResult<()> {
    Ok(problem_items::delete_problem(&mut *state.store()?, &problem_id, &actor)?)
}

/// Adds a measure to a problem; returns its id.
#[tauri::command]
#[specta::specta]
pub fn add_measure(
    state: State<'_, AppState>,
    problem_id: String,
    input: MeasureInput,
    actor: String,
) -> CommandResult<String> {
    Ok(problem_items::add_measure(&mut *state.store()?, &problem_id, &input, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn update_measure(
    state: State<'_, AppState>,
    rectification_id: String,
    input: MeasureInput,
    actor: String,
) -> CommandResult<()> {
    Ok(problem_items::update_measure(&mut *state.store()?, &rectification_id, &input, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn delete_measure(state: State<'_, AppState>, rectification_id: String, actor: String) -> CommandResult<()> {
    Ok(problem_items::delete_measure(&mut *state.store()?, &rectification_id, &actor)?)
}

/// The three lists of a campaign, or of one secretary.
#[tauri::command]
#[specta::specta]
pub fn build_lists(
    state: State<'_, AppState>,
    campaign_id: String,
    secretary_id: Option<String>,
) -> CommandResult<shuzhi::lists::Lists> {
    Ok(shuzhi::lists::build_lists(&*state.store()?, &campaign_id, secretary_id.as_deref(), crate::state::today())?)
}

/// The review of the measures, in the report checks' finding format.
#[tauri::command]
#[specta::specta]
pub fn review_measures(
    state: State<'_, AppState>,
    campaign_id: String,
    secretary_id: Option<String>,
) -> CommandResult<Vec<shuzhi::rules::checks::Finding>> {
    Ok(shuzhi::lists::review_measures(&*state.store()?, &campaign_id, secretary_id.as_deref(), crate::state::today())?)
}

/// Changes a measure's state (已完成 goes through sign-off).
#[tauri::command]
#[specta::specta]
pub fn set_rectification_status(
    state: State<'_, AppState>,
    rectification_id: String,
    status: shuzhi::domain::RectificationStatus,
    actor: String,
) -> CommandResult<()> {
    Ok(shuzhi::lists::set_status(&mut *state.store()?, &rectification_id, status, &actor)?)
}

/// 销号 with its date, verifier and the evidence seen.
#[tauri::command]
#[specta::specta]
pub fn sign_off_rectification(
    state: State<'_, AppState>,
    rectification_id: String,
    date: String,
    verifier: String,
    evidence: String,
    actor: String,
) -> CommandResult<()> {
    Ok(shuzhi::lists::sign_off(&mut *state.store()?, &rectification_id, &date, &verifier, &evidence, &actor)?)
}

/// Records a 督查 of a measure.
#[tauri::command]
#[specta::specta]
pub fn add_inspection(
    state: State<'_, AppState>,
    rectification_id: String,
    kind: shuzhi::domain::InspectionKind,
    date: String,
    inspector: String,
    findings: String,
) -> CommandResult<String> {
    Ok(shuzhi::lists::add_inspection(&mut *state.store()?, &rectification_id, kind, &date, &inspector, &findings)?)
}

/// Exports the chosen lists as PDF into 文档/述职评议助手 and returns the file's path.
#[tauri::command]
#[specta::specta]
pub fn export_lists_pdf(
    state: State<'_, AppState>,
    campaign_id: String,
    secretary_id: Option<String>,
    kinds: Vec<shuzhi::lists::ListKind>,
) -> CommandResult<String> {
    let store = state.store()?;
    let today = crate::state::today();
    super::save(shuzhi::lists::pdf::lists_pdf_export(&store, &campaign_id, secretary_id.as_deref(), &kinds, today)?)
}

/// Records progress on a measure with the evidence seen; returns the note's id.
#[tauri::command]
#[specta::specta]
pub fn add_progress(
    state: State<'_, AppState>,
    rectification_id: String,
    date: String,
    note: String,
    evidence: String,
    actor: String,
) -> CommandResult<String> {
    Ok(shuzhi::lists::add_progress(&mut *state.store()?, &rectification_id, &date, &note, &evidence, &actor)?)
}

/// Merges a duplicate problem into another of the same secretary.
#[tauri::command]
#[specta::specta]
pub fn merge_problems(
    state: State<'_, AppState>,
    keep_id: String,
    duplicate_id: String,
    actor: String,
) -> CommandResult<()> {
    Ok(shuzhi::lists::merge_problems(&mut *state.store()?, &keep_id, &duplicate_id, &actor)?)
}

/// Moves a problem one place up or down in its secretary's list.
#[tauri::command]
#[specta::specta]
pub fn move_problem(state: State<'_, AppState>, problem_id: String, up: bool, actor: String) -> CommandResult<()> {
    Ok(shuzhi::lists::move_problem(&mut *state.store()?, &problem_id, up, &actor)?)
}

/// The reviewer signs the lists (of one secretary, or of the campaign).
#[tauri::command]
#[specta::specta]
pub fn sign_off_lists(
    state: State<'_, AppState>,
    campaign_id: String,
    secretary_id: Option<String>,
    reviewer: String,
    note: String,
    actor: String,
) -> CommandResult<shuzhi::domain::ListSignOff> {
    let mut store = state.store()?;
    Ok(shuzhi::lists::sign_off_lists(
        &mut store,
        &campaign_id,
        secretary_id.as_deref(),
        &reviewer,
        &note,
        &actor,
        crate::state::today(),
    )?)
}

/// Writes the three lists (with their tracking columns) as an Excel workbook; returns the path.
#[tauri::command]
#[specta::specta]
pub fn export_lists_xlsx(
    state: State<'_, AppState>,
    campaign_id: String,
    secretary_id: Option<String>,
) -> CommandResult<String> {
    let store = state.store()?;
    let today = crate::state::today();
    super::save(shuzhi::lists::xlsx::lists_xlsx_export(&store, &campaign_id, secretary_id.as_deref(), today)?)
}
