"""The members of each class of the input partition (conformance/spec/partition.py), as Hypothesis strategies.

``MEMBERS[class_id]`` draws any member of the class the governing standard allows; ``BOUNDARIES[class_id]`` are
the members every run sends (Hypothesis' explicit examples: the edges of the class and the spellings real servers
get wrong). A suite test draws from a class with ``conformance.suite.drawing(class_id, argument)``: the boundaries
first, then ``profile.class_examples`` drawn members. ``tests/test_partition.py`` fails when a class has no entry
here, or an entry whose strategy draws nothing.

Sequences (``seq:*``) are drawn by the state machine's rules (test_model.py); their entries draw the rule names.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from conformance.generation import problem_values
from conformance.generation.credentials import SECRET_NEIGHBOURS
from conformance.spec.rules import WRITABLE_SCALARS

#: Optional white space (RFC 9110 §5.6.3): what may stand around ";" and "," in a header.
OWS = st.sampled_from(["", " ", "  ", "\t"])
JSON_TYPES = ("application/json", "text/json")
XML_TYPES = ("application/xml", "text/xml")


def cased(text: str) -> st.SearchStrategy[str]:
    """``text`` with each letter in either case (names RFC 9110 and SPEC-NOTES match case-insensitively)."""
    return st.lists(st.booleans(), min_size=len(text), max_size=len(text)).map(
        lambda flips: "".join(ch.upper() if flip else ch.lower() for ch, flip in zip(text, flips, strict=True))
    )


def _charset() -> st.SearchStrategy[str]:
    """``charset=utf-8`` as RFC 9110 §5.6.6 allows it: name and value in any case, the value a token or quoted."""
    value = st.one_of(cased("utf-8"), cased("utf-8").map(lambda v: f'"{v}"'))
    return st.builds(lambda before, after, name, v: f"{before};{after}{name}={v}", OWS, OWS, cased("charset"), value)


def media_type(types: tuple[str, ...]) -> st.SearchStrategy[str]:
    """One of ``types`` in any case, with or without a charset parameter."""
    return st.builds(lambda t, p: t + p, st.sampled_from(types).flatmap(cased), st.one_of(st.just(""), _charset()))


def _weight(low: float, high: float) -> st.SearchStrategy[str]:
    """A q-value (RFC 9110 §12.4.2): at most three decimals, between ``low`` and ``high``."""
    return st.integers(int(low * 1000), int(high * 1000)).map(
        lambda n: "1" if n == 1000 else "0" if n == 0 else f"0.{n:03d}".rstrip("0")
    )


def _weighed(kind: str, weight: str) -> str:
    return f"{kind};q={weight}"


def q_value_pairs() -> st.SearchStrategy[tuple[str, str]]:
    """(Accept, the type it asks for): a JSON and an XML type, the other one refused with q=0 (RFC 9110 §12.4.2:
    "not acceptable"), the wanted one with any weight. Two weights above 0 both make a type acceptable: which one
    the server picks is its choice, so the suite draws none of those."""

    def build(wanted, other, high, wanted_first):
        parts = [_weighed(wanted, high), _weighed(other, "0")]
        return (", ".join(parts if wanted_first else parts[::-1]), wanted)

    pair = st.sampled_from(
        [(j, x) for j in JSON_TYPES for x in XML_TYPES] + [(x, j) for j in JSON_TYPES for x in XML_TYPES]
    )
    return pair.flatmap(lambda p: st.builds(build, st.just(p[0]), st.just(p[1]), _weight(0.001, 1), st.booleans()))


def media_ranges() -> st.SearchStrategy[tuple[str, tuple[str, ...]]]:
    """(Accept, the types it covers): ``application/*``, ``text/*`` or ``*/*``, maybe weighed."""
    ranges: dict[str, tuple[str, ...]] = {
        "application/*": ("application/json", "application/xml"),
        "text/*": ("text/json", "text/xml"),
        "*/*": JSON_TYPES + XML_TYPES,
    }
    return st.sampled_from(sorted(ranges)).flatmap(
        lambda r: st.tuples(st.one_of(st.just(r), _weight(0.001, 1).map(lambda q: f"{r};q={q}")), st.just(ranges[r]))
    )


def language_ranges() -> st.SearchStrategy[str]:
    """An Accept-Language list (RFC 9110 §12.5.4, RFC 4647 §2.1): tags or ``*`` in any case, q-values, blanks and
    empty list elements (§5.6.1.2)."""
    tag = st.sampled_from(["sv", "en-US", "nb-NO", "de-CH", "da", "*"]).flatmap(cased)
    element = st.one_of(tag, st.builds(_weighed, tag, _weight(0, 1)), st.just(""))
    return (
        st.lists(st.tuples(OWS, element, OWS), min_size=1, max_size=4)
        .map(lambda parts: ",".join(f"{a}{e}{b}" for a, e, b in parts).strip(" \t"))
        .filter(lambda value: value.strip(" \t,"))
    )


def xml_booleans() -> st.SearchStrategy[tuple[str, str, tuple[bool, bool]]]:
    """(NoMailing text, Xstop text, the booleans they mean): xsd:boolean's four literals with collapsed blanks."""
    literal = st.sampled_from([("true", True), ("1", True), ("false", False), ("0", False)])
    blanks = st.sampled_from(["", " ", "\n\t", "  \r\n"])

    def spelled(pair, before, after):
        return (before + pair[0] + after, pair[1])

    one = st.builds(spelled, literal, blanks, blanks)
    return st.tuples(one, one).map(lambda p: (p[0][0], p[1][0], (p[0][1], p[1][1])))


def select_names() -> st.SearchStrategy[str]:
    """Top-level names, comma-separated."""
    return st.lists(st.sampled_from(sorted(WRITABLE_SCALARS)), min_size=1, max_size=4, unique=True).map(",".join)


def repeated_selection() -> st.SearchStrategy[str]:
    """Name and Department, one of them (or both) given twice, in any case and order."""
    return (
        st.permutations(["name", "department", "name", "department"])
        .flatmap(
            lambda names: st.integers(3, 4).flatmap(
                lambda keep: st.tuples(*(cased(n) for n in names[:keep])).map(",".join)
            )
        )
        .filter(lambda s: {"name", "department"} <= set(s.lower().split(",")))
    )


def blanks_around_names() -> st.SearchStrategy[str]:
    """``Name`` and ``Department`` with blanks around either (SPEC-NOTES select.spaces)."""
    return st.builds(lambda a, b, c, d: f"{a}Name{b},{c}Department{d}", OWS, OWS, OWS, OWS)


#: class id -> a strategy of its members (or of what a test varies within it).
MEMBERS: dict[str, st.SearchStrategy[Any]] = {
    "id:existing": st.just("the workspace's primary contact"),
    "id:unknown": st.integers(10**6, 2**31 - 1),
    "id:not-a-number": st.text("abcxyz-_.", min_size=1, max_size=8),
    "id:int32-edges": st.one_of(st.integers(2**31, 2**63), st.integers(max_value=-1)),
    "id:other-in-body": st.integers(1, 2**31 - 1),
    "select:absent": st.none(),
    "select:names": select_names(),
    "select:case": cased("name,department"),
    "select:blanks": blanks_around_names(),
    "select:empty": st.sampled_from(["", " "]),
    "select:unknown-name": st.text("abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=12).map(lambda s: f"Name,No{s}"),
    "select:path": st.sampled_from(["category/id", "Category/Id", "emails/value"]).flatmap(cased),
    "select:repeated": repeated_selection(),
    "select:object-and-path": st.sampled_from(["Category,category/id", "emails/value,Emails"]).flatmap(cased),
    "select:path-into-scalar": st.sampled_from(["Name/Length", "NoMailing/x", "Xstop/Value"]).flatmap(cased),
    "ius:absent": st.none(),
    "ius:imf-earlier": st.integers(1, 10 * 365 * 86400),
    "ius:imf-same-second": st.just(0),
    "ius:later": st.integers(1, 10 * 365 * 86400),
    "ius:obsolete": st.tuples(st.sampled_from(["rfc850", "asctime"]), st.integers(-86400, 86400)),
    "ius:unparseable": st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40),
    "ius:concurrent": st.integers(2, 16),
    "content:json": media_type(("application/json",)),
    "content:text-json": media_type(("text/json",)),
    "content:spelling": media_type(JSON_TYPES),
    "content:xml": media_type(XML_TYPES),
    "content:unsupported": st.sampled_from(["text/plain", "application/octet-stream", "image/png"]).flatmap(cased),
    "content:charsets": st.sampled_from(["klingon", "rot13", "us-ascii", "utf-7", "base64", "x-unknown"]),
    "content:none": st.none(),
    "content:patch-forms": st.sampled_from(
        ["application/merge-patch+json", "application/json-patch+json", "application/x-www-form-urlencoded"]
    ),
    "accept:absent": st.none(),
    "accept:json": st.sampled_from(JSON_TYPES),
    "accept:xml": st.sampled_from(XML_TYPES),
    "accept:spelling": media_type(XML_TYPES),
    "accept:q-values": q_value_pairs(),
    "accept:ranges": media_ranges(),
    "accept:broken-weights": st.builds(
        lambda kind, weight: f"{kind};q={weight}, application/json",
        st.sampled_from(XML_TYPES + JSON_TYPES),
        st.sampled_from(["abc", "", "1.5.2", "-1", "0x1", "NaN", "1e3", "inf"]),
    ),
    "auth:none": st.none(),
    "auth:valid": st.sampled_from(["Basic", "Bearer", "SoTicket"]),
    "auth:valid-with-a-bad-body": st.sampled_from(["malformed", "mistyped", "not-an-object", "too-long"]),
    "auth:wrong": st.sampled_from(["Basic", "Bearer", "SoTicket"]),
    "auth:neighbours": st.sampled_from(
        sorted(SECRET_NEIGHBOURS) + ["colon-appended", "user-appended", "other-scheme", "unknown-scheme"]
    ),
    "auth:before-all": st.sampled_from(["malformed body", "unknown id", "stale date", "unsupported type"]),
    "headers:language": language_ranges(),
    "headers:language-forms": language_ranges(),
    "headers:timezone": st.sampled_from(["Asia/Kolkata", "America/New_York", "Europe/Oslo", "UTC"]),
    "headers:app-token": st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=40),
    "body:valid": st.just("conformance.generation.strategies.contact_entities"),
    "body:empty": st.just(b""),
    "body:malformed": st.sampled_from([b"{", b"{broken", b'{"Name": }', b"[1,]"]),
    "body:string-edges": st.integers(0, 1).map(lambda under: -under),
    "body:length-limits": st.integers(-1, 1),
    "body:problem-values": st.sampled_from(problem_values.texts()),
    "body:line-endings": st.lists(st.sampled_from(["\r\n", "\r", "\n", "line", "ø"]), min_size=1).map("".join),
    "body:xml-boolean": xml_booleans(),
    "body:xml-cr": st.lists(st.sampled_from(["\r\n", "\r", "text"]), min_size=1).map("".join),
    "body:read-only": st.sampled_from(["CreatedDate", "CreatedBy", "UtmParameters", "TableRight", "FieldProperties"]),
    "seq:after-get": st.just("put after the state machine's GET"),
    "seq:same-second": st.just("put_the_same_again"),
    "seq:after-refusal": st.just("put after a refused put"),
    "seq:repeated": st.just("put_the_same_again"),
    "seq:any-context": st.just("put"),
}

#: class id -> members every run sends, whatever it draws (the suite's explicit examples).
BOUNDARIES: dict[str, tuple[Any, ...]] = {
    "select:case": ("name,department", "nAmE,dEpArTmEnT"),
    "select:blanks": ("Name, Department", " Name , Department "),
    "select:repeated": ("Name,Department,Name", "department,Name,DEPARTMENT"),
    "content:spelling": (
        "application/json; charset=UTF-8",
        "text/json; Charset=Utf-8",
        'application/json; charset="utf-8"',
        "Application/JSON;CHARSET=UTF-8",
    ),
    "accept:spelling": ("Application/XML", 'TEXT/Xml; Charset="UTF-8"'),
    "accept:q-values": (
        ("application/xml;q=0", "application/json"),
        ("application/xml;q=0, application/json", "application/json"),
        ("text/xml; q=0, text/json", "text/json"),
        ("application/json;q=0, application/xml", "application/xml"),
        ("application/json;q=0, application/xml;q=0.5", "application/xml"),
    ),
    "accept:ranges": (
        ("application/*", ("application/json", "application/xml")),
        ("text/*", ("text/json", "text/xml")),
        ("*/*;q=0.1", JSON_TYPES + XML_TYPES),
    ),
    "accept:broken-weights": ("application/xml;q=abc, application/json", "text/xml;q=, application/json"),
    "headers:language-forms": ("*", "sv, , en;q=0.5", "EN-us;q=1.0, de-CH;q=0", "nb-NO , *;q=0.1"),
    "body:xml-boolean": (("1", "0", (True, False)), ("0", "1", (False, True)), (" true ", "\n\tfalse ", (True, False))),
}


def members(class_id: str) -> st.SearchStrategy[Any]:
    """Any member of the class ``class_id``."""
    return MEMBERS[class_id]


def boundaries(class_id: str) -> tuple[Any, ...]:
    """The members of ``class_id`` every run sends."""
    return BOUNDARIES.get(class_id, ())
