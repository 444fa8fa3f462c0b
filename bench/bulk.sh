#!/usr/bin/env bash
# Bulk PATCH by filter against the same UPDATE in psql (issue 14's acceptance: within 3x), one run:
#   bench/bulk.sh            (ROWS=… to change the size, ROUNDS=… the repetitions; default 100,000 and 3)
# Packages the service and starts it on port 8089 with its own database (dropped at the end), loads ROWS orders into a
# flat_table and a jsonb datasource (bench/load.py), then alternates, ROUNDS times: PATCH .../orders/records/?id__gte=1
# with {"qty": n} (every record matches and changes: n differs each time), timed around curl; and the UPDATE that sets
# the same value on the same rows in psql, timed around psql. Both pay a connection and a round trip; the service
# also counts the matched rows for its ceiling and skips unchanged ones in the same statement. Prints each time and
# the ratio of the best service time to the best psql time per provider.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=8089
DB=datably_bench_bulk
ROWS=${ROWS:-100000}
ROUNDS=${ROUNDS:-3}
source scripts/packaged-service.sh
PACKAGED_SERVICE_OPTS="-Ddatably.bulk.max-records=${ROWS}" start_packaged_service "${PORT}" "${DB}" /tmp/datably-bench-bulk.log
echo "Loading ${ROWS} records per provider …"
python3 bench/load.py "http://127.0.0.1:${PORT}" bench "${ROWS}"
psql -X -q -h 127.0.0.1 -U postgres -d "${DB}" -c "VACUUM ANALYZE"

# The physical orders table of each provider, told apart by its columns (flat_table has one per field).
table_of() {
  psql -X -At -h 127.0.0.1 -U postgres -d "${DB}" -c "SELECT format('%I.%I', c.table_schema, c.table_name)
    FROM information_schema.columns c WHERE c.table_name LIKE '%orders%' AND c.column_name = '$1' LIMIT 1"
}
FLAT=$(table_of customer_name)
JSONB=$(table_of data)
now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$2 - $1:.3f}')"; }

declare -A best
measure() { # provider, label, command...
  local key=$1-$2; shift 2
  local start end took
  start=$(now); "$@" > /tmp/datably-bench-bulk.out; end=$(now)
  took=$(elapsed "${start}" "${end}")
  printf '  %-22s %8ss  %s\n' "${key}" "${took}" "$(head -c 120 /tmp/datably-bench-bulk.out | tr '\n' ' ')"
  if [ -z "${best[${key}]:-}" ] || python3 -c "import sys; sys.exit(0 if ${took} < ${best[${key}]} else 1)"; then
    best[${key}]=${took}
  fi
}
patch() { # datasource slug, value
  curl -sf -X PATCH -H 'Content-Type: application/json' -H 'X-Tenant: bench' -d "{\"qty\": $2}" \
    "http://127.0.0.1:${PORT}/api/apps/bench/datasources/$1/datatables/orders/records/?id__gte=1"
}
update() { # sql
  psql -X -q -h 127.0.0.1 -U postgres -d "${DB}" -c "$1"
}

echo
echo "${ROWS} records, $(nproc) cores, ${ROUNDS} rounds"
value=100
for round in $(seq 1 "${ROUNDS}"); do
  value=$((value + 1)); measure flat_table service patch flat-table "${value}"
  value=$((value + 1)); measure flat_table psql update "UPDATE ${FLAT} SET qty = ${value} WHERE id >= 1"
  value=$((value + 1)); measure jsonb service patch jsonb "${value}"
  value=$((value + 1)); measure jsonb psql update "UPDATE ${JSONB} SET data = data || jsonb_build_object('qty', ${value}),
    updated_at = now() WHERE (data ->> 'id')::numeric >= 1"
done
echo
for provider in flat_table jsonb; do
  echo "${provider}: best service ${best[${provider}-service]}s, best psql ${best[${provider}-psql]}s, ratio $(python3 -c \
    "print(f'{${best[${provider}-service]} / ${best[${provider}-psql]}:.2f}')")"
done
