#!/usr/bin/env bash
# A bulk DELETE by filter of a referenced table against the same DELETE in psql, one run:
#   bench/bulk-delete.sh     (ROWS=… to change the size, ROUNDS=… the repetitions; default 100,000 and 3)
# What it shows: the cost of the restrict rule on a bulk delete (see README, "Referential integrity on delete").
# Packages the service and starts it on port 8089 with its own database (dropped at the end). Per provider (flat_table,
# jsonb) it makes `authors` (ROWS records, imported) and `books` (10 records referencing authors 1–10), then ROUNDS
# times: DELETE .../authors/records/?id__gt=10 through the service (every matched author unreferenced, so every one
# of them is looked up: the worst case of a delete that is allowed), timed around curl; the authors imported again;
# the same DELETE of the physical rows in psql, timed around psql; imported again. On flat_table both sides pay
# PostgreSQL's own foreign-key check; on jsonb psql's DELETE checks nothing (the store has no foreign keys): its
# ratio is the price of the service's lookup. `authors` is not audited (its trail would be a second cost, measured by
# bench/audit.sh). Prints each time and the ratio of the best times per provider.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=8089
DB=datably_bench_bulk_delete
ROWS=${ROWS:-100000}
ROUNDS=${ROUNDS:-3}
TENANT=bench
BASE="http://127.0.0.1:${PORT}"
CSV=/tmp/datably-bench-authors.csv          # authors 1..ROWS
AGAIN=/tmp/datably-bench-authors-again.csv  # authors 11..ROWS: what each delete removed
source scripts/packaged-service.sh
PACKAGED_SERVICE_OPTS="-Ddatably.bulk.max-records=${ROWS}" start_packaged_service "${PORT}" "${DB}" \
  /tmp/datably-bench-bulk-delete.log

api() {  # method, path, body
  curl -sf -X "$1" -H "X-Tenant: ${TENANT}" -H 'Content-Type: application/json' "${BASE}$2" -d "$3"
}
api POST /api/apps/ '{"name":"bench","slug":"bench"}' >/dev/null
python3 -c "
for path, first in (('${CSV}', 1), ('${AGAIN}', 11)):
    with open(path, 'w') as out:
        out.write('id,name\n')
        for i in range(first, ${ROWS} + 1):
            out.write(f'{i},Author {i}\n')
"
load_authors() {  # datasource slug, file
  curl -sf -H "X-Tenant: ${TENANT}" -H 'Content-Type: text/csv' --data-binary "@${2:-${AGAIN}}" \
    "${BASE}/api/apps/bench/datasources/$1/datatables/authors/imports/" >/dev/null
}
for provider in flat_table jsonb; do
  slug=${provider//_/-}
  api POST /api/apps/bench/datasources/ "{\"name\":\"${slug}\",\"slug\":\"${slug}\",\"provider_type\":\"${provider}\"}" >/dev/null
  api POST "/api/apps/bench/datasources/${slug}/datatables/" '{"name":"authors","json_schema":{"fields":[
    {"name":"id","type":"integer"},{"name":"name","type":"string"}],"primaryKey":["id"],"datably:audit":false}}' >/dev/null
  api POST "/api/apps/bench/datasources/${slug}/datatables/" '{"name":"books","json_schema":{"fields":[
    {"name":"id","type":"integer"},{"name":"author_id","type":"integer"}],"primaryKey":["id"],
    "foreignKeys":[{"fields":["author_id"],"reference":{"resource":"authors","fields":["id"]}}]}}' >/dev/null
  load_authors "${slug}" "${CSV}"
  api POST "/api/apps/bench/datasources/${slug}/datatables/books/records/" \
    "[$(seq -s, 1 10 | sed -E 's/([0-9]+)/{"id":\1,"author_id":\1}/g')]" >/dev/null
done
psql -X -q -h 127.0.0.1 -U postgres -d "${DB}" -c "VACUUM ANALYZE"

physical() {  # datasource slug → the authors table's physical name
  psql -X -qAt -h 127.0.0.1 -U postgres -d "${DB}" -c "SELECT quote_ident(n.nspname) || '.' ||
    quote_ident(t.physical_table_name) FROM data_table t JOIN data_source s ON s.id = t.datasource_id
    JOIN pg_class c ON c.relname = t.physical_table_name JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE t.tenant = '${TENANT}' AND t.name = 'authors' AND s.slug = '$1'"
}
now() { date +%s.%N; }
declare -A best
measure() { # key, command...
  local key=$1; shift
  local start end took
  start=$(now); "$@" > /tmp/datably-bench-bulk-delete.out; end=$(now)
  took=$(python3 -c "print(f'{${end} - ${start}:.3f}')")
  printf '  %-20s %8ss  %s\n' "${key}" "${took}" "$(head -c 100 /tmp/datably-bench-bulk-delete.out | tr '\n' ' ')"
  if [ -z "${best[${key}]:-}" ] || python3 -c "import sys; sys.exit(0 if ${took} < ${best[${key}]} else 1)"; then
    best[${key}]=${took}
  fi
}
service_delete() { # datasource slug
  curl -sf -X DELETE -H "X-Tenant: ${TENANT}" "${BASE}/api/apps/bench/datasources/$1/datatables/authors/records/?id__gt=10"
}
sql() { psql -X -q -h 127.0.0.1 -U postgres -d "${DB}" -c "$1"; }

echo
echo "${ROWS} authors (all but 10 deleted each time), $(nproc) cores, ${ROUNDS} rounds"
FLAT=$(physical flat-table)
JSONB=$(physical jsonb)
for round in $(seq 1 "${ROUNDS}"); do
  measure flat_table-service service_delete flat-table
  load_authors flat-table
  measure flat_table-psql sql "DELETE FROM ${FLAT} WHERE id > 10"
  load_authors flat-table
  measure jsonb-service service_delete jsonb
  load_authors jsonb
  measure jsonb-psql sql "DELETE FROM ${JSONB} WHERE (data ->> 'id')::numeric > 10"
  load_authors jsonb
  sql "VACUUM ANALYZE" >/dev/null
done
# At this size the lookups run in several statements (10,000 values each): a reference to the last author must still
# refuse the whole delete.
for slug in flat-table jsonb; do
  api POST "/api/apps/bench/datasources/${slug}/datatables/books/records/" "{\"id\":11,\"author_id\":${ROWS}}" >/dev/null
  answer=$(curl -s -X DELETE -H "X-Tenant: ${TENANT}" \
    "${BASE}/api/apps/bench/datasources/${slug}/datatables/authors/records/?id__gt=10" -w ' %{http_code}')
  case "${answer}" in
    *"author_id = ${ROWS}"*409) echo "  ${slug}: a reference to author ${ROWS} refuses the delete (409 DS111)" ;;
    *) echo "FAIL: ${slug}: a bulk delete of referenced authors answered: ${answer}" | cut -c1-300; exit 1 ;;
  esac
done
echo
for provider in flat_table jsonb; do
  echo "${provider}: best service ${best[${provider}-service]}s, best psql ${best[${provider}-psql]}s, ratio $(python3 -c \
    "print(f'{${best[${provider}-service]} / ${best[${provider}-psql]}:.2f}')")"
done
