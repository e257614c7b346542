"""How a report names one test so that it can be run again: its --pyargs node id and its ``conformance run`` line."""

from __future__ import annotations

import shlex

from conformance.harness.settings import Settings
from conformance.judging.redaction import SENSITIVE_HEADERS
from conformance.spec.paths import SUITE_PACKAGE


def suite_test(nodeid: str) -> str:
    """A report's node id (``test_select.py::test_x[p]``) as pytest --pyargs takes it
    (``conformance.suite.test_select::test_x[p]``)."""
    module, sep, rest = nodeid.partition("::")
    if module.endswith(".py"):
        module = f"{SUITE_PACKAGE}.{module[:-3].replace('/', '.')}"
    return module + sep + rest


def reproduce_command(settings: Settings, target, nodeid: str) -> str:
    """The command that runs exactly one test again, as the run did: same target, seed, profile and options.

    Credentials are never in it: it names the environment variable they come from (the shell stops with a message
    when it is not set). Its reports go to a ``reproduce`` folder inside the run's.
    """
    prefix, words = [], ["conformance", "run"]
    if not target.embedded:
        words += ["--base-url", shlex.quote(target.base_url)]
    if settings.origins.get("auth") != "default":
        prefix.append('CONFORMANCE_AUTH="${CONFORMANCE_AUTH:?the --auth values of the run, one per line}"')
    if any(name.lower() in SENSITIVE_HEADERS for name, _ in settings.headers):
        prefix.append('CONFORMANCE_HEADERS="${CONFORMANCE_HEADERS:?the --header values of the run, one per line}"')
    else:
        words += [item for name, value in settings.headers for item in ("--header", shlex.quote(f"{name}:{value}"))]
    words += [item for contact_id in settings.contact_ids for item in ("--contact-id", str(contact_id))]
    words += ["--seed", str(settings.seed), "--profile", settings.profile]
    if settings.level != "must":
        words += ["--level", settings.level]
    if settings.origins.get("timeout") != "default":
        words += ["--timeout", f"{settings.timeout:g}"]
    words += ["--report-dir", shlex.quote(str(settings.report_dir / "reproduce")), "--test", shlex.quote(nodeid)]
    return " ".join(prefix + words)
