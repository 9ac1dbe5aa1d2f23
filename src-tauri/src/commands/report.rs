//! A secretary's report: the editor, autosave, checks, revisions and the review.

use shuzhi::dashboard::{self, SecretaryPage};
use shuzhi::domain::{ReportStatus, Section};
use shuzhi::report::{self as reporting, ReportEditor, ReviewInput, RevisionComparison};
use shuzhi::rules::checks::CheckReport;
use tauri::State;

use crate::error::CommandResult;
use crate::state::{AppState, today};

/// The page of one secretary: report sections, review history, problems and measures.
#[tauri::command]
#[specta::specta]
pub fn secretary_page(state: State<'_, AppState>, secretary_id: String) -> CommandResult<SecretaryPage> {
    Ok(dashboard::secretary_page(&*state.store()?, &secretary_id, today())?)
}

/// Starts the secretary's report (or finds the one already started) and returns its id.
#[tauri::command]
#[specta::specta]
pub fn start_report(state: State<'_, AppState>, secretary_id: String, actor: String) -> CommandResult<String> {
    Ok(reporting::start_report(&mut *state.store()?, &secretary_id, &actor)?)
}

/// Everything the editor shows for one report.
#[tauri::command]
#[specta::specta]
pub fn report_editor(state: State<'_, AppState>, report_id: String) -> CommandResult<ReportEditor> {
    Ok(reporting::report_editor(&*state.store()?, &report_id)?)
}

/// Autosave of one section; returns when it was saved.
#[tauri::command]
#[specta::specta]
pub fn save_section(
    state: State<'_, AppState>,
    report_id: String,
    focus_point_id: String,
    body: String,
) -> CommandResult<String> {
    Ok(reporting::save_section(&mut *state.store()?, &report_id, &focus_point_id, &body)?)
}

/// Checks the texts on screen, as the secretary types.
#[tauri::command]
#[specta::specta]
pub fn check_draft(
    state: State<'_, AppState>,
    report_id: String,
    sections: Vec<Section>,
) -> CommandResult<CheckReport> {
    Ok(reporting::check_draft(&*state.store()?, &report_id, &sections)?)
}

/// Saves the report as it stands as a new revision; returns its number.
#[tauri::command]
#[specta::specta]
pub fn save_revision(
    state: State<'_, AppState>,
    report_id: String,
    author: String,
    note: String,
) -> CommandResult<u32> {
    Ok(reporting::save_revision(&mut *state.store()?, &report_id, &author, &note)?.number)
}

/// Submits the report to the level it goes to next.
#[tauri::command]
#[specta::specta]
pub fn submit_report(state: State<'_, AppState>, report_id: String, actor: String) -> CommandResult<()> {
    Ok(reporting::submit_report(&mut *state.store()?, &report_id, &actor)?)
}

/// Records a reviewer's decision at the level the report waits at.
#[tauri::command]
#[specta::specta]
pub fn review_report(state: State<'_, AppState>, report_id: String, input: ReviewInput) -> CommandResult<ReportStatus> {
    Ok(reporting::review_report(&mut *state.store()?, &report_id, &input)?)
}

/// The differences between two revisions of one report.
#[tauri::command]
#[specta::specta]
pub fn compare_revisions(
    state: State<'_, AppState>,
    older_revision_id: String,
    newer_revision_id: String,
) -> CommandResult<RevisionComparison> {
    Ok(reporting::compare_revisions(&*state.store()?, &older_revision_id, &newer_revision_id)?)
}

/// Writes the report as a Word document (公文 style) to the export folder; returns the path.
#[tauri::command]
#[specta::specta]
pub fn export_report_docx(state: State<'_, AppState>, report_id: String) -> CommandResult<String> {
    super::save(shuzhi::report::docx::report_docx_export(&*state.store()?, &report_id)?)
}

/// Exports the report as PDF into 文档/述职评议助手 and returns the file's path.
#[tauri::command]
#[specta::specta]
pub fn export_report_pdf(state: State<'_, AppState>, report_id: String) -> CommandResult<String> {
    super::save(shuzhi::report::pdf::report_pdf_export(&*state.store()?, &report_id)?)
}

/// Writes the report's exchange package (.szpkg) to the export folder; returns the path.
#[tauri::command]
#[specta::specta]
pub fn export_report_package(state: State<'_, AppState>, report_id: String) -> CommandResult<String> {
    super::save(shuzhi::package::report_package_export(&*state.store()?, &report_id)?)
}

/// Writes the organizer's return package for one secretary to the export folder; returns the path.
#[tauri::command]
#[specta::specta]
pub fn export_return_package(state: State<'_, AppState>, secretary_id: String) -> CommandResult<String> {
    super::save(shuzhi::package::return_package_export(&*state.store()?, &secretary_id)?)
}

/// Compares a package the person chose with this database, section by section, writing nothing.
#[tauri::command]
#[specta::specta]
pub fn compare_package(
    state: State<'_, AppState>,
    file_name: String,
    content_base64: String,
) -> CommandResult<shuzhi::package::PackageComparison> {
    let bytes = super::file_bytes(shuzhi::files::PACKAGE, &file_name, &content_base64)?;
    Ok(shuzhi::package::compare_package(&*state.store()?, &file_name, &bytes)?)
}

/// Imports a package the person chose, a secretary's report or the organizer's return;
/// `replace` after they saw the difference. Returns what was imported, in words.
#[tauri::command]
#[specta::specta]
pub fn import_package(
    state: State<'_, AppState>,
    file_name: String,
    content_base64: String,
    replace: bool,
    actor: String,
) -> CommandResult<String> {
    let bytes = super::file_bytes(shuzhi::files::PACKAGE, &file_name, &content_base64)?;
    let imported = shuzhi::package::import_any_package(&mut *state.store()?, &file_name, &bytes, replace, &actor)?;
    Ok(imported.summary())
}
