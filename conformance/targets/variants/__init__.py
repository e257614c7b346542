"""The catalogue of faithful variants: the reference server differing only where SPEC-NOTES leaves freedom.

The dual of ``conformance.targets.faults``: a variant is a subclass of ReferenceApp that
replaces one step in a way "Freedoms of a conformant server" (or a rule offering
a choice) allows, so the suite must certify it with no FAIL, ERROR or NON-STRICT.
Its docstring's first line says what it does differently; the rest quotes the
freedom it uses. Serve one with ``conformance serve --variant NAME``;
``conformance selftest`` runs the suite against all.
"""

from __future__ import annotations

from dataclasses import dataclass

from conformance.targets.catalogue import ServerCatalogue
from conformance.targets.reference.app import ReferenceApp

FAMILY_MODULES = ("dates", "encoding", "http", "choices")


@dataclass(frozen=True)
class Variant:
    """One faithful variant: what it does differently and the freedom that allows it."""

    name: str
    family: str
    summary: str
    freedom: str
    app_class: type

    def build(self, store, credentials) -> ReferenceApp:
        return self.app_class(store, credentials)


_CATALOGUE = ServerCatalogue("variant", __name__, FAMILY_MODULES)


def variant(name: str, family: str):
    """Register a ReferenceApp subclass as the faithful variant ``name``."""

    def register(cls: type) -> type:
        lines = [line.strip() for line in (cls.__doc__ or "").strip().splitlines()]
        freedom = " ".join(line for line in lines[1:] if line)
        if not lines or not freedom:
            raise ValueError(f"variant {name} needs a docstring: what it does, then the freedom it uses")
        _CATALOGUE.add(name, Variant(name, family, lines[0], freedom, cls))
        return cls

    return register


def catalogue() -> dict[str, Variant]:
    """Every faithful variant, by name, in family order."""
    return _CATALOGUE.all()


def build(name: str, store, credentials) -> ReferenceApp:
    """The variant application ``name``; a ValueError lists the known names."""
    return _CATALOGUE.build(name, store, credentials)
