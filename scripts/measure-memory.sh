#!/usr/bin/env bash
# Prints how much memory the window uses with the sample open: the proportional set size
# (PSS, so pages shared between the processes count once) of the app and every process it
# started (WebKitWebProcess, WebKitNetworkProcess), read from /proc/<pid>/smaps_rollup.
# Runs the release build under Xvfb on a new database with the sample loaded. Run it with
# no other WebKit program open: PSS splits a shared library's pages among every process
# that maps them, so another WebKit window makes this one look smaller.
#
#   bash scripts/measure-memory.sh            # builds the release window first
#   SHUZHI_APP=target/debug/shuzhi-desktop bash scripts/measure-memory.sh
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

ensure_apt xvfb xauth bc
app=${SHUZHI_APP:-}
if [[ -z "$app" ]]; then
  build_ui
  say "构建发布版窗口程序"
  cargo build --locked --release -p shuzhi-desktop -p shuzhi
  app=target/release/shuzhi-desktop
  cli=target/release/shuzhi
else
  cli=$(dirname "$app")/shuzhi
fi

home=$(mktemp -d)
trap 'kill "$app_pid" 2>/dev/null; kill "$xvfb_pid" 2>/dev/null; rm -rf "$home"' EXIT
export HOME=$home SHUZHI_DB=$home/shuzhi.db
"$cli" demo >/dev/null
"$cli" role 示例 --name "" >/dev/null

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1366x768x24 >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1
DISPLAY=$display "$app" >/dev/null 2>&1 &
app_pid=$!

# The app and everything below it.
family() {
  local pids=("$1") queue=("$1")
  while ((${#queue[@]})); do
    local parent=${queue[0]}
    queue=("${queue[@]:1}")
    for child in $(pgrep -P "$parent"); do
      pids+=("$child")
      queue+=("$child")
    done
  done
  echo "${pids[@]}"
}

pss_kb() { awk '/^Pss:/ { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }

report() {
  local label=$1 total=0
  printf '\n%s\n' "$label"
  for pid in $(family "$app_pid"); do
    local kb name
    kb=$(pss_kb "$pid")
    name=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | awk '{ print $1 }' | xargs -r basename)
    printf '  %-28s %7.1f MB\n' "$name" "$(echo "$kb / 1024" | bc -l)"
    total=$((total + kb))
  done
  printf '  %-28s %7.1f MB\n' "合计 (PSS)" "$(echo "$total / 1024" | bc -l)"
}

# The first screen: wait until the window's web process has settled, then read it three
# times a few seconds apart and keep the last (the figures settle within a second or two).
sleep 12
for _ in 1 2; do sleep 3; done
report "示例总览（首屏，窗口 1366×768）"
