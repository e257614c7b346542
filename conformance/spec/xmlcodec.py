"""A contact as DataContract-style XML, to and from the JSON-like dict the rest of the project uses.

The XML shape:

- the root element is ``ContactEntity`` (or ``ContactEntityWithLinks``); either way it holds the
  properties of the root carrier, ``carriers.contact()``;
- each property is an element of the same name, written in the carrier's order;
- a null is ``<X xsi:nil="true"/>`` (``xsi`` = the XMLSchema-instance namespace, any prefix, value
  ``true`` or ``1``); a property with no element is absent from the dict;
- scalars are text: bool ``true``/``false`` (``1``/``0`` also read), int32 and double in decimal,
  date-times and enums as the JSON strings; the empty string is an empty element;
- an array is a wrapper element whose items are named after the item kind: the carrier's name
  (``EntityElement``, ``Person``; ``SelectableMDOListItemChild`` is written ``SelectableMDOListItem``),
  ``string``, ``int``, or ``ArrayOfX`` for a nested array of X;
- a map is a wrapper of ``<KeyValueOfstringstring><Key>k</Key><Value>v</Value></...>`` entries
  (``KeyValueOfstringFieldProperty`` for FieldProperties, its ``Value`` holding the carrier's elements).

Reading is as lenient as DataContractSerializer where that is harmless: elements in any namespace
or none, unknown elements ignored, property names matched case-insensitively when no exact match,
array items accepted whatever their name. Anything else that does not fit (malformed or hostile
XML, a DTD, nesting deeper than ``MAX_DEPTH``, text that is not of the property's kind, a property
given twice) raises ``XmlBodyError`` naming the element path.

Writing never fails on a body valid against the response schema: characters XML 1.0 cannot carry
(C0 controls other than tab, newline and carriage return; lone surrogates; U+FFFE and U+FFFF) are
written as U+FFFD, so only strings free of them round-trip exactly.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree
from defusedxml import DefusedXmlException

from conformance.spec import carriers
from conformance.spec.carriers import Carrier, Kind

ROOT_NAMES = ("ContactEntity", "ContactEntityWithLinks")
XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: The deepest element nesting a body may have (the root is at depth 1).
MAX_DEPTH = 32

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
_NIL = f"{{{XSI}}}nil"
_XML_SPACE = " \t\r\n"
_INT = re.compile(r"[+-]?[0-9]+")
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_BOOLS = {"true": True, "1": True, "false": False, "0": False}
_TEXT_KINDS = frozenset({"string", "date-time", "enum"})  # read as the text itself
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SCALAR_ITEM_NAMES = {
    "string": "string",
    "int32": "int",
    "double": "double",
    "bool": "boolean",
    "date-time": "dateTime",
    "enum": "string",
}


class XmlBodyError(ValueError):
    """An XML body that cannot be read as a contact (malformed, hostile, wrong shape)."""


def _carrier_name(kind: Kind) -> str:
    """The definition a "carrier" kind names."""
    assert kind.carrier is not None, kind  # kind_of names the definition of every carrier kind
    return kind.carrier


def _carrier(kind: Kind) -> Carrier:
    """The carrier type a "carrier" kind names."""
    return carriers.carriers()[_carrier_name(kind)]


def _item(kind: Kind) -> Kind:
    """The item kind of an "array" kind, the value kind of a "map" kind."""
    assert kind.item is not None, kind  # kind_of gives every array and map kind its item kind
    return kind.item


# -- writing -------------------------------------------------------------------------------------


def to_xml(entity: dict[str, Any], root: str = "ContactEntity") -> bytes:
    """The contact as UTF-8 XML with a declaration; keys that are not properties are left out."""
    if root not in ROOT_NAMES:
        raise ValueError(f"root must be one of {ROOT_NAMES}, not {root!r}")
    out = ['<?xml version="1.0" encoding="utf-8"?>', f'<{root} xmlns:xsi="{XSI}">']
    _write_properties(out, entity, carriers.contact())
    out.append(f"</{root}>")
    return "".join(out).encode("utf-8")


def _write_properties(out: list[str], value: dict[str, Any], carrier: Carrier) -> None:
    """The elements of the carrier's properties present in ``value``, in the carrier's order."""
    for name, kind in carrier.properties.items():
        if name in value:
            _write(out, name, value[name], kind)


def _write(out: list[str], name: str, value: Any, kind: Kind) -> None:
    """One element ``name`` holding ``value`` of the given kind."""
    if value is None:
        out.append(f'<{name} xsi:nil="true"/>')
    elif kind.name == "carrier":
        out.append(f"<{name}>")
        _write_properties(out, value, _carrier(kind))
        out.append(f"</{name}>")
    elif kind.name == "array":
        item_kind = _item(kind)
        item_name = _item_name(item_kind)
        out.append(f"<{name}>")
        for item in value:
            _write(out, item_name, item, item_kind)
        out.append(f"</{name}>")
    elif kind.name == "map":
        value_kind = _item(kind)
        entry = "KeyValueOfstring" + _item_name(value_kind)
        out.append(f"<{name}>")
        for key, item in value.items():
            out.append(f"<{entry}><Key>{_escape(str(key))}</Key>")
            _write(out, "Value", item, value_kind)
            out.append(f"</{entry}>")
        out.append(f"</{name}>")
    else:
        out.append(f"<{name}>{_scalar_text(value, kind)}</{name}>")


@cache
def _item_name(kind: Kind) -> str:
    """The element name of an array item (or the type part of a map entry's name)."""
    if kind.name == "carrier":
        return _carrier_name(kind).removesuffix("Child")
    if kind.name == "array":
        return "ArrayOf" + _item_name(_item(kind))
    if kind.name == "map":
        return "ArrayOfKeyValueOfstring" + _item_name(_item(kind))
    return _SCALAR_ITEM_NAMES[kind.name]


def _scalar_text(value: object, kind: Kind) -> str:
    """The XML text of a scalar value."""
    if isinstance(value, str):
        return _escape(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if kind.name == "int32" and value.is_integer():  # JSON Schema counts 5.0 as an integer
            return str(int(value))
        if math.isfinite(value):
            return repr(value)
        return "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
    return str(value)


def _escape(text: str) -> str:
    """Text escaped for element content; characters XML 1.0 cannot carry become U+FFFD."""
    text = _NOT_XML_CHAR.sub("\ufffd", text)
    # A literal CR would be read back as LF, so it is written as a character reference.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


# -- reading -------------------------------------------------------------------------------------


def from_xml(data: bytes) -> dict[str, Any]:
    """The contact an XML body holds, keys in the order of their elements."""
    try:
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise XmlBodyError(f"forbidden XML construct: {error!r}") from None
    except (ParseError, ValueError, LookupError) as error:  # LookupError: an unknown declared encoding
        raise XmlBodyError(f"malformed XML: {error}") from None
    root_name = _local(root.tag)
    if root_name not in ROOT_NAMES:
        raise XmlBodyError(f"root element is <{root_name}>, expected one of {', '.join(ROOT_NAMES)}")
    _check_depth(root)
    if _is_nil(root):
        raise XmlBodyError(f"{root_name}: the root element is nil, expected a contact")
    return _read_carrier(root, carriers.contact(), root_name)


def _check_depth(root: Element) -> None:
    """Raise unless the tree is at most MAX_DEPTH elements deep."""
    level, depth = [root], 1
    while level:
        if depth > MAX_DEPTH:
            raise XmlBodyError(f"elements are nested deeper than {MAX_DEPTH} levels")
        level = [child for element in level for child in element]
        depth += 1


def _local(tag: str) -> str:
    """A tag without its ``{namespace}``."""
    return tag.rpartition("}")[2]


def _is_nil(element: Element) -> bool:
    """Whether the element carries ``xsi:nil="true"`` (or ``"1"``), whatever the prefix."""
    nil = element.get(_NIL)
    return nil is not None and nil.strip(_XML_SPACE) in ("true", "1")


def _read(element: Element, kind: Kind, path: str) -> Any:
    """The value of an element of the given kind."""
    if _is_nil(element):
        return None
    if kind.name in _TEXT_KINDS:
        return _text(element, path)
    if kind.name == "carrier":
        return _read_carrier(element, _carrier(kind), path)
    if kind.name == "int32":
        return _int32(_text(element, path), path)
    if kind.name == "bool":
        return _bool(_text(element, path), path)
    if kind.name == "double":
        return _double(_text(element, path), path)
    _forbid_text(element, path)
    if kind.name == "array":
        item_kind = _item(kind)
        return [_read(item, item_kind, f"{path}/{_local(item.tag)}[{i}]") for i, item in enumerate(element, 1)]
    return _read_map(element, _item(kind), path)


def _read_carrier(element: Element, carrier: Carrier, path: str) -> dict[str, Any]:
    """The properties of a carrier element; unknown child elements are ignored."""
    _forbid_text(element, path)
    properties = carrier.properties
    result: dict[str, Any] = {}
    for child in element:
        tag = _local(child.tag)
        name = tag if tag in properties else carrier.lookup(tag)
        if name is None:
            continue
        if name in result:
            raise XmlBodyError(f"{path}/{tag}: property {name} is given more than once")
        result[name] = _read(child, properties[name], f"{path}/{tag}")
    return result


def _read_map(element: Element, value_kind: Kind, path: str) -> dict[str, Any]:
    """The entries of a map element, each ``<KeyValueOf...><Key/><Value/></...>``."""
    result: dict[str, Any] = {}
    for i, entry in enumerate(element, 1):
        entry_path = f"{path}/{_local(entry.tag)}[{i}]"
        parts = {_local(part.tag): part for part in entry}
        if "Key" not in parts or "Value" not in parts:
            raise XmlBodyError(f"{entry_path}: a map entry needs a Key and a Value element")
        if _is_nil(parts["Key"]):
            raise XmlBodyError(f"{entry_path}/Key: a map key cannot be nil")
        result[_text(parts["Key"], f"{entry_path}/Key")] = _read(parts["Value"], value_kind, f"{entry_path}/Value")
    return result


def _text(element: Element, path: str) -> str:
    """The text of an element that must hold only text."""
    if len(element):
        raise XmlBodyError(f"{path}: expected text, found element <{_local(element[0].tag)}>")
    return element.text or ""


def _forbid_text(element: Element, path: str) -> None:
    """Raise if an element meant to hold elements (carrier, array, map) starts with non-blank text."""
    if element.text and element.text.strip(_XML_SPACE):
        raise XmlBodyError(f"{path}: expected elements, found text {_shown(element.text)}")


def _bool(text: str, path: str) -> bool:
    value = _BOOLS.get(text.strip(_XML_SPACE))
    if value is None:
        raise XmlBodyError(f"{path}: {_shown(text)} is not a bool (true, false, 1 or 0)")
    return value


def _int32(text: str, path: str) -> int:
    stripped = text.strip(_XML_SPACE)
    if _INT.fullmatch(stripped) and len(stripped.lstrip("+-0")) <= 10:  # no huge int() conversions
        value = int(stripped)
        if INT32_MIN <= value <= INT32_MAX:
            return value
    raise XmlBodyError(f"{path}: {_shown(text)} is not an int32")


def _double(text: str, path: str) -> float:
    stripped = text.strip(_XML_SPACE)
    if _DOUBLE.fullmatch(stripped):
        value = float(stripped)
        if math.isfinite(value):
            return value
    raise XmlBodyError(f"{path}: {_shown(text)} is not a finite double")


def _shown(text: str) -> str:
    """A text quoted for an error message, cut short if long."""
    return repr(text) if len(text) <= 40 else repr(text[:40]) + "..."


# -- DataContract dialect ------------------------------------------------------------------------

_DATACONTRACT_BOOLS = ("true", "false")


def dialect_problems(data: bytes, limit: int = 5) -> list[str]:
    """Where a well-formed XML contact departs from what DataContractSerializer writes (empty: none).

    Reading stays lenient (``from_xml``); this names what a .NET client would trip over: array
    items and map entries not named after their type, booleans other than ``true``/``false``,
    numbers with a sign or blanks.
    """
    root = defusedxml.ElementTree.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    found: list[str] = []
    _dialect_carrier(root, carriers.contact(), _local(root.tag), found)
    return found[:limit]


def _dialect_carrier(element: Element, carrier: Carrier, path: str, found: list[str]) -> None:
    for child in element:
        name = carrier.lookup(_local(child.tag))
        if name is not None:
            _dialect(child, carrier.properties[name], f"{path}/{_local(child.tag)}", found)


def _dialect(element: Element, kind: Kind, path: str, found: list[str]) -> None:
    if _is_nil(element):
        return
    text = (element.text or "").strip(_XML_SPACE)
    if kind.name == "bool" and (element.text or "") not in _DATACONTRACT_BOOLS:
        found.append(f"{path}: boolean written {_shown(element.text or '')}, DataContract writes true or false")
    elif kind.name in ("int32", "double") and (text != (element.text or "") or text.startswith("+") or not text):
        found.append(f"{path}: number written {_shown(element.text or '')}")
    elif kind.name == "carrier":
        _dialect_carrier(element, _carrier(kind), path, found)
    elif kind.name == "array":
        item_kind = _item(kind)
        expected = _item_name(item_kind)
        for i, item in enumerate(element, 1):
            if _local(item.tag) != expected:
                found.append(f"{path}: item {i} is <{_local(item.tag)}>, DataContract names it <{expected}>")
            _dialect(item, item_kind, f"{path}/{expected}[{i}]", found)
    elif kind.name == "map":
        value_kind = _item(kind)
        expected = "KeyValueOfstring" + _item_name(value_kind)
        for i, entry in enumerate(element, 1):
            if _local(entry.tag) != expected:
                found.append(f"{path}: entry {i} is <{_local(entry.tag)}>, DataContract names it <{expected}>")
            value = next((part for part in entry if _local(part.tag) == "Value"), None)
            if value is not None:
                _dialect(value, value_kind, f"{path}/{expected}[{i}]/Value", found)
