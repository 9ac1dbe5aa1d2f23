//! The records of one year's 述职评议 campaign, as the people who run it name them.
//!
//! Every type here is plain data: it is what the store keeps, what the exchange
//! format carries and what the window shows. Rules that decide anything (checks,
//! grades, states) live in their own modules and take these types as input.
//! Identifiers are strings so that a record keeps its identity when a campaign
//! moves between databases (see `exchange`).

use serde::{Deserialize, Serialize};

// The meeting's records (panel, ballots, sheets, codes, closing) have a file of their own.
mod vote;
pub use vote::*;

/// A stable identifier of a record, unique within a database.
pub type Id = String;

/// Makes a new random identifier for a record created in this database.
pub fn new_id() -> Id {
    uuid::Uuid::new_v4().to_string()
}

/// One year's 述职评议 (`年度述职评议`), with the settings every report and the
/// meeting follow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    pub id: Id,
    /// The year whose work is reported (述职年度), e.g. 2023.
    pub year: i32,
    pub title: String,
    /// The superior committee that runs the campaign (组织方).
    pub organizer: String,
    /// The date of the 述职评议会, `YYYY-MM-DD`, once it is fixed.
    pub meeting_date: Option<String>,
    /// Minutes each secretary may speak at the meeting.
    pub speaking_minutes: u32,
    /// The limit on a whole report, in characters (public practice: 3000).
    pub report_char_budget: u32,
    /// The least share of the report the problems section must take, in percent.
    pub problems_min_percent: u32,
    /// The points every report must cover, in report order.
    pub focus_points: Vec<FocusPoint>,
    /// The levels a report passes through, in order (e.g. 党办初审 → 分管领导审核 → 书记审定).
    pub review_levels: Vec<String>,
    pub scoring_rules: crate::rules::scoring::ScoringRules,
    /// The stock phrases the report check counts (套话清单); `None` uses the built-in list.
    #[serde(default)]
    pub cliches: Option<Vec<String>>,
    pub created_at: String,
    /// Optional grading dimensions on the ballot (e.g. 党建工作全面性、重点工作针对性).
    #[serde(default)]
    pub dimensions: Vec<String>,
    /// Paper ballots are typed twice and compared before the vote may close (双人录入).
    #[serde(default)]
    pub double_entry: bool,
    /// Those who report in writing (书面述职) are still rated by the panel, on their report;
    /// when false they are left off the ballot.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub written_rated: bool,
    /// Every organization reports on the spot at least once in this many years (轮流现场述职);
    /// `None`: no such rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_site_every_years: Option<u32>,
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

/// What a focus point is for; the report checks use it to find the right section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FocusRole {
    /// 履行第一责任人职责情况及主要成绩
    Achievements,
    /// 存在的问题及原因分析
    Problems,
    /// 下一步工作思路和措施
    Measures,
    /// 上年度整改落实情况
    LastYear,
    /// Any further point a campaign adds.
    Other,
}

impl FocusRole {
    pub const ALL: [FocusRole; 5] =
        [FocusRole::Achievements, FocusRole::Problems, FocusRole::Measures, FocusRole::LastYear, FocusRole::Other];

    /// What the year's settings call the part a focus point plays (its title is the campaign's own).
    pub fn label(self) -> &'static str {
        match self {
            FocusRole::Achievements => "成绩",
            FocusRole::Problems => "问题及原因",
            FocusRole::Measures => "措施",
            FocusRole::LastYear => "上年度整改",
            FocusRole::Other => "其他",
        }
    }
}

/// A point every report must cover (述职重点); each becomes a section of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct FocusPoint {
    pub id: Id,
    pub title: String,
    pub role: FocusRole,
    /// What the section should contain, shown beside the editor.
    pub guidance: String,
    /// This section's share of the report's budget, in characters.
    pub char_budget: u32,
}

/// The kind of a party organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// 党委
    Committee,
    /// 党总支
    GeneralBranch,
    /// 党支部
    Branch,
}

impl OrgKind {
    pub const ALL: [OrgKind; 3] = [OrgKind::Committee, OrgKind::GeneralBranch, OrgKind::Branch];

    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Committee => "党委",
            OrgKind::GeneralBranch => "党总支",
            OrgKind::Branch => "党支部",
        }
    }
}

/// A party organization (党委 / 党总支 / 党支部); organizations form a tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub id: Id,
    /// The organization above this one in the campaign, if any.
    pub parent_id: Option<Id>,
    pub name: String,
    pub kind: OrgKind,
    /// The hospital or institution the organization belongs to (所在单位).
    pub unit: String,
}

/// The secretary (党组织书记) of an organization, who reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Secretary {
    pub id: Id,
    pub organization_id: Id,
    pub name: String,
    /// The secretary's posts, e.g. 党委书记、院长.
    pub title: String,
}

/// Where a report stands in the level-by-level review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// 草稿
    Draft,
    /// 已提交 (waiting at `review_level`)
    Submitted,
    /// 退回修改
    Returned,
    /// 已通过 (every level passed)
    Approved,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 4] =
        [ReportStatus::Draft, ReportStatus::Submitted, ReportStatus::Returned, ReportStatus::Approved];

    /// Whether a report with this status may still be changed by its secretary: a draft,
    /// or one returned for changes. Submitted and approved reports keep the text they were
    /// reviewed with. The one rule the editor, the items, the dashboard and the window use.
    pub fn is_editable(self) -> bool {
        matches!(self, ReportStatus::Draft | ReportStatus::Returned)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportStatus::Draft => "草稿",
            ReportStatus::Submitted => "已提交",
            ReportStatus::Returned => "退回修改",
            ReportStatus::Approved => "已通过",
        }
    }
}

/// A secretary's 述职报告: one section per focus point of the campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub id: Id,
    pub secretary_id: Id,
    pub status: ReportStatus,
    /// The index into the campaign's review levels that the report is at.
    pub review_level: u32,
    pub updated_at: String,
    pub sections: Vec<Section>,
}

/// The text a report gives for one focus point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub focus_point_id: Id,
    pub body: String,
}

/// A saved state of a report (on every submit, and on demand).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub id: Id,
    pub report_id: Id,
    /// 1 for the first revision of the report, then counting up.
    pub number: u32,
    pub created_at: String,
    pub author: String,
    /// Why it was saved, e.g. 提交审核 or 手动保存.
    pub note: String,
    pub sections: Vec<Section>,
}

/// A file of 佐证材料 attached to a report. The exchange format carries only this
/// description; the bytes travel in a package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub id: Id,
    pub report_id: Id,
    /// The section the evidence supports, if it supports one.
    pub focus_point_id: Option<Id>,
    /// The problem item the evidence supports, if it supports one (format version 2).
    #[serde(default)]
    pub problem_id: Option<Id>,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: u64,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    pub description: String,
    pub added_at: String,
}

/// The decision taken at one review level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ApprovalDecision {
    /// 退回修改
    Returned,
    /// 通过
    Passed,
}

impl ApprovalDecision {
    pub const ALL: [ApprovalDecision; 2] = [ApprovalDecision::Passed, ApprovalDecision::Returned];

    /// The reviewer's two buttons, and the decision in the review history.
    pub fn label(self) -> &'static str {
        match self {
            ApprovalDecision::Returned => "退回修改",
            ApprovalDecision::Passed => "通过",
        }
    }
}

/// One reviewer's action on a report at one level (审核), with its comments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub id: Id,
    pub report_id: Id,
    /// The index into the campaign's review levels.
    pub level: u32,
    pub reviewer: String,
    pub decision: ApprovalDecision,
    pub created_at: String,
    pub comments: Vec<ApprovalComment>,
}

/// A review comment (审核意见), anchored to a section when it speaks of one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalComment {
    pub focus_point_id: Option<Id>,
    pub text: String,
}

/// The superior's 一述一评 点评: 点不足、指方向、明责任.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct SuperiorComment {
    pub id: Id,
    pub secretary_id: Id,
    pub commenter: String,
    /// 点不足: each shortcoming named, one per item.
    pub shortcomings: Vec<String>,
    /// 指方向
    pub direction: String,
    /// 明责任
    pub responsibility: String,
    pub created_at: String,
}

// 好 / 较好 / 一般 / 差 is a rule of the vote: it lives with the scoring rules.
pub use crate::rules::scoring::Grade;

/// Where a problem was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ProblemSource {
    /// 自查 (the secretary's own report)
    SelfReview,
    /// 上级点评
    SuperiorComment,
    /// 群众评议
    PanelReview,
    /// 审核意见
    ReviewComment,
}

impl ProblemSource {
    pub const ALL: [ProblemSource; 4] = [
        ProblemSource::SelfReview,
        ProblemSource::SuperiorComment,
        ProblemSource::PanelReview,
        ProblemSource::ReviewComment,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ProblemSource::SelfReview => "自查",
            ProblemSource::SuperiorComment => "上级点评",
            ProblemSource::PanelReview => "群众评议",
            ProblemSource::ReviewComment => "审核意见",
        }
    }
}

/// The organizer's word on a problem found similar to one its post named in an earlier year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RepeatDecision {
    /// The same problem named again (反复出现), whether or not the words are alike.
    Confirmed,
    /// Only alike in words: no longer flagged.
    Dismissed,
}

impl RepeatDecision {
    pub const ALL: [RepeatDecision; 2] = [RepeatDecision::Confirmed, RepeatDecision::Dismissed];

    pub fn label(self) -> &'static str {
        match self {
            RepeatDecision::Confirmed => "已确认反复出现",
            RepeatDecision::Dismissed => "已排除（不是反复出现）",
        }
    }

    /// How the decision is stored.
    pub fn as_str(self) -> &'static str {
        match self {
            RepeatDecision::Confirmed => "confirmed",
            RepeatDecision::Dismissed => "dismissed",
        }
    }

    pub fn parse(text: &str) -> Option<RepeatDecision> {
        RepeatDecision::ALL.into_iter().find(|d| d.as_str() == text)
    }
}

/// A row of the 问题清单.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    pub id: Id,
    pub secretary_id: Id,
    pub source: ProblemSource,
    /// 类别, e.g. 政治建设、组织建设、作风建设.
    pub category: String,
    pub description: String,
    /// 原因分析
    pub cause: String,
    pub created_at: String,
    /// What the problem was made from: `superior_comment:<comment id>:<point index>`
    /// or `ballot:<ballot id>`; `None` for a problem written by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
}

/// A row of the 责任清单: who answers for a problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responsibility {
    pub id: Id,
    pub problem_id: Id,
    /// 责任人
    pub owner: String,
    /// 责任领导
    pub leader: String,
    /// 责任部门
    pub department: String,
}

/// The state of a rectification measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RectificationStatus {
    /// 未开始
    NotStarted,
    /// 整改中
    InProgress,
    /// 已完成
    Done,
    /// 长期坚持
    Ongoing,
}

impl RectificationStatus {
    pub const ALL: [RectificationStatus; 4] = [
        RectificationStatus::NotStarted,
        RectificationStatus::InProgress,
        RectificationStatus::Done,
        RectificationStatus::Ongoing,
    ];

    /// The statuses of a measure still being worked on (carried to next year, counted as
    /// open, overdue once past the deadline). 长期坚持 is kept up, not open.
    pub const OPEN: [RectificationStatus; 2] = [RectificationStatus::NotStarted, RectificationStatus::InProgress];

    /// Whether a measure with this status is still being worked on.
    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }

    /// Whether a measure with this status and deadline (`YYYY-MM-DD`) is overdue on `today`:
    /// open, and its deadline passed. The one rule the lists, the dashboard and the
    /// secretary page all show.
    pub fn is_overdue(self, due: Option<&str>, today: chrono::NaiveDate) -> bool {
        let due = due.and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        self.is_open() && due.is_some_and(|d| d < today)
    }

    pub fn label(self) -> &'static str {
        match self {
            RectificationStatus::NotStarted => "未开始",
            RectificationStatus::InProgress => "整改中",
            RectificationStatus::Done => "已完成",
            RectificationStatus::Ongoing => "长期坚持",
        }
    }
}

/// A row of the 整改清单: one measure (整改措施) answering a problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rectification {
    pub id: Id,
    pub problem_id: Id,
    /// 整改措施
    pub measure: String,
    /// 整改目标
    pub target: String,
    /// 责任人
    pub owner: String,
    /// 完成时限, `YYYY-MM-DD`.
    pub due: Option<String>,
    pub status: RectificationStatus,
    /// 销号: set when the item is closed with evidence and a verifier.
    pub sign_off: Option<SignOff>,
}

/// The closing of a rectification item (销号).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    /// 销号日期, `YYYY-MM-DD`.
    pub date: String,
    pub verifier: String,
    /// What shows the work is done (a description of the evidence seen).
    pub evidence: String,
}

/// The kind of a follow-up inspection (督查).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum InspectionKind {
    /// 定期督查
    Regular,
    /// 不定期抽查
    Spot,
    /// 专项督查
    Special,
}

impl InspectionKind {
    pub const ALL: [InspectionKind; 3] = [InspectionKind::Regular, InspectionKind::Spot, InspectionKind::Special];

    pub fn label(self) -> &'static str {
        match self {
            InspectionKind::Regular => "定期督查",
            InspectionKind::Spot => "不定期抽查",
            InspectionKind::Special => "专项督查",
        }
    }
}

/// A follow-up inspection of a rectification item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    pub id: Id,
    pub rectification_id: Id,
    pub kind: InspectionKind,
    /// `YYYY-MM-DD`
    pub date: String,
    pub inspector: String,
    pub findings: String,
}

/// A progress note (整改进展) on a measure, with the evidence seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct ProgressNote {
    pub id: Id,
    pub rectification_id: Id,
    /// `YYYY-MM-DD`
    pub date: String,
    pub note: String,
    /// The material that shows the progress (会议记录、制度文件、照片……).
    pub evidence: String,
    pub author: String,
    pub created_at: String,
}

/// A reviewer's sign-off of the lists of one secretary (or of the campaign when
/// `secretary_id` is `None`), with a digest of what was signed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct ListSignOff {
    pub id: Id,
    pub secretary_id: Option<Id>,
    pub reviewer: String,
    pub note: String,
    /// SHA-256 (hex) of the lists' rows as signed.
    pub content_sha256: String,
    pub signed_at: String,
}

/// One line of the audit log: who changed what, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    /// RFC 3339 time of the change.
    pub at: String,
    pub actor: String,
    /// What was done, e.g. `report.submit`.
    pub action: String,
    /// The kind of record changed, e.g. `report`.
    pub entity: String,
    pub entity_id: Id,
    /// A sentence for people: what changed.
    pub detail: String,
}

/// One secretary's published result, as the secretary sees it: worked out here when this
/// computer closed the vote, or as received from the organizer in a return package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct PersonalResult {
    /// When the vote was closed, and the fingerprint of its ballots.
    pub closed_at: String,
    pub fingerprint: String,
    /// The method in words.
    pub formula: String,
    pub grade: Option<Grade>,
    /// 等次 as text, or 未评定 without a valid vote (as on the result notice).
    pub grade_text: String,
    pub score: Option<f64>,
    pub rank: Option<u32>,
    /// How many secretaries were rated.
    pub rated: u32,
    /// `None` when the anonymity rule withholds the per-grade counts (see `anonymity`).
    pub counts: Option<crate::rules::scoring::GradeCounts>,
    /// Percent per grade in the order 好, 较好, 一般, 差; empty when the counts are withheld.
    pub percents: Vec<f64>,
    pub valid: u32,
    pub veto: Option<String>,
    pub excellent_allowed: bool,
    /// The worked calculation, line by line (without what the anonymity rule withholds).
    pub calculation: Vec<String>,
    /// The anonymity rule's note when a rater category was below the threshold: what this
    /// result leaves out and why. Absent otherwise, and in results of earlier versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymity: Option<String>,
    /// Set when the result came in a return package: when it was imported here.
    pub received_at: Option<String>,
}

/// A result received in a return package, as the exchange document carries it (format 4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceivedResult {
    pub secretary_id: Id,
    pub result: PersonalResult,
}

/// Where a problem came from, as `Problem::origin` records it: made here, one home for the
/// forms so that every reader recognises them.
pub mod origin {
    /// A problem carried over from last year's lists.
    pub fn carried(problem_id: &str) -> String {
        format!("carried:{problem_id}")
    }

    /// A problem made from point `point` (counted from 0) of a superior's 点评.
    pub fn comment_point(comment_id: &str, point: usize) -> String {
        format!("superior_comment:{comment_id}:{point}")
    }

    /// A problem made from the suggestion written on a ballot.
    pub fn ballot_suggestion(ballot_id: &str) -> String {
        format!("ballot:{ballot_id}")
    }

    /// Whether a problem was carried over from an earlier year.
    pub fn is_carried(origin: Option<&str>) -> bool {
        carried_from(origin).is_some()
    }

    /// The problem of an earlier year a problem was carried over from.
    pub fn carried_from(origin: Option<&str>) -> Option<&str> {
        origin.and_then(|o| o.strip_prefix("carried:"))
    }
}

/// The id of the bundled sample campaign: it is shown as 示例 wherever it appears.
pub const SAMPLE_CAMPAIGN_ID: &str = "sample-2023-swjw";

/// What this computer is for, chosen at the first start and changeable later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 书记：writes her own report from the organizer's campaign file.
    Secretary,
    /// 组织方：plans the year, reviews, runs the meeting, follows up the lists.
    Organizer,
    /// 查看示例：everything shown, for looking around the sample.
    Sample,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Secretary, Role::Organizer, Role::Sample];

    /// The role as the first start offers it, the title bar shows it and every message names it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Secretary => "书记（我要述职）",
            Role::Organizer => "组织方（我组织述职评议）",
            Role::Sample => "查看示例",
        }
    }
}

/// A secretary's post as printed after her unit, e.g. 市第一人民医院党委书记. A title that
/// repeats the end of the unit (市卫生健康委员会机关 + 机关第一党支部书记) is joined on the
/// shared words, so no paper or screen reads "机关机关".
pub fn post_of(unit: &str, title: &str) -> String {
    let unit_chars: Vec<char> = unit.chars().collect();
    let longest = (1..=unit_chars.len())
        .rev()
        .find(|&n| title.starts_with(&unit_chars[unit_chars.len() - n..].iter().collect::<String>()))
        .unwrap_or(0);
    let kept: String = unit_chars[..unit_chars.len() - longest].iter().collect();
    format!("{kept}{title}")
}

#[cfg(test)]
mod post_tests {
    use super::post_of;

    #[test]
    fn a_title_that_repeats_the_end_of_the_unit_is_joined_once() {
        assert_eq!(
            post_of("市卫生健康委员会机关", "机关第一党支部书记、办公室主任"),
            "市卫生健康委员会机关第一党支部书记、办公室主任"
        );
        assert_eq!(post_of("市第一人民医院", "党委书记"), "市第一人民医院党委书记");
        assert_eq!(post_of("市中医院", "市中医院党委书记"), "市中医院党委书记");
        assert_eq!(post_of("", "党委书记"), "党委书记");
        assert_eq!(post_of("市妇幼保健院", ""), "市妇幼保健院");
    }
}
