#!/usr/bin/env python3
"""Load client for the live server tests: COUNT requests, POSTed by 50 threads at once to kam serve
on 127.0.0.1:PORT, each with its own Idempotency-Key. A request is retried (same key, same body)
until it is acknowledged with 201, across connection failures (the tests kill a server in the
middle); a 429 is waited out as its Retry-After says, as a well-behaved client does. PORTS may list several servers of one database, comma-separated, like a load balancer:
request I goes to PORTS[I % n] and each retry to the next one. Prints "ack I ID PORT" per
acknowledgement, then "stored JSON" with what the servers hold for WEEK.

usage: intake_client.py PORTS TOKEN COUNT WEEK
"""
import http.client
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

ports, token, count, week = [int(p) for p in sys.argv[1].split(",")], sys.argv[2], int(sys.argv[3]), sys.argv[4]
lock = threading.Lock()


def say(line):
    with lock:
        print(line, flush=True)


def call(port, method, path, body=None, key=None):
    """One call; a 429 (the server's per-user rate limit) is waited out as its Retry-After says and sent again."""
    while True:
        status, data, retry = call_once(port, method, path, body, key)
        if status != 429:
            return status, data
        time.sleep(float(retry or 1))


def call_once(port, method, path, body=None, key=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    headers = {"Authorization": "Bearer " + token}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if key is not None:
        headers["Idempotency-Key"] = key
    try:
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        return response.status, response.read(), response.getheader("Retry-After")
    finally:
        connection.close()


def send(i):
    body = json.dumps({"account": "bank-hq", "skill": "security", "hours": 1 + i % 5, "week": week, "note": "live %d" % i})
    deadline = time.time() + 120
    attempt = 0
    while time.time() < deadline:
        port = ports[(i + attempt) % len(ports)]
        attempt += 1
        try:
            status, data = call(port, "POST", "/api/requests", body, "live-%d" % i)
        except (OSError, http.client.HTTPException):
            time.sleep(0.05)
            continue
        if status == 201:
            say("ack %d %s %d" % (i, json.loads(data)["id"], port))
            return
        if status >= 500:
            time.sleep(0.05)
            continue
        say("refused %d %d %s" % (i, status, data.decode(errors="replace").replace("\n", " ")))
        return
    say("gave up %d" % i)


with ThreadPoolExecutor(max_workers=50) as pool:
    list(pool.map(send, range(count)))

for port in ports:
    try:
        status, data = call(port, "GET", "/api/requests?week=" + week)
    except (OSError, http.client.HTTPException):
        continue
    stored = [[r["id"], r.get("note")] for r in json.loads(data)["requests"]]
    say("stored " + json.dumps(stored))
    break
