"""The run's lifecycle under pytest: start (or stop with a reason), share with xdist workers, restore, judge, report."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from conformance.harness.exploration import Exploration
from conformance.harness.process_exit import end_without_teardown
from conformance.harness.run_state import Run, worker_position
from conformance.harness.settings import OPTIONS_BY_NAME, report_dir, resolve
from conformance.judging.outcomes import ConfigError, HarnessError
from conformance.judging.redaction import Redactor
from conformance.judging.verdicts import certify, judge
from conformance.plugin import options
from conformance.plugin.bounded import BoundedTests
from conformance.plugin.recording import Collector, requirement_ids
from conformance.plugin.scheduling import runs_long
from conformance.plugin.scrubbing import scrub_reports
from conformance.plugin.stash import EXPLORATION, RUN, VERDICTS, run_of
from conformance.report import certificate, ctrf, page, results, terminal
from conformance.spec import requirements
from conformance.spec.paths import SUITE_DIR


def hypothesis_home() -> Path:
    """Where Hypothesis keeps its own files (its Unicode tables): the user's cache, never the current directory.

    Not the report folder: each run starts it afresh, and building the tables again costs about 5 s of CPU a run.
    """
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "conformance" / "hypothesis"


def begin(config: pytest.Config) -> None:
    """Start the run (controller) or join it (xdist worker); give its profile and seed to the property tests."""
    if hasattr(config, "workerinput"):
        run = Run.join(config.workerinput["conformance"], worker_position(config.workerinput))
        end_without_teardown(lambda: 0)  # once its results are with the controller (conformance.harness.process_exit)
    else:
        run = _start(config)
        terminal.quiet_pytest_failures(config)
        _set_report_paths(config, run.settings.report_dir)
        config.pluginmanager.register(Collector(run), "conformance-collector")
    config.option.base_url = run.target.base_url  # pytest-base-url's base_url fixture names the actual target
    set_hypothesis_home_dir(hypothesis_home())
    config.pluginmanager.register(Exploration(run.profile, run.settings.seed), EXPLORATION)
    config.stash[RUN] = run
    config.pluginmanager.register(BoundedTests(run, config), "conformance-bounded")


def _set_report_paths(config: pytest.Config, folder: Path) -> None:
    if getattr(config.option, "htmlpath", "missing") is None:
        config.option.htmlpath = str(folder / "report.html")
        config.option.self_contained_html = True
    if getattr(config.option, "xmlpath", "missing") is None:
        config.option.xmlpath = str(folder / "junit.xml")


def _start(config: pytest.Config) -> Run:
    """Start the run in the controller: a previous run's reports go first; a run that cannot start says why in
    results.json, junit.xml and a NOT CERTIFIED certificate, then stops (exit 2)."""
    started, resolved = time.time(), None
    cli, ini = options.cli_values(config), options.ini_lookup(config)
    try:
        flag = options.flag_namer(config)
        resolved = resolve(cli, os.environ, ini, flag)
        _enough_contacts(config, resolved.contact_ids, flag(OPTIONS_BY_NAME["contact_id"]))
        results.clear(resolved.report_dir)
        return Run.start(resolved)
    except (ConfigError, HarnessError) as error:
        _write_stopped(config, resolved, str(error), started)
        raise pytest.UsageError(f"conformance: {error}") from None


def _enough_contacts(config: pytest.Config, contact_ids: tuple[int, ...], flag: str) -> None:
    """Each xdist worker needs a contact of its own: say so before any worker starts."""
    workers = getattr(config.option, "numprocesses", None) if getattr(config.option, "dist", "no") != "no" else None
    if contact_ids and isinstance(workers, int) and workers > len(contact_ids):
        more = " ".join(f"{flag} {n}" for n in ("N",) * (workers - len(contact_ids)))
        raise ConfigError(
            f"{len(contact_ids)} {flag} for {workers} workers: each worker needs one; "
            f"add {more} or run fewer workers (-n {len(contact_ids)})"
        )


def _write_stopped(config: pytest.Config, resolved, reason: str, started: float) -> None:
    folder = (
        resolved.report_dir
        if resolved
        else report_dir(options.cli_values(config), os.environ, options.ini_lookup(config))
    )
    if resolved is not None:
        reason = Redactor(resolved.secrets()).text(reason)
    try:
        results.clear(folder)
        document = results.build_stopped(resolved, reason, started)
        results.write(document, folder)
        ctrf.write(document, folder)
        certificate.write(document, folder)
        xmlpath = getattr(config.option, "xmlpath", None)
        results.write_stopped_junit(Path(xmlpath) if xmlpath else folder / results.JUNIT_FILE, reason)
    except OSError:
        pass  # an unwritable report folder: the one-line error is all there is to say


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    run = run_of(node.config)
    if run is not None:
        node.workerinput["conformance"] = run.for_worker()


def pytest_report_header(config: pytest.Config) -> list[str] | None:
    run = run_of(config)
    if run is None:
        return None
    described = run.settings.describe()
    return [
        f"conformance target: {run.target.base_url}" + (" (embedded reference server)" if run.target.embedded else ""),
        f"conformance seed: {described['seed']}, profile: {described['profile']}, level: {described['level']}",
        f"conformance workers: {_workers_line(run, described['origins'].get('concurrency', ''))}",
    ]


def _workers_line(run: Run, origin: str) -> str:
    """How many workers run the tests, and why: as given, the embedded server's 1, or measured."""
    workers = run.settings.concurrency
    if origin != "default":
        return f"{workers} ({origin})"
    if run.target.embedded:
        return "1 (the embedded reference server answers faster than a worker starts)"
    return run.settings.measured().describe()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every suite test names known requirements, and a series says how often it repeats; anything else is a bug
    in the suite."""
    for item in items:
        ids = requirement_ids(item)
        if SUITE_DIR in Path(str(item.path)).parents and not ids:
            raise pytest.UsageError(f"conformance: {item.nodeid} declares no requirement")
        for requirement_id in ids:
            requirements.get(requirement_id)
        if "run_budget" in getattr(item, "fixturenames", ()) and not runs_long(getattr(item, "obj", None)):
            raise pytest.UsageError(
                f"conformance: {item.nodeid} repeats by the run budget but has no @repeats(...) "
                "to say how often (conformance.harness.exploration)"
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtestloop(session: pytest.Session):
    """After the last test of this process: restore its contacts (xdist's controller has none); the controller lets
    the embedded server go."""
    yield
    run = run_of(session.config)
    if run is not None and not _is_xdist_controller(session.config):
        run.restore_contacts()
    if run is not None and not hasattr(session.config, "workerinput"):
        run.release_target()


def _is_xdist_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput") and config.pluginmanager.has_plugin("dsession")


#: pytest's exit statuses that end a run without a verdict (exit 2), and what the certificate says of them.
ABORTED: dict[int, str] = {
    pytest.ExitCode.INTERRUPTED: "interrupted",
    pytest.ExitCode.USAGE_ERROR: "pytest usage error (see its message)",
    pytest.ExitCode.INTERNAL_ERROR: "pytest internal error",
    pytest.ExitCode.NO_TESTS_COLLECTED: "no test was selected",
}


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    run = run_of(session.config)
    if run is None:
        return
    if hasattr(session.config, "workerinput"):
        # xdist gives a worker's config its workeroutput with its workerinput; pytest's Config declares neither
        output = session.config.workeroutput  # type: ignore[attr-defined]
        output["conformance"] = {"ledger": run.ledger.export(), "restore": run.restore}
        return
    aborted = ABORTED.get(exitstatus)
    terminal.phase(
        session.config, f"judging {len(run.records)} tests, writing the reports to {run.settings.report_dir}"
    )
    verdicts = judge(list(run.records.values()))
    certification = certify(verdicts, level=run.settings.level, aborted=aborted)
    document = results.build(run, verdicts, certification, workers=run.workers)
    path = results.write(document, run.settings.report_dir)
    ctrf.write(document, run.settings.report_dir)
    session.config.stash[VERDICTS] = (verdicts, certification, path)
    session.exitstatus = certification.exit_code


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    verdicts = config.stash.get(VERDICTS, None)
    if verdicts is not None:
        terminal.write_summary(terminalreporter, *verdicts)
        run = run_of(config)
        assert run is not None  # only a run's pytest_sessionfinish stashes VERDICTS
        throttled = run.ledger.throttled
        if throttled["answers"] or throttled["waits"]:
            terminalreporter.write_line(
                f"INFO throttled: {throttled['answers']} answers 429/503 with Retry-After, "
                f"{throttled['waits']} waits, {throttled['seconds']:.1f} s waited (not latency, not failures)"
            )


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Last of all (after pytest-html and junitxml wrote): junit.xml is made red when the exit code is not 0 and no
    test case is (a MUST no test got to judge, an aborted run), the reader's page, credentials are scrubbed, the
    certificates are written (they hash results.json as the scrub left it), the verdict is the terminal's last
    line, the embedded server stops."""
    stored = config.stash.get(VERDICTS, None)
    xmlpath = getattr(config.option, "xmlpath", None)
    if stored is not None and xmlpath:
        _, certification, _ = stored
        results.make_junit_agree(
            Path(xmlpath), certification.exit_code, f"{certification.summary}: {certification.reason}"
        )
    if stored is not None and getattr(config.option, "htmlpath", None):
        page.finish_run(Path(config.option.htmlpath), stored[2])
    scrub_reports(config)
    if stored is not None:
        results_path = stored[2]
        certificate.write(json.loads(results_path.read_text(encoding="utf-8")), results_path.parent)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if stored is not None and reporter is not None:
        terminal.write_verdict(reporter, stored[1])
    run = run_of(config)
    if run is not None:
        run.close()
