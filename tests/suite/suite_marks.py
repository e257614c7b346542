"""The marks of the suite's test functions, read by importing the suite modules (no pytest collection)."""

from __future__ import annotations

import importlib
import pkgutil

import conformance.suite


def suite_tests(mark: str = "requirement") -> dict[str, list[str]]:
    """``module::function`` -> the arguments of its ``mark`` marks (requirement ids by default), for every suite test
    function, its ``pytest.param`` cases' marks included."""
    found = {}
    for module_info in pkgutil.iter_modules(conformance.suite.__path__):
        if not module_info.name.startswith("test_"):
            continue
        module = importlib.import_module(f"conformance.suite.{module_info.name}")
        module_marks = getattr(module, "pytestmark", [])
        module_marks = module_marks if isinstance(module_marks, list) else [module_marks]
        for name, function in vars(module).items():
            if (
                name.startswith("test_")
                and callable(function)
                and getattr(function, "__module__", None) == module.__name__
            ):
                marks = module_marks + list(getattr(function, "pytestmark", []))
                marks += _parameter_marks(marks)
                found[f"{module_info.name}::{name}"] = list(
                    dict.fromkeys(rid for found_mark in marks if found_mark.name == mark for rid in found_mark.args)
                )
    return found


def _parameter_marks(marks: list) -> list:
    """The marks of ``pytest.param(..., marks=...)`` cases (a case may declare requirements of its own)."""
    return [
        mark
        for parametrize in marks
        if parametrize.name == "parametrize"
        for case in parametrize.args[1]
        if hasattr(case, "marks") and hasattr(case, "values")
        for mark in case.marks
    ]
