"""No request the suite sends is answered with a 5xx (SPEC-NOTES, server.no-5xx).

Every response of the whole run is watched for a 5xx; this test adds odd but
plausible requests: wrong types, broken bodies, strange media types, headers
and $select values.
"""

import json

from hypothesis import given
from hypothesis import strategies as st

from conformance.harness.exploration import examples
from conformance.judging import checks
from conformance.suite import requirement, with_values

CONTENT_TYPES = [
    "application/json",
    "text/json",
    "application/xml",
    "text/xml",
    "application/x-www-form-urlencoded",
    "application/merge-patch+json",
    "application/json-patch+json",
    "text/plain",
    "application/json; charset=latin-1",
    "multipart/form-data; boundary=x",
    "garbage",
    None,
]
PRINTABLE_ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def bodies(snapshot: dict) -> st.SearchStrategy[bytes]:
    """Bodies a careless client might send: wrong types, broken syntax, odd bytes, deep nesting."""
    names = sorted(k for k in snapshot if k != "_Links")
    mutated = st.builds(lambda name, value: {**snapshot, name: value}, st.sampled_from(names), JSON_VALUES)
    return st.one_of(
        mutated.map(lambda d: json.dumps(d, default=str).encode()),
        JSON_VALUES.map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=200),
        st.integers(1, 5000).map(lambda depth: b"[" * depth + b"]" * depth),
        st.just(b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><ContactEntity><Name>&e;</Name></ContactEntity>'),
        st.just(b"<ContactEntity><ContactId>not-a-number</ContactId></ContactEntity>"),
        st.just(b""),
    )


@requirement("server.no-5xx")
@examples("fuzz_examples")
@given(data=st.data())
def test_odd_requests_are_never_answered_with_5xx(client, workspace, profile, data):
    """Broken, mistyped or strange PUTs are answered with a 4xx (or 200), never a 5xx."""
    body = data.draw(bodies(with_values(workspace.primary.snapshot, {})), label="body")
    headers = {
        "Content-Type": data.draw(st.sampled_from(CONTENT_TYPES), label="content type"),
        "Accept": data.draw(
            st.sampled_from(["application/json", "application/xml", "image/png", "*/*", "text/*;q=0.1", "garbage"]),
            label="accept",
        ),
        "If-Unmodified-Since": data.draw(
            st.one_of(st.none(), st.text(PRINTABLE_ASCII, max_size=40).map(str.strip)), label="if-unmodified-since"
        ),
        "SO-TimeZone": data.draw(
            st.sampled_from([None, "UTC", "Nowhere/Nothing", "../../etc/passwd", "+05:00"]), label="zone"
        ),
    }
    select = data.draw(st.one_of(st.none(), st.text(max_size=30)), label="$select")
    response = client.send(
        "PUT",
        client.contact_path(workspace.primary.id),
        body=body,
        headers=headers,
        params=None if select is None else {"$select": select},
    )
    checks.not_a_server_error(response, "PUT", requirement="server.no-5xx")
