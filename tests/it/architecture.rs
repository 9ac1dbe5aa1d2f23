//! The rules of the architecture, as tests: the shells reach the core only through the
//! command table, and every command of the table that does the organizer's work is refused
//! on a secretary's computer — checked over the whole table, not a sample of it.

use serde_json::{Value, json};
use shuzhi::commands::{self, CommandError, SavesToFolder, Session};
use shuzhi::domain::Role;

use crate::SAMPLE_ID;

/// The files of a folder, recursively, with their text.
fn sources(folder: &str) -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut found = Vec::new();
    let mut folders = vec![root];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    assert!(!found.is_empty(), "no sources under {folder}");
    found
}

/// The command line, the window and the browser app hold no store and no connection: with
/// neither, no shell can read or write a record except through a command of the table.
#[test]
fn the_shells_reach_the_core_only_through_the_command_table() {
    for folder in ["src/bin", "src-tauri/src", "src/browser"] {
        for (path, text) in sources(folder) {
            for (number, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                for word in ["store::", "Store::", "&mut Store", "Connection::", "rusqlite"] {
                    assert!(!code.contains(word), "{path}:{}: `{word}` in a shell: {line}", number + 1);
                }
            }
        }
    }
}

/// Every command of the table is either the organizer's work, listed with arguments that
/// name real records of the sample, or open to a secretary's computer. The first are all
/// refused there, with the message that names the role, and none of them changes anything.
#[test]
fn every_command_of_the_organizers_work_is_refused_on_a_secretarys_computer() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::open(dir.path().join("shuzhi.db"), Box::new(SavesToFolder));
    // Records the refused commands would touch: a ballot and a 点评, made while the
    // computer is still nobody's.
    shuzhi::meeting::ensure_sheets(&mut session.store().unwrap(), SAMPLE_ID, "测试").unwrap();
    let entered =
        commands::meeting::enter_ballot(&session, SAMPLE_ID.into(), crate::meeting::ballot("1-001", "1111111111"))
            .unwrap();
    let comment = shuzhi::meeting::CommentInput {
        commenter: "孟晓东".into(),
        shortcomings: vec!["支部设置调整不及时".into()],
        direction: "按期换届".into(),
        responsibility: "书记本人".into(),
    };
    let comment_id = commands::meeting::save_comment(&session, "sec-zyy".into(), comment.clone()).unwrap();
    let details = commands::planning::campaign_details(&session, SAMPLE_ID.into()).unwrap();
    let settings = json!({
        "title": details.title, "meeting_date": "2024-01-16", "report_char_budget": details.report_char_budget,
        "problems_min_percent": details.problems_min_percent, "review_levels": details.review_levels,
        "focus_points": details.focus_points.iter().map(|p| json!({
            "id": p.id, "title": p.title, "role": p.role, "guidance": p.guidance, "char_budget": p.char_budget
        })).collect::<Vec<_>>(),
    });
    let rules = commands::meeting::rules_presets(&session).unwrap().remove(0).rules;
    let ballot = crate::meeting::ballot("1-002", "2222222222");
    let campaign = json!({ "campaignId": SAMPLE_ID });
    let organizers_work: Vec<(&str, Value)> = vec![
        ("export_secretary_file", json!({ "secretaryId": "sec-zyy" })),
        ("export_secretary_files", campaign.clone()),
        (
            "review_report",
            json!({ "reportId": "rep-syy", "input": {
            "level": null, "decision": "passed", "reviewer": "王建华", "comments": [] } }),
        ),
        ("export_return_package", json!({ "secretaryId": "sec-zyy" })),
        (
            "sign_off_rectification",
            json!({ "rectificationId": "rec-syy-1-1", "date": "2024-06-30",
            "verifier": "王建华", "evidence": "记录" }),
        ),
        (
            "sign_off_with_file",
            json!({ "rectificationId": "rec-syy-1-1", "date": "2024-06-30",
            "verifier": "王建华", "evidence": "记录", "fileName": "记录.pdf", "contentBase64": "JVBERi0xLjQK" }),
        ),
        (
            "add_inspection",
            json!({ "rectificationId": "rec-syy-1-1", "kind": "spot", "date": "2024-06-30",
            "inspector": "王建华", "findings": "已落实" }),
        ),
        ("sign_off_lists", json!({ "campaignId": SAMPLE_ID, "secretaryId": null, "reviewer": "王建华", "note": "" })),
        ("set_agenda", json!({ "campaignId": SAMPLE_ID, "secretaryIds": ["sec-zyy"] })),
        (
            "save_meeting_settings",
            json!({ "campaignId": SAMPLE_ID, "settings": {
            "speaking_minutes": 5, "dimensions": [], "double_entry": false } }),
        ),
        (
            "save_panel",
            json!({ "campaignId": SAMPLE_ID, "categories": [
            { "id": null, "name": "党代表", "weight_percent": 100, "planned_size": 10 } ] }),
        ),
        ("set_ballot_channel", json!({ "campaignId": SAMPLE_ID, "categoryIds": ["cat-members"], "channel": "phone" })),
        ("save_rules", json!({ "campaignId": SAMPLE_ID, "rules": rules })),
        ("save_comment", json!({ "secretaryId": "sec-zyy", "input": comment })),
        ("comment_point_to_problem", json!({ "commentId": comment_id, "point": 0, "category": "上级点评" })),
        (
            "suggestion_to_problem",
            json!({ "ballotId": entered.ballot_id, "secretaryId": "sec-zyy",
            "text": "加强支部建设" }),
        ),
        ("enter_ballot", json!({ "campaignId": SAMPLE_ID, "input": ballot })),
        ("update_ballot", json!({ "campaignId": SAMPLE_ID, "ballotId": entered.ballot_id, "input": ballot })),
        ("delete_ballot", json!({ "campaignId": SAMPLE_ID, "ballotId": entered.ballot_id })),
        ("enter_check", json!({ "campaignId": SAMPLE_ID, "input": crate::meeting::ballot("1-001", "1111111111") })),
        ("settle_check", json!({ "campaignId": SAMPLE_ID, "serial": "1-001", "keep": "first" })),
        ("close_vote", json!({ "campaignId": SAMPLE_ID, "overVoteReason": null })),
        ("ballot_reconciliation", campaign.clone()),
        ("reopen_vote", json!({ "campaignId": SAMPLE_ID, "reason": "重新计票" })),
        ("meeting_results", campaign.clone()),
        ("assessment_view", campaign.clone()),
        (
            "save_assessment_rules",
            json!({ "campaignId": SAMPLE_ID, "rules": shuzhi::assess::AssessmentRules::default() }),
        ),
        ("preview_daily_scores", json!({ "campaignId": SAMPLE_ID, "rows": [] })),
        ("import_daily_scores", json!({ "campaignId": SAMPLE_ID, "rows": [] })),
        ("save_daily_scores", json!({ "campaignId": SAMPLE_ID, "organizationId": "org-syy", "items": [] })),
        (
            "decide_assessment",
            json!({ "campaignId": SAMPLE_ID, "input": { "secretary_id": "sec-syy", "kind": null, "reason": "" } }),
        ),
        ("export_assessment_pdf", campaign.clone()),
        ("export_daily_scores_template", campaign.clone()),
        ("export_assessment_xlsx", campaign.clone()),
        ("export_assessment_files", campaign.clone()),
        ("set_reporting_mode", json!({ "campaignId": SAMPLE_ID, "secretaryIds": ["sec-syy"], "written": true })),
        ("start_new_round", json!({ "campaignId": SAMPLE_ID, "reason": "到会未过半，重新测评" })),
        ("decide_quota_tie", json!({ "campaignId": SAMPLE_ID, "kept": ["sec-syy"], "reason": "按方案决定" })),
        ("export_ballot_sheets", campaign.clone()),
        ("export_results_pdf", json!({ "campaignId": SAMPLE_ID, "summary": true, "secretaryId": null })),
        ("export_recount", campaign.clone()),
        ("export_results_xlsx", campaign.clone()),
        ("start_phone_vote", json!({ "campaignId": SAMPLE_ID, "bind": "127.0.0.1:0" })),
        ("export_code_slips", json!({ "campaignId": SAMPLE_ID, "url": "http://127.0.0.1:8080" })),
        (
            "create_campaign",
            json!({ "input": { "year": 2024, "title": "2024年度述职评议", "organizer": "市卫健委党委",
            "meeting_date": "", "earlier_year_confirmed": false }, "copyFrom": SAMPLE_ID }),
        ),
        ("rename_campaign", json!({ "campaignId": SAMPLE_ID, "year": 2023, "title": "改名" })),
        ("delete_campaign", json!({ "campaignId": SAMPLE_ID, "confirmYear": 2023 })),
        (
            "import_roster",
            json!({ "campaignId": SAMPLE_ID, "rows": [{ "line": 2, "unit": "市口腔医院",
            "organization": "中共市口腔医院委员会", "kind": "党委", "parent": "", "name": "赵敏", "title": "党委书记" }] }),
        ),
        ("save_campaign_settings", json!({ "campaignId": SAMPLE_ID, "settings": settings })),
        (
            "update_organization",
            json!({ "organizationId": "org-zyy", "input": {
            "name": "中共市中医院委员会", "kind": "committee", "unit": "市中医院", "parent_id": "org-swjw" } }),
        ),
        ("delete_organization", json!({ "organizationId": "org-zyy" })),
        ("update_secretary", json!({ "secretaryId": "sec-zyy", "input": { "name": "李秀兰", "title": "党委书记" } })),
        ("delete_secretary", json!({ "secretaryId": "sec-jg" })),
        ("set_campaign_cliches", json!({ "campaignId": SAMPLE_ID, "phrases": ["高度重视"] })),
        (
            "decide_repeat",
            json!({ "problemId": "prob-syy-1", "earlierProblemId": "prob-zyy-1", "decision": "dismissed" }),
        ),
        (
            "link_post",
            json!({ "organizationId": "org-zyy", "earlierName": "中共市中医院总支部", "earlierUnit": "市中医院" }),
        ),
        ("unlink_post", json!({ "linkId": "link-1" })),
        (
            "import_paper_year",
            json!({ "campaignId": SAMPLE_ID, "input": { "year": 2020,
            "results": { "file_name": "2020.csv", "content_base64": "" }, "lists": null } }),
        ),
        (
            "load_scale_sample",
            json!({ "input": { "years": 2, "secretaries": 5, "raters": 5, "evidence_megabytes": 0, "first_year": 2020 } }),
        ),
    ];
    // Open to her computer: her own report, evidence, items and lists' tracking, what she
    // reads, the computer's own settings, backups and files.
    let open_to_her = [
        "list_campaigns",
        "campaign_dashboard",
        "secretary_history",
        "organization_history",
        "campaigns_history",
        "repeated_problems",
        "post_links",
        "preview_paper_year",
        "export_campaigns_history_pdf",
        "export_campaigns_history_xlsx",
        "export_campaign_file",
        "secretary_page",
        "start_report",
        "report_editor",
        "save_section",
        "check_draft",
        "save_revision",
        "submit_report",
        "compare_revisions",
        "export_report_pdf",
        "export_report_docx",
        "export_report_package",
        "compare_package",
        "import_package",
        "attach_evidence",
        "list_evidence",
        "evidence_content",
        "delete_evidence",
        "problem_items",
        "add_problem",
        "add_problems_from_text",
        "rewrite_sections_from_items",
        "update_problem",
        "delete_problem",
        "add_measure",
        "update_measure",
        "delete_measure",
        "build_lists",
        "review_measures",
        "set_rectification_status",
        "undo_status_change",
        "export_lists_pdf",
        "export_lists_xlsx",
        "add_progress",
        "merge_problems",
        "move_problem",
        "meeting_view",
        "rules_presets",
        "describe_rules",
        "stop_phone_vote",
        "phone_vote_status",
        "open_projector",
        "close_projector",
        "campaign_coverage",
        "read_roster",
        "read_daily_scores",
        "export_roster_template",
        "preview_roster",
        "campaign_details",
        "organization_tree",
        "campaign_cliches",
        "workstation",
        "choose_role",
        "set_my_name",
        "load_sample",
        "remove_sample",
        "read_campaign_file",
        "import_campaign_file",
        "start_own_report",
        "my_years",
        "check_database",
        "check_file_size",
        "writes_stopped",
        "backup_to_chosen_file",
        "choose_backup_file",
        "open_exported",
        "open_export_folder",
        "save_exported_as",
        "backup_now",
        "list_backups",
        "check_backup",
        "restore_backup",
        "labels",
    ];
    for name in commands::COMMAND_NAMES {
        let listed =
            organizers_work.iter().filter(|(n, _)| n == name).count() + usize::from(open_to_her.contains(name));
        assert_eq!(listed, 1, "`{name}` must be listed once: the organizer's work, or open to a secretary's computer");
    }

    commands::workstation::choose_role(&session, Role::Secretary, "李秀兰".into(), false).unwrap();
    let log_length = || {
        let store = session.store().unwrap();
        shuzhi::store::audit::list_for_campaign(store.conn(), SAMPLE_ID).unwrap().len()
    };
    let before = log_length();
    for (name, arguments) in organizers_work {
        let answer = commands::dispatch(&session, name, arguments).expect("a command of the table");
        match answer {
            Err(CommandError::Conflict { message }) => {
                assert!(message.starts_with("这台电脑设为“书记（我要述职）”，不能"), "`{name}`: {message}")
            }
            other => panic!("`{name}` on a secretary's computer: {other:?}"),
        }
    }
    assert_eq!(log_length(), before, "nothing was done");
}
