"""The contacts a run works on: named ones (--contact-id) are restored, created ones deleted, each verified."""

from __future__ import annotations

import pytest
import requests

from conformance.spec.rules import writable_view
from conformance.targets.reference.server import running_server

from .runs import environment, run_conformance

AUTH = ("tester", "tester-secret")
BASIC = "basic:tester:tester-secret"
NAMED = (3, 4)


@pytest.fixture
def server(tmp_path):
    """A reference server of this test alone, on a fresh database."""
    with running_server(db=tmp_path / "contacts.sqlite3") as started:
        yield started


def read(server, contact_id: int) -> requests.Response:
    return requests.get(f"{server.url}/api/v1/Contact/{contact_id}", auth=AUTH, timeout=30)


def test_named_contacts_are_restored_to_their_writable_values(server, tmp_path):
    """--contact-id 3 --contact-id 4: the suite modifies them, then their writable fields are as before, verified."""
    before = {contact_id: read(server, contact_id).json() for contact_id in NAMED}
    ids = [arg for contact_id in NAMED for arg in ("--contact-id", str(contact_id))]
    run = run_conformance(
        "--base-url",
        server.url,
        "--auth",
        BASIC,
        *ids,
        "--seed",
        "8",
        "--profile",
        "quick",
        report_dir=tmp_path / "reports",
    )
    assert run.returncode == 0, run.explain()
    assert run.results["configuration"]["contact_ids"] == list(NAMED)
    assert run.results["target"]["capabilities"]["post"] is False
    assert sorted((r["contact_id"], r["action"], r["verified"], r["problem"]) for r in run.results["restore"]) == [
        (contact_id, "restored", True, None) for contact_id in NAMED
    ]
    put_requests = run.results["requests"]["latency"]["PUT"]["count"]
    assert put_requests > 50, "the suite did not modify the contacts"
    for contact_id in NAMED:
        after = read(server, contact_id).json()
        assert writable_view(after) == writable_view(before[contact_id]), contact_id


def test_contacts_the_suite_created_are_deleted(server, tmp_path):
    """Without --contact-id the two contacts the run created are deleted, verified, and gone afterwards."""
    run = run_conformance(
        "--base-url",
        server.url,
        "--auth",
        BASIC,
        "--profile",
        "quick",
        report_dir=tmp_path / "reports",
        pytest_args=("-k", "test_put_semantics"),
    )
    assert run.returncode == 0, run.explain()
    restore = run.results["restore"]
    assert [(r["action"], r["verified"], r["problem"]) for r in restore] == [("deleted (created)", True, None)] * 2
    assert [read(server, r["contact_id"]).status_code for r in restore] == [404, 404]


def test_a_run_started_inside_an_xdist_worker_uses_every_named_contact(server, tmp_path):
    """PYTEST_XDIST_WORKER inherited from a calling test process does not make a serial run take a share of the ids."""
    env = environment(PYTEST_XDIST_WORKER="gw1", PYTEST_XDIST_WORKER_COUNT="2")
    run = run_conformance(
        "--base-url",
        server.url,
        "--auth",
        BASIC,
        "--contact-id",
        "3",
        report_dir=tmp_path / "reports",
        env=env,
        pytest_args=("-k", "test_no_credentials_answers_401"),
    )
    assert run.returncode == 0, run.explain()
    assert [(r["contact_id"], r["action"], r["verified"]) for r in run.results["restore"]] == [(3, "restored", True)]
