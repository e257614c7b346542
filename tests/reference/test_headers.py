"""Language and time-zone headers, tolerated headers, links and Last-Modified."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from urllib.parse import urlsplit

import pytest
import requests

from conformance.spec.httpdate import imf_fixdate, parse_http_date
from conformance.spec.isodate import parse_datetime
from conformance.targets.reference.server import running_server

from .support import response_violations, updated

SUPPLIER = 'NO:"Leverandør";US:"Supplier";SW:"Leverantör";GE:"Lieferant"'
MANUFACTURING = 'US:"Manufacturing";NO:"Industri";GE:"Fertigung";SW:"Tillverkning"'
TRADE_FAIRS = 'US:"Trade fairs";NO:"Messer";GE:"Messen";FR:"Salons"'
RAW = (SUPPLIER, MANUFACTURING, TRADE_FAIRS)
ENGLISH = ("Supplier", "Manufacturing", "Trade fairs")
NORWEGIAN = ("Leverandør", "Industri", "Messer")
GERMAN = ("Lieferant", "Fertigung", "Messen")


@pytest.fixture
def multilingual(api, fresh_contact):
    """A contact whose Category, Business and first Interest hold multi-language values; returns its id."""
    source = api.contact(9)
    interests = source["Interests"] or []
    assert interests and source["Category"] and source["Business"]
    return fresh_contact(
        9,
        Name='NO:"Navn";US:"Name"',
        Category={**source["Category"], "Value": SUPPLIER},
        Business={**source["Business"], "Value": MANUFACTURING},
        Interests=[{**interests[0], "Name": TRADE_FAIRS}, *interests[1:]],
    )


def _values(body: dict) -> tuple[str, str, str]:
    return body["Category"]["Value"], body["Business"]["Value"], body["Interests"][0]["Name"]


def test_multi_language_values_come_back_raw_without_language_headers(api, multilingual):
    """Without Accept-Language or SO-Language, list values are returned as stored."""
    assert _values(api.contact(multilingual)) == RAW


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Accept-Language": "en"}, ENGLISH),
        ({"Accept-Language": "en-GB"}, ENGLISH),
        ({"Accept-Language": "nb"}, NORWEGIAN),
        ({"Accept-Language": "no"}, NORWEGIAN),
        ({"Accept-Language": "de-DE"}, GERMAN),
        ({"Accept-Language": "nb;q=0.4, en;q=0.8"}, ENGLISH),
        ({"Accept-Language": "fi"}, ENGLISH),
        ({"SO-Language": "nb"}, NORWEGIAN),
        ({"SO-Language": "en", "Accept-Language": "nb"}, ENGLISH),
        ({"SO-Language": "nb", "Accept-Language": "en"}, NORWEGIAN),
        ({"SO-Language": "*", "Accept-Language": "en"}, RAW),
        ({"Accept-Language": "*"}, RAW),
    ],
    ids=lambda v: "|".join(f"{k}={x}" for k, x in v.items()) if isinstance(v, dict) else v[0],
)
def test_language_headers_translate_list_values(api, multilingual, headers, expected):
    """Accept-Language translates list values; SO-Language overrides it; ``SO-Language: *`` leaves them raw."""
    response = api.get(multilingual, headers=headers)
    assert response.status_code == 200
    assert _values(response.json()) == expected
    assert response_violations(response.json()) == []


def test_translation_shapes_the_answer_but_raw_values_are_saved(api, multilingual):
    """A PUT with Accept-Language answers translated values and keeps the raw ones stored."""
    body = api.contact(multilingual)
    response = api.put(multilingual, body, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert _values(response.json()) == ENGLISH
    assert _values(api.contact(multilingual)) == RAW


def test_contact_own_strings_are_not_translated(api, multilingual):
    """Only list items are translated: the contact's own Name stays as stored."""
    assert api.get(multilingual, headers={"Accept-Language": "en"}).json()["Name"] == 'NO:"Navn";US:"Name"'


def _instants(body: dict) -> dict:
    return {
        "DbiLastModified": body["DbiLastModified"],
        "DbiLastSyncronized": body["DbiLastSyncronized"],
        "LastChanged": body["Interests"][0]["LastChanged"],
    }


@pytest.mark.parametrize("zone", ["Europe/Oslo", "America/New_York", "Asia/Kolkata"])
def test_time_zone_converts_dates_but_created_and_updated_stay_utc(api, zone):
    """SO-TimeZone gives dates in that zone (same instant, zone offset); CreatedDate and UpdatedDate stay in UTC."""
    raw = api.contact(39)
    response = api.get(39, headers={"SO-TimeZone": zone})
    assert response.status_code == 200
    body = response.json()
    assert response_violations(body) == []
    assert body["CreatedDate"] == raw["CreatedDate"] and body["CreatedDate"].endswith("Z")
    assert body["UpdatedDate"] == raw["UpdatedDate"] and body["UpdatedDate"].endswith("Z")
    converted, original = _instants(body), _instants(raw)
    assert any(parse_datetime(v).year > 1 for v in original.values())
    for name, value in converted.items():
        assert parse_datetime(value) == parse_datetime(original[name]), name
        if parse_datetime(value).year > 1:
            assert not value.endswith("Z") and value[-6] in "+-", (name, value)


def test_put_answer_uses_the_time_zone_and_stores_utc(api, fresh_contact):
    """A PUT with SO-TimeZone answers converted dates; a following GET without it shows UTC."""
    contact_id = fresh_contact(39)
    body = {**api.contact(contact_id), "DbiLastModified": "2024-07-01T12:00:00Z"}
    response = api.put(contact_id, body, headers={"SO-TimeZone": "Europe/Oslo"})
    assert response.status_code == 200
    assert response.json()["DbiLastModified"].startswith("2024-07-01T14:00:00")
    assert response.json()["DbiLastModified"].endswith("+02:00")
    assert response.json()["UpdatedDate"].endswith("Z")
    assert api.contact(contact_id)["DbiLastModified"].startswith("2024-07-01T12:00:00")


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "../../etc/passwd", "UTC+5", "Europe", "zone.tab", "", "*"])
def test_unknown_time_zone_is_tolerated(api, zone):
    """An SO-TimeZone the server does not know answers 200 with the dates left in UTC."""
    raw = api.contact(39)
    response = api.get(39, headers={"SO-TimeZone": zone})
    assert response.status_code == 200
    assert _instants(response.json()) == _instants(raw)


def test_time_zone_on_the_zero_date_keeps_a_valid_body(api):
    """A zone west of UTC applied to 0001-01-01 keeps a schema-valid body (the date cannot move before year 1)."""
    contact_id = next(i for i in range(1, 61) if api.contact(i)["DbiLastModified"].startswith("0001-01-01"))
    response = api.get(contact_id, headers={"SO-TimeZone": "America/New_York"})
    assert response.status_code == 200
    assert response_violations(response.json()) == []


def test_all_optional_headers_together_never_make_a_put_fail(api, fresh_contact):
    """Accept-Language, SO-Language, SO-Culture, SO-TimeZone and SO-AppToken on a valid PUT: 200, values saved."""
    contact_id = fresh_contact(40)
    headers = {
        "Accept-Language": "nb, en;q=0.5",
        "SO-Language": "en",
        "SO-Culture": "nb",
        "SO-TimeZone": "Europe/Oslo",
        "SO-AppToken": "partner-app-token-123",
    }
    body = {**api.contact(contact_id), "Name": "All headers"}
    response = api.put(contact_id, body, headers=headers)
    assert response.status_code == 200
    assert response_violations(response.json()) == []
    assert api.contact(contact_id)["Name"] == "All headers"


@pytest.mark.parametrize("header", ["SO-Culture", "SO-AppToken", "Accept-Language", "SO-Language", "SO-TimeZone"])
@pytest.mark.parametrize("value", ["", "xx-YY", ";;;", "q=abc", "en;q=nan", "\u00e6\u00f8\u00e5"])
def test_odd_optional_header_values_never_make_a_put_fail(api, header, value):
    """Odd values of the optional headers still answer 200 to a valid PUT."""
    body = api.contact(41)
    response = api.put(41, body, headers={header: value.encode("latin-1")})
    assert response.status_code == 200, response.text[:300]


@pytest.mark.parametrize("method", ["GET", "PUT"])
def test_links_self_is_the_absolute_url_of_the_contact(api, reference_server, method):
    """``_Links.Self`` is an absolute http URL naming the contact, and it can be fetched."""
    response = api.get(42) if method == "GET" else api.put(42, api.contact(42))
    assert response.status_code == 200
    link = response.json()["_Links"]["Self"]
    parts = urlsplit(link)
    assert parts.scheme == "http" and parts.netloc and link == f"{reference_server.url}/api/v1/Contact/42"
    assert api.session.get(link, timeout=30).json()["ContactId"] == 42


def test_put_answer_carries_last_modified_of_the_new_updated_date(api, fresh_contact):
    """The 200 of a PUT carries Last-Modified equal to its new UpdatedDate as an IMF-fixdate."""
    contact_id = fresh_contact(43)
    response = api.put(contact_id, api.contact(contact_id))
    assert response.headers["Last-Modified"] == imf_fixdate(updated(response.json()))


def test_the_date_header_is_the_server_clock_at_the_answer_not_a_second_old():
    """Date is written by the app from the clock it stamps UpdatedDate with: sent just after a whole second, a GET
    shows that second (a cached header, like uvicorn's own, shows the one before for up to a second)."""
    with running_server() as server, requests.Session() as session:
        seen = []
        for _ in range(5):
            while time.time() % 1 > 0.05:  # just after a whole second: a stale Date shows the second before
                time.sleep(0.01)
            before = datetime.fromtimestamp(int(time.time()), timezone.utc)
            answer = session.get(f"{server.url}/api/v1/Contact/default", timeout=30)
            seen.append((imf_fixdate(before), answer.headers["Date"]))
            time.sleep(0.2)
    assert all(shown >= sent for sent, shown in ((parse_http_date(a), parse_http_date(b)) for a, b in seen)), seen
