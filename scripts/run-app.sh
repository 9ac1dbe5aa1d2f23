#!/usr/bin/env bash
# Runs 述职评议助手 on this machine, installing what it needs first. A new
# database starts with the bundled sample campaign (see README).
source "$(dirname "$0")/lib.sh"

ensure_build_packages
ensure_rust
ensure_node
build_ui
say "构建并启动桌面程序"
cd "$REPO_ROOT"
exec cargo run --locked -p shuzhi-desktop "$@"
