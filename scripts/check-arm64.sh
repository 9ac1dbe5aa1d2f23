#!/usr/bin/env bash
# Runs an arm64 build of `shuzhi` under qemu-aarch64: the CLI (--version, demo) and the
# browser app's server (the page, one command, the three refusals, 退出).
#   bash scripts/check-arm64.sh target/aarch64-unknown-linux-musl/<profile>/shuzhi
source "$(dirname "$0")/lib.sh"
binary="$1"
ensure_apt qemu-user curl
cd "$REPO_ROOT"
check_db="$(mktemp -d)"
trap 'rm -rf "$check_db"' EXIT
qemu-aarch64 "$binary" --version
qemu-aarch64 "$binary" --db "$check_db/arm64.db" demo
# The arm64 server: the page and a command through the guard, and refusals without it.
qemu-aarch64 "$binary" --db "$check_db/app.db" app --no-open \
  --page ui/dist >"$check_db/app.out" 2>&1 &
server=$!
for _ in $(seq 1 150); do grep -q 'http://' "$check_db/app.out" && break; sleep 0.2; done
url="$(grep -o 'http://127.0.0.1:[0-9]*/#t=[0-9a-f]*' "$check_db/app.out")"
echo "arm64 服务：$url"
origin="${url%%/#t=*}"
token="${url##*t=}"
port="${origin##*:}"
credential="x-shuzhi-token: $token"
curl -sf "$origin/" | grep -q '<title>述职评议助手</title>'
curl -sf -H "$credential" -X POST -H "Origin: $origin" "$origin/api/list_campaigns" | grep -q '"sample-2023-swjw"'
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$origin/api/list_campaigns")" = 403 ]
[ "$(curl -s -o /dev/null -w '%{http_code}' -b "shuzhi_$port=$token" -X POST "$origin/api/list_campaigns")" = 403 ]
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "$credential" -H 'Host: evil.example' -X POST "$origin/api/list_campaigns")" = 421 ]
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "$credential" -X POST -H 'Origin: http://evil.example' "$origin/api/list_campaigns")" = 403 ]
curl -sf -H "$credential" -X POST "$origin/quit" >/dev/null
wait "$server"
echo "arm64 服务：页面、命令和四种拒绝均正常，已退出"
