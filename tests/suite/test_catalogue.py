"""The catalogue, SPEC-NOTES and the suite's tests agree: every rule is tested, every test names its rules."""

from __future__ import annotations

import ast
import json
import pkgutil
import re
import sys
from pathlib import Path

import pytest

import conformance
import conformance.suite
from conformance.judging.outcomes import Nonconformance, UnknownRequirement
from conformance.spec.requirements import ANY_TEST, CATALOGUE_PATH, LEVELS, catalogue, get
from conformance.spec.validators import load_validator
from tests.suite.suite_marks import suite_tests

SPEC_NOTES = Path(conformance.__file__).resolve().parents[2] / "shared" / "SPEC-NOTES.md"
#: ``- `put.ok` MUST: ...`` and ``- `content.form`, `content.json-patch` INFO: ...`` (``rule`` for put.field-length).
SPEC_BULLET = re.compile(r"^- ((?:`[a-z0-9.-]+`(?:, )?)+) (MUST|SHOULD|INFO|rule)\b", re.MULTILINE)
#: Rules SPEC-NOTES gives two levels: the catalogue keeps the MUST part under the id and the SHOULD part under a sub-id.
SHOULD_SUB_IDS = {"select.nested.others-null": "select.nested", "accept.xml.same-values": "accept.xml"}
#: put.field-length is a "rule" in SPEC-NOTES (the suite's own strings keep to it); the catalogue reports it as INFO.
RULE_LEVEL = "INFO"


def spec_note_levels(text: str) -> dict[str, str]:
    """Requirement id -> level, from the bullets of SPEC-NOTES."""
    levels = {}
    for ids, level in SPEC_BULLET.findall(text):
        for requirement_id in re.findall(r"`([^`]+)`", ids):
            levels[requirement_id] = level
    return levels


def test_the_suite_has_tests():
    """The suite modules are found and hold test functions (so the checks below check something)."""
    tests = suite_tests()
    assert len(tests) >= 40
    assert len({name.split("::")[0] for name in tests}) >= 8


def test_every_suite_test_declares_known_requirements():
    """Each suite test carries a requirement mark naming only ids of the catalogue."""
    known = set(catalogue())
    undeclared = [name for name, ids in suite_tests().items() if not ids]
    unknown = {name: sorted(set(ids) - known) for name, ids in suite_tests().items() if set(ids) - known}
    assert undeclared == [], "suite tests without @requirement"
    assert unknown == {}, "suite tests naming ids the catalogue does not have"


def test_every_requirement_has_a_suite_test():
    """No requirement of the catalogue is left without a test."""
    covered = {rid for ids in suite_tests().values() for rid in ids}
    assert [rid for rid in catalogue() if rid not in covered] == []


def test_parametrized_and_hypothesis_tests_keep_their_requirement_marks():
    """Marks survive @pytest.mark.parametrize and @given (the functions pytest collects carry them)."""
    tests = suite_tests()
    assert tests["test_select::test_property_names_match_regardless_of_case"] == ["select.case-insensitive"]
    assert (
        "select.projection" in tests["test_select::test_projection_equals_the_full_response_on_the_selected_properties"]
    )


def test_the_catalogue_is_valid_against_its_schema():
    """requirements.json validates against schemas/requirements.schema.json."""
    document = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in load_validator("requirements.schema.json").iter_errors(document)
    ]
    assert errors == []


def test_catalogue_ids_are_unique_and_levels_known():
    """No id appears twice; every level is MUST, SHOULD or INFO."""
    entries = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))["requirements"]
    ids = [entry["id"] for entry in entries]
    assert len(ids) == len(set(ids)) == len(catalogue())
    assert {entry["level"] for entry in entries} <= set(LEVELS)


def test_an_unknown_requirement_id_is_a_key_error_naming_it():
    """get() of a misspelt id fails loudly."""
    with pytest.raises(KeyError, match="put.ekko"):
        get("put.ekko")


def test_every_spec_notes_requirement_is_in_the_catalogue_with_its_level():
    """Each ``- `id` LEVEL`` bullet of SPEC-NOTES is a catalogue requirement of that level, and nothing else is."""
    if not SPEC_NOTES.exists():
        pytest.skip("SPEC-NOTES.md is not beside the checkout (../shared/)")
    noted = spec_note_levels(SPEC_NOTES.read_text(encoding="utf-8"))
    assert len(noted) >= 40, "SPEC-NOTES bullets were not recognised"
    expected = {rid: (RULE_LEVEL if level == "rule" else level) for rid, level in noted.items()}
    expected.update({sub_id: "SHOULD" for sub_id, parent in SHOULD_SUB_IDS.items() if noted.get(parent) == "MUST"})
    actual = {rid: requirement.level for rid, requirement in catalogue().items()}
    assert actual == expected


# --- requirement ids written in the code ----------------------------------------------------------

CONFORMANCE_DIR = Path(conformance.__file__).resolve().parent
#: Calls whose string arguments are requirement ids: findings, markers, observations, and every check.
ID_CALLS = {"Nonconformance", "requirement", "observe", "get", "note"}


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def written_requirement_ids() -> dict[str, set[str]]:
    """Every string literal in conformance/ that looks like a requirement id (a known family, a dot, a name):
    in findings, markers, observations and check calls, and in the tables that map contexts to requirements."""
    families = {rid.split(".")[0] for rid in catalogue()}
    found: dict[str, set[str]] = {}
    for path in sorted(CONFORMANCE_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = node.value if isinstance(node, ast.Constant) else None
            if (
                isinstance(value, str)
                and REQUIREMENT_ID.fullmatch(value)
                and value.split(".")[0] in families
                and value.rsplit(".", 1)[1] not in FILE_SUFFIXES
            ):
                found.setdefault(value, set()).add(str(path.relative_to(CONFORMANCE_DIR)))
    return found


#: Names like ``server.log`` look like ids of the ``server`` family: file names are not requirement ids.
FILE_SUFFIXES = {"log", "json", "txt", "html", "xml", "py", "sqlite3"}
REQUIREMENT_ID = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)+")


def test_every_requirement_id_written_in_the_code_is_in_the_catalogue():
    """A misspelt id in a finding, a marker, an observation or a check call is caught here, before any run."""
    written = written_requirement_ids()
    assert len(written) >= 40, "the scan found too few ids: it no longer recognises the calls"
    unknown = {rid: sorted(files) for rid, files in written.items() if rid not in catalogue()}
    assert unknown == {}


def test_the_scan_sees_a_misspelt_id(tmp_path, monkeypatch):
    """The scan above would catch a typo (it reads the calls the suite writes)."""
    (tmp_path / "suite.py").write_text(
        'checks.status_is(r, 200, "put.okk")\nNonconformance("put.ekko", "x")\n', encoding="utf-8"
    )
    monkeypatch.setattr(sys.modules[__name__], "CONFORMANCE_DIR", tmp_path)
    assert set(written_requirement_ids()) == {"put.okk", "put.ekko"}


def test_a_nonconformance_with_an_unknown_id_is_refused_where_it_is_written():
    """Constructing a finding for an id the catalogue lacks raises at once, naming it."""
    with pytest.raises(UnknownRequirement, match="put.ekko"):
        Nonconformance("put.ekko", "a written value did not come back")


def test_each_suite_test_finds_only_requirements_it_declares():
    """String ids in a suite test's own body are among its markers (or findable by any test)."""
    declared = suite_tests()
    stray = {}
    for module_info in pkgutil.iter_modules(conformance.suite.__path__):
        if not module_info.name.startswith("test_"):
            continue
        tree = ast.parse((CONFORMANCE_DIR / "suite" / f"{module_info.name}.py").read_text(encoding="utf-8"))
        for function in tree.body:
            if isinstance(function, ast.FunctionDef) and function.name.startswith("test_"):
                ids = {
                    n.value
                    for n in ast.walk(function)
                    if isinstance(n, ast.Constant)
                    and isinstance(n.value, str)
                    and n.value in catalogue()
                    and n.lineno > function.body[0].lineno - 1
                }
                extra = ids - set(declared[f"{module_info.name}::{function.name}"]) - ANY_TEST
                if extra:
                    stray[f"{module_info.name}::{function.name}"] = sorted(extra)
    assert stray == {}
