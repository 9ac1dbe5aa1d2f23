//! The year's file as the organizer sends it to each secretary: the campaign (its focus
//! points, review levels, rules and categories) with only what is hers — her organization
//! and those above it, herself, her report with its versions, reviews and evidence records,
//! the 点评 of her, her problems, lists and their follow-up. Nothing of the other
//! secretaries, no panel member's name, no ballot, code or seal, no operation log: a file
//! on a USB stick passes through many hands.

use std::collections::BTreeSet;

use super::CampaignDocument;
use crate::error::{Error, Result};
use crate::files::Export;

/// The part of `whole` that the secretary `secretary_id` needs.
pub fn secretary_copy(whole: &CampaignDocument, secretary_id: &str) -> Result<CampaignDocument> {
    let Some(secretary) = whole.secretaries.iter().find(|s| s.id == secretary_id) else {
        return Err(Error::invalid("这位书记不在这个年度的名册中。请刷新页面后重试。"));
    };
    // Her organization and every one above it, so the tree she sees is whole.
    let mut organizations = BTreeSet::new();
    let mut next = Some(secretary.organization_id.as_str());
    while let Some(id) = next.filter(|id| organizations.insert(id.to_string())) {
        next = whole.organizations.iter().find(|o| o.id == id).and_then(|o| o.parent_id.as_deref());
    }
    let reports: BTreeSet<&str> =
        whole.reports.iter().filter(|r| r.secretary_id == secretary_id).map(|r| r.id.as_str()).collect();
    let problems: BTreeSet<&str> =
        whole.problems.iter().filter(|p| p.secretary_id == secretary_id).map(|p| p.id.as_str()).collect();
    let measures: BTreeSet<&str> = whole
        .rectifications
        .iter()
        .filter(|r| problems.contains(r.problem_id.as_str()))
        .map(|r| r.id.as_str())
        .collect();
    Ok(CampaignDocument {
        format: whole.format.clone(),
        format_version: whole.format_version,
        campaign: whole.campaign.clone(),
        organizations: whole.organizations.iter().filter(|o| organizations.contains(&o.id)).cloned().collect(),
        secretaries: vec![secretary.clone()],
        reports: whole.reports.iter().filter(|r| reports.contains(r.id.as_str())).cloned().collect(),
        revisions: whole.revisions.iter().filter(|r| reports.contains(r.report_id.as_str())).cloned().collect(),
        evidence: whole.evidence.iter().filter(|e| reports.contains(e.report_id.as_str())).cloned().collect(),
        approvals: whole.approvals.iter().filter(|a| reports.contains(a.report_id.as_str())).cloned().collect(),
        superior_comments: whole.superior_comments.iter().filter(|c| c.secretary_id == secretary_id).cloned().collect(),
        rater_categories: whole.rater_categories.clone(),
        raters: Vec::new(),
        ballots: Vec::new(),
        agenda: Vec::new(),
        // She learns whether she reports in writing this year.
        written_reports: whole.written_reports.iter().filter(|id| **id == secretary_id).cloned().collect(),
        // The 年度考核 is the organizer's work, not hers.
        assessment_rules_versions: Vec::new(),
        vote_rounds: Vec::new(),
        daily_scores: Vec::new(),
        rules_versions: whole.rules_versions.clone(),
        ballot_sheets: Vec::new(),
        ballot_checks: Vec::new(),
        vote: None,
        ballot_codes: Vec::new(),
        problems: whole.problems.iter().filter(|p| problems.contains(p.id.as_str())).cloned().collect(),
        responsibilities: whole
            .responsibilities
            .iter()
            .filter(|r| problems.contains(r.problem_id.as_str()))
            .cloned()
            .collect(),
        rectifications: whole.rectifications.iter().filter(|r| measures.contains(r.id.as_str())).cloned().collect(),
        inspections: whole
            .inspections
            .iter()
            .filter(|i| measures.contains(i.rectification_id.as_str()))
            .cloned()
            .collect(),
        progress_notes: whole
            .progress_notes
            .iter()
            .filter(|n| measures.contains(n.rectification_id.as_str()))
            .cloned()
            .collect(),
        list_signoffs: whole
            .list_signoffs
            .iter()
            .filter(|s| s.secretary_id.as_deref() == Some(secretary_id))
            .cloned()
            .collect(),
        received_results: Vec::new(),
        audit_log: Vec::new(),
    })
}

/// One file per secretary of the campaign, named so that each can be told apart in a
/// folder and on a USB stick: `李秀兰（市中医院党委）2023年度数据.json`.
pub fn secretary_files(whole: &CampaignDocument) -> Result<Vec<Export>> {
    whole.secretaries.iter().map(|secretary| secretary_file(whole, &secretary.id)).collect()
}

/// The file of the secretary `secretary_id`, out of her campaign in `store`.
pub fn export_secretary_file(store: &crate::Store, secretary_id: &str) -> Result<Export> {
    let campaign_id = crate::store::organizations::campaign_of_secretary(store.conn(), secretary_id)?;
    secretary_file(&super::export_campaign(store, &campaign_id)?, secretary_id)
}

/// One secretary's file, named for her, her organization and the year.
pub fn secretary_file(whole: &CampaignDocument, secretary_id: &str) -> Result<Export> {
    let copy = secretary_copy(whole, secretary_id)?;
    let Some(secretary) = copy.secretaries.iter().find(|s| s.id == secretary_id) else {
        return Err(Error::invalid("这位书记不在这个年度的名册中。请刷新页面后重试。"));
    };
    let organization =
        whole.organizations.iter().find(|o| o.id == secretary.organization_id).map_or("", |o| o.name.as_str());
    let name = format!("{}（{organization}）{}年度数据", secretary.name, whole.campaign.year);
    Ok(Export {
        file_name: format!("{}.json", crate::files::file_name_from(&name, "书记")),
        bytes: super::to_json_bytes(&copy),
    })
}
