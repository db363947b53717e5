#!/usr/bin/env bash
# The main job: builds the system and runs every service against a private nats-server
# storing under ./data (or against CLAIMS_NATS_URL when set). Ctrl-C stops it cleanly;
# running it again continues from the log.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/prerequisites.sh
cargo build --release --locked --bin claims
exec target/release/claims up "$@"
