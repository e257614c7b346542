"""The catalogue of faulty servers: the reference server plus exactly one named defect each.

A fault is a subclass of ReferenceApp that replaces one step, registered with
the family it belongs to and the requirement ids the suite must fail against it.
Its docstring's first line says what it gets wrong. Serve one with
``conformance serve --fault NAME``; ``conformance selftest`` runs the suite against all.
"""

from __future__ import annotations

from dataclasses import dataclass

from conformance.targets.catalogue import ServerCatalogue
from conformance.targets.reference.app import ReferenceApp

FAMILY_MODULES = (
    "status",
    "persistence",
    "select",
    "conditional",
    "media",
    "auth",
    "headers",
    "unicode",
    "wire",
    "latency",
    "one_context",
    "shrinking",
    "auth_neighbours",
    "spellings",
    "values",
)


@dataclass(frozen=True)
class Fault:
    """One faulty server: what it gets wrong and what it must be caught breaking."""

    name: str
    family: str
    breaks: tuple[str, ...]
    summary: str
    app_class: type
    #: "fail": the declared requirements fail (and no other MUST); "wire": the run ends in time with put.ok
    #: failed or with a harness error, whatever else fails.
    outcome: str = "fail"
    #: it delays PUTs past the NsApiSlow threshold: the self-test runs it with measured workers and one seed
    slow: bool = False

    def build(self, store, credentials) -> ReferenceApp:
        return self.app_class(store, credentials)


_CATALOGUE = ServerCatalogue("fault", __name__, FAMILY_MODULES)


def fault(name: str, family: str, *breaks: str):
    """Register a ReferenceApp subclass as the fault ``name`` that must break ``breaks``."""

    def register(cls: type) -> type:
        if not cls.__doc__:
            raise ValueError(f"fault {name} needs a docstring saying what it gets wrong")
        summary = cls.__doc__.strip().splitlines()[0]
        _CATALOGUE.add(
            name,
            Fault(name, family, breaks, summary, cls, getattr(cls, "outcome", "fail"), getattr(cls, "slow", False)),
        )
        return cls

    return register


def catalogue() -> dict[str, Fault]:
    """Every fault, by name, in family order."""
    return _CATALOGUE.all()


def build(name: str, store, credentials) -> ReferenceApp:
    """The faulty application ``name``; a ValueError lists the known names."""
    return _CATALOGUE.build(name, store, credentials)
