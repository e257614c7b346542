"""The run's configuration: each option defined once, resolved CLI > environment > ini > default.

The same table drives ``conformance run``'s argparse options and the pytest
plugin's options, so the two cannot drift apart.
"""

from __future__ import annotations

import base64
import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from conformance.generation.credentials import neighbour_secrets
from conformance.harness import round_trips
from conformance.harness.profiles import PROFILES
from conformance.judging.outcomes import ConfigError
from conformance.judging.redaction import SENSITIVE_HEADERS

AUTH_FORMS = "basic:USER:PASSWORD, bearer:TOKEN or soticket:TICKET"
#: Where a curl command of the reports reads the run's Authorization header from.
AUTHORIZATION_VARIABLE = "CONFORMANCE_AUTHORIZATION"


def _budget_text(seconds: float | None) -> str:
    return "none" if seconds is None else f"{seconds:g} s"


@dataclass(frozen=True)
class Option:
    """One setting: its command-line flag, environment variable and default."""

    name: str
    flag: str
    env: str
    help: str
    metavar: str = "VALUE"
    default: Any = None
    multiple: bool = False
    choices: tuple[str, ...] = ()

    @property
    def ini(self) -> str:
        return f"conformance_{self.name}"


OPTIONS = (
    Option(
        "base_url",
        "--base-url",
        "CONFORMANCE_BASE_URL",
        "target server (default: start the embedded reference server)",
        "URL",
    ),
    Option(
        "auth",
        "--auth",
        "CONFORMANCE_AUTH",
        f"credentials: {AUTH_FORMS} (repeatable: one per scheme to test; env: one per line)",
        "SCHEME:CREDENTIALS",
        multiple=True,
    ),
    Option(
        "header",
        "--header",
        "CONFORMANCE_HEADERS",
        "extra request header (repeatable; env: one per line)",
        "NAME:VALUE",
        multiple=True,
    ),
    Option(
        "contact_id",
        "--contact-id",
        "CONFORMANCE_CONTACT_IDS",
        "existing contact the suite may modify (repeatable; env: comma-separated); default: create its own",
        "N",
        multiple=True,
    ),
    Option(
        "level",
        "--level",
        "CONFORMANCE_LEVEL",
        "what fails the run: must (default) or should",
        "LEVEL",
        "must",
        choices=("must", "should"),
    ),
    Option(
        "profile",
        "--profile",
        "CONFORMANCE_PROFILE",
        "how hard to try: quick, ci (default) or thorough",
        "PROFILE",
        "ci",
        choices=tuple(PROFILES),
    ),
    Option("seed", "--seed", "CONFORMANCE_SEED", "seed of the generated data (default: random, printed)", "N"),
    Option(
        "timeout",
        "--timeout",
        "CONFORMANCE_TIMEOUT",
        "seconds to wait for each response (default: 10)",
        "SECONDS",
        "10",
    ),
    Option(
        "max_time",
        "--max-time",
        "CONFORMANCE_MAX_TIME",
        "time budget of the run in seconds, or none; once spent, every test does only its minimum (default: "
        + ", ".join(f"{name} {_budget_text(p.time_budget)}" for name, p in PROFILES.items())
        + ")",
        "SECONDS",
    ),
    Option(
        "concurrency",
        "--concurrency",
        "CONFORMANCE_CONCURRENCY",
        "tests run at once, 1 = serial (default: measured, 1 when a round trip to the target is under "
        f"{round_trips.SERIAL_BELOW * 1000:.0f} ms, up to {round_trips.MAX_WORKERS} for a far one)",
        "N",
    ),
    Option(
        "report_dir",
        "--report-dir",
        "CONFORMANCE_REPORT_DIR",
        "where reports are written (default: reports)",
        "DIR",
        "reports",
    ),
)
OPTIONS_BY_NAME = {option.name: option for option in OPTIONS}


@dataclass(frozen=True)
class Auth:
    """Credentials for one scheme, as the Authorization header carries them."""

    scheme: str
    header: str
    secrets: tuple[str, ...]

    def masked(self) -> str:
        return f"{self.scheme.lower()}:***"


@dataclass(frozen=True)
class Settings:
    """The resolved configuration of one run."""

    base_url: str | None
    auths: tuple[Auth, ...]
    headers: tuple[tuple[str, str], ...]
    contact_ids: tuple[int, ...]
    level: str
    profile: str
    seed: int
    timeout: float
    report_dir: Path
    max_time: float | None = None
    concurrency: int = 1
    origins: dict[str, str] = field(default_factory=dict)

    @property
    def auth(self) -> Auth | None:
        """The credentials every request carries (the first ``--auth``)."""
        return self.auths[0] if self.auths else None

    def measured(self) -> round_trips.Measurement:
        """What a few timed requests to the --base-url target cost (conformance.harness.round_trips; measured once)."""
        assert self.base_url is not None
        first_contact = self.contact_ids[0] if self.contact_ids else None
        return round_trips.measure(self.base_url, self.auth.header if self.auth else None, first_contact)

    def secrets(self) -> list[str]:
        """Every value that must never appear in an artefact."""
        values = [secret for auth in self.auths for secret in auth.secrets]
        values += [value for name, value in self.headers if name.lower() in SENSITIVE_HEADERS]
        return values

    def variables(self) -> dict[str, str]:
        """Secret header value -> the environment variable a curl command reads it from.

        The first ``--auth`` is ``$CONFORMANCE_AUTHORIZATION``, a further scheme ``$CONFORMANCE_AUTHORIZATION_BEARER``
        (``_BASIC``, ``_SOTICKET``), a sensitive ``--header`` ``$CONFORMANCE_HEADER_SO_APPTOKEN`` (its name in
        capitals).
        """
        names = {
            auth.header: AUTHORIZATION_VARIABLE + ("" if i == 0 else f"_{auth.scheme.upper()}")
            for i, auth in enumerate(self.auths)
        }
        for name, value in self.headers:
            if name.lower() in SENSITIVE_HEADERS:
                names.setdefault(value, "CONFORMANCE_HEADER_" + re.sub(r"[^A-Z0-9]", "_", name.upper()))
        return names

    def describe(self) -> dict[str, Any]:
        """The configuration for the report header, secrets masked, with where each value came from."""
        return {
            "base_url": self.base_url or "(embedded reference server)",
            "auth": [auth.masked() for auth in self.auths] or "(none)",
            "headers": [f"{n}: ***" if n.lower() in SENSITIVE_HEADERS else f"{n}: {v}" for n, v in self.headers],
            "contact_ids": list(self.contact_ids) or "(created by the suite)",
            "level": self.level,
            "profile": self.profile,
            "seed": self.seed,
            "timeout": self.timeout,
            "max_time": self.max_time,
            "concurrency": self.concurrency,
            "report_dir": str(self.report_dir),
            "origins": dict(self.origins),
        }


def parse_auth(text: str, name: str = "--auth") -> Auth:
    """``basic:USER:PASSWORD`` / ``bearer:TOKEN`` / ``soticket:TICKET`` -> Auth; errors call the setting ``name``."""
    scheme, _, rest = text.partition(":")
    scheme = scheme.strip().lower()
    if scheme == "basic":
        user, sep, password = rest.partition(":")
        if not sep or not user:
            raise ConfigError(f"{name} basic needs basic:USER:PASSWORD (got basic:{user or ''}...)")
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        # The token without its padding is a secret too: the suite sends it as malformed base64; and so is every
        # neighbour the suite sends, one character off the real one (conformance.generation.credentials).
        header = f"Basic {token}"
        secrets = (password, token, token.rstrip("="), *neighbour_secrets({"Basic": header}))
        return Auth("Basic", header, tuple(dict.fromkeys(secrets)))
    if scheme in ("bearer", "soticket") and rest:
        label = "Bearer" if scheme == "bearer" else "SoTicket"
        header = f"{label} {rest}"
        return Auth(label, header, tuple(dict.fromkeys((rest, *neighbour_secrets({label: header})))))
    raise ConfigError(f"{name} must be {AUTH_FORMS}")


def parse_header(text: str, name: str = "--header") -> tuple[str, str]:
    """``NAME:VALUE`` -> (name, value); errors call the setting ``name``."""
    header, sep, value = text.partition(":")
    if not sep:  # without a colon the text may be a value: never echo it (it could be a credential)
        raise ConfigError(f"{name} must be NAME:VALUE (no ':' in the header given)")
    if not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", header.strip()):
        raise ConfigError(f"{name} must be NAME:VALUE (got {header!r}...)")
    return header.strip(), value.strip()


def parse_base_url(text: str, name: str = "--base-url") -> str:
    """An http(s) URL with a host and a valid port, without credentials, not ending in the ``/api/v1`` the suite
    appends; errors call the setting ``name``."""
    text = text.strip()
    example = "such as http://127.0.0.1:8080 or https://crm.example.com/Cust12345"
    if "@" in text.split("//", 1)[-1].split("/", 1)[0]:
        raise ConfigError(f"{name} must not carry credentials; give them with --auth")
    if not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", text):
        raise ConfigError(f"{name} must be an http(s) URL {example} (got {text!r})")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise ConfigError(f"{name} {text!r} cannot be read ({error}); give an http(s) URL {example}") from None
    if not parts.hostname:
        raise ConfigError(f"{name} {text!r} names no host; give an http(s) URL {example}")
    if port == 0:
        raise ConfigError(f"{name} {text!r}: port 0 cannot be reached; give the port the server listens on (1-65535)")
    if re.search(r"/api/v1(/|$)", parts.path, re.IGNORECASE):
        found = re.search(r"/api/v1", text, re.IGNORECASE)
        assert found is not None  # the path, a part of text, holds /api/v1
        root = text[: found.start()] or text
        raise ConfigError(f"{name} must not include /api/v1: the suite appends /api/v1/Contact/...; give {root}")
    return text.rstrip("/")


def _number(text: str, option: str, convert: Callable, minimum) -> Any:
    try:
        value = convert(text)
    except ValueError:
        raise ConfigError(f"{option} must be a number (got {text!r})") from None
    if value < minimum:
        raise ConfigError(f"{option} must be at least {minimum} (got {text!r})")
    return value


def _split_env(option: Option, text: str | list[str]) -> list[str]:
    if isinstance(text, (list, tuple)):  # an ini "linelist" value: one entry per line
        text = "\n".join(str(line) for line in text)
    if option.name in ("header", "auth"):
        return [line.strip() for line in text.splitlines() if line.strip()]
    return [part for part in re.split(r"[,\s]+", text) if part]


def _raw(option: Option, cli: Mapping[str, Any], env: Mapping[str, str], ini: Callable[[str], Any]) -> tuple[Any, str]:
    given = cli.get(option.name)
    if given not in (None, [], ()):
        return given, "command line"
    if env.get(option.env, "").strip():
        text = env[option.env]
        return (_split_env(option, text) if option.multiple else text.strip()), f"environment {option.env}"
    from_ini = ini(option.ini)
    if from_ini not in (None, "", []):
        return (_split_env(option, from_ini) if option.multiple else str(from_ini).strip()), f"ini {option.ini}"
    return option.default, "default"


def concurrency(
    given: Any, base_url: str | None, name: str = "--concurrency", auths: Any = None, contact_ids: Any = None
) -> int:
    """Tests run at once: as given, else 1 for the embedded server and, for a target given by URL, what a few timed
    round trips call for (conformance.harness.round_trips), whatever its host name. With the run's first
    ``--auth`` (and its first ``--contact-id``) they include PUTs."""
    if given is not None:
        return _number(str(given), name, int, 1)
    if base_url is None:
        return 1
    try:
        target = parse_base_url(base_url)
        authorization = parse_auth(auths[0]).header if auths else None
        contact_id = int(contact_ids[0]) if contact_ids else None
    except (ConfigError, ValueError):
        return 1  # the run refuses the setting with its own message; no request goes to the target
    return round_trips.measure(target, authorization, contact_id).workers


def max_time(given: Any, profile: str, name: str = "--max-time", origins: dict | None = None) -> float | None:
    """The run's time budget: as given (``none``: no budget), else the profile's (noting that origin)."""
    if given is None:
        if origins is not None:
            origins["max_time"] = f"the {profile} profile"
        return PROFILES[profile].time_budget
    if str(given).strip().lower() == "none":
        return None
    return _number(str(given), name, float, 1)


def short_flag(option: Option) -> str:
    """The flag ``conformance run`` gives an option: ``--seed``."""
    return option.flag


def given_as(option: Option, origin: str, flag: Callable[[Option], str] = short_flag) -> str:
    """How the user gave a setting, for its error messages: ``flag(option)`` on the command line (``--seed`` for
    ``conformance run``, ``--conformance-seed`` under pytest), else its environment variable or ini name."""
    if origin == "command line":
        return flag(option)
    if origin.startswith("environment"):
        return option.env
    if origin.startswith("ini"):
        return option.ini
    return option.flag


def resolve_concurrency(
    cli: Mapping[str, Any], env: Mapping[str, str], ini: Callable[[str], Any] = lambda name: None
) -> int:
    """The concurrency alone: pytest needs it (its worker count) before the run's other settings are resolved."""
    given, base_url, auths, contact_ids = (
        _raw(OPTIONS_BY_NAME[name], cli, env, ini)[0] for name in ("concurrency", "base_url", "auth", "contact_id")
    )
    return concurrency(given, base_url, auths=auths, contact_ids=contact_ids)


def report_dir(cli: Mapping[str, Any], env: Mapping[str, str], ini: Callable[[str], Any] = lambda name: None) -> Path:
    """The report folder alone: where a run whose other settings are wrong still says so."""
    return Path(_raw(OPTIONS_BY_NAME["report_dir"], cli, env, ini)[0])


def resolve(
    cli: Mapping[str, Any],
    env: Mapping[str, str],
    ini: Callable[[str], Any] = lambda name: None,
    flag: Callable[[Option], str] = short_flag,
) -> Settings:
    """The run's settings; raises ConfigError naming the option at fault as the user gave it (see :func:`given_as`)."""
    raw, origins, names = {}, {}, {}
    for option in OPTIONS:
        raw[option.name], origins[option.name] = _raw(option, cli, env, ini)
        names[option.name] = given_as(option, origins[option.name], flag)
        if option.choices and raw[option.name] not in option.choices:
            raise ConfigError(
                f"{names[option.name]} must be one of {', '.join(option.choices)} (got {raw[option.name]!r})"
            )
    seed = raw["seed"]
    if seed is None:
        seed, origins["seed"] = random.SystemRandom().randrange(2**32), "random"
    else:
        seed = _number(str(seed), names["seed"], int, 0)
    return Settings(
        base_url=parse_base_url(raw["base_url"], names["base_url"]) if raw["base_url"] else None,
        auths=tuple(parse_auth(a, names["auth"]) for a in raw["auth"] or ()),
        headers=tuple(parse_header(h, names["header"]) for h in raw["header"] or ()),
        contact_ids=tuple(_number(str(c), names["contact_id"], int, 1) for c in raw["contact_id"] or ()),
        level=raw["level"],
        profile=raw["profile"],
        seed=seed,
        timeout=_number(str(raw["timeout"]), names["timeout"], float, 0.1),
        report_dir=Path(raw["report_dir"]),
        max_time=max_time(raw["max_time"], raw["profile"], names["max_time"], origins),
        concurrency=concurrency(
            raw["concurrency"], raw["base_url"], names["concurrency"], auths=raw["auth"], contact_ids=raw["contact_id"]
        ),
        origins=origins,
    )
