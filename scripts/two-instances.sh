#!/usr/bin/env bash
# Two service instances sharing one database, as replicas do:
#  - a schema change made through one instance is what the other serves on its very next request;
#  - two schema changes of one table sent at once, one to each instance, run one after the other (the advisory
#    lock is PostgreSQL's, so it holds across instances), each against the schema the other left;
#  - a replica told to stop (SIGTERM) drains: its readiness turns false at once while it still answers requests.
# Exits non-zero on the first check that fails.  Usage: bash scripts/two-instances.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/packaged-service.sh

DB=datably_two_instances
A=http://127.0.0.1:8093
B=http://127.0.0.1:8094
start_packaged_service 8093 "${DB}" /tmp/datably-instance-a.log
# B drains for 3 s when stopped (QUARKUS_SHUTDOWN_DELAY, as Kubernetes runs it): checked at the end.
DATABLY_DB_NAME=${DB} QUARKUS_SHUTDOWN_DELAY=3S java -Dquarkus.http.port=8094 -Dquarkus.log.level=WARN \
  -jar target/quarkus-app/quarkus-run.jar > /tmp/datably-instance-b.log 2>&1 &
B_PID=$!
trap 'kill ${B_PID} 2>/dev/null || true; wait ${B_PID} 2>/dev/null || true; stop_packaged_service' EXIT
for _ in $(seq 1 60); do curl -sf "${B}/q/health/ready" >/dev/null && break; sleep 1; done

fail() { echo "FAIL: $*" >&2; exit 1; }
# call METHOD URL [BODY] -> prints the body; fails unless the status is 2xx
call() {
  local out status
  out=$(curl -s -w '\n%{http_code}' -X "$1" -H 'X-Tenant: replicas' -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "$2")
  status=${out##*$'\n'}
  [[ ${status} == 2* ]] || fail "$1 $2 answered ${status}: ${out%$'\n'*}"
  printf '%s' "${out%$'\n'*}"
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {'d': d}))" "$1"; }

T=/api/apps/shop/datasources/main/datatables/items
call POST "${A}/api/apps/" '{"name": "shop"}' >/dev/null
call POST "${A}/api/apps/shop/datasources/" '{"name": "main", "provider_type": "flat_table"}' >/dev/null
V1='{"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}], "primaryKey": ["id"]}'
call POST "${A}/api/apps/shop/datasources/main/datatables/" "{\"name\": \"items\", \"json_schema\": ${V1}}" >/dev/null
call POST "${A}${T}/records/" '[{"id": 1, "name": "apple"}, {"id": 2, "name": "pear"}]' >/dev/null

# B serves the table (and caches what it may) before the change.
[[ $(call GET "${B}${T}/records/1/" | json "d['name']") == apple ]] || fail "B does not read the record"

V2='{"fields": [{"name": "id", "type": "integer"}, {"name": "title", "type": "string", "datably:renamedFrom": "name"}], "primaryKey": ["id"]}'
call PATCH "${A}${T}/" "{\"json_schema\": ${V2}}" >/dev/null
[[ $(call GET "${B}${T}/records/1/" | json "d.get('title')") == apple ]] || fail "B still serves the old schema"
[[ $(call GET "${B}${T}/records/?title=pear" | json "d['count']") == 1 ]] || fail "B cannot filter by the new name"
[[ $(call GET "${B}${T}/" | json "d['schema_version']") == 2 ]] || fail "B reports another schema version"
echo "ok: a change made through instance A is served by instance B at once"

X='{"fields": [{"name": "id", "type": "integer"}, {"name": "title", "type": "string"}, {"name": "x", "type": "string"}], "primaryKey": ["id"]}'
Y='{"fields": [{"name": "id", "type": "integer"}, {"name": "title", "type": "string"}, {"name": "y", "type": "integer"}], "primaryKey": ["id"]}'
call PATCH "${A}${T}/" "{\"json_schema\": ${X}}" > /tmp/two-instances-x.json &
X_PID=$!
call PATCH "${B}${T}/" "{\"json_schema\": ${Y}}" > /tmp/two-instances-y.json &
Y_PID=$!
wait ${X_PID} || fail "the change sent to A failed"
wait ${Y_PID} || fail "the change sent to B failed"
[[ $(call GET "${A}${T}/" | json "d['schema_version']") == 4 ]] || fail "the two changes did not both apply"
[[ $(call GET "${A}${T}/operations/" | json "[o['operation'] for o in d['results']].count('update')") == 3 ]] \
  || fail "the history does not show three updates"
[[ $(call GET "${B}${T}/records/?ordering=id" | json "d['count']") == 2 ]] || fail "records were lost"
echo "ok: two changes sent at once to two instances ran one after the other"

kill -TERM "${B_PID}"
sleep 0.5
ready=$(curl -s -o /dev/null -w '%{http_code}' "${B}/q/health/ready")
[[ ${ready} == 503 ]] || fail "B, draining, answers readiness ${ready} (503 expected)"
[[ $(call GET "${B}${T}/records/1/" | json "d.get('title')") == apple ]] || fail "B, draining, stopped serving"
wait "${B_PID}" || true
echo "ok: a stopped replica turns unready at once and serves while it drains"
