//! The error that crosses into the window: a small tagged enum `{kind, message}`.
//! The core's error becomes this in exactly one place, the `From` below; the
//! message is the core's Chinese sentence, unchanged.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CommandError {
    /// The record asked for is not there (the window should go back to a list).
    NotFound { message: String },
    /// What the person entered or chose is not acceptable; nothing was changed.
    InvalidInput { message: String },
    /// The request clashes with what is stored; nothing was changed.
    Conflict { message: String },
    /// The database could not be read or written.
    Storage { message: String },
}

impl From<crate::Error> for CommandError {
    fn from(error: crate::Error) -> Self {
        let message = error.to_string();
        match error.kind() {
            crate::ErrorKind::NotFound => CommandError::NotFound { message },
            crate::ErrorKind::InvalidInput => CommandError::InvalidInput { message },
            crate::ErrorKind::Conflict => CommandError::Conflict { message },
            crate::ErrorKind::Storage => CommandError::Storage { message },
        }
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
