"""Helpers of src/bench/tiles.sh (standard library only).

  capture LOG OFFSET TILES OUT
      Reads the PostgreSQL server log (stderr format, default log_line_prefix) from byte OFFSET on, as written
      with log_statement=all while the app served the tiles of TILES (lines "z x y", in request order), and
      writes to OUT every ST_AsMVT statement the app ran, its bound parameters put in as literals, in the order
      it ran them: the plain-SQL baseline of those tiles. Prints "<statements> <tiles with statements>", then
      fails when a tile of TILES has no statement.
  poll URL ETAG TIMEOUT_S INTERVAL_S
      GETs URL with If-None-Match: ETAG every INTERVAL_S seconds over one keep-alive connection until it
      answers 200 with another ETag; prints the wall-clock instant (epoch seconds) at which that answer had
      arrived, the number of requests and the new ETag. Exit status 1 after TIMEOUT_S without one.
"""
import http.client
import re
import sys
import time
import urllib.parse

RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \[(\d+)\] (\w+):  (.*)$")
PARAM = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')")
PLACEHOLDER = re.compile(r"\$(\d+)\b")


def records(path, offset):
    """(pid, severity, text) of each log record after OFFSET; continuation lines start with a tab."""
    with open(path, "rb") as f:
        f.seek(offset)
        data = f.read().decode("utf-8", "replace")
    current = None
    for line in data.split("\n"):
        m = RECORD.match(line)
        if m:
            if current:
                yield current
            current = [m.group(1), m.group(2), m.group(3)]
        elif current is not None and line.startswith("\t"):
            current[2] += "\n" + line[1:]
    if current:
        yield current


def capture(log, offset, tiles_file, out):
    with open(tiles_file) as f:
        tiles = [tuple(int(v) for v in line.split()) for line in f if line.strip()]
    pending = {}   # pid -> statement text waiting for its DETAIL (parameters)
    statements = []
    for pid, severity, text in records(log, int(offset)):
        if severity == "LOG":
            m = re.match(r"(?:execute|statement)[^:]*: (.*)", text, re.S)
            if m and "ST_AsMVT" in m.group(1):
                pending[pid] = m.group(1)
                if text.startswith("statement"):   # simple protocol: nothing bound
                    statements.append((m.group(1), {}))
                    del pending[pid]
        elif severity == "DETAIL" and pid in pending and text.startswith("parameters: "):
            params = {int(n): v for n, v in PARAM.findall(text)}
            statements.append((pending.pop(pid), params))
    per_tile = {}
    with open(out, "w") as f:
        for sql, params in statements:
            missing = [n for n in map(int, PLACEHOLDER.findall(sql)) if n not in params]
            if missing:
                sys.exit("capture: parameter $%d of a statement is not in the log" % missing[0])
            # z, col, row are the first three parameters (select_tile_layer.sql's header)
            key = tuple(int(params[i].strip("'")) for i in (1, 2, 3))
            per_tile[key] = per_tile.get(key, 0) + 1
            f.write(PLACEHOLDER.sub(lambda m: params[int(m.group(1))], sql).rstrip().rstrip(";") + ";\n")
    print(len(statements), len(per_tile), flush=True)
    lacking = [t for t in tiles if t not in per_tile]
    if lacking:
        sys.exit("capture: no ST_AsMVT statement logged for %d of %d tiles, e.g. %s"
                 % (len(lacking), len(tiles), "/".join(map(str, lacking[0]))))


def poll(url, etag, timeout, interval):
    u = urllib.parse.urlsplit(url)
    path = u.path + ("?" + u.query if u.query else "")
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    deadline = time.time() + float(timeout)
    n = 0
    while time.time() < deadline:
        started = time.monotonic()
        conn.request("GET", path, headers={"If-None-Match": etag})
        r = conn.getresponse()
        r.read()
        n += 1
        arrived = time.time()
        if r.status == 200 and r.getheader("ETag") != etag:
            print("%.6f %d %s" % (arrived, n, r.getheader("ETag")))
            return 0
        if r.status not in (200, 304):
            sys.exit("poll: %s answered %d" % (url, r.status))
        time.sleep(max(0.0, float(interval) - (time.monotonic() - started)))
    return 1


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "capture":
        capture(*args)
    elif cmd == "poll":
        sys.exit(poll(*args))
    else:
        sys.exit("unknown command " + cmd)
