#!/usr/bin/env bash
# The hot path beside PostgreSQL's own speed (issue 18), one command:
#   bench/hot-path.sh      (DURATION=… per figure, CONNECTIONS=…, PACKAGED_SERVICE_OPTS=-Xmx256m for bounded memory,
#                           EXTRA=0 without the second table, MODE=enforced for authentication and authorization)
# Loads a 100,000-row `products` table (id bigserial, name, category (20 values), price numeric(10,2), stock,
# created_at, description; a btree on (category, price)) into the tenant schema, adopts it (flat_table), starts the
# packaged service in local mode (MODE=enforced: below), and measures each workload three ways in the same run: wrk
# on the native API, wrk on TreeQL, and pgbench (-M prepared, same client count) running the SQL that answers it.
# Prints req/s, p50 and p99 and each API's figure as a ratio of pgbench's; then the first 10 s after start against
# the warm figure, and the service's RSS under load.
# EXTRA=1 (default) adds a second table, "no regression elsewhere", measured the same way on the reads the first one
# leaves out: full-text search (the products' schema given "datably:search" through the API, whose migration builds
# the GIN index; adoption builds none), a native cursor page 90,000 rows deep, and 20 reviews with their product
# (a second adopted table, `reviews`, 100,000 rows referencing products): the native API's expand=product beside
# TreeQL's join=products. The rows the creates added are deleted first, so these run on the 100,000 products. Each
# URL is checked (200 and the expected answer) before it is measured.
# MODE=enforced runs it all against the service in enforced mode: a key-only token issuer (the test key, as
# bench/authz.sh), the Cerbos PDP with the repository's policies (scripts/cerbos.sh; default policies: an editor
# reads and creates records unfiltered), every measured request with an editor's bearer token instead of X-Tenant,
# rate limits off (they would cap the rates); so the cost of authentication and authorization shows beside a local
# run's figures. Needs node (tokens) and npm (the PDP, once).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=8089
DB=datably_bench_hot
PDP_PORT=3589  # enforced mode's Cerbos PDP (bench/authz.sh has 3597, scripts/keycloak-e2e.sh 3595, k8s 3592)
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
EXTRA=${EXTRA:-1}
MODE=${MODE:-local}
BASE="http://127.0.0.1:${PORT}"
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres}
fail() { echo "FAIL: $*" >&2; exit 1; }
case ${MODE} in local | enforced) ;; *) fail "MODE is local or enforced, not '${MODE}'" ;; esac
case ${EXTRA} in 0 | 1) ;; *) fail "EXTRA is 0 or 1, not '${EXTRA}'" ;; esac
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v pgbench >/dev/null || { echo "pgbench is missing (postgresql-contrib)" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq is missing: apt-get install -y jq" >&2; exit 1; }
source scripts/packaged-service.sh
USER_OPTS=${PACKAGED_SERVICE_OPTS:-}
PDP_PID=
cleanup() {
  [ -z "${PACKAGED_SERVICE_PID:-}" ] || stop_packaged_service
  [ -z "${PDP_PID}" ] || { kill "${PDP_PID}" 2>/dev/null || true; wait "${PDP_PID}" 2>/dev/null || true; }
}
trap cleanup EXIT

if [ "${MODE}" = enforced ]; then
  command -v node >/dev/null || fail "node is missing (enforced mode signs its tokens with it)"
  ! curl -s -o /dev/null "http://127.0.0.1:${PDP_PORT}/" || fail "port ${PDP_PORT} (the PDP's) is taken"
  bash scripts/cerbos.sh install >/dev/null
  bash scripts/cerbos.sh run "${PDP_PORT}" > /tmp/datably-bench-hot-pdp.log 2>&1 &
  PDP_PID=$!
  for _ in $(seq 1 30); do curl -sf "http://127.0.0.1:${PDP_PORT}/_cerbos/health" >/dev/null && break; sleep 1; done
  curl -sf "http://127.0.0.1:${PDP_PORT}/_cerbos/health" >/dev/null \
    || fail "the PDP did not start; see /tmp/datably-bench-hot-pdp.log"
  # An issuer given by its key alone is enforced mode (as bench/authz.sh); rate limits, on by default in enforced
  # mode, would cap the rates measured (an environment variable, as bench/authz.sh explains).
  KEY=$(grep -v -- '-----' src/test/resources/security/shared-public.pem | tr -d '\n')
  export DATABLY_RATE_LIMIT_ENABLED=false
  PACKAGED_SERVICE_OPTS="${USER_OPTS} -Dquarkus.oidc.public-key=${KEY} \
    -Dquarkus.oidc.token.issuer=https://shared.example.com -Dquarkus.oidc.token.audience=datably \
    -Ddatably.authz.cerbos-url=http://127.0.0.1:${PDP_PORT}"
fi
start_packaged_service "${PORT}" "${DB}" /tmp/datably-bench-hot.log

# An RS256 token of the test issuer for tenant bench, valid for a day: token SUBJECT ROLE
token() {
  node -e '
    const crypto = require("crypto"), fs = require("fs");
    const part = o => Buffer.from(JSON.stringify(o)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const body = part({alg: "RS256", typ: "JWT"}) + "." + part({iss: "https://shared.example.com", aud: "datably",
      sub: process.argv[1], tenant: "bench", roles: [process.argv[2]], iat: now, exp: now + 86400});
    const key = fs.readFileSync("src/test/resources/security/shared-private.pem");
    console.log(body + "." + crypto.sign("sha256", Buffer.from(body), key).toString("base64url"));' "$@"
}
# CALLER: the header of every measured request (wrk -H, and hot-path.lua through HOT_PATH_HEADER); SETUP: of the
# requests that make the app, adopt tables and change a schema (an admin's, as the default policies let only admins).
if [ "${MODE}" = enforced ]; then
  CALLER="Authorization: Bearer $(token eddie editor)"
  SETUP="Authorization: Bearer $(token ada admin)"
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Tenant: bench' "${BASE}/api/apps/")" = 401 ] \
    || fail "the service answers without a token: it is not in enforced mode"
else
  CALLER="X-Tenant: bench"
  SETUP="X-Tenant: bench"
fi
export HOT_PATH_HEADER=${CALLER}

api() { # method, path, body
  curl -sf -X "$1" -H 'Content-Type: application/json' -H "${SETUP}" -d "$3" "${BASE}$2" > /dev/null
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
if [ "${MODE}" = enforced ]; then # the policies apply: the default record policy lets a viewer read, not create
  [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $(token vera viewer)" -d '{"name": "x", "category": "cat1", "price": 1, "stock": 1}' \
    "${BASE}${NATIVE}/")" = 403 ] || fail "a viewer's create was not refused 403: the PDP's policies do not apply"
fi

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
wrk -t2 -c"${CONNECTIONS}" -d5s -H "${CALLER}" "${BASE}${FILTER_NATIVE}" > /dev/null
wrk -t2 -c"${CONNECTIONS}" -d5s -H "${CALLER}" "${BASE}${FILTER_TREEQL}" > /dev/null

TABLE=t_bench.products
row() { # workload, pgbench figures, native figures, treeql figures ("-" when none)
  local pg=($2) native=($3) treeql=($4)
  ratio() { [ "$1" = "-" ] && echo "n/a" || awk -v a="$1" -v b="${pg[0]}" 'BEGIN {printf "%.1f %%", 100 * a / b}'; }
  printf '| %-24s | %9s | %8s / %8s | %9s | %7s | %8s / %8s | %9s | %7s | %8s / %8s |\n' "$1" \
    "${pg[0]}" "${pg[1]}" "${pg[2]}" "${native[0]}" "$(ratio "${native[0]}")" "${native[1]}" "${native[2]}" \
    "${treeql[0]:--}" "$(ratio "${treeql[0]:--}")" "${treeql[1]:--}" "${treeql[2]:--}"
}
echo
if [ "${MODE}" = enforced ]; then
  MODE_TEXT="enforced mode (an editor's bearer token, Cerbos PDP with policies/, rate limits off)"
else
  MODE_TEXT="local mode"
fi
echo "wrk/pgbench: ${CONNECTIONS} connections, ${DURATION} each, 100,000 products, $(nproc) cores; ${MODE_TEXT}"
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
  "$(wrk_run -H "${CALLER}" "${BASE}${FILTER_NATIVE}")" \
  "$(wrk_run -H "${CALLER}" "${BASE}${FILTER_TREEQL}")"
row "group-by aggregate" \
  "$(pgbench_run "SELECT category, count(*), avg(price) FROM ${TABLE} GROUP BY category;")" \
  "$(wrk_run -H "${CALLER}" "${BASE}${AGG_NATIVE}")" "-"
row "create one" \
  "$(pgbench_run "\\set n random(1, 1000000)
INSERT INTO ${TABLE} (name, category, price, stock, description) VALUES ('new ' || :n, 'cat' || (:n % 20), (:n % 1000) + 0.25, :n % 50, 'made by pgbench') RETURNING *;")" \
  "$(wrk_run -s bench/hot-path.lua "${BASE}" -- create "${NATIVE}/")" \
  "$(wrk_run -s bench/hot-path.lua "${BASE}" -- create "${TREEQL}")"
row "create 100 in one request" \
  "$(pgbench_run "INSERT INTO ${TABLE} (name, category, price, stock, description) SELECT 'bulk ' || i, 'cat' || (i % 20), i + 0.5, i, 'made by pgbench' FROM generate_series(1, 100) i RETURNING *;")" \
  "$(wrk_run -s bench/hot-path.lua "${BASE}" -- create100 "${NATIVE}/")" \
  "$(wrk_run -s bench/hot-path.lua "${BASE}" -- create100 "${TREEQL}")"

# No regression elsewhere (EXTRA=1): the reads the table above leaves out, on the 100,000 products again.
if [ "${EXTRA}" = 1 ]; then
  check() { # label, path, jq condition the answer must meet: 200 and that, or the run stops here
    local answer code
    answer=$(curl -s -w '\n%{http_code}' -H "${CALLER}" "${BASE}$2")
    code=${answer##*$'\n'}
    answer=${answer%$'\n'*}
    [ "${code}" = 200 ] || fail "$1: ${code} from $2: ${answer:0:400}"
    jq -e "$3" >/dev/null <<<"${answer}" || fail "$1: $2 answered without $3: ${answer:0:400}"
  }
  # The creates above added rows (millions in a long run); back to the 100,000 products, so the search's index and
  # its migration's check of every record are built over those. Then the reviews, about one per product.
  psql -X -q -v ON_ERROR_STOP=1 -d "${DB}" <<'SQL'
SET search_path TO t_bench;
DELETE FROM products WHERE id > 100000;
VACUUM ANALYZE products;
CREATE TABLE reviews (id bigserial PRIMARY KEY, product_id bigint NOT NULL REFERENCES products (id), stars int NOT NULL,
  body text NOT NULL);
INSERT INTO reviews (product_id, stars, body)
SELECT 1 + (i * 7919) % 100000, 1 + i % 5, 'review ' || i || ' of a product, ' || repeat('quite good ', 3)
FROM generate_series(1, 100000) i;
CREATE INDEX reviews_product ON reviews (product_id);
ANALYZE reviews;
SQL
  api POST /api/apps/bench/datasources/main/adopt/ '{"tables": ["reviews"]}'
  # Full-text search: an adopted table searches its string fields without an index (adoption builds none); naming
  # the searched fields in the schema ("datably:search", README "Querying records") is a migration that builds the
  # GIN index on exactly the expression the queries use.
  TABLE_API=/api/apps/bench/datasources/main/datatables/products/
  schema=$(curl -sf -H "${SETUP}" "${BASE}${TABLE_API}" | jq -c '.json_schema
    + {"datably:search": {"fields": ["name", "description"], "language": "simple"}}')
  api PATCH "${TABLE_API}" "{\"json_schema\": ${schema}}"
  VECTOR=$(psql -X -At -d "${DB}" -c "SELECT pg_get_indexdef('t_bench.products_fts'::regclass, 1, true)") \
    || fail "the schema change built no search index t_bench.products_fts"

  REVIEWS_NATIVE=/api/apps/bench/datasources/main/datatables/reviews/records
  REVIEWS_TREEQL=/api/apps/bench/datasources/main/records/reviews
  SEARCH="${NATIVE}/?page_size=20&count=none&search="
  EXPAND="${REVIEWS_NATIVE}/?page_size=20&count=none&expand=product"
  JOIN="${REVIEWS_TREEQL}?join=products&size=20"
  # A cursor 90,000 rows deep: followed from the first page, 1,000 rows a page (cursor pages are keyset: the next
  # one starts after the last key read, however deep).
  cursor=""
  for _ in $(seq 1 90); do
    cursor=$(curl -sf -H "${CALLER}" "${BASE}${NATIVE}/?ordering=id&page_size=1000&count=none&cursor=$(jq -rn \
      --arg c "${cursor}" '$c | @uri')" | jq -er '.next_cursor') || fail "following the cursor pages of products"
  done
  DEEP="${NATIVE}/?ordering=id&page_size=20&count=none&cursor=$(jq -rn --arg c "${cursor}" '$c | @uri')"
  check "search" "${SEARCH}4242" '(.results | length) == 1 and .results[0].name == "product 4242"'
  check "cursor page" "${DEEP}" '(.results | length) == 20 and .results[0].id == 90001 and .results[19].id == 90020'
  check "expand" "${EXPAND}" '(.results | length) == 20
    and all(.results[]; .product.id == .product_id and (.product.name | startswith("product ")))'
  check "TreeQL join" "${JOIN}" '(.records | length) == 20
    and all(.records[]; (.product_id | type) == "object" and (.product_id.name | startswith("product ")))'

  wrk -t2 -c"${CONNECTIONS}" -d5s -s bench/hot-path.lua "${BASE}" -- search "${SEARCH}" > /dev/null
  for url in "${DEEP}" "${EXPAND}" "${JOIN}"; do
    wrk -t2 -c"${CONNECTIONS}" -d5s -H "${CALLER}" "${BASE}${url}" > /dev/null
  done
  echo
  echo "no regression elsewhere: the same, on the 100,000 products (the rows the creates added deleted) and" \
    "100,000 reviews; ${MODE_TEXT}"
  printf '| %-24s | %9s | %19s | %9s | %7s | %19s | %9s | %7s | %19s |\n' workload "pgbench/s" "p50 / p99" \
    "native/s" "ratio" "p50 / p99" "TreeQL/s" "ratio" "p50 / p99"
  row "full-text search" \
    "$(pgbench_run "\\set n random(101, 100000)
SELECT * FROM ${TABLE} WHERE ${VECTOR} @@ websearch_to_tsquery('simple', :n::text) ORDER BY ts_rank(${VECTOR}, websearch_to_tsquery('simple', :n::text)) DESC, id LIMIT 20;")" \
    "$(wrk_run -s bench/hot-path.lua "${BASE}" -- search "${SEARCH}")" "-"
  row "cursor page 90,000 deep" \
    "$(pgbench_run "SELECT * FROM ${TABLE} WHERE id > 90000 ORDER BY id LIMIT 20;")" \
    "$(wrk_run -H "${CALLER}" "${BASE}${DEEP}")" "-"
  row "20 reviews + product" \
    "$(pgbench_run "SELECT r.*, (SELECT row_to_json(p.*) FROM ${TABLE} p WHERE p.id = r.product_id) AS product FROM t_bench.reviews r ORDER BY r.id LIMIT 20;")" \
    "$(wrk_run -H "${CALLER}" "${BASE}${EXPAND}")" \
    "$(wrk_run -H "${CALLER}" "${BASE}${JOIN}")"
  echo "native: search=<a product's number>, ?cursor= 90,000 rows deep, expand=product; TreeQL:" \
    "join=products; pgbench: the same rows by the same index (one statement each)"
fi

read -r cold _ _ <<<"${COLD}"
read -r warm _ _ <<<"${WARM}"
echo
echo "first 10 s of traffic after start (reads by key, native): ${cold} req/s, $(awk -v c="${cold}" -v w="${warm}" \
  'BEGIN {printf "%.0f %%", 100 * c / w}') of the warm ${warm} req/s"
echo "service RSS after the run: $(awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/${PACKAGED_SERVICE_PID}/status")" \
  "(options: ${USER_OPTS:-none})"
