#!/usr/bin/env bash
# Graph BFS through the service against the same recursive CTE in psql (issue 15's acceptance: within 1.5x, p50):
#   bench/graph.sh           (NODES=…, EDGES=…, DEPTH=…, LIMIT=…, ROUNDS=…; default 100,000, 1,000,000, 3, 10000, 7)
# Packages the service and starts it on port 8090 with -Xmx256m and its own database (dropped at the end), creates a
# flat_table datasource with people and follows(follower_id, followee_id, weight) through the API, then loads NODES
# people and EDGES follows (each person follows EDGES/NODES others, chosen at random with a fixed seed) with SQL straight
# into the physical tables and ANALYZEs them. Then alternates, ROUNDS times: GET .../people/graph/traverse/?start=1&
# max_depth=DEPTH&limit=LIMIT timed around curl, and the statement the service runs for it (SqlGraph's level CTE, with
# the records rendered as JSON, the same limit and so the same result) timed around psql. Both pay a connection and a
# round trip. Prints each time, the p50 of each and their ratio, the nodes answered, and the service's peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=8090
DB=datably_bench_graph
NODES=${NODES:-100000}
EDGES=${EDGES:-1000000}
DEPTH=${DEPTH:-3}
LIMIT=${LIMIT:-10000}
ROUNDS=${ROUNDS:-7}
source scripts/packaged-service.sh
PACKAGED_SERVICE_OPTS="-Xmx256m" start_packaged_service "${PORT}" "${DB}" /tmp/datably-bench-graph.log
API="http://127.0.0.1:${PORT}/api/apps"
call() { curl -sf -H 'Content-Type: application/json' -H 'X-Tenant: bench' "$@"; }
call -X POST -d '{"name": "Bench", "slug": "bench"}' "${API}/" > /dev/null
call -X POST -d '{"name": "flat", "slug": "flat", "provider_type": "flat_table"}' "${API}/bench/datasources/" > /dev/null
call -X POST "${API}/bench/datasources/flat/datatables/" -d '{"name": "people", "json_schema": {"fields": [
  {"name": "id", "type": "integer"}, {"name": "name", "type": "string"}], "primaryKey": ["id"]}}' > /dev/null
call -X POST "${API}/bench/datasources/flat/datatables/" -d '{"name": "follows", "json_schema": {"fields": [
  {"name": "id", "type": "integer"}, {"name": "follower_id", "type": "integer"},
  {"name": "followee_id", "type": "integer"}, {"name": "weight", "type": "integer"}], "primaryKey": ["id"],
  "foreignKeys": [{"fields": ["follower_id"], "reference": {"resource": "people", "fields": ["id"]}},
                  {"fields": ["followee_id"], "reference": {"resource": "people", "fields": ["id"]}}]}}' > /dev/null

table_of() { # a column only that table has
  psql -X -At -h 127.0.0.1 -U postgres -d "${DB}" -c "SELECT format('%I.%I', c.table_schema, c.table_name)
    FROM information_schema.columns c WHERE c.table_name LIKE '%$1%' AND c.column_name = '$2' LIMIT 1"
}
PEOPLE=$(table_of people name)
FOLLOWS=$(table_of follows follower_id)
echo "Loading ${NODES} people and ${EDGES} follows into ${PEOPLE} and ${FOLLOWS} …"
psql -X -q -h 127.0.0.1 -U postgres -d "${DB}" <<SQL
INSERT INTO ${PEOPLE} (id, name) SELECT i, 'p' || i FROM generate_series(1, ${NODES}) i;
SELECT setseed(0.15);
INSERT INTO ${FOLLOWS} (id, follower_id, followee_id, weight)
  SELECT i, 1 + (i - 1) % ${NODES}, 1 + floor(random() * ${NODES})::int, 1 + floor(random() * 5)::int
  FROM generate_series(1, ${EDGES}) i;
ANALYZE ${PEOPLE};
ANALYZE ${FOLLOWS};
SQL

# The statement SqlGraph builds for this walk (out edges, no filters), values written in.
CTE="WITH RECURSIVE lv(depth, ids, paths, seen) AS (
  SELECT 0, ARRAY[t.\"id\"], jsonb_build_array(jsonb_build_array(t.\"id\")), ARRAY[t.\"id\"] FROM ${PEOPLE} AS t
  WHERE (t.\"id\" = 1)
  UNION ALL SELECT lv.depth + 1, n.ids, n.paths, lv.seen || n.ids FROM lv CROSS JOIN LATERAL (
    SELECT array_agg(c.id ORDER BY c.pos, c.id) AS ids,
           jsonb_agg((lv.paths -> (c.pos - 1)::int) || jsonb_build_array(c.id) ORDER BY c.pos, c.id) AS paths
    FROM (SELECT DISTINCT ON (t.\"id\") t.\"id\" AS id, f.pos FROM unnest(lv.ids) WITH ORDINALITY AS f(id, pos)
          CROSS JOIN LATERAL (SELECT e.\"followee_id\" AS next FROM ${FOLLOWS} AS e WHERE e.\"follower_id\" = f.id) AS h
          JOIN ${PEOPLE} AS t ON t.\"id\" = h.next LEFT JOIN unnest(lv.seen) AS s(id) ON s.id = t.\"id\"
          WHERE s.id IS NULL AND TRUE ORDER BY t.\"id\", f.pos) AS c) AS n
  WHERE lv.depth < ${DEPTH} AND n.ids IS NOT NULL AND cardinality(lv.seen) <= ${LIMIT}),
page AS (SELECT lv.depth, v.id, v.pos, lv.paths -> (v.pos - 1)::int AS path FROM lv,
         unnest(lv.ids) WITH ORDINALITY AS v(id, pos) ORDER BY lv.depth, v.pos LIMIT $((LIMIT + 1)))
SELECT json_build_object('over', (SELECT count(*) FROM page) > ${LIMIT}, 'visits', coalesce((SELECT json_agg(
  json_build_object('key', to_json(p.id), 'depth', p.depth, 'path', p.path, 'record',
  (SELECT row_to_json(x.*) FROM (SELECT (x.r).\"id\" AS \"id\", (x.r).\"name\" AS \"name\") x)) ORDER BY p.depth, p.pos)
  FROM page AS p JOIN LATERAL (SELECT ROW(t.*)::${PEOPLE} AS r FROM ${PEOPLE} AS t WHERE t.\"id\" = p.id) AS x ON TRUE),
  '[]'::json))::text"

now() { date +%s.%N; }
declare -A times
measure() { # label, command...
  local label=$1; shift
  local start end took
  start=$(now); "$@" > /tmp/datably-bench-graph.out; end=$(now)
  took=$(python3 -c "print(f'{${end} - ${start}:.4f}')")
  printf '  %-8s %8ss  %s bytes\n' "${label}" "${took}" "$(wc -c < /tmp/datably-bench-graph.out)"
  times[${label}]="${times[${label}]:-} ${took}"
}
service() {
  call "${API}/bench/datasources/flat/datatables/people/graph/traverse/?start=1&max_depth=${DEPTH}&limit=${LIMIT}"
}
cte() {
  psql -X -At -h 127.0.0.1 -U postgres -d "${DB}" -c "${CTE}"
}
echo
echo "${NODES} nodes, ${EDGES} edges, BFS to depth ${DEPTH}, limit ${LIMIT}, $(nproc) cores, ${ROUNDS} rounds"
service > /dev/null # warm-up: the first request plans and loads classes
cte > /dev/null
for _ in $(seq 1 "${ROUNDS}"); do
  measure service service
  measure psql cte
done
nodes=$(service | python3 -c "import json,sys; a=json.load(sys.stdin); print(a['count'], 'nodes, truncated:', a['truncated'])")
psql_nodes=$(cte | python3 -c "import json,sys; a=json.load(sys.stdin); print(len(a['visits']))")
median() { python3 -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[1:])):.4f}')" $1; }
s=$(median "${times[service]}")
p=$(median "${times[psql]}")
echo
echo "answered: service ${nodes}; psql ${psql_nodes} visits (limit+1 at most)"
echo "p50 service ${s}s, p50 psql ${p}s, ratio $(python3 -c "print(f'{${s} / ${p}:.2f}')")"
echo "service peak RSS (-Xmx256m): $(grep VmHWM "/proc/${PACKAGED_SERVICE_PID}/status" | awk '{print $2/1024 " MiB"}')"
