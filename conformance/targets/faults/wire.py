"""Faults on the wire: hanging, breaking the connection, or answering 200 with something that is not a contact.

Each misbehaves on PUT only, so that the smoke check's GET and POST work and
the suite has to cope with the broken answers themselves: it must end every run
within its timeouts, with FAIL or ERROR verdicts and clear messages.
"""

from __future__ import annotations

from starlette.requests import Request

from conformance.targets.faults import fault
from conformance.targets.reference.app import ReferenceApp

BIG_BODY_MB = 50


class _PutMisbehaves(ReferenceApp):
    """Serves everything like the reference, except that PUT goes to ``misbehave``."""

    #: A broken wire breaks every requirement judged on a PUT response: the suite must end in time with
    #: put.ok failed, or stop with a harness error, and say why.
    outcome = "wire"

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "PUT":
            await self.misbehave(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)

    async def normal_body(self, scope, receive) -> tuple[int, bytes]:
        response = await self.respond(Request(scope, receive))
        return response.status_code, bytes(response.body)

    async def misbehave(self, scope, receive, send):
        raise NotImplementedError


async def _start(send, status: int, content_type: bytes, length: int) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(length).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})


@fault("wire-hang", "wire", "put.ok")
class Hangs(_PutMisbehaves):
    """Never answers a PUT: the connection stays open until the client gives up."""

    async def misbehave(self, scope, receive, send):
        while (await receive())["type"] != "http.disconnect":
            pass


@fault("wire-close-mid-response", "wire", "put.ok")
class ClosesMidResponse(_PutMisbehaves):
    """Closes the connection halfway through the body of a PUT response."""

    async def misbehave(self, scope, receive, send):
        status, body = await self.normal_body(scope, receive)
        await _start(send, status, b"application/json; charset=utf-8", len(body))
        await send({"type": "http.response.body", "body": body[: len(body) // 2], "more_body": False})


@fault("wire-html-200", "wire", "put.ok")
class AnswersHtml(_PutMisbehaves):
    """Answers every PUT with 200 and an HTML page."""

    async def misbehave(self, scope, receive, send):
        await self.normal_body(scope, receive)
        page = b"<!DOCTYPE html><html><body><h1>Contact saved</h1></body></html>"
        await _start(send, 200, b"text/html; charset=utf-8", len(page))
        await send({"type": "http.response.body", "body": page})


@fault("wire-truncated-json", "wire", "put.ok")
class TruncatedJson(_PutMisbehaves):
    """Answers a PUT with 200 and the JSON body cut in half (with a matching Content-Length)."""

    async def misbehave(self, scope, receive, send):
        status, body = await self.normal_body(scope, receive)
        cut = body[: len(body) // 2]
        await _start(send, status, b"application/json; charset=utf-8", len(cut))
        await send({"type": "http.response.body", "body": cut})


@fault("wire-50mb-body", "wire", "put.ok")
class FiftyMegabytes(_PutMisbehaves):
    """Answers a PUT with 200 and a 50 MB JSON body."""

    async def misbehave(self, scope, receive, send):
        await self.normal_body(scope, receive)
        chunk = b" " * (1024 * 1024)
        head, tail = b'{"ContactId": 0, "Padding": "', b'"}'
        await _start(send, 200, b"application/json; charset=utf-8", len(head) + len(tail) + BIG_BODY_MB * len(chunk))
        await send({"type": "http.response.body", "body": head, "more_body": True})
        for _ in range(BIG_BODY_MB):
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": tail})


@fault("wire-invalid-utf8", "wire", "put.ok")
class InvalidUtf8(_PutMisbehaves):
    """Answers a PUT with a JSON body holding bytes that are not UTF-8 (a Latin-1 encoder)."""

    async def misbehave(self, scope, receive, send):
        status, body = await self.normal_body(scope, receive)
        broken = body.replace(b'"Name":"', b'"Name":"\xc6r\xf8 ', 1)
        await _start(send, status, b"application/json; charset=utf-8", len(broken))
        await send({"type": "http.response.body", "body": broken})


@fault("wire-plain-text-200", "wire", "put.ok")
class AnswersPlainText(_PutMisbehaves):
    """Answers every PUT with 200 and a plain-text "Contact saved" (it does save): a target's fault, never a harness error."""  # noqa: E501 - the first line is the catalogue's summary

    async def misbehave(self, scope, receive, send):
        await self.normal_body(scope, receive)
        text = b"Contact saved"
        await _start(send, 200, b"text/plain; charset=utf-8", len(text))
        await send({"type": "http.response.body", "body": text})
