"""The suite's pytest options, from ``settings.OPTIONS``: ``--conformance-NAME``, or the flag of the plugin owning NAME.

``conformance run`` keeps the short flags (``--seed``): they belong to its own command line, which it
translates with :func:`pytest_flag`. Under pytest every name is prefixed so that no other plugin's
option (pytest-timeout's ``--timeout``, pytest-randomly's seed) can clash; the target comes from
pytest-base-url's ``--base-url`` (and its ``base_url`` ini value), which the suite depends on.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, Literal

import pytest

from conformance.harness.settings import OPTIONS, Option, short_flag

#: Option name -> the pytest option dest of the plugin that owns its flag (pytest-base-url's ``--base-url``).
BORROWED = {"base_url": "base_url"}
#: The ini names those plugins read, tried after the suite's own ``conformance_NAME``.
BORROWED_INI = {"base_url": "base_url"}
#: Added by ``conformance run`` to the pytest command line it builds: setting errors then name its short flags.
SHORT_FLAGS = "--conformance-short-flags"


def pytest_flag(option: Option) -> str:
    """The pytest flag of an option: ``--conformance-seed``; ``--base-url`` for the target."""
    if option.name in BORROWED:
        return option.flag
    return "--conformance-" + option.name.replace("_", "-")


def _dest(option: Option) -> str:
    return BORROWED.get(option.name, f"conformance_{option.name}")


def add(parser: pytest.Parser) -> None:
    """Add the namespaced options and ini values (the borrowed ones come from their own plugin)."""
    group = parser.getgroup("conformance", "SuperOffice Contact conformance suite (active only when it is collected)")
    for option in OPTIONS:
        kind: Literal["linelist", "string"] = "linelist" if option.multiple else "string"  # a tag, not a TypeForm
        parser.addini(option.ini, option.help, type=kind, default=None)
        if option.name in BORROWED:
            continue
        action = "append" if option.multiple else "store"
        group.addoption(
            pytest_flag(option), action=action, dest=_dest(option), metavar=option.metavar, help=option.help
        )
    group.addoption(SHORT_FLAGS, action="store_true", dest="conformance_short_flags", help=argparse.SUPPRESS)


def flag_namer(config: pytest.Config) -> Callable[[Option], str]:
    """How the user typed an option: the short flag under ``conformance run``, the pytest flag under plain pytest."""
    return short_flag if config.getoption("conformance_short_flags", False) else pytest_flag


def cli_values(config: pytest.Config) -> dict[str, Any]:
    """Option name -> the value given on pytest's command line (None when not given)."""
    return {option.name: getattr(config.option, _dest(option), None) for option in OPTIONS}


def ini_lookup(config: pytest.Config) -> Callable[[str], Any | None]:
    """``conformance_NAME`` -> its ini value; for a borrowed option, the owning plugin's ini name next."""
    by_ini = {option.ini: option for option in OPTIONS}

    def value(name: str) -> Any | None:
        for candidate in (name, BORROWED_INI.get(by_ini[name].name) if name in by_ini else None):
            if candidate is None:
                continue
            try:
                found = config.getini(candidate)
            except ValueError:
                continue
            if found not in (None, "", []):
                return found
        return None

    return value
