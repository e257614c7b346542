"""Ready-to-use validators for the derived schemas: formats checked, ``$ref``s resolved offline."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

from conformance.spec.compiled import Check, compile_schema
from conformance.spec.derive import PROJECTED_FILE, REQUEST_FILE, RESPONSE_FILE
from conformance.spec.paths import SCHEMAS_DIR
from conformance.spec.schema import SchemaDocument, read_schema

FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER


@dataclass(frozen=True)
class Violation:
    """One way an instance breaks a schema, located by JSON pointer."""

    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"


@dataclass(frozen=True)
class SchemaValidator:
    """One schema: its typed reading, a fast compiled yes/no check, and jsonschema to explain a failure."""

    jsonschema: Draft202012Validator
    is_valid: Check
    typed: SchemaDocument

    @property
    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = self.jsonschema.schema
        return schema

    def violations(self, instance: object) -> list[Violation]:
        """Every violation, by JSON pointer; empty when the instance is valid."""
        return [] if self.is_valid(instance) else violations(self.jsonschema, instance)


@dataclass(frozen=True)
class Validators:
    """Validators of the request body, the full response body and the ``$select``-projected one."""

    request: SchemaValidator
    response: SchemaValidator
    projected: SchemaValidator
    registry: Registry


def json_pointer(path: Iterable[object]) -> str:
    """RFC 6901 pointer of a path of keys and indexes."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _deepest(error: ValidationError) -> ValidationError:
    """The most specific error under an ``anyOf``/``oneOf`` failure."""
    return best_match([error]) if error.context else error


def violations(validator: Draft202012Validator, instance: object) -> list[Violation]:
    """Every violation of a schema by an instance, most specific culprit first per branch."""
    found = [_deepest(e) for e in validator.iter_errors(instance)]
    found.sort(key=lambda e: (json_pointer(e.absolute_path), e.message))
    return [Violation(json_pointer(e.absolute_path), e.message) for e in found]


def _require_format_checking() -> None:
    if "date-time" not in FORMAT_CHECKER.checkers:
        raise RuntimeError("date-time format checking needs the rfc3339-validator package")


def build_registry(schemas_dir: Path) -> Registry:
    """A registry of every schema document in a folder, keyed by ``$id``; nothing is fetched."""
    resources: list[tuple[str, Resource[Any]]] = []
    for path in sorted(schemas_dir.glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents)
        uri = resource.id()
        if uri is None:  # referencing would fail on it (None.rstrip) when registering: say which file
            raise ValueError(f"{path}: a schema document needs an $id to be registered")
        resources.append((uri, resource))
    return Registry().with_resources(resources)


def _validator(registry: Registry, schemas_dir: Path, file_name: str) -> SchemaValidator:
    schema = json.loads((schemas_dir / file_name).read_text(encoding="utf-8"))
    typed = read_schema(schema)
    return SchemaValidator(
        Draft202012Validator(schema, registry=registry, format_checker=FORMAT_CHECKER), compile_schema(typed), typed
    )


@lru_cache(maxsize=4)
def load_validators(schemas_dir: Path = SCHEMAS_DIR) -> Validators:
    """Validators for the three derived schemas in ``schemas_dir``."""
    _require_format_checking()
    registry = build_registry(schemas_dir)
    return Validators(
        request=_validator(registry, schemas_dir, REQUEST_FILE),
        response=_validator(registry, schemas_dir, RESPONSE_FILE),
        projected=_validator(registry, schemas_dir, PROJECTED_FILE),
        registry=registry,
    )


@lru_cache(maxsize=8)
def load_validator(file_name: str, schemas_dir: Path = SCHEMAS_DIR) -> Draft202012Validator:
    """A jsonschema validator for another schema document of the project (e.g. ``results.schema.json``)."""
    _require_format_checking()
    schema = json.loads((schemas_dir / file_name).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=build_registry(schemas_dir), format_checker=FORMAT_CHECKER)
