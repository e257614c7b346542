"""Faults that break one rule in one context only.

Each answers a plain request (an ``application/json`` body, no ``$select``, JSON
answer, the run's credentials) exactly like the reference server, and breaks its
rule only when the request differs in one dimension (sometimes two): the body's
media type, ``Accept``, ``$select``, the If-Unmodified-Since date, the shape of
the credentials, a language, culture, time-zone or app-token header, the body's size.

Several are an existing fault narrowed to a context with ``only_in``.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re
from datetime import timedelta

from conformance.spec import carriers
from conformance.spec.isodate import format_utc, now_utc, parse_datetime
from conformance.spec.rules import WRITABLE_ELEMENT_LISTS, utf16_length
from conformance.targets.faults import fault
from conformance.targets.faults.auth import AnyPassword, AuthNotRequired, UnauthenticatedWrites
from conformance.targets.faults.conditional import IfUnmodifiedSinceIgnored, ImfFixdateOnly
from conformance.targets.faults.select import (
    SelectCaseSensitive,
    SelectEmptyNullsAll,
    SelectIgnored,
    SelectSavesSelectedOnly,
)
from conformance.targets.faults.transform import map_strings
from conformance.targets.reference import entity as entities
from conformance.targets.reference import fields, localization
from conformance.targets.reference import negotiation as media
from conformance.targets.reference.app import API_ASSOCIATE, HttpError, ReferenceApp
from conformance.targets.reference.authentication import authenticate
from conformance.targets.reference.store import Replacement

# --- contexts: what a request differs in ----------------------------------------------------


def _body_type(request) -> str:
    return media.parse_media_type(request.headers.get("content-type"))[0]


def text_json_body(request) -> bool:
    return _body_type(request) == "text/json"


def xml_body(request) -> bool:
    return _body_type(request) in media.XML_TYPES


def xml_answer(request) -> bool:
    return media.negotiate(request.headers.get("accept")) in media.XML_TYPES


def has_select(request) -> bool:
    return "$select" in request.query_params


def has_language(request) -> bool:
    return "accept-language" in request.headers or "so-language" in request.headers


def has_app_token(request) -> bool:
    return "so-apptoken" in request.headers


def only_in(context, faulty):
    """A step that runs ``faulty`` when ``context(request)`` holds, and the reference's step otherwise.

    The class using it must derive from the class ``faulty`` belongs to, so that its ``super()`` works.
    """
    reference = getattr(ReferenceApp, faulty.__name__)

    @functools.wraps(faulty)
    def step(self, request, *args, **kwargs):
        return (faulty if context(request) else reference)(self, request, *args, **kwargs)

    return step


def _rewrite_xml(response, old: bytes, new: bytes):
    """An XML response with ``old`` replaced by ``new`` (JSON answers untouched)."""
    if "xml" in response.media_type:
        response.body = response.body.replace(old, new)
        response.headers["content-length"] = str(len(response.body))
    return response


def would_save(app: ReferenceApp, request, contact_id: int) -> bool:
    """Whether the contact exists and the request's If-Unmodified-Since (if any) lets it be written."""
    current, since = app.store.get(contact_id), app.unmodified_since(request)
    return current is not None and (since is None or not app.modified_after(current, since))


def _at_field_length(entity: dict) -> list[str]:
    """The top-level strings of an entity that reach the FieldLength the server declares."""
    return [
        name
        for name, limit in fields.CONTACT_FIELD_LENGTHS.items()
        if isinstance(entity.get(name), str) and utf16_length(entity[name]) >= limit
    ]


# --- If-Unmodified-Since ----------------------------------------------------------------------


@fault("ius-ignored-with-select", "context", "ius.stale")
class IusIgnoredWithSelect(IfUnmodifiedSinceIgnored):
    """Ignores If-Unmodified-Since when the request also has $select."""

    unmodified_since = only_in(has_select, IfUnmodifiedSinceIgnored.unmodified_since)


@fault("ius-ignored-text-json", "context", "ius.stale")
class IusIgnoredTextJson(IfUnmodifiedSinceIgnored):
    """Ignores If-Unmodified-Since when the body is text/json."""

    unmodified_since = only_in(text_json_body, IfUnmodifiedSinceIgnored.unmodified_since)


@fault("ius-imf-only-with-select", "context", "ius.obsolete-formats")
class IusImfOnlyWithSelect(ImfFixdateOnly):
    """Ignores RFC 850 and asctime If-Unmodified-Since dates when the request also has $select."""

    unmodified_since = only_in(has_select, ImfFixdateOnly.unmodified_since)


@fault("ius-current-refused-accept-xml", "context", "ius.current", "accept.xml")
class IusCurrentRefusedAcceptXml(ReferenceApp):
    """Answers 412 to the last modification's own date when the answer is XML (reads the date a second early)."""

    def unmodified_since(self, request):
        date = super().unmodified_since(request)
        return date - timedelta(seconds=1) if date is not None and xml_answer(request) else date


@fault("ius-stale-saves-lists-xml-body", "context", "ius.stale")
class IusStaleSavesListsXmlBody(ReferenceApp):
    """Refuses a stale PUT with an XML body with 412 but saves its Emails, Urls, Phones and Faxes."""

    async def put_contact(self, request, contact_id):
        body = await self.read_body(request)
        request._body = body
        try:
            return await super().put_contact(request, contact_id)
        except HttpError as error:
            if error.status == 412 and xml_body(request):
                entity = self.read_entity(request.headers.get("content-type"), body)

                def lists_saved(current):
                    written = self.stored_for_put(current, entity)
                    return {**current, **{name: written[name] for name in WRITABLE_ELEMENT_LISTS}}

                self.store.replace(contact_id, Replacement(build=lists_saved))
            raise


# --- credentials ------------------------------------------------------------------------------


def _basic_value(request):
    """The text after ``Basic`` in the Authorization header, or None for another scheme."""
    scheme, _, value = (request.headers.get("authorization") or "").strip().partition(" ")
    return value.strip() if scheme.lower() == "basic" else None


@fault("auth-basic-no-password", "context", "auth.invalid")
class BasicNoPassword(ReferenceApp):
    """Accepts Basic credentials of the right user with no password part ("tester" or "tester:")."""

    def authenticate(self, request):
        try:
            decoded = base64.b64decode(_basic_value(request) or "", validate=True).decode()
        except ValueError:
            decoded = ""
        if decoded and decoded.rstrip(":") == self.credentials.user:
            return "Basic"
        return super().authenticate(request)


@fault("auth-lenient-base64", "context", "auth.invalid")
class LenientBase64(ReferenceApp):
    """Decodes malformed Basic base64 leniently: the right user:password with junk characters or no padding passes."""

    def authenticate(self, request):
        value = _basic_value(request)
        if value:
            cleaned = re.sub(r"[^A-Za-z0-9+/]", "", value)
            try:
                decoded = base64.b64decode(cleaned + "=" * (-len(cleaned) % 4)).decode()
            except (binascii.Error, UnicodeDecodeError):
                decoded = ""
            if decoded == f"{self.credentials.user}:{self.credentials.password}":
                return "Basic"
        return super().authenticate(request)


def _jwt_shaped(token: str) -> bool:
    """Whether a token is three base64url parts whose first two are JSON objects (no signature check)."""
    parts = token.split(".")
    if len(parts) != 3:
        return False
    try:
        decoded = [json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))) for part in parts[:2]]
    except ValueError:
        return False
    return all(isinstance(part, dict) for part in decoded)


@fault("auth-unsigned-jwt", "context", "auth.invalid")
class UnsignedJwt(ReferenceApp):
    """Accepts any syntactically valid JWT as a Bearer token, without checking that it was issued or signed."""

    def authenticate(self, request):
        scheme, _, token = (request.headers.get("authorization") or "").strip().partition(" ")
        if scheme.lower() == "bearer" and _jwt_shaped(token.strip()):
            return "Bearer"
        return super().authenticate(request)


@fault("auth-soticket-scheme-only", "context", "auth.invalid")
class SoTicketSchemeOnly(ReferenceApp):
    """Accepts the scheme name SoTicket with no ticket after it."""

    def authenticate(self, request):
        if (request.headers.get("authorization") or "").strip().lower() == "soticket":
            return "SoTicket"
        return super().authenticate(request)


@fault("auth-any-of-two-headers", "context", "auth.invalid")
class AnyOfTwoHeaders(ReferenceApp):
    """Accepts a request with two Authorization headers when any one of them is valid (the first may be wrong)."""

    def authenticate(self, request):
        for value in request.headers.getlist("authorization"):
            scheme = authenticate(value, self.credentials)
            if scheme is not None:
                return scheme
        return super().authenticate(request)


@fault("auth-any-password-with-app-token", "context", "auth.invalid")
class AnyPasswordWithAppToken(AnyPassword):
    """Accepts any password for the right Basic user when the request carries an SO-AppToken."""

    authenticate = only_in(has_app_token, AnyPassword.authenticate)


@fault("auth-not-required-accept-xml", "context", "auth.required")
class AuthNotRequiredAcceptXml(AuthNotRequired):
    """Lets a request without credentials through when it accepts XML."""

    authenticate = only_in(xml_answer, AuthNotRequired.authenticate)


@fault("unauthenticated-writes-text-json", "context", "auth.required")
class UnauthenticatedWritesTextJson(UnauthenticatedWrites):
    """Applies a PUT without credentials and a text/json body, then answers 401."""

    dispatch = only_in(text_json_body, UnauthenticatedWrites.dispatch)


# --- $select ----------------------------------------------------------------------------------


@fault("select-ignored-accept-xml", "context", "select.projection", "select.case-insensitive")
class SelectIgnoredAcceptXml(SelectIgnored):
    """Ignores $select when the answer is XML."""

    selection = only_in(xml_answer, SelectIgnored.selection)


@fault(
    "select-case-sensitive-with-language",
    "context",
    "select.projection",
    "select.case-insensitive",
    "select.nested",
    "headers.tolerated",
)
class SelectCaseSensitiveWithLanguage(SelectCaseSensitive):
    """Matches $select names case-sensitively when the request has Accept-Language or SO-Language."""

    selection = only_in(has_language, SelectCaseSensitive.selection)


@fault("select-empty-nulls-all-accept-xml", "context", "select.empty", "accept.xml")
class SelectEmptyNullsAllAcceptXml(SelectEmptyNullsAll):
    """Treats an empty $select as selecting nothing when the answer is XML."""

    selection = only_in(xml_answer, SelectEmptyNullsAll.selection)


@fault("select-saves-selected-only-text-json", "context", "select.saves-all", "content.json")
class SelectSavesSelectedOnlyTextJson(SelectSavesSelectedOnly):
    """With $select and a text/json body, saves only the selected properties."""

    put_contact = only_in(text_json_body, SelectSavesSelectedOnly.put_contact)


@fault("select-array-path-keeps-items", "context", "select.nested.others-null")
class SelectArrayPathKeepsItems(ReferenceApp):
    """Keeps whole items for a $select path into an array of carriers (emails/value); category/id still works."""

    def selection(self, request):
        tree = super().selection(request)
        if tree is None:
            return None
        kinds = carriers.contact().properties
        return {name: None if kinds[name].name == "array" else sub for name, sub in tree.items()}


@fault("unknown-id-created-with-select", "context", "put.unknown-id")
class UnknownIdCreatedWithSelect(ReferenceApp):
    """Answers 404 to a PUT with $select to an unknown id, but creates the contact under that id."""

    async def put_contact(self, request, contact_id):
        if not has_select(request) or self.store.get(contact_id) is not None:
            return await super().put_contact(request, contact_id)
        entity = self.read_entity(request.headers.get("content-type"), await self.read_body(request))
        self.store.write(contact_id, entities.for_post(contact_id, entity, user=dict(API_ASSOCIATE), now=now_utc()))
        raise HttpError(404, "SoNotFoundException", f"Contact id {contact_id} not found")


# --- XML answers ------------------------------------------------------------------------------


@fault("xml-element-items-misnamed", "context", "accept.xml.same-values")
class XmlElementItemsMisnamed(ReferenceApp):
    """Names the items of Emails, Urls, Phones and Faxes <item> instead of <EntityElement> in XML answers."""

    def answer(self, request, contact, status=200):
        response = super().answer(request, contact, status)
        _rewrite_xml(response, b"<EntityElement>", b"<item>")
        return _rewrite_xml(response, b"</EntityElement>", b"</item>")


@fault("xml-map-entries-misnamed", "context", "accept.xml.same-values")
class XmlMapEntriesMisnamed(ReferenceApp):
    """Writes string-map entries as <Entry> instead of <KeyValueOfstringstring> in XML answers."""

    def answer(self, request, contact, status=200):
        response = super().answer(request, contact, status)
        _rewrite_xml(response, b"<KeyValueOfstringstring>", b"<Entry>")
        return _rewrite_xml(response, b"</KeyValueOfstringstring>", b"</Entry>")


# --- headers ----------------------------------------------------------------------------------


@fault("timezone-local-labelled-utc", "context", "headers.timezone-utc")
class TimezoneLocalLabelledUtc(ReferenceApp):
    """With an SO-TimeZone at least an hour east of UTC, writes UpdatedDate as local wall time labelled Z."""

    def representation(self, request, contact):
        body = super().representation(request, contact)
        zone = localization.zone_from(request.headers.get("so-timezone"))
        moment = parse_datetime(body.get("UpdatedDate") or "")
        offset = moment.astimezone(zone).utcoffset() if zone and moment and moment.year > 1 else None
        if offset is not None and offset >= timedelta(hours=1):
            body["UpdatedDate"] = format_utc(moment + offset)
        return body


@fault("culture-xml-body-refused", "context", "headers.tolerated")
class CultureXmlBodyRefused(ReferenceApp):
    """Answers 400 to a PUT it would save when the body is XML and the request carries SO-Culture."""

    async def put_contact(self, request, contact_id):
        if "so-culture" in request.headers and xml_body(request) and would_save(self, request, contact_id):
            raise HttpError(400, "BadRequest", f"cannot read the body in culture {request.headers['so-culture']!r}")
        return await super().put_contact(request, contact_id)


@fault("app-token-keeps-description", "context", "headers.tolerated")
class AppTokenKeepsDescription(ReferenceApp):
    """With SO-AppToken, does not save Description (keeps the stored one) although it answers 200."""

    async def put_contact(self, request, contact_id):
        if not has_app_token(request):
            return await super().put_contact(request, contact_id)
        entity = self.read_entity(request.headers.get("content-type"), await self.read_body(request))
        current = self.store.get(contact_id) or {}
        entity = {**entity, "Description": current.get("Description")}
        return self.answer(request, self.replace_contact(contact_id, entity, self.unmodified_since(request)))


# --- body media type and size ------------------------------------------------------------------


@fault("charset-drops-non-bmp", "context", "content.json")
class CharsetDropsNonBmp(ReferenceApp):
    """Replaces characters outside the BMP (emoji) with U+FFFD in a JSON body whose Content-Type has a charset."""

    def read_entity(self, content_type, body):
        entity = super().read_entity(content_type, body)
        kind, params = media.parse_media_type(content_type)
        if "charset" in params and kind in media.JSON_TYPES:
            entity = map_strings(entity, lambda text: re.sub("[\U00010000-\U0010ffff]", "\ufffd", text))
        return entity


@fault("text-json-domains-dropped", "context", "content.json")
class TextJsonDomainsDropped(ReferenceApp):
    """Drops Domains from a text/json body (the PUT clears them)."""

    def read_entity(self, content_type, body):
        entity = super().read_entity(content_type, body)
        if media.parse_media_type(content_type)[0] == "text/json":
            entity.pop("Domains", None)
        return entity


@fault("text-json-full-length-cut", "context", "content.json")
class TextJsonFullLengthCut(ReferenceApp):
    """Cuts the last character of a string at its full FieldLength in a text/json body."""

    def read_entity(self, content_type, body):
        entity = super().read_entity(content_type, body)
        if media.parse_media_type(content_type)[0] == "text/json":
            for name in _at_field_length(entity):
                entity[name] = entity[name][:-1]
        return entity


@fault("accept-xml-full-length-refused", "context", "accept.xml")
class AcceptXmlFullLengthRefused(ReferenceApp):
    """Answers 400 to a PUT it would save when the answer is XML and a string of the body reaches its FieldLength."""

    async def put_contact(self, request, contact_id):
        if not xml_answer(request):
            return await super().put_contact(request, contact_id)
        body = await self.read_body(request)
        full = _at_field_length(self.read_entity(request.headers.get("content-type"), body))
        if full and would_save(self, request, contact_id):
            raise HttpError(400, "BadRequest", f"{full[0]} is too long for the XML writer")
        request._body = body
        return await super().put_contact(request, contact_id)
