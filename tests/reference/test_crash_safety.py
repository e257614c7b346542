"""Crash safety: a server killed with SIGKILL mid-stream leaves a sound database holding every acknowledged write.

The kill comes once enough PUTs were answered and some time has passed, so a slow machine still kills mid-stream.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections import defaultdict

import pytest
import requests

from conformance.targets.reference.server import running_server

from .support import TIMEOUT, basic

CLIENTS = 2
CONTACTS_PER_CLIENT = 3


class Stream:
    """PUTs with distinct Names from a few client threads, recording what was sent and what was acknowledged."""

    def __init__(self, server, contact_ids: list[int]):
        self.server = server
        self.sent: dict[int, list[str]] = defaultdict(list)
        self.acknowledged: dict[int, str] = {}
        self.bodies: dict[int, dict] = {}
        self.errors: list[str] = []
        self.answered = 0
        self.lock = threading.Lock()
        self.authorization = basic(server.credentials.user, server.credentials.password)
        for contact_id in contact_ids:
            response = requests.get(
                self._url(contact_id), headers={"Authorization": self.authorization}, timeout=TIMEOUT
            )
            self.bodies[contact_id] = response.json()

    def _url(self, contact_id: int) -> str:
        return f"{self.server.url}/api/v1/Contact/{contact_id}"

    def run(self, client: int, contact_ids: list[int]) -> None:
        session = requests.Session()
        session.headers["Authorization"] = self.authorization
        count = 0
        while True:
            contact_id = contact_ids[count % len(contact_ids)]
            name = f"crash c{client} n{count}"
            with self.lock:
                self.sent[contact_id].append(name)
            try:
                response = session.put(
                    self._url(contact_id), json={**self.bodies[contact_id], "Name": name}, timeout=TIMEOUT
                )
            except requests.RequestException:
                return  # the server is gone
            if response.status_code != 200:
                with self.lock:
                    self.errors.append(f"{response.status_code} {response.text[:200]}")
                return
            with self.lock:
                self.acknowledged[contact_id] = name
                self.answered += 1
            count += 1

    def wait_for(self, answered: int, *, at_least: float, timeout: float = 60) -> None:
        """Wait until ``answered`` PUTs got their 200 and ``at_least`` seconds have passed."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            with self.lock:
                if self.errors or (self.answered >= answered and time.monotonic() - started >= at_least):
                    return
            time.sleep(0.01)


def _stored_names(db_path) -> tuple[str, dict[int, str]]:
    """PRAGMA integrity_check, and the Name of every contact, read with sqlite3 after the crash."""
    connection = sqlite3.connect(db_path)
    try:
        (integrity,) = connection.execute("PRAGMA integrity_check").fetchone()
        names = {row[0]: json.loads(row[1])["Name"] for row in connection.execute("SELECT id, body FROM contact")}
    finally:
        connection.close()
    return integrity, names


@pytest.mark.parametrize(("seconds", "answered"), [(0.3, 30), (1.0, 100)])
def test_every_acknowledged_put_survives_a_sigkill(tmp_path, seconds, answered):
    """SIGKILL mid-stream: integrity_check is ok; each contact holds its last acknowledged Name or a later one."""
    db_path = tmp_path / "crash.sqlite3"
    groups = [list(range(1 + c * CONTACTS_PER_CLIENT, 1 + (c + 1) * CONTACTS_PER_CLIENT)) for c in range(CLIENTS)]
    with running_server(db=db_path) as server:
        stream = Stream(server, [i for group in groups for i in group])
        threads = [threading.Thread(target=stream.run, args=(c, groups[c]), daemon=True) for c in range(CLIENTS)]
        for thread in threads:
            thread.start()
        stream.wait_for(answered, at_least=seconds)
        server.process.kill()
        server.process.wait(10)
        for thread in threads:
            thread.join(TIMEOUT)
        assert not any(thread.is_alive() for thread in threads)
    assert stream.errors == []
    assert stream.answered >= answered, "the stream was running when the server died"
    assert len(stream.acknowledged) == CLIENTS * CONTACTS_PER_CLIENT, "every contact got at least one write"

    integrity, stored = _stored_names(db_path)
    assert integrity == "ok"
    for contact_id, sent in stream.sent.items():
        last = stream.acknowledged[contact_id]
        allowed = sent[sent.index(last) :]  # the last acknowledged one, or one sent after it but not yet answered
        assert stored[contact_id] in allowed, (contact_id, stored[contact_id], last)
    assert len(stored) == 60


def test_database_given_with_db_is_kept_across_restarts(tmp_path):
    """A server restarted on the same ``--db`` file serves what the previous one saved, without reseeding."""
    db_path = tmp_path / "kept.sqlite3"
    with running_server(db=db_path) as server:
        authorization = {"Authorization": basic(server.credentials.user, server.credentials.password)}
        body = requests.get(f"{server.url}/api/v1/Contact/1", headers=authorization, timeout=TIMEOUT).json()
        response = requests.put(
            f"{server.url}/api/v1/Contact/1",
            json={**body, "Name": "Survives a restart"},
            headers=authorization,
            timeout=TIMEOUT,
        )
        assert response.status_code == 200
        created = requests.post(
            f"{server.url}/api/v1/Contact", json=body, headers=authorization, timeout=TIMEOUT
        ).json()
    assert db_path.exists()
    with running_server(db=db_path) as server:
        again = requests.get(f"{server.url}/api/v1/Contact/1", headers=authorization, timeout=TIMEOUT).json()
        assert again["Name"] == "Survives a restart"
        assert again["UpdatedDate"] == response.json()["UpdatedDate"]
        url = f"{server.url}/api/v1/Contact/{created['ContactId']}"
        assert requests.get(url, headers=authorization, timeout=TIMEOUT).status_code == 200
