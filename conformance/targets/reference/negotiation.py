"""Media types: reading an entity from a request body, choosing and writing the response type.

Request bodies: ``application/json`` and ``text/json`` (any charset Python knows),
``application/merge-patch+json`` read as an entity, ``application/json-patch+json``
read as an entity when it is an object (a patch array is refused), ``application/xml``
and ``text/xml`` in the DataContract shape, and flat form fields.
"""

from __future__ import annotations

import codecs
import math
from urllib.parse import parse_qsl

import orjson

from conformance.spec import carriers, xmlcodec

JSON_TYPES = ("application/json", "text/json", "application/merge-patch+json", "application/json-patch+json")
XML_TYPES = ("application/xml", "text/xml")
FORM_TYPE = "application/x-www-form-urlencoded"
#: What a response can be, in order of preference when the client does not mind.
PRODUCES = ("application/json", "text/json", "application/xml", "text/xml", *JSON_TYPES[2:])
MAX_DEPTH = 32
NO_ENTITY = "Entity to save is not in request body."


class BadRequest(ValueError):
    """A body that does not carry an entity (400)."""


class UnsupportedMediaType(ValueError):
    """A body in a media type the endpoint does not read (415)."""


def parse_media_type(header: str | None) -> tuple[str, dict[str, str]]:
    """``text/json; charset=UTF-8`` -> (``text/json``, {``charset``: ``UTF-8``})."""
    if not header:
        return "", {}
    kind, *params = header.split(";")
    parsed = {}
    for param in params:
        key, _, value = param.partition("=")
        parsed[key.strip().lower()] = value.strip().strip('"')
    return kind.strip().lower(), parsed


def _deeper_than(document, limit: int) -> bool:
    """Whether a parsed document nests more than ``limit`` levels (level by level, each container once)."""
    level = [document]
    for _ in range(limit):
        deeper = [
            child
            for node in level
            for child in (node.values() if type(node) is dict else node)
            if type(child) is dict or type(child) is list
        ]
        if not deeper:
            return False
        level = deeper
    return True


def _decode(body: bytes, charset: str) -> str:
    """The text of a body in a charset; a codec that is not a text encoding (rot13, base64) is unknown."""
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        codec = None
    if codec is None or not getattr(codec, "_is_text_encoding", True):
        raise UnsupportedMediaType(f"unknown charset {charset!r}")
    try:
        text = body.decode(codec.name)
    except UnicodeDecodeError as error:
        raise BadRequest(f"body is not valid {charset}: {error.reason} at byte {error.start}") from None
    except (UnicodeError, LookupError, ValueError) as error:  # e.g. the "undefined" codec refuses everything
        raise BadRequest(f"body cannot be read as {charset}: {error}") from None
    # Some codecs (utf-7, unicode_escape) decode to lone surrogates, which are not Unicode text.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest("body holds a lone surrogate (\\uD800-\\uDFFF), which is not Unicode text") from None
    return text


def read_json(body: bytes, charset: str = "utf-8") -> object:
    """A JSON document from bytes, refusing what .NET would not bind (NaN, infinities, lone surrogates, deep
    nesting)."""
    data = body if charset.lower().replace("_", "-") in ("utf-8", "utf8") else _decode(body, charset)
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise BadRequest(f"malformed JSON: {error}") from None
    if isinstance(document, (dict, list)) and _deeper_than(document, MAX_DEPTH):
        raise BadRequest(f"JSON nested deeper than {MAX_DEPTH} levels")
    return document


def _form_value(text: str, kind: carriers.Kind, name: str):
    if kind.name == "int32":
        try:
            return int(text)
        except ValueError:
            raise BadRequest(f"form field {name}: {text!r} is not an integer") from None
    if kind.name == "bool":
        if text.lower() not in ("true", "false", "1", "0"):
            raise BadRequest(f"form field {name}: {text!r} is not true or false")
        return text.lower() in ("true", "1")
    if kind.name == "double":
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise BadRequest(f"form field {name}: {text!r} is not a number")
        return value
    return text


def read_form(body: bytes, charset: str = "utf-8") -> dict:
    """An entity from flat form fields: top-level scalar properties, names in any case."""
    contact = carriers.contact()
    entity = {}
    for key, text in parse_qsl(_decode(body, charset), keep_blank_values=True):
        name = contact.lookup(key.strip())
        kind = contact.properties.get(name) if name else None
        if name and kind is not None and kind.name not in ("carrier", "array", "map"):
            entity[name] = _form_value(text, kind, name)
    return entity


def read_entity(content_type: str | None, body: bytes) -> dict:
    """The entity a request body carries; raises BadRequest or UnsupportedMediaType."""
    if not body.strip():
        raise BadRequest(NO_ENTITY)
    kind, params = parse_media_type(content_type)
    charset = params.get("charset", "utf-8")
    if kind in JSON_TYPES:
        entity = read_json(body, charset)
        if isinstance(entity, list) and kind == "application/json-patch+json":
            raise BadRequest("a JSON Patch document is not an entity; PUT replaces the whole entity")
    elif kind in XML_TYPES:
        try:
            entity = xmlcodec.from_xml(body)
        except xmlcodec.XmlBodyError as error:
            raise BadRequest(f"XML body: {error}") from None
    elif kind == FORM_TYPE:
        entity = read_form(body, charset)
    else:
        raise UnsupportedMediaType(f"Content-Type {content_type or '(none)'} is not supported")
    if not isinstance(entity, dict):
        raise BadRequest(NO_ENTITY)
    return entity


def _accept_ranges(accept: str) -> list[tuple[float, int, str]]:
    ranges = []
    for position, part in enumerate(accept.split(",")):
        kind, params = parse_media_type(part)
        try:
            quality = float(params.get("q", "1"))
        except ValueError:
            quality = 0.0
        if kind and quality > 0:
            ranges.append((-quality, position, kind))
    return sorted(ranges)


def _matches(media_range: str, media_type: str) -> bool:
    if media_range == "*/*":
        return True
    major, _, minor = media_range.partition("/")
    return media_range == media_type or (minor == "*" and media_type.startswith(major + "/"))


def negotiate(accept: str | None) -> str:
    """The response media type for an Accept header (JSON when nothing acceptable is offered)."""
    for _, _, media_range in _accept_ranges(accept or ""):
        for media_type in PRODUCES:
            if _matches(media_range, media_type):
                return media_type
    return PRODUCES[0]


def encode(body: dict, media_type: str) -> bytes:
    """A response body in the negotiated media type."""
    if media_type in XML_TYPES:
        return xmlcodec.to_xml(body, root="ContactEntity")
    return orjson.dumps(body)
