//! A secretary's report: the editor, autosave, checks, revisions and the review.

use crate::dashboard::{self, SecretaryPage};
use crate::domain::{ReportStatus, Section};
use crate::report::{self as reporting, ReportEditor, ReviewInput, RevisionComparison, SectionSaved};
use crate::rules::checks::CheckReport;

use super::error::CommandResult;
use super::{Session, today};

pub fn secretary_page(session: &Session, secretary_id: String) -> CommandResult<SecretaryPage> {
    Ok(dashboard::secretary_page(&*session.store()?, &secretary_id, today())?)
}

pub fn start_report(session: &Session, secretary_id: String) -> CommandResult<String> {
    let actor = session.actor()?;
    Ok(reporting::start_report(&mut *session.store()?, &secretary_id, &actor)?)
}

pub fn report_editor(session: &Session, report_id: String) -> CommandResult<ReportEditor> {
    Ok(reporting::report_editor(&*session.store()?, &report_id)?)
}

pub fn save_section(
    session: &Session,
    report_id: String,
    focus_point_id: String,
    base_version: String,
    body: String,
) -> CommandResult<SectionSaved> {
    // No version: the caller never saw the stored text (a script, or a page that lost
    // track): a different stored text is kept as a revision before it is replaced.
    let base = if base_version.is_empty() { reporting::Base::Unseen } else { reporting::Base::Version(&base_version) };
    Ok(reporting::save_section_on(&mut *session.store()?, &report_id, &focus_point_id, base, &body)?)
}

pub fn check_draft(session: &Session, report_id: String, sections: Vec<Section>) -> CommandResult<CheckReport> {
    Ok(reporting::check_draft(&*session.store()?, &report_id, &sections)?)
}

pub fn save_revision(session: &Session, report_id: String, note: String) -> CommandResult<u32> {
    let actor = session.actor()?;
    Ok(reporting::save_revision(&mut *session.store()?, &report_id, &actor, &note)?.number)
}

pub fn submit_report(session: &Session, report_id: String) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(reporting::submit_report(&mut *session.store()?, &report_id, &actor)?)
}

pub fn review_report(session: &Session, report_id: String, input: ReviewInput) -> CommandResult<ReportStatus> {
    let actor = session.actor()?;
    Ok(reporting::review_report(&mut *session.store()?, &report_id, &input, &actor)?)
}

pub fn compare_revisions(
    session: &Session,
    older_revision_id: String,
    newer_revision_id: String,
) -> CommandResult<RevisionComparison> {
    Ok(reporting::compare_revisions(&*session.store()?, &older_revision_id, &newer_revision_id)?)
}

pub fn export_report_docx(session: &Session, report_id: String) -> CommandResult<Option<String>> {
    let export = crate::report::docx::report_docx_export(&*session.store()?, &report_id)?;
    session.deliver(export)
}

pub fn export_report_pdf(session: &Session, report_id: String) -> CommandResult<Option<String>> {
    let export = crate::report::pdf::report_pdf_export(&*session.store()?, &report_id)?;
    session.deliver(export)
}

pub fn export_report_package(session: &Session, report_id: String) -> CommandResult<Option<String>> {
    let export = crate::package::report_package_export(&*session.store()?, &report_id)?;
    session.deliver(export)
}

pub fn export_return_package(session: &Session, secretary_id: String) -> CommandResult<Option<String>> {
    crate::workstation::refuse_unless_organizer(session.store()?.conn(), "生成退回书记的返回包")?;
    let export = crate::package::return_package_export(&*session.store()?, &secretary_id)?;
    session.deliver(export)
}

pub fn compare_package(
    session: &Session,
    file_name: String,
    content_base64: String,
) -> CommandResult<crate::package::PackageComparison> {
    let bytes = super::file_bytes(crate::files::PACKAGE, &file_name, &content_base64)?;
    Ok(crate::package::compare_package(&*session.store()?, &file_name, &bytes)?)
}

pub fn import_package(
    session: &Session,
    file_name: String,
    content_base64: String,
    replace: bool,
) -> CommandResult<crate::package::PackageOutcome> {
    let actor = session.actor()?;
    let bytes = super::file_bytes(crate::files::PACKAGE, &file_name, &content_base64)?;
    let imported = crate::package::import_any_package(&mut *session.store()?, &file_name, &bytes, replace, &actor)?;
    Ok(imported.outcome())
}
