"""The pytest plugin's parts, registered by ``conformance.plugin`` only in a session that runs the suite.

options (the ``--conformance-*`` flags), lifecycle (start, workers, verdicts), fixtures, recording (one
TestRecord per test), html (pytest-html hooks) and scrubbing (no credential in what pytest shows or writes).
This module holds what they share: where the run is kept on the pytest config.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # the entry point imports this package in every pytest session: keep it light
    from conformance.harness.run_state import Run

RUN = pytest.StashKey["Run"]()
#: The name of the registered Exploration (the run's profile and seed as Hypothesis sees them).
EXPLORATION = "conformance-exploration"
VERDICTS = pytest.StashKey[tuple]()
#: A test's observations for INFO requirements: {"requirement": id, "text": what was seen}.
OBSERVATIONS = pytest.StashKey[list[dict[str, str]]]()
FLAKY = pytest.StashKey[str]()


def run_of(config: pytest.Config) -> Run | None:
    """The run this process takes part in (None: the suite is not collected in this session)."""
    return config.stash.get(RUN, None)
