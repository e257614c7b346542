"""``conformance run``: the suite as a user runs it, pytest underneath."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

import pytest

from conformance.hooks.options import SHORT_FLAGS, pytest_flag
from conformance.redaction import SENSITIVE_HEADERS
from conformance.settings import OPTIONS, Settings

SUITE_INI = Path(__file__).resolve().parent / "suite" / "pytest.ini"
SUITE = "conformance.suite"
#: pytest's exit codes -> ours: 0 conformant, 1 nonconformant, 2 harness or configuration trouble.
EXIT_CODES = {0: 0, 1: 1, 2: 2, 3: 2, 4: 2, 5: 2}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The run options, from the same table the pytest plugin uses."""
    for option in OPTIONS:
        kwargs = {"dest": option.name, "metavar": option.metavar, "help": option.help}
        if option.choices:
            kwargs["choices"] = option.choices
        parser.add_argument(option.flag, action="append" if option.multiple else "store", **kwargs)
    parser.add_argument("--test", dest="tests", action="append", metavar="NODEID",
                        help="run only this test, by the node id the reports give (repeatable)")  # fmt: skip
    parser.add_argument("pytest_args", nargs=argparse.REMAINDER, help="after --: extra pytest arguments (e.g. -n auto, -k select)")


def pytest_arguments(args: argparse.Namespace) -> list[str]:
    """The pytest command line for a run: the suite, its ini, and the options the user gave (as the plugin names them)."""
    selected = [suite_test(nodeid) for nodeid in getattr(args, "tests", None) or []] or [SUITE]
    arguments = ["-c", str(SUITE_INI), "--rootdir", str(SUITE_INI.parent), "--pyargs", *selected,
                 "-p", "conformance.plugin", "--tb=line", SHORT_FLAGS]  # fmt: skip
    for option in OPTIONS:
        value = getattr(args, option.name)
        for item in (value or []) if option.multiple else ([value] if value is not None else []):
            arguments += [pytest_flag(option), str(item)]
    extra = list(args.pytest_args or [])
    if extra[:1] == ["--"]:
        extra = extra[1:]
    return arguments + extra


def suite_test(nodeid: str) -> str:
    """A report's node id (``test_select.py::test_x[p]``) as pytest --pyargs takes it (``conformance.suite.test_select::test_x[p]``)."""
    module, sep, rest = nodeid.partition("::")
    if module.endswith(".py"):
        module = f"{SUITE}.{module[:-3].replace('/', '.')}"
    return module + sep + rest


def reproduce_command(settings: Settings, target, nodeid: str) -> str:
    """The command that runs exactly one test again, as the run did: same target, seed, profile and options.

    Credentials are never in it: it names the environment variable they come from (the shell stops with a message
    when it is not set). Its reports go to a ``reproduce`` folder inside the run's.
    """
    prefix, words = [], ["conformance", "run"]
    if not target.embedded:
        words += ["--base-url", shlex.quote(target.base_url)]
    if settings.origins.get("auth") != "default":
        prefix.append('CONFORMANCE_AUTH="${CONFORMANCE_AUTH:?the --auth values of the run, one per line}"')
    if any(name.lower() in SENSITIVE_HEADERS for name, _ in settings.headers):
        prefix.append('CONFORMANCE_HEADERS="${CONFORMANCE_HEADERS:?the --header values of the run, one per line}"')
    else:
        words += [item for name, value in settings.headers for item in ("--header", shlex.quote(f"{name}:{value}"))]
    words += [item for contact_id in settings.contact_ids for item in ("--contact-id", str(contact_id))]
    words += ["--seed", str(settings.seed), "--profile", settings.profile]
    if settings.level != "must":
        words += ["--level", settings.level]
    if settings.origins.get("timeout") != "default":
        words += ["--timeout", f"{settings.timeout:g}"]
    words += ["--report-dir", shlex.quote(str(settings.report_dir / "reproduce")), "--test", shlex.quote(nodeid)]
    return " ".join(prefix + words)


def unknown_test_modules(nodeids: list[str]) -> list[str]:
    """The ``--test`` node ids whose module (``test_select.py::...``) is no module of the suite."""
    return [n for n in nodeids if n.partition("::")[0].endswith(".py") and not (SUITE_INI.parent / n.partition("::")[0]).is_file()]


def run(args: argparse.Namespace) -> int:
    """Run the suite; returns 0 (every MUST passed), 1 (one failed) or 2 (harness or configuration error)."""
    unknown = unknown_test_modules(getattr(args, "tests", None) or [])
    if unknown:
        print(f"conformance run: --test {unknown[0]}: no such module in the suite; give a node id as the reports "
              "write it (results.json tests[].nodeid), e.g. test_select.py::test_name", file=sys.stderr)  # fmt: skip
        return 2
    return EXIT_CODES.get(int(pytest.main(pytest_arguments(args))), 2)
