"""Plain words for people: values shortened with an ellipsis at a word boundary, and what a failing exchange did."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

ELLIPSIS = "…"
#: Request headers that say in what context a PUT was sent (the rest is transport detail).
TELLING_HEADERS = (
    "content-type",
    "accept",
    "if-unmodified-since",
    "accept-language",
    "so-language",
    "so-culture",
    "so-timezone",
)


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters: cut at the last space before the limit (mid-word only
    when a word is longer than half the limit), always marked with an ellipsis."""
    flat = " ".join(str(text).split())
    if len(flat) <= limit:
        return flat
    room = max(1, limit - len(ELLIPSIS))
    cut = flat[:room]
    space = cut.rfind(" ")
    if flat[room] != " " and space >= room // 2:  # the cut falls inside a word: end at the word before
        cut = cut[:space]
    return cut.rstrip(" ,;:") + ELLIPSIS


def reason(evidence: dict) -> str:
    """The plain-language reason of one piece of evidence (a finding, an observation, a skip, an error)."""
    text = evidence.get("not_judged") or evidence.get("message") or evidence.get("text") or evidence.get("error")
    text = text or evidence.get("skipped") or ""
    if evidence.get("pointer"):
        text += f" at {evidence['pointer']}"
    return " ".join(str(text).split())


def request_line(exchange: dict) -> str:
    """``PUT /api/v1/Contact/61 with $select=Name, Content-Type: application/json``: the request, in its context."""
    request = exchange["request"]
    url = urlsplit(request["url"])
    context = [f"{name}={value}" for name, value in parse_qsl(url.query, keep_blank_values=True)]
    headers = {k.lower(): (k, v) for k, v in request["headers"].items()}
    context += [f"{headers[h][0]}: {headers[h][1]}" for h in TELLING_HEADERS if h in headers and headers[h][1] != "*/*"]
    line = f"{request['method']} {url.path}"
    return f"{line} with {', '.join(context)}" if context else line


def response_line(exchange: dict) -> str:
    """``answered 200 (application/json, 11412 bytes) in 3 ms``, or the transport error."""
    response = exchange.get("response")
    if response is None:
        return f"got no complete answer ({exchange.get('error') or 'no response'})"
    headers = {k.lower(): v for k, v in response["headers"].items()}
    facts = [headers["content-type"].split(";")[0]] if "content-type" in headers else []
    body = response.get("body")
    if body:
        facts.append(f"{body.get('bytes', len(body.get('data', '')))} bytes")
    described = f" ({', '.join(facts)})" if facts else ""
    return f"answered {response['status']}{described} in {exchange['elapsed_ms']:g} ms"


def sentence(finding: dict, culprit: dict | None) -> str:
    """What was sent, what came back and what is wrong with it, in one sentence."""
    wrong = reason(finding)
    if culprit is None:
        return wrong[:1].upper() + wrong[1:] + "."
    return f"{request_line(culprit)} {response_line(culprit)}: {wrong}."


def time_budget(budget: dict | None) -> str:
    """The run's time budget in words: its seconds, where they came from, and how many tests it trimmed."""
    if not budget:
        return "-"
    seconds = "none" if budget["seconds"] is None else f"{budget['seconds']:g} s"
    trimmed = budget["tests_trimmed"]
    spent = f"{trimmed} test{'s' if trimmed != 1 else ''} trimmed to the minimum" if trimmed else "nothing trimmed"
    return f"{seconds} ({budget['origin']}): {spent}"
