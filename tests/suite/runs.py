"""Running ``conformance run`` (or pytest on the suite) in a child process, as a user does, and reading its reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from conformance.spec.validators import load_validator

#: Seconds one run may take before the self-test gives up on it (a ci run takes about 20 s).
RUN_TIMEOUT = 300
REPORT_FILES = ("results.json", "report.html", "junit.xml", "ctrf.json", "certificate.txt")
#: Variables of the calling process that would change a child run: its own configuration, xdist's worker identity.
INHERITED_PREFIXES = ("CONFORMANCE_", "PYTEST_XDIST_", "PYTEST_ADDOPTS")


def environment(**extra: str) -> dict[str, str]:
    """This process's environment without conformance settings or xdist identity, plus ``extra``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(INHERITED_PREFIXES)}
    return {**clean, **extra}


@dataclass
class Finished:
    """A finished child run: exit code, output, and the report folder."""

    command: list[str]
    returncode: int
    stdout: str
    stderr: str
    report_dir: Path

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def explain(self) -> str:
        """The end of the output, for assertion messages."""
        command = " ".join(self.command[2:])
        return (
            f"exit {self.returncode} of {command}\n--- stdout\n{self.stdout[-4000:]}\n--- stderr\n{self.stderr[-2000:]}"
        )

    @cached_property
    def results(self) -> dict:
        path = self.report_dir / "results.json"
        assert path.exists(), f"no results.json written\n{self.explain()}"
        return json.loads(path.read_text(encoding="utf-8"))

    @property
    def verdicts(self) -> dict[str, str]:
        """Requirement id -> verdict, from results.json."""
        return {r["id"]: r["verdict"] for r in self.results["requirements"]}

    def count(self, verdict: str) -> int:
        return sum(1 for v in self.verdicts.values() if v == verdict)

    def schema_errors(self) -> list[str]:
        """Where results.json breaks schemas/results.schema.json."""
        validator = load_validator("results.schema.json")
        return [
            f"/{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(self.results)
        ]

    def report_text(self) -> dict[str, str]:
        """Every file under the report folder, as text (bytes decoded leniently)."""
        return {
            str(p.relative_to(self.report_dir)): p.read_bytes().decode("utf-8", "replace")
            for p in self.report_dir.rglob("*")
            if p.is_file()
        }


def run_conformance(
    *args: str,
    report_dir: Path,
    env: dict | None = None,
    pytest_args: tuple[str, ...] = (),
    timeout: float = RUN_TIMEOUT,
) -> Finished:
    """``python -m conformance run ARGS --report-dir DIR [-- PYTEST_ARGS]`` in ``report_dir``'s parent."""
    command = [sys.executable, "-m", "conformance", "run", *args, "--report-dir", str(report_dir)]
    if pytest_args:
        command += ["--", *pytest_args]
    return _run(command, report_dir, env, timeout)


def run_pytest(*args: str, report_dir: Path, env: dict | None = None, timeout: float = RUN_TIMEOUT) -> Finished:
    """``python -m pytest ARGS`` in ``report_dir``'s parent."""
    return _run([sys.executable, "-m", "pytest", *args], report_dir, env, timeout)


def _run(command: list[str], report_dir: Path, env: dict | None, timeout: float) -> Finished:
    report_dir.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        cwd=report_dir.parent,
        env=environment() if env is None else env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return Finished(command, done.returncode, done.stdout, done.stderr, report_dir)
