//! 年度考核 (述评考一体化): the composite rule, the 日常考核 scores, the decisions and the
//! result files. All of it is the organizer's work.

use super::{CommandResult, Session};
use crate::assess::campaign::{self, AssessmentView, DecisionInput};
use crate::assess::scores::{self, DailyItemInput, DailyScorePreview, DailyScoreRow};
use crate::assess::{AssessmentRules, export, files};
use crate::files::Export;

fn refuse_here(store: &crate::Store) -> CommandResult<()> {
    Ok(crate::workstation::refuse_unless_organizer(store.conn(), "年度考核")?)
}

pub fn assessment_view(session: &Session, campaign_id: String) -> CommandResult<AssessmentView> {
    let store = session.store()?;
    refuse_here(&store)?;
    Ok(campaign::assessment_view(&store, &campaign_id)?)
}

pub fn save_assessment_rules(session: &Session, campaign_id: String, rules: AssessmentRules) -> CommandResult<u32> {
    let actor = session.actor()?;
    Ok(campaign::save_assessment_rules(&mut *session.store()?, &campaign_id, &rules, &actor)?)
}

pub fn read_daily_scores(
    _session: &Session,
    file_name: String,
    content_base64: String,
) -> CommandResult<Vec<DailyScoreRow>> {
    let bytes = super::file_bytes(crate::files::DAILY_SCORES, &file_name, &content_base64)?;
    Ok(scores::read_daily_scores(&file_name, &bytes)?)
}

pub fn export_daily_scores_template(session: &Session, campaign_id: String) -> CommandResult<Option<String>> {
    let export = scores::daily_scores_template(&*session.store()?, &campaign_id)?;
    session.deliver(export)
}

pub fn preview_daily_scores(
    session: &Session,
    campaign_id: String,
    rows: Vec<DailyScoreRow>,
) -> CommandResult<DailyScorePreview> {
    let store = session.store()?;
    refuse_here(&store)?;
    Ok(scores::preview_daily_scores(&store, &campaign_id, &rows)?)
}

pub fn import_daily_scores(session: &Session, campaign_id: String, rows: Vec<DailyScoreRow>) -> CommandResult<u32> {
    let actor = session.actor()?;
    Ok(scores::import_daily_scores(&mut *session.store()?, &campaign_id, &rows, &actor)?)
}

pub fn save_daily_scores(
    session: &Session,
    campaign_id: String,
    organization_id: String,
    items: Vec<DailyItemInput>,
) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(scores::save_daily_scores(&mut *session.store()?, &campaign_id, &organization_id, &items, &actor)?)
}

pub fn decide_assessment(session: &Session, campaign_id: String, input: DecisionInput) -> CommandResult<()> {
    let actor = session.actor()?;
    Ok(campaign::decide_assessment(&mut *session.store()?, &campaign_id, &input, &actor)?)
}

pub fn export_assessment_pdf(session: &Session, campaign_id: String) -> CommandResult<Option<String>> {
    let today = super::today();
    let export = export::assessment_pdf(&*session.store()?, &campaign_id, today)?;
    session.deliver(export)
}

pub fn export_assessment_xlsx(session: &Session, campaign_id: String) -> CommandResult<Option<String>> {
    let export = export::assessment_xlsx(&*session.store()?, &campaign_id)?;
    session.deliver(export)
}

pub fn export_assessment_files(session: &Session, campaign_id: String) -> CommandResult<Option<String>> {
    let (folder, parts) = {
        let store = session.store()?;
        let year = crate::store::campaigns::get_campaign(store.conn(), &campaign_id)?.year;
        (format!("{year}年度考核复核文件"), files::assessment_files(&store, &campaign_id)?)
    };
    let exports = parts.into_iter().map(|(file_name, bytes)| Export { file_name, bytes }).collect();
    session.deliver_folder(&folder, exports)
}
