"""Hostile bodies: entity expansion, deep nesting, broken encodings, oversized bodies. Never a 5xx."""

from __future__ import annotations

import pytest
from hostile_xml import BILLION_LAUGHS

from .support import assert_error

TARGET = 44

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE ContactEntity [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<ContactEntity><Name>&secret;</Name></ContactEntity>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE ContactEntity SYSTEM "http://127.0.0.1:9/evil.dtd">
<ContactEntity><Name>x</Name></ContactEntity>"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE ContactEntity [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>
<ContactEntity><Name>x</Name></ContactEntity>"""
EMPTY_DTD = b"""<?xml version="1.0"?><!DOCTYPE ContactEntity []><ContactEntity><Name>x</Name></ContactEntity>"""
DEEP_XML = b"<ContactEntity>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</ContactEntity>"  # under 1 MiB
XML_BAD_ENCODING = b'<?xml version="1.0" encoding="klingon"?><ContactEntity><Name>x</Name></ContactEntity>'

XML_BODIES = {
    "billion-laughs": BILLION_LAUGHS,
    "external-entity": EXTERNAL_ENTITY,
    "external-dtd": EXTERNAL_DTD,
    "parameter-entity": PARAMETER_ENTITY,
    "empty-dtd": EMPTY_DTD,
    "deep-nesting": DEEP_XML,
    "unknown-encoding": XML_BAD_ENCODING,
    "invalid-utf8": b"<ContactEntity><Name>\xff\xfe</Name></ContactEntity>",
    "char-reference-to-surrogate": b"<ContactEntity><Name>&#xD800;</Name></ContactEntity>",
    "nul-char-reference": b"<ContactEntity><Name>&#0;</Name></ContactEntity>",
}
JSON_BODIES = {
    "deep-arrays": b"[" * 100_000,
    "deep-arrays-closed": b"[" * 100_000 + b"]" * 100_000,
    "deep-objects": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "deep-in-custom-fields": b'{"Name": "x", "CustomFields": ' + b'{"a":' * 50 + b'"v"' + b"}" * 50 + b"}",
    "invalid-utf8": b'{"Name": "\xff\xfe\xfd"}',
    "overlong-utf8": b'{"Name": "\xc0\xaf"}',
    "encoded-surrogate-utf8": b'{"Name": "\xed\xa0\x80"}',
    "truncated-utf8": b'{"Name": "\xe2\x82"}',
    "lone-high-surrogate": b'{"Name": "\\ud800"}',
    "lone-low-surrogate": b'{"Name": "\\udc00"}',
    "reversed-surrogates": b'{"Name": "\\udc00\\ud800"}',
    "surrogate-in-key": b'{"CustomFields": {"\\ud800": "v"}}',
    "huge-exponent": b'{"Address": {"Wgs84Latitude": 1e999999}}',
    "huge-integer": b'{"Source": ' + b"1" * 100_000 + b"}",
    "nul-bytes": b"\x00" * 1000,
    "bom-then-garbage": b"\xef\xbb\xbf\xff",
}


@pytest.fixture
def still_answers(api):
    """After the test, the server still answers a normal PUT with 200 and the contact is intact."""
    before = api.contact(TARGET)
    yield
    response = api.put(TARGET, before)
    assert response.status_code == 200, response.text[:300]
    assert response.json()["Name"] == before["Name"]


@pytest.mark.usefixtures("still_answers")
@pytest.mark.parametrize("name", XML_BODIES)
def test_hostile_xml_is_refused_with_400(api, name):
    """Entity expansion, external entities, any DTD, deep nesting and broken encodings in XML answer 400."""
    before = api.contact(TARGET)
    response = api.put(TARGET, data=XML_BODIES[name], headers={"Content-Type": "application/xml"})
    assert_error(response, 400, "BadRequest")
    assert api.contact(TARGET) == before


@pytest.mark.usefixtures("still_answers")
@pytest.mark.parametrize("name", JSON_BODIES)
def test_hostile_json_is_refused_with_400(api, name):
    """Deep nesting, invalid UTF-8, lone surrogates and unrepresentable numbers in JSON answer 400."""
    before = api.contact(TARGET)
    response = api.put(TARGET, data=JSON_BODIES[name], headers={"Content-Type": "application/json"})
    assert_error(response, 400, "BadRequest")
    assert api.contact(TARGET) == before


@pytest.mark.usefixtures("still_answers")
@pytest.mark.parametrize(
    ("charset", "data"),
    [
        ("utf-7", b"Name=+2AA-"),
        ("unicode_escape", b"Name=\\ud800"),
        ("raw_unicode_escape", b"Name=\\ud800"),
        ("utf-8", b"Name=%ED%A0%80"),
        ("utf-8", b"Name=\xff"),
    ],
)
def test_form_that_decodes_to_a_lone_surrogate_is_refused_with_400(api, charset, data):
    """A form body whose charset yields lone surrogates (or invalid bytes) answers 400, never a 5xx."""
    response = api.put(
        TARGET, data=data, headers={"Content-Type": f"application/x-www-form-urlencoded; charset={charset}"}
    )
    assert response.status_code in (200, 400), response.text[:300]
    if response.status_code == 200:  # percent-escapes are decoded leniently, with U+FFFD
        assert "\ud800" not in response.json()["Name"]
    else:
        assert_error(response, 400)


@pytest.mark.usefixtures("still_answers")
@pytest.mark.parametrize("size", [1024 * 1024 + 1, 5 * 1024 * 1024])
def test_body_over_the_size_cap_is_refused_with_413(api, size):
    """A body larger than 1 MiB (declared by Content-Length) answers 413."""
    data = b'{"Name": "' + b"x" * size + b'"}'
    assert_error(api.put(TARGET, data=data, headers={"Content-Type": "application/json"}), 413, "PayloadTooLarge")


@pytest.mark.usefixtures("still_answers")
def test_chunked_body_over_the_size_cap_is_refused_with_413(api):
    """A chunked body (no Content-Length) growing past 1 MiB answers 413."""

    def chunks():
        yield b'{"Name": "'
        for _ in range(40):
            yield b"x" * 65536
        yield b'"}'

    response = api.put(TARGET, data=chunks(), headers={"Content-Type": "application/json"})
    assert response.request.headers.get("Transfer-Encoding") == "chunked"
    assert_error(response, 413, "PayloadTooLarge")


@pytest.mark.usefixtures("still_answers")
def test_body_just_under_the_size_cap_is_read(api):
    """A body of almost 1 MiB is read (here: refused with 400 for its over-long Name, not 413)."""
    data = b'{"Name": "' + b"x" * (1024 * 1024 - 20) + b'"}'
    assert len(data) <= 1024 * 1024
    assert_error(api.put(TARGET, data=data, headers={"Content-Type": "application/json"}), 400)


@pytest.mark.usefixtures("still_answers")
def test_many_hostile_requests_in_a_row_leave_the_server_answering(api):
    """Two hundred hostile requests in a row: all 4xx, then the server still works."""
    bodies = [*XML_BODIES.items(), *JSON_BODIES.items()]
    for index in range(200):
        name, data = bodies[index % len(bodies)]
        kind = "application/xml" if (name, data) in XML_BODIES.items() else "application/json"
        response = api.put(TARGET, data=data, headers={"Content-Type": kind})
        assert 400 <= response.status_code < 500, (name, response.status_code)
