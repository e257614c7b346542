"""What the reference server declares about its fields: lengths, types and rights."""

from __future__ import annotations

#: FieldLength the server declares, per top-level string property of a contact.
CONTACT_FIELD_LENGTHS = {
    "Name": 80,
    "Department": 80,
    "OrgNr": 20,
    "Number1": 20,
    "Number2": 20,
    "Description": 2000,
    "Kananame": 80,
    "DbiKey": 255,
}
#: FieldLength the server declares, per string member of an EntityElement (email, phone, url, fax).
ELEMENT_FIELD_LENGTHS = {"Value": 255, "StrippedValue": 255, "Description": 255}

FULL_RIGHTS = {"Mask": "Delete, Insert, Update, Read", "Reason": ""}


def field_properties(lengths: dict[str, int], field_types: dict[str, str] | None = None) -> dict:
    """A ``FieldProperties`` map declaring a length and full rights for each field."""
    field_types = field_types or {}
    return {
        name: {
            "FieldRight": dict(FULL_RIGHTS),
            "FieldType": field_types.get(name, "System.String"),
            "FieldLength": length,
        }
        for name, length in lengths.items()
    }


def contact_field_properties() -> dict:
    """The contact's ``FieldProperties``: a FieldLength for every string field."""
    return field_properties(CONTACT_FIELD_LENGTHS)


def element_field_properties() -> dict:
    """An EntityElement's ``FieldProperties``."""
    return field_properties(ELEMENT_FIELD_LENGTHS)
