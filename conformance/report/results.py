"""results.json (validated by schemas/results.schema.json) and the certificate, built from one run."""

from __future__ import annotations

import hashlib
import json
import time
from datetime import datetime, timezone
from pathlib import Path

from conformance import __version__
from conformance.judging.verdicts import NOT_RUN, Certification, RequirementVerdict
from conformance.selftest import power
from conformance.spec.paths import PAGE_PATH, SWAGGER_PATH
from conformance.spec.requirements import CATALOGUE_PATH, catalogue

RESULTS_FILE = "results.json"
CERTIFICATE_FILE = "certificate.txt"
CERTIFICATE_HTML_FILE = "certificate.html"
JUNIT_FILE = "junit.xml"
HTML_FILE = "report.html"
#: What a run writes into its report folder: a new run removes them first, so none can outlive the run it tells of.
CTRF_FILE = "ctrf.json"  # written by conformance.report.ctrf
RUN_FILES = (RESULTS_FILE, CERTIFICATE_FILE, CERTIFICATE_HTML_FILE, JUNIT_FILE, HTML_FILE, CTRF_FILE)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).isoformat(timespec="seconds")


def percentiles(values: list[float]) -> dict:
    """p50, p95, p99 and max of latencies, in milliseconds (nearest-rank)."""
    if not values:
        return {"count": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, max(0, int(-(-p * len(ordered) // 100)) - 1))], 1)

    return {
        "count": len(ordered),
        "p50_ms": rank(50),
        "p95_ms": rank(95),
        "p99_ms": rank(99),
        "max_ms": round(1000 * ordered[-1], 1),
    }


def request_counts(per_test: dict[str, int], records) -> dict:
    """Requests outside tests, the most one test sent, each test's, and the requests of the tests judging each
    requirement."""
    per_requirement: dict[str, int] = {}
    for record in records:
        for requirement_id in record.requirements:
            per_requirement[requirement_id] = per_requirement.get(requirement_id, 0) + per_test.get(record.nodeid, 0)
    in_tests = [count for test, count in per_test.items() if test != "(setup)"]
    return {
        "setup": per_test.get("(setup)", 0),
        "longest_test": max(in_tests, default=0),
        "per_test": {test: count for test, count in sorted(per_test.items()) if test != "(setup)"},
        "per_requirement": dict(sorted(per_requirement.items())),
    }


def _head() -> dict:
    return {
        "suite": {"name": "superoffice-contact-conformance", "version": __version__},
        "spec": {
            "PUT-Contact-id.md": _sha256(PAGE_PATH),
            "Swagger-v1-Contact.json": _sha256(SWAGGER_PATH),
            "requirements.json": _sha256(CATALOGUE_PATH),
        },
    }


def requirement_records(verdicts: list[RequirementVerdict]) -> list[dict]:
    """The results.json record of each verdict, with the power of its tests (conformance/selftest/power.json)."""
    return [dict(v.to_dict(), power=power.figures(v.requirement.id)) for v in verdicts]


def time_budget(settings, trims: list[str | None]) -> dict:
    """The run's time budget, where it came from, and how many tests it (or their ceiling) trimmed."""
    return {
        "seconds": settings.max_time if settings is not None else None,
        "origin": settings.origins.get("max_time", "default") if settings is not None else "default",
        "tests_trimmed": sum(1 for trim in trims if trim),
    }


def build(run, verdicts: list[RequirementVerdict], certification: Certification, *, workers: int) -> dict:
    """The whole results document of a run."""
    finished = time.time()
    wall = finished - run.started
    latencies = run.ledger.latencies
    every = [v for values in latencies.values() for v in values]
    busy = wall * max(workers, 1)
    return {
        **_head(),
        "stopped": None,
        "target": {
            "url": run.target.base_url,
            "embedded_reference_server": run.target.embedded,
            "capabilities": {"get": run.target.has_get, "post": run.target.has_post, "delete": run.target.has_delete},
            "declared_schemes": list(run.target.declared_schemes),
        },
        "configuration": run.settings.describe(),
        "seed": run.settings.seed,
        "started": _iso(run.started),
        "finished": _iso(finished),
        "duration_seconds": round(wall, 3),
        "workers": workers,
        "time_budget": time_budget(run.settings, [record.trimmed for record in run.records.values()]),
        "requests": {
            "count": len(every),
            "http_seconds": round(run.ledger.http_seconds, 3),
            "share_outside_http": round(max(0.0, 1 - run.ledger.http_seconds / busy), 3) if busy else None,
            **request_counts(run.ledger.per_test, run.records.values()),
            "throttled": {**run.ledger.throttled, "seconds": round(run.ledger.throttled["seconds"], 3)},
            "latency": {"all": percentiles(every), **{m: percentiles(v) for m, v in sorted(latencies.items())}},
        },
        "contexts": {"distinct": len(run.ledger.contexts)},
        "certification": {
            "certified": certification.certified,
            "summary": certification.summary,
            "reason": certification.reason,
        },
        "exit_code": certification.exit_code,
        "requirements": requirement_records(verdicts),
        "tests": [record.to_dict() for record in run.records.values()],
        "restore": run.restore,
    }


def build_stopped(settings, reason: str, started: float) -> dict:
    """The results document of a run that stopped before its tests (exit 2): what happened, and no verdict but NOT RUN.

    ``settings`` is None when the configuration itself could not be resolved.
    """
    finished = time.time()
    certification = Certification(False, "NOT CERTIFIED", f"run stopped: {reason}", 2)
    return {
        **_head(),
        "stopped": reason,
        "target": None,
        "configuration": settings.describe() if settings is not None else None,
        "seed": settings.seed if settings is not None else None,
        "started": _iso(started),
        "finished": _iso(finished),
        "duration_seconds": round(finished - started, 3),
        "workers": 1,
        "time_budget": time_budget(settings, []),
        "requests": {"count": 0, "http_seconds": 0.0, "share_outside_http": None, "latency": {"all": percentiles([])}},
        "contexts": {"distinct": 0},
        "certification": {"certified": False, "summary": certification.summary, "reason": certification.reason},
        "exit_code": certification.exit_code,
        "requirements": requirement_records([RequirementVerdict(r, NOT_RUN, [], []) for r in catalogue().values()]),
        "tests": [],
        "restore": [],
    }


def clear(folder: Path) -> None:
    """Remove a previous run's reports from the folder."""
    for name in RUN_FILES:
        try:
            (folder / name).unlink(missing_ok=True)
        except OSError:
            pass  # not a folder, or not writable: starting the run says so in one line


def write_stopped_junit(path: Path, reason: str) -> Path:
    """A junit.xml with one errored test case that says why the run stopped."""
    from xml.sax.saxutils import escape, quoteattr

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="conformance">'
        '<testsuite name="conformance" errors="1" failures="0" skipped="0" tests="1">'
        f'<testcase classname="conformance" name="run"><error message={quoteattr("run stopped: " + reason)}>'
        f"{escape(reason)}</error></testcase></testsuite></testsuites>\n",
        encoding="utf-8",
    )
    return path


def make_junit_agree(path: Path, exit_code: int, message: str) -> Path:
    """When the run's exit code is not 0 but no test case of pytest's junit.xml is red (a MUST no test got to judge,
    an aborted run), add one that says why: a failure for exit 1, an error for exit 2.

    Each test's outcome is decided once, where its record is made (plugin/recording.py), before any reporter sees
    it; this is the one place junit.xml is changed after pytest wrote it, and why: the run's own verdict is known
    only when every test has ended (pytest_sessionfinish), and pytest's junitxml plugin has no public way to add a
    test case that no test item produced. Sending a made-up report through pytest_runtest_logreport would count a
    test that never ran in the terminal and in pytest-html as well.
    """
    from xml.etree import ElementTree

    try:
        tree = ElementTree.parse(path)
    except (OSError, ElementTree.ParseError):
        return write_stopped_junit(path, message) if exit_code else path
    root = tree.getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    if exit_code == 0 or not suites or any(int(s.get("failures", "0")) + int(s.get("errors", "0")) for s in suites):
        return path
    kind, counter = ("failure", "failures") if exit_code == 1 else ("error", "errors")
    case = ElementTree.SubElement(suites[0], "testcase", classname="conformance", name="verdicts")
    ElementTree.SubElement(case, kind, message=message).text = message
    for name in (counter, "tests"):
        suites[0].set(name, str(int(suites[0].get(name, "0")) + 1))
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return path


def write(document: dict, folder: Path) -> Path:
    """Write results.json; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / RESULTS_FILE
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
