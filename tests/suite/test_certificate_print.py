"""certificate.html prints every reason whole, on one A4 page for a run that broke a few requirements and on two
when every requirement is broken with a long reason, in Debian's headless Chromium (skipped where it is not
installed)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conformance.judging.verdicts import RequirementVerdict, certify
from conformance.report import certificate
from conformance.report.results import requirement_records
from conformance.spec.requirements import catalogue

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LONG = (
    "an unselected property was not nulled "
    "(in the context Content-Type: application/json; $select='name,emails/value') "
) * 3


def worst_case_document(broken: int | None = None) -> dict:
    """Every requirement (or the first ``broken``, the rest PASS) with a long reason: MUSTs skipped and failed in
    turn, the rest NON-STRICT or INFO."""
    records = []
    for n, requirement in enumerate(catalogue().values()):
        if broken is not None and n >= broken:
            verdict, evidence = "PASS", []
        elif requirement.level == "MUST":
            verdict, evidence = (
                ("SKIP", [{"test": "t", "skipped": LONG}]) if n % 2 else ("FAIL", [{"test": "t", "message": LONG}])
            )
        else:
            verdict, evidence = (
                ("INFO", []) if requirement.level == "INFO" else ("NON-STRICT", [{"test": "t", "message": LONG}])
            )
        records.append(RequirementVerdict(requirement, verdict, evidence, ["t"]))
    certification = certify(records)
    return {
        "certification": {
            "certified": certification.certified,
            "summary": certification.summary,
            "reason": certification.reason,
        },
        "exit_code": certification.exit_code,
        "target": {"url": "https://crm.example.com/Cust12345", "embedded_reference_server": False},
        "finished": "2026-11-30T21:00:00+00:00",
        "started": "2026-11-30T20:59:00+00:00",
        "duration_seconds": 60.0,
        "suite": {"name": "superoffice-contact-conformance", "version": "0.1.0"},
        "seed": 123456789,
        "configuration": {"level": "should", "profile": "thorough", "auth": ["basic:***"]},
        "spec": {"PUT-Contact-id.md": "a" * 64, "Swagger-v1-Contact.json": "b" * 64, "requirements.json": "c" * 64},
        "requirements": requirement_records(records),
    }


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
@pytest.mark.parametrize("broken, pages", [(8, 1), (None, 2)])
def test_the_html_certificate_prints_its_reasons_whole_on_one_page_or_two_when_everything_fails(
    tmp_path, broken, pages
):
    page = tmp_path / "certificate.html"
    rendered = certificate.render_html(worst_case_document(broken), "d" * 64)
    assert "text-overflow" not in rendered.split("@media print", 1)[1]  # no reason cut short in print
    page.write_text(rendered, encoding="utf-8")
    pdf = tmp_path / "certificate.pdf"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert pdf.is_file()
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes())) == pages
