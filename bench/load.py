"""Creates the bench app and loads 5,000 customers and ROWS orders (referencing them) into a flat_table and a jsonb
datasource, 1000 records per request."""
import json
import random
import sys
import urllib.request

base, tenant, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
headers = {"Content-Type": "application/json", "X-Tenant": tenant}


def post(path, body):
    request = urllib.request.Request(base + path, json.dumps(body).encode(), headers, method="POST")
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status


schema = {"fields": [
    {"name": "id", "type": "integer"},
    {"name": "customer_name", "type": "string"},
    {"name": "category", "type": "string"},
    {"name": "price", "type": "number"},
    {"name": "qty", "type": "integer"},
    {"name": "created_at", "type": "datetime"},
    {"name": "note", "type": "string"},
    {"name": "customer_id", "type": "integer"}],
    "primaryKey": ["id"], "datably:search": {"fields": ["customer_name", "note"], "language": "english"},
    "foreignKeys": [{"fields": ["customer_id"], "reference": {"resource": "customers", "fields": ["id"]}}]}
customers = {"fields": [
    {"name": "id", "type": "integer"},
    {"name": "name", "type": "string"},
    {"name": "tier", "type": "string"}],
    "primaryKey": ["id"]}
tiers = ["gold", "silver", "bronze", "basic", "basic", "basic", "basic", "basic", "basic", "basic"]
words = ["express", "delivery", "gift", "wrapped", "fragile", "return", "priority", "standard", "bulk", "sample"]
categories = ["books", "games", "music", "garden", "tools", "toys", "food", "sports"]

post("/api/apps/", {"name": "Bench", "slug": "bench"})
rng = random.Random(42)
for provider in ("flat_table", "jsonb"):
    slug = provider.replace("_", "-")
    post("/api/apps/bench/datasources/", {"name": provider, "slug": slug, "provider_type": provider})
    post(f"/api/apps/bench/datasources/{slug}/datatables/", {"name": "customers", "json_schema": customers})
    for start in range(0, 5000, 1000):
        post(f"/api/apps/bench/datasources/{slug}/datatables/customers/records/", [
            {"id": i, "name": f"customer {i}", "tier": tiers[i % len(tiers)]} for i in range(start, start + 1000)])
    post(f"/api/apps/bench/datasources/{slug}/datatables/", {"name": "orders", "json_schema": schema})
    for start in range(1, rows + 1, 1000):
        batch = [{
            "id": i,
            "customer_name": f"customer {rng.randrange(5000)}",
            "category": rng.choice(categories),
            "price": round(rng.uniform(1, 200), 2),
            "qty": rng.randrange(1, 20),
            "created_at": f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T{rng.randrange(24):02d}:00:00Z",
            "note": " ".join(rng.sample(words, 3)),
            "customer_id": rng.randrange(5000),
        } for i in range(start, min(start + 1000, rows + 1))]
        post(f"/api/apps/bench/datasources/{slug}/datatables/orders/records/", batch)
    print(f"  {provider}: {rows} records")
