//! 佐证材料: attach, list, show and delete.

use crate::report::evidence::{self, EvidenceContent, EvidenceTarget, EvidenceView};

use super::{CommandResult, Session};

pub fn attach_evidence(
    session: &Session,
    report_id: String,
    target: EvidenceTarget,
    file_name: String,
    content_base64: String,
    description: String,
) -> CommandResult<EvidenceView> {
    let actor = session.actor()?;
    let bytes = super::file_bytes(crate::files::EVIDENCE, &file_name, &content_base64)?;
    let mut store = session.store()?;
    let attached =
        evidence::attach_evidence(&mut store, &report_id, &target, &file_name, &bytes, &description, &actor)?;
    let listed = evidence::list_evidence(&store, &report_id)?;
    Ok(listed.into_iter().find(|e| e.evidence_id == attached.id).expect("the evidence was just attached"))
}

pub fn list_evidence(session: &Session, report_id: String) -> CommandResult<Vec<EvidenceView>> {
    Ok(evidence::list_evidence(&*session.store()?, &report_id)?)
}

pub fn evidence_content(session: &Session, evidence_id: String) -> CommandResult<EvidenceContent> {
    Ok(evidence::evidence_content(&*session.store()?, &evidence_id)?)
}

pub fn delete_evidence(session: &Session, evidence_id: String) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(evidence::delete_evidence(&mut *session.store()?, &evidence_id, &actor)?)
}
