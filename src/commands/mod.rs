//! The commands a shell may call — the window (Tauri) and the browser app (`shuzhi app`)
//! alike. Each is a plain function of the core's types, `fn(&Session, args…) ->
//! CommandResult<T>`, in the module of its domain; none knows which shell called it.
//!
//! [`command_table!`] lists every command once, with its arguments, result and the
//! sentence that documents it. A shell registers the table by handing the macro a macro
//! of its own: the window makes its Tauri commands (and `ui/src/bindings.ts`) from it, the
//! browser app its dispatcher ([`dispatch`]). A command is added by writing its function
//! and its line in the table; nothing else lists commands.
//!
//! Must not: depend on Tauri or HTTP; decide anything a domain module decides.

pub mod assess;
pub mod campaign;
pub mod error;
pub mod evidence;
pub mod history;
pub mod lists;
pub mod meeting;
pub mod planning;
pub mod report;
pub mod session;
pub mod settings;
pub mod system;
pub mod workstation;

pub use error::{CommandError, CommandResult};
pub use session::{Delivered, FileFilter, Session, Shell};

use crate::files::Export;

/// The types the table names, for a shell that expands it.
pub mod prelude {
    pub use super::history::PaperYearInput;
    pub use super::meeting::PhoneVoteStatus;
    pub use super::settings::ClicheList;
    pub use super::system::{ChosenBackup, RestoreSource};
    pub use super::workstation::SampleLoaded;
    pub use super::{CommandError, CommandResult, Session};
    pub use crate::assess::AssessmentRules;
    pub use crate::assess::campaign::{AssessmentView, DecisionInput};
    pub use crate::assess::scores::{DailyItemInput, DailyScorePreview, DailyScoreRow};
    pub use crate::dashboard::{Dashboard, SecretaryPage};
    pub use crate::domain::Role;
    pub use crate::domain::{
        BallotChannel, Campaign, InspectionKind, ListSignOff, QuotaTieDecision, RectificationStatus, RepeatDecision,
        ReportStatus, Section, VoteClosure,
    };
    pub use crate::history::paper::{PaperYearImported, PaperYearPreview};
    pub use crate::history::posts::PostLinks;
    pub use crate::history::{CampaignsHistory, PostHistory, RepeatedProblem};
    pub use crate::labels::Labels;
    pub use crate::lists::items::{MeasureInput, ProblemInput, ProblemItem};
    pub use crate::lists::{ListKind, Lists};
    pub use crate::meeting::reconcile::BallotReconciliation;
    pub use crate::meeting::{
        BallotInput, CategoryInput, CommentInput, EnteredBallot, EntryDifference, KeepEntry, MeetingResults,
        MeetingSettings, MeetingView,
    };
    pub use crate::package::{PackageComparison, PackageOutcome};
    pub use crate::planning::{
        CampaignInput, CampaignSettings, Coverage, CreatedCampaign, OrganizationInput, OrganizationNode,
        RosterImported, RosterPreview, RosterRow, SecretaryInput,
    };
    pub use crate::report::evidence::{EvidenceContent, EvidenceTarget, EvidenceView};
    pub use crate::report::{ReportEditor, ReviewInput, RevisionComparison, SectionSaved};
    pub use crate::rules::checks::{CheckReport, Finding};
    pub use crate::rules::scoring::{RulesPreset, ScoringRules};
    pub use crate::sample::scale::{ScaleInput, ScaleSummary};
    pub use crate::store::DatabaseHealth;
    pub use crate::store::backup::{BackupCheck, BackupInfo};
    pub use crate::store::campaigns::CampaignSummary;
    pub use crate::workstation::{CampaignFilePreview, MyYear, OwnReportInput, Workstation};
}

/// Every command, once: `domain { /// doc  fn name(args) -> result; … }`, where `domain`
/// is the module under [`crate::commands`] that holds the function. `dialog` instead of
/// `fn` marks a command that waits for the person to choose a file or where to save one
/// (the window must not run it on its main thread). Expands to `$then! { … }` with the table as its input;
/// the types are those of [`prelude`].
#[macro_export]
macro_rules! command_table {
    ($then:ident) => {
        $then! {
                campaign {
                    /// Every campaign in the database, newest first.
                    fn list_campaigns() -> Vec<CampaignSummary>;
                    /// The dashboard of one campaign: every secretary and where they stand.
                    fn campaign_dashboard(campaign_id: String) -> Dashboard;
                    /// Exports the whole year as a campaign file (a backup, or for another organizer's computer), saved as `export_report_pdf` is.
                    dialog export_campaign_file(campaign_id: String) -> Option<String>;
                    /// Exports one secretary's campaign file (only what is hers), saved as `export_report_pdf` is.
                    dialog export_secretary_file(secretary_id: String) -> Option<String>;
                    /// Exports one campaign file per secretary, each with only what is hers, into a folder of their own; the folder's path, or `null` when cancelled.
                    dialog export_secretary_files(campaign_id: String) -> Option<String>;
                }
                history {
                    /// 历年对比 of the post a secretary holds, whoever held it: grade, share of 好, score and rank, problems by source, rectification, the report's length and checks, year by year.
                    fn secretary_history(secretary_id: String) -> PostHistory;
                    /// 历年对比 of an organization, found by its name and unit in every campaign.
                    fn organization_history(organization_id: String) -> PostHistory;
                    /// The campaign across years (of the organizer of the campaign given): grades, share of 好, problems and rectification by source, posts below 较好 twice or more, overdue measures by age.
                    fn campaigns_history(campaign_id: String) -> CampaignsHistory;
                    /// The problems of a campaign that repeat a problem of the same post in an earlier year (反复出现), with both years' wording.
                    fn repeated_problems(campaign_id: String) -> Vec<RepeatedProblem>;
                    /// The organizer's word on a problem found like one its post named in an earlier year: `confirmed` (反复出现 even where the words differ), `dismissed` (no longer flagged), or `null` to take it back. Organizer only; logged.
                    fn decide_repeat(problem_id: String, earlier_problem_id: String, decision: Option<RepeatDecision>) -> ();
                    /// An organization's links to the posts of earlier years (renamed or merged), and the earlier posts it could be linked to.
                    fn post_links(organization_id: String) -> PostLinks;
                    /// Links an organization to the post earlier years knew by another name (renamed, or merged into it), so 历年对比 reads them as one; returns the link's id. Organizer only; logged.
                    fn link_post(organization_id: String, earlier_name: String, earlier_unit: String) -> String;
                    /// Takes a link to an earlier post back. Organizer only; logged.
                    fn unlink_post(link_id: String) -> ();
                    /// Reads an earlier year's 评议结果汇总表 (and 整改清单, if given) kept in Excel, row by row, and checks each row and the whole; writes nothing.
                    fn preview_paper_year(campaign_id: String, input: PaperYearInput) -> PaperYearPreview;
                    /// Imports an earlier year kept on paper as a year of the organizer of the campaign given (its organizations, secretaries, lists and recorded results), all or nothing; refused while any row is wrong. Organizer only; logged.
                    fn import_paper_year(campaign_id: String, input: PaperYearInput) -> PaperYearImported;
                    /// The campaign across years as an A4 PDF (charts in greys, every figure in a table beneath); the path, or `null` when cancelled.
                    dialog export_campaigns_history_pdf(campaign_id: String) -> Option<String>;
                    /// The campaign across years as an Excel workbook of the same figures; the path, or `null` when cancelled.
                    dialog export_campaigns_history_xlsx(campaign_id: String) -> Option<String>;
                }
                report {
                    /// The page of one secretary: report sections, review history, problems and measures.
                    fn secretary_page(secretary_id: String) -> SecretaryPage;
                    /// Starts the secretary's report (or finds the one already started) and returns its id.
                    fn start_report(secretary_id: String) -> String;
                    /// Everything the editor shows for one report.
                    fn report_editor(report_id: String) -> ReportEditor;
                    /// Autosave of one section on the version it was based on (empty: a text never seen); a save on text changed elsewhere
                    /// keeps that text as a revision and says so.
                    fn save_section(report_id: String, focus_point_id: String, base_version: String, body: String) -> SectionSaved;
                    /// Checks the texts on screen, as the secretary types.
                    fn check_draft(report_id: String, sections: Vec<Section>) -> CheckReport;
                    /// Saves the report as it stands as a new revision; returns its number.
                    fn save_revision(report_id: String, note: String) -> u32;
                    /// Submits the report to the level it goes to next.
                    fn submit_report(report_id: String) -> ();
                    /// Records a reviewer's decision at the level the report waits at.
                    fn review_report(report_id: String, input: ReviewInput) -> ReportStatus;
                    /// The differences between two revisions of one report.
                    fn compare_revisions(older_revision_id: String, newer_revision_id: String) -> RevisionComparison;
                    /// Exports the report as PDF where the person saves it (the window's save dialog starts in 文档/述职评议助手); the path, or `null` when they cancelled.
                    dialog export_report_pdf(report_id: String) -> Option<String>;
                    /// Exports the report as a Word document (公文 style), saved as `export_report_pdf` is.
                    dialog export_report_docx(report_id: String) -> Option<String>;
                    /// Exports the report's exchange package (.szpkg), saved as `export_report_pdf` is.
                    dialog export_report_package(report_id: String) -> Option<String>;
                    /// Exports the organizer's return package for one secretary, saved as `export_report_pdf` is.
                    dialog export_return_package(secretary_id: String) -> Option<String>;
                    /// Compares a package the person chose with this database, section by section, writing nothing.
                    fn compare_package(file_name: String, content_base64: String) -> PackageComparison;
                    /// Imports a package the person chose, a secretary's report or the organizer's return;
                    /// `replace` after they saw the difference. Returns what was imported, in words,
                    /// the report it brought and the next step.
                    fn import_package(file_name: String, content_base64: String, replace: bool) -> PackageOutcome;
                }
                evidence {
                    /// Attaches a file the person chose in the window; its bytes arrive base64-encoded.
                    fn attach_evidence(report_id: String, target: EvidenceTarget, file_name: String, content_base64: String, description: String) -> EvidenceView;
                    /// The evidence of a report.
                    fn list_evidence(report_id: String) -> Vec<EvidenceView>;
                    /// The bytes of a piece of evidence, for its preview.
                    fn evidence_content(evidence_id: String) -> EvidenceContent;
                    /// Deletes a piece of evidence (the window asks first).
                    fn delete_evidence(evidence_id: String) -> ();
                }
                lists {
                    /// A secretary's problems with their measures.
                    fn problem_items(secretary_id: String) -> Vec<ProblemItem>;
                    /// Adds a problem the secretary found (自查); returns its id.
                    fn add_problem(secretary_id: String, input: ProblemInput) -> String;
                    /// Adds a problem for each numbered item (or paragraph) of a pasted text; returns their ids.
                    fn add_problems_from_text(secretary_id: String, text: String) -> Vec<String>;
                    /// Rewrites the problems and measures sections from the items, keeping her words as a revision.
                    fn rewrite_sections_from_items(report_id: String) -> ();
                    /// Changes a problem item (its text, category, responsibility).
                    fn update_problem(problem_id: String, input: ProblemInput) -> ();
                    /// Deletes a problem item with its measures.
                    fn delete_problem(problem_id: String) -> ();
                    /// Adds a measure to a problem; returns its id.
                    fn add_measure(problem_id: String, input: MeasureInput) -> String;
                    /// Changes a rectification measure.
                    fn update_measure(rectification_id: String, input: MeasureInput) -> ();
                    /// Deletes a rectification measure.
                    fn delete_measure(rectification_id: String) -> ();
                    /// The three lists of a campaign, or of one secretary.
                    fn build_lists(campaign_id: String, secretary_id: Option<String>) -> Lists;
                    /// The review of the measures, in the report checks' finding format.
                    fn review_measures(campaign_id: String, secretary_id: Option<String>) -> Vec<Finding>;
                    /// Changes a measure's state (已完成 goes through sign-off).
                    fn set_rectification_status(rectification_id: String, status: RectificationStatus) -> ();
                    /// 销号 with its date, verifier and the evidence seen.
                    fn sign_off_rectification(rectification_id: String, date: String, verifier: String, evidence: String) -> ();
                    /// Undoes the last change of a measure's state (logged); returns what it did, in words.
                    fn undo_status_change(rectification_id: String) -> String;
                    /// 销号 with a file seen as evidence; the file joins the report's evidence on the measure's problem.
                    fn sign_off_with_file(rectification_id: String, date: String, verifier: String, evidence: String, file_name: String, content_base64: String) -> ();
                    /// Records a 督查 of a measure.
                    fn add_inspection(rectification_id: String, kind: InspectionKind, date: String, inspector: String, findings: String) -> String;
                    /// Exports the chosen lists as PDF, saved as `export_report_pdf` is.
                    dialog export_lists_pdf(campaign_id: String, secretary_id: Option<String>, kinds: Vec<ListKind>) -> Option<String>;
                    /// Exports the three lists (with their tracking columns) as an Excel workbook, saved as `export_report_pdf` is.
                    dialog export_lists_xlsx(campaign_id: String, secretary_id: Option<String>) -> Option<String>;
                    /// Records progress on a measure with the evidence seen; returns the note's id.
                    fn add_progress(rectification_id: String, date: String, note: String, evidence: String) -> String;
                    /// Merges a duplicate problem into another of the same secretary.
                    fn merge_problems(keep_id: String, duplicate_id: String) -> ();
                    /// Moves a problem one place up or down in its secretary's list.
                    fn move_problem(problem_id: String, up: bool) -> ();
                    /// The reviewer signs the lists (of one secretary, or of the campaign).
                    fn sign_off_lists(campaign_id: String, secretary_id: Option<String>, reviewer: String, note: String) -> ListSignOff;
                }
                meeting {
                    /// Everything the meeting page shows: agenda, panel, rules, ballots entered, the vote's state.
                    fn meeting_view(campaign_id: String) -> MeetingView;
                    /// Sets who reports at the meeting, in order.
                    fn set_agenda(campaign_id: String, secretary_ids: Vec<String>) -> ();
                    /// Saves how the meeting runs: speaking minutes, the dimensions rated, double entry of paper ballots.
                    fn save_meeting_settings(campaign_id: String, settings: MeetingSettings) -> ();
                    /// Marks secretaries as reporting in writing (书面述职, `written`) or on the spot.
                    fn set_reporting_mode(campaign_id: String, secretary_ids: Vec<String>, written: bool) -> ();
                    /// Saves the panel: its categories of voters and how many of each.
                    fn save_panel(campaign_id: String, categories: Vec<CategoryInput>) -> ();
                    /// Sets how the named categories vote (the others keep their way), through the panel's rules.
                    fn set_ballot_channel(campaign_id: String, category_ids: Vec<String>, channel: BallotChannel) -> ();
                    /// The built-in counting rules to start from.
                    fn rules_presets() -> Vec<RulesPreset>;
                    /// Checks rules without saving them; returns the method in words.
                    fn describe_rules(rules: ScoringRules) -> String;
                    /// Saves a new version of the rules; returns its number.
                    fn save_rules(campaign_id: String, rules: ScoringRules) -> u32;
                    /// Saves the 一述一评 点评 of one secretary; returns its id.
                    fn save_comment(secretary_id: String, input: CommentInput) -> String;
                    /// Turns one point of a 点评 into a problem item; returns its id.
                    fn comment_point_to_problem(comment_id: String, point: u32, category: String) -> String;
                    /// Turns a ballot's written suggestion into a problem item; returns its id.
                    fn suggestion_to_problem(ballot_id: String, secretary_id: String, text: String) -> String;
                    /// Enters a paper ballot (refused when its serial was entered already).
                    fn enter_ballot(campaign_id: String, input: BallotInput) -> EnteredBallot;
                    /// Corrects an entered paper ballot (only while the vote is open).
                    fn update_ballot(campaign_id: String, ballot_id: String, input: BallotInput) -> EnteredBallot;
                    /// Deletes an entered paper ballot (only while the vote is open).
                    fn delete_ballot(campaign_id: String, ballot_id: String) -> ();
                    /// The second typing of a paper ballot; returns where it differs from the first.
                    fn enter_check(campaign_id: String, input: BallotInput) -> Vec<EntryDifference>;
                    /// Settles a difference between the two entries of one ballot.
                    fn settle_check(campaign_id: String, serial: String, keep: KeepEntry) -> ();
                    /// Closes the vote: the ballots are sealed and counted once.
                    fn close_vote(campaign_id: String, over_vote_reason: Option<String>) -> VoteClosure;
                    /// Ballots issued and returned per rater category, valid and invalid, and any category that returned more than it may.
                    fn ballot_reconciliation(campaign_id: String) -> BallotReconciliation;
                    /// Starts a new round after the rules stopped the vote (须重新测评): the round is kept whole, the vote opens empty; returns the new round's number.
                    fn start_new_round(campaign_id: String, reason: String) -> u32;
                    /// Reopens a closed vote, with the reason logged.
                    fn reopen_vote(campaign_id: String, reason: String) -> ();
                    /// The results, or `None` while the vote is open.
                    fn meeting_results(campaign_id: String) -> Option<MeetingResults>;
                    /// Decides a tie at the quota on 好 (closed vote only): the tied secretaries who keep 好, with the reason logged and printed.
                    fn decide_quota_tie(campaign_id: String, kept: Vec<String>, reason: String) -> QuotaTieDecision;
                    /// Prints the numbered ballot sheets to a PDF, saved as `export_report_pdf` is.
                    dialog export_ballot_sheets(campaign_id: String) -> Option<String>;
                    /// The 评议结果汇总表 (`summary`) or the result sheets (one secretary, or all) as PDF, saved as `export_report_pdf` is.
                    dialog export_results_pdf(campaign_id: String, summary: bool, secretary_id: Option<String>) -> Option<String>;
                    /// Writes the recount files (rules.json, ballots.csv) to a folder inside the one the person chooses; the folder, or `null` when they cancelled.
                    dialog export_recount(campaign_id: String) -> Option<String>;
                    /// Exports the results table as an Excel workbook, saved as `export_report_pdf` is.
                    dialog export_results_xlsx(campaign_id: String) -> Option<String>;
                    /// Starts the ballot server on `bind` (e.g. 0.0.0.0:8080) and issues codes as needed.
                    fn start_phone_vote(campaign_id: String, bind: String) -> PhoneVoteStatus;
                    /// Stops the ballot server (closing the vote also stops it).
                    fn stop_phone_vote(campaign_id: String) -> PhoneVoteStatus;
                    /// Whether phones can vote now, where, and how many have (never any result).
                    fn phone_vote_status(campaign_id: String) -> PhoneVoteStatus;
                    /// Shows the projector view in its own full-screen window (a second display when there is
                    /// one); `false` when the shell has no windows of its own and the page opens a tab instead.
                    fn open_projector(campaign_id: String) -> bool;
                    /// Closes the projector's own window; `false` when there is none.
                    fn close_projector() -> bool;
                    /// Prints the code slips for the running server's address (or `url`), saved as `export_report_pdf` is.
                    dialog export_code_slips(campaign_id: String, url: String) -> Option<String>;
                }
                assess {
                    /// 年度考核 (述评考一体化): the rule, the 日常考核 scores, the composite per secretary and the decisions.
                    fn assessment_view(campaign_id: String) -> AssessmentView;
                    /// Saves the composite rule as a new version; returns its number.
                    fn save_assessment_rules(campaign_id: String, rules: AssessmentRules) -> u32;
                    /// Reads the rows of a 日常考核 file the person chose; its bytes arrive base64-encoded.
                    fn read_daily_scores(file_name: String, content_base64: String) -> Vec<DailyScoreRow>;
                    /// The 日常考核 template of the year (every organization, the item columns), saved as `export_report_pdf` is.
                    dialog export_daily_scores_template(campaign_id: String) -> Option<String>;
                    /// Checks 日常考核 rows against the year, row by row; writes nothing.
                    fn preview_daily_scores(campaign_id: String, rows: Vec<DailyScoreRow>) -> DailyScorePreview;
                    /// Imports 日常考核 rows, all or nothing; returns how many organizations.
                    fn import_daily_scores(campaign_id: String, rows: Vec<DailyScoreRow>) -> u32;
                    /// Saves one organization's 日常考核 items as typed (none removes them).
                    fn save_daily_scores(campaign_id: String, organization_id: String, items: Vec<DailyItemInput>) -> ();
                    /// Records or clears the organizer's decision for a secretary (a missing part, a one-vote veto).
                    fn decide_assessment(campaign_id: String, input: DecisionInput) -> ();
                    /// The 年度党建考核结果 as PDF, saved as `export_report_pdf` is.
                    dialog export_assessment_pdf(campaign_id: String) -> Option<String>;
                    /// The 年度党建考核结果 as an Excel workbook, saved as `export_report_pdf` is.
                    dialog export_assessment_xlsx(campaign_id: String) -> Option<String>;
                    /// The assessment's recount files (rule and decisions, scores, vote results) in a folder.
                    dialog export_assessment_files(campaign_id: String) -> Option<String>;
                }
                planning {
                    /// Creates a year's campaign, optionally copying an earlier one (open items carry over).
                    fn create_campaign(input: CampaignInput, copy_from: Option<String>) -> CreatedCampaign;
                    /// Changes a year's 年度 and title after a backup; returns the backup's path.
                    fn rename_campaign(campaign_id: String, year: i32, title: String) -> Option<String>;
                    /// Deletes a year after a backup, once the person typed its year; returns the backup's path.
                    fn delete_campaign(campaign_id: String, confirm_year: i32) -> Option<String>;
                    /// 全覆盖 and what is missing before the meeting.
                    fn campaign_coverage(campaign_id: String) -> Coverage;
                    /// Reads the rows of a roster file the person chose; its bytes arrive base64-encoded.
                    fn read_roster(file_name: String, content_base64: String) -> Vec<RosterRow>;
                    /// The roster template (名单模板.xlsx: the header the import reads and example rows), saved as `export_report_pdf` is.
                    dialog export_roster_template() -> Option<String>;
                    /// What importing these rows would do, row by row; writes nothing.
                    fn preview_roster(campaign_id: String, rows: Vec<RosterRow>) -> RosterPreview;
                    /// Imports the rows, all or nothing.
                    fn import_roster(campaign_id: String, rows: Vec<RosterRow>) -> RosterImported;
                    /// The whole campaign record (settings, focus points, review levels, rules).
                    fn campaign_details(campaign_id: String) -> Campaign;
                    /// Saves the year's settings: title, meeting date, report length, review levels, focus points.
                    fn save_campaign_settings(campaign_id: String, settings: CampaignSettings) -> ();
                    /// The organizations of the campaign as a tree, with their secretaries.
                    fn organization_tree(campaign_id: String) -> Vec<OrganizationNode>;
                    /// Changes an organization by hand (same name rules as the roster).
                    fn update_organization(organization_id: String, input: OrganizationInput) -> ();
                    /// Deletes an organization that has no sub-organizations and no secretary.
                    fn delete_organization(organization_id: String) -> ();
                    /// Changes a secretary by hand (same name rules as the roster).
                    fn update_secretary(secretary_id: String, input: SecretaryInput) -> ();
                    /// Removes a secretary who has no report, no ballot row and no problem yet.
                    fn delete_secretary(secretary_id: String) -> ();
                }
                settings {
                    /// The campaign's stock phrases and whether they are the built-in list.
                    fn campaign_cliches(campaign_id: String) -> ClicheList;
                    /// Saves the list (`None` restores the built-in one) and returns what is now in force.
                    fn set_campaign_cliches(campaign_id: String, phrases: Option<Vec<String>>) -> ClicheList;
                }
                workstation {
                    /// What this computer is for, the person's name in that role, and whether the sample is here.
                    fn workstation() -> Workstation;
                    /// Sets what this computer is for (first start or later) and the name kept for that role.
                    fn choose_role(role: Role, name: String, remove_sample: bool) -> Workstation;
                    /// Changes the name kept for this computer's role.
                    fn set_my_name(name: String) -> Workstation;
                    /// Loads the bundled sample campaign when it is not in the database (after it was removed, say).
                    fn load_sample() -> SampleLoaded;
                    /// Fills an empty database with made-up years (`shuzhi demo --years 10 --secretaries 200`):
                    /// each year's reports, lists, evidence and a closed paper vote, for 历年对比 and the scale benchmark.
                    fn load_scale_sample(input: ScaleInput) -> ScaleSummary;
                    /// Removes the bundled sample (a backup is made first); whether there was one.
                    fn remove_sample() -> bool;
                    /// Reads an organizer's campaign file whole and lists its secretaries, writing nothing.
                    fn read_campaign_file(file_name: String, content_base64: String) -> CampaignFilePreview;
                    /// Imports a campaign file; `me` is the secretary this computer belongs to. Returns what it did.
                    fn import_campaign_file(file_name: String, content_base64: String, me: Option<String>) -> String;
                    /// A secretary's own report outline when she has no campaign file; returns the report's id.
                    fn start_own_report(input: OwnReportInput) -> String;
                    /// The years of the secretary this computer belongs to, newest first, for her year switch.
                    fn my_years() -> Vec<MyYear>;
                }
                system {
                    /// The words for every value the window shows or offers (states, sources, roles, grades…),
                    /// loaded once when the window starts: the page has none of its own.
                    fn labels() -> Labels;
                    /// Runs SQLite's integrity and foreign-key checks and checks every sealed vote's fingerprint.
                    fn check_database() -> DatabaseHealth;
                    /// Whether a file of `kind` (roster, package, evidence…) and `size_bytes` may be read;
                    /// the window asks before it reads the file the person chose.
                    fn check_file_size(kind: String, file_name: String, size_bytes: f64) -> ();
                    /// Whether writing has stopped because the database is known to be damaged (the window
                    /// then says so on every page and sends the person to restore a backup).
                    fn writes_stopped() -> bool;
                    /// Backs the database up to a place the person chooses (a USB stick, say); returns where it
                    /// went, or nothing when they cancelled. The page never hands over a path: the window saves
                    /// only where the system's save dialog says, the browser app hands the copy out as a download.
                    dialog backup_to_chosen_file() -> Option<String>;
                    /// Lets the person choose a backup file of their own and checks it; a restore may then use
                    /// exactly that file. Nothing when they cancelled.
                    dialog choose_backup_file() -> Option<ChosenBackup>;
                    /// Opens a file the program exported in the system's viewer (to read or print it).
                    /// Only files inside the export folder are opened.
                    fn open_exported(path: String) -> ();
                    /// Opens the folder that holds a file the program exported (only inside the export folder).
                    fn open_export_folder(path: String) -> ();
                    /// Copies an exported file to where the person chooses in the system's save dialog;
                    /// nothing when they cancelled (the browser app downloads it instead).
                    dialog save_exported_as(path: String) -> Option<String>;
                    /// Backs the database up now into the backups folder; returns the file's path.
                    fn backup_now() -> String;
                    /// The automatic and manual backups in the backups folder, newest first.
                    fn list_backups() -> Vec<BackupInfo>;
                    /// Checks a backup of the list (named by its file name) without changing anything.
                    fn check_backup(file_name: String) -> BackupCheck;
                    /// Restores the database from a backup (checked first; the current one is backed up).
                    fn restore_backup(source: RestoreSource) -> ();
                }
        }
    };
}

/// Expands the table into [`dispatch`] and [`COMMAND_NAMES`].
macro_rules! define_dispatch {
    ($( $domain:ident { $( $(#[$doc:meta])* $how:ident $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty ; )* } )*) => {
        /// The name of every command, as the page calls it.
        pub const COMMAND_NAMES: &[&str] = &[$($(stringify!($name),)*)*];

        /// Runs the command `name` with the arguments the page sent (an object keyed by the
        /// arguments' camelCase names, as the window's bindings send them) and returns its
        /// result as JSON; `None` when there is no such command.
        pub fn dispatch(
            session: &Session,
            name: &str,
            arguments: serde_json::Value,
        ) -> Option<CommandResult<serde_json::Value>> {
            use prelude::*;
            match name {
                $($(
                    stringify!($name) => Some((|| {
                        #[derive(serde::Deserialize)]
                        #[serde(rename_all = "camelCase", deny_unknown_fields)]
                        struct Arguments { $($arg: $ty),* }
                        let Arguments { $($arg),* } = read_arguments(name, arguments)?;
                        let result: $ret = $domain::$name(session, $($arg),*)?;
                        serde_json::to_value(result).map_err(|e| CommandError::Storage {
                            message: format!("结果无法传给页面（{e}）。"),
                        })
                    })()),
                )*)*
                _ => None,
            }
        }
    };
}

command_table!(define_dispatch);

/// The arguments of command `name`, or a message saying they were not what it takes.
fn read_arguments<T: serde::de::DeserializeOwned>(name: &str, arguments: serde_json::Value) -> CommandResult<T> {
    let arguments = if arguments.is_null() { serde_json::json!({}) } else { arguments };
    serde_path_to_error::deserialize(arguments).map_err(|e| CommandError::InvalidInput {
        message: format!("页面发来的“{name}”请求不完整或格式不对（{e}）。请刷新页面后重试。"),
    })
}

/// Saves a file the core made into the export folder (文档/述职评议助手); returns its path.
pub fn save_to_export_folder(export: Export) -> CommandResult<Delivered> {
    let path = crate::report::pdf::export_folder().join(export.file_name);
    crate::files::write_atomically(&path, &export.bytes)?;
    Ok(Delivered { shown: path.display().to_string(), saved_at: Some(path) })
}

/// Saves files that belong together into `folder` inside the export folder; returns its path.
pub fn save_folder_to_export_folder(folder: &str, files: Vec<Export>) -> CommandResult<Delivered> {
    save_folder_in(&crate::report::pdf::export_folder(), folder, files)
}

/// Saves files that belong together into `folder` inside `parent`; returns its path.
pub fn save_folder_in(parent: &std::path::Path, folder: &str, files: Vec<Export>) -> CommandResult<Delivered> {
    let folder = parent.join(folder);
    for file in files {
        crate::files::write_atomically(&folder.join(file.file_name), &file.bytes)?;
    }
    Ok(Delivered { shown: folder.display().to_string(), saved_at: Some(folder) })
}

/// What a save dialog offers for a file named `file_name`: its kind in words and its extension.
pub fn filter_for(file_name: &str) -> FileFilter {
    let extension = std::path::Path::new(file_name).extension().and_then(|e| e.to_str()).unwrap_or_default();
    match extension.to_ascii_lowercase().as_str() {
        "pdf" => FileFilter { name: "PDF 文件", extensions: &["pdf"] },
        "docx" => FileFilter { name: "Word 文档", extensions: &["docx"] },
        "xlsx" => FileFilter { name: "Excel 工作簿", extensions: &["xlsx"] },
        "szpkg" => FileFilter { name: "述职评议交换包", extensions: &["szpkg"] },
        "json" => FileFilter { name: "JSON 文件", extensions: &["json"] },
        _ => FileFilter { name: "文件", extensions: &["*"] },
    }
}

/// A shell with no person to ask (tests, scripts): exports go to the export folder, and
/// every chooser is cancelled.
pub struct SavesToFolder;

impl Shell for SavesToFolder {
    fn deliver(&self, export: Export) -> CommandResult<Option<Delivered>> {
        save_to_export_folder(export).map(Some)
    }

    fn deliver_folder(&self, folder: &str, files: Vec<Export>) -> CommandResult<Option<Delivered>> {
        save_folder_to_export_folder(folder, files).map(Some)
    }

    fn keep_elsewhere(&self, _title: &str, _export: Export, _filter: FileFilter) -> CommandResult<Option<String>> {
        Ok(None)
    }

    fn choose_file(&self, _title: &str, _filter: FileFilter) -> Option<std::path::PathBuf> {
        None
    }
}

/// The bytes of a file of `kind` the page read and sent base64-encoded; refused from its
/// length, before decoding, when it is larger than the kind's limit.
pub(crate) fn file_bytes(
    kind: crate::files::FileKind,
    file_name: &str,
    content_base64: &str,
) -> CommandResult<Vec<u8>> {
    use base64::Engine;
    crate::files::check_size(file_name, kind, (content_base64.len() as u64 / 4) * 3)?;
    base64::engine::general_purpose::STANDARD.decode(content_base64.as_bytes()).map_err(|_| {
        CommandError::InvalidInput {
            message: format!("文件“{file_name}”没有完整传到程序中。请重新选择该文件。")
        }
    })
}

/// Today's date, which decides what is overdue.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> (tempfile::TempDir, Session) {
        let dir = tempfile::tempdir().unwrap();
        let session = Session::open(dir.path().join("shuzhi.db"), Box::new(SavesToFolder));
        (dir, session)
    }

    /// The dispatcher reaches a command by the name and the camelCase arguments the
    /// window's bindings use, and returns what the window would receive.
    #[test]
    fn the_dispatcher_runs_a_command_by_name_with_the_bindings_arguments() {
        let (_dir, session) = session();
        let campaigns = dispatch(&session, "list_campaigns", serde_json::Value::Null).unwrap().unwrap();
        let campaign_id = campaigns[0]["id"].as_str().unwrap().to_string();
        let dashboard = dispatch(&session, "campaign_dashboard", serde_json::json!({ "campaignId": campaign_id }))
            .unwrap()
            .unwrap();
        assert!(dashboard["rows"].as_array().is_some_and(|rows| !rows.is_empty()), "{dashboard}");
        assert!(COMMAND_NAMES.contains(&"campaign_dashboard") && COMMAND_NAMES.len() > 80);
    }

    /// What the page sends is checked whole: a missing, misspelt or extra argument is
    /// refused with a message, and an unknown command is not run.
    #[test]
    fn the_dispatcher_refuses_arguments_that_are_not_the_commands() {
        let (_dir, session) = session();
        for arguments in [
            serde_json::json!({}),
            serde_json::json!({ "campaign_id": "x" }),
            serde_json::json!({ "campaignId": "x", "more": 1 }),
        ] {
            let refused = dispatch(&session, "campaign_dashboard", arguments).unwrap().unwrap_err();
            assert!(
                matches!(&refused, CommandError::InvalidInput { message } if message.contains("页面发来的“campaign_dashboard”请求不完整或格式不对")),
                "{refused:?}"
            );
        }
        assert!(dispatch(&session, "drop_everything", serde_json::json!({})).is_none());
    }
}
