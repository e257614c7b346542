"""Fuzzing the reference server: random methods, paths, headers, queries and bodies never get a 5xx.

The fuzz runs against its own server (it deletes and rewrites contacts); contact 60 is never
targeted, so a normal PUT to it afterwards shows the server still works.
"""

from __future__ import annotations

import base64
import http.client
import json
import string
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import parse_qsl, quote, quote_from_bytes, urlencode, urlsplit

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.spec import carriers, xmlcodec
from conformance.spec.httpdate import asctime_date, imf_fixdate, rfc850_date
from conformance.spec.paths import FIXTURES_DIR
from conformance.spec.validators import load_validators
from conformance.targets.reference.server import running_server

from .support import basic

EXAMPLES = 2000
UNTOUCHED_ID = 60
#: The only seed contacts a fuzzed DELETE may remove.
DELETABLE = list(range(50, 60))
SEEDS = [c for c in json.loads((FIXTURES_DIR / "contacts.json").read_text(encoding="utf-8")) if c["ContactId"] < 60]
PROPERTIES = list(carriers.contact().properties)
#: Statuses the reference server answers (uvicorn itself answers 400 to a request it cannot parse).
KNOWN_STATUSES = {200, 204, 400, 401, 404, 405, 412, 413, 415}

# -- request parts -----------------------------------------------------------------------------------


def weighted(*choices: tuple[int, st.SearchStrategy]) -> st.SearchStrategy:
    """One of several strategies, drawn with the given weights (shrinking towards the first)."""
    ladder, total = [], 0
    for weight, strategy in choices:
        total += weight
        ladder.append((total, strategy))
    return st.integers(0, total - 1).flatmap(lambda n: next(s for limit, s in ladder if n < limit))


METHODS = weighted(
    (5, st.just("PUT")), (5, st.sampled_from(["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"]))
)
PATH_TEXT = st.text(alphabet=string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@%/", max_size=24)
ID_SEGMENTS = st.one_of(
    st.integers(1, 59).map(str),
    st.integers(61, 2**31 - 1).map(str),
    st.integers(2**31, 10**20).map(str),
    st.integers(-(2**31), 0).map(str),
    st.sampled_from(
        [
            "default",
            "DEFAULT",
            "abc",
            "1.0",
            "0x1",
            "1e3",
            "%00",
            "%2e%2e",
            "..",
            ".",
            "1%2F2",
            "%F0%9F%98%80",
            "1;2",
            "%ff",
            "%20%31",
            "+1",
            "01",
            "0000000001",
            "%31",
            "1%3F",
            "1%23",
            quote("\u0661"),
        ]
    ),
    PATH_TEXT,
    st.text(max_size=12).map(lambda t: quote(t, safe="")),
    st.binary(max_size=12).map(lambda b: quote_from_bytes(b, safe="")),
)
PATHS = weighted(
    (6, st.integers(1, 59).map(lambda contact_id: f"/api/v1/Contact/{contact_id}")),
    (
        4,
        st.one_of(
            ID_SEGMENTS.map(lambda segment: f"/api/v1/Contact/{segment}"),
            ID_SEGMENTS.map(lambda segment: f"/API/V1/contact/{segment}/"),
            st.sampled_from(
                [
                    "/api/v1/Contact",
                    "/api/v1/Contact/",
                    "/api/v1/contact/default",
                    "/api/v1/Contact/default/",
                    "/",
                    "/api",
                    "/api/",
                    "/api/v1",
                    "/api/v1/Contact/1/extra",
                    "/api/v1/Contact//1",
                    "//api/v1/Contact/1",
                    "/favicon.ico",
                    "/api/v1/Contact/1/../2",
                    "/api%2Fv1%2FContact%2F1",
                    "*",
                ]
            ),
            PATH_TEXT.map(lambda t: "/" + t),
        ),
    ),
)

#: Header text: printable Latin-1 (what http.client can send), never starting with a blank.
HEADER_TEXT = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_categories=("Cc",)), max_size=40
).map(str.strip)
CHARSETS = [
    "utf-8",
    "UTF-8",
    "utf-16",
    "utf-16-le",
    "latin-1",
    "ascii",
    "utf-7",
    "utf-8-sig",
    "unicode_escape",
    "rot13",
    "base64",
    "zlib",
    "undefined",
    "idna",
    "punycode",
    "klingon",
    "",
    '"utf-8"',
    "cp1252",
    "hz",
    "utf-32",
]
MEDIA_TYPES = [
    "application/json",
    "text/json",
    "application/xml",
    "text/xml",
    "application/x-www-form-urlencoded",
    "application/merge-patch+json",
    "application/json-patch+json",
    "text/plain",
    "multipart/form-data",
    "application/octet-stream",
    "*/*",
    "application/*",
    "json",
    "",
    ";",
    "application/json;;;",
]
CONTENT_TYPES = st.one_of(
    st.sampled_from(MEDIA_TYPES),
    st.tuples(st.sampled_from(MEDIA_TYPES), st.sampled_from(CHARSETS)).map(lambda p: f"{p[0]}; charset={p[1]}"),
    HEADER_TEXT,
)
ACCEPTS = st.one_of(
    st.sampled_from(
        [
            "application/json",
            "text/json",
            "application/xml",
            "text/xml",
            "*/*",
            "text/*",
            "image/png",
            "application/json-patch+json",
            "application/merge-patch+json",
            "application/xml;q=0.9, text/json;q=1",
            "text/json;q=0",
            "application/json;q=nan",
            "application/json;q=1e999",
            "text/xml;q=-1",
            ",,,",
        ]
    ),
    HEADER_TEXT,
)
MOMENTS = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(timezone.utc))
DATES = st.one_of(
    MOMENTS.map(imf_fixdate),
    MOMENTS.map(rfc850_date),
    MOMENTS.map(asctime_date),
    st.sampled_from(
        [
            "Wed, 32 Oct 2015 07:28:00 GMT",
            "Mon, 01 Jan 0000 00:00:00 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Sun Feb 30 00:00:00 2000",
            "Sunday, 29-Feb-01 00:00:00 GMT",
            "0",
            "now",
        ]
    ),
    HEADER_TEXT,
)
LANGUAGES = st.one_of(
    st.sampled_from(["en", "nb", "no", "de-DE", "sv", "*", "en;q=0.5, nb", "xx", "-", "en;q=abc", "a" * 200]),
    HEADER_TEXT,
)
ZONES = st.one_of(
    st.sampled_from(
        [
            "Europe/Oslo",
            "America/New_York",
            "Asia/Kolkata",
            "Pacific/Kiritimati",
            "Etc/GMT+12",
            "UTC",
            "Mars/Olympus",
            "../../etc/passwd",
            "/etc/localtime",
            "Europe/",
            "zone.tab",
            "tzdata.zi",
            "__init__.py",
            "Europe/../Europe/Oslo",
            "posixrules",
            "",
            ".",
        ]
    ),
    HEADER_TEXT,
)
AUTHORIZATIONS = weighted(
    (
        8,
        st.sampled_from(
            [
                "Basic " + base64.b64encode(b"tester:tester-secret").decode(),
                "Bearer tester-token",
                "SoTicket tester-ticket",
            ]
        ),
    ),
    (1, st.none()),
    (
        1,
        st.one_of(
            st.sampled_from(
                [
                    "",
                    "Basic",
                    "Basic !!!",
                    "Basic " + base64.b64encode(b"\xff\xfe:x").decode(),
                    "Bearer wrong",
                    "Digest x",
                    "bearer tester-token",
                ]
            ),
            HEADER_TEXT,
        ),
    ),
)
OPTIONAL_HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "Accept": ACCEPTS,
        "If-Unmodified-Since": DATES,
        "Accept-Language": LANGUAGES,
        "SO-Language": LANGUAGES,
        "SO-Culture": LANGUAGES,
        "SO-TimeZone": ZONES,
        "SO-AppToken": HEADER_TEXT,
        "X-XSRF-TOKEN": HEADER_TEXT,
    },
)
SELECT_NAMES = st.one_of(
    st.sampled_from(PROPERTIES),
    st.sampled_from(
        ["category/id", "emails/value", "Address/Street/City", "persons/firstname", "nothing", "", " ", "/", "*"]
    ),
)
QUERIES = st.one_of(
    st.just(""),
    st.lists(SELECT_NAMES, max_size=5).map(lambda names: "$select=" + quote(",".join(names), safe=",/")),
    st.text(max_size=30).map(lambda t: "$select=" + quote(t, safe="")),
    st.text(alphabet=string.printable.strip() + "%", max_size=30).map(lambda t: quote(t, safe="=&%$")),
    st.sampled_from(
        ["$select", "$select=&$select=Name", "%24select=Name", "$SELECT=name", "$select=%zz", "a=1&b", "&&&="]
    ),
)

# -- bodies -------------------------------------------------------------------------------------------

JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2**40), 2**40), st.floats(), st.text(max_size=20))
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
SEED = st.sampled_from(SEEDS)
NAMES = st.one_of(st.text(max_size=90), st.integers(0, 300).map(lambda n: "x" * n))


def _json(document) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")


@st.composite
def valid_contacts(draw) -> dict:
    """A seed contact with a new Name and, sometimes, a few writable fields changed."""
    contact = {**draw(SEED), "Name": draw(st.text(max_size=40))}
    if draw(st.booleans()):
        contact["Department"] = draw(st.one_of(st.none(), st.text(max_size=40)))
        contact["Emails"] = draw(
            st.lists(
                st.fixed_dictionaries({"Value": st.text(max_size=30), "Description": st.text(max_size=20)}), max_size=3
            )
        )
        contact["Domains"] = draw(st.one_of(st.none(), st.lists(st.text(max_size=20), max_size=3)))
    for name in draw(st.lists(st.sampled_from(PROPERTIES), max_size=4)):
        contact.pop(name, None)
    return contact


@st.composite
def broken_contacts(draw) -> dict:
    """A seed contact with some properties (top level or one level down) replaced by random JSON values."""
    contact = json.loads(json.dumps(draw(SEED)))
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(PROPERTIES + ["Unknown", ""]))
        if isinstance(contact.get(name), dict) and contact[name] and draw(st.booleans()):
            contact[name][draw(st.sampled_from(sorted(contact[name])))] = draw(JSON_VALUES)
        elif isinstance(contact.get(name), list) and contact[name] and draw(st.booleans()):
            contact[name][0] = draw(JSON_VALUES)
        else:
            contact[name] = draw(JSON_VALUES)
    contact["Name"] = draw(NAMES)
    return contact


def _invalid_utf8(data: bytes, position: int, junk: bytes) -> bytes:
    position %= max(len(data), 1)
    return data[:position] + junk + data[position:]


def _nested(depth: int, kind: str) -> bytes:
    if kind == "array":
        return b"[" * depth + b"]" * depth
    if kind == "open":
        return b"[" * depth
    return b'{"a":' * depth + b"1" + b"}" * depth


XML_TEMPLATES = [
    (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><ContactEntity><Name>&c;</Name></ContactEntity>'
    ),
    b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><ContactEntity><Name>&x;</Name></ContactEntity>',
    b'<!DOCTYPE ContactEntity SYSTEM "http://127.0.0.1:9/x.dtd"><ContactEntity/>',
    b"<ContactEntity><Name>x</Name><Name>y</Name></ContactEntity>",
    b'<ContactEntity xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:nil="true"/>',
    b"<ContactEntity><Emails><EntityElement><Value>a</Value></EntityElement></Emails><Xstop>?</Xstop></ContactEntity>",
    b'<?xml version="1.0" encoding="utf-16"?><ContactEntity/>',
    b"<ContactEntityWithLinks><ContactId>99999999999</ContactId></ContactEntityWithLinks>",
    b"<ContactEntity><Domains><string>a</string><x><y/></x></Domains></ContactEntity>",
    b"<ContactEntity>" + b"<a>" * 64 + b"</a>" * 64 + b"</ContactEntity>",
]


@st.composite
def xml_bodies(draw) -> bytes:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return xmlcodec.to_xml(draw(valid_contacts()))
    if choice == 1:
        return draw(st.sampled_from(XML_TEMPLATES))
    if choice == 2:
        name, source = draw(st.text(max_size=40)).replace("]]>", ""), draw(st.text(max_size=5))
        xml = f"<ContactEntity><Name><![CDATA[{name}]]></Name><Source>{source}</Source></ContactEntity>"
        return xml.encode("utf-8", "surrogatepass")
    data = xmlcodec.to_xml(draw(valid_contacts()))
    return data[: draw(st.integers(0, len(data)))]


FORM_KEYS = st.one_of(
    st.sampled_from(PROPERTIES), st.sampled_from(["name", "NOMAILING", "source", "Emails"]), st.text(max_size=8)
)
FORM_BODIES = st.one_of(
    st.dictionaries(
        FORM_KEYS,
        st.one_of(st.text(max_size=30), st.sampled_from(["true", "false", "1", "0", "12", "-1", "1e3"])),
        max_size=5,
    ).map(lambda fields: urlencode(fields).encode()),
    st.binary(max_size=64),
    st.text(alphabet="=&%+abcDEF019", max_size=40).map(str.encode),
    st.sampled_from(
        [b"Name=+2AA-", b"Name=\\ud800", b"Name=%ED%A0%80", b"Name=\xff", b"Source=\xd9\xa1", b"NoMailing=maybe"]
    ),
)
BODIES = weighted(
    (4, valid_contacts().map(_json)),
    (
        6,
        st.one_of(
            st.just(b""),
            broken_contacts().map(_json),
            JSON_VALUES.map(_json),
            st.binary(max_size=256),
            st.tuples(
                valid_contacts().map(_json),
                st.integers(0, 10**6),
                st.sampled_from([b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82"]),
            ).map(lambda p: _invalid_utf8(*p)),
            st.tuples(st.integers(1, 3000), st.sampled_from(["array", "open", "object"])).map(lambda p: _nested(*p)),
            st.sampled_from(
                [
                    b'{"Name": "\\ud800"}',
                    b'{"Name": NaN}',
                    b'{"Source": 1e400}',
                    b"null",
                    b"[]",
                    b'"x"',
                    b"{}",
                    b'{"ContactId": "1"}',
                    b'{"Emails": 5}',
                ]
            ),
            xml_bodies(),
            FORM_BODIES,
        ),
    ),
)


@dataclass
class FuzzRequest:
    method: str
    path: str
    query: str
    headers: dict = field(default_factory=dict)
    body: bytes = b""

    @property
    def target(self) -> str:
        return self.path + ("?" + self.query if self.query else "")


@st.composite
def fuzz_requests(draw) -> FuzzRequest:
    method = draw(METHODS)
    headers = draw(OPTIONAL_HEADERS)
    authorization = draw(AUTHORIZATIONS)
    if authorization is not None:
        headers["Authorization"] = authorization
    body = b""
    if method in ("PUT", "POST", "PATCH") or draw(st.integers(0, 9)) == 0:
        body = draw(BODIES)
        headers["Content-Type"] = draw(weighted((3, _matching_content_type(body)), (1, CONTENT_TYPES)))
    path = draw(PATHS)
    if method == "POST" and draw(st.booleans()):
        path = "/api/v1/Contact"  # where POST creates
    if (
        method == "DELETE"
        and path.startswith("/api/v1/Contact/")
        and path[16:].isdigit()
        and int(path[16:]) < DELETABLE[0]
    ):
        path = f"/api/v1/Contact/{draw(st.sampled_from(DELETABLE))}"  # keep most contacts for the PUTs
    return FuzzRequest(method, path, draw(QUERIES), headers, body)


def _matching_content_type(body: bytes):
    """A media type that fits the body, with a charset parameter (often an odd one) now and then."""
    stripped = body.lstrip()
    if stripped.startswith(b"<"):
        kinds = st.sampled_from(["application/xml", "text/xml"])
    elif stripped[:1] in (b"{", b"[", b'"', b"n"):
        kinds = st.sampled_from(
            ["application/json", "text/json", "application/merge-patch+json", "application/json-patch+json"]
        )
    else:
        kinds = st.just("application/x-www-form-urlencoded")
    charsets = weighted((2, st.just(None)), (1, st.sampled_from(CHARSETS)))
    return st.tuples(kinds, charsets).map(lambda p: p[0] if p[1] is None else f"{p[0]}; charset={p[1]}")


# -- the server and the client ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory):
    """A reference server of the fuzz's own (it deletes and rewrites contacts)."""
    with running_server(db=tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3") as server:
        yield server


class Client:
    """One keep-alive connection, reopened when the server closes it."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def send(self, request: FuzzRequest) -> tuple[int, dict, bytes]:
        for attempt in range(2):
            try:
                self.connection.putrequest(request.method, request.target, skip_accept_encoding=True)
                for name, value in request.headers.items():
                    self.connection.putheader(name, value.encode("latin-1"))
                self.connection.putheader("Content-Length", str(len(request.body)))
                self.connection.endheaders(request.body or None)
                response = self.connection.getresponse()
                body = response.read()
                if response.will_close:
                    self.connection.close()
                return response.status, {k.lower(): v for k, v in response.getheaders()}, body
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.connection.close()


def _authenticated(headers: dict) -> bool:
    value = headers.get("Authorization", "")
    return value.strip() in (
        "Basic " + base64.b64encode(b"tester:tester-secret").decode(),
        "Bearer tester-token",
        "SoTicket tester-ticket",
        "bearer tester-token",
    )


def _check(request: FuzzRequest, status: int, headers: dict, body: bytes) -> None:
    """What every answer must satisfy."""
    assert status < 500, f"{status} for {request}: {body[:300]!r}"
    assert status in KNOWN_STATUSES, f"{status} for {request}"
    if not _authenticated(request.headers):
        assert status >= 400, f"{status} without valid credentials for {request}"
    content_type = headers.get("content-type", "")
    if request.method == "HEAD" or not body:
        return
    if status >= 400 and content_type.startswith("application/json"):
        error = json.loads(body)
        assert error["Error"] is True and isinstance(error["ErrorMessage"], str), error
    if status == 200 and request.method in ("GET", "PUT", "POST"):
        if content_type.startswith(("application/xml", "text/xml")):
            xmlcodec.from_xml(body)  # well-formed, in the shape the codec reads
            return
        document = json.loads(body)
        projected = any(key == "$select" for key, _ in parse_qsl(request.query, keep_blank_values=True))
        validator = load_validators().projected if projected else load_validators().response
        assert validator.is_valid(document), (
            f"200 body not schema-valid for {request}: {[str(v) for v in validator.violations(document)][:3]}"
        )


def test_no_request_is_answered_with_a_5xx_and_the_server_keeps_working(fuzz_server):
    """2,000 random requests (methods, paths, headers, queries, bodies): no 5xx, then a normal PUT answers 200."""
    client = Client(fuzz_server.url)
    sent = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
    @given(request=fuzz_requests())
    def one_request(request: FuzzRequest) -> None:
        status, headers, body = client.send(request)
        sent.append(status)
        _check(request, status, headers, body)

    try:
        one_request()
    finally:
        client.close()
    assert len(sent) >= EXAMPLES
    assert {200, 400, 401, 404}.issubset(set(sent)), sorted(set(sent))

    authorization = {"Authorization": basic(fuzz_server.credentials.user, fuzz_server.credentials.password)}
    url = f"{fuzz_server.url}/api/v1/Contact/{UNTOUCHED_ID}"
    contact = requests.get(url, headers=authorization, timeout=30).json()
    response = requests.put(url, json={**contact, "Name": "After the fuzz"}, headers=authorization, timeout=30)
    assert response.status_code == 200
    assert requests.get(url, headers=authorization, timeout=30).json()["Name"] == "After the fuzz"
    assert "Traceback" not in fuzz_server.log()
