//! The commands the window calls, one module per domain. Each command is a line or
//! two: it calls the core and converts the result.

pub mod campaign;
pub mod evidence;
pub mod lists;
pub mod meeting;
pub mod planning;
pub mod report;
pub mod settings;
pub mod system;

/// Saves a file the core made into the export folder (文档/述职评议助手); returns its path.
pub(crate) fn save(export: shuzhi::files::Export) -> crate::error::CommandResult<String> {
    let path = shuzhi::report::pdf::export_folder().join(export.file_name);
    shuzhi::files::write_atomically(&path, &export.bytes)?;
    Ok(path.display().to_string())
}

/// The bytes of a file of `kind` the window read and sent base64-encoded; refused from its
/// length, before decoding, when it is larger than the kind's limit.
pub(crate) fn file_bytes(
    kind: shuzhi::files::FileKind,
    file_name: &str,
    content_base64: &str,
) -> crate::error::CommandResult<Vec<u8>> {
    use base64::Engine;
    shuzhi::files::check_size(file_name, kind, (content_base64.len() as u64 / 4) * 3)?;
    base64::engine::general_purpose::STANDARD.decode(content_base64.as_bytes()).map_err(|_| {
        crate::error::CommandError::InvalidInput {
            message: format!("文件“{file_name}”没有完整传到程序中。请重新选择该文件。"),
        }
    })
}
