"""The power table: per requirement, which catalogued faulty servers its tests catch and how many faithful variants
they certify.

The committed table (``conformance/selftest/power.json``) counts the catalogues' declarations: a fault is caught on each
requirement it declares it breaks, and every faithful variant must be certified. ``conformance selftest`` measures
the same table from what the suite did (``measured``) and writes it; ``tests/faults/test_kill_matrix.py`` checks
the measured table against the committed one, and a fast test checks the committed one against the catalogues.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from conformance.judging.verdicts import UNCERTIFIED
from conformance.spec.requirements import catalogue

POWER_PATH = Path(__file__).with_name("power.json")
POWER_FILE = POWER_PATH.name
#: Verdicts that mean a requirement's tests did not certify a faithful variant.


def _table(caught: dict[str, list[str]], certified: dict[str, int], faults: int, variants: int) -> dict:
    return {
        "faults": faults,
        "variants": variants,
        "requirements": {
            rid: {"caught_by": sorted(caught.get(rid, [])), "variants_certified": certified.get(rid, 0)}
            for rid in catalogue()
        },
    }


def declared() -> dict:
    """The table the catalogues declare: each fault catches the requirements it breaks; every variant is certified."""
    from conformance.targets import faults, variants

    caught: dict[str, list[str]] = {}
    for fault in faults.catalogue().values():
        for rid in fault.breaks:
            caught.setdefault(rid, []).append(fault.name)
    count = len(variants.catalogue())
    return _table(caught, dict.fromkeys(catalogue(), count), len(faults.catalogue()), count)


def measured(rows: Iterable[dict]) -> dict:
    """The table a self-test measured, from its rows (``selftest.json`` "rows"): a fault counts for its declared
    requirements when it was caught with every seed; a variant for each requirement no attempt left uncertified."""
    rows = list(rows)
    caught: dict[str, list[str]] = {}
    certified: dict[str, int] = {}
    for row in rows:
        if row["role"] == "fault" and row["caught"]:
            for rid in row["declared"]:
                caught.setdefault(rid, []).append(row["name"])
        if row["role"] == "variant":
            for rid in catalogue():
                attempts = row["attempts"]
                if attempts and all(
                    a["exit_code"] == 0 and a["verdicts"].get(rid) not in UNCERTIFIED for a in attempts
                ):
                    certified[rid] = certified.get(rid, 0) + 1
    faults = sum(1 for row in rows if row["role"] == "fault")
    return _table(caught, certified, faults, sum(1 for row in rows if row["role"] == "variant"))


def write(table: dict, path: Path = POWER_PATH) -> Path:
    path.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


@lru_cache(maxsize=1)
def committed() -> dict:
    """The committed table (an empty one when the file is missing)."""
    if not POWER_PATH.exists():
        return _table({}, {}, 0, 0)
    return json.loads(POWER_PATH.read_text(encoding="utf-8"))


def figures(requirement_id: str) -> dict:
    """``{"faults": N, "of_faults": total, "variants": M, "of_variants": total}`` for one requirement (results.json)."""
    table = committed()
    entry = table["requirements"].get(requirement_id, {"caught_by": [], "variants_certified": 0})
    return {
        "faults": len(entry["caught_by"]),
        "of_faults": table["faults"],
        "variants": entry["variants_certified"],
        "of_variants": table["variants"],
    }


def phrase(power: dict) -> str:
    """``caught by 4/89 faults, 40/40 variants certified``: the figure beside a verdict."""
    return (
        f"caught by {power['faults']}/{power['of_faults']} faults, "
        f"{power['variants']}/{power['of_variants']} variants certified"
    )
