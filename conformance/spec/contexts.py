"""The contexts a PUT can be sent in, and a pairwise covering set of them.

A context fixes every dimension the spec lets a client vary: the body's media type,
``Accept``, ``$select``, ``If-Unmodified-Since``, the credentials, the language,
culture, time-zone and app-token headers, and the size of the body. Each dimension
has a default (``application/json``, no ``Accept``, no ``$select``, no condition,
the run's credentials, no extra header, a typical body); a rule that holds in the
default context must hold in every other one.

``covering(...)`` gives a fixed list of contexts in which every pair of values of
two dimensions occurs at least once (a pairwise covering array, built greedily and
deterministically): a server that breaks a rule only when two dimensions take
particular values is caught whatever the seed. ``contexts()`` draws any
combination for the stateful test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from itertools import combinations

from hypothesis import strategies as st

#: Request media types (``Content-Type``), the JSON ones first.
CONTENT_TYPES = (
    "application/json",
    "text/json",
    "application/json; charset=utf-8",
    "text/json; charset=utf-8",
    "application/xml",
    "text/xml; charset=utf-8",
)
#: ``Accept`` values; None sends no Accept header (which means JSON).
ACCEPTS = (None, "application/json", "text/json", "application/xml", "text/xml")


@dataclass(frozen=True)
class SelectForm:
    """One way of writing ``$select``, the top-level names it selects and the requirement it exercises."""

    name: str
    raw: str | None
    selects: tuple[str, ...]
    requirement: str
    nested: tuple[str, str] | None = None  # (carrier property, member) a path keeps


SELECTS = (
    SelectForm("none", None, (), "put.ok"),
    SelectForm("empty", "", (), "select.empty"),
    SelectForm("as-written", "Name,Department,Emails", ("Name", "Department", "Emails"), "select.projection"),
    SelectForm(
        "lower-case",
        "name,orgnr,domains,updateddate",
        ("Name", "OrgNr", "Domains", "UpdatedDate"),
        "select.case-insensitive",
    ),
    SelectForm("blanks", " NAME , Description ,phones ", ("Name", "Description", "Phones"), "select.spaces"),
    SelectForm("nested", "name,category/id", ("Name",), "select.projection", nested=("Category", "Id")),
    SelectForm("array-path", "name,emails/value", ("Name",), "select.projection", nested=("Emails", "Value")),
    SelectForm(
        "carrier-arrays", "Emails,Urls,Faxes,Persons", ("Emails", "Urls", "Faxes", "Persons"), "select.projection"
    ),
    SelectForm(
        "maps",
        "UserDefinedFields,ExtraFields,CustomFields,Number1",
        ("UserDefinedFields", "ExtraFields", "CustomFields", "Number1"),
        "select.projection",
    ),
    SelectForm(
        "single-carriers",
        "Address,Business,Country,Xstop",
        ("Address", "Business", "Country", "Xstop"),
        "select.projection",
    ),
)
SELECT_FORMS = {form.name: form for form in SELECTS}


@dataclass(frozen=True)
class Condition:
    """An If-Unmodified-Since relative to the contact's last modification, in one date format."""

    name: str
    shift: int | None  # seconds from the last modification (cut to the second); None: not a date
    date_format: str  # imf | rfc850 | asctime | text
    text: str = ""  # the header value of an unparseable date

    @property
    def stale(self) -> bool:
        return self.shift is not None and self.shift < 0


CONDITIONS = (
    Condition("absent", None, "none"),
    Condition("current", 0, "imf"),
    Condition("later", 86400, "imf"),
    Condition("current-rfc850", 0, "rfc850"),
    Condition("later-asctime", 3600, "asctime"),  # an hour: +1 s was in the future or not by the millisecond
    Condition("unparseable", None, "text", "yesterday"),
    Condition("stale", -1, "imf"),
    Condition("stale-rfc850", -86400, "rfc850"),
    Condition("stale-asctime", -3600, "asctime"),
)
CONDITION_NAMES = {c.name: c for c in CONDITIONS}

#: Credentials: the run's own, each scheme the user gave, none, or one of the wrong kinds
#: (conformance.generation.credentials).
VALID_CREDENTIALS = ("primary", "Basic", "Bearer", "SoTicket")

#: Language, culture, time-zone and app-token headers.
HEADER_SETS = {
    "none": {},
    "accept-language": {"Accept-Language": "nb-NO, nb;q=0.9, en;q=0.8"},
    "so-language-off": {"Accept-Language": "en", "SO-Language": "*"},
    "so-culture": {"Accept-Language": "en", "SO-Culture": "nb-NO"},
    "so-timezone": {"SO-TimeZone": "Asia/Kolkata"},
    "unknown-zone-and-language": {"SO-TimeZone": "Mars/Olympus_Mons", "SO-Language": "no"},
    "so-apptoken": {"SO-AppToken": "conformance-suite-app"},
    "all": {
        "Accept-Language": "de",
        "SO-Language": "en",
        "SO-Culture": "en-US",
        "SO-TimeZone": "America/New_York",
        "SO-AppToken": "x",
    },
}

#: Body sizes: two writable fields, every writable field with typical values, every one at its FieldLength.
BODY_SIZES = ("typical", "few", "max")


@dataclass(frozen=True)
class Context:
    """Every dimension of one PUT request; the defaults are the plain context."""

    content_type: str = CONTENT_TYPES[0]
    accept: str | None = None
    select: str = "none"
    condition: str = "absent"
    credentials: str = "primary"
    headers: str = "none"
    body: str = "typical"

    @property
    def select_form(self) -> SelectForm:
        return SELECT_FORMS[self.select]

    @property
    def if_unmodified_since(self) -> Condition:
        return CONDITION_NAMES[self.condition]

    @property
    def xml_body(self) -> bool:
        return "xml" in self.content_type.lower()

    @property
    def xml_answer(self) -> bool:
        return self.accept is not None and "xml" in self.accept

    def differences(self) -> list[str]:
        """The dimensions in which this context differs from the plain one."""
        plain = Context()
        return [f.name for f in fields(self) if getattr(self, f.name) != getattr(plain, f.name)]

    def without(self, dimension: str) -> Context:
        """The same context with one dimension set back to its default."""
        return replace(self, **{dimension: getattr(Context(), dimension)})

    def label(self) -> str:
        """A short id without blanks: the values that differ from the plain context (``text-json+charset-nested``)."""
        return "-".join(_slug(name, getattr(self, name)) for name in self.differences()) or "plain"


_SLUG_PREFIX = {
    "content_type": "sent-as-",
    "accept": "accept-",
    "select": "select-",
    "condition": "ius-",
    "credentials": "auth-",
    "headers": "",
    "body": "body-",
}


def _slug(dimension: str, value: str | None) -> str:
    text = (
        (value or "none").lower().replace("application/", "").replace("/", "-").replace("; charset=utf-8", "+charset")
    )
    return _SLUG_PREFIX[dimension] + text.replace(":", "-")


#: A dimension's value: a field of ``Context`` (only ``accept`` may be None).
_Value = str | None
#: Two dimensions, each with a value.
_Pair = tuple[tuple[str, _Value], tuple[str, _Value]]


def covering(dimensions: Mapping[str, tuple[_Value, ...]]) -> list[Context]:
    """Contexts in which every pair of values of any two ``dimensions`` occurs (greedy, deterministic).

    Dimensions left out keep their default.
    """
    names = list(dimensions)
    uncovered = {((a, x), (b, y)) for a, b in combinations(names, 2) for x in dimensions[a] for y in dimensions[b]}
    rows: list[Context] = []
    while uncovered:
        (first, x), (second, y) = min(
            uncovered, key=lambda pair: (names.index(pair[0][0]), names.index(pair[1][0]), str(pair))
        )
        row: dict[str, _Value] = {first: x, second: y}
        for name in names:
            if name in row:
                continue
            row[name] = max(dimensions[name], key=lambda value: _gain(uncovered, row, name, value))
        # mypy checks every value against every field; each is a value of its own dimension (None only for accept)
        rows.append(Context(**row))  # type: ignore[arg-type]
        uncovered -= {((a, row[a]), (b, row[b])) for a, b in combinations(names, 2)}
    return rows


def _gain(uncovered: set[_Pair], row: dict[str, _Value], name: str, value: _Value) -> int:
    return sum(
        1
        for other, chosen in row.items()
        if ((other, chosen), (name, value)) in uncovered or ((name, value), (other, chosen)) in uncovered
    )


def accepted_contexts() -> list[Context]:
    """Pairwise contexts of requests a faithful server answers with 200."""
    return covering(
        {
            "select": tuple(SELECT_FORMS),
            "headers": tuple(HEADER_SETS),
            "content_type": CONTENT_TYPES,
            "condition": tuple(c.name for c in CONDITIONS if not c.stale),
            "accept": ACCEPTS,
            "credentials": VALID_CREDENTIALS,
            "body": BODY_SIZES,
        }
    )


def refused_contexts(wrong_kinds: tuple[str, ...]) -> list[Context]:
    """Pairwise contexts of requests a faithful server refuses (401 or 412), and must leave the contact unchanged."""
    refusals = tuple(f"wrong:{kind}" for kind in wrong_kinds) + ("none",)
    stale = tuple(c.name for c in CONDITIONS if c.stale)
    rows = covering(
        {
            "credentials": refusals,
            "content_type": CONTENT_TYPES,
            "accept": ACCEPTS,
            "select": ("none", "as-written", "nested"),
            "headers": ("none", "so-timezone", "so-apptoken", "accept-language"),
            "body": ("typical", "max"),
        }
    )
    rows += covering(
        {
            "condition": stale,
            "content_type": CONTENT_TYPES,
            "accept": ACCEPTS,
            "select": ("none", "as-written", "lower-case", "nested"),
            "headers": ("none", "so-timezone", "so-apptoken", "all"),
            "body": ("typical", "max"),
        }
    )
    return rows


def contexts(wrong_kinds: tuple[str, ...]) -> st.SearchStrategy[Context]:
    """Any context, every dimension drawn independently (the default first, so that examples shrink to it)."""
    credentials = VALID_CREDENTIALS + ("none",) + tuple(f"wrong:{kind}" for kind in wrong_kinds)
    return st.builds(
        Context,
        content_type=st.sampled_from(CONTENT_TYPES),
        accept=st.sampled_from(ACCEPTS),
        select=st.sampled_from(tuple(SELECT_FORMS)),
        condition=st.sampled_from(tuple(CONDITION_NAMES)),
        credentials=st.sampled_from(credentials),
        headers=st.sampled_from(tuple(HEADER_SETS)),
        body=st.sampled_from(BODY_SIZES),
    )
