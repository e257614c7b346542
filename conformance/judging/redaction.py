"""Keeping credentials out of every report, log line and curl command."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

MASK = "***"
#: Headers whose values are credentials, whatever the scheme.
SENSITIVE_HEADERS = frozenset({"authorization", "x-xsrf-token", "so-apptoken", "cookie", "proxy-authorization"})


class Redactor:
    """Replaces known secret values (and sensitive header values) by ``***``.

    ``variables`` maps a secret header value the run sends (its Authorization, a sensitive ``--header``) to the
    environment variable a curl command reads it from instead.
    """

    def __init__(self, secrets: Iterable[str] = (), variables: Mapping[str, str] | None = None):
        self.secrets = sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True)
        self.variables = dict(variables or {})

    def text(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def bytes(self, data: bytes) -> bytes:
        for secret in self.secrets:
            data = data.replace(secret.encode("utf-8"), MASK.encode())
        return data

    def is_secret(self, value: str) -> bool:
        """Whether a value is, or holds, one of the run's secrets."""
        return value in self.variables or self.text(value) != value

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        """Response headers: every sensitive header masked, secrets masked in the others."""
        return {
            name: (MASK if name.lower() in SENSITIVE_HEADERS else self.text(value)) for name, value in headers.items()
        }

    def request_headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        """Request headers: only real secrets masked; a credential the suite invented (a wrong one) is shown as sent."""
        return {
            name: (MASK if name.lower() in SENSITIVE_HEADERS and self.is_secret(value) else self.text(value))
            for name, value in headers.items()
        }

    def scrub_files(self, folder: Path) -> list[Path]:
        """Rewrite every file under ``folder`` that holds a secret; returns the files changed."""
        changed = []
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            data = path.read_bytes()
            cleaned = self.bytes(data)
            if cleaned != data:
                path.write_bytes(cleaned)
                changed.append(path)
        return changed
