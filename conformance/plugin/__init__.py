"""The pytest plugin (the ``pytest11`` entry point): inert until a session collects the suite.

In any other pytest session it adds only its namespaced options (``--conformance-seed``, ...; the
target is pytest-base-url's ``--base-url``) and nothing else: no fixtures, no hooks, no files. When
the session collects ``conformance.suite`` (or a folder holding it), it registers the parts in
``conformance.plugin`` and starts the run.
"""

from __future__ import annotations

import pytest

from conformance.plugin import options
from conformance.plugin.activation import suite_requested
from conformance.plugin.workers import pytest_cmdline_main  # noqa: F401 (a hook: --concurrency as xdist workers)


def pytest_addoption(parser: pytest.Parser) -> None:
    options.add(parser)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Activate the suite's hooks and fixtures, and start the run, only in a session that collects the suite."""
    if not suite_requested(config):
        return
    from conformance.harness.exploration import MARKER_HELP, REPEATS_HELP
    from conformance.plugin import fixtures, lifecycle, recording, scheduling
    from conformance.plugin import html_columns as html

    config.addinivalue_line("markers", "requirement(*ids): the requirement ids of SPEC-NOTES a test verifies")
    config.addinivalue_line(
        "markers", "draws(*classes): the classes of the input partition (conformance/spec/partition.py) a test sends"
    )
    config.addinivalue_line("markers", MARKER_HELP)
    config.addinivalue_line("markers", REPEATS_HELP)
    for name, module in (
        ("lifecycle", lifecycle),
        ("recording", recording),
        ("fixtures", fixtures),
        ("html", html),
        ("scheduling", scheduling),
    ):
        config.pluginmanager.register(module, f"conformance-{name}")
    lifecycle.begin(config)
