//! The words for the core's values, sent to the window in one piece.
//!
//! Each value the window shows or offers (a report's state, a measure's state, a problem's
//! source, a role, a grade…) has one wording, its type's `label()`, written once in the core.
//! The window loads [`labels`] when it starts and looks every such word up there; it holds
//! no Chinese label of its own for these values (a test reads `ui/src` to keep it so).
//! A view that already carries a value's words (`grade_text`, `report_status_text`,
//! `kind_text`…) is shown as it is.

use serde::Serialize;

use crate::assess::GradeScale;
use crate::domain::{
    ApprovalDecision, BallotChannel, FocusRole, InspectionKind, OrgKind, ProblemSource, RectificationStatus,
    RepeatDecision, ReportStatus, Role,
};
use crate::lists::ListKind;
use crate::rules::checks::Severity;
use crate::rules::scoring::{Grade, Mark, QuorumScope, ScoringMethod};

/// One value and its words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Labelled<T> {
    pub value: T,
    pub label: String,
}

/// Every value of each type the window shows, in the core's order, with its words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Labels {
    pub report_status: Vec<Labelled<ReportStatus>>,
    pub approval_decision: Vec<Labelled<ApprovalDecision>>,
    pub focus_role: Vec<Labelled<FocusRole>>,
    pub org_kind: Vec<Labelled<OrgKind>>,
    pub role: Vec<Labelled<Role>>,
    pub ballot_channel: Vec<Labelled<BallotChannel>>,
    pub grade: Vec<Labelled<Grade>>,
    pub mark: Vec<Labelled<Mark>>,
    pub scoring_method: Vec<Labelled<ScoringMethod>>,
    pub quorum_scope: Vec<Labelled<QuorumScope>>,
    /// The four grade names of each scale, joined by 、 (好、较好、一般、差).
    pub grade_scale: Vec<Labelled<GradeScale>>,
    pub severity: Vec<Labelled<Severity>>,
    pub problem_source: Vec<Labelled<ProblemSource>>,
    pub rectification_status: Vec<Labelled<RectificationStatus>>,
    pub inspection_kind: Vec<Labelled<InspectionKind>>,
    pub list_kind: Vec<Labelled<ListKind>>,
    pub repeat_decision: Vec<Labelled<RepeatDecision>>,
}

fn each<T: Copy>(values: &[T], label: fn(T) -> &'static str) -> Vec<Labelled<T>> {
    values.iter().map(|&value| Labelled { value, label: label(value).to_string() }).collect()
}

/// The words for every value of every type in [`Labels`].
pub fn labels() -> Labels {
    Labels {
        report_status: each(&ReportStatus::ALL, ReportStatus::label),
        approval_decision: each(&ApprovalDecision::ALL, ApprovalDecision::label),
        focus_role: each(&FocusRole::ALL, FocusRole::label),
        org_kind: each(&OrgKind::ALL, OrgKind::label),
        role: each(&Role::ALL, Role::label),
        ballot_channel: each(&BallotChannel::ALL, BallotChannel::label),
        grade: each(&Grade::ALL, Grade::label),
        mark: each(&Mark::ALL, Mark::label),
        scoring_method: each(&ScoringMethod::ALL, ScoringMethod::label),
        quorum_scope: each(&QuorumScope::ALL, QuorumScope::label),
        grade_scale: each(&GradeScale::ALL, GradeScale::label),
        severity: each(&Severity::ALL, Severity::label),
        problem_source: each(&ProblemSource::ALL, ProblemSource::label),
        rectification_status: each(&RectificationStatus::ALL, RectificationStatus::label),
        inspection_kind: each(&InspectionKind::ALL, InspectionKind::label),
        list_kind: each(&ListKind::ALL, ListKind::label),
        repeat_decision: each(&RepeatDecision::ALL, RepeatDecision::label),
    }
}
