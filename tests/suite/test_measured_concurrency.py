"""The number of workers follows the measured round trip to the target, not its host name.

Both targets below are on loopback: the reference server itself, and the same server behind a proxy that adds a
100 ms round trip (a tunnel on localhost to a far server). The first runs serially, the second gets workers, and
the run's header says what was measured and chosen.
"""

from __future__ import annotations

import base64

import pytest

from conformance.harness import round_trips
from conformance.harness.settings import concurrency
from conformance.targets.proxy import Behaviour, proxied
from conformance.targets.reference.authentication import Credentials
from conformance.targets.reference.server import running_server

from .runs import run_conformance


@pytest.fixture(scope="module")
def near_and_far():
    with running_server() as server, proxied(server.url, Behaviour(round_trip=0.1)) as (far, _):
        yield server.url, far


def test_a_quick_target_on_loopback_runs_serially(near_and_far):
    near, _ = near_and_far
    measured = round_trips.measure(near)
    assert measured.round_trip is not None and measured.round_trip < round_trips.SERIAL_BELOW, measured
    assert concurrency(None, near) == 1


def test_a_far_target_behind_localhost_gets_workers(near_and_far):
    _, far = near_and_far
    measured = round_trips.measure(far)
    assert measured.round_trip is not None and measured.round_trip >= 0.1, measured
    assert concurrency(None, far) == measured.workers >= 6
    assert "a request took 1" in measured.describe()


def test_an_unreachable_target_gets_one_worker_and_the_smoke_check_says_why():
    measured = round_trips.measure("http://127.0.0.1:9")
    assert (measured.round_trip, measured.workers) == (None, 1)


@pytest.mark.parametrize("round_trip, workers", [(0.001, 1), (0.009, 1), (0.02, 3), (0.05, 5), (0.1, 8), (0.2, 8)])
def test_the_workers_grow_with_the_square_root_of_the_round_trip(round_trip, workers):
    assert round_trips.workers_for(round_trip) == workers


def test_the_run_header_says_what_was_measured_and_chosen(near_and_far, tmp_path):
    _, far = near_and_far
    arguments = ("--base-url", far, "--auth", "basic:tester:tester-secret", "--profile", "quick", "--seed", "3")
    run = run_conformance(*arguments, report_dir=tmp_path, pytest_args=("-k", "no_credentials"))
    header = next(line for line in run.stdout.splitlines() if line.startswith("conformance workers:"))
    assert "workers: a request took" in header, header
    assert "ms (5 requests timed, GET /api/v1/Contact/default)" in header, header  # at most: no PUTs
    assert run.results["workers"] >= 6, run.explain()


def test_a_target_slow_on_some_puts_is_as_costly_as_a_far_one_and_gets_workers():
    """On loopback, a server that answers every third PUT after 2.3 s: with credentials the measurement reads a
    contact and PUTs it three times (one of them slow), so the run gets workers; GETs alone would not show it."""
    credentials = Credentials()
    authorization = "Basic " + base64.b64encode(f"{credentials.user}:{credentials.password}".encode()).decode()
    with running_server(credentials=credentials, fault="every-third-put-slow") as server:
        blind = round_trips.measure(server.url)
        measured = round_trips.measure(server.url, authorization)
    assert blind.workers == 1 and blind.puts == 0, blind
    assert measured.puts == 3 and measured.round_trip > 0.2 and measured.workers == round_trips.MAX_WORKERS, measured
    assert "3 of them PUTs" in measured.describe()
