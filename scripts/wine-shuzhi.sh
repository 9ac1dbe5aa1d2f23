#!/usr/bin/env bash
# Runs the Windows build of the command line (`shuzhi.exe`) under wine with the arguments
# given, as the browser end-to-end test runs `shuzhi`: SHUZHI_CLI=scripts/wine-shuzhi.sh.
# Needs WINE and WINEPREFIX set (scripts/lib.sh: ensure_windows_tools, wine_prefix) and
# SHUZHI_EXE naming the built shuzhi.exe.
exec "$WINE" "$SHUZHI_EXE" "$@"
