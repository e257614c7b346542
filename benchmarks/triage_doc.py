"""Prints the triage of benchmarks/mutation_triage.json as the Markdown table that ends docs/mutation.md.

Run: python benchmarks/triage_doc.py   (tests/test_docs.py checks that docs/mutation.md ends with it)
"""

from __future__ import annotations

import json
from pathlib import Path

TRIAGE = Path(__file__).with_name("mutation_triage.json")
HEADING = "## Triaged survivors"


def render() -> str:
    """The heading and one row per triaged mutant: its id, equivalent or not, and why."""
    triage = json.loads(TRIAGE.read_text(encoding="utf-8"))
    lines = [
        HEADING,
        "",
        f"Rendered from `benchmarks/mutation_triage.json` ({len(triage)} mutants)"
        " by `python benchmarks/triage_doc.py`.",
        "",
        "| mutant | equivalent | why |",
        "|---|---|---|",
    ]
    for mutant, entry in sorted(triage.items()):
        reason = entry["reason"].replace("|", "\\|")
        lines.append(f"| `{mutant}` | {'yes' if entry['equivalent'] else '**no**'} | {reason} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
