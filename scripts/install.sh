#!/usr/bin/env bash
# Install everything the app needs into .venv and node_modules. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules
fi

if [ ! -f .env ]; then
  # A development .env: DEBUG on and a random secret key. Production sets real environment variables.
  key=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')
  printf 'DJANGO_DEBUG=true\nDJANGO_SECRET_KEY=%s\n' "$key" > .env
  echo "Wrote a development .env (DEBUG on)."
fi
