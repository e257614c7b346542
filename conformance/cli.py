"""The ``conformance`` command line: one subcommand per job."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from conformance import __version__
from conformance.paths import SCHEMAS_DIR


def _schemas(args: argparse.Namespace) -> int:
    from conformance.spec import regenerate

    return regenerate.run(args.dir, check=args.check, out=sys.stdout)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="conformance", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    schemas = commands.add_parser("schemas", help="derive the JSON Schemas from the spec sources")
    schemas.add_argument("--check", action="store_true", help="exit 1 when the schemas differ from a fresh derivation")
    schemas.add_argument("--dir", type=Path, default=SCHEMAS_DIR, help="schemas folder holding source/ (default: %(default)s)")
    schemas.set_defaults(handler=_schemas)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; returns its exit code."""
    args = build_parser().parse_args(argv)
    return args.handler(args)
