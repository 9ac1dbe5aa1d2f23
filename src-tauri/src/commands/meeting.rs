//! The 述职评议会: agenda, 点评, panel, rules, paper ballots, closing and results.

use shuzhi::domain::VoteClosure;
use shuzhi::meeting::{
    self, BallotInput, CategoryInput, CommentInput, EnteredBallot, EntryDifference, KeepEntry, MeetingResults,
    MeetingSettings, MeetingView,
};
use shuzhi::rules::scoring::{RulesPreset, ScoringRules};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub fn meeting_view(state: State<'_, AppState>, campaign_id: String) -> CommandResult<MeetingView> {
    Ok(meeting::meeting_view(&*state.store()?, &campaign_id)?)
}

#[tauri::command]
#[specta::specta]
pub fn set_agenda(
    state: State<'_, AppState>,
    campaign_id: String,
    secretary_ids: Vec<String>,
    actor: String,
) -> CommandResult<()> {
    Ok(meeting::set_agenda(&mut *state.store()?, &campaign_id, &secretary_ids, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn save_meeting_settings(
    state: State<'_, AppState>,
    campaign_id: String,
    settings: MeetingSettings,
    actor: String,
) -> CommandResult<()> {
    Ok(meeting::save_settings(&mut *state.store()?, &campaign_id, &settings, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn save_panel(
    state: State<'_, AppState>,
    campaign_id: String,
    categories: Vec<CategoryInput>,
    actor: String,
) -> CommandResult<()> {
    Ok(meeting::save_panel(&mut *state.store()?, &campaign_id, &categories, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn rules_presets() -> CommandResult<Vec<RulesPreset>> {
    Ok(shuzhi::rules::scoring::presets())
}

/// Checks rules without saving them; returns the method in words.
#[tauri::command]
#[specta::specta]
pub fn describe_rules(rules: ScoringRules) -> CommandResult<String> {
    rules.validate()?;
    Ok(rules.describe())
}

/// Saves a new version of the rules; returns its number.
#[tauri::command]
#[specta::specta]
pub fn save_rules(
    state: State<'_, AppState>,
    campaign_id: String,
    rules: ScoringRules,
    actor: String,
) -> CommandResult<u32> {
    Ok(meeting::save_rules(&mut *state.store()?, &campaign_id, &rules, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn save_comment(
    state: State<'_, AppState>,
    secretary_id: String,
    input: CommentInput,
    actor: String,
) -> CommandResult<String> {
    Ok(meeting::save_comment(&mut *state.store()?, &secretary_id, &input, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn comment_point_to_problem(
    state: State<'_, AppState>,
    comment_id: String,
    point: u32,
    category: String,
    actor: String,
) -> CommandResult<String> {
    Ok(meeting::comment_point_to_problem(&mut *state.store()?, &comment_id, point as usize, &category, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn suggestion_to_problem(
    state: State<'_, AppState>,
    ballot_id: String,
    secretary_id: String,
    text: String,
    actor: String,
) -> CommandResult<String> {
    Ok(meeting::suggestion_to_problem(&mut *state.store()?, &ballot_id, &secretary_id, &text, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn enter_ballot(
    state: State<'_, AppState>,
    campaign_id: String,
    input: BallotInput,
    actor: String,
) -> CommandResult<EnteredBallot> {
    Ok(meeting::enter_ballot(&mut *state.store()?, &campaign_id, &input, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn update_ballot(
    state: State<'_, AppState>,
    campaign_id: String,
    ballot_id: String,
    input: BallotInput,
    actor: String,
) -> CommandResult<EnteredBallot> {
    Ok(meeting::update_ballot(&mut *state.store()?, &campaign_id, &ballot_id, &input, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn delete_ballot(
    state: State<'_, AppState>,
    campaign_id: String,
    ballot_id: String,
    actor: String,
) -> CommandResult<()> {
    Ok(meeting::delete_ballot(&mut *state.store()?, &campaign_id, &ballot_id, &actor)?)
}

/// The second typing of a paper ballot; returns where it differs from the first.
#[tauri::command]
#[specta::specta]
pub fn enter_check(
    state: State<'_, AppState>,
    campaign_id: String,
    input: BallotInput,
    actor: String,
) -> CommandResult<Vec<EntryDifference>> {
    Ok(meeting::enter_check(&mut *state.store()?, &campaign_id, &input, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn settle_check(
    state: State<'_, AppState>,
    campaign_id: String,
    serial: String,
    keep: KeepEntry,
    actor: String,
) -> CommandResult<()> {
    Ok(meeting::settle_check(&mut *state.store()?, &campaign_id, &serial, keep, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn close_vote(state: State<'_, AppState>, campaign_id: String, actor: String) -> CommandResult<VoteClosure> {
    Ok(meeting::close_vote(&mut *state.store()?, &campaign_id, &actor)?)
}

#[tauri::command]
#[specta::specta]
pub fn reopen_vote(
    state: State<'_, AppState>,
    campaign_id: String,
    reason: String,
    actor: String,
) -> CommandResult<()> {
    Ok(meeting::reopen_vote(&mut *state.store()?, &campaign_id, &reason, &actor)?)
}

/// The results, or `None` while the vote is open.
#[tauri::command]
#[specta::specta]
pub fn meeting_results(state: State<'_, AppState>, campaign_id: String) -> CommandResult<Option<MeetingResults>> {
    Ok(meeting::closed_results(&*state.store()?, &campaign_id)?)
}

/// Prints the numbered ballot sheets to a PDF in the export folder; returns its path.
#[tauri::command]
#[specta::specta]
pub fn export_ballot_sheets(state: State<'_, AppState>, campaign_id: String, actor: String) -> CommandResult<String> {
    super::save(shuzhi::meeting::pdf::sheets_export(&mut *state.store()?, &campaign_id, &actor)?)
}

/// The 评议结果汇总表 (`summary`) or the result sheets (one secretary, or all); returns the path.
#[tauri::command]
#[specta::specta]
pub fn export_results_pdf(
    state: State<'_, AppState>,
    campaign_id: String,
    summary: bool,
    secretary_id: Option<String>,
) -> CommandResult<String> {
    let store = state.store()?;
    let today = crate::state::today();
    super::save(shuzhi::meeting::pdf::results_pdf_export(
        &store,
        &campaign_id,
        summary,
        secretary_id.as_deref(),
        today,
    )?)
}

/// Writes the recount files (rules.json, ballots.csv) to a folder; returns the folder.
#[tauri::command]
#[specta::specta]
pub fn export_recount(state: State<'_, AppState>, campaign_id: String) -> CommandResult<String> {
    let (folder, files) = shuzhi::meeting::recount::recount_exports(&*state.store()?, &campaign_id)?;
    let folder = shuzhi::report::pdf::export_folder().join(folder);
    for file in files {
        shuzhi::files::write_atomically(&folder.join(file.file_name), &file.bytes)?;
    }
    Ok(folder.display().to_string())
}

/// Writes the results table as an Excel workbook; returns the path.
#[tauri::command]
#[specta::specta]
pub fn export_results_xlsx(state: State<'_, AppState>, campaign_id: String) -> CommandResult<String> {
    super::save(meeting::results_workbook(&*state.store()?, &campaign_id)?)
}

/// The state of 扫码测评 for the window: whether the server runs, where, and the turnout.
#[derive(serde::Serialize, specta::Type)]
pub struct PhoneVoteStatus {
    pub running: bool,
    /// The address phones open, e.g. http://192.168.1.10:8080.
    pub url: Option<String>,
    /// The join QR code of `url`, as rows of dark modules.
    pub qr: Vec<Vec<bool>>,
    pub turnout: shuzhi::meeting::phone::Turnout,
}

fn phone_status(state: &AppState, campaign_id: &str) -> CommandResult<PhoneVoteStatus> {
    let server = state.vote_server.lock().unwrap_or_else(|p| p.into_inner());
    let running = server.as_ref().is_some_and(|(id, s)| id == campaign_id && s.is_running());
    let url = server.as_ref().filter(|_| running).map(|(_, s)| {
        let host = if s.addr.ip().is_unspecified() {
            shuzhi::meeting::phone::guess_lan_address().map_or_else(|| "127.0.0.1".to_string(), |ip| ip.to_string())
        } else {
            s.addr.ip().to_string()
        };
        format!("http://{host}:{}", s.addr.port())
    });
    drop(server);
    let qr = match &url {
        Some(url) => shuzhi::meeting::phone::qr_modules(url)?,
        None => Vec::new(),
    };
    let turnout = shuzhi::meeting::phone::turnout(&*state.store()?, campaign_id)?;
    Ok(PhoneVoteStatus { running, url, qr, turnout })
}

/// Starts the ballot server on `bind` (e.g. 0.0.0.0:8080) and issues codes as needed.
#[tauri::command]
#[specta::specta]
pub fn start_phone_vote(
    state: State<'_, AppState>,
    campaign_id: String,
    bind: String,
    actor: String,
) -> CommandResult<PhoneVoteStatus> {
    shuzhi::meeting::phone::issue_codes(&mut *state.store()?, &campaign_id, &actor)?;
    {
        let mut server = state.vote_server.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, old)) = server.take() {
            old.stop();
        }
        let started = shuzhi::meeting::phone::server::VoteServer::start(&state.database_path, &campaign_id, &bind)?;
        *server = Some((campaign_id.clone(), started));
    }
    phone_status(&state, &campaign_id)
}

/// Stops the ballot server (closing the vote also stops it).
#[tauri::command]
#[specta::specta]
pub fn stop_phone_vote(state: State<'_, AppState>, campaign_id: String) -> CommandResult<PhoneVoteStatus> {
    if let Some((_, server)) = state.vote_server.lock().unwrap_or_else(|p| p.into_inner()).take() {
        server.stop();
    }
    phone_status(&state, &campaign_id)
}

/// Whether phones can vote now, where, and how many have (never any result).
#[tauri::command]
#[specta::specta]
pub fn phone_vote_status(state: State<'_, AppState>, campaign_id: String) -> CommandResult<PhoneVoteStatus> {
    phone_status(&state, &campaign_id)
}

/// Prints the code slips for the running server's address (or `url`); returns the path.
#[tauri::command]
#[specta::specta]
pub fn export_code_slips(
    state: State<'_, AppState>,
    campaign_id: String,
    url: String,
    actor: String,
) -> CommandResult<String> {
    super::save(shuzhi::meeting::phone::slips_export(&mut *state.store()?, &campaign_id, &url, &actor)?)
}
