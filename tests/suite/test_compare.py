"""``conformance compare``: the delta of two runs and the matrix of several, read from the HTML with html.parser
and from the command line in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from conformance.judging.verdicts import RequirementVerdict, certify
from conformance.report.compare import change
from conformance.report.results import requirement_records
from conformance.spec.requirements import catalogue

from .runs import environment


def results_folder(root, name: str, verdicts: dict[str, str] | None = None, evidence: dict[str, str] | None = None):
    """A report folder whose results.json gives every requirement PASS (INFO for INFO ones) but those named."""
    verdicts, evidence = verdicts or {}, evidence or {}
    records = []
    for requirement in catalogue().values():
        verdict = verdicts.get(requirement.id, "INFO" if requirement.level == "INFO" else "PASS")
        why = [{"test": "test_x.py::test_y", "message": evidence[requirement.id]}] if requirement.id in evidence else []
        records.append(RequirementVerdict(requirement, verdict, why, ["test_x.py::test_y"]))
    certification = certify(records)
    document = {
        "target": {"url": f"http://127.0.0.1:9/{name}"},
        "started": f"2026-12-0{len(name) % 9 + 1}T10:00:00+00:00",
        "seed": 1,
        "requirements": requirement_records(records),
        "certification": {
            "certified": certification.certified,
            "summary": certification.summary,
            "reason": certification.reason,
        },
    }
    folder = root / name
    folder.mkdir()
    (folder / "results.json").write_text(json.dumps(document), encoding="utf-8")
    return folder


def compare(*arguments) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "conformance", "compare", *map(str, arguments)],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=60,
        check=False,
    )


class Rows(HTMLParser):
    """The table rows of a page: data-requirement -> (data-change, [(data-run, text) of each verdict cell])."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-requirement" in attrs:
            self._row = attrs["data-requirement"]
            self.rows[self._row] = (attrs.get("data-change"), [])
        elif tag == "td" and "data-run" in attrs and self._row:
            self._cell = [attrs["data-run"], ""]
            self.rows[self._row][1].append(self._cell)

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1] += data

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None
        elif tag == "tr":
            self._row = None


def rows_of(path) -> dict:
    parser = Rows()
    parser.feed(path.read_text(encoding="utf-8"))
    return {rid: (kind, [tuple(cell) for cell in cells]) for rid, (kind, cells) in parser.rows.items()}


@pytest.mark.parametrize(
    "before, after, kind",
    [
        ("PASS", "FAIL", "newly failing"),
        ("PASS", "NON-STRICT", "newly failing"),
        ("SKIP", "ERROR", "newly failing"),
        ("FAIL", "PASS", "newly passing"),
        ("NOT JUDGED", "PASS", "newly passing"),
        ("FAIL", "FLAKY", "changed"),
        ("PASS", "SKIP", "changed"),
        ("PASS", "NOT RUN", "changed"),
        ("FAIL", "FAIL", None),
    ],
)
def test_a_verdict_change_is_named_by_direction(before, after, kind):
    assert change(before, after) == kind


def test_two_runs_give_the_delta_in_the_terminal_and_the_html(tmp_path):
    a = results_folder(tmp_path, "before", {"put.echo": "FAIL"}, {"put.echo": "Name came back different"})
    b = results_folder(
        tmp_path,
        "after",
        {"select.projection": "FAIL", "auth.scheme": "SKIP"},
        {"select.projection": "an unselected property was not nulled at /Department"},
    )
    page = tmp_path / "compare.html"
    finished = compare(a, b, "--html", page)
    assert finished.returncode == 0, finished.stderr
    out = finished.stdout
    assert (
        "newly failing (1)\n  select.projection" in out
        and "PASS -> FAIL  an unselected property was not nulled at /Department" in out
    )
    assert "newly passing (1)\n  put.echo" in out and "changed (1)\n  auth.scheme" in out
    assert f"unchanged: {len(catalogue()) - 3} requirements; regression: yes" in out
    rows = rows_of(page)
    assert rows == {
        "select.projection": ("newly-failing", [("before", "PASS"), ("after", "FAIL")]),
        "put.echo": ("newly-passing", [("before", "FAIL"), ("after", "PASS")]),
        "auth.scheme": ("changed", [("before", "PASS"), ("after", "SKIP")]),
    }


def test_a_regression_exits_1_with_fail_on_regression_and_an_improvement_does_not(tmp_path):
    good, bad = results_folder(tmp_path, "good"), results_folder(tmp_path, "bad", {"ius.stale": "FAIL"})
    assert compare(good, bad, "--fail-on-regression", "--html", tmp_path / "c.html").returncode == 1
    assert compare(bad, good, "--fail-on-regression", "--html", tmp_path / "c.html").returncode == 0
    assert compare(good, bad / "results.json", "--html", tmp_path / "c.html").returncode == 0


def test_several_runs_give_a_matrix_of_requirements_by_runs(tmp_path):
    runs = [
        results_folder(tmp_path, "reference"),
        results_folder(tmp_path, "select-ignored", {"select.projection": "FAIL"}),
        results_folder(tmp_path, "slow", {"perf.nsapislow": "NON-STRICT"}),
    ]
    page = tmp_path / "matrix.html"
    finished = compare(*runs, "--html", page)
    assert finished.returncode == 0, finished.stderr
    rows = rows_of(page)
    assert set(rows) == {"certification", *catalogue()}
    assert rows["certification"][1] == [
        ("reference", "CERTIFIED"),
        ("select-ignored", "NOT CERTIFIED"),
        ("slow", "CERTIFIED"),
    ]
    assert rows["select.projection"][1] == [("reference", "PASS"), ("select-ignored", "FAIL"), ("slow", "PASS")]
    assert rows["perf.nsapislow"][1] == [("reference", "PASS"), ("select-ignored", "PASS"), ("slow", "NON-STRICT")]
    assert "select.projection" in finished.stdout and "FAIL" in finished.stdout


def test_a_run_that_cannot_be_read_exits_2_saying_which(tmp_path):
    good = results_folder(tmp_path, "good")
    finished = compare(good, tmp_path / "missing", "--html", tmp_path / "c.html")
    assert finished.returncode == 2 and "missing: no readable results.json" in finished.stderr
    assert compare(good, "--html", tmp_path / "c.html").returncode == 2


def test_the_columns_are_named_by_target_and_date_and_link_to_each_run_s_report(tmp_path):
    """Not "A" and "B": each column says which target and when, and opens that run's report.html (relative to
    the compare page, so the folder can be moved as a whole); a run without report.html gets no link."""
    a = results_folder(tmp_path, "before", {"put.echo": "FAIL"}, {"put.echo": "Name came back different"})
    b = results_folder(tmp_path, "after")
    (a / "report.html").write_text("<html></html>", encoding="utf-8")
    page = tmp_path / "pages" / "compare.html"
    assert compare(a, b, "--html", page).returncode == 0
    text = page.read_text(encoding="utf-8")
    assert (
        '<th><a href="../before/report.html">127.0.0.1:9<br><span class="muted">2026-12-07 10:00:00 UTC</span></a></th>'
        in text
    )
    assert '<th>127.0.0.1:9<br><span class="muted">2026-12-06 10:00:00 UTC</span></th>' in text
    assert "<th>A</th>" not in text and "<th>B</th>" not in text
