"""The reference server's HTTP layer: routes, authentication, negotiation, errors.

Each step of a request is a method, so that a faulty server (``conformance.targets.faults``)
can be the reference server with exactly one of them replaced.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response

from conformance.spec.httpdate import imf_fixdate, parse_http_date
from conformance.spec.isodate import now_utc, parse_datetime
from conformance.spec.validators import load_validators
from conformance.targets.reference import entity as entities
from conformance.targets.reference import localization, projection
from conformance.targets.reference import negotiation as media
from conformance.targets.reference.authentication import CHALLENGE, Credentials, authenticate
from conformance.targets.reference.store import ContactNotFound, ContactStore, PreconditionFailed, Replacement

log = logging.getLogger("conformance.targets.reference")

BODY_LIMIT = 1024 * 1024
INT32_MAX = 2**31 - 1
ERROR_SOURCE = "SuperOffice.Conformance.ReferenceServer"
COLLECTION = re.compile(r"/api/v1/contact/?", re.I)
DEFAULT = re.compile(r"/api/v1/contact/default/?", re.I)
ITEM = re.compile(r"/api/v1/contact/([^/]+)/?", re.I)
API = re.compile(r"/api(/.*)?", re.I)
API_ASSOCIATE = {
    "AssociateId": 9,
    "Name": "API",
    "PersonId": 0,
    "Rank": 0,
    "Tooltip": "Conformance API user",
    "Type": "SystemAssociate",
    "GroupIdx": 0,
    "FullName": "Conformance API user",
    "FormalName": "API",
    "Deleted": False,
    "EjUserId": 0,
    "UserName": "api",
    "ExtraFields": {},
    "CustomFields": {},
    "TableRight": None,
    "FieldProperties": {},
}


class HttpError(Exception):
    """An answer other than success, with the documented error body."""

    def __init__(self, status: int, error_type: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.error_type, self.message, self.headers = status, error_type, message, headers or {}


def error_body(error_type: str, message: str) -> dict:
    """The error body SuperOffice documents: ``Error``, ``ErrorType``, ``ErrorMessage``, ``ErrorSource``."""
    return {"Error": True, "ErrorType": error_type, "ErrorMessage": message, "ErrorSource": ERROR_SOURCE}


def _contact_id(text: str) -> int | None:
    if not re.fullmatch(r"[0-9]{1,10}", text):
        return None
    value = int(text)
    return value if value <= INT32_MAX else None


_DEFAULT_CREDENTIALS = Credentials()


class ReferenceApp:
    """An ASGI application serving the Contact resource from a ContactStore."""

    body_limit = BODY_LIMIT

    def __init__(self, store: ContactStore, credentials: Credentials = _DEFAULT_CREDENTIALS):
        self.store = store
        self.credentials = credentials
        self.validators = load_validators()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        response = await self.respond(Request(scope, receive))
        response.headers["Date"] = imf_fixdate(self.now())  # the clock UpdatedDate is stamped with, now
        await response(scope, receive, send)

    async def _lifespan(self, receive, send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def respond(self, request: Request) -> Response:
        """The response to one request; an unexpected exception is logged and answered 500."""
        try:
            return await self.dispatch(request)
        except HttpError as error:
            return self.error_response(error)
        except Exception:  # the last line of defence: the fuzz tests prove it is never reached
            log.exception("unexpected error on %s %s", request.method, request.url.path)
            return self.error_response(HttpError(500, "InternalError", "unexpected server error"))

    def error_response(self, error: HttpError) -> Response:
        body = self.encode(error_body(error.error_type, error.message), "application/json")
        return Response(body, error.status, headers=error.headers, media_type="application/json; charset=utf-8")

    # --- routing ------------------------------------------------------------------

    async def dispatch(self, request: Request) -> Response:
        path, method = request.url.path, request.method
        if not API.fullmatch(path):
            raise HttpError(404, "NotFound", f"no resource at {path}")
        self.authenticate(request)
        if COLLECTION.fullmatch(path):
            self.allow(method, ("POST",))
            return await self.post_contact(request)
        if DEFAULT.fullmatch(path):
            self.allow(method, ("GET",))
            return self.answer(request, entities.default_contact())
        match = ITEM.fullmatch(path)
        if match is None:
            raise HttpError(404, "NotFound", f"no resource at {path}")
        self.allow(method, ("GET", "PUT", "DELETE"))
        contact_id = _contact_id(match.group(1))
        if contact_id is None:
            raise HttpError(404, "SoNotFoundException", f"Contact id {match.group(1)!r} is not a contact id")
        if method == "GET":
            return self.get_contact(request, contact_id)
        if method == "DELETE":
            return self.delete_contact(contact_id)
        return await self.put_contact(request, contact_id)

    @staticmethod
    def allow(method: str, allowed: tuple[str, ...]) -> None:
        if method not in allowed:
            raise HttpError(405, "MethodNotAllowed", f"{method} is not allowed here", {"Allow": ", ".join(allowed)})

    # --- steps a fault may replace ------------------------------------------------------

    def authenticate(self, request: Request) -> str:
        """The scheme the caller authenticated with; 401 before the body is looked at."""
        given = request.headers.getlist("authorization")
        # Two Authorization headers are no credentials: the field is a single value (RFC 9110 §11.6.2).
        scheme = authenticate(given[0], self.credentials) if len(given) == 1 else None
        if scheme is None:
            refused = "no credentials" if "authorization" not in request.headers else "credentials refused"
            raise HttpError(
                401, "SoUnauthorizedException", f"Authentication failed: {refused}", {"WWW-Authenticate": CHALLENGE}
            )
        return scheme

    async def read_body(self, request: Request) -> bytes:
        """The raw body, refused with 413 beyond the size cap."""
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.body_limit:
            raise HttpError(413, "PayloadTooLarge", f"body larger than {self.body_limit} bytes")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.body_limit:
                raise HttpError(413, "PayloadTooLarge", f"body larger than {self.body_limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def read_entity(self, content_type: str | None, body: bytes) -> dict:
        """The entity in a body, validated against the request schema and the declared field lengths."""
        try:
            entity = media.read_entity(content_type, body)
        except media.UnsupportedMediaType as error:
            raise HttpError(415, "UnsupportedMediaType", str(error)) from None
        except media.BadRequest as error:
            raise HttpError(400, "BadRequest", str(error)) from None
        # Lengths are checked on a schema-valid entity only: a list given as a number is a schema violation.
        problems = [str(v) for v in self.validators.request.violations(entity)] or entities.length_violations(entity)
        if problems:
            raise HttpError(400, "BadRequest", "; ".join(problems[:5]))
        return entity

    def unmodified_since(self, request: Request) -> datetime | None:
        """The If-Unmodified-Since date, or None when absent or not an HTTP-date (RFC 9110: ignored)."""
        header = request.headers.get("if-unmodified-since")
        return parse_http_date(header) if header else None

    def modified_after(self, contact: dict, date: datetime) -> bool:
        """Whether the contact changed after ``date``, compared at one-second resolution."""
        updated = parse_datetime(contact["UpdatedDate"])
        assert updated is not None  # the server stamps UpdatedDate itself
        return updated.replace(microsecond=0) > date

    def replace_contact(self, contact_id: int, entity: dict, since: datetime | None) -> dict:
        """Check and write in one transaction; 404 for an unknown id, 412 for a stale date."""
        replacement = Replacement(
            build=lambda current: self.stored_for_put(current, entity),
            precondition=None if since is None else (lambda current: not self.modified_after(current, since)),
        )
        try:
            return self.store.replace(contact_id, replacement)
        except ContactNotFound:
            raise HttpError(404, "SoNotFoundException", f"Contact id {contact_id} not found") from None
        except PreconditionFailed:
            assert since is not None  # the store checks a precondition only when there is a date
            raise HttpError(
                412, "PreconditionFailed", f"Contact id {contact_id} has changed since {imf_fixdate(since)}"
            ) from None

    def now(self) -> datetime:
        """The server's clock (UTC): what UpdatedDate and CreatedDate are stamped with."""
        return now_utc()

    def stored_for_put(self, current: dict, entity: dict) -> dict:
        """The contact as stored after a PUT of ``entity``."""
        return entities.for_put(current, entity, user=dict(API_ASSOCIATE), now=self.now())

    def representation(self, request: Request, contact: dict) -> dict:
        """The body the client sees: links, language, time zone, then ``$select``."""
        base = str(request.base_url).rstrip("/")
        body = {
            **contact,
            "_Links": {"Self": f"{base}/api/v1/Contact/{contact['ContactId']}", "Archive": f"{base}/api/v1/Contact"},
        }
        language = localization.requested_language(
            request.headers.get("accept-language"), request.headers.get("so-language")
        )
        body = localization.translate(body, language)
        body = localization.convert_dates(body, localization.zone_from(request.headers.get("so-timezone")))
        return projection.project(body, self.selection(request))

    def selection(self, request: Request) -> projection.Selection | None:
        """What ``$select`` asks for (None: everything)."""
        return projection.parse_select(request.query_params.get("$select"))

    def encode(self, body: dict, media_type: str) -> bytes:
        """A body (a contact or an error) written in a media type."""
        return media.encode(body, media_type)

    def answer(self, request: Request, contact: dict, status: int = 200) -> Response:
        """A contact in the media type the client accepts, with Last-Modified."""
        media_type = media.negotiate(request.headers.get("accept"))
        body = self.encode(self.representation(request, contact), media_type)
        headers = {}
        updated = parse_datetime(contact.get("UpdatedDate") or "")
        if updated is not None and updated.year > 1:
            headers["Last-Modified"] = imf_fixdate(updated)
        return Response(body, status, headers=headers, media_type=f"{media_type}; charset=utf-8")

    # --- operations ---------------------------------------------------------------

    async def put_contact(self, request: Request, contact_id: int) -> Response:
        entity = self.read_entity(request.headers.get("content-type"), await self.read_body(request))
        stored = self.replace_contact(contact_id, entity, self.unmodified_since(request))
        return self.answer(request, stored)

    async def post_contact(self, request: Request) -> Response:
        entity = self.read_entity(request.headers.get("content-type"), await self.read_body(request))
        created = self.store.create(
            lambda new_id: entities.for_post(new_id, entity, user=dict(API_ASSOCIATE), now=self.now())
        )
        return self.answer(request, created)

    def get_contact(self, request: Request, contact_id: int) -> Response:
        contact = self.store.get(contact_id)
        if contact is None:
            raise HttpError(404, "SoNotFoundException", f"Contact id {contact_id} not found")
        return self.answer(request, contact)

    def delete_contact(self, contact_id: int) -> Response:
        if not self.store.delete(contact_id):
            raise HttpError(404, "SoNotFoundException", f"Contact id {contact_id} not found")
        return Response(status_code=204)
