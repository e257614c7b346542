"""Concurrent conditional PUTs: of N writers carrying the same current date, exactly one wins."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from conformance.spec.httpdate import imf_fixdate

from .support import TIMEOUT, Api, basic, updated, wait_past_second_after

WRITERS = 16
ROUNDS = 20


@pytest.fixture(scope="module")
def race_contacts(reference_server):
    """One new contact per round (so the rounds need not wait for each other's second to pass)."""
    client = Api(reference_server)
    try:
        yield [client.copy_of(45) for _ in range(ROUNDS)]
    finally:
        client.close()


def _race(server, contact_id: int) -> tuple[list[int], list[str], dict]:
    """Send WRITERS conditional PUTs at once; returns their statuses, their names and the stored contact."""
    sessions = [requests.Session() for _ in range(WRITERS)]
    authorization = basic(server.credentials.user, server.credentials.password)
    for session in sessions:
        session.headers["Authorization"] = authorization
    url = f"{server.url}/api/v1/Contact/{contact_id}"
    try:
        current = sessions[0].get(url, timeout=TIMEOUT).json()
        for session in sessions[1:]:  # open every keep-alive connection before the start
            session.get(url, timeout=TIMEOUT)
        condition = imf_fixdate(updated(current))
        wait_past_second_after(updated(current))
        barrier = threading.Barrier(WRITERS)
        names = [f"Writer {index} of round on {contact_id}" for index in range(WRITERS)]

        def write(index: int) -> int:
            body = {**current, "Name": names[index]}
            barrier.wait()
            response = sessions[index].put(url, json=body, headers={"If-Unmodified-Since": condition}, timeout=TIMEOUT)
            return response.status_code

        with ThreadPoolExecutor(WRITERS) as pool:
            statuses = list(pool.map(write, range(WRITERS)))
        stored = sessions[0].get(url, timeout=TIMEOUT).json()
        return statuses, names, stored
    finally:
        for session in sessions:
            session.close()


@pytest.mark.parametrize("round_index", range(ROUNDS))
def test_concurrent_conditional_puts_give_exactly_one_winner(reference_server, race_contacts, round_index):
    """16 PUTs with the same current If-Unmodified-Since: exactly one 200, fifteen 412, the winner's Name stored."""
    statuses, names, stored = _race(reference_server, race_contacts[round_index])
    assert sorted(statuses) == [200] + [412] * (WRITERS - 1), statuses
    winner = names[statuses.index(200)]
    assert stored["Name"] == winner


def test_concurrent_unconditional_puts_to_distinct_contacts_all_succeed(api, fresh_contact, reference_server):
    """16 simultaneous unconditional PUTs to 16 contacts all answer 200 and each contact keeps its own write."""
    ids = [fresh_contact(46) for _ in range(WRITERS)]
    bodies = {contact_id: {**api.contact(contact_id), "Name": f"Parallel {contact_id}"} for contact_id in ids}
    barrier = threading.Barrier(WRITERS)
    authorization = basic(reference_server.credentials.user, reference_server.credentials.password)

    def write(contact_id: int) -> int:
        barrier.wait()
        return requests.put(
            api.url(contact_id), json=bodies[contact_id], headers={"Authorization": authorization}, timeout=TIMEOUT
        ).status_code

    with ThreadPoolExecutor(WRITERS) as pool:
        assert list(pool.map(write, ids)) == [200] * WRITERS
    assert all(api.contact(contact_id)["Name"] == f"Parallel {contact_id}" for contact_id in ids)
