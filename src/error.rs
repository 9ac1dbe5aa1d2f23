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

    /// Why a phone's code cannot vote: the ballot server acts on which (it counts wrong
    /// codes and stops once the vote is closed), never on the words.
    #[error("{}", .0.message())]
    CodeRefused(CodeRefusal),

    /// A write reached the ballots of a sealed vote (the database's own seal answered).
    #[error("{}", VOTE_SEALED)]
    VoteSealed,

    /// The disk (or the USB stick) is full: nothing is damaged.
    #[error(
        "磁盘空间不足，没有写入。数据没有损坏，不需要从备份恢复：请删除不需要的文件（如旧的导出文件）、腾出空间后重试。"
    )]
    DiskFull,

    /// Another program held the database for longer than the wait: nothing is damaged.
    #[error(
        "数据库正忙：另一个程序（另一个窗口、浏览器版、命令行或测评服务）正在写入它。数据没有损坏，请稍等几秒后重试。"
    )]
    Busy,
}

/// Why a phone's code cannot vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRefusal {
    /// Never issued (or voided by a reprint): the server counts these per address and hall.
    WrongCode,
    UsedCode,
    /// The vote is closed: the server stops.
    VoteClosed,
    /// The code's category votes on paper sheets.
    PaperCategory,
}

impl CodeRefusal {
    /// What the phone shows.
    pub fn message(self) -> &'static str {
        match self {
            CodeRefusal::WrongCode => "测评码不正确。请核对纸条上的测评码后重新输入。",
            CodeRefusal::UsedCode => "这个测评码已经用过，不能再次提交。如有疑问，请联系会务工作人员。",
            CodeRefusal::VoteClosed => "测评已经结束，不能再提交。如有疑问，请联系会务工作人员。",
            CodeRefusal::PaperCategory => "这一类评议人用纸质测评表测评，这个测评码不能使用。请用发给您的纸质测评表。",
        }
    }
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
            Error::Conflict { .. } | Error::CodeRefused(_) | Error::VoteSealed | Error::Busy => ErrorKind::Conflict,
            Error::DiskFull
            | Error::Database(_)
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

/// What the database answers (migration 11) when a ballot, sheet, code or closing, or any
/// of the meeting's setup (agenda, panel, 点评, rules, 年度考核), is written to a year kept
/// on paper.
const PAPER_YEAR_BY_DATABASE: &str = "shuzhi: paper year";

/// What a person is told then.
pub const PAPER_YEAR: &str = "这是由往年纸质记录导入的年度，述职评议会和测评已在当年完成，不能在这里安排议程、测评人员、\
     计分规则、点评或年度考核，也不能发测评票、录入测评票或结束测评。往年的问题和整改措施仍可在清单中跟踪。\
     如往年的结果录错了，请在该年度的“年度筹备”页删除这个年度（删除前自动备份），改正 Excel 后重新导入。";

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        match &error {
            rusqlite::Error::SqliteFailure(_, Some(message)) if message == VOTE_SEALED_BY_DATABASE => Error::VoteSealed,
            rusqlite::Error::SqliteFailure(_, Some(message)) if message == PAPER_YEAR_BY_DATABASE => {
                Error::Conflict { message: PAPER_YEAR.to_string() }
            }
            rusqlite::Error::SqliteFailure(failure, _) if failure.code == rusqlite::ErrorCode::ReadOnly => {
                Error::WritesStopped
            }
            rusqlite::Error::SqliteFailure(failure, _) if failure.code == rusqlite::ErrorCode::DiskFull => {
                Error::DiskFull
            }
            rusqlite::Error::SqliteFailure(failure, _)
                if matches!(failure.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) =>
            {
                Error::Busy
            }
            _ => Error::Database(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Error;

    fn failure(code: std::ffi::c_int) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn a_full_disk_and_a_busy_file_are_not_called_damage() {
        // Reproduces: a full disk read "不是述职评议助手的数据库，或已损坏……从备份恢复", and a
        // busy database "……请从备份恢复": people restored backups they did not need.
        let full = Error::from(failure(rusqlite::ffi::SQLITE_FULL));
        assert!(matches!(full, Error::DiskFull));
        assert!(full.to_string().starts_with("磁盘空间不足") && full.to_string().contains("不需要从备份恢复"));
        for code in [rusqlite::ffi::SQLITE_BUSY, rusqlite::ffi::SQLITE_LOCKED] {
            let busy = Error::from(failure(code));
            assert!(matches!(busy, Error::Busy));
            assert!(busy.to_string().starts_with("数据库正忙") && busy.to_string().contains("稍等几秒后重试"));
        }
    }
}
