"""One timed ``conformance run`` in a report folder of its own: what the benchmarks against a proxied target share."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: The embedded reference server's credentials, one per scheme, for a run against its --base-url.
AUTHS = ("basic:tester:tester-secret", "bearer:tester-token", "soticket:tester-ticket")


def target_arguments(url: str) -> list[str]:
    """The ``conformance run`` arguments for the reference server (or a proxy in front of it) at ``url``."""
    return ["--base-url", url, *[a for auth in AUTHS for a in ("--auth", auth)]]


def timed_run(arguments: list[str]) -> tuple[float, int, dict]:
    """Wall seconds, exit code and results.json of ``conformance run ARGUMENTS`` (its reports in a temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="conformance-bench-") as folder:
        command = [sys.executable, "-m", "conformance", "run", "--report-dir", folder, *arguments]
        started = time.perf_counter()
        finished = subprocess.run(command, capture_output=True, text=True)
        wall = time.perf_counter() - started
        results = json.loads((Path(folder) / "results.json").read_text(encoding="utf-8"))
    return wall, finished.returncode, results
