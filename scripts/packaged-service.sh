# Sourced by bench/run.sh and scripts/treeql-conformance.sh (from the repository root):
#   start_packaged_service PORT DB LOG
# packages the service (so a stale jar is never measured), gives it a fresh database DB, starts it on PORT with its
# log in LOG, waits until it is ready, and drops the database and stops the service when the calling script exits.
# PACKAGED_SERVICE_OPTS: more JVM options (settings such as -Dquarkus.oidc.auth-server-url=...);
# PACKAGED_SERVICE_BUILT=1: the caller has just packaged it.
start_packaged_service() {
  local port=$1 db=$2 log=$3
  [ -n "${PACKAGED_SERVICE_BUILT:-}" ] || ./mvnw -q -DskipTests package
  psql -X -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" \
    -c "CREATE DATABASE ${db}"
  # shellcheck disable=SC2086 # the options are separate words
  DATABLY_DB_NAME=${db} java ${PACKAGED_SERVICE_OPTS:-} -Dquarkus.http.port="${port}" -Dquarkus.log.level=WARN \
    -jar target/quarkus-app/quarkus-run.jar > "${log}" 2>&1 &
  PACKAGED_SERVICE_PID=$!
  PACKAGED_SERVICE_DB=${db}
  # A caller with an EXIT trap of its own (stopping more than this service) calls stop_packaged_service from it.
  [ -n "$(trap -p EXIT)" ] || trap stop_packaged_service EXIT
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:${port}/q/health/ready" >/dev/null && return 0; sleep 1; done
  echo "service did not start; see ${log}" >&2
  exit 2
}

stop_packaged_service() {
  kill "${PACKAGED_SERVICE_PID}" 2>/dev/null || true
  wait "${PACKAGED_SERVICE_PID}" 2>/dev/null || true
  psql -X -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS ${PACKAGED_SERVICE_DB} WITH (FORCE)" \
    || true
}
