//! 佐证材料: attach, list, show and delete.

use shuzhi::report::evidence::{self, EvidenceContent, EvidenceTarget, EvidenceView};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// Attaches a file the person chose in the window; its bytes arrive base64-encoded.
#[tauri::command]
#[specta::specta]
pub fn attach_evidence(
    state: State<'_, AppState>,
    report_id: String,
    target: EvidenceTarget,
    file_name: String,
    content_base64: String,
    description: String,
    actor: String,
) -> CommandResult<EvidenceView> {
    let bytes = super::file_bytes(shuzhi::files::EVIDENCE, &file_name, &content_base64)?;
    let mut store = state.store()?;
    let attached =
        evidence::attach_evidence(&mut store, &report_id, &target, &file_name, &bytes, &description, &actor)?;
    let listed = evidence::list_evidence(&store, &report_id)?;
    Ok(listed.into_iter().find(|e| e.evidence_id == attached.id).expect("the evidence was just attached"))
}

/// The evidence of a report.
#[tauri::command]
#[specta::specta]
pub fn list_evidence(state: State<'_, AppState>, report_id: String) -> CommandResult<Vec<EvidenceView>> {
    Ok(evidence::list_evidence(&*state.store()?, &report_id)?)
}

/// The bytes of a piece of evidence, for its preview.
#[tauri::command]
#[specta::specta]
pub fn evidence_content(state: State<'_, AppState>, evidence_id: String) -> CommandResult<EvidenceContent> {
    Ok(evidence::evidence_content(&*state.store()?, &evidence_id)?)
}

/// Deletes a piece of evidence (the window asks first).
#[tauri::command]
#[specta::specta]
pub fn delete_evidence(state: State<'_, AppState>, evidence_id: String, actor: String) -> CommandResult<()> {
    Ok(evidence::delete_evidence(&mut *state.store()?, &evidence_id, &actor)?)
}
