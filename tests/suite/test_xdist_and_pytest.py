"""The suite under pytest-xdist (``-- -n 2``) and as a plain pytest plugin (``pytest --pyargs conformance.suite``)."""

from __future__ import annotations

from .runs import run_conformance, run_pytest

SEED = "21"


def test_two_workers_give_the_same_verdicts_as_one(tmp_path):
    """With the same seed, ``-- -n 2`` judges every requirement as the serial run does, and says it had 2 workers."""
    serial = run_conformance("--seed", SEED, "--profile", "quick", report_dir=tmp_path / "serial")
    parallel = run_conformance(
        "--seed", SEED, "--profile", "quick", report_dir=tmp_path / "parallel", pytest_args=("-n", "2")
    )
    assert serial.returncode == 0, serial.explain()
    assert parallel.returncode == 0, parallel.explain()
    assert (serial.results["workers"], parallel.results["workers"]) == (1, 2)
    assert parallel.verdicts == serial.verdicts
    assert sorted(t["nodeid"] for t in parallel.results["tests"]) == sorted(
        t["nodeid"] for t in serial.results["tests"]
    )
    assert parallel.schema_errors() == []
    # each worker's contact, and a second one for each worker that ran a test needing it (path-id, updated-date:
    # one worker or both, as xdist hands them out)
    restored = [(r["action"], r["verified"]) for r in parallel.results["restore"]]
    assert set(restored) == {("deleted (created)", True)} and len(restored) in (3, 4), restored


def test_the_plugin_runs_the_suite_under_plain_pytest(tmp_path):
    """``python -m pytest --pyargs conformance.suite --conformance-seed N --conformance-profile quick ...``: results,
    exit 0."""
    report_dir = tmp_path / "reports"
    run = run_pytest(
        "--pyargs",
        "conformance.suite",
        "--conformance-seed",
        SEED,
        "--conformance-profile",
        "quick",
        "--conformance-report-dir",
        str(report_dir),
        report_dir=report_dir,
    )
    assert run.returncode == 0, run.explain()
    assert run.results["certification"]["certified"] is True
    assert (run.results["seed"], run.results["configuration"]["origins"]["seed"]) == (int(SEED), "command line")
    assert run.schema_errors() == []
    assert (report_dir / "report.html").is_file() and (report_dir / "junit.xml").is_file()
    assert "CERTIFIED: every MUST requirement passed" in run.stdout
