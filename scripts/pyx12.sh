#!/usr/bin/env bash
# Installs the X12 validator pyx12 (PyPI, 4.0.0) into `.venv-pyx12/` at the repository root,
# once, and prints the path of its `x12valid` command.
#
# Every 837 the project writes must pass pyx12 (services/submission/tests/submission/x837_pyx12.rs runs
# it), so the validator is installed by the project itself rather than by hand. Idempotent:
# when x12valid is already there at the pinned version nothing is downloaded. Needs python3
# with the venv module (Debian: `apt-get install python3-venv`) and access to PyPI.
# Diagnostics go to stderr; stdout carries only the path, so callers can capture it.
set -euo pipefail

readonly version="4.0.0"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-pyx12"
x12valid="$venv/bin/x12valid"

installed_version() {
    "$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pyx12"))' 2>/dev/null || true
}

if [[ ! -x "$x12valid" || "$(installed_version)" != "$version" ]]; then
    command -v python3 >/dev/null || {
        echo "pyx12.sh: python3 is missing (Debian: apt-get install python3 python3-venv)" >&2
        exit 1
    }
    if [[ ! -x "$venv/bin/python" ]]; then
        echo "pyx12.sh: creating $venv" >&2
        python3 -m venv "$venv" >&2 || {
            echo "pyx12.sh: python3 -m venv failed (Debian: apt-get install python3-venv)" >&2
            rm -rf "$venv"
            exit 1
        }
    fi
    echo "pyx12.sh: installing pyx12==$version from PyPI" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pyx12==$version" >&2
fi

if [[ ! -x "$x12valid" ]]; then
    echo "pyx12.sh: pyx12 installed but $x12valid is missing" >&2
    exit 1
fi
echo "$x12valid"
