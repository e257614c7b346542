"""What a test keeps of its exchanges, and which of them a finding blames.

Per test the client keeps light copies (``Exchange.for_evidence``) of its last
RING exchanges, plus those the ledger blamed (a 5xx, a slow PUT): memory stays
bounded however many requests a test sends and however large the answers. A
finding names its culprit exchange(s); one that names none blames the test's
last request under test (the last exchange that is neither "setup" nor a
"verify..." read), else its last exchange. The evidence of a finding is its
culprits and the context around them: the CONTEXT_BEFORE exchanges before the
first culprit and every exchange after it.
"""

from __future__ import annotations

import collections
import gc
import threading
from collections.abc import Iterable
from types import TracebackType

from conformance.judging.exchange import Exchange, is_context
from conformance.judging.findings import Finding
from conformance.judging.records import leaves
from conformance.judging.redaction import Redactor

#: Exchanges kept per test: enough for a race of 16 concurrent PUTs with its setup and its verifying GET.
RING = 24
#: Exchanges the ledger may pin per test beyond the ring.
PINNED = 8
CONTEXT_BEFORE = 3
#: Exchanges shown for a test that errored (no culprit).
ERROR_CONTEXT = 3
#: Response bytes a test may read before its end frees its failure's frames (no real contact comes near), and how
#: often (in bytes read) the process collects garbage cycles.
COLLECT_AFTER = 1024 * 1024
COLLECT_EVERY = 64 * 1024 * 1024
_READ_SINCE_COLLECT = [0]  # response bytes the process read since its last collection


class Evidence:
    """The exchanges one test keeps (shared by the clients of that test, e.g. the racers)."""

    def __init__(self, ring: int = RING):
        self._ring: collections.deque[Exchange] = collections.deque(maxlen=ring)
        self._pinned: list[Exchange] = []
        self._lock = threading.Lock()
        self.read = 0  # response bytes the test read

    def keep(self, exchange: Exchange) -> None:
        """Keep a light copy; every COLLECT_EVERY bytes the process read, collect garbage cycles (failures' frames)."""
        with self._lock:
            self._ring.append(exchange.for_evidence())
            self.read += len(exchange.response_body)
        _READ_SINCE_COLLECT[0] += len(exchange.response_body)
        if _READ_SINCE_COLLECT[0] >= COLLECT_EVERY:
            _READ_SINCE_COLLECT[0] = 0
            gc.collect()

    def pin(self, exchange: Exchange) -> None:
        """Keep an exchange beyond the ring (one the ledger blamed)."""
        with self._lock:
            if len(self._pinned) < PINNED:
                self._pinned.append(exchange.for_evidence())

    def clear(self) -> None:
        with self._lock:
            self._ring.clear()
            self._pinned.clear()
            self.read = 0

    def exchanges(self) -> list[Exchange]:
        """Every exchange kept, in the order they were sent."""
        with self._lock:
            return _by_seq([*self._ring, *self._pinned])

    def restore(self, kept: list[Exchange]) -> None:
        """Keep exactly ``kept`` again (a test run twice shows its first run's exchanges)."""
        with self._lock:
            self._ring.clear()
            ring = self._ring.maxlen
            assert ring is not None  # __init__ gives the ring its length
            self._pinned[:] = kept[: PINNED + ring]


def _by_seq(exchanges: Iterable[Exchange]) -> list[Exchange]:
    unique = {e.seq: e for e in exchanges}
    return [unique[seq] for seq in sorted(unique)]


def default_culprit(exchanges: list[Exchange]) -> Exchange | None:
    """The last request under test, else the last exchange."""
    candidates = [e for e in exchanges if not is_context(e.role)] or exchanges
    return candidates[-1] if candidates else None


def gather(
    kept: list[Exchange], error: BaseException | None, findings: list[Finding]
) -> tuple[list[Exchange], set[int]]:
    """(exchanges to show, seqs of the culprits) for a test's findings; names the default culprit in findings
    without one.

    ``kept``: what the test's Evidence holds; ``error``: the exception the test ended with (its Nonconformances carry
    their culprits, kept even when the ring has moved on).
    """
    carried = [culprit for leaf in (leaves(error) if error else ()) for culprit in getattr(leaf, "culprits", [])]
    exchanges = _by_seq([*kept, *carried])
    fallback = default_culprit(exchanges)
    for finding in findings:
        if not finding.culprits and fallback is not None:
            finding.culprits = [fallback.seq]
    culprits = {seq for finding in findings for seq in finding.culprits}
    known = [i for i, e in enumerate(exchanges) if e.seq in culprits]
    if not known:
        return exchanges[-ERROR_CONTEXT:], set()
    return exchanges[max(0, known[0] - CONTEXT_BEFORE) :], culprits


def records(exchanges: list[Exchange], culprits: set[int], redactor: Redactor) -> list[dict]:
    """The exchanges as structured records, the culprits marked (timed from the first one)."""
    since = exchanges[0].started if exchanges else 0.0
    return [e.record(redactor, culprit=e.seq in culprits, since=since) for e in exchanges]


def release(error: BaseException | None, kept: Evidence) -> None:
    """Free what a test that read large bodies still holds, once pytest has made its report.

    An exception and its frames form a reference cycle that only a full garbage collection frees (Hypothesis keeps
    more of them), so against a target answering huge bodies every failed test kept its bodies (8 MiB each, and the
    JSON error's copy as text) and the run grew by 16 MB a test. The reported exception loses its frames' locals and
    its chain (pytest keeps it as sys.last_value), when the test read more than COLLECT_AFTER bytes (never against a
    real contact: a few kB a body); the evidence keeps light copies of the culprits. Other cycles (Hypothesis' failing
    examples) are collected by Evidence.keep every COLLECT_EVERY bytes read (a full collection takes ~0.1 s).
    """
    if kept.read > COLLECT_AFTER:
        _release(error)


def _release(error: BaseException | None) -> None:
    seen: set[int] = set()
    pending = [error] if error is not None else []
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        _clear_frames(current.__traceback__)
        pending += [e for e in (current.__context__, current.__cause__) if e is not None]
        current.__context__ = current.__cause__ = None  # a JSONDecodeError in the chain holds the whole body as text
        pending += [e for e in getattr(current, "exceptions", None) or () if isinstance(e, BaseException)]


def _clear_frames(tb: TracebackType | None) -> None:
    """traceback.clear_frames, and the dict of locals Python < 3.13 caches on a frame (read again: now empty)."""
    while tb is not None:
        try:
            tb.tb_frame.clear()
            tb.tb_frame.f_locals  # noqa: B018 - syncing the cached dict with the cleared frame drops its references
        except RuntimeError:  # a frame still executing
            pass
        tb = tb.tb_next
