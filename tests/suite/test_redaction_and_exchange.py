"""Credentials stay out of text, headers, files, exchange descriptions and curl commands."""

from __future__ import annotations

import base64
import json
import shlex
import subprocess

import pytest

from conformance.judging.exchange import Exchange
from conformance.judging.redaction import MASK, Redactor

PASSWORD, TOKEN, TICKET, APP_TOKEN = "pw-Qr42-secret", "tok-Lm93-secret", "tkt-Ns17-secret", "app-token-123"
BASIC = base64.b64encode(f"leak-user:{PASSWORD}".encode()).decode()
SECRETS = (PASSWORD, BASIC, TOKEN, TICKET, APP_TOKEN)
URL = "http://127.0.0.1:1/api/v1/Contact/5"


@pytest.fixture
def redactor() -> Redactor:
    return Redactor(SECRETS, {f"Basic {BASIC}": "CONFORMANCE_AUTHORIZATION"})


def leaked(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def put(headers: dict, body: bytes | None, **fields) -> Exchange:
    return Exchange("PUT", URL, headers, body, **fields)


def test_text_masks_every_secret(redactor):
    """Each secret anywhere in a text becomes ***."""
    text = f"Authorization: Basic {BASIC}; token={TOKEN}, ticket {TICKET} and {PASSWORD}{PASSWORD}"
    masked = redactor.text(text)
    assert leaked(masked) == []
    assert masked == f"Authorization: Basic {MASK}; token={MASK}, ticket {MASK} and {MASK}{MASK}"


def test_a_longer_secret_is_masked_before_a_shorter_one_inside_it():
    """A secret containing another is masked whole, leaving no tail behind."""
    redactor = Redactor(["abc", "abcdef-long"])
    assert redactor.text("x abcdef-long y abc") == f"x {MASK} y {MASK}"


def test_empty_and_very_short_secrets_are_ignored():
    """'' and 2-character values would mask ordinary text: they are not secrets."""
    redactor = Redactor(["", "ab", None])
    assert redactor.secrets == []
    assert redactor.text("abc") == "abc"


def test_headers_mask_sensitive_names_and_secret_values(redactor):
    """Authorization, SO-AppToken, X-XSRF-TOKEN and Cookie are masked whatever their value; others lose secrets."""
    headers = {
        "authorization": "Basic whatever",
        "SO-AppToken": "x-123",
        "X-XSRF-TOKEN": "y-456",
        "Cookie": "a=b",
        "X-Echo": f"carrying {TOKEN}",
        "Accept": "application/json",
    }
    masked = redactor.headers(headers)
    assert masked == {
        "authorization": MASK,
        "SO-AppToken": MASK,
        "X-XSRF-TOKEN": MASK,
        "Cookie": MASK,
        "X-Echo": f"carrying {MASK}",
        "Accept": "application/json",
    }


def test_request_headers_mask_real_secrets_only(redactor):
    """A credential the suite invented (a wrong password, a made-up app token) is shown as sent; the run's are
    masked."""
    invented = "Basic " + base64.b64encode(b"tester:not-the-password").decode()
    headers = {"Authorization": invented, "SO-AppToken": "conformance-suite-app", "X-XSRF-TOKEN": f"x{TOKEN}"}
    assert redactor.request_headers(headers) == {**headers, "X-XSRF-TOKEN": MASK}
    assert redactor.request_headers({"Authorization": f"Basic {BASIC}"}) == {"Authorization": MASK}


def test_scrub_files_rewrites_only_files_holding_secrets(redactor, tmp_path):
    """Every file under the folder, nested and binary ones included, loses its secrets; clean files are untouched."""
    (tmp_path / "deep" / "er").mkdir(parents=True)
    dirty = tmp_path / "results.json"
    dirty.write_text(json.dumps({"auth": f"Bearer {TOKEN}", "name": "Ærø"}, ensure_ascii=False), encoding="utf-8")
    nested = tmp_path / "deep" / "er" / "log.bin"
    nested.write_bytes(b"\x00\xff" + PASSWORD.encode() + b"\x00" + BASIC.encode())
    clean = tmp_path / "clean.txt"
    clean.write_text("nothing to hide", encoding="utf-8")
    before = clean.stat().st_mtime_ns
    changed = redactor.scrub_files(tmp_path)
    assert sorted(changed) == sorted([dirty, nested])
    assert leaked(dirty.read_text(encoding="utf-8")) == []
    assert json.loads(dirty.read_text(encoding="utf-8")) == {"auth": f"Bearer {MASK}", "name": "Ærø"}
    assert nested.read_bytes() == b"\x00\xff" + MASK.encode() + b"\x00" + MASK.encode()
    assert clean.stat().st_mtime_ns == before


def test_scrub_files_masks_a_non_ascii_secret(tmp_path):
    """Secrets are matched as UTF-8 bytes."""
    (tmp_path / "f.txt").write_text("pässwörd-ü and more", encoding="utf-8")
    Redactor(["pässwörd-ü"]).scrub_files(tmp_path)
    assert (tmp_path / "f.txt").read_text(encoding="utf-8") == f"{MASK} and more"


# --- Exchange.describe and Exchange.curl ----------------------------------------------------------------------

REQUEST_HEADERS = {
    "Authorization": f"Basic {BASIC}",
    "Content-Type": "application/json",
    "SO-AppToken": "app-token-123",
    "X-Note": f"it's {TICKET}",
}
BODY = json.dumps(
    {"Name": 'O\'Brien & "Sons" $HOME `id`', "Description": f"pasted {TOKEN}", "Kananame": "ｶﾅ"}, ensure_ascii=False
).encode()


def test_describe_shows_the_exchange_without_secrets(redactor):
    """Request and response lines, headers and bodies appear with every secret masked."""
    exchange = put(
        REQUEST_HEADERS,
        BODY,
        status=400,
        elapsed=0.012,
        response_headers={"Content-Type": "application/json", "Set-Cookie": "s=1"},
        response_body=f'{{"Error": true, "ErrorMessage": "bad ticket {TICKET}"}}'.encode(),
    )
    text = exchange.describe(redactor)
    assert leaked(text) == []
    assert APP_TOKEN not in text
    assert text.startswith(f"> PUT {URL}\n> Authorization: {MASK}\n")
    assert "< HTTP 400 (12 ms)" in text
    assert f"bad ticket {MASK}" in text
    assert "O'Brien" in text


def test_describe_reports_a_transport_error_and_a_truncated_body(redactor):
    """No response and a cut body are said in words."""
    assert "(no complete response: no response within 10 s)" in put({}, None, error="no response within 10 s").describe(
        redactor
    )
    cut = put({}, None, status=200, response_body=b"x" * 50, truncated=True)
    assert "(body longer than the suite reads; cut)" in cut.describe(redactor)


def test_describe_cuts_long_bodies(redactor):
    """A body longer than the limit is cut and the rest counted."""
    text = put({}, b"y" * 120, status=200).describe(redactor, limit=100)
    assert "y" * 100 + "... (20 more characters)" in text


def test_curl_never_contains_a_secret_and_reads_the_authorization_from_the_environment(redactor):
    """The Authorization header becomes ${CONFORMANCE_AUTHORIZATION}; other secrets are masked."""
    command = put(REQUEST_HEADERS, BODY).curl(redactor)
    assert leaked(command) == []
    assert APP_TOKEN not in command
    assert '"Authorization: ${CONFORMANCE_AUTHORIZATION}"' in command


def test_curl_splits_back_into_the_request_it_describes(redactor):
    """shlex.split gives curl's arguments: method, URL, every header and the body as sent (secrets masked)."""
    words = shlex.split(put(REQUEST_HEADERS, BODY).curl(redactor))
    assert words[:7] == ["curl", "-sS", "-i", "-g", "-X", "PUT", URL]
    headers = [words[i + 1] for i, word in enumerate(words) if word == "-H"]
    assert headers == [
        "Authorization: ${CONFORMANCE_AUTHORIZATION}",
        "Content-Type: application/json",
        f"SO-AppToken: {MASK}",
        f"X-Note: it's {MASK}",
        "User-Agent:",
        "Accept:",
        "Expect:",
    ]
    assert words[-2] == "--data-binary"
    assert json.loads(words[-1]) == {**json.loads(BODY), "Description": f"pasted {MASK}"}


def run_with_fake_curl(command: str, authorization: str) -> tuple[list[str], bytes]:
    """Run a curl command in bash, ``curl`` being a function printing its arguments; (arguments, stdin)."""
    script = (
        'curl() { for a in "$@"; do printf "%s\\0" "$a"; done; '
        'for a in "$@"; do if [ "$a" = "@-" ]; then printf "stdin:"; cat; fi; done; }\n' + command
    )
    environment = {"CONFORMANCE_AUTHORIZATION": authorization, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(["bash", "-c", script], capture_output=True, env=environment, timeout=30, check=True)
    printed, _, stdin = done.stdout.partition(b"stdin:")
    return printed.decode("utf-8").split("\0")[:-1], stdin


def test_curl_runs_in_bash_with_the_authorization_from_the_environment(redactor):
    """Run by bash, the command passes the real Authorization from $CONFORMANCE_AUTHORIZATION and the body unchanged."""
    body = json.dumps({"Name": 'O\'Brien & "Sons" $HOME `id` \\n'}).encode()
    arguments, _ = run_with_fake_curl(put(REQUEST_HEADERS, body).curl(redactor), f"Basic {BASIC}")
    assert arguments[:6] == ["-sS", "-i", "-g", "-X", "PUT", URL]
    assert f"Authorization: Basic {BASIC}" in arguments
    assert arguments[arguments.index("--data-binary") + 1] == body.decode()


def test_curl_sends_a_non_utf8_body_through_base64(redactor):
    """Bytes that are not UTF-8 travel as base64 and reach curl's stdin unchanged."""
    body = b'\xff\xfe{"Name": "x"}'
    command = put({"Content-Type": "application/json"}, body).curl(redactor)
    arguments, stdin = run_with_fake_curl(command, "unused")
    assert arguments[-2:] == ["--data-binary", "@-"]
    assert stdin == body


def test_curl_without_a_body_has_no_data(redactor):
    """A GET-like request has no --data-binary."""
    command = Exchange("GET", URL, {"Authorization": f"Basic {BASIC}"}, None).curl(redactor)
    assert "--data-binary" not in command
    assert shlex.split(command) == [
        "curl",
        "-sS",
        "-i",
        "-g",
        "-X",
        "GET",
        URL,
        "-H",
        "Authorization: ${CONFORMANCE_AUTHORIZATION}",
        "-H",
        "User-Agent:",
        "-H",
        "Accept:",
    ]


def test_curl_masks_a_secret_in_the_url(redactor):
    """A secret that ended up in the URL (a query parameter) is masked."""
    command = Exchange("PUT", f"{URL}?ticket={TICKET}", {}, None).curl(redactor)
    assert leaked(command) == []
    assert f"ticket={MASK}" in command
