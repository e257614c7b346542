"""The pytest plugin (the ``pytest11`` entry point): inert until a session collects the suite.

In any other pytest session it adds only its namespaced options (``--conformance-seed``, ...; the
target is pytest-base-url's ``--base-url``) and nothing else: no fixtures, no hooks, no files. When
the session collects ``conformance.suite`` (or a folder holding it), it registers the parts in
``conformance.hooks`` and starts the run.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Optional

import pytest

from conformance.concurrency import pytest_cmdline_main  # noqa: F401 (a hook: --concurrency as xdist workers)
from conformance.hooks import options

SUITE_DIR = Path(__file__).resolve().parent / "suite"


def pytest_addoption(parser: pytest.Parser) -> None:
    options.add(parser)


def _resolved_path(argument: str, config: pytest.Config) -> Optional[Path]:
    target = argument.split("::")[0]
    if config.option.pyargs:
        try:
            spec = importlib.util.find_spec(target)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            origin = Path(spec.origin).resolve()
            return origin.parent if origin.name == "__init__.py" else origin
    return (Path(config.invocation_params.dir) / target).resolve()


def suite_requested(config: pytest.Config) -> bool:
    """Whether this session collects the conformance suite (or a folder holding it)."""
    if hasattr(config, "workerinput"):
        return "conformance" in config.workerinput
    for argument in config.args:
        path = _resolved_path(argument, config)
        if path is not None and (path == SUITE_DIR or SUITE_DIR in path.parents or path in SUITE_DIR.parents):
            return True
    return False


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Activate the suite's hooks and fixtures, and start the run, only in a session that collects the suite."""
    if not suite_requested(config):
        return
    from conformance.exploration import MARKER_HELP, REPEATS_HELP
    from conformance.hooks import fixtures, html, lifecycle, recording, scheduling

    config.addinivalue_line("markers", "requirement(*ids): the requirement ids of SPEC-NOTES a test verifies")
    config.addinivalue_line("markers", MARKER_HELP)
    config.addinivalue_line("markers", REPEATS_HELP)
    for name, module in (("lifecycle", lifecycle), ("recording", recording), ("fixtures", fixtures), ("html", html),
                         ("scheduling", scheduling)):
        config.pluginmanager.register(module, f"conformance-{name}")
    lifecycle.begin(config)
