//! The problems, responsibilities and measures (问题 / 责任 / 整改清单) behind a report.

use shuzhi::problem_items::{self, MeasureInput, ProblemInput, ProblemItem};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// A secretary's problems with their measures.
#[tauri::command]
#[specta::specta]
pub fn problem_items(state: State<'_, AppState>, secretary_id: String) -> CommandResult<Vec<ProblemItem>> {
    Ok(problem_items::problem_items(&*state.store()?, &secretary_id)?)
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
