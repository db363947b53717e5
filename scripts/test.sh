#!/usr/bin/env bash
# The test command: installs what is missing, then runs every test of the workspace.
# Each end-to-end test starts its own nats-server on a free port; nothing needs to be running.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/prerequisites.sh
if [ -x scripts/pyx12.sh ]; then
  # The X12 validator the 837P tests run every generated file through.
  PYX12_X12VALID="$(scripts/pyx12.sh)"
  export PYX12_X12VALID
fi
# Incremental artefacts only help the next edit-compile cycle; a test run from a clean clone
# has none, and they would double the size of target/ on the CI machine's disk.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
cargo test --workspace --locked "$@"
