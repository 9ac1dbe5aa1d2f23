//! The `shuzhi` command-line tool, run as a person or a script would run it.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::SAMPLE_ID;

/// Runs the `shuzhi` binary on the database `db` (never the one `SHUZHI_DB` names).
pub(crate) fn shuzhi(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shuzhi"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("SHUZHI_DB")
        .output()
        .expect("the shuzhi binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn demo_twice_then_campaigns_lists_the_sample_with_its_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let first = shuzhi(&db, &["demo"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).starts_with("已载入示例："));
    let second = shuzhi(&db, &["demo", "--json"]);
    assert!(second.status.success());
    let second: Value = serde_json::from_str(&stdout(&second)).unwrap();
    assert_eq!(second["loaded"], false, "the second run must not load again");

    let listed = shuzhi(&db, &["campaigns", "--json"]);
    assert!(listed.status.success());
    let listed: Value = serde_json::from_str(&stdout(&listed)).unwrap();
    let campaigns = listed.as_array().unwrap();
    assert_eq!(campaigns.len(), 1);
    assert_eq!(campaigns[0]["id"], SAMPLE_ID);
    assert_eq!(campaigns[0]["year"], 2023);
    assert_eq!(campaigns[0]["units"], 10);
    assert_eq!(campaigns[0]["secretaries"], 10);
    assert_eq!(campaigns[0]["organizations"], 11);
    assert_eq!(campaigns[0]["reports"], 8);
}

#[test]
fn export_import_export_through_the_cli_gives_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    let (db_a, db_b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let (first, second) = (dir.path().join("first.json"), dir.path().join("second.json"));
    assert!(shuzhi(&db_a, &["demo"]).status.success());
    let out = shuzhi(&db_a, &["export", "--campaign", SAMPLE_ID, "--out", first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = shuzhi(&db_b, &["import", first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = shuzhi(&db_b, &["export", "--campaign", SAMPLE_ID, "--out", second.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap(), "the two exports differ");
}

#[test]
fn a_dangling_reference_fails_with_a_chinese_message_and_leaves_the_database_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let file = dir.path().join("broken.json");
    assert!(shuzhi(&db, &["demo"]).status.success());
    let mut value: Value = serde_json::from_str(shuzhi::sample::SAMPLE_CAMPAIGN_JSON).unwrap();
    value["problems"][0]["secretary_id"] = Value::from("sec-ghost");
    std::fs::write(&file, serde_json::to_vec_pretty(&value).unwrap()).unwrap();
    let before = stdout(&shuzhi(&db, &["campaigns", "--json"]));

    let out = shuzhi(&db, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert_eq!(
        stderr(&out).trim_end(),
        format!(
            "错误：导入 {} 失败：problems[0].secretary_id：引用的书记 \"sec-ghost\" 在文件中不存在。\
             请改为文件中已有的编号，或先补上被引用的记录后重新导入。数据库未作任何改动。",
            file.display()
        )
    );
    assert_eq!(stdout(&shuzhi(&db, &["campaigns", "--json"])), before);
}

#[test]
fn a_missing_file_and_an_unknown_campaign_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let out = shuzhi(&db, &["import", "/nonexistent/plan.json"]);
    assert!(!out.status.success());
    assert!(stderr(&out).starts_with("错误：无法读写文件 /nonexistent/plan.json："), "{}", stderr(&out));
    assert!(stderr(&out).contains("请确认路径正确"));

    let out = shuzhi(
        &db,
        &["export", "--campaign", "no-such", "--out", dir.path().join("o.json").to_str().unwrap(), "--json"],
    );
    assert!(!out.status.success());
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["error"]["kind"], "not_found");
    assert_eq!(
        json["error"]["message"],
        "找不到年度述职评议“no-such”。请用 `shuzhi campaigns` 查看已有的年度述职评议及其编号。"
    );
    assert!(!dir.path().join("o.json").exists(), "a failed export writes no file");
}

#[test]
fn bad_arguments_are_answered_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let out = shuzhi(&dir.path().join("x.db"), &["export", "--campaign"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("命令行参数有误："));
    assert!(stderr(&out).contains("请运行 `shuzhi --help` 查看用法。"));
}

#[test]
fn the_dashboard_subcommand_reports_every_secretary() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    let out = shuzhi(&db, &["dashboard", "--campaign", SAMPLE_ID, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let board: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rows = board["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 10);
    assert_eq!(rows[0]["secretary_name"], "王建华");
    assert_eq!(rows[0]["report_status"], "submitted");
    assert_eq!(rows[0]["report_status_text"], "已提交，待分管领导审核");
    assert_eq!(rows[0]["grade_text"], "未测评");
    assert_eq!(rows[7]["report_status_text"], "未开始");
    assert_eq!(board["reports_approved"], 1);

    let out = shuzhi(&db, &["secretary", "sec-fy", "--json"]);
    let page: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        page["organization_path"],
        serde_json::json!(["中共市卫生健康委员会委员会", "中共市妇幼保健院总支部委员会"])
    );
    assert_eq!(page["review_history"].as_array().unwrap().len(), 3);
}

#[test]
fn check_db_reports_a_sound_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    let out = shuzhi(&db, &["check-db"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim_end(),
        format!("数据库 {} 完好（结构版本 {}）。", db.display(), shuzhi::store::migrations::latest_version())
    );
    let out = shuzhi(&db, &["check-db", "--json"]);
    let health: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(health["problems"], serde_json::json!([]));
}

#[test]
fn check_db_names_a_broken_reference_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; UPDATE secretaries SET organization_id = 'gone' WHERE id = 'sec-jj';",
    )
    .unwrap();
    drop(conn);
    let out = shuzhi(&db, &["check-db"]);
    assert!(!out.status.success());
    assert!(stdout(&out).contains("表 secretaries 第"), "{}", stdout(&out));
    assert!(stdout(&out).contains("引用的 organizations 记录不存在"));
    assert_eq!(
        stderr(&out).trim_end(),
        format!("错误：数据库 {} 未通过检查，发现 1 处问题。请先复制保存该文件，再从最近的备份恢复。", db.display())
    );
}

#[test]
fn report_check_by_id_finds_no_error_in_the_approved_sample_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    let out = shuzhi(&db, &["report", "check", "--report", "rep-fy", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let result: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(result["sections"].as_array().unwrap().len(), 4);
    assert!(result["findings"].as_array().unwrap().iter().all(|f| f["severity"] != "error"), "{result}");
}

#[test]
fn the_review_cycle_runs_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    // 李秀兰's report was returned at 党办初审: revise, resubmit, pass three levels.
    let out = shuzhi(
        &db,
        &[
            "report",
            "edit",
            "--report",
            "rep-zyy",
            "--section",
            "fp-2023-measures",
            "--text",
            "（一）本人每季度到支部督导1次，责任人：李秀兰，完成时限：2024年12月。",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = shuzhi(&db, &["report", "submit", "--report", "rep-zyy"]);
    assert_eq!(stdout(&out).trim(), "已提交：已提交，待党办初审。");
    for expected in ["已提交，待分管领导审核", "已提交，待党委书记审定", "审核通过"] {
        let out =
            shuzhi(&db, &["report", "review", "--report", "rep-zyy", "--decision", "pass", "--reviewer", "孟晓东"]);
        assert_eq!(stdout(&out).trim(), format!("已记录审核结论：{expected}。"));
    }
    let out = shuzhi(&db, &["report", "edit", "--report", "rep-zyy", "--section", "fp-2023-measures", "--text", "x"]);
    assert!(!out.status.success());
    assert_eq!(stderr(&out).trim(), "错误：报告已审核通过，不能再修改。如确需修改，请联系组织方。");
}

#[test]
fn problems_and_measures_are_managed_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    let out = shuzhi(&db, &["problem", "add", "--secretary", "sec-xy", "--description", "本人督促检查不够", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let id = serde_json::from_str::<Value>(&stdout(&out)).unwrap()["id"].as_str().unwrap().to_string();
    let out = shuzhi(
        &db,
        &[
            "problem",
            "add-measure",
            "--problem",
            &id,
            "--measure",
            "每季度督查1次",
            "--owner",
            "周慧",
            "--due",
            "2024-12-31",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = shuzhi(&db, &["problem", "list", "--secretary", "sec-xy"]);
    let listed = stdout(&out);
    assert!(listed.starts_with("1. [自查] 本人督促检查不够"), "{listed}");
    assert!(listed.contains("- 每季度督查1次  目标：  责任人：周慧  时限：2024-12-31"), "{listed}");
    let out = shuzhi(&db, &["problem", "add-measure", "--problem", &id, "--measure", "x", "--due", "明年"]);
    assert!(!out.status.success());
    assert_eq!(stderr(&out).trim(), "错误：完成时限“明年”不是有效日期。请选择或写成 2024-06-30 这样的日期。");
}

#[test]
fn a_meeting_through_the_cli_tallies_the_same_from_the_database_and_from_the_recount_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    // No anonymity threshold, so that every figure is published and the recount files carry
    // the ballots (the threshold's own attack is in tests/it/anonymity.rs and the probes).
    let rules_path = dir.path().join("rules-open.json");
    let open_rules = shuzhi::rules::scoring::ScoringRules {
        anonymity_threshold: 0,
        ..shuzhi::rules::scoring::preset_rules("weighted").unwrap()
    };
    std::fs::write(&rules_path, serde_json::to_vec(&open_rules).unwrap()).unwrap();
    let out = shuzhi(&db, &["meeting", "rules", "--campaign", SAMPLE_ID, "--file", rules_path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let sheets = dir.path().join("sheets.pdf");
    let out = shuzhi(&db, &["meeting", "sheets", "--campaign", SAMPLE_ID, "--out", sheets.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    for (serial, marks) in
        [("1-001", "1111111111"), ("1-002", "1211121114"), ("2-001", "2222222222"), ("4-001", "0000000000")]
    {
        let out = shuzhi(&db, &["meeting", "ballot", "--campaign", SAMPLE_ID, "--serial", serial, "--marks", marks]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let bad = shuzhi(&db, &["meeting", "ballot", "--campaign", SAMPLE_ID, "--serial", "1-003", "--marks", "12x"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("--marks 中的“x”无效"), "{}", stderr(&bad));
    // Reproduces: `tally --xlsx` wrote the results table while the vote was still open,
    // which the window refuses. The same rule now holds in both.
    let early = dir.path().join("early.xlsx");
    let out = shuzhi(&db, &["tally", "--campaign", SAMPLE_ID, "--xlsx", early.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains(shuzhi::meeting::RESULTS_NOT_YET), "{}", stderr(&out));
    assert!(!early.exists());
    // Reproduces: `tally --campaign` printed every count, score and grade as a preview, and
    // `meeting recount` wrote rules.json and every ballot, while the vote was open.
    let preview = shuzhi(&db, &["tally", "--campaign", SAMPLE_ID, "--json"]);
    assert!(!preview.status.success());
    assert!(stderr(&preview).contains(shuzhi::meeting::RESULTS_NOT_YET), "{}", stderr(&preview));
    assert!(!stdout(&preview).contains("好"), "no count leaves: {}", stdout(&preview));
    let early_recount = dir.path().join("early-recount");
    let out = shuzhi(&db, &["meeting", "recount", "--campaign", SAMPLE_ID, "--out", early_recount.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains(shuzhi::meeting::RESULTS_NOT_YET), "{}", stderr(&out));
    assert!(!early_recount.exists(), "no recount file before closing");
    let closed = shuzhi(&db, &["meeting", "close", "--campaign", SAMPLE_ID, "--json"]);
    assert!(closed.status.success(), "{}", stderr(&closed));
    let closed: Value = serde_json::from_str(&stdout(&closed)).unwrap();

    let tally = shuzhi(&db, &["tally", "--campaign", SAMPLE_ID, "--json"]);
    assert!(tally.status.success(), "{}", stderr(&tally));
    let tally: Value = serde_json::from_str(&stdout(&tally)).unwrap();
    assert_eq!(tally["closed"], true);
    assert_eq!(tally["fingerprint"], closed["fingerprint"]);
    assert_eq!(tally["invalid_ballots"][0]["serial"], "4-001");
    let first = &tally["secretaries"][0];
    assert_eq!(first["secretary"], "王建华");
    assert_eq!(first["counts"], serde_json::json!({"好": 2, "较好": 1, "一般": 0, "差": 0}));
    assert_eq!(first["invalid"], 1);
    assert_eq!(first["grade"], "好");
    assert_eq!(first["excellent_allowed"], true);

    let recount = dir.path().join("recount");
    let out = shuzhi(&db, &["meeting", "recount", "--campaign", SAMPLE_ID, "--out", recount.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The standalone form needs no database: point --db at a path that must not be created.
    let nowhere = dir.path().join("not-created.db");
    let rules = recount.join("rules.json");
    let ballots = recount.join("ballots.csv");
    let again = shuzhi(
        &nowhere,
        &["tally", "--rules", rules.to_str().unwrap(), "--ballots", ballots.to_str().unwrap(), "--json"],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(!nowhere.exists());
    let again: Value = serde_json::from_str(&stdout(&again)).unwrap();
    assert_eq!(again["secretaries"], {
        let mut expected = tally["secretaries"].clone();
        for s in expected.as_array_mut().unwrap() {
            s["secretary_id"] = Value::Null;
        }
        expected
    });
    assert_eq!(again["fingerprint"], tally["fingerprint"]);

    // A damaged ballot file is refused with the line and what to do.
    std::fs::write(&ballots, "票号,评议人类别,王建华\n1-001,上级党组织领导,很好\n").unwrap();
    let refused =
        shuzhi(&nowhere, &["tally", "--rules", rules.to_str().unwrap(), "--ballots", ballots.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("第 2 行“王建华”一栏：“很好”不是有效的评价"), "{}", stderr(&refused));
}

#[test]
fn a_mistyped_db_folder_is_refused_and_nothing_is_created() {
    // Reproduces: `--db /no/such/dir/x.db` silently created the folders and an empty database.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("no").join("such").join("x.db");
    let output = shuzhi(&db, &["campaigns"]);
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(said.contains("找不到文件夹") && said.contains("所在的文件夹必须已经存在"), "{said}");
    assert!(!dir.path().join("no").exists(), "no folder was created");
    // A new database in a folder that exists is fine.
    let fresh = dir.path().join("new.db");
    assert!(shuzhi(&fresh, &["campaigns"]).status.success());
}

#[test]
fn check_db_reports_overwritten_pages_as_findings_and_exits_non_zero() {
    // Reproduces: a database with overwritten pages made check-db stop with "数据库操作失败：
    // database disk image is malformed。请用“检查数据库”核对数据文件", instead of a report.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("damaged.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[4096 * 3..4096 * 7].fill(0xff);
    std::fs::write(&db, &bytes).unwrap();
    let output = shuzhi(&db, &["check-db"]);
    assert!(!output.status.success(), "damage exits non-zero");
    let (said, error) = (stdout(&output), stderr(&output));
    assert!(said.contains("的检查结果：") && said.contains("btreeInitPage"), "{said}");
    assert!(error.contains("未通过检查") && error.contains("从最近的备份恢复"), "{error}");
    assert!(!error.contains("数据库操作失败"), "{error}");
}

/// The command line sets this computer's role as the window's first start does, and a
/// mistaken 销号 (with its evidence file) is undone from it too.
#[test]
fn the_cli_sets_the_role_and_undoes_a_mistaken_sign_off() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    let unset = shuzhi(&db, &["role"]);
    assert!(stdout(&unset).contains("尚未设置"), "{}", stdout(&unset));
    let wrong = shuzhi(&db, &["role", "校长"]);
    assert!(!wrong.status.success());
    assert!(stderr(&wrong).contains("请写 书记、组织方 或 示例"), "{}", stderr(&wrong));
    let set = shuzhi(&db, &["--json", "role", "组织方", "--name", "孟晓东"]);
    assert!(set.status.success(), "{}", stderr(&set));
    let set: Value = serde_json::from_str(&stdout(&set)).unwrap();
    assert_eq!((set["role"].as_str(), set["name"].as_str()), (Some("organizer"), Some("孟晓东")));

    let sheet = dir.path().join("签到表.png");
    std::fs::write(&sheet, include_bytes!("../fixtures/evidence/sign-in-sheet.png")).unwrap();
    let signed = sign_off(&db, "rec-jd-1-1", &["--file", sheet.to_str().unwrap()]);
    assert!(signed.status.success(), "{}", stderr(&signed));
    let undone = shuzhi(&db, &["lists", "undo", "--id", "rec-jd-1-1"]);
    assert!(undone.status.success(), "{}", stderr(&undone));
    assert!(stdout(&undone).contains("已撤销") && stdout(&undone).contains("已完成"), "{}", stdout(&undone));
    let again = shuzhi(&db, &["lists", "undo", "--id", "rec-jd-1-1"]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("没有可以撤销的修改"), "{}", stderr(&again));
}

/// On a computer set to 书记 the command line refuses the organizer's work as the window
/// does, with the same message, and changes nothing; her own work goes on.
#[test]
fn on_a_secretarys_computer_the_cli_refuses_the_organizers_work() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    let signed = sign_off(&db, "rec-jd-1-1", &[]);
    assert!(signed.status.success(), "{}", stderr(&signed));
    assert!(shuzhi(&db, &["role", "书记", "--name", "周慧"]).status.success());
    let before = std::fs::read(&db).unwrap();

    for (args, what) in [
        (vec!["meeting", "close", "--campaign", crate::SAMPLE_ID], "结束测评"),
        (vec!["meeting", "agenda", "--campaign", crate::SAMPLE_ID, "--order", "sec-xy"], "安排述职顺序"),
        (vec!["meeting", "rules", "--campaign", crate::SAMPLE_ID, "--preset", "good_share"], "修改计票规则"),
        (
            vec![
                "lists",
                "sign-off",
                "--id",
                "rec-jd-1-2",
                "--date",
                "2024-06-30",
                "--verifier",
                "x",
                "--evidence",
                "x",
            ],
            "办理销号",
        ),
        (vec!["lists", "undo", "--id", "rec-jd-1-1"], "撤销销号"),
        (vec!["new-campaign", "--year", "2025", "--title", "t", "--organizer", "o"], "建立新年度"),
    ] {
        let refused = shuzhi(&db, &args);
        assert!(!refused.status.success(), "{args:?} went through");
        let message = stderr(&refused);
        assert!(message.contains(&format!("不能{what}")) && message.contains("本机用途"), "{args:?}: {message}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "nothing written");

    // Reading is hers as well: the rules are shown.
    let rules = shuzhi(&db, &["meeting", "rules", "--campaign", crate::SAMPLE_ID]);
    assert!(rules.status.success(), "{}", stderr(&rules));
}

/// `shuzhi lists sign-off` of measure `id` by 孟晓东 on 2024-06-30, with `more` arguments.
fn sign_off(db: &Path, id: &str, more: &[&str]) -> Output {
    let mut args = vec!["lists", "sign-off", "--id", id, "--date", "2024-06-30", "--verifier", "孟晓东"];
    args.extend(["--evidence", "会议记录"]);
    args.extend(more);
    shuzhi(db, &args)
}

#[test]
fn stored_terminal_escape_codes_are_shown_as_codes_never_sent_to_the_terminal() {
    // Reproduces: `shuzhi lists show` printed a problem's ESC [2J as it was stored, and the
    // terminal cleared itself; an ESC ] … BEL could retitle the window.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    let description = "支部学习\u{1b}[2J\u{1b}]0;假标题\u{7}流于形式\r覆盖";
    let added = shuzhi(&db, &["problem", "add", "--secretary", "sec-xy", "--description", description]);
    assert!(added.status.success(), "{}", stderr(&added));
    let shown = shuzhi(&db, &["lists", "show", "--campaign", SAMPLE_ID, "--secretary", "sec-xy"]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    let text = stdout(&shown);
    assert!(!text.contains(['\u{1b}', '\u{7}', '\r']), "a control character reached the terminal: {text:?}");
    assert!(text.contains("支部学习<U+001B>[2J<U+001B>]0;假标题<U+0007>流于形式<U+000D>覆盖"), "{text}");
    let listed = shuzhi(&db, &["problem", "list", "--secretary", "sec-xy"]);
    assert!(!stdout(&listed).contains('\u{1b}'), "{}", stdout(&listed));

    // The JSON keeps the text exactly, escaped as JSON escapes it.
    let json = shuzhi(&db, &["--json", "lists", "show", "--campaign", SAMPLE_ID, "--secretary", "sec-xy"]);
    assert!(!stdout(&json).contains('\u{1b}') && stdout(&json).contains("\\u001b[2J"), "{}", stdout(&json));

    // A message quoting what was typed is cleaned the same way.
    let refused = shuzhi(&db, &["problem", "list", "--secretary", "sec-\u{1b}[31m"]);
    assert!(!refused.status.success());
    assert!(!stderr(&refused).contains('\u{1b}'), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("sec-<U+001B>[31m"), "{}", stderr(&refused));

    // Whoever acts is named in the audit log, so the name passes the rules of every name.
    let disguised = shuzhi(&db, &["--actor", "孟\u{202E}晓东", "problem", "list", "--secretary", "sec-xy"]);
    assert!(!disguised.status.success());
    assert!(
        stderr(&disguised).starts_with("错误：操作人（--actor）含有看不见的字符 U+202E（从右到左覆盖）"),
        "{}",
        stderr(&disguised)
    );
}

#[test]
fn a_secretarys_computer_runs_no_meeting_on_any_path() {
    // Reproduces: the window refused the meeting's work on a secretary's computer, but the
    // command line called the domains directly and printed sheets, took ballots and closed.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("her.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    assert!(shuzhi(&db, &["role", "书记", "--name", "李秀兰"]).status.success());
    let sheets = dir.path().join("sheets.pdf");
    for args in [
        vec!["meeting", "sheets", "--campaign", SAMPLE_ID, "--out", sheets.to_str().unwrap()],
        vec![
            "meeting",
            "ballot",
            "--campaign",
            SAMPLE_ID,
            "--serial",
            "1-001",
            "--category",
            "cat-leaders",
            "--marks",
            "1111111111",
        ],
        vec!["meeting", "close", "--campaign", SAMPLE_ID],
        vec!["meeting", "channel", "--campaign", SAMPLE_ID, "--category", "cat-members", "--way", "phone"],
        vec![
            "meeting",
            "comment",
            "--secretary",
            "sec-syy",
            "--commenter",
            "李秀兰",
            "--point",
            "不足",
            "--direction",
            "方向",
            "--responsibility",
            "责任",
        ],
        vec!["report", "review", "--report", "rep-syy", "--decision", "pass", "--reviewer", "李秀兰"],
    ] {
        let out = shuzhi(&db, &args);
        assert!(!out.status.success(), "{args:?} went through on a secretary's computer");
        assert!(stderr(&out).contains("这台电脑设为“书记（我要述职）”"), "{args:?}: {}", stderr(&out));
    }
    assert!(!sheets.exists());
}

/// Reproduces: the window corrected and deleted paper ballots, settled a double entry,
/// saved the panel and the meeting's settings, turned a suggestion into a problem, edited
/// secretaries and the year's settings and started a secretary's own report, and the
/// command line could not. Each now runs through the command of the table, and what it
/// did is logged under this computer's stored name with the command line's note beside it.
#[test]
fn the_command_line_does_what_the_window_does() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let ok = |args: &[&str]| -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = shuzhi(&db, &all);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    ok(&["demo"]);
    ok(&["role", "组织方", "--name", "孟晓东"]);
    let sheets = dir.path().join("sheets.pdf");
    ok(&["meeting", "sheets", "--campaign", SAMPLE_ID, "--out", sheets.to_str().unwrap()]);
    assert!(std::fs::read(&sheets).unwrap().starts_with(b"%PDF"));

    let entered = ok(&["meeting", "ballot", "--campaign", SAMPLE_ID, "--serial", "1-001", "--marks", "1111111111"]);
    let ballot = entered["ballot_id"].as_str().unwrap().to_string();
    let b = ballot.as_str();
    ok(&[
        "meeting",
        "ballot-edit",
        "--campaign",
        SAMPLE_ID,
        "--ballot",
        b,
        "--serial",
        "1-001",
        "--marks",
        "2111111111",
    ]);
    ok(&["meeting", "suggestion-to-problem", "--ballot", b, "--secretary", "sec-xy", "--text", "支部活动形式单一"]);
    let problems = ok(&["problem", "list", "--secretary", "sec-xy"]);
    assert!(problems.as_array().unwrap().iter().any(|p| p["description"] == "支部活动形式单一"), "{problems}");
    ok(&["meeting", "ballot-delete", "--campaign", SAMPLE_ID, "--ballot", b]);
    let view = ok(&["meeting", "show", "--campaign", SAMPLE_ID]);
    assert_eq!(view["ballots"].as_array().unwrap().len(), 0);

    let settings = ok(&["meeting", "settings", "--campaign", SAMPLE_ID, "--minutes", "6", "--double-entry", "true"]);
    assert_eq!(settings["speaking_minutes"], 6);
    ok(&["meeting", "ballot", "--campaign", SAMPLE_ID, "--serial", "1-002", "--marks", "1111111111"]);
    let check =
        ok(&["meeting", "ballot", "--campaign", SAMPLE_ID, "--serial", "1-002", "--marks", "2111111111", "--second"]);
    assert_eq!(check["differences"].as_array().unwrap().len(), 1, "{check}");
    ok(&["meeting", "settle", "--campaign", SAMPLE_ID, "--serial", "1-002", "--keep", "second"]);

    let panel = ok(&[
        "meeting",
        "panel",
        "--campaign",
        SAMPLE_ID,
        "--category",
        "上级党组织领导:30:5",
        "--category",
        "两代表一委员:20:6",
        "--category",
        "基层党组织书记:25:10",
        "--category",
        "党员群众代表:25:20:phone",
    ]);
    assert_eq!(panel.as_array().unwrap().len(), 4);
    let view = ok(&["meeting", "show", "--campaign", SAMPLE_ID]);
    let members =
        view["categories"].as_array().unwrap().iter().find(|c| c["category"]["name"] == "党员群众代表").unwrap();
    assert_eq!(members["category"]["planned_size"], 20);
    assert_eq!(members["category"]["ballot_channel"], "phone");
    assert_eq!(members["category"]["id"], "cat-members", "a category of the same name keeps its id");

    ok(&["roster", "edit-secretary", "--secretary", "sec-jg", "--title", "党总支书记"]);
    let page = ok(&["secretary", "sec-jg"]);
    assert_eq!(page["title"], "党总支书记");
    ok(&["settings", "--campaign", SAMPLE_ID, "--report-chars", "4000"]);
    let details = ok(&["call", "campaign_details", "--args", &format!(r#"{{"campaignId":"{SAMPLE_ID}"}}"#)]);
    assert_eq!(details["report_char_budget"], 4000);

    let listed = ok(&["call", "list"]);
    assert_eq!(listed.as_array().unwrap().len(), shuzhi::commands::COMMAND_NAMES.len());

    let out = shuzhi(&db, &["--actor", "值班员", "meeting", "settings", "--campaign", SAMPLE_ID, "--minutes", "7"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = shuzhi::Store::open(&db).unwrap();
    let log = shuzhi::store::audit::list_for_campaign(store.conn(), SAMPLE_ID).unwrap();
    assert_eq!(log.last().unwrap().actor, "孟晓东（命令行，注明：值班员）");
    assert!(log.iter().filter(|e| e.action.starts_with("ballot")).all(|e| e.actor == "孟晓东（命令行）"));

    // A secretary's own start, on her computer.
    let hers = dir.path().join("hers.db");
    let run = |args: &[&str]| shuzhi(&hers, args);
    assert!(run(&["role", "书记", "--name", "李秀兰"]).status.success());
    let out = run(&[
        "--json",
        "start-own",
        "--year",
        "2024",
        "--organizer",
        "市卫健委党委",
        "--unit",
        "市中医院",
        "--organization",
        "中共市中医院委员会",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let started: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let report = started["report_id"].as_str().unwrap();
    let shown = run(&["--json", "report", "show", "--report", report]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    // And counting stays refused there, on the command line as in the window.
    for args in [vec!["tally", "--campaign", "x"], vec!["call", "meeting_results", "--args", r#"{"campaignId":"x"}"#]] {
        let out = run(&args);
        assert!(stderr(&out).contains("这台电脑设为“书记（我要述职）”"), "{args:?}: {}", stderr(&out));
    }
}

/// Reproduces what an attack from outside found on the command line: a copy of the
/// organizer's file on a secretary's computer showed every ballot of an open vote; a review
/// and a 督查 were logged under the name typed as reviewer or inspector; titles, review
/// levels, the organizer and people's names longer than a year's file allows were saved
/// (and the year then could not be imported); line separators and variation selectors
/// passed in names, and a name could imitate the log's own note.
#[test]
fn the_attacks_on_the_command_line_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let run = |args: &[&str]| shuzhi(&db, args);
    let ok = |args: &[&str]| {
        let out = run(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    let refused = |args: &[&str], words: &str| {
        let out = run(args);
        assert!(!out.status.success(), "{args:?} went through");
        assert!(stderr(&out).contains(words), "{args:?}: {}", stderr(&out));
    };
    ok(&["demo"]);
    ok(&["role", "组织方", "--name", "孟晓东"]);
    let sheets = dir.path().join("s.pdf");
    ok(&["meeting", "sheets", "--campaign", SAMPLE_ID, "--out", sheets.to_str().unwrap()]);
    ok(&[
        "meeting",
        "ballot",
        "--campaign",
        SAMPLE_ID,
        "--serial",
        "1-001",
        "--marks",
        "4444444444",
        "--suggestions",
        "多下基层",
    ]);

    // Who acted is the stored name, whoever is named as reviewer or inspector.
    ok(&["report", "review", "--report", "rep-syy", "--decision", "pass", "--reviewer", "王五"]);
    ok(&[
        "lists",
        "inspect",
        "--id",
        "rec-syy-1-1",
        "--kind",
        "spot",
        "--date",
        "2024-06-01",
        "--inspector",
        "赵六",
        "--findings",
        "已落实",
    ]);
    {
        let store = shuzhi::Store::open(&db).unwrap();
        let log = shuzhi::store::audit::list_for_campaign(store.conn(), SAMPLE_ID).unwrap();
        for action in ["report.pass", "inspection.add"] {
            let entry = log.iter().rev().find(|e| e.action == action).unwrap();
            assert_eq!(entry.actor, "孟晓东（命令行）", "{action}");
        }
    }

    // Limits as a year's file has them.
    let long = |n: usize, c: &str| c.repeat(n);
    refused(&["settings", "--campaign", SAMPLE_ID, "--title", &long(201, "题")], "超过了 200 个字的上限");
    refused(
        &["settings", "--campaign", SAMPLE_ID, "--review-levels", &format!("{},党委审定", long(51, "级"))],
        "审核层级",
    );
    refused(
        &["new-campaign", "--year", "2030", "--title", "t", "--organizer", &long(101, "组")],
        "超过了 100 个字的上限",
    );
    refused(&["report", "review", "--report", "rep-jd", "--decision", "pass", "--reviewer", &long(51, "审")], "审核人");

    // Names that hide or imitate.
    for name in ["王\u{2028}五", "王\u{FE0F}五", "王\u{2800}五"] {
        refused(&["role", "组织方", "--name", name], "姓名");
        refused(&["--actor", name, "campaigns"], "操作人");
    }
    refused(&["role", "组织方", "--name", "孟晓东（命令行，注明：王五）"], "请只填写您的姓名");
    refused(&["role", "组织方", "--name", "本机（未填写使用者姓名）"], "请只填写您的姓名");

    // A copy of the file on a secretary's computer shows no ballot, nor what one says.
    let copy = dir.path().join("copy.db");
    std::fs::copy(&db, &copy).unwrap();
    assert!(shuzhi(&copy, &["role", "书记", "--name", "李秀兰"]).status.success());
    let shown = shuzhi(&copy, &["--json", "meeting", "show", "--campaign", SAMPLE_ID]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    let view: Value = serde_json::from_str(&stdout(&shown)).unwrap();
    for field in ["ballots", "checks", "suggestions", "differences"] {
        assert_eq!(view[field].as_array().unwrap().len(), 0, "{field}: {view}");
    }
    assert!(!stdout(&shown).contains("多下基层"));
}

/// Two programs turning the same 点评 point into a problem at the same moment, through the
/// command line, round after round: exactly one of them makes the problem each time (the
/// "already converted?" check is read inside the write, whichever door the programs use).
#[test]
fn two_processes_never_both_turn_one_point_into_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("race.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    assert!(shuzhi(&db, &["role", "组织方", "--name", "孟晓东"]).status.success());
    // A secretary a round: each has one 点评, whose converted points stay as they are.
    let secretaries = ["sec-syy", "sec-zyy", "sec-sey", "sec-fy", "sec-jk", "sec-jd", "sec-jj", "sec-xy"];
    for (round, secretary) in secretaries.into_iter().enumerate() {
        let point = format!("第{round}轮：支部书记培训覆盖不全");
        let saved = shuzhi(
            &db,
            &[
                "--json",
                "meeting",
                "comment",
                "--secretary",
                secretary,
                "--commenter",
                "林振华",
                "--point",
                &point,
                "--direction",
                "以党建引领学科建设",
                "--responsibility",
                "书记负总责",
            ],
        );
        assert!(saved.status.success(), "{}", stderr(&saved));
        let comment: Value = serde_json::from_str(&stdout(&saved)).unwrap();
        let comment = comment["comment_id"].as_str().unwrap().to_string();
        let racers: Vec<_> = (0..2)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_shuzhi"))
                    .args(["--db", db.to_str().unwrap(), "meeting", "comment-to-problem", "--comment", &comment])
                    .args(["--point", "1"])
                    .env_remove("SHUZHI_DB")
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let answers: Vec<Output> = racers.into_iter().map(|r| r.wait_with_output().unwrap()).collect();
        let made = answers.iter().filter(|o| o.status.success()).count();
        let said: Vec<String> = answers.iter().map(stderr).collect();
        assert_eq!(made, 1, "round {round}: exactly one program converts the point: {said:?}");
        let listed = shuzhi(&db, &["--json", "problem", "list", "--secretary", secretary]);
        let problems: Value = serde_json::from_str(&stdout(&listed)).unwrap();
        let copies = problems.as_array().unwrap().iter().filter(|p| p["description"] == point.as_str()).count();
        assert_eq!(copies, 1, "round {round}");
    }
}

/// A limit on 好 per ballot and a trimmed mean set from the command line: the ballots over
/// the limit are void with the reason, and the recount from the exported files reproduces
/// every grade, score (trimmed) and the fingerprint without the database.
#[test]
fn a_limit_on_good_per_ballot_is_recounted_from_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let ok = |args: &[&str]| -> String {
        let out = shuzhi(&db, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    ok(&["demo"]);
    ok(&["role", "组织方", "--name", "孟晓东"]);
    let said = ok(&["meeting", "rules", "--campaign", SAMPLE_ID, "--max-good", "3", "--trim-above", "3"]);
    assert!(said.contains("每张票评为“好”的不超过 3 人"), "{said}");
    assert!(said.contains("去掉一个最高分和一个最低分"), "{said}");
    let sheets = dir.path().join("s.pdf");
    ok(&["meeting", "sheets", "--campaign", SAMPLE_ID, "--out", sheets.to_str().unwrap()]);
    for (serial, marks) in [
        ("1-001", "1111222222"),
        ("1-002", "1112222223"),
        ("1-003", "2111222223"),
        ("1-004", "1122222224"),
        ("1-005", "2211222234"),
    ] {
        ok(&["meeting", "ballot", "--campaign", SAMPLE_ID, "--serial", serial, "--marks", marks]);
    }
    ok(&["meeting", "close", "--campaign", SAMPLE_ID]);
    let tallied: Value = serde_json::from_str(&ok(&["--json", "tally", "--campaign", SAMPLE_ID])).unwrap();
    assert_eq!(tallied["valid_ballots"], 4, "{tallied}");
    assert_eq!(tallied["invalid_ballots"][0]["reason"], "评为“好”的超过 3 人");
    let recount = dir.path().join("recount");
    ok(&["meeting", "recount", "--campaign", SAMPLE_ID, "--out", recount.to_str().unwrap()]);
    let (rules, ballots) = (recount.join("rules.json"), recount.join("ballots.csv"));
    let out = Command::new(env!("CARGO_BIN_EXE_shuzhi"))
        .args(["--json", "tally", "--rules", rules.to_str().unwrap(), "--ballots", ballots.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let again: Value = serde_json::from_str(&stdout(&out)).unwrap();
    for field in ["valid_ballots", "fingerprint", "invalid_ballots"] {
        assert_eq!(again[field], tallied[field], "{field}");
    }
    let figures = |v: &Value| -> Vec<(Value, Value, Value)> {
        v["secretaries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["secretary"].clone(), s["score"].clone(), s["grade"].clone()))
            .collect()
    };
    assert_eq!(figures(&again), figures(&tallied));
}

/// `report check FILE --last-year ITEMS.txt`: a text file is checked against last year's
/// open items (one a line), as the editor checks a report of the year; an item the report
/// reports on passes, one it leaves out is named. Without a database.
#[test]
fn a_report_file_is_checked_against_last_years_items_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let items = dir.path().join("上年度.txt");
    std::fs::write(&items, "支部学习形式单一\n\n  青年党员发展偏慢  \n").unwrap();
    let report = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reports/good-fy.md");
    let nowhere = dir.path().join("none.db");
    let out = shuzhi(&nowhere, &["--json", "report", "check", report, "--last-year", items.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    let last_year: Vec<&str> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "last-year-unreported")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(last_year.len(), 1, "{last_year:?}");
    assert!(last_year[0].contains("青年党员发展偏慢"), "{last_year:?}");
    assert!(!nowhere.exists(), "a file check opens no database");
    // Without the option the file is checked as before.
    let plain = shuzhi(&nowhere, &["--json", "report", "check", report]);
    let value: Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert!(!value["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "last-year-unreported"));
}

#[test]
fn a_report_file_is_checked_against_last_years_comments_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let comments = dir.path().join("点评.txt");
    std::fs::write(&comments, "意识形态阵地管理不严，公众号审核缺位\n\n落实“一岗双责”督促检查不够\n").unwrap();
    let report = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reports/good-fy.md");
    let nowhere = dir.path().join("none.db");
    let out = shuzhi(&nowhere, &["--json", "report", "check", report, "--comments", comments.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The point no measure answers is quoted; the one the measures take up is not.
    let unanswered: Vec<&str> = value["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "measure-unanswered")
        .map(|f| f["quote"].as_str().unwrap())
        .collect();
    assert_eq!(unanswered, vec!["意识形态阵地管理不严，公众号审核缺位"]);
    assert!(!nowhere.exists(), "a file check opens no database");
    // A list that is no list gets a message that says what to do.
    let long = dir.path().join("长.txt");
    std::fs::write(&long, "点".repeat(300)).unwrap();
    let out = shuzhi(&nowhere, &["report", "check", report, "--comments", long.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("请每行只写一项"), "{}", stderr(&out));
}
