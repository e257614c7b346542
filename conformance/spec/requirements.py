"""The requirement catalogue: every rule of SPEC-NOTES with a stable id, a level, a source and its prerequisites."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CATALOGUE_PATH = Path(__file__).with_name("requirements.json")
LEVELS = ("MUST", "SHOULD", "INFO")
#: Requirements any test may fail, whatever it declares: every response is watched for a 5xx and a slow PUT
#: (the client's ledger), every PUT that resets a contact must answer like put.ok, every GET that reads one
#: back like put.persisted (conformance.harness.contacts).
ANY_TEST = frozenset({"server.no-5xx", "perf.nsapislow", "put.ok", "put.persisted"})


@dataclass(frozen=True)
class Requirement:
    """One rule the target is judged by; ``requires``: the requirements it cannot be judged without."""

    id: str
    level: str
    rule: str
    source: str
    requires: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Requirement]:
    """Every requirement, by id, in catalogue order (each prerequisite known and listed before its dependants)."""
    document = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    found: dict[str, Requirement] = {}
    for entry in document["requirements"]:
        requirement = Requirement(**{**entry, "requires": tuple(entry.get("requires", ()))})
        unknown = [r for r in requirement.requires if r not in found]
        if unknown:
            raise ValueError(f"{CATALOGUE_PATH.name}: {requirement.id} requires {unknown}, not listed before it")
        found[requirement.id] = requirement
    return found


def get(requirement_id: str) -> Requirement:
    """One requirement; a KeyError names an id the catalogue does not have."""
    try:
        return catalogue()[requirement_id]
    except KeyError:
        raise KeyError(f"unknown requirement id {requirement_id!r}") from None


def known(requirement_id: str) -> bool:
    """Whether the catalogue has this id."""
    return requirement_id in catalogue()
