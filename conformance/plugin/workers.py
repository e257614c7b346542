"""Concurrency: ``--concurrency N``, or the number a few timed round trips call for, becomes N pytest-xdist workers.

Each worker works on contacts of its own (conformance.harness.contacts), and Hypothesis
derives each test's examples from the run's seed and the test alone, so the
verdicts are those of a serial run with the same seed; only the wall time
changes. Against a quick target (the embedded reference server included) the run stays
serial unless asked: it answers faster than workers start (conformance.harness.round_trips).
"""

from __future__ import annotations

import os

import pytest

from conformance.harness.settings import resolve_concurrency


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """Give xdist the workers ``--concurrency`` asks for, before it starts them (``-n`` given wins)."""
    from conformance.plugin.activation import suite_requested
    from conformance.plugin.options import cli_values, ini_lookup

    if hasattr(config, "workerinput") or not config.pluginmanager.has_plugin("xdist"):
        return
    if getattr(config.option, "numprocesses", None) is not None or getattr(config.option, "collectonly", False):
        return
    if not suite_requested(config):
        return
    try:
        workers = resolve_concurrency(cli_values(config), os.environ, ini_lookup(config))
    except Exception:  # a bad value is reported, with the other settings, when the run starts
        return
    contact_ids = (
        cli_values(config).get("contact_id") or os.environ.get("CONFORMANCE_CONTACT_IDS", "").replace(",", " ").split()
    )
    if contact_ids:
        workers = min(workers, len(contact_ids))  # every worker needs a contact of its own
    if workers > 1:  # what xdist's own pytest_cmdline_main (called before this one) does for ``-n N``
        config.option.numprocesses = workers
        if (
            config.option.dist == "no"
        ):  # the longest tests first, each worker keeping one test in hand (plugin.scheduling)
            config.option.dist = "load"
        config.option.tx = ["popen"] * workers
