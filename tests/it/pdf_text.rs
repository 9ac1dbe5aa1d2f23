//! The tests' one way to read a PDF back as text: poppler's `pdftotext`, which
//! `scripts/test.sh` installs. A PDF test never skips its text check when the tool is
//! missing: it fails and says what to install.

use std::process::Command;

/// How the text is laid out: as on the page (columns kept apart), or in reading order.
#[derive(Clone, Copy)]
pub enum Layout {
    Page,
    Raw,
}

/// The text of every page of `pdf`.
pub fn pdf_text(pdf: &[u8], layout: Layout) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("read.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mode = match layout {
        Layout::Page => "-layout",
        Layout::Raw => "-raw",
    };
    let output = Command::new("pdftotext").arg(mode).arg(&path).arg("-").output().unwrap_or_else(|e| {
        panic!("pdftotext is needed (apt-get install poppler-utils; scripts/test.sh installs it): {e}")
    });
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}
