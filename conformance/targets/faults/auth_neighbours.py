"""Faults in comparing credentials and in what comes before them.

The first kind accepts a credential one step off the real one (a character more, fewer or changed, another case,
another scheme); the second refuses a request without valid credentials for another reason first (404, 400, 415,
412), or answers 401 with the contact in the body. Each docstring's second paragraph names the class of the defect
and the source of the rule it breaks.
"""

from __future__ import annotations

import base64
import hmac
import json

from starlette.responses import Response

from conformance.targets.faults import fault
from conformance.targets.reference import negotiation as media
from conformance.targets.reference.app import ITEM, HttpError, ReferenceApp
from conformance.targets.reference.authentication import CHALLENGE, Credentials

INT32_MAX = 2**31 - 1

# --- comparing a credential ---------------------------------------------------------------------------------------


def _credential(request) -> tuple[str, str]:
    """(the scheme in lower case, the value after it) of the single Authorization header, or ("", "")."""
    given = request.headers.getlist("authorization")
    if len(given) != 1:
        return "", ""
    scheme, _, value = given[0].strip().partition(" ")
    return scheme.lower(), value.strip()


def _basic(value: str) -> tuple[str, str] | None:
    """(user, password) of a Basic value, split at the first colon, or None when it is not base64 with a colon."""
    try:
        user, sep, password = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
    except ValueError:
        return None
    return (user, password) if sep else None


class LooseComparison(ReferenceApp):
    """Accepts a credential that ``loose`` finds close enough to the real one (the reference's check otherwise)."""

    def loose(self, scheme: str, value: str, credentials: Credentials) -> bool:
        raise NotImplementedError

    def authenticate(self, request):
        scheme, value = _credential(request)
        if scheme and value and self.loose(scheme, value, self.credentials):
            return {"basic": "Basic", "bearer": "Bearer", "soticket": "SoTicket"}.get(scheme, "Basic")
        return super().authenticate(request)


@fault("auth-basic-password-prefix", "auth", "auth.invalid")
class BasicPasswordPrefix(LooseComparison):
    """Accepts a Basic password that starts with the real one (compares only as many characters as it stores).

    class: Basic credentials, characters appended to the password. source: RFC 7617 §2 (the password is everything
    after the first colon); SPEC-NOTES "Authentication and headers" (auth.invalid).
    """

    def loose(self, scheme, value, credentials):
        parts = _basic(value) if scheme == "basic" else None
        return parts is not None and parts[0] == credentials.user and parts[1].startswith(credentials.password)


@fault("auth-password-case-insensitive", "auth", "auth.invalid")
class PasswordCaseInsensitive(LooseComparison):
    """Compares the Basic password without regard to case.

    class: Basic credentials, the password in another case. source: RFC 7617 §2 (the password is an opaque
    octet sequence); SPEC-NOTES "Authentication and headers" (auth.invalid).
    """

    def loose(self, scheme, value, credentials):
        parts = _basic(value) if scheme == "basic" else None
        return (
            parts is not None
            and parts[0] == credentials.user
            and parts[1].casefold() == credentials.password.casefold()
        )


@fault("auth-token-last-character-ignored", "auth", "auth.invalid")
class TokenLastCharacterIgnored(LooseComparison):
    """Ignores the last character of a Bearer token or SoTicket ticket (an off-by-one in a constant-time compare).

    class: Bearer and SoTicket credentials, one character changed. source: RFC 6750 §2.1 (the b64token is
    compared whole); SPEC-NOTES "Authentication and headers" (auth.invalid).
    """

    def loose(self, scheme, value, credentials):
        real = {"bearer": credentials.token, "soticket": credentials.ticket}.get(scheme)
        return real is not None and len(value) == len(real) and hmac.compare_digest(value[:-1], real[:-1])


@fault("auth-bearer-token-prefix", "auth", "auth.invalid")
class BearerTokenPrefix(LooseComparison):
    """Accepts a non-empty Bearer token that the real token starts with (compares the length the client sent).

    class: Bearer credentials, the token truncated. source: RFC 6750 §2.1; SPEC-NOTES "Authentication and
    headers" (auth.invalid).
    """

    def loose(self, scheme, value, credentials):
        return scheme == "bearer" and credentials.token.startswith(value)


@fault("auth-password-first-8-characters", "auth", "auth.invalid")
class PasswordFirstEightCharacters(LooseComparison):
    """Compares only the first 8 characters of the Basic password (as DES crypt(3) does).

    class: Basic credentials, the password changed or extended after its 8th character. source: RFC 7617 §2;
    SPEC-NOTES "Authentication and headers" (auth.invalid).
    """

    def loose(self, scheme, value, credentials):
        parts = _basic(value) if scheme == "basic" else None
        return parts is not None and parts[0] == credentials.user and parts[1][:8] == credentials.password[:8]


@fault("auth-basic-split-at-every-colon", "auth", "auth.invalid")
class BasicSplitAtEveryColon(LooseComparison):
    """Splits Basic credentials at every colon, so that ``user:password:anything`` passes.

    class: Basic credentials, a colon and more appended to the password. source: RFC 7617 §2 (the user-id ends at
    the first colon, the password is the rest); SPEC-NOTES "Authentication and headers" (auth.invalid).
    """

    def loose(self, scheme, value, credentials):
        if scheme != "basic":
            return False
        try:
            pieces = base64.b64decode(value, validate=True).decode("utf-8").split(":")
        except ValueError:
            return False
        return len(pieces) > 2 and pieces[:2] == [credentials.user, credentials.password]


@fault("auth-basic-user-prefix", "auth", "auth.invalid")
class BasicUserPrefix(LooseComparison):
    """Accepts a Basic user name that starts with the real one, with the right password.

    class: Basic credentials, the user name with a character appended. source: RFC 7617 §2; SPEC-NOTES
    "Authentication and headers" (auth.invalid).
    """

    def loose(self, scheme, value, credentials):
        parts = _basic(value) if scheme == "basic" else None
        return parts is not None and parts[0].startswith(credentials.user) and parts[1] == credentials.password


@fault("auth-secret-in-any-scheme", "auth", "auth.invalid")
class SecretInAnyScheme(LooseComparison):
    """Accepts the Bearer token or the SoTicket ticket under either scheme (one pool of valid secrets).

    class: a real secret sent under another scheme. source: RFC 9110 §11.4 (the scheme names how the credentials
    are read); SPEC-NOTES "Authentication and headers" (auth.invalid).
    """

    def loose(self, scheme, value, credentials):
        return scheme in ("bearer", "soticket") and value in (credentials.token, credentials.ticket)


# --- what comes before the credentials --------------------------------------------------------------------------


def _put_item(request) -> str | None:
    """The raw id of a PUT to Contact/{id}, or None for any other request."""
    match = ITEM.fullmatch(request.url.path)
    return match.group(1) if match and request.method == "PUT" else None


def _contact_id(raw: str | None) -> int | None:
    """An int32 contact id, or None for anything else."""
    return int(raw) if raw is not None and raw.isascii() and raw.isdigit() and int(raw) <= INT32_MAX else None


class BeforeCredentials(ReferenceApp):
    """Refuses a PUT to Contact/{id} by ``refusal`` before the credentials are checked, when they are not valid."""

    async def refusal(self, request, raw: str) -> HttpError | None:
        raise NotImplementedError

    async def dispatch(self, request):
        raw = _put_item(request)
        if raw is not None and not self._authenticated(request):
            error = await self.refusal(request, raw)
            if error is not None:
                raise error
        return await super().dispatch(request)

    def _authenticated(self, request) -> bool:
        try:
            self.authenticate(request)
        except HttpError:
            return False
        return True

    async def _body(self, request) -> bytes:
        body = await self.read_body(request)
        request._body = body  # the reference's put_contact reads it again
        return body


@fault("unknown-id-404-before-auth", "auth", "auth.required", "auth.invalid")
class UnknownId404BeforeAuth(BeforeCredentials):
    """Answers 404 to a PUT to an unknown or non-numeric id before checking credentials.

    class: 401 precedence, unknown id (tells a stranger which ids exist). source: SPEC-NOTES "Authentication and
    headers" (auth.required, auth.invalid: no exception for a request that is wrong in another way).
    """

    async def refusal(self, request, raw):
        contact_id = _contact_id(raw)
        if contact_id is None or self.store.get(contact_id) is None:
            return HttpError(404, "SoNotFoundException", f"Contact id {raw} not found")
        return None


@fault("empty-body-400-before-auth", "auth", "auth.required", "auth.invalid")
class EmptyBody400BeforeAuth(BeforeCredentials):
    """Answers 400 to a PUT with an empty body before checking credentials.

    class: 401 precedence, no body. source: SPEC-NOTES "Authentication and headers" (auth.required, auth.invalid);
    PUT-Contact-id.md §Response (400 "Entity to save is not in request body").
    """

    async def refusal(self, request, raw):
        if not (await self._body(request)).strip():
            return HttpError(400, "BadRequest", "Entity to save is not in request body")
        return None


@fault("unsupported-media-415-before-auth", "auth", "auth.required", "auth.invalid")
class UnsupportedMedia415BeforeAuth(BeforeCredentials):
    """Answers 415 to a PUT whose Content-Type it does not read before checking credentials.

    class: 401 precedence, unsupported media type. source: SPEC-NOTES "Authentication and headers" (auth.required,
    auth.invalid); RFC 9110 §15.5.16.
    """

    async def refusal(self, request, raw):
        content_type = request.headers.get("content-type")
        kind = media.parse_media_type(content_type)[0]
        if kind not in (*media.JSON_TYPES, *media.XML_TYPES, media.FORM_TYPE):
            return HttpError(415, "UnsupportedMediaType", f"Content-Type {content_type} is not supported")
        return None


@fault("stale-412-before-auth", "auth", "auth.required", "auth.invalid")
class Stale412BeforeAuth(BeforeCredentials):
    """Answers 412 to a stale If-Unmodified-Since before checking credentials (tells a stranger the contact changed).

    class: 401 precedence, stale If-Unmodified-Since. source: SPEC-NOTES "Authentication and headers"
    (auth.required, auth.invalid); RFC 9110 §13.2.1 (preconditions are evaluated after authentication).
    """

    async def refusal(self, request, raw):
        contact_id = _contact_id(raw)
        current = self.store.get(contact_id) if contact_id is not None else None
        since = self.unmodified_since(request)
        if current is not None and since is not None and self.modified_after(current, since):
            return HttpError(412, "PreconditionFailed", f"Contact id {contact_id} has changed")
        return None


@fault("refusal-shows-contact", "auth", "auth.required", "auth.invalid")
class RefusalShowsContact(ReferenceApp):
    """Answers a PUT it refuses with 401 with the stored contact in the error body ("Entity").

    class: what a 401 reveals. source: SPEC-NOTES "Authentication and headers" (auth.required, auth.invalid: the
    request is refused); RFC 9110 §15.5.2.
    """

    async def respond(self, request):
        response = await super().respond(request)
        contact_id = _contact_id(_put_item(request))
        stored = self.store.get(contact_id) if response.status_code == 401 and contact_id is not None else None
        if stored is None:
            return response
        body = {**json.loads(bytes(response.body)), "Entity": stored}
        return Response(
            self.encode(body, "application/json"),
            401,
            headers={"WWW-Authenticate": CHALLENGE},
            media_type="application/json; charset=utf-8",
        )
