#!/usr/bin/env python3
"""Load client for the live server test: COUNT requests, POSTed by 50 threads at once to a kam serve
on 127.0.0.1:PORT, each with its own Idempotency-Key. A request is retried (same key, same body)
until it is acknowledged with 201, across connection failures (the test kills the server in the
middle and starts it again). Prints "ack I ID" per acknowledgement, then "stored JSON" with what
the server holds for WEEK.

usage: intake_client.py PORT TOKEN COUNT WEEK
"""
import http.client
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

port, token, count, week = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
lock = threading.Lock()


def say(line):
    with lock:
        print(line, flush=True)


def call(method, path, body=None, key=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    headers = {"Authorization": "Bearer " + token}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if key is not None:
        headers["Idempotency-Key"] = key
    try:
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def send(i):
    body = json.dumps({"account": "bank-hq", "skill": "security", "hours": 1 + i % 5, "week": week, "note": "live %d" % i})
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            status, data = call("POST", "/api/requests", body, "live-%d" % i)
        except (OSError, http.client.HTTPException):
            time.sleep(0.05)
            continue
        if status == 201:
            say("ack %d %s" % (i, json.loads(data)["id"]))
            return
        if status >= 500:
            time.sleep(0.05)
            continue
        say("refused %d %d %s" % (i, status, data.decode(errors="replace").replace("\n", " ")))
        return
    say("gave up %d" % i)


with ThreadPoolExecutor(max_workers=50) as pool:
    list(pool.map(send, range(count)))

status, data = call("GET", "/api/requests?week=" + week)
stored = [[r["id"], r.get("note")] for r in json.loads(data)["requests"]]
say("stored " + json.dumps(stored))
