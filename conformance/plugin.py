"""The pytest plugin: options, the run's lifecycle, fixtures for the suite, and the reports.

It is active only when the session runs the suite (``conformance.suite``); in any
other pytest session it adds its options and stays out of the way.
"""

from __future__ import annotations

import importlib.util
import os
import time
from pathlib import Path
from typing import Optional

import pytest
from hypothesis import HealthCheck, Phase, settings

from conformance import evidence, profiles, requirements, runner
from conformance.outcomes import ConfigError, HarnessError
from conformance.report import html as html_report
from conformance.report import page, records, results, terminal
from conformance.run import Run, worker_position
from conformance.redaction import Redactor
from conformance.settings import OPTIONS, report_dir, resolve
from conformance.verdicts import TestRecord, certify, judge

SUITE_DIR = Path(__file__).resolve().parent / "suite"
RUN = pytest.StashKey[Run]()
VERDICTS = pytest.StashKey[tuple]()
OBSERVATIONS = pytest.StashKey[list]()
FLAKY = pytest.StashKey[str]()


# --- options and activation ----------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "SuperOffice Contact conformance suite")
    for option in OPTIONS:
        kwargs = {"dest": f"conformance_{option.name}", "metavar": option.metavar, "help": option.help}
        group.addoption(option.flag, action="append" if option.multiple else "store", **kwargs)
        parser.addini(option.ini, option.help, type="linelist" if option.multiple else "string", default=None)


def _resolved_path(argument: str, config: pytest.Config) -> Optional[Path]:
    target = argument.split("::")[0]
    if config.option.pyargs:
        try:
            spec = importlib.util.find_spec(target)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            origin = Path(spec.origin).resolve()
            return origin.parent if origin.name == "__init__.py" else origin
    return (Path(config.invocation_params.dir) / target).resolve()


def suite_requested(config: pytest.Config) -> bool:
    """Whether this session collects the conformance suite (or a folder holding it)."""
    if hasattr(config, "workerinput"):
        return "conformance" in config.workerinput
    for argument in config.args:
        path = _resolved_path(argument, config)
        if path is not None and (path == SUITE_DIR or SUITE_DIR in path.parents or path in SUITE_DIR.parents):
            return True
    return False


def _cli_values(config: pytest.Config) -> dict:
    return {option.name: getattr(config.option, f"conformance_{option.name}", None) for option in OPTIONS}


def _ini_value(config: pytest.Config):
    def lookup(name: str):
        try:
            return config.getini(name)
        except ValueError:
            return None

    return lookup


def _hypothesis_profile(run: Run) -> None:
    profile = run.profile
    profiles.activate(profile)
    phases = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target] + ([Phase.shrink] if profile.shrink else [])
    settings.register_profile(
        "conformance",
        max_examples=profile.examples,
        deadline=None,
        database=None,
        phases=phases,
        print_blob=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much],
    )  # fmt: skip
    settings.load_profile("conformance")


def _set_report_paths(config: pytest.Config, report_dir: Path) -> None:
    if getattr(config.option, "htmlpath", "missing") is None:
        config.option.htmlpath = str(report_dir / "report.html")
        config.option.self_contained_html = True
    if getattr(config.option, "xmlpath", "missing") is None:
        config.option.xmlpath = str(report_dir / "junit.xml")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "requirement(*ids): the requirement ids of SPEC-NOTES a test verifies")
    if not suite_requested(config):
        return
    if hasattr(config, "workerinput"):
        run = Run.join(config.workerinput["conformance"], worker_position(config.workerinput))
    else:
        run = _start(config)
        terminal.quiet_pytest_failures(config)
        _set_report_paths(config, run.settings.report_dir)
        config.pluginmanager.register(Collector(run), "conformance-collector")
    config.option.hypothesis_seed = run.settings.seed
    _hypothesis_profile(run)
    config.stash[RUN] = run


def _start(config: pytest.Config) -> Run:
    """Start the run in the controller: a previous run's reports go first; a run that cannot start says why in
    results.json, junit.xml and a NOT CERTIFIED certificate, then stops (exit 2)."""
    started, settings = time.time(), None
    cli, ini = _cli_values(config), _ini_value(config)
    try:
        settings = resolve(cli, os.environ, ini)
        results.clear(settings.report_dir)
        return Run.start(settings)
    except (ConfigError, HarnessError) as error:
        _write_stopped(config, settings, str(error), started)
        raise pytest.UsageError(f"conformance: {error}") from None


def _write_stopped(config: pytest.Config, settings, reason: str, started: float) -> None:
    folder = settings.report_dir if settings else report_dir(_cli_values(config), os.environ, _ini_value(config))
    if settings is not None:
        reason = Redactor(settings.secrets()).text(reason)
    try:
        results.clear(folder)
        document = results.build_stopped(settings, reason, started)
        results.write(document, folder)
        results.write_certificate(document, folder)
        xmlpath = getattr(config.option, "xmlpath", None)
        results.write_stopped_junit(Path(xmlpath) if xmlpath else folder / results.JUNIT_FILE, reason)
    except OSError:
        pass  # an unwritable report folder: the one-line error is all there is to say


def _run(config: pytest.Config) -> Optional[Run]:
    return config.stash.get(RUN, None)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    run = _run(node.config)
    if run is not None:
        node.workerinput["conformance"] = run.for_worker()


def pytest_report_header(config: pytest.Config) -> Optional[list[str]]:
    run = _run(config)
    if run is None:
        return None
    described = run.settings.describe()
    return [f"conformance target: {run.target.base_url}" + (" (embedded reference server)" if run.target.embedded else ""),
            f"conformance seed: {described['seed']}, profile: {described['profile']}, level: {described['level']}"]  # fmt: skip


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every suite test names known requirements; anything else is a bug in the suite."""
    if _run(config) is None:
        return
    for item in items:
        ids = requirement_ids(item)
        if SUITE_DIR in Path(str(item.path)).parents and not ids:
            raise pytest.UsageError(f"conformance: {item.nodeid} declares no requirement")
        for requirement_id in ids:
            requirements.get(requirement_id)


def requirement_ids(item: pytest.Item) -> list[str]:
    """The requirement ids an item's ``requirement`` markers declare."""
    return [rid for marker in item.iter_markers("requirement") for rid in marker.args]


# --- fixtures for the suite ----------------------------------------------------------------


@pytest.fixture(scope="session")
def conformance_run(request: pytest.FixtureRequest) -> Run:
    """The run this process takes part in."""
    run = _run(request.config)
    if run is None:
        pytest.skip("the conformance plugin is not active in this session")
    return run


@pytest.fixture(scope="session")
def client(conformance_run: Run):
    """The HTTP client of this process (credentials added, exchanges kept)."""
    return conformance_run.client


@pytest.fixture(scope="session")
def target(conformance_run: Run):
    """The target's address and capabilities."""
    return conformance_run.target


@pytest.fixture(scope="session")
def profile(conformance_run: Run):
    """How hard this run tries."""
    return conformance_run.profile


@pytest.fixture(scope="session")
def workspace(conformance_run: Run):
    """This process's contacts (created or named), restored at the end of the run."""
    return conformance_run.workspace()


@pytest.fixture()
def observe(request: pytest.FixtureRequest):
    """Record an observation for an INFO requirement: ``observe("put.replace", "cleared")``."""
    notes = request.node.stash.setdefault(OBSERVATIONS, [])

    def note(requirement_id: str, text: str) -> None:
        entry = {"requirement": requirements.get(requirement_id).id, "text": text}
        if entry not in notes:
            notes.append(entry)

    return note


# --- running tests -------------------------------------------------------------------------


def pytest_runtest_setup(item: pytest.Item) -> None:
    run = _run(item.config)
    if run is not None:
        run.client.begin_test(item.nodeid)


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_call(item: pytest.Item):
    """A MUST failure is run again once (same fixtures, same Hypothesis seed); one that does not reproduce is FLAKY."""
    outcome = yield
    run = _run(item.config)
    error = outcome.excinfo[1] if outcome.excinfo is not None else None
    broken = records.must_failures(error)
    if run is None or not broken or type(error).__name__ in ("FlakyFailure", "Flaky"):
        return
    kept = run.client.evidence.exchanges()
    try:
        item.runtest()
        again = set()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as second:  # whatever the second run ends with (a skip included), only its findings count
        again = records.must_failures(second)
    finally:
        run.client.evidence.restore(kept)  # the evidence is the first failure's exchanges
    if not broken & again:
        item.stash[FLAKY] = f"{', '.join(sorted(broken))} did not fail again when the test was run once more with the same seed"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    run = _run(item.config)
    if run is None:
        return
    _redact_failure(report, run)
    ids = requirement_ids(item)
    if not ids:
        return
    if call.when == "setup":
        item.user_properties += [("requirement", f"{rid} ({requirements.get(rid).level})") for rid in ids]
    error = call.excinfo.value if call.excinfo is not None and not report.skipped else None
    flaky = item.stash.get(FLAKY, None) if call.when == "call" else None
    phase = records.classify(error, ids, flaky=flaky)
    ledger = run.ledger.take_findings(item.nodeid) if call.when == "call" else []
    record = TestRecord.of_phase(
        item.nodeid, ids, call.when, "skipped" if report.skipped else phase.outcome, judged=phase.judged,
        findings=phase.findings + ledger, error=phase.error,
        observations=list(item.stash.get(OBSERVATIONS, [])) if call.when == "call" else [],
        skip_reason=records.skip_reason(report.longrepr) if report.skipped else None,
        flaky=phase.flaky,
        duration=report.duration, started=call.start, finished=call.stop,
    )  # fmt: skip
    report.conformance = record.to_dict()
    if (record.outcome in ("failed", "error") or record.findings) and run.client.exchanges:
        _attach_evidence(report, run, item, error)
    evidence.release(error, run.client.evidence)
    _agree_with_the_exit_code(report, item, record, run)


def _agree_with_the_exit_code(report: pytest.TestReport, item: pytest.Item, record: TestRecord, run: Run) -> None:
    """Make pytest's outcome (junit.xml, the HTML, the terminal) tell what the verdicts tell.

    A harness error is an error, not a failure; a flaky failure says so; with --level must, a test that only broke
    SHOULD requirements (and left no MUST unjudged) is reported skipped with the reason "NON-STRICT: ...".
    """
    if not report.failed:
        return
    if record.outcome == "error" and report.when == "call":
        report.when = "setup"  # pytest (junit.xml, terminal) reports a failed setup as an error
    if record.flaky:
        item.user_properties.append(("flaky", record.flaky))
        report.longrepr = f"FLAKY: {record.flaky}\n{report.longrepr}"
    levels = {requirements.get(f["requirement"]).level for f in record.findings}
    unjudged_must = any(requirements.get(r).level == "MUST" for r, j in record.judgements.items() if j == "not judged")
    if record.outcome == "failed" and run.settings.level == "must" and levels == {"SHOULD"} and not unjudged_must:
        reason = "; ".join(f"[{f['requirement']}] {f['message']}" for f in record.findings)
        item.user_properties.append(("non-strict", reason))
        report.outcome = "skipped"
        report.longrepr = (str(item.path), (item.location[1] or 0) + 1, f"NON-STRICT: {reason}")


def _redact_failure(report: pytest.TestReport, run: Run) -> None:
    """Mask credentials in what pytest prints for a failure: the terminal is no file that the final scrub reaches.

    Tracebacks and Hypothesis' "Failing test case" show fixture values (a Workspace holds its Target, with the
    Authorization header values).
    """
    if not report.failed:
        return
    redactor = run.redactor
    text = str(report.longrepr)
    if redactor.text(text) != text:
        report.longrepr = redactor.text(text)  # plain text instead of pytest's structured (coloured) traceback
    report.sections = [(name, redactor.text(content)) for name, content in report.sections]


def _attach_evidence(report, run: Run, item: pytest.Item, error: Optional[BaseException]) -> None:
    """The exchanges behind the findings (culprits marked, roles named), a curl per culprit, the reproduce line."""
    from pytest_html import extras

    redactor = run.redactor
    shown, culprits = evidence.gather(run.client.exchanges, error, report.conformance["findings"])
    structured = evidence.records(shown, culprits, redactor)
    curl = "\n\n".join(r["curl"] for r in structured if r["curl"]) or None
    reproduce = runner.reproduce_command(run.settings, run.target, item.nodeid)
    report.conformance.update(exchanges=structured, curl=curl, reproduce=reproduce)
    report.extras = getattr(report, "extras", []) + [extras.html(page.evidence_link(item.nodeid))]


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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtestloop(session: pytest.Session):
    """After the last test of this process: restore its contacts (xdist's controller has none)."""
    yield
    run = _run(session.config)
    if run is not None and not _is_xdist_controller(session.config):
        run.restore_contacts()


def _is_xdist_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput") and config.pluginmanager.has_plugin("dsession")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    run = _run(session.config)
    if run is None:
        return
    if hasattr(session.config, "workerinput"):
        session.config.workeroutput["conformance"] = {"ledger": run.ledger.export(), "restore": run.restore}
        return
    aborted = "interrupted" if exitstatus == pytest.ExitCode.INTERRUPTED else None
    terminal.phase(session.config, f"judging {len(run.records)} tests, writing the reports to {run.settings.report_dir}")
    verdicts = judge(list(run.records.values()))
    certification = certify(verdicts, level=run.settings.level, aborted=aborted)
    document = results.build(run, verdicts, certification, workers=run.workers)
    path = results.write(document, run.settings.report_dir)
    results.write_certificate(document, run.settings.report_dir)
    session.config.stash[VERDICTS] = (verdicts, certification, path)
    session.exitstatus = certification.exit_code


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    verdicts = config.stash.get(VERDICTS, None)
    if verdicts is not None:
        terminal.write_summary(terminalreporter, *verdicts)


# --- pytest-html -------------------------------------------------------------------------------


@pytest.hookimpl(optionalhook=True)
def pytest_html_report_title(report) -> None:
    report.title = "SuperOffice PUT Contact/{id} conformance report"


@pytest.hookimpl(optionalhook=True)
def pytest_html_results_table_header(cells: list) -> None:
    html_report.header_cells(cells)


@pytest.hookimpl(optionalhook=True)
def pytest_html_results_table_row(report, cells: list) -> None:
    html_report.row_cells(report, cells)


def scrub_reports(config: pytest.Config) -> None:
    """Remove any credential from every file in the report folder."""
    run = _run(config)
    if run is not None and run.settings.report_dir.is_dir():
        run.redactor.scrub_files(run.settings.report_dir)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Last of all (after pytest-html and junitxml wrote): the reader's page, scrub credentials, stop the server."""
    stored = config.stash.get(VERDICTS, None)
    if stored is not None and getattr(config.option, "htmlpath", None):
        page.finish_run(Path(config.option.htmlpath), stored[2])
    scrub_reports(config)
    run = _run(config)
    if run is not None:
        run.close()
