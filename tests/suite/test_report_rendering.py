"""The pieces of the report page and the terminal, on canned evidence: wording, diffs, bodies, failure lines."""

from __future__ import annotations

import json

from conformance.report import bodies, diff, page, terminal
from conformance.report.wording import ELLIPSIS, sentence, shorten, time_budget

PUT = {
    "seq": 7,
    "role": "under test",
    "culprit": True,
    "elapsed_ms": 3.0,
    "request": {
        "method": "PUT",
        "url": "http://127.0.0.1:1/api/v1/Contact/61?%24select=NAME,department",
        "headers": {"Content-Type": "application/json", "User-Agent": "x"},
        "body": None,
    },
    "response": {
        "status": 200,
        "headers": {"content-type": "application/json; charset=utf-8"},
        "body": {"encoding": "utf-8", "data": "{}", "bytes": 2, "cut": False},
    },
}


def test_shorten_cuts_at_a_word_and_marks_the_cut():
    assert shorten("short text", 20) == "short text"
    cut = shorten("the quick brown fox jumps over the lazy dog", 20)
    assert cut.endswith(ELLIPSIS) and len(cut) <= 20 and cut == "the quick brown fox" + ELLIPSIS
    assert shorten("x" * 50, 10) == "x" * 9 + ELLIPSIS


def test_the_sentence_says_what_was_sent_and_what_came_back():
    finding = {"requirement": "select.projection", "message": "Department was nulled", "pointer": "/Department"}
    said = sentence(finding, PUT)
    assert said.startswith("PUT /api/v1/Contact/61 with $select=NAME,department, Content-Type: application/json")
    assert "answered 200 (application/json, 2 bytes) in 3 ms: Department was nulled at /Department." in said


def test_a_list_that_lost_its_last_item_differs_only_there():
    finding = {
        "pointer": "/Emails",
        "expected": repr([{"Value": "a@x"}, {"Value": "b@x"}, {"Value": "c@x"}]),
        "actual": repr([{"Value": "a@x"}, {"Value": "b@x"}]),
    }
    found = diff.structured(finding)
    assert [(d.pointer, d.kind, d.shown("expected"), d.shown("actual")) for d in found] == [
        ("/Emails/2", "missing", '{"Value": "c@x"}', "")
    ]


def test_values_cut_by_the_finding_give_no_structured_diff_but_a_stated_one():
    finding = {"pointer": "/Name", "expected": "'abc", "actual": "None"}
    assert diff.structured(finding) == []
    stated = diff.stated(finding)
    assert (stated.pointer, stated.shown("expected"), stated.shown("actual")) == ("/Name", '"\'abc"', "null")


def test_bodies_fold_bulky_members_and_highlight_the_culprit_pointer():
    body = {"Name": "n", "FieldProperties": {"Name": {"FieldLength": 80}}, "Emails": [{"Value": "a@x"}]}
    rendered = bodies.render({"encoding": "utf-8", "data": json.dumps(body)}, frozenset({"/Emails/0/Value"}))
    assert '<details class="j-m bulky"><summary><span class="j-key">&quot;FieldProperties&quot;</span>' in rendered
    assert 'class="j-m culprit-pointer" title="/Emails/0/Value"' in rendered
    assert bodies.render({"encoding": "utf-8", "data": "<xml/>", "cut": True, "size": 9}).startswith(
        '<pre class="body">'
    )


def test_the_matrix_puts_failures_first():
    verdicts = ["PASS", "INFO", "FLAKY", "NON-STRICT", "FAIL", "ERROR", "SKIP"]
    ordered = page.ordered([{"verdict": v} for v in verdicts])
    assert [r["verdict"] for r in ordered] == ["FAIL", "ERROR", "NON-STRICT", "FLAKY", "SKIP", "PASS", "INFO"]


def test_each_failing_test_is_listed_once_with_its_requirement_and_reason():
    tests = [
        {
            "nodeid": "test_a.py::test_x[p]",
            "outcome": "failed",
            "findings": [
                {
                    "requirement": "put.echo",
                    "message": "a written value did not come back " + "z" * 300,
                    "pointer": "/Emails",
                }
            ],
        },
        {"nodeid": "test_a.py::test_ok", "outcome": "passed", "findings": []},
        {"nodeid": "test_b.py::test_e", "outcome": "error", "findings": [], "error": "target stopped answering"},
    ]
    lines = [text for text, _ in terminal.failure_lines(tests, 100)]
    assert lines[0] == "FAILED test_a.py::test_x[p]"
    assert lines[1].startswith("    [put.echo] a written value did not come back") and lines[1].endswith(ELLIPSIS)
    assert len(lines[1]) <= 100
    assert lines[2:] == ["ERROR test_b.py::test_e", "    target stopped answering"]


def test_the_time_budget_is_stated_and_the_tests_it_trimmed_are_named():
    budget = {"seconds": 180.0, "origin": "the ci profile", "tests_trimmed": 1}
    trimmed = {"nodeid": "test_a.py::test_b", "trimmed": "the run's time budget was spent: judged on 3 of 15 examples"}
    section = page._trimmed([trimmed, {"nodeid": "test_a.py::test_c", "trimmed": None}])
    assert "Trimmed to their minimum (1 tests)" in section and "test_a.py::test_b" in section
    assert "judged on 3 of 15 examples" in section and "test_c" not in section
    assert page._trimmed([{"nodeid": "x", "trimmed": None}]) == ""
    assert time_budget(budget) == "180 s (the ci profile): 1 test trimmed to the minimum"
    assert time_budget(dict(budget, seconds=None, origin="command line", tests_trimmed=0)) == (
        "none (command line): nothing trimmed"
    )


def test_a_requirement_row_lists_only_the_failing_tests_that_decided_its_verdict():
    """A test that failed on put.echo is not listed under put.ok's PASS, nor under a FAIL it is not evidence of."""
    echo_failure = "test_put_semantics.py::test_written_fields_come_back_in_the_response"
    other_failure = "test_select.py::test_projection_equals_the_full_response_on_the_selected_properties"
    failing = {echo_failure, other_failure}

    def requirement(identifier: str, verdict: str, evidence: list[dict]) -> dict:
        return {
            "id": identifier,
            "level": "MUST",
            "rule": "r",
            "source": "s",
            "verdict": verdict,
            "evidence": evidence,
            "tests": [echo_failure, other_failure],
        }

    passing = page._row(requirement("put.ok", "PASS", []), failing)
    failed = page._row(requirement("put.echo", "FAIL", [{"test": echo_failure, "message": "Name lost"}]), failing)
    assert "<a href" not in passing and "failing tests below" not in passing
    assert page.anchor(echo_failure) in failed and page.anchor(other_failure) not in failed


def test_a_body_nested_deeper_than_a_tree_can_show_is_shown_as_text():
    """The robustness test sends JSON nested thousands deep: its exchange renders as text, not a RecursionError
    that left the report unfinished and the run's exit code 1."""
    deep = {"encoding": "utf-8", "data": "[" * 5000 + "]" * 5000, "bytes": 10000, "cut": False}
    shown = bodies.render(deep)
    assert shown.startswith('<pre class="body">[[[') and "j-in" not in shown
    fairly_deep = {"encoding": "utf-8", "data": "[" * 400 + "]" * 400, "bytes": 800, "cut": False}
    assert bodies.render(fairly_deep).startswith(('<div class="body json">', '<pre class="body">'))
