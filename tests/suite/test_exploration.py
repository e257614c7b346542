"""The profile and the seed reach Hypothesis as values (conformance/exploration.py), through its public API."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.exploration import Exploration, examples
from conformance.profiles import PROFILES


def _recording_test():
    """A fresh ``@given`` test that records every value it draws."""
    drawn = []

    @given(st.integers(0, 10**9))
    def test(value):
        drawn.append(value)

    return test, drawn


def _draws(seed: int, profile_field=None) -> list[int]:
    test, drawn = _recording_test()
    Exploration(PROFILES["quick"], seed).prepare(test, profile_field)()
    return drawn


def test_the_same_seed_draws_the_same_values():
    assert _draws(5) == _draws(5)


def test_another_seed_draws_other_values():
    assert _draws(5) != _draws(6)


def test_a_test_tries_the_profiles_number_of_examples():
    assert len(_draws(5)) == PROFILES["quick"].examples


def test_a_marked_test_tries_the_named_profile_field():
    assert len(_draws(5, "fuzz_examples")) == PROFILES["quick"].fuzz_examples


def test_settings_follow_the_profile_shrink_choice():
    assert "shrink" not in {p.name for p in Exploration(PROFILES["quick"], 1).settings().phases}
    assert "shrink" in {p.name for p in Exploration(PROFILES["ci"], 1).settings().phases}


def test_an_unknown_profile_field_is_refused():
    with pytest.raises(ValueError, match="no field 'fuzz'"):
        examples("fuzz")
