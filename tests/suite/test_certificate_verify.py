"""certificate.txt, certificate.html and ``conformance verify``: the certificate follows from results.json, and any
tampering with either is found, with the first difference."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from conformance.report.verify import first_difference

from .runs import environment, run_conformance

#: Two real suite tests: a quick partial run against the embedded reference server.
TESTS = (
    "test_status_codes.py::test_the_contact_as_read_is_saved_with_200",
    "test_put_semantics.py::test_updated_date_moves_forward_in_utc",
)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The report folder of one run."""
    folder = tmp_path_factory.mktemp("certified") / "reports"
    selected = [item for test in TESTS for item in ("--test", test)]
    run = run_conformance("--profile", "quick", "--seed", "17", *selected, report_dir=folder)
    assert run.returncode == 0, run.explain()
    return folder


@pytest.fixture()
def copy(report, tmp_path):
    """A copy of the report folder to tamper with."""
    return shutil.copytree(report, tmp_path / "copy")


def verify(folder) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "conformance", "verify", str(folder)],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=60,
        check=False,
    )


def _edit_json(path, change) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def test_an_untouched_report_verifies_with_exit_0(report):
    finished = verify(report)
    assert (finished.returncode, finished.stderr) == (0, ""), finished.stderr
    assert finished.stdout.startswith("verified: ")


def test_the_certificate_states_what_a_reader_needs(report):
    """Verdict, target, date, suite, level, profile, seed, schemes, every requirement with its power, full hashes."""
    text = (report / "certificate.txt").read_text(encoding="utf-8")
    results = json.loads((report / "results.json").read_text(encoding="utf-8"))
    for label in ("Why:", "Exit code:", "Target:", "Date:", "Suite:", "Level:", "Profile:", "Seed:", "Auth schemes:"):
        assert f"\n{label}" in text, label
    assert "Auth schemes: Basic, Bearer, SoTicket" in text and "(the embedded reference server)" in text
    for requirement in results["requirements"]:
        assert f"caught by {requirement['power']['faults']}/{requirement['power']['of_faults']} faults" in text
    for name, digest in results["spec"].items():
        assert f"  {name:<25} {digest}\n" in text


class _Text(HTMLParser):
    """The visible text of a page and the style sheet, as html.parser sees them."""

    def __init__(self):
        super().__init__()
        self.text, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_the_html_certificate_is_one_self_contained_printable_page(report):
    page = (report / "certificate.html").read_text(encoding="utf-8")
    parsed = _Text()
    parsed.feed(page)
    text = "".join(parsed.text)
    assert "PARTIAL RUN" in text and "results.json" in text and "put.ok" in text
    assert "@page{size:A4" in page and "@media print" in page and 'name="viewport"' in page
    assert not {"script", "link", "img", "iframe"} & set(parsed.tags)


TAMPERING = {
    "a verdict changed in results.json": (
        "results.json",
        lambda d: next(r for r in d["requirements"] if r["id"] == "put.ok").update(verdict="FAIL"),
        "put.ok: results.json says FAIL, its test records say PASS",
    ),
    "a test record changed in results.json": (
        "results.json",
        lambda d: d["tests"][0].update(
            outcome="failed",
            judgements={"put.ok": "failed"},
            findings=[{"requirement": "put.ok", "message": "answered 500"}],
        ),
        "put.ok: results.json says PASS, its test records say FAIL",
    ),
    "the certification changed in results.json": (
        "results.json",
        lambda d: d["certification"].update(certified=True, summary="CERTIFIED"),
        "certification certified: results.json says True, the verdicts give False",
    ),
    "a spec hash changed in results.json": (
        "results.json",
        lambda d: d["spec"].update({"Swagger-v1-Contact.json": "0" * 64}),
        "Swagger-v1-Contact.json: results.json records sha256 " + "0" * 64,
    ),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_tampering_with_the_evidence_fails_verify_with_the_first_difference(copy, case):
    name, change, difference = TAMPERING[case]
    _edit_json(copy / name, change)
    finished = verify(copy)
    assert finished.returncode == 1
    assert finished.stderr.startswith(f"NOT VERIFIED: {difference}"), finished.stderr


def test_a_results_json_rewritten_consistently_still_breaks_the_hash_in_the_certificate(copy):
    """Re-indenting results.json keeps every verdict, but the certificate's SHA-256 of it no longer matches."""
    _edit_json(copy / "results.json", lambda d: None)
    (copy / "results.json").write_text(
        json.dumps(json.loads((copy / "results.json").read_text()), indent=2), encoding="utf-8"
    )
    difference = first_difference(copy)
    assert difference.startswith("certificate.txt line ") and "the evidence gives" in difference


@pytest.mark.parametrize("name", ["certificate.txt", "certificate.html"])
def test_tampering_with_a_certificate_fails_verify(copy, name):
    path = copy / name
    path.write_text(path.read_text(encoding="utf-8").replace("PARTIAL RUN", "CERTIFIED"), encoding="utf-8")
    difference = first_difference(copy)
    assert difference.startswith(f"{name} {'line' if name.endswith('.txt') else 'text'} ") and "CERTIFIED" in difference


def test_the_layout_of_the_html_certificate_is_not_evidence(copy):
    """A certificate.html whose style sheet differs (another version's layout) still verifies: its text is the same."""
    path = copy / "certificate.html"
    path.write_text(path.read_text(encoding="utf-8").replace("font:10pt", "font:11pt"), encoding="utf-8")
    assert first_difference(copy) is None


def test_a_missing_certificate_or_results_fails_verify(copy):
    (copy / "certificate.html").unlink()
    assert first_difference(copy) == "certificate.html: missing"
    (copy / "results.json").unlink()
    assert first_difference(copy).startswith("results.json: missing")


def test_schemes_without_credentials_are_named_as_not_exercised(report):
    """A run with Basic credentials only: the certificate says Bearer and SoTicket were not exercised."""
    from conformance.report.certificate import render_text

    document = json.loads((report / "results.json").read_text(encoding="utf-8"))
    document["configuration"]["auth"] = ["basic:***"]
    text = render_text(document, "0" * 64)
    assert "\nAuth schemes: Basic; Bearer not exercised (no --auth bearer:... given); SoTicket not exercised" in text
