#!/usr/bin/env bash
# Second command of the README: install what the tests need and run the whole suite.
# Extra arguments go to pytest. DATABASE_URL chooses the database (SQLite when unset).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing Chromium for the browser tests (Debian packages)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "Chromium and chromedriver are needed for the browser tests: apt-get install -y chromium chromium-driver" >&2
    exit 1
  fi
fi
exec .venv/bin/python -m pytest "$@"
