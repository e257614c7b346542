"""The faithful-variant catalogue is well formed, and each variant really differs from the reference server.

The kill matrix (test_kill_matrix.py) proves each is certified; these tests prove each is
not the reference server in disguise, by a request on loopback that shows its freedom.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
import requests

from conformance.spec.httpdate import parse_http_date
from conformance.targets import variants
from conformance.targets.reference.server import running_server
from tests.reference.support import Api

VARIANTS = variants.catalogue()


def test_there_are_at_least_twelve_variants_in_every_family():
    assert len(VARIANTS) >= 12
    assert {v.family for v in VARIANTS.values()} >= {"dates", "encoding", "http", "choices"}


@pytest.mark.parametrize("variant", VARIANTS.values(), ids=list(VARIANTS))
def test_each_variant_says_what_it_does_and_which_freedom_it_uses(variant):
    assert variant.summary.endswith(".")
    assert "SPEC-NOTES" in variant.freedom or "README" in variant.freedom
    assert '"' in variant.freedom, "the freedom is quoted"


def test_the_variants_command_lists_every_variant_and_an_unknown_one_is_refused():
    listed = subprocess.run(
        [sys.executable, "-m", "conformance", "variants"], capture_output=True, text=True, timeout=60
    )
    assert listed.returncode == 0 and all(name in listed.stdout for name in VARIANTS)
    refused = subprocess.run(
        [sys.executable, "-m", "conformance", "serve", "--port", "0", "--variant", "no-such-variant"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2 and "unknown variant 'no-such-variant'" in refused.stderr


def _put_back(api: Api, cid: int, **kwargs) -> requests.Response:
    """PUT a contact as read (its own body), with extra request arguments."""
    body = {k: v for k, v in api.get(cid).json().items() if k != "_Links"}
    return api.put(cid, body, **kwargs)


def _zeros(api: Api, cid: int, **kwargs) -> list[str]:
    """The unset dates of a contact PUT with a Name only."""
    body = api.put(cid, {"Name": "Only a name"}, **kwargs).json()
    return [body[name] for name in ("DbiLastModified", "DbiLastSyncronized")]


def _raw(api: Api, cid: int, **headers) -> requests.Response:
    return requests.get(
        api.url(cid),
        headers={"Authorization": api.session.headers["Authorization"], **headers},
        stream=True,
        timeout=30,
    )


def _skew(response: requests.Response) -> timedelta:
    return parse_http_date(response.headers["Date"]) - datetime.now(timezone.utc)


#: Per variant: what a request about contact ``cid`` shows that the reference server would not.
SHOWS = {
    "dates-plus-zero-offset": lambda api, cid: _put_back(api, cid).json()["UpdatedDate"].endswith("+00:00"),
    "dates-local-offset": lambda api, cid: (
        _put_back(api, cid).json()["UpdatedDate"].endswith("+00:00")
        and api.get(cid).json()["DbiLastModified"].endswith("+02:00")
    ),
    "dates-whole-seconds": lambda api, cid: "." not in _put_back(api, cid).json()["UpdatedDate"],
    "dates-milliseconds": lambda api, cid: len(_put_back(api, cid).json()["UpdatedDate"].split(".")[1]) == len("123Z"),
    "dates-ticks": lambda api, cid: len(_put_back(api, cid).json()["UpdatedDate"].split(".")[1]) == len("1234567Z"),
    "zero-date-bare": lambda api, cid: (
        _zeros(api, cid) == ["0001-01-01T00:00:00"] * 2 and _put_back(api, cid).status_code == 200
    ),
    "zero-date-plus-zero": lambda api, cid: _zeros(api, cid) == ["0001-01-01T00:00:00+00:00"] * 2,
    "zero-date-fractions": lambda api, cid: _zeros(api, cid) == ["0001-01-01T00:00:00.0000000Z"] * 2,
    "select-zeroes-value-types": lambda api, cid: (
        _put_back(api, cid, params={"$select": "Name"}).json()["UpdatedDate"] == "0001-01-01T00:00:00Z"
    ),
    "clock-skewed": lambda api, cid: abs(_skew(_put_back(api, cid)) - timedelta(minutes=2)) < timedelta(seconds=10),
    "dates-fractions-untracked": lambda api, cid: _put_back(api, cid).json()["UpdatedDate"].endswith(".999000Z"),
    "clock-behind-fractions-untracked": lambda api, cid: (
        abs(_skew(response := _put_back(api, cid)) + timedelta(minutes=4)) < timedelta(seconds=10)
        and response.json()["UpdatedDate"].endswith(".001000Z")
    ),
    "json-keys-reversed": lambda api, cid: _put_back(api, cid).content.startswith(b'{"_Links"'),
    "json-keys-shuffled": lambda api, cid: len({api.get(cid).content[:40] for _ in range(5)}) > 1,
    "json-pretty-escaped": lambda api, cid: b'\n  "' in api.get(cid).content and b"\\/" in api.get(cid).content,
    "json-exponent-numbers": lambda api, cid: b"E+" in api.get(cid).content,
    "json-extra-properties": lambda api, cid: "ServerVersion" in _put_back(api, cid).json(),
    "xml-prefixed-no-nil": lambda api, cid: (
        b"<c:ContactEntity" in _put_back(api, cid, headers={"Accept": "application/xml"}).content
        and b"nil" not in api.put(cid, {"Name": "x"}, headers={"Accept": "application/xml"}).content
    ),
    "http-gzip": lambda api, cid: _raw(api, cid, **{"Accept-Encoding": "gzip"}).raw.read(2) == gzip.compress(b"")[:2],
    "http-chunked": lambda api, cid: _raw(api, cid).headers.get("Transfer-Encoding") == "chunked",
    "http-connection-close": lambda api, cid: _raw(api, cid).headers.get("Connection") == "close",
    "http-extra-headers": lambda api, cid: _raw(api, cid).reason != "OK" and "X-Powered-By" in _raw(api, cid).headers,
    "media-type-casing": lambda api, cid: _raw(api, cid).headers["Content-Type"].startswith("Application/JSON"),
    "empty-string-for-null": lambda api, cid: (
        api.put(cid, {"Name": "x", "Department": None}).json()["Department"] == ""
    ),
    "replace-keeps-left-out": lambda api, cid: (
        api.get(cid).json()["Department"] == api.put(cid, {"Name": "x"}).json()["Department"] is not None
    ),
    "select-unknown-refused": lambda api, cid: (
        _put_back(api, cid, params={"$select": "Name,NoSuchProperty"}).status_code == 400
    ),
    "path-id-refused": lambda api, cid: api.put(cid, {"ContactId": cid + 1, "Name": "x"}).status_code == 400,
}


@pytest.fixture(scope="module")
def reference_api():
    with running_server() as server:
        api = Api(server)
        yield api
        api.close()


def test_every_variant_has_a_probe():
    assert set(SHOWS) == set(VARIANTS)


@pytest.mark.parametrize("name", list(VARIANTS))
def test_each_variant_differs_from_the_reference_server_where_it_says(name, reference_api):
    """The probe holds against the variant and not against the reference server (each probe on a contact of its own)."""
    cid = list(VARIANTS).index(name) + 1
    assert not SHOWS[name](reference_api, cid), f"{name}: the reference server already does this"
    with running_server(variant=name) as server:
        api = Api(server)
        try:
            assert SHOWS[name](api, cid), f"{name}: the variant does not do what it says"
        finally:
            api.close()
