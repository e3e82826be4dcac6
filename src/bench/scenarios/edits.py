"""Edits buildings of a scenario one after the other through PATCH (JSON merge patch, If-Match: *) on one
keep-alive connection; prints "p50_ms p99_ms total_s". Usage: edits.py ITEMS_URL KEY FEATURE_ID_FILE"""
import http.client
import json
import sys
import time
import urllib.parse

items, key, ids = sys.argv[1], sys.argv[2], sys.argv[3]
u = urllib.parse.urlsplit(items)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
times = []
start = time.perf_counter()
with open(ids) as f:
    for n, fid in enumerate(line.strip() for line in f):
        body = json.dumps({"properties": {"height_m": 10 + (n % 40)}})
        t = time.perf_counter()
        conn.request("PATCH", u.path + urllib.parse.quote(fid, safe=""), body=body,
                     headers={"X-API-Key": key, "If-Match": "*", "Content-Type": "application/merge-patch+json"})
        r = conn.getresponse()
        r.read()
        times.append((time.perf_counter() - t) * 1000)
        if r.status != 204:
            sys.exit(f"PATCH of {fid} answered {r.status}")
total = time.perf_counter() - start
times.sort()
print(f"{times[len(times) // 2]:.2f} {times[int(len(times) * 0.99)]:.2f} {total:.1f}")
