//! The 述职评议会: agenda, 点评, panel, rules, paper ballots, closing and results.

use crate::domain::VoteClosure;
use crate::meeting::{
    self, BallotInput, CategoryInput, CommentInput, EnteredBallot, EntryDifference, KeepEntry, MeetingResults,
    MeetingSettings, MeetingView,
};
use crate::rules::scoring::{RulesPreset, ScoringRules};

use super::{CommandResult, Session};

pub fn meeting_view(session: &Session, campaign_id: String) -> CommandResult<MeetingView> {
    Ok(meeting::meeting_view(&*session.store()?, &campaign_id)?)
}

pub fn set_agenda(session: &Session, campaign_id: String, secretary_ids: Vec<String>) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(meeting::set_agenda(&mut *session.store()?, &campaign_id, &secretary_ids, &actor)?)
}

pub fn set_reporting_mode(
    session: &Session,
    campaign_id: String,
    secretary_ids: Vec<String>,
    written: bool,
) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(meeting::set_reporting_mode(&mut *session.store()?, &campaign_id, &secretary_ids, written, &actor)?)
}

pub fn save_meeting_settings(session: &Session, campaign_id: String, settings: MeetingSettings) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(meeting::save_settings(&mut *session.store()?, &campaign_id, &settings, &actor)?)
}

pub fn save_panel(session: &Session, campaign_id: String, categories: Vec<CategoryInput>) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(meeting::save_panel(&mut *session.store()?, &campaign_id, &categories, &actor)?)
}

pub fn set_ballot_channel(
    session: &Session,
    campaign_id: String,
    category_ids: Vec<String>,
    channel: crate::domain::BallotChannel,
) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(meeting::set_ballot_channel(&mut *session.store()?, &campaign_id, &category_ids, channel, &actor)?)
}

pub fn rules_presets(_session: &Session) -> CommandResult<Vec<RulesPreset>> {
    Ok(crate::rules::scoring::presets())
}

pub fn describe_rules(_session: &Session, rules: ScoringRules) -> CommandResult<String> {
    rules.validate()?;
    Ok(rules.describe())
}

pub fn save_rules(session: &Session, campaign_id: String, rules: ScoringRules) -> CommandResult<u32> {
    let actor = session.actor()?;
    Ok(meeting::save_rules(&mut *session.store()?, &campaign_id, &rules, &actor)?)
}

pub fn save_comment(session: &Session, secretary_id: String, input: CommentInput) -> CommandResult<String> {
    let actor = session.actor()?;
    Ok(meeting::save_comment(&mut *session.store()?, &secretary_id, &input, &actor)?)
}

pub fn comment_point_to_problem(
    session: &Session,
    comment_id: String,
    point: u32,
    category: String,
) -> CommandResult<String> {
    let actor = session.actor()?;
    Ok(meeting::comment_point_to_problem(&mut *session.store()?, &comment_id, point as usize, &category, &actor)?)
}

pub fn suggestion_to_problem(
    session: &Session,
    ballot_id: String,
    secretary_id: String,
    text: String,
) -> CommandResult<String> {
    let actor = session.actor()?;
    Ok(meeting::suggestion_to_problem(&mut *session.store()?, &ballot_id, &secretary_id, &text, &actor)?)
}

pub fn enter_ballot(session: &Session, campaign_id: String, input: BallotInput) -> CommandResult<EnteredBallot> {
    let actor = session.actor()?;
    Ok(meeting::enter_ballot(&mut *session.store()?, &campaign_id, &input, &actor)?)
}

pub fn update_ballot(
    session: &Session,
    campaign_id: String,
    ballot_id: String,
    input: BallotInput,
) -> CommandResult<EnteredBallot> {
    let actor = session.actor()?;
    Ok(meeting::update_ballot(&mut *session.store()?, &campaign_id, &ballot_id, &input, &actor)?)
}

pub fn delete_ballot(session: &Session, campaign_id: String, ballot_id: String) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(meeting::delete_ballot(&mut *session.store()?, &campaign_id, &ballot_id, &actor)?)
}

pub fn enter_check(session: &Session, campaign_id: String, input: BallotInput) -> CommandResult<Vec<EntryDifference>> {
    let actor = session.actor()?;
    Ok(meeting::enter_check(&mut *session.store()?, &campaign_id, &input, &actor)?)
}

pub fn settle_check(session: &Session, campaign_id: String, serial: String, keep: KeepEntry) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(meeting::settle_check(&mut *session.store()?, &campaign_id, &serial, keep, &actor)?)
}

pub fn close_vote(
    session: &Session,
    campaign_id: String,
    over_vote_reason: Option<String>,
) -> CommandResult<VoteClosure> {
    let actor = session.actor()?;
    Ok(meeting::close_vote(&mut *session.store()?, &campaign_id, &actor, over_vote_reason.as_deref())?)
}

pub fn ballot_reconciliation(
    session: &Session,
    campaign_id: String,
) -> CommandResult<crate::meeting::reconcile::BallotReconciliation> {
    let store = session.store()?;
    refuse_counting_here(&store)?;
    Ok(crate::meeting::reconcile::reconcile_ballots(&store, &campaign_id)?)
}

pub fn start_new_round(session: &Session, campaign_id: String, reason: String) -> CommandResult<u32> {
    let actor = session.actor()?;
    Ok(meeting::start_new_round(&mut *session.store()?, &campaign_id, &reason, &actor)?)
}

pub fn reopen_vote(session: &Session, campaign_id: String, reason: String) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(meeting::reopen_vote(&mut *session.store()?, &campaign_id, &reason, &actor)?)
}

pub fn meeting_results(session: &Session, campaign_id: String) -> CommandResult<Option<MeetingResults>> {
    let store = session.store()?;
    refuse_counting_here(&store)?;
    Ok(meeting::closed_results(&store, &campaign_id)?)
}

pub fn decide_quota_tie(
    session: &Session,
    campaign_id: String,
    kept: Vec<String>,
    reason: String,
) -> CommandResult<crate::domain::QuotaTieDecision> {
    let actor = session.actor()?;
    Ok(meeting::decide_quota_tie(&mut *session.store()?, &campaign_id, &kept, &reason, &actor)?)
}

pub fn export_ballot_sheets(session: &Session, campaign_id: String) -> CommandResult<Option<String>> {
    let actor = session.actor()?;
    let export = crate::meeting::pdf::sheets_export(&mut *session.store()?, &campaign_id, &actor)?;
    session.deliver(export)
}

pub fn export_results_pdf(
    session: &Session,
    campaign_id: String,
    summary: bool,
    secretary_id: Option<String>,
) -> CommandResult<Option<String>> {
    let today = super::today();
    // The store is not held while the save dialog is open: the page goes on reading it.
    let export = {
        let store = session.store()?;
        refuse_counting_here(&store)?;
        crate::meeting::pdf::results_pdf_export(&store, &campaign_id, summary, secretary_id.as_deref(), today)?
    };
    session.deliver(export)
}

pub fn export_recount(session: &Session, campaign_id: String) -> CommandResult<Option<String>> {
    let (folder, files) = {
        let store = session.store()?;
        refuse_counting_here(&store)?;
        crate::meeting::recount::recount_exports(&store, &campaign_id)?
    };
    session.deliver_folder(&folder, files)
}

pub fn export_results_xlsx(session: &Session, campaign_id: String) -> CommandResult<Option<String>> {
    let export = {
        let store = session.store()?;
        refuse_counting_here(&store)?;
        meeting::results_workbook(&store, &campaign_id)?
    };
    session.deliver(export)
}

/// The state of 扫码测评 for the window: whether the server runs, where, and the turnout.
#[derive(serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PhoneVoteStatus {
    pub running: bool,
    /// The address phones open, e.g. http://192.168.1.10:8080.
    pub url: Option<String>,
    /// The join QR code of `url`, as rows of dark modules.
    pub qr: Vec<Vec<bool>>,
    pub turnout: crate::meeting::phone::Turnout,
}

fn phone_status(session: &Session, campaign_id: &str) -> CommandResult<PhoneVoteStatus> {
    let server = session.vote_server.lock().unwrap_or_else(|p| p.into_inner());
    let running = server.as_ref().is_some_and(|(id, s)| id == campaign_id && s.is_running());
    let url = server.as_ref().filter(|_| running).map(|(_, s)| {
        let host = if s.addr.ip().is_unspecified() {
            crate::meeting::phone::guess_lan_address().map_or_else(|| "127.0.0.1".to_string(), |ip| ip.to_string())
        } else {
            s.addr.ip().to_string()
        };
        format!("http://{host}:{}", s.addr.port())
    });
    drop(server);
    let qr = match &url {
        Some(url) => crate::meeting::phone::qr_modules(url)?,
        None => Vec::new(),
    };
    let turnout = crate::meeting::phone::turnout(&*session.store()?, campaign_id)?;
    Ok(PhoneVoteStatus { running, url, qr, turnout })
}

pub fn start_phone_vote(session: &Session, campaign_id: String, bind: String) -> CommandResult<PhoneVoteStatus> {
    let actor = session.actor()?;
    crate::workstation::refuse_unless_organizer(session.store()?.conn(), "开启扫码测评")?;
    crate::meeting::phone::issue_codes(&mut *session.store()?, &campaign_id, &actor)?;
    {
        let mut server = session.vote_server.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, old)) = server.take() {
            old.stop();
        }
        let started = crate::meeting::phone::server::VoteServer::start(&session.database_path, &campaign_id, &bind)?;
        *server = Some((campaign_id.clone(), started));
    }
    phone_status(session, &campaign_id)
}

pub fn stop_phone_vote(session: &Session, campaign_id: String) -> CommandResult<PhoneVoteStatus> {
    if let Some((_, server)) = session.vote_server.lock().unwrap_or_else(|p| p.into_inner()).take() {
        server.stop();
    }
    phone_status(session, &campaign_id)
}

pub fn phone_vote_status(session: &Session, campaign_id: String) -> CommandResult<PhoneVoteStatus> {
    phone_status(session, &campaign_id)
}

pub fn export_code_slips(session: &Session, campaign_id: String, url: String) -> CommandResult<Option<String>> {
    let actor = session.actor()?;
    let export = crate::meeting::phone::slips_export(&mut *session.store()?, &campaign_id, &url, &actor)?;
    session.deliver(export)
}

pub fn open_projector(session: &Session, campaign_id: String) -> CommandResult<bool> {
    // The campaign must exist: the window shows nothing else.
    crate::store::campaigns::get_campaign(session.store()?.conn(), &campaign_id)?;
    session.shell.open_projector(&campaign_id)
}

pub fn close_projector(session: &Session) -> CommandResult<bool> {
    session.shell.close_projector()
}

/// The count of the whole panel (results, the reconciliation of ballots, the recount files)
/// is the organizer's: a secretary's computer receives her own result in the return package.
fn refuse_counting_here(store: &crate::Store) -> CommandResult<()> {
    Ok(crate::workstation::refuse_unless_organizer(store.conn(), "查看或导出测评结果")?)
}
