//! Campaigns and the dashboard.

use crate::dashboard::{self, Dashboard};
use crate::store::campaigns::{self, CampaignSummary};

use super::error::CommandResult;
use super::{Session, today};

pub fn list_campaigns(session: &Session) -> CommandResult<Vec<CampaignSummary>> {
    Ok(campaigns::list_campaigns(session.store()?.conn())?)
}

pub fn campaign_dashboard(session: &Session, campaign_id: String) -> CommandResult<Dashboard> {
    Ok(dashboard::campaign_dashboard(&*session.store()?, &campaign_id, today())?)
}

/// The whole year as one campaign file (a backup, or the year for another organizer's
/// computer), saved where the person says.
pub fn export_campaign_file(session: &Session, campaign_id: String) -> CommandResult<Option<String>> {
    let export = {
        let store = session.store()?;
        let document = crate::exchange::export_campaign(&store, &campaign_id)?;
        // Before the seal the file would carry the ballots received so far: a partial
        // result that could be counted outside the program.
        if document.vote.is_none() && !document.ballots.is_empty() {
            return Err(crate::Error::Conflict {
                message: "测评正在进行，整个年度的数据文件会带出尚未封存的测评票，所以现在不能导出。\
                          请在结束测评后再导出；需要备份时，请在“检查数据库”页备份数据库。"
                    .into(),
            }
            .into());
        }
        crate::files::Export {
            file_name: format!(
                "{}.json",
                crate::files::file_name_from(&format!("{}（整个年度）", document.campaign.title), "年度数据")
            ),
            bytes: crate::exchange::to_json_bytes(&document),
        }
    };
    session.deliver(export)
}

/// One secretary's campaign file, holding only what is hers.
pub fn export_secretary_file(session: &Session, secretary_id: String) -> CommandResult<Option<String>> {
    let export = {
        let store = session.store()?;
        crate::workstation::refuse_unless_organizer(store.conn(), "导出发给书记的年度数据文件")?;
        crate::exchange::export_secretary_file(&store, &secretary_id)?
    };
    session.deliver(export)
}

/// One campaign file per secretary, each holding only what she needs, in a folder of
/// their own inside the one the person chooses: what the organizer hands out on a USB stick.
pub fn export_secretary_files(session: &Session, campaign_id: String) -> CommandResult<Option<String>> {
    let (folder, files) = {
        let store = session.store()?;
        crate::workstation::refuse_unless_organizer(store.conn(), "导出发给各书记的年度数据文件")?;
        let document = crate::exchange::export_campaign(&store, &campaign_id)?;
        let folder =
            crate::files::file_name_from(&format!("{}年度数据（发给各书记）", document.campaign.year), "年度数据");
        (folder, crate::exchange::secretary_files(&document)?)
    };
    session.deliver_folder(&folder, files)
}
