//! Revisions compared: section by section, character by character.

use super::*;

pub(super) fn summary_of(revision: &Revision) -> RevisionSummary {
    RevisionSummary {
        revision_id: revision.id.clone(),
        number: revision.number,
        created_at: revision.created_at.clone(),
        author: revision.author.clone(),
        note: revision.note.clone(),
    }
}

/// Compares two revisions of one report, character by character within each section.
pub fn compare_revisions(store: &Store, older_id: &str, newer_id: &str) -> Result<RevisionComparison> {
    let conn = store.conn();
    let campaign_id = reports::campaign_of_revision(conn, older_id)?;
    let not_found =
        |id: &str| Error::NotFound {
            what: "报告版本", id: id.to_string(), fix: "请重新打开报告的版本列表。"
        };
    let campaign_id = campaign_id.ok_or_else(|| not_found(older_id))?;
    let campaign = campaigns::get_campaign(conn, &campaign_id)?;
    let revisions = reports::list_revisions(conn, &campaign_id)?;
    let older = revisions.iter().find(|r| r.id == older_id).ok_or_else(|| not_found(older_id))?;
    let newer = revisions
        .iter()
        .find(|r| r.id == newer_id && r.report_id == older.report_id)
        .ok_or_else(|| not_found(newer_id))?;
    let sections = section_differences(&campaign.focus_points, &older.sections, &newer.sections);
    Ok(RevisionComparison { older: summary_of(older), newer: summary_of(newer), sections })
}

/// Two texts of one report compared section by section, in the order of the focus points.
pub fn section_differences(
    focus_points: &[crate::domain::FocusPoint],
    before: &[Section],
    after: &[Section],
) -> Vec<SectionDifference> {
    let text_of = |sections: &[Section], point: &str| {
        sections.iter().find(|s| s.focus_point_id == point).map(|s| s.body.clone()).unwrap_or_default()
    };
    focus_points
        .iter()
        .map(|point| {
            let (before, after) = (text_of(before, &point.id), text_of(after, &point.id));
            SectionDifference { title: point.title.clone(), changed: before != after, runs: diff_runs(&before, &after) }
        })
        .collect()
}

/// Cuts two texts into runs of same, removed and added characters.
pub fn diff_runs(before: &str, after: &str) -> Vec<DiffRun> {
    let diff = similar::TextDiff::configure().algorithm(similar::Algorithm::Patience).diff_chars(before, after);
    let mut runs: Vec<DiffRun> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            similar::ChangeTag::Equal => DiffKind::Same,
            similar::ChangeTag::Delete => DiffKind::Removed,
            similar::ChangeTag::Insert => DiffKind::Added,
        };
        match runs.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => runs.push(DiffRun { kind, text: change.value().to_string() }),
        }
    }
    runs
}
