//! Report packages (`.szpkg`): how a secretary's report travels to the organizer's machine.
//!
//! A package is a zip with `manifest.json` (format, version, and the SHA-256 and size of
//! every part), `report.json` (the report with its revisions, evidence records and the
//! secretary's problems, responsibilities and measures) and `evidence/<sha256>` (the
//! evidence files). Reading checks everything before anything is written: only these
//! names, no part larger than its limit however it is compressed, every digest, the
//! format version, and that the campaign and secretary exist here. Importing is one
//! transaction, preceded by a backup, and never replaces a report that is newer or
//! already under review here unless the person has seen the difference and agreed.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use serde::{Deserialize, Serialize};

use crate::domain::{
    Evidence, Problem, Rectification, RectificationStatus, Report, ReportStatus, Responsibility, Revision,
};
use crate::error::{Error, Result};
use crate::report::evidence::sha256_hex;
use crate::store::{self, Store, audit, campaigns, lists, organizations, reports};

pub mod returned;

pub use returned::{
    ReturnImported, ReturnPart, export_return_package, import_return_package, read_return_package, return_file_name,
};

mod report;
mod trust;

pub use report::*;
pub use trust::received_results_apply;

pub const FORMAT: &str = "shuzhi-package";
/// 2: report packages carry the secretary's progress notes (整改进展).
pub const FORMAT_VERSION: u32 = 2;
/// Limits on what a package may unpack to, whatever its compressed size.
pub const JSON_LIMIT: u64 = 20 * 1024 * 1024;
pub const FILE_LIMIT: u64 = crate::report::evidence::MAX_EVIDENCE_BYTES as u64;
pub const TOTAL_LIMIT: u64 = 400 * 1024 * 1024;
pub const MAX_ENTRIES: usize = 2000;

/// One part of a package and its digest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    /// `report`: a secretary's report for the organizer.
    pub kind: String,
    pub created_at: String,
    pub parts: Vec<Part>,
}

/// Zips `files` behind a manifest of the given kind (`report` or `return`) with their digests.
pub fn write_package(kind: &str, files: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        kind: kind.into(),
        created_at: store::now_text(),
        parts: files
            .iter()
            .map(|(path, bytes)| Part { path: path.clone(), sha256: sha256_hex(bytes), size: bytes.len() as u64 })
            .collect(),
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let failed = |e: &dyn std::fmt::Display| Error::Conflict {
        message: format!("生成交换包失败（{e}）。请重试。")
    };
    zip.start_file("manifest.json", options).map_err(|e| failed(&e))?;
    zip.write_all(&serde_json::to_vec_pretty(&manifest).expect("serializes")).map_err(|e| failed(&e))?;
    for (path, bytes) in files {
        zip.start_file(path.as_str(), options).map_err(|e| failed(&e))?;
        zip.write_all(bytes).map_err(|e| failed(&e))?;
    }
    Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
}

/// The message for a package that is not whole; `problem` says what was found.
pub(crate) fn damaged(file: &str, problem: String) -> Error {
    bad_package(file, problem, DAMAGED)
}

const DAMAGED: &str = "文件可能在复制或传输中损坏、被截断，或不是本程序导出的交换包。请让对方重新导出后再导入。";

fn bad_package(file: &str, problem: String, fix: &str) -> Error {
    Error::InvalidImport { file: file.to_string(), place: String::new(), problem, fix: fix.to_string() }
}

/// The parts of a package whose container, manifest, limits and digests are checked.
pub(crate) struct OpenedPackage {
    pub manifest: Manifest,
    pub contents: BTreeMap<String, Vec<u8>>,
}

/// The kinds of package: the secretary's report, and the organizer's return.
const KINDS: [(&str, &str); 2] = [("report", "report.json"), ("return", "return.json")];

/// Opens a package of any kind and checks everything but the meaning of its JSON.
pub(crate) fn open_package(file: &str, bytes: &[u8]) -> Result<OpenedPackage> {
    let bad = |problem: String, fix: &str| bad_package(file, problem, fix);
    let damaged = DAMAGED;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(format!("不是完整的交换包（{e}）"), damaged))?;
    if archive.len() > MAX_ENTRIES {
        return Err(bad(format!("包中有 {} 个文件，超过上限 {MAX_ENTRIES}", archive.len()), damaged));
    }
    // The zip reader keeps one entry per name; a second entry of the same name (which other
    // unzip tools may show instead) is found in the central directory itself.
    if let Some(name) = repeated_entry_name(bytes) {
        return Err(bad(format!("“{name}”在包中出现了两次"), damaged));
    }
    let mut contents: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|e| bad(format!("读取包内文件失败（{e}）"), damaged))?;
        let name = entry.name().to_string();
        let allowed = name == "manifest.json"
            || KINDS.iter().any(|(_, part)| *part == name)
            || name
                .strip_prefix("evidence/")
                .is_some_and(|h| h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        if !allowed {
            return Err(bad(
                format!(
                    "包中有不应出现的文件“{name}”（只允许 manifest.json、report.json、return.json 和 evidence/ 下的佐证文件）"
                ),
                "为安全起见，这个包不会被导入。请让对方用述职评议助手重新导出。",
            ));
        }
        let limit = if name.starts_with("evidence/") { FILE_LIMIT } else { JSON_LIMIT };
        let mut content = Vec::new();
        // Read at most one byte over the limit, whatever the entry claims its size is.
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut content)
            .map_err(|e| bad(format!("“{name}”解压失败（{e}）"), damaged))?;
        if content.len() as u64 > limit {
            return Err(bad(
                format!("“{name}”解压后超过 {} MB 的上限", limit / 1024 / 1024),
                "为防止撑满磁盘，过大的包不会被导入。请检查佐证材料是否过大，或联系对方。",
            ));
        }
        total += content.len() as u64;
        if total > TOTAL_LIMIT {
            return Err(bad(format!("解压后合计超过 {} MB 的上限", TOTAL_LIMIT / 1024 / 1024), damaged));
        }
        if contents.insert(name.clone(), content).is_some() {
            return Err(bad(format!("“{name}”在包中出现了两次"), damaged));
        }
    }
    let manifest_bytes = contents.remove("manifest.json").ok_or_else(|| bad("缺少 manifest.json".into(), damaged))?;
    let value: serde_json::Value = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| bad(format!("manifest.json 不是有效的 JSON（{e}）"), damaged))?;
    if value.get("format").and_then(|v| v.as_str()) != Some(FORMAT) {
        return Err(bad("不是述职评议助手的交换包".into(), "请选择用“导出交换包”或“导出回执包”生成的 .szpkg 文件。"));
    }
    match value.get("format_version").and_then(|v| v.as_u64()) {
        Some(v) if v >= 1 && v <= u64::from(FORMAT_VERSION) => {}
        Some(v) if v > u64::from(FORMAT_VERSION) => {
            return Err(bad(
                format!("交换包格式版本为 {v}，本程序只能读取 {FORMAT_VERSION} 及以下版本"),
                "请升级述职评议助手后再导入。",
            ));
        }
        _ => return Err(bad("交换包格式版本无效".into(), damaged)),
    }
    let manifest: Manifest =
        serde_json::from_value(value).map_err(|e| bad(format!("manifest.json 内容有误（{e}）"), damaged))?;
    let Some((_, main_part)) = KINDS.iter().find(|(kind, _)| *kind == manifest.kind) else {
        return Err(bad(format!("交换包类型“{}”无法识别", manifest.kind), "请升级述职评议助手后再导入。"));
    };
    // One kind's main part inside a package of the other kind is never read, so it is never
    // let in either: a package says what it is once, in its manifest, and carries only that.
    if let Some((_, other)) = KINDS.iter().find(|(kind, part)| *kind != manifest.kind && contents.contains_key(*part)) {
        return Err(bad(
            format!("包的清单说它是{}，却带有另一种包的“{other}”", kind_label(&manifest.kind)),
            "为安全起见，这个包不会被导入。请让对方用述职评议助手重新导出。",
        ));
    }
    for part in &manifest.parts {
        let Some(content) = contents.get(&part.path) else {
            return Err(bad(format!("清单列出的“{}”不在包中", part.path), damaged));
        };
        if content.len() as u64 != part.size || sha256_hex(content) != part.sha256 {
            return Err(bad(format!("“{}”的校验值与清单不符，内容被改动或损坏", part.path), damaged));
        }
    }
    if let Some(extra) = contents.keys().find(|name| !manifest.parts.iter().any(|p| &p.path == *name)) {
        return Err(bad(format!("“{extra}”不在清单中"), damaged));
    }
    // Evidence is stored by digest and shared with every later attachment of the same file:
    // bytes that are not what their name says would poison it.
    for (name, content) in &contents {
        if let Some(digest) = name.strip_prefix("evidence/")
            && sha256_hex(content) != digest
        {
            return Err(bad(
                format!("佐证文件“{name}”的内容与其校验值不符，包中的佐证材料被改动过"),
                "为安全起见，这个包不会被导入。请让对方用述职评议助手重新导出。",
            ));
        }
    }
    let Some(main) = contents.get(*main_part) else {
        return Err(bad(format!("缺少 {main_part}"), damaged));
    };
    // Every text is within its limit before any field is looked at.
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(main)
        && let Some((place, problem)) = crate::limits::overlong_string(&value, crate::limits::TEXT_CHARS)
    {
        return Err(bad(
            format!("{main_part} 中 {place} {problem}"),
            "包中的文字长度超出了本程序的上限，可能被改动过。请让对方用述职评议助手重新导出。",
        ));
    }
    Ok(OpenedPackage { manifest, contents })
}

/// A kind of package in words.
fn kind_label(kind: &str) -> &'static str {
    if kind == "return" { "组织方的回执包" } else { "书记的述职报告交换包" }
}

/// The first name that the zip's central directory lists twice, if any. Reads the end of
/// central directory record and walks the directory's fixed-size headers; a directory it
/// cannot walk is left to the zip reader, which refuses a damaged one.
fn repeated_entry_name(bytes: &[u8]) -> Option<String> {
    const END_SIGNATURE: &[u8] = b"PK\x05\x06";
    const ENTRY_SIGNATURE: &[u8] = b"PK\x01\x02";
    let u16_at = |at: usize| bytes.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]) as usize);
    let u32_at = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
    // The end record is 22 bytes plus a comment of at most 65,535.
    let search_from = bytes.len().saturating_sub(22 + 65_535);
    let end = (search_from..bytes.len().saturating_sub(21)).rev().find(|&at| bytes[at..].starts_with(END_SIGNATURE))?;
    let count = u16_at(end + 10)?;
    let mut at = u32_at(end + 16)?;
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..count {
        if !bytes.get(at..)?.starts_with(ENTRY_SIGNATURE) {
            return None;
        }
        let (name_length, extra_length, comment_length) = (u16_at(at + 28)?, u16_at(at + 30)?, u16_at(at + 32)?);
        let name = String::from_utf8_lossy(bytes.get(at + 46..at + 46 + name_length)?).into_owned();
        if !seen.insert(name.clone()) {
            return Some(name);
        }
        at += 46 + name_length + extra_length + comment_length;
    }
    None
}

/// Reads a JSON part with the path of the first wrong field in the message.
pub(crate) fn json_part<T: serde::de::DeserializeOwned>(file: &str, name: &str, bytes: &[u8]) -> Result<T> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        damaged(file, format!("{name} 的 {path} 有误（{}）", e.into_inner()))
    })
}

/// A return package read and checked, nothing written yet.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedReturn {
    pub manifest: Manifest,
    pub part: ReturnPart,
}

/// A package of either kind, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub enum AnyPackage {
    Report(Box<CheckedPackage>),
    Return(Box<CheckedReturn>),
}

/// Reads and checks a package of either kind.
pub fn read_any_package(file: &str, bytes: &[u8]) -> Result<AnyPackage> {
    let opened = open_package(file, bytes)?;
    Ok(if opened.manifest.kind == "return" {
        AnyPackage::Return(Box::new(returned::checked_return(file, opened)?))
    } else {
        AnyPackage::Report(Box::new(checked_report(file, opened)?))
    })
}

/// What a package would change here, shown before the person agrees to replace anything.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PackageComparison {
    /// `report` or `return`.
    pub kind: String,
    pub secretary_name: String,
    /// Each section of the report: this computer's text (removed runs) against the package's
    /// (added runs). Empty when either side has no report.
    pub sections: Vec<crate::report::SectionDifference>,
    /// For a return: how many rows of each list the organizer's copy would change or remove.
    pub list_changes: Vec<String>,
}

/// Reads a package and compares it with what this database holds, writing nothing.
pub fn compare_package(store: &Store, file: &str, bytes: &[u8]) -> Result<PackageComparison> {
    let package = read_any_package(file, bytes)?;
    let (kind, campaign_id, campaign_title, secretary_id, secretary_name, there) = match &package {
        AnyPackage::Report(p) => {
            let part = &p.part;
            (
                "report",
                &part.campaign_id,
                &part.campaign_title,
                &part.secretary_id,
                &part.secretary_name,
                Some(&part.report),
            )
        }
        AnyPackage::Return(p) => {
            let part = &p.part;
            (
                "return",
                &part.campaign_id,
                &part.campaign_title,
                &part.secretary_id,
                &part.secretary_name,
                part.report.as_ref(),
            )
        }
    };
    let conn = store.conn();
    let Ok(campaign) = campaigns::get_campaign(conn, campaign_id) else {
        return Err(bad_package(
            file,
            format!("包属于“{campaign_title}”，本数据库中没有这个年度述职评议"),
            "请在相应的电脑上导入。",
        ));
    };
    // A package this computer would refuse is not compared either: the refusal is the answer.
    match &package {
        AnyPackage::Report(_) => trust::refuse_report_package_here(conn, file)?,
        AnyPackage::Return(p) => {
            trust::refuse_return_package_here(conn, file, &campaign.id, secretary_id, &p.part.secretary_name)?
        }
    }
    let here = reports::report_by_secretary(conn, secretary_id)?;
    let sections = match (&here, there) {
        (Some(here), Some(there)) => {
            crate::report::section_differences(&campaign.focus_points, &here.sections, &there.sections)
        }
        _ => Vec::new(),
    };
    let list_changes = match &package {
        AnyPackage::Return(p) => returned::list_changes(conn, &campaign.id, &p.part)?
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(list, n)| format!("{list}有 {n} 项将换成组织方的版本或删除"))
            .collect(),
        AnyPackage::Report(_) => Vec::new(),
    };
    Ok(PackageComparison { kind: kind.into(), secretary_name: secretary_name.clone(), sections, list_changes })
}

/// What importing a package of either kind did, for the window and the command line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnyImported {
    Report(PackageImported),
    Return(ReturnImported),
}

impl AnyImported {
    pub fn summary(&self) -> String {
        match self {
            AnyImported::Report(imported) => imported.summary(),
            AnyImported::Return(imported) => imported.summary(),
        }
    }

    /// What the window shows after an import: the sentence, what to open, what to do next.
    pub fn outcome(&self) -> PackageOutcome {
        match self {
            AnyImported::Report(imported) => PackageOutcome {
                message: imported.summary(),
                kind: PackageKind::Report,
                secretary_id: imported.secretary_id.clone(),
                report_id: Some(imported.report_id.clone()),
                next_step: format!(
                    "下一步：打开{}的述职报告逐级审核；通过或退回后，在她的页面“导出回执包”，把文件交给她。",
                    imported.secretary_name
                ),
            },
            AnyImported::Return(imported) => PackageOutcome {
                message: imported.summary(),
                kind: PackageKind::Return,
                secretary_id: imported.secretary_id.clone(),
                report_id: imported.report_id.clone(),
                next_step: "下一步：打开述职报告看审核意见；若被退回，修改后再“提交审核”并导出交换包交给组织方。"
                    .into(),
            },
        }
    }
}

/// Which kind of package was imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PackageKind {
    Report,
    Return,
}

/// An import, for the window: what came in, whose it is and what to do next.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PackageOutcome {
    /// What was imported, in one sentence.
    pub message: String,
    pub kind: PackageKind,
    pub secretary_id: String,
    /// The report it brought, to open; `None` for a return without a report.
    pub report_id: Option<String>,
    /// What the person does next, and with whom.
    pub next_step: String,
}

/// Reads, checks and imports a package of either kind.
pub fn import_any_package(
    store: &mut Store,
    file: &str,
    bytes: &[u8],
    replace: bool,
    actor: &str,
) -> Result<AnyImported> {
    Ok(match read_any_package(file, bytes)? {
        AnyPackage::Report(package) => {
            AnyImported::Report(import_report_package(store, file, &package, replace, actor)?)
        }
        AnyPackage::Return(package) => {
            AnyImported::Return(import_return_package(store, file, &package, replace, actor)?)
        }
    })
}

/// A write refused by a unique or foreign key: the package names records this database holds
/// for another secretary or report (a package altered, or sent to the wrong person).
pub(crate) fn clash(file: &str, error: Error) -> Error {
    match &error {
        Error::Database(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {
            bad_package(
                file,
                "包中记录的编号与本数据库中另一位书记或另一份报告的记录重复".into(),
                "这个包可能被改动过或发错了人。请核对后让对方重新导出。",
            )
        }
        _ => error,
    }
}

/// The text of a report, section by section, without blank sections.
pub(crate) fn text_of(sections: &[crate::domain::Section]) -> BTreeMap<&str, &str> {
    sections
        .iter()
        .filter(|s| !s.body.trim().is_empty())
        .map(|s| (s.focus_point_id.as_str(), s.body.as_str()))
        .collect()
}

/// The organizer's return package for one secretary, with the name it is saved under.
pub fn return_package_export(store: &Store, secretary_id: &str) -> Result<crate::files::Export> {
    Ok(crate::files::Export {
        file_name: return_file_name(store, secretary_id)?,
        bytes: export_return_package(store, secretary_id)?,
    })
}
