#!/usr/bin/env bash
# Runs every test: formatting, the UI type check, the Rust unit and integration
# tests, and the end-to-end test that drives the real window under Xvfb. Builds
# once (debug profile) and tests everything from that build.
source "$(dirname "$0")/lib.sh"
started=$SECONDS

ensure_build_packages
ensure_apt webkit2gtk-driver xvfb xauth xdotool poppler-utils chromium
ensure_rust
ensure_node
if ! command -v tauri-driver >/dev/null 2>&1; then
  say "安装 tauri-driver（WebDriver 服务，crates.io）"
  cargo install tauri-driver --version '^2' --locked
fi

cd "$REPO_ROOT"
if cargo fmt --version >/dev/null 2>&1; then
  say "检查 Rust 代码格式"
  cargo fmt --all --check
fi

build_ui
say "构建（一次，供全部测试使用）"
cargo build --locked --workspace --all-targets

say "Rust 单元测试与集成测试"
cargo test --locked --workspace

say "端到端测试（Xvfb + tauri-driver + 真实窗口）"
npm_install "$REPO_ROOT/tests/e2e"
xvfb-run -a -s "-screen 0 1280x800x24" npm --prefix "$REPO_ROOT/tests/e2e" test --silent

say "全部测试通过（用时 $((SECONDS - started)) 秒）"
