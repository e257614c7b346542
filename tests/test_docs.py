"""The documentation names only what exists: every repository path it mentions, every link between its pages.

README.md stays a short front door whose first two command lines are the ones ``.ci/run`` relies on.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: The pages a newcomer reads, each of which must exist; with them, every page of docs/.
REQUIRED = ("README.md", "CONTRIBUTING.md", "tests/README.md", "docs/architecture.md", "docs/interpretation.md")
PAGES = sorted({ROOT / name for name in REQUIRED} | set((ROOT / "docs").glob("*.md")))
#: A code span or link target naming a file or folder of the repository starts with one of these.
FOLDERS = ("conformance/", "tests/", "docs/", "schemas/", "fixtures/", "benchmarks/", "reports/", ".ci/")
#: Files of the top folder a page may name on their own.
TOP_LEVEL = re.compile(r"^(pyproject\.toml|conftest\.py|\.gitignore|[A-Z][A-Z-]*\.md)$")
#: Files the pages name that lie beside the checkout (../shared/), not in it.
BESIDE_THE_CHECKOUT = {"SPEC-NOTES.md", "STYLE.md"}
README_LINES = 150
#: The first command of the README: install the suite and certify the embedded reference server.
FIRST_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/conformance run"

FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _prose(text: str) -> str:
    """The page without its fenced code blocks (commands and output, not names of files)."""
    return FENCE.sub("", text)


def _named_paths(text: str) -> list[str]:
    """Repository paths in code spans: ``conformance/judging/checks.py``, ``tests/``, ``pyproject.toml``."""
    found = []
    for _, span in CODE_SPAN.findall(_prose(text)):
        token = span.strip().split("::", 1)[0]
        if not token or any(c.isspace() for c in token):
            continue
        if token.startswith(FOLDERS) or (TOP_LEVEL.match(token) and token not in BESIDE_THE_CHECKOUT):
            found.append(token)
    return found


def _links(text: str) -> list[str]:
    """Relative link targets (no scheme, no pure anchor)."""
    return [t for t in LINK.findall(_prose(text)) if not re.match(r"^[a-z][a-z0-9+.-]*:", t) and not t.startswith("#")]


def _exists(path: str, base: Path) -> bool:
    if any(c in path for c in "*?["):
        return any(base.glob(path.rstrip("/")))
    target = base / path
    return target.is_dir() if path.endswith("/") else target.exists()


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    return {_slug(h) for h in re.findall(r"^#+ (.+)$", _prose(page.read_text(encoding="utf-8")), re.MULTILINE)}


def _name(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def test_the_pages_are_there():
    """The pages this test reads exist (so the checks below check something)."""
    assert [_name(p) for p in PAGES if not p.is_file()] == []


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_path_a_page_names_exists(page):
    """Each repository path in a code span is a file or folder of the repository, relative to its root."""
    named = _named_paths(page.read_text(encoding="utf-8"))
    assert [p for p in named if not _exists(p, ROOT)] == []


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_relative_link_resolves(page):
    """Each relative link leads to a file of the repository, and its anchor (if any) to a heading of that page."""
    broken = []
    for target in _links(page.read_text(encoding="utf-8")):
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve()
        if not linked.exists() or ROOT not in linked.parents:
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(target)
    assert broken == []


def test_the_scan_catches_a_missing_path_and_a_broken_link(tmp_path):
    """A path or a link that names nothing is found (the checks above can fail)."""
    text = "See `conformance/judging/no_such_module.py`, `pyproject.toml` and [gone](docs/gone.md).\n"
    assert [p for p in _named_paths(text) if not _exists(p, ROOT)] == ["conformance/judging/no_such_module.py"]
    assert _links(text) == ["docs/gone.md"]
    assert not (ROOT / "docs" / "gone.md").exists()
    assert _named_paths("```sh\ncat conformance/nothing.py\n```\n`SPEC-NOTES.md` beside the checkout") == []


def test_the_tests_readme_places_every_test_file_in_a_tier():
    """tests/README.md names each test file of tests/, so that a new one is given its tier there."""
    named = set(_named_paths((ROOT / "tests" / "README.md").read_text(encoding="utf-8")))
    files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py"))
    assert [f for f in files if f not in named] == []


def test_the_readme_is_a_short_front_door():
    """At most 150 lines: the rest is in docs/."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_LINES, f"README.md has {len(lines)} lines"


def test_the_readme_opens_with_the_two_commands_ci_relies_on():
    """The first code block holds the two commands, first of all: certify the reference server, then the project's
    tests exactly as ``.ci/run`` runs them."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = FENCE.search(readme)
    assert first_block is not None
    before = readme[: first_block.start()].strip().splitlines()
    assert len(before) == 1 and before[0].startswith("# "), "only the title comes before the commands"
    commands = [line for line in first_block.group(0).splitlines()[1:-1] if line.strip()]
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    ci_command = next(line for line in ci_lines if line.startswith("python3 -m venv"))
    assert commands[:2] == [FIRST_COMMAND, ci_command]


def test_the_mutation_page_ends_with_the_triage_as_it_is():
    """docs/mutation.md ends with the triage of benchmarks/mutation_triage.json: python benchmarks/triage_doc.py."""
    spec = importlib.util.spec_from_file_location("triage_doc", ROOT / "benchmarks" / "triage_doc.py")
    assert spec is not None and spec.loader is not None
    triage_doc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(triage_doc)
    page = (ROOT / "docs" / "mutation.md").read_text(encoding="utf-8")
    assert page.endswith(triage_doc.render()), "docs/mutation.md: run python benchmarks/triage_doc.py"
