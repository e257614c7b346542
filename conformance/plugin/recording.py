"""Record assembly: each test's phases become a TestRecord (findings, evidence, flaky re-run), folded in the
controller."""

from __future__ import annotations

import pytest

from conformance.harness import evidence
from conformance.harness.limits import Budget
from conformance.harness.reproduction import reproduce_command
from conformance.harness.run_state import Run
from conformance.judging import records
from conformance.judging.verdicts import TestRecord
from conformance.plugin.bounded import BUDGET
from conformance.plugin.scrubbing import redact_failure
from conformance.plugin.stash import FLAKY, OBSERVATIONS, run_of
from conformance.report import page, reasons
from conformance.spec import requirements


def requirement_ids(item: pytest.Item) -> list[str]:
    """The requirement ids an item's ``requirement`` markers declare."""
    return [rid for marker in item.iter_markers("requirement") for rid in marker.args]


def pytest_runtest_setup(item: pytest.Item) -> None:
    run = run_of(item.config)
    if run is not None:
        run.client.begin_test(item.nodeid)


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_call(item: pytest.Item):
    """A MUST failure is run again once (same fixtures, same Hypothesis seed); one that does not reproduce is FLAKY."""
    outcome = yield
    run = run_of(item.config)
    error = outcome.excinfo[1] if outcome.excinfo is not None else None
    broken = records.must_failures(error)
    if run is None or not broken or type(error).__name__ in ("FlakyFailure", "Flaky"):
        return
    kept = run.client.evidence.exchanges()
    if run.client.budget is not None:
        run.client.budget.new_attempt()
    run.distrust_contacts()  # the second run starts from a reset contact, as a test run alone does
    try:
        item.runtest()
        again = set()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as second:  # whatever the second run ends with (a skip included), only its findings count
        again = records.must_failures(second)
    finally:
        run.client.evidence.restore(kept)  # the evidence is the first failure's exchanges
    stopped = (
        run.client.budget is not None and run.client.budget.stopped
    )  # the ceiling, not the target, ended the re-run
    if not broken & again and not stopped:
        item.stash[FLAKY] = (
            f"{', '.join(sorted(broken))} did not fail again when the test was run once more with the same seed"
        )


#: Findings about how long an answer took: they leave the contact as trustworthy as before.
SAY_NOTHING_OF_THE_CONTACT = frozenset({"perf.nsapislow"})


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    run = run_of(item.config)
    if run is None:
        return
    redact_failure(report, run)
    ids = requirement_ids(item)
    if not ids:
        return
    if call.when == "setup":
        item.user_properties += [("requirement", f"{rid} ({requirements.get(rid).level})") for rid in ids]
    error = call.excinfo.value if call.excinfo is not None and not report.skipped else None
    flaky = item.stash.get(FLAKY, None) if call.when == "call" else None
    phase = records.classify(error, ids, flaky=flaky)
    ledger = run.ledger.take_findings(item.nodeid) if call.when == "call" else []
    observations: list[dict[str, str]] = item.stash.get(OBSERVATIONS, []) if call.when == "call" else []
    outcome, judged = "skipped" if report.skipped else phase.outcome, phase.judged
    if (
        outcome == "passed" and ledger
    ):  # it judged all it declares, but a response broke a rule every response is watched for
        outcome, judged = "failed", frozenset(ids)
    record = TestRecord.of_phase(
        item.nodeid,
        ids,
        call.when,
        outcome,
        judged=judged,
        findings=phase.findings + ledger,
        error=phase.error,
        observations=list(observations),
        skip_reason=records.skip_reason(report.longrepr) if report.skipped else None,
        flaky=phase.flaky,
        duration=report.duration,
        started=call.start,
        finished=call.stop,
    )
    if record.outcome == "error" or any(f.requirement not in SAY_NOTHING_OF_THE_CONTACT for f in record.findings):
        run.distrust_contacts()  # whatever the target did to the contact, the next case starts from a reset
    if (record.outcome in ("failed", "error") or record.findings) and run.client.exchanges:
        _attach_evidence(report, record, run, item, error)
    evidence.release(error, run.client.evidence)
    _agree_with_the_exit_code(report, item, record, run)
    if call.when == "call":
        _note_the_budget(item.stash.get(BUDGET, None), record)
    report.conformance = record.to_dict()  # the record as the controller folds it (xdist sends it as JSON)


def _agree_with_the_exit_code(report: pytest.TestReport, item: pytest.Item, record: TestRecord, run: Run) -> None:
    """Make pytest's outcome (junit.xml, the HTML, the terminal) tell what the verdicts tell.

    A harness error is an error, not a failure; a flaky failure says so; a test that passed but whose responses broke
    a rule every response is watched for (a 5xx, a slow PUT) fails; a failure's message starts with the requirement
    id; with --level must, a test that only broke SHOULD requirements is reported skipped with the reason
    "NON-STRICT: ..." (a MUST it left unjudged is NOT JUDGED in the verdicts unless another test judged it, and a
    run that exits 1 with no red test case gets one: conformance.report.results.make_junit_agree).
    """
    if not report.failed and record.outcome != "failed":
        return
    if report.passed:  # the findings are the ledger's (server.no-5xx, perf.nsapislow): pytest saw no exception
        report.outcome, report.longrepr = (
            "failed",
            "the test passed, but a response broke a rule every response is watched for",
        )
    if record.outcome == "error" and report.when == "call":
        report.when = "setup"  # pytest (junit.xml, terminal) reports a failed setup as an error
    if record.flaky:
        item.user_properties.append(("flaky", record.flaky))
    _lead_with(report, run.redactor.text(reasons.failure_message(record.findings, record.requirements, record.error)))
    levels = {requirements.get(f.requirement).level for f in record.findings}
    if record.outcome == "failed" and run.settings.level == "must" and levels == {"SHOULD"}:
        reason = "; ".join(f"[{f.requirement}] {f.message}" for f in record.findings)
        item.user_properties.append(("non-strict", reason))
        report.outcome = "skipped"
        report.longrepr = (str(item.path), (item.location[1] or 0) + 1, f"NON-STRICT: {reason}")


def _lead_with(report: pytest.TestReport, message: str) -> None:
    """Make ``message`` what junit.xml and the terminal's summary give as the failure's message."""
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        crash.message = message
    else:
        report.longrepr = f"{message}\n{report.longrepr}"


def _attach_evidence(
    report: pytest.TestReport, record: TestRecord, run: Run, item: pytest.Item, error: BaseException | None
) -> None:
    """The exchanges behind the findings (culprits marked, roles named), a curl per culprit, the reproduce line."""
    from pytest_html import extras

    redactor = run.redactor
    shown, culprits = evidence.gather(run.client.exchanges, error, record.findings)
    record.exchanges = evidence.records(shown, culprits, redactor)
    record.curl = "\n\n".join(r["curl"] for r in record.exchanges if r["curl"]) or None
    record.reproduce = reproduce_command(run.settings, run.target, item.nodeid)
    # pytest-html shows the extras a hook puts on the report; TestReport declares no such attribute
    with_link = getattr(report, "extras", []) + [extras.html(page.evidence_link(item.nodeid))]
    report.extras = with_link  # type: ignore[attr-defined]


class Collector:
    """Folds the phases of each test into its TestRecord, in the controller (or the only process)."""

    def __init__(self, run: Run):
        self.run = run
        self.nodes = 0

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        info = getattr(report, "conformance", None)
        if info is None:
            return
        phase = TestRecord.from_dict(info)
        record = self.run.records.setdefault(report.nodeid, TestRecord(report.nodeid, phase.requirements))
        record.merge(phase)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error) -> None:
        output = getattr(node, "workeroutput", {}).get("conformance")
        self.run.workers = self.nodes = self.nodes + 1
        if output:
            self.run.ledger.merge(output["ledger"])
            self.run.restore += output["restore"]


def _note_the_budget(budget: Budget | None, record: TestRecord) -> None:
    """What the test's time limits did to it: stopped at its ceiling, or its failure's shrinking cut short."""
    if budget is None:
        return
    if budget.stopped:
        record.stopped = budget.describe_stop()
    else:
        record.trimmed = budget.describe_trim()
    if budget.cut:
        for finding in record.findings:
            finding.minimised = False
            finding.message += f" ({budget.describe_cut()})"
