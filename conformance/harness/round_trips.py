"""How far away the target is, measured with a few timed requests, and how many workers that calls for.

A ci run sends about REQUESTS_PER_RUN requests; one after another they cost REQUESTS_PER_RUN x the round trip.
A worker costs about WORKER_START seconds to start (a Python process importing the suite, on two cores) and
shares the requests with the others. The run's time, REQUESTS_PER_RUN x round trip / w + w x WORKER_START, is
least at w = sqrt(REQUESTS_PER_RUN x round trip / WORKER_START), kept between 1 and MAX_WORKERS. Below
SERIAL_BELOW a round trip costs less than a worker saves: the run stays serial. The host name plays no part:
a tunnel on localhost to a far server gets workers, a quick server on another machine stays serial.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass
from functools import lru_cache

import requests

SAMPLES = 5
REQUESTS_PER_RUN = 900
WORKER_START = 1.5
MAX_WORKERS = 8
SERIAL_BELOW = 0.010
#: A sibling operation the Swagger names: it reads no contact and needs no body.
PROBE_PATH = "/api/v1/Contact/default"


@dataclass(frozen=True)
class Measurement:
    """The median round trip of SAMPLES requests (None when none was answered) and the workers it calls for."""

    round_trip: float | None
    answered: int
    workers: int

    def describe(self) -> str:
        """One line for the run's header: what was measured and what was chosen."""
        chosen = f"{self.workers} worker{'s' if self.workers > 1 else ''}"
        if self.round_trip is None:
            return f"{chosen}: the target answered none of {SAMPLES} timed requests to {PROBE_PATH}"
        return (
            f"{chosen}: a round trip took {self.round_trip * 1000:.0f} ms (median of {self.answered} requests to "
            f"{PROBE_PATH}); serial below {SERIAL_BELOW * 1000:.0f} ms, a worker costs about {WORKER_START:.1f} s"
        )


def workers_for(round_trip: float) -> int:
    """The number of workers that makes a run quickest at this round trip (seconds)."""
    if round_trip < SERIAL_BELOW:
        return 1
    return max(1, min(MAX_WORKERS, round(math.sqrt(REQUESTS_PER_RUN * round_trip / WORKER_START))))


@lru_cache(maxsize=8)
def measure(base_url: str, timeout: float = 5.0) -> Measurement:
    """Time SAMPLES requests to the target over one connection (once per process and target); the first that fails
    ends the measurement."""
    times = []
    with requests.Session() as session:
        for _ in range(SAMPLES):
            began = time.perf_counter()
            try:
                session.get(base_url.rstrip("/") + PROBE_PATH, timeout=timeout)
            except requests.RequestException:
                break  # an unreachable target is the smoke check's to report, not worth five timeouts
            times.append(time.perf_counter() - began)
    if not times:
        return Measurement(None, 0, 1)
    median = statistics.median(times)
    return Measurement(median, len(times), workers_for(median))
