//! 历年对比: a post's years and the campaign across years.

use super::error::CommandResult;
use super::{Session, today};
use crate::history::posts::PostLinks;
use crate::history::{self, CampaignsHistory, PostHistory, RepeatedProblem};

/// The years of the post a secretary holds, whoever held it in each.
pub fn secretary_history(session: &Session, secretary_id: String) -> CommandResult<PostHistory> {
    Ok(history::secretary_history(&*session.store()?, &secretary_id, today())?)
}

/// The years of an organization, found by its name and unit in every campaign.
pub fn organization_history(session: &Session, organization_id: String) -> CommandResult<PostHistory> {
    Ok(history::organization_history(&*session.store()?, &organization_id, today())?)
}

/// Every year of the organizer of a campaign.
pub fn campaigns_history(session: &Session, campaign_id: String) -> CommandResult<CampaignsHistory> {
    let store = session.store()?;
    let organizer = crate::store::campaigns::get_campaign(store.conn(), &campaign_id)?.organizer;
    Ok(history::campaigns_history(&store, &organizer, today())?)
}

/// The problems of a campaign that repeat a problem of the same post in an earlier year.
pub fn repeated_problems(session: &Session, campaign_id: String) -> CommandResult<Vec<RepeatedProblem>> {
    Ok(history::repeated_problems(&*session.store()?, &campaign_id)?)
}

/// The campaign across years as an A4 PDF (charts in greys, tables beneath).
pub fn export_campaigns_history_pdf(session: &Session, campaign_id: String) -> CommandResult<Option<String>> {
    export_campaigns_history(session, &campaign_id, history::export::campaigns_history_pdf)
}

/// The campaign across years as an Excel workbook of the same figures.
pub fn export_campaigns_history_xlsx(session: &Session, campaign_id: String) -> CommandResult<Option<String>> {
    export_campaigns_history(session, &campaign_id, history::export::campaigns_history_xlsx)
}

/// The campaign across years, made into a file by `make` and handed to the person.
fn export_campaigns_history(
    session: &Session,
    campaign_id: &str,
    make: fn(&CampaignsHistory, chrono::NaiveDate) -> crate::error::Result<crate::files::Export>,
) -> CommandResult<Option<String>> {
    let export = {
        let store = session.store()?;
        let organizer = crate::store::campaigns::get_campaign(store.conn(), campaign_id)?.organizer;
        make(&history::campaigns_history(&store, &organizer, today())?, today())?
    };
    session.deliver(export)
}

/// The organizer's word on a problem found like one of an earlier year of its post.
pub fn decide_repeat(
    session: &Session,
    problem_id: String,
    earlier_problem_id: String,
    decision: Option<crate::domain::RepeatDecision>,
) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(history::decide_repeat(&mut *session.store()?, &problem_id, &earlier_problem_id, decision, &actor)?)
}

/// An organization's links to the posts of earlier years, and those it could be linked to.
pub fn post_links(session: &Session, organization_id: String) -> CommandResult<PostLinks> {
    Ok(history::posts::post_links(&*session.store()?, &organization_id)?)
}

/// Links an organization to a post of earlier years (renamed, or merged into it).
pub fn link_post(
    session: &Session,
    organization_id: String,
    earlier_name: String,
    earlier_unit: String,
) -> CommandResult<String> {
    let actor = session.actor()?;
    Ok(history::posts::link_post(&mut *session.store()?, &organization_id, &earlier_name, &earlier_unit, &actor)?)
}

/// Takes a link back.
pub fn unlink_post(session: &Session, link_id: String) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(history::posts::unlink_post(&mut *session.store()?, &link_id, &actor)?)
}

/// A file the person chose, as the window sends it.
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct ChosenFile {
    pub file_name: String,
    pub content_base64: String,
}

/// An earlier year's files: its 评议结果汇总表 and, if kept, its 整改清单.
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct PaperYearInput {
    pub year: i32,
    pub results: ChosenFile,
    pub lists: Option<ChosenFile>,
}

/// Runs `work` on the files of `input`, read within the limits of an earlier year's record.
fn with_paper_files<T>(
    input: &PaperYearInput,
    work: impl FnOnce(&history::paper::PaperFile<'_>, Option<&history::paper::PaperFile<'_>>) -> crate::error::Result<T>,
) -> CommandResult<T> {
    let kind = crate::files::PAPER_RECORDS;
    let results = super::file_bytes(kind, &input.results.file_name, &input.results.content_base64)?;
    let lists = match &input.lists {
        Some(file) => Some((file.file_name.as_str(), super::file_bytes(kind, &file.file_name, &file.content_base64)?)),
        None => None,
    };
    let results = history::paper::PaperFile { name: &input.results.file_name, bytes: &results };
    let lists = lists.as_ref().map(|(name, bytes)| history::paper::PaperFile { name, bytes });
    Ok(work(&results, lists.as_ref())?)
}

/// Reads an earlier year's files and checks every row; writes nothing.
pub fn preview_paper_year(
    session: &Session,
    campaign_id: String,
    input: PaperYearInput,
) -> CommandResult<history::paper::PaperYearPreview> {
    let store = session.store()?;
    with_paper_files(&input, |results, lists| {
        history::paper::preview_paper_year(&store, &campaign_id, input.year, results, lists)
    })
}

/// Imports an earlier year kept on paper, all or nothing.
pub fn import_paper_year(
    session: &Session,
    campaign_id: String,
    input: PaperYearInput,
) -> CommandResult<history::paper::PaperYearImported> {
    let actor = session.actor()?;
    let mut store = session.store()?;
    with_paper_files(&input, |results, lists| {
        history::paper::import_paper_year(&mut store, &campaign_id, input.year, results, lists, &actor)
    })
}
