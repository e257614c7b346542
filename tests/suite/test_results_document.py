"""results.json as conformance/report/results.py builds it, and schemas/results.schema.json, without a server."""

from __future__ import annotations

import copy
import json
import time
from types import SimpleNamespace

import pytest
from jsonschema import Draft202012Validator

from conformance.harness.client import Ledger
from conformance.harness.run_state import Run
from conformance.harness.settings import resolve
from conformance.harness.target import Target
from conformance.judging.exchange import Exchange
from conformance.judging.findings import Finding
from conformance.judging.redaction import Redactor
from conformance.judging.verdicts import VERDICTS, certify, judge
from conformance.judging.verdicts import TestRecord as Record
from conformance.report import results
from conformance.spec.paths import SCHEMAS_DIR
from conformance.spec.requirements import LEVELS, catalogue

SCHEMA_PATH = SCHEMAS_DIR / "results.schema.json"


@pytest.fixture(scope="module")
def validator():
    from conformance.spec.validators import load_validator

    return load_validator("results.schema.json")


def errors(validator, document: dict) -> list[str]:
    return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def finished_run(records: list[Record], *, restore: list[dict], latencies: dict) -> Run:
    """A Run as the plugin leaves it at the end, with hand-made records, restore and latencies."""
    settings = resolve(
        {"seed": "7", "auth": ["bearer:tok-123"], "header": ["SO-AppToken: app-1", "SO-Language: en"]}, {}
    )
    target = Target(
        "http://127.0.0.1:1", "Bearer tok-123", (), settings.headers, 10.0, False, declared_schemes=("Basic", "Bearer")
    )
    ledger = Ledger()
    for method, values in latencies.items():
        ledger.latencies[method] = list(values)
        ledger.http_seconds += sum(values)
    run = Run(settings, target, SimpleNamespace(name="quick"), ledger=ledger, started=time.time() - 2)
    run.records = {record.nodeid: record for record in records}
    run.restore = restore
    return run


def sample_records() -> list[Record]:
    """One test of each outcome, with findings, observations and evidence as the plugin records them."""
    failed = Record.of_phase(
        "test_select.py::test_projection",
        ["select.projection", "select.case-insensitive"],
        "call",
        "failed",
        findings=[
            Finding(
                requirement="select.projection",
                message="an unselected property was not nulled",
                pointer="/Name",
                expected="None",
                actual="'x'",
            ),
            Finding(
                requirement="server.no-5xx",
                message="PUT answered 500",
                exchange="PUT http://... -> 500 in 3 ms",
                culprits=[7],
            ),
        ],
        exchanges=[
            Exchange("GET", "http://127.0.0.1:1/api/v1/Contact/5", {}, None, status=200, seq=6, role="setup").record(
                Redactor()
            ),
            Exchange(
                "PUT",
                "http://127.0.0.1:1/api/v1/Contact/5",
                {"Authorization": "Basic x"},
                b"\xff{",
                status=500,
                seq=7,
                response_body=b"oops",
            ).record(Redactor(), culprit=True),
        ],
        curl="curl -sS -i -X PUT ...",
        reproduce="conformance run --seed 7 --test test_select.py::test_projection",
        duration=0.2,
        started=1.0,
        finished=1.2,
    )
    observed = Record.of_phase(
        "test_put_semantics.py::test_replace",
        ["put.replace"],
        "call",
        "passed",
        observations=[{"requirement": "put.replace", "text": "cleared"}],
    )
    errored = Record.of_phase(
        "test_if_unmodified_since.py::test_race", ["ius.race"], "call", "error", error="harness: setup request failed"
    )
    skipped = Record.of_phase(
        "test_select.py::test_saves", ["select.saves-all"], "setup", "skipped", skip_reason="the target has no GET"
    )
    flaky = Record.of_phase(
        "test_put_semantics.py::test_echo",
        ["put.echo"],
        "call",
        "failed",
        findings=[Finding("put.echo", "Name differs (FLAKY: did not fail again)", flaky=True)],
        flaky="put.echo did not fail again when the test was run once more with the same seed",
    )
    xml = Record.of_phase(
        "test_media_types.py::test_xml",
        ["accept.xml", "accept.xml.same-values"],
        "call",
        "failed",
        findings=[Finding("accept.xml", "wrong response media type")],
    )
    passed = Record.of_phase("test_status_codes.py::test_ok", ["put.ok"], "call", "passed")
    return [failed, observed, errored, skipped, flaky, xml, passed]


@pytest.fixture
def document() -> dict:
    """A results document built from hand-made records (a FAIL, an INFO, an ERROR, a SKIP, NOT RUNs)."""
    verdicts = judge(sample_records())
    restore = [
        {"contact_id": 3, "action": "restored", "verified": True, "problem": None},
        {"contact_id": 9, "action": "deleted (stray)", "verified": False, "problem": "DELETE answered 500"},
    ]
    run = finished_run(sample_records(), restore=restore, latencies={"PUT": [0.004, 0.05, 0.2], "GET": [0.003]})
    return results.build(run, verdicts, certify(verdicts), workers=1)


def test_the_schema_is_a_valid_draft_2020_12_schema_with_its_id():
    """results.schema.json is a draft 2020-12 schema with the project's $id."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://schemas.conformance.invalid/results.schema.json"


def test_the_schema_enums_are_the_suites_verdicts_and_levels():
    """The verdict and level enums are exactly conformance.judging.verdicts.VERDICTS and the catalogue's levels."""
    definitions = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["$defs"]
    assert definitions["verdict"]["enum"] == list(VERDICTS)
    assert definitions["level"]["enum"] == list(LEVELS)


def test_a_built_document_is_valid(validator, document):
    """What results.build() writes validates, every verdict kind and evidence kind included."""
    assert errors(validator, document) == []
    assert {r["verdict"] for r in document["requirements"]} == set(VERDICTS) - {"NON-STRICT"}
    assert document["exit_code"] == 1 and document["certification"]["summary"] == "NOT CERTIFIED"


def test_the_document_of_a_stopped_run_is_valid_and_says_why(validator):
    """A run that stopped before its tests: valid, exit 2, NOT CERTIFIED with the reason, no target, every verdict
    NOT RUN."""
    settings = resolve({"seed": "7"}, {})
    document = results.build_stopped(settings, "target http://127.0.0.1:1 cannot be used", time.time() - 1)
    assert errors(validator, document) == []
    assert (document["exit_code"], document["stopped"], document["target"]) == (
        2,
        "target http://127.0.0.1:1 cannot be used",
        None,
    )
    assert document["certification"]["reason"] == "run stopped: target http://127.0.0.1:1 cannot be used"
    assert {r["verdict"] for r in document["requirements"]} == {"NOT RUN"}
    assert errors(validator, results.build_stopped(None, "--seed must be a number", time.time())) == []
    assert errors(validator, dict(document, exit_code=1)) != []


def test_a_built_document_masks_the_credentials(document):
    """The configuration in results.json carries no token and no sensitive header value."""
    text = json.dumps(document)
    assert "tok-123" not in text and "app-1" not in text
    assert document["configuration"]["headers"] == ["SO-AppToken: ***", "SO-Language: en"]


def test_a_document_of_a_run_without_requests_is_valid(validator):
    """No request timed: counts 0 and null percentiles validate."""
    verdicts = judge([])
    document = results.build(finished_run([], restore=[], latencies={}), verdicts, certify(verdicts), workers=2)
    assert document["requests"]["latency"] == {
        "all": {"count": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    }
    assert errors(validator, document) == []


def mutate(document: dict, change) -> dict:
    changed = copy.deepcopy(document)
    change(changed)
    return changed


BROKEN = {
    "missing-key": lambda d: d.pop("restore"),
    "extra-key": lambda d: d.update(debug=True),
    "unknown-verdict": lambda d: d["requirements"][0].update(verdict="MAYBE"),
    "unknown-level": lambda d: d["requirements"][0].update(level="MAY"),
    "should-fail": lambda d: next(r for r in d["requirements"] if r["level"] == "SHOULD").update(verdict="FAIL"),
    "info-pass": lambda d: next(r for r in d["requirements"] if r["level"] == "INFO").update(verdict="PASS"),
    "certified-exit-1": lambda d: d["certification"].update(certified=True, summary="CERTIFIED"),
    "summary-mismatch": lambda d: d["certification"].update(summary="CERTIFIED"),
    "exit-code-3": lambda d: d.update(exit_code=3),
    "restore-action": lambda d: d["restore"][0].update(action="kept"),
    "restore-verified-text": lambda d: d["restore"][0].update(verified="yes"),
    "test-outcome": lambda d: d["tests"][0].update(outcome="xfailed"),
    "test-extra-field": lambda d: d["tests"][0].update(colour="red"),
    "finding-extra-field": lambda d: d["tests"][0]["findings"][0].update(severity="high"),
    "evidence-without-test": lambda d: next(r for r in d["requirements"] if r["evidence"])["evidence"][0].pop("test"),
    "percentile-missing": lambda d: d["requests"]["latency"]["all"].pop("p99_ms"),
    "percentile-null-with-count": lambda d: d["requests"]["latency"]["all"].update(p50_ms=None),
    "seed-negative": lambda d: d.update(seed=-1),
    "started-not-a-date": lambda d: d.update(started="yesterday"),
    "sha-short": lambda d: d["spec"].update({"requirements.json": "abc"}),
    "workers-zero": lambda d: d.update(workers=0),
    "auth-unmasked": lambda d: d["configuration"].update(auth=["bearer:tok-123"]),
    "origin-unknown": lambda d: d["configuration"]["origins"].update(seed="a hunch"),
    "declared-scheme": lambda d: d["target"].update(declared_schemes=["Digest"]),
}


@pytest.mark.parametrize("change", list(BROKEN.values()), ids=list(BROKEN))
def test_the_schema_rejects_a_broken_document(validator, document, change):
    """Each kind of damage to a valid document is caught."""
    assert errors(validator, mutate(document, change)) != []


def test_percentiles_are_nearest_rank_in_milliseconds():
    """1..100 ms give p50 50, p95 95, p99 99, max 100."""
    values = [ms / 1000 for ms in range(100, 0, -1)]
    assert results.percentiles(values) == {
        "count": 100,
        "p50_ms": 50.0,
        "p95_ms": 95.0,
        "p99_ms": 99.0,
        "max_ms": 100.0,
    }


def test_percentiles_of_one_value_are_that_value():
    """A single latency is every percentile."""
    assert results.percentiles([0.0123]) == {"count": 1, "p50_ms": 12.3, "p95_ms": 12.3, "p99_ms": 12.3, "max_ms": 12.3}


def test_the_document_covers_every_requirement_and_test(document):
    """One verdict per catalogue requirement and one record per test, in catalogue order."""
    assert [r["id"] for r in document["requirements"]] == list(catalogue())
    assert [t["nodeid"] for t in document["tests"]] == [r.nodeid for r in sample_records()]
    assert document["requests"]["latency"]["PUT"]["count"] == 3 and document["requests"]["count"] == 4
