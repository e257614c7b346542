"""``conformance replay``: is each failure of a report still there? A report turned into a regression check.

Each failing test of the report is run again, by its node id, with the seed and
profile the report recorded, against the target given (``--attempts`` times).
Re-running the test, rather than re-sending the recorded bytes, is what judges
the requirement soundly: the recorded requests name contacts the run created
and deleted, carry dates derived from those contacts' UpdatedDate (a recorded
"current" If-Unmodified-Since is stale a second later), and a verdict needs the
test's own checks (a 200 can be right or wrong). With the same seed the test
sends the same generated values, to fresh contacts, and judges them the same way.

Per finding (test and requirement): "still failing" when every attempt fails
it, "now passing" when every attempt judged it and passed, "flaky" when some
did and some did not, "could not tell" when the test errored, was skipped or
is gone. Exit code: 1 while any finding is still failing or flaky, 2 when one
could not be told (and none fails), 0 when all now pass.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from conformance.harness.settings import OPTIONS_BY_NAME
from conformance.judging.verdicts import Verdict

STILL_FAILING, NOW_PASSING, FLAKY, UNKNOWN = "still failing", "now passing", "flaky", "could not tell"
#: The options of ``conformance run`` replay passes on: the target and how to reach it.
PASSED_ON = ("base_url", "auth", "header", "contact_id", "timeout")
#: Seconds one attempt may take.
ATTEMPT_TIMEOUT = 1800


@dataclass
class Finding:
    """A failing (test, requirement) of the report, and what each attempt made of it."""

    nodeid: str
    requirement: str
    outcomes: list[str]

    @property
    def verdict(self) -> str:
        seen = set(self.outcomes)
        if seen == {"fail"}:
            return STILL_FAILING
        if seen == {"pass"}:
            return NOW_PASSING
        if seen == {"fail", "pass"}:
            return FLAKY
        return UNKNOWN


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("report", type=Path, help="a report folder, or its results.json")
    for name in PASSED_ON:
        option = OPTIONS_BY_NAME[name]
        parser.add_argument(
            option.flag,
            dest=name,
            metavar=option.metavar,
            help=option.help,
            action="append" if option.multiple else "store",
        )
    parser.add_argument("--attempts", type=int, default=2, help="runs of each failing test (default: %(default)s)")
    parser.add_argument(
        "--report-dir",
        type=Path,
        default=Path("reports") / "replay",
        help="where each attempt's reports go (default: %(default)s)",
    )


def load(report: Path) -> dict:
    """The results document of a report folder (or the file itself)."""
    path = report / "results.json" if report.is_dir() else report
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path} is not a results.json: {getattr(error, 'strerror', None) or error}") from None


def failing(document: dict) -> list[Finding]:
    """Every (test, requirement) the report found broken, in report order."""
    broken = {r["id"] for r in document["requirements"] if r["verdict"] in (Verdict.FAIL, Verdict.NON_STRICT)}
    found: dict[tuple[str, str], Finding] = {}
    for test in document["tests"]:
        for finding in test["findings"]:
            key = (test["nodeid"], finding["requirement"])
            if finding["requirement"] in broken and key not in found:
                found[key] = Finding(*key, [])
    return list(found.values())


def judge(test: dict | None, requirement: str) -> str:
    """What one attempt made of a finding: fail, pass, error, skipped or missing."""
    if test is None:
        return "missing"
    if any(f["requirement"] == requirement for f in test["findings"]):
        return "fail"
    if test["outcome"] in ("error", "skipped"):
        return test["outcome"]
    return "pass"


def _command(args: argparse.Namespace, document: dict, nodeids: list[str], folder: Path) -> list[str]:
    configuration = document["configuration"]
    command = [
        sys.executable,
        "-m",
        "conformance",
        "run",
        "--seed",
        str(document["seed"]),
        "--profile",
        configuration["profile"],
        "--report-dir",
        str(folder),
    ]
    for name in PASSED_ON:
        if name == "auth":
            continue  # through the environment, never on a command line
        value = getattr(args, name)
        for item in (value or []) if OPTIONS_BY_NAME[name].multiple else ([value] if value is not None else []):
            command += [OPTIONS_BY_NAME[name].flag, str(item)]
    for nodeid in nodeids:
        command += ["--test", nodeid]
    return command


def _environment(args: argparse.Namespace) -> dict[str, str]:
    environment = dict(os.environ)
    if args.auth:
        environment["CONFORMANCE_AUTH"] = "\n".join(args.auth)
    return environment


def run(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    """Replay a report's failures; returns 1 while one still fails (or is flaky), 2 when one could not be told,
    else 0."""
    document = load(args.report)
    findings = failing(document)
    if not findings:
        print("nothing to replay: the report has no failing finding", file=out)
        return 0
    nodeids = list(dict.fromkeys(f.nodeid for f in findings))
    print(
        f"replaying {len(findings)} findings of {len(nodeids)} tests, seed {document['seed']}, "
        f"profile {document['configuration']['profile']}, {args.attempts} attempts",
        file=out,
        flush=True,
    )
    for attempt in range(1, args.attempts + 1):
        folder = args.report_dir / f"attempt-{attempt}"
        done = subprocess.run(
            _command(args, document, nodeids, folder),
            env=_environment(args),
            capture_output=True,
            text=True,
            errors="replace",
            timeout=ATTEMPT_TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        if done.returncode not in (0, 1) or not (folder / "results.json").is_file():
            last = (done.stdout + done.stderr).strip().splitlines()[-1:] or ["(no output)"]
            print(f"attempt {attempt} could not run (exit {done.returncode}): {last[0]}", file=out)
            return 2
        tests = {t["nodeid"]: t for t in load(folder).get("tests", [])}
        for finding in findings:
            finding.outcomes.append(judge(tests.get(finding.nodeid), finding.requirement))
    width = max(len(f.requirement) for f in findings)
    for finding in findings:
        print(
            f"{finding.verdict:<14} {finding.requirement:<{width}}  {finding.nodeid}  ({', '.join(finding.outcomes)})",
            file=out,
        )
    verdicts = [f.verdict for f in findings]
    counts = ", ".join(
        f"{verdicts.count(v)} {v}" for v in (STILL_FAILING, FLAKY, NOW_PASSING, UNKNOWN) if v in verdicts
    )
    print(counts, file=out)
    (args.report_dir / "replay.json").write_text(
        json.dumps(
            [
                {"test": f.nodeid, "requirement": f.requirement, "verdict": f.verdict, "attempts": f.outcomes}
                for f in findings
            ],
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    if STILL_FAILING in verdicts or FLAKY in verdicts:
        return 1
    return 2 if UNKNOWN in verdicts else 0
