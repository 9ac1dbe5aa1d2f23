//! 佐证材料: files attached to a report section or a problem item.
//!
//! Bytes are stored once per content, keyed by their SHA-256, so the same scan
//! attached twice takes space once. An evidence row names its digest; a blob is
//! deleted in the same transaction as the last row that names it, never before,
//! so evidence is never silently lost.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::domain::{AuditEntry, Evidence, Id, new_id};
use crate::error::{Error, Result};
use crate::store::{self, Store, audit, evidence as stored, reports};

/// The largest file that may be attached, in bytes (20 MiB).
pub const MAX_EVIDENCE_BYTES: usize = crate::limits::EVIDENCE_BYTES as usize;

/// What the evidence supports.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EvidenceTarget {
    /// A section of the report (e.g. the achievements).
    pub focus_point_id: Option<Id>,
    /// A problem item.
    pub problem_id: Option<Id>,
}

/// Evidence as the editor lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EvidenceView {
    pub evidence_id: Id,
    pub focus_point_id: Option<Id>,
    pub problem_id: Option<Id>,
    /// What it supports, for people: a section title or the start of a problem.
    pub supports: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: u32,
    pub description: String,
    pub added_at: String,
    /// False when only the description arrived here (e.g. from an exchange file).
    pub has_content: bool,
    /// How the window can show it: `image`, `pdf` or `none`.
    pub preview: String,
}

/// The bytes of a piece of evidence, for a preview or a copy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EvidenceContent {
    pub file_name: String,
    pub media_type: String,
    /// The bytes, base64-encoded (the window shows them as a data URL).
    pub base64: String,
}

/// The lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The media type of a file we accept, from its content (and, for formats that share a
/// container, its name), or a message saying which files are accepted.
pub fn accepted_media_type(file_name: &str, bytes: &[u8]) -> Result<String> {
    let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let sniffed = infer::get(bytes).map(|kind| kind.mime_type());
    let media_type = match sniffed {
        Some(
            mime @ ("image/jpeg"
            | "image/png"
            | "image/gif"
            | "image/webp"
            | "image/bmp"
            | "application/pdf"
            | "application/msword"
            | "application/vnd.ms-excel"
            | "application/vnd.ms-powerpoint"
            | "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            | "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            | "application/vnd.oasis.opendocument.text"
            | "application/vnd.oasis.opendocument.spreadsheet"),
        ) => Some(mime.to_string()),
        // Old Office, WPS and ET files are all OLE compound files; the name tells which.
        Some("application/x-ole-storage") => match extension.as_str() {
            "doc" | "wps" => Some("application/msword".to_string()),
            "xls" | "et" => Some("application/vnd.ms-excel".to_string()),
            "ppt" | "dps" => Some("application/vnd.ms-powerpoint".to_string()),
            _ => None,
        },
        // OFD (the national e-document format) is a zip container.
        Some("application/zip") if extension == "ofd" => Some("application/ofd".to_string()),
        _ => None,
    };
    media_type.ok_or_else(|| Error::Conflict {
        message: format!(
            "文件“{file_name}”不是可接受的佐证材料类型。可以附加图片（JPG、PNG、GIF、WEBP）、PDF、OFD \
             和 Office / WPS 文档（Word、Excel、PowerPoint）；其他文件请先转换为 PDF。"
        ),
    })
}

/// Attaches a file to a report's section or problem item and returns its description.
/// The rules every evidence file passes, attached by hand or arriving in a package: a
/// display name without any folder part, not empty, within the size limit, and of a kind
/// whose bytes match its name. Returns the clean name and the media type found.
/// The stored name always ends in an extension of the kind found in the bytes, and never in
/// one that runs, scripts or renders as a page when the file is opened.
pub fn checked_file(file_name: &str, bytes: &[u8]) -> Result<(String, String)> {
    // Windows drops trailing dots and spaces when it opens a file: "x.bat." opens as "x.bat".
    let file_name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name).trim().trim_end_matches(['.', ' ']);
    if file_name.is_empty() {
        return Err(Error::Conflict { message: "文件名为空。请重新选择要附加的文件。".into() });
    }
    if let Some(problem) = crate::text::name_character_problem(file_name) {
        return Err(Error::Conflict {
            message: format!("文件名“{}”{problem}。请把文件改名后再附加。", crate::text::marked(file_name)),
        });
    }
    let extension = extension_of(file_name);
    if REFUSED_EXTENSIONS.contains(&extension.as_str()) {
        return Err(Error::Conflict {
            message: format!(
                "文件“{file_name}”的扩展名“.{extension}”属于程序、脚本或网页，打开它可能运行其中的内容，\
                 不能作为佐证材料附加。请把材料另存为 PDF 或图片后再附加。"
            ),
        });
    }
    if bytes.len() > MAX_EVIDENCE_BYTES {
        return Err(Error::Conflict {
            message: format!(
                "文件“{file_name}”有 {:.1} MB，超过了 {} MB 的上限。请压缩图片或只附加相关的页面后再试。",
                bytes.len() as f64 / 1_048_576.0,
                MAX_EVIDENCE_BYTES / 1_048_576
            ),
        });
    }
    if bytes.is_empty() {
        return Err(Error::Conflict {
            message: format!("文件“{file_name}”是空的。请确认选择了正确的文件。")
        });
    }
    let media_type = accepted_media_type(file_name, bytes)?;
    Ok((name_for_type(file_name, &media_type), media_type))
}

/// Extensions that run a program or a script, or open as a web page, when the file is opened:
/// refused whatever the bytes are, since the name decides what opens it.
#[rustfmt::skip]
const REFUSED_EXTENSIONS: &[&str] = &[
    "exe", "com", "bat", "cmd", "scr", "pif", "msi", "msp", "mst", "dll", "cpl", "ocx", "sys", "lnk", "url", "reg",
    "inf", "ins", "isp", "scf", "ps1", "psm1", "psd1", "ps1xml", "vb", "vbs", "vbe", "js", "jse", "mjs", "wsf", "wsh",
    "ws", "wsc", "sct", "hta", "msc", "gadget", "jar", "jnlp", "application", "appref-ms", "html", "htm", "xhtml",
    "shtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl", "xslt", "chm", "hlp", "sh", "bash", "zsh", "csh", "ksh",
    "command", "py", "pyw", "pl", "rb", "php", "desktop", "app", "run", "bin", "elf", "apk", "deb", "rpm", "appimage",
    "docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppam", "ppsm", "iso", "img", "vhd", "vhdx", "website",
];

/// The extensions a kind of file may carry, the usual one first.
fn extensions_for(media_type: &str) -> &'static [&'static str] {
    match media_type {
        "image/jpeg" => &["jpg", "jpeg", "jpe", "jfif"],
        "image/png" => &["png"],
        "image/gif" => &["gif"],
        "image/webp" => &["webp"],
        "image/bmp" => &["bmp"],
        "application/pdf" => &["pdf"],
        "application/msword" => &["doc", "wps", "dot"],
        "application/vnd.ms-excel" => &["xls", "et"],
        "application/vnd.ms-powerpoint" => &["ppt", "dps"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => &["docx", "dotx"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => &["xlsx", "xltx"],
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => &["pptx", "potx"],
        "application/vnd.oasis.opendocument.text" => &["odt"],
        "application/vnd.oasis.opendocument.spreadsheet" => &["ods"],
        "application/ofd" => &["ofd"],
        _ => &[],
    }
}

fn extension_of(file_name: &str) -> String {
    file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

/// The name the file is kept under: its own when its extension fits the kind in its bytes;
/// otherwise the usual extension of that kind replaces an extension of another accepted kind
/// (照片.png holding a JPEG becomes 照片.jpg) or is added after anything else (扫描件 becomes
/// 扫描件.pdf, 会议记录.txt becomes 会议记录.txt.pdf), so nothing of the name is lost.
fn name_for_type(file_name: &str, media_type: &str) -> String {
    let extension = extension_of(file_name);
    let fitting = extensions_for(media_type);
    let Some(usual) = fitting.first() else { return file_name.to_string() };
    if fitting.contains(&extension.as_str()) {
        return file_name.to_string();
    }
    let other_kind = ACCEPTED_TYPES.iter().any(|t| extensions_for(t).contains(&extension.as_str()));
    match file_name.rsplit_once('.') {
        Some((stem, _)) if other_kind && !stem.is_empty() => format!("{stem}.{usual}"),
        _ => format!("{file_name}.{usual}"),
    }
}

/// Every kind of file evidence may be.
const ACCEPTED_TYPES: &[&str] = &[
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/bmp",
    "application/pdf",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/ofd",
];

pub fn attach_evidence(
    store: &mut Store,
    report_id: &str,
    target: &EvidenceTarget,
    file_name: &str,
    bytes: &[u8],
    description: &str,
    actor: &str,
) -> Result<Evidence> {
    let tx = store.begin_write()?;
    let (campaign_id, evidence) = prepare_evidence(store, report_id, target, file_name, bytes, description)?;
    write_evidence(&tx, &evidence, bytes)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &AuditEntry {
            at: evidence.added_at.clone(),
            actor: actor.to_string(),
            action: "evidence.attach".into(),
            entity: "evidence".into(),
            entity_id: evidence.id.clone(),
            detail: format!("附加佐证材料“{}”（{} 字节）", evidence.file_name, evidence.size_bytes),
        },
    )?;
    tx.commit()?;
    Ok(evidence)
}

/// The evidence a file becomes once checked (its name, type, size and target), with the
/// campaign it belongs to; nothing is written. Read inside the caller's write transaction.
pub(crate) fn prepare_evidence(
    store: &Store,
    report_id: &str,
    target: &EvidenceTarget,
    file_name: &str,
    bytes: &[u8],
    description: &str,
) -> Result<(String, Evidence)> {
    let (file_name, media_type) = checked_file(file_name, bytes)?;
    let campaign_id = campaign_of_report(store, report_id)?;
    check_target(store, report_id, target)?;
    let sha256 = sha256_hex(bytes);
    let evidence = Evidence {
        id: new_id(),
        report_id: report_id.to_string(),
        focus_point_id: target.focus_point_id.clone(),
        problem_id: target.problem_id.clone(),
        file_name,
        media_type,
        size_bytes: bytes.len() as u64,
        sha256,
        description: description.trim().to_string(),
        added_at: store::now_text(),
    };
    Ok((campaign_id, evidence))
}

/// Writes prepared evidence and its bytes in the caller's transaction.
pub(crate) fn write_evidence(tx: &rusqlite::Transaction<'_>, evidence: &Evidence, bytes: &[u8]) -> Result<()> {
    stored::store_blob(tx, &evidence.sha256, bytes)?;
    let position = store::next_position(tx, store::Positioned::Evidence)?;
    reports::insert_evidence(tx, position, evidence)?;
    Ok(())
}

/// Removes a piece of evidence; its bytes go with the last evidence that names them.
pub fn delete_evidence(store: &mut Store, evidence_id: &str, actor: &str) -> Result<()> {
    let (report_id, file_name, sha256) =
        stored::owner_of(store.conn(), evidence_id)?.ok_or_else(|| not_found(evidence_id))?;
    let campaign_id = campaign_of_report(store, &report_id)?;
    let tx = store.begin_write()?;
    stored::delete(&tx, evidence_id, &sha256)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &AuditEntry {
            at: store::now_text(),
            actor: actor.to_string(),
            action: "evidence.delete".into(),
            entity: "evidence".into(),
            entity_id: evidence_id.to_string(),
            detail: format!("删除佐证材料“{file_name}”"),
        },
    )?;
    tx.commit()?;
    Ok(())
}

/// The evidence of a report, in the order it was attached.
pub fn list_evidence(store: &Store, report_id: &str) -> Result<Vec<EvidenceView>> {
    let listed = stored::list_for_report(store.conn(), report_id)?;
    Ok(listed
        .into_iter()
        .map(|row| {
            let supports = match (row.section_title, row.problem) {
                (_, Some(problem)) => format!("问题：{}", problem.chars().take(20).collect::<String>()),
                (Some(section), None) => section,
                (None, None) => "全文".to_string(),
            };
            let preview = if row.media_type.starts_with("image/") {
                "image"
            } else if row.media_type == "application/pdf" {
                "pdf"
            } else {
                "none"
            };
            EvidenceView {
                evidence_id: row.id,
                focus_point_id: row.focus_point_id,
                problem_id: row.problem_id,
                supports,
                file_name: row.file_name,
                size_bytes: row.size_bytes.try_into().unwrap_or(u32::MAX),
                media_type: row.media_type,
                description: row.description,
                added_at: row.added_at,
                has_content: row.has_content,
                preview: preview.to_string(),
            }
        })
        .collect())
}

/// The bytes of a piece of evidence, or a message that only its description is here.
pub fn evidence_bytes(store: &Store, evidence_id: &str) -> Result<(String, String, Vec<u8>)> {
    let found = stored::evidence_file(store.conn(), evidence_id)?;
    let (file_name, media_type, sha256) = found.ok_or_else(|| not_found(evidence_id))?;
    // A name stored before names had to agree with the bytes (会议记录.bat holding a PDF)
    // leaves under one that does (会议记录.bat.pdf), so opening it never runs it.
    let file_name = name_for_type(&file_name, &media_type);
    let content = verified_blob(store.conn(), &file_name, &sha256)?.ok_or_else(|| Error::Conflict {
        message: format!(
            "本机只有佐证材料“{file_name}”的描述，没有文件内容（交换文件不携带文件本身）。请向报告人索取报告包后导入。"
        ),
    })?;
    Ok((file_name, media_type, content))
}

/// The stored bytes of a file, checked against their digest: bytes that are not what
/// their digest says are never handed out (shown, copied or exported).
pub fn verified_blob(conn: &rusqlite::Connection, file_name: &str, sha256: &str) -> Result<Option<Vec<u8>>> {
    let Some(content) = stored::evidence_blob(conn, sha256)? else { return Ok(None) };
    if sha256_hex(&content) != sha256 {
        return Err(Error::Conflict {
            message: format!(
                "佐证材料“{file_name}”的文件内容已损坏（与其校验值不符），没有使用。\
                 请重新附加原文件，或从备份恢复；可用“检查数据库”查看所有受损的佐证材料。"
            ),
        });
    }
    Ok(Some(content))
}

/// One sentence for each stored file whose bytes are not what its digest says, naming the
/// evidence that uses it; empty when every stored file is sound.
pub fn damaged_files(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let mut damaged = Vec::new();
    stored::each_blob(conn, |sha256, content| {
        if sha256_hex(content) != sha256 {
            damaged.push(sha256.to_string());
        }
    })?;
    let mut found = Vec::new();
    for sha256 in damaged {
        let names = stored::file_names_of_blob(conn, &sha256)?;
        found.push(format!(
            "佐证文件 {} 的内容与校验值不符（已损坏或被改动），涉及：{}。请从最近的备份恢复",
            &sha256[..12],
            if names.is_empty() { "（无）".to_string() } else { names.join("、") }
        ));
    }
    Ok(found)
}

/// The bytes of a piece of evidence for the window, base64-encoded.
pub fn evidence_content(store: &Store, evidence_id: &str) -> Result<EvidenceContent> {
    use base64::Engine;
    let (file_name, media_type, content) = evidence_bytes(store, evidence_id)?;
    Ok(EvidenceContent { file_name, media_type, base64: base64::engine::general_purpose::STANDARD.encode(content) })
}

/// How many pieces of evidence support each focus point of a report.
pub fn evidence_per_section(store: &Store, report_id: &str) -> Result<Vec<(Id, u32)>> {
    stored::count_per_section(store.conn(), report_id)
}

fn not_found(evidence_id: &str) -> Error {
    Error::NotFound {
        what: "佐证材料", id: evidence_id.to_string(), fix: "它可能已被删除，请刷新后再看。"
    }
}

pub(crate) fn campaign_of_report(store: &Store, report_id: &str) -> Result<String> {
    crate::store::organizations::campaign_of(store.conn(), crate::store::organizations::Owned::Report, report_id)
}

/// The section must belong to the report's campaign and the problem to the report's secretary.
fn check_target(store: &Store, report_id: &str, target: &EvidenceTarget) -> Result<()> {
    let conn = store.conn();
    if let Some(point) = &target.focus_point_id
        && !stored::focus_point_of_report(conn, point, report_id)?
    {
        return Err(Error::NotFound {
            what: "述职重点", id: point.clone(), fix: "请重新打开报告后再附加。"
        });
    }
    if let Some(problem) = &target.problem_id
        && !stored::problem_of_report(conn, problem, report_id)?
    {
        return Err(Error::NotFound {
            what: "问题", id: problem.clone(), fix: "该问题可能已被删除，请刷新后再附加。"
        });
    }
    Ok(())
}
