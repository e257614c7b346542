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


# --- neighbours: the run's own secret, one step off ---------------------------------------------------------------


def _other_character(character: str) -> str:
    """A printable ASCII character that differs from ``character`` in more than case ('x', or 'y' for an x)."""
    return "y" if character.lower() == "x" else "x"


#: How a secret can be one step off the real one (RFC 7617 §2, RFC 6750 §2.1: a credential is compared whole).
SECRET_NEIGHBOURS: dict[str, Callable[[str], str]] = {
    "last-changed": lambda secret: secret[:-1] + _other_character(secret[-1:] or "x"),
    "appended": lambda secret: secret + "x",
    "last-removed": lambda secret: secret[:-1],
    "case-swapped": str.swapcase,
}

#: The schemes whose credentials carry one secret after the scheme name, and the scheme a misplaced one is sent in.
#: A scheme no server accepts (RFC 9110 §11.1: schemes are registered names): the right secret under it is wrong.
UNKNOWN_SCHEME = "Token"
_OTHER_SCHEME = {"Basic": "Bearer", "Bearer": "SoTicket", "SoTicket": "Bearer"}


def _basic_parts(header: str) -> tuple[str, str] | None:
    try:
        user, sep, password = base64.b64decode(header.split(" ", 1)[1], validate=True).decode("utf-8").partition(":")
    except (ValueError, IndexError):
        return None
    return (user, password) if sep else None


def neighbours(scheme: str, real: dict[str, str]) -> dict[str, str]:
    """kind -> an ``Authorization`` value one step off the run's credentials of ``scheme``; none equals a real one.

    Each secret: one character changed, one appended, the last removed, the case swapped, the whole credential sent
    under another scheme. Basic adds the right user with the password plus ``:x`` (the password is everything after
    the first colon, RFC 7617 §2) and the user one character longer or shorter with the right password. Every scheme
    also sends its secret under a scheme name no server accepts. Derived from
    a real secret, a neighbour is nearly one: neighbour_secrets lists them for masking.
    """
    header = real.get(scheme)
    if not header or " " not in header:
        return {}
    value = header.split(" ", 1)[1]
    found: dict[str, str] = {}
    if scheme == "Basic":
        parts = _basic_parts(header)
        if parts is None:
            return {}
        user, password = parts
        for kind, change in SECRET_NEIGHBOURS.items():
            found[kind] = "Basic " + _b64(f"{user}:{change(password)}")
        found["colon-appended"] = "Basic " + _b64(f"{user}:{password}:x")
        found["user-appended"] = "Basic " + _b64(f"{user}x:{password}")
        found["user-last-removed"] = "Basic " + _b64(f"{user[:-1]}:{password}")
    else:
        for kind, change in SECRET_NEIGHBOURS.items():
            found[kind] = f"{scheme} {change(value)}"
    found["other-scheme"] = f"{_OTHER_SCHEME[scheme]} {value}"
    found["unknown-scheme"] = f"{UNKNOWN_SCHEME} {value}"
    accepted = {h.strip() for h in real.values()}
    return {kind: text for kind, text in found.items() if text.strip() not in accepted}


def neighbour_secrets(real: dict[str, str]) -> list[str]:
    """Every neighbour's Authorization value and secret part: nearly a real secret, so never to be shown as sent."""
    values = []
    for scheme in real:
        for text in neighbours(scheme, real).values():
            values += [text, text.split(" ", 1)[1]]
    return values
