"""``conformance run``: the suite as a user runs it, pytest underneath."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import pytest

from conformance.harness.reproduction import suite_test
from conformance.harness.settings import OPTIONS
from conformance.plugin.options import SHORT_FLAGS, pytest_flag
from conformance.spec.paths import SUITE_INI, SUITE_PACKAGE

#: pytest's exit codes -> ours: 0 conformant, 1 nonconformant, 2 harness or configuration trouble.
EXIT_CODES = {0: 0, 1: 1, 2: 2, 3: 2, 4: 2, 5: 2}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The run options, from the same table the pytest plugin uses."""
    for option in OPTIONS:
        kwargs: dict[str, Any] = {"dest": option.name, "metavar": option.metavar, "help": option.help}
        if option.choices:
            kwargs["choices"] = option.choices
        parser.add_argument(option.flag, action="append" if option.multiple else "store", **kwargs)
    parser.add_argument(
        "--test",
        dest="tests",
        action="append",
        metavar="NODEID",
        help="run only this test, by the node id the reports give (repeatable)",
    )
    parser.add_argument(
        "pytest_args", nargs=argparse.REMAINDER, help="after --: extra pytest arguments (e.g. -n auto, -k select)"
    )


def pytest_arguments(args: argparse.Namespace) -> list[str]:
    """The pytest command line for a run: the suite, its ini, and the options the user gave (as the plugin names
    them)."""
    selected = [suite_test(nodeid) for nodeid in getattr(args, "tests", None) or []] or [SUITE_PACKAGE]
    arguments = [
        "-c",
        str(SUITE_INI),
        "--rootdir",
        str(SUITE_INI.parent),
        "--pyargs",
        *selected,
        "-p",
        "conformance.plugin",
        "--tb=line",
        SHORT_FLAGS,
    ]
    for option in OPTIONS:
        value = getattr(args, option.name)
        for item in (value or []) if option.multiple else ([value] if value is not None else []):
            arguments += [pytest_flag(option), str(item)]
    extra = list(args.pytest_args or [])
    if extra[:1] == ["--"]:
        extra = extra[1:]
    return arguments + extra


def unknown_test_modules(nodeids: list[str]) -> list[str]:
    """The ``--test`` node ids whose module (``test_select.py::...``) is no module of the suite."""
    return [
        n
        for n in nodeids
        if n.partition("::")[0].endswith(".py") and not (SUITE_INI.parent / n.partition("::")[0]).is_file()
    ]


def run(args: argparse.Namespace) -> int:
    """Run the suite; returns 0 (every MUST passed), 1 (one failed) or 2 (harness or configuration error)."""
    unknown = unknown_test_modules(getattr(args, "tests", None) or [])
    if unknown:
        print(
            f"conformance run: --test {unknown[0]}: no such module in the suite; give a node id as the reports "
            "write it (results.json tests[].nodeid), e.g. test_select.py::test_name",
            file=sys.stderr,
        )
        return 2
    return EXIT_CODES.get(int(pytest.main(pytest_arguments(args))), 2)
