"""Whether a pytest session collects the conformance suite: the plugin stays inert in every other session."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from conformance.spec.paths import SUITE_DIR


def _resolved_path(argument: str, config: pytest.Config) -> Path | None:
    target = argument.split("::")[0]
    if config.option.pyargs:
        try:
            spec = importlib.util.find_spec(target)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            origin = Path(spec.origin).resolve()
            return origin.parent if origin.name == "__init__.py" else origin
    return (Path(config.invocation_params.dir) / target).resolve()


def suite_requested(config: pytest.Config) -> bool:
    """Whether this session collects the conformance suite (or a folder holding it)."""
    if hasattr(config, "workerinput"):
        return "conformance" in config.workerinput
    for argument in config.args:
        path = _resolved_path(argument, config)
        if path is not None and (path == SUITE_DIR or SUITE_DIR in path.parents or path in SUITE_DIR.parents):
            return True
    return False
