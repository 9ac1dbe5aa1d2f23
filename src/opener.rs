//! Opening a file the program exported with the system's own program (a PDF reader, Word
//! or WPS), or its folder in the file manager, and saying clearly when the system has no
//! program for it: `xdg-open` fails quietly in a window program, so its answer is read.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// How long `xdg-open` may take to say it found no program; after that it is taken to
/// have handed the file to one (some desktops keep it running while the viewer is open).
const ANSWER_WITHIN: Duration = Duration::from_secs(4);

/// Opens `target` (a file, or a folder) with the system's program for it.
pub fn open_with_system(target: &Path) -> Result<()> {
    if cfg!(target_os = "windows") {
        // explorer answers 1 even when it opened the file: only a failure to start counts.
        return spawn_only("explorer", target);
    }
    if cfg!(target_os = "macos") {
        return spawn_only("open", target);
    }
    open_and_wait(Path::new("xdg-open"), target)
}

fn spawn_only(program: &str, target: &Path) -> Result<()> {
    std::process::Command::new(program).arg(target).spawn().map(|_| ()).map_err(|e| no_program(target, &e.to_string()))
}

/// Runs `opener target` and reads its answer for a few seconds.
pub fn open_and_wait(opener: &Path, target: &Path) -> Result<()> {
    let mut child = std::process::Command::new(opener)
        .arg(target)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| no_program(target, &e.to_string()))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(no_program(target, &format!("系统答复 {status}"))),
            Ok(None) if started.elapsed() < ANSWER_WITHIN => std::thread::sleep(Duration::from_millis(50)),
            Ok(None) => {
                // Still running: the viewer has it. Reap it later so no zombie is left.
                std::thread::spawn(move || child.wait());
                return Ok(());
            }
            Err(e) => return Err(no_program(target, &e.to_string())),
        }
    }
}

fn no_program(target: &Path, why: &str) -> Error {
    let what = if target.is_dir() {
        "文件夹".to_string()
    } else {
        match target.extension().and_then(|e| e.to_str()) {
            Some(extension) => format!("“.{extension}”文件"),
            None => "这个文件".to_string(),
        }
    };
    Error::Conflict {
        message: format!(
            "这台电脑上没有能打开{what}的程序（{why}），文件已保存在 {}。\
             请安装相应的程序（PDF 阅读器、WPS 或 Office），或用“另存为”把文件复制到 U 盘，在其他电脑上打开。",
            target.display()
        ),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    /// A system with no program for the file: its opener answers 3 (xdg-open's "no
    /// program"), and the person is told so in words, with where the file is.
    #[test]
    fn an_opener_that_finds_no_program_is_reported_in_chinese() {
        let dir = tempfile::tempdir().unwrap();
        let opener = dir.path().join("opener");
        std::fs::write(&opener, "#!/bin/sh\nexit 3\n").unwrap();
        std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
        let file = dir.path().join("清单.pdf");
        std::fs::write(&file, b"%PDF-").unwrap();
        let refused = super::open_and_wait(&opener, &file).unwrap_err().to_string();
        assert!(refused.contains("没有能打开“.pdf”文件的程序") && refused.contains("清单.pdf"), "{refused}");

        std::fs::write(&opener, "#!/bin/sh\nexit 0\n").unwrap();
        super::open_and_wait(&opener, &file).unwrap();
    }
}
