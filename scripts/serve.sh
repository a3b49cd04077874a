#!/usr/bin/env bash
# First command of the README: install, prepare the SQLite database with the paper's seed data,
# create the demo accounts and serve on http://127.0.0.1:8000, with one background worker for the
# jobs (imports, exports, reports, backups) that stops with the server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
.venv/bin/python manage.py load_seed
echo "Demo accounts (the passwords are shown only now):"
.venv/bin/python manage.py create_demo_users

.venv/bin/python manage.py db_worker --no-reload --interval 1 &
worker=$!
stop_worker() {
  # SIGTERM lets a running job finish its current step cleanly; the worker exits after it.
  kill -TERM "$worker" 2>/dev/null || true
  wait "$worker" 2>/dev/null || true
}
trap stop_worker EXIT
trap 'exit 130' INT TERM
.venv/bin/python manage.py runserver "${KOTAKU_BIND:-127.0.0.1:8000}"
