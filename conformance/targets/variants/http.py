"""Variants on the wire: compression, framing, connection handling, headers, reason phrases, media type spelling.

SPEC-NOTES, "Freedoms of a conformant server": "HTTP: any framing, compression the client
accepted, connection handling, reason phrase and extra headers that HTTP allows." and "Media
types: matched case-insensitively, with or without parameters".
"""

from __future__ import annotations

from functools import partial

from starlette.middleware.gzip import GZipMiddleware

from conformance.targets.reference.app import ReferenceApp
from conformance.targets.variants import variant

CHUNK = 700


class _Rewired(ReferenceApp):
    """The reference server with every ASGI message it sends passed through ``rewire`` (a list of messages)."""

    def rewire(self, message: dict) -> list[dict]:
        raise NotImplementedError

    async def __call__(self, scope, receive, send):
        async def rewired(message):
            for each in self.rewire(message):
                await send(each)

        await super().__call__(scope, receive, rewired if scope["type"] == "http" else send)


def _headers(message: dict, *, drop: tuple[bytes, ...] = (), add: tuple[tuple[bytes, bytes], ...] = ()) -> dict:
    kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in drop]
    return {**message, "headers": [*kept, *add]}


@variant("http-gzip", "http")
class Gzip(ReferenceApp):
    """Compresses every response body with gzip when the request's Accept-Encoding allows it.

    SPEC-NOTES, Freedoms: "HTTP: any framing, compression the client accepted".
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._gzip = GZipMiddleware(partial(ReferenceApp.__call__, self), minimum_size=0)

    async def __call__(self, scope, receive, send):
        await (self._gzip if scope["type"] == "http" else partial(ReferenceApp.__call__, self))(scope, receive, send)


@variant("http-chunked", "http")
class Chunked(_Rewired):
    """Sends every response body with Transfer-Encoding: chunked, in small chunks, without Content-Length.

    SPEC-NOTES, Freedoms: "HTTP: any framing".
    """

    def rewire(self, message):
        if message["type"] == "http.response.start":
            return [_headers(message, drop=(b"content-length",))]
        if message["type"] != "http.response.body":
            return [message]
        body, more = message.get("body", b""), message.get("more_body", False)
        pieces = [body[i : i + CHUNK] for i in range(0, len(body), CHUNK)] or [b""]
        return [
            {"type": "http.response.body", "body": p, "more_body": more or i < len(pieces) - 1}
            for i, p in enumerate(pieces)
        ]


@variant("http-connection-close", "http")
class ConnectionClose(_Rewired):
    """Closes the connection after every response (Connection: close).

    SPEC-NOTES, Freedoms: "HTTP: any ... connection handling".
    """

    def rewire(self, message):
        if message["type"] == "http.response.start":
            return [_headers(message, drop=(b"connection",), add=((b"connection", b"close"),))]
        return [message]


EXTRA_HEADERS = (
    (b"x-powered-by", b"ASP.NET"),
    (b"cache-control", b"no-cache, no-store"),
    (b"pragma", b"no-cache"),
    (b"vary", b"Accept, Accept-Encoding, Accept-Language"),
    (b"x-request-id", b"4f9c2d1e-0000-4000-8000-000000000000"),
    (b"set-cookie", b"ARRAffinity=0123456789abcdef; Path=/; HttpOnly; SameSite=None; Secure"),
    (b"strict-transport-security", b"max-age=31536000"),
    (b"x-content-type-options", b"nosniff"),
    (b"server", b"Microsoft-IIS/10.0"),
)
REASONS = {
    200: "Contact saved, thank you",
    400: "Not Like This",
    401: "Who Are You",
    404: "Nowhere",
    412: "Too Late",
    415: "Cannot Read That",
    204: "Gone For Good",
    405: "Not Here",
}


@variant("http-extra-headers", "http")
class ExtraHeaders(_Rewired):
    """Adds the headers IIS and Azure add (X-Powered-By, Set-Cookie, Vary, Cache-Control, ...) and odd reason phrases.

    SPEC-NOTES, Freedoms: "HTTP: any ... reason phrase and extra headers that HTTP allows."
    """

    def rewire(self, message):
        if message["type"] == "http.response.start":
            _odd_reason_phrases()
            return [_headers(message, add=EXTRA_HEADERS)]
        return [message]


def _odd_reason_phrases() -> None:
    """Make uvicorn (this process's server) write the odd reason phrases: ASGI has no field for them."""
    from uvicorn.protocols.http import httptools_impl

    for status, phrase in REASONS.items():
        httptools_impl.STATUS_LINE[status] = f"HTTP/1.1 {status} {phrase}\r\n".encode()


def _odd_case(media_type: bytes) -> bytes:
    """``application/json; charset=utf-8`` -> ``Application/JSON; Charset=UTF-8``."""
    kind, _, params = media_type.decode("latin-1").partition(";")
    major, _, minor = kind.strip().partition("/")
    spelled = f"{major.capitalize()}/{minor.upper()}"
    if params:
        name, _, value = params.strip().partition("=")
        spelled += f"; {name.capitalize()}={value.upper()}"
    return spelled.encode("latin-1")


@variant("media-type-casing", "http")
class MediaTypeCasing(_Rewired):
    """Spells every response Content-Type in mixed case: ``Application/JSON; Charset=UTF-8``.

    SPEC-NOTES, Freedoms: "Media types: matched case-insensitively, with or without parameters".
    """

    def rewire(self, message):
        if message["type"] == "http.response.start":
            types = [v for k, v in message.get("headers", []) if k.lower() == b"content-type"]
            return [
                _headers(message, drop=(b"content-type",), add=tuple((b"content-type", _odd_case(v)) for v in types))
            ]
        return [message]
