"""Field classes fixed by SPEC-NOTES ("What a PUT does"): what a client writes, what the server owns."""

from __future__ import annotations

from typing import Any

#: Top-level properties a PUT writes and a 200 body must echo (``put.echo``).
WRITABLE_SCALARS = (
    "Name",
    "Department",
    "OrgNr",
    "Number1",
    "Number2",
    "Description",
    "Kananame",
    "NoMailing",
    "Xstop",
)
#: The writable booleans; every other writable scalar is a string.
WRITABLE_BOOLEANS = ("NoMailing", "Xstop")
WRITABLE_STRINGS = tuple(name for name in WRITABLE_SCALARS if name not in WRITABLE_BOOLEANS)
#: Lists of EntityElement whose ``Value`` and ``Description`` are writable, in order.
WRITABLE_ELEMENT_LISTS = ("Emails", "Urls", "Phones", "Faxes")
WRITABLE_ELEMENT_FIELDS = ("Value", "Description")
#: Lists of strings written in order.
WRITABLE_STRING_LISTS = ("Domains",)
WRITABLE = WRITABLE_SCALARS + WRITABLE_ELEMENT_LISTS + WRITABLE_STRING_LISTS

#: Properties the server owns: never compared with what was sent.
SERVER_OWNED = (
    "ContactId",
    "CreatedDate",
    "UpdatedDate",
    "CreatedBy",
    "UpdatedBy",
    "ActiveInterests",
    "ActiveErpLinks",
    "BounceEmails",
    "UtmParameters",
    "TableRight",
    "FieldProperties",
    "_Links",
)
#: Members of nested carriers the server computes (``StrippedValue``, ``Formatted``).
SERVER_COMPUTED_MEMBERS = ("StrippedValue", "Formatted")

#: Sent by a client, these must not change (``put.readonly``).
READ_ONLY_KEPT = ("CreatedDate", "CreatedBy", "UtmParameters")
#: Sent by a client, these are ignored (``put.readonly``).
READ_ONLY_IGNORED = ("_Links", "TableRight", "FieldProperties")

#: Length a generated string keeps to when the target declares no ``FieldLength``.
DEFAULT_FIELD_LENGTH = 255


def utf16_length(text: str) -> int:
    """A string's length as .NET counts it for ``FieldLength``: UTF-16 code units (outside the BMP, two)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def writable_view(body: dict[str, Any]) -> dict[str, Any]:
    """The writable part of a contact body, the way ``put.echo`` compares it."""
    view = {name: body.get(name) for name in WRITABLE_SCALARS + WRITABLE_STRING_LISTS}
    for name in WRITABLE_ELEMENT_LISTS:
        items = body.get(name)
        view[name] = None if items is None else [{f: item.get(f) for f in WRITABLE_ELEMENT_FIELDS} for item in items]
    return view
