"""``conformance run``: the suite as a user runs it, pytest underneath."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from conformance.settings import OPTIONS

SUITE_INI = Path(__file__).resolve().parent / "suite" / "pytest.ini"
#: pytest's exit codes -> ours: 0 conformant, 1 nonconformant, 2 harness or configuration trouble.
EXIT_CODES = {0: 0, 1: 1, 2: 2, 3: 2, 4: 2, 5: 2}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The run options, from the same table the pytest plugin uses."""
    for option in OPTIONS:
        kwargs = {"dest": option.name, "metavar": option.metavar, "help": option.help}
        if option.choices:
            kwargs["choices"] = option.choices
        parser.add_argument(option.flag, action="append" if option.multiple else "store", **kwargs)
    parser.add_argument("pytest_args", nargs=argparse.REMAINDER, help="after --: extra pytest arguments (e.g. -n auto, -k select)")


def pytest_arguments(args: argparse.Namespace) -> list[str]:
    """The pytest command line for a run: the suite, its ini, and the options the user gave."""
    arguments = ["-c", str(SUITE_INI), "--rootdir", str(SUITE_INI.parent), "--pyargs", "conformance.suite",
                 "-p", "conformance.plugin", "--tb=line"]  # fmt: skip
    for option in OPTIONS:
        value = getattr(args, option.name)
        for item in (value or []) if option.multiple else ([value] if value is not None else []):
            arguments += [option.flag, str(item)]
    extra = list(args.pytest_args or [])
    if extra[:1] == ["--"]:
        extra = extra[1:]
    return arguments + extra


def run(args: argparse.Namespace) -> int:
    """Run the suite; returns 0 (every MUST passed), 1 (one failed) or 2 (harness or configuration error)."""
    return EXIT_CODES.get(int(pytest.main(pytest_arguments(args))), 2)
