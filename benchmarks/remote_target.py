"""Prints the time to a verdict against a far-away target: the reference server behind a loopback delay proxy.

For each round trip and each concurrency setting: wall time of ``conformance run``,
requests sent, the serial floor (requests x round trip), the longest chain of
dependent requests (the most one test sent, plus the setup) and its floor, and the
verdict. "default" gives no --concurrency: the suite measures a few round trips to the
proxy and chooses the workers (conformance.harness.round_trips), whatever the host name.

Run: python benchmarks/remote_target.py [--round-trips 0,50,100,200] [--concurrency default,1,2,4,8]
     [--profile ci] [--seed 1]
"""

from __future__ import annotations

import argparse

from timed_run import target_arguments, timed_run

from conformance.targets.proxy import Behaviour, proxied
from conformance.targets.reference.server import running_server


def one_run(url: str, concurrency: str, profile: str, seed: int) -> dict:
    """Run the suite once against ``url``; returns its figures."""
    arguments = [*target_arguments(url), "--seed", str(seed), "--profile", profile]
    arguments += [] if concurrency == "default" else ["--concurrency", concurrency]
    wall, code, results = timed_run(arguments)
    requests = results["requests"]
    return {
        "wall_s": round(wall, 1),
        "requests": requests["count"],
        "chain": requests["longest_test"] + requests["setup"],
        "workers": results["workers"],
        "exit": code,
        "summary": results["certification"]["summary"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round-trips", default="0,50,100,200", help="milliseconds, comma-separated")
    parser.add_argument("--concurrency", default="default,1,2,4,8", help="settings, comma-separated")
    parser.add_argument("--profile", default="ci")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(
        "| round trip | concurrency | workers | wall s | requests | serial floor s | longest chain | chain floor s "
        "| verdict |"
    )
    print("|---|---|---|---|---|---|---|---|---|", flush=True)
    with running_server() as server:
        for milliseconds in [int(v) for v in args.round_trips.split(",")]:
            with proxied(server.url, Behaviour(round_trip=milliseconds / 1000)) as (url, _):
                for concurrency in args.concurrency.split(","):
                    f = one_run(url, concurrency, args.profile, args.seed)
                    print(
                        f"| {milliseconds} ms | {concurrency} | {f['workers']} | {f['wall_s']} | {f['requests']} | "
                        f"{f['requests'] * milliseconds / 1000:.1f} | {f['chain']} | "
                        f"{f['chain'] * milliseconds / 1000:.1f} | "
                        f"{f['summary']} (exit {f['exit']}) |",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
