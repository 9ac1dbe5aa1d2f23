# Shared steps of scripts/run-app.sh and scripts/test.sh. Each step installs what
# is missing and skips what is already there, so both commands work on a fresh
# Debian/Ubuntu machine and cost seconds on a prepared one.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

say() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure_apt PACKAGE...: installs the Debian packages that are not installed yet.
ensure_apt() {
  local missing=()
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    return 0
  fi
  say "安装系统软件包：${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# The packages every build needs: a C toolchain, pkg-config, WebKitGTK for Tauri, a CJK font.
ensure_build_packages() {
  ensure_apt build-essential pkg-config curl ca-certificates libwebkit2gtk-4.1-dev fonts-noto-cjk
}

ensure_rust() {
  if command -v cargo >/dev/null 2>&1; then
    return 0
  fi
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
    return 0
  fi
  say "安装 Rust 工具链（rustup）"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  export PATH="$HOME/.cargo/bin:$PATH"
}

# The formatter and the linter: the test command fails without them, never skips them.
ensure_rust_components() {
  local missing=()
  cargo fmt --version >/dev/null 2>&1 || missing+=(rustfmt)
  cargo clippy --version >/dev/null 2>&1 || missing+=(clippy)
  [ ${#missing[@]} -eq 0 ] && return 0
  if command -v rustup >/dev/null 2>&1; then
    say "安装 Rust 组件：${missing[*]}"
    rustup component add "${missing[@]}"
  else
    echo "缺少 Rust 组件 ${missing[*]}，且没有 rustup 可以安装。请用 rustup 安装 Rust，或用系统包管理器安装 rustfmt 和 rust-clippy。" >&2
    exit 1
  fi
}

ensure_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    ensure_apt nodejs npm
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" -lt 20 ]; then
    echo "需要 Node.js 20 或更新版本（当前为 $(node --version)）。请从 NodeSource 或发行版的较新软件源安装后重试。" >&2
    exit 1
  fi
}

# npm_install DIR: installs DIR's npm packages when package-lock.json changed since the last install.
npm_install() {
  local dir="$1"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "安装 npm 依赖：$dir"
    (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts)
  fi
}

# Builds the web front end into ui/dist, which the desktop binary embeds.
build_ui() {
  npm_install "$REPO_ROOT/ui"
  say "构建界面（类型检查 + Vite）"
  (cd "$REPO_ROOT/ui" && npm run build --silent)
}

# ensure_rust_target TRIPLE...: adds the Rust standard libraries of the targets not installed yet.
ensure_rust_target() {
  for target in "$@"; do
    if ! rustup target list --installed | grep -qx "$target"; then
      say "安装 Rust 目标 $target"
      rustup target add "$target"
    fi
  done
}

# The arm64 (and static x86_64) builds for 信创 desktops: musl targets, and zig (PyPI) to
# compile their C part (SQLite) for arm64, driven by cargo-zigbuild.
ensure_xinchuang_tools() {
  ensure_apt musl-tools qemu-user file binutils curl python3-pip
  ensure_rust_target x86_64-unknown-linux-musl aarch64-unknown-linux-musl
  if ! command -v cargo-zigbuild >/dev/null 2>&1 || ! python3 -m ziglang version >/dev/null 2>&1; then
    say "安装 zig 与 cargo-zigbuild（PyPI）"
    python3 -m pip install --quiet --disable-pip-version-check ziglang==0.17.1 cargo-zigbuild==0.24.1
    hash -r
  fi
}

# The Windows cross-build and its checks under wine: the Rust target, mingw-w64 as the
# linker, NSIS for the installer, 7-Zip to list it, and wine (64-bit only) to run it.
ensure_windows_tools() {
  ensure_apt gcc-mingw-w64-x86-64 nsis p7zip-full wine64
  ensure_rust_target x86_64-pc-windows-gnu
  export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
  export WINE=/usr/lib/wine/wine64 WINESERVER=/usr/lib/wine/wineserver
}

# wine_prefix DIR: a fresh wine prefix in DIR for the checks, with the stand-in for the
# ProcessPrng that wine 8 lacks (packaging/windows/wine-processprng.c; tests only).
wine_prefix() {
  export WINEPREFIX="$1" WINEDEBUG=-all WINEDLLOVERRIDES="bcryptprimitives=n;mscoree,mshtml="
  "$WINE" wineboot --init >/dev/null 2>&1
  local system32="$WINEPREFIX/drive_c/windows/system32"
  x86_64-w64-mingw32-gcc -O2 -shared -o "$system32/bcryptprimitives.dll" \
    "$REPO_ROOT/packaging/windows/wine-processprng.c"
}
