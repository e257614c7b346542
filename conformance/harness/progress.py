"""A line on the terminal every few seconds while a test runs long: what it is doing, how far, how long."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from conformance.harness.limits import Budget

#: A test says what it is doing once it has run this long, and again at this interval.
QUIET_SECONDS = 5.0


@contextmanager
def ticker(name: str, budget: Budget, write: Callable[[str], None], every: float = QUIET_SECONDS) -> Iterator[None]:
    """While the block runs, write ``name: <budget.progress()>`` every ``every`` seconds (the first after ``every``)."""
    done = threading.Event()

    def tick() -> None:
        while not done.wait(every):
            write(f"  ... {name}: {budget.progress()}")

    thread = threading.Thread(target=tick, name=f"progress {name}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
