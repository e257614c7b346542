"""A model of the contact: what a PUT in any context must answer and leave stored.

For a step (``Step``: a PUT sent in a context, see ``conformance.suite.steps``) the model predicts the status (401 for
missing or wrong credentials, 412 for a stale If-Unmodified-Since, 200 otherwise),
the response (media type, shape, the values sent, the ``$select`` projection, UTC
dates close to the clock) and the stored contact read back by GET (the values sent
after a 200, exactly the contact before after a refusal). ``divergences`` lists
where the step departs from the prediction, each with the *kind* of prediction
that failed.

Which requirement a divergence breaks depends on the context: a 415 to a
``text/json`` body breaks ``content.json``, the same 415 to a plain body
``put.ok``. ``credit`` finds out by isolation: the PUT is sent again with one
differing dimension at a time set back to its default; the dimensions whose
removal makes the divergence go away are its culprits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from conformance.judging import checks
from conformance.judging.exchange import Exchange
from conformance.judging.outcomes import Nonconformance, Nonconformances
from conformance.spec import carriers, xmlcodec
from conformance.spec.contexts import HEADER_SETS, Context, SelectForm
from conformance.spec.httpdate import parse_http_date
from conformance.spec.isodate import parse_datetime
from conformance.spec.rules import WRITABLE

#: The suite's clock may differ from the target's by up to 5 minutes (SPEC-NOTES, Freedoms); a minute more for the
#: request.
CLOCK_TOLERANCE = timedelta(minutes=6)
#: Kinds whose requirement depends on the context, found by isolation.
CONTEXTUAL = ("status", "body", "echo", "persisted")
BASE = {"status": "put.ok", "body": "put.ok", "echo": "put.echo", "persisted": "put.persisted"}
CONDITION_REQUIREMENTS = {
    "current": "ius.current",
    "later": "ius.future",
    "current-rfc850": "ius.obsolete-formats",
    "later-asctime": "ius.obsolete-formats",
    "unparseable": "ius.invalid",
}
JSON_ANSWERS = ("application/json", "text/json")


@dataclass
class Step:
    """A PUT sent in a context, and what the target did."""

    context: Context
    contact_id: int
    values: dict[str, Any]  # the writable values the step was drawn with
    sent: dict[str, Any]  # the entity sent (JSON-like, whatever the media type)
    before: dict[str, Any] | None  # the stored contact before (GET), None when the target has no GET
    response: Exchange
    after: dict[str, Any] | None = None  # the stored contact after (GET)
    sent_at: float = 0.0  # the suite's clock (epoch seconds) when the PUT was sent
    answered_at: float = 0.0


@dataclass(frozen=True)
class Divergence:
    """A prediction the step did not meet: its kind, and the finding as the base requirement words it."""

    kind: str
    finding: Nonconformance


def expected_status(context: Context) -> tuple[int, str]:
    """The status a faithful server answers in ``context``, and the requirement that says so."""
    if context.credentials == "none":
        return 401, "auth.required"
    if context.credentials.startswith("wrong:"):
        return 401, "auth.invalid"
    condition = context.if_unmodified_since
    if condition.stale:
        return 412, "ius.stale" if condition.date_format == "imf" else "ius.obsolete-formats"
    return 200, "put.ok"


def requirement_of(dimension: str, context: Context, kind: str) -> str:
    """The requirement a divergence of ``kind`` breaks when ``dimension`` of ``context`` is its culprit."""
    if dimension == "content_type":
        return "content.xml" if context.xml_body else "content.json"
    if dimension == "accept":
        if not context.xml_answer:
            return "accept.json"
        return "accept.xml.same-values" if kind == "echo" else "accept.xml"
    if dimension == "select":
        return "select.saves-all" if kind == "persisted" else context.select_form.requirement
    if dimension == "condition":
        return CONDITION_REQUIREMENTS[context.condition]
    if dimension == "credentials":
        return "auth.scheme"
    if dimension == "headers":
        return "headers.tolerated"
    return BASE[kind]


def fixed_requirement(kind: str, context: Context) -> str:
    """The requirement of a divergence that does not depend on isolation."""
    refusal = expected_status(context)[1]
    return {
        "refused": refusal,
        "unchanged": refusal,
        "error-shape": "error.shape",
        "media": "accept.xml" if context.xml_answer else ("accept.json" if context.accept else "put.ok"),
        "xml": "accept.xml",
        "xml-dialect": "accept.xml.same-values",
        "same-values": "accept.xml.same-values",
        "projection": context.select_form.requirement,
        "nested": "select.nested",
        "nested-others": "select.nested.others-null",
        "updated-date": "put.updated-date",
        "utc": "headers.timezone-utc" if "SO-TimeZone" in _headers(context) else "put.updated-date",
    }[kind]


def requirements_judged(context: Context, *, has_get: bool = True) -> list[str]:
    """Every requirement a step in ``context`` can be credited with (what its test declares)."""
    status, refusal = expected_status(context)
    if status != 200:
        return [refusal] + (["error.shape"] if status == 412 and _accepts_json(context) else [])
    kinds = ["status", "body", "echo"] + (["persisted"] if has_get else [])
    found = {BASE[kind] for kind in kinds} | {"put.updated-date"}
    found |= {requirement_of(d, context, k) for d in context.differences() if d != "body" for k in kinds}
    found.add(fixed_requirement("media", context))
    found.add(fixed_requirement("utc", context))
    if context.xml_answer:
        found |= {"accept.xml", "accept.xml.same-values"}
    if context.select_form.raw:
        found.add(context.select_form.requirement)
    if context.select_form.nested:
        found |= {"select.nested", "select.nested.others-null"}
    return sorted(found)


def divergences(step: Step) -> list[Divergence]:
    """Where the step departs from what the model predicts (empty for a faithful server)."""
    found: list[Divergence] = []
    status, requirement = expected_status(step.context)

    def note(kind: str, check: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return check(*args, **kwargs)
        except Nonconformance as finding:
            found.append(Divergence(kind, finding))
            return None

    if status != 200:
        note("refused", checks.status_is, step.response, status, requirement=requirement)
        if status == 412 and _accepts_json(step.context):
            note("error-shape", checks.error_shape, step.response, requirement="error.shape")
        if step.before is not None and step.after is not None:
            note(
                "unchanged",
                checks.same_values,
                step.before,
                step.after,
                requirement=requirement,
                what="the contact after a refused PUT",
            )
        return found
    if note("status", checks.status_is, step.response, 200, requirement="put.ok") is None:
        return found
    answer = note("media", _media_type, step)
    body = note("body", _answer_body, step) if answer is not None else None
    if body is not None:
        _judge_answer(step, body, note)
    if step.after is not None:
        note(
            "persisted",
            checks.echoed,
            step.sent,
            step.after,
            requirement="put.persisted",
            fields=_sent_writable(step.sent),
        )
        note("updated-date", _not_earlier, step, step.after)
    return found


def _judge_answer(step: Step, body: dict[str, Any], note: Callable[..., Any]) -> None:
    form = step.context.select_form
    if step.context.xml_answer:
        note("xml-dialect", _xml_dialect, step.response)
    selected = None if not form.raw else _selection(form)
    fields = [
        name for name in _sent_writable(step.sent) if selected is None or (name in selected and selected[name] is None)
    ]
    note("echo", checks.echoed, step.sent, body, requirement="put.echo", fields=fields)
    if step.after is not None and selected is not None:
        # Selected values sent are judged by the echo; a selected value not sent may be cleared or kept (put.replace),
        # so only the path id is compared here.
        shaped = body if not step.context.xml_answer else {**dict.fromkeys(_contact_keys()), **body}
        note(
            "projection",
            checks.projected,
            {"ContactId": step.contact_id},
            shaped,
            selected,
            requirement="put.ok",
            compare={"ContactId"},
        )
        if form.nested and _same_items(
            step.sent.get(form.nested[0]), shaped.get(form.nested[0]), form.nested[0] in step.sent
        ):
            note("nested", checks.nested_member_kept, step.sent, shaped, form.nested, requirement="put.ok")
            note("nested-others", checks.nested_others_nulled, shaped, form.nested, requirement="put.ok")
    elif step.after is not None and step.context.xml_answer:
        note("same-values", _same_scalars, step.after, body)
    note("utc", _utc_near_clock, step, body)


def _same_items(sent: Any, shaped: Any, was_sent: bool) -> bool:
    """Whether the kept member can be judged: the carrier was sent (one left out may be cleared or kept, put.replace),
    and a list came back with as many items as were sent (a lost item is the echo's and the GET's to judge)."""
    if not was_sent:
        return False
    return not isinstance(sent, list) or not isinstance(shaped, list) or len(sent) == len(shaped)


def _contact_keys() -> list[str]:
    return list(carriers.contact().properties)


def _selection(form: SelectForm) -> dict[str, Any]:
    selected: dict[str, Any] = dict.fromkeys(form.selects)
    if form.nested:
        outer, inner = form.nested
        selected[outer] = {inner: None}
    return selected


def _sent_writable(sent: dict[str, Any]) -> list[str]:
    return [name for name in WRITABLE if name in sent]


def _headers(context: Context) -> dict[str, str]:
    return HEADER_SETS[context.headers]


def _accepts_json(context: Context) -> bool:
    return context.accept is None or "json" in context.accept


def _media_type(step: Step) -> str:
    """The answer's media type is the one asked for (JSON when nothing was asked)."""
    accept = step.context.accept
    wanted = (accept,) if accept else JSON_ANSWERS
    got = step.response.media_type
    if got not in wanted:
        raise Nonconformance(
            "put.ok",
            "the answer is not in the media type asked for",
            expected=" or ".join(wanted),
            actual=step.response.header("content-type"),
        )
    return got


def _answer_body(step: Step) -> dict[str, Any]:
    """The answer's contact: valid JSON against the (projected) response schema, or a well-formed XML contact."""
    projected = bool(step.context.select_form.raw)
    if step.context.xml_answer:
        try:
            return checks.xml_contact(step.response, None if projected else step.contact_id, requirement="accept.xml")
        except Nonconformance as finding:
            raise Nonconformance("accept.xml", finding.message, pointer=finding.pointer) from None
    return checks.valid_contact(step.response, requirement="put.ok", projected=projected)


def _xml_dialect(exchange: Exchange) -> None:
    problems = xmlcodec.dialect_problems(exchange.response_body)
    if problems:
        raise Nonconformance(
            "accept.xml.same-values",
            f"the XML is not what DataContractSerializer writes: {problems[0]}",
            actual=f"{len(problems)} such places" if len(problems) > 1 else None,
        )


def _same_scalars(stored: dict[str, Any], as_xml: dict[str, Any]) -> None:
    """Every top-level text, number, boolean and date of the XML answer equals the stored JSON (dates as instants).

    A null may be an element with ``xsi:nil`` or no element (SPEC-NOTES, Freedoms), and "" an empty element.
    """
    kinds = carriers.contact().properties
    for name, value in stored.items():
        if isinstance(value, (dict, list)) or name not in as_xml or name not in kinds:
            continue
        other = as_xml[name]
        if not checks.equal(value, other, kinds[name]) and not (value in (None, "") and other in (None, "")):
            raise Nonconformance(
                "accept.xml.same-values",
                "the XML value differs from the JSON one",
                pointer=f"/{name}",
                expected=value,
                actual=other,
            )


def _not_earlier(step: Step, stored: dict[str, Any]) -> None:
    """A 200 never moves UpdatedDate back (``stored``: the contact read back after the step)."""
    was = (step.before or {}).get("UpdatedDate")
    before = parse_datetime(was or "")
    after = parse_datetime(stored.get("UpdatedDate") or "")
    if before is not None and (after is None or after < before):
        raise Nonconformance(
            "put.updated-date",
            "UpdatedDate moved back after a successful PUT",
            pointer="/UpdatedDate",
            expected=f"at or after {was}",
            actual=stored.get("UpdatedDate"),
        )


def _utc_near_clock(step: Step, body: dict[str, Any]) -> None:
    """UpdatedDate in the answer is UTC and the time of the PUT (by the suite's clock and the target's Date header,
    within the allowed skew)."""
    value = body.get("UpdatedDate")
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None or moment.year == 1:
        return
    if moment.utcoffset() != timedelta(0):
        raise Nonconformance(
            "put.updated-date",
            "UpdatedDate is not in UTC",
            pointer="/UpdatedDate",
            expected="…Z or +00:00",
            actual=value,
        )
    sent = datetime.fromtimestamp(step.sent_at, timezone.utc) - CLOCK_TOLERANCE
    answered = datetime.fromtimestamp(step.answered_at, timezone.utc) + CLOCK_TOLERANCE
    if not sent <= moment <= answered:
        raise Nonconformance(
            "put.updated-date",
            "UpdatedDate is not the time of the PUT in UTC (off by more than the allowed clock skew)",
            pointer="/UpdatedDate",
            expected=f"within {CLOCK_TOLERANCE} of {sent + CLOCK_TOLERANCE:%Y-%m-%dT%H:%M:%SZ}",
            actual=value,
        )
    stamped = parse_http_date(step.response.header("date") or "")
    if stamped is not None and abs(stamped - moment) > CLOCK_TOLERANCE:
        raise Nonconformance(
            "put.updated-date",
            "UpdatedDate is not the time of the PUT by the target's own Date header",
            pointer="/UpdatedDate",
            expected=f"within {CLOCK_TOLERANCE} of {step.response.header('date')}",
            actual=value,
        )


def judge(step: Step, probe: Callable[[Context], Step]) -> None:
    """Raise what a step breaks, each finding credited to its requirement in the step's context (nothing if it
    conforms)."""
    found = divergences(step)
    findings = credit(step, found, probe) if found else []
    if findings:
        raise findings[0] if len(findings) == 1 else Nonconformances(findings)


def credit(step: Step, found: list[Divergence], probe: Callable[[Context], Step]) -> list[Nonconformance]:
    """Each divergence as a finding of the requirement it breaks in this context (isolating contextual kinds).

    ``probe(context)`` sends the step's values again in another context, from the contact as it was before the step.
    """
    findings: list[Nonconformance] = []
    culprits_of: dict[str, list[str]] = {}
    for divergence in found:
        kind = divergence.kind
        if kind == "refused" and not _refused_for_its_condition(step, probe):
            continue
        if kind in CONTEXTUAL:
            if kind not in culprits_of:
                culprits_of[kind] = _isolated(step, kind, probe)
            requirements = sorted({requirement_of(d, step.context, kind) for d in culprits_of[kind]}) or [BASE[kind]]
            where = _where(step.context, culprits_of[kind])
        else:
            requirements, where = (
                [fixed_requirement(kind, step.context)],
                _where(step.context, step.context.differences()),
            )
        for requirement in requirements:
            f = divergence.finding
            findings.append(
                Nonconformance(
                    requirement,
                    f"{f.message} {where}",
                    pointer=f.pointer,
                    culprit=f.culprits or step.response,
                    **({"expected": f.expected, "actual": f.actual} if f.has_values else {}),
                )
            )
    return findings


def _refused_for_its_condition(step: Step, probe: Callable[[Context], Step]) -> bool:
    """Whether a wrong answer to a stale PUT is about its condition: a refusal with another 4xx counts only when the
    same PUT without the condition is accepted (which of two reasons to refuse a server reports first is its choice)."""
    status = step.response.status
    if expected_status(step.context)[0] != 412 or status is None or not 400 <= status < 500:
        return True
    return probe(step.context.without("condition")).response.status == 200


#: Culprits found per (context, kind, values): a test run again to tell a flaky failure re-observes the divergence
#: (its own PUT) and reuses the isolation instead of probing again.
_ISOLATED: dict[tuple[Context, str, str], list[str]] = {}


def _isolated(step: Step, kind: str, probe: Callable[[Context], Step]) -> list[str]:
    key = (step.context, kind, repr(sorted(step.values.items())))
    if key not in _ISOLATED:
        if len(_ISOLATED) > 1024:
            _ISOLATED.clear()
        _ISOLATED[key] = _isolate(step.context, kind, probe)
    return _ISOLATED[key]


def _isolate(context: Context, kind: str, probe: Callable[[Context], Step]) -> list[str]:
    """The dimensions without which the divergence of ``kind`` does not happen (none when it happens in the plain
    context too)."""
    dimensions = [d for d in context.differences() if d != "body"]
    if not dimensions or _diverges(probe(Context(body=context.body)), kind):
        return []
    return [d for d in dimensions if not _diverges(probe(context.without(d)), kind)]


def _diverges(step: Step, kind: str) -> bool:
    return kind in {d.kind for d in divergences(step)}


def _where(context: Context, culprits: list[str]) -> str:
    described = describe(context)
    if not culprits:
        return f"(in the context {described})"
    names = ", ".join(c.replace("_", "-") for c in culprits)
    return f"(in the context {described}; the same PUT conforms without its {names})"


def describe(context: Context) -> str:
    """The context in words a reader of a report understands."""
    form = context.select_form
    parts = [f"Content-Type: {context.content_type}"]
    if context.accept:
        parts.append(f"Accept: {context.accept}")
    if form.raw is not None:
        parts.append(f"$select={form.raw!r}")
    if context.condition != "absent":
        parts.append(f"If-Unmodified-Since {context.condition}")
    if context.credentials != "primary":
        parts.append(f"credentials {context.credentials}")
    if context.headers != "none":
        parts.append(", ".join(f"{k}: {v}" for k, v in _headers(context).items()))
    if context.body != "typical":
        parts.append(f"{context.body} body")
    return "; ".join(parts)
