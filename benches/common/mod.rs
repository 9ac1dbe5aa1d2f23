//! What the benchmarks share: the sample campaign grown to many secretaries.

use shuzhi::exchange::{CampaignDocument, parse_document};
use shuzhi::sample::SAMPLE_CAMPAIGN_JSON;

/// The sample campaign with only its root committee, the panel and the settings, plus
/// `count` hospitals each with a party committee (`org-N`) and a secretary (`sec-N`);
/// no reports, problems or ballots.
pub fn sample_with_secretaries(count: usize) -> CampaignDocument {
    let mut document = parse_document("sample", SAMPLE_CAMPAIGN_JSON.as_bytes()).expect("the sample parses");
    let template_org = document.organizations[1].clone();
    let template_secretary = document.secretaries[0].clone();
    document.organizations.truncate(1);
    document.secretaries.clear();
    document.reports.clear();
    document.revisions.clear();
    document.evidence.clear();
    document.approvals.clear();
    document.problems.clear();
    document.responsibilities.clear();
    document.rectifications.clear();
    document.inspections.clear();
    for s in 0..count {
        let mut org = template_org.clone();
        org.id = format!("org-{s}");
        org.name = format!("中共第{}医院委员会", s + 1);
        org.unit = format!("市第{}医院", s + 1);
        document.organizations.push(org);
        let mut secretary = template_secretary.clone();
        secretary.id = format!("sec-{s}");
        secretary.organization_id = format!("org-{s}");
        document.secretaries.push(secretary);
    }
    document
}
