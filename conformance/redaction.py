"""Keeping credentials out of every report, log line and curl command."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

MASK = "***"
#: Headers whose values are credentials, whatever the scheme.
SENSITIVE_HEADERS = frozenset({"authorization", "x-xsrf-token", "so-apptoken", "cookie", "proxy-authorization"})


class Redactor:
    """Replaces known secret values (and sensitive header values) by ``***``."""

    def __init__(self, secrets: Iterable[str] = ()):
        self.secrets = sorted({s for s in secrets if s and len(s) >= 3}, key=len, reverse=True)

    def text(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        return {
            name: (MASK if name.lower() in SENSITIVE_HEADERS else self.text(value)) for name, value in headers.items()
        }

    def scrub_files(self, folder: Path) -> list[Path]:
        """Rewrite every file under ``folder`` that holds a secret; returns the files changed."""
        changed = []
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            data = path.read_bytes()
            cleaned = data
            for secret in self.secrets:
                cleaned = cleaned.replace(secret.encode("utf-8"), MASK.encode())
            if cleaned != data:
                path.write_bytes(cleaned)
                changed.append(path)
        return changed
