#!/usr/bin/env python3
"""Checks a PostgreSQL restart run (scripts/pg-restart.sh): usage check.py SUMMARY T_RESTART T_PG_UP DB_PORT DB SCHEMA TABLE.

- every answer during the run is 2xx or 503; each 503 is problem+json DS503 (TreeQL: code 9999) with Retry-After,
  naming PostgreSQL and none of its error text;
- readiness turned false during the outage and true again within 5 s after PostgreSQL accepted connections, and
  stayed true;
- requests after the outage succeed;
- every acknowledged create (201) is in the database, and no create answered 503 is.
"""
import json
import subprocess
import sys

summary_file, t_restart, t_up = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
db_port, db, schema, table = sys.argv[4:8]
s = json.load(open(summary_file))
answers, acknowledged, readiness = s["answers"], s["acknowledged"], s["readiness"]
failures = []

by_status = {}
for t, kind, status, code, retry_after, detail, _ in answers:
    by_status[status] = by_status.get(status, 0) + 1
    if 200 <= status < 300:
        continue
    if status != 503:
        failures.append(f"{kind} answered {status} {code} at +{t - t_restart:.2f}s: {detail}")
    elif code != (9999 if kind == "treeql" else "DS503") or not retry_after or "PostgreSQL" not in (detail or ""):
        failures.append(f"{kind} 503 without its code (DS503, TreeQL 9999) / Retry-After / naming PostgreSQL: "
                        f"{code} {retry_after} {detail}")
    elif any(w in (detail or "") for w in ("Exception", "SQLSTATE", "refused", "terminating", "FATAL")):
        failures.append(f"a 503 carries the driver's text: {detail}")

outage_503 = [a for a in answers if a[2] == 503]
down = [t for t, st in readiness if st != 200 and t_restart - 0.5 <= t <= t_up + 5]
ready_again = [t for t, st in readiness if st == 200 and t >= t_up]
if not down:
    failures.append("readiness never turned false during the outage")
if not ready_again:
    failures.append("readiness never came back")
else:
    first_ready = ready_again[0]
    if first_ready - t_up > 5:
        failures.append(f"ready {first_ready - t_up:.2f} s after PostgreSQL (5 s allowed)")
    later_down = [t for t, st in readiness if st != 200 and t > first_ready]
    if later_down:
        failures.append(f"readiness fell again {later_down[0] - t_up:.2f} s after PostgreSQL was up")
tail = [a for a in answers if a[0] > t_up + 5]
if not tail or any(not 200 <= a[2] < 300 for a in tail):
    failures.append(f"requests after the outage did not all succeed ({len(tail)} answers)")

def stored(keys):
    """How many of these keys are records of the table."""
    if not keys:
        return 0
    sql = f'SELECT count(*) FROM "{schema}"."{table}" WHERE id IN ({",".join(str(k) for k in keys)})'
    return int(subprocess.check_output(["psql", "-X", "-At", "-h", "127.0.0.1", "-p", db_port, "-U", "postgres",
                                        "-d", db, "-c", sql]))


found = stored(acknowledged)
if found != len(acknowledged):
    failures.append(f"{len(acknowledged) - found} of {len(acknowledged)} acknowledged creates are missing")
refused = [a[6] for a in answers if a[1] == "create" and a[2] == 503]
if stored(refused):
    failures.append(f"{stored(refused)} of {len(refused)} creates answered 503 were stored all the same")

print(json.dumps({"answers": len(answers), "by_status": by_status, "acknowledged_creates": len(acknowledged),
                  "creates_answered_503": len(refused),
                  "answered_503": len(outage_503),
                  "readiness_down_s": round((max(down) - min(down)) if down else 0, 2),
                  "ready_after_postgres_s": round(ready_again[0] - t_up, 2) if ready_again else None}))
for f in failures[:30]:
    print("FAIL:", f, file=sys.stderr)
sys.exit(1 if failures else 0)
