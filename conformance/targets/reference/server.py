"""Running the reference server: in the foreground (``conformance serve``) or in the background.

``running_server()`` starts ``conformance serve`` in a child process on an
ephemeral loopback port, waits until it answers, and stops it at the end; a
separate process keeps the server off the caller's interpreter lock and lets it
be killed for real.
"""

from __future__ import annotations

import atexit
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import requests

from conformance.targets.reference.authentication import ENVIRONMENT, Credentials

READY_LINE = re.compile(r"listening on (http://\S+)")
DB_NAME = "contacts.sqlite3"


def _loop() -> str:
    try:
        import uvloop  # noqa: F401
    except ImportError:
        return "asyncio"
    return "uvloop"


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket; port 0 picks a free one."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def serve(app, sock: socket.socket, out: TextIO, label: str = "Reference server") -> None:
    """Serve an ASGI app on a bound socket until Ctrl-C or SIGTERM; prints what it serves (``label``) and the URL
    first."""
    import uvicorn

    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        http="httptools",
        loop=_loop(),
        timeout_keep_alive=30,
        server_header=False,
        date_header=False,  # the app writes its own Date from its clock (uvicorn's lags up to a second)
    )
    print(f"{label} listening on http://{shown}:{port}", file=out, flush=True)
    uvicorn.Server(config).run(sockets=[sock])


@contextmanager
def database(path: Path | None) -> Iterator[Path]:
    """The given database path, or a fresh one in a temporary folder removed afterwards."""
    if path is not None:
        yield Path(path)
        return
    folder = tempfile.mkdtemp(prefix="conformance-db-")
    try:
        yield Path(folder) / DB_NAME
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class RunningServer:
    """A server process started by ``running_server``."""

    url: str
    process: subprocess.Popen
    credentials: Credentials
    log_path: Path
    db_path: Path | None = None

    def log(self) -> str:
        """What the server wrote to stderr so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""


def read_ready_line(process: subprocess.Popen, timeout: float) -> str | None:
    """The URL a starting server prints once it listens; None when it exits or stays silent for ``timeout`` s."""
    lines: queue.Queue = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None  # started with stdout=PIPE
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            continue
        if line is None:
            return None
        match = READY_LINE.search(line)
        if match:
            return match.group(1)
    return None


def _wait_until_answering(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            requests.get(f"{url}/api/v1/Contact/default", timeout=2)
            return
        except requests.RequestException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def stop(process: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM (a clean uvicorn shutdown), then SIGKILL after ``grace`` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class _Launched:
    """A server process and the folder of its log, started but not yet known to be listening."""

    process: subprocess.Popen
    folder: tempfile.TemporaryDirectory
    command: list[str]
    credentials: Credentials


def _launch(command: list[str], credentials: Credentials) -> _Launched:
    environment = dict(os.environ)
    environment.update({ENVIRONMENT[name]: getattr(credentials, name) for name in ENVIRONMENT})
    folder = tempfile.TemporaryDirectory(prefix="conformance-server-")
    with open(Path(folder.name) / "server.log", "w", encoding="utf-8") as log_file:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=log_file, text=True, env=environment, start_new_session=True
        )
    return _Launched(process, folder, command, credentials)


#: A default server launched ahead of time (start_early), for the next running_server that asks for the same one.
_early: list[_Launched] = []


def start_early() -> None:
    """Launch the default reference server now, so that it boots while the caller imports the rest of itself
    (``conformance run`` against the embedded server); stopped at exit when nobody asked for it."""
    if not _early:
        _early.append(_launch(_command(), Credentials()))
        atexit.register(stop_early)


def stop_early() -> None:
    """Stop the server start_early launched, unless a running_server took it over."""
    while _early:
        launched = _early.pop()
        stop(launched.process)
        launched.folder.cleanup()


def _command(*extra: str) -> list[str]:
    return [sys.executable, "-m", "conformance", "serve", "--host", "127.0.0.1", "--port", "0", *extra]


def _claim(command: list[str], credentials: Credentials) -> _Launched:
    """The server launched early when it is the one asked for, else a new one."""
    if _early and _early[0].command == command and _early[0].credentials == credentials:
        return _early.pop()
    return _launch(command, credentials)


@contextmanager
def running_server(
    *,
    db: Path | None = None,
    credentials: Credentials | None = None,
    fault: str | None = None,
    variant: str | None = None,
    startup_timeout: float = 60.0,
    extra_args: tuple[str, ...] = (),
) -> Iterator[RunningServer]:
    """A reference (or faulty, or faithful variant) server in a child process on a free loopback port."""
    credentials = credentials or Credentials()
    command = _command(*extra_args)
    if db is not None:
        command += ["--db", str(db)]
    if fault is not None:
        command += ["--fault", fault]
    if variant is not None:
        command += ["--variant", variant]
    launched = _claim(command, credentials)
    process, log_path = launched.process, Path(launched.folder.name) / "server.log"
    with launched.folder:
        try:
            url = read_ready_line(process, startup_timeout)
            if url is None:
                stop(process)
                raise RuntimeError(f"the server did not start: {log_path.read_text(errors='replace')[-2000:]}")
            _wait_until_answering(url, startup_timeout)
            yield RunningServer(url, process, credentials, log_path, db)
        finally:
            stop(process)
