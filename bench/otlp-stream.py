#!/usr/bin/env python3
"""Streams OTLP/JSON trace exports at a steady rate of GenAI spans until killed or for a given time.

Usage: bench/otlp-stream.py URL KEY SPANS_PER_SECOND SECONDS [SPANS_PER_REQUEST] [CONNECTIONS]
Exports go out on CONNECTIONS parallel connections (default 8), each paced to its share of the rate, as several
exporting processes would; an export the server is slow to answer delays only its own connection.
Every span is the root of its own trace (a chat answer with prompt, answer, model, tokens, a conversation id), so
every span becomes a message: the heaviest context a stream of that rate can bring. Prints one line at the end:
spans sent per second achieved, requests, non-200 answers.
"""
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse


def span(i):
    trace, sid = os.urandom(16).hex(), os.urandom(8).hex()
    now = time.time_ns()
    attrs = {
        "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.input.messages": json.dumps([{"role": "user", "parts": [{"type": "text", "content": "How do I get a refund? #%d" % i}]}]),
        "gen_ai.output.messages": json.dumps([{"role": "assistant", "parts": [{"type": "text", "content": "Open Orders and press Refund."}], "finish_reason": "stop"}]),
        "gen_ai.usage.input_tokens": 42, "gen_ai.usage.output_tokens": 7,
        "gen_ai.conversation.id": "bench-conv-%d" % (i % 1000), "user.id": "bench-user-%d" % (i % 1000),
    }
    kv = [{"key": k, "value": {"intValue": str(v)} if isinstance(v, int) else {"stringValue": v}} for k, v in attrs.items()]
    return {"traceId": trace, "spanId": sid, "name": "chat", "kind": 3, "startTimeUnixNano": str(now - 800_000_000),
            "endTimeUnixNano": str(now), "attributes": kv}


def stream(url, key, rate, seconds, per_request, totals, lock):
    target = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    headers = {"Content-Type": "application/json", "Authorization": "Bearer " + key}
    resource = {"attributes": [{"key": "service.name", "value": {"stringValue": "bench"}}]}
    interval = per_request / rate
    start = time.monotonic()
    sent = requests = failed = i = 0
    while time.monotonic() - start < seconds:
        pause = start + requests * interval - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        spans = [span(i + n) for n in range(per_request)]
        i += per_request
        body = json.dumps({"resourceSpans": [{"resource": resource, "scopeSpans": [{"spans": spans}]}]})
        try:
            conn.request("POST", target.path, body, headers)
            response = conn.getresponse()
            response.read()
            failed += response.status != 200
        except OSError:
            failed += 1
            conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        requests += 1
        sent += per_request
    with lock:
        totals[0] += sent
        totals[1] += requests
        totals[2] += failed


def main():
    url, key, rate, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    per_request = int(sys.argv[5]) if len(sys.argv) > 5 else 50
    connections = int(sys.argv[6]) if len(sys.argv) > 6 else 8
    totals, lock = [0, 0, 0], threading.Lock()
    start = time.monotonic()
    threads = [threading.Thread(target=stream, args=(url, key, rate / connections, seconds, per_request, totals, lock))
               for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("%.0f %d %d" % (totals[0] / (time.monotonic() - start), totals[1], totals[2]))


if __name__ == "__main__":
    main()
