// Keeps a console window from opening beside the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    speak_chinese_in_system_dialogs();
    shuzhi_desktop::run();
}

/// The system's own dialogs (GTK's save and open dialogs on Linux) speak the language
/// gettext picks. The program is Chinese throughout, so its dialogs are too, even on a
/// system set to English: Chinese is put first in `LANGUAGE` unless the person set it.
/// (gettext ignores `LANGUAGE` under the "C" locale; a desktop's locale is never that.)
fn speak_chinese_in_system_dialogs() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("LANGUAGE").is_none() {
        // SAFETY: the first thing `main` does, before any other thread exists.
        unsafe { std::env::set_var("LANGUAGE", "zh_CN:zh") };
    }
}
