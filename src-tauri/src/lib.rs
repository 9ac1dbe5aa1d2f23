//! The desktop shell of 述职评议助手: the window, and the commands it may call.
//! Glue only — every decision is made by the core crate `shuzhi`.

pub mod commands;
pub mod dialogs;
pub mod error;
pub mod state;

use tauri_specta::{Builder, collect_commands};

/// The commands the window may call; also the source of `ui/src/bindings.ts`.
pub fn specta_builder() -> Builder<tauri::Wry> {
    // One TypeScript type per Rust type: our payloads read and write the same shape.
    Builder::<tauri::Wry>::new().disable_serde_phases().commands(collect_commands![
        commands::campaign::list_campaigns,
        commands::campaign::campaign_dashboard,
        commands::report::secretary_page,
        commands::report::start_report,
        commands::report::report_editor,
        commands::report::save_section,
        commands::report::check_draft,
        commands::report::save_revision,
        commands::report::submit_report,
        commands::report::review_report,
        commands::report::compare_revisions,
        commands::report::export_report_pdf,
        commands::report::export_report_docx,
        commands::report::export_report_package,
        commands::report::export_return_package,
        commands::report::compare_package,
        commands::report::import_package,
        commands::evidence::attach_evidence,
        commands::evidence::list_evidence,
        commands::evidence::evidence_content,
        commands::evidence::delete_evidence,
        commands::lists::problem_items,
        commands::lists::add_problem,
        commands::lists::rewrite_sections_from_items,
        commands::lists::update_problem,
        commands::lists::delete_problem,
        commands::lists::add_measure,
        commands::lists::update_measure,
        commands::lists::delete_measure,
        commands::lists::build_lists,
        commands::lists::review_measures,
        commands::lists::set_rectification_status,
        commands::lists::sign_off_rectification,
        commands::lists::add_inspection,
        commands::lists::export_lists_pdf,
        commands::lists::export_lists_xlsx,
        commands::lists::add_progress,
        commands::lists::merge_problems,
        commands::lists::move_problem,
        commands::lists::sign_off_lists,
        commands::meeting::meeting_view,
        commands::meeting::set_agenda,
        commands::meeting::save_meeting_settings,
        commands::meeting::save_panel,
        commands::meeting::rules_presets,
        commands::meeting::describe_rules,
        commands::meeting::save_rules,
        commands::meeting::save_comment,
        commands::meeting::comment_point_to_problem,
        commands::meeting::suggestion_to_problem,
        commands::meeting::enter_ballot,
        commands::meeting::update_ballot,
        commands::meeting::delete_ballot,
        commands::meeting::enter_check,
        commands::meeting::settle_check,
        commands::meeting::close_vote,
        commands::meeting::reopen_vote,
        commands::meeting::meeting_results,
        commands::meeting::export_ballot_sheets,
        commands::meeting::export_results_pdf,
        commands::meeting::export_recount,
        commands::meeting::export_results_xlsx,
        commands::meeting::start_phone_vote,
        commands::meeting::stop_phone_vote,
        commands::meeting::phone_vote_status,
        commands::meeting::export_code_slips,
        commands::planning::create_campaign,
        commands::planning::campaign_coverage,
        commands::planning::read_roster,
        commands::planning::preview_roster,
        commands::planning::import_roster,
        commands::planning::campaign_details,
        commands::planning::save_campaign_settings,
        commands::planning::organization_tree,
        commands::planning::update_organization,
        commands::planning::delete_organization,
        commands::planning::update_secretary,
        commands::planning::delete_secretary,
        commands::settings::campaign_cliches,
        commands::settings::set_campaign_cliches,
        commands::system::check_database,
        commands::system::check_file_size,
        commands::system::writes_stopped,
        commands::system::backup_to_chosen_file,
        commands::system::choose_backup_file,
        commands::system::open_exported,
        commands::system::backup_now,
        commands::system::list_backups,
        commands::system::check_backup,
        commands::system::restore_backup,
    ])
}

/// The TypeScript bindings as they should be committed in `ui/src/bindings.ts`.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    let typescript = specta_typescript::Typescript::default()
        .header("// 由 src-tauri 生成（cargo test -p shuzhi-desktop 时 UPDATE_BINDINGS=1），请勿手工修改。\n");
    specta_builder().export(typescript, path).map_err(|e| e.to_string())
}

/// Starts the app on the database `SHUZHI_DB` names, or the default one.
pub fn run() {
    let database_path = shuzhi::paths::default_database_path();
    let builder = specta_builder();
    tauri::Builder::default()
        .manage(state::AppState::open(database_path))
        .invoke_handler(builder.invoke_handler())
        .run(tauri::generate_context!())
        .expect("述职评议助手无法启动窗口");
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    /// The committed bindings must match the commands; run with UPDATE_BINDINGS=1 to refresh them.
    #[test]
    fn bindings_are_current() {
        let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            super::export_bindings(&committed).unwrap();
            return;
        }
        let fresh = std::env::temp_dir().join(format!("shuzhi-bindings-{}.ts", std::process::id()));
        super::export_bindings(&fresh).unwrap();
        let fresh_text = std::fs::read_to_string(&fresh).unwrap();
        let _ = std::fs::remove_file(&fresh);
        let committed_text = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            fresh_text == committed_text,
            "ui/src/bindings.ts is out of date: run `UPDATE_BINDINGS=1 cargo test -p shuzhi-desktop bindings_are_current`"
        );
    }
}
