"""The suite's fixtures: registered only in a session that collects the suite, so no other session sees them."""

from __future__ import annotations

import pytest

from conformance.harness.exploration import Exploration
from conformance.harness.run_state import Run
from conformance.plugin.stash import EXPLORATION, OBSERVATIONS, run_of
from conformance.spec import requirements


@pytest.fixture(scope="session")
def conformance_run(request: pytest.FixtureRequest) -> Run:
    """The run this process takes part in."""
    run = run_of(request.config)
    if run is None:
        pytest.skip("the conformance plugin is not active in this session")
    return run


@pytest.fixture(scope="session")
def client(conformance_run: Run):
    """The HTTP client of this process (credentials added, exchanges kept)."""
    return conformance_run.client


@pytest.fixture(scope="session")
def target(conformance_run: Run):
    """The target's address and capabilities."""
    return conformance_run.target


@pytest.fixture(scope="session")
def profile(conformance_run: Run):
    """How hard this run tries."""
    return conformance_run.profile


@pytest.fixture(scope="session")
def exploration(conformance_run: Run, pytestconfig: pytest.Config) -> Exploration:
    """The run's profile and seed as Hypothesis sees them: the settings and seed of every property test."""
    plugin = pytestconfig.pluginmanager.get_plugin(EXPLORATION)
    assert isinstance(plugin, Exploration), plugin  # begin registers it with the run conformance_run gives
    return plugin


@pytest.fixture()
def run_budget(conformance_run: Run):
    """The run's time budget: how many repetitions a test does (conformance.harness.time_budget); what it trims goes
    into the test's record."""
    budget, run_budget = conformance_run.client.budget, conformance_run.run_budget
    return run_budget.noting(budget.note_repetitions) if budget else run_budget


@pytest.fixture(scope="session")
def workspace(conformance_run: Run):
    """This process's contacts (created or named), restored at the end of the run."""
    return conformance_run.workspace()


@pytest.fixture()
def observe(request: pytest.FixtureRequest):
    """Record an observation for an INFO requirement: ``observe("put.replace", "cleared")``."""
    notes = request.node.stash.setdefault(OBSERVATIONS, [])

    def note(requirement_id: str, text: str) -> None:
        entry = {"requirement": requirements.get(requirement_id).id, "text": text}
        if entry not in notes:
            notes.append(entry)

    return note
