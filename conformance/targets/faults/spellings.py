"""Faults in inputs spelled another equivalent way, and in sequences of requests.

Each serves the suite's usual spelling of an input (``charset=utf-8``, XML ``true``, a ``$select`` name once,
strings without CR) and its usual sequences (a PUT after a reset) exactly like the reference server, and goes
wrong on another spelling of the same value that the governing standard makes equivalent, or when a PUT
follows a GET, another PUT in the same second, or a refused PUT. The second paragraph of each docstring
names the class of inputs and the standard that makes them equivalent.
"""

from __future__ import annotations

import re
import threading
import time
from datetime import datetime

from conformance.spec.isodate import parse_datetime
from conformance.targets.faults import fault
from conformance.targets.faults.transform import map_strings
from conformance.targets.reference import negotiation as media
from conformance.targets.reference import projection
from conformance.targets.reference.app import HttpError, ReferenceApp

#: The contact's own booleans, as DataContract XML elements.
XML_BOOLEANS = re.compile(rb"<(NoMailing|Xstop)>([^<]*)</\1>")


def _raw_charset(content_type: str | None) -> tuple[str, str] | None:
    """The charset parameter of a Content-Type as written: (name, value), quotes kept; None without one."""
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return name.strip(), value.strip()
    return None


class _WithHeaders:
    """A request whose headers are replaced; everything else delegated."""

    def __init__(self, request, **headers: str):
        self._request = request
        self.headers = {**{k: v for k, v in request.headers.items()}, **headers}

    def __getattr__(self, name):
        return getattr(self._request, name)


# --- media types (RFC 9110) -------------------------------------------------------------------


@fault("charset-value-case-sensitive", "media", "content.json")
class CharsetValueCaseSensitive(ReferenceApp):
    """Looks charsets up in a table of lower-case names, so charset=UTF-8 answers 415.

    Class: the case of a charset name. Source: RFC 9110 §8.3.2 (charset names are case-insensitive).
    """

    KNOWN = ("utf-8", "utf8", "utf-16", "iso-8859-1", "latin-1", "us-ascii")

    def read_entity(self, content_type, body):
        charset = _raw_charset(content_type)
        if charset is not None and charset[1].strip('"') not in self.KNOWN:
            raise HttpError(415, "UnsupportedMediaType", f"charset {charset[1]} is not supported")
        return super().read_entity(content_type, body)


@fault("charset-quoted-refused", "media", "content.json")
class CharsetQuotedRefused(ReferenceApp):
    """Keeps the quotes of a quoted charset, so charset="utf-8" is an unknown charset (415).

    Class: a parameter value as a quoted-string. Source: RFC 9110 §5.6.6 (a token and the same value quoted are
    equivalent).
    """

    def read_entity(self, content_type, body):
        charset = _raw_charset(content_type)
        if charset is not None and charset[1].startswith('"'):
            raise HttpError(415, "UnsupportedMediaType", f"unknown charset {charset[1]}")
        return super().read_entity(content_type, body)


@fault("charset-name-case-sensitive", "media", "content.json")
class CharsetNameCaseSensitive(ReferenceApp):
    """Finds the charset parameter only when named in lower case; otherwise reads text/json as ISO-8859-1.

    Class: the case of a media-type parameter name. Source: RFC 9110 §5.6.6 (parameter names are
    case-insensitive); ISO-8859-1 is RFC 2616's old default for text/*.
    """

    def read_entity(self, content_type, body):
        charset = _raw_charset(content_type)
        if charset is not None and charset[0] != "charset" and media.parse_media_type(content_type)[0] == "text/json":
            return super().read_entity("text/json; charset=iso-8859-1", body)
        return super().read_entity(content_type, body)


@fault("content-type-case-sensitive", "media", "content.json")
class ContentTypeCaseSensitive(ReferenceApp):
    """Compares the Content-Type's type and subtype case-sensitively, so Application/JSON answers 415.

    Class: the case of a media type. Source: RFC 9110 §8.3.1 (type and subtype are case-insensitive).
    """

    def read_entity(self, content_type, body):
        written = (content_type or "").split(";")[0].strip()
        if written and written != written.lower():
            raise HttpError(415, "UnsupportedMediaType", f"Content-Type {written} is not supported")
        return super().read_entity(content_type, body)


@fault("accept-case-sensitive", "media", "accept.xml", "accept.json")
class AcceptCaseSensitive(ReferenceApp):
    """Matches Accept media ranges case-sensitively: Application/XML or Text/JSON gets application/json.

    Class: the case of a media range. Source: RFC 9110 §12.5.1 and §8.3.1 (media types are case-insensitive).
    """

    def answer(self, request, contact, status=200):
        accept = request.headers.get("accept")
        if accept:
            ranges = [
                part for part in accept.split(",") if part.split(";")[0].strip() == part.split(";")[0].strip().lower()
            ]
            request = _WithHeaders(request, accept=",".join(ranges))
        return super().answer(request, contact, status)


# --- XML booleans (XML Schema 1.0 Part 2 §3.2.2) ----------------------------------------------------


@fault("xml-boolean-digits-false", "media", "content.xml")
class XmlBooleanDigitsFalse(ReferenceApp):
    """Reads an XML boolean as true only when spelled true, so NoMailing 1 is saved as false.

    Class: the lexical forms of xsd:boolean (true, false, 1, 0). Source: XML Schema 1.0 Part 2 §3.2.2.
    """

    def read_entity(self, content_type, body):
        if media.parse_media_type(content_type)[0] in media.XML_TYPES:
            body = XML_BOOLEANS.sub(
                lambda m: b"<%s>%s</%s>" % (m[1], b"true" if m[2].strip() == b"true" else b"false", m[1]), body
            )
        return super().read_entity(content_type, body)


@fault("xml-boolean-blanks-refused", "media", "content.xml")
class XmlBooleanBlanksRefused(ReferenceApp):
    """Refuses an XML boolean with blanks around it (400) instead of collapsing them.

    Class: whitespace around an xsd:boolean. Source: XML Schema 1.0 Part 2 §3.2.2 and §4.3.6 (whiteSpace is
    collapse for boolean).
    """

    def read_entity(self, content_type, body):
        if media.parse_media_type(content_type)[0] in media.XML_TYPES:
            for match in XML_BOOLEANS.finditer(body):
                if match[2] != match[2].strip():
                    raise HttpError(400, "BadRequest", f"{match[1].decode()}: {match[2]!r} is not a bool")
        return super().read_entity(content_type, body)


# --- line endings inside strings (RFC 8259, XML 1.0) ---------------------------------------------


def _lf_only(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@fault("crlf-normalised", "persistence", "put.echo", "put.persisted", "content.xml")
class CrLfNormalised(ReferenceApp):
    """Normalises CR LF and a lone CR to LF in every string it saves.

    Class: line endings inside strings. Source: RFC 8259 §7 (a string is its code points: CR is kept).
    """

    def stored_for_put(self, current, entity):
        return super().stored_for_put(current, map_strings(entity, _lf_only))


@fault("xml-cr-reference-normalised", "media", "content.xml")
class XmlCrReferenceNormalised(ReferenceApp):
    """Turns the CR an XML body carries as &#13; into LF, as if it were a literal line break.

    Class: a CR in XML content. Source: XML 1.0 §2.11 (only literal line breaks are normalised; a character
    reference is not).
    """

    def read_entity(self, content_type, body):
        entity = super().read_entity(content_type, body)
        if media.parse_media_type(content_type)[0] in media.XML_TYPES:
            entity = map_strings(entity, _lf_only)
        return entity


# --- $select (OData) ------------------------------------------------------------------------------


def _select_items(request) -> list[str]:
    raw = request.query_params.get("$select") or ""
    return [item.strip() for item in raw.split(",") if item.strip()]


@fault("select-repeated-name-500", "select", "select.projection", "server.no-5xx")
class SelectRepeatedName500(ReferenceApp):
    """Crashes (500) on a $select that names a property twice (a dictionary add that throws on a repeated key).

    Class: a $select list with a repeated item. Source: OData $select and the SuperOffice page ($select is a
    "comma separated list of properties to include": a property named twice is still included, once).
    """

    def selection(self, request):
        names = [item.lower() for item in _select_items(request)]
        if len(set(names)) != len(names):
            raise KeyError(f"An item with the same key has already been added: {names}")
        return super().selection(request)


@fault("select-repeated-name-toggles", "select", "select.projection")
class SelectRepeatedNameToggles(ReferenceApp):
    """Toggles a property each time $select names it, so a name given twice is nulled.

    Class: a $select list with a repeated item. Source: OData $select and the SuperOffice page ($select is a
    "comma separated list of properties to include": a property named twice is still included, once).
    """

    def selection(self, request) -> projection.Selection | None:
        tree = super().selection(request)
        if not tree:
            return tree
        counts: dict[str, int] = {}
        for item in _select_items(request):
            name = item.split("/")[0].strip().lower()
            counts[name] = counts.get(name, 0) + 1
        return {name: sub for name, sub in tree.items() if counts.get(name.lower(), 1) % 2 == 1}


@fault("select-path-narrows-object", "select", "select.projection")
class SelectPathNarrowsObject(ReferenceApp):
    """Lets a path narrow an object selected whole: Category,category/id keeps only Category.Id.

    Class: a $select list with an object and a path into it. Source: OData $select and the SuperOffice page
    (a property in the list is included whole; the path names part of what is already included).
    """

    def selection(self, request):
        tree = super().selection(request)
        paths = [item for item in _select_items(request) if "/" in item]
        if tree and paths:
            tree.update(projection.parse_select(",".join(paths)) or {})
        return tree


# --- sequences ----------------------------------------------------------------------------------


@fault("ius-same-second-refused", "concurrency", "ius.current")
class IusSameSecondRefused(ReferenceApp):
    """Answers 412 to a PUT conditional on the last modification's second when it follows that PUT within the second.

    Class: two PUTs within one second, the second conditional on the first. Source: RFC 9110 §13.1.4 (an
    HTTP-date has one-second resolution, so the last modification's own second is not earlier than it) and
    SPEC-NOTES ius.current. It compares with the full-precision UpdatedDate it kept from the previous PUT, until
    a GET or the next second clears it.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lock = threading.Lock()
        self._written: dict[int, datetime] = {}

    def get_contact(self, request, contact_id):
        with self._lock:
            self._written.pop(contact_id, None)
        return super().get_contact(request, contact_id)

    def replace_contact(self, contact_id, entity, since):
        with self._lock:
            kept = self._written.get(contact_id)
        if since is not None and kept is not None and kept > since:
            if kept.replace(microsecond=0) == self.now().replace(microsecond=0):
                raise HttpError(412, "PreconditionFailed", f"Contact id {contact_id} has changed since {since}")
        saved = super().replace_contact(contact_id, entity, since)
        updated = parse_datetime(saved["UpdatedDate"])
        with self._lock:
            if updated is not None:
                self._written[contact_id] = updated
        return saved


@fault("ius-refused-body-replayed", "concurrency", "put.echo", "put.persisted")
class IusRefusedBodyReplayed(ReferenceApp):
    """Keeps the body of a PUT refused with 412 and applies it with the contact's next accepted PUT.

    Class: a PUT right after a refused PUT. Source: the SuperOffice page (412: "Update stopped") and SPEC-NOTES
    ius.stale (a refused PUT leaves the contact exactly as it was, so the next PUT is judged on its own).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._refused: dict[int, dict] = {}

    def replace_contact(self, contact_id, entity, since):
        queued = self._refused.pop(contact_id, None)
        try:
            return super().replace_contact(contact_id, {**entity, **queued} if queued else entity, since)
        except HttpError as error:
            if error.status == 412:
                self._refused[contact_id] = entity
            raise


@fault("put-after-get-not-saved", "persistence", "put.persisted", "select.saves-all")
class PutAfterGetNotSaved(ReferenceApp):
    """Answers a PUT that follows a GET of the same contact within a second with 200, then writes the GET's copy back.

    Class: a PUT right after a GET (read-modify-write). Source: the SuperOffice page (200: "ContactEntity
    updated") and SPEC-NOTES put.persisted.
    """

    WINDOW = 1.0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lock = threading.Lock()
        self._read: dict[int, tuple[float, dict]] = {}

    def get_contact(self, request, contact_id):
        contact = self.store.get(contact_id)
        if contact is not None:
            with self._lock:
                self._read[contact_id] = (time.monotonic(), contact)
        return super().get_contact(request, contact_id)

    def replace_contact(self, contact_id, entity, since):
        saved = super().replace_contact(contact_id, entity, since)
        with self._lock:
            read_at, copy = self._read.pop(contact_id, (0.0, None))
        if copy is not None and time.monotonic() - read_at < self.WINDOW:
            self.store.write(contact_id, copy)
        return saved
