"""``conformance selftest``: the suite against the reference server, every faulty server and every faithful variant.

Each target is started once (``conformance serve [--fault NAME | --variant NAME]``) and
the suite is run against it the way a user runs it (``conformance run`` in a subprocess),
once per seed. The kill matrix says, per fault, the verdicts of the requirements
it declares, whether it was caught with every seed, whether it made any other
MUST fail, and how long the suite took to catch it; per faithful variant, whether it
was certified with every seed with no FAIL, ERROR or NON-STRICT verdict.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from conformance.judging.verdicts import Verdict
from conformance.selftest import power
from conformance.spec.requirements import catalogue
from conformance.targets import faults, variants
from conformance.targets.reference.authentication import Credentials
from conformance.targets.reference.server import running_server

REFERENCE = "reference"
FAILING = (Verdict.FAIL, Verdict.NON_STRICT)
#: Verdicts a faithful variant must never get.
UNFAITHFUL = (Verdict.FAIL, Verdict.ERROR, Verdict.NON_STRICT)
SELFTEST_JSON = "selftest.json"
SELFTEST_HTML = "selftest.html"


@dataclass
class Attempt:
    """One run of the suite against one target with one seed."""

    target: str
    seed: int
    exit_code: int
    seconds: float
    verdicts: dict[str, str]
    message: str
    caught_after: float | None = None


@dataclass
class Row:
    """The kill-matrix row of one target (a fault, or the reference server)."""

    name: str
    family: str
    summary: str
    declared: list[str]
    outcome: str
    attempts: list[Attempt] = field(default_factory=list)
    #: "reference", "fault" or "variant" (a faithful variant: must be certified like the reference).
    role: str = "fault"
    #: a fault that delays PUTs: run with the workers the suite measures (as a user's run would be), with one seed
    slow: bool = False

    def caught_with(self, attempt: Attempt) -> bool:
        if self.role != "fault":
            return False
        if self.outcome == "wire":
            stopped = attempt.exit_code == 2 and bool(attempt.message)
            return stopped or (attempt.exit_code == 1 and attempt.verdicts.get("put.ok") == Verdict.FAIL)
        return all(attempt.verdicts.get(r) in FAILING for r in self.declared)

    def undeclared_must_failures(self, attempt: Attempt) -> list[str]:
        levels = {r.id: r.level for r in catalogue().values()}
        return sorted(
            r
            for r, v in attempt.verdicts.items()
            if v == Verdict.FAIL and levels.get(r) == "MUST" and r not in self.declared
        )

    def problems(self) -> list[str]:
        """Why this row breaks the suite's promise (empty when it keeps it)."""
        found = []
        for attempt in self.attempts:
            if self.role != "fault":
                refused = (Verdict.FAIL, Verdict.ERROR) if self.role == "reference" else UNFAITHFUL
                bad = {r: v for r, v in attempt.verdicts.items() if v in refused}
                if attempt.exit_code != 0 or bad:
                    found.append(
                        f"seed {attempt.seed}: {self.role} not certified (exit {attempt.exit_code}, {bad}) "
                        f"{attempt.message}"
                    )
                continue
            if not self.caught_with(attempt):
                missed = {
                    r: attempt.verdicts.get(r, "absent")
                    for r in self.declared
                    if attempt.verdicts.get(r) not in FAILING
                }
                found.append(f"seed {attempt.seed}: not caught ({missed or attempt.message})")
            extra = self.undeclared_must_failures(attempt) if self.outcome == "fail" else []
            if extra:
                found.append(f"seed {attempt.seed}: undeclared MUST failures {extra}")
            unjudged = sorted(r for r, v in attempt.verdicts.items() if v in (Verdict.NOT_JUDGED, Verdict.ERROR))
            if self.slow and unjudged:
                found.append(f"seed {attempt.seed}: not every requirement judged within the time budget {unjudged}")
        vectors = {
            json.dumps(caught(a.verdicts) if self.outcome == "fail" else a.exit_code, sort_keys=True)
            for a in self.attempts
        }
        if self.role == "fault" and len(vectors) > 1:
            found.append("verdicts differ between seeds (a flaky kill)")
        return found

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "role": self.role,
            "family": self.family,
            "summary": self.summary,
            "declared": self.declared,
            "outcome": self.outcome,
            "caught": self.role == "fault" and all(self.caught_with(a) for a in self.attempts),
            "problems": self.problems(),
            "attempts": [a.__dict__ for a in self.attempts],
        }


def caught(verdicts: dict[str, str]) -> dict[str, str]:
    """The requirements a run failed, with how (FAIL, NON-STRICT, FLAKY): what must not depend on the seed.

    Which other requirements a failing test still got to judge (PASS or NOT JUDGED) may depend on the data drawn.
    """
    return {r: v for r, v in verdicts.items() if v in (Verdict.FAIL, Verdict.NON_STRICT, Verdict.FLAKY)}


def _caught_after(results: dict, declared: list[str], launched: float) -> float | None:
    """Seconds from launching the suite to the end of the first test that failed a declared requirement."""
    finishes = [
        t["finished"]
        for t in results.get("tests", [])
        if t.get("finished") and any(f["requirement"] in declared for f in t.get("findings", []))
    ]
    return round(min(finishes) - launched, 2) if finishes else None


def _run_suite(
    url: str, credentials: Credentials, seed: int, profile: str, timeout: float, report_dir: Path, *, measured: bool
) -> tuple[int, str, float]:
    command = [
        sys.executable,
        "-m",
        "conformance",
        "run",
        "--base-url",
        url,
        "--auth",
        f"basic:{credentials.user}:{credentials.password}",
        "--auth",
        f"bearer:{credentials.token}",
        "--auth",
        f"soticket:{credentials.ticket}",
        "--seed",
        str(seed),
        "--profile",
        profile,
        "--timeout",
        str(timeout),
        "--report-dir",
        str(report_dir),
        *([] if measured else ["--concurrency", "1"]),
    ]
    launched = time.time()
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=600)
        code, output = finished.returncode, finished.stdout + finished.stderr
    except subprocess.TimeoutExpired:
        code, output = 3, "the suite did not finish within 600 s"
    lines = [line for line in output.splitlines() if line.strip()]
    message = next(
        (line for line in reversed(lines) if "ERROR: conformance:" in line or "CERTIFIED" in line),
        lines[-1] if lines else "",
    )
    return code, message.strip(" ="), launched


def run_target(row: Row, seeds: list[int], profile: str, timeout: float, report_dir: Path) -> Row:
    """Start the target once and run the suite against it with every seed."""
    credentials = Credentials()
    fault = row.name if row.role == "fault" else None
    variant = row.name if row.role == "variant" else None
    with running_server(credentials=credentials, fault=fault, variant=variant) as server:
        for seed in seeds:
            folder = report_dir / row.name / f"seed-{seed}"
            started = time.time()
            code, message, launched = _run_suite(
                server.url, credentials, seed, profile, timeout, folder, measured=row.slow
            )
            results_path = folder / "results.json"
            results = json.loads(results_path.read_text(encoding="utf-8")) if results_path.exists() else {}
            verdicts = {r["id"]: r["verdict"] for r in results.get("requirements", [])}
            attempt = Attempt(row.name, seed, code, round(time.time() - started, 2), verdicts, message)
            attempt.caught_after = _caught_after(results, row.declared, launched)
            row.attempts.append(attempt)
    return row


def seeds_for(row: Row, index: int, seeds: list[int]) -> list[int]:
    """Every seed for the reference and the faults (their verdicts must not depend on it); one for a variant and a
    slow fault, the seeds taken in turn, so that the catalogue as a whole meets every seed at a third of the cost."""
    return seeds if row.role != "variant" and not row.slow else [seeds[index % len(seeds)]]


def rows(names: list[str] | None = None) -> list[Row]:
    """The reference row, one row per fault and one per faithful variant (all, or those named)."""
    catalogue_of_faults, catalogue_of_variants = faults.catalogue(), variants.catalogue()
    unknown = sorted(set(names or []) - set(catalogue_of_faults) - set(catalogue_of_variants) - {REFERENCE})
    if unknown:
        raise ValueError(f"unknown fault(s) or variant(s): {', '.join(unknown)}")
    chosen = [f for f in catalogue_of_faults.values() if not names or f.name in names]
    faithful = [v for v in catalogue_of_variants.values() if not names or v.name in names]
    reference = (
        [Row(REFERENCE, "-", "The reference server: must be certified.", [], "pass", role="reference")]
        if not names or REFERENCE in names
        else []
    )
    return (
        reference
        + [Row(f.name, f.family, f.summary, list(f.breaks), f.outcome, slow=f.slow) for f in chosen]
        + [Row(v.name, v.family, v.summary, [], "pass", role="variant") for v in faithful]
    )


def summary(matrix: list[Row]) -> dict:
    """Kill rate overall and per family, and the times to catch."""
    fault_rows = [r for r in matrix if r.role == "fault"]
    variant_rows = [r for r in matrix if r.role == "variant"]
    caught = [r for r in fault_rows if all(r.caught_with(a) for a in r.attempts)]
    families: dict[str, tuple[int, int]] = {}
    for row in fault_rows:
        total, killed = families.get(row.family, (0, 0))
        families[row.family] = (total + 1, killed + (row in caught))
    times = [a.caught_after for r in caught for a in r.attempts if a.caught_after is not None]
    return {
        "faults": len(fault_rows),
        "caught": len(caught),
        "kill_rate": round(len(caught) / len(fault_rows), 3) if fault_rows else None,
        "families": {name: {"faults": t, "caught": k} for name, (t, k) in sorted(families.items())},
        "time_to_catch_seconds": {
            "median": statistics.median(times) if times else None,
            "max": max(times) if times else None,
        },
        "reference_certified": all(not r.problems() for r in matrix if r.role == "reference"),
        "variants": len(variant_rows),
        "variants_certified": sum(1 for r in variant_rows if r.attempts and not r.problems()),
        "problems": {r.name: r.problems() for r in matrix if r.problems()},
    }


def render_text(matrix: list[Row], totals: dict, out: TextIO) -> None:
    """The kill matrix as a terminal table, then the faithful variants in a section of their own."""
    out.write(f"{'target':<38} {'family':<12} {'caught':<7} {'catch s':>8}  declared requirement verdicts (per seed)\n")
    for row in matrix:
        if row.role == "variant":
            continue
        caught = "-" if row.name == REFERENCE else ("yes" if all(row.caught_with(a) for a in row.attempts) else "NO")
        times = [a.caught_after for a in row.attempts if a.caught_after is not None]
        when = f"{max(times):.1f}" if times else "-"
        shown = row.declared or ["(every requirement passes)"]
        verdicts = "; ".join(
            f"{r}=" + "/".join(a.verdicts.get(r, "-") for a in row.attempts) for r in shown if row.declared
        )
        if row.outcome == "wire" or row.name == REFERENCE:
            verdicts = "; ".join(f"exit {a.exit_code}: {a.message[:60]}" for a in row.attempts[:1]) + (
                f" {verdicts}" if verdicts else ""
            )
        out.write(f"{row.name:<38} {row.family:<12} {caught:<7} {when:>8}  {verdicts}\n")
        for problem in row.problems():
            out.write(f"{'':<38} PROBLEM: {problem}\n")
    faithful = [row for row in matrix if row.role == "variant"]
    if faithful:
        out.write(
            "\nFaithful variants (must be CERTIFIED with no FAIL, ERROR or NON-STRICT)\n"
            f"{'variant':<38} {'family':<12} result per seed\n"
        )
        for row in faithful:
            results = "; ".join(_certificate_line(a) for a in row.attempts)
            out.write(f"{row.name:<38} {row.family:<12} {results}\n")
            for problem in row.problems():
                out.write(f"{'':<38} PROBLEM: {problem}\n")
        out.write(f"variants certified: {totals['variants_certified']}/{totals['variants']}\n")
    out.write(f"\nkill rate: {totals['caught']}/{totals['faults']} ({100 * (totals['kill_rate'] or 0):.0f}%)\n")
    out.write(
        "per family: " + ", ".join(f"{n} {v['caught']}/{v['faults']}" for n, v in totals["families"].items()) + "\n"
    )
    t = totals["time_to_catch_seconds"]
    out.write(
        f"time to catch: median {t['median']} s, max {t['max']} s; "
        f"reference certified: {totals['reference_certified']}\n"
    )


def _certificate_line(attempt: Attempt) -> str:
    """``CERTIFIED`` or what kept a certified-looking run from being clean, for one seed."""
    bad = sorted(f"{r}={v}" for r, v in attempt.verdicts.items() if v in UNFAITHFUL)
    if attempt.exit_code == 0 and not bad:
        return "CERTIFIED"
    return f"exit {attempt.exit_code}" + (f" {', '.join(bad[:4])}" if bad else f" {attempt.message[:60]}")


def render_html(matrix: list[Row], totals: dict) -> str:
    """The kill matrix as a self-contained HTML page."""
    import html

    body = []
    for row in matrix:
        if row.role == "fault":
            status = "caught" if all(row.caught_with(a) for a in row.attempts) else "MISSED"
        else:
            status = f"{row.role}: " + ("certified" if not row.problems() else "NOT CERTIFIED")
        cells = "".join(
            f"<td>{html.escape(r)}: {' / '.join(html.escape(a.verdicts.get(r, '-')) for a in row.attempts)}</td>"
            for r in row.declared
        )
        problems = "<br>".join(html.escape(p) for p in row.problems())
        body.append(
            f"<tr><td><code>{html.escape(row.name)}</code></td><td>{row.family}</td><td>{html.escape(row.summary)}</td>"
            f"<td>{status}</td><td>{problems}</td>{cells}</tr>"
        )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Conformance suite self-test</title></head><body>"
        f"<h1>Kill matrix: {totals['caught']} of {totals['faults']} faults caught; "
        f"{totals['variants_certified']} of {totals['variants']} faithful variants certified</h1>"
        f"<pre>{html.escape(json.dumps({k: v for k, v in totals.items() if k != 'problems'}, indent=1))}</pre>"
        "<table border='1' cellpadding='4' style='border-collapse:collapse'><tr><th>target</th><th>family</th>"
        "<th>defect</th><th>status</th><th>problems</th>"
        "<th colspan='6'>declared requirements: verdict per seed</th></tr>" + "".join(body) + "</table></body></html>"
    )


def run(
    *,
    seeds: list[int],
    profile: str,
    jobs: int,
    timeout: float,
    report_dir: Path,
    names: list[str] | None,
    out: TextIO,
    write_power: bool = False,
) -> int:
    """Run the self-test; 0 when the reference is certified and every fault is caught consistently.

    It writes the power table it measured (power.json) beside selftest.json; with ``write_power``, a self-test of
    the whole catalogue that kept every promise also writes it over the committed table."""
    matrix = rows(names)
    report_dir.mkdir(parents=True, exist_ok=True)
    started = time.time()
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [
            pool.submit(run_target, row, seeds_for(row, index, seeds), profile, timeout, report_dir)
            for index, row in enumerate(matrix)
        ]
        for number, future in enumerate(futures, 1):
            row = future.result()
            out.write(f"[{number}/{len(matrix)}] {row.name}: {'ok' if not row.problems() else 'PROBLEM'}\n")
            out.flush()
    totals = summary(matrix)
    totals["wall_seconds"] = round(time.time() - started, 1)
    render_text(matrix, totals, out)
    document = {"seeds": seeds, "profile": profile, "summary": totals, "rows": [r.to_dict() for r in matrix]}
    (report_dir / SELFTEST_JSON).write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    (report_dir / SELFTEST_HTML).write_text(render_html(matrix, totals), encoding="utf-8")
    table = power.measured(document["rows"])
    power.write(table, report_dir / power.POWER_FILE)
    if write_power and names is None and not totals["problems"]:
        out.write(f"wrote the committed power table {power.write(table)}\n")
    out.write(f"wrote {report_dir / SELFTEST_JSON} and {report_dir / SELFTEST_HTML} ({totals['wall_seconds']} s)\n")
    return 0 if not totals["problems"] else 1
