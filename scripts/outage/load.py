#!/usr/bin/env python3
"""Steady reads and writes against one table while PostgreSQL is restarted (scripts/pg-restart.sh).

Each client creates, reads by key, lists a page and reads through TreeQL. Writes are creates with client-supplied keys, so each acknowledged one (201) can be looked for afterwards. Every
answer is recorded: status, code, Retry-After. Readiness (/q/health/ready) is polled every 100 ms. Runs until the
file STOP exists, then prints a JSON summary on stdout.
"""
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request

BASE, TABLE, TENANT, STOP = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
# The same table in TreeQL: .../datasources/{ds}/records/{table}
TREEQL = TABLE.replace("/datatables/", "/records/")
WORKERS = 4
lock = threading.Lock()
answers = []          # (t, kind, status, code, retry_after, detail, key of a create)
acknowledged = []     # keys of creates answered 201
readiness = []        # (t, status)
next_key = [1_000_000]


def call(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"X-Tenant": TENANT, "Content-Type": "application/json",
                                          "Accept": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers
    except Exception as e:  # the connection itself failed: the service did not answer
        return 0, str(e).encode(), {}


def record(kind, status, body, headers, key=None):
    code = detail = None
    if status >= 400:
        try:
            doc = json.loads(body)
            code, detail = doc.get("code"), doc.get("detail", doc.get("message"))  # TreeQL: code, message
        except ValueError:
            detail = body[:200].decode(errors="replace")
    with lock:
        answers.append((time.time(), kind, status, code, headers.get("Retry-After") if headers else None, detail, key))


def worker(n):
    i = 0
    while not os.path.exists(STOP):
        i += 1
        with lock:
            key = next_key[0]
            next_key[0] += 1
        status, body, headers = call("POST", f"{BASE}{TABLE}/records/", {"id": key, "name": f"w{n}-{i}"})
        record("create", status, body, headers, key)
        if status == 201:
            with lock:
                acknowledged.append(key)
        status, body, headers = call("GET", f"{BASE}{TABLE}/records/{key if status == 201 else 1}/")
        record("read", status, body, headers)
        status, body, headers = call("GET", f"{BASE}{TABLE}/records/?page_size=5&ordering=-id")
        record("list", status, body, headers)
        status, body, headers = call("GET", f"{BASE}{TREEQL}/1")
        record("treeql", status, body, headers)


def ready_poller():
    while not os.path.exists(STOP):
        status, _, _ = call("GET", f"{BASE}/q/health/ready")
        with lock:
            readiness.append((time.time(), status))
        time.sleep(0.1)


threads = [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)] + [threading.Thread(target=ready_poller)]
for t in threads:
    t.start()
for t in threads:
    t.join()
json.dump({"answers": answers, "acknowledged": acknowledged, "readiness": readiness}, sys.stdout)
