//! The exchange format: one versioned JSON document that carries a whole campaign
//! (everything but the bytes of evidence files) between databases.
//!
//! Import is all-or-nothing: the document is parsed and every reference checked
//! before anything is written, and the writes share one transaction. Export is
//! deterministic, so export → import → export gives the same bytes. The format is
//! described for people in `docs/exchange-format.md`.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::domain::{
    Approval, AuditEntry, Ballot, BallotCode, BallotSheet, Campaign, Evidence, Id, Inspection, ListSignOff,
    Organization, Problem, ProgressNote, Rater, RaterCategory, Rectification, Report, Responsibility, Revision,
    RulesVersion, Secretary, Section, SuperiorComment, VoteClosure,
};
use crate::error::{Error, Result};
use crate::limits;
use crate::store::{self, Store, audit, campaigns, lists, meeting, organizations, reports};

mod checks;
mod to_secretaries;

pub use to_secretaries::{export_secretary_file, secretary_copy, secretary_file, secretary_files};

use checks::*;

/// The value of the document's `format` field.
pub const FORMAT: &str = "shuzhi-campaign";
/// The newest format version this program reads and the one it writes.
/// Version 2 added `evidence[].problem_id`; version 3 the meeting (agenda, rule versions,
/// ballot sheets, second entries, the closed vote, dimensions, problem origins, and
/// ballots that may repeat a serial); version 4 the results a secretary's computer received
/// in return packages. Older documents read as before.
pub const FORMAT_VERSION: u32 = 4;

/// A whole campaign as one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignDocument {
    pub format: String,
    pub format_version: u32,
    pub campaign: Campaign,
    pub organizations: Vec<Organization>,
    pub secretaries: Vec<Secretary>,
    pub reports: Vec<Report>,
    pub revisions: Vec<Revision>,
    pub evidence: Vec<Evidence>,
    pub approvals: Vec<Approval>,
    pub superior_comments: Vec<SuperiorComment>,
    pub rater_categories: Vec<RaterCategory>,
    pub raters: Vec<Rater>,
    pub ballots: Vec<Ballot>,
    /// The speaking order; empty means every secretary in roster order.
    #[serde(default)]
    pub agenda: Vec<Id>,
    /// Earlier rounds of the vote that the rules stopped (须重新测评), kept whole; left out
    /// when there were none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vote_rounds: Vec<crate::store::meeting::VoteRound>,
    /// The 年度考核 rule's versions (述评考一体化); left out when none was saved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessment_rules_versions: Vec<crate::store::assess::AssessmentRulesVersion>,
    /// The 日常考核 items per organization; left out when none were entered. The organizer's
    /// decisions are not carried: they are made on the computer that holds the record.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub daily_scores: Vec<DailyScores>,
    /// The secretaries who report in writing (书面述职); left out when none do.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub written_reports: Vec<Id>,
    /// Every version of the scoring rules; empty in format 1–2 (version 1 is the campaign's).
    #[serde(default)]
    pub rules_versions: Vec<RulesVersion>,
    #[serde(default)]
    pub ballot_sheets: Vec<BallotSheet>,
    /// Second entries of double entry.
    #[serde(default)]
    pub ballot_checks: Vec<Ballot>,
    #[serde(default)]
    pub vote: Option<VoteClosure>,
    /// One-time phone ballot codes (format 3).
    #[serde(default)]
    pub ballot_codes: Vec<BallotCode>,
    pub problems: Vec<Problem>,
    pub responsibilities: Vec<Responsibility>,
    pub rectifications: Vec<Rectification>,
    pub inspections: Vec<Inspection>,
    /// Progress notes on measures (format 3).
    #[serde(default)]
    pub progress_notes: Vec<ProgressNote>,
    /// Sign-offs of the lists (format 3).
    #[serde(default)]
    pub list_signoffs: Vec<ListSignOff>,
    /// Results a secretary's computer received in return packages (format 4).
    #[serde(default)]
    pub received_results: Vec<crate::meeting::ReceivedResult>,
    pub audit_log: Vec<AuditEntry>,
}

/// One organization's 日常考核 items in a year file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DailyScores {
    pub organization_id: Id,
    pub items: Vec<crate::assess::DailyItem>,
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportSummary {
    pub campaign_id: Id,
    pub title: String,
    pub organizations: usize,
    pub secretaries: usize,
    pub reports: usize,
}

/// Reads a campaign out of the store as a document.
pub fn export_campaign(store: &Store, campaign_id: &str) -> Result<CampaignDocument> {
    let conn = store.conn();
    // A year kept on paper has its results only as recorded here: a file would carry the
    // year without them, and it would become a year open to a vote on the other computer.
    if crate::store::history::is_paper_year(conn, campaign_id)? {
        return Err(Error::Conflict {
            message:
                "这一年度由往年纸质记录导入，不能导出为年度数据文件，也不发给书记（它没有测评票，结果只记在本机）。\
                      另一台电脑需要时，请在那里导入同样的 Excel，或用“检查数据库”页的备份整体搬过去。"
                    .into(),
        });
    }
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    Ok(CampaignDocument {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        organizations: organizations::list_organizations(conn, campaign_id)?,
        secretaries: organizations::list_secretaries(conn, campaign_id)?,
        reports: reports::list_reports(conn, campaign_id)?,
        revisions: reports::list_revisions(conn, campaign_id)?,
        evidence: reports::list_evidence(conn, campaign_id)?,
        approvals: reports::list_approvals(conn, campaign_id)?,
        superior_comments: meeting::list_superior_comments(conn, campaign_id)?,
        rater_categories: meeting::list_rater_categories(conn, campaign_id)?,
        raters: meeting::list_raters(conn, campaign_id)?,
        ballots: meeting::list_ballots(conn, campaign_id)?,
        agenda: meeting::list_agenda(conn, campaign_id)?,
        written_reports: campaigns::list_written(conn, campaign_id)?.into_iter().collect(),
        vote_rounds: meeting::list_rounds(conn, campaign_id)?,
        assessment_rules_versions: crate::store::assess::list_rules_versions(conn, campaign_id)?,
        daily_scores: crate::store::assess::list_daily_scores(conn, campaign_id)?
            .into_iter()
            .map(|(organization_id, items)| DailyScores { organization_id, items })
            .collect(),
        rules_versions: meeting::list_rules_versions(conn, campaign_id)?,
        ballot_sheets: meeting::list_sheets(conn, campaign_id)?,
        ballot_checks: meeting::list_ballot_checks(conn, campaign_id)?,
        vote: meeting::get_closure(conn, campaign_id)?,
        ballot_codes: meeting::list_codes(conn, campaign_id)?,
        problems: lists::list_problems(conn, campaign_id)?,
        responsibilities: lists::list_responsibilities(conn, campaign_id)?,
        rectifications: lists::list_rectifications(conn, campaign_id)?,
        inspections: lists::list_inspections(conn, campaign_id)?,
        progress_notes: lists::list_progress_notes(conn, campaign_id)?,
        list_signoffs: lists::list_list_signoffs(conn, campaign_id)?,
        received_results: meeting::list_received_results(conn, campaign_id)?,
        audit_log: audit::list_for_campaign(conn, campaign_id)?,
        campaign,
    })
}

impl CampaignDocument {
    /// Drops everything the year recorded — reports, ballots, the vote, lists, returns and
    /// log — keeping its settings, panel, rules, organizations and secretaries: the start of
    /// a year made from another (a made-up year, a year kept on paper).
    pub fn keep_only_settings(&mut self) {
        self.reports.clear();
        self.revisions.clear();
        self.evidence.clear();
        self.approvals.clear();
        self.superior_comments.clear();
        self.ballots.clear();
        self.agenda.clear();
        self.vote_rounds.clear();
        self.assessment_rules_versions.clear();
        self.daily_scores.clear();
        self.written_reports.clear();
        self.ballot_sheets.clear();
        self.ballot_checks.clear();
        self.vote = None;
        self.ballot_codes.clear();
        self.problems.clear();
        self.responsibilities.clear();
        self.rectifications.clear();
        self.inspections.clear();
        self.progress_notes.clear();
        self.list_signoffs.clear();
        self.received_results.clear();
        self.audit_log.clear();
    }
}

/// The document as the bytes of a file: pretty JSON with a final newline.
pub fn to_json_bytes(document: &CampaignDocument) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(document).expect("in-memory documents always serialize");
    bytes.push(b'\n');
    bytes
}

/// Parses and checks a document; `file` names it in messages. Nothing is written.
pub fn parse_document(file: &str, bytes: &[u8]) -> Result<CampaignDocument> {
    let invalid = |place: String, problem: String, fix: &str| Error::InvalidImport {
        file: file.to_string(),
        place,
        problem,
        fix: fix.to_string(),
    };
    let text = std::str::from_utf8(bytes).map_err(|e| match e.error_len() {
        // The bytes stop inside a character: the file was cut short.
        None => invalid(
            format!("第 {} 个字节处", e.valid_up_to() + 1),
            "文件在此处意外结束，内容不完整".into(),
            "文件可能在复制或传输中被截断，请重新导出或重新拷贝。",
        ),
        Some(_) => invalid(
            format!("第 {} 个字节处", e.valid_up_to() + 1),
            "内容不是 UTF-8 编码的文本".into(),
            "请确认选择的是述职评议助手导出的 .json 文件；若用其他软件编辑过，请另存为 UTF-8 编码。",
        ),
    })?;
    // A first, loose pass: is this JSON at all, and is it our format and version?
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let (problem, fix) = if e.is_eof() {
            ("文件在此处意外结束，内容不完整".to_string(), "文件可能在复制或传输中被截断，请重新导出或重新拷贝。")
        } else {
            (
                format!("不是有效的 JSON（{e}）"),
                "请用述职评议助手重新导出该文件；若手工修改过，请检查该处的括号、逗号和引号。",
            )
        };
        invalid(format!("第 {} 行第 {} 列：", e.line(), e.column()), problem, fix)
    })?;
    let format = value.get("format").and_then(|v| v.as_str());
    if format == Some(FORMAT)
        && let Some((place, problem)) = limits::overlong_string(&value, limits::TEXT_CHARS)
    {
        return Err(invalid(
            format!("{place}："),
            problem,
            "文件中的文字长度超出了本程序的上限，可能被改动过。请向对方索取用述职评议助手重新导出的文件。",
        ));
    }
    if format != Some(FORMAT) {
        return Err(invalid(
            "format 字段：".into(),
            format!("不是述职评议助手的年度述职评议文件（应为 \"{FORMAT}\"，实为 {}）", describe(value.get("format"))),
            "请选择用“导出”功能或 `shuzhi export` 生成的文件。",
        ));
    }
    match value.get("format_version").and_then(|v| v.as_u64()) {
        Some(version) if version > u64::from(FORMAT_VERSION) => {
            return Err(invalid(
                "format_version 字段：".into(),
                format!("文件格式版本为 {version}，本程序只能读取 {FORMAT_VERSION} 及以下版本"),
                "请升级述职评议助手后再导入。",
            ));
        }
        Some(version) if version >= 1 => {}
        _ => {
            return Err(invalid(
                "format_version 字段：".into(),
                format!("格式版本无效（{}）", describe(value.get("format_version"))),
                "请选择用“导出”功能或 `shuzhi export` 生成的文件。",
            ));
        }
    }
    // The strict pass names the exact place of any field that does not fit.
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let mut document: CampaignDocument = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        invalid(
            format!("第 {} 行第 {} 列（{path}）：", inner.line(), inner.column()),
            translate_serde_message(&inner.to_string()),
            "请按 docs/exchange-format.md 的说明修正该处，或重新导出该文件。",
        )
    })?;
    infer_ballot_channels(&mut document);
    check_references(&document).map_err(|(place, problem, fix)| invalid(place, problem, fix))?;
    Ok(document)
}

/// Files leave out a category's way of voting when it is paper, and files of earlier
/// versions never say it: a category with codes and no printed sheet votes by phone, as
/// the database upgrade decides for the same data.
fn infer_ballot_channels(document: &mut CampaignDocument) {
    for category in &mut document.rater_categories {
        let coded = document.ballot_codes.iter().any(|c| c.category_id == category.id);
        let printed = document.ballot_sheets.iter().any(|s| s.category_id == category.id);
        if category.ballot_channel == crate::domain::BallotChannel::Paper && coded && !printed {
            category.ballot_channel = crate::domain::BallotChannel::Phone;
        }
    }
}

/// Whether `document` can be imported here: none of its records may be in this database
/// already. Writes nothing.
pub fn check_importable(store: &Store, file: &str, document: &CampaignDocument) -> Result<()> {
    // The organizer's year kept on paper is the record of that year: no file adds another.
    for existing in campaigns::list_campaigns(store.conn())? {
        if existing.organizer == document.campaign.organizer
            && existing.year == document.campaign.year
            && crate::store::history::is_paper_year(store.conn(), &existing.id)?
        {
            return Err(Error::InvalidImport {
                file: file.to_string(),
                place: "campaign.year 字段：".into(),
                problem: format!(
                    "{}的 {} 年度已由往年纸质记录导入本数据库，文件中的同一年度不能再导入",
                    existing.organizer, existing.year
                ),
                fix: "若要以文件为准，请先在该年度的“年度筹备”页删除纸质记录的年度（删除前自动备份）后再导入。".into(),
            });
        }
    }
    check_not_present(store.conn(), document).map_err(|(place, problem)| Error::InvalidImport {
        file: file.to_string(),
        place,
        problem,
        fix: "该年度述职评议（或其中的记录）已在本数据库中。若要重新导入，请换用新的数据库文件（--db），或先备份后删除原有记录。"
            .to_string(),
    })
}

/// Writes a checked document into the store in one transaction: all of it or none.
pub fn import_document(
    store: &mut Store,
    file: &str,
    document: &CampaignDocument,
    actor: &str,
) -> Result<ImportSummary> {
    import_document_with(store, file, document, actor, |_| Ok(()))
}

/// [`import_document`], with `more` written in the same transaction (what the document
/// does not carry, such as the results of a year kept on paper): all of it or none.
pub fn import_document_with(
    store: &mut Store,
    file: &str,
    document: &CampaignDocument,
    actor: &str,
    more: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<()>,
) -> Result<ImportSummary> {
    check_importable(store, file, document)?;
    // The document is sound: keep a copy of the database as it was before writing it.
    crate::store::backup::automatic_backup(store, "before-import")?;
    let tx = store.begin_write()?;
    // Parents may follow children in the document; the checks above already proved every
    // reference, so the database checks them once, at commit.
    crate::store::defer_foreign_keys(&tx)?;
    let doc = document;
    let campaign_id = doc.campaign.id.as_str();
    campaigns::insert_campaign(&tx, &doc.campaign)?;
    for (i, org) in doc.organizations.iter().enumerate() {
        organizations::insert_organization(&tx, campaign_id, i, org)?;
    }
    for (i, secretary) in doc.secretaries.iter().enumerate() {
        organizations::insert_secretary(&tx, i, secretary)?;
    }
    for report in &doc.reports {
        reports::insert_report(&tx, report)?;
    }
    for revision in &doc.revisions {
        reports::insert_revision(&tx, revision)?;
    }
    for (i, evidence) in doc.evidence.iter().enumerate() {
        reports::insert_evidence(&tx, i, evidence)?;
    }
    for (i, approval) in doc.approvals.iter().enumerate() {
        reports::insert_approval(&tx, i, approval)?;
    }
    for (i, comment) in doc.superior_comments.iter().enumerate() {
        meeting::insert_superior_comment(&tx, i, comment)?;
    }
    for (i, category) in doc.rater_categories.iter().enumerate() {
        meeting::insert_rater_category(&tx, campaign_id, i, category)?;
    }
    for (i, rater) in doc.raters.iter().enumerate() {
        meeting::insert_rater(&tx, i, rater)?;
    }
    for (i, ballot) in doc.ballots.iter().enumerate() {
        meeting::insert_ballot(&tx, campaign_id, i, ballot)?;
    }
    meeting::set_agenda(&tx, campaign_id, &doc.agenda)?;
    campaigns::set_written(&tx, campaign_id, &doc.written_reports, true)?;
    for round in &doc.vote_rounds {
        meeting::insert_round(&tx, campaign_id, round)?;
    }
    for version in &doc.assessment_rules_versions {
        crate::store::assess::insert_rules_version(&tx, campaign_id, version)?;
    }
    for scores in &doc.daily_scores {
        crate::store::assess::set_daily_scores(&tx, campaign_id, &scores.organization_id, &scores.items)?;
    }
    if doc.rules_versions.is_empty() {
        // Formats 1–2 kept only the current rules: they become version 1, as migration 3 does.
        let first = RulesVersion {
            version: 1,
            rules: doc.campaign.scoring_rules.clone(),
            created_at: doc.campaign.created_at.clone(),
            actor: doc.campaign.organizer.clone(),
        };
        meeting::insert_rules_version(&tx, campaign_id, &first)?;
    }
    for version in &doc.rules_versions {
        meeting::insert_rules_version(&tx, campaign_id, version)?;
    }
    for (i, sheet) in doc.ballot_sheets.iter().enumerate() {
        meeting::insert_sheet(&tx, campaign_id, i, sheet)?;
    }
    for (i, check) in doc.ballot_checks.iter().enumerate() {
        meeting::insert_ballot_check(&tx, campaign_id, i, check)?;
    }
    // A decision of a tie at the quota on 好 is the organizer's on this computer: a file may
    // carry one (edited or not), but it is not taken; the tie shows again to be decided here.
    let vote = doc.vote.clone().map(|v| VoteClosure { quota_decision: None, ..v });
    meeting::set_closure(&tx, campaign_id, vote.as_ref())?;
    for (i, code) in doc.ballot_codes.iter().enumerate() {
        meeting::insert_code(&tx, campaign_id, i, code)?;
    }
    for (i, problem) in doc.problems.iter().enumerate() {
        lists::insert_problem(&tx, i, problem)?;
    }
    for (i, item) in doc.responsibilities.iter().enumerate() {
        lists::insert_responsibility(&tx, i, item)?;
    }
    for (i, item) in doc.rectifications.iter().enumerate() {
        lists::insert_rectification(&tx, i, item)?;
    }
    for (i, inspection) in doc.inspections.iter().enumerate() {
        lists::insert_inspection(&tx, i, inspection)?;
    }
    for (i, note) in doc.progress_notes.iter().enumerate() {
        lists::insert_progress_note(&tx, i, note)?;
    }
    for (i, item) in doc.list_signoffs.iter().enumerate() {
        lists::insert_list_signoff(&tx, campaign_id, i, item)?;
    }
    for received in &doc.received_results {
        meeting::set_received_result(&tx, campaign_id, &received.secretary_id, Some(&received.result))?;
    }
    for entry in &doc.audit_log {
        audit::record(&tx, Some(campaign_id), entry)?;
    }
    let event = AuditEntry {
        at: store::now_text(),
        actor: actor.to_string(),
        action: "campaign.import".into(),
        entity: "campaign".into(),
        entity_id: doc.campaign.id.clone(),
        detail: match doc.vote.as_ref().and_then(|v| v.quota_decision.as_ref()) {
            None => format!("从 {file} 导入“{}”", doc.campaign.title),
            Some(_) => {
                format!("从 {file} 导入“{}”；文件中的“好”等次名额并列决定未采用，须在本机重新决定", doc.campaign.title)
            }
        },
    };
    audit::record(&tx, None, &event)?;
    more(&tx)?;
    check_seal(store, file, doc)?;
    tx.commit()?;
    Ok(ImportSummary {
        campaign_id: doc.campaign.id.clone(),
        title: doc.campaign.title.clone(),
        organizations: doc.organizations.len(),
        secretaries: doc.secretaries.len(),
        reports: doc.reports.len(),
    })
}

/// A sealed vote arrives with its fingerprint; the ballots written must give exactly that
/// fingerprint, or the file's ballots or seal were changed after the closing (checked on
/// the rows as stored, inside the import's transaction, so nothing is kept otherwise).
fn check_seal(store: &Store, file: &str, doc: &CampaignDocument) -> Result<()> {
    let Some(sealed) = &doc.vote else {
        return Ok(());
    };
    let (held, count) = crate::meeting::fingerprint_of_ballots_held(store, &doc.campaign.id)?;
    if held == sealed.fingerprint {
        // The file's log must show this closing too, as the database check will ask of it:
        // a log changed in the file would otherwise stop every write to this database.
        return match crate::database::seal_against_the_log(
            store,
            &doc.campaign.title,
            &doc.campaign.id,
            &sealed.fingerprint,
        ) {
            None => Ok(()),
            Some(problem) => Err(Error::InvalidImport {
                file: file.to_string(),
                place: "audit_log 字段：".into(),
                problem,
                fix: "文件的操作日志在导出后被改动过，没有导入任何内容。请向组织方索取原始导出的文件。".into(),
            }),
        };
    }
    Err(Error::InvalidImport {
        file: file.to_string(),
        place: "vote.fingerprint 字段：".into(),
        problem: format!(
            "封存时的测评票指纹为 {}，按文件中的 {} 张测评票算得 {}，两者不符，测评票或封存记录在结束测评后被改动过",
            sealed.fingerprint, count, held
        ),
        fix: "请向组织方索取原始导出的文件。".into(),
    })
}

/// Reads, checks and imports a file in one step.
pub fn import_file(store: &mut Store, path: &std::path::Path, actor: &str) -> Result<ImportSummary> {
    let bytes = crate::files::read_limited(path, crate::files::CAMPAIGN_FILE)?;
    let file = path.display().to_string();
    let document = parse_document(&file, &bytes)?;
    import_document(store, &file, &document, actor)
}
