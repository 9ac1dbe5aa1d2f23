//! Problems as structured items: the records of the lists, and the report text written from them.

use shuzhi::lists::items::{
    MeasureInput, ProblemInput, add_measure, add_problem, delete_measure, delete_problem, problem_items, update_measure,
};
use shuzhi::report::{report_editor, save_section, start_report, submit_report};
use shuzhi::store::lists;

use crate::{SAMPLE_ID, sample_store};

fn problem(description: &str, cause: &str) -> ProblemInput {
    ProblemInput { category: "组织建设".into(), description: description.into(), cause: cause.into() }
}

fn measure(text: &str, owner: &str, due: &str) -> MeasureInput {
    MeasureInput { measure: text.into(), target: "每季度检查1次".into(), owner: owner.into(), due: due.into() }
}

#[test]
fn items_write_the_problems_and_measures_sections_and_fill_the_lists() {
    let mut store = sample_store();
    let report = start_report(&mut store, "sec-xy", "周慧").unwrap();
    let first = add_problem(&mut store, "sec-xy", &problem("本人对支部学习把关不严", "重数量轻质量"), "周慧").unwrap();
    add_measure(&mut store, &first, &measure("建立学习质量评议制度", "周慧", "2024-03-31"), "周慧").unwrap();
    let second = add_problem(&mut store, "sec-xy", &problem("青年职工思想引领不够。", ""), "周慧").unwrap();
    add_measure(&mut store, &second, &measure("每季度开展青年座谈", "", ""), "周慧").unwrap();

    let editor = report_editor(&store, &report).unwrap();
    assert_eq!(
        editor.sections[1].body,
        "（一）本人对支部学习把关不严。原因：重数量轻质量。\n（二）青年职工思想引领不够。"
    );
    assert_eq!(
        editor.sections[2].body,
        "（一）建立学习质量评议制度。目标：每季度检查1次。责任人：周慧；完成时限：2024年3月31日。\n\
         （二）每季度开展青年座谈。目标：每季度检查1次。"
    );
    assert!(editor.sections[1].generated && editor.sections[2].generated && !editor.sections[0].generated);
    assert_eq!(editor.problem_items.len(), 2);
    // The second measure has no owner or deadline: the report check says so.
    assert!(editor.check.findings.iter().any(|f| f.rule == "measure-incomplete" && f.message.contains("第 2 条")));

    // The same records are the lists: a responsibility with the secretary, a measure not started.
    let responsibilities = lists::list_responsibilities(store.conn(), SAMPLE_ID).unwrap();
    let mine = responsibilities.iter().find(|r| r.problem_id == first).unwrap();
    assert_eq!((mine.owner.as_str(), mine.leader.as_str()), ("周慧", "周慧"));
    let rectifications = lists::list_rectifications(store.conn(), SAMPLE_ID).unwrap();
    assert!(rectifications.iter().any(|r| r.problem_id == second && r.measure == "每季度开展青年座谈"));

    // The generated text is edited through the items only.
    let refused = save_section(&mut store, &report, "fp-2023-problems", "手写").unwrap_err().to_string();
    assert_eq!(refused, "本节正文由问题条目自动生成，请在“问题条目”中修改问题、原因和措施。");

    let second_measure = problem_items(&store, "sec-xy").unwrap()[1].measures[0].rectification_id.clone();
    update_measure(&mut store, &second_measure, &measure("每季度开展青年座谈", "支部组织委员", "2024-12-31"), "周慧")
        .unwrap();
    let editor = report_editor(&store, &report).unwrap();
    assert!(!editor.check.findings.iter().any(|f| f.rule == "measure-incomplete"), "{:?}", editor.check.findings);

    delete_measure(&mut store, &second_measure, "周慧").unwrap();
    delete_problem(&mut store, &second, "周慧").unwrap();
    let editor = report_editor(&store, &report).unwrap();
    assert_eq!(editor.sections[1].body, "（一）本人对支部学习把关不严。原因：重数量轻质量。");
    assert_eq!(editor.problem_items.len(), 1);
}

#[test]
fn a_submitted_report_keeps_the_text_it_was_reviewed_with() {
    let mut store = sample_store();
    let report = start_report(&mut store, "sec-xy", "周慧").unwrap();
    let id = add_problem(&mut store, "sec-xy", &problem("本人督促检查不够", "重部署轻检查"), "周慧").unwrap();
    submit_report(&mut store, &report, "周慧").unwrap();
    add_measure(&mut store, &id, &measure("每季度督查1次", "周慧", "2024-12-31"), "周慧").unwrap();
    let editor = report_editor(&store, &report).unwrap();
    assert_eq!(editor.sections[2].body, "", "the submitted text did not change");
    assert_eq!(editor.problem_items[0].measures.len(), 1, "the list has the measure");
}

#[test]
fn bad_items_are_refused_with_a_clear_message() {
    let mut store = sample_store();
    let refused = add_problem(&mut store, "sec-xy", &problem("  ", "x"), "周慧").unwrap_err().to_string();
    assert_eq!(refused, "问题描述不能为空。请写明问题的具体表现，见人见事。");
    let id = add_problem(&mut store, "sec-xy", &problem("本人督促检查不够", ""), "周慧").unwrap();
    let refused =
        add_measure(&mut store, &id, &measure("每季度督查", "周慧", "2024年底"), "周慧").unwrap_err().to_string();
    assert_eq!(refused, "完成时限“2024年底”不是有效日期。请选择或写成 2024-06-30 这样的日期。");
    let refused = add_measure(&mut store, "no-such", &measure("x", "", ""), "周慧").unwrap_err().to_string();
    assert_eq!(refused, "找不到问题“no-such”。该问题可能已被删除，请刷新后再试。");
    assert_eq!(problem_items(&store, "sec-xy").unwrap()[0].measures.len(), 0, "nothing was added");
}

#[test]
fn items_never_replace_words_she_wrote_and_rewriting_keeps_them_as_a_revision() {
    // Reproduces: adding her first problem item replaced the text she had typed in
    // 二、存在的问题 and emptied 三、下一步措施; only a revision comparison still showed it.
    let mut store = sample_store();
    let report = start_report(&mut store, "sec-xy", "周慧").unwrap();
    let written = "（一）手写的问题：支部学习流于形式，本人督促不够。";
    save_section(&mut store, &report, "fp-2023-problems", written).unwrap();
    save_section(&mut store, &report, "fp-2023-measures", "（一）手写的措施。").unwrap();
    let id = add_problem(&mut store, "sec-xy", &problem("本人督促检查不够", ""), "周慧").unwrap();
    add_measure(&mut store, &id, &measure("每季度督查1次", "周慧", "2024-12-31"), "周慧").unwrap();
    let editor = report_editor(&store, &report).unwrap();
    assert_eq!(editor.sections[1].body, written, "her words stay in the report");
    assert_eq!(editor.sections[2].body, "（一）手写的措施。");
    assert!(editor.sections[1].differs_from_items && !editor.sections[1].generated);
    assert!(editor.sections[2].differs_from_items && !editor.sections[2].generated);
    // The lists have the item all the same, and her section stays hers to edit.
    assert_eq!(editor.problem_items.len(), 1);
    save_section(&mut store, &report, "fp-2023-problems", &format!("{written}补充一句。")).unwrap();

    // When she asks, the items write both sections and her words become a revision.
    shuzhi::report::rewrite_sections_from_items(&mut store, &report, "周慧").unwrap();
    let editor = report_editor(&store, &report).unwrap();
    assert_eq!(editor.sections[1].body, "（一）本人督促检查不够。");
    assert!(editor.sections[1].generated && editor.sections[2].generated);
    assert!(!editor.sections[1].differs_from_items);
    let kept = editor.revisions.iter().find(|r| r.note == "按问题条目重写前的正文").expect("a revision");
    let revisions = shuzhi::store::reports::list_revisions(store.conn(), SAMPLE_ID).unwrap();
    let kept = revisions.iter().find(|r| r.id == kept.revision_id).unwrap();
    assert_eq!(kept.sections[1].body, format!("{written}补充一句。"));
    assert_eq!(kept.sections[2].body, "（一）手写的措施。");

    // From then on the items keep the sections in step.
    add_problem(&mut store, "sec-xy", &problem("青年党员培养不够", ""), "周慧").unwrap();
    let editor = report_editor(&store, &report).unwrap();
    assert_eq!(editor.sections[1].body, "（一）本人督促检查不够。\n（二）青年党员培养不够。");
}

#[test]
fn a_paste_into_the_section_written_from_items_becomes_items() {
    // Reproduces: once a problem item existed, the problems section was read-only and a
    // paste into it was dropped without a word.
    let mut store = sample_store();
    let report = start_report(&mut store, "sec-xy", "周慧").unwrap();
    add_problem(&mut store, "sec-xy", &problem("本人对支部学习把关不严", "重数量轻质量"), "周慧").unwrap();
    let pasted = "存在以下不足：（一）支部书记培训覆盖不全；（二）党建与业务融合的抓手不多；（三）青年党员发展偏慢。";
    let ids = shuzhi::lists::items::add_problems_from_text(&mut store, "sec-xy", pasted, "周慧").unwrap();
    assert_eq!(ids.len(), 3, "the three numbered items after the colon, not the lead-in");
    let items = problem_items(&store, "sec-xy").unwrap();
    let descriptions: Vec<&str> = items.iter().map(|p| p.description.as_str()).collect();
    assert_eq!(
        descriptions,
        ["本人对支部学习把关不严", "支部书记培训覆盖不全", "党建与业务融合的抓手不多", "青年党员发展偏慢。"]
    );
    let editor = report_editor(&store, &report).unwrap();
    assert!(editor.sections[1].body.contains("（四）青年党员发展偏慢。"), "{}", editor.sections[1].body);

    // 一是/二是 in one sentence, and plain paragraphs.
    let ids =
        shuzhi::lists::items::add_problems_from_text(&mut store, "sec-xy", "一是学习不深，二是制度执行不严", "周慧")
            .unwrap();
    assert_eq!(ids.len(), 2);
    let ids = shuzhi::lists::items::add_problems_from_text(&mut store, "sec-xy", "谈心谈话不够\n\n调研不多\n", "周慧")
        .unwrap();
    assert_eq!(ids.len(), 2);
    let last: Vec<String> = problem_items(&store, "sec-xy").unwrap().into_iter().map(|p| p.description).collect();
    assert_eq!(&last[4..], ["学习不深", "制度执行不严", "谈心谈话不够", "调研不多"]);

    // Nothing in it, nothing added, and a clear message.
    let refused = shuzhi::lists::items::add_problems_from_text(&mut store, "sec-xy", "  \n ", "周慧").unwrap_err();
    assert!(refused.to_string().contains("粘贴的文字是空的"), "{refused}");
    assert_eq!(problem_items(&store, "sec-xy").unwrap().len(), 8);
}

#[test]
fn which_measure_answers_which_problem_is_what_she_recorded_under_it() {
    // Reproduces: a measure added under the third problem was shown under the first,
    // because the words of the generated text matched it there.
    let mut store = sample_store();
    let report = start_report(&mut store, "sec-xy", "周慧").unwrap();
    let first = add_problem(&mut store, "sec-xy", &problem("本人抓支部学习不够实", "把关不严"), "周慧").unwrap();
    add_measure(&mut store, &first, &measure("建立学习研讨制度", "周慧", "2024-03-31"), "周慧").unwrap();
    add_problem(&mut store, "sec-xy", &problem("本人对青年职工思想引领不够", "研究不深"), "周慧").unwrap();
    let third = add_problem(&mut store, "sec-xy", &problem("本人对党员日常管理督促不够", "过问少"), "周慧").unwrap();
    add_measure(&mut store, &third, &measure("建立支部学习和党费台账", "周慧", "2024-06-30"), "周慧").unwrap();

    let editor = report_editor(&store, &report).unwrap();
    let answers: Vec<(Option<&str>, Vec<&str>)> = editor
        .check
        .answers
        .iter()
        .map(|a| (a.problem.as_deref(), a.measures.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        answers,
        vec![
            (Some("本人抓支部学习不够实"), vec!["建立学习研讨制度"]),
            (Some("本人对青年职工思想引领不够"), vec![]),
            (Some("本人对党员日常管理督促不够"), vec!["建立支部学习和党费台账"]),
        ]
    );
    let unanswered: Vec<&str> = editor
        .check
        .findings
        .iter()
        .filter(|f| f.rule == "measure-unanswered")
        .filter_map(|f| f.quote.as_deref())
        .collect();
    assert_eq!(unanswered, vec!["本人对青年职工思想引领不够"]);
    // Every quote stands in the text, so the window can select it.
    for quote in &unanswered {
        assert!(editor.sections[1].body.contains(quote));
    }
}
