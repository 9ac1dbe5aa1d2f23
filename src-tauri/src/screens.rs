//! Where the windows go. The main window opens within the screen it is on (an office PC
//! of 1366×768 or 1024×768 must see its bottom edge); the projector gets a window of its
//! own, full screen on a second display when there is one, so the main window goes on
//! with paper-ballot entry while the join code and turnout are on the wall.

use tauri::{LogicalPosition, LogicalSize, Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder};

/// The window's size when the screen has room for it, in logical pixels.
const PREFERRED: (f64, f64) = (1280.0, 800.0);
/// The smallest the window may be (as `tauri.conf.json` says).
const MINIMUM: (f64, f64) = (1024.0, 700.0);

/// Shrinks the main window to the screen's work area when it does not fit, and centres it.
pub fn fit_main_window(window: &WebviewWindow) {
    let Some(monitor) = window.current_monitor().ok().flatten().or_else(|| window.primary_monitor().ok().flatten())
    else {
        return;
    };
    let scale = monitor.scale_factor();
    let area = monitor.work_area();
    let (left, top) = (area.position.x as f64 / scale, area.position.y as f64 / scale);
    let (width, height) = (area.size.width as f64 / scale, area.size.height as f64 / scale);
    // Only a window that does not fit is moved, to the middle of the work area worked out
    // here: the window manager places one that fits, and a window's own centring can go
    // wrong before it is shown (half off the screen, seen without a window manager).
    if let Some((fitted_width, fitted_height)) = fitted_size(width, height) {
        let _ = window.set_size(LogicalSize::new(fitted_width, fitted_height));
        let x = left + ((width - fitted_width) / 2.0).max(0.0);
        let y = top + ((height - fitted_height - 32.0) / 2.0).max(0.0);
        let _ = window.set_position(LogicalPosition::new(x, y));
    }
}

/// The window's size on a screen whose work area is `width` × `height` (logical pixels),
/// or `None` when the preferred size fits. Room is left for the title bar and frame the
/// window manager adds; the window's minimum (1024×700) still holds on smaller screens.
pub fn fitted_size(width: f64, height: f64) -> Option<(f64, f64)> {
    let fitted = (PREFERRED.0.min(width - 16.0).max(MINIMUM.0), PREFERRED.1.min(height - 40.0).max(MINIMUM.1));
    (fitted != PREFERRED).then_some(fitted)
}

/// Opens (or brings forward) the projector window on `campaign_id`.
pub fn open_projector(app: &tauri::AppHandle, campaign_id: &str) -> Result<(), String> {
    let route = format!("index.html#/projector/{}", shuzhi::browser::percent_encode(campaign_id));
    if let Some(existing) = app.get_webview_window("projector") {
        let _ = existing.eval(format!("location.hash = {:?}", route.trim_start_matches("index.html")));
        let _ = existing.set_focus();
        return Ok(());
    }
    let main_monitor = app.get_webview_window("main").and_then(|w| w.current_monitor().ok().flatten());
    let monitors = app.available_monitors().unwrap_or_default();
    let second = monitors.iter().find(|m| Some(m.position()) != main_monitor.as_ref().map(|main| main.position()));
    let mut builder = WebviewWindowBuilder::new(app, "projector", WebviewUrl::App(route.into()))
        .title("述职评议助手 · 投屏（按 Esc 关闭）")
        .inner_size(1024.0, 700.0);
    if let Some(display) = second {
        let scale = display.scale_factor();
        let at = LogicalPosition::new(display.position().x as f64 / scale, display.position().y as f64 / scale);
        builder = builder.position(at.x + 20.0, at.y + 20.0).fullscreen(true);
    } else {
        // One display: full screen too; Esc or 关闭投屏 gives the main window back.
        builder = builder.fullscreen(true);
    }
    builder.build().map(|_| ()).map_err(|e| e.to_string())
}

pub fn close_projector(app: &tauri::AppHandle) -> bool {
    match app.get_webview_window("projector") {
        Some(window) => window.close().is_ok(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::fitted_size;

    /// The office screens: 1366×768 and 1024×768 with a 40-pixel taskbar, and a large one.
    #[test]
    fn the_window_opens_within_the_screens_people_have() {
        assert_eq!(fitted_size(1366.0, 728.0), Some((1280.0, 700.0)));
        assert_eq!(fitted_size(1024.0, 728.0), Some((1024.0, 700.0)));
        assert_eq!(fitted_size(1920.0, 1040.0), None);
        assert_eq!(fitted_size(1440.0, 860.0), None);
    }
}
