"""The certificate, as text and as a printable one-page HTML file, rendered from results.json alone.

Both say the verdict, the target, the date, the suite version, level, profile, seed, the auth schemes exercised,
every requirement's verdict (a one-line reason for each one that is not PASS, and its power: how many catalogued
faulty servers its tests catch and how many faithful variants they certify), the MUSTs skipped and why, and the
full SHA-256 of the spec sources, the requirement catalogue and results.json. ``conformance verify`` renders them
again from results.json and compares.
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

from conformance.judging.verdicts import Verdict
from conformance.report.reasons import verdict_reason
from conformance.report.results import CERTIFICATE_FILE, CERTIFICATE_HTML_FILE, RESULTS_FILE
from conformance.selftest.power import phrase

SCHEMES = ("Basic", "Bearer", "SoTicket")
TITLE = "SuperOffice PUT /api/v1/Contact/{id} conformance"
#: Colours with at least 4.5:1 contrast on white (WCAG AA).
COLOURS: dict[str, str] = {  # keyed by Verdict, which a verdict read back from results.json finds
    Verdict.PASS: "#116329",
    Verdict.FAIL: "#a40e26",
    Verdict.FLAKY: "#a40e26",
    Verdict.NOT_JUDGED: "#a40e26",
    Verdict.ERROR: "#a40e26",
    Verdict.NON_STRICT: "#7d4e00",
    Verdict.INFO: "#0550ae",
    Verdict.SKIP: "#424a53",
    Verdict.NOT_RUN: "#424a53",
}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def facts(document: dict, results_sha256: str) -> dict:
    """What a certificate states, in order: the head, the requirement rows, the skipped MUSTs and the hashes."""
    configuration = document.get("configuration") or {}
    target = document.get("target")
    if target is None:
        where = "(not reached: the run stopped before its tests)"
    else:
        where = target["url"] + (" (the embedded reference server)" if target.get("embedded_reference_server") else "")
    given = configuration.get("auth")
    given = [item.split(":", 1)[0].lower() for item in given] if isinstance(given, list) else []
    exercised = [s for s in SCHEMES if s.lower() in given]
    auth = ", ".join(exercised) or "none"
    if exercised:
        auth += "".join(f"; {s} not exercised (no --auth {s.lower()}:... given)" for s in SCHEMES if s not in exercised)
    head = [
        ("Why", document["certification"]["reason"]),
        ("Exit code", str(document["exit_code"])),
        ("Target", where),
        ("Date", f"{document['finished']} (started {document['started']}, {document['duration_seconds']} s)"),
        ("Suite", f"{document['suite']['name']} {document['suite']['version']}"),
        ("Level", configuration.get("level", "-")),
        ("Profile", configuration.get("profile", "-")),
        ("Seed", str(document.get("seed", "-"))),
        ("Auth schemes", auth),
    ]
    if document.get("stopped"):
        head.append(("Stopped", document["stopped"]))
    rows = [
        {
            "id": r["id"],
            "level": r["level"],
            "verdict": r["verdict"],
            "power": phrase(r["power"]) if r.get("power") else "",
            "figures": r.get("power"),
            "reason": verdict_reason(r),
        }
        for r in document["requirements"]
    ]
    skipped = [
        (r["id"], verdict_reason(r))
        for r in document["requirements"]
        if r["level"] == "MUST" and r["verdict"] == Verdict.SKIP
    ]
    hashes = [*document["spec"].items(), (RESULTS_FILE, results_sha256)]
    return {"head": head, "rows": rows, "skipped_musts": skipped, "hashes": hashes}


def render_text(document: dict, results_sha256: str) -> str:
    """certificate.txt."""
    found = facts(document, results_sha256)
    first = f"{TITLE}: {document['certification']['summary']}"
    lines = [first, "=" * len(first)]
    lines += [f"{name + ':':<14}{value}" for name, value in found["head"]]
    lines += ["", "MUST requirements skipped (not applicable to this target):"]
    lines += [f"  {rid}: {why}" for rid, why in found["skipped_musts"]] or ["  none"]
    width = max(len(row["id"]) for row in found["rows"])
    lines += ["", f"{'requirement':<{width}}  {'level':<6}  {'verdict':<10}  power of its tests; why (when not PASS)"]
    for row in found["rows"]:
        why = f"; {row['reason']}" if row["reason"] else ""
        lines.append(f"{row['id']:<{width}}  {row['level']:<6}  {row['verdict']:<10}  {row['power']}{why}".rstrip())
    lines += ["", "SHA-256:"] + [f"  {name:<25} {digest}" for name, digest in found["hashes"]]
    lines += ["", "Check it against the evidence: conformance verify <this report folder>"]
    return "\n".join(lines) + "\n"


STYLE = """
body{font:10pt/1.3 system-ui,sans-serif;color:#1f2328;margin:1.5em auto;max-width:60em;padding:0 1em}
h1{font-size:14pt;margin:0 0 .4em}
.verdict{font-size:16pt;font-weight:bold}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em;margin:.5em 0}
dt{font-weight:bold} dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;font-size:8.5pt}
th,td{border-bottom:1px solid #d0d7de;padding:1px 4px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
td.n{white-space:nowrap;overflow-wrap:normal} code{font-size:8pt}
@media (max-width:600px){.verdicts thead{display:none}.verdicts tr{display:grid;grid-template-columns:1fr auto auto;\
gap:0 .6em;border-bottom:1px solid #d0d7de;padding:2px 0}.verdicts td{border:0;padding:0}\
td.n code{overflow-wrap:anywhere}td[data-label]::before{content:attr(data-label) " ";color:#59636e}\
td.why{grid-column:1/-1}td.why:empty{display:none}.hashes td{display:block;border:0}.hashes tr{display:block;\
border-bottom:1px solid #d0d7de}}
h2{font-size:11pt;margin:.8em 0 .2em}
@page{size:A4;margin:10mm}
@media print{body{margin:0;max-width:none;font-size:8pt;line-height:1.15}table{font-size:6.5pt;line-height:1.1}
code{font-size:6.5pt}th,td{padding:0 3px}th{white-space:nowrap}h1{font-size:11pt;margin:0}\
.verdict{font-size:12pt;margin:.1em 0}
h2{font-size:9pt;margin:.3em 0 .1em}ul{margin:0}dl{margin:.2em 0;gap:0 1em}
td.why{width:100%}}
"""


def render_html(document: dict, results_sha256: str) -> str:
    """certificate.html: one printable page, self-contained."""
    found, e = facts(document, results_sha256), html.escape
    summary = document["certification"]["summary"]
    colour = (
        Verdict.PASS
        if document["certification"]["certified"]
        else Verdict.NON_STRICT
        if document["exit_code"] == 0
        else Verdict.FAIL
    )
    head = "".join(f"<dt>{e(name)}</dt><dd>{e(value)}</dd>" for name, value in found["head"])
    rows = "".join(
        f'<tr><td class="n"><code>{e(r["id"])}</code></td><td class="n">{r["level"]}</td>'
        f'<td class="n" style="color:{COLOURS.get(r["verdict"], "#1f2328")};font-weight:bold">{r["verdict"]}</td>'
        f'<td class="n" data-label="faults">{_fraction(r["figures"], "faults")}</td>'
        f'<td class="n" data-label="variants">{_fraction(r["figures"], "variants")}</td>'
        f'<td class="why">{e(r["reason"])}</td></tr>'
        for r in found["rows"]
    )
    skipped = (
        "".join(f"<li><code>{e(rid)}</code>: {e(why)}</li>" for rid, why in found["skipped_musts"]) or "<li>none</li>"
    )
    hashes = "".join(f"<tr><td>{e(name)}</td><td><code>{digest}</code></td></tr>" for name, digest in found["hashes"])
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(TITLE)}: {e(summary)}</title><style>{STYLE}</style></head><body>"
        f'<h1>{e(TITLE)} certificate</h1><p class="verdict" style="color:{COLOURS[colour]}">{e(summary)}</p>'
        f"<dl>{head}</dl>"
        f"<h2>MUST requirements skipped (not applicable to this target)</h2><ul>{skipped}</ul>"
        '<h2>Requirements</h2><table class="verdicts"><thead><tr><th>requirement</th><th>level</th><th>verdict</th>'
        '<th title="catalogued faulty servers its tests catch">faults caught</th>'
        '<th title="faithful variants its tests certify">variants certified</th>'
        f"<th>why (when not PASS)</th></tr></thead><tbody>{rows}</tbody></table>"
        f'<h2>SHA-256</h2><table class="hashes">{hashes}</table>'
        "<p>Check it against the evidence: <code>conformance verify &lt;this report folder&gt;</code></p>"
        "</body></html>\n"
    )


def _fraction(figures: dict | None, what: str) -> str:
    return f"{figures[what]}/{figures['of_' + what]}" if figures else "-"


def write(document: dict, folder: Path) -> tuple[Path, Path]:
    """Write certificate.txt and certificate.html beside results.json (written first: its hash is in both)."""
    digest = sha256_of(folder / RESULTS_FILE)
    text, page = folder / CERTIFICATE_FILE, folder / CERTIFICATE_HTML_FILE
    text.write_text(render_text(document, digest), encoding="utf-8")
    page.write_text(render_html(document, digest), encoding="utf-8")
    return text, page
