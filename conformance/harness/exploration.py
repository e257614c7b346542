"""How the run's profile and seed reach Hypothesis: the one place that builds a property test's settings.

The profile is a value of the run (``Run.profile``), never module state read at import
time: when the suite is collected, every ``@given`` test gets the settings built here
and the run's seed through Hypothesis' public ``seed``; the stateful test asks the
``exploration`` fixture (``plugin.py``) for both. A test that needs another count of examples names
the profile field with ``@examples("fuzz_examples")``. Further budgets a profile may
set (time, shrinking) belong in ``Exploration.settings``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import hypothesis
import pytest
from hypothesis import HealthCheck, Phase

from conformance.harness.profiles import Profile

#: Marker naming the profile field that gives a property test its number of examples.
EXAMPLES_MARKER = "conformance_examples"
REPEATS_MARKER = "conformance_repeats"
MARKER_HELP = f"{EXAMPLES_MARKER}(field): the Profile field giving a property test its number of examples"
REPEATS_HELP = (
    f"{REPEATS_MARKER}(*fields): the Profile fields whose product is about how many requests a series test sends"
)
SUPPRESSED = [
    HealthCheck.too_slow,
    HealthCheck.function_scoped_fixture,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
]


def examples(profile_field: str) -> pytest.MarkDecorator:
    """Marks a property test as trying ``profile.<profile_field>`` examples rather than ``profile.examples``."""
    if profile_field not in Profile.__dataclass_fields__:
        raise ValueError(f"Profile has no field {profile_field!r}")
    return getattr(pytest.mark, EXAMPLES_MARKER)(profile_field)


def repeats(*profile_fields: str) -> pytest.MarkDecorator:
    """Marks a series test as sending about the product of ``profile.<field>`` requests (a concurrent run starts
    the longest tests first: conformance.plugin.scheduling)."""
    for profile_field in profile_fields:
        if profile_field not in Profile.__dataclass_fields__:
            raise ValueError(f"Profile has no field {profile_field!r}")
    return getattr(pytest.mark, REPEATS_MARKER)(*profile_fields)


@dataclass
class Exploration:
    """The run's profile and seed, applied to the suite's property tests (a pytest plugin object)."""

    profile: Profile
    seed: int
    _applied: set = field(default_factory=set, repr=False)

    def settings(self, *, examples: int | None = None, **overrides: Any) -> hypothesis.settings:
        """Hypothesis settings for a property test under this profile (``examples`` replaces ``profile.examples``)."""
        phases = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target] + (
            [Phase.shrink] if self.profile.shrink else []
        )
        return hypothesis.settings(
            max_examples=self.profile.examples if examples is None else examples,
            deadline=None,
            database=None,
            phases=phases,
            print_blob=False,
            suppress_health_check=SUPPRESSED,
            **overrides,
        )

    def seeded(self, test):
        """``test`` (a ``@given`` test or a state machine class) drawing from the run's seed."""
        return hypothesis.seed(self.seed)(test)

    def apply(self, item: pytest.Item) -> None:
        """Give a collected ``@given`` test the profile's settings and the run's seed (once per function)."""
        test = getattr(item, "obj", None)
        if not hypothesis.is_hypothesis_test(test) or id(test) in self._applied:
            return
        self._applied.add(id(test))
        marker = item.get_closest_marker(EXAMPLES_MARKER)
        self.prepare(test, marker.args[0] if marker else None)

    def prepare(self, test, profile_field: str | None = None):
        """A ``@given`` test with this profile's settings (``profile.<profile_field>`` examples) and the run's seed."""
        count = getattr(self.profile, profile_field) if profile_field else None
        return self.seeded(self.settings(examples=count)(test))

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            self.apply(item)
