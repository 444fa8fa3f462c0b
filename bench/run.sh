#!/usr/bin/env bash
# Throughput of the records API over HTTP, on the packaged service (JVM).
#
#   bench/run.sh              # package, then measure (about 8 minutes)
#   DURATION=30s bench/run.sh
#
# It starts the service on port 8089 against its own database (datably_bench, dropped at the end), loads 100,000
# records into an `orders` table (referencing 5,000 `customers`) on each PostgreSQL provider (flat_table, jsonb), and
# runs wrk (Debian package `wrk`) against loopback only: list with a filter, search, planned count, keyset page,
# relation filter, expansions and aggregates.
# MongoDB is not measured: no MongoDB server is installable on these machines.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=8089
DB=datably_bench
ROWS=${ROWS:-100000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
BASE="http://127.0.0.1:${PORT}"
TENANT=bench

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
source scripts/packaged-service.sh
start_packaged_service "${PORT}" "${DB}" /tmp/datably-bench.log

echo "Loading ${ROWS} records per provider …"
python3 bench/load.py "${BASE}" "${TENANT}" "${ROWS}"
# Fresh statistics, as autovacuum would give a long-lived table (planned counts and plans rely on them).
psql -X -q -h 127.0.0.1 -U postgres -d ${DB} -c "ANALYZE"

run() {  # name, path
  if ! curl -sf -o /dev/null -H "X-Tenant: ${TENANT}" "${BASE}$2"; then
    echo "| $1: the request fails: $(curl -s -H "X-Tenant: ${TENANT}" "${BASE}$2" | head -c 300)" >&2
    return 1
  fi
  local out
  out=$(wrk -t2 -c"${CONNECTIONS}" -d"${DURATION}" --latency -H "X-Tenant: ${TENANT}" "${BASE}$2")
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"${out}")
  p50=$(awk '$1=="50%" {print $2}' <<<"${out}")
  p99=$(awk '$1=="99%" {print $2}' <<<"${out}")
  errors=$(awk '/Non-2xx/ {print $5}' <<<"${out}")
  printf '| %-34s | %9s | %8s | %8s | %s\n' "$1" "${rps}" "${p50}" "${p99}" "${errors:-0} non-2xx"
}

# Warm the JVM (JIT) on both providers first, so the first rows of the table are not measured cold.
for provider in flat_table jsonb; do
  records="/api/apps/bench/datasources/${provider//_/-}/datatables/orders/records"
  wrk -t2 -c"${CONNECTIONS}" -d5s -H "X-Tenant: ${TENANT}" "${BASE}${records}/4242/" >/dev/null
  wrk -t2 -c"${CONNECTIONS}" -d5s -H "X-Tenant: ${TENANT}" "${BASE}${records}/?expand=customer&page_size=50&count=none" >/dev/null
done

echo
echo "wrk -t2 -c${CONNECTIONS} -d${DURATION}, ${ROWS} records, $(nproc) cores"
printf '| %-34s | %9s | %8s | %8s |\n' "query" "req/s" "p50" "p99"
for provider in flat_table jsonb; do
  records="/api/apps/bench/datasources/${provider//_/-}/datatables/orders/records"
  run "${provider}: filter+order, count=exact" "${records}/?category=books&price__gt=50&ordering=-price&page_size=50"
  run "${provider}: filter+order, count=planned" "${records}/?category=books&price__gt=50&ordering=-price&page_size=50&count=planned"
  run "${provider}: by key range, count=none" "${records}/?id__range=5000,5049&count=none"
  run "${provider}: search, ranked" "${records}/?search=express%20delivery&page_size=20&count=none"
  run "${provider}: keyset page" "${records}/?ordering=-created_at&page_size=50&cursor=&count=none"
  run "${provider}: read one" "${records}/4242/"
  run "${provider}: filter through relation" "${records}/?customer__tier=gold&ordering=-price&page_size=50&count=none"
  run "${provider}: expand to-one" "${records}/?expand=customer&page_size=50&count=none"
  run "${provider}: expand to-many :5" "/api/apps/bench/datasources/${provider//_/-}/datatables/customers/records/?expand=orders:5&page_size=20&count=none"
  if curl -sf -H "X-Tenant: ${TENANT}" "${BASE}${records}/aggregate/?group_by=category&aggregates=count(*)" >/dev/null; then
    run "${provider}: aggregate by category" "${records}/aggregate/?group_by=category&aggregates=count(*),sum(price),avg(price)"
    run "${provider}: aggregate by month" "${records}/aggregate/?group_by=created_at:month&aggregates=count(*),sum(qty)&category=books"
  fi
done
