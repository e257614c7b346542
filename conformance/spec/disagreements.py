"""Where the endpoint page and the Swagger disagree about the bodies, and how the schemas resolve it.

Resolution: the Swagger is the machine-readable source and wins for the property
set, types and formats; the page's tables are checked against it, and every
difference is reported here rather than silently absorbed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from conformance.spec.derive import SWAGGER_REQUEST_ROOT, SWAGGER_RESPONSE_ROOT, short_name
from conformance.spec.endpoint_page import PageProperty

#: The page's type words, mapped onto the Swagger's type names.
PAGE_TYPE_WORDS = {
    "integer": "int32",
    "int32": "int32",
    "string": "string",
    "date-time": "date-time",
    "bool": "bool",
    "boolean": "bool",
    "array": "array",
    "object": "object",
    "double": "double",
}

RESOLUTIONS = {
    "missing-on-page": "derived from the Swagger (the page's table is incomplete)",
    "missing-in-swagger": "left out of the schema (no type to derive it from); reported only",
    "type-spelling": "same type; the schema uses the Swagger's type",
    "type-less-precise": "the schema uses the Swagger's more precise type",
    "type-conflict": "the schema uses the Swagger's type",
}


@dataclass(frozen=True)
class Disagreement:
    """One difference between a page table and the Swagger definition it describes."""

    table: str
    property: str
    kind: str
    page_type: str | None
    swagger_type: str | None


def swagger_type(node: dict[str, Any]) -> str | None:
    """A Swagger property's type in the page's vocabulary (``int32``, ``date-time``, ``Associate``).

    None for a property that declares neither ``$ref`` nor ``type``.
    """
    if "$ref" in node:
        return short_name(node["$ref"].rsplit("/", 1)[-1])
    kind, fmt = node.get("type"), node.get("format")
    if kind == "integer":
        return fmt or "integer"
    if kind == "number":
        return fmt or "number"
    if kind == "boolean":
        return "bool"
    if kind == "string":
        return fmt or "string"
    return kind


def page_type(word: str) -> str:
    """A page table's type word normalised to the Swagger's vocabulary (named types kept)."""
    return PAGE_TYPE_WORDS.get(word.lower(), word)


def classify(page_word: str, swagger_word: str | None) -> str | None:
    """The kind of disagreement between two spellings of one property's type, or None."""
    if page_word == swagger_word:
        return None
    normalised = page_type(page_word)
    if normalised == swagger_word:
        return "type-spelling"
    if normalised == "string" and swagger_word == "date-time":
        return "type-less-precise"
    return "type-conflict"


def compare_table(table: str, rows: list[PageProperty], definition: dict[str, Any]) -> list[Disagreement]:
    """Every difference between one page table and one Swagger definition."""
    swagger_props = {name: swagger_type(node) for name, node in definition["properties"].items()}
    page_props = {row.name: row.type for row in rows}
    found = []
    for name, swagger_word in swagger_props.items():
        if name not in page_props:
            found.append(Disagreement(table, name, "missing-on-page", None, swagger_word))
            continue
        kind = classify(page_props[name], swagger_word)
        if kind:
            found.append(Disagreement(table, name, kind, page_props[name], swagger_word))
    for name, word in page_props.items():
        if name not in swagger_props:
            found.append(Disagreement(table, name, "missing-in-swagger", word, None))
    return found


def compare(
    swagger: dict[str, Any], request_rows: list[PageProperty], response_rows: list[PageProperty]
) -> list[Disagreement]:
    """Differences of both page tables (request, response) from the Swagger."""
    definitions = swagger["definitions"]
    return compare_table("request", request_rows, definitions[SWAGGER_REQUEST_ROOT]) + compare_table(
        "response", response_rows, definitions[SWAGGER_RESPONSE_ROOT]
    )


def summarise(disagreements: list[Disagreement]) -> list[str]:
    """Readable lines grouping the disagreements by table, kind and pair of spellings."""
    groups: dict[tuple[str, str, str | None, str | None], list[str]] = defaultdict(list)
    for d in disagreements:
        missing = d.kind.startswith("missing")
        key = (d.table, d.kind, None, None) if missing else (d.table, d.kind, d.page_type, d.swagger_type)
        groups[key].append(d.property)
    lines = []
    for (table, kind, page_word, swagger_word), names in groups.items():
        if kind == "missing-on-page":
            what = f"the page's {table} table lacks {', '.join(names)}"
        elif kind == "missing-in-swagger":
            what = f"the page's {table} table has {', '.join(names)}, which the Swagger does not define"
        else:
            what = f"{table} table: page says {page_word!r}, Swagger says {swagger_word!r} for {', '.join(names)}"
        lines.append(f"{what} -> {RESOLUTIONS[kind]}")
    return lines
