"""Variants in how bodies are written: JSON key order, whitespace, escapes, numbers, extra properties; XML shape.

SPEC-NOTES, "Freedoms of a conformant server": "JSON: any key order, whitespace, escapes
(``\\uXXXX``, ``\\/``), number spelling of the same value (``38.7588``, ``3.87588E+1``);
properties beyond the schema in a response (ignored)." and "XML: the root's local name is
``ContactEntity`` in any namespace; any equivalent namespace declarations and prefixes; a null
may be an element with ``xsi:nil="true"`` or no element; element order is not significant."
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

from conformance.spec import carriers, xmlcodec
from conformance.targets.reference import negotiation as media
from conformance.targets.reference.app import ReferenceApp
from conformance.targets.variants import variant

DATACONTRACT = "http://schemas.datacontract.org/2004/07/SuperOffice.WebApi.Data"


def write_json(
    value: Any,
    *,
    order: Callable[[list], list] = lambda keys: keys,
    number: Callable[[float], str] = repr,
    indent: str = "",
    ascii_only: bool = False,
    escape_slash: bool = False,
    level: int = 0,
) -> str:
    """JSON text with a choice of key order, float spelling, indentation and string escapes."""
    options: dict[str, Any] = dict(
        order=order, number=number, indent=indent, ascii_only=ascii_only, escape_slash=escape_slash
    )
    newline = ("\n" + indent * (level + 1)) if indent else ""
    closing = ("\n" + indent * level) if indent else ""
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{_string(k, ascii_only, escape_slash)}: {write_json(value[k], level=level + 1, **options)}"
            for k in order(list(value))
        ]
        return "{" + newline + ("," + newline).join(items) + closing + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return (
            "["
            + newline
            + ("," + newline).join(write_json(v, level=level + 1, **options) for v in value)
            + closing
            + "]"
        )
    if isinstance(value, str):
        return _string(value, ascii_only, escape_slash)
    if isinstance(value, float):
        return number(value)
    return json.dumps(value)


def _string(text: str, ascii_only: bool, escape_slash: bool) -> str:
    written = json.dumps(text, ensure_ascii=ascii_only)
    return written.replace("/", "\\/") if escape_slash else written


def exponent(value: float) -> str:
    """A double in scientific notation with the same value: 38.7588 -> ``3.87588E+1``, 0.0 -> ``0E+0``."""
    return f"{Decimal(repr(value)).normalize():E}"


class _JsonWriter(ReferenceApp):
    """The reference server writing its JSON bodies (contacts and errors) with ``write_json`` options."""

    json_options: dict = {}

    def encode(self, body, media_type):
        if media_type in media.XML_TYPES:
            return super().encode(body, media_type)
        return write_json(body, **self.json_options).encode("utf-8")


@variant("json-keys-reversed", "encoding")
class KeysReversed(_JsonWriter):
    """Writes every JSON object's keys in reverse order.

    SPEC-NOTES, Freedoms: "JSON: any key order".
    """

    json_options = {"order": lambda keys: keys[::-1]}


@variant("json-keys-shuffled", "encoding")
class KeysShuffled(_JsonWriter):
    """Writes every JSON object's keys in a random order, different in every response.

    SPEC-NOTES, Freedoms: "JSON: any key order".
    """

    @property
    def json_options(self):
        chance = random.Random()
        return {"order": lambda keys: chance.sample(keys, len(keys))}


@variant("json-pretty-escaped", "encoding")
class PrettyEscaped(_JsonWriter):
    """Pretty-prints JSON (indented, one member a line), escapes every non-ASCII character as \\uXXXX and / as \\/.

    SPEC-NOTES, Freedoms: "JSON: any key order, whitespace, escapes (`\\uXXXX`, `\\/`)".
    """

    json_options = {"indent": "  ", "ascii_only": True, "escape_slash": True}


@variant("json-exponent-numbers", "encoding")
class ExponentNumbers(_JsonWriter):
    """Writes doubles in scientific notation (38.7588 as 3.87588E+1, 0.0 as 0E+0).

    SPEC-NOTES, Freedoms: "number spelling of the same value (`38.7588`, `3.87588E+1`)".
    """

    json_options = {"number": exponent}


@variant("json-extra-properties", "encoding")
class ExtraProperties(ReferenceApp):
    """Adds properties the schema does not define: at the top of a contact and inside each nested object.

    SPEC-NOTES, Freedoms: "properties beyond the schema in a response (ignored)".
    """

    def representation(self, request, contact):
        body = super().representation(request, contact)
        kinds = carriers.contact().properties
        extended = {name: _with_extra(value, kinds.get(name)) for name, value in body.items()}
        return {
            **extended,
            "ServerVersion": "11.3.1234.5678",
            "Culture": {"Name": "nb-NO", "Lcid": 1044},
            "Tags": ["variant"],
        }


def _with_extra(value: Any, kind) -> Any:
    """A carrier (or each carrier of a list) with one member the schema does not define."""
    if kind is not None and kind.name == "array" and isinstance(value, list):
        return [_with_extra(item, kind.item) for item in value]
    if kind is not None and kind.name == "carrier" and isinstance(value, dict):
        return {**value, "EntityVersion": 3}
    return value


@variant("xml-prefixed-no-nil", "encoding")
class XmlPrefixedNoNil(ReferenceApp):
    """Writes XML in the DataContract namespace with a prefix (c:ContactEntity), leaves nulls out and reverses property order.

    SPEC-NOTES, Freedoms: "XML: the root's local name is `ContactEntity` in any namespace; any equivalent
    namespace declarations and prefixes; a null may be an element with `xsi:nil="true"` or no element;
    element order is not significant."
    """  # noqa: E501 - the first line is the catalogue's summary

    def encode(self, body, media_type):
        written = super().encode(body, media_type)
        if media_type not in media.XML_TYPES:
            return written
        root = ElementTree.fromstring(written)
        _drop_nils(root)
        root[:] = list(root)[::-1]
        for element in root.iter():
            element.tag = f"{{{DATACONTRACT}}}{element.tag.rsplit('}', 1)[-1]}"
        ElementTree.register_namespace("c", DATACONTRACT)
        return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _drop_nils(element) -> None:
    nil = f"{{{xmlcodec.XSI}}}nil"
    for child in list(element):
        if child.get(nil) in ("true", "1"):
            element.remove(child)
        else:
            _drop_nils(child)
