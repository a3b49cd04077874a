#!/usr/bin/env bash
# Regenerate the committed API contract, docs/openapi.yaml, after changing the API.
# tests/api/test_openapi_contract.py fails while the committed file differs from the code's schema.
set -euo pipefail
cd "$(dirname "$0")/.."
DJANGO_SETTINGS_MODULE=kotaku.test_settings .venv/bin/python manage.py spectacular \
  --lang id --validate --fail-on-warn --file docs/openapi.yaml
echo "docs/openapi.yaml updated"
