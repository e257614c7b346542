"""``conformance compare A B [C ...]``: runs side by side, requirement by requirement.

Two runs give a delta (newly failing, newly passing, other verdict changes) in the terminal and as an HTML page;
more runs give a matrix page, requirements by runs, like the implementation matrices conformance projects publish.
A run is a report folder or a results.json file.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from conformance.judging.verdicts import UNCERTIFIED, Verdict
from conformance.report.certificate import COLOURS
from conformance.report.page import VERDICT_ORDER
from conformance.report.reasons import verdict_reason
from conformance.report.results import HTML_FILE, RESULTS_FILE

#: Verdicts that say the target broke the requirement or could not be judged on it.
FAILING = UNCERTIFIED
CHANGES = ("newly failing", "newly passing", "changed")
EXIT_REGRESSION, EXIT_BAD_INPUT = 1, 2


@dataclass(frozen=True)
class RunResults:
    """One run to compare: a short label and its results document."""

    label: str
    document: dict
    folder: Path | None = None  # the report folder the results came from

    @property
    def verdicts(self) -> dict[str, dict]:
        return {r["id"]: r for r in self.document["requirements"]}

    def describe(self) -> str:
        target = (self.document.get("target") or {}).get("url", "(no target)")
        return f"{self.label}: {target}, {self.document['certification']['summary']}, seed {self.document.get('seed')}"

    def heading(self, page_folder: Path) -> str:
        """A column's heading: the target's host and the run's start, linked to the run's report when there is one."""
        e = html.escape
        url = (self.document.get("target") or {}).get("url") or ""
        host = urlsplit(url).netloc or "no target"
        started = str(self.document.get("started") or "").replace("T", " ").removesuffix("+00:00")
        text = f'{e(host)}<br><span class="muted">{e(started)} UTC</span>' if started else e(host)
        report = self.folder / HTML_FILE if self.folder is not None else None
        if report is None or not report.is_file():
            return text
        link = os.path.relpath(report.resolve(), page_folder.resolve())
        return f'<a href="{e(Path(link).as_posix())}">{text}</a>'


def load(path: Path) -> dict:
    """The results document of a report folder or a results.json file; ValueError says why it cannot be read."""
    file = path / RESULTS_FILE if path.is_dir() else path
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: no readable {RESULTS_FILE} ({getattr(error, 'strerror', None) or error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("requirements"), list):
        raise ValueError(f"{path}: not a results document (no requirements)")
    return document


def label_of(path: Path) -> str:
    """A run's name: its report folder's name (the folder holding results.json)."""
    folder = path if path.is_dir() else path.parent
    return folder.resolve().name or str(path)


def runs_of(paths: list[Path]) -> list[RunResults]:
    """The runs named, labelled by folder (numbered when two folders share a name)."""
    labels = [label_of(p) for p in paths]
    labels = [f"{n}. {label}" if labels.count(label) > 1 else label for n, label in enumerate(labels, 1)]
    return [
        RunResults(label, load(path), path if path.is_dir() else path.parent)
        for label, path in zip(labels, paths, strict=True)
    ]


def change(before: str | None, after: str | None) -> str | None:
    """How a requirement's verdict moved from one run to the next: newly failing, newly passing, changed or None."""
    if before == after:
        return None
    if after in FAILING and before not in FAILING:
        return "newly failing"
    if before in FAILING and after in (Verdict.PASS, Verdict.INFO):
        return "newly passing"
    return "changed"


@dataclass(frozen=True)
class Delta:
    """One requirement whose verdict differs between two runs."""

    requirement: str
    level: str
    before: str
    after: str
    kind: str
    reason: str


def delta(a: RunResults, b: RunResults) -> list[Delta]:
    """Every requirement whose verdict differs from ``a`` to ``b``, in b's order (then those only ``a`` has)."""
    old, new = a.verdicts, b.verdicts
    found = []
    for rid in list(new) + [r for r in old if r not in new]:
        before, after = old.get(rid, {}).get("verdict", "absent"), new.get(rid, {}).get("verdict", "absent")
        kind = change(before, after)
        if kind:
            record = new.get(rid) or old[rid]
            found.append(Delta(rid, record["level"], before, after, kind, verdict_reason(record) if rid in new else ""))
    return found


def regressed(a: RunResults, b: RunResults, changes: list[Delta]) -> bool:
    """A requirement newly failing, or a certified run followed by one that is not."""
    lost = a.document["certification"]["certified"] and not b.document["certification"]["certified"]
    return lost or any(d.kind == "newly failing" for d in changes)


def render_delta_text(a: RunResults, b: RunResults, changes: list[Delta], out: TextIO) -> None:
    out.write(f"A  {a.describe()}\nB  {b.describe()}\n")
    width = max([len(d.requirement) for d in changes] + [11])
    for kind in CHANGES:
        chosen = [d for d in changes if d.kind == kind]
        out.write(f"\n{kind} ({len(chosen)})\n")
        for d in chosen:
            why = f"  {d.reason}" if d.reason else ""
            out.write(f"  {d.requirement:<{width}}  {d.level:<6}  {d.before} -> {d.after}{why}\n")
    unchanged = len(set(a.verdicts) | set(b.verdicts)) - len(changes)
    out.write(f"\nunchanged: {unchanged} requirements; regression: {'yes' if regressed(a, b, changes) else 'no'}\n")


def render_matrix_text(runs: list[RunResults], out: TextIO) -> None:
    for n, run in enumerate(runs, 1):
        out.write(f"{n}  {run.describe()}\n")
    ids = _requirement_ids(runs)
    width = max(len(rid) for rid in ids)
    out.write(f"\n{'requirement':<{width}}  " + "  ".join(f"{n:<10}" for n in range(1, len(runs) + 1)) + "\n")
    for rid in ids:
        cells = [run.verdicts.get(rid, {}).get("verdict", "-") for run in runs]
        out.write(f"{rid:<{width}}  " + "  ".join(f"{c:<10}" for c in cells).rstrip() + "\n")


def _requirement_ids(runs: list[RunResults]) -> list[str]:
    """Every requirement of the runs, failures first as on the report page (by the worst verdict any run gave it),
    catalogue order within each."""
    ids = list(dict.fromkeys(rid for run in runs for rid in run.verdicts))
    rank: dict[str | None, int] = {verdict: n for n, verdict in enumerate(VERDICT_ORDER)}
    worst = {rid: min(rank.get(run.verdicts.get(rid, {}).get("verdict"), len(rank)) for run in runs) for rid in ids}
    return sorted(ids, key=worst.__getitem__)


STYLE = """
body{font:14px/1.4 system-ui,sans-serif;color:#1f2328;margin:1em;max-width:100%}
table{border-collapse:collapse} th,td{border:1px solid #d0d7de;padding:2px 6px;text-align:left;vertical-align:top}
td.n{white-space:nowrap} td.why{overflow-wrap:anywhere} .wrap{overflow-x:auto} .muted{color:#59636e;font-weight:normal}
@media (max-width:600px){body{margin:.5em;font-size:13px} th,td{padding:2px 3px} td.n,td.v,code{font-size:12px} \
th{overflow-wrap:anywhere}
h1{font-size:1.5em}}
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>{body}</body></html>\n"
    )


def _requirement_cell(requirement: str) -> str:
    """The id in a cell that breaks only after a dot, so a narrow screen never splits a word of it."""
    return "<td><code>" + html.escape(requirement).replace(".", ".<wbr>") + "</code></td>"


def _verdict_cell(verdict: str, run: str) -> str:
    colour = COLOURS.get(verdict, "#1f2328")
    return (
        f'<td class="v" data-run="{html.escape(run)}" style="color:{colour};font-weight:bold">'
        f"{html.escape(verdict)}</td>"
    )


def _runs_list(runs: list[RunResults]) -> str:
    return "<ol>" + "".join(f"<li>{html.escape(run.describe())}</li>" for run in runs) + "</ol>"


def render_delta_html(a: RunResults, b: RunResults, changes: list[Delta], page_folder: Path = Path(".")) -> str:
    """The delta page: both runs, then a table per kind of change, its columns named by target and date."""
    e = html.escape
    sections = []
    for kind in CHANGES:
        chosen = [d for d in changes if d.kind == kind]
        rows = "".join(
            f'<tr data-requirement="{e(d.requirement)}" data-change="{kind.replace(" ", "-")}">'
            f"{_requirement_cell(d.requirement)}"
            f'<td class="n">{d.level}</td>{_verdict_cell(d.before, a.label)}{_verdict_cell(d.after, b.label)}'
            f'<td class="why">{e(d.reason)}</td></tr>'
            for d in chosen
        )
        sections.append(
            f'<h2 id="{kind.replace(" ", "-")}">{kind} ({len(chosen)})</h2>'
            + (
                '<div class="wrap"><table><tr><th>requirement</th><th>level</th>'
                f"<th>{a.heading(page_folder)}</th><th>{b.heading(page_folder)}</th>"
                f"<th>why (in the second run)</th></tr>{rows}</table></div>"
                if chosen
                else "<p>none</p>"
            )
        )
    verdict = "regression" if regressed(a, b, changes) else "no regression"
    return _page(f"Conformance runs compared: {verdict}", _runs_list([a, b]) + "".join(sections))


def render_matrix_html(runs: list[RunResults], page_folder: Path = Path(".")) -> str:
    """The matrix page: requirements by runs, one verdict per cell, failures first; columns named by target and
    date."""
    e = html.escape
    head = "".join(f'<th title="{e(run.describe())}">{run.heading(page_folder)}</th>' for run in runs)
    rows = []
    for rid in _requirement_ids(runs):
        level = next(run.verdicts[rid]["level"] for run in runs if rid in run.verdicts)
        cells = "".join(_verdict_cell(run.verdicts.get(rid, {}).get("verdict", "-"), run.label) for run in runs)
        rows.append(f'<tr data-requirement="{e(rid)}">{_requirement_cell(rid)}<td class="n">{level}</td>{cells}</tr>')
    certified = "".join(_verdict_cell(run.document["certification"]["summary"], run.label) for run in runs)
    table = (
        f'<div class="wrap"><table><tr><th>requirement</th><th>level</th>{head}</tr>'
        f'<tr data-requirement="certification"><th colspan="2">certification</th>{certified}</tr>'
        f"{''.join(rows)}</table></div>"
    )
    return _page(f"Conformance matrix: {len(runs)} runs", _runs_list(runs) + table)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "runs", nargs="+", type=Path, metavar="RUN", help="report folders or results.json files (two or more)"
    )
    parser.add_argument(
        "--html", type=Path, default=Path("reports") / "compare.html", help="the page to write (default: %(default)s)"
    )
    parser.add_argument(
        "--fail-on-regression",
        action="store_true",
        help="exit 1 when B newly fails a requirement or lost its certification",
    )


def run(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    """Print the delta (two runs) or the matrix (more) and write the page; 1 on a regression with
    --fail-on-regression, 2 when a run cannot be read."""
    if len(args.runs) < 2:
        print("conformance compare: give at least two runs (report folders or results.json files)", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        runs = runs_of(args.runs)
    except ValueError as error:
        print(f"conformance compare: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    code = 0
    if len(runs) == 2:
        a, b = runs
        changes = delta(a, b)
        render_delta_text(a, b, changes, out)
        page = render_delta_html(a, b, changes, args.html.parent)
        code = EXIT_REGRESSION if args.fail_on_regression and regressed(a, b, changes) else 0
    else:
        render_matrix_text(runs, out)
        page = render_matrix_html(runs, args.html.parent)
    args.html.parent.mkdir(parents=True, exist_ok=True)
    args.html.write_text(page, encoding="utf-8")
    out.write(f"wrote {args.html}\n")
    return code
