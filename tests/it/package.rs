//! Report packages between a secretary's database and the organizer's: a round trip, and
//! every bad package refused with a clear message and nothing changed.

use std::io::Write;

use shuzhi::Store;
use shuzhi::package::{export_report_package, import_report_package, read_package};
use shuzhi::store::reports::list_reports;

use crate::{SAMPLE_ID, sample_store};

const PNG: &[u8] = include_bytes!("../fixtures/evidence/sign-in-sheet.png");

/// The secretary (李秀兰, report returned for changes) revises and attaches evidence.
fn secretary_package() -> (Store, Vec<u8>) {
    let mut secretary = sample_store();
    shuzhi::report::save_section(
        &mut secretary,
        "rep-zyy",
        "fp-2023-achievements",
        "2023年，本人主持党委会12次，研究党建议题30个。",
    )
    .unwrap();
    shuzhi::report::evidence::attach_evidence(
        &mut secretary,
        "rep-zyy",
        &shuzhi::report::evidence::EvidenceTarget {
            focus_point_id: Some("fp-2023-achievements".into()),
            problem_id: None,
        },
        "签到表.png",
        PNG,
        "党委会签到表",
        "李秀兰",
    )
    .unwrap();
    let bytes = export_report_package(&secretary, "rep-zyy").unwrap();
    (secretary, bytes)
}

fn reports_of(store: &Store) -> Vec<shuzhi::domain::Report> {
    list_reports(store.conn(), SAMPLE_ID).unwrap()
}

#[test]
fn a_report_package_carries_the_report_and_its_evidence_to_the_organizer() {
    let (_secretary, bytes) = secretary_package();
    let mut organizer = sample_store();
    let package = read_package("李秀兰.szpkg", &bytes).unwrap();
    assert_eq!(package.manifest.parts.len(), 2, "report.json and one evidence file");
    let imported = import_report_package(&mut organizer, "李秀兰.szpkg", &package, false, "孟晓东").unwrap();
    assert_eq!((imported.replaced, imported.evidence_added), (true, 1));
    let report = reports_of(&organizer).into_iter().find(|r| r.id == "rep-zyy").unwrap();
    assert!(report.sections.iter().any(|s| s.body.contains("研究党建议题30个")));
    let evidence = shuzhi::report::evidence::list_evidence(&organizer, "rep-zyy").unwrap();
    let content = shuzhi::report::evidence::evidence_content(&organizer, &evidence[0].evidence_id).unwrap();
    assert_eq!(content.file_name, "签到表.png");
    // Importing the same package again adds nothing.
    let again = import_report_package(&mut organizer, "李秀兰.szpkg", &package, false, "孟晓东").unwrap();
    assert_eq!((again.evidence_added, again.revisions_added), (0, 0));
}

#[test]
fn a_newer_or_reviewed_report_is_not_replaced_without_being_asked() {
    let (_secretary, bytes) = secretary_package();
    let mut organizer = sample_store();
    // Here, the organizer's copy moved on after the package was made.
    shuzhi::report::save_section(&mut organizer, "rep-zyy", "fp-2023-problems", "组织方这边的修改").unwrap();
    let package = read_package("p.szpkg", &bytes).unwrap();
    let error = import_report_package(&mut organizer, "p.szpkg", &package, false, "孟晓东").unwrap_err().to_string();
    // Saved here after the package's report (within the same second or not): asked either way.
    let unknown = error.contains("有交换包中没有的内容") || error.contains("这个交换包比本机李秀兰的报告旧");
    assert!(unknown && error.contains("选择“替换”导入"), "{error}");
    let report = reports_of(&organizer).into_iter().find(|r| r.id == "rep-zyy").unwrap();
    assert!(report.sections.iter().any(|s| s.body == "组织方这边的修改"), "nothing changed");
    import_report_package(&mut organizer, "p.szpkg", &package, true, "孟晓东").unwrap();
    // Replaced when asked, and the organizer's text is kept as a revision, not lost.
    let kept = shuzhi::store::reports::list_revisions(organizer.conn(), SAMPLE_ID)
        .unwrap()
        .into_iter()
        .find(|r| r.note == "导入交换包前的本机稿")
        .expect("the text here is kept");
    assert!(kept.sections.iter().any(|s| s.body == "组织方这边的修改"));
}

pub(crate) fn rezip(bytes: &[u8], change: impl Fn(&str, Vec<u8>) -> Option<(String, Vec<u8>)>) -> Vec<u8> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if let Some((name, content)) = change(&name, content) {
            out.start_file(name, options).unwrap();
            out.write_all(&content).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn bad_packages_are_refused_with_a_clear_message() {
    let (_secretary, good) = secretary_package();
    let refused = |bytes: &[u8]| read_package("p.szpkg", bytes).unwrap_err().to_string();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated", good[..good.len() / 2].to_vec(), "不是完整的交换包"),
        ("not a zip", b"hello".to_vec(), "不是完整的交换包"),
        (
            "a part changed after packing",
            rezip(&good, |name, mut content| {
                if name == "report.json" {
                    content.extend_from_slice(b" ");
                }
                Some((name.to_string(), content))
            }),
            "校验值与清单不符",
        ),
        (
            "path traversal",
            rezip(&good, |name, content| {
                Some((if name == "report.json" { "../../etc/report.json".into() } else { name.to_string() }, content))
            }),
            "不应出现的文件“../../etc/report.json”",
        ),
        (
            "an absolute path",
            rezip(&good, |name, content| {
                Some((if name == "report.json" { "/tmp/x".into() } else { name.to_string() }, content))
            }),
            "不应出现的文件“/tmp/x”",
        ),
        (
            "a future version",
            rezip(&good, |name, content| {
                if name == "manifest.json" {
                    let text = String::from_utf8(content).unwrap().replace(
                        &format!("\"format_version\": {}", shuzhi::package::FORMAT_VERSION),
                        "\"format_version\": 9",
                    );
                    return Some((name.to_string(), text.into_bytes()));
                }
                Some((name.to_string(), content))
            }),
            "格式版本为 9",
        ),
        (
            "a decompression bomb",
            rezip(&good, |name, content| {
                if name == "report.json" {
                    return Some((name.to_string(), vec![b' '; 21 * 1024 * 1024]));
                }
                Some((name.to_string(), content))
            }),
            "解压后超过 20 MB 的上限",
        ),
        (
            "no manifest",
            rezip(&good, |name, content| (name != "manifest.json").then(|| (name.to_string(), content))),
            "缺少 manifest.json",
        ),
    ];
    for (name, bytes, expected) in cases {
        let message = refused(&bytes);
        assert!(message.contains(expected), "{name}: {message}");
        assert!(message.ends_with("数据库未作任何改动。"), "{name}: {message}");
    }
    // A package for a campaign this database does not have.
    let package = read_package("p.szpkg", &good).unwrap();
    let mut empty = crate::new_store();
    let message = import_report_package(&mut empty, "p.szpkg", &package, false, "x").unwrap_err().to_string();
    assert!(message.contains("本数据库中没有这个年度述职评议"), "{message}");
}

#[test]
fn a_version_1_package_without_progress_notes_still_imports() {
    let (_secretary, bytes) = secretary_package();
    let old = crate::returns::reseal(&rezip(&bytes, |name, content| {
        if name == "report.json" || name == "manifest.json" {
            let mut value: serde_json::Value = serde_json::from_slice(&content).unwrap();
            if name == "report.json" {
                value.as_object_mut().unwrap().remove("progress_notes");
            } else {
                value["format_version"] = 1.into();
            }
            return Some((name.to_string(), serde_json::to_vec(&value).unwrap()));
        }
        Some((name.to_string(), content))
    }));
    let package = read_package("old.szpkg", &old).unwrap();
    assert_eq!(package.manifest.format_version, 1);
    assert!(package.part.progress_notes.is_empty());
    let mut organizer = sample_store();
    import_report_package(&mut organizer, "old.szpkg", &package, false, "孟晓东").unwrap();
}

/// The evidence part of a package, under its own name.
fn evidence_name(bytes: &[u8]) -> String {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    archive.file_names().find(|n| n.starts_with("evidence/")).unwrap().to_string()
}

#[test]
fn evidence_whose_bytes_are_not_what_its_name_says_is_refused() {
    // Reproduces: the bytes of evidence/<sha256> were never checked against the name, so a
    // forged package (manifest digests recomputed) could plant other bytes under the digest
    // of a genuine file, and a later genuine attachment of that file returned them.
    let (_secretary, good) = secretary_package();
    let name = evidence_name(&good);
    let poisoned = crate::returns::reseal(&rezip(&good, |entry, content| {
        Some((entry.to_string(), if entry == name { b"MZ\x90\x00not the sign-in sheet".to_vec() } else { content }))
    }));
    let message = read_package("毒.szpkg", &poisoned).unwrap_err().to_string();
    assert!(message.contains("的内容与其校验值不符"), "{message}");
    assert!(message.ends_with("数据库未作任何改动。"), "{message}");
}

#[test]
fn a_package_with_two_entries_of_the_same_name_is_refused() {
    // Reproduces: a zip with report.json twice was accepted (the last copy imported, while
    // common unzip tools show the first). The twin is made by renaming a same-length entry
    // in place, in both the local header and the central directory.
    let (_secretary, good) = secretary_package();
    let twin = rezip(&good, |name, content| Some((name.to_string(), content)));
    let mut with_decoy = {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(twin.as_slice())).unwrap();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut content).unwrap();
            let name = entry.name().to_string();
            drop(entry);
            if name == "report.json" {
                writer.start_file("reporx.json", zip::write::SimpleFileOptions::default()).unwrap();
                writer.write_all(b"{}").unwrap();
            }
            writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            writer.write_all(&content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    };
    let decoy = b"reporx.json";
    let places: Vec<usize> =
        with_decoy.windows(decoy.len()).enumerate().filter(|(_, w)| w == decoy).map(|(i, _)| i).collect();
    assert_eq!(places.len(), 2, "the local header and the central directory");
    for place in places {
        with_decoy[place..place + decoy.len()].copy_from_slice(b"report.json");
    }
    let message = read_package("双份.szpkg", &with_decoy).unwrap_err().to_string();
    assert!(message.contains("“report.json”在包中出现了两次"), "{message}");
}

#[test]
fn imported_evidence_passes_the_same_rules_as_attaching_by_hand() {
    // Reproduces: a package stored file_name ../../../../tmp/evil.exe, media_type text/html
    // and MZ bytes. Here the bytes are renamed consistently (name, digest, manifest), as a
    // forger would.
    let (_secretary, good) = secretary_package();
    let old_name = evidence_name(&good);
    let old_digest = old_name.trim_start_matches("evidence/").to_string();
    let evil = b"MZ\x90\x00\x03\x00\x00\x00this program cannot be run in DOS mode".to_vec();
    let evil_digest = shuzhi::report::evidence::sha256_hex(&evil);
    let forged = crate::returns::reseal(&rezip(&good, |name, content| {
        if name == old_name {
            return Some((format!("evidence/{evil_digest}"), evil.clone()));
        }
        if name == "report.json" {
            let mut part: serde_json::Value = serde_json::from_slice(&content).unwrap();
            let evidence = &mut part["evidence"][0];
            evidence["file_name"] = serde_json::json!("../../../../tmp/evil.exe");
            evidence["media_type"] = serde_json::json!("text/html");
            evidence["sha256"] = serde_json::json!(evil_digest);
            evidence["size_bytes"] = serde_json::json!(evil.len());
            return Some((name.to_string(), serde_json::to_vec(&part).unwrap()));
        }
        if name == "manifest.json" {
            let text = String::from_utf8(content).unwrap().replace(&old_digest, &evil_digest);
            return Some((name.to_string(), text.into_bytes()));
        }
        Some((name.to_string(), content))
    }));
    let message = read_package("evil.szpkg", &forged).unwrap_err().to_string();
    assert!(message.contains("佐证材料“../../../../tmp/evil.exe”不符合附加佐证材料的规定"), "{message}");

    // A genuine package keeps only the file's own name and the type found in its bytes.
    let renamed = crate::returns::reseal(&rezip(&good, |name, content| {
        if name != "report.json" {
            return Some((name.to_string(), content));
        }
        let mut part: serde_json::Value = serde_json::from_slice(&content).unwrap();
        part["evidence"][0]["file_name"] = serde_json::json!("..\\..\\签到表.png");
        part["evidence"][0]["media_type"] = serde_json::json!("text/html");
        Some((name.to_string(), serde_json::to_vec(&part).unwrap()))
    }));
    let package = read_package("p.szpkg", &renamed).unwrap();
    assert_eq!(package.part.evidence[0].file_name, "签到表.png");
    assert_eq!(package.part.evidence[0].media_type, "image/png");
}

#[test]
fn every_report_of_the_sample_travels_as_a_package_and_back() {
    // Reproduces: `package export --report rep-syy` (and rep-fy) failed with "数据库操作失败：
    // Query returned no rows" while check-db said 完好: their evidence came in the campaign
    // file as records only, with no bytes here. Such records stay behind; the rest travels.
    let secretary = sample_store();
    let reports = reports_of(&secretary);
    assert_eq!(reports.len(), 8, "the sample's eight reports");
    assert!(["rep-syy", "rep-fy"].iter().all(|id| reports.iter().any(|r| r.id == *id)));
    for report in &reports {
        let bytes = export_report_package(&secretary, &report.id)
            .unwrap_or_else(|e| panic!("{} does not export: {e}", report.id));
        let package = read_package("p.szpkg", &bytes).unwrap();
        let mut organizer = sample_store();
        import_report_package(&mut organizer, "p.szpkg", &package, true, "组织方").unwrap();
        let arrived = reports_of(&organizer).into_iter().find(|r| r.id == report.id).unwrap();
        assert_eq!(arrived.sections, report.sections, "{}", report.id);
        // And the same package exported again from the organizer's side says the same.
        let again = read_package("p.szpkg", &export_report_package(&organizer, &report.id).unwrap()).unwrap();
        assert_eq!(again.part.report.sections, package.part.report.sections, "{}", report.id);
        assert_eq!(again.part.evidence, package.part.evidence, "{}", report.id);
    }
}

#[test]
fn a_package_with_an_overlong_text_is_refused_before_its_fields_are_read() {
    // Reproduces: texts arriving from outside had no length limit.
    let (_secretary, good) = secretary_package();
    let long = crate::returns::reseal(&rezip(&good, |name, content| {
        if name != "report.json" {
            return Some((name.to_string(), content));
        }
        let mut part: serde_json::Value = serde_json::from_slice(&content).unwrap();
        part["revisions"][0]["sections"][0]["body"] = serde_json::json!("字".repeat(100_001));
        Some((name.to_string(), serde_json::to_vec(&part).unwrap()))
    }));
    let message = read_package("长.szpkg", &long).unwrap_err().to_string();
    assert!(
        message.contains("report.json 中 revisions[0].sections[0].body 有 100001 个字，超过了 100000 个字的上限"),
        "{message}"
    );
}

#[test]
fn every_round_of_a_report_package_gets_a_name_of_its_own() {
    // Reproduces: every package of a report was named 李秀兰述职报告.szpkg, so the second
    // submission saved over the first in the folder and on the USB stick.
    let mut store = crate::sample_store();
    let first = shuzhi::package::report_package_export(&store, "rep-sey").unwrap().file_name;
    shuzhi::report::save_section(&mut store, "rep-sey", "fp-2023-achievements", "全年主持党委会12次。").unwrap();
    shuzhi::report::save_revision(&mut store, "rep-sey", "孙海涛", "第二轮").unwrap();
    let second = shuzhi::package::report_package_export(&store, "rep-sey").unwrap().file_name;
    assert_ne!(first, second);
    assert!(second.contains("2023年度述职报告（第") && second.ends_with("）.szpkg"), "{second}");
}
