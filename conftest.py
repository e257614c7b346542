"""Shared set-up of the project's own tests (the self-tests in ``tests/``)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile(
    "selftest",
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("selftest")
