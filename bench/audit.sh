#!/usr/bin/env bash
# What the audit trail costs a single-record create (issue 14's acceptance: audit on >= 70 % of audit off), one run:
#   bench/audit.sh           (DURATION=… per round, ROUNDS=…, CONNECTIONS=…, WARMUP=…; default 10s, 5, 16, 20s)
# Packages and starts the service on port 8089 with its own database (dropped at the end), creates two flat_table
# tables of the same shape, `audited` (the default) and `quiet` ("datably:audit": false), then alternates ROUNDS
# times: wrk POSTing one new record per request to each. Beside them, pgbench runs the statements the service runs
# for each (the INSERT with and without its audit CTE) as the physical limit. Prints requests/s per round, the medians
# and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=8089
DB=datably_bench_audit
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-5}
CONNECTIONS=${CONNECTIONS:-16}
BASE="http://127.0.0.1:${PORT}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
source scripts/packaged-service.sh
start_packaged_service "${PORT}" "${DB}" /tmp/datably-bench-audit.log

api() { # method, path, body
  curl -sf -X "$1" -H 'Content-Type: application/json' -H 'X-Tenant: bench' -d "$3" "${BASE}$2" > /dev/null
}
api POST /api/apps/ '{"name": "bench", "slug": "bench"}'
api POST /api/apps/bench/datasources/ '{"name": "main", "slug": "main", "provider_type": "flat_table"}'
FIELDS='[{"name": "id", "type": "integer"}, {"name": "sku", "type": "string"}, {"name": "qty", "type": "integer"},
  {"name": "price", "type": "number"}, {"name": "note", "type": "string"}]'
api POST /api/apps/bench/datasources/main/datatables/ "{\"name\": \"audited\", \"json_schema\": {\"fields\": ${FIELDS},
  \"primaryKey\": [\"id\"]}}"
api POST /api/apps/bench/datasources/main/datatables/ "{\"name\": \"quiet\", \"json_schema\": {\"fields\": ${FIELDS},
  \"primaryKey\": [\"id\"], \"datably:audit\": false}}"
records() { echo "/api/apps/bench/datasources/main/datatables/$1/records/"; }

# A short warm-up of both (JIT, prepared statements), not counted.
wrk -t2 -c"${CONNECTIONS}" -d"${WARMUP:-20s}" -s bench/audit-create.lua "${BASE}" -- "$(records audited)" 900000000 > /dev/null
wrk -t2 -c"${CONNECTIONS}" -d"${WARMUP:-20s}" -s bench/audit-create.lua "${BASE}" -- "$(records quiet)" 900000000 > /dev/null

# The physical tables, and the service's own INSERT statements as pgbench scripts (the audit CTE as the service
# writes it: the record's key and JSON into the tenant's _datably_audit).
SCHEMA=$(psql -X -At -h 127.0.0.1 -U postgres -d "${DB}" -c "SELECT table_schema FROM information_schema.tables
  WHERE table_name LIKE '%_audited' LIMIT 1")
AUDITED=$(psql -X -At -h 127.0.0.1 -U postgres -d "${DB}" -c "SELECT format('%I.%I', table_schema, table_name)
  FROM information_schema.tables WHERE table_name LIKE '%_audited' LIMIT 1")
QUIET=$(psql -X -At -h 127.0.0.1 -U postgres -d "${DB}" -c "SELECT format('%I.%I', table_schema, table_name)
  FROM information_schema.tables WHERE table_name LIKE '%_quiet' LIMIT 1")
TABLE_ID=$(psql -X -At -h 127.0.0.1 -U postgres -d "${DB}" -c "SELECT id FROM data_table WHERE name = 'audited'")
cat > /tmp/datably-bench-quiet.sql <<SQL
\set id random(2000000000, 9000000000000)
WITH stored AS (INSERT INTO ${QUIET} (id, sku, qty, price, note) VALUES (:id, 'SKU', 1, 1.25, 'bench') RETURNING *)
SELECT row_to_json(r.*)::text FROM (SELECT id, sku, qty, price, note FROM stored) r;
SQL
cat > /tmp/datably-bench-audited.sql <<SQL
\set id random(2000000000, 9000000000000)
WITH stored AS (INSERT INTO ${AUDITED} (id, sku, qty, price, note) VALUES (:id, 'SKU', 1, 1.25, 'bench') RETURNING *),
a AS (INSERT INTO "${SCHEMA}"._datably_audit (table_id, table_name, record_key, action, actor, request_id, before, after)
  SELECT ${TABLE_ID}, 'audited', jsonb_build_object('id', w.id), 'create', 'local', 'bench', NULL,
  (SELECT row_to_json(x.*) FROM (SELECT w.id, w.sku, w.qty, w.price, w.note) x)::jsonb FROM stored w)
SELECT row_to_json(r.*)::text FROM (SELECT id, sku, qty, price, note FROM stored) r;
SQL

rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p'; }
tps() { sed -n 's/^tps = \([0-9.]*\) .*/\1/p'; }
declare -A runs
seconds=${DURATION%s}
echo
echo "one record per request, ${CONNECTIONS} connections, $(nproc) cores, ${ROUNDS} rounds of ${DURATION}"
for round in $(seq 1 "${ROUNDS}"); do
  for table in audited quiet; do
    wrk -t2 -c"${CONNECTIONS}" -d"${DURATION}" -s bench/audit-create.lua "${BASE}" -- "$(records ${table})" \
      "$((round * 100000000))" > /tmp/datably-bench-audit.wrk
    # Every create must have succeeded, or the figure measures refusals.
    if grep -q "Non-2xx" /tmp/datably-bench-audit.wrk; then cat /tmp/datably-bench-audit.wrk >&2; exit 1; fi
    r=$(rps < /tmp/datably-bench-audit.wrk)
    runs[service-${table}]+="${r} "
    t=$(pgbench -n -M prepared -c "${CONNECTIONS}" -j 2 -T "${seconds}" -f "/tmp/datably-bench-${table}.sql" \
      -h 127.0.0.1 -U postgres "${DB}" 2>/dev/null | tps)
    runs[pgbench-${table}]+="${t} "
    printf '  round %d %-8s service %10s req/s   pgbench %10s tps\n' "${round}" "${table}" "${r}" "${t}"
  done
done
median() { python3 -c "import statistics,sys; print(f'{statistics.median(float(x) for x in sys.argv[1:]):.0f}')" $1; }
echo
for key in service-audited service-quiet pgbench-audited pgbench-quiet; do
  printf '  %-16s median %8s\n' "${key}" "$(median "${runs[${key}]}")"
done
python3 - "$(median "${runs[service-audited]}")" "$(median "${runs[service-quiet]}")" \
  "$(median "${runs[pgbench-audited]}")" "$(median "${runs[pgbench-quiet]}")" <<'PY'
import sys
sa, sq, pa, pq = map(float, sys.argv[1:])
print(f"\n  audit on / audit off, service : {sa / sq:6.1%}")
print(f"  audit on / audit off, pgbench : {pa / pq:6.1%}")
print(f"  service / pgbench, audit on   : {sa / pa:6.1%}")
print(f"  service / pgbench, audit off  : {sq / pq:6.1%}")
PY
