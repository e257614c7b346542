"""A loopback HTTP/1.1 proxy in front of a server: a far-away, slow or throttling target for benchmarks and tests.

It reads each request (headers and Content-Length body) and, before passing it on,
waits the round trip (``round_trip`` seconds), waits ``slow_seconds`` more on every
``slow_every``-th PUT, or answers every ``throttle_every``-th request itself with
429 and ``Retry-After`` instead of passing it on. Answers are relayed byte for byte.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Behaviour:
    """What the proxy adds to the server behind it."""

    round_trip: float = 0.0
    slow_every: int = 0  # every n-th PUT waits slow_seconds more (0: never)
    slow_seconds: float = 0.0
    throttle_every: int = 0  # every n-th request is answered 429 (0: never)
    retry_after: str = "1"  # seconds, or an HTTP date
    throttle_status: int = 429


class _Counters:
    def __init__(self) -> None:
        self.requests = 0
        self.puts = 0
        self.throttled = 0


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, bytes] | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError):
        return None
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip() or 0)
    body = await reader.readexactly(length) if length else b""
    return head.split(b" ", 1)[0].decode("latin-1"), head + body


async def _relay(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, asyncio.CancelledError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    with contextlib.suppress(Exception):
        writer.close()


def _throttled(behaviour: Behaviour) -> bytes:
    body = b'{"Error":true,"ErrorType":"Throttled","ErrorMessage":"Too many requests"}'
    return (
        f"HTTP/1.1 {behaviour.throttle_status} Too Many Requests\r\nRetry-After: {behaviour.retry_after}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


class Proxy:
    """The proxy's connections: one connection to the server per client connection."""

    def __init__(self, upstream: str, behaviour: Behaviour):
        parts = urlsplit(upstream)
        self.host, self.port, self.behaviour, self.counters = parts.hostname, parts.port, behaviour, _Counters()

    async def handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        server_reader, server_writer = await asyncio.open_connection(self.host, self.port)
        answers = asyncio.create_task(_relay(server_reader, client_writer))
        behaviour, counters = self.behaviour, self.counters
        try:
            while (request := await _read_request(client_reader)) is not None:
                method, raw = request
                counters.requests += 1
                await asyncio.sleep(behaviour.round_trip)
                if behaviour.throttle_every and counters.requests % behaviour.throttle_every == 0:
                    counters.throttled += 1
                    client_writer.write(_throttled(behaviour))
                    await client_writer.drain()
                    continue
                if method == "PUT":
                    counters.puts += 1
                    if behaviour.slow_every and counters.puts % behaviour.slow_every == 0:
                        await asyncio.sleep(behaviour.slow_seconds)
                server_writer.write(raw)
                await server_writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            server_writer.close()
            answers.cancel()
            with contextlib.suppress(Exception):
                client_writer.close()


@contextlib.contextmanager
def proxied(upstream: str, behaviour: Behaviour, host: str = "127.0.0.1") -> Iterator[tuple[str, Proxy]]:
    """``(url, proxy)`` of a proxy on a free port of ``host`` (this machine's loopback unless given another of its own
    addresses) in front of ``upstream``, in a thread of its own."""
    proxy, loop, ready = Proxy(upstream, behaviour), asyncio.new_event_loop(), threading.Event()
    holder: dict = {}

    async def start() -> None:
        holder["server"] = await asyncio.start_server(proxy.handle, host, 0)
        ready.set()

    thread = threading.Thread(target=lambda: (loop.run_until_complete(start()), loop.run_forever()), daemon=True)
    thread.start()
    ready.wait(10)
    port = holder["server"].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{port}", proxy
    finally:
        asyncio.run_coroutine_threadsafe(_shut_down(holder["server"]), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


async def _shut_down(server: asyncio.Server) -> None:
    """Stop listening and end every open connection (their tasks cancelled, their transports closed)."""
    server.close()
    tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
