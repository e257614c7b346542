"""Shared set-up of the project's own tests (the self-tests in ``tests/``)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "selftest",
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("selftest")


@pytest.fixture(scope="session")
def reference_server(tmp_path_factory):
    """The reference server in a child process on a fresh database, shared by a session (one per xdist worker)."""
    from conformance.targets.reference.server import running_server

    db = tmp_path_factory.mktemp("reference-db") / "contacts.sqlite3"
    with running_server(db=db) as server:
        yield server
