"""A catalogue of servers built on the reference one (the faulty servers, the faithful variants), module by module."""

from __future__ import annotations

import importlib


class ServerCatalogue:
    """Entries registered by name as their family modules are imported; each entry builds a ReferenceApp."""

    def __init__(self, kind: str, package: str, modules: tuple[str, ...]):
        self.kind, self.package, self.modules = kind, package, modules
        self._entries: dict = {}

    def add(self, name: str, entry) -> None:
        if name in self._entries:
            raise ValueError(f"{self.kind} {name} registered twice")
        self._entries[name] = entry

    def all(self) -> dict:
        """Every entry, by name, in family order."""
        for module in self.modules:
            importlib.import_module(f"{self.package}.{module}")
        return dict(self._entries)

    def build(self, name: str, store, credentials):
        """The application of entry ``name``; a ValueError lists the known names."""
        entries = self.all()
        if name not in entries:
            raise ValueError(f"unknown {self.kind} {name!r}; known: {', '.join(sorted(entries))}")
        return entries[name].build(store, credentials)
