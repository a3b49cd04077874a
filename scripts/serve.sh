#!/usr/bin/env bash
# First command of the README: install, prepare the SQLite database with the paper's seed data,
# create the demo accounts and serve on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
.venv/bin/python manage.py load_seed
echo "Demo accounts (the passwords are shown only now):"
.venv/bin/python manage.py create_demo_users
exec .venv/bin/python manage.py runserver "${KOTAKU_BIND:-127.0.0.1:8000}"
