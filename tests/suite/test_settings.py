"""Resolving the run's settings (conformance/harness/settings.py): CLI > environment > ini > default, errors and
secrets."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from conformance.generation.credentials import neighbour_secrets
from conformance.harness.settings import (
    OPTIONS,
    concurrency,
    parse_auth,
    parse_base_url,
    parse_header,
    resolve,
)
from conformance.judging.outcomes import ConfigError
from conformance.plugin.options import pytest_flag


def ini_of(**values):
    """An ini lookup answering ``conformance_NAME`` from keyword arguments."""
    return lambda name: values.get(name.removeprefix("conformance_"))


def test_defaults_apply_without_any_configuration():
    """No CLI, environment or ini: the documented defaults, and a random seed."""
    settings = resolve({}, {})
    assert settings.base_url is None
    assert settings.auths == () and settings.headers == () and settings.contact_ids == ()
    assert (settings.level, settings.profile, settings.timeout, settings.report_dir) == (
        "must",
        "ci",
        10.0,
        Path("reports"),
    )
    assert 0 <= settings.seed < 2**32
    assert settings.origins == {**{o.name: "default" for o in OPTIONS}, "seed": "random", "max_time": "the ci profile"}


def test_random_seeds_differ_between_runs():
    """Without a seed each run draws its own."""
    assert len({resolve({}, {}).seed for _ in range(5)}) > 1


def test_the_command_line_wins_over_environment_and_ini():
    """A value on the command line is used whatever the other sources say."""
    settings = resolve(
        {"seed": "1", "profile": "quick"},
        {"CONFORMANCE_SEED": "2", "CONFORMANCE_PROFILE": "thorough"},
        ini_of(seed="3", profile="ci"),
    )
    assert (settings.seed, settings.profile) == (1, "quick")
    assert settings.origins["seed"] == settings.origins["profile"] == "command line"


def test_the_environment_wins_over_ini():
    """Without a command-line value the environment variable is used."""
    settings = resolve({}, {"CONFORMANCE_SEED": "2", "CONFORMANCE_LEVEL": "should"}, ini_of(seed="3", level="must"))
    assert (settings.seed, settings.level) == (2, "should")
    assert settings.origins["seed"] == "environment CONFORMANCE_SEED"
    assert settings.origins["level"] == "environment CONFORMANCE_LEVEL"


def test_ini_wins_over_the_default():
    """An ini value is used when neither command line nor environment gives one."""
    settings = resolve({}, {}, ini_of(timeout="2.5", report_dir="out"))
    assert (settings.timeout, settings.report_dir) == (2.5, Path("out"))
    assert settings.origins["timeout"] == "ini conformance_timeout"


def test_blank_values_fall_through_to_the_next_source():
    """An empty environment variable or ini value is no value."""
    settings = resolve(
        {"seed": None, "auth": []}, {"CONFORMANCE_SEED": "  ", "CONFORMANCE_AUTH": ""}, ini_of(seed="", profile="quick")
    )
    assert settings.origins["seed"] == "random"
    assert settings.origins["auth"] == "default"
    assert settings.profile == "quick"


def test_repeatable_options_read_one_value_per_line_or_comma():
    """Auth and headers: one per line; contact ids: comma or blank separated."""
    env = {
        "CONFORMANCE_AUTH": "bearer:tok-1\n  soticket:tkt-2\n",
        "CONFORMANCE_HEADERS": "SO-Language: en\nX-Trace: a, b",
        "CONFORMANCE_CONTACT_IDS": "3, 4 5",
    }
    settings = resolve({}, env)
    assert [a.scheme for a in settings.auths] == ["Bearer", "SoTicket"]
    assert settings.headers == (("SO-Language", "en"), ("X-Trace", "a, b"))
    assert settings.contact_ids == (3, 4, 5)


def test_repeatable_options_read_ini_line_lists():
    """pytest gives ini ``linelist`` values as lists: each line is one value."""
    settings = resolve(
        {}, {}, ini_of(contact_id=["3", "4, 5"], auth=["bearer:tok-1", "soticket:tkt-2"], header=["X-A: 1"])
    )
    assert settings.contact_ids == (3, 4, 5)
    assert [a.header for a in settings.auths] == ["Bearer tok-1", "SoTicket tkt-2"]
    assert settings.headers == (("X-A", "1"),)
    assert settings.origins["contact_id"] == "ini conformance_contact_id"


def test_command_line_lists_replace_environment_lists():
    """Repeatable options are not merged across sources."""
    settings = resolve({"contact_id": ["7"]}, {"CONFORMANCE_CONTACT_IDS": "3,4"})
    assert settings.contact_ids == (7,)


@pytest.mark.parametrize(
    ("text", "scheme", "header"),
    [
        ("basic:tester:tester-secret", "Basic", "Basic " + base64.b64encode(b"tester:tester-secret").decode()),
        ("basic:user:pass:with:colons", "Basic", "Basic " + base64.b64encode(b"user:pass:with:colons").decode()),
        ("BASIC:u:", "Basic", "Basic " + base64.b64encode(b"u:").decode()),
        ("bearer:tok-123", "Bearer", "Bearer tok-123"),
        ("soticket:7T:abc", "SoTicket", "SoTicket 7T:abc"),
    ],
)
def test_auth_forms_become_authorization_headers(text, scheme, header):
    """Each --auth form gives its scheme's Authorization header."""
    auth = parse_auth(text)
    assert (auth.scheme, auth.header) == (scheme, header)


@pytest.mark.parametrize(
    "text", ["nonsense", "basic", "basic:", "basic:user", "basic::pw", "bearer:", "soticket:", "digest:x", ":x", ""]
)
def test_bad_auth_forms_are_config_errors_naming_the_forms(text):
    """A malformed --auth is a ConfigError that says which forms are allowed."""
    with pytest.raises(ConfigError) as caught:
        resolve({"auth": [text]}, {})
    assert "--auth" in str(caught.value)
    assert "basic:USER:PASSWORD" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    ["127.0.0.1:8080", "ftp://127.0.0.1", "http://", "http://127.0.0.1:80 80", "http://127.0.0.1/?q=1", "not a url"],
)
def test_bad_urls_are_config_errors(text):
    """Only http(s) URLs without query or fragment are targets."""
    with pytest.raises(ConfigError, match=r"--base-url must be an http\(s\) URL"):
        resolve({"base_url": text}, {})


def test_a_url_with_credentials_is_refused_without_echoing_them():
    """user:password@ in the URL is refused, and the error does not repeat the password."""
    with pytest.raises(ConfigError, match="must not carry credentials") as caught:
        parse_base_url("http://admin:pw-in-url@127.0.0.1:8080")
    assert "pw-in-url" not in str(caught.value)


def test_a_url_loses_its_trailing_slash():
    """http://127.0.0.1:8080/ and http://127.0.0.1:8080 are the same target."""
    assert parse_base_url(" http://127.0.0.1:8080/base/ ") == "http://127.0.0.1:8080/base"


@pytest.mark.parametrize("text", ["no-colon", "Bad Name: v", ": value", "X(1): v"])
def test_bad_headers_are_config_errors(text):
    """--header needs NAME:VALUE with a token as name."""
    with pytest.raises(ConfigError, match="--header must be NAME:VALUE"):
        parse_header(text)


def test_a_header_without_a_colon_is_not_echoed():
    """A header given without its colon may be a bare credential: the error does not repeat it."""
    with pytest.raises(ConfigError) as caught:
        resolve({"header": ["Authorization Bearer hdr-secret-1"]}, {})
    assert "hdr-secret-1" not in str(caught.value)


def test_headers_keep_their_value_after_the_first_colon():
    """Values may contain colons; blanks around name and value are dropped."""
    assert parse_header(" X-Time : 12:30:00 ") == ("X-Time", "12:30:00")


@pytest.mark.parametrize(
    ("cli", "message"),
    [
        ({"timeout": "-1"}, "--timeout must be at least 0.1 (got '-1')"),
        ({"timeout": "0"}, "--timeout must be at least 0.1"),
        ({"timeout": "soon"}, "--timeout must be a number (got 'soon')"),
        ({"seed": "abc"}, "--seed must be a number (got 'abc')"),
        ({"seed": "1.5"}, "--seed must be a number"),
        ({"seed": "-1"}, "--seed must be at least 0"),
        ({"contact_id": ["3", "x"]}, "--contact-id must be a number (got 'x')"),
        ({"contact_id": ["0"]}, "--contact-id must be at least 1"),
        ({"contact_id": ["2.0"]}, "--contact-id must be a number"),
        ({"profile": "turbo"}, "--profile must be one of quick, ci, thorough (got 'turbo')"),
        ({"level": "could"}, "--level must be one of must, should (got 'could')"),
    ],
)
def test_bad_values_are_config_errors_with_a_clear_message(cli, message):
    """Each bad value names its option, the rule and what was given."""
    with pytest.raises(ConfigError) as caught:
        resolve(cli, {})
    assert message in str(caught.value)


def test_bad_environment_values_are_config_errors_naming_the_variable():
    """A bad CONFORMANCE_PROFILE fails like a bad --profile, and the message names the variable that was set."""
    with pytest.raises(ConfigError, match="^CONFORMANCE_PROFILE must be one of"):
        resolve({}, {"CONFORMANCE_PROFILE": "turbo"})


@pytest.mark.parametrize(
    ("cli", "env", "ini", "message"),
    [
        ({"seed": "abc"}, {}, {}, "--conformance-seed must be a number (got 'abc')"),
        ({"contact_id": ["x"]}, {}, {}, "--conformance-contact-id must be a number"),
        ({"auth": ["digest:x"]}, {}, {}, "--conformance-auth must be basic:USER:PASSWORD"),
        ({"header": ["X-Bad Name:1"]}, {}, {}, "--conformance-header must be NAME:VALUE"),
        ({"max_time": "0"}, {}, {}, "--conformance-max-time must be at least 1"),
        ({"concurrency": "two"}, {}, {}, "--conformance-concurrency must be a number"),
        ({"base_url": "ftp://x"}, {}, {}, "--base-url must be an http(s) URL"),  # pytest-base-url's own flag
        ({}, {"CONFORMANCE_SEED": "abc"}, {}, "CONFORMANCE_SEED must be a number (got 'abc')"),
        ({}, {"CONFORMANCE_AUTH": "digest:x"}, {}, "CONFORMANCE_AUTH must be basic:USER:PASSWORD"),
        ({}, {}, {"conformance_timeout": "soon"}, "conformance_timeout must be a number (got 'soon')"),
    ],
)
def test_a_bad_value_is_named_as_the_user_gave_it(cli, env, ini, message):
    """Under pytest the flag is ``--conformance-NAME``; from the environment, the variable; from an ini file, its
    key."""
    with pytest.raises(ConfigError) as caught:
        resolve(cli, env, ini.get, pytest_flag)
    assert str(caught.value).startswith(message)


def test_numbers_are_converted():
    """Seed and contact ids are ints, the timeout a float."""
    settings = resolve({"seed": "42", "timeout": "2", "contact_id": ["3", "17"]}, {})
    assert (settings.seed, settings.timeout, settings.contact_ids) == (42, 2.0, (3, 17))


# --- secrets and describe() --------------------------------------------------------------------------------

SECRET_CLI = {
    "auth": ["basic:leak-user:pw-1234", "bearer:tok-5678", "soticket:tkt-9012"],
    "header": ["SO-AppToken: app-3456", "X-XSRF-TOKEN: xsrf-7890", "Cookie: session=ck-1111", "SO-Language: en"],
}
BASIC_TOKEN = base64.b64encode(b"leak-user:pw-1234").decode()
SECRETS = [
    "pw-1234",
    BASIC_TOKEN,
    BASIC_TOKEN.rstrip("="),
    "tok-5678",
    "tkt-9012",
    "app-3456",
    "xsrf-7890",
    "session=ck-1111",
]


def test_secrets_are_every_credential_given():
    """Password, the Basic token (padded and not), bearer token, ticket and sensitive header values are secrets, and
    so is every neighbour of a credential the suite sends (one character off a real secret gives it away)."""
    secrets = resolve(SECRET_CLI, {}).secrets()
    assert set(SECRETS) <= set(secrets)
    real = {"Basic": f"Basic {BASIC_TOKEN}", "Bearer": "Bearer tok-5678", "SoTicket": "SoTicket tkt-9012"}
    assert set(neighbour_secrets(real)) <= set(secrets)
    assert "tok-567" in secrets and "Bearer tok-5678x" in secrets


def test_plain_headers_and_the_user_name_are_not_secrets():
    """SO-Language's value and the Basic user name stay readable."""
    secrets = resolve(SECRET_CLI, {}).secrets()
    assert "en" not in secrets and "leak-user" not in secrets


def test_the_first_auth_is_the_one_every_request_carries():
    """Settings.auth is the first --auth."""
    assert resolve(SECRET_CLI, {}).auth.header == f"Basic {BASIC_TOKEN}"
    assert resolve({}, {}).auth is None


def test_describe_masks_every_secret():
    """The configuration shown in reports carries no secret, only masked schemes and header names."""
    described = resolve(SECRET_CLI, {}).describe()
    text = json.dumps(described)
    for secret in SECRETS:
        assert secret not in text
    assert described["auth"] == ["basic:***", "bearer:***", "soticket:***"]
    assert described["headers"] == ["SO-AppToken: ***", "X-XSRF-TOKEN: ***", "Cookie: ***", "SO-Language: en"]


def test_describe_names_the_origin_of_each_value():
    """describe() carries the origins next to the values, and placeholders for what was not given."""
    described = resolve({"seed": "5"}, {"CONFORMANCE_PROFILE": "quick"}).describe()
    assert described["origins"]["seed"] == "command line"
    assert described["origins"]["profile"] == "environment CONFORMANCE_PROFILE"
    assert described["base_url"] == "(embedded reference server)"
    assert described["auth"] == "(none)"
    assert described["contact_ids"] == "(created by the suite)"


def test_the_embedded_server_runs_serially_and_a_given_concurrency_wins():
    assert concurrency(None, None) == 1
    assert concurrency("2", None) == concurrency("2", "http://127.0.0.1:9") == 2
