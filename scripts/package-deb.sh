#!/usr/bin/env bash
# Builds the installable Debian package of the desktop app:
#   target/release/bundle/deb/述职评议助手_<version>_amd64.deb
# Install it with `sudo apt install ./target/release/bundle/deb/*.deb`.
source "$(dirname "$0")/lib.sh"
ensure_build_packages
ensure_rust
ensure_node
cd "$REPO_ROOT"
build_ui
say "发布构建并打包 .deb（tauri build，约 8 分钟）"
# The tauri CLI comes from ui/node_modules (@tauri-apps/cli); the web assets are already built.
(cd src-tauri && "$REPO_ROOT/ui/node_modules/.bin/tauri" build --bundles deb)
ls -l target/release/bundle/deb/*.deb
