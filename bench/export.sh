#!/usr/bin/env bash
# CSV export of the products shape on flat_table, against plain psql \copy (SELECT ...) TO of the same rows.
#
#   bench/export.sh               # package, then measure 1,000,000 rows
#   ROWS=200000 bench/export.sh
#   PACKAGED_SERVICE_OPTS='-XX:StartFlightRecording=filename=/tmp/export.jfr' bench/export.sh   # profile it (JFR)
#
# It starts the packaged service on port 8091 against its own database (datably_bench_export, dropped at the end),
# creates the products table through the API, fills its physical table with ROWS rows by psql (generate_series: the
# load is not what is measured), then exports them with GET records/ and Accept: text/csv (every row, keyset pages in
# key order), and copies the same rows in the same order to CSV with psql \copy (SELECT ... ORDER BY id) TO. It
# reports both times, rows/s, their ratio, and the service's peak RSS (VmHWM). RUNS=n exports n times (the best
# counts: the first run also warms the JIT).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=8091
DB=datably_bench_export
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-2}
BASE="http://127.0.0.1:${PORT}"
TENANT=benchexport
source scripts/packaged-service.sh
start_packaged_service "${PORT}" "${DB}" /tmp/datably-bench-export.log

source bench/products-table.sh
create_products_table "${BASE}" "${TENANT}"

physical=$(psql -X -qAt -h 127.0.0.1 -U postgres -d "${DB}" -c "SELECT quote_ident(n.nspname) || '.' ||
  quote_ident(t.physical_table_name) FROM data_table t JOIN pg_class c ON c.relname = t.physical_table_name
  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE t.tenant = '${TENANT}' AND t.name = 'products'")
psql -X -q -h 127.0.0.1 -U postgres -d "${DB}" -c "INSERT INTO ${physical} (id, sku, name, category, price, stock,
  active, released) SELECT i, 'SKU-' || lpad(i::text, 8, '0'), 'Product ' || i || ', deluxe',
  (ARRAY['books','games','garden','kitchen','toys','tools'])[1 + i % 6], (i % 10000) / 100.0, i % 500, i % 3 <> 0,
  make_date(2000 + i % 25, 1 + i % 12, 1 + i % 28) FROM generate_series(1, ${ROWS}) AS i" -c "VACUUM ANALYZE ${physical}"
echo "${ROWS} rows, $(nproc) cores"

best=""
for run in $(seq 1 "${RUNS}"); do
  start=$(date +%s.%N)
  lines=$(curl -sf -H "X-Tenant: ${TENANT}" -H 'Accept: text/csv' \
    "${BASE}/api/apps/bench/datasources/flat/datatables/products/records/" | wc -l)
  s=$(echo "$(date +%s.%N) - ${start}" | bc)
  echo "export run ${run}: ${lines} lines in ${s} s"
  [ "$((lines - 1))" -eq "${ROWS}" ] || { echo "expected ${ROWS} rows" >&2; exit 1; }
  if [ -z "${best}" ] || [ "$(echo "${s} < ${best}" | bc)" -eq 1 ]; then best=${s}; fi
done

start=$(date +%s.%N)
psql -X -q -h 127.0.0.1 -U postgres -d "${DB}" -c "\\copy (SELECT id, sku, name, category, price, stock, active,
  released FROM ${physical} ORDER BY id) TO '/dev/null' CSV HEADER"
copy_s=$(echo "$(date +%s.%N) - ${start}" | bc)

rss=$(awk '/VmHWM/ {print $2 " " $3}' "/proc/${PACKAGED_SERVICE_PID}/status")
echo
echo "| what | seconds | rows/s |"
echo "|---|---|---|"
printf '| export (GET records/, Accept: text/csv; best of %s) | %.2f | %.0f |\n' "${RUNS}" "${best}" \
  "$(echo "${ROWS} / ${best}" | bc -l)"
printf '| psql \\copy (SELECT ... ORDER BY id) TO of the same rows | %.2f | %.0f |\n' "${copy_s}" \
  "$(echo "${ROWS} / ${copy_s}" | bc -l)"
printf 'export reaches %.0f %% of \\copy; service peak RSS %s\n' "$(echo "100 * ${copy_s} / ${best}" | bc -l)" "${rss}"
