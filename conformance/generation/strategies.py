"""Hypothesis strategies for request bodies, compiled from the request schema.

Realistic values come from Faker pools built once with a fixed seed (committed
as fixtures/value_pools.json) and drawn with ``sampled_from``; known problem values
(conformance/generation/problem_values.py) are drawn in every string field; both are
mixed with Hypothesis' own text so that empty,
long and non-BMP strings appear and shrink. Strings keep within the FieldLength
the target declares (counted in UTF-16 code units, as .NET counts), or 255.
"""

from __future__ import annotations

import copy
import json
import math
import string
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from hypothesis import strategies as st

from conformance.generation import problem_values
from conformance.spec.carriers import Kind, carriers_of
from conformance.spec.paths import FIXTURES_DIR
from conformance.spec.rules import (
    DEFAULT_FIELD_LENGTH,
    WRITABLE_ELEMENT_LISTS,
    WRITABLE_SCALARS,
    WRITABLE_STRING_LISTS,
    WRITABLE_STRINGS,
    utf16_length,
)
from conformance.spec.schema import Node, SchemaDocument, UnsupportedSchema
from conformance.spec.validators import load_validators

POOLS_PATH = FIXTURES_DIR / "value_pools.json"
MAX_ITEMS = 3
#: Longest drawn text: longer strings cost time and show nothing new (edge_values covers FieldLength itself).
LONG_TEXT = 255
#: Text for JSON bodies: any Unicode but surrogates and control characters (tab and newline kept).
JSON_TEXT = st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n")
#: Text XML 1.0 can carry and every parser returns unchanged (no CR, no noncharacters, no private use).
XML_TEXT = st.characters(exclude_categories=problem_values.XML_EXCLUDED, include_characters="\t\n")


def fit(text: str, limit: int) -> str:
    """The longest prefix of ``text`` within ``limit`` UTF-16 code units."""
    if utf16_length(text) <= limit:
        return text
    kept, used = [], 0
    for ch in text:
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > limit:
            break
        kept.append(ch)
    return "".join(kept)


@lru_cache(maxsize=1)
def pools() -> dict[str, list[str]]:
    """Realistic values per kind of field (built with Faker by fixtures/generate_value_pools.py)."""
    return json.loads(POOLS_PATH.read_text(encoding="utf-8"))


def texts(limit: int, pool: str | None = None, alphabet=JSON_TEXT) -> st.SearchStrategy[str]:
    """Strings within ``limit``: pool values, known problem values, short arbitrary text, and text near the limit
    (a drawn piece repeated: as long, at a tenth of the cost of drawing every character)."""
    arbitrary = st.text(alphabet, max_size=min(limit, 40)).map(lambda s: fit(s, limit))
    long_size = min(limit, LONG_TEXT)
    long = st.builds(
        lambda piece, size: fit((piece * (size // len(piece) + 1))[:size], limit),
        st.text(alphabet, min_size=1, max_size=24),
        st.integers(min_value=long_size // 2, max_value=long_size),
    )
    problems = problem_values.for_xml() if alphabet is XML_TEXT else problem_values.texts()
    choices = [arbitrary, long, st.sampled_from(sorted({fit(text, limit) for text in problems}))]
    if pool is not None:
        fitting = [v for v in pools()[pool] if utf16_length(v) <= limit]
        choices.insert(0, st.sampled_from(fitting or [""]))
    return st.one_of(*choices)


def date_times() -> st.SearchStrategy[str]:
    """RFC 3339 date-times with an offset and 0 to 7 fractional digits, like .NET writes them."""
    moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31))
    offsets = st.sampled_from([0, 60, 120, -300, 330, 765])
    digits = st.integers(min_value=0, max_value=7)

    def render(moment: datetime, minutes: int, places: int) -> str:
        zone = timezone(timedelta(minutes=minutes))
        text = moment.replace(tzinfo=zone).strftime("%Y-%m-%dT%H:%M:%S")
        if places:
            text += "." + f"{moment.microsecond:06d}0"[:places]
        return text + (
            "Z" if minutes == 0 else moment.replace(tzinfo=zone).strftime("%z")[:3] + ":" + f"{abs(minutes) % 60:02d}"
        )

    return st.builds(render, moments, offsets, digits)


def field_lengths(contact: dict) -> dict[str, int]:
    """FieldLength per writable string, read from a contact the target returned.

    Keys are top-level names (``Name``) and element members (``Emails.Description``).
    """
    declared = {name: fp.get("FieldLength") for name, fp in (contact.get("FieldProperties") or {}).items() if fp}
    lengths = {name: declared.get(name) or DEFAULT_FIELD_LENGTH for name in WRITABLE_SCALARS}
    elements = [item for name in WRITABLE_ELEMENT_LISTS for item in contact.get(name) or [] if item]
    member_lengths: dict[str, Any] = next((e["FieldProperties"] for e in elements if e.get("FieldProperties")), {})
    for list_name in WRITABLE_ELEMENT_LISTS:
        for member in ("Value", "Description"):
            length = (member_lengths.get(member) or {}).get("FieldLength")
            lengths[f"{list_name}.{member}"] = length or DEFAULT_FIELD_LENGTH
    return {name: max(int(length), 0) for name, length in lengths.items()}


def _scalar(name: str, kind: Kind, lengths: dict[str, int], alphabet) -> st.SearchStrategy:
    if kind.name == "bool":
        return st.booleans()
    pool = "Number" if name.startswith("Number") else name
    return texts(lengths.get(name, DEFAULT_FIELD_LENGTH), pool, alphabet)


def _elements(list_name: str, lengths: dict[str, int], alphabet) -> st.SearchStrategy[list]:
    element = st.fixed_dictionaries(
        {
            "Value": texts(lengths[f"{list_name}.Value"], list_name, alphabet),
            "Description": texts(lengths[f"{list_name}.Description"], "Label", alphabet),
        }
    )
    return st.lists(element, max_size=MAX_ITEMS)


def writable_values(lengths: dict[str, int], *, alphabet=JSON_TEXT) -> st.SearchStrategy[dict]:
    """Values for every writable field of a contact (SPEC-NOTES ``put.echo``)."""
    return _writable_values(tuple(sorted(lengths.items())), alphabet)


@lru_cache(maxsize=8)
def _writable_values(length_items: tuple, alphabet) -> st.SearchStrategy[dict]:
    lengths = dict(length_items)
    contact = _request_carrier("ContactEntity")
    fields = {name: _scalar(name, contact[name], lengths, alphabet) for name in WRITABLE_SCALARS}
    fields.update({name: _elements(name, lengths, alphabet) for name in WRITABLE_ELEMENT_LISTS})
    fields.update(
        {
            name: st.lists(texts(DEFAULT_FIELD_LENGTH, name, alphabet), max_size=MAX_ITEMS)
            for name in WRITABLE_STRING_LISTS
        }
    )
    return st.fixed_dictionaries(fields)


def _edge_text(label: str, limit: int) -> str:
    """A string exactly ``limit`` UTF-16 units long (when it can be), blanks at both ends, non-ASCII,
    a combining mark and a character outside the BMP inside."""
    if limit < 8:
        return fit(" Æ🏢 ", limit)
    core = fit(f"  {label} Ærø e\u0301 中文 🏢 " + "z" * limit, limit - 2)
    return core + " " * (limit - utf16_length(core))


def edge_values(lengths: dict[str, int]) -> dict[str, Any]:
    """One fixed set of writable values that any faithful server must echo, chosen to expose
    lossy ones: strings at their FieldLength with blanks at both ends, accents, a combining
    mark and a non-BMP character; booleans opposite to their defaults; three list items in
    no sorted order. Safe for JSON and XML alike. (A copy of the set made once per ``lengths``.)"""
    return copy.deepcopy(_edge_values(tuple(sorted(lengths.items()))))


@lru_cache(maxsize=8)
def _edge_values(length_items: tuple) -> dict[str, Any]:
    lengths = dict(length_items)
    values: dict[str, Any] = {
        name: _edge_text(name, lengths.get(name, DEFAULT_FIELD_LENGTH)) for name in WRITABLE_STRINGS
    }
    values.update(NoMailing=True, Xstop=True)
    samples = {
        "Emails": ["zoë@example.no", "ALPHA@example.com", "mid@example.se"],
        "Urls": ["https://zeta.example/ø", "https://alpha.example", "https://mid.example/path?q=1"],
        "Phones": ["+47 99 00 00 00", "+1 (555) 010-0000", "0044 20 7946 0000"],
        "Faxes": ["+47 22 22 22 22", "+46 8 000 000", "+45 33 33 33 33"],
    }
    for list_name, items in samples.items():
        values[list_name] = [
            {
                "Value": fit(item, lengths[f"{list_name}.Value"]),
                "Description": _edge_text("label", min(lengths[f"{list_name}.Description"], 30)),
            }
            for item in items
        ]
    values["Domains"] = ["zeta.example", "alpha.example", "mid.example"]
    return values


#: Problem values per body: one in each of the seven writable strings, and as many element Values, element
#: Descriptions and Domains items.
PROBLEMS_PER_BODY = len(WRITABLE_STRINGS)
#: How the PROBLEMS_PER_BODY element values of one body are spread over the lists.
ELEMENTS_PER_LIST = {"Emails": 2, "Urls": 2, "Phones": 2, "Faxes": 1}


def problem_value_bodies(lengths: dict[str, int], *, xml: bool = False) -> list[dict[str, Any]]:
    """Writable values for as few bodies as put every known problem value (problem_values.py; those XML carries
    when ``xml``) once into a top-level string, an element Value, an element Description and a Domains item,
    each cut to its field's length."""
    values = problem_values.for_xml() if xml else problem_values.texts()
    bodies = []
    for start in range(0, len(values), PROBLEMS_PER_BODY):
        chunk = [values[(start + i) % len(values)] for i in range(PROBLEMS_PER_BODY)]
        body: dict[str, Any] = {
            name: fit(chunk[i], lengths.get(name, DEFAULT_FIELD_LENGTH)) for i, name in enumerate(WRITABLE_STRINGS)
        }
        taken = 0
        for list_name, count in ELEMENTS_PER_LIST.items():
            body[list_name] = [
                {
                    "Value": fit(chunk[taken + k], lengths[f"{list_name}.Value"]),
                    "Description": fit(chunk[(taken + k + 1) % PROBLEMS_PER_BODY], lengths[f"{list_name}.Description"]),
                }
                for k in range(count)
            ]
            taken += count
        body["Domains"] = [fit(text, DEFAULT_FIELD_LENGTH) for text in chunk]
        bodies.append(body)
    return bodies


@lru_cache(maxsize=4)
def _request_carrier(name: str) -> dict[str, Kind]:
    return carriers_of(load_validators().request.typed)[name].properties


def _member(member: Node | None, container: Node, needs: str) -> Node:
    """The item (or value) node of an array (or object) node; refused when the container does not give one."""
    if member is None:
        raise UnsupportedSchema("type", container.pointer, f"no strategy: {needs}")
    return member


class _SchemaStrategies:
    """Turns the typed reading of a request schema into strategies, honouring every constraint it carries."""

    def __init__(self, document: SchemaDocument, lengths: dict[str, int], max_depth: int):
        self.defs = document.definitions
        self.lengths = lengths
        self.max_depth = max_depth

    def node(self, node: Node, name: str, depth: int) -> st.SearchStrategy:
        if node.ref is not None:
            return self.carrier(node.ref, depth + 1, owner=name)
        if node.any_of:
            return st.one_of(*(self.node(branch, name, depth) for branch in node.any_of))
        if len(node.types) > 1:
            return st.one_of(*(self.node(replace(node, types=(k,)), name, depth) for k in node.types))
        kind = node.types[0] if node.types else None
        if kind == "null":
            return st.none()
        if node.choices is not None:
            return st.sampled_from(node.choices)
        if kind == "integer":
            low, high = node.minimum, node.maximum
            return st.integers(
                -(2**31) if low is None else math.ceil(low), 2**31 - 1 if high is None else math.floor(high)
            )
        if kind == "number":
            return st.floats(node.minimum, node.maximum, allow_nan=False, allow_infinity=False, width=64)
        if kind == "boolean":
            return st.booleans()
        if kind == "string" and node.format == "date-time":
            return date_times()
        if kind == "string":
            return self.string(node, name)
        if kind == "array":
            size = MAX_ITEMS if depth < self.max_depth else 0
            items = _member(node.items, node, "an array needs items")
            return st.lists(self.node(items, name, depth + 1), max_size=size)
        if kind == "object":
            values = self.node(_member(node.values, node, "an object needs additionalProperties"), "", depth + 1)
            keys = st.text(string.ascii_letters + string.digits + ":_", min_size=1, max_size=20)
            return st.dictionaries(keys, values, max_size=MAX_ITEMS if depth < self.max_depth else 0)
        raise UnsupportedSchema("type", node.pointer, "no strategy for a node without $ref, type, enum or const")

    def string(self, node: Node, name: str) -> st.SearchStrategy[str]:
        """Strings within the target's FieldLength and the node's ``maxLength``, ``minLength`` and ``pattern``."""
        limit = self.lengths.get(name, DEFAULT_FIELD_LENGTH)
        if node.max_length is not None:
            limit = min(limit, node.max_length)  # UTF-16 units never undercount code points
        shortest = node.min_length or 0
        if node.pattern is not None:
            return st.from_regex(node.pattern).filter(lambda s: shortest <= len(s) and utf16_length(s) <= limit)
        pool = name.split(".")[-1] if name.startswith("Emails.") else name
        strings = texts(limit, pool if pool in pools() else None)
        return strings.map(lambda s: s + "x" * (shortest - len(s)) if len(s) < shortest else s) if shortest else strings

    def carrier(self, name: str, depth: int, owner: str = "") -> st.SearchStrategy[dict]:
        properties = self.defs[name].properties
        if depth > self.max_depth:
            return st.just({})
        optional = {prop: self.node(node, _length_key(name, prop, owner), depth) for prop, node in properties.items()}
        return st.fixed_dictionaries({}, optional=optional)


def _length_key(carrier: str, prop: str, owner: str = "") -> str:
    """The key ``field_lengths`` uses: ``Name``, ``Urls.Value`` (an element of the list ``owner``),
    ``Person.Firstname``."""
    if carrier == "ContactEntity":
        return prop
    if carrier == "EntityElement":
        return f"{owner if owner in WRITABLE_ELEMENT_LISTS else 'Emails'}.{prop}"
    return f"{carrier}.{prop}"


def contact_entities(
    lengths: dict[str, int], *, max_depth: int = 2, schema: SchemaDocument | None = None
) -> st.SearchStrategy[dict]:
    """Any ContactEntity valid against ``schema`` (the derived request schema by default), every property optional."""
    if schema is not None:
        return _SchemaStrategies(schema, lengths, max_depth).carrier("ContactEntity", 0)
    return _contact_entities(tuple(sorted(lengths.items())), max_depth)


@lru_cache(maxsize=8)
def _contact_entities(length_items: tuple, max_depth: int) -> st.SearchStrategy[dict]:
    return _SchemaStrategies(load_validators().request.typed, dict(length_items), max_depth).carrier("ContactEntity", 0)
