"""One HTTP request and its response (or the transport failure instead), as evidence."""

from __future__ import annotations

import base64
import json
import shlex
from dataclasses import dataclass, field
from typing import Any, Optional

from conformance.redaction import MASK, SENSITIVE_HEADERS, Redactor

BODY_PREVIEW = 4000


@dataclass
class Exchange:
    """A request sent by the suite and what came back."""

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: Optional[bytes]
    status: Optional[int] = None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: bytes = b""
    elapsed: float = 0.0
    error: Optional[str] = None
    truncated: bool = False

    def header(self, name: str) -> Optional[str]:
        """A response header, by case-insensitive name."""
        lowered = name.lower()
        return next((v for k, v in self.response_headers.items() if k.lower() == lowered), None)

    @property
    def media_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def json(self) -> Any:
        """The response body parsed as JSON; raises ValueError when it is not."""
        return json.loads(self.response_body.decode("utf-8"))

    def request_json(self) -> Any:
        return json.loads(self.request_body.decode("utf-8")) if self.request_body else None

    def summary(self) -> str:
        outcome = self.error if self.error else f"{self.status}"
        return f"{self.method} {self.url} -> {outcome} in {self.elapsed * 1000:.0f} ms"

    def describe(self, redactor: Redactor, limit: int = BODY_PREVIEW) -> str:
        """The exchange as text, credentials masked, bodies cut at ``limit`` characters."""
        lines = [f"> {self.method} {redactor.text(self.url)}"]
        lines += [f"> {k}: {v}" for k, v in redactor.headers(self.request_headers).items()]
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
            if self.truncated:
                lines.append("< (body longer than the suite reads; cut)")
        return "\n".join(lines)

    def curl(self, redactor: Redactor) -> str:
        """A curl command that sends the same request; credentials come from $CONFORMANCE_AUTHORIZATION."""
        parts = ["curl", "-sS", "-i", "-X", self.method, shlex.quote(redactor.text(self.url))]
        for name, value in self.request_headers.items():
            if name.lower() == "authorization":
                parts += ["-H", '"Authorization: ${CONFORMANCE_AUTHORIZATION}"']
            elif name.lower() in SENSITIVE_HEADERS:
                parts += ["-H", shlex.quote(f"{name}: {MASK}")]
            else:
                parts += ["-H", shlex.quote(f"{name}: {redactor.text(value)}")]
        if not self.request_body:
            return " ".join(parts)
        try:
            text = self.request_body.decode("utf-8")
        except UnicodeDecodeError:
            encoded = base64.b64encode(self.request_body).decode()
            return f"printf %s {encoded} | base64 -d | " + " ".join(parts + ["--data-binary", "@-"])
        return " ".join(parts + ["--data-binary", shlex.quote(redactor.text(text))])


def _text(body: bytes) -> str:
    return body.decode("utf-8", errors="backslashreplace")


def _preview(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + f"... ({len(text) - limit} more characters)"
