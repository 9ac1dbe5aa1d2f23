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
