"""``conformance verify DIR``: does the certificate follow from the evidence?

It checks, in order, and stops at the first difference: the spec sources and the requirement catalogue have the
SHA-256 that results.json records; every requirement's verdict follows from the test records (judged again); the
certification and exit code follow from those verdicts; certificate.txt and certificate.html are what results.json
renders (so their results.json hash, every verdict and every reason match).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
from html.parser import HTMLParser
from pathlib import Path

from conformance.judging.verdicts import EXIT_HARNESS, Certification, TestRecord, certify, judge
from conformance.report import certificate
from conformance.report.results import CERTIFICATE_FILE, CERTIFICATE_HTML_FILE, RESULTS_FILE
from conformance.spec.paths import PAGE_PATH, SWAGGER_PATH
from conformance.spec.requirements import CATALOGUE_PATH

SOURCES = {"PUT-Contact-id.md": PAGE_PATH, "Swagger-v1-Contact.json": SWAGGER_PATH, "requirements.json": CATALOGUE_PATH}


def _hashes(document: dict) -> str | None:
    for name, path in SOURCES.items():
        recorded, actual = document["spec"].get(name), certificate.sha256_of(path)
        if recorded != actual:
            return f"{name}: results.json records sha256 {recorded}, this suite's file has {actual}"
    return None


def _certification(document: dict, verdicts) -> Certification:
    if document.get("stopped"):
        return Certification(False, "NOT CERTIFIED", f"run stopped: {document['stopped']}", EXIT_HARNESS)
    reason = document["certification"]["reason"]
    aborted = reason.removeprefix("run aborted: ") if reason.startswith("run aborted: ") else None
    return certify(verdicts, level=(document.get("configuration") or {}).get("level", "must"), aborted=aborted)


def _verdicts(document: dict) -> str | None:
    verdicts = judge([TestRecord.from_dict(t) for t in document["tests"]])
    recorded = {r["id"]: r for r in document["requirements"]}
    if set(recorded) != {v.requirement.id for v in verdicts}:
        return (
            f"requirements: results.json lists {sorted(recorded)}, "
            f"the catalogue has {[v.requirement.id for v in verdicts]}"
        )
    for verdict in verdicts:
        rid, record = verdict.requirement.id, recorded[verdict.requirement.id]
        if record["level"] != verdict.requirement.level:
            return f"{rid}: results.json says level {record['level']}, the catalogue {verdict.requirement.level}"
        if not document.get("stopped") and record["verdict"] != verdict.verdict:
            return f"{rid}: results.json says {record['verdict']}, its test records say {verdict.verdict}"
    expected = _certification(document, verdicts)
    stated = document["certification"]
    for name, value in (("certified", expected.certified), ("summary", expected.summary), ("reason", expected.reason)):
        if stated[name] != value:
            return f"certification {name}: results.json says {stated[name]!r}, the verdicts give {value!r}"
    if document["exit_code"] != expected.exit_code:
        return f"exit code: results.json says {document['exit_code']}, the verdicts give {expected.exit_code}"
    return None


class _VisibleText(HTMLParser):
    """The text a reader of a page sees, one piece per element (style sheets left out)."""

    def __init__(self):
        super().__init__()
        self.pieces, self._in_style = [], False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if not self._in_style and data.strip():
            self.pieces.append(data.strip())


def _visible(page: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(page)
    return parser.pieces


def _rendered(folder: Path, document: dict, digest: str) -> str | None:
    """certificate.txt line by line; certificate.html by the text it shows (its layout may change between versions)."""
    for name, render, read in (
        (CERTIFICATE_FILE, certificate.render_text, str.splitlines),
        (CERTIFICATE_HTML_FILE, certificate.render_html, _visible),
    ):
        path = folder / name
        if not path.is_file():
            return f"{name}: missing"
        written, expected = read(path.read_text(encoding="utf-8")), read(render(document, digest))
        for number, (have, want) in enumerate(itertools.zip_longest(written, expected, fillvalue=""), 1):
            if have != want:
                at = max(0, len(os.path.commonprefix([have, want])) - 20)
                where = "line" if read is str.splitlines else "text"
                return (
                    f"{name} {where} {number}: says {have[at : at + 80]!r}, the evidence gives {want[at : at + 80]!r}"
                )
    return None


def first_difference(folder: Path) -> str | None:
    """The first way the certificate in ``folder`` does not follow from its results.json; None when it does."""
    path = folder / RESULTS_FILE
    if not path.is_file():
        return f"{RESULTS_FILE}: missing in {folder}"
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        return f"{RESULTS_FILE}: not readable JSON ({error})"
    try:
        return _hashes(document) or _verdicts(document) or _rendered(folder, document, certificate.sha256_of(path))
    except (KeyError, TypeError) as error:
        return f"{RESULTS_FILE}: not a results document (missing or wrong {error})"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder", type=Path, metavar="DIR", help="a report folder (results.json, certificate.txt, certificate.html)"
    )


def run(args: argparse.Namespace) -> int:
    """0 when the certificate follows from the evidence, 1 with the first difference."""
    difference = first_difference(args.folder)
    if difference is None:
        print(f"verified: the certificate in {args.folder} follows from its results.json")
        return 0
    print(f"NOT VERIFIED: {difference}", file=sys.stderr)
    return 1
