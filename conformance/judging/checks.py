"""Checks: small pure functions over exchanges that raise Nonconformance when a rule is broken.

One shape for all: ``check(what it judges, details..., *, requirement="<id>")``. The requirement is a keyword
and has no default, so every call names the requirement it judges: ``grep -rn '"put.echo"' conformance/``
leads from a requirement to its checks and the tests that call them.

What a check returns is what it vouched for: a check over an exchange returns the exchange, a check that reads
a body (``json_body``, ``valid_contact``, ``xml_contact``) returns the body it parsed, a check over bodies returns
None. When the rule is broken it raises with the evidence: expected and actual values and the JSON pointer of
the culprit. A check over an exchange names that exchange as the culprit; a check over bodies gets its culprit
from the caller (``with outcomes.blame(exchange): ...``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from conformance.judging.exchange import Exchange
from conformance.judging.outcomes import Nonconformance, Nonconformances
from conformance.spec import carriers, xmlcodec
from conformance.spec.isodate import parse_datetime, same_instant
from conformance.spec.rules import WRITABLE_ELEMENT_LISTS, WRITABLE_STRING_LISTS, writable_view
from conformance.spec.validators import json_pointer, load_validators

DOCUMENTED_STATUSES = frozenset({200, 400, 401, 404, 412, 415})
CONTACT_KIND = carriers.Kind("carrier", carrier=carriers.ROOT)


@contextmanager
def collected() -> Iterator[Callable[..., Any]]:
    """Run several checks on one exchange and report every broken requirement, not just the first.

        with checks.collected() as expect:
            expect(checks.status_is, response, 400, "put.no-body")
            expect(checks.error_shape, response)

    Every check in the block runs, so a requirement whose checks in it all passed has been judged even
    when another one failed: the raised finding says so (``judged``). Put a test's remaining checks in
    the block, so that a SHOULD failure does not leave its MUST requirements unjudged.
    """
    found: list[Nonconformance] = []
    checked: set[str] = set()

    def expect(check: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        requirement = _requirement_of(check, args, kwargs)
        if requirement is not None:
            checked.add(requirement)
        try:
            return check(*args, **kwargs)
        except Nonconformance as finding:
            found.append(finding)
            return None

    yield expect
    judged = checked - {finding.requirement for finding in found}
    if len(found) == 1:
        found[0].judged = frozenset(judged)
        raise found[0]
    if found:
        raise Nonconformances(found, judged)


def _requirement_of(check: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> str | None:
    """The requirement a check call judges: its ``requirement`` argument, given or defaulted."""
    try:
        bound = inspect.signature(check).bind(*args, **kwargs)
    except (TypeError, ValueError):
        return None
    bound.apply_defaults()
    requirement = bound.arguments.get("requirement")
    return requirement if isinstance(requirement, str) else None


def answered(exchange: Exchange, *, requirement: str) -> Exchange:
    """The target sent a complete response."""
    if exchange.error:
        raise Nonconformance(
            requirement, f"no complete response to {exchange.method}: {exchange.error}", culprit=exchange
        )
    return exchange


def not_a_server_error(exchange: Exchange, what: str, *, requirement: str) -> Exchange:
    """The target answered ``what`` completely, and not with a 5xx."""
    answered(exchange, requirement=requirement)
    if exchange.status is not None and exchange.status >= 500:
        raise Nonconformance(
            requirement, f"{what} answered {exchange.status}", expected="< 500", actual=exchange.status
        )
    return exchange


def status_is(exchange: Exchange, expected: int | Iterable[int], *, requirement: str) -> Exchange:
    """The status is the expected one (or one of them)."""
    answered(exchange, requirement=requirement)
    allowed = {expected} if isinstance(expected, int) else set(expected)
    if exchange.status not in allowed:
        wanted = " or ".join(str(s) for s in sorted(allowed))
        detail = _error_message(exchange)
        raise Nonconformance(
            requirement,
            f"{exchange.method} answered {exchange.status}{detail}",
            expected=wanted,
            actual=exchange.status,
            culprit=exchange,
        )
    return exchange


def _error_message(exchange: Exchange) -> str:
    try:
        body = exchange.json()
    except ValueError:
        return ""
    message = body.get("ErrorMessage") if isinstance(body, dict) else None
    return f" ({message})" if isinstance(message, str) else ""


def json_body(exchange: Exchange, *, requirement: str) -> Any:
    """The response body parsed as JSON."""
    answered(exchange, requirement=requirement)
    body, problem = readable(exchange)
    if problem is not None:
        raise Nonconformance(requirement, problem, culprit=exchange)
    return body


def readable(exchange: Exchange) -> tuple[Any, str | None]:
    """(the JSON body, None), or (None, why the body cannot be read): for code that observes instead of judging."""
    if exchange.error:
        return None, f"no complete response to {exchange.method}: {exchange.error}"
    if exchange.truncated:
        return None, "the response body is larger than any contact could be (cut at 8 MiB)"
    try:
        return exchange.json(), None
    except UnicodeDecodeError as error:
        return None, f"the response body is not UTF-8 ({error.reason} at byte {error.start})"
    except ValueError as error:
        preview = exchange.response_body[:80].decode("utf-8", "replace")
        media = exchange.header("content-type") or "no Content-Type"
        return None, f"the response body ({media}) is not JSON ({error}): {preview!r}"


def valid_contact(exchange: Exchange, *, requirement: str, projected: bool = False) -> dict[str, Any]:
    """A 200 whose JSON body is valid against ContactEntityWithLinks (or its $select variant)."""
    status_is(exchange, 200, requirement=requirement)
    body = json_body(exchange, requirement=requirement)
    validator = load_validators().projected if projected else load_validators().response
    problems = validator.violations(body)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise Nonconformance(
            requirement,
            f"the body is not a valid ContactEntityWithLinks: {first.message}{more}",
            pointer=first.pointer,
            culprit=exchange,
        )
    assert isinstance(body, dict), body  # both schemas' root is an object: a body without violations is one
    return body


def media_type_is(exchange: Exchange, expected: str, *, requirement: str) -> Exchange:
    """The response's Content-Type names the expected media type."""
    if exchange.media_type != expected:
        raise Nonconformance(
            requirement,
            "wrong response media type",
            expected=expected,
            actual=exchange.header("content-type"),
            culprit=exchange,
        )
    return exchange


ERROR_STATUSES = frozenset({400, 404, 412, 415})


def error_shape(exchange: Exchange, *, requirement: str) -> Exchange:
    """A 400, 404, 412 or 415 answer to a request that accepts JSON is a JSON body with ``Error: true`` and a
    string ``ErrorMessage``.

    A 401 may have any body; a request whose Accept names no JSON (or ``*/*``) may get any error body.
    """
    if exchange.status not in ERROR_STATUSES or not _accepts_json(exchange):
        return exchange
    if exchange.media_type not in ("application/json", "text/json"):
        raise Nonconformance(
            requirement,
            f"a {exchange.status} error body is not JSON",
            expected="application/json or text/json",
            actual=exchange.header("content-type") or "no Content-Type",
            culprit=exchange,
        )
    body = json_body(exchange, requirement=requirement)
    if not isinstance(body, dict) or body.get("Error") is not True:
        raise Nonconformance(
            requirement,
            f"a {exchange.status} body lacks Error: true",
            pointer="/Error",
            actual=_get(body, "Error"),
            culprit=exchange,
        )
    if not isinstance(body.get("ErrorMessage"), str):
        raise Nonconformance(
            requirement,
            f"a {exchange.status} body lacks a string ErrorMessage",
            pointer="/ErrorMessage",
            actual=body.get("ErrorMessage"),
            culprit=exchange,
        )
    return exchange


def _accepts_json(exchange: Exchange) -> bool:
    """Whether the request's Accept lets the answer be JSON (none, a JSON type, or a wildcard)."""
    accept = next((v for k, v in exchange.request_headers.items() if k.lower() == "accept"), None)
    if not accept:
        return True
    kinds = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    return any(kind in ("*/*", "application/*", "text/*") or kind.endswith("json") for kind in kinds)


def _get(body: Any, key: str) -> Any:
    return body.get(key) if isinstance(body, dict) else body


def status_documented(exchange: Exchange, *, requirement: str) -> Exchange:
    """The status is one the spec documents (200, 400, 401, 404, 412, 415)."""
    if exchange.status is not None and exchange.status not in DOCUMENTED_STATUSES:
        raise Nonconformance(
            requirement,
            f"{exchange.method} answered an undocumented status",
            expected="200/400/401/404/412/415",
            actual=exchange.status,
            culprit=exchange,
        )
    return exchange


def _same_text(sent: str | None, received: str | None) -> bool:
    """Strings compare exactly; a null sent may come back as "" (cleared)."""
    return sent == received or (sent is None and received == "")


def _same_list(sent: list[Any] | None, received: list[Any] | None) -> bool:
    return sent == received or (not sent and not received)


def _writable_differences(
    sent: dict[str, Any], received: dict[str, Any], fields: Iterable[str]
) -> list[tuple[str, Any, Any]]:
    """(pointer, sent, received) for each writable field that did not come back as sent."""
    sent_view, received_view = writable_view(sent), writable_view(received)
    found: list[tuple[str, Any, Any]] = []
    for name in fields:
        want, got = sent_view[name], received_view[name]
        if name in WRITABLE_STRING_LISTS:
            if not _same_list(want, got):
                found.append((f"/{name}", want, got))
        elif name in WRITABLE_ELEMENT_LISTS:
            found += _element_differences(name, want, got)
        elif isinstance(want, str) or want is None:
            if not _same_text(want, got):
                found.append((f"/{name}", want, got))
        elif want != got or type(want) is not type(got):
            found.append((f"/{name}", want, got))
    return found


def _element_differences(name: str, want: list[Any] | None, got: list[Any] | None) -> list[tuple[str, Any, Any]]:
    if not want and not got:
        return []
    if want is None or got is None or len(want) != len(got):  # None here: the other list is not empty
        return [(f"/{name}", want, got)]
    found: list[tuple[str, Any, Any]] = []
    for index, (w, g) in enumerate(zip(want, got, strict=True)):
        for member in ("Value", "Description"):
            if not _same_text(w[member], g[member]):
                found.append((f"/{name}/{index}/{member}", w[member], g[member]))
    return found


def echoed(
    sent: dict[str, Any], received: dict[str, Any], *, requirement: str, fields: Iterable[str] | None = None
) -> None:
    """Every writable field sent comes back equal (strings exactly, booleans, list order)."""
    names = [n for n in (writable_view(sent) if fields is None else fields) if n in sent]
    differences = _writable_differences(sent, received, names)
    if differences:
        pointer, want, got = differences[0]
        more = f" ({len(differences)} fields differ)" if len(differences) > 1 else ""
        raise Nonconformance(
            requirement, f"a written value did not come back{more}", pointer=pointer, expected=want, actual=got
        )


def same_values(
    expected: dict[str, Any],
    actual: dict[str, Any],
    *,
    requirement: str,
    ignore: Iterable[str] = (),
    what: str = "the contact",
) -> None:
    """Two contacts are equal, property by property (``ignore``d ones and ``_Links`` excepted).

    Values are compared as ``equal`` does: dates as instants, properties beyond the schema ignored.
    """
    difference = first_difference(expected, actual, ignore=ignore)
    if difference is not None:
        pointer, want, got = difference
        raise Nonconformance(requirement, f"{what} changed", pointer=pointer, expected=want, actual=got)


def first_difference(expected: Any, actual: Any, *, ignore: Iterable[str] = ()) -> tuple[str, Any, Any] | None:
    """(pointer, expected, actual) of the first property that differs (``ignore``d ones and ``_Links`` excepted),
    or None."""
    skipped = {"_Links", *ignore}
    for pointer, want, got in _differences(expected, actual, (), CONTACT_KIND):
        if not pointer or pointer.split("/")[1] not in skipped:  # "" = the bodies differ as a whole
            return pointer, want, got
    return None


def equal(a: Any, b: Any, kind: carriers.Kind | None = CONTACT_KIND) -> bool:
    """Whether two values of a kind (default: a whole contact) are the same value.

    Date-times are the same when they name the same instant (any RFC 3339 spelling);
    numbers compare by value; members of a carrier beyond the schema are ignored.
    """
    return next(iter(_differences(a, b, (), kind)), None) is None


def _carrier(kind: carriers.Kind) -> carriers.Carrier:
    """The carrier type a "carrier" kind names."""
    assert kind.carrier is not None, kind  # kind_of (and CONTACT_KIND) name the definition of every carrier kind
    return carriers.carriers()[kind.carrier]


def _item(kind: carriers.Kind) -> carriers.Kind:
    """The item kind of an "array" kind."""
    assert kind.item is not None, kind  # kind_of gives every array and map kind its item kind
    return kind.item


def _differences(
    a: Any, b: Any, path: tuple[str | int, ...], kind: carriers.Kind | None
) -> Iterable[tuple[str, Any, Any]]:
    if isinstance(a, dict) and isinstance(b, dict):
        members = _carrier(kind).properties if kind is not None and kind.name == "carrier" else None
        for key in list(a) + [k for k in b if k not in a]:
            if members is not None and key not in members:
                continue  # a property beyond the schema: ignored (SPEC-NOTES, "Freedoms")
            inner = (
                members[key]
                if members is not None
                else (kind.item if kind is not None and kind.name == "map" else None)
            )
            yield from _differences(a.get(key), b.get(key), (*path, key), inner)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        inner = kind.item if kind is not None and kind.name == "array" else None
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _differences(x, y, (*path, index), inner)
    elif kind is not None and kind.name == "date-time" and same_instant(a, b):
        return
    elif a != b or (type(a) is not type(b) and not (_is_number(a) and _is_number(b))):
        yield json_pointer(path), a, b


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_null_or_zero(value: Any, kind: carriers.Kind) -> bool:
    return value is None or carriers.is_dotnet_default(value, kind)


def projected(
    full: dict[str, Any],
    shaped: dict[str, Any],
    selected: dict[str, Any],
    *,
    requirement: str,
    compare: set[str] | None = None,
) -> None:
    """Selected properties equal the full body's; every other one is null or its .NET zero; keys kept.

    ``selected`` maps each selected top-level property to None (the whole value).
    ``compare`` limits the value comparison to those selected properties (default: all).
    """
    carrier = carriers.contact()
    missing = [name for name in carrier.properties if name not in shaped]
    if missing:
        raise Nonconformance(
            requirement,
            f"$select dropped keys instead of nulling them: {', '.join(missing[:5])}",
            pointer=f"/{missing[0]}",
        )
    for name, kind in carrier.properties.items():
        if name in selected and selected[name] is None:
            if (compare is None or name in compare) and not equal(shaped[name], full.get(name), kind):
                raise Nonconformance(
                    requirement,
                    "a selected property differs from the full body",
                    pointer=f"/{name}",
                    expected=full.get(name),
                    actual=shaped[name],
                )
        elif name not in selected and not _is_null_or_zero(shaped[name], kind):
            raise Nonconformance(
                requirement,
                "an unselected property was not nulled",
                pointer=f"/{name}",
                expected=None,
                actual=shaped[name],
            )


def nested_member_kept(
    full: dict[str, Any], shaped: dict[str, Any], path: tuple[str, str], *, requirement: str
) -> None:
    """``$select=category/id`` keeps ``Category.Id``; ``emails/value`` keeps each item's ``Value``."""
    outer, inner = path
    want, got = _members(full.get(outer), inner), _members(shaped.get(outer), inner)
    if want != got:
        raise Nonconformance(
            requirement,
            f"$select={outer.lower()}/{inner.lower()} did not keep {outer}.{inner}",
            pointer=f"/{outer}/{inner}",
            expected=want,
            actual=got,
        )


def _members(value: Any, member: str) -> Any:
    """A carrier's member, or the member of each item of a list of carriers."""
    if isinstance(value, list):
        return [item.get(member) if isinstance(item, dict) else None for item in value]
    return value.get(member) if isinstance(value, dict) else None


def nested_others_nulled(shaped: dict[str, Any], path: tuple[str, str], *, requirement: str) -> None:
    """``$select=category/id`` nulls (or zeroes) the other members of Category (of each item, for a list)."""
    outer, inner = path
    value = shaped.get(outer)
    items = value if isinstance(value, list) else [value]
    kind = carriers.contact().properties[outer]
    kinds = _carrier(_item(kind) if kind.name == "array" else kind).properties
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        where = f"/{outer}/{index}" if isinstance(value, list) else f"/{outer}"
        for member, member_value in item.items():
            if member != inner and member in kinds and not _is_null_or_zero(member_value, kinds[member]):
                raise Nonconformance(
                    requirement,
                    f"{outer}.{member} was not nulled",
                    pointer=f"{where}/{member}",
                    expected=None,
                    actual=member_value,
                )


def xml_contact(exchange: Exchange, contact_id: int | None, *, requirement: str) -> dict[str, Any]:
    """A well-formed XML contact rooted at ContactEntity(WithLinks) whose ContactId is the path id (unless None:
    projected away)."""
    status_is(exchange, 200, requirement=requirement)
    if exchange.truncated:
        raise Nonconformance(requirement, "the XML body is larger than any contact could be", culprit=exchange)
    try:
        body = xmlcodec.from_xml(exchange.response_body)
    except xmlcodec.XmlBodyError as error:
        raise Nonconformance(
            requirement, f"the body is not a well-formed XML contact: {error}", culprit=exchange
        ) from None
    if contact_id is not None and body.get("ContactId") != contact_id:
        raise Nonconformance(
            requirement,
            "the XML ContactId is not the path id",
            pointer="/ContactId",
            expected=contact_id,
            actual=body.get("ContactId"),
            culprit=exchange,
        )
    return body


def utc_date(body: dict[str, Any], name: str, *, requirement: str) -> None:
    """A date property is in UTC (``Z`` or a zero offset)."""
    value = body.get(name)
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None or _offset(moment).total_seconds() != 0:
        raise Nonconformance(
            requirement, f"{name} is not a UTC date-time", pointer=f"/{name}", expected="…Z or +00:00", actual=value
        )


def _offset(moment: datetime) -> timedelta:
    """The UTC offset of an aware datetime."""
    offset = moment.utcoffset()
    assert offset is not None, moment  # parse_datetime gives an aware datetime: its zone has an offset
    return offset
