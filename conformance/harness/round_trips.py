"""How far away the target is, measured with a few timed requests, and how many workers that calls for.

A ci run sends about REQUESTS_PER_RUN requests; one after another they cost REQUESTS_PER_RUN x the round trip.
A worker costs about WORKER_START seconds to start (a Python process importing the suite, on two cores) and
shares the requests with the others. The run's time, REQUESTS_PER_RUN x round trip / w + w x WORKER_START, is
least at w = sqrt(REQUESTS_PER_RUN x round trip / WORKER_START), kept between 1 and MAX_WORKERS. Below
SERIAL_BELOW a round trip costs less than a worker saves: the run stays serial. The host name plays no part:
a tunnel on localhost to a far server gets workers, a quick server on another machine stays serial.

The round trip is the median of five GETs of Contact/default. Given credentials, a contact is also read and PUT
three times (plain, with ``$select``, plain) on a contact made for it (or the first ``--contact-id``, PUT back as
read): when those PUTs take over SLOW_PUTS on average, their mean is the cost instead. A target that answers some
PUTs slowly is as costly as a far one, and gets workers the same way. When the GETs alone already call for
MAX_WORKERS, the PUTs are not timed.
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
#: PUTs slower than this on average (and than a GET) make the target as costly as they are: far beyond the noise a
#: busy machine adds to a loopback round trip.
SLOW_PUTS = 0.100
#: A sibling operation the Swagger names: it reads no contact and needs no body.
PROBE_PATH = "/api/v1/Contact/default"


@dataclass(frozen=True)
class Measurement:
    """What a request costs (the median GET, or the mean PUT when PUTs are slow; None when none was answered) and
    the workers it calls for."""

    round_trip: float | None
    answered: int
    workers: int
    puts: int = 0  # PUTs among the requests timed

    def describe(self) -> str:
        """One line for the run's header: what was measured and what was chosen."""
        chosen = f"{self.workers} worker{'s' if self.workers > 1 else ''}"
        if self.round_trip is None:
            return f"{chosen}: the target answered none of {SAMPLES} timed requests to {PROBE_PATH}"
        timed = f"{self.puts} of them PUTs" if self.puts else f"GET {PROBE_PATH}"
        return (
            f"{chosen}: a request took {self.round_trip * 1000:.0f} ms ({self.answered} requests timed, "
            f"{timed}); serial below {SERIAL_BELOW * 1000:.0f} ms, a worker costs about {WORKER_START:.1f} s"
        )


def workers_for(round_trip: float) -> int:
    """The number of workers that makes a run quickest at this round trip (seconds)."""
    if round_trip < SERIAL_BELOW:
        return 1
    return max(1, min(MAX_WORKERS, round(math.sqrt(REQUESTS_PER_RUN * round_trip / WORKER_START))))


class _Timer:
    """Requests over one connection, each timed; the first that fails ends the measurement (Stop)."""

    class Stop(Exception):
        pass

    def __init__(self, session: requests.Session, base_url: str, timeout: float):
        self.session, self.base_url, self.timeout = session, base_url.rstrip("/"), timeout
        self.times: list[float] = []
        self.methods: list[str] = []
        self.puts = 0

    def send(self, method: str, path: str, **arguments) -> requests.Response:
        began = time.perf_counter()
        try:
            response = self.session.request(method, self.base_url + path, timeout=self.timeout, **arguments)
        except requests.RequestException:
            raise self.Stop from None  # an unreachable target is the smoke check's to report, not worth more timeouts
        self.times.append(time.perf_counter() - began)
        self.methods.append(method)
        self.puts += method == "PUT"
        return response


def _time_puts(timer: _Timer, contact_id: int | None) -> None:
    """Read a contact and PUT it back three times (plain, with $select, plain); one made for it is deleted after."""
    from conformance.harness.contacts import creation_body  # not at import: `conformance serve` reads this module

    made = None
    if contact_id is None:
        created = timer.send("POST", "/api/v1/Contact", json=creation_body(0, 0, 0))
        made = contact_id = _contact_id(created)
        if contact_id is None:
            return
    try:
        path = f"/api/v1/Contact/{contact_id}"
        read = timer.send("GET", path)
        body = read.json() if read.status_code == 200 else None
        if not isinstance(body, dict):
            return
        for params in (None, {"$select": "Name"}, None):
            timer.send("PUT", path, json=body, params=params)
    except ValueError:
        return  # not JSON: the smoke check says what is wrong with the target
    finally:
        if made is not None:
            timer.send("DELETE", f"/api/v1/Contact/{made}")


def _contact_id(response: requests.Response) -> int | None:
    try:
        contact_id = response.json().get("ContactId") if response.status_code == 200 else None
    except (ValueError, AttributeError):
        return None
    return contact_id if isinstance(contact_id, int) else None


@lru_cache(maxsize=8)
def measure(
    base_url: str, authorization: str | None = None, contact_id: int | None = None, timeout: float = 5.0
) -> Measurement:
    """Time the requests a run sends most, one after another over one connection (once per process and target)."""
    with requests.Session() as session:
        if authorization:
            session.headers["Authorization"] = authorization
        timer = _Timer(session, base_url, timeout)
        try:
            for _ in range(SAMPLES):
                timer.send("GET", PROBE_PATH)
            if authorization and workers_for(statistics.median(timer.times)) < MAX_WORKERS:
                _time_puts(timer, contact_id)  # slow PUTs can only add workers: not worth timing once at the most
        except _Timer.Stop:
            pass
    if not timer.times:
        return Measurement(None, 0, 1)
    cost = statistics.median(timer.times[:SAMPLES])  # a GET's round trip: one hiccup of a busy machine moves it not
    puts = [t for t, method in zip(timer.times, timer.methods, strict=True) if method == "PUT"]
    if puts and statistics.fmean(puts) > max(SLOW_PUTS, cost):
        cost = statistics.fmean(puts)  # PUTs slow beyond any noise: the target is as costly as they are
    return Measurement(cost, len(timer.times), workers_for(cost), timer.puts)
