//! The life of a report: drafting, revisions, level-by-level review, last year's items.

use serde_json::json;
use shuzhi::domain::{ApprovalDecision, ReportStatus};
use shuzhi::exchange::{import_document, parse_document};
use shuzhi::report::{
    DiffKind, ReviewCommentInput, ReviewInput, compare_revisions, report_editor, review_report, save_revision,
    save_section, start_report, submit_report,
};

use crate::{sample_store, sample_value};

const PROBLEMS: &str = "fp-2023-problems";

fn review(decision: ApprovalDecision, comments: &[(Option<&str>, &str)]) -> ReviewInput {
    ReviewInput {
        level: None,
        decision,
        reviewer: "委党办 孟晓东".into(),
        comments: comments
            .iter()
            .map(|(point, text)| ReviewCommentInput {
                focus_point_id: point.map(str::to_string),
                text: text.to_string(),
            })
            .collect(),
    }
}

#[test]
fn a_report_goes_from_draft_through_every_level_to_approved() {
    let mut store = sample_store();
    // 周慧 (市中心血站) has no report yet.
    let report = start_report(&mut store, "sec-xy", "周慧").unwrap();
    assert_eq!(start_report(&mut store, "sec-xy", "周慧").unwrap(), report, "starting twice gives the same report");
    let editor = report_editor(&store, &report).unwrap();
    assert_eq!(editor.status, ReportStatus::Draft);
    assert!(editor.editable);
    assert_eq!(editor.sections.len(), 4);
    assert!(editor.check.findings.iter().any(|f| f.rule == "missing-section"));

    save_section(&mut store, &report, PROBLEMS, "（一）本人督促检查不够。").unwrap();
    assert_eq!(report_editor(&store, &report).unwrap().sections[1].body, "（一）本人督促检查不够。");

    submit_report(&mut store, &report, "周慧").unwrap();
    let editor = report_editor(&store, &report).unwrap();
    assert_eq!(editor.status_text, "已提交，待党办初审");
    assert!(!editor.editable);
    let refused = save_section(&mut store, &report, PROBLEMS, "改动").unwrap_err().to_string();
    assert_eq!(refused, "报告已提交审核，暂时不能修改。如需修改，请联系审核人退回后再改。");

    // Returning needs a comment.
    let refused = review_report(&mut store, &report, &review(ApprovalDecision::Returned, &[]), "测试").unwrap_err();
    assert_eq!(refused.to_string(), "退回修改时请至少写一条审核意见，说明需要怎样修改。");
    let status = review_report(
        &mut store,
        &report,
        &review(ApprovalDecision::Returned, &[(Some(PROBLEMS), "问题要见人见事。"), (None, "全文请控制在3000字内。")]),
        "测试",
    )
    .unwrap();
    assert_eq!(status, ReportStatus::Returned);
    let editor = report_editor(&store, &report).unwrap();
    assert_eq!(editor.status_text, "党办初审退回修改");
    assert_eq!(editor.sections[1].comments.len(), 1);
    assert_eq!(editor.sections[1].comments[0].text, "问题要见人见事。");
    assert_eq!(editor.sections[1].comments[0].level_name, "党办初审");
    let last = editor.history.last().unwrap();
    assert_eq!(last.what, "党办初审：退回修改");
    assert_eq!(last.general_comments, vec!["全文请控制在3000字内。".to_string()]);

    save_section(&mut store, &report, PROBLEMS, "（一）本人对站内两个支部的督促检查不够，全年只检查1次。").unwrap();
    submit_report(&mut store, &report, "周慧").unwrap();
    assert_eq!(report_editor(&store, &report).unwrap().status_text, "已提交，待党办初审");
    assert_eq!(
        review_report(&mut store, &report, &review(ApprovalDecision::Passed, &[]), "测试").unwrap(),
        ReportStatus::Submitted
    );
    assert_eq!(report_editor(&store, &report).unwrap().status_text, "已提交，待分管领导审核");
    assert_eq!(
        review_report(&mut store, &report, &review(ApprovalDecision::Passed, &[]), "测试").unwrap(),
        ReportStatus::Submitted
    );
    assert_eq!(
        review_report(&mut store, &report, &review(ApprovalDecision::Passed, &[]), "测试").unwrap(),
        ReportStatus::Approved
    );
    let editor = report_editor(&store, &report).unwrap();
    assert_eq!(editor.status_text, "审核通过");
    assert_eq!(editor.revisions.iter().map(|r| r.number).collect::<Vec<_>>(), vec![1, 2]);
    let refused = review_report(&mut store, &report, &review(ApprovalDecision::Passed, &[]), "测试").unwrap_err();
    assert_eq!(refused.to_string(), "报告当前状态为“已通过”，只有已提交的报告才能审核。");

    let actions: Vec<String> = shuzhi::store::audit::list_for_campaign(store.conn(), crate::SAMPLE_ID)
        .unwrap()
        .into_iter()
        .filter(|e| e.entity_id == report)
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "report.start",
            "report.submit",
            "report.return",
            "report.submit",
            "report.pass",
            "report.pass",
            "report.pass"
        ]
    );
}

#[test]
fn an_empty_report_cannot_be_submitted() {
    let mut store = sample_store();
    let report = start_report(&mut store, "sec-jw", "吴国平").unwrap();
    let refused = submit_report(&mut store, &report, "吴国平").unwrap_err();
    assert_eq!(refused.to_string(), "报告还是空的，不能提交。请先按各述职重点写好内容。");
}

#[test]
fn two_revisions_compare_with_the_changes_marked() {
    let mut store = sample_store();
    let report = start_report(&mut store, "sec-xy", "周慧").unwrap();
    save_section(&mut store, &report, PROBLEMS, "本人检查不够。").unwrap();
    let first = save_revision(&mut store, &report, "周慧", "手动保存").unwrap();
    save_section(&mut store, &report, PROBLEMS, "本人对支部检查不够。").unwrap();
    let second = save_revision(&mut store, &report, "周慧", "手动保存").unwrap();
    assert_eq!((first.number, second.number), (1, 2));
    let comparison = compare_revisions(&store, &first.id, &second.id).unwrap();
    let problems = &comparison.sections[1];
    assert!(problems.changed);
    let marked: String = problems
        .runs
        .iter()
        .map(|r| match r.kind {
            DiffKind::Same => r.text.clone(),
            DiffKind::Removed => format!("[-{}-]", r.text),
            DiffKind::Added => format!("{{+{}+}}", r.text),
        })
        .collect();
    assert_eq!(marked, "本人{+对支部+}检查不够。");
    assert!(!comparison.sections[0].changed);
}

#[test]
fn last_years_open_items_prefill_the_section_and_must_be_reported() {
    let mut store = sample_store();
    // Make a 2024 campaign from the sample: same organizations, new ids, no reports yet.
    let mut next = sample_value();
    let text = serde_json::to_string(&next).unwrap().replace("2023", "2024").replace("\"fp-", "\"fp24-");
    next = serde_json::from_str(&text).unwrap();
    next["campaign"]["id"] = json!("campaign-2024");
    next["campaign"]["year"] = json!(2024);
    for key in ["organizations", "secretaries"] {
        for item in next[key].as_array_mut().unwrap() {
            let id = item["id"].as_str().unwrap().to_string();
            item["id"] = json!(format!("{id}-24"));
            for reference in ["parent_id", "organization_id"] {
                if let Some(value) = item.get(reference).and_then(|v| v.as_str()) {
                    item[reference] = json!(format!("{value}-24"));
                }
            }
        }
    }
    for key in [
        "reports",
        "revisions",
        "evidence",
        "approvals",
        "raters",
        "rater_categories",
        "problems",
        "responsibilities",
        "rectifications",
        "inspections",
        "audit_log",
    ] {
        next[key] = json!([]);
    }
    // Last year's 点评 of 刘芳: the point her measures will have to answer.
    let comment = shuzhi::meeting::CommentInput {
        commenter: "市卫健委党委书记 王建国".into(),
        shortcomings: vec!["意识形态阵地管理不严，公众号审核缺位".into()],
        direction: "压实意识形态工作责任制".into(),
        responsibility: "本人负责".into(),
    };
    shuzhi::meeting::save_comment(&mut store, "sec-fy", &comment, "测试").unwrap();
    let bytes = serde_json::to_vec(&next).unwrap();
    let document = parse_document("2024.json", &bytes).unwrap();
    import_document(&mut store, "2024.json", &document, "测试").unwrap();

    // 刘芳's 2023 list has one item not started (the brand) and one 长期坚持 (closed as ongoing).
    let report = start_report(&mut store, "sec-fy-24", "刘芳").unwrap();
    let editor = report_editor(&store, &report).unwrap();
    assert_eq!(
        editor.sections[3].body,
        "（一）“妇幼安康”党建品牌集中在产科、儿科两个支部，行政后勤支部参与不多。整改情况："
    );
    assert!(editor.check.findings.iter().any(|f| f.rule == "last-year-unreported"));
    // The window checks with what the campaign knows: last year's 点评 points too.
    let measures = editor.sections[2].focus_point_id.clone();
    save_section(&mut store, &report, &measures, "（一）本人负责加强支部理论学习，2024年6月底前完成。").unwrap();
    let check = shuzhi::report::check_stored_report(&store, &report).unwrap();
    assert!(
        check
            .findings
            .iter()
            .any(|f| f.rule == "measure-unanswered"
                && f.quote.as_deref() == Some("意识形态阵地管理不严，公众号审核缺位")),
        "{:?}",
        check.findings
    );
    let last_year = editor.sections[3].focus_point_id.clone();
    assert_eq!(last_year, "fp24-2024-last-year");
    let written = format!("{}品牌已延伸到全部5个支部，每个支部确定1项服务项目。", editor.sections[3].body);
    save_section(&mut store, &report, &last_year, &written).unwrap();
    let check = shuzhi::report::check_stored_report(&store, &report).unwrap();
    assert!(!check.findings.iter().any(|f| f.rule == "last-year-unreported"), "{:?}", check.findings);
}

#[test]
fn a_decision_meant_for_one_level_is_never_recorded_at_the_next() {
    // Reproduces: a double click on 通过 passed 党办初审 and, with the second click,
    // 分管领导审核, which nobody had reviewed.
    let mut store = crate::sample_store();
    let seen = shuzhi::report::report_editor(&store, "rep-syy").unwrap().review_level;
    let pass = ReviewInput { level: Some(seen), ..review(ApprovalDecision::Passed, &[]) };
    shuzhi::report::review_report(&mut store, "rep-syy", &pass, "测试").unwrap();
    let twice = shuzhi::report::review_report(&mut store, "rep-syy", &pass, "测试").unwrap_err();
    assert_eq!(twice.kind(), shuzhi::ErrorKind::Conflict);
    assert!(twice.to_string().contains("已经办理，现在待“"), "{twice}");
    let editor = shuzhi::report::report_editor(&store, "rep-syy").unwrap();
    assert_eq!(editor.review_level, seen + 1, "one level passed, not two");
}
