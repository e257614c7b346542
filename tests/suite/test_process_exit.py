"""A process of the suite ends without the interpreter's teardown, but with its exit code, handlers and output."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import atexit, sys
{before}
from conformance.harness.process_exit import end_without_teardown
end_without_teardown(lambda: 3)
atexit.register(lambda: print("a later exit handler ran"))
sys.stdout.write("written before the end, still in the buffer")
"""


def _run(before: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT.format(before=before)], capture_output=True, text=True, timeout=60
    )


def test_the_exit_code_the_later_handlers_and_the_buffered_output_survive():
    ended = _run()
    assert ended.returncode == 3, ended.stderr
    assert ended.stdout == "written before the end, still in the buffera later exit handler ran\n"


def test_under_coverage_the_process_ends_as_python_ends_it():
    ended = _run(before="sys.modules.setdefault('coverage', type(sys)('coverage'))")
    assert ended.returncode == 0, ended.stderr
    assert "a later exit handler ran" in ended.stdout
