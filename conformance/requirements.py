"""The requirement catalogue: every rule of SPEC-NOTES with a stable id, a level and a source."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CATALOGUE_PATH = Path(__file__).with_name("requirements.json")
LEVELS = ("MUST", "SHOULD", "INFO")


@dataclass(frozen=True)
class Requirement:
    """One rule the target is judged by."""

    id: str
    level: str
    rule: str
    source: str


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Requirement]:
    """Every requirement, by id, in catalogue order."""
    document = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    return {entry["id"]: Requirement(**entry) for entry in document["requirements"]}


def get(requirement_id: str) -> Requirement:
    """One requirement; a KeyError names an id the catalogue does not have."""
    try:
        return catalogue()[requirement_id]
    except KeyError:
        raise KeyError(f"unknown requirement id {requirement_id!r}") from None
