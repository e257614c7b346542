"""Prints the one table of figures kept in docs/running.md: a default run against the targets vendors really have.

Rows: the reference server on loopback; behind a delay proxy at 50, 100 and 200 ms round trips, reached both
through this machine's own non-loopback address and through ``localhost`` (a tunnel); behind a proxy that
makes every PUT take 300 ms more; and the catalogue's three faults that answer some PUTs after 2.3 s. Each
row is one default ``conformance run`` (``--profile ci``, no ``--concurrency``, no ``--max-time``): wall
time, requests, workers chosen, the serial floor (the time of all its requests one after another, from
results.json) and the verdict. Traffic stays on this machine: the non-loopback address is one of its own.

Run: python benchmarks/figures.py [--round-trips 50,100,200] [--seed 1] [--rows loopback,near,tunnel,slow-puts,faults]
"""

from __future__ import annotations

import argparse
import socket

from timed_run import target_arguments, timed_run

from conformance.targets.proxy import Behaviour, proxied
from conformance.targets.reference.server import running_server

SLOW_FAULTS = ("every-third-put-slow", "select-puts-slow", "put-after-get-slow")


def own_address() -> str | None:
    """One of this machine's own non-loopback IPv4 addresses (None when it has none)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: a UDP connect only picks a route, nothing is sent
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def row(label: str, url: str, seed: int) -> str:
    """One default run against ``url``, as a table row."""
    wall, code, results = timed_run([*target_arguments(url), "--seed", str(seed)])
    requests = results["requests"]
    trimmed = results["time_budget"]["tests_trimmed"]
    return (
        f"| {label} | {wall:.1f} | {requests['count']} | {results['workers']} | {requests['http_seconds']:.1f} | "
        f"{trimmed} | {results['certification']['summary']} (exit {code}) |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round-trips", default="50,100,200", help="milliseconds, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rows", default="loopback,near,tunnel,slow-puts,faults")
    args = parser.parse_args()
    wanted, seed = args.rows.split(","), args.seed
    print("| target | wall s | requests | workers | serial floor s | tests trimmed | verdict |")
    print("|---|---|---|---|---|---|---|", flush=True)
    address = own_address()
    with running_server() as server:
        if "loopback" in wanted:
            print(row("reference server on loopback", server.url, seed), flush=True)
        for milliseconds in [int(v) for v in args.round_trips.split(",")]:
            behaviour = Behaviour(round_trip=milliseconds / 1000)
            if "near" in wanted and address:
                with proxied(server.url, behaviour, host=address) as (url, _):
                    print(row(f"{milliseconds} ms, non-loopback address", url, seed), flush=True)
            if "tunnel" in wanted:
                with proxied(server.url, behaviour) as (url, _):
                    print(row(f"{milliseconds} ms, localhost", url.replace("127.0.0.1", "localhost"), seed), flush=True)
        if "slow-puts" in wanted:
            with proxied(server.url, Behaviour(slow_every=1, slow_seconds=0.3)) as (url, _):
                print(row("every PUT 300 ms", url, seed), flush=True)
    if "faults" in wanted:
        for name in SLOW_FAULTS:
            with running_server(fault=name) as faulty:
                print(row(f"fault {name} (2.3 s)", faulty.url, seed), flush=True)


if __name__ == "__main__":
    main()
