#!/usr/bin/env bash
# Cold start, as a serverless platform or a new replica sees it (issue 19): the time from starting the process to the
# first *answered* record request (a read by key, 200), and the process's RSS right after it; RUNS runs (10) each of
#   jvm  Temurin 25, plain JVM;
#   aot  Temurin 25 with a JDK AOT cache (JEP 483/515: classes loaded and linked, profiles) made by one training run
#        that starts the service and sends it the requests below.
# Each run starts the packaged service on a database whose catalog is already migrated and holds one table with one
# record (made by a first start), so what is timed is what every later start does. Prints each run and min/median/max.
#   bench/startup.sh                 (RUNS=10; PACKAGED_SERVICE_BUILT=1 when target/quarkus-app is fresh)
#   JAVA_HOME_25=/path/to/jdk25 bench/startup.sh
#   STARTUP_OPTS='-Dquarkus.liquibase.migrate-at-start=false' bench/startup.sh   (options of every run but the first)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
PORT=8095
DB=datably_startup
BASE="http://127.0.0.1:${PORT}"
JAVA25=${JAVA_HOME_25:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)}
[ -x "${JAVA25}/bin/java" ] || { echo "no JDK 25 (set JAVA_HOME_25)" >&2; exit 1; }
! curl -s -o /dev/null "${BASE}/" || { echo "port ${PORT} is taken" >&2; exit 1; }
[ -n "${PACKAGED_SERVICE_BUILT:-}" ] || ./mvnw -q -DskipTests package
WORK=$(mktemp -d /tmp/datably-startup.XXXXXX)
PID=
cleanup() {
  [ -z "${PID}" ] || { kill "${PID}" 2>/dev/null || true; wait "${PID}" 2>/dev/null || true; }
  psql -X -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS ${DB} WITH (FORCE)" || true
  rm -rf "${WORK}"
}
trap cleanup EXIT
psql -X -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS ${DB} WITH (FORCE)" -c "CREATE DATABASE ${DB}"

RECORD=/api/apps/shop/datasources/main/datatables/items/records/1/
start() { # java options...: starts the service in the background (PID)
  # shellcheck disable=SC2086 # the options are separate words
  DATABLY_DB_NAME=${DB} "${JAVA25}/bin/java" ${STARTUP_OPTS:-} "$@" -Dquarkus.http.port="${PORT}" -Dquarkus.log.level=WARN \
    -jar target/quarkus-app/quarkus-run.jar > "${WORK}/service.log" 2>&1 &
  PID=$!
}
stop() {
  kill "${PID}"; wait "${PID}" 2>/dev/null || true; PID=
}
call() { curl -sf -X "$1" -H 'X-Tenant: startup' -H 'Content-Type: application/json' ${3:+--data "$3"} "${BASE}$2" \
  > /dev/null; }
wait_ready() { for _ in $(seq 1 600); do curl -sf -o /dev/null "${BASE}/q/health/ready" && return 0; sleep 0.1; done
  echo "the service did not start: ${WORK}/service.log" >&2; cat "${WORK}/service.log" >&2; exit 2; }

# The first start migrates the catalog; then one table with one record.
STARTUP_OPTS= start  # (migrates, whatever STARTUP_OPTS say)
wait_ready
call POST /api/apps/ '{"name": "shop"}'
call POST /api/apps/shop/datasources/ '{"name": "main", "provider_type": "flat_table"}'
call POST /api/apps/shop/datasources/main/datatables/ '{"name": "items", "json_schema": {"fields": [
  {"name": "id", "type": "integer"}, {"name": "name", "type": "string"}], "primaryKey": ["id"]}}'
call POST /api/apps/shop/datasources/main/datatables/items/records/ '{"id": 1, "name": "apple"}'
stop

# The training run of the AOT cache: a start and the requests a service answers first.
start -XX:AOTCacheOutput="${WORK}/datably.aot"
wait_ready
for _ in $(seq 1 50); do
  call GET "${RECORD}"
  call GET /api/apps/shop/datasources/main/datatables/items/records/?name=apple
  call PATCH "${RECORD}" '{"name": "apple"}'
done
stop
[ -s "${WORK}/datably.aot" ] || { echo "no AOT cache was written: ${WORK}/service.log" >&2; exit 2; }

measure() { # label, java options...: one run; prints "ms rss_mib"
  local label=$1 t0 t1
  shift
  t0=$(date +%s%N)
  start "$@"
  until curl -sf -o /dev/null -H 'X-Tenant: startup' "${BASE}${RECORD}"; do sleep 0.01; done
  t1=$(date +%s%N)
  local rss
  rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/${PID}/status")
  stop
  echo "$(( (t1 - t0) / 1000000 )) ${rss}"
}
summary() { # label, file of "ms rss" lines
  sort -n "$2" | awk -v label="$1" '{ms[NR] = $1; rss[NR] = $2} END {
    n = asort(rss, r); printf "%-4s first answered read: min %5d ms, median %5d ms, max %5d ms;  RSS after it: median %4d MiB (max %d)\n",
      label, ms[1], ms[int((NR + 1) / 2)], ms[NR], r[int((n + 1) / 2)], r[n]}'
}
echo "cold start to the first answered record read, ${RUNS} runs each, $(nproc) cores, ${JAVA25}"
for i in $(seq 1 "${RUNS}"); do  # interleaved, so a slow moment of the machine hits both
  jvm=$(measure jvm)
  aot=$(measure aot -XX:AOTCache="${WORK}/datably.aot")
  echo "${jvm}" >> "${WORK}/jvm"; echo "${aot}" >> "${WORK}/aot"
  echo "run ${i}: jvm ${jvm% *} ms ${jvm#* } MiB; aot ${aot% *} ms ${aot#* } MiB"
done
summary jvm "${WORK}/jvm"
summary aot "${WORK}/aot"
