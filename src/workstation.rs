//! What this computer is for: a secretary's (书记), the organizer's (组织方), or one for
//! looking at the sample. The role is chosen at the first start and can be changed; each
//! role keeps its own person's name, so the audit log never names the organizer for a
//! secretary's submission. On a secretary's computer it also says which secretary of
//! the imported campaign she is. The commands ask [`refuse_unless_organizer`] before the
//! organizer's own work (reviews, the vote, 销号), so a secretary's window cannot do it
//! even if a button were shown.
//!
//! The bundled sample is marked as such ([`SAMPLE_CAMPAIGN_ID`]) and removed in one step.

use serde::{Deserialize, Serialize};

use crate::domain::{Id, Role};
use crate::error::{Error, Result};
use crate::exchange::{self, ImportSummary};
use crate::limits;
use crate::store::{Store, audit, campaigns, organizations, workstation};

pub use crate::domain::SAMPLE_CAMPAIGN_ID;

/// This computer's settings as the window shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Workstation {
    /// `None` until the person chose at the first start.
    pub role: Option<Role>,
    /// The name of whoever uses the window in this role (recorded with what they do).
    pub name: String,
    pub secretary_name: String,
    pub organizer_name: String,
    /// On a secretary's computer: who she is in the imported campaign.
    pub me: Option<MySecretary>,
    /// Whether the bundled sample is in the database (it can be removed).
    pub sample_present: bool,
    /// The sample's campaign id, so every page of it can say 示例.
    pub sample_campaign_id: String,
}

/// The secretary this computer belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MySecretary {
    pub secretary_id: Id,
    pub name: String,
    pub organization: String,
    pub campaign_id: Id,
    pub campaign_title: String,
}

/// What a campaign file holds, read before anything is imported, so the secretary can
/// say which of its secretaries she is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CampaignFilePreview {
    pub title: String,
    pub year: i32,
    pub organizer: String,
    pub secretaries: Vec<SecretaryChoice>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SecretaryChoice {
    pub secretary_id: Id,
    pub name: String,
    pub organization: String,
}

/// A secretary's own start when she has no campaign file yet: the outline of her report.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct OwnReportInput {
    pub year: i32,
    /// 上级党组织 (who organizes the 述职评议), e.g. 市卫健委党委.
    pub organizer: String,
    /// 单位, e.g. 市第一人民医院.
    pub unit: String,
    /// 党组织, e.g. 市第一人民医院党委.
    pub organization: String,
    /// 职务, e.g. 党委书记.
    pub title: String,
}

/// The name kept for the role this computer is in (empty when none was given): who the
/// audit log records as acting here.
pub fn acting_name(store: &Store) -> Result<String> {
    Ok(name_in_role(&workstation::get(store.conn())?).trim().to_string())
}

/// The name kept for the role the computer is in; empty when no role was chosen.
fn name_in_role(row: &workstation::WorkstationRow) -> String {
    match row.role {
        Some(Role::Secretary) => row.secretary_name.clone(),
        Some(Role::Organizer | Role::Sample) => row.organizer_name.clone(),
        None => String::new(),
    }
}

pub fn workstation(store: &Store) -> Result<Workstation> {
    let conn = store.conn();
    let row = workstation::get(conn)?;
    let me = match &row.secretary_id {
        Some(id) => my_secretary(store, id)?,
        None => None,
    };
    let name = name_in_role(&row);
    Ok(Workstation {
        role: row.role,
        name,
        secretary_name: row.secretary_name,
        organizer_name: row.organizer_name,
        me,
        sample_present: campaigns::campaign_exists(conn, SAMPLE_CAMPAIGN_ID)?,
        sample_campaign_id: SAMPLE_CAMPAIGN_ID.to_string(),
    })
}

fn my_secretary(store: &Store, secretary_id: &str) -> Result<Option<MySecretary>> {
    let conn = store.conn();
    let Ok(campaign_id) = organizations::campaign_of_secretary(conn, secretary_id) else { return Ok(None) };
    let campaign = campaigns::get_campaign(conn, &campaign_id)?;
    let organizations = organizations::list_organizations(conn, &campaign_id)?;
    let found = organizations::list_secretaries(conn, &campaign_id)?.into_iter().find(|s| s.id == secretary_id);
    Ok(found.map(|s| MySecretary {
        organization: organizations
            .iter()
            .find(|o| o.id == s.organization_id)
            .map(|o| o.name.clone())
            .unwrap_or_default(),
        secretary_id: s.id,
        name: s.name,
        campaign_id,
        campaign_title: campaign.title,
    }))
}

/// One year of the secretary this computer belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MyYear {
    pub campaign_id: Id,
    pub year: i32,
    pub title: String,
    /// Her record in that year's campaign.
    pub secretary_id: Id,
    /// Whether this is the year her home page shows.
    pub current: bool,
}

/// The years of the secretary this computer belongs to, newest first: in each campaign here,
/// the secretary chosen as her, or the one under her name. A year she
/// imported from the organizer's file, her own outline, or a year copied forward all count.
pub fn my_years(store: &Store) -> Result<Vec<MyYear>> {
    let conn = store.conn();
    let row = workstation::get(conn)?;
    let name = row.secretary_name.trim().to_string();
    let current = row.secretary_id.clone();
    let mut years = Vec::new();
    for campaign in campaigns::list_campaigns(conn)? {
        let secretaries = organizations::list_secretaries(conn, &campaign.id)?;
        let mine = secretaries
            .iter()
            .find(|s| Some(&s.id) == current.as_ref())
            .or_else(|| secretaries.iter().find(|s| !name.is_empty() && s.name.trim() == name));
        if let Some(secretary) = mine {
            years.push(MyYear {
                current: Some(&secretary.id) == current.as_ref(),
                campaign_id: campaign.id.clone(),
                year: campaign.year,
                title: campaign.title.clone(),
                secretary_id: secretary.id.clone(),
            });
        }
    }
    years.sort_by(|a, b| b.year.cmp(&a.year).then_with(|| a.title.cmp(&b.title)));
    Ok(years)
}

/// Sets what this computer is for and the person's name in that role; with
/// `remove_sample`, the sample goes in the same step.
pub fn choose_role(store: &mut Store, role: Role, name: &str, remove_sample: bool) -> Result<Workstation> {
    let name = checked_name(name, role)?;
    let tx = store.begin_write()?;
    workstation::set_role(&tx, role)?;
    if !name.is_empty() {
        workstation::set_name(&tx, role, &name)?;
    }
    let actor = if name.is_empty() { "本机" } else { name.as_str() };
    audit::record(
        &tx,
        None,
        &audit::entry(actor, "workstation.role", "workstation", "1", format!("本机用途设为“{}”", role.label())),
    )?;
    tx.commit()?;
    if remove_sample {
        self::remove_sample(store, actor)?;
    }
    workstation(store)
}

/// Changes the name kept for the role this computer is in.
pub fn set_name(store: &mut Store, name: &str) -> Result<Workstation> {
    let role = workstation::get(store.conn())?.role.unwrap_or(Role::Sample);
    let name = checked_name(name, role)?;
    let tx = store.begin_write()?;
    workstation::set_name(&tx, role, &name)?;
    tx.commit()?;
    workstation(store)
}

fn checked_name(name: &str, role: Role) -> Result<String> {
    let name = name.trim();
    if name.chars().count() > limits::PERSON_NAME_CHARS {
        return Err(Error::invalid(format!("姓名不能超过 {} 个字，请只填写姓名。", limits::PERSON_NAME_CHARS)));
    }
    // The name goes into the audit log as who acted: it must not look like someone else's.
    if let Some(problem) = crate::text::name_character_problem(name) {
        return Err(Error::invalid(format!("姓名{problem}。")));
    }
    if name.is_empty() && role != Role::Sample {
        return Err(Error::invalid("请填写您的姓名：提交、审核和销号时会记录是谁办理的。"));
    }
    // Nor look like the log's own words: the command line's note, or a computer without a name.
    if name.contains("命令行") || name.starts_with("本机（") {
        return Err(Error::invalid("请只填写您的姓名（审核日志会自己注明操作来自命令行或本机）。"));
    }
    Ok(name.to_string())
}

/// Removes the bundled sample with everything in it (after an automatic backup, so even
/// this can be undone by a restore). Returns whether there was one.
pub fn remove_sample(store: &mut Store, actor: &str) -> Result<bool> {
    if !campaigns::campaign_exists(store.conn(), SAMPLE_CAMPAIGN_ID)? {
        return Ok(false);
    }
    crate::store::backup::automatic_backup(store, "before-remove-sample")?;
    let tx = store.begin_write()?;
    campaigns::delete_campaign(&tx, SAMPLE_CAMPAIGN_ID)?;
    audit::record(&tx, None, &audit::entry(actor, "sample.remove", "campaign", SAMPLE_CAMPAIGN_ID, "移除了示例数据"))?;
    tx.commit()?;
    Ok(true)
}

/// Reads a campaign file (the organizer's `shuzhi-campaign` JSON) whole and checks it
/// against this database, writing nothing.
pub fn read_campaign_file(store: &Store, file_name: &str, bytes: &[u8]) -> Result<CampaignFilePreview> {
    let document = exchange::parse_document(file_name, bytes)?;
    // The same year's file taken a second time: said as a person would understand it.
    if campaigns::campaign_exists(store.conn(), &document.campaign.id)? {
        return Err(Error::Conflict {
            message: format!(
                "{} 年度的数据（{}）已经在这台电脑上，不必再导入：在本人页面上方的“年度”中选它即可。",
                document.campaign.year, document.campaign.title
            ),
        });
    }
    exchange::check_importable(store, file_name, &document)?;
    let secretaries = document
        .secretaries
        .iter()
        .map(|s| SecretaryChoice {
            secretary_id: s.id.clone(),
            name: s.name.clone(),
            organization: document
                .organizations
                .iter()
                .find(|o| o.id == s.organization_id)
                .map(|o| o.name.clone())
                .unwrap_or_default(),
        })
        .collect();
    Ok(CampaignFilePreview {
        title: document.campaign.title.clone(),
        year: document.campaign.year,
        organizer: document.campaign.organizer.clone(),
        secretaries,
    })
}

/// Imports a campaign file; on a secretary's computer `me` says which of its secretaries
/// she is (checked to be in the file before anything is written).
pub fn import_campaign_file(
    store: &mut Store,
    file_name: &str,
    bytes: &[u8],
    me: Option<&str>,
    actor: &str,
) -> Result<ImportSummary> {
    let document = exchange::parse_document(file_name, bytes)?;
    if let Some(me) = me
        && !document.secretaries.iter().any(|s| s.id == me)
    {
        return Err(Error::invalid("所选的书记不在这个文件的名册中。请重新选择文件，再从名单中选择您自己。"));
    }
    let summary = exchange::import_document(store, file_name, &document, actor)?;
    if let Some(me) = me {
        let tx = store.begin_write()?;
        workstation::set_secretary(&tx, Some(me))?;
        tx.commit()?;
    }
    Ok(summary)
}

/// A secretary without the organizer's file starts her own outline: a campaign of her
/// year with the standard focus points, her organization and herself. Returns her
/// report's id. The organizer's file can still be imported later (it is another campaign).
pub fn start_own_report(store: &mut Store, input: &OwnReportInput, actor: &str) -> Result<Id> {
    let unit = input.unit.trim();
    let organization = input.organization.trim();
    if unit.is_empty() || organization.is_empty() {
        return Err(Error::invalid("请填写您的单位和党组织名称，如“市第一人民医院”和“市第一人民医院党委”。"));
    }
    let name = workstation::get(store.conn())?.secretary_name;
    let name = if name.trim().is_empty() { actor.trim().to_string() } else { name };
    let organizer = if input.organizer.trim().is_empty() { "上级党组织" } else { input.organizer.trim() };
    let created = crate::planning::create_campaign_as(
        store,
        &crate::planning::CampaignInput {
            year: input.year,
            title: format!("{}年度基层党组织书记抓基层党建工作述职（{unit}）", input.year),
            organizer: organizer.to_string(),
            meeting_date: String::new(),
            earlier_year_confirmed: false,
        },
        None,
        actor,
        crate::planning::Starting::HerOwnOutline,
    )?;
    let kind = ["党总支", "党支部", "党委"].into_iter().find(|k| organization.ends_with(k)).unwrap_or("党委");
    let row = crate::planning::RosterRow {
        line: 2,
        unit: unit.to_string(),
        organization: organization.to_string(),
        kind: kind.to_string(),
        parent: String::new(),
        name: name.clone(),
        title: input.title.trim().to_string(),
    };
    let imported = crate::planning::import_roster_as(
        store,
        &created.campaign_id,
        &[row],
        actor,
        crate::planning::Starting::HerOwnOutline,
    );
    if let Err(error) = imported {
        // Nothing half-made stays behind: the empty campaign goes with the failed roster.
        let tx = store.begin_write()?;
        campaigns::delete_campaign(&tx, &created.campaign_id)?;
        tx.commit()?;
        return Err(error);
    }
    let me = organizations::list_secretaries(store.conn(), &created.campaign_id)?
        .into_iter()
        .find(|s| s.name == name)
        .ok_or_else(|| Error::invalid("名册已建立，但找不到您的记录。请重试。"))?;
    let tx = store.begin_write()?;
    workstation::set_secretary(&tx, Some(&me.id))?;
    tx.commit()?;
    crate::report::start_report(store, &me.id, actor)
}

/// Whether this computer is set to 书记（我要述职）.
pub fn on_secretary_computer(conn: &rusqlite::Connection) -> Result<bool> {
    Ok(workstation::get(conn)?.role == Some(Role::Secretary))
}

/// Refuses the organizer's own work on a secretary's computer, saying why and what to do.
pub fn refuse_unless_organizer(conn: &rusqlite::Connection, what: &str) -> Result<()> {
    if on_secretary_computer(conn)? {
        return Err(Error::Conflict {
            message: format!(
                "这台电脑设为“书记（我要述职）”，不能{what}：这是组织方的工作，应在组织方的电脑上办理。\
                 如果这台电脑其实由组织方使用，请点右上角的“本机用途”改为组织方。"
            ),
        });
    }
    Ok(())
}
