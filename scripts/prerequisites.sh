#!/usr/bin/env bash
# Installs what the system and its tests need and a fresh Debian machine with the Rust
# toolchain lacks: nats-server (Debian's package, 2.9), Python's venv (for the pyx12
# validator) and chromium (for the dashboard's browser test). Idempotent; prints what it does.
set -euo pipefail

have_nats() { command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ]; }
# pyx12 (the X12 validator the tests run every generated 837 through) installs into a venv.
have_venv() { python3 -c 'import ensurepip, venv' >/dev/null 2>&1; }

missing=()
have_nats || missing+=(nats-server)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
have_venv || missing+=(python3-venv)
# Headless Chromium: the dashboard's browser test loads the page in it.
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ] || missing+=(chromium)

if [ ${#missing[@]} -gt 0 ]; then
  echo "prerequisites: installing ${missing[*]} from Debian's packages" >&2
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "prerequisites: missing ${missing[*]}; install as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "prerequisites: cargo is missing; install the Rust toolchain (https://rustup.rs)" >&2
  exit 1
fi
