//! Files the way a person expects: written whole or not at all, read only when their
//! size is within the limit for their kind, and named from people's data only after
//! that data has been made into a safe file name. Every file the core or a shell reads
//! or writes on a person's behalf goes through here.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes through a temporary file and a rename, so a failed write never leaves half a file.
/// The folder is created when missing; the temporary `.part` file is removed on any failure.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically_with(path, |file| file.write_all(bytes))
}

/// Like [`write_atomically`], with the content written by `fill` (which may fail midway).
pub fn write_atomically_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let io = |e| Error::Io { path: path.to_path_buf(), source: e };
    // A device, a folder or anything else that is no plain file is never replaced by one
    // (writing to /dev/null as root must not turn it into a file). A link is followed.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        return Err(Error::Invalid {
            message: format!("{} 不是普通文件（是文件夹或设备），不能写入。请换一个文件名。", path.display()),
        });
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let temporary = part_path(path);
    let written = (|| {
        // Whatever stands at the temporary name (a file left over, or a link or a pipe put
        // there) is removed, never written through: the new file is created fresh.
        match std::fs::symlink_metadata(&temporary) {
            Ok(meta) if meta.is_dir() => std::fs::remove_dir(&temporary)?,
            Ok(_) => std::fs::remove_file(&temporary)?,
            Err(_) => {}
        }
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&temporary)?;
        fill(&mut file)?;
        file.flush()?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written.map_err(io)
}

/// The temporary name a file is written under before it takes its place: `<name>.part`.
pub fn part_path(path: &Path) -> PathBuf {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".part");
    PathBuf::from(temporary)
}

/// A file the core made for a person: the name it should be saved under and its bytes.
/// The shells only choose the folder (the window: 文档/述职评议助手; the CLI: `--out`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// What kind of file is being read, for the size limit and the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileKind {
    /// For people: "名册", "交换包"…
    pub what: &'static str,
    /// The largest size accepted, in bytes.
    pub max_bytes: u64,
    /// What to do when the file is too large.
    pub fix: &'static str,
}

/// A roster (.xlsx or .csv).
pub const ROSTER: FileKind = FileKind {
    what: "名册",
    max_bytes: 10 * 1024 * 1024,
    fix: "名册只需一个工作表、每个党组织一行；请删去图片和其他工作表后再导入。",
};
/// The year's 日常考核 scores (.xlsx or .csv).
pub const DAILY_SCORES: FileKind = FileKind {
    what: "日常考核表",
    max_bytes: 10 * 1024 * 1024,
    fix: "日常考核表只需一个工作表、每个党组织一行；请删去图片和其他工作表后再导入。",
};
/// An earlier year's 评议结果汇总表 or 整改清单 kept in Excel (.xlsx or .csv).
pub const PAPER_RECORDS: FileKind = FileKind {
    what: "往年记录表",
    max_bytes: 10 * 1024 * 1024,
    fix: "往年记录表只需一个工作表、每个党组织（或每条措施）一行；请删去图片和其他工作表后再导入。",
};
/// A report package or return package (.szpkg).
pub const PACKAGE: FileKind = FileKind {
    what: "交换包",
    max_bytes: 400 * 1024 * 1024,
    fix: "交换包中的佐证材料过多。请请书记删去重复或过大的附件后重新导出。",
};
/// A campaign file (.json).
pub const CAMPAIGN_FILE: FileKind =
    FileKind {
        what: "年度数据文件", max_bytes: 200 * 1024 * 1024, fix: "请确认选择的是本程序导出的年度数据文件。"
    };
/// A piece of evidence.
pub const EVIDENCE: FileKind = FileKind {
    what: "佐证材料",
    max_bytes: crate::limits::EVIDENCE_BYTES,
    fix: "请压缩图片或只附加相关的页面后再试。",
};
/// A text file: a report to check, a section's text, a list of phrases, rules.
pub const TEXT: FileKind =
    FileKind {
        what: "文本文件", max_bytes: 4 * 1024 * 1024, fix: "请确认选择的是纯文本文件（.txt、.md 或 .json）。"
    };
/// A recount's ballots (.csv).
pub const BALLOTS: FileKind =
    FileKind {
        what: "选票文件", max_bytes: 64 * 1024 * 1024, fix: "请确认选择的是本程序导出的 ballots.csv。"
    };

fn too_large(path: &str, kind: FileKind, size: u64) -> Error {
    Error::Invalid {
        message: format!(
            "{}“{path}”有 {}，超过了 {} 的上限，没有读取。{}",
            kind.what,
            size_text(size),
            size_text(kind.max_bytes),
            kind.fix
        ),
    }
}

/// `12.3 MB`, `800 KB`, `12 字节`.
pub fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / 1_048_576.0),
        b if b >= 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{b} 字节"),
    }
}

/// Reads a whole file of `kind`, refusing it (from its size, before reading) when it is
/// larger than the kind's limit. A file that grows while it is read is refused too: no
/// more than the limit is ever held in memory.
pub fn read_limited(path: &Path, kind: FileKind) -> Result<Vec<u8>> {
    let io = |e| Error::Io { path: path.to_path_buf(), source: e };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let shown = path.display().to_string();
    if size > kind.max_bytes {
        return Err(too_large(&shown, kind, size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(kind.max_bytes + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > kind.max_bytes {
        return Err(too_large(&shown, kind, bytes.len() as u64));
    }
    Ok(bytes)
}

/// Like [`read_limited`], for text: refused with a clear message unless it is UTF-8.
pub fn read_text_limited(path: &Path, kind: FileKind) -> Result<String> {
    let bytes = read_limited(path, kind)?;
    let text = String::from_utf8(bytes).map_err(|_| Error::Invalid {
        message: format!(
            "{}“{}”不是 UTF-8 编码的文本，没有读取。请用记事本或 WPS 另存为 UTF-8 编码后再试。",
            kind.what,
            path.display()
        ),
    })?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// The kinds a shell may name when it asks, before reading a file, whether its size is
/// within the limit: `roster`, `package`, `campaign`, `evidence`, `text`, `ballots`.
pub fn kind_named(name: &str) -> Option<FileKind> {
    Some(match name {
        "roster" => ROSTER,
        "daily_scores" => DAILY_SCORES,
        "paper_records" => PAPER_RECORDS,
        "package" => PACKAGE,
        "campaign" => CAMPAIGN_FILE,
        "evidence" => EVIDENCE,
        "text" => TEXT,
        "ballots" => BALLOTS,
        _ => return None,
    })
}

/// The size check for bytes that arrived some other way (the window sends file contents).
pub fn check_size(name: &str, kind: FileKind, size: u64) -> Result<()> {
    if size > kind.max_bytes { Err(too_large(name, kind, size)) } else { Ok(()) }
}

/// The longest file name made from people's data, in characters (before the extension).
const MAX_NAME_CHARS: usize = 60;

/// Makes a file name out of text from people's data (a secretary's or organization's
/// name, a year's title): folder separators, `..`, characters Windows forbids, control
/// characters, invisible characters (a direction override would disguise the extension)
/// and leading dots are removed, the length is bounded, and names Windows
/// reserves (CON, NUL, COM1…) get a mark. Falls back to `fallback` when nothing is left.
/// Every file name the program builds from people's data is made here.
pub fn file_name_from(text: &str, fallback: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| !c.is_control() && !crate::text::is_invisible(*c) && !r#"/\:*?"<>|"#.contains(*c))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let mut name = kept.replace("..", "");
    name = name.trim().trim_start_matches('.').trim().to_string();
    name = name.chars().take(MAX_NAME_CHARS).collect::<String>().trim_end_matches(['.', ' ']).to_string();
    if name.is_empty() {
        return fallback.to_string();
    }
    let stem = name.split('.').next().unwrap_or_default().to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved { format!("_{name}") } else { name }
}

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    #[test]
    fn a_device_or_a_folder_is_never_replaced_by_a_file() {
        let refused = super::write_atomically(std::path::Path::new("/dev/null"), b"x").unwrap_err().to_string();
        assert!(refused.contains("不是普通文件"), "{refused}");
        let dir = tempfile::tempdir().unwrap();
        assert!(super::write_atomically(dir.path(), b"x").is_err());
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
        // A link put at the temporary name is replaced, not written through.
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"keep").unwrap();
        let target = dir.path().join("out.db");
        std::os::unix::fs::symlink(&victim, super::part_path(&target)).unwrap();
        super::write_atomically(&target, b"new").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert!(!std::fs::symlink_metadata(&target).unwrap().file_type().is_symlink());
    }

    use super::*;

    #[test]
    fn names_from_people_data_stay_in_their_folder() {
        assert_eq!(file_name_from("../../../../tmp/evil", "x"), "tmpevil");
        assert_eq!(file_name_from("李秀兰", "x"), "李秀兰");
        assert_eq!(file_name_from("张 三\t\n", "x"), "张 三");
        assert_eq!(file_name_from("..", "书记"), "书记");
        assert_eq!(file_name_from("  ", "书记"), "书记");
        assert_eq!(file_name_from(".hidden", "x"), "hidden");
        assert_eq!(file_name_from("C:\\Windows\\system32", "x"), "CWindowssystem32");
        assert_eq!(file_name_from("con", "x"), "_con");
        assert_eq!(file_name_from("COM1.txt", "x"), "_COM1.txt");
        assert_eq!(file_name_from("COMMON", "x"), "COMMON");
        assert_eq!(file_name_from(&"长".repeat(500), "x").chars().count(), MAX_NAME_CHARS);
        assert_eq!(file_name_from("a\u{0}b\u{7}c", "x"), "abc");
    }

    #[test]
    fn a_failing_writer_leaves_no_part_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("清单.pdf");
        let result = write_atomically_with(&target, |w| {
            w.write_all(b"%PDF-1.7 half")?;
            Err(std::io::Error::from_raw_os_error(28)) // ENOSPC: no space left on device
        });
        assert!(matches!(result, Err(Error::Io { .. })));
        assert!(!target.exists());
        assert!(!part_path(&target).exists(), "the half-written .part file was left behind");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_file_over_its_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.csv");
        let file = std::fs::File::create(&big).unwrap();
        file.set_len(ROSTER.max_bytes + 1).unwrap(); // sparse: no bytes to read
        let error = read_limited(&big, ROSTER).unwrap_err().to_string();
        assert!(error.contains("超过了 10.0 MB 的上限"), "{error}");
        let small = dir.path().join("small.csv");
        std::fs::write(&small, "单位\n").unwrap();
        assert_eq!(read_limited(&small, ROSTER).unwrap(), b"\xe5\x8d\x95\xe4\xbd\x8d\n");
    }
}
