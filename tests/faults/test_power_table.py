"""The committed power table (conformance/selftest/power.json) is in step with the fault and variant catalogues."""

from __future__ import annotations

from conformance.selftest import power
from conformance.spec.requirements import catalogue
from conformance.targets import faults, variants


def test_the_committed_power_table_counts_the_catalogues_declarations():
    """Regenerate it with ``conformance selftest --write-power`` (or power.write(power.declared())) when it differs."""
    assert power.committed() == power.declared()


def test_every_requirement_has_a_row_and_every_fault_is_counted():
    table = power.committed()
    assert set(table["requirements"]) == set(catalogue())
    counted = {name for entry in table["requirements"].values() for name in entry["caught_by"]}
    assert counted == set(faults.catalogue())
    assert table["variants"] == len(variants.catalogue())


def _fault_row(name: str, declared: list[str], caught: bool) -> dict:
    return {"name": name, "role": "fault", "declared": declared, "caught": caught, "attempts": []}


def _variant_row(name: str, exit_code: int, verdicts: dict) -> dict:
    return {
        "name": name,
        "role": "variant",
        "declared": [],
        "caught": False,
        "attempts": [{"exit_code": exit_code, "verdicts": verdicts}],
    }


def test_a_measured_table_counts_only_faults_caught_and_variants_certified():
    """A missed fault does not count; a variant whose requirement was NON-STRICT does not count for it."""
    rows = [
        _fault_row("a", ["put.ok", "put.echo"], True),
        _fault_row("b", ["put.echo"], False),
        _variant_row("v1", 0, {"put.ok": "PASS", "put.echo": "PASS"}),
        _variant_row("v2", 0, {"put.ok": "PASS", "put.echo": "NON-STRICT"}),
        {"name": "reference", "role": "reference", "declared": [], "caught": False, "attempts": []},
    ]
    table = power.measured(rows)
    assert (table["faults"], table["variants"]) == (2, 2)
    assert table["requirements"]["put.ok"] == {"caught_by": ["a"], "variants_certified": 2}
    assert table["requirements"]["put.echo"] == {"caught_by": ["a"], "variants_certified": 1}


def test_the_figure_beside_a_verdict_reads_plainly():
    figures = power.figures("put.ok")
    assert figures == {
        "faults": len(power.committed()["requirements"]["put.ok"]["caught_by"]),
        "of_faults": len(faults.catalogue()),
        "variants": len(variants.catalogue()),
        "of_variants": len(variants.catalogue()),
    }
    assert (
        power.phrase(figures) == f"caught by {figures['faults']}/{figures['of_faults']} faults, "
        f"{figures['variants']}/{figures['of_variants']} variants certified"
    )
