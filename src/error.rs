//! The core's one error type. Every message is Chinese, for the person in front of
//! the window or the terminal: it says what was wrong and what to do about it.
//! The desktop shell turns these into its serializable error in exactly one place.

use std::path::PathBuf;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("数据库操作失败：{0}。请用“检查数据库”核对数据文件；若问题仍在，请从备份恢复。")]
    Database(#[source] rusqlite::Error),

    #[error("无法读写文件 {path}：{source}。请确认路径正确、磁盘有空间且有读写权限。")]
    Io { path: PathBuf, source: std::io::Error },

    #[error(
        "数据库文件 {path} 由更新版本的述职评议助手创建（数据库版本 {found}，本程序最高支持 {supported}）。\
         请升级述职评议助手后再打开；本程序没有改动该文件。"
    )]
    DatabaseTooNew { path: String, found: u32, supported: u32 },

    #[error("文件 {path} 不是述职评议助手的数据库，或已损坏（{detail}）。请选择正确的数据库文件，或从备份恢复。")]
    NotOurDatabase { path: String, detail: String },

    #[error("数据库 {path} 未通过检查，发现 {count} 处问题。请先复制保存该文件，再从最近的备份恢复。")]
    DatabaseDamaged { path: String, count: usize },

    /// The file (or its folder) cannot be written: the program does not open it.
    #[error(
        "数据库文件 {path} 是只读的（或它所在的文件夹不能写入），本程序需要写入它，因此没有打开。\
         请把该文件复制到可以写入的位置（如“文档”文件夹）后打开，或取消文件的只读属性；文件本身没有任何改动。"
    )]
    ReadOnly { path: String },

    /// A write reached a database whose damage is known (or that turned read-only).
    #[error(
        "没有保存：这个数据库已发现损坏（或已变为只读），为保护其中的数据，程序已停止写入。\
         请到“数据库”页查看检查结果，然后从最近的备份恢复（命令行：shuzhi restore）。"
    )]
    WritesStopped,

    /// A document to import is malformed or refers to something that is not there.
    /// Nothing was written.
    #[error("导入 {file} 失败：{place}{problem}。{fix}数据库未作任何改动。")]
    InvalidImport { file: String, place: String, problem: String, fix: String },

    #[error("找不到{what}“{id}”。{fix}")]
    NotFound { what: &'static str, id: String, fix: &'static str },

    /// The request clashes with what is already stored. Nothing was written.
    #[error("{message}")]
    Conflict { message: String },

    /// The input itself is wrong (a rule, a form field). Nothing was written.
    #[error("{message}")]
    Invalid { message: String },
}

/// The coarse kind of an error, for callers that react to kinds (exit codes, the window).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    NotFound,
    InvalidInput,
    Conflict,
    Storage,
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::InvalidImport { .. } | Error::Invalid { .. } => ErrorKind::InvalidInput,
            Error::Conflict { .. } => ErrorKind::Conflict,
            Error::Database(_)
            | Error::Io { .. }
            | Error::DatabaseTooNew { .. }
            | Error::NotOurDatabase { .. }
            | Error::DatabaseDamaged { .. }
            | Error::ReadOnly { .. }
            | Error::WritesStopped => ErrorKind::Storage,
        }
    }

    /// Wrong input, said in the message (nothing was written).
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::Invalid { message: message.into() }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What the database's own seal (migration 5) answers when anything tries to change the
/// ballots of a closed vote.
const VOTE_SEALED_BY_DATABASE: &str = "shuzhi: vote sealed";

/// What a person is told when a write reached a sealed vote.
pub const VOTE_SEALED: &str =
    "测评已经结束并封存，测评票不能再录入、更正或删除。确需更正的，请先“重新开启测评”并写明原因。";

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        match &error {
            rusqlite::Error::SqliteFailure(_, Some(message)) if message == VOTE_SEALED_BY_DATABASE => {
                Error::Conflict { message: VOTE_SEALED.to_string() }
            }
            rusqlite::Error::SqliteFailure(failure, _) if failure.code == rusqlite::ErrorCode::ReadOnly => {
                Error::WritesStopped
            }
            _ => Error::Database(error),
        }
    }
}
