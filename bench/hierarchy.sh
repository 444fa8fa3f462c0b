#!/usr/bin/env bash
# Descendants of the root of a 1,000,000-node tree (10 children per node, depth 6) through the service against the
# same recursive CTE in psql (issue 15's acceptance: the service within 1.5x, p50), one run:
#   bench/hierarchy.sh        (NODES=… to change the size, ROUNDS=… the repetitions; default 1,000,000 and 5)
# Packages the service and starts it on port 8091 with its own database (dropped at the end), -Xmx256m, the node cap
# raised to the tree's size (the default 10,000 would cut the walk: that is its point) and a 60 s statement timeout.
# The table is created through the API (flat_table, with manager_id → id), then filled by SQL directly in its physical
# table (an import of a million rows would measure the import), then ANALYZEd.
#
# What is compared: the descendants answer is paged, so its cheapest full form is page 1 with the exact count,
# `GET records/1/descendants/?max_depth=10&page_size=50`: the whole tree is walked (the count needs every node) and
# only 50 records are rendered. psql runs the recursive CTE a client would write for the same answer: the walk with
# CYCLE, its count, and the first 50 by depth then key, as JSON. Both pay a connection and a round trip (curl, psql).
# Prints each time, the p50 of each and their ratio, and the service's peak RSS (VmHWM).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=8091
DB=datably_bench_hierarchy
NODES=${NODES:-1000000}
ROUNDS=${ROUNDS:-5}
source scripts/packaged-service.sh
PACKAGED_SERVICE_OPTS="-Xmx256m -Ddatably.traversal.max-nodes=${NODES} -Ddatably.traversal.statement-timeout=60s" \
  start_packaged_service "${PORT}" "${DB}" /tmp/datably-bench-hierarchy.log
API="http://127.0.0.1:${PORT}/api/apps"
call() { curl -sf -H 'Content-Type: application/json' -H 'X-Tenant: bench' "$@"; }
call -X POST -d '{"name":"bench","slug":"bench"}' "${API}/" > /dev/null
call -X POST -d '{"name":"org","slug":"org","provider_type":"flat_table"}' "${API}/bench/datasources/" > /dev/null
call -X POST -d '{"name":"employees","json_schema":{"fields":[{"name":"id","type":"integer"},
  {"name":"name","type":"string"},{"name":"manager_id","type":"integer"}],"primaryKey":["id"],
  "foreignKeys":[{"fields":["manager_id"],"reference":{"resource":"","fields":["id"]}}]}}' \
  "${API}/bench/datasources/org/datatables/" > /dev/null
TABLE=$(psql -X -At -h 127.0.0.1 -U postgres -d "${DB}" -c "SELECT format('%I.%I', table_schema, table_name)
  FROM information_schema.columns WHERE table_name LIKE '%employees%' AND column_name = 'manager_id' LIMIT 1")
echo "Loading ${NODES} nodes into ${TABLE} …"
# Node g (g ≥ 2) hangs under (g - 2) / 10 + 1: levels of 1, 10, 100, … nodes, depth 6 for a million.
psql -X -q -h 127.0.0.1 -U postgres -d "${DB}" -c "INSERT INTO ${TABLE} (id, name, manager_id)
  SELECT g, 'employee ' || g, CASE WHEN g = 1 THEN NULL ELSE (g - 2) / 10 + 1 END FROM generate_series(1, ${NODES}) g" \
  -c "ANALYZE ${TABLE}"

service() {
  call "${API}/bench/datasources/org/datatables/employees/records/1/descendants/?max_depth=10&page_size=50"
}
CTE="WITH RECURSIVE walk AS (
    SELECT t.id AS k, t.name, t.manager_id, 0 AS depth, ARRAY[t.id] AS path FROM ${TABLE} t WHERE t.id = 1
    UNION ALL
    SELECT t.id, t.name, t.manager_id, w.depth + 1, w.path || t.id FROM walk w JOIN ${TABLE} t ON t.manager_id = w.k
    WHERE w.depth < 10
  ) CYCLE k SET cycled USING cycle_path,
  found AS MATERIALIZED (SELECT * FROM walk WHERE NOT cycled AND depth > 0)
  SELECT (SELECT count(*) FROM found),
    (SELECT json_agg(json_build_object('id', f.k, 'name', f.name, 'manager_id', f.manager_id, 'depth', f.depth,
       'path', f.path)) FROM (SELECT * FROM found ORDER BY depth, k LIMIT 50) f)"
psql_cte() { psql -X -At -h 127.0.0.1 -U postgres -d "${DB}" -c "${CTE}"; }

now() { date +%s.%N; }
declare -A times
measure() { # label, command
  local start end took
  start=$(now); "$2" > /tmp/datably-bench-hierarchy.out; end=$(now)
  took=$(python3 -c "print(f'{${end} - ${start}:.3f}')")
  printf '  %-8s %8ss  %s\n' "$1" "${took}" "$(head -c 100 /tmp/datably-bench-hierarchy.out | tr '\n' ' ')"
  times[$1]="${times[$1]:-} ${took}"
}
p50() { python3 -c "import statistics, sys; print(f'{statistics.median(map(float, sys.argv[1:])):.3f}')" $1; }

echo
echo "${NODES} nodes, $(nproc) cores, ${ROUNDS} rounds (one warm-up each first)"
service > /dev/null; psql_cte > /dev/null
for _ in $(seq 1 "${ROUNDS}"); do
  measure service service
  measure psql psql_cte
done
S=$(p50 "${times[service]}"); P=$(p50 "${times[psql]}")
echo
echo "p50: service ${S}s, psql ${P}s, ratio $(python3 -c "print(f'{${S} / ${P}:.2f}')")"
echo "service peak RSS (VmHWM, -Xmx256m): $(grep VmHWM "/proc/${PACKAGED_SERVICE_PID}/status" | awk '{print $2, $3}')"
