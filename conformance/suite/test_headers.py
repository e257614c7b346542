"""Language, culture, time-zone and app-token headers (SPEC-NOTES, "Authentication and headers")."""

import pytest

from conformance import checks
from conformance.suite import requirement, with_values

TOLERATED = {
    "accept-language-en": {"Accept-Language": "en"},
    "accept-language-list": {"Accept-Language": "nb-NO, nb;q=0.9, en;q=0.8, *;q=0.5"},
    "so-language": {"SO-Language": "no"},
    "so-language-off": {"SO-Language": "*"},
    "so-culture": {"Accept-Language": "en", "SO-Culture": "nb"},
    "so-timezone": {"SO-TimeZone": "Europe/Oslo"},
    "so-timezone-unknown": {"SO-TimeZone": "Mars/Olympus_Mons"},
    "so-apptoken": {"SO-AppToken": "conformance-suite-app"},
    "all-together": {"Accept-Language": "de", "SO-Language": "en", "SO-Culture": "en-US", "SO-TimeZone": "UTC", "SO-AppToken": "x"},
}
MULTI_LANGUAGE = 'NO:"Leverandør";US:"Supplier"'


@requirement("headers.tolerated")
@pytest.mark.parametrize("headers", list(TOLERATED.values()), ids=list(TOLERATED))
def test_language_and_zone_headers_never_make_a_valid_put_fail(client, workspace, headers):
    """Accept-Language, SO-Language, SO-Culture, SO-TimeZone and SO-AppToken never make a valid PUT fail."""
    body = with_values(workspace.primary.snapshot, {"Name": "Headers tolerated", "Department": "Språk"})
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body, headers=headers)
    checks.echoed(body, checks.valid_contact(response, "headers.tolerated"), "headers.tolerated", fields=["Name", "Department"])


@requirement("headers.timezone-utc")
@pytest.mark.parametrize("zone", ["Europe/Oslo", "America/New_York", "Asia/Kolkata"])
def test_created_and_updated_dates_stay_utc_in_any_time_zone(client, workspace, zone):
    """With SO-TimeZone, CreatedDate and UpdatedDate stay in UTC."""
    body = with_values(workspace.primary.snapshot, {"Name": f"Zone {zone}"})
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body, headers={"SO-TimeZone": zone})
    saved = checks.valid_contact(response, "headers.timezone-utc")
    checks.utc_date(saved, "UpdatedDate", "headers.timezone-utc")
    checks.utc_date(saved, "CreatedDate", "headers.timezone-utc")


def _list_values(contact: dict) -> list[str]:
    """The multi-language-capable values of a contact: list items' names."""
    values = [(contact.get(name) or {}).get("Value") for name in ("Category", "Business")]
    values += [item.get("Name") for item in contact.get("Interests") or []]
    return [v for v in values if isinstance(v, str)]


@requirement("headers.language")
def test_how_multi_language_values_are_translated(client, workspace, target, observe):
    """Reports whether list values are translated by Accept-Language and left raw by SO-Language: *."""
    before = workspace.reset()
    body = with_values(before, {"Category": {**(before.get("Category") or {"Id": 1}), "Value": MULTI_LANGUAGE}})
    raw = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body)
    english = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body, headers={"Accept-Language": "en"})
    off = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body, headers={"Accept-Language": "en", "SO-Language": "*"})
    if 200 not in (raw.status, english.status) or english.status != 200:
        observe("headers.language", f"PUTs with language headers answered {raw.status}/{english.status}/{off.status}")
        return
    read = {label: checks.readable(r) if r.status == 200 else ({}, None) for label, r in (("none", raw), ("en", english), ("off", off))}
    problems = [f"{label}: {problem}" for label, (_, problem) in read.items() if problem is not None]
    if problems:
        observe("headers.language", f"PUTs with language headers answered 200 with bodies that cannot be read ({'; '.join(problems)})")
        return
    values = {label: _list_values(body) if isinstance(body, dict) else [] for label, (body, _) in read.items()}
    translated = any(v for v in values["en"] if "US:" not in v and v not in values["none"])
    raw_kept = any(MULTI_LANGUAGE in v or 'US:"' in v for v in values["off"])
    observe("headers.language", f"without language headers: {values['none'][:3]}; with Accept-Language en: {values['en'][:3]} "
                                f"(translated: {'yes' if translated else 'no'}); with SO-Language *: raw values {'kept' if raw_kept else 'not seen'}")  # fmt: skip
    workspace.reset()
