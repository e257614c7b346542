"""``conformance serve``: the URL it prints, a clean Ctrl-C, a taken port, credentials given as flags."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager

import pytest
import requests

from conformance.targets.reference.authentication import ENVIRONMENT

from .support import TIMEOUT, basic

READY = re.compile(r"^Reference server listening on (http://127\.0\.0\.1:(\d+))$")
STARTUP = 60


def _environment(**overrides: str) -> dict:
    """This process's environment without any CONFORMANCE_SERVER_* variable, plus ``overrides``."""
    environment = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT.values()}
    environment.update(overrides)
    return environment


class Served:
    """A ``conformance serve`` child process, its stdout read line by line in a thread."""

    def __init__(self, args: list[str], environment: dict):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "conformance", "serve", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def first_line(self) -> str:
        line = self.lines.get(timeout=STARTUP)
        assert line is not None, self.process.stderr.read()
        return line

    def rest(self) -> list[str]:
        """Every stdout line after the first, once the process has ended."""
        lines = []
        while (line := self.lines.get(timeout=TIMEOUT)) is not None:
            lines.append(line)
        return lines

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@contextmanager
def served(*args: str, **environment: str):
    """``conformance serve --host 127.0.0.1 --port 0 ARGS`` running; yields (Served, its URL)."""
    server = Served(["--host", "127.0.0.1", "--port", "0", *args], _environment(**environment))
    try:
        match = READY.match(server.first_line())
        assert match, "the first line names the URL"
        yield server, match.group(1)
    finally:
        server.stop()


def test_serve_prints_the_url_it_listens_on(tmp_path):
    """The first stdout line is ``Reference server listening on http://127.0.0.1:PORT`` and that URL answers."""
    with served("--db", str(tmp_path / "db.sqlite3")) as (_, url):
        assert int(url.rsplit(":", 1)[1]) > 0
        response = requests.get(
            f"{url}/api/v1/Contact/1", headers={"Authorization": "Bearer tester-token"}, timeout=TIMEOUT
        )
        assert response.status_code == 200


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupt_stops_the_server_cleanly_with_exit_code_0(tmp_path, signal_number):
    """Ctrl-C (SIGINT) or SIGTERM stops the server: exit code 0, a closing line, no traceback."""
    with served("--db", str(tmp_path / "db.sqlite3")) as (server, url):
        assert (
            requests.get(
                f"{url}/api/v1/Contact/default", headers={"Authorization": "Bearer tester-token"}, timeout=TIMEOUT
            ).status_code
            == 200
        )
        server.process.send_signal(signal_number)
        assert server.process.wait(TIMEOUT) == 0
        assert server.rest() == ["Reference server stopped"]
        assert "Traceback" not in server.process.stderr.read()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{url}/api/v1/Contact/default", timeout=5)


def test_temporary_database_is_removed_after_a_clean_stop(tmp_path):
    """Without ``--db`` the server uses a temporary database and removes it when it stops."""
    temp = tmp_path / "temp"
    temp.mkdir()
    with served(TMPDIR=str(temp)) as (server, _):
        assert [p.name for p in temp.iterdir() if p.name.startswith("conformance-db-")]
        server.process.send_signal(signal.SIGINT)
        assert server.process.wait(TIMEOUT) == 0
    assert not [p for p in temp.iterdir() if p.name.startswith("conformance-db-")]


def test_port_in_use_is_a_one_line_error_with_exit_code_2():
    """A port another socket listens on: one line on stderr naming it, nothing on stdout, exit code 2."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "conformance", "serve", "--host", "127.0.0.1", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=STARTUP,
            env=_environment(),
            check=False,
        )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert str(port) in lines[0] and "Traceback" not in lines[0]


FLAGS = {"user": "flag-user", "password": "flag-pass", "token": "flag-token", "ticket": "flag-ticket"}


def _authorizations(values: dict) -> dict[str, str]:
    return {
        "Basic": basic(values["user"], values["password"]),
        "Bearer": f"Bearer {values['token']}",
        "SoTicket": f"SoTicket {values['ticket']}",
    }


@pytest.fixture(scope="module")
def flagged_server(tmp_path_factory):
    """``conformance serve`` with --user/--password/--token/--ticket, and other values in the environment."""
    db = tmp_path_factory.mktemp("flags") / "db.sqlite3"
    flags = [part for name, value in FLAGS.items() for part in (f"--{name}", value)]
    environment = {ENVIRONMENT[name]: f"env-{value}" for name, value in FLAGS.items()}
    with served("--db", str(db), *flags, **environment) as (_, url):
        yield url


@pytest.mark.parametrize("scheme", ["Basic", "Bearer", "SoTicket"])
def test_credentials_given_as_flags_are_accepted(flagged_server, scheme):
    """Credentials from --user/--password, --token and --ticket authorise requests."""
    headers = {"Authorization": _authorizations(FLAGS)[scheme]}
    assert requests.get(f"{flagged_server}/api/v1/Contact/1", headers=headers, timeout=TIMEOUT).status_code == 200


@pytest.mark.parametrize("scheme", ["Basic", "Bearer", "SoTicket"])
def test_flags_win_over_environment_and_defaults(flagged_server, scheme):
    """With flags given, neither the environment's credentials nor the built-in defaults are accepted."""
    environment_values = {name: f"env-{value}" for name, value in FLAGS.items()}
    defaults = {"user": "tester", "password": "tester-secret", "token": "tester-token", "ticket": "tester-ticket"}
    for values in (environment_values, defaults):
        headers = {"Authorization": _authorizations(values)[scheme]}
        assert requests.get(f"{flagged_server}/api/v1/Contact/1", headers=headers, timeout=TIMEOUT).status_code == 401


def test_credentials_given_by_environment_are_accepted_by_serve(tmp_path):
    """``conformance serve`` reads CONFORMANCE_SERVER_TOKEN when no --token is given."""
    with served("--db", str(tmp_path / "db.sqlite3"), CONFORMANCE_SERVER_TOKEN="from-environment") as (_, url):
        ok = requests.get(
            f"{url}/api/v1/Contact/1", headers={"Authorization": "Bearer from-environment"}, timeout=TIMEOUT
        )
        refused = requests.get(
            f"{url}/api/v1/Contact/1", headers={"Authorization": "Bearer tester-token"}, timeout=TIMEOUT
        )
        still_default = requests.get(
            f"{url}/api/v1/Contact/1", headers={"Authorization": "SoTicket tester-ticket"}, timeout=TIMEOUT
        )
        assert (ok.status_code, refused.status_code, still_default.status_code) == (200, 401, 200)


def test_a_server_started_early_is_taken_over_by_the_run_that_asks_for_it_and_stopped_when_none_does():
    """``conformance run`` starts the embedded server before it imports the suite (start_early): the run's
    running_server takes that very process; one nobody took is stopped by stop_early."""
    from conformance.targets.reference import server as servers
    from conformance.targets.reference.authentication import Credentials

    servers.start_early()
    early = servers._early[0].process
    with servers.running_server(credentials=Credentials()) as taken:
        assert taken.process is early and not servers._early
        assert requests.get(f"{taken.url}/api/v1/Contact/default", timeout=TIMEOUT).status_code == 401  # it answers
    assert early.poll() is not None

    servers.start_early()
    unclaimed = servers._early[0].process
    with servers.running_server(credentials=Credentials(user="someone-else")) as other:
        assert other.process is not unclaimed  # other credentials: a server of its own
    servers.stop_early()
    assert unclaimed.poll() is not None and not servers._early


def test_serve_starts_without_importing_the_suite():
    """The embedded server every run starts is up sooner when `conformance serve` loads no pytest or Hypothesis."""
    probe = "import sys; from conformance.cli import build_parser; build_parser('serve'); "
    probe += "print(sorted(m for m in ('pytest', 'hypothesis', 'conformance.cli.run') if m in sys.modules))"
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=STARTUP)
    assert shown.stdout.strip() == "[]", shown.stderr
