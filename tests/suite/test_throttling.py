"""A target that throttles (429 or 503 with Retry-After) is waited out: no failure, no latency, the waits reported."""

from __future__ import annotations

import time
from email.utils import formatdate

import pytest

from conformance.harness.client import Client
from conformance.harness.throttle import MAX_WAIT, Pause, retry_after
from conformance.judging.outcomes import HarnessError
from conformance.targets.proxy import Behaviour, proxied
from conformance.targets.reference.server import running_server

from .runs import run_conformance

BASIC = "basic:tester:tester-secret"


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [
        (429, {"Retry-After": "3"}, 3.0),
        (503, {"retry-after": " 0 "}, 0.0),
        (429, {"Retry-After": formatdate(1000.0 + 7, usegmt=True)}, 7.0),
        (429, {"Retry-After": formatdate(1000.0 - 60, usegmt=True)}, 0.0),
        (429, {}, None),
        (503, {"Retry-After": "soon"}, None),
        (500, {"Retry-After": "3"}, None),
        (200, {"Retry-After": "3"}, None),
    ],
)
def test_retry_after_reads_seconds_and_http_dates_of_throttling_answers_only(status, headers, expected):
    """Seconds or an HTTP date on a 429/503; anything else is no throttling (the answer is judged as it is)."""
    assert retry_after(status, headers, now=1000.0) == expected


def test_a_shared_pause_holds_back_every_process_reading_its_file(tmp_path):
    """A pause one worker extends is seen by another worker's Pause on the same file."""
    path = str(tmp_path / "pause")
    Pause(path).extend(2.0)
    assert 1.0 < Pause(path).remaining() <= 2.0
    assert Pause(str(tmp_path / "other")).remaining() == 0.0


@pytest.fixture(scope="module")
def server():
    with running_server() as running:
        yield running


def _client(url: str) -> Client:
    return Client(url, authorization="Basic dGVzdGVyOnRlc3Rlci1zZWNyZXQ=", timeout=10)


@pytest.mark.parametrize("status", [429, 503])
def test_the_client_waits_out_retry_after_and_keeps_the_answer_time_apart(server, status):
    """Every second request is throttled for 1 s: each GET ends 200, the waits are counted, latency stays small."""
    with proxied(server.url, Behaviour(throttle_every=2, retry_after="1", throttle_status=status)) as (url, proxy):
        client = _client(url)
        started = time.perf_counter()
        answers = [client.send("GET", client.contact_path(1)).status for _ in range(3)]
        client.close()
        wall = time.perf_counter() - started
    assert answers == [200, 200, 200]
    assert proxy.counters.throttled == 2
    assert client.ledger.throttled["answers"] == 2 and client.ledger.throttled["waits"] == 2
    assert 1.8 < client.ledger.throttled["seconds"] < wall
    assert max(client.ledger.latencies["GET"]) < 0.9  # the wait is not the target's answer time
    assert not client.ledger.findings  # a 503 with Retry-After is no server.no-5xx finding


def test_a_wait_beyond_the_bound_is_a_harness_error_not_a_verdict(server):
    """Retry-After longer than MAX_WAIT: the suite cannot tell, it says so instead of waiting or failing the target."""
    with proxied(server.url, Behaviour(throttle_every=1, retry_after=str(int(MAX_WAIT) + 1))) as (url, _):
        client = _client(url)
        with pytest.raises(HarnessError, match="throttles"):
            client.send("GET", client.contact_path(1))


def test_a_run_against_a_throttling_target_is_certified_and_reports_its_waits(server, tmp_path):
    """One request in 40 answered 429 (Retry-After 1): the quick run is CERTIFIED, the waits are in results.json."""
    with proxied(server.url, Behaviour(throttle_every=40, retry_after="1")) as (url, proxy):
        run = run_conformance(
            "--base-url",
            url,
            "--auth",
            BASIC,
            "--seed",
            "3",
            "--profile",
            "quick",
            "--concurrency",
            "2",
            report_dir=tmp_path / "reports",
        )
    assert run.returncode == 0, run.explain()
    throttled = run.results["requests"]["throttled"]
    assert throttled["answers"] == proxy.counters.throttled > 0
    assert throttled["seconds"] >= throttled["answers"] * 0.9
    assert "FAIL" not in run.verdicts.values() and "ERROR" not in run.verdicts.values()
    assert f"INFO throttled: {throttled['answers']} answers" in run.stdout
    assert run.schema_errors() == []
