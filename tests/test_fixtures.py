"""The reference server's seed contacts are current, complete, valid responses and realistic enough to test with."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from conformance.spec import carriers
from conformance.spec.isodate import ZERO_DATE_UTC
from conformance.spec.paths import FIXTURES_DIR
from conformance.spec.rules import WRITABLE_ELEMENT_LISTS
from conformance.spec.validators import load_validators
from conformance.targets.reference.fields import ELEMENT_FIELD_LENGTHS

CONTACTS_PATH = FIXTURES_DIR / "contacts.json"
GENERATOR_PATH = FIXTURES_DIR / "generate_contacts.py"
CONTACTS = json.loads(CONTACTS_PATH.read_text(encoding="utf-8"))
RESPONSE = load_validators().response
RESPONSE_PROPERTIES = RESPONSE.schema["$defs"]["ContactEntityWithLinks"]["properties"]
MULTI_LANGUAGE = re.compile(r'(?:(?:US|NO|GE|SW|DA|NL|FR):"[^"]*";)+(?:US|NO|GE|SW|DA|NL|FR):"[^"]*"')
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")
NEVER = ZERO_DATE_UTC


def _by_id(contacts: list[dict]) -> list:
    return [pytest.param(c, id=f"contact-{c['ContactId']}") for c in contacts]


def _load_generator():
    """The generator script as a module (``fixtures`` is no package)."""
    spec = importlib.util.spec_from_file_location("generate_contacts", GENERATOR_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while it runs
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def _elements(contact: dict):
    """Every EntityElement of a contact, with the name of its list."""
    for list_name in WRITABLE_ELEMENT_LISTS:
        for item in contact[list_name]:
            yield list_name, item


def _list_items(contact: dict):
    """The shared list items a contact refers to, as (kind, id, item); an interest's own ``Selected`` left out."""
    yield "Category", contact["Category"]["Id"], contact["Category"]
    yield "Business", contact["Business"]["Id"], contact["Business"]
    yield "Country", contact["Country"]["CountryId"], contact["Country"]
    for role in ("Associate", "CreatedBy", "UpdatedBy", "SupportAssociate"):
        yield "Associate", contact[role]["AssociateId"], contact[role]
    for interest in contact["Interests"]:
        yield "Interest", interest["Id"], {**interest, "Selected": None}


def _multi_language_items(contact: dict) -> set[tuple[str, int]]:
    """The (kind, id) of the categories, businesses and interests of a contact with a multi-language value."""
    return {
        (kind, item_id)
        for kind, item_id, item in _list_items(contact)
        if MULTI_LANGUAGE.fullmatch(item.get("Name") or item.get("Value") or "")
    }


def _moment(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def test_contacts_json_is_current():
    run = subprocess.run(
        [sys.executable, str(GENERATOR_PATH), "--check"], capture_output=True, text=True, encoding="utf-8"
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_generation_repeats_itself_within_a_process():
    generator = _load_generator()
    first = generator.render(generator.generate_contacts())
    assert generator.render(generator.generate_contacts()) == first


def test_file_is_indented_utf8_json_with_a_trailing_newline():
    text = CONTACTS_PATH.read_text(encoding="utf-8")
    assert text == json.dumps(CONTACTS, indent=1, ensure_ascii=False) + "\n"


def test_file_stays_small():
    assert CONTACTS_PATH.stat().st_size < 1_500_000


def test_contact_ids_are_1_to_60():
    assert [c["ContactId"] for c in CONTACTS] == list(range(1, 61))


@pytest.mark.parametrize("contact", _by_id(CONTACTS))
def test_contact_is_a_valid_response_once_links_are_added(contact):
    body = {**contact, "_Links": {"Self": f"https://example.invalid/api/v1/Contact/{contact['ContactId']}"}}
    assert [str(v) for v in RESPONSE.violations(body)] == []


@pytest.mark.parametrize("contact", _by_id(CONTACTS))
def test_contact_has_every_response_property_but_links(contact):
    assert sorted(contact) == sorted(set(RESPONSE_PROPERTIES) - {"_Links"})


@pytest.mark.parametrize("contact", _by_id(CONTACTS))
def test_top_level_strings_respect_their_declared_field_length(contact):
    declared = contact["FieldProperties"]
    texts = {
        name: value
        for name, value in contact.items()
        if isinstance(value, str) and carriers.contact().properties[name].name == "string"
    }
    assert sorted(texts) == sorted(declared), "every string field declares a FieldLength"
    too_long = {name: len(value) for name, value in texts.items() if len(value) > declared[name]["FieldLength"]}
    assert too_long == {}


@pytest.mark.parametrize("contact", _by_id(CONTACTS))
def test_element_strings_respect_their_declared_field_length(contact):
    too_long = [
        (list_name, field, item[field])
        for list_name, item in _elements(contact)
        for field, declared in item["FieldProperties"].items()
        if len(item[field]) > declared["FieldLength"]
    ]
    assert too_long == []
    assert all(set(item["FieldProperties"]) == set(ELEMENT_FIELD_LENGTHS) for _, item in _elements(contact))


@pytest.mark.parametrize("contact", _by_id(CONTACTS))
def test_stripped_values_follow_the_value(contact):
    for list_name, item in _elements(contact):
        if list_name in ("Phones", "Faxes"):
            plus = "+" if item["Value"].startswith("+") else ""
            assert item["StrippedValue"] == plus + re.sub(r"\D", "", item["Value"])
        else:
            assert item["StrippedValue"] == item["Value"].strip().lower()


@pytest.mark.parametrize("list_name", ["Emails", "Phones", "Persons"])
def test_every_contact_has_some(list_name):
    assert [c["ContactId"] for c in CONTACTS if not c[list_name]] == []


def test_person_ids_are_unique_across_the_file():
    ids = [p["PersonId"] for c in CONTACTS for p in c["Persons"]]
    assert len(ids) == len(set(ids))
    assert all(1 <= len(c["Persons"]) <= 4 for c in CONTACTS)


@pytest.mark.parametrize("contact", _by_id(CONTACTS))
def test_persons_belong_to_their_contact(contact):
    for person in contact["Persons"]:
        assert person["ContactId"] == contact["ContactId"]
        assert person["ContactName"] == contact["Name"]
        assert person["ContactCountryId"] == contact["Country"]["CountryId"]
        assert person["AssociateId"] == contact["Associate"]["AssociateId"]
    assert [p["Rank"] for p in contact["Persons"]] == list(range(1, len(contact["Persons"]) + 1))


def test_support_person_is_null_or_one_of_the_persons():
    supported = [c for c in CONTACTS if c["SupportPerson"] is not None]
    assert 0 < len(supported) < len(CONTACTS)
    assert all(c["SupportPerson"] in c["Persons"] for c in supported)


def test_several_list_items_carry_multi_language_values():
    multi = set().union(*map(_multi_language_items, CONTACTS))
    assert sum(kind == "Category" for kind, _ in multi) >= 2
    assert sum(kind == "Business" for kind, _ in multi) >= 2
    assert sum(kind == "Interest" for kind, _ in multi) >= 3


def test_many_contacts_refer_to_multi_language_categories_or_businesses():
    kinds = [{kind for kind, _ in _multi_language_items(c)} for c in CONTACTS]
    assert sum(bool(k & {"Category", "Business"}) for k in kinds) >= 15
    assert sum("Interest" in k for k in kinds) >= 30


def test_some_names_are_not_ascii():
    names = [c["Name"] for c in CONTACTS] + [p["FullName"] for c in CONTACTS for p in c["Persons"]]
    assert sum(not name.isascii() for name in names) >= 10


@pytest.mark.parametrize("contact", _by_id(CONTACTS))
def test_dates_are_utc_with_microseconds_between_2015_and_2025(contact):
    dates = {name: contact[name] for name in ("CreatedDate", "UpdatedDate", "DbiLastSyncronized", "DbiLastModified")}
    dates |= {f"Interests/{i['Id']}/LastChanged": i["LastChanged"] for i in contact["Interests"]}
    synchronised = contact["DbiLastSyncronized"] != NEVER
    if not synchronised:
        assert contact["DbiLastModified"] == NEVER
        del dates["DbiLastSyncronized"], dates["DbiLastModified"]
    for name, text in dates.items():
        assert TIMESTAMP.fullmatch(text), name
        assert 2015 <= _moment(text).year <= 2025, name
    assert _moment(contact["CreatedDate"]) < _moment(contact["UpdatedDate"])


def test_a_few_contacts_were_never_synchronised():
    never = [c for c in CONTACTS if c["DbiLastSyncronized"] == NEVER]
    assert 3 <= len(never) <= 15
    assert all(c["DbiKey"] == "" and c["DbiAgentId"] == 0 for c in never)


@pytest.mark.parametrize("contact", _by_id(CONTACTS))
def test_active_interests_count_the_selected_ones(contact):
    assert 3 <= len(contact["Interests"]) <= 6
    assert contact["ActiveInterests"] == sum(i["Selected"] for i in contact["Interests"])


@pytest.mark.parametrize("contact", _by_id(CONTACTS))
def test_custom_fields_combine_user_defined_and_extra_fields(contact):
    assert contact["CustomFields"] == {**contact["UserDefinedFields"], **contact["ExtraFields"]}
    assert all(key.startswith("SuperOffice:") for key in contact["UserDefinedFields"])
    assert contact["ExtraFields"] and all(key.startswith("x_") for key in contact["ExtraFields"])


@pytest.mark.parametrize("contact", _by_id(CONTACTS))
def test_domains_and_bounces_come_from_the_contacts_own_elements(contact):
    hosts = [re.sub(r"^https?://(www\.)?", "", u["StrippedValue"]).split("/")[0] for u in contact["Urls"]]
    assert len(contact["Domains"]) <= 2 and set(contact["Domains"]) <= set(hosts)
    assert set(contact["BounceEmails"]) <= {e["StrippedValue"] for e in contact["Emails"]}


def test_optional_carriers_are_sometimes_present():
    assert 0 < sum(c["UtmParameters"] is not None for c in CONTACTS) < len(CONTACTS)
    assert 0 < sum(bool(c["BounceEmails"]) for c in CONTACTS) < len(CONTACTS)
    assert 0 < sum(bool(c["Faxes"]) for c in CONTACTS) < len(CONTACTS)


def test_shared_list_items_are_the_same_wherever_they_appear():
    seen: dict[tuple[str, int], dict] = {}
    for contact in CONTACTS:
        for kind, item_id, item in _list_items(contact):
            assert seen.setdefault((kind, item_id), item) == item, (kind, item_id)
