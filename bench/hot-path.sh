#!/usr/bin/env bash
# The hot path beside PostgreSQL's own speed (issue 18), one command:
#   bench/hot-path.sh      (DURATION=… per figure, CONNECTIONS=…, PACKAGED_SERVICE_OPTS=-Xmx256m for bounded memory)
# Loads a 100,000-row `products` table (id bigserial, name, category (20 values), price numeric(10,2), stock,
# created_at, description; a btree on (category, price)) into the tenant schema, adopts it (flat_table), starts the
# packaged service in local mode, and measures each workload three ways in the same run: wrk on the native API, wrk
# on TreeQL, and pgbench (-M prepared, same client count) running the SQL that answers it. Prints req/s, p50 and p99
# and each API's figure as a ratio of pgbench's; then the first 10 s after start against the warm figure, and the
# service's RSS under load.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=8089
DB=datably_bench_hot
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
BASE="http://127.0.0.1:${PORT}"
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v pgbench >/dev/null || { echo "pgbench is missing (postgresql-contrib)" >&2; exit 1; }
source scripts/packaged-service.sh
start_packaged_service "${PORT}" "${DB}" /tmp/datably-bench-hot.log

api() { # method, path, body
  curl -sf -X "$1" -H 'Content-Type: application/json' -H 'X-Tenant: bench' -d "$3" "${BASE}$2" > /dev/null
}
api POST /api/apps/ '{"name": "bench", "slug": "bench"}'
api POST /api/apps/bench/datasources/ '{"name": "main", "slug": "main", "provider_type": "flat_table"}'
psql -X -q -v ON_ERROR_STOP=1 -d "${DB}" <<'SQL'
CREATE SCHEMA IF NOT EXISTS t_bench;
SET search_path TO t_bench;
CREATE TABLE products (id bigserial PRIMARY KEY, name text NOT NULL, category text NOT NULL,
  price numeric(10,2) NOT NULL, stock integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
  description text);
INSERT INTO products (name, category, price, stock, created_at, description)
SELECT 'product ' || i, 'cat' || (i % 20), round((random() * 500)::numeric, 2), (random() * 100)::int,
       now() - (i || ' minutes')::interval, repeat('lorem ipsum ', 4)
FROM generate_series(1, 100000) i;
CREATE INDEX products_category_price ON products (category, price);
ANALYZE products;
SQL
api POST /api/apps/bench/datasources/main/adopt/ '{}'
NATIVE=/api/apps/bench/datasources/main/datatables/products/records
TREEQL=/api/apps/bench/datasources/main/records/products

wrk_run() { # label, wrk arguments...: prints "req/s p50 p99"
  local out
  out=$(wrk -t2 -c"${CONNECTIONS}" -d"${DURATION}" --latency "$@")
  local errors
  errors=$(awk '/Non-2xx/ {print $5}' <<<"${out}")
  [ -z "${errors}" ] || echo "  (${errors} non-2xx answers: $*)" >&2
  printf '%s %s %s' "$(awk '/Requests\/sec/ {print $2}' <<<"${out}")" "$(awk '$1=="50%" {print $2}' <<<"${out}")" \
    "$(awk '$1=="99%" {print $2}' <<<"${out}")"
}
pgbench_run() { # SQL script: prints "tps p50 p99" (latencies from the per-transaction log)
  local script dir
  script=$(mktemp) dir=$(mktemp -d)
  printf '%s\n' "$1" > "${script}"
  (cd "${dir}" && pgbench -n -M prepared -c "${CONNECTIONS}" -j 2 -T "${DURATION%s}" -l -f "${script}" "${DB}" \
    > out.txt 2>&1)
  local tps
  tps=$(awk '/^tps/ {printf "%.0f", $3; exit}' "${dir}/out.txt")
  # pgbench_log.*: client, transaction, latency (µs), ...
  read -r p50 p99 < <(cat "${dir}"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {
    printf "%.2fms %.2fms\n", a[int(NR*0.5)]/1000, a[int(NR*0.99)]/1000}')
  rm -rf "${script}" "${dir}"
  printf '%s %s %s' "${tps}" "${p50}" "${p99}"
}

# The first 10 s after start: reads by key, before anything has warmed the service.
COLD=$(DURATION=10s wrk_run -s bench/hot-path.lua "${BASE}" -- key "${NATIVE}/" "/")

# Warm-up of every workload (JIT, prepared statements), not counted.
for args in "key ${NATIVE}/ /" "key ${TREEQL}/" "create ${NATIVE}/" "create ${TREEQL}" "create100 ${NATIVE}/" \
    "create100 ${TREEQL}"; do
  # shellcheck disable=SC2086 # the arguments are separate words
  wrk -t2 -c"${CONNECTIONS}" -d5s -s bench/hot-path.lua "${BASE}" -- ${args} > /dev/null
done
FILTER_NATIVE="${NATIVE}/?category=cat5&price__gte=100&ordering=-price&page_size=20&count=none"
FILTER_TREEQL="${TREEQL}?filter=category,eq,cat5&filter=price,ge,100&order=price,desc&size=20"
AGG_NATIVE="${NATIVE}/aggregate/?group_by=category&aggregates=count(*),avg(price)"
wrk -t2 -c"${CONNECTIONS}" -d5s -H 'X-Tenant: bench' "${BASE}${FILTER_NATIVE}" > /dev/null
wrk -t2 -c"${CONNECTIONS}" -d5s -H 'X-Tenant: bench' "${BASE}${FILTER_TREEQL}" > /dev/null

TABLE=t_bench.products
row() { # workload, pgbench figures, native figures, treeql figures ("-" when none)
  local pg=($2) native=($3) treeql=($4)
  ratio() { [ "$1" = "-" ] && echo "n/a" || awk -v a="$1" -v b="${pg[0]}" 'BEGIN {printf "%.1f %%", 100 * a / b}'; }
  printf '| %-24s | %9s | %8s / %8s | %9s | %7s | %8s / %8s | %9s | %7s | %8s / %8s |\n' "$1" \
    "${pg[0]}" "${pg[1]}" "${pg[2]}" "${native[0]}" "$(ratio "${native[0]}")" "${native[1]}" "${native[2]}" \
    "${treeql[0]:--}" "$(ratio "${treeql[0]:--}")" "${treeql[1]:--}" "${treeql[2]:--}"
}
echo
echo "wrk/pgbench: ${CONNECTIONS} connections, ${DURATION} each, 100,000 products, $(nproc) cores; local mode"
printf '| %-24s | %9s | %19s | %9s | %7s | %19s | %9s | %7s | %19s |\n' workload "pgbench/s" "p50 / p99" \
  "native/s" "ratio" "p50 / p99" "TreeQL/s" "ratio" "p50 / p99"
WARM=$(wrk_run -s bench/hot-path.lua "${BASE}" -- key "${NATIVE}/" "/")
row "read one by key" \
  "$(pgbench_run "\\set id random(1, 100000)
SELECT * FROM ${TABLE} WHERE id = :id;")" \
  "${WARM}" \
  "$(wrk_run -s bench/hot-path.lua "${BASE}" -- key "${TREEQL}/")"
row "filter + order + 20 rows" \
  "$(pgbench_run "SELECT * FROM ${TABLE} WHERE category = 'cat5' AND price >= 100 ORDER BY price DESC LIMIT 20;")" \
  "$(wrk_run -H 'X-Tenant: bench' "${BASE}${FILTER_NATIVE}")" \
  "$(wrk_run -H 'X-Tenant: bench' "${BASE}${FILTER_TREEQL}")"
row "group-by aggregate" \
  "$(pgbench_run "SELECT category, count(*), avg(price) FROM ${TABLE} GROUP BY category;")" \
  "$(wrk_run -H 'X-Tenant: bench' "${BASE}${AGG_NATIVE}")" "-"
row "create one" \
  "$(pgbench_run "\\set n random(1, 1000000)
INSERT INTO ${TABLE} (name, category, price, stock, description) VALUES ('new ' || :n, 'cat' || (:n % 20), (:n % 1000) + 0.25, :n % 50, 'made by pgbench') RETURNING *;")" \
  "$(wrk_run -s bench/hot-path.lua "${BASE}" -- create "${NATIVE}/")" \
  "$(wrk_run -s bench/hot-path.lua "${BASE}" -- create "${TREEQL}")"
row "create 100 in one request" \
  "$(pgbench_run "INSERT INTO ${TABLE} (name, category, price, stock, description) SELECT 'bulk ' || i, 'cat' || (i % 20), i + 0.5, i, 'made by pgbench' FROM generate_series(1, 100) i RETURNING *;")" \
  "$(wrk_run -s bench/hot-path.lua "${BASE}" -- create100 "${NATIVE}/")" \
  "$(wrk_run -s bench/hot-path.lua "${BASE}" -- create100 "${TREEQL}")"

read -r cold _ _ <<<"${COLD}"
read -r warm _ _ <<<"${WARM}"
echo
echo "first 10 s of traffic after start (reads by key, native): ${cold} req/s, $(awk -v c="${cold}" -v w="${warm}" \
  'BEGIN {printf "%.0f %%", 100 * c / w}') of the warm ${warm} req/s"
echo "service RSS after the run: $(awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/${PACKAGED_SERVICE_PID}/status")" \
  "(options: ${PACKAGED_SERVICE_OPTS:-none})"
