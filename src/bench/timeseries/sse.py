#!/usr/bin/env python3
"""Helpers of the live-push benchmark (src/bench/timeseries/sse.sh); Python 3 standard library only.

  sse.py load KEYS PROBE DAY RATE SECONDS SENT
      Writes "key:{json}" lines for `kcat -P -K:` to stdout at RATE observations a second for SECONDS, in
      ticks of 10 ms, flushing after each tick. The load goes round the datastream keys of the file KEYS,
      each at distinct one-second times on DAY; one observation per tick is of the datastream PROBE, at
      DAY plus k seconds for the k-th. SENT gets "k send_ns" per probe observation (the wall clock just
      before its tick was written to the pipe) and, last, "# load N first_ns last_ns" (all observations).
  sse.py listen PORT PATH READY RECEIVED EXPECT TIMEOUT
      Opens GET PATH (an SSE stream) on 127.0.0.1:PORT, writes READY once the stream's first block came,
      then "receive_ns id corrections phenomenonTime" to RECEIVED per data event; stops after EXPECT events
      (or on SIGTERM, or TIMEOUT seconds after the start) and ends RECEIVED with "# end REASON".
  sse.py report SENT RECEIVED WRITTEN PUBLISHED DAY
      Joins them on phenomenonTime (WRITTEN: "phenomenonTime ingested_at_epoch_s" of the stored probe rows;
      PUBLISHED: "timestamp_ms json" of the probe's messages on the change topic, their producer's send time;
      DAY as for load) and prints key=value lines: events, sent, missed, repeated, and p50/p99/max in ms
      (nearest rank) of receive - send, receive - ingested_at, and the two parts of the latter:
      publish - ingested_at (write, commit, describe) and receive - publish (change topic, feed, SSE).
"""
import datetime
import http.client
import json
import math
import signal
import sys
import time


def stamp(day, seconds):
    t = datetime.datetime.fromisoformat(day + "T00:00:00+00:00") + datetime.timedelta(seconds=seconds)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def load(keys_file, probe, day, rate, seconds, sent_file):
    keys = [k.strip() for k in open(keys_file) if k.strip()]
    out = sys.stdout.buffer
    tick = 0.010
    ticks = int(round(seconds / tick))
    per_tick = rate * tick
    owed = 0.0
    n = 0          # load observations written (probe included)
    k = 0          # probe observations
    first = last = None
    start = time.monotonic()
    with open(sent_file, "w") as sent:
        for t in range(ticks):
            due = start + t * tick
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            owed += per_tick
            lines = []
            # the probe first, then the rest of this tick's share
            lines.append('%s:{"datastream":"%s","phenomenonTime":"%s","result":%d}\n'
                         % (probe, probe, stamp(day, k), 20 + k % 50))
            owed -= 1
            while owed >= 1:
                key = keys[n % len(keys)]
                lines.append('%s:{"datastream":"%s","phenomenonTime":"%s","result":%.1f}\n'
                             % (key, key, stamp(day, n // len(keys)), 10 + (n * 7919) % 600 / 10))
                n += 1
                owed -= 1
            now = time.time_ns()
            out.write("".join(lines).encode())
            out.flush()
            sent.write("%d %d\n" % (k, now))
            k += 1
            if first is None:
                first = now
            last = now
        sent.write("# load %d %d %d\n" % (n + k, first, last))


def listen(port, path, ready_file, received_file, expect, timeout):
    stop = {"reason": None}

    def on_term(signum, frame):
        stop["reason"] = "terminated"
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    deadline = time.monotonic() + timeout
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request("GET", path, headers={"Accept": "text/event-stream"})
    resp = conn.getresponse()
    if resp.status != 200:
        sys.exit("the stream answered %d: %s" % (resp.status, resp.read(500)))
    events = 0
    data = None
    with open(received_file, "w") as received:
        try:
            while events < expect:
                if time.monotonic() > deadline:
                    stop["reason"] = "timeout"
                    break
                line = resp.readline()
                now = time.time_ns()
                if not line:
                    stop["reason"] = "the stream ended"
                    break
                line = line.rstrip(b"\r\n")
                if line.startswith(b"data:"):
                    data = line[5:].strip()
                elif line == b"":
                    if ready_file:
                        open(ready_file, "w").close()
                        ready_file = None
                    if data is not None:
                        o = json.loads(data)
                        received.write("%d %d %d %s\n" % (now, o["id"], o["corrections"], o["phenomenonTime"]))
                        events += 1
                        data = None
                elif line.startswith(b"event:") and line[6:].strip() != b"message":
                    stop["reason"] = "event " + line[6:].strip().decode()
                    break
        except KeyboardInterrupt:
            pass
        received.write("# end %s\n" % (stop["reason"] or "all %d events" % expect))


def percentile(values, p):
    v = sorted(values)
    return v[max(0, math.ceil(p / 100 * len(v)) - 1)]


def report(sent_file, received_file, written_file, published_file, day):
    send = {}
    load_line = None
    for line in open(sent_file):
        if line.startswith("# load"):
            load_line = line.split()
            continue
        k, ns = line.split()
        send[stamp(day, int(k))] = int(ns)
    written = {}
    for line in open(written_file):
        if line.strip():
            t, s = line.split()
            written[t] = float(s)
    published = {}
    for line in open(published_file):
        if line.strip():
            ms, payload = line.split(" ", 1)
            t = json.loads(payload)["phenomenonTime"]
            published.setdefault(t, int(ms) / 1000)   # the first publication
    seen = {}
    repeated = 0
    end = "no end line"
    for line in open(received_file):
        if line.startswith("# end"):
            end = line[6:].strip()
            continue
        ns, oid, corr, t = line.split()
        if (oid, corr) in seen:
            repeated += 1
            continue
        seen[(oid, corr)] = (int(ns), t)
    from_send = [(ns - send[t]) / 1e6 for ns, t in seen.values() if t in send]
    from_write = [(ns / 1e9 - written[t]) * 1000 for ns, t in seen.values() if t in written]
    to_publish = [(published[t] - written[t]) * 1000 for t in written if t in published]
    from_publish = [(ns / 1e9 - published[t]) * 1000 for ns, t in seen.values() if t in published]
    times = {t for _, t in seen.values()}
    out = {
        "events": len(seen) + repeated,
        "sent": len(send),
        "missed": len([t for t in send if t not in times]),
        "repeated": repeated,
        "end": '"' + end + '"',
        "load_observations": load_line[2] if load_line else 0,
        "load_first_ns": load_line[3] if load_line else 0,
        "load_last_ns": load_line[4] if load_line else 0,
    }
    for name, values in (("send", from_send), ("write", from_write), ("publish", to_publish),
                         ("feed", from_publish)):
        if values:
            out[name + "_p50_ms"] = "%.1f" % percentile(values, 50)
            out[name + "_p99_ms"] = "%.1f" % percentile(values, 99)
            out[name + "_max_ms"] = "%.1f" % max(values)
    for key, value in out.items():
        print("%s=%s" % (key, value))


if __name__ == "__main__":
    a = sys.argv[1:]
    if a and a[0] == "load" and len(a) == 7:
        load(a[1], a[2], a[3], float(a[4]), float(a[5]), a[6])
    elif a and a[0] == "listen" and len(a) == 7:
        listen(int(a[1]), a[2], a[3], a[4], int(a[5]), float(a[6]))
    elif a and a[0] == "report" and len(a) == 6:
        report(a[1], a[2], a[3], a[4], a[5])
    else:
        sys.exit(__doc__)
