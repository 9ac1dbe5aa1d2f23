#!/usr/bin/env bash
# Prints the browser app's figures: package sizes (after scripts/package-xinchuang.sh),
# start-up time to the first screen in headless Chromium, and the server's memory with
# the sample open. Uses the static x86_64 build when it is there, else builds release.
source "$(dirname "$0")/lib.sh"
ensure_apt chromium
ensure_rust
ensure_node
cd "$REPO_ROOT"
binary=target/x86_64-unknown-linux-musl/installer/shuzhi
if [ ! -x "$binary" ]; then
  build_ui
  cargo build --locked --release -p shuzhi --bin shuzhi
  binary=target/release/shuzhi
fi
npm_install "$REPO_ROOT/tests/e2e"
if ls target/dist/*.tar.gz target/dist/*.deb target/dist/*.exe >/dev/null 2>&1; then
  say "安装包大小"
  for file in target/dist/*.tar.gz target/dist/*.deb target/dist/*.exe; do
    [ -e "$file" ] || continue
    awk -v name="$(basename "$file")" -v bytes="$(stat -c %s "$file")" 'BEGIN { printf "  %-48s %6.1f MB\n", name, bytes / 1048576 }'
  done
fi
say "启动时间与内存"
SHUZHI_PAGE="$REPO_ROOT/ui/dist" node tests/e2e/browser-app-figures.mjs "$REPO_ROOT/$binary" 5
