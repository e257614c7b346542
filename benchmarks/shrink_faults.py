"""Prints how long a `conformance run` takes against the faults that make shrinking long.

For each fault of the "shrinking" family: wall time of the run (cut at --cap seconds),
its exit code, the verdict of put.echo, requests sent and the size of the smallest
culprit PUT body the findings carry (the reproducer).

Run: python benchmarks/shrink_faults.py [--profile ci] [--seed 1] [--cap 300] [--faults a,b]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from conformance.targets import faults
from conformance.targets.reference.authentication import Credentials
from conformance.targets.reference.server import running_server


def culprit_sizes(results: dict) -> list[int]:
    """Sizes of the request bodies of the culprit PUTs of put.echo findings."""
    sizes = []
    for test in results.get("tests", []):
        if any(f["requirement"] == "put.echo" for f in test.get("findings", [])):
            sizes += [
                (e["request"].get("body") or {}).get("bytes", 0) for e in test.get("exchanges", []) if e.get("culprit")
            ]
    return sizes


def one_run(name: str, profile: str, seed: int, cap: float) -> dict:
    credentials = Credentials()
    with (
        running_server(credentials=credentials, fault=name) as server,
        tempfile.TemporaryDirectory(prefix="shrink-bench-") as folder,
    ):
        command = [
            sys.executable,
            "-m",
            "conformance",
            "run",
            "--base-url",
            server.url,
            "--auth",
            f"basic:{credentials.user}:{credentials.password}",
            "--seed",
            str(seed),
            "--profile",
            profile,
            "--report-dir",
            folder,
        ]
        started = time.perf_counter()
        try:
            code = subprocess.run(command, capture_output=True, text=True, timeout=cap).returncode
        except subprocess.TimeoutExpired:
            code = None
        wall = time.perf_counter() - started
        path = Path(folder) / "results.json"
        results = json.loads(path.read_text(encoding="utf-8")) if code is not None and path.exists() else {}
    verdicts = {r["id"]: r["verdict"] for r in results.get("requirements", [])}
    sizes = culprit_sizes(results)
    return {
        "fault": name,
        "exit": code if code is not None else f"cut at {cap:g} s",
        "wall_s": round(wall, 1),
        "put.echo": verdicts.get("put.echo", "-"),
        "requests": results.get("requests", {}).get("count", "-"),
        "smallest_culprit_body": min(sizes) if sizes else "-",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="ci")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cap", type=float, default=300.0, help="stop waiting for a run after this many seconds")
    parser.add_argument("--faults", help="comma-separated names (default: the shrinking family)")
    args = parser.parse_args()
    names = (
        args.faults.split(",")
        if args.faults
        else [f.name for f in faults.catalogue().values() if f.family == "shrinking"]
    )
    for name in names:
        print(json.dumps(one_run(name, args.profile, args.seed, args.cap)), flush=True)


if __name__ == "__main__":
    main()
