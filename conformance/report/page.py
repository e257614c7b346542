"""The report page built for its readers, rendered from results.json and put on top of pytest-html's report.

First screen: the verdict and the facts of the run. Then the requirement matrix, failures first, each row
linked to the tests that failed it. Then one article per failing test: what was sent and what came back, the
differences, the exchanges (culprit marked, bodies pretty-printed with bulky members folded), curl and the
command that runs the test again, each with a copy button. pytest-html's per-test table follows as detail.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from html import escape
from pathlib import Path

from conformance.judging.verdicts import UNCERTIFIED, Verdict
from conformance.report import bodies, diff
from conformance.report.wording import reason, sentence, shorten, time_budget
from conformance.selftest.power import phrase

#: The matrix shows failures first, in this order.
VERDICT_ORDER = (
    Verdict.FAIL,
    Verdict.ERROR,
    Verdict.NON_STRICT,
    Verdict.FLAKY,
    Verdict.NOT_JUDGED,
    Verdict.SKIP,
    Verdict.NOT_RUN,
    Verdict.PASS,
    Verdict.INFO,
)
FAILING = frozenset(UNCERTIFIED)
#: Failing tests per requirement shown with their exchanges; the others with their findings, curl and reproduce line.
WITH_EXCHANGES = 3
REASON_CHARS = 280
#: Failing tests linked from a matrix row (all of them have an article below).
LINKS = 5
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
_HERE = Path(__file__).parent


def anchor(nodeid: str) -> str:
    """The id of a test's evidence article (stable, short, valid in a URL fragment)."""
    return "t-" + hashlib.sha1(nodeid.encode("utf-8")).hexdigest()[:12]


def evidence_link(nodeid: str) -> str:
    """What pytest-html's row of a failing test shows: a link to its evidence on the reader's page (no data: URL)."""
    return f'<p><a href="#{anchor(nodeid)}">Evidence of this failure: exchanges, curl, how to run it again</a></p>'


def ordered(requirements: list[dict]) -> list[dict]:
    """Requirements failures first (FAIL, ERROR, NON-STRICT, FLAKY, then the rest), catalogue order within each."""
    rank = {verdict: i for i, verdict in enumerate(VERDICT_ORDER)}
    return sorted(requirements, key=lambda r: rank.get(r["verdict"], len(rank)))


def _badge(verdict: str) -> str:
    return f'<span class="badge v-{verdict.replace(" ", "-")}">{escape(verdict)}</span>'


def _facts(document: dict) -> str:
    configuration = document.get("configuration") or {}
    target = document.get("target") or {}
    latency = (document.get("requests") or {}).get("latency", {}).get("all", {})
    schemes = sorted({entry.split(":", 1)[0].capitalize() for entry in configuration.get("auth") or []})
    where = target.get("url") or "not reached"
    if target.get("embedded_reference_server"):
        where += " (the embedded reference server)"
    elif target:
        where += " (not the reference server)"
    percentiles = (
        f"p50 {latency['p50_ms']} ms, p95 {latency['p95_ms']} ms, p99 {latency['p99_ms']} ms, "
        f"max {latency['max_ms']} ms"
        if latency.get("count")
        else "-"
    )
    facts = [
        ("Target", where),
        ("Date", document.get("started", "-")),
        ("Suite version", f"{document['suite']['name']} {document['suite']['version']}"),
        ("Level", configuration.get("level", "-")),
        ("Profile", configuration.get("profile", "-")),
        ("Seed", str(document.get("seed"))),
        ("Auth schemes exercised", ", ".join(schemes) or "none"),
        ("Requests", str((document.get("requests") or {}).get("count", 0))),
        ("Latency", percentiles),
        ("Duration", f"{document.get('duration_seconds', 0):g} s"),
        ("Exit code", str(document.get("exit_code", "-"))),
        ("Time budget", time_budget(document.get("time_budget"))),
    ]
    return (
        '<dl class="facts">'
        + "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in facts)
        + "</dl>"
    )


def _verdict(document: dict) -> str:
    certification = document["certification"]
    kind = "certified" if certification["certified"] else "not-certified"
    return (
        f'<header class="verdict {kind}" id="verdict"><h1>{escape(certification["summary"])}</h1>'
        f"<p>{escape(certification['reason'])}</p>{_facts(document)}</header>"
    )


def _tab_title(document: dict) -> str:
    """What the browser tab shows first: the verdict (and the exit code when it is not 0)."""
    certification = document["certification"]
    code = document.get("exit_code", 0)
    return certification["summary"] + (f" (exit {code})" if code else "")


def _failing_tests(document: dict) -> list[dict]:
    return [t for t in document.get("tests", []) if t["outcome"] in ("failed", "error") or t.get("findings")]


def _row(requirement: dict, failing: set[str]) -> str:
    evidence = next((e for e in requirement["evidence"] if reason(e)), None)
    why = shorten(reason(evidence), REASON_CHARS) if evidence and requirement["verdict"] != Verdict.PASS else ""
    # only the tests that decided this verdict: a test that failed on another requirement is that one's evidence
    decided = requirement["verdict"] != Verdict.PASS
    linked = [t for t in dict.fromkeys(e.get("test") for e in requirement["evidence"]) if decided and t in failing]
    links = "".join(f'<li><a href="#{anchor(t)}">{escape(shorten(t, 90))}</a></li>' for t in linked[:LINKS])
    if len(linked) > LINKS:
        links += f"<li>and {len(linked) - LINKS} more failing tests below</li>"
    count = len(requirement.get("tests", []))
    tests = (f"<ul>{links}</ul>" if links else "") + f'<span class="muted">{count} test{"s" * (count != 1)}</span>'
    if requirement.get("power"):  # the proof of power beside the verdict (conformance/selftest/power.json)
        tests += f'<br><span class="muted power">{escape(phrase(requirement["power"]))}</span>'
    return (
        f'<tr id="req-{escape(requirement["id"])}" data-verdict="{escape(requirement["verdict"])}">'
        f"<td>{_badge(requirement['verdict'])}</td>"
        f'<td><code>{escape(requirement["id"])}</code> <span class="muted">{escape(requirement["level"])}</span></td>'
        f'<td>{escape(requirement["rule"])}<br><span class="muted">{escape(requirement["source"])}</span>'
        f"{f'<p>{escape(why)}</p>' if why else ''}</td><td>{tests}</td></tr>"
    )


def _matrix(document: dict, failing: set[str]) -> str:
    rows = "".join(_row(r, failing) for r in ordered(document["requirements"]))
    return (
        '<section id="matrix"><h2>Requirements</h2><p class="muted">MUST rules decide certification; SHOULD rules are '
        "NON-STRICT when broken; INFO rules are observations.</p>"
        '<table class="matrix"><colgroup><col class="c-verdict"><col class="c-id"><col><col class="c-tests"></colgroup>'
        "<thead><tr><th>Verdict</th><th>Requirement</th><th>Rule, source and reason</th><th>Tests</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def _copyable(identifier: str, label: str, content: str) -> str:
    return (
        f'<div class="copyable"><p><b>{escape(label)}</b> <button type="button" class="copy" data-copy="{identifier}">'
        f'Copy</button></p><pre id="{identifier}">{escape(content)}</pre></div>'
    )


def _diff_table(differences: list[diff.Difference]) -> str:
    rows = "".join(
        f"<tr><td>{escape(d.pointer)}</td><td>{escape(d.kind)}</td>"
        f'<td class="expected">{escape(shorten(d.shown("expected"), 400))}</td>'
        f'<td class="actual">{escape(shorten(d.shown("actual"), 400))}</td></tr>'
        for d in differences
    )
    return (
        '<table class="diff"><thead><tr><th>where</th><th>what</th><th>expected</th><th>got</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _finding(finding: dict, exchanges: dict[int, dict]) -> str:
    culprit = next((exchanges[s] for s in finding.get("culprits", []) if s in exchanges), None)
    differences = diff.structured(finding)
    if differences:
        detail = _diff_table(differences)
    elif "expected" in finding or "actual" in finding:
        detail = _diff_table([diff.stated(finding)])
    else:
        detail = ""
    flaky = ' <span class="badge v-FLAKY">FLAKY</span>' if finding.get("flaky") else ""
    return (
        f'<div class="finding"><p><code>{escape(finding["requirement"])}</code>{flaky} '
        f"{escape(sentence(finding, culprit))}</p>"
        f"{detail}</div>"
    )


def _exchange(record: dict, pointers: frozenset[str], identifier: str) -> str:
    request, response = record["request"], record.get("response")
    mark = ' <span class="culprit-mark">CULPRIT</span>' if record["culprit"] else ""
    status = str(response["status"]) if response else f"no answer: {record.get('error')}"
    head = (
        f"#{record['seq']} {escape(record['role'])} · {escape(request['method'])} {escape(request['url'])} "
        f"→ {escape(status)}"
    )
    parts = [
        f"<summary>{head}{mark}</summary>",
        "<h4>Request</h4>",
        _headers(request["headers"]),
        bodies.render(request.get("body")),
    ]
    if response:
        parts += [
            f"<h4>Response {response['status']} in {record['elapsed_ms']:g} ms</h4>",
            _headers(response["headers"]),
            bodies.render(response.get("body"), pointers if record["culprit"] else frozenset()),
        ]
    elif record.get("error"):
        parts.append(f"<p>{escape(record['error'])}</p>")
    opened = " open" if record["culprit"] else ""
    kind = "exchange culprit" if record["culprit"] else "exchange"
    return f'<details class="{kind}" id="{identifier}"{opened}>{"".join(parts)}</details>'


def _headers(headers: dict) -> str:
    return (
        '<dl class="headers">'
        + "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in headers.items())
        + "</dl>"
    )


def _article(test: dict, detailed: bool) -> str:
    identifier = anchor(test["nodeid"])
    exchanges = {e["seq"]: e for e in test.get("exchanges") or []}
    findings = "".join(_finding(f, exchanges) for f in test.get("findings", []))
    error = (
        f"<p><b>Harness error</b> (not a verdict on the target): {escape(test['error'])}</p>"
        if test.get("error")
        else ""
    )
    flaky = f"<p><b>FLAKY</b>: {escape(test['flaky'])}</p>" if test.get("flaky") else ""
    pointers = frozenset(f["pointer"] for f in test.get("findings", []) if f.get("pointer"))
    shown = ""
    if detailed and exchanges:
        shown = "<h4>Exchanges (credentials masked)</h4>" + "".join(
            _exchange(e, pointers, f"{identifier}-x{e['seq']}") for e in exchanges.values()
        )
    elif exchanges:
        shown = f'<p class="muted">{len(exchanges)} exchanges in results.json (tests → this test → exchanges).</p>'
    curl = (
        _copyable(f"{identifier}-curl", "curl (set CONFORMANCE_AUTHORIZATION)", test["curl"])
        if test.get("curl")
        else ""
    )
    again = (
        _copyable(f"{identifier}-reproduce", "Run this test again", test["reproduce"]) if test.get("reproduce") else ""
    )
    requirement_ids = " ".join(f"<code>{escape(r)}</code>" for r in test.get("requirements", []))
    return (
        f'<article class="failure" id="{identifier}" data-nodeid="{escape(test["nodeid"])}">'
        f'<h3>{escape(test["nodeid"])}</h3><p class="muted">{escape(test["outcome"])} · declares {requirement_ids}</p>'
        f"{flaky}{error}{findings}{curl}{again}{shown}</article>"
    )


def _detailed(tests: Iterable[dict]) -> set[str]:
    """The tests shown with their exchanges: the first WITH_EXCHANGES per failing requirement, and every error."""
    shown: set[str] = set()
    per_requirement: dict[str, int] = {}
    for test in tests:
        ids = {f["requirement"] for f in test.get("findings", [])} or {"(error)"}
        if any(per_requirement.get(r, 0) < WITH_EXCHANGES for r in ids) or test.get("error"):
            shown.add(test["nodeid"])
            for r in ids:
                per_requirement[r] = per_requirement.get(r, 0) + 1
    return shown


def _failures(tests: list[dict]) -> str:
    if not tests:
        return '<section id="failures"><h2>Failures</h2><p>No test failed.</p></section>'
    detailed = _detailed(tests)
    articles = "".join(_article(t, t["nodeid"] in detailed) for t in tests)
    return f'<section id="failures"><h2>Failures ({len(tests)} tests)</h2>{articles}</section>'


def _trimmed(tests: list[dict]) -> str:
    """The tests time cut short, each with what it left undone (nothing when none was)."""
    trimmed = [t for t in tests if t.get("trimmed")]
    if not trimmed:
        return ""
    rows = "".join(
        f"<tr><td><code>{escape(t['nodeid'])}</code></td><td>{escape(t['trimmed'])}</td></tr>" for t in trimmed
    )
    return (
        f'<section id="trimmed"><h2>Trimmed to their minimum ({len(trimmed)} tests)</h2>'
        '<p class="muted">Time ran short: these tests judged their requirements on fewer examples or repetitions '
        f"than the profile asks for.</p><table><tr><th>Test</th><th>What was left undone</th></tr>{rows}</table>"
        "</section>"
    )


def render(document: dict) -> str:
    """The reader's part of the page: verdict and facts, matrix, failures, trimmed tests (no script, no style)."""
    tests = _failing_tests(document)
    failing = {t["nodeid"] for t in tests}
    return (
        f'<main id="cr">{_verdict(document)}{_matrix(document, failing)}{_failures(tests)}'
        f'{_trimmed(document.get("tests") or [])}<h2 id="details">Every test (pytest-html)</h2></main>'
    )


def _asset(name: str) -> str:
    return (_HERE / name).read_text(encoding="utf-8")


def finish_run(html_path: Path, results_path: Path) -> Path | None:
    """``finish`` the report of a run from the results.json it wrote."""
    return finish(html_path, json.loads(results_path.read_text(encoding="utf-8")))


def finish(path: Path, document: dict) -> Path | None:
    """Rewrite pytest-html's report.html: viewport meta and style in the head, the reader's page first, the
    Environment box after the per-test table, the script last. None when there is no report to rewrite."""
    if not path.is_file():
        return None
    page = path.read_text(encoding="utf-8")
    page = page.replace("<head>", f"<head>\n    {VIEWPORT}", 1)
    title = '<title id="head-title">'
    page = page.replace(title, f"{title}{escape(_tab_title(document))} · ", 1)
    page = page.replace("</head>", f"  <style>{_asset('page.css')}</style>\n  </head>", 1)  # after pytest-html's
    start, end = page.find('<div id="environment-header">'), page.find('<table id="environment"></table>')
    environment = ""
    if 0 <= start < end:
        end += len('<table id="environment"></table>')
        environment, page = page[start:end], page[:start] + page[end:]
    page = page.replace("<body>", f"<body>\n{render(document)}", 1)
    page = page.replace("<footer>", f"{environment}\n  <footer>\n    <script>{_asset('page.js')}</script>", 1)
    path.write_text(page, encoding="utf-8")
    return path
