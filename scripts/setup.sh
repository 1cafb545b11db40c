#!/usr/bin/env bash
# Create .venv and install the project with its pinned CPU torch. Idempotent and offline-safe
# once installed: a second run only checks. Usage: scripts/setup.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
  .venv/bin/pip install --quiet --upgrade pip
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-12)${1:-}
if [ ! -f "$stamp" ]; then
  # torch first, pinned: 2.13.0 is the local CPU build; any other spec pulls CUDA packages.
  .venv/bin/pip install --quiet "torch==2.13.0"
  if [ "${1:-}" = "--dev" ]; then
    .venv/bin/pip install --quiet -e ".[dev]"
  else
    .venv/bin/pip install --quiet -e .
  fi
  touch "$stamp"
fi
