"""A target that throttles (429 or 503 with Retry-After) is waited out, never judged for it.

The wait is bounded: one Retry-After of at most MAX_WAIT seconds, at most
MAX_RETRIES times for one request; beyond that the harness cannot tell
(HarnessError), which is no verdict against the target. While one request waits,
every request of the run waits (the pause is shared between xdist workers through
a file): the run's concurrency backs off as a whole.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path

THROTTLING_STATUSES = (429, 503)
MAX_WAIT = 60.0
MAX_RETRIES = 5


def retry_after(status: int | None, headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds a throttling answer asks to wait (``Retry-After: 3`` or an HTTP date), else None.

    None for any other status, no header, or a value that is neither: such an answer is judged like any other.
    """
    if status not in THROTTLING_STATUSES:
        return None
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None or moment.tzinfo is None:
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


@dataclass
class Pause:
    """The run's shared pause: until when no request is sent (a file every worker reads, or this process alone)."""

    path: str | None = None
    _until: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def extend(self, seconds: float) -> None:
        with self._lock:
            self._until = max(self._until, time.time() + seconds)
            if self.path:
                try:
                    Path(self.path).write_text(repr(max(self._until, self._shared())), encoding="ascii")
                except OSError:
                    pass

    def remaining(self) -> float:
        """Seconds still to wait before sending (0 when the run is not paused)."""
        with self._lock:
            return max(0.0, max(self._until, self._shared()) - time.time())

    def _shared(self) -> float:
        if not self.path:
            return 0.0
        try:
            return float(Path(self.path).read_text(encoding="ascii") or 0)
        except (OSError, ValueError):
            return 0.0
