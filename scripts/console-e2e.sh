#!/usr/bin/env bash
# The console (/console/) end to end in a real headless Chromium: Debian's chromium driven by playwright-core from
# npm (e2e/console, lock file committed), against the packaged service on a fresh database, in local mode.
#  - e2e/console/tests/console.test.js: catalog, schema designer, records (inline validation errors, filters, sorting,
#    editing), a rename migration previewed, applied and rolled back, a CSV import followed to 100 %, aggregate, audit;
#  - e2e/console/tests/paths.test.js: restore of a soft-deleted app, an index created and dropped, an expanded relation
#    followed to its record, a destructive change through the schema's JSON view confirmed;
#  - e2e/console/tests/large-table.test.js: 100,000 records, the first page under 1 s, cursor pages as fast deep
#    as at the start (timings printed and kept in target/console-screenshots/timings.json).
# Screenshots of the main screens: target/console-screenshots/*.png (docs/console/ holds the README's copies:
# CONSOLE_SCREENSHOTS_TO_DOCS=1 refreshes them).  Usage: bash scripts/console-e2e.sh   (exits non-zero on a failure)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/packaged-service.sh

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "${CHROMIUM}" ]; then
  echo "ERROR: ${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium chromium-driver)" >&2
  exit 2
fi
(cd e2e/console && npm ci --no-audit --no-fund --loglevel=error)

PORT=8096
rm -rf target/console-screenshots
start_packaged_service "${PORT}" datably_console_e2e /tmp/datably-console-e2e.log
(cd e2e/console && CONSOLE_BASE="http://127.0.0.1:${PORT}" CHROMIUM="${CHROMIUM}" \
  SCREENSHOT_DIR="$(pwd)/../../target/console-screenshots" node --test --test-concurrency=1 tests/)
if [ -n "${CONSOLE_SCREENSHOTS_TO_DOCS:-}" ]; then
  mkdir -p docs/console && cp target/console-screenshots/*.png docs/console/
fi
echo "ok: console end to end (screenshots in target/console-screenshots)"
