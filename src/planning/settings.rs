//! Campaign settings people edit after the plan is made. For now: the stock-phrase
//! list (套话清单) the `cliche-dense` check counts, which each campaign may adapt.

use crate::domain::AuditEntry;
use crate::error::{Error, Result};
use crate::rules::checks::default_cliches;
use crate::store::{self, Store, audit, campaigns};

/// The most phrases a list may hold.
pub const MAX_CLICHES: usize = 300;

/// The phrases the campaign's checks count, and whether they are the built-in list.
pub fn campaign_cliches(store: &Store, campaign_id: &str) -> Result<(Vec<String>, bool)> {
    let campaign = campaigns::get_campaign(store.conn(), campaign_id)?;
    Ok(match campaign.cliches {
        Some(list) => (list, false),
        None => (default_cliches(), true),
    })
}

/// Sets the campaign's phrases (one per entry; blanks and repeats are dropped), or
/// goes back to the built-in list with `None`.
pub fn set_campaign_cliches(
    store: &mut Store,
    campaign_id: &str,
    phrases: Option<&[String]>,
    actor: &str,
) -> Result<Vec<String>> {
    campaigns::get_campaign(store.conn(), campaign_id)?;
    let cleaned: Option<Vec<String>> = phrases.map(|list| {
        let mut seen = Vec::new();
        for phrase in list.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
            if !seen.iter().any(|s: &String| s == phrase) {
                seen.push(phrase.to_string());
            }
        }
        seen
    });
    if let Some(list) = &cleaned {
        if list.is_empty() {
            return Err(Error::Conflict {
                message: "套话清单不能为空。若不想检查套话，可只保留一两个确实不该出现的说法；或恢复内置清单。".into(),
            });
        }
        if list.len() > MAX_CLICHES {
            return Err(Error::Conflict {
                message: format!("套话清单有 {} 条，超过了 {MAX_CLICHES} 条的上限。请删去不常见的说法。", list.len()),
            });
        }
        if let Some(long) = list.iter().find(|p| p.chars().count() > 30) {
            return Err(Error::Conflict {
                message: format!("“{long}”太长了：套话应是 30 字以内的固定说法。请只保留其中的套话部分。"),
            });
        }
    }
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(&tx, "修改套话清单")?;
    campaigns::set_cliches(&tx, campaign_id, cleaned.as_deref())?;
    let detail = match &cleaned {
        Some(list) => format!("套话清单改为 {} 条", list.len()),
        None => "套话清单恢复为内置清单".to_string(),
    };
    audit::record(
        &tx,
        Some(campaign_id),
        &AuditEntry {
            at: store::now_text(),
            actor: actor.to_string(),
            action: "campaign.cliches".into(),
            entity: "campaign".into(),
            entity_id: campaign_id.to_string(),
            detail,
        },
    )?;
    tx.commit()?;
    Ok(cleaned.unwrap_or_else(default_cliches))
}
