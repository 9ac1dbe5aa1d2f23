//! 佐证材料: attaching, content-addressed storage, deletion that keeps shared bytes, limits.

use shuzhi::report::evidence::{
    EvidenceTarget, MAX_EVIDENCE_BYTES, attach_evidence, delete_evidence, evidence_content, list_evidence, sha256_hex,
};
use shuzhi::report::{check_stored_report, start_report};

use crate::sample_store;

const PNG: &[u8] = include_bytes!("../fixtures/evidence/sign-in-sheet.png");
const PDF: &[u8] = include_bytes!("../fixtures/evidence/minutes.pdf");

fn section(id: &str) -> EvidenceTarget {
    EvidenceTarget { focus_point_id: Some(id.into()), problem_id: None }
}

fn blobs(store: &shuzhi::Store) -> u32 {
    store.conn().query_row("SELECT count(*) FROM evidence_blobs", [], |r| r.get(0)).unwrap()
}

#[test]
fn the_same_file_is_stored_once_and_kept_until_the_last_reference_goes() {
    let mut store = sample_store();
    let report = start_report(&mut store, "sec-xy", "周慧").unwrap();
    let a =
        attach_evidence(&mut store, &report, &section("fp-2023-achievements"), "签到表.png", PNG, "", "周慧").unwrap();
    let b =
        attach_evidence(&mut store, &report, &section("fp-2023-problems"), "/home/x/签到表副本.png", PNG, "", "周慧")
            .unwrap();
    assert_eq!(a.sha256, sha256_hex(PNG));
    assert_eq!(a.media_type, "image/png");
    assert_eq!(b.file_name, "签到表副本.png", "the folder is not kept");
    assert_eq!(blobs(&store), 1, "one copy of the bytes");

    delete_evidence(&mut store, &a.id, "周慧").unwrap();
    assert_eq!(blobs(&store), 1, "the bytes stay while another record names them");
    let content = evidence_content(&store, &b.id).unwrap();
    assert_eq!(content.media_type, "image/png");
    assert!(content.base64.starts_with("iVBORw0KGgo"));
    delete_evidence(&mut store, &b.id, "周慧").unwrap();
    assert_eq!(blobs(&store), 0, "the last reference took the bytes with it");
    assert!(list_evidence(&store, &report).unwrap().is_empty());
}

#[test]
fn evidence_supports_a_section_or_a_problem_and_clears_the_no_evidence_finding() {
    let mut store = sample_store();
    // 刘芳's approved report has figures in its achievements and only a description of evidence
    // whose bytes never came here; 赵敏's has figures and no evidence at all.
    let check = check_stored_report(&store, "rep-jd").unwrap();
    assert!(check.findings.iter().any(|f| f.rule == "no-evidence"));
    attach_evidence(
        &mut store,
        "rep-jd",
        &section("fp-2023-achievements"),
        "会议记录.pdf",
        PDF,
        "支部会议记录",
        "赵敏",
    )
    .unwrap();
    let check = check_stored_report(&store, "rep-jd").unwrap();
    assert!(!check.findings.iter().any(|f| f.rule == "no-evidence"), "{:?}", check.findings);

    let on_problem = EvidenceTarget { focus_point_id: None, problem_id: Some("prb-jd-1".into()) };
    attach_evidence(&mut store, "rep-jd", &on_problem, "签到表.png", PNG, "", "赵敏").unwrap();
    let listed = list_evidence(&store, "rep-jd").unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].supports, "一、履行抓基层党建第一责任人职责情况及主要成绩");
    assert_eq!(listed[0].preview, "pdf");
    assert!(listed[1].supports.starts_with("问题：“三会一课”有时以业务会代替"), "{}", listed[1].supports);
    assert_eq!(listed[1].preview, "image");

    let elsewhere = EvidenceTarget { focus_point_id: None, problem_id: Some("prb-syy-1".into()) };
    let refused = attach_evidence(&mut store, "rep-jd", &elsewhere, "x.png", PNG, "", "赵敏").unwrap_err();
    assert_eq!(refused.to_string(), "找不到问题“prb-syy-1”。该问题可能已被删除，请刷新后再附加。");
}

#[test]
fn files_of_the_wrong_kind_or_too_large_are_refused_and_nothing_is_stored() {
    let mut store = sample_store();
    let report = start_report(&mut store, "sec-xy", "周慧").unwrap();
    let target = section("fp-2023-achievements");
    let refused =
        attach_evidence(&mut store, &report, &target, "说明.txt", "纯文本".as_bytes(), "", "周慧").unwrap_err();
    assert_eq!(
        refused.to_string(),
        "文件“说明.txt”不是可接受的佐证材料类型。可以附加图片（JPG、PNG、GIF、WEBP）、PDF、OFD \
         和 Office / WPS 文档（Word、Excel、PowerPoint）；其他文件请先转换为 PDF。"
    );
    let mut big = PNG.to_vec();
    big.resize(MAX_EVIDENCE_BYTES + 1, 0);
    let refused = attach_evidence(&mut store, &report, &target, "扫描件.png", &big, "", "周慧").unwrap_err();
    assert_eq!(
        refused.to_string(),
        "文件“扫描件.png”有 20.0 MB，超过了 20 MB 的上限。请压缩图片或只附加相关的页面后再试。"
    );
    let refused = attach_evidence(&mut store, &report, &target, "空.png", &[], "", "周慧").unwrap_err();
    assert_eq!(refused.to_string(), "文件“空.png”是空的。请确认选择了正确的文件。");
    assert_eq!(blobs(&store), 0);
    assert!(list_evidence(&store, &report).unwrap().is_empty());
}

#[test]
fn evidence_known_only_by_its_description_says_where_the_file_is() {
    let store = sample_store();
    let listed = list_evidence(&store, "rep-fy").unwrap();
    assert_eq!(listed.len(), 1);
    assert!(!listed[0].has_content);
    let refused = evidence_content(&store, &listed[0].evidence_id).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "本机只有佐证材料“孕产妇系统管理率统计表.xlsx”的描述，没有文件内容（交换文件不携带文件本身）。请向报告人索取报告包后导入。"
    );
}

#[test]
fn a_name_that_would_run_or_render_is_refused_whatever_the_bytes_and_nothing_is_stored() {
    // Reproduces: evidence named 会议记录.bat or 通知.html was accepted because its bytes were
    // a PDF; opened from the window, the name decides what runs it.
    let mut store = sample_store();
    let report = start_report(&mut store, "sec-xy", "周慧").unwrap();
    let target = section("fp-2023-achievements");
    let refused = attach_evidence(&mut store, &report, &target, "会议记录.bat", PDF, "", "周慧").unwrap_err();
    assert_eq!(
        refused.to_string(),
        "文件“会议记录.bat”的扩展名“.bat”属于程序、脚本或网页，打开它可能运行其中的内容，\
         不能作为佐证材料附加。请把材料另存为 PDF 或图片后再附加。"
    );
    for name in ["通知.html", "通知.HTM", "签到表.svg", "d:\\材料\\run.exe", "会议记录.bat.", "记录.cmd ", "宏.docm"]
    {
        let refused = attach_evidence(&mut store, &report, &target, name, PDF, "", "周慧").unwrap_err().to_string();
        assert!(refused.contains("属于程序、脚本或网页"), "{name}: {refused}");
    }
    let refused = attach_evidence(&mut store, &report, &target, "签到表\u{202E}gnp.exe", PNG, "", "周慧").unwrap_err();
    assert!(refused.to_string().starts_with("文件名“签到表<U+202E>gnp.exe”含有看不见的字符 U+202E（从右到左覆盖）"));
    assert_eq!(blobs(&store), 0);
    assert!(list_evidence(&store, &report).unwrap().is_empty());
}

#[test]
fn the_stored_name_ends_in_the_extension_of_the_kind_found_in_the_bytes() {
    let mut store = sample_store();
    let report = start_report(&mut store, "sec-xy", "周慧").unwrap();
    let target = section("fp-2023-achievements");
    let mut stored = |name: &str, bytes: &[u8]| {
        attach_evidence(&mut store, &report, &target, name, bytes, "", "周慧").unwrap().file_name
    };
    assert_eq!(stored("会议记录.pdf", PDF), "会议记录.pdf", "a name that fits is kept");
    assert_eq!(stored("会议记录.PDF", PDF), "会议记录.PDF");
    assert_eq!(stored("扫描件", PDF), "扫描件.pdf", "no extension: the kind's is added");
    assert_eq!(stored("照片.png", PDF), "照片.pdf", "another accepted kind's extension is replaced");
    assert_eq!(stored("会议记录.txt", PDF), "会议记录.txt.pdf", "anything else stays, and the kind's is added");
    assert_eq!(stored("2023.12.05 签到", PNG), "2023.12.05 签到.png");

    // A name stored before this rule leaves under one that fits its bytes.
    let kept = attach_evidence(&mut store, &report, &target, "旧材料.pdf", PDF, "", "周慧").unwrap();
    store.conn().execute("UPDATE evidence SET file_name = '旧材料.bat' WHERE id = ?1", [&kept.id]).unwrap();
    assert_eq!(evidence_content(&store, &kept.id).unwrap().file_name, "旧材料.bat.pdf");
}
