#!/usr/bin/env bash
# Import and export of the products shape on flat_table, against plain psql \copy of the same file.
#
#   bench/import.sh               # package, then measure 1,000,000 rows
#   ROWS=100000 bench/import.sh
#
# It starts the packaged service on port 8090 against its own database (datably_bench_import, dropped at the end),
# (imports are bounded by datably.import.max-body-size, 1G by default: the 74 MB file fits),
# writes a CSV of ROWS products, imports it (POST .../imports/, all_or_nothing: one transaction), copies the same file
# with psql \copy into an empty table of the same columns, exports the imported table as CSV, and reports times,
# the ratio import / \copy, export rows/s and the service's peak RSS (VmHWM).
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=8090
DB=datably_bench_import
ROWS=${ROWS:-1000000}
BASE="http://127.0.0.1:${PORT}"
TENANT=benchimport
CSV=/tmp/datably-products-${ROWS}.csv
PACKAGED_SERVICE_OPTS="${PACKAGED_SERVICE_OPTS:-}"
source scripts/packaged-service.sh
start_packaged_service "${PORT}" "${DB}" /tmp/datably-bench-import.log

source bench/products-table.sh
create_products_table "${BASE}" "${TENANT}"

python3 - "${ROWS}" "${CSV}" <<'PY'
import sys
rows, path = int(sys.argv[1]), sys.argv[2]
categories = ["books", "games", "garden", "kitchen", "toys", "tools"]
with open(path, "w") as out:
    out.write("id,sku,name,category,price,stock,active,released\n")
    for i in range(1, rows + 1):
        out.write(f'{i},SKU-{i:08d},"Product {i}, deluxe",{categories[i % 6]},{(i % 10000) / 100:.2f},{i % 500},'
                  f'{"true" if i % 3 else "false"},20{i % 25:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}\n')
PY
echo "${ROWS} rows, $(du -h "${CSV}" | cut -f1) of CSV, $(nproc) cores"

# The physical table the service made, and an empty twin of it for \copy.
physical=$(psql -X -qAt -h 127.0.0.1 -U postgres -d "${DB}" -c "SELECT quote_ident(n.nspname) || '.' ||
  quote_ident(t.physical_table_name) FROM data_table t JOIN pg_class c ON c.relname = t.physical_table_name
  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE t.tenant = '${TENANT}' AND t.name = 'products'")
psql -X -q -h 127.0.0.1 -U postgres -d "${DB}" -c "CREATE TABLE public.products_copy (LIKE ${physical} INCLUDING ALL)"

start=$(date +%s.%N)
report=$(curl -sf -H "X-Tenant: ${TENANT}" -H 'Content-Type: text/csv' --data-binary "@${CSV}" \
  "${BASE}/api/apps/bench/datasources/flat/datatables/products/imports/")
import_s=$(echo "$(date +%s.%N) - ${start}" | bc)
echo "import: ${import_s} s: ${report}" | cut -c1-300

start=$(date +%s.%N)
psql -X -q -h 127.0.0.1 -U postgres -d "${DB}" -c "\\copy public.products_copy FROM '${CSV}' CSV HEADER"
copy_s=$(echo "$(date +%s.%N) - ${start}" | bc)
echo "psql \\copy: ${copy_s} s"

start=$(date +%s.%N)
exported=$(curl -sf -H "X-Tenant: ${TENANT}" -H 'Accept: text/csv' \
  "${BASE}/api/apps/bench/datasources/flat/datatables/products/records/" | wc -l)
export_s=$(echo "$(date +%s.%N) - ${start}" | bc)

rss=$(awk '/VmHWM/ {print $2 " " $3}' "/proc/${PACKAGED_SERVICE_PID}/status")
echo
echo "| what | seconds | rows/s |"
echo "|---|---|---|"
printf '| import (CSV, all_or_nothing) | %.1f | %.0f |\n' "${import_s}" "$(echo "${ROWS} / ${import_s}" | bc -l)"
printf '| psql \\copy of the same file | %.1f | %.0f |\n' "${copy_s}" "$(echo "${ROWS} / ${copy_s}" | bc -l)"
printf '| export (CSV, %s lines with the header) | %.1f | %.0f |\n' "${exported}" "${export_s}" \
  "$(echo "(${exported} - 1) / ${export_s}" | bc -l)"
printf 'import reaches %.0f %% of \\copy; service peak RSS %s\n' "$(echo "100 * ${copy_s} / ${import_s}" | bc -l)" "${rss}"
rm -f "${CSV}"
