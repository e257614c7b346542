"""Prints the time to a verdict against a slow and a throttling target: the reference server behind a loopback proxy.

Slow: the proxy delays every 3rd PUT by 2.5 s (``--slow-every``, ``--slow-seconds``), so
``perf.nsapislow`` is NON-STRICT and every other requirement should be judged as
against the server itself; each concurrency setting runs without a budget and with
``--max-time``. Throttling: the proxy answers every n-th request 429 with
``Retry-After: 1`` (``--throttle-every``); the run waits those out. For each run: wall
time, requests, the verdicts by kind, the verdict of perf.nsapislow, the requirements not
judged (NOT JUDGED, NOT RUN, ERROR; "none" is the goal) and the throttled answers, waits
and seconds of results.json ``requests.throttled``. "default" is what a remote target gets
without --concurrency (the proxy is on loopback, so the benchmark asks for it by number).

Run: python benchmarks/slow_target.py [--concurrency default,1] [--max-time 60] [--throttle-every 40]
                                      [--profile ci] [--seed 1]
"""

from __future__ import annotations

import argparse
from collections import Counter

from timed_run import target_arguments, timed_run

from conformance.targets.proxy import Behaviour, proxied
from conformance.targets.reference.server import running_server

UNJUDGED = ("NOT JUDGED", "NOT RUN", "ERROR")


def one_run(url: str, concurrency: str, max_time: str, profile: str, seed: int) -> dict:
    """Run the suite once against ``url`` (``max_time`` "none": no budget); returns its figures."""
    arguments = [*target_arguments(url), "--seed", str(seed), "--profile", profile]
    arguments += [] if concurrency == "default" else ["--concurrency", concurrency]
    arguments += [] if max_time == "none" else ["--max-time", max_time]
    wall, code, results = timed_run(arguments)
    verdicts = {requirement["id"]: requirement["verdict"] for requirement in results["requirements"]}
    counts = Counter(verdicts.values())
    throttled = results["requests"]["throttled"]
    return {
        "wall_s": round(wall, 1),
        "requests": results["requests"]["count"],
        "exit": code,
        "summary": results["certification"]["summary"],
        "verdicts": ", ".join(f"{n} {verdict}" for verdict, n in counts.most_common()),
        "nsapislow": verdicts.get("perf.nsapislow", "-"),
        "unjudged": ", ".join(f"{r} {v}" for r, v in verdicts.items() if v in UNJUDGED) or "none",
        "throttled": f"{throttled['answers']} answers, {throttled['waits']} waits, {throttled['seconds']:g} s",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", default="default,1", help="settings, comma-separated")
    parser.add_argument("--max-time", default="60", help="the budget of the runs with one, in seconds")
    parser.add_argument("--slow-every", type=int, default=3)
    parser.add_argument("--slow-seconds", type=float, default=2.5)
    parser.add_argument("--throttle-every", type=int, default=40, help="0: no throttling runs")
    parser.add_argument("--profile", default="ci")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    slow = Behaviour(slow_every=args.slow_every, slow_seconds=args.slow_seconds)
    throttling = Behaviour(throttle_every=args.throttle_every, retry_after="1")
    slow_label = f"1 PUT in {args.slow_every} +{args.slow_seconds:g} s"
    runs = [(slow_label, slow, budget) for budget in ("none", args.max_time)]
    runs += [(f"1 request in {args.throttle_every} answered 429", throttling, "none")] if args.throttle_every else []
    print(
        "| target | concurrency | max-time | wall s | requests | verdict | verdicts | perf.nsapislow | not judged "
        "| throttled |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|", flush=True)
    with running_server() as server:
        for label, behaviour, max_time in runs:
            with proxied(server.url, behaviour) as (url, _):
                for concurrency in args.concurrency.split(","):
                    f = one_run(url, concurrency, max_time, args.profile, args.seed)
                    print(
                        f"| {label} | {concurrency} | {max_time} | {f['wall_s']} | {f['requests']} | "
                        f"{f['summary']} (exit {f['exit']}) | "
                        f"{f['verdicts']} | {f['nsapislow']} | {f['unjudged']} | {f['throttled']} |",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
