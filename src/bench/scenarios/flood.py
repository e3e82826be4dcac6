"""Runs high-water at LEVEL as a job and waits for it; prints "seconds buildings_flooded" where seconds is the job's
own finished - started. Usage: flood.py BASE_URL KEY LEVEL"""
import http.client
import json
import re
import sys
import time
import urllib.parse
from datetime import datetime

base, key, level = sys.argv[1], sys.argv[2], float(sys.argv[3])
u = urllib.parse.urlsplit(base)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)


def call(method, path, body=None):
    headers = {"X-API-Key": key, "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    r = conn.getresponse()
    return r.status, json.loads(r.read() or b"null")


status, job = call("POST", "/processes/high-water/execution", {"inputs": {"level": level}})
if status != 201:
    sys.exit(f"execution answered {status}: {job}")
job_id = job["jobID"]
while True:
    status, job = call("GET", f"/jobs/{job_id}")
    if job["status"] not in ("accepted", "running"):
        break
    time.sleep(0.2)
if job["status"] != "successful":
    sys.exit(f"job {job_id} ended {job['status']}: {job.get('message')}")


def instant(text):
    # RFC 3339 with any number of fractional digits: Python reads at most six
    text = re.sub(r"(\.\d{6})\d+", r"\1", text.replace("Z", "+00:00"))
    return datetime.fromisoformat(text)


took = (instant(job["finished"]) - instant(job["started"])).total_seconds()
status, results = call("GET", f"/jobs/{job_id}/results")
summary = results.get("summary", results)
print(f"{took:.2f} {summary.get('buildings_flooded', '?')}")
