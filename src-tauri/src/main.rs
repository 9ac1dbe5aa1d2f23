// Keeps a console window from opening beside the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    speak_chinese_in_system_dialogs();
    draw_without_the_gpu();
    #[cfg(target_os = "linux")]
    keep_gl_out_of_the_window_process();
    shuzhi_desktop::run();
}

/// With compositing off the window's own process only copies the page's finished pictures
/// to the screen, yet WebKit still starts EGL there, which loads Mesa and its LLVM (about
/// 19 MB). So this process's EGL is started with no driver to find, before anything else
/// asks for it, and the setting is taken back at once: the page's process, started later
/// with this process's environment, gets its EGL as usual (it needs it). Skipped when the
/// person set either variable.
#[cfg(target_os = "linux")]
fn keep_gl_out_of_the_window_process() {
    const DRIVERS: &str = "__EGL_VENDOR_LIBRARY_DIRS";
    let drawn_in_software = std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_some_and(|v| v == "1");
    if !drawn_in_software || std::env::var_os(DRIVERS).is_some() {
        return;
    }
    #[link(name = "EGL")]
    unsafe extern "C" {
        fn eglQueryString(display: *mut std::ffi::c_void, name: i32) -> *const std::ffi::c_char;
    }
    const EGL_EXTENSIONS: i32 = 0x3055;
    // SAFETY: at the start of `main`, before any other thread exists; EGL reads the
    // variable once, on its first call, and keeps what it found.
    unsafe {
        std::env::set_var(DRIVERS, "/nonexistent");
        eglQueryString(std::ptr::null_mut(), EGL_EXTENSIONS);
        std::env::remove_var(DRIVERS);
    }
}

/// The window is forms and tables; WebKitGTK's GPU compositing buys it nothing and costs
/// about 80 MB (on a PC without a GPU driver it loads Mesa's software renderer and LLVM
/// into two processes), and on some office and 信创 graphics drivers it draws a blank
/// window. So the page is drawn in software (and any GL left falls to Mesa's plain
/// softpipe rather than the LLVM-compiled llvmpipe), and JavaScriptCore keeps to its
/// baseline JIT: the optimizing tiers hold memory for speed a form page never needs.
/// Each is left alone when the person set it. Measured with `scripts/measure-memory.sh`.
fn draw_without_the_gpu() {
    #[cfg(target_os = "linux")]
    for (name, value) in [
        ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
        ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
        ("GDK_GL", "disable"),
        ("GALLIUM_DRIVER", "softpipe"),
        ("JSC_useDFGJIT", "0"),
        ("JSC_useFTLJIT", "0"),
    ] {
        if std::env::var_os(name).is_none() {
            // SAFETY: run at the start of `main`, before any other thread exists.
            unsafe { std::env::set_var(name, value) };
        }
    }
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
