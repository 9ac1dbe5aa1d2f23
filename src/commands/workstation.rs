//! What this computer is for: the first start's choice of role, the person's name in it,
//! the sample, and a secretary's start from the organizer's campaign file or her own outline.

use crate::domain::Role;
use crate::workstation::{self, CampaignFilePreview, MyYear, OwnReportInput, Workstation};

use super::{CommandResult, Session};

pub fn workstation(session: &Session) -> CommandResult<Workstation> {
    Ok(workstation::workstation(&*session.store()?)?)
}

pub fn choose_role(session: &Session, role: Role, name: String, remove_sample: bool) -> CommandResult<Workstation> {
    Ok(workstation::choose_role(&mut *session.store()?, role, &name, remove_sample)?)
}

pub fn set_my_name(session: &Session, name: String) -> CommandResult<Workstation> {
    Ok(workstation::set_name(&mut *session.store()?, &name)?)
}

/// What loading the sample did, in words, and whether it loaded anything.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SampleLoaded {
    pub loaded: bool,
    pub campaign_id: String,
    pub title: String,
    pub message: String,
}

pub fn load_sample(session: &Session) -> CommandResult<SampleLoaded> {
    let actor = session.actor()?;
    Ok(match crate::sample::load_sample_campaign(&mut *session.store()?, &actor)? {
        crate::sample::SampleOutcome::Loaded(s) => SampleLoaded {
            loaded: true,
            message: format!(
                "已载入示例：{}（编号 {}），{} 个党组织、{} 位书记、{} 份报告。",
                s.title, s.campaign_id, s.organizations, s.secretaries, s.reports
            ),
            campaign_id: s.campaign_id,
            title: s.title,
        },
        crate::sample::SampleOutcome::AlreadyPresent { campaign_id, title } => SampleLoaded {
            loaded: false,
            message: format!("示例“{title}”（编号 {campaign_id}）已在数据库中，未重复载入。"),
            campaign_id,
            title,
        },
    })
}

pub fn remove_sample(session: &Session) -> CommandResult<bool> {
    let actor = session.actor()?;
    Ok(workstation::remove_sample(&mut *session.store()?, &actor)?)
}

pub fn read_campaign_file(
    session: &Session,
    file_name: String,
    content_base64: String,
) -> CommandResult<CampaignFilePreview> {
    let bytes = super::file_bytes(crate::files::CAMPAIGN_FILE, &file_name, &content_base64)?;
    Ok(workstation::read_campaign_file(&*session.store()?, &file_name, &bytes)?)
}

pub fn import_campaign_file(
    session: &Session,
    file_name: String,
    content_base64: String,
    me: Option<String>,
) -> CommandResult<String> {
    let actor = session.actor()?;
    let bytes = super::file_bytes(crate::files::CAMPAIGN_FILE, &file_name, &content_base64)?;
    let summary = workstation::import_campaign_file(&mut *session.store()?, &file_name, &bytes, me.as_deref(), &actor)?;
    Ok(format!(
        "已导入“{}”：{} 个党组织、{} 位书记、{} 份报告。",
        summary.title, summary.organizations, summary.secretaries, summary.reports
    ))
}

pub fn start_own_report(session: &Session, input: OwnReportInput) -> CommandResult<String> {
    let actor = session.actor()?;
    Ok(workstation::start_own_report(&mut *session.store()?, &input, &actor)?)
}

pub fn my_years(session: &Session) -> CommandResult<Vec<MyYear>> {
    Ok(workstation::my_years(&*session.store()?)?)
}

/// Fills an empty database with made-up years of a large campaign.
pub fn load_scale_sample(
    session: &Session,
    input: crate::sample::scale::ScaleInput,
) -> CommandResult<crate::sample::scale::ScaleSummary> {
    let actor = session.actor()?;
    Ok(crate::sample::scale::generate(&mut *session.store()?, &input, &actor)?)
}
