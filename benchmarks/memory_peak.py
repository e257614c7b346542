"""Prints the peak memory (RSS) of a `conformance run` against a loopback server answering every PUT with 50 MB.

The server is the `wire-50mb-body` fault; the run is the suite as a user starts it, in a child
process, whose peak resident set size the kernel reports when it ends (wait4's ru_maxrss).

Run: python benchmarks/memory_peak.py [--profile thorough] [--seed 1] [--fault wire-50mb-body]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conformance.targets.reference.server import running_server


def peak_of_run(url: str, profile: str, seed: int) -> dict:
    """Run the suite once against ``url``; returns its peak RSS and what it did."""
    with tempfile.TemporaryDirectory(prefix="memory-bench-") as folder:
        command = [
            sys.executable,
            "-m",
            "conformance",
            "run",
            "--base-url",
            url,
            "--auth",
            "basic:tester:tester-secret",
            "--profile",
            profile,
            "--seed",
            str(seed),
            "--report-dir",
            folder,
        ]
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        results_path = Path(folder) / "results.json"
        results = json.loads(results_path.read_text(encoding="utf-8")) if results_path.exists() else None
    return {
        "profile": profile,
        "seed": seed,
        "exit": child.returncode,
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux reports kilobytes
        "wall_s": round(wall, 1),
        "requests": results["requests"]["count"] if results else None,
        "summary": results["certification"]["summary"] if results else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="thorough")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fault", default="wire-50mb-body")
    args = parser.parse_args()
    with running_server(fault=args.fault) as server:
        figures = peak_of_run(server.url, args.profile, args.seed)
    print("  ".join(f"{k}={v}" for k, v in figures.items()), flush=True)


if __name__ == "__main__":
    main()
