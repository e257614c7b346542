"""Language, culture, time-zone and app-token headers (SPEC-NOTES, "Authentication and headers").

That they never make a valid PUT fail (headers.tolerated) and keep CreatedDate and UpdatedDate in UTC
(headers.timezone-utc) is tested in test_header_tolerance.py, and judged in every context by test_contexts.py
and test_model.py.
"""

from conformance.judging import checks
from conformance.suite import draws, requirement, with_values

MULTI_LANGUAGE = 'NO:"Leverandør";US:"Supplier"'


def _list_values(contact: dict) -> list[str]:
    """The multi-language-capable values of a contact: list items' names."""
    values = [(contact.get(name) or {}).get("Value") for name in ("Category", "Business")]
    values += [item.get("Name") for item in contact.get("Interests") or []]
    return [v for v in values if isinstance(v, str)]


@requirement("headers.language")
@draws("headers:language")
def test_how_multi_language_values_are_translated(client, workspace, target, observe):
    """Reports whether list values are translated by Accept-Language and left raw by SO-Language: *."""
    before = workspace.reset()
    body = with_values(before, {"Category": {**(before.get("Category") or {"Id": 1}), "Value": MULTI_LANGUAGE}})
    raw = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body)
    english = client.send(
        "PUT", client.contact_path(workspace.primary.id), json_body=body, headers={"Accept-Language": "en"}
    )
    off = client.send(
        "PUT",
        client.contact_path(workspace.primary.id),
        json_body=body,
        headers={"Accept-Language": "en", "SO-Language": "*"},
    )
    if 200 not in (raw.status, english.status) or english.status != 200:
        observe("headers.language", f"PUTs with language headers answered {raw.status}/{english.status}/{off.status}")
        return
    read = {
        label: checks.readable(r) if r.status == 200 else ({}, None)
        for label, r in (("none", raw), ("en", english), ("off", off))
    }
    problems = [f"{label}: {problem}" for label, (_, problem) in read.items() if problem is not None]
    if problems:
        observe(
            "headers.language",
            f"PUTs with language headers answered 200 with bodies that cannot be read ({'; '.join(problems)})",
        )
        return
    values = {label: _list_values(body) if isinstance(body, dict) else [] for label, (body, _) in read.items()}
    translated = any(v for v in values["en"] if "US:" not in v and v not in values["none"])
    raw_kept = any(MULTI_LANGUAGE in v or 'US:"' in v for v in values["off"])
    observe(
        "headers.language",
        f"without language headers: {values['none'][:3]}; with Accept-Language en: {values['en'][:3]} "
        f"(translated: {'yes' if translated else 'no'}); "
        f"with SO-Language *: raw values {'kept' if raw_kept else 'not seen'}",
    )
    workspace.reset()
