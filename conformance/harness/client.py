"""The suite's HTTP client: credentials added, every exchange kept as evidence and timed.

Requests come in two kinds. A request under test ends as an Exchange whatever
happens (a timeout or a broken connection is evidence against the target). A
setup request (``setup=True``) that fails raises HarnessError: the suite could
not prepare its test, which is an ERROR, never a FAIL. When the target stops
answering altogether (refused connections, or several timeouts in a row), every
further request raises HarnessError at once instead of waiting.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import requests
from urllib3 import HTTPHeaderDict

from conformance.harness.evidence import Evidence
from conformance.harness.limits import Budget
from conformance.harness.throttle import MAX_RETRIES, MAX_WAIT, Pause, retry_after
from conformance.judging.exchange import Exchange, default_role
from conformance.judging.findings import Finding
from conformance.judging.outcomes import HarnessError

MAX_BODY = 8 * 1024 * 1024
CHUNK = 64 * 1024
TIMEOUTS_BEFORE_GIVING_UP = 3
SLOW_PUT_SECONDS = 2.0
CONTACT_PATH = "/api/v1/Contact"
_SEQUENCE = itertools.count(1)  # names every exchange of the process (racers' clients included)


@dataclass
class Ledger:
    """What one process sent: timings for the report, and cross-cutting findings per test."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    http_seconds: float = 0.0
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    current_test: str = "(setup)"
    contexts: set[str] = field(
        default_factory=set
    )  # labels of the contexts PUTs were sent in (conformance.spec.contexts)
    per_test: dict[str, int] = field(default_factory=dict)  # requests each test sent (its racers included)
    throttled: dict[str, float] = field(
        default_factory=lambda: {"answers": 0, "waits": 0, "seconds": 0.0}
    )  # Retry-After
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, exchange: Exchange) -> bool:
        """Time an exchange; note a 5xx (server.no-5xx) and a slow PUT (perf.nsapislow). True when it noted one."""
        with self._lock:
            self.latencies.setdefault(exchange.method, []).append(exchange.elapsed)
            self.http_seconds += exchange.elapsed
            self.per_test[self.current_test] = self.per_test.get(self.current_test, 0) + 1
            noted = False
            if exchange.status is not None and exchange.status >= 500:
                noted = self._note("server.no-5xx", f"{exchange.method} answered {exchange.status}", exchange)
            if exchange.method == "PUT" and exchange.elapsed > SLOW_PUT_SECONDS and exchange.status is not None:
                noted = self._note("perf.nsapislow", f"PUT took {exchange.elapsed * 1000:.0f} ms (> 2000 ms)", exchange)
            return noted

    def seconds_per_request(self) -> float:
        """The mean answer time of the requests so far (0 before the first)."""
        with self._lock:
            sent = sum(self.per_test.values())
            return self.http_seconds / sent if sent else 0.0

    def _note(self, requirement: str, message: str, exchange: Exchange) -> bool:
        self.findings.setdefault(self.current_test, []).append(
            Finding(requirement, message, exchange=exchange.summary(), culprits=[exchange.seq])
        )
        return True

    def note_throttled(self) -> None:
        """The target answered 429 or 503 with Retry-After: the request is sent again after the wait."""
        with self._lock:
            self.throttled["answers"] += 1

    def note_wait(self, seconds: float) -> None:
        """A request waited: the target asked for it (Retry-After), or another request's wait held it back."""
        with self._lock:
            self.throttled["waits"] += 1
            self.throttled["seconds"] += seconds

    def take_findings(self, test: str) -> list[Finding]:
        with self._lock:
            return self.findings.pop(test, [])

    def export(self) -> dict:
        """A serialisable copy for the controller (xdist's workeroutput)."""
        return {
            "latencies": self.latencies,
            "http_seconds": self.http_seconds,
            "contexts": sorted(self.contexts),
            "per_test": self.per_test,
            "throttled": self.throttled,
        }

    def merge(self, exported: dict) -> None:
        for method, values in exported.get("latencies", {}).items():
            self.latencies.setdefault(method, []).extend(values)
        self.http_seconds += exported.get("http_seconds", 0.0)
        self.contexts.update(exported.get("contexts", ()))
        for test, count in exported.get("per_test", {}).items():
            self.per_test[test] = self.per_test.get(test, 0) + count
        for key, value in exported.get("throttled", {}).items():
            self.throttled[key] = self.throttled.get(key, 0) + value


class Client:
    """Sends requests to the target's Contact resource; keeps the current test's evidence (a bounded ring)."""

    def __init__(
        self,
        base_url: str,
        *,
        authorization: str | None,
        headers: dict[str, str] | None = None,
        timeout: float = 10.0,
        ledger: Ledger | None = None,
        evidence: Evidence | None = None,
        pause: Pause | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.authorization = authorization
        self.headers = dict(headers or {})
        self.timeout = timeout
        self.ledger = ledger or Ledger()
        self.evidence = evidence or Evidence()
        self.pause = pause or Pause()
        self._session = requests.Session()
        # Proxies, CA bundle and client certificate from the environment are read once, not on every request
        # (requests otherwise walks os.environ per send: a tenth of a run's time outside HTTP).
        self._environment = self._session.merge_environment_settings(self.base_url, {}, None, None, None)
        self._session.trust_env = False
        self._consecutive_timeouts = 0
        self._gone: str | None = None
        self.budget: Budget | None = None  # the current test's (conformance.harness.limits); shared with siblings

    def __repr__(self) -> str:
        return f"Client({self.base_url})"

    def close(self) -> None:
        self._session.close()

    @property
    def exchanges(self) -> list[Exchange]:
        """The current test's exchanges kept as evidence (the last ones, bodies capped), in the order sent."""
        return self.evidence.exchanges()

    def sibling(self) -> Client:
        """Another client (own connections, for another thread) recording into the same ledger and evidence."""
        sibling = Client(
            self.base_url,
            authorization=self.authorization,
            headers=self.headers,
            timeout=self.timeout,
            ledger=self.ledger,
            evidence=self.evidence,
            pause=self.pause,
        )
        sibling.budget = self.budget
        return sibling

    def url(self, path: str) -> str:
        return self.base_url + path

    def contact_path(self, contact_id: Any) -> str:
        return f"{CONTACT_PATH}/{contact_id}"

    def send(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
        authorization: Any = True,
        setup: bool = False,
        timeout: float | None = None,
        role: str | None = None,
    ) -> Exchange:
        """Send one request.

        ``authorization``: True (the run's), False (none), a header value, or a list of values (each sent
        as its own ``Authorization`` header: none, one, or several).
        ``role`` labels the exchange in the evidence ("conditional PUT", "racer 03", "verify: other contact");
        by default "setup" for a setup request, "verify" for a GET, "under test" otherwise.
        """
        if self._gone:
            raise HarnessError(self._gone)
        repeated = list(authorization) if isinstance(authorization, list) else None
        request_headers = self._headers(
            headers, False if repeated is not None else authorization, json_body is not None
        )
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
        request = requests.Request(method, self.url(path), headers=request_headers, data=body, params=params)
        prepared = self._session.prepare_request(request)
        assert prepared.url is not None  # prepare_request always sets the URL
        recorded = dict(prepared.headers)
        if repeated:
            # requests sends whatever mapping the headers are; the stubs know only CaseInsensitiveDict, which cannot
            # hold one name twice
            with_repeated = _with_repeated(prepared.headers, "Authorization", repeated)
            prepared.headers = with_repeated  # type: ignore[assignment]
            recorded["Authorization"] = repeated[0]
        exchange = Exchange(
            method,
            prepared.url,
            recorded,
            body,
            role=role or default_role(method, setup),
            seq=next(_SEQUENCE),
            started=time.time(),
            repeated_headers=tuple(("Authorization", v) for v in (repeated or [])[1:]),
        )
        with self.budget.request(method, path, len(body or b"")) if self.budget else contextlib.nullcontext():
            self._perform_waiting_out_throttling(prepared, exchange, timeout or self.timeout)
        self.evidence.keep(exchange)
        if self.ledger.record(exchange):
            self.evidence.pin(exchange)
        if exchange.error and setup:
            raise HarnessError(f"setup request failed: {exchange.summary()}")
        return exchange

    def _perform_waiting_out_throttling(self, prepared, exchange: Exchange, timeout: float) -> None:
        """Send; a 429 or 503 with Retry-After is waited out (all workers pause) and sent again, up to a bound."""
        self._wait_out_pause()
        self._perform(prepared, exchange, timeout)
        for _ in range(MAX_RETRIES):
            wait = retry_after(exchange.status, exchange.response_headers or {})
            if wait is None:
                break
            if wait > MAX_WAIT:
                raise HarnessError(
                    f"the target throttles: {exchange.method} answered {exchange.status} asking to wait {wait:.0f} s "
                    f"(more than {MAX_WAIT:.0f} s)"
                )
            self.ledger.note_throttled()
            self.pause.extend(wait)
            self._wait_out_pause()
            exchange.status, exchange.response_headers, exchange.error = None, {}, None
            self._perform(prepared, exchange, timeout)
        else:
            if retry_after(exchange.status, exchange.response_headers or {}) is not None:
                raise HarnessError(
                    f"the target throttles: {exchange.method} still answered {exchange.status} "
                    f"after {MAX_RETRIES} waits"
                )

    def _headers(self, extra: dict[str, str] | None, authorization: Any, is_json: bool) -> dict[str, str]:
        merged = dict(self.headers)
        if is_json:
            merged["Content-Type"] = "application/json"
        if authorization is True and self.authorization:
            merged["Authorization"] = self.authorization
        elif isinstance(authorization, str):
            merged["Authorization"] = authorization
        merged.update(extra or {})
        return {k: v for k, v in merged.items() if v is not None}

    def _wait_out_pause(self) -> None:
        """Wait while the run is paused by a throttling answer: the time is neither latency nor a failure."""
        remaining = self.pause.remaining()
        if remaining > 0:
            time.sleep(remaining)
            self.ledger.note_wait(remaining)

    def _perform(self, prepared: requests.PreparedRequest, exchange: Exchange, timeout: float) -> None:
        started = time.perf_counter()
        try:
            environment = self._environment
            response = self._session.send(
                prepared,
                timeout=timeout,
                allow_redirects=False,
                proxies=environment["proxies"],
                verify=environment["verify"],
                cert=environment["cert"],
                stream=True,
            )
            exchange.status = response.status_code
            exchange.response_headers = dict(response.headers)
            exchange.response_body, exchange.truncated = self._read(response, started, timeout)
            self._consecutive_timeouts = 0
        except requests.exceptions.ConnectionError as error:
            if _refused(error):
                self._gone = f"the target refused the connection ({exchange.method} {exchange.url})"
                raise HarnessError(self._gone) from None
            exchange.error = f"connection broken: {_reason(error)}"
        except requests.exceptions.Timeout:
            exchange.error = f"no response within {timeout:g} s"
            self._consecutive_timeouts += 1
            if self._consecutive_timeouts >= TIMEOUTS_BEFORE_GIVING_UP:
                self._gone = f"the target stopped answering: {TIMEOUTS_BEFORE_GIVING_UP} requests in a row timed out"
        except requests.exceptions.RequestException as error:
            exchange.error = f"{type(error).__name__}: {_reason(error)}"
        finally:
            exchange.elapsed = time.perf_counter() - started

    @staticmethod
    def _read(response: requests.Response, started: float, timeout: float) -> tuple[bytes, bool]:
        """The body, up to MAX_BODY bytes and within the total timeout.

        One buffer whose bytes are handed over without a copy (BytesIO.getvalue): a large body costs its size once.
        """
        body = io.BytesIO()
        try:
            for chunk in response.iter_content(CHUNK):
                if body.tell() + len(chunk) > MAX_BODY:
                    body.write(chunk[: MAX_BODY - body.tell()])
                    return body.getvalue(), True
                body.write(chunk)
                if time.perf_counter() - started > timeout:
                    raise requests.exceptions.Timeout()
        finally:
            response.close()
        return body.getvalue(), False

    def begin_test(self, test: str) -> None:
        """Forget the previous test's exchanges; attribute findings to ``test``."""
        self.evidence.clear()
        self.ledger.current_test = test


def _with_repeated(headers, name: str, values: list[str]) -> HTTPHeaderDict:
    """The headers with ``name`` sent once per value (urllib3 sends each entry of an HTTPHeaderDict)."""
    repeated = HTTPHeaderDict()
    for key, value in headers.items():
        if key.lower() != name.lower():
            repeated.add(key, value)
    for value in values:
        repeated.add(name, value)
    return repeated


def _reason(error: Exception) -> str:
    """What went wrong, in words: DNS and TLS failures named with their fix, anything else as requests says it
    (cut)."""
    text = repr(error)
    if "NameResolutionError" in text or "Name or service not known" in text or "getaddrinfo failed" in text:
        host = getattr(getattr(error, "request", None), "url", "") or ""
        return (
            f"the host name of {host.split('/api/')[0] or 'the target'} could not be resolved (DNS); check --base-url"
        )
    if isinstance(error, requests.exceptions.SSLError):
        detail = re.search(r"\[SSL: [A-Z_]+\] ([^(')\]]+)", text)
        return (
            f"TLS failed ({detail.group(1).strip() if detail else 'handshake refused'}); "
            "check the server's certificate "
            "(REQUESTS_CA_BUNDLE names a CA bundle) or whether --base-url should be http://"
        )
    text = str(error)
    return text if len(text) < 300 else text[:300] + "..."


def _refused(error: requests.exceptions.ConnectionError) -> bool:
    text = repr(error)
    return "Connection refused" in text or "NewConnectionError" in text or "Errno 111" in text
