#!/usr/bin/env bash
# Runs every test: formatting, the UI type check, the Rust unit and integration
# tests, the end-to-end tests that drive the real window under Xvfb and the browser app
# in headless Chromium, the arm64 build under qemu, and the Windows build under wine. Builds once per target (debug
# profile) and tests everything from that build; the browser app's end-to-end test runs
# twice, against the Linux build and against the Windows build under wine.
source "$(dirname "$0")/lib.sh"
started=$SECONDS

ensure_build_packages
ensure_apt webkit2gtk-driver xvfb xauth xdotool imagemagick poppler-utils chromium
ensure_rust
ensure_node
if ! command -v tauri-driver >/dev/null 2>&1; then
  say "安装 tauri-driver（WebDriver 服务，crates.io）"
  cargo install tauri-driver --version '^2' --locked
fi

cd "$REPO_ROOT"
ensure_rust_components
say "检查 Rust 代码格式"
cargo fmt --all --check

build_ui
say "构建（一次，供全部测试使用）"
cargo build --locked --workspace --all-targets
say "Clippy（警告即错误）"
cargo clippy --locked --workspace --all-targets -- -D warnings

say "Rust 单元测试与集成测试"
cargo test --locked --workspace

say "端到端测试（Xvfb + tauri-driver + 真实窗口）"
npm_install "$REPO_ROOT/tests/e2e"
xvfb-run -a -s "-screen 0 1400x900x24" npm --prefix "$REPO_ROOT/tests/e2e" test --silent

say "arm64（信创）：交叉构建命令行，在 qemu-aarch64 下检查命令行和浏览器版服务"
ensure_xinchuang_tools
cargo zigbuild --locked -p shuzhi --bin shuzhi --target aarch64-unknown-linux-musl
bash "$REPO_ROOT/scripts/check-arm64.sh" target/aarch64-unknown-linux-musl/debug/shuzhi

say "Windows：交叉构建核心库与命令行，在 wine 中运行全部单元测试和集成测试"
ensure_windows_tools
wine_prefix "$(mktemp -d)"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$WINE"
cargo test --locked -p shuzhi --target x86_64-pc-windows-gnu --lib --bins --tests
say "Windows：在 wine 中由 shuzhi.exe app 提供页面，浏览器版端到端测试（Chromium）经同一扇门操作"
(cd "$REPO_ROOT/tests/e2e" &&
  SHUZHI_EXE="$REPO_ROOT/target/x86_64-pc-windows-gnu/debug/shuzhi.exe" SHUZHI_CLI="$REPO_ROOT/scripts/wine-shuzhi.sh" \
    node --test --test-concurrency=1 --test-timeout=180000 browser-app.test.mjs)
"$WINESERVER" -k 2>/dev/null || true

say "全部测试通过（用时 $((SECONDS - started)) 秒）"
