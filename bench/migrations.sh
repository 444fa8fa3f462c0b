#!/usr/bin/env bash
# Schema changes of a 100,000-record table on the packaged service (JVM), per PostgreSQL provider, with a reader
# reading by key meanwhile:  bench/migrations.sh   (ROWS=… to change the size)
# Starts the service on port 8088 with its own database (dropped at the end) and loads data as bench/run.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=8088
ROWS=${ROWS:-100000}
source scripts/packaged-service.sh
start_packaged_service "${PORT}" datably_bench_migrations /tmp/datably-bench-migrations.log
echo "Loading ${ROWS} records per provider …"
python3 bench/load.py "http://127.0.0.1:${PORT}" bench "${ROWS}"
psql -X -q -h 127.0.0.1 -U postgres -d datably_bench_migrations -c "ANALYZE"
echo
echo "${ROWS} records, $(nproc) cores"
python3 bench/migrations.py "http://127.0.0.1:${PORT}" bench
