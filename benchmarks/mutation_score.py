"""Prints the suite's mutation score on the reference server: the share of cosmic-ray mutants a quick run kills.

Mutants: cosmic-ray's core operators (``cosmic_ray.plugins``), each position found the way
``cosmic-ray init`` finds them and applied with ``cosmic_ray.mutating.mutate_code`` to the
source text, never to a file of the working tree. The modules are the reference server's
(``--modules``). server.py is left out by default (``--modules`` may name it): 105 of its 137
mutants lie in ``running_server``, ``read_ready_line``, ``_wait_until_answering`` and ``stop``,
the harness' side, which a served server never runs (this benchmark starts its servers itself),
so they can only survive; the rest is socket and uvicorn plumbing whose mutants mostly stop the
server from starting or change no answer (listen backlog, keep-alive timeout, access log). Positions
inside type annotations are left out too: ``from __future__ import annotations`` keeps them
unevaluated, so every such mutant (``str | None`` -> ``str & None``) is equivalent.
Mutants that do not compile are counted apart and not run.

The repository's ``conformance/``, ``schemas/`` and ``fixtures/`` are copied once into a
temporary snapshot (edits made meanwhile in the working tree change nothing). A baseline run
first: the unmutated snapshot served and run against, which must be CERTIFIED. Then, for each
sampled mutant (``--seed``, ``--sample``, or those ``--mutants`` names; one at a time unless
``--jobs``): a copy of the snapshot with the one module mutated, ``conformance serve`` from that
copy on an ephemeral 127.0.0.1 port, and ``conformance run --profile quick --seed SUITE_SEED
--level should --base-url ...`` from the unmutated snapshot, cut at ``--time-limit`` seconds.
Every child runs in a session of its own and its group is killed at the end.

Outcomes: killed (exit 1: a MUST failed, or a SHOULD with ``--level should``, the default: the
suite reported the mutant's deviation; exit 2 with the run stopped on the target, with ERROR
verdicts (the target broke the harness: NOT CERTIFIED), or the server dead; the mutated server
not starting), survived (exit 0), timeout (no verdict within
the limit), error (any other exit). Score = killed / (run - equivalent), where equivalent
survivors are those ``benchmarks/mutation_triage.json`` (mutant id -> {"equivalent": bool,
"reason": str}) marks so. Survivors are listed with file:line, operator and diff, with what
the run noticed without failing (NON-STRICT verdicts, INFO observations that differ from the
baseline's). Results go to ``mutation_score.json`` in ``--out`` (default: a new temporary folder).

Needs cosmic-ray, which is no dependency of the project: .venv/bin/pip install cosmic-ray==8.7.0
Run: python benchmarks/mutation_score.py [--sample 75] [--seed 1] [--suite-seed 1] [--jobs 1] [--level should]
                                         [--mutants ID,ID]
                                         [--time-limit SECONDS] [--modules app,entity,...] [--dry-run]
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import NoReturn

import cosmic_ray.plugins
import requests
from cosmic_ray.ast import ast_nodes, get_ast
from cosmic_ray.ast.ast_query import ASTQuery
from cosmic_ray.mutating import mutate_code
from timed_run import target_arguments

from conformance.targets.reference.server import read_ready_line

REPOSITORY = Path(__file__).resolve().parent.parent
PACKAGE = "conformance"
DATA = ("schemas", "fixtures")
REFERENCE = "conformance/targets/reference"
MODULES = ("app", "authentication", "entity", "fields", "localization", "negotiation", "projection", "store")
TRIAGE = Path(__file__).with_name("mutation_triage.json")
RESULTS_FILE = "mutation_score.json"
#: Seconds the unmutated run may take; it sets the mutants' default limit (4 x its time, at least 60 s).
BASELINE_LIMIT = 600.0
#: Appended to a module whose except clause names cosmic-ray's exception: the handler then matches nothing.
TESTING_EXCEPTION = "\n\nclass CosmicRayTestingException(Exception):\n    pass\n"
#: The children alive now, killed on the way out whatever happens.
LIVE: set[subprocess.Popen] = set()


@dataclass(frozen=True)
class Mutant:
    """One cosmic-ray mutation of one module of the snapshot."""

    id: str
    module: str
    line: int
    column: int
    operator: str
    occurrence: int
    definition: str | None

    @property
    def where(self) -> str:
        return f"{self.module}:{self.line}"


@dataclass
class Outcome:
    """What the suite made of one mutant."""

    mutant: Mutant
    outcome: str
    how: str
    diff: list[str]
    seconds: float = 0.0
    run_seconds: float | None = None
    exit_code: int | None = None
    failed: list[str] = field(default_factory=list)
    non_strict: list[str] = field(default_factory=list)
    info_changed: list[str] = field(default_factory=list)
    log_tail: str = ""


# --- mutants ------------------------------------------------------------------------------


def operators() -> list[str]:
    """cosmic-ray's operators that need no arguments (VariableReplacer and VariableInserter need a variable name)."""
    return [
        name for name in cosmic_ray.plugins.operator_names() if not cosmic_ray.plugins.get_operator(name).arguments()
    ]


def _annotation_nodes(tree) -> set[int]:
    """ids of the annotation subtrees of a module: parameters, return types, annotated assignments."""
    found = set()
    for node in ast_nodes(tree):
        annotation = None
        if node.type in ("param", "funcdef"):
            annotation = node.annotation
        elif node.type == "annassign":
            annotation = node.children[1]
        if annotation is not None:
            found.add(id(annotation))
    return found


def _inside(node, ids: set[int]) -> bool:
    while node is not None:
        if id(node) in ids:
            return True
        node = node.parent
    return False


def module_mutants(root: Path, module: str) -> list[Mutant]:
    """Every mutant cosmic-ray makes of ``module`` (relative to ``root``), annotations left out.

    The id hashes the module, the enclosing definition, the stripped source line, the column in it and the operator, so
    that it survives edits elsewhere in the file (a triage entry stays attached).
    """
    source = (root / module).read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = get_ast(source)  # mutation_positions only reads it: one parse serves every operator
    nodes, annotations = list(ast_nodes(tree)), _annotation_nodes(tree)
    found, seen = [], Counter()
    for name in operators():
        operator = cosmic_ray.plugins.get_operator(name)()
        positions = [(node, start) for node in nodes for start, _ in operator.mutation_positions(node)]
        for occurrence, (node, (line, column)) in enumerate(positions):
            if _inside(node, annotations):
                continue
            definition = ASTQuery(node).get_definition_name()
            text = lines[line - 1]
            indent = len(text) - len(text.lstrip())
            key = f"{module}|{definition}|{text.strip()}|{column - indent}|{name}"
            seen[key] += 1
            digest = hashlib.sha1(f"{key}|{seen[key]}".encode()).hexdigest()[:8]
            found.append(Mutant(f"{Path(module).stem}-{digest}", module, line, column, name, occurrence, definition))
    return found


def mutated(source: str, mutant: Mutant) -> tuple[str | None, list[str]]:
    """The mutated module text (None: no mutation there, or it does not compile) and the changed lines."""
    operator = cosmic_ray.plugins.get_operator(mutant.operator)()
    code = mutate_code(source, operator, mutant.occurrence)
    if code is None or code == source:
        return None, []
    diff = [
        line
        for line in difflib.unified_diff(source.splitlines(), code.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("---", "+++")
    ]
    if "CosmicRayTestingException" in code:
        code += TESTING_EXCEPTION
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)  # `x is not "*"`: a warning, and a mutant like another
            compile(code, mutant.module, "exec")
    except SyntaxError:
        return None, diff
    return code, diff


# --- processes ----------------------------------------------------------------------------


def environment(root: Path) -> dict[str, str]:
    """The environment of a child running the ``conformance`` package of ``root``: no CONFORMANCE_* settings (the
    server's credentials are its defaults, the run's are on its command line), no bytecode written."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONFORMANCE_") and k != "PYTHONPATH"}
    env.update(PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1")
    return env


def start(command: list[str], root: Path, **streams) -> subprocess.Popen:
    process = subprocess.Popen(command, cwd=root, env=environment(root), start_new_session=True, **streams)
    LIVE.add(process)
    return process


def end(process: subprocess.Popen, grace: float = 5.0) -> None:
    """SIGTERM to the child's process group, SIGKILL after ``grace`` seconds."""
    for sent in (signal.SIGTERM, signal.SIGKILL):
        if process.poll() is not None:
            break
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:
            break
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            continue
    process.wait()
    LIVE.discard(process)


def _answering(url: str, timeout: float) -> bool:
    """Whether the server answers an HTTP request (any status) within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(f"{url}/api/v1/Contact/default", timeout=2)
            return True
        except requests.RequestException:
            time.sleep(0.1)
    return False


@contextmanager
def served(root: Path, folder: Path, timeout: float) -> Iterator[tuple[str | None, subprocess.Popen]]:
    """``conformance serve`` from ``root`` on a free 127.0.0.1 port, its database and log in ``folder``; the URL is
    None when it did not start answering within ``timeout`` seconds."""
    command = [sys.executable, "-m", PACKAGE, "serve", "--host", "127.0.0.1", "--port", "0"]
    command += ["--db", str(folder / "contacts.sqlite3")]
    with open(folder / "server.log", "w", encoding="utf-8") as log:
        process = start(command, root, stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        url = read_ready_line(process, timeout)
        yield (url if url and _answering(url, timeout) else None), process
    finally:
        end(process)


def suite_run(
    snapshot: Path, url: str, args: argparse.Namespace, folder: Path, limit: float
) -> tuple[int | None, dict | None]:
    """``conformance run`` from the unmutated snapshot against ``url``: its exit code (None: cut at the time limit) and
    results.json (None when it wrote none)."""
    report = folder / "report"
    command = [sys.executable, "-m", PACKAGE, "run", *target_arguments(url), "--profile", args.profile]
    command += ["--seed", str(args.suite_seed), "--level", args.level, "--report-dir", str(report)]
    with open(folder / "run.log", "w", encoding="utf-8") as log:
        process = start(command, snapshot, stdout=log, stderr=subprocess.STDOUT)
    try:
        code = process.wait(limit)
    except subprocess.TimeoutExpired:
        code = None
    finally:
        end(process)
    try:
        results = json.loads((report / "results.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        results = None
    return code, results


def _tail(path: Path, size: int = 1500) -> str:
    return path.read_text(encoding="utf-8", errors="replace")[-size:] if path.exists() else ""


# --- judging ------------------------------------------------------------------------------


def verdicts(results: dict | None, *wanted: str) -> list[str]:
    return [r["id"] for r in (results or {}).get("requirements", []) if r["verdict"] in wanted]


def info_texts(results: dict | None) -> dict[str, list[str]]:
    """The evidence texts of each INFO requirement: what the run observed without judging."""
    return {
        r["id"]: sorted(e.get("text", "") for e in r.get("evidence", []))
        for r in (results or {}).get("requirements", [])
        if r["verdict"] == "INFO"
    }


def classify(started: bool, code: int | None, results: dict | None, server_alive: bool) -> tuple[str, str]:
    """(outcome, how) of one mutant's run; the baseline certified, so a stop on the target is the mutant's doing."""
    if not started:
        return "killed", "the mutated server did not start"
    if code is None:
        return "timeout", "no verdict within the time limit"
    if code == 0:
        return "survived", "CERTIFIED"
    if code == 1:
        return "killed", "a MUST failed" if verdicts(results, "FAIL") else "a SHOULD failed (NON-STRICT)"
    stopped = (results or {}).get("stopped")
    if code == 2 and stopped:
        return "killed", f"run stopped: {stopped}"
    if code == 2 and not server_alive:
        return "killed", "the server died during the run"
    if code == 2 and verdicts(results, "ERROR"):
        return "killed", "NOT CERTIFIED: the target broke the harness (ERROR verdicts)"
    return "error", f"exit {code} with the server {'alive' if server_alive else 'dead'}"


def trial(snapshot: Path, mutant: Mutant, args: argparse.Namespace, baseline_info: dict) -> Outcome:
    """Serve the mutant from a copy of the snapshot and run the suite against it."""
    began = time.perf_counter()
    source = (snapshot / mutant.module).read_text(encoding="utf-8")
    code, diff = mutated(source, mutant)
    if code is None:
        return Outcome(mutant, "invalid", "does not compile" if diff else "no mutation", diff)
    with tempfile.TemporaryDirectory(prefix="mutant-") as name:
        folder = Path(name)
        root = folder / "tree"
        shutil.copytree(snapshot / PACKAGE, root / PACKAGE)
        for data in DATA:
            (root / data).symlink_to(snapshot / data)
        (root / mutant.module).write_text(code, encoding="utf-8")
        with served(root, folder, args.start_timeout) as (url, server):
            exit_code, results, run_seconds = None, None, None
            if url is not None:
                run_began = time.perf_counter()
                exit_code, results = suite_run(snapshot, url, args, folder, args.time_limit)
                run_seconds = round(time.perf_counter() - run_began, 1)
            alive = server.poll() is None
        outcome, how = classify(url is not None, exit_code, results, alive)
        info = info_texts(results)
        return Outcome(
            mutant,
            outcome,
            how,
            diff,
            seconds=round(time.perf_counter() - began, 1),
            run_seconds=run_seconds,
            exit_code=exit_code,
            failed=verdicts(results, "FAIL"),
            non_strict=verdicts(results, "NON-STRICT", "FLAKY", "NOT JUDGED"),
            info_changed=sorted(k for k in info if info[k] != baseline_info.get(k)) if outcome == "survived" else [],
            log_tail=""
            if outcome in ("killed", "survived")
            else _tail(folder / "server.log") + _tail(folder / "run.log"),
        )


# --- the run ------------------------------------------------------------------------------


def stop_run(message: str) -> NoReturn:
    """Harness trouble, not a score: the message on stderr, exit 2."""
    print(f"mutation_score: {message}", file=sys.stderr)
    raise SystemExit(2)


def take_snapshot(folder: Path) -> Path:
    """The package and its data, copied from the working tree; checks the children import the copy."""
    snapshot = folder / "snapshot"
    shutil.copytree(REPOSITORY / PACKAGE, snapshot / PACKAGE, ignore=shutil.ignore_patterns("_data"))
    for data in DATA:
        shutil.copytree(REPOSITORY / data, snapshot / data)
    probe = subprocess.run(
        [sys.executable, "-c", f"import {PACKAGE}; print({PACKAGE}.__file__)"],
        cwd=snapshot,
        env=environment(snapshot),
        capture_output=True,
        text=True,
        timeout=60,
    )
    if not probe.stdout.strip().startswith(str(snapshot)):
        stop_run(f"the children import {probe.stdout.strip() or probe.stderr[-500:]}, not the snapshot")
    return snapshot


def baseline(snapshot: Path, args: argparse.Namespace) -> tuple[float, dict]:
    """The unmutated snapshot served and run against: its wall seconds and INFO observations; it must certify."""
    with tempfile.TemporaryDirectory(prefix="mutant-baseline-") as name:
        folder = Path(name)
        began = time.perf_counter()
        with served(snapshot, folder, args.start_timeout) as (url, _):
            if url is None:
                stop_run(f"the unmutated reference server did not start:\n{_tail(folder / 'server.log')}")
            code, results = suite_run(snapshot, url, args, folder, BASELINE_LIMIT)
        seconds = time.perf_counter() - began
        if code != 0:
            stop_run(f"the baseline run is not CERTIFIED (exit {code}):\n{_tail(folder / 'run.log')}")
    return seconds, info_texts(results)


def load_triage(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def summary(outcomes: list[Outcome], triage: dict[str, dict]) -> dict:
    counts = Counter(o.outcome for o in outcomes)
    run = sum(counts[k] for k in ("killed", "survived", "timeout", "error"))
    equivalent = sum(1 for o in outcomes if o.outcome == "survived" and triage.get(o.mutant.id, {}).get("equivalent"))
    denominator = run - equivalent
    return {
        "run": run,
        "killed": counts["killed"],
        "survived": counts["survived"],
        "timeout": counts["timeout"],
        "error": counts["error"],
        "equivalent": equivalent,
        "invalid": counts["invalid"],
        "score": round(counts["killed"] / denominator, 3) if denominator else None,
    }


def print_report(outcomes: list[Outcome], triage: dict[str, dict]) -> None:
    print("\n| module | run | killed | survived | timed out | errors | equivalent | score |")
    print("|---|---|---|---|---|---|---|---|")
    for module in sorted({o.mutant.module for o in outcomes}) + ["all"]:
        s = summary([o for o in outcomes if module in ("all", o.mutant.module)], triage)
        score = "-" if s["score"] is None else f"{s['score']:.0%}"
        label = "**all**" if module == "all" else Path(module).name
        print(
            f"| {label} | {s['run']} | {s['killed']} | {s['survived']} | {s['timeout']} | {s['error']} | "
            f"{s['equivalent']} | {score} |"
        )
    total = summary(outcomes, triage)
    if total["invalid"]:
        print(f"\n{total['invalid']} mutant(s) did not compile or changed nothing: not run.")
    timed = [o.seconds for o in outcomes if o.outcome != "invalid"]
    if timed:
        print(f"per mutant: mean {sum(timed) / len(timed):.1f} s, max {max(timed):.1f} s")
    survivors = [o for o in outcomes if o.outcome == "survived"]
    equivalent = [o for o in survivors if triage.get(o.mutant.id, {}).get("equivalent")]
    blind = [o for o in survivors if o not in equivalent]
    for title, group in (("Survivors (blind spots of the suite)", blind), ("Equivalent (triaged)", equivalent)):
        if not group:
            continue
        print(f"\n{title}:")
        for o in sorted(group, key=lambda o: (o.mutant.module, o.mutant.line)):
            m = o.mutant
            print(f"  {m.id}  {m.where}  {m.operator.split('/')[-1]}  in {m.definition or '(module)'}")
            for line in o.diff:
                print(f"      {line.strip()[:1]} {line[1:].strip()}")
            noticed = [f"{', '.join(o.non_strict)} not PASS"] if o.non_strict else []
            noticed += [f"INFO differs: {', '.join(o.info_changed)}"] if o.info_changed else []
            if noticed:
                print(f"      noticed: {'; '.join(noticed)}")
            if m.id in triage:
                print(f"      triage: {triage[m.id].get('reason', '')}")
    wrong = [o.mutant.id for o in outcomes if o.outcome == "killed" and triage.get(o.mutant.id, {}).get("equivalent")]
    if wrong:
        print(f"\ntriaged equivalent but killed (fix the triage): {', '.join(wrong)}")
    for o in outcomes:
        if o.outcome in ("timeout", "error"):
            print(f"\n{o.outcome}: {o.mutant.id} {o.mutant.where} {o.mutant.operator} ({o.how})\n{o.log_tail[-600:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=75, help="mutants drawn (0: all); default %(default)s")
    parser.add_argument("--seed", type=int, default=1, help="seed of the draw; default %(default)s")
    parser.add_argument("--suite-seed", type=int, default=1, help="conformance run --seed; default %(default)s")
    parser.add_argument("--profile", default="quick")
    parser.add_argument(
        "--level",
        default="should",
        choices=("must", "should"),
        help="what kills a mutant: a failed MUST, or a failed MUST or SHOULD (default %(default)s)",
    )
    parser.add_argument("--mutants", help="run these mutant ids (comma-separated) instead of a sample")
    parser.add_argument("--modules", default=",".join(MODULES), help=f"modules of {REFERENCE}, comma-separated")
    parser.add_argument("--jobs", type=int, default=1, help="mutants at once; default %(default)s")
    parser.add_argument("--time-limit", type=float, help="seconds per run (default: 4 x the baseline, at least 60)")
    parser.add_argument("--start-timeout", type=float, default=30.0, help="seconds for a server to start answering")
    parser.add_argument("--triage", type=Path, default=TRIAGE)
    parser.add_argument("--out", type=Path, help="folder of mutation_score.json (default: a new temporary folder)")
    parser.add_argument("--dry-run", action="store_true", help="list the sample and its diffs, run nothing")
    args = parser.parse_args()
    triage = load_triage(args.triage)
    work = Path(tempfile.mkdtemp(prefix="mutation-work-"))
    try:
        snapshot = take_snapshot(work)
        population = [
            m
            for module in args.modules.split(",")
            for m in module_mutants(snapshot, f"{REFERENCE}/{module.strip()}.py")
        ]
        tool = f"cosmic-ray {version('cosmic-ray')}"
        if args.mutants:
            wanted = args.mutants.split(",")
            chosen = [m for m in population if m.id in wanted]
            if len(chosen) != len(wanted):
                stop_run(f"no such mutant: {sorted(set(wanted) - {m.id for m in chosen})}")
            print(f"{tool}: {len(population)} mutants in {args.modules}; {len(chosen)} chosen by id")
        else:
            chosen = random.Random(args.seed).sample(population, min(args.sample or len(population), len(population)))
            print(f"{tool}: {len(population)} mutants in {args.modules}; {len(chosen)} drawn with seed {args.seed}")
        if args.dry_run:
            for m in chosen:
                print(f"{m.id}  {m.where}  {m.operator}")
                for line in mutated((snapshot / m.module).read_text(encoding="utf-8"), m)[1]:
                    print(f"    {line}")
            return
        base_seconds, base_info = baseline(snapshot, args)
        args.time_limit = args.time_limit or max(60.0, 4 * base_seconds)
        print(
            f"baseline: CERTIFIED in {base_seconds:.1f} s (server start + quick run, suite seed {args.suite_seed}); "
            f"time limit {args.time_limit:.0f} s per run",
            flush=True,
        )
        outcomes = run_all(snapshot, chosen, args, base_info)
        print_report(outcomes, triage)
        document = {
            "tool": tool,
            "configuration": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
            "population": len(population),
            "baseline_seconds": round(base_seconds, 1),
            "summary": summary(outcomes, triage),
            "mutants": [{**asdict(o), "triage": triage.get(o.mutant.id)} for o in outcomes],
        }
        out = args.out or Path(tempfile.mkdtemp(prefix="mutation-score-"))
        out.mkdir(parents=True, exist_ok=True)
        (out / RESULTS_FILE).write_text(json.dumps(document, indent=2), encoding="utf-8")
        print(f"\nresults: {out / RESULTS_FILE}")
    finally:
        for process in list(LIVE):
            end(process, grace=1.0)
        shutil.rmtree(work, ignore_errors=True)


def run_all(snapshot: Path, chosen: list[Mutant], args: argparse.Namespace, base_info: dict) -> list[Outcome]:
    """Each mutant's outcome, in the order they finish; Ctrl-C keeps what is done."""
    outcomes: list[Outcome] = []
    pool = ThreadPoolExecutor(max_workers=max(1, args.jobs))
    futures = [pool.submit(trial, snapshot, m, args, base_info) for m in chosen]
    try:
        for done in as_completed(futures):
            o = done.result()
            outcomes.append(o)
            failed = f"  failed: {', '.join(o.failed)}" if o.failed else ""
            print(
                f"[{len(outcomes)}/{len(chosen)}] {o.mutant.id} {o.outcome:<8} {o.seconds:5.1f} s  {o.mutant.where}  "
                f"{o.mutant.operator.split('/')[-1]}  ({o.how}){failed}",
                flush=True,
            )
    except KeyboardInterrupt:
        print("interrupted: reporting the mutants done so far", flush=True)
        pool.shutdown(wait=False, cancel_futures=True)
        for process in list(LIVE):
            end(process, grace=1.0)
    pool.shutdown(wait=True)
    return outcomes


if __name__ == "__main__":
    main()
