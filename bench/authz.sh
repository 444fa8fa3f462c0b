#!/usr/bin/env bash
# What authorization costs on reads (issue 12's acceptance: at least 70 % of the throughput without it), in one run.
#
#   bench/authz.sh                        # package, then measure (about 7 minutes, 2 of them warming)
#   DURATION=30s CONNECTIONS=32 bench/authz.sh
#
# It packages once, starts the Cerbos PDP with the repository's policies (scripts/cerbos.sh), and two instances of
# the packaged service on one fresh database (datably_authz_bench, dropped at the end):
#   A (port 8097): enforced mode (a key-only issuer with the test key shared-public.pem) and the PDP;
#   B (port 8098): local mode, no authorization (requests name their tenant with X-Tenant).
# It loads 20,000 employees over 5 departments (bench/authz_load.py) into app `hr` of tenant `example`, where
# policies/examples/hr.yaml shows a non-admin only the records of their own department: A is asked with the token of
# a sales viewer, so every query of A carries the row filter `department = 'sales'`, and (to tell the token's cost
# from the filter's) with an admin's, whom the policy does not filter. After checking that A really filters, and
# warming both JVMs until their JIT compilers are idle, wrk measures B and A with the same settings on: a read by key
# (a sales employee), a filtered list without count, and the same list with the default exact count. Beside them,
# the physical limit: pgbench with the same client count running the SQL each instance sends (see the pgbench
# scripts below), on the same cores. Exits 1 when A/B is under 0.7 on a query. Logs: /tmp/datably-authz-bench-*.log.
set -euo pipefail
cd "$(dirname "$0")/.."

PDP_PORT=3597
A_PORT=8097
B_PORT=8098
DB=datably_authz_bench
ROWS=20000
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
A="http://127.0.0.1:${A_PORT}"
B="http://127.0.0.1:${B_PORT}"
RECORDS=/api/apps/hr/datasources/flat/datatables/employees/records
SALES_ID=4245        # employee i is in department i % 5 (bench/authz_load.py): 0 is sales
OTHER_ID=4241        # 1: engineering
SALARY=140000        # salary__gte: about 8 % of the employees, 1 in 5 of them in sales
case ${DURATION} in  # pgbench takes seconds
  *s) SECONDS_EACH=${DURATION%s} ;; *m) SECONDS_EACH=$(( ${DURATION%m} * 60 )) ;; *) SECONDS_EACH=${DURATION} ;;
esac

for tool in wrk pgbench node; do
  command -v "${tool}" >/dev/null || { echo "${tool} is missing (apt-get install -y wrk postgresql-client; node 20)" >&2; exit 1; }
done
for port in ${PDP_PORT} ${A_PORT} ${B_PORT}; do
  ! curl -s -o /dev/null "http://127.0.0.1:${port}/" || { echo "port ${port} is taken" >&2; exit 1; }
done

source scripts/packaged-service.sh
PDP_PID=
B_PID=
cleanup() {
  [ -z "${B_PID}" ] || { kill "${B_PID}" 2>/dev/null || true; wait "${B_PID}" 2>/dev/null || true; }
  [ -z "${PDP_PID}" ] || { kill "${PDP_PID}" 2>/dev/null || true; wait "${PDP_PID}" 2>/dev/null || true; }
  [ -z "${PACKAGED_SERVICE_PID:-}" ] || stop_packaged_service
  [ -z "${WORK:-}" ] || rm -rf "${WORK}"
}
trap cleanup EXIT
WORK=$(mktemp -d /tmp/datably-authz-bench.XXXXXX)  # pgbench scripts and logs

./mvnw -q -DskipTests package
bash scripts/cerbos.sh install >/dev/null
bash scripts/cerbos.sh run "${PDP_PORT}" > /tmp/datably-authz-bench-pdp.log 2>&1 &
PDP_PID=$!
for _ in $(seq 1 30); do curl -sf "http://127.0.0.1:${PDP_PORT}/_cerbos/health" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:${PDP_PORT}/_cerbos/health" >/dev/null \
  || { echo "the PDP did not start; see /tmp/datably-authz-bench-pdp.log" >&2; exit 2; }

# A: an issuer given by its key alone is enforced mode (as PerTenantIssuers configures the shared issuer).
KEY=$(grep -v -- '-----' src/test/resources/security/shared-public.pem | tr -d '\n')
COMMON="-Dquarkus.http.host=127.0.0.1"
# Rate limits (where the code has them) would cut the measured rates. As an environment variable, the setting is
# ignored by a build that does not know it (a system property would fail its configuration validation).
export DATABLY_RATE_LIMIT_ENABLED=false
PACKAGED_SERVICE_BUILT=1 PACKAGED_SERVICE_OPTS="${COMMON} -Dquarkus.oidc.public-key=${KEY} \
  -Dquarkus.oidc.token.issuer=https://shared.example.com -Dquarkus.oidc.token.audience=datably \
  -Ddatably.authz.cerbos-url=http://127.0.0.1:${PDP_PORT}" \
  start_packaged_service "${A_PORT}" "${DB}" /tmp/datably-authz-bench-a.log
# B: the same database, local mode, no PDP.
# shellcheck disable=SC2086 # the options are separate words
DATABLY_DB_NAME=${DB} java ${COMMON} -Dquarkus.http.port="${B_PORT}" -Dquarkus.log.level=WARN \
  -jar target/quarkus-app/quarkus-run.jar > /tmp/datably-authz-bench-b.log 2>&1 &
B_PID=$!
for _ in $(seq 1 60); do curl -sf "${B}/q/health/ready" >/dev/null && break; sleep 1; done
curl -sf "${B}/q/health/ready" >/dev/null || { echo "B did not start; see /tmp/datably-authz-bench-b.log" >&2; exit 2; }

# An RS256 token of the shared issuer, valid for a day: token SUBJECT ROLE DEPARTMENT
token() {
  node -e '
    const crypto = require("crypto"), fs = require("fs");
    const part = o => Buffer.from(JSON.stringify(o)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const body = part({alg: "RS256", typ: "JWT"}) + "." + part({iss: "https://shared.example.com", aud: "datably",
      sub: process.argv[1], tenant: "example", roles: [process.argv[2]], department: process.argv[3],
      iat: now, exp: now + 86400});
    const key = fs.readFileSync("src/test/resources/security/shared-private.pem");
    console.log(body + "." + crypto.sign("sha256", Buffer.from(body), key).toString("base64url"));' "$@"
}
AUTH_A="Authorization: Bearer $(token sam viewer sales)"
# An admin of A: authenticated and asked of the PDP like the viewer, but unrestricted (no row filter), so the table
# tells what the token costs apart from what the filter costs.
AUTH_A_ADMIN="Authorization: Bearer $(token ada admin hq)"
AUTH_B="X-Tenant: example"

echo "Loading ${ROWS} employees (through B) …"
python3 bench/authz_load.py "${B}" "${ROWS}"
psql -X -q -h 127.0.0.1 -U postgres -d "${DB}" -c "ANALYZE"

fail() { echo "FAIL: $*" >&2; exit 1; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {'d': d}))" "$1"; }
status() { curl -s -o /dev/null -w '%{http_code}' -H "$1" "$2"; }

echo "Checking that A filters by department before measuring it …"
[ "$(status "X-Tenant: example" "${A}${RECORDS}/${SALES_ID}/")" = 401 ] || fail "A answers without a token"
a_all=$(curl -sf -H "${AUTH_A}" "${A}${RECORDS}/?page_size=1000&ordering=id")
[ "$(json "sorted({r['department'] for r in d['results']})" <<<"${a_all}")" = "['sales']" ] \
  || fail "A's list holds other departments than sales"
[ "$(json "d['count']" <<<"${a_all}")" = $((ROWS / 5)) ] || fail "A's list does not count the $((ROWS / 5)) sales rows"
[ "$(status "${AUTH_A}" "${A}${RECORDS}/${OTHER_ID}/")" = 404 ] || fail "A reads engineering employee ${OTHER_ID}"
[ "$(curl -sf -H "${AUTH_A}" "${A}${RECORDS}/${SALES_ID}/")" = "$(curl -sf -H "${AUTH_B}" "${B}${RECORDS}/${SALES_ID}/")" ] \
  || fail "A and B read sales employee ${SALES_ID} differently"
a_count=$(curl -sf -H "${AUTH_A}" "${A}${RECORDS}/?salary__gte=${SALARY}&page_size=20" | json "d['count']")
b_count=$(curl -sf -H "${AUTH_B}" "${B}${RECORDS}/?salary__gte=${SALARY}&department=sales&page_size=20" | json "d['count']")
[ "${a_count}" = "${b_count}" ] || fail "A counts ${a_count} sales rows of salary >= ${SALARY}, B ${b_count}"
b_total=$(curl -sf -H "${AUTH_B}" "${B}${RECORDS}/?salary__gte=${SALARY}&page_size=20" | json "d['count']")
echo "ok: A (sales viewer) lists only sales rows ($((ROWS / 5)) of ${ROWS}), 404 on engineering ${OTHER_ID};" \
  "salary >= ${SALARY}: A ${a_count} rows, B ${b_total}"

BY_KEY="${RECORDS}/${SALES_ID}/"
LIST="${RECORDS}/?salary__gte=${SALARY}&page_size=20&count=none"
LIST_COUNT="${RECORDS}/?salary__gte=${SALARY}&page_size=20"

# The SQL each instance sends per request, as PostgreSQL's log_statement showed it: the catalog lookup of the table
# (both instances, every request), then the records. Both read by key with the provider's find; A's adds the row
# filter as a parameter after the key, as A's lists do. pgbench runs them prepared (-M prepared), as the
# service does, with the values as parameters (-D).
T=$(psql -X -At -h 127.0.0.1 -U postgres -d "${DB}" -c \
  "SELECT format('%I.%I', 't_example', physical_table_name) FROM data_table WHERE tenant = 'example' AND name = 'employees' AND is_active")
CATALOG="select dt1_0.id,dt1_0.is_active,dt1_0.created_at,dt1_0.datasource_id,d1_0.id,d1_0.is_active,d1_0.app_id,a1_0.id,a1_0.is_active,a1_0.created_at,a1_0.description,a1_0.name,a1_0.slug,a1_0.tenant,a1_0.updated_at,d1_0.created_at,d1_0.description,d1_0.name,d1_0.provider_config,d1_0.provider_type,d1_0.slug,d1_0.tenant,d1_0.updated_at,dt1_0.description,dt1_0.json_schema,dt1_0.is_materialized,dt1_0.name,dt1_0.physical_table_name,dt1_0.schema_hash,dt1_0.schema_version,dt1_0.tenant,dt1_0.updated_at from data_table dt1_0 join data_source d1_0 on d1_0.id=dt1_0.datasource_id join app a1_0 on a1_0.id=d1_0.app_id where a1_0.tenant=:tenant and a1_0.slug=:app and d1_0.slug=:ds and dt1_0.is_active=true and d1_0.is_active=true and a1_0.is_active=true order by dt1_0.id;"
find_sql() {  # the FROM clause after the table: alias, WHERE
  echo "SELECT row_to_json(r.*)::text FROM (SELECT \"id\" AS \"id\", \"name\" AS \"name\", \"department\" AS \"department\", \"salary\" AS \"salary\" FROM ${T}$1) r;"
}
page() {  # WHERE, LIMIT, OFFSET
  echo "SELECT coalesce(json_agg((SELECT row_to_json(x.*) FROM (SELECT (p.r).\"id\" AS \"id\", (p.r).\"name\" AS \"name\", (p.r).\"department\" AS \"department\", (p.r).\"salary\" AS \"salary\") x) ORDER BY p.n), '[]'::json)::text FROM (SELECT ROW(t.*)::${T} AS r, row_number() OVER (ORDER BY t.\"id\" ASC NULLS LAST) AS n FROM ${T} AS t WHERE $1 ORDER BY t.\"id\" ASC NULLS LAST LIMIT $2 OFFSET $3) p;"
}
A_LIST='((t."salary" >= :salary::text::bigint) AND (t."department" = :department::text::text))'
B_LIST='(t."salary" >= :salary::text::bigint)'
KEY_MATCH="\"id\" = (:key::text::jsonb ->> 'id')::bigint"
printf '%s\n%s\n' "${CATALOG}" "$(find_sql " WHERE ${KEY_MATCH}")" > "${WORK}/key-b.sql"
printf '%s\n%s\n' "${CATALOG}" "$(find_sql " AS t WHERE ${KEY_MATCH} AND (t.\"department\" = :department::text::text)")" > "${WORK}/key-a.sql"
printf '%s\n%s\n' "${CATALOG}" "$(page "${B_LIST}" :size :zero)" > "${WORK}/list-b.sql"
printf '%s\n%s\n' "${CATALOG}" "$(page "${A_LIST}" :size :zero)" > "${WORK}/list-a.sql"
printf '%s\n%s\n' "$(cat "${WORK}/list-b.sql")" "SELECT count(*) FROM ${T} AS t WHERE ${B_LIST};" > "${WORK}/count-b.sql"
printf '%s\n%s\n' "$(cat "${WORK}/list-a.sql")" "SELECT count(*) FROM ${T} AS t WHERE ${A_LIST};" > "${WORK}/count-a.sql"
for f in "${WORK}"/*.sql; do  # each script once first: a statement that no longer fits fails here, with its error
  pgbench -n -M prepared -c1 -t1 -f "${f}" -D tenant=example -D app=hr -D ds=flat \
    -D key="{\"id\":${SALES_ID}}" -D department=sales -D salary=${SALARY} -D zero=0 -D size=20 \
    -h 127.0.0.1 -U postgres "${DB}" >/dev/null 2>"${WORK}/pgbench.err" || fail "pgbench $(basename "${f}"): $(cat "${WORK}/pgbench.err")"
done

A_PID=${PACKAGED_SERVICE_PID}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICK=$(getconf CLK_TCK)
declare -A RPS
row() {  # query, side, req/s, p50, p99, service CPU ms per request, ratio
  printf '| %-21s | %-30s | %9s | %8s | %8s | %9s | %-24s |\n' "$@"
}
measure() {  # key, query, side, pid, header, url
  local before out requests cpu
  before=$(cpu_ticks "$4")
  out=$(wrk -t2 -c"${CONNECTIONS}" -d"${DURATION}" --latency -H "$5" "$6")
  cpu=$(( $(cpu_ticks "$4") - before ))
  requests=$(awk '/requests in/ {print $1}' <<<"${out}")
  RPS[$1]=$(awk '/Requests\/sec/ {print $2}' <<<"${out}")
  local errors; errors=$(awk '/Non-2xx/ {print $5}' <<<"${out}")
  [ -z "${errors}" ] || fail "$2 on $3: ${errors} answers were not 2xx"
  local ratio=""
  [[ $1 != *:a ]] || ratio=$(awk -v a="${RPS[$1]}" -v b="${RPS[${1%%:*}:b]}" 'BEGIN {printf "A/B %.2f", a / b}')
  row "$2" "$3" "${RPS[$1]}" "$(awk '$1=="50%" {print $2}' <<<"${out}")" "$(awk '$1=="99%" {print $2}' <<<"${out}")" \
    "$(awk -v c="${cpu}" -v n="${requests}" -v t="${TICK}" 'BEGIN {printf "%.3f", c * 1000 / t / n}')" "${ratio}"
}
physical() {  # key, query, side, script
  rm -f "${WORK}"/pgbench_log.*
  local out
  out=$(pgbench -n -M prepared -j2 -c"${CONNECTIONS}" -T"${SECONDS_EACH}" -f "${WORK}/$4" --log \
    --log-prefix="${WORK}/pgbench_log" -D tenant=example -D app=hr -D ds=flat \
    -D key="{\"id\":${SALES_ID}}" -D department=sales -D salary=${SALARY} -D zero=0 -D size=20 \
    -h 127.0.0.1 -U postgres "${DB}")
  local tps p50 p99
  tps=$(awk '/^tps/ {printf "%.2f", $3}' <<<"${out}")
  # Per-transaction log: the third column is the latency in microseconds.
  read -r p50 p99 < <(cat "${WORK}"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{v[NR] = $1}
    END {printf "%.2fms %.2fms\n", v[int(NR * 0.5)] / 1000, v[int(NR * 0.99)] / 1000}')
  row "$2" "$3" "${tps}" "${p50}" "${p99}" "-" \
    "$(awk -v s="${RPS[$1]}" -v p="${tps}" 'BEGIN {printf "service/pgbench %.2f", s / p}')"
}

# Warm both JVMs until their JIT compilers are idle: A has more code to compile (token verification, the PDP's
# plan, the filtered query), and a fixed 5 s warm-up left C2 compiling in A through the measurements (A measured at
# a third of its steady rate). Both are driven at once, in rounds over every request measured, for at most 3 minutes.
jit_ticks() {  # CPU ticks of the compiler threads (C1, C2); a thread's stat fields follow its name's ')'
  for task in /proc/"$1"/task/*; do
    [[ $(cat "${task}/comm" 2>/dev/null) != *Compiler* ]] || sed 's/.*) //' "${task}/stat" 2>/dev/null
  done | awk '{t += $12 + $13} END {print t + 0}'
}
warmed=0
for _ in $(seq 1 20); do
  a_jit=$(jit_ticks "${A_PID}")
  b_jit=$(jit_ticks "${B_PID}")
  for url in "${BY_KEY}" "${LIST}" "${LIST_COUNT}"; do
    wrk -t1 -c"${CONNECTIONS}" -d3s -H "${AUTH_A}" "${A}${url}" >/dev/null &
    viewer=$!
    wrk -t1 -c"${CONNECTIONS}" -d3s -H "${AUTH_A_ADMIN}" "${A}${url}" >/dev/null &
    admin=$!
    wrk -t1 -c"${CONNECTIONS}" -d3s -H "${AUTH_B}" "${B}${url}" >/dev/null
    wait "${viewer}" "${admin}"  # (a bare wait would wait for the PDP and B too)
  done
  warmed=$((warmed + 9))
  a_jit=$(( $(jit_ticks "${A_PID}") - a_jit ))
  b_jit=$(( $(jit_ticks "${B_PID}") - b_jit ))
  # Idle: under 0.1 s of compiler CPU in a 9 s round, in each JVM.
  [ $((a_jit * 10)) -ge "${TICK}" ] || [ $((b_jit * 10)) -ge "${TICK}" ] || break
done
echo "Warmed both for ${warmed} s (JIT compiler CPU in the last 9 s round: A $((a_jit * 1000 / TICK)) ms," \
  "B $((b_jit * 1000 / TICK)) ms)"

PDP_BEFORE=$(cpu_ticks "${PDP_PID}")
echo
echo "wrk -t2 -c${CONNECTIONS} -d${DURATION}; pgbench -M prepared -j2 -c${CONNECTIONS} -T${SECONDS_EACH}; ${ROWS} employees," \
  "$(nproc) cores; A = enforced, sales viewer (row filter department = 'sales'); B = no authorization"
row "query" "measured" "req/s" "p50" "p99" "CPU ms/req" "ratio"
row "---" "---" "---" "---" "---" "---" "---"
queries=("key|read by key|${BY_KEY}|key" "list|list, count=none|${LIST}|list" "count|list, count=exact|${LIST_COUNT}|count")
for q in "${queries[@]}"; do
  IFS='|' read -r key name url script <<<"${q}"
  measure "${key}:b" "${name}" "B: no authorization" "${B_PID}" "${AUTH_B}" "${B}${url}"
  measure "${key}:a" "${name}" "A: enforced, row filter" "${A_PID}" "${AUTH_A}" "${A}${url}"
  [ "${key}" = count ] || measure "${key}:admin:a" "${name}" "A: enforced, admin (no filter)" "${A_PID}" \
    "${AUTH_A_ADMIN}" "${A}${url}"
  physical "${key}:b" "${name}" "pgbench, B's SQL" "${script}-b.sql"
  physical "${key}:a" "${name}" "pgbench, A's SQL" "${script}-a.sql"
done
echo "CPU ms/req: the instance's own CPU time (user + system) per request, from /proc; service/pgbench: that" \
  "instance's req/s over pgbench's transactions/s for the same SQL."
echo "The PDP used $(awk -v t=$(( $(cpu_ticks "${PDP_PID}") - PDP_BEFORE )) -v h="${TICK}" 'BEGIN {printf "%.2f", t / h}') s" \
  "of CPU while they ran (decisions are reused for datably.authz.decision-ttl, 10 s)."
echo
verdict=0
for q in "${queries[@]}"; do
  IFS='|' read -r key name _ <<<"${q}"
  awk -v n="${name}" -v a="${RPS[${key}:a]}" -v b="${RPS[${key}:b]}" 'BEGIN {r = a / b;
    printf "%-21s A/B = %.2f: %s\n", n, r, r >= 0.7 ? "meets the 70 % target" : "BELOW the 70 % target"; exit r < 0.7}' \
    || verdict=1
done
exit "${verdict}"
