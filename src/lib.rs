//! 述职评议助手 (`shuzhi`): the core of the annual 党组织书记抓基层党建述职评议考核.
//!
//! This crate owns the whole process — the domain, the SQLite store, the rules
//! that decide grades and checks, and the exchange format — and knows nothing of
//! the desktop window. The `shuzhi` command-line tool and the Tauri shell in
//! `src-tauri/` are two thin faces over it, so a script can do all the window does.
//! See `ARCHITECTURE.md` for the map.

pub mod assess;
pub mod browser;
pub mod commands;
pub mod dashboard;
pub mod database;
pub mod domain;
pub mod error;
pub mod exchange;
pub mod files;
pub mod history;
pub mod labels;
pub mod limits;
pub mod lists;
pub mod meeting;
pub mod opener;
pub mod package;
pub mod paths;
pub mod pdf;
pub mod planning;
pub mod random;
pub mod report;
pub mod rules;
pub mod sample;
pub mod serving;
pub mod sheets;
pub mod store;
pub mod text;
pub mod workstation;
pub mod xlsx;

pub use error::{Error, ErrorKind, Result};
pub use store::Store;
