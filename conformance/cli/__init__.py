"""The ``conformance`` command line: one subcommand per job."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from conformance import __version__
from conformance.harness.process_exit import end_without_teardown
from conformance.spec.paths import SCHEMAS_DIR


def _schemas(args: argparse.Namespace) -> int:
    from conformance.spec import regenerate

    return regenerate.run(args.dir, check=args.check, out=sys.stdout)


def _serve(args: argparse.Namespace) -> int:
    import signal
    import sqlite3

    from conformance.targets.reference.authentication import Credentials
    from conformance.targets.reference.server import bind, database, serve
    from conformance.targets.reference.store import ContactStore

    credentials = Credentials.resolve(user=args.user, password=args.password, token=args.token, ticket=args.ticket)
    if not 0 <= args.port <= 65535:
        return _refuse("serve", f"--port must be 0-65535 (got {args.port}); 0 picks a free port")
    try:
        sock = bind(args.host, args.port)
    except OSError as error:
        return _refuse(
            "serve",
            f"cannot listen on {args.host}:{args.port}: {error.strerror or error}; pick another --port or --host",
        )
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    label = (
        f"Faulty server {args.fault}"
        if args.fault
        else f"Faithful variant {args.variant}"
        if args.variant
        else "Reference server"
    )
    with database(args.db) as db_path:
        try:
            store = ContactStore(db_path)
        except (sqlite3.Error, OSError) as error:
            sock.close()
            return _refuse(
                "serve", f"--db {db_path} cannot be opened ({error}); give a writable file path or leave --db out"
            )
        try:
            app = build_server_app(args.fault, store, credentials, variant=args.variant)
        except ValueError as error:
            store.close()
            return _refuse("serve", str(error))
        try:
            serve(app, sock, sys.stdout, label)
        except KeyboardInterrupt:
            pass
        finally:
            store.close()
    print(f"{label} stopped", flush=True)
    return 0


def _refuse(command: str, message: str) -> int:
    """One line on stderr naming the command and the fix; exit code 2."""
    print(f"conformance {command}: {message}", file=sys.stderr)
    return 2


def _run(args: argparse.Namespace) -> int:
    from conformance.cli import run as runner
    from conformance.targets.reference.server import stop_early

    code = runner.run(args)
    stop_early()  # a server started ahead of a run that did not use it (end_without_teardown skips atexit)
    end_without_teardown(lambda: code)  # the run's reports are written (conformance.harness.process_exit)
    return code


def _replay(args: argparse.Namespace) -> int:
    from conformance.cli import replay

    if args.attempts < 1:
        print("conformance replay: --attempts must be at least 1", file=sys.stderr)
        return 2
    try:
        return replay.run(args)
    except ValueError as error:
        print(f"conformance replay: {error}", file=sys.stderr)
        return 2


def _selftest(args: argparse.Namespace) -> int:
    from conformance.selftest import kill_matrix as selftest

    try:
        seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    except ValueError:
        print(f"conformance selftest: --seeds must be comma-separated integers (got {args.seeds!r})", file=sys.stderr)
        return 2
    names = [n.strip() for n in args.faults.split(",") if n.strip()] if args.faults else None
    try:
        return selftest.run(
            seeds=seeds,
            profile=args.profile,
            jobs=args.jobs,
            timeout=args.timeout,
            report_dir=args.report_dir,
            names=names,
            out=sys.stdout,
            write_power=args.write_power,
        )
    except ValueError as error:
        print(f"conformance selftest: {error}", file=sys.stderr)
        return 2


def _faults(args: argparse.Namespace) -> int:
    from conformance.targets import faults

    for fault in faults.catalogue().values():
        print(f"{fault.name:<38} {fault.family:<12} {', '.join(fault.breaks)}\n{'':<38} {fault.summary}")
    return 0


def _variants(args: argparse.Namespace) -> int:
    from conformance.targets import variants

    for each in variants.catalogue().values():
        print(f"{each.name:<28} {each.family:<10} {each.summary}")
    return 0


def build_server_app(fault: str | None, store, credentials, *, variant: str | None = None):
    """The reference application, the faulty server named ``fault`` or the faithful variant named ``variant``."""
    from conformance.targets.reference.app import ReferenceApp

    if fault is not None and variant is not None:
        raise ValueError("--fault and --variant cannot be combined")
    if variant is not None:
        from conformance.targets import variants

        return variants.build(variant, store, credentials)
    if fault is None:
        return ReferenceApp(store, credentials)
    from conformance.targets import faults

    return faults.build(fault, store, credentials)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every subcommand; for ``serve`` only the light ones, so that a server (the embedded one that
    every run starts included) starts without importing the suite."""
    parser = argparse.ArgumentParser(prog="conformance", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    schemas = commands.add_parser("schemas", help="derive the JSON Schemas from the spec sources")
    schemas.add_argument("--check", action="store_true", help="exit 1 when the schemas differ from a fresh derivation")
    schemas.add_argument(
        "--dir", type=Path, default=SCHEMAS_DIR, help="schemas folder holding source/ (default: %(default)s)"
    )
    schemas.set_defaults(handler=_schemas)

    serve = commands.add_parser("serve", help="run the reference server until Ctrl-C")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument("--port", type=int, default=8080, help="port; 0 picks a free one (default: %(default)s)")
    serve.add_argument("--db", type=Path, help="SQLite file, seeded from fixtures/ when new (default: a temporary one)")
    serve.add_argument("--user", help="Basic user (env CONFORMANCE_SERVER_USER; default tester)")
    serve.add_argument("--password", help="Basic password (env CONFORMANCE_SERVER_PASSWORD; default tester-secret)")
    serve.add_argument("--token", help="Bearer token (env CONFORMANCE_SERVER_TOKEN; default tester-token)")
    serve.add_argument("--ticket", help="SoTicket ticket (env CONFORMANCE_SERVER_TICKET; default tester-ticket)")
    serve.add_argument("--fault", help="serve a faulty server instead (see `conformance faults`)")
    serve.add_argument("--variant", help="serve a faithful variant instead (see `conformance variants`)")
    serve.set_defaults(handler=_serve)
    if command == "serve":
        return parser

    from conformance.cli import run as runner

    run = commands.add_parser(
        "run",
        help="run the suite against a target (default: the embedded reference server)",
        description="Every option also reads an environment variable (CONFORMANCE_BASE_URL, CONFORMANCE_AUTH, ...); "
        "the command line wins. Exit code: 0 every MUST passed, 1 one failed, 2 configuration or harness error.",
    )
    runner.add_arguments(run)
    run.set_defaults(handler=_run)

    from conformance.cli import replay

    replaying = commands.add_parser(
        "replay",
        help="run the failing tests of a report again against a target: still failing, now passing or flaky",
        description="Runs each failing test of the report again (its node id, the recorded seed and profile) against "
        "the target. Exit code: 1 while a finding still fails (or is flaky), 0 when all now pass, 2 when one could "
        "not be told (the test errored) or the run could not be done.",
    )
    replay.add_arguments(replaying)
    replaying.set_defaults(handler=_replay)

    selftest = commands.add_parser(
        "selftest", help="run the suite against the reference server and every faulty server"
    )
    selftest.add_argument("--seeds", default="1,2,3", help="comma-separated seeds, one run each (default: %(default)s)")
    selftest.add_argument(
        "--profile", default="quick", choices=("quick", "ci", "thorough"), help="suite profile (default: %(default)s)"
    )
    selftest.add_argument("--jobs", type=int, default=2, help="targets tested at once (default: %(default)s)")
    selftest.add_argument("--timeout", type=float, default=5.0, help="the suite's --timeout (default: %(default)s)")
    selftest.add_argument("--faults", help="comma-separated fault and variant names (and 'reference'); default: all")
    selftest.add_argument("--report-dir", type=Path, default=Path("reports") / "selftest", help="default: %(default)s")
    selftest.add_argument(
        "--write-power",
        action="store_true",
        help="also write the measured power table over conformance/selftest/power.json (whole catalogue, no problems)",
    )
    selftest.set_defaults(handler=_selftest)

    from conformance.report import compare, verify

    verifying = commands.add_parser(
        "verify",
        help="check that a report folder's certificate follows from its results.json",
        description="Checks the SHA-256 of the spec sources and the requirement catalogue, judges every verdict again "
        "from the test records, and renders the certificate again. Exit code: 0 when it follows from the evidence, "
        "1 with the first difference.",
    )
    verify.add_arguments(verifying)
    verifying.set_defaults(handler=verify.run)

    comparing = commands.add_parser(
        "compare",
        help="compare runs requirement by requirement: a delta of two, a matrix of more",
        description="A and B (report folders or results.json files): newly failing, newly passing and other verdict "
        "changes, in the terminal and as HTML. With more runs: a matrix page, requirements by runs.",
    )
    compare.add_arguments(comparing)
    comparing.set_defaults(handler=compare.run)

    listing = commands.add_parser("faults", help="list the faulty servers and the requirements each must break")
    listing.set_defaults(handler=_faults)

    faithful = commands.add_parser("variants", help="list the faithful variants: servers the suite must certify")
    faithful.set_defaults(handler=_variants)
    return parser


def _against_the_embedded_server(argv: list[str]) -> bool:
    """Whether this is most likely a ``conformance run`` against the embedded server (a wrong guess costs a server
    process started and stopped for nothing)."""
    given = any(a.startswith("--base-url") for a in argv) or os.environ.get("CONFORMANCE_BASE_URL", "").strip()
    return argv[:1] == ["run"] and not given and not {"-h", "--help"} & set(argv)


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; returns its exit code."""
    argv = sys.argv[1:] if argv is None else argv
    if _against_the_embedded_server(argv):
        from conformance.targets.reference.server import start_early

        start_early()  # it boots while the suite is imported
    args = build_parser(argv[0] if argv else None).parse_args(argv)
    return args.handler(args)
