#!/usr/bin/env bash
# Builds the Windows 10/11 installer, cross-compiled here:
#   target/dist/述职评议助手-<version>-windows-x64-setup.exe
# and checks it under wine: the programs' imports, the installer's file list, a silent
# install into a fresh prefix, the installed shuzhi.exe (demo, lists PDF, report as Word),
# and a silent uninstall that keeps the database. The window itself cannot be driven
# under wine (it has no WebView2).
source "$(dirname "$0")/lib.sh"
started=$SECONDS

ensure_apt build-essential pkg-config ca-certificates libwebkit2gtk-4.1-dev fonts-noto-cjk
ensure_rust
ensure_node
ensure_windows_tools

cd "$REPO_ROOT"
build_ui
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
DIST="$REPO_ROOT/target/dist"
mkdir -p "$DIST"
SETUP="$DIST/述职评议助手-$VERSION-windows-x64-setup.exe"
TRIPLE=x86_64-pc-windows-gnu

say "构建 Windows 程序（x86_64-pc-windows-gnu，交叉编译）"
cargo build --locked --profile windows-installer --target "$TRIPLE" -p shuzhi --bin shuzhi -p shuzhi-desktop --bin shuzhi-desktop
OUT="target/$TRIPLE/windows-installer"

# A -gnu build of the window loads WebView2 through WebView2Loader.dll beside it; the
# DLL ships inside the webview2-com-sys crate that the build just used.
loader="$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -path '*webview2-com-sys-*/x64/WebView2Loader.dll' | sort | tail -1)"
[ -n "$loader" ] || { echo "找不到 WebView2Loader.dll（webview2-com-sys）" >&2; exit 1; }

STAGE="$DIST/windows-stage"
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp "$OUT/shuzhi.exe" "$OUT/shuzhi-desktop.exe" "$loader" "$STAGE/"
cp src-tauri/icons/icon.ico "$STAGE/shuzhi.ico"
cp assets/fonts/OFL.txt "$STAGE/LICENSE-fonts.txt"
cp packaging/windows/使用说明.txt "$STAGE/"
x86_64-w64-mingw32-strip "$STAGE/shuzhi.exe" "$STAGE/shuzhi-desktop.exe"

say "生成安装程序（NSIS）"
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DSTAGE="$STAGE" -DOUTFILE="$SETUP" packaging/windows/installer.nsi
ls -l "$SETUP"

say "检查：程序导入的 DLL、安装程序的文件清单"
for exe in shuzhi.exe shuzhi-desktop.exe; do
  echo "$exe 导入："
  x86_64-w64-mingw32-objdump -p "$STAGE/$exe" | sed -n 's/^\tDLL Name: /  /p' | sort | tr '\n' ' '
  echo
done
# Only system DLLs (and the WebView2 loader shipped beside it): no mingw runtime DLL.
if x86_64-w64-mingw32-objdump -p "$STAGE/shuzhi-desktop.exe" "$STAGE/shuzhi.exe" | grep -E 'DLL Name: (libgcc|libstdc|libwinpthread)'; then
  echo "错误：程序依赖 mingw 的运行库 DLL" >&2
  exit 1
fi
7z l "$SETUP" | sed -n '/^----/,/^----/p'

say "检查：在 wine 中静默安装、运行、卸载"
bash "$REPO_ROOT/scripts/check-windows-installer.sh" "$SETUP"
rm -rf "$STAGE"
say "Windows 安装程序已生成（用时 $((SECONDS - started)) 秒）：$SETUP"
