"""CONFORMANCE_* environment variables configure ``conformance run``; the command line wins over them."""

from __future__ import annotations

import socket

from .runs import environment, run_conformance

#: One cheap test of the suite: the run starts the embedded server, runs it, and writes results.json.
ONE_TEST = ("-k", "test_no_credentials_answers_401")
ENV = {
    "CONFORMANCE_SEED": "77",
    "CONFORMANCE_PROFILE": "quick",
    "CONFORMANCE_LEVEL": "should",
    "CONFORMANCE_TIMEOUT": "7",
}


def test_environment_variables_configure_the_run(tmp_path):
    """Seed, profile, level and timeout come from CONFORMANCE_*, and results.json says so."""
    run = run_conformance(report_dir=tmp_path / "reports", env=environment(**ENV), pytest_args=ONE_TEST)
    assert run.returncode == 0, run.explain()
    configuration = run.results["configuration"]
    assert (run.results["seed"], configuration["profile"], configuration["level"], configuration["timeout"]) == (
        77,
        "quick",
        "should",
        7.0,
    )
    assert configuration["origins"] == {
        "base_url": "default",
        "auth": "default",
        "header": "default",
        "contact_id": "default",
        "level": "environment CONFORMANCE_LEVEL",
        "profile": "environment CONFORMANCE_PROFILE",
        "seed": "environment CONFORMANCE_SEED",
        "timeout": "environment CONFORMANCE_TIMEOUT",
        "max_time": "the quick profile",
        "concurrency": "default",
        "report_dir": "command line",
    }
    assert "conformance seed: 77, profile: quick, level: should" in run.stdout


def test_the_command_line_wins_over_environment_variables(tmp_path):
    """--seed and --profile override CONFORMANCE_SEED and CONFORMANCE_PROFILE; the other variables still apply."""
    run = run_conformance(
        "--seed", "78", "--profile", "ci", report_dir=tmp_path / "reports", env=environment(**ENV), pytest_args=ONE_TEST
    )
    assert run.returncode == 0, run.explain()
    configuration = run.results["configuration"]
    assert (run.results["seed"], configuration["profile"], configuration["level"]) == (78, "ci", "should")
    assert configuration["origins"]["seed"] == configuration["origins"]["profile"] == "command line"
    assert configuration["origins"]["level"] == "environment CONFORMANCE_LEVEL"


def test_a_base_url_from_the_environment_is_used(tmp_path):
    """CONFORMANCE_BASE_URL names the target: a closed port there exits 2 naming that URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    run = run_conformance(report_dir=tmp_path / "reports", env=environment(CONFORMANCE_BASE_URL=url))
    assert run.returncode == 2, run.explain()
    assert f"target {url} cannot be used" in run.stderr
    assert "Traceback" not in run.output


def test_a_bad_environment_value_exits_2_naming_the_variable(tmp_path):
    """CONFORMANCE_PROFILE=turbo is refused like --profile turbo, in one line naming the variable the user set."""
    run = run_conformance(report_dir=tmp_path / "reports", env=environment(CONFORMANCE_PROFILE="turbo"))
    assert run.returncode == 2, run.explain()
    assert [line for line in run.output.splitlines() if line.strip()] == [
        "ERROR: conformance: CONFORMANCE_PROFILE must be one of quick, ci, thorough (got 'turbo')"
    ]
