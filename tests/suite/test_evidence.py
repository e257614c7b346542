"""Evidence without a server: the bounded ring, culprits (named, blamed, by default), records, curl bodies,
reproduce."""

from __future__ import annotations

import argparse
import base64
import shlex
from pathlib import Path

import pytest

from conformance.cli.run import pytest_arguments
from conformance.harness import evidence
from conformance.harness.reproduction import reproduce_command, suite_test
from conformance.harness.settings import OPTIONS, resolve
from conformance.judging import checks
from conformance.judging.exchange import BODY_PREVIEW, EVIDENCE_RESPONSE_BODY, Exchange
from conformance.judging.findings import Finding
from conformance.judging.outcomes import Nonconformance, Nonconformances, blame
from conformance.judging.redaction import Redactor

from .test_redaction_and_exchange import run_with_fake_curl

URL = "http://127.0.0.1:1/api/v1/Contact/5"
SECRET = "pw-Ev12-secret"
REAL_AUTHORIZATION = "Basic " + base64.b64encode(f"user:{SECRET}".encode()).decode()


def sent(seq: int, role: str, method: str = "PUT", **fields) -> Exchange:
    fields.setdefault("status", 200)
    return Exchange(method, URL, {"Content-Type": "application/json"}, b'{"Name": "x"}', seq=seq, role=role, **fields)


def test_the_ring_keeps_the_last_exchanges_with_their_bodies_capped():
    """However many exchanges with however large answers, a test keeps RING light copies; sizes are remembered."""
    kept = evidence.Evidence()
    for seq in range(1, 101):
        kept.keep(sent(seq, "under test", response_body=b"x" * (1024 * 1024)))
    exchanges = kept.exchanges()
    assert [e.seq for e in exchanges] == list(range(101 - evidence.RING, 101))
    assert all(len(e.response_body) == EVIDENCE_RESPONSE_BODY and e.response_size == 1024 * 1024 for e in exchanges)
    kept.clear()
    assert kept.exchanges() == []


def test_a_pinned_exchange_outlives_the_ring():
    """An exchange the ledger blamed (a 5xx) stays after the ring moved on."""
    kept = evidence.Evidence(ring=2)
    kept.keep(sent(1, "under test", status=500))
    kept.pin(sent(1, "under test", status=500))
    for seq in (2, 3, 4):
        kept.keep(sent(seq, "under test"))
    assert [e.seq for e in kept.exchanges()] == [1, 3, 4]


@pytest.mark.parametrize(
    ("roles", "culprit"),
    [
        (["setup", "setup", "conditional PUT", "verify"], 3),
        (["under test", "verify", "verify: other contact"], 1),
        (["setup", "setup"], 2),
    ],
    ids=["conditional-put-before-its-verifying-get", "verify-roles-are-context", "only-setup"],
)
def test_the_default_culprit_is_the_last_request_under_test(roles, culprit):
    """Neither a setup request nor a verifying GET is blamed while a request under test exists."""
    exchanges = [sent(i + 1, role) for i, role in enumerate(roles)]
    assert evidence.default_culprit(exchanges).seq == culprit


def test_a_check_over_an_exchange_names_it_and_blame_names_the_culprit_of_a_body_check():
    """status_is blames its exchange; a body check inside blame() gets the named one; a named culprit stays."""
    put, get = sent(1, "under test"), sent(2, "verify", method="GET", status=500)
    with pytest.raises(Nonconformance) as status:
        with blame(put):
            checks.status_is(get, 200, requirement="put.persisted")
    assert [e.seq for e in status.value.culprits] == [2]
    with pytest.raises(Nonconformance) as echo:
        with blame(put):
            checks.echoed({"Name": "a"}, {"Name": "b"}, requirement="put.persisted")
    assert [e.seq for e in echo.value.culprits] == [1]
    assert echo.value.finding().culprits == [1]


def test_blame_names_the_culprit_in_each_of_several_findings():
    """Nonconformances raised by checks.collected() each get the culprit."""
    put = sent(7, "under test")
    with pytest.raises(Nonconformances) as found:
        with blame(put), checks.collected() as expect:
            expect(checks.echoed, {"Name": "a"}, {"Name": "b"}, requirement="put.echo")
            expect(checks.same_values, {"Name": "x"}, {"Name": "y"}, requirement="put.idempotent")
    assert [[e.seq for e in f.culprits] for f in found.value.exceptions] == [[7], [7]]


def test_gather_shows_the_culprits_with_their_context_and_names_the_default():
    """A carried culprit gone from the ring is shown; context starts CONTEXT_BEFORE exchanges before the first
    culprit."""
    kept = [sent(seq, "setup") for seq in range(1, 8)] + [sent(9, "verify", method="GET")]
    carried = Nonconformance("ius.stale", "changed", culprit=sent(8, "conditional PUT"))
    findings = [carried.finding(), Finding("error.shape", "no Error")]
    shown, culprits = evidence.gather(kept, carried, findings)
    assert [e.seq for e in shown] == [5, 6, 7, 8, 9]
    assert culprits == {8}
    assert findings[1].culprits == [8]  # the default: the last request under test


def test_a_record_marks_the_culprit_keeps_its_whole_body_and_masks_only_real_secrets():
    """The culprit keeps its whole request body and a curl; context bodies are cut; an invented credential shows."""
    invented = "Bearer not-the-token"
    redactor = Redactor([SECRET, REAL_AUTHORIZATION.split()[1]], {REAL_AUTHORIZATION: "CONFORMANCE_AUTHORIZATION"})
    body = ('{"Name": "' + "n" * 6000 + '"}').encode()
    culprit = Exchange(
        "PUT", URL, {"Authorization": invented}, body, status=200, seq=3, role="under test", started=11.0
    )
    context = Exchange(
        "PUT", URL, {"Authorization": REAL_AUTHORIZATION}, body, status=200, seq=2, role="setup", started=10.0
    )
    blamed, before = culprit.record(redactor, culprit=True, since=10.0), context.record(redactor, since=10.0)
    assert blamed["request"]["body"] == {"encoding": "utf-8", "data": body.decode(), "bytes": len(body), "cut": False}
    assert blamed["request"]["headers"]["Authorization"] == invented and invented in blamed["curl"]
    assert (blamed["culprit"], blamed["at_ms"], before["culprit"], before["curl"]) == (True, 1000.0, False, None)
    assert before["request"]["headers"]["Authorization"] == "***"
    assert len(before["request"]["body"]["data"]) == BODY_PREVIEW and before["request"]["body"]["cut"] is True


@pytest.mark.parametrize(
    "body",
    [
        ('{"Name": "' + "long " * 400 + '", "Description": "line\\nbreak"}').encode(),
        b'{"Name": "two\nlines"}\nBODY\n{"x": 1}',
        b'{"Name": "ends with a newline"}\n',
        b'{"Name": "nul \x00 inside"}',
        b"\xff\xfe not UTF-8",
    ],
    ids=["long", "lines-and-the-delimiter", "trailing-newline", "nul", "binary"],
)
def test_curl_passes_every_body_byte_for_byte(body):
    """Heredoc for long or multi-line text, base64 for what a shell cannot carry: curl's stdin is the body sent."""
    command = Exchange("PUT", URL, {"Content-Type": "application/json"}, body).curl(Redactor())
    arguments, stdin = run_with_fake_curl(command, "unused")
    assert arguments[-2:] == ["--data-binary", "@-"]
    assert stdin == body


def test_the_reproduce_command_selects_one_test_and_names_the_credentials_variable(tmp_path):
    """Target, seed, profile and the node id; credentials only as $CONFORMANCE_AUTH; non-secret headers as given."""
    settings = resolve(
        {"base_url": "http://127.0.0.1:9", "auth": [f"basic:user:{SECRET}"], "header": ["X-Tenant:acme"], "seed": "42"},
        {},
    )
    target = argparse.Namespace(embedded=False, base_url="http://127.0.0.1:9")
    nodeid = "test_select.py::test_property_names_match_regardless_of_case[name,department]"
    command = reproduce_command(settings, target, nodeid)
    assert SECRET not in command
    assert command.startswith('CONFORMANCE_AUTH="${CONFORMANCE_AUTH:?')
    words = shlex.split(command)[1:]
    assert words[:4] == ["conformance", "run", "--base-url", "http://127.0.0.1:9"]
    assert words[words.index("--test") + 1] == nodeid and words[words.index("--seed") + 1] == "42"
    assert words[words.index("--header") + 1] == "X-Tenant:acme"
    selected = pytest_arguments(
        argparse.Namespace(**{**{o.name: None for o in OPTIONS}, "tests": [nodeid], "pytest_args": []})
    )
    assert suite_test(nodeid) in selected and "conformance.suite" not in selected
    assert (
        suite_test(nodeid)
        == "conformance.suite.test_select::test_property_names_match_regardless_of_case[name,department]"
    )
    assert Path(words[words.index("--report-dir") + 1]) == Path("reports") / "reproduce"


class Body:
    """A stand-in for a large response a test's frame holds (weak-referenceable)."""


def test_release_frees_what_the_frames_of_a_reported_failure_hold():
    """After a test that read large bodies, its exception keeps neither its frames' locals nor its chain."""
    import weakref

    def failing(held: Body) -> None:
        try:
            raise ValueError("the JSON error, holding the body as text")
        except ValueError:
            raise Nonconformance("put.ok", "not JSON") from None

    body = Body()
    alive = weakref.ref(body)
    try:
        failing(body)
    except Nonconformance as caught:
        error = caught
    del body
    kept = evidence.Evidence()
    kept.read = evidence.COLLECT_AFTER + 1
    assert alive() is not None and error.__context__ is not None
    evidence.release(error, kept)
    assert alive() is None and error.__context__ is None
    assert str(error) == "[put.ok] not JSON"
