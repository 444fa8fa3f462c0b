#!/usr/bin/env python3
"""Compares the statuses the tests produced with the ones /q/openapi documents (README "Client SDKs").

Inputs (both written by `./mvnw test`): target/openapi.json (OpenApiContractTest saves the document) and
target/produced-statuses.tsv (io.datably.testsupport.ProducedStatuses, a test-scope response filter, writes
METHOD<TAB>path template<TAB>status for every answer of an operation).

Fails (exit 1) when an operation answered a status its description does not declare (an SDK would not know that
answer). With --coverage it also fails when a declared 2xx, 400, 404 or 409 was never produced by the tests (a promise
nothing checks), unless listed in NEVER_PRODUCED below with the reason; without it those are listed as gaps. Other
declared statuses never produced (401/403/429/503 from security, 413, 415, 422, ...) are notes.
Run it after the whole test suite: a partial run produces only part of the statuses. .ci/run runs it with --coverage.
"""
import json
import sys
from collections import defaultdict
from pathlib import Path

DOCUMENT = Path("target/openapi.json")
PRODUCED = Path("target/produced-statuses.tsv")
CHECKED = ("2", "400", "404", "409")

# (METHOD, path, status): why the tests need not produce it.
# The 400 of a route that reads no parameter of its own: the guards answer it before routing.
GUARD = ("only the HTTP layer's guards answer it (text that is not UTF-8, dot segments: PathSafetyTest, "
         "BadInputTest), before a route is matched, so the recorder cannot name the operation")
NEVER_PRODUCED = {
    ("DELETE", "/api/apps/{app}/datasources/{ds}/columns/{table}", "400"): GUARD,
    ("DELETE", "/api/apps/{app}/datasources/{ds}/columns/{table}/{column}", "400"): GUARD,
    ("GET", "/api/apps/{app}/datasources/{ds}/columns", "400"): GUARD,
    ("GET", "/api/apps/{app}/datasources/{ds}/columns/{table}", "400"): GUARD,
    ("GET", "/api/apps/{app}/datasources/{ds}/columns/{table}/{column}", "400"): GUARD,
    ("GET", "/api/apps/{app}/datasources/{ds}/openapi", "400"): GUARD,
    ("GET", "/api/apps/{app}/openapi", "400"): GUARD,
    ("POST", "/api/apps/{app}/datasources/{ds}/columns", "400"): GUARD,
    ("POST", "/api/apps/{app}/datasources/{ds}/columns/{table}", "400"): GUARD,
    ("PUT", "/api/apps/{app}/datasources/{ds}/columns/{table}", "400"): GUARD,
    ("PUT", "/api/apps/{app}/datasources/{ds}/columns/{table}/{column}", "400"): GUARD,
    ("PATCH", "/api/apps/{app}/datasources/{ds}/records/{table}/{ids}", "409"):
        "an increment that makes a unique value a duplicate (1009); TreeQL's increments are a read then a write, "
        "as its other writes are, whose 409s the tests produce",
    ("GET", "/api/apps/{app}/datasources/{ds}/datatables/{table}/imports/{id}/events", "200"):
        "a Server-Sent Events stream passes no response filter; ImportExportContractTests reads it (200, "
        "text/event-stream, its events)",
}
# (METHOD, path, status): why an undocumented answer is right.
UNDOCUMENTED = {
}


def main() -> int:
    coverage = "--coverage" in sys.argv[1:]
    if not DOCUMENT.exists() or not PRODUCED.exists():
        print(f"openapi-statuses: {DOCUMENT} or {PRODUCED} is missing; run ./mvnw test first", file=sys.stderr)
        return 2
    document = json.loads(DOCUMENT.read_text())
    declared = {}
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if method in ("get", "put", "post", "patch", "delete", "head", "options"):
                declared[(method.upper(), path)] = set(operation.get("responses", {}).keys())
    produced = defaultdict(set)
    for line in PRODUCED.read_text().splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            produced[(parts[0], parts[1])].add(parts[2])

    failures, gaps, reports = [], [], []
    for operation, statuses in sorted(produced.items()):
        if operation not in declared:
            if operation[0] not in ("HEAD", "OPTIONS"):
                failures.append(f"{operation[0]} {operation[1]}: answered but not in the document")
            continue
        for status in sorted(statuses - declared[operation]):
            if (*operation, status) in UNDOCUMENTED:
                continue
            failures.append(f"{operation[0]} {operation[1]}: answered {status}, which is not documented")
    for operation, statuses in sorted(declared.items()):
        for status in sorted(statuses - produced.get(operation, set())):
            key = (*operation, status)
            line = f"{operation[0]} {operation[1]}: documents {status}, which no test produced"
            if key in NEVER_PRODUCED:
                continue
            if status.startswith(CHECKED[0]) or status in CHECKED[1:]:
                (failures if coverage else gaps).append(line)
            else:
                reports.append(line)
    for line in reports:
        print("note: " + line)
    for line in gaps:
        print("gap: " + line)
    for line in failures:
        print("FAIL: " + line)
    print(f"openapi-statuses: {len(declared)} operations, {sum(len(s) for s in produced.values())} produced "
          f"statuses, {len(failures)} failures, {len(gaps)} gaps, {len(reports)} notes")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
