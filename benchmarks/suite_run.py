"""Prints what a default `conformance run` against the embedded reference server costs.

For each run: wall time of the command, requests sent, time inside HTTP round trips
and the share of the run spent outside them (all read from results.json, measured).

Run: python benchmarks/suite_run.py [--runs 3] [--profile ci] [-- extra conformance run arguments]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def one_run(seed: int, profile: str, extra: list[str]) -> dict:
    """Run the suite once; returns its figures."""
    with tempfile.TemporaryDirectory(prefix="suite-bench-") as folder:
        command = [
            sys.executable,
            "-m",
            "conformance",
            "run",
            "--seed",
            str(seed),
            "--profile",
            profile,
            "--report-dir",
            folder,
            *extra,
        ]
        started = time.perf_counter()
        finished = subprocess.run(command, capture_output=True, text=True)
        wall = time.perf_counter() - started
        results = json.loads((Path(folder) / "results.json").read_text(encoding="utf-8"))
    requests = results["requests"]
    return {
        "seed": seed,
        "exit": finished.returncode,
        "wall_s": round(wall, 2),
        "run_s": results["duration_seconds"],
        "requests": requests["count"],
        "http_s": requests["http_seconds"],
        "outside_http": requests["share_outside_http"],
        "put_p50_ms": requests["latency"].get("PUT", {}).get("p50_ms"),
        "put_p99_ms": requests["latency"].get("PUT", {}).get("p99_ms"),
        "summary": results["certification"]["summary"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", default="ci")
    parser.add_argument("extra", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    extra = args.extra[1:] if args.extra[:1] == ["--"] else args.extra
    for seed in range(1, args.runs + 1):
        figures = one_run(seed, args.profile, extra)
        print("  ".join(f"{k}={v}" for k, v in figures.items()), flush=True)


if __name__ == "__main__":
    main()
