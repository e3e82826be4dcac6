"""Walks PAGES pages (by their next links) of a scenario's collection and of the baseline's, REPS rounds, the order
alternating; prints "ratio scenario_walk_s baseline_walk_s" (medians). The first round checks that every scenario
page holds edited features (their ids in EDITED_FILE) and the same number of features as the baseline's.
Usage: pages.py SCENARIO_URL BASELINE_URL KEY PAGES REPS EDITED_FILE"""
import http.client
import json
import statistics
import sys
import time
import urllib.parse

scenario, baseline, key, pages, reps, edited_file = sys.argv[1:7]
pages, reps = int(pages), int(reps)
edited = set(line.strip() for line in open(edited_file))
conns = {}


def get(url):
    u = urllib.parse.urlsplit(url)
    conn = conns.setdefault((u.hostname, u.port), http.client.HTTPConnection(u.hostname, u.port, timeout=120))
    conn.request("GET", u.path + ("?" + u.query if u.query else ""),
                 headers={"X-API-Key": key, "Accept": "application/geo+json"})
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        sys.exit(f"GET {url} answered {r.status}: {body[:300]!r}")
    return body


def walk(first, check=None):
    url, took = first, 0.0
    for i in range(pages):
        t = time.perf_counter()
        body = get(url)
        took += time.perf_counter() - t
        doc = json.loads(body)
        if check is not None:
            check.append(doc)
        url = next((l["href"] for l in doc.get("links", []) if l.get("rel") == "next"), None)
        if url is None and i < pages - 1:
            sys.exit(f"{first}: no next link after page {i + 1}")
    return took


seen_s, seen_b = [], []
walk(scenario, seen_s)
walk(baseline, seen_b)
for i, (s, b) in enumerate(zip(seen_s, seen_b)):
    ids = [f["id"] for f in s["features"]]
    if len(ids) != len(b["features"]):
        sys.exit(f"page {i + 1}: {len(ids)} features in the scenario, {len(b['features'])} in the baseline")
    if not any(str(x) in edited for x in ids):
        sys.exit(f"page {i + 1} of the scenario holds no edited building")
s_times, b_times = [], []
for r in range(reps):
    if r % 2 == 0:
        s_times.append(walk(scenario))
        b_times.append(walk(baseline))
    else:
        b_times.append(walk(baseline))
        s_times.append(walk(scenario))
s_med, b_med = statistics.median(s_times), statistics.median(b_times)
print(f"{s_med / b_med:.2f} {s_med:.3f} {b_med:.3f}")
