"""Who may call: Basic, Bearer and SoTicket credentials, checked before anything else."""

from __future__ import annotations

import base64
import binascii
import hmac
import os
from dataclasses import dataclass

ENVIRONMENT = {
    "user": "CONFORMANCE_SERVER_USER",
    "password": "CONFORMANCE_SERVER_PASSWORD",
    "token": "CONFORMANCE_SERVER_TOKEN",
    "ticket": "CONFORMANCE_SERVER_TICKET",
}
CHALLENGE = 'Basic realm="SuperOffice", Bearer, SoTicket'


@dataclass(frozen=True)
class Credentials:
    """The credentials the server accepts, one per scheme."""

    user: str = "tester"
    password: str = "tester-secret"
    token: str = "tester-token"
    ticket: str = "tester-ticket"

    @classmethod
    def resolve(cls, **given: str | None) -> Credentials:
        """Given values (command line) win over environment variables, which win over the defaults."""
        values = {}
        for name, variable in ENVIRONMENT.items():
            value = given.get(name) or os.environ.get(variable)
            if value:
                values[name] = value
        return cls(**values)

    def secrets(self) -> list[str]:
        """Every secret value, including the Basic token as it travels (base64)."""
        basic = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        return [self.password, self.token, self.ticket, basic]


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode("utf-8"))


def authenticate(authorization: str | None, credentials: Credentials) -> str | None:
    """The scheme an Authorization header authenticates with, or None when it does not."""
    if not authorization:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    scheme, value = scheme.lower(), value.strip()
    if scheme == "basic":
        try:
            user, _, password = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
        ok = _same(user, credentials.user) & _same(password, credentials.password)
        return "Basic" if ok else None
    if scheme == "bearer":
        return "Bearer" if _same(value, credentials.token) else None
    if scheme == "soticket":
        return "SoTicket" if _same(value, credentials.ticket) else None
    return None
