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
cargo test --workspace --locked "$@"
