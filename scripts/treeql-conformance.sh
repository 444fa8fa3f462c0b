#!/usr/bin/env bash
# TreeQL conformance: replays PHP-CRUD-API's own functional fixtures (conformance/treeql) against Datably.
#
#   scripts/treeql-conformance.sh [replay.py options, e.g. --only 00[1-9] -v]
#
# Starts the packaged service on port 8090 against its own database (datably_treeql, dropped at the end), creates
# app `blog` with flat_table datasource `main`, loads the blog database into the tenant's schema (t_default:
# abc_ prefixes removed, geometry as text, as reset_db.sh --unmapped --no-postgis does), adopts it, and replays the
# core fixtures in order, then the columns API fixtures (columns-fixtures/) on the database as the core ones left it.
# The reset command reloads the tables in place (the adopted DataTables stay valid).
# Exit status: 0 when every selected core and columns fixture passed.
set -euo pipefail
cd "$(dirname "$0")/.."

KIT=${TREEQL_KIT:-conformance/treeql}
PORT=8090
DB=datably_treeql
BASE="http://127.0.0.1:${PORT}"
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}

[ -d "${KIT}" ] || { echo "no TreeQL kit at ${KIT}" >&2; exit 2; }
source scripts/packaged-service.sh
start_packaged_service "${PORT}" "${DB}" /tmp/datably-treeql.log

json() { curl -sf -X POST -H 'Content-Type: application/json' "${BASE}$1" -d "$2" >/dev/null; }
json /api/apps/ '{"name": "blog", "slug": "blog"}'
json /api/apps/blog/datasources/ '{"name": "main", "slug": "main", "provider_type": "flat_table"}'

# Reloads the blog tables into t_default (dropping what a previous load left), then adopts what is new.
RESET="$(pwd)/target/treeql-reset.sh"
mkdir -p target
cat > "${RESET}" <<RESET_EOF
#!/usr/bin/env bash
set -euo pipefail
psql -X -q -v ON_ERROR_STOP=1 -d ${DB} -c 'DROP SCHEMA IF EXISTS t_default CASCADE' -c 'CREATE SCHEMA t_default'
sed -e 's/abc_//g' -e 's/\bgeometry\b/text/g' -e "s/ST_GeomFromText(\('[^']*'\), *4326)/\1/g" \\
    -e 's/SET search_path = public, pg_catalog;/SET search_path = t_default, pg_catalog;/' \\
    -e '/CREATE EXTENSION/d' "$(cd "${KIT}" && pwd)/blog_pgsql.sql" \\
  | psql -X -q -v ON_ERROR_STOP=1 -d ${DB} -o /dev/null
curl -sf -X POST -H 'Content-Type: application/json' ${BASE}/api/apps/blog/datasources/main/adopt/ -d '{}' >/dev/null
RESET_EOF
chmod +x "${RESET}"
"${RESET}"

status=0
python3 "${KIT}/replay.py" "${KIT}/fixtures" --base-url "${BASE}" \
  --prefix /records/=/api/apps/blog/datasources/main/records/ \
  --prefix /api/apps/blog/datasources/main \
  --skip-list "${KIT}/core-skip.txt" --with-history \
  --reset-cmd "${RESET}" "$@" || status=$?

# The columns API (/columns → the datasource's /columns), with no reset: these files expect the records fixtures'
# database. --with-history would replay skipped writes, so the columns files run only as selected.
if [ -d "${KIT}/columns-fixtures" ]; then
  python3 "${KIT}/replay.py" "${KIT}/columns-fixtures" --base-url "${BASE}" \
    --prefix /records/=/api/apps/blog/datasources/main/records/ \
    --prefix /api/apps/blog/datasources/main \
    --skip-list "${KIT}/core-skip.txt" "$@" || status=$?
fi
exit "${status}"
