"""One conformance run, as each process sees it: configuration, target, contacts, collected outcomes.

The controller (the only process, or xdist's controller) resolves the settings,
starts the embedded reference server when no target is given, runs the smoke
check, and later judges the outcomes. Each worker (or the only process) gets
the resolved target from it, provisions its own contacts and restores them.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.harness.client import Client, Ledger
from conformance.harness.contacts import Workspace, provision
from conformance.harness.profiles import PROFILES, Profile
from conformance.harness.settings import Auth, Settings, parse_auth
from conformance.harness.target import Target, smoke_check
from conformance.harness.time_budget import RunBudget, ShortTests
from conformance.judging.outcomes import ConfigError, HarnessError
from conformance.judging.redaction import Redactor
from conformance.judging.verdicts import TestRecord


def _embedded_credentials(auths: tuple[Auth, ...]):
    """Credentials for the embedded server: the given ones where there are some, the defaults otherwise."""
    from conformance.targets.reference.authentication import Credentials

    given = {}
    for auth in auths:
        if auth.scheme == "Basic":
            given["user"], given["password"] = _basic_pair(auth)
        elif auth.scheme == "Bearer":
            given["token"] = auth.header.split(" ", 1)[1]
        else:
            given["ticket"] = auth.header.split(" ", 1)[1]
    return Credentials(**given)


def _basic_pair(auth: Auth) -> tuple[str, str]:
    import base64

    user, _, password = base64.b64decode(auth.header.split(" ", 1)[1]).decode().partition(":")
    return user, password


def _all_schemes(auths: tuple[Auth, ...], credentials) -> tuple[Auth, ...]:
    """The given auths, then one for each scheme the embedded server has that was not given."""
    have = {auth.scheme for auth in auths}
    defaults = [
        f"basic:{credentials.user}:{credentials.password}",
        f"bearer:{credentials.token}",
        f"soticket:{credentials.ticket}",
    ]
    extra = tuple(a for a in map(parse_auth, defaults) if a.scheme not in have)
    return tuple(auths) + extra


@dataclass
class Run:
    """The state of a run in one process."""

    settings: Settings
    target: Target
    profile: Profile
    ledger: Ledger = field(default_factory=Ledger)
    records: dict[str, TestRecord] = field(default_factory=dict)
    restore: list[dict] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    aborted: str | None = None
    workers: int = 1
    position: tuple[int, int] = (0, 1)  # (index, count) of this xdist worker; (0, 1) in the only process
    short_tests: ShortTests = field(
        default_factory=ShortTests
    )  # the run budget's reserve (conformance.harness.time_budget)
    _client: Client | None = None
    _workspace: Workspace | None = None
    _workspace_error: Exception | None = None
    _stack: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    _server: Any = None  # the embedded server (conformance.targets.reference.server.RunningServer), in the controller

    def __repr__(self) -> str:
        return f"Run(target={self.target.base_url}, seed={self.settings.seed}, profile={self.profile.name})"

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        """How Hypothesis prints this fixture in a failing example: briefly, without credentials."""
        printer.text(repr(self))

    @property
    def redactor(self) -> Redactor:
        return Redactor(self.settings.secrets(), self.settings.variables())

    @property
    def run_budget(self) -> RunBudget:
        """The run's time budget (--max-time), counted from the controller's start, less this process's reserve."""
        return RunBudget.of(self.started, self.settings.max_time, reserve=self._reserve)

    def _reserve(self) -> float:
        """What this process's short tests still to come are expected to take, at the pace of its requests so far."""
        return self.short_tests.reserve(self.ledger.seconds_per_request())

    @property
    def client(self) -> Client:
        if self._client is None:
            self._client = self.target.client(self.ledger)
        return self._client

    def workspace(self) -> Workspace:
        """This process's contacts, provisioned on first use (a failure is remembered: every test errors)."""
        if self._workspace_error is not None:
            raise HarnessError(f"no contacts to work on: {self._workspace_error}")
        if self._workspace is None:
            worker, workers = self.position
            try:
                self._workspace = provision(
                    self.target,
                    self.client,
                    self.settings.contact_ids,
                    worker=worker,
                    workers=workers,
                    seed=self.settings.seed,
                )
            except (HarnessError, ConfigError) as error:
                self._workspace_error = error
                raise HarnessError(f"no contacts to work on: {error}") from None
        return self._workspace

    def distrust_contacts(self) -> None:
        """After a failure: the next case resets the contact, whatever it sends (Workspace.distrust)."""
        if self._workspace is not None:
            self._workspace.distrust()

    def restore_contacts(self) -> None:
        """Restore this process's contacts (at the end of its test loop)."""
        self.ledger.current_test = "(setup)"  # the restoring requests belong to no test
        if self._workspace is not None:
            self.restore = self._workspace.restore()
        if self._client is not None:
            self._client.close()

    def release_target(self) -> None:
        """The tests are done: the embedded server starts shutting down while the reports are written (close()
        waits for it)."""
        if self._server is not None:
            self._server.process.terminate()

    def close(self) -> None:
        self._stack.close()

    # --- controller -------------------------------------------------------------------

    @classmethod
    def start(cls, settings: Settings) -> Run:
        """Start a run in the controller: embedded server if needed, then the smoke check."""
        _writable(settings.report_dir)
        stack = contextlib.ExitStack()
        try:
            base_url, auths, embedded, server = settings.base_url, settings.auths, False, None
            if base_url is None:
                from conformance.targets.reference.server import running_server

                credentials = _embedded_credentials(auths)
                server = stack.enter_context(running_server(credentials=credentials))
                base_url, auths, embedded = server.url, _all_schemes(auths, credentials), True
                settings = Settings(**{**settings.__dict__, "base_url": base_url, "auths": auths})
            first = settings.auth
            target = Target(
                base_url=base_url,
                authorization=first.header if first else None,
                other_authorizations=tuple((a.scheme, a.header) for a in auths[1:]),
                headers=settings.headers,
                timeout=settings.timeout,
                embedded=embedded,
                pause_file=str(Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="conformance-"))) / "pause"),
            )
            target = smoke_check(target, settings.contact_ids)
        except BaseException:
            stack.close()
            raise
        return cls(settings, target, PROFILES[settings.profile], _stack=stack, _server=server)

    def for_worker(self) -> dict:
        """What a worker needs to join the run (xdist's workerinput)."""
        return {"settings": _settings_to_dict(self.settings), "target": self.target.to_dict(), "started": self.started}

    @classmethod
    def join(cls, data: dict, position: tuple[int, int] = (0, 1)) -> Run:
        """A worker's view of the controller's run."""
        settings = _settings_from_dict(data["settings"])
        return cls(
            settings,
            Target.from_dict(data["target"]),
            PROFILES[settings.profile],
            started=data["started"],
            position=position,
        )


def _writable(folder: Path) -> None:
    """Create the report folder, or say in one line why it cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.write_text("", encoding="utf-8")
        probe.unlink()
    except OSError as error:
        raise ConfigError(f"--report-dir {folder} cannot be written: {error.strerror or error}") from None


def worker_position(workerinput: dict) -> tuple[int, int]:
    """(index, count) of an xdist worker, read from its workerinput.

    Not from PYTEST_XDIST_WORKER(_COUNT): child processes inherit those, so a serial
    ``conformance run`` started from inside an xdist worker would take a share only.
    """
    return int(str(workerinput.get("workerid", "gw0")).removeprefix("gw") or 0), int(workerinput.get("workercount", 1))


def _settings_to_dict(settings: Settings) -> dict:
    data = dict(settings.__dict__)
    data["auths"] = [a.__dict__ for a in settings.auths]
    data["report_dir"] = str(settings.report_dir)
    return data


def _settings_from_dict(data: dict) -> Settings:
    data = dict(data)
    data["auths"] = tuple(Auth(a["scheme"], a["header"], tuple(a["secrets"])) for a in data["auths"])
    data["headers"] = tuple(tuple(h) for h in data["headers"])
    data["contact_ids"] = tuple(data["contact_ids"])
    data["report_dir"] = Path(data["report_dir"])
    return Settings(**data)
