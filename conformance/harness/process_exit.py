"""Ending a process without the interpreter's teardown: the exit handlers run, the freeing of every object does not.

Freeing the objects of a run (Hypothesis' caches, the record of every exchange) costs 0.2 to 0.3 s
of CPU a process; eight xdist workers ending together on two cores kept the controller waiting about
a second after the last test. Everything a process writes is written by then: pytest has finished,
its exit handlers run, and the standard streams are flushed. Under coverage measurement the teardown
stays, so that coverage can save its data.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
from collections.abc import Callable


def end_without_teardown(exit_code: Callable[[], int]) -> None:
    """When the process ends, end it with ``exit_code()`` once the exit handlers registered after this call have run."""
    if "coverage" not in sys.modules:
        atexit.register(_end, exit_code)


def _end(exit_code: Callable[[], int]) -> None:
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(exit_code())
