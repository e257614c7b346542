"""docs/interpretation.md carries the interpretation every requirement cites, in step with the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import conformance
from conformance.spec.requirements import catalogue

from .test_catalogue import RULE_LEVEL, SHOULD_SUB_IDS, SPEC_NOTES, spec_note_levels

PROJECT = Path(conformance.__file__).resolve().parents[1]
INTERPRETATION = PROJECT / "docs" / "interpretation.md"
CITED = "docs/interpretation.md"
START = "<!-- interpretation starts below -->\n"


def _text() -> str:
    return INTERPRETATION.read_text(encoding="utf-8")


def _sections() -> list[str]:
    return [heading.strip() for heading in re.findall(r"^#+ (.+)$", _text(), re.MULTILINE)]


def _cited_sections(source: str) -> list[str]:
    """The sections of docs/interpretation.md a source names (``; §Facts`` continues the document named before it)."""
    found, document = [], None
    for part in (p.strip() for p in source.split(";")):
        if not part.startswith("§"):
            document = part.split(" §", 1)[0]
        if document == CITED and "§" in part:
            found.append(part.split("§", 1)[1].split("(", 1)[0].strip())
    return found


def test_every_requirement_cites_the_interpretation_in_the_repository():
    """Each source names docs/interpretation.md (a file of the repository), never SPEC-NOTES.md beside the checkout."""
    sources = {rid: requirement.source for rid, requirement in catalogue().items()}
    assert {rid: s for rid, s in sources.items() if not s.startswith(CITED + " §")} == {}
    assert {rid: s for rid, s in sources.items() if "SPEC-NOTES" in s} == {}


def test_every_cited_section_is_a_heading_of_the_interpretation():
    """``§What a PUT does``, ``§Facts``: each names the start of a heading of docs/interpretation.md."""
    headings = _sections()
    cited = {name for r in catalogue().values() for name in _cited_sections(r.source)}
    assert cited, "no section cited"
    assert sorted(name for name in cited if not any(h.startswith(name) for h in headings)) == []


def test_the_interpretation_bullets_are_the_catalogue_with_its_levels():
    """Each ``- `id` LEVEL`` bullet is a catalogue requirement of that level, and every requirement has its bullet."""
    noted = spec_note_levels(_text())
    expected = {rid: (RULE_LEVEL if level == "rule" else level) for rid, level in noted.items()}
    expected.update({sub_id: "SHOULD" for sub_id, parent in SHOULD_SUB_IDS.items() if noted.get(parent) == "MUST"})
    assert {rid: r.level for rid, r in catalogue().items()} == expected


def test_the_interpretation_is_spec_notes_verbatim():
    """Below its header, docs/interpretation.md is ../shared/SPEC-NOTES.md, when that file is next to the checkout."""
    if not SPEC_NOTES.exists():
        pytest.skip("SPEC-NOTES.md is not beside the checkout (../shared/)")
    assert _text().split(START, 1)[1] == SPEC_NOTES.read_text(encoding="utf-8")
