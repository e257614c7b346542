"""One HTTP request and its response (or the transport failure instead), as evidence."""

from __future__ import annotations

import base64
import json
import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from conformance.judging.redaction import MASK, SENSITIVE_HEADERS, Redactor

BODY_PREVIEW = 4000
#: What an exchange kept as evidence holds of its bodies: a request whole (the suite's are far smaller), a response
#: well beyond any contact (a few kB) but nowhere near the client's read limit.
EVIDENCE_REQUEST_BODY = 256 * 1024
EVIDENCE_RESPONSE_BODY = 16 * 1024
#: A body longer than this (or holding a line break) travels in a heredoc in a curl command.
INLINE_BODY = 1000

#: Roles of exchanges. "setup" prepares a test, "verify..." reads back what a request did; any other role (the
#: default "under test", or a test's own label such as "conditional PUT" or "racer 03") is a request under test.
SETUP, UNDER_TEST, VERIFY = "setup", "under test", "verify"


def default_role(method: str, setup: bool) -> str:
    """Setup requests are "setup", a GET under test reads back ("verify"), anything else is "under test"."""
    if setup:
        return SETUP
    return VERIFY if method == "GET" else UNDER_TEST


def is_context(role: str) -> bool:
    """Whether a role only prepares or verifies (it cannot be a default culprit)."""
    return role == SETUP or role.startswith(VERIFY)


@dataclass
class Exchange:
    """A request sent by the suite and what came back."""

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: bytes | None
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: bytes = b""
    elapsed: float = 0.0
    error: str | None = None
    truncated: bool = False
    role: str = UNDER_TEST
    seq: int = 0  # unique in the process: how evidence names this exchange
    started: float = 0.0  # wall-clock time the request was sent (seconds since the epoch)
    request_size: int | None = None  # the body sizes before for_evidence() cut them
    response_size: int | None = None
    #: Header lines sent after those of ``request_headers`` under a name already there (two Authorization headers).
    repeated_headers: tuple[tuple[str, str], ...] = ()

    def header_lines(self) -> list[tuple[str, str]]:
        """Every request header line as sent, a repeated name once per line."""
        return list(self.request_headers.items()) + list(self.repeated_headers)

    def header(self, name: str) -> str | None:
        """A response header, by case-insensitive name."""
        lowered = name.lower()
        return next((v for k, v in self.response_headers.items() if k.lower() == lowered), None)

    @property
    def media_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def json(self) -> Any:
        """The response body parsed as JSON; raises ValueError when it is not."""
        return json.loads(self.response_body.decode("utf-8"))

    def summary(self) -> str:
        outcome = self.error if self.error else f"{self.status}"
        return f"{self.method} {self.url} -> {outcome} in {self.elapsed * 1000:.0f} ms"

    def for_evidence(self) -> Exchange:
        """A copy light enough to keep: bodies cut to EVIDENCE_REQUEST_BODY and EVIDENCE_RESPONSE_BODY bytes."""
        if self.request_size is not None:
            return self
        request, response = self.request_body, self.response_body
        return replace(
            self,
            request_body=request[:EVIDENCE_REQUEST_BODY] if request is not None else None,
            response_body=response[:EVIDENCE_RESPONSE_BODY],
            request_size=len(request or b""),
            response_size=len(response),
        )

    @property
    def request_cut(self) -> bool:
        return self.request_size is not None and self.request_size > len(self.request_body or b"")

    def describe(self, redactor: Redactor, limit: int = BODY_PREVIEW) -> str:
        """The exchange as text, credentials masked, bodies cut at ``limit`` characters."""
        lines = [f"> {self.method} {redactor.text(self.url)}"]
        lines += [f"> {k}: {v}" for k, v in self.header_lines() for v in redactor.request_headers({k: v}).values()]
        if self.request_body:
            lines += [">", _preview(redactor.text(_text(self.request_body)), limit)]
        lines.append("")
        if self.error:
            lines.append(f"< (no complete response: {self.error})")
        if self.status is not None:
            lines.append(f"< HTTP {self.status} ({self.elapsed * 1000:.0f} ms)")
            lines += [f"< {k}: {v}" for k, v in redactor.headers(self.response_headers).items()]
            if self.response_body:
                lines += ["<", _preview(redactor.text(_text(self.response_body)), limit)]
            if self.truncated or (self.response_size or 0) > len(self.response_body):
                lines.append("< (body longer than the suite reads; cut)")
        return "\n".join(lines)

    def record(self, redactor: Redactor, *, culprit: bool = False, since: float = 0.0) -> dict[str, Any]:
        """The exchange as structured evidence for results.json: credentials masked, bodies capped.

        A culprit keeps its whole request body (for the curl command that reproduces it) and carries that command,
        and its response body as the evidence kept it (up to EVIDENCE_RESPONSE_BODY), for the report to show whole.
        ``since``: the moment ``at_ms`` counts from (the first exchange of the evidence).
        """
        response = None
        if self.status is not None:
            response = {
                "status": self.status,
                "headers": redactor.headers(self.response_headers),
                "body": _body(
                    self.response_body, redactor, None if culprit else BODY_PREVIEW, self.response_size, self.truncated
                ),  # a culprit's whole (as kept), so the report can pretty-print it
            }
        return {
            "seq": self.seq,
            "role": self.role,
            "culprit": culprit,
            "at_ms": round(max(0.0, self.started - since) * 1000, 1) if since else 0.0,
            "elapsed_ms": round(self.elapsed * 1000, 1),
            "request": {
                "method": self.method,
                "url": redactor.text(self.url),
                "headers": _merged(redactor.request_headers({k: v}) for k, v in self.header_lines()),
                "body": _body(self.request_body, redactor, None if culprit else BODY_PREVIEW, self.request_size, False),
            },
            "response": response,
            "error": self.error,
            "curl": self.curl(redactor) if culprit else None,
        }

    def curl(self, redactor: Redactor) -> str:
        """A curl command that sends the same request: method, URL, headers and body byte for byte.

        A secret header value the run sends is read from its environment variable (the Authorization from
        ``$CONFORMANCE_AUTHORIZATION``); a value the suite invented (a wrong credential) is shown as sent. Headers
        curl would add on its own (User-Agent, Accept, Content-Type, Expect) are removed when the request had none.
        A body is inline when short, in a heredoc when long, through base64 when it is not text a shell can carry.
        """
        parts = ["curl", "-sS", "-i", "-g", "-X", self.method, shlex.quote(redactor.text(self.url))]
        sent = {name.lower() for name in self.request_headers}
        for name, value in self.header_lines():
            if name.lower() == "content-length":  # curl counts the body itself (and a cut one could not match)
                continue
            variable = redactor.variables.get(value)
            if variable:
                parts += ["-H", f'"{name}: ${{{variable}}}"']
            elif name.lower() in SENSITIVE_HEADERS and redactor.is_secret(value):
                parts += ["-H", shlex.quote(f"{name}: {MASK}")]
            else:
                parts += ["-H", shlex.quote(f"{name}: {redactor.text(value)}")]
        added_by_curl = ("User-Agent", "Accept") + (("Content-Type", "Expect") if self.request_body else ())
        for name in added_by_curl:
            if name.lower() not in sent:
                parts += ["-H", shlex.quote(f"{name}:")]
        command = " ".join(parts)
        if not self.request_body:
            return command
        body = redactor.bytes(self.request_body)
        note = "" if not self.request_cut else f"  # body cut at {len(body)} of {self.request_size} bytes"
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is None or "\0" in text or text.endswith("\n"):
            encoded = base64.b64encode(body).decode()
            return f"printf %s {encoded} | base64 -d | {command} --data-binary @-{note}"
        if len(text) <= INLINE_BODY and "\n" not in text:
            return f"{command} --data-binary {shlex.quote(text)}{note}"
        delimiter = _delimiter(text)
        return f"printf %s \"$(cat <<'{delimiter}'\n{text}\n{delimiter}\n)\" | {command} --data-binary @-{note}"


def _merged(lines: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """Header lines as one mapping: the values of a repeated name joined with ", " (as HTTP folds them)."""
    merged: dict[str, str] = {}
    for line in lines:
        for name, value in line.items():
            merged[name] = f"{merged[name]}, {value}" if name in merged else value
    return merged


def _delimiter(text: str) -> str:
    """A heredoc delimiter that is no line of ``text``."""
    lines = set(text.splitlines())
    word, n = "BODY", 0
    while word in lines:
        n += 1
        word = f"BODY{n}"
    return word


def _body(
    data: bytes | None, redactor: Redactor, limit: int | None, size: int | None, cut: bool
) -> dict[str, Any] | None:
    """A body as evidence: UTF-8 text, or base64 when it is not; ``cut`` when less than the whole body is kept."""
    if data is None:
        return None
    whole = len(data) if size is None else size
    kept = redactor.bytes(data)
    try:
        text = kept.decode("utf-8")
        if limit is not None and len(text) > limit:
            text, cut = text[:limit], True
        encoded = {"encoding": "utf-8", "data": text}
    except UnicodeDecodeError:
        if limit is not None and len(kept) > limit:
            kept, cut = kept[:limit], True
        encoded = {"encoding": "base64", "data": base64.b64encode(kept).decode()}
    return {**encoded, "bytes": whole, "cut": cut or whole > len(data)}


def _text(body: bytes) -> str:
    return body.decode("utf-8", errors="backslashreplace")


def _preview(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + f"... ({len(text) - limit} more characters)"
