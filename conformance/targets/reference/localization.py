"""Language and time-zone headers: translating multi-language list values, converting dates.

Multi-language values look like ``NO:"Leverandør";US:"Supplier"``. Without a
language they come back raw; ``SO-Language`` overrides ``Accept-Language``;
``SO-Language: *`` turns translation off. ``SO-TimeZone`` converts dates into
that zone, except ``CreatedDate`` and ``UpdatedDate``, which stay UTC.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from typing import Any

from conformance.spec import carriers
from conformance.spec.carriers import Kind
from conformance.spec.isodate import format_in_zone, parse_datetime

#: Carriers that are list items (MDO lists), whose strings may be multi-language.
LIST_ITEM_CARRIERS = frozenset(
    {
        "Business",
        "Category",
        "Country",
        "TicketPriority",
        "CustomerLanguage",
        "SelectableMDOListItem",
        "SelectableMDOListItemChild",
    }
)
#: ISO 639-1 language -> SuperOffice's multi-language codes, in order of preference.
LANGUAGE_CODES = {
    "en": ("US", "EN", "GB", "UK"),
    "no": ("NO",),
    "nb": ("NO",),
    "nn": ("NO",),
    "de": ("GE", "DE"),
    "sv": ("SW", "SE", "SV"),
    "da": ("DA", "DK"),
    "nl": ("NL", "DU"),
    "fr": ("FR",),
}
UTC_DATES = ("CreatedDate", "UpdatedDate")
MULTI_LANGUAGE = re.compile(r'(?:[A-Za-z]{2}:"[^"]*";?)+')
_PAIR = re.compile(r'([A-Za-z]{2}):"([^"]*)"')
_LANGUAGE_RANGE = re.compile(r"\s*([A-Za-z]{1,8}|\*)(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*")


def requested_language(accept_language: str | None, so_language: str | None) -> str | None:
    """The ISO language to translate into, or None for raw values."""
    if so_language is not None and so_language.strip():
        choice = so_language.strip()
        return None if choice == "*" else choice.split("-")[0].lower()
    if not accept_language:
        return None
    ranked = []
    for position, part in enumerate(accept_language.split(",")):
        match = _LANGUAGE_RANGE.fullmatch(part)
        if match is None or match[1] == "*":
            continue
        try:
            quality = float(match[2]) if match[2] else 1.0
        except ValueError:
            continue
        if quality > 0:
            ranked.append((-quality, position, match[1].lower()))
    return min(ranked)[2] if ranked else None


def translate_value(text: str, language: str) -> str:
    """One multi-language value in the requested language (English, then the first, as fallbacks)."""
    if not MULTI_LANGUAGE.fullmatch(text):
        return text
    pairs = {code.upper(): value for code, value in _PAIR.findall(text)}
    for code in LANGUAGE_CODES.get(language, (language.upper(),)) + LANGUAGE_CODES["en"]:
        if code in pairs:
            return pairs[code]
    return next(iter(pairs.values()))


def map_members(value: Any, kind: Kind, change: Callable[[str, Kind, Any, str], Any], depth: int = 0) -> Any:
    """Apply ``change(name, kind, value, carrier)`` to every member of every carrier inside a value."""
    if value is None:
        return None
    if kind.name == "array":
        assert kind.item is not None  # an array kind always has its item kind
        return [map_members(item, kind.item, change, depth) for item in value]
    if kind.name == "carrier" and isinstance(value, dict):
        assert kind.carrier is not None  # a carrier kind always names its definition
        carrier = carriers.carriers()[kind.carrier]
        result = {}
        for name, member in value.items():
            member_kind = carrier.properties.get(name)
            if member_kind is None:
                result[name] = member
                continue
            changed = change(name, member_kind, member, carrier.name if depth else "")
            result[name] = map_members(changed, member_kind, change, depth + 1)
        return result
    return value


def translate(body: dict, language: str | None) -> dict:
    """The body with multi-language list values translated (unchanged when language is None)."""
    if language is None:
        return body

    def change(name, kind, value, carrier):
        if carrier in LIST_ITEM_CARRIERS and kind.name == "string" and isinstance(value, str):
            return translate_value(value, language)
        return value

    return map_members(body, Kind("carrier", carrier=carriers.ROOT), change)


def zone_from(header: str | None) -> zoneinfo.ZoneInfo | None:
    """The time zone an ``SO-TimeZone`` header names, or None when it names none we know."""
    if not header or not header.strip():
        return None
    try:
        return zoneinfo.ZoneInfo(header.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def convert_dates(body: dict, zone: zoneinfo.ZoneInfo | None) -> dict:
    """The body with its dates in ``zone``, CreatedDate and UpdatedDate excepted."""
    if zone is None:
        return body

    def change(name, kind, value, carrier):
        if kind.name != "date-time" or not isinstance(value, str) or (not carrier and name in UTC_DATES):
            return value
        moment = parse_datetime(value)
        return format_in_zone(moment, zone) if moment else value

    return map_members(body, Kind("carrier", carrier=carriers.ROOT), change)
