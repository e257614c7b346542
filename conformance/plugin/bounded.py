"""Every test of the suite within its budget: a Budget per test, progress on the terminal, stops and cuts reported.

A pytest plugin that conformance.plugin.lifecycle registers for a run (conformance.harness.limits says how a test
is bounded).
"""

from __future__ import annotations

import functools

import hypothesis
import pytest

from conformance.harness import progress
from conformance.harness.limits import Budget, CeilingReached, Trimmed, limits, worst_case
from conformance.judging.outcomes import Nonconformance
from conformance.judging.records import leaves
from conformance.plugin.scheduling import runs_long

BUDGET = pytest.StashKey[Budget]()


class BoundedTests:
    """Gives each test its Budget and tells, in its record, when the test stopped at its ceiling or shrank no
    further."""

    def __init__(self, run, config: pytest.Config):
        self.run = run
        self.config = config

    def pytest_report_collectionfinish(self, config: pytest.Config, items: list) -> str:
        settings = self.run.settings
        _, rule = worst_case(self.run.profile, len(items), settings.timeout)
        if settings.max_time is None:
            return (
                f"conformance time budget: none; worst case: {rule} "
                "(each test stops at its ceiling; start-up and restoring contacts come on top)"
            )
        origin = settings.origins.get("max_time", "")
        return (
            f"conformance time budget: {settings.max_time:g} s ({origin}; --max-time none for none): "
            "once it is spent every test does only its minimum, still judging its requirements"
        )

    def pytest_collection_modifyitems(self, items: list) -> None:
        """Each ``@given`` test asks its budget at the start of every example, before drawing anything (cheap drops);
        the run budget keeps a reserve for this process's share of the short tests."""
        self.run.short_tests.expected = (
            sum(not runs_long(getattr(item, "obj", None)) for item in items) / self.run.position[1]
        )
        for item in items:
            handle = getattr(getattr(item, "obj", None), "hypothesis", None)
            if handle is not None and not getattr(handle.inner_test, "budgeted", False):
                handle.inner_test = self._budgeted(handle.inner_test)

    def _budgeted(self, test):
        run = self.run

        @functools.wraps(test)
        def run_example(*args, **kwargs):
            if run.client.budget is not None:
                run.client.budget.admit_example()
            return test(*args, **kwargs)

        run_example.budgeted = True
        return run_example

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        run = self.run
        budget = Budget(limits(run.profile), run.settings.timeout, run_budget=run.run_budget)
        test = getattr(item, "obj", None)
        if hypothesis.is_hypothesis_test(test):
            budget.expect(test)
        item.stash[BUDGET] = run.client.budget = budget

    @pytest.hookimpl(wrapper=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function):
        """A property test trimmed once time ran short ends here, judged on the examples it tried."""
        try:
            return (yield)
        except Trimmed:
            return True

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> None:
        self.run.client.budget = None  # also when the call never ran (a failed setup)

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_call(self, item: pytest.Item):
        """Run the test (and its re-run, conformance.plugin.recording) with progress lines; a stop at the ceiling
        says so."""
        budget = item.stash.get(BUDGET, None)
        if budget is None:
            return (yield)
        try:
            with progress.ticker(item.nodeid, budget, self._write):
                try:
                    result = yield
                except Exception as error:
                    if budget.stopped and not any(isinstance(leaf, Nonconformance) for leaf in leaves(error)):
                        raise CeilingReached(budget.describe_stop()) from None
                    raise
            if budget.stopped:  # Hypothesis ended on rejected examples: nothing found, but not everything tried
                raise CeilingReached(budget.describe_stop())
            return result
        finally:
            self.run.client.budget = None  # teardown and restoring contacts are not the test's

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        yield
        if call.when == "teardown" and not runs_long(getattr(item, "obj", None)):
            self.run.short_tests.done += 1  # the run budget's reserve

    def _write(self, line: str) -> None:
        """One line on the terminal, past pytest's output capture (nothing in an xdist worker: it has no terminal)."""
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        capture = self.config.pluginmanager.get_plugin("capturemanager")
        if reporter is None or hasattr(self.config, "workerinput"):
            return
        if capture is None:
            reporter.write_line(line)
            return
        with capture.global_and_fixture_disabled():
            reporter.write_line(line)
