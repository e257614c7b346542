"""PUT throughput and latency of the reference server under 4 concurrent keep-alive clients.

Starts the reference server (``running_server()``, a child process on a fresh database),
takes one contact per client from a GET, and for ``--seconds`` has each client thread
PUT that contact again and again with a new Name over its own keep-alive connection.
Prints PUTs per second, p50/p95/p99/max latency in milliseconds, the error count and (on
Linux) the server process's CPU time per PUT, which shows whether the server is CPU-bound.

Run: python benchmarks/reference_throughput.py [--seconds 10] [--clients 4]
Target on a 2-core machine: at least 500 PUT/s with p99 under 50 ms.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from conformance.targets.reference.server import running_server

WARM_UP_SECONDS = 1.0
NAME_MARK = b"@@benchmark-name@@"


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time a process has used (Linux ``/proc``; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, round(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


class Client(threading.Thread):
    """One client: PUTs of one contact over one keep-alive connection until told to stop."""

    def __init__(self, url: str, authorization: str, contact: dict, start: threading.Barrier, stop: threading.Event):
        super().__init__(daemon=True)
        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        self.authorization = authorization
        self.contact = contact
        # Encoded once: the client's own JSON encoding would otherwise compete with the server for CPU.
        self.template = json.dumps({**contact, "Name": NAME_MARK.decode()}, ensure_ascii=False).encode()
        self.start_barrier, self.stop_event = start, stop
        self.latencies: list[float] = []
        self.errors = 0
        self.measuring = False

    def put(self, number: int) -> None:
        contact_id = self.contact["ContactId"]
        body = self.template.replace(NAME_MARK, f"Benchmark {contact_id}-{number}".encode())
        headers = {
            "Authorization": self.authorization,
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        began = time.perf_counter()
        try:
            self.connection.request("PUT", f"/api/v1/Contact/{contact_id}", body, headers)
            response = self.connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            self.connection.close()
            ok = False
        elapsed = time.perf_counter() - began
        if self.measuring:
            self.latencies.append(elapsed)
            self.errors += not ok

    def run(self) -> None:
        self.start_barrier.wait()
        number = 0
        while not self.stop_event.is_set():
            self.put(number)
            number += 1
        self.connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measuring time (default: %(default)s)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (default: %(default)s)")
    args = parser.parse_args()

    with running_server() as server:
        credentials = server.credentials
        authorization = "Basic " + base64.b64encode(f"{credentials.user}:{credentials.password}".encode()).decode()
        contacts = []
        parts = urlsplit(server.url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        for contact_id in range(1, args.clients + 1):
            connection.request("GET", f"/api/v1/Contact/{contact_id}", headers={"Authorization": authorization})
            contacts.append(json.loads(connection.getresponse().read()))
        connection.close()

        start, stop = threading.Barrier(args.clients + 1), threading.Event()
        clients = [Client(server.url, authorization, contact, start, stop) for contact in contacts]
        for client in clients:
            client.start()
        start.wait()
        time.sleep(WARM_UP_SECONDS)
        for client in clients:
            client.measuring = True
        began, cpu_began = time.perf_counter(), cpu_seconds(server.process.pid)
        time.sleep(args.seconds)
        for client in clients:
            client.measuring = False
        elapsed, cpu_ended = time.perf_counter() - began, cpu_seconds(server.process.pid)
        stop.set()
        for client in clients:
            client.join(30)

    latencies = sorted(ms * 1000 for client in clients for ms in client.latencies)
    errors = sum(client.errors for client in clients)
    body_size = len(json.dumps(contacts[0]).encode())
    print(f"clients: {args.clients} keep-alive connections, one contact each (~{body_size / 1024:.0f} KiB JSON body)")
    print(f"measured: {elapsed:.1f} s after {WARM_UP_SECONDS:.0f} s warm-up, {len(latencies)} PUTs")
    print(f"throughput: {len(latencies) / elapsed:.0f} PUT/s")
    if latencies:
        print(
            f"latency ms: p50 {percentile(latencies, 0.50):.1f}, p95 {percentile(latencies, 0.95):.1f}, "
            f"p99 {percentile(latencies, 0.99):.1f}, max {latencies[-1]:.1f} (mean {statistics.fmean(latencies):.1f})"
        )
    if cpu_began is not None and cpu_ended is not None and latencies:
        used = cpu_ended - cpu_began
        print(f"server CPU: {used / elapsed:.0%} of one core, {1000 * used / len(latencies):.2f} ms per PUT")
    print(f"errors: {errors}")


if __name__ == "__main__":
    main()
