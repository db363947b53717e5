#!/usr/bin/env bash
# The main job: builds the system and runs `claims demo`: every service, the projector, the
# dashboard on localhost, and simulated partners (practices, a clearinghouse, payers)
# producing realistic traffic, against a private nats-server storing under ./data (or
# CLAIMS_NATS_URL when set). Ctrl-C stops it cleanly; running it again continues from the
# log. Arguments go to `claims demo` (--claims N, --rate R, --seed S, --operators).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/prerequisites.sh
cargo build --release --locked --bin claims
# Batches go out within 5 s in the demo, so claims reach payers while you watch.
export CLAIMS_BATCH_MAX_WAIT_SECS="${CLAIMS_BATCH_MAX_WAIT_SECS:-5}"
exec target/release/claims demo --operators "$@"
