"""The gates every change passes: lint, format, types and the dependency rule between the layers.

Each runs the tool the test extras install (pinned in pyproject.toml) on the whole checkout, as CONTRIBUTING.md
tells a contributor to; a failure prints what the tool said.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

GATES = {
    "ruff check": ["ruff", "check", "."],
    "ruff format": ["ruff", "format", "--check", "."],
    "mypy": ["mypy"],
    "dependency rule": ["lint-imports", "--no-cache"],
}


@pytest.mark.parametrize("gate", GATES)
def test_the_checkout_passes_the_gate(gate: str):
    """The tool exits 0 on the checkout (ruff and mypy read their settings from pyproject.toml)."""
    command = GATES[gate]
    tool = BIN / command[0]
    assert tool.exists(), f"{command[0]} is not installed beside {sys.executable}: pip install -e '.[test]'"
    done = subprocess.run([str(tool), *command[1:]], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"


def test_no_two_modules_of_the_package_share_a_name():
    """One name per idea (docs/architecture.md): a module's name says which one it is, wherever it is imported."""
    names: dict[str, list[str]] = {}
    for path in sorted((ROOT / "conformance").rglob("*.py")):
        if path.name != "__init__.py":
            names.setdefault(path.stem, []).append(str(path.relative_to(ROOT)))
    shared = {name: paths for name, paths in names.items() if len(paths) > 1}
    assert not shared, f"modules that share a name: {shared}"
