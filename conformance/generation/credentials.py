"""Wrong credentials as a family: every shape a client can get wrong, derived from the run's real ones.

Each kind is a function of the real credentials (so that "the right user with a
wrong password" really names the right user) and gives the ``Authorization``
header values to send: usually one, two for "two Authorization headers". None of
them is a secret: they are invented by the suite, shown as sent in evidence.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

from hypothesis import strategies as st


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _b64url(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")


def _unpadded(header: str | None) -> str | None:
    """The run's own Basic credentials with the base64 padding left out (RFC 4648 requires it), or None without padding.

    Derived from a real secret, it is one: settings.parse_auth counts it among the run's secrets, so reports mask it.
    """
    if not header or not header.endswith("="):
        return None
    return header.rstrip("=")


def basic_user(authorizations: dict[str, str]) -> str:
    """The user name of the run's Basic credentials (or a plausible one when none was given)."""
    header = authorizations.get("Basic")
    if header:
        try:
            return base64.b64decode(header.split(" ", 1)[1]).decode("utf-8").partition(":")[0]
        except (ValueError, IndexError):
            pass
    return "tester"


def unissued_jwt(subject: str = "conformance") -> str:
    """A syntactically valid JWT (HS256 header, claims, signature) that no server issued."""
    header = _b64url({"alg": "HS256", "typ": "JWT"})
    claims = _b64url({"sub": subject, "iss": "https://conformance.invalid", "exp": 4102444800})
    return f"{header}.{claims}.{_b64url({'sig': 'not-a-real-signature'})}"


#: kind -> (real credentials by scheme, Basic user) -> Authorization header values to send.
WRONG_KINDS: dict[str, Callable[[dict[str, str], str], list[str]]] = {
    "basic-wrong-password": lambda real, user: ["Basic " + _b64(f"{user}:not-the-password")],
    "basic-empty-password": lambda real, user: ["Basic " + _b64(f"{user}:")],
    "basic-no-password-part": lambda real, user: ["Basic " + _b64(user)],
    "basic-unknown-user": lambda real, user: ["Basic " + _b64("nobody-" + user + ":secret")],
    "basic-malformed-base64": lambda real, user: ["Basic %%%not-base64%%%"],
    "basic-unpadded-base64": lambda real, user: [_unpadded(real.get("Basic")) or "Basic %%%not-base64%%%"],
    "basic-scheme-only": lambda real, user: ["Basic"],
    "bearer-wrong-token": lambda real, user: ["Bearer not-the-token"],
    "bearer-unissued-jwt": lambda real, user: ["Bearer " + unissued_jwt(user)],
    "bearer-scheme-only": lambda real, user: ["Bearer"],
    "soticket-wrong-ticket": lambda real, user: ["SoTicket 7T:not-the-ticket"],
    "soticket-scheme-only": lambda real, user: ["SoTicket"],
    "unknown-scheme": lambda real, user: ["Negotiate " + _b64("not-a-token")],
    "empty-header": lambda real, user: [""],
    "two-headers-wrong-first": lambda real, user: ["Bearer not-the-token", next(iter(real.values()), "Bearer x")],
    "two-headers-real-first": lambda real, user: [
        next(iter(real.values()), "Bearer x"),
        "Basic " + _b64(f"{user}:not-the-password"),
    ],
}

#: The kinds the pairwise sweep pairs with every other dimension (the stateful test draws from all).
SWEEP_KINDS = (
    "basic-wrong-password",
    "basic-no-password-part",
    "basic-unpadded-base64",
    "bearer-unissued-jwt",
    "soticket-scheme-only",
    "two-headers-wrong-first",
)


def wrong_authorization(kind: str, real: dict[str, str]) -> list[str]:
    """The Authorization header values of one wrong kind, derived from the real credentials."""
    return WRONG_KINDS[kind](real, basic_user(real))


def wrong_kinds() -> st.SearchStrategy[str]:
    """Any kind of wrong credentials."""
    return st.sampled_from(tuple(WRONG_KINDS))


def authorization_for(
    credentials: str, real: dict[str, str], primary: str | None
) -> tuple[list[str] | None, str | None]:
    """(Authorization values to send, the scheme judged) for a context's credentials.

    ``primary`` and a scheme the user gave no credentials for send the run's own credentials; ``none``
    sends no header (an empty list); ``wrong:KIND`` sends that kind. The scheme is None unless a
    named scheme is really used.
    """
    if credentials == "none":
        return [], None
    if credentials.startswith("wrong:"):
        return wrong_authorization(credentials.split(":", 1)[1], real), None
    if credentials in real:
        return [real[credentials]], credentials
    return ([primary] if primary else []), None
