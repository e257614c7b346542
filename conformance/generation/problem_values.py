"""Known problem values: strings that break real servers, in the spirit of the Big List of Naughty Strings.

Each value is one a faithful server must save and give back exactly (SPEC-NOTES ``put.echo``: strings exactly,
Unicode included), and each is there because some layer of a real server is known to change it: a parser, a
sanitiser, a normaliser, a database column, a trimming or type-guessing helper. The reason says which, and the
standard that makes the value an ordinary string. Every writable field draws from the pool
(``conformance.generation.strategies.texts``) and ``conformance/suite/test_problem_values.py`` puts every value
into a field of each kind in each body format.

``for_xml()`` keeps the values XML 1.0 carries unchanged as character data: no control characters but tab and
line feed (a CR is normalised unless escaped, and test_equivalent_spellings sends it as ``&#13;``), no unassigned
or private-use code points.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal


@dataclass(frozen=True)
class ProblemValue:
    """A string and the reason it breaks servers."""

    text: str
    reason: str


def _v(text: str, reason: str) -> ProblemValue:
    return ProblemValue(text, reason)


POOL: tuple[ProblemValue, ...] = (
    # Emptiness and blanks: helpers that turn "" into null or strip what .NET's and Python's Trim() strip.
    _v("", "empty: stored as NULL or dropped by 'if value' checks"),
    _v(" ", "a single blank: trimmed to empty"),
    _v("\t", "a lone tab: trimmed or rejected as blank"),
    _v("\u00a0non\u00a0breaking\u00a0", "no-break spaces (U+00A0): str.strip and String.Trim remove them"),
    _v("\u3000ideographic\u3000", "ideographic spaces (U+3000): Unicode White_Space, trimmed by most Trim()s"),
    # Strings that look like other JSON or XML types: type-guessing serialisers and loose parsers.
    _v("null", "the JSON literal as text: read back as null"),
    _v("NULL", "the SQL literal as text"),
    _v("undefined", "the JavaScript literal as text"),
    _v("true", "a boolean-looking string: coerced to a boolean"),
    _v("False", "a boolean in .NET's spelling"),
    _v("0", "a number-looking string: coerced to 0"),
    _v("007", "leading zeros: lost when coerced to a number"),
    _v("-0", "negative zero: printed as 0"),
    _v("1e309", "overflows a double: Infinity when coerced"),
    _v("NaN", "not a number, as text"),
    _v("0x1F", "a hexadecimal literal"),
    _v("2026-12-07T00:00:00Z", "an RFC 3339 date as text: re-rendered or shifted to local time"),
    _v("12/07/2026", "a culture-specific date as text"),
    # Markup and escapes: sanitisers, template engines, double decoding (RFC 8259 §7; XML 1.0 §2.4).
    _v("<script>alert(1)</script>", "markup: stripped or escaped by HTML sanitisers"),
    _v("&amp; &lt;b&gt; &#13; &#x263A;", "character references as text: decoded a second time"),
    _v("]]><![CDATA[", "ends a CDATA section: breaks XML writers that wrap text in CDATA"),
    _v("<Name>inner</Name>", "an element of the entity itself as text"),
    _v("\"quoted\" 'single'", "both quotes: doubled by naive SQL escaping or cut by naive JSON writers"),
    _v("'; DROP TABLE contact; --", "SQL injection: doubled quotes or an error from string-built SQL"),
    _v("C:\\path\\to\\file \\n \\u0041", "backslashes and escape-looking text: unescaped a second time"),
    _v('{"Name": "nested"}', "a JSON document as text: parsed by loose readers"),
    _v("%00%0d%0a%20+", "percent-encoding and a plus: URL-decoded by mistake"),
    _v("{{7*7}} ${7*7} #{7*7}", "template syntax: evaluated by template engines"),
    # Characters below U+0020 and other controls JSON carries escaped (RFC 8259 §7).
    _v("nul\x00inside", "U+0000 inside: C strings and some drivers cut the value there"),
    _v("escape\x1b[31mred", "ESC of an ANSI colour code: stripped as a control character"),
    _v("delete\x7f", "U+007F DEL: stripped as a control character"),
    _v("next\u0085line", "U+0085 NEL: a line break to some parsers"),
    _v("line\u2028para\u2029graph", "U+2028 and U+2029: line terminators in JavaScript before ES2019"),
    # Unicode: normalisation (UAX #15), invisible characters, case mapping, clusters, planes.
    _v("\u212b\u2126", "Angstrom and Ohm signs: NFC changes them to Å and Ω"),
    _v("\ufb01le \u2460", "a ligature and a circled digit: NFKC changes them"),
    _v("Zero\u200bwidth\u200d\u2060joiners", "zero-width space, joiner and word joiner: removed as invisible"),
    _v("\ufeffBOM first", "a byte order mark at the start: dropped by decoders"),
    _v("left\u202eright\u202c", "right-to-left override: removed by bidi sanitisers"),
    _v("Straße İstanbul ǅ", "ß, dotted capital I, a titlecase digraph: case mapping changes their length"),
    _v("👩\u200d👩\u200d👧\u200d👦 🇳🇴 🏳\ufe0f\u200d🌈", "emoji sequences: split or cut inside a cluster"),
    _v("\U0001d54f\U00020000\U0010fffd", "characters outside the BMP, one in plane 16: narrow storage"),
    _v("\ufffd replacement", "U+FFFD: looks like an encoding error already happened"),
    _v("ﷺ ﷽", "single code points that render very wide"),
)


#: What strategies.XML_TEXT leaves out: surrogates, controls, unassigned and private-use code points.
XML_EXCLUDED: tuple[Literal["Cs", "Cc", "Cn", "Co"], ...] = ("Cs", "Cc", "Cn", "Co")


def _xml_carries(text: str) -> bool:
    """Character data every XML 1.0 parser returns unchanged: the characters of strategies.XML_TEXT."""
    return all(ch in "\t\n" or unicodedata.category(ch) not in XML_EXCLUDED for ch in text)


def texts() -> tuple[str, ...]:
    """Every problem value, for JSON bodies."""
    return tuple(value.text for value in POOL)


@lru_cache(maxsize=1)
def for_xml() -> tuple[str, ...]:
    """The problem values XML 1.0 carries unchanged."""
    return tuple(text for text in texts() if _xml_carries(text))
