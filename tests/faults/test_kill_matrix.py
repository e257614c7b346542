"""The suite, run the way a user runs it, catches every fault and certifies the reference server and every faithful
variant.

One ``conformance selftest`` over every fault and variant and three seeds (quick profile) feeds
all the tests here. They live in this one file because the project's test command
distributes by file (``-n auto --dist loadfile``), so the self-test runs once.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys

import pytest

from conformance.selftest import kill_matrix as selftest
from conformance.selftest import power
from conformance.spec.requirements import catalogue
from conformance.targets import faults, variants

SEEDS = (11, 12, 13)
TIMEOUT = 4.0
FAULTS = faults.catalogue()
VARIANTS = variants.catalogue()
#: ``pytest -m "not selftest"`` leaves this module (the longest tier: tests/README.md) out.
pytestmark = pytest.mark.selftest
MUSTS = {r.id for r in catalogue().values() if r.level == "MUST"}


@pytest.fixture(scope="session")
def matrix(tmp_path_factory, request) -> dict:
    """The self-test's kill matrix (selftest.json), by target name; its progress lines reach the terminal as they
    come."""
    folder = tmp_path_factory.mktemp("selftest")
    command = [
        sys.executable,
        "-m",
        "conformance",
        "selftest",
        "--seeds",
        ",".join(map(str, SEEDS)),
        "--profile",
        "quick",
        "--jobs",
        "2",
        "--timeout",
        str(TIMEOUT),
        "--report-dir",
        str(folder),
    ]
    finished = _run_showing_progress(command, request.config)
    document = json.loads((folder / "selftest.json").read_text(encoding="utf-8"))
    assert (folder / "selftest.html").is_file()
    assert "kill rate" in finished.stdout, finished.stdout[-2000:] + finished.stderr[-2000:]
    rows = {row["name"]: row for row in document["rows"]}
    measured = json.loads((folder / "power.json").read_text(encoding="utf-8"))
    return {
        "rows": rows,
        "summary": document["summary"],
        "exit": finished.returncode,
        "stdout": finished.stdout,
        "power": measured,
    }


def _run_showing_progress(command: list[str], config: pytest.Config) -> subprocess.CompletedProcess:
    """Run the self-test; each ``[n/N] target: ok`` line goes to the terminal at once (past pytest's capture, which
    ``-s`` turns off anyway; an xdist worker's stderr is the terminal's), the whole output is kept."""
    capture = config.pluginmanager.getplugin("capturemanager")
    lines = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as process:
        for line in process.stdout:
            lines.append(line)
            if line.startswith("["):
                with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
                    sys.stderr.write(f"kill matrix {line}")
                    sys.stderr.flush()
        process.wait(3600)
    return subprocess.CompletedProcess(command, process.returncode, "".join(lines), "")


def test_the_reference_server_is_certified_with_every_seed(matrix):
    row = matrix["rows"]["reference"]
    assert [a["exit_code"] for a in row["attempts"]] == [0] * len(SEEDS)
    for attempt in row["attempts"]:
        assert not [r for r, v in attempt["verdicts"].items() if v in ("FAIL", "ERROR")]


@pytest.mark.parametrize("name", [n for n, f in FAULTS.items() if f.outcome == "fail"])
def test_each_fault_fails_its_declared_requirements_with_every_seed(matrix, name):
    row = matrix["rows"][name]
    for attempt in row["attempts"]:
        verdicts = attempt["verdicts"]
        assert {r: verdicts.get(r) for r in row["declared"] if verdicts.get(r) not in ("FAIL", "NON-STRICT")} == {}


@pytest.mark.parametrize("name", [n for n, f in FAULTS.items() if f.outcome == "fail"])
def test_each_fault_fails_no_must_it_does_not_declare(matrix, name):
    row = matrix["rows"][name]
    for attempt in row["attempts"]:
        extra = {r for r, v in attempt["verdicts"].items() if v == "FAIL" and r in MUSTS} - set(row["declared"])
        assert extra == set()


@pytest.mark.parametrize("name", list(FAULTS))
def test_each_fault_gets_the_same_verdicts_with_every_seed(matrix, name):
    attempts = matrix["rows"][name]["attempts"]
    assert len(attempts) == (1 if FAULTS[name].slow else len(SEEDS))  # a slow fault runs once (selftest.seeds_for)
    if FAULTS[name].outcome == "fail":
        assert all(selftest.caught(a["verdicts"]) == selftest.caught(attempts[0]["verdicts"]) for a in attempts)
    else:
        assert {a["exit_code"] for a in attempts} <= {1, 2} and len({a["exit_code"] for a in attempts}) == 1


@pytest.mark.parametrize("name", [n for n, f in FAULTS.items() if f.outcome == "wire"])
def test_wire_faults_end_in_time_with_a_clear_verdict(matrix, name):
    for attempt in matrix["rows"][name]["attempts"]:
        assert attempt["exit_code"] in (1, 2)
        assert attempt["message"] and "Traceback" not in attempt["message"]
        assert attempt["exit_code"] == 2 or attempt["verdicts"]["put.ok"] == "FAIL"
        assert attempt["seconds"] < 120


@pytest.mark.parametrize("name", [n for n, f in FAULTS.items() if f.family == "shrinking"])
def test_the_run_times_against_faults_that_make_shrinking_long_are_recorded(matrix, name):
    """selftest.json keeps each attempt's run time and time to catch (benchmarks/shrink_faults.py prints the ci
    figures)."""
    for attempt in matrix["rows"][name]["attempts"]:
        assert attempt["seconds"] > 0 and attempt["caught_after"] is not None


@pytest.mark.parametrize("name", list(VARIANTS))
def test_each_faithful_variant_is_certified(matrix, name):
    """A server using only SPEC-NOTES' freedoms is certified, with no FAIL, ERROR or NON-STRICT verdict (one seed each,
    the seeds in turn)."""
    attempts = matrix["rows"][name]["attempts"]
    assert [a["exit_code"] for a in attempts] == [0], [a["message"] for a in attempts]
    for attempt in attempts:
        assert {r: v for r, v in attempt["verdicts"].items() if v in ("FAIL", "ERROR", "NON-STRICT")} == {}


def test_the_variants_meet_every_seed(matrix):
    assert {a["seed"] for name in VARIANTS for a in matrix["rows"][name]["attempts"]} == set(SEEDS)


def test_the_variants_have_a_section_of_their_own(matrix):
    assert matrix["summary"]["variants"] == matrix["summary"]["variants_certified"] == len(VARIANTS)
    assert "Faithful variants" in matrix["stdout"] and "variants certified" in matrix["stdout"]


def test_the_kill_rate_is_complete_and_the_command_agrees(matrix):
    assert matrix["summary"]["kill_rate"] == 1.0, matrix["summary"]["problems"]
    assert matrix["exit"] == 0


def test_the_measured_power_table_is_the_committed_one(matrix):
    """What each requirement's tests caught and certified in this self-test is what conformance/selftest/power.json
    says."""
    assert matrix["power"] == power.committed()
