"""ctrf.json: the run in the Common Test Report Format (ctrf.io), for CI dashboards that read it beside junit.xml.

Built from results.json alone. Each test carries its requirement ids and levels (``labels``) and a status:

* ``failed``: it found a requirement broken at the run's level (``--level must``: a MUST; ``should``: a SHOULD too);
  a FLAKY failure (gone when the test ran again) is ``failed`` with ``flaky: true``, since it still blocks;
* ``other``: a harness error (``rawStatus: error``), or a SHOULD broken below the run's level
  (``rawStatus: non-strict``);
* ``skipped`` and ``passed`` as the test was.

The summary counts those statuses (``flaky`` apart) and gives, under ``extra``, the run's verdict and exit code
and how many requirements ended FAIL, FLAKY, NON-STRICT and ERROR. schemas/ctrf.schema.json describes the document.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from conformance import __version__
from conformance.judging.verdicts import Verdict
from conformance.report.results import CTRF_FILE
from conformance.report.wording import reason

SPEC_VERSION = "0.0.0"


def _millis(seconds: float | None) -> int:
    return round((seconds or 0.0) * 1000)


def _status(test: dict, levels: dict[str, str], counted: tuple[str, ...]) -> tuple[str, str]:
    """The CTRF status of one test record and the status it had here (rawStatus)."""
    if test["outcome"] == "error" or test.get("error"):
        return "other", "error"
    failed = [r for r, judgement in test["judgements"].items() if judgement == "failed"]
    if any(levels.get(r) in counted for r in failed):
        return "failed", "flaky" if test.get("flaky") else "failed"
    if failed:
        return "other", "non-strict"
    if test["outcome"] == "skipped":
        return "skipped", "skipped"
    return "passed", "passed"


def _test(test: dict, levels: dict[str, str], counted: tuple[str, ...]) -> dict:
    status, raw = _status(test, levels, counted)
    entry: dict = {
        "name": test["nodeid"],
        "status": status,
        "rawStatus": raw,
        "duration": _millis(test.get("duration")),
        "suite": [test["nodeid"].partition("::")[0]],
        "tags": list(test["requirements"]),
        "labels": {
            "requirement": list(test["requirements"]) or ["-"],
            "level": [levels.get(r, "-") for r in test["requirements"]] or ["-"],
        },
        "flaky": bool(test.get("flaky")),
    }
    if test.get("started") and test.get("finished"):
        entry["start"], entry["stop"] = _millis(test["started"]), _millis(test["finished"])
    message = next((f"[{f['requirement']}] {reason(f)}" for f in test.get("findings") or []), None) or test.get("error")
    if message and status != "passed":
        entry["message"] = message
    return entry


def build(document: dict) -> dict:
    """The CTRF document of a results document."""
    levels = {r["id"]: r["level"] for r in document["requirements"]}
    counted = ("MUST", "SHOULD") if (document.get("configuration") or {}).get("level") == "should" else ("MUST",)
    tests = [_test(t, levels, counted) for t in document.get("tests", [])]
    verdicts = [r["verdict"] for r in document["requirements"]]
    start = _millis(_epoch(document["started"]))
    stop = _millis(_epoch(document["finished"]))
    summary = {
        "tests": len(tests),
        **{s: sum(t["status"] == s for t in tests) for s in ("passed", "failed", "skipped", "pending", "other")},
        "flaky": sum(t["flaky"] for t in tests),
        "start": start,
        "stop": stop,
        "duration": stop - start,
        "extra": {
            "verdict": document["certification"]["summary"],
            "reason": document["certification"]["reason"],
            "exit_code": document["exit_code"],
            "requirements": {
                v: verdicts.count(v) for v in (Verdict.FAIL, Verdict.FLAKY, Verdict.NON_STRICT, Verdict.ERROR)
            },
        },
    }
    configuration = document.get("configuration") or {}
    return {
        "reportFormat": "CTRF",
        "specVersion": SPEC_VERSION,
        "timestamp": document["finished"],
        "generatedBy": f"superoffice-contact-conformance {__version__}",
        "results": {
            "tool": {"name": "superoffice-contact-conformance", "version": __version__},
            "summary": summary,
            "tests": tests,
            "environment": {
                "reportName": "SuperOffice PUT /api/v1/Contact/{id} conformance",
                "appName": (document.get("target") or {}).get("url") or "not reached",
                "extra": {k: configuration.get(k) for k in ("level", "profile", "seed")},
            },
        },
    }


def _epoch(moment: str) -> float:
    return datetime.fromisoformat(moment.replace("Z", "+00:00")).timestamp()


def write(document: dict, folder: Path) -> Path:
    """Write ctrf.json beside results.json; returns its path."""
    path = folder / CTRF_FILE
    path.write_text(json.dumps(build(document), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
