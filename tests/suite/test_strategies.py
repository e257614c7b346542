"""The request-body strategies (conformance/generation/strategies.py): valid bodies, lengths in UTF-16 units, stable
pools."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.generation import strategies
from conformance.generation.strategies import (
    XML_TEXT,
    contact_entities,
    edge_values,
    field_lengths,
    fit,
    pools,
    writable_values,
)
from conformance.spec.endpoint_page import sample_response
from conformance.spec.isodate import parse_datetime
from conformance.spec.rules import (
    DEFAULT_FIELD_LENGTH,
    WRITABLE_ELEMENT_LISTS,
    WRITABLE_SCALARS,
    WRITABLE_STRING_LISTS,
    WRITABLE_STRINGS,
    utf16_length,
)
from conformance.spec.validators import load_validators

ELEMENT_KEYS = tuple(f"{name}.{member}" for name in WRITABLE_ELEMENT_LISTS for member in ("Value", "Description"))
STRING_SCALARS = WRITABLE_STRINGS


def length_tables(low: int = 0) -> st.SearchStrategy[dict[str, int]]:
    """FieldLength tables as field_lengths() returns them, each field with its own length (small ones likely)."""
    length = st.one_of(st.integers(low, 12), st.integers(low, DEFAULT_FIELD_LENGTH))
    return st.fixed_dictionaries({name: length for name in WRITABLE_SCALARS + ELEMENT_KEYS})


def request_violations(body: dict) -> list:
    return load_validators().request.violations(body)


def too_long(body: dict, lengths: dict[str, int]) -> list[str]:
    """Pointers of strings longer (in UTF-16 units) than the length that applies to them."""
    found = []

    def walk(value, pointer: str, limit: int) -> None:
        if isinstance(value, str) and utf16_length(value) > limit:
            found.append(f"{pointer} ({utf16_length(value)} > {limit})")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{pointer}/{index}", limit)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{pointer}/{key}", limit)

    for name, value in body.items():
        if name in WRITABLE_ELEMENT_LISTS and isinstance(value, list):
            for index, element in enumerate(value):
                for member, text in element.items():
                    walk(text, f"/{name}/{index}/{member}", lengths.get(f"{name}.{member}", DEFAULT_FIELD_LENGTH))
        else:
            walk(
                value,
                f"/{name}",
                lengths.get(name, DEFAULT_FIELD_LENGTH) if isinstance(value, str) else DEFAULT_FIELD_LENGTH,
            )
    return found


# --- utf16_length and fit ------------------------------------------------------------------------------------


def test_utf16_length_counts_code_units_as_dotnet_does():
    """BMP characters count 1, characters outside it 2."""
    assert utf16_length("") == 0
    assert utf16_length("Ærø") == 3
    assert utf16_length("🏢") == 2
    assert utf16_length("a🏢e\u0301") == 5


@given(st.text())
def test_utf16_length_equals_the_utf16_encoding_length(text):
    """utf16_length is the number of 16-bit units of the UTF-16 encoding."""
    assert utf16_length(text) == len(text.encode("utf-16-le", "surrogatepass")) // 2


@given(st.text(), st.integers(0, 60))
def test_fit_gives_the_longest_prefix_within_the_limit(text, limit):
    """fit() is a prefix within the limit, and one character more would exceed it."""
    kept = fit(text, limit)
    assert text.startswith(kept)
    assert utf16_length(kept) <= limit
    if kept != text:
        assert utf16_length(text[: len(kept) + 1]) > limit


def test_fit_never_splits_a_surrogate_pair():
    """A non-BMP character that does not fit whole is left out."""
    assert fit("ab🏢", 3) == "ab"
    assert fit("ab🏢", 4) == "ab🏢"
    assert fit("🏢", 0) == ""


# --- request bodies ----------------------------------------------------------------------------------------------


@settings(max_examples=40)
@given(lengths=length_tables(), data=st.data())
def test_contact_entities_are_request_schema_valid_and_within_their_lengths(lengths, data):
    """Any generated ContactEntity validates against the request schema and respects each FieldLength."""
    body = data.draw(contact_entities(lengths))
    assert request_violations(body) == []
    assert too_long(body, lengths) == []


@settings(max_examples=80)
@given(lengths=length_tables(), data=st.data())
def test_writable_values_are_request_schema_valid_and_within_their_lengths(lengths, data):
    """Writable values carry every writable field, validate, and respect each FieldLength."""
    values = data.draw(writable_values(lengths))
    assert set(values) == set(WRITABLE_SCALARS + WRITABLE_ELEMENT_LISTS + WRITABLE_STRING_LISTS)
    assert request_violations(values) == []
    assert too_long(values, lengths) == []


def xml_safe(character: str) -> bool:
    return character in "\t\n" or unicodedata.category(character) not in ("Cs", "Cc", "Cn", "Co")


@settings(max_examples=40)
@given(lengths=length_tables(), data=st.data())
def test_xml_writable_values_use_only_characters_xml_carries(lengths, data):
    """With XML_TEXT no surrogate, control, unassigned or private-use character appears."""
    values = data.draw(writable_values(lengths, alphabet=XML_TEXT))
    assert request_violations(values) == []
    texts = [v for v in values.values() if isinstance(v, str)] + [
        t for name in WRITABLE_STRING_LISTS for t in values[name]
    ]
    texts += [e[m] for name in WRITABLE_ELEMENT_LISTS for e in values[name] for m in ("Value", "Description")]
    assert [t for t in texts if not all(xml_safe(c) for c in t)] == []


@given(lengths=length_tables())
def test_edge_values_are_valid_and_fill_each_field_length(lengths):
    """Edge values validate, stay within every length, and are exactly as long as a FieldLength of 8 or more."""
    values = edge_values(lengths)
    assert request_violations(values) == []
    assert too_long(values, lengths) == []
    for name in STRING_SCALARS:
        if lengths[name] >= 8:
            assert utf16_length(values[name]) == lengths[name], name
            assert values[name].startswith(" ") and values[name].endswith(" "), name


def test_edge_values_are_the_same_on_every_call():
    """edge_values is one fixed set per table of lengths."""
    lengths = field_lengths(sample_response())
    assert edge_values(lengths) == edge_values(dict(lengths))


@given(strategies.date_times())
def test_generated_date_times_are_rfc3339_with_up_to_seven_fraction_digits(value):
    """date_times() writes RFC 3339 with an offset, as .NET does."""
    assert parse_datetime(value) is not None
    assert load_validators().request.violations({"CreatedDate": value}) == []
    fraction = value[19:].split("+")[0].split("-")[0].rstrip("Z")
    assert fraction == "" or (fraction.startswith(".") and 1 <= len(fraction) - 1 <= 7)


# --- Faker pools ---------------------------------------------------------------------------------------------------

POOLS_GENERATOR = Path(strategies.POOLS_PATH).with_name("generate_value_pools.py")


def test_pools_hold_realistic_values_of_every_kind():
    """Every pool the strategies use is filled, with as many values each; names are not blank, emails have an @."""
    built = pools()
    assert {
        "Name",
        "Department",
        "OrgNr",
        "Number",
        "Description",
        "Kananame",
        "Emails",
        "Phones",
        "Faxes",
        "Urls",
        "Domains",
        "Label",
    } <= set(built)
    sizes = {len(values) for key, values in built.items() if key != "Label"}
    assert len(sizes) == 1 and sizes.pop() >= 50
    assert all(name.strip() for name in built["Name"])
    assert all("@" in email for email in built["Emails"])


def test_pools_are_the_same_on_every_call():
    """Reading the pools again (cache bypassed) gives the same values."""
    assert pools.__wrapped__() == pools()


def test_pools_are_the_same_in_another_process():
    """A fresh interpreter with another hash seed reads identical pools."""
    code = (
        "import json; from conformance.generation.strategies import pools; "
        "print(json.dumps(pools(), ensure_ascii=False))"
    )
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=120,
        check=True,
    )
    assert json.loads(done.stdout) == pools()


def test_faker_rebuilds_the_committed_pools_in_another_process():
    """Faker with the fixed seed regenerates value_pools.json byte for byte (the generator's --check)."""
    if not POOLS_GENERATOR.exists():
        pytest.skip("fixtures/generate_value_pools.py is not shipped with an installed package")
    environment = {**os.environ, "PYTHONHASHSEED": "54321"}
    done = subprocess.run(
        [sys.executable, str(POOLS_GENERATOR), "--check"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


# --- field_lengths ----------------------------------------------------------------------------------------------------


def test_field_lengths_read_the_declared_field_properties():
    """FieldLength per top-level field and per element member; 255 where none is declared."""
    contact = {
        "FieldProperties": {
            "Name": {"FieldRight": None, "FieldType": "System.String", "FieldLength": 80},
            "OrgNr": {"FieldLength": 12},
            "Department": {"FieldLength": None},
            "Kananame": None,
        },
        "Emails": [],
        "Urls": [
            {
                "Value": "https://example.com",
                "FieldProperties": {"Value": {"FieldLength": 120}, "Description": {"FieldLength": 40}},
            }
        ],
    }
    lengths = field_lengths(contact)
    assert (lengths["Name"], lengths["OrgNr"], lengths["Department"], lengths["Kananame"]) == (80, 12, 255, 255)
    assert lengths["Urls.Value"] == lengths["Emails.Value"] == 120
    assert lengths["Phones.Description"] == 40
    assert set(lengths) == set(WRITABLE_SCALARS + ELEMENT_KEYS)


def test_field_lengths_default_to_255_without_field_properties():
    """The page's sample (FieldProperties keyed "fieldName") and a contact without them give 255 everywhere."""
    for contact in (sample_response(), {"FieldProperties": None, "Emails": None}):
        assert set(field_lengths(contact).values()) == {DEFAULT_FIELD_LENGTH}


def test_field_lengths_never_go_below_zero():
    """A negative FieldLength is read as 0."""
    assert field_lengths({"FieldProperties": {"Name": {"FieldLength": -5}}})["Name"] == 0
