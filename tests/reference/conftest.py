"""Fixtures of the reference server's tests: a client of the session's server and fresh contacts to modify.

Tests share one server per session (per xdist worker), so a test that writes works on its own copy of a
seed contact (``fresh_contact``). The only seed contacts written are 31, 41, 42 and 44 (their own body put
back unchanged) and 53 (the server-owned fields test); the fuzz, crash and credential tests start their own
servers.
"""

from __future__ import annotations

import pytest

from .support import Api


@pytest.fixture
def api(reference_server):
    """A keep-alive client of the session's reference server (Basic auth)."""
    client = Api(reference_server)
    yield client
    client.close()


@pytest.fixture
def fresh_contact(api):
    """Make a new contact copied from a seed contact; returns its id (a test's own contact to modify)."""

    def make(seed_id: int = 1, **changes) -> int:
        return api.copy_of(seed_id, **changes)

    return make
