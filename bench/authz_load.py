"""Creates app `hr` (tenant `example`, the one policies/examples/hr.yaml restricts), datasource `flat` (flat_table),
5 `departments` and ROWS `employees` referencing them, 1000 records per request, as the local admin (X-Tenant).
Employee i is in department DEPARTMENTS[i % 5] (so id 5 is in sales, id 1 in engineering); salaries are
30,000-149,999, uniform, from a fixed seed, so every run filters the same rows."""
import json
import random
import sys
import urllib.request

DEPARTMENTS = ["sales", "engineering", "marketing", "finance", "support"]
base, rows = sys.argv[1], int(sys.argv[2])
headers = {"Content-Type": "application/json", "X-Tenant": "example"}


def post(path, body):
    request = urllib.request.Request(base + path, json.dumps(body).encode(), headers, method="POST")
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status


tables = "/api/apps/hr/datasources/flat/datatables/"
post("/api/apps/", {"name": "HR", "slug": "hr"})
post("/api/apps/hr/datasources/", {"name": "flat", "slug": "flat", "provider_type": "flat_table"})
post(tables, {"name": "departments", "json_schema": {"fields": [
    {"name": "department", "type": "string"},
    {"name": "floor", "type": "integer"}], "primaryKey": ["department"]}})
post(tables + "departments/records/", [{"department": d, "floor": i + 1} for i, d in enumerate(DEPARTMENTS)])
post(tables, {"name": "employees", "json_schema": {"fields": [
    {"name": "id", "type": "integer"},
    {"name": "name", "type": "string"},
    {"name": "department", "type": "string"},
    {"name": "salary", "type": "integer"}], "primaryKey": ["id"],
    "foreignKeys": [{"fields": ["department"], "reference": {"resource": "departments", "fields": ["department"]}}]}})
rng = random.Random(12)
for start in range(1, rows + 1, 1000):
    post(tables + "employees/records/", [{
        "id": i, "name": f"employee {i}", "department": DEPARTMENTS[i % 5], "salary": rng.randrange(30000, 150000),
    } for i in range(start, min(start + 1000, rows + 1))])
print(f"  {rows} employees in {len(DEPARTMENTS)} departments")
