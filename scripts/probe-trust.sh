#!/usr/bin/env bash
# The hostile suite of the second trust round: each attack of docs/security.md's threat table,
# tried from outside against the built `shuzhi` program (its command line, the browser app and
# the ballot server on 127.0.0.1, the files it writes). Not a test; it prints figures: cases
# tried and cases clean, per surface. Usage: bash scripts/probe-trust.sh [surface ...]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_apt python3 chromium
cd "$REPO_ROOT"
cargo build --locked -p shuzhi --bins
python3 scripts/probe-trust.py target/debug/shuzhi "$@"
