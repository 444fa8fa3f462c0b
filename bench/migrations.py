"""Times schema changes of the loaded `orders` tables (see load.py) and what clients see meanwhile.

For each provider and step, a reader thread reads one record by key and a writer thread changes another record's
price, each in a loop, while the change runs; the table prints the change's wall time and, for reads and writes,
their count, median, maximum and failures during it."""
import copy
import json
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request

base, tenant = sys.argv[1], sys.argv[2]
headers = {"Content-Type": "application/json", "X-Tenant": tenant}


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data, headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


class Client(threading.Thread):
    """Reads one record by key in a loop (or, as a writer, changes another record's price)."""

    def __init__(self, path, write=False):
        super().__init__(daemon=True)
        self.path, self.write, self.stop, self.latencies, self.failures = path, write, False, [], 0

    def run(self):
        n = 0
        while not self.stop:
            n += 1
            started = time.perf_counter()
            if self.write:
                status, _ = call("PATCH", self.path, {"price": n % 100 + 0.5})
            else:
                status, _ = call("GET", self.path)
            self.latencies.append((time.perf_counter() - started) * 1000)
            self.failures += status != 200


def fields(schema, change):
    schema = copy.deepcopy(schema)
    change(schema["fields"])
    return schema


def retype(name, type_):
    return lambda fs: [f.update(type=type_) for f in fs if f["name"] == name]


def rename(old, new):
    return lambda fs: [f.update({"name": new, "datably:renamedFrom": old}) for f in fs if f["name"] == old]


print(f"| {'provider: change':<52} | {'change s':>8} | {'reads':>5} | {'p50 ms':>7} | {'max ms':>7} | failed "
      f"| {'writes':>6} | {'p50 ms':>7} | {'max ms':>7} | failed |")
for provider in ("flat_table", "jsonb"):
    table = f"/api/apps/bench/datasources/{provider.replace('_', '-')}/datatables/orders"
    _, current = call("GET", table + "/")
    schema = current["json_schema"]
    steps = [
        ("dry run: qty integer -> number", "?dry_run=true", fields(schema, retype("qty", "number")), None),
        ("add a nullable field", "", fields(schema, lambda fs: fs.append({"name": "color", "type": "string"})), None),
        ("rename note -> remark", "", None, rename("note", "remark")),
        ("qty integer -> number", "", None, retype("qty", "number")),
        ("add a required field with a backfill", "", None,
         lambda fs: fs.append({"name": "priority", "type": "integer", "constraints": {"required": True}})),
    ]
    for name, query, target, change in steps:
        if target is None:
            _, current = call("GET", table + "/")
            target = fields(current["json_schema"], change)
        body = {"json_schema": target}
        if "priority" in json.dumps(target) and not query:
            body["backfill"] = {"priority": 0}
        reader, writer = Client(table + "/records/4242/"), Client(table + "/records/4243/", write=True)
        reader.start()
        writer.start()
        started = time.perf_counter()
        status, answer = call("PATCH", table + "/" + query, body)
        took = time.perf_counter() - started
        reader.stop = writer.stop = True
        reader.join()
        writer.join()
        if status != 200:
            sys.exit(f"{provider}: {name} answered {status}: {json.dumps(answer)[:400]}")
        r, w = reader.latencies or [0], writer.latencies or [0]
        print(f"| {provider + ': ' + name:<52} | {took:8.2f} | {len(r):5d} | {statistics.median(r):7.1f} "
              f"| {max(r):7.1f} | {reader.failures:6d} | {len(w):6d} | {statistics.median(w):7.1f} "
              f"| {max(w):7.1f} | {writer.failures:6d} |")
