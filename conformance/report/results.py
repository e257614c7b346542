"""results.json (validated by schemas/results.schema.json) and the certificate, built from one run."""

from __future__ import annotations

import hashlib
import json
import time
from datetime import datetime, timezone
from pathlib import Path

from conformance import __version__
from conformance.paths import PAGE_PATH, SWAGGER_PATH
from conformance.requirements import CATALOGUE_PATH
from conformance.verdicts import Certification, RequirementVerdict

RESULTS_FILE = "results.json"
CERTIFICATE_FILE = "certificate.txt"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, timezone.utc).isoformat(timespec="seconds")


def percentiles(values: list[float]) -> dict:
    """p50, p95, p99 and max of latencies, in milliseconds (nearest-rank)."""
    if not values:
        return {"count": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, max(0, int(-(-p * len(ordered) // 100)) - 1))], 1)

    return {"count": len(ordered), "p50_ms": rank(50), "p95_ms": rank(95), "p99_ms": rank(99), "max_ms": round(1000 * ordered[-1], 1)}


def build(run, verdicts: list[RequirementVerdict], certification: Certification, *, workers: int) -> dict:
    """The whole results document of a run."""
    finished = time.time()
    wall = finished - run.started
    latencies = run.ledger.latencies
    every = [v for values in latencies.values() for v in values]
    busy = wall * max(workers, 1)
    return {
        "suite": {"name": "superoffice-contact-conformance", "version": __version__},
        "spec": {
            "PUT-Contact-id.md": _sha256(PAGE_PATH),
            "Swagger-v1-Contact.json": _sha256(SWAGGER_PATH),
            "requirements.json": _sha256(CATALOGUE_PATH),
        },
        "target": {
            "url": run.target.base_url,
            "embedded_reference_server": run.target.embedded,
            "capabilities": {"get": run.target.has_get, "post": run.target.has_post, "delete": run.target.has_delete},
            "declared_schemes": list(run.target.declared_schemes),
        },
        "configuration": run.settings.describe(),
        "seed": run.settings.seed,
        "started": _iso(run.started),
        "finished": _iso(finished),
        "duration_seconds": round(wall, 3),
        "workers": workers,
        "requests": {
            "count": len(every),
            "http_seconds": round(run.ledger.http_seconds, 3),
            "share_outside_http": round(max(0.0, 1 - run.ledger.http_seconds / busy), 3) if busy else None,
            "latency": {"all": percentiles(every), **{m: percentiles(v) for m, v in sorted(latencies.items())}},
        },
        "contexts": {"distinct": len(run.ledger.contexts)},
        "certification": {"certified": certification.certified, "summary": certification.summary, "reason": certification.reason},
        "exit_code": certification.exit_code,
        "requirements": [v.to_dict() for v in verdicts],
        "tests": [record.to_dict() for record in run.records.values()],
        "restore": run.restore,
    }


def write(document: dict, folder: Path) -> Path:
    """Write results.json; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / RESULTS_FILE
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def write_certificate(document: dict, folder: Path) -> Path:
    """A plain-text certificate a vendor can publish."""
    lines = [
        f"SuperOffice PUT /api/v1/Contact/{{id}} conformance: {document['certification']['summary']}",
        f"  {document['certification']['reason']}",
        "",
        f"Target:     {document['target']['url']}",
        f"Suite:      {document['suite']['name']} {document['suite']['version']}",
        f"Spec:       PUT-Contact-id.md sha256 {document['spec']['PUT-Contact-id.md'][:16]}...,"
        f" Swagger sha256 {document['spec']['Swagger-v1-Contact.json'][:16]}...",
        f"Run:        {document['started']} .. {document['finished']}, seed {document['seed']},"
        f" profile {document['configuration']['profile']}",
        "",
        f"{'requirement':<28} {'level':<7} verdict",
    ]
    lines += [f"{r['id']:<28} {r['level']:<7} {r['verdict']}" for r in document["requirements"]]
    path = folder / CERTIFICATE_FILE
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
