"""Faults in string values: a layer of the server changes a value that is an ordinary string.

Each saves the suite's usual strings (names, accents, blanks at both ends, characters outside the BMP) exactly
like the reference server, and changes one kind of known problem value (conformance/generation/problem_values.py)
the way a real parser, sanitiser, normaliser or type-guessing helper does. The second paragraph of each docstring
names the class of values and the standard that makes them ordinary strings: RFC 8259 §7 (a JSON string is any
sequence of code points, escapes decoded once) and SPEC-NOTES ``put.echo`` (strings come back exactly).
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote

from conformance.spec.isodate import parse_datetime
from conformance.spec.rules import WRITABLE_STRINGS
from conformance.targets.faults import fault
from conformance.targets.faults.persistence import ECHO_FAMILY
from conformance.targets.faults.transform import map_strings
from conformance.targets.reference.app import ReferenceApp

#: What the faults below break: the saved value differs, in JSON and in XML bodies.
SAVED_WRONG = (*ECHO_FAMILY, "content.xml")
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
TAG = re.compile(r"<[^<>]*>")
PERCENT_ENCODED = re.compile(r"%[0-9A-Fa-f]{2}")


class _ChangesSavedStrings(ReferenceApp):
    """Saves every string of a PUT body through ``change``."""

    def change(self, text: str) -> str:
        raise NotImplementedError

    def stored_for_put(self, current, entity):
        return super().stored_for_put(current, map_strings(entity, self.change))


@fault("blank-strings-emptied", "values", *SAVED_WRONG)
class BlankStringsEmptied(_ChangesSavedStrings):
    """Saves a string of blanks only as the empty string (an IsNullOrWhiteSpace guard).

    Class: strings of white space only. Source: RFC 8259 §7; SPEC-NOTES put.echo.
    """

    def change(self, text):
        return "" if text and not text.strip() else text


@fault("unicode-spaces-as-ascii", "values", *SAVED_WRONG)
class UnicodeSpacesAsAscii(_ChangesSavedStrings):
    """Replaces no-break and ideographic spaces with ASCII blanks (a text sanitiser).

    Class: Unicode white space other than U+0020. Source: Unicode UAX #44 (White_Space); SPEC-NOTES put.echo.
    """

    def change(self, text):
        return re.sub("[\u00a0\u2000-\u200a\u202f\u205f\u3000]", " ", text)


@fault("null-text-nulled", "values", *SAVED_WRONG)
class NullTextNulled(ReferenceApp):
    """Saves a top-level string "null", "NULL" or "undefined" as null (a loose reader of literals).

    Class: text that spells a literal of JSON, SQL or JavaScript. Source: RFC 8259 §3, §7 (a string is never a
    literal).
    """

    def stored_for_put(self, current, entity):
        literal = {name for name in WRITABLE_STRINGS if str(entity.get(name)).lower() in ("null", "undefined")}
        return super().stored_for_put(current, {k: None if k in literal else v for k, v in entity.items()})


@fault("number-text-normalised", "values", *SAVED_WRONG)
class NumberTextNormalised(_ChangesSavedStrings):
    """Saves a string that reads as a number in its canonical form: "007" as "7", "-0" as "0" (type guessing).

    Class: number-looking text. Source: RFC 8259 §6, §7 (a number in quotes is a string).
    """

    def change(self, text):
        if not NUMBER.fullmatch(text):
            return text
        number = float(text)
        return str(int(number)) if number.is_integer() else repr(number)


@fault("boolean-text-lowercased", "values", *SAVED_WRONG)
class BooleanTextLowercased(_ChangesSavedStrings):
    """Saves "True" and "False" as "true" and "false" (a serialiser that guesses booleans).

    Class: boolean-looking text. Source: RFC 8259 §3, §7.
    """

    def change(self, text):
        return text.lower() if text.lower() in ("true", "false") else text


@fault("date-text-reformatted", "values", *SAVED_WRONG)
class DateTextReformatted(_ChangesSavedStrings):
    """Reads a string that looks like an RFC 3339 date as a date and writes it back with an offset.

    Json.NET does this with DateParseHandling.DateTime.
    Class: date-looking text. Source: RFC 8259 §7 (a string is a string); RFC 3339.
    """

    def change(self, text):
        moment = parse_datetime(text) if len(text) >= 20 else None
        return text if moment is None else moment.isoformat()


@fault("markup-stripped", "values", *SAVED_WRONG)
class MarkupStripped(_ChangesSavedStrings):
    """Removes anything between angle brackets (an HTML sanitiser on input).

    Class: text with markup. Source: RFC 8259 §7; SPEC-NOTES put.echo.
    """

    def change(self, text):
        return TAG.sub("", text)


@fault("references-decoded", "values", *SAVED_WRONG)
class ReferencesDecoded(_ChangesSavedStrings):
    """Decodes character references in saved text a second time: "&amp;" is saved as "&".

    Class: text that spells a character reference. Source: XML 1.0 §4.1 (the parser decodes references once);
    RFC 8259 §7.
    """

    def change(self, text):
        return html.unescape(text)


@fault("backslash-escapes-decoded", "values", *SAVED_WRONG)
class BackslashEscapesDecoded(_ChangesSavedStrings):
    """Decodes backslash escapes a second time: the text "\\n" is saved as a line feed.

    Class: text with backslashes. Source: RFC 8259 §7 (escapes are decoded once, by the parser).
    """

    def change(self, text):
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m[1], m[1]), text)


@fault("quotes-doubled", "values", *SAVED_WRONG)
class QuotesDoubled(_ChangesSavedStrings):
    """Doubles single quotes in saved text (SQL escaping applied to a parameterised query).

    Class: text with apostrophes. Source: RFC 8259 §7; SPEC-NOTES put.echo.
    """

    def change(self, text):
        return text.replace("'", "''")


@fault("percent-decoded", "values", *SAVED_WRONG)
class PercentDecoded(_ChangesSavedStrings):
    """URL-decodes saved text that holds a percent-encoded octet: "%20" becomes a blank.

    Class: text with percent signs. Source: RFC 8259 §7 (a body string is not a URL component).
    """

    def change(self, text):
        return unquote(text) if PERCENT_ENCODED.search(text) else text


@fault("control-characters-stripped", "values", *ECHO_FAMILY)
class ControlCharactersStripped(_ChangesSavedStrings):
    """Removes control characters other than tab, line feed and carriage return (ESC, DEL, NUL, NEL).

    Class: control characters, which JSON carries escaped. Source: RFC 8259 §7 (any code point may be escaped).
    """

    def change(self, text):
        return "".join(ch for ch in text if ch in "\t\n\r" or unicodedata.category(ch) != "Cc")


@fault("nul-ends-text", "values", *ECHO_FAMILY)
class NulEndsText(_ChangesSavedStrings):
    """Cuts a string at its first U+0000 (a C string in the storage driver).

    Class: text with U+0000. Source: RFC 8259 §7 (\\u0000 is a character like any other).
    """

    def change(self, text):
        return text.partition("\x00")[0]


@fault("line-separators-as-newlines", "values", *SAVED_WRONG)
class LineSeparatorsAsNewlines(_ChangesSavedStrings):
    """Saves U+2028 and U+2029 as line feeds (a writer made safe for old JavaScript by replacing them).

    Class: Unicode line terminators. Source: RFC 8259 §7; ECMAScript 2019 (they are ordinary in JSON).
    """

    def change(self, text):
        return text.replace("\u2028", "\n").replace("\u2029", "\n")


@fault("invisible-characters-removed", "values", *SAVED_WRONG)
class InvisibleCharactersRemoved(_ChangesSavedStrings):
    """Removes format characters: zero-width spaces and joiners, a byte order mark, bidirectional controls.

    Class: format characters (general category Cf). Source: Unicode UAX #9 and #29; SPEC-NOTES put.echo.
    """

    def change(self, text):
        return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


@fault("compatibility-normalised", "values", *SAVED_WRONG)
class CompatibilityNormalised(_ChangesSavedStrings):
    """Maps compatibility characters to their plain forms, one character at a time: "ﬁ" as "fi", "①" as "1".

    Class: compatibility characters. Source: Unicode UAX #15 (NFKC changes text; put.echo keeps it exactly).
    """

    def change(self, text):
        return "".join(
            ch if unicodedata.decomposition(ch)[:1] != "<" else unicodedata.normalize("NFKC", ch) for ch in text
        )
