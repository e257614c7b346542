"""How hard a run tries: examples per property test, race rounds, fuzz size."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    """The effort of one run."""

    name: str
    examples: int  # Hypothesis examples per property test
    race_rounds: int  # repetitions of the If-Unmodified-Since race
    race_clients: int  # concurrent conditional PUTs per round
    fuzz_examples: int  # odd requests sent by the robustness test
    latency_samples: int  # PUTs timed by the latency test
    shrink: bool  # whether Hypothesis shrinks a failing example
    class_examples: int = 2  # members drawn per partition class, beyond its boundaries (conformance.suite.drawing)
    model_sequences: int = 4  # sequences the stateful model test tries
    model_steps: int = 6  # PUTs per sequence at most
    test_seconds: float = 60.0  # ceiling of one test (conformance.harness.limits)
    shrink_seconds: float = 10.0  # time a test may spend shrinking a failing example
    shrink_requests: int = 300  # requests a test may send while shrinking
    time_budget: float | None = None  # the run's default --max-time in seconds (None: as long as it takes)


PROFILES = {
    "quick": Profile(
        "quick",
        examples=4,
        race_rounds=1,
        race_clients=8,
        fuzz_examples=25,
        latency_samples=10,
        shrink=False,
        class_examples=1,
        model_sequences=3,
        model_steps=5,
        test_seconds=30,
        shrink_seconds=3,
        shrink_requests=60,
        time_budget=60,
    ),
    "ci": Profile(
        "ci",
        examples=15,
        race_rounds=3,
        race_clients=16,
        fuzz_examples=80,
        latency_samples=30,
        shrink=True,
        class_examples=3,
        model_sequences=6,
        model_steps=8,
        test_seconds=45,
        shrink_seconds=4,
        shrink_requests=120,
        time_budget=180,
    ),
    "thorough": Profile(
        "thorough",
        examples=100,
        race_rounds=10,
        race_clients=16,
        fuzz_examples=400,
        latency_samples=100,
        shrink=True,
        class_examples=25,
        model_sequences=60,
        model_steps=15,
        test_seconds=300,
        shrink_seconds=60,
        shrink_requests=2000,
    ),
}
