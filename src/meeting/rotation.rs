//! 现场述职的轮换: under a 方案 that every organization reports on the spot at least once in
//! N years, the organizations reporting in writing this year whose earlier years in the
//! window were in writing too (or are not on record) are named, so the organizer can change
//! the plan before the meeting. A warning, never a refusal: the 方案 may allow exceptions.
//!
//! An organization is the same across years when its name is the same in a campaign of the
//! same organizer (the copy of last year keeps names); a renamed one is not found and is
//! said to have no record.

use super::*;

/// The warnings for the campaign, one sentence each; empty without the rule.
pub fn rotation_warnings(store: &Store, campaign_id: &str) -> Result<Vec<String>> {
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let Some(every) = campaign.on_site_every_years else {
        return Ok(Vec::new());
    };
    let everyone = roster(store, campaign_id)?;
    let summaries = campaigns::list_campaigns(conn)?;
    let earlier_years: Vec<i32> = (1..every as i32).map(|back| campaign.year - back).collect();
    // Per earlier year: the organizations that reported on the spot, or `None` without a record.
    let mut on_site_by_year: Vec<(i32, Option<BTreeSet<String>>)> = Vec::new();
    for year in &earlier_years {
        let of_year: Vec<_> = summaries.iter().filter(|c| c.year == *year && c.id != campaign.id).collect();
        let chosen = of_year.iter().find(|c| c.organizer == campaign.organizer).or(of_year.first());
        let on_site = match chosen {
            None => None,
            Some(c) => {
                let (on, _) = agenda(store, &c.id)?;
                Some(on.iter().filter(|s| !s.written).map(|s| s.organization.clone()).collect())
            }
        };
        on_site_by_year.push((*year, on_site));
    }
    let mut warnings = Vec::new();
    let mut said = BTreeSet::new();
    for person in everyone.iter().filter(|s| s.written) {
        if !said.insert(person.organization.clone()) {
            continue;
        }
        // Another secretary of the same organization on the spot this year satisfies it.
        if everyone.iter().any(|s| s.organization == person.organization && !s.written) {
            continue;
        }
        let org = &person.organization;
        if on_site_by_year.iter().any(|(_, on)| on.as_ref().is_some_and(|set| set.contains(org))) {
            continue;
        }
        let missing: Vec<String> =
            on_site_by_year.iter().filter(|(_, on)| on.is_none()).map(|(y, _)| y.to_string()).collect();
        let rule = format!("按方案每个党组织 {every} 年内至少现场述职一次");
        warnings.push(if every == 1 {
            format!("{org}：本年度为书面述职；{rule}，请改为现场述职（方案另有规定的除外）。")
        } else if missing.is_empty() {
            let years: Vec<String> = earlier_years.iter().rev().map(|y| y.to_string()).collect();
            format!("{org}：本年度为书面述职，{} 年也没有现场述职；{rule}，请安排本年度现场述职。", years.join("、"))
        } else {
            format!("{org}：本年度为书面述职，没有 {} 年的记录，无法核对{rule}的要求。", missing.join("、"))
        });
    }
    Ok(warnings)
}
