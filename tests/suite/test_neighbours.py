"""The package beside the plugins common in CI images, installed the way CI jobs install it (a wheel, a fresh venv).

One virtual environment per session: pytest-timeout, pytest-base-url, pytest-randomly, pytest-rerunfailures,
pytest-cov and the project's dependencies, an unrelated test file run; then the project's wheel (not editable),
the same file run again (same outcome, same output), and the suite run both through ``pytest --pyargs``
(pytest-randomly reordering it) and through ``conformance run``, with the same verdicts.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

import conformance

from .runs import environment

PROJECT = Path(conformance.__file__).resolve().parents[1]
NEIGHBOURS = ("pytest-timeout", "pytest-base-url", "pytest-randomly", "pytest-rerunfailures", "pytest-cov")
SEED = "7"
#: A test file that knows nothing of the suite: it uses names the suite's plugin once took (fixtures client and
#: target, options --timeout and --base-url) and must see them as it does without the package.
UNRELATED = """
import pytest


@pytest.fixture
def client():
    return "mine"


def test_my_own_client_fixture(client):
    assert client == "mine"


def test_base_url_comes_from_pytest_base_url(base_url):
    assert base_url == "http://127.0.0.1:1"


def test_the_timeout_option_is_pytest_timeout_s(request):
    assert request.config.getoption("timeout") == 30


def test_a_fixture_nobody_defines(target):
    pass


def test_a_plain_failure():
    assert 1 + 1 == 3
"""
UNRELATED_ARGS = ("-q", "-p", "randomly", "--randomly-seed", "3", "--timeout", "30", "--base-url", "http://127.0.0.1:1")
DURATION = re.compile(r"\b\d+\.\d+s\b")


def _call(command: list, cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environment(),
        stdin=subprocess.DEVNULL,
        check=False,
    )


def _unrelated_runs(python: Path, folder: Path) -> dict[str, subprocess.CompletedProcess]:
    """The unrelated file run, and its fixtures listed, by pytest."""
    return {
        "run": _call([python, "-m", "pytest", *UNRELATED_ARGS, "test_unrelated.py"], folder),
        "fixtures": _call([python, "-m", "pytest", "-q", "--fixtures", "test_unrelated.py"], folder),
    }


@pytest.fixture(scope="session")
def neighbourhood(tmp_path_factory) -> dict:
    """Build the wheel, make the venv with the neighbours, run everything once; outputs and timings."""
    if not (PROJECT / "pyproject.toml").is_file():
        pytest.skip("not run from a checkout of the project (no pyproject.toml to build the wheel from)")
    folder, timings, started = tmp_path_factory.mktemp("neighbours"), {}, time.monotonic()
    built = _call([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", folder / "dist", PROJECT], folder)
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next((folder / "dist").glob("*.whl"))
    venv = folder / "venv"
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    made = _call([sys.executable, "-m", "venv", venv], folder)
    assert made.returncode == 0, made.stderr
    pip = [python, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    installed = _call([*pip, "pytest>=8", *NEIGHBOURS, wheel], folder)
    assert installed.returncode == 0, installed.stderr[-3000:]
    # Without the package, its dependencies kept: what the package itself changes, apart from what they bring
    # (Faker's and anyio's own pytest plugins add fixtures of theirs: faker, anyio_backend).
    removed = _call([python, "-m", "pip", "uninstall", "-y", "-q", "superoffice-contact-conformance"], folder)
    assert removed.returncode == 0, removed.stderr[-3000:]
    timings["wheel and venv with the neighbours"] = time.monotonic() - started
    (folder / "test_unrelated.py").write_text(UNRELATED, encoding="utf-8")
    without = _unrelated_runs(python, folder)
    mark = time.monotonic()
    added = _call([*pip, "--no-deps", wheel], folder)
    assert added.returncode == 0, added.stderr[-3000:]
    timings["the wheel installed"] = time.monotonic() - mark
    mark = time.monotonic()
    with_package = _unrelated_runs(python, folder)
    reports = folder / "reports"
    suite = _call(
        [
            python,
            "-m",
            "pytest",
            "-p",
            "randomly",
            "--pyargs",
            "conformance.suite",
            "--conformance-seed",
            SEED,
            "--conformance-profile",
            "quick",
            "--conformance-report-dir",
            reports / "pytest",
        ],
        folder,
    )
    command = _call(
        [venv / "bin" / "conformance", "run", "--seed", SEED, "--profile", "quick", "--report-dir", reports / "run"],
        folder,
    )
    timings["the runs"] = time.monotonic() - mark
    timings["total"] = time.monotonic() - started
    for name, runs in (("without", without), ("with", with_package)):
        print(f"\n--- the unrelated file {name} the package:\n{runs['run'].stdout}{runs['run'].stderr}")
    print("\nneighbour test timings (s): " + ", ".join(f"{k} {v:.0f}" for k, v in timings.items()))
    return {
        "folder": folder,
        "without": without,
        "with": with_package,
        "suite": suite,
        "command": command,
        "reports": reports,
        "timings": timings,
    }


def _normalised(output: str) -> str:
    return DURATION.sub("N.NNs", output)


def test_an_unrelated_test_file_has_the_same_outcome_and_output_with_the_package(neighbourhood):
    """Same exit code, same output (durations aside): no option clash, no fixture of ours, no report file."""
    without, with_package = neighbourhood["without"]["run"], neighbourhood["with"]["run"]
    assert without.returncode == 1, without.stdout[-3000:] + without.stderr[-3000:]
    assert "3 passed" in without.stdout and "1 error" in without.stdout, without.stdout[-3000:]
    assert (with_package.returncode, _normalised(with_package.stdout), with_package.stderr) == (
        without.returncode,
        _normalised(without.stdout),
        without.stderr,
    )
    # pytest's own cache (the unrelated runs keep it on) and the report folders the suite's runs were given: nothing
    # else (Python's __pycache__ of test_unrelated.py aside: it is there whenever PYTHONDONTWRITEBYTECODE is unset)
    assert sorted(p.name for p in neighbourhood["folder"].iterdir() if p.name != "__pycache__") == [
        ".pytest_cache",
        "dist",
        "reports",
        "test_unrelated.py",
        "venv",
    ]


def test_the_package_adds_no_fixture_to_an_unrelated_session(neighbourhood):
    without, with_package = neighbourhood["without"]["fixtures"], neighbourhood["with"]["fixtures"]
    assert with_package.returncode == without.returncode == 0, with_package.stderr[-3000:]
    assert _normalised(with_package.stdout) == _normalised(without.stdout)


def _verdicts(folder: Path) -> dict[str, str]:
    document = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    return {r["id"]: r["verdict"] for r in document["requirements"]}


def test_the_suite_under_pytest_with_the_neighbours_judges_as_conformance_run(neighbourhood):
    """``pytest --pyargs conformance.suite`` (pytest-randomly reordering the tests) and ``conformance run``: same
    verdicts, both certified, with the same seed."""
    suite, command = neighbourhood["suite"], neighbourhood["command"]
    assert suite.returncode == 0, suite.stdout[-4000:] + suite.stderr[-2000:]
    assert command.returncode == 0, command.stdout[-4000:] + command.stderr[-2000:]
    assert "randomly-seed" in suite.stdout  # the reordering was on
    assert _verdicts(neighbourhood["reports"] / "pytest") == _verdicts(neighbourhood["reports"] / "run")
