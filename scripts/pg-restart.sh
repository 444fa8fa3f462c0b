#!/usr/bin/env bash
# PostgreSQL restarted under a steady read/write load, as an operator would (pg_ctlcluster … restart -m fast):
#  - every answer during the outage is 2xx or 503 (DS503, Retry-After, naming PostgreSQL), never a 500;
#  - readiness turns false during the outage and true again within 5 s after PostgreSQL accepts connections;
#  - every acknowledged write (a create answered 201) is in the database afterwards.
# The cluster restarted is one of its own (Debian's pg_createcluster, port PG_RESTART_DB_PORT, default 5439, made for
# the run and dropped after it), so the machine's PostgreSQL and whatever uses it are never touched. Needs root (or
# the postgres user's rights) for pg_createcluster. Exits non-zero on a failed check.
# Usage: bash scripts/pg-restart.sh   (the packaged service on PG_RESTART_PORT, default 8097)
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PG_RESTART_PORT:-8097}
DB_PORT=${PG_RESTART_DB_PORT:-5439}
PG_VERSION=$(ls /etc/postgresql | sort -V | tail -1)
CLUSTER=datably_outage
DB=datably_pg_restart
TENANT=outage
BASE=http://127.0.0.1:${PORT}
LOG=/tmp/datably-pg-restart.log
SERVICE_PID=

stop_all() {
  [ -z "${SERVICE_PID}" ] || { kill "${SERVICE_PID}" 2>/dev/null || true; wait "${SERVICE_PID}" 2>/dev/null || true; }
  pg_dropcluster --stop "${PG_VERSION}" "${CLUSTER}" 2>/dev/null || true
}
trap stop_all EXIT

# A cluster of the run's own, trusting local connections like the machine's.
pg_dropcluster --stop "${PG_VERSION}" "${CLUSTER}" 2>/dev/null || true
pg_createcluster --port "${DB_PORT}" "${PG_VERSION}" "${CLUSTER}" -- --auth-host=trust --auth-local=trust >/dev/null
pg_ctlcluster --skip-systemctl-redirect "${PG_VERSION}" "${CLUSTER}" start
psql -X -q -h 127.0.0.1 -p "${DB_PORT}" -U postgres -d postgres -c "CREATE DATABASE ${DB}"

[ -n "${PACKAGED_SERVICE_BUILT:-}" ] || ./mvnw -q -DskipTests package
DATABLY_DB_PORT=${DB_PORT} DATABLY_DB_NAME=${DB} java -Dquarkus.http.port="${PORT}" -Dquarkus.log.level=WARN \
  -jar target/quarkus-app/quarkus-run.jar > "${LOG}" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 60); do curl -sf "${BASE}/q/health/ready" >/dev/null && break; sleep 1; done
curl -sf "${BASE}/q/health/ready" >/dev/null || { echo "service did not start; see ${LOG}" >&2; exit 2; }

fail() { echo "FAIL: $*" >&2; exit 1; }
post() {
  local status
  status=$(curl -s -o /tmp/pg-restart-answer.json -w '%{http_code}' -X POST -H "X-Tenant: ${TENANT}" \
    -H 'Content-Type: application/json' --data "$2" "${BASE}$1")
  [[ ${status} == 201 ]] || fail "POST $1 answered ${status}: $(cat /tmp/pg-restart-answer.json)"
}
post /api/apps/ '{"name": "outage"}'
post /api/apps/outage/datasources/ '{"name": "main", "provider_type": "flat_table"}'
post /api/apps/outage/datasources/main/datatables/ \
  '{"name": "items", "json_schema": {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}], "primaryKey": ["id"]}}'
post /api/apps/outage/datasources/main/datatables/items/records/ '{"id": 1, "name": "first"}'
TABLE=/api/apps/outage/datasources/main/datatables/items

STOP=$(mktemp -u /tmp/pg-restart-stop.XXXXXX)
python3 scripts/outage/load.py "${BASE}" "${TABLE}" "${TENANT}" "${STOP}" > /tmp/pg-restart-summary.json &
LOAD_PID=$!
sleep 3
T_RESTART=$(date +%s.%N)
pg_ctlcluster --skip-systemctl-redirect "${PG_VERSION}" "${CLUSTER}" restart -m fast
until pg_isready -q -h 127.0.0.1 -p "${DB_PORT}"; do sleep 0.05; done
T_PG_UP=$(date +%s.%N)
echo "PostgreSQL restarted: down for $(python3 -c "print(round(${T_PG_UP} - ${T_RESTART}, 2))") s"
sleep 10
touch "${STOP}"
wait "${LOAD_PID}"
rm -f "${STOP}"
python3 scripts/outage/check.py /tmp/pg-restart-summary.json "${T_RESTART}" "${T_PG_UP}" "${DB_PORT}" "${DB}" \
  "t_${TENANT}" outage_items \
  || fail "see above; the service's log: ${LOG}"
echo "ok: PostgreSQL restarted under load: only 2xx and 503 DS503 answers, ready again in time, no acknowledged write lost"
