#!/usr/bin/env bash
# Installs the Windows installer silently into a fresh wine prefix (as a user without
# administrator rights would), runs the installed shuzhi.exe, and uninstalls silently.
#   bash scripts/check-windows-installer.sh target/dist/述职评议助手-*-windows-x64-setup.exe
source "$(dirname "$0")/lib.sh"
setup="$(realpath "$1")"
ensure_windows_tools
prefix="$(mktemp -d)"
trap '"$WINESERVER" -k 2>/dev/null || true; rm -rf "$prefix"' EXIT
wine_prefix "$prefix"

"$WINE" "$setup" /S /CurrentUser
installed="$(find "$prefix/drive_c/users" -path '*/Programs/述职评议助手/shuzhi-desktop.exe' | head -1)"
[ -n "$installed" ] || { echo "安装后找不到 shuzhi-desktop.exe" >&2; find "$prefix/drive_c" -name 'shuzhi*.exe'; exit 1; }
folder="$(dirname "$installed")"
echo "已安装到：$folder"
ls "$folder"
# The Desktop of a wine user is a link to the Unix desktop folder: follow links.
start_menu="$(find -L "$prefix/drive_c/users" -name '述职评议助手.lnk' 2>/dev/null | wc -l)"
[ "$start_menu" -ge 2 ] || { echo "缺少开始菜单或桌面快捷方式（找到 $start_menu 个）" >&2; exit 1; }
"$WINE" reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\cn.shuzhi.desktop' /v UninstallString

# Wine has no WebView2: the window must say so in Chinese and stop, not fail silently.
said="$(timeout 120 "$WINE" "$folder/shuzhi-desktop.exe" 2>&1 || true)"
echo "$said" | grep -q "缺少 Microsoft Edge WebView2 运行时" || { echo "缺少 WebView2 时窗口没有提示：$said" >&2; exit 1; }
echo "没有 WebView2 时，窗口用中文说明缺少什么、该安装什么"

work='C:\shuzhi-check'
mkdir -p "$prefix/drive_c/shuzhi-check"
"$WINE" "$folder/shuzhi.exe" --db "$work\\shuzhi.db" demo
"$WINE" "$folder/shuzhi.exe" --db "$work\\shuzhi.db" lists export --campaign sample-2023-swjw --out "$work\\清单.pdf"
"$WINE" "$folder/shuzhi.exe" --db "$work\\shuzhi.db" report export --report rep-fy --format docx --out "$work\\述职报告.docx"
head -c 5 "$prefix/drive_c/shuzhi-check/清单.pdf" | grep -q '%PDF-'
7z l "$prefix/drive_c/shuzhi-check/述职报告.docx" | grep -q "word/document.xml"
echo "安装的 shuzhi.exe：示例、清单 PDF、述职报告 Word 均正常"

# The default database (%APPDATA%\shuzhi) must survive a silent uninstall.
"$WINE" "$folder/shuzhi.exe" demo >/dev/null
appdata_db="$(find "$prefix/drive_c/users" -path '*/AppData/Roaming/shuzhi/shuzhi.db' | head -1)"
[ -n "$appdata_db" ] || { echo "默认数据库不在 %APPDATA%\\shuzhi" >&2; exit 1; }
"$WINE" "$folder/uninstall.exe" /S /CurrentUser
# The uninstaller copies itself away and finishes in the background.
for _ in $(seq 1 50); do [ -e "$folder/shuzhi-desktop.exe" ] || break; sleep 0.2; done
"$WINESERVER" -w
[ ! -e "$folder/shuzhi-desktop.exe" ] || { echo "卸载后程序仍在" >&2; exit 1; }
[ -e "$appdata_db" ] || { echo "卸载删除了数据库" >&2; exit 1; }
if "$WINE" reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\cn.shuzhi.desktop' >/dev/null 2>&1; then
  echo "卸载后注册表中仍有卸载项" >&2
  exit 1
fi
left="$(find -L "$prefix/drive_c/users" -name '述职评议助手.lnk' 2>/dev/null | wc -l)"
[ "$left" -eq 0 ] || { echo "卸载后仍有 $left 个快捷方式" >&2; exit 1; }
echo "静默卸载：程序、快捷方式和卸载项已删除，数据库保留"
