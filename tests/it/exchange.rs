//! The exchange format: round trips, and every kind of bad document answered with
//! a clear Chinese message and no change to the database.

use serde_json::{Value, json};
use shuzhi::exchange::{self, export_campaign, import_document, parse_document, to_json_bytes};
use shuzhi::store::campaigns::list_campaigns;

use crate::{SAMPLE_ID, new_store, sample_store, sample_value};

#[test]
fn export_import_export_gives_identical_bytes() {
    let first = to_json_bytes(&export_campaign(&sample_store(), SAMPLE_ID).unwrap());
    let document = parse_document("first.json", &first).unwrap();
    let mut second_store = new_store();
    import_document(&mut second_store, "first.json", &document, "测试").unwrap();
    let second = to_json_bytes(&export_campaign(&second_store, SAMPLE_ID).unwrap());
    assert!(first == second, "the second export differs from the first");
    // The bundled sample is kept in this canonical form, so loading it loses nothing.
    assert!(first == shuzhi::sample::SAMPLE_CAMPAIGN_JSON.as_bytes(), "the sample asset is not a canonical export");
}

/// One bad document: what to change in the sample, and the whole message expected.
/// `{line}` in the message stands for the line `check` finds for the case in the written file.
struct Case {
    name: &'static str,
    change: fn(&mut Value),
    message: &'static str,
}

/// The 1-based line of the first line of `text` containing `marker`.
fn line_of(text: &str, marker: &str) -> usize {
    text.lines().position(|l| l.contains(marker)).map(|i| i + 1).unwrap_or(0)
}

/// Parses the changed sample into a database that already holds another campaign,
/// and checks the message and that the database did not change.
fn check(case: &Case) {
    let mut value = sample_value();
    (case.change)(&mut value);
    let bytes = serde_json::to_vec_pretty(&value).unwrap();
    let mut store = new_store();
    let before = list_campaigns(store.conn()).unwrap();
    let outcome =
        parse_document("bad.json", &bytes).and_then(|doc| import_document(&mut store, "bad.json", &doc, "测试"));
    let error = outcome.err().unwrap_or_else(|| panic!("case {}: the import should fail", case.name));
    let text = String::from_utf8(bytes).unwrap();
    let expected = match case.name {
        "unknown state" => case.message.replace("{line}", &line_of(&text, "\"finished\"").to_string()),
        // serde reports a missing field where the object closes: the line after the last field.
        "missing field" => case.message.replace("{line}", &(line_of(&text, "\"title\": \"党委书记\"") + 1).to_string()),
        _ => case.message.to_string(),
    };
    assert_eq!(error.to_string(), expected, "case {}", case.name);
    assert_eq!(list_campaigns(store.conn()).unwrap(), before, "case {}: the database changed", case.name);
}

const UNCHANGED: &str = "数据库未作任何改动。";

#[test]
fn bad_documents_are_refused_with_a_clear_message_and_no_change() {
    let cases = [
        Case {
            name: "dangling organization reference",
            change: |v| v["secretaries"][2]["organization_id"] = json!("org-nowhere"),
            message: "导入 bad.json 失败：secretaries[2]（陈志强）.organization_id：引用的党组织 \"org-nowhere\" 在文件中不存在。\
                      请改为文件中已有的编号，或先补上被引用的记录后重新导入。数据库未作任何改动。",
        },
        Case {
            name: "dangling problem reference",
            change: |v| v["rectifications"][0]["problem_id"] = json!("prb-missing"),
            message: "导入 bad.json 失败：rectifications[0].problem_id：引用的问题 \"prb-missing\" 在文件中不存在。\
                      请改为文件中已有的编号，或先补上被引用的记录后重新导入。数据库未作任何改动。",
        },
        Case {
            name: "section of an unknown focus point",
            change: |v| v["reports"][0]["sections"][1]["focus_point_id"] = json!("fp-x"),
            message: "导入 bad.json 失败：reports[0].sections[1].focus_point_id：引用的述职重点 \"fp-x\" 在文件中不存在。\
                      请改为文件中已有的编号，或先补上被引用的记录后重新导入。数据库未作任何改动。",
        },
        Case {
            name: "duplicate secretary id",
            change: |v| v["secretaries"][1]["id"] = json!("sec-syy"),
            message: "导入 bad.json 失败：secretaries[1].id：编号 \"sec-syy\" 与前面的记录重复。请为该记录换一个不重复的编号。数据库未作任何改动。",
        },
        Case {
            name: "organization cycle",
            change: |v| v["organizations"][0]["parent_id"] = json!("org-syy"),
            message: "导入 bad.json 失败：organizations[0]（中共市卫生健康委员会委员会）.parent_id：上级党组织关系形成了循环。\
                      请检查这些党组织的上级设置，确保最顶层的党组织没有上级。数据库未作任何改动。",
        },
        Case {
            name: "a received result of a secretary not in the file",
            change: |v| {
                v["received_results"] = json!([{
                    "secretary_id": "sec-nobody",
                    "result": {
                        "closed_at": "2024-01-18T11:00:00+08:00", "fingerprint": "0".repeat(64),
                        "formula": "加权计分", "grade": "good", "grade_text": "好", "score": 95.0, "rank": 1,
                        "rated": 10, "counts": {"good": 3, "fairly_good": 0, "fair": 0, "poor": 0},
                        "percents": [100.0, 0.0, 0.0, 0.0], "valid": 3, "veto": null, "excellent_allowed": true,
                        "calculation": [], "received_at": "2024-01-20T09:00:00+08:00"
                    }
                }])
            },
            message: "导入 bad.json 失败：received_results[0].secretary_id：引用的书记 \"sec-nobody\" 在文件中不存在。\
                      请改为文件中已有的编号，或先补上被引用的记录后重新导入。数据库未作任何改动。",
        },
        Case {
            name: "unknown state",
            change: |v| v["reports"][0]["status"] = json!("finished"),
            message: "导入 bad.json 失败：第 {line} 行第 26 列（reports[0].status）：取值 finished 无效，可选值为：draft、submitted、returned、approved。\
                      请按 docs/exchange-format.md 的说明修正该处，或重新导出该文件。数据库未作任何改动。",
        },
        Case {
            name: "missing field",
            change: |v| {
                v["secretaries"][0].as_object_mut().unwrap().remove("name");
            },
            message: "导入 bad.json 失败：第 {line} 行第 5 列（secretaries[0]）：缺少必填字段 name。\
                      请按 docs/exchange-format.md 的说明修正该处，或重新导出该文件。数据库未作任何改动。",
        },
        Case {
            name: "bad date",
            change: |v| v["campaign"]["meeting_date"] = json!("2024年1月18日"),
            message: "导入 bad.json 失败：campaign.meeting_date：日期 \"2024年1月18日\" 无效。日期请写成 2023-05-22 这样的格式。数据库未作任何改动。",
        },
        Case {
            name: "a future format version",
            change: |v| v["format_version"] = json!(5),
            message: "导入 bad.json 失败：format_version 字段：文件格式版本为 5，本程序只能读取 4 及以下版本。请升级述职评议助手后再导入。数据库未作任何改动。",
        },
        Case {
            name: "another program's file",
            change: |v| v["format"] = json!("something-else"),
            message: "导入 bad.json 失败：format 字段：不是述职评议助手的年度述职评议文件（应为 \"shuzhi-campaign\"，实为 \"something-else\"）。\
                      请选择用“导出”功能或 `shuzhi export` 生成的文件。数据库未作任何改动。",
        },
        Case {
            name: "a ballot sheet printed twice",
            change: |v| {
                let sheet = json!({"serial": "1-001", "category_id": "cat-leaders"});
                v["ballot_sheets"] = json!([sheet.clone(), sheet]);
            },
            message: "导入 bad.json 失败：ballot_sheets[1].serial：测评表票号 \"1-001\" 印了两次。每张测评表的票号必须唯一。数据库未作任何改动。",
        },
        Case {
            name: "an agenda naming someone who is not there",
            change: |v| v["agenda"] = json!(["sec-nobody"]),
            message: "导入 bad.json 失败：agenda[0]：引用的书记 \"sec-nobody\" 在文件中不存在。请改为文件中已有的编号，或先补上被引用的记录后重新导入。数据库未作任何改动。",
        },
        Case {
            name: "rules whose bands climb",
            change: |v| {
                v["campaign"]["scoring_rules"]["bands"] = json!([
                    {"min_score": 60, "grade": "good"}, {"min_score": 90, "grade": "fairly_good"}
                ])
            },
            message: "导入 bad.json 失败：campaign.scoring_rules：计分规则有误：分数段的起点须从高到低排列且互不相同。请修正计分规则。数据库未作任何改动。",
        },
    ];
    for case in &cases {
        check(case);
    }
}

#[test]
fn truncated_and_non_json_files_are_refused() {
    let sample = shuzhi::sample::SAMPLE_CAMPAIGN_JSON.as_bytes();
    let error = parse_document("cut.json", &sample[..sample.len() / 2]).unwrap_err().to_string();
    assert!(error.starts_with("导入 cut.json 失败：第 "), "{error}");
    assert!(error.contains("文件在此处意外结束，内容不完整。文件可能在复制或传输中被截断"), "{error}");
    assert!(error.ends_with(UNCHANGED));

    let error = parse_document("gbk.json", &[0xC4, 0xE3, 0xBA, 0xC3]).unwrap_err().to_string();
    assert_eq!(
        error,
        "导入 gbk.json 失败：第 1 个字节处内容不是 UTF-8 编码的文本。请确认选择的是述职评议助手导出的 .json 文件；\
         若用其他软件编辑过，请另存为 UTF-8 编码。数据库未作任何改动。"
    );
}

#[test]
fn importing_a_campaign_already_present_changes_nothing() {
    let mut store = sample_store();
    let before = to_json_bytes(&export_campaign(&store, SAMPLE_ID).unwrap());
    let document = parse_document("again.json", &before).unwrap();
    let error = import_document(&mut store, "again.json", &document, "测试").unwrap_err().to_string();
    assert!(
        error
            .starts_with("导入 again.json 失败：campaign.id：数据库中已有编号为 \"sample-2023-swjw\" 的年度述职评议。"),
        "{error}"
    );
    assert_eq!(to_json_bytes(&export_campaign(&store, SAMPLE_ID).unwrap()), before);
}

#[test]
fn a_second_campaign_whose_child_ids_clash_is_refused_whole() {
    let mut store = sample_store();
    let mut value = sample_value();
    value["campaign"]["id"] = json!("another-campaign");
    let bytes = serde_json::to_vec(&value).unwrap();
    let document = parse_document("clash.json", &bytes).unwrap();
    let error = import_document(&mut store, "clash.json", &document, "测试").unwrap_err().to_string();
    assert!(error.contains("approvals[0].id：编号 \"apv-syy-1\" 已被本数据库中的另一条记录使用"), "{error}");
    assert_eq!(list_campaigns(store.conn()).unwrap().len(), 1);
}

#[test]
fn the_format_constants_match_the_documentation() {
    let doc = include_str!("../../docs/exchange-format.md");
    assert!(doc.contains(&format!("\"format\": \"{}\"", exchange::FORMAT)));
    assert!(doc.contains(&format!("\"format_version\": {}", exchange::FORMAT_VERSION)));
}

#[test]
fn the_documented_example_imports_and_round_trips() {
    let doc = include_str!("../../docs/exchange-format.md");
    let start = doc.find("```json\n").expect("the doc has a JSON example") + "```json\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let example = &doc[start..end];
    let document = parse_document("docs/exchange-format.md", example.as_bytes()).unwrap();
    let mut store = new_store();
    import_document(&mut store, "example", &document, "测试").unwrap();
    let exported = to_json_bytes(&export_campaign(&store, &document.campaign.id).unwrap());
    assert_eq!(String::from_utf8(exported).unwrap(), example, "the example is not in canonical form");
}

#[test]
fn a_frozen_version_1_document_still_imports_and_exports_as_the_current_version() {
    let v1 = include_bytes!("../fixtures/exchange_v1.json");
    let document = parse_document("exchange_v1.json", v1).unwrap();
    let mut store = new_store();
    import_document(&mut store, "exchange_v1.json", &document, "测试").unwrap();
    let exported = to_json_bytes(&export_campaign(&store, SAMPLE_ID).unwrap());
    assert!(exported == shuzhi::sample::SAMPLE_CAMPAIGN_JSON.as_bytes(), "v1 upgraded differs from the v2 sample");
}

#[test]
fn evidence_may_point_only_to_a_problem_in_the_file() {
    let mut value = sample_value();
    value["evidence"][0]["problem_id"] = json!("prb-nowhere");
    let error = parse_document("e.json", &serde_json::to_vec(&value).unwrap()).unwrap_err().to_string();
    assert!(error.contains("evidence[0].problem_id：引用的问题 \"prb-nowhere\" 在文件中不存在"), "{error}");
}

#[test]
fn an_imported_file_cannot_give_a_rater_both_kinds_of_ballot() {
    // Reproduces: a file whose category said paper (or said nothing, as every file of an
    // earlier version) while its codes were out imported as paper, and then a sheet and a
    // code of that category both voted.
    let mut store = crate::sample_store();
    crate::meeting::vote_by_phone(&mut store, &["cat-members"]);
    shuzhi::meeting::phone::issue_codes(&mut store, crate::SAMPLE_ID, "测试").unwrap();
    let bytes = shuzhi::exchange::to_json_bytes(&shuzhi::exchange::export_campaign(&store, crate::SAMPLE_ID).unwrap());
    let mut value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let members =
        value["rater_categories"].as_array_mut().unwrap().iter_mut().find(|c| c["id"] == "cat-members").unwrap();
    assert_eq!(members["ballot_channel"], "phone");
    members.as_object_mut().unwrap().remove("ballot_channel");
    let parsed = shuzhi::exchange::parse_document("旧版.json", &serde_json::to_vec(&value).unwrap()).unwrap();
    let members = parsed.rater_categories.iter().find(|c| c.id == "cat-members").unwrap();
    assert_eq!(members.ballot_channel, shuzhi::domain::BallotChannel::Phone, "codes and no sheet: it votes by phone");

    // A paper ballot in a category that votes by phone, before the seal, is refused whole.
    let mut paper = crate::sample_store();
    shuzhi::meeting::ensure_sheets(&mut paper, crate::SAMPLE_ID, "测试").unwrap();
    shuzhi::meeting::enter_ballot(&mut paper, crate::SAMPLE_ID, &crate::meeting::ballot("4-001", "1111111111"), "测试")
        .unwrap();
    let bytes = shuzhi::exchange::to_json_bytes(&shuzhi::exchange::export_campaign(&paper, crate::SAMPLE_ID).unwrap());
    let mut value: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let members =
        value["rater_categories"].as_array_mut().unwrap().iter_mut().find(|c| c["id"] == "cat-members").unwrap();
    members["ballot_channel"] = "phone".into();
    let refused = shuzhi::exchange::parse_document("改过.json", &serde_json::to_vec(&value).unwrap()).unwrap_err();
    assert!(refused.to_string().contains("“党员群众代表”的测评方式是手机扫码，这张票却不是这样收回的"), "{refused}");
}

/// A year file may carry the organizer's decision of a tie at the quota on 好 with its
/// closure; one that names a secretary of no file, or has no time, is refused whole.
#[test]
fn a_quota_decision_in_a_year_file_names_only_its_own_secretaries() {
    fn vote(kept: &str, at: &str) -> Value {
        json!({
            "closed_at": "2024-01-18T11:00:00+08:00", "closed_by": "孟晓东", "fingerprint": "0".repeat(64),
            "rules_version": 1,
            "quota_decision": { "kept": [kept], "reason": "按方案决定", "decided_by": "孟晓东", "decided_at": at }
        })
    }
    check(&Case {
        name: "a quota decision of a secretary not in the file",
        change: |v| v["vote"] = vote("sec-nobody", "2024-01-18T12:00:00+08:00"),
        message: "导入 bad.json 失败：vote.quota_decision.kept[0]：引用的书记 \"sec-nobody\" 在文件中不存在。\
                  请改为文件中已有的编号，或先补上被引用的记录后重新导入。数据库未作任何改动。",
    });
    let mut value = sample_value();
    value["vote"] = vote("sec-syy", "昨天");
    let bytes = serde_json::to_vec_pretty(&value).unwrap();
    let error =
        parse_document("bad.json", &bytes).and_then(|doc| import_document(&mut new_store(), "bad.json", &doc, "测试"));
    assert!(error.unwrap_err().to_string().contains("vote.quota_decision.decided_at"));
}
