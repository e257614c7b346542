"""What the reference server stores for a PUT or POST: the client's entity plus what the server owns.

A PUT replaces the whole entity ("HTTP PUT replaces the entire entity"): a property
the client leaves out takes the .NET default of its type (null for strings,
carriers, arrays and maps; zero, false or 0001-01-01 for value types). The server
owns the id, the creation and update stamps, the counters, the rights and the
computed members (``StrippedValue``, ``Formatted``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from conformance.spec import carriers
from conformance.spec.carriers import Kind
from conformance.spec.isodate import format_utc
from conformance.spec.rules import SERVER_OWNED, WRITABLE_ELEMENT_FIELDS, WRITABLE_ELEMENT_LISTS, utf16_length
from conformance.targets.reference import fields

PHONE_LISTS = ("Phones", "Faxes")
CONTACT = "ContactEntityWithLinks"


NESTED_KINDS = frozenset({"carrier", "array", "map"})


def default_for(kind: Kind) -> Any:
    """The .NET default of a type: zero for value types, null for everything else."""
    return kind.choices[0] if kind.name == "enum" else carriers.DOTNET_DEFAULTS.get(kind.name)


@cache
def _members(carrier_name: str) -> tuple[tuple[str, Kind, Any, bool], ...]:
    """(name, kind, default, nested?) of each property of a carrier, in order."""
    properties = carriers.carriers()[carrier_name].properties
    return tuple((name, kind, default_for(kind), kind.name in NESTED_KINDS) for name, kind in properties.items())


def complete(value: Any, kind: Kind) -> Any:
    """A value with every carrier in it carrying every property (missing ones at their default)."""
    if value is None:
        return None
    if kind.name == "carrier":
        completed = {}
        for name, member, default, nested in _members(kind.carrier):
            item = value.get(name, default)
            completed[name] = complete(item, member) if nested else item
        return completed
    if kind.name == "array":
        assert kind.item is not None  # an array kind always has its item kind
        return [complete(item, kind.item) for item in value]
    if kind.name == "map":
        assert kind.item is not None  # a map kind always has its value kind
        return {key: complete(item, kind.item) for key, item in value.items()}
    return value


def complete_contact(entity: dict) -> dict:
    """A full contact carrier (without ``_Links``) from a possibly partial entity."""
    contact = complete(entity, Kind("carrier", carrier=CONTACT))
    contact.pop("_Links", None)
    return contact


def stripped(value: str | None, *, phone: bool) -> str | None:
    """The searchable form of an element value: digits (and a leading +) of a phone, lower case otherwise."""
    if value is None:
        return None
    if phone:
        text = value.strip()
        return ("+" if text.startswith("+") else "") + re.sub(r"\D", "", text)
    return value.strip().lower()


def _formatted(address: dict | None) -> str | None:
    if not address:
        return None
    parts = [address.get(k) for k in ("Address1", "Address2", "Address3")]
    parts.append(" ".join(p for p in (address.get("Zipcode"), address.get("City")) if p))
    return "\n".join(p for p in parts if p)


def _with_computed_members(contact: dict) -> dict:
    """Set the members the server computes inside nested carriers."""
    for name in WRITABLE_ELEMENT_LISTS:
        for element in contact.get(name) or []:
            element["StrippedValue"] = stripped(element.get("Value"), phone=name in PHONE_LISTS)
            element["TableRight"] = dict(fields.FULL_RIGHTS)
            element["FieldProperties"] = fields.element_field_properties()
    address = contact.get("Address")
    if address:
        for part in ("Street", "Postal"):
            if address.get(part):
                address[part]["Formatted"] = _formatted(address[part])
        address["Formatted"] = _formatted(address.get("Street")) or _formatted(address.get("Postal"))
    for person in contact.get("Persons") or []:
        person["ContactId"] = contact["ContactId"]
    contact["ActiveInterests"] = sum(1 for item in contact.get("Interests") or [] if item.get("Selected"))
    return contact


def for_put(current: dict, entity: dict, *, user: dict, now) -> dict:
    """The contact stored after a PUT: the entity replaces everything the client may write."""
    contact = complete_contact({k: v for k, v in entity.items() if k not in SERVER_OWNED})
    for name in SERVER_OWNED:
        if name in current:
            contact[name] = current[name]
    contact["UpdatedDate"] = format_utc(now)
    contact["UpdatedBy"] = user
    return _with_computed_members(contact)


def for_post(contact_id: int, entity: dict, *, user: dict, now) -> dict:
    """A new contact from a POSTed entity."""
    contact = complete_contact({k: v for k, v in entity.items() if k not in SERVER_OWNED})
    stamp = format_utc(now)
    contact.update(
        ContactId=contact_id,
        CreatedDate=stamp,
        UpdatedDate=stamp,
        CreatedBy=user,
        UpdatedBy=user,
        ActiveErpLinks=0,
        BounceEmails=[],
        UtmParameters=None,
        TableRight=dict(fields.FULL_RIGHTS),
        FieldProperties=fields.contact_field_properties(),
    )
    return _with_computed_members(contact)


def default_contact() -> dict:
    """What ``GET Contact/default`` answers: an empty contact with id 0."""
    contact = complete_contact({})
    contact.update(
        TableRight=dict(fields.FULL_RIGHTS), FieldProperties=fields.contact_field_properties(), Emails=[], Phones=[]
    )
    return contact


def length_violations(entity: dict) -> list[str]:
    """The strings of an entity longer than the FieldLength the server declares for them."""
    found = []
    for name, limit in fields.CONTACT_FIELD_LENGTHS.items():
        value = entity.get(name)
        if isinstance(value, str) and utf16_length(value) > limit:
            found.append(f"{name} is {utf16_length(value)} characters long; FieldLength is {limit}")
    for list_name in WRITABLE_ELEMENT_LISTS:
        elements = entity.get(list_name)
        for index, element in enumerate(elements if isinstance(elements, list) else ()):
            for name in WRITABLE_ELEMENT_FIELDS:
                value = element.get(name) if isinstance(element, dict) else None
                limit = fields.ELEMENT_FIELD_LENGTHS[name]
                if isinstance(value, str) and utf16_length(value) > limit:
                    found.append(f"{list_name}[{index}].{name} is longer than its FieldLength {limit}")
    return found
