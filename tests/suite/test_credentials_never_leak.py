"""No credential reaches a report file, the terminal or stderr, even when failures write exchanges and curl lines."""

from __future__ import annotations

import base64
import html

import pytest

from conformance.targets.reference.authentication import Credentials
from conformance.targets.reference.server import running_server

from .runs import run_conformance

CREDENTIALS = Credentials(
    user="leakcheck-user", password="pw-Zq81-distinct", token="tok-Xy77-distinct", ticket="tkt-Wv55-distinct"
)
BASIC_TOKEN = base64.b64encode(b"leakcheck-user:pw-Zq81-distinct").decode()
SECRETS = (CREDENTIALS.password, CREDENTIALS.token, CREDENTIALS.ticket, BASIC_TOKEN)
AUTH_ARGS = (
    "--auth",
    f"basic:{CREDENTIALS.user}:{CREDENTIALS.password}",
    "--auth",
    f"bearer:{CREDENTIALS.token}",
    "--auth",
    f"soticket:{CREDENTIALS.ticket}",
)


def places_with_secrets(run) -> dict[str, list[str]]:
    """Secret -> where it appears: report files (decoded HTML extras too), stdout, stderr."""
    texts = {"stdout": run.stdout, "stderr": run.stderr}
    for name, text in run.report_text().items():
        texts[name] = text
        texts[f"{name} (unescaped)"] = html.unescape(text)
    return {
        secret: [where for where, text in texts.items() if secret in text]
        for secret in SECRETS
        if any(secret in t for t in texts.values())
    }


@pytest.mark.parametrize(
    ("fault", "exit_code"), [(None, 0), ("select-ignored", 1)], ids=["reference", "select-ignored"]
)
def test_no_secret_appears_in_any_report_or_output(tmp_path, fault, exit_code):
    """Basic password, its base64 token, the bearer token and the ticket appear nowhere the run wrote."""
    with running_server(credentials=CREDENTIALS, fault=fault) as server:
        run = run_conformance(
            "--base-url", server.url, *AUTH_ARGS, "--seed", "11", "--profile", "quick", report_dir=tmp_path / "reports"
        )
    assert run.returncode == exit_code, run.explain()
    assert places_with_secrets(run) == {}
    results = run.results
    assert results["configuration"]["auth"] == ["basic:***", "bearer:***", "soticket:***"]
    assert run.verdicts["auth.scheme"] == "PASS"
    if fault:
        failed = [t for t in results["tests"] if t["outcome"] == "failed"]
        assert failed and all(t["exchanges"] and t["curl"] for t in failed), "the failures wrote no evidence to check"
        assert any(e["request"]["headers"].get("Authorization") == "***" for t in failed for e in t["exchanges"])
        assert (run.report_dir / "report.html").read_text(encoding="utf-8").count('<article class="failure"') >= len(
            failed
        )
