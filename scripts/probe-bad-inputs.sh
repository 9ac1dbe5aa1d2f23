#!/usr/bin/env bash
# Tries a few hundred bad inputs (damaged, forged, oversized and odd files of every kind the
# program reads) against the `shuzhi` command-line tool and prints how many are handled:
# refused with a Chinese message and nothing changed, or accepted with the database still
# sound. Not a test; it prints figures. Usage: bash scripts/probe-bad-inputs.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_apt python3
cd "$REPO_ROOT"
cargo build --locked --workspace --bins
python3 scripts/probe-bad-inputs.py target/debug/shuzhi
