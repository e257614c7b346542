"""Faults in $select: ignored, case-sensitive, dropping keys, forgetting nested paths, saving less."""

from __future__ import annotations

from conformance.faults import fault
from conformance.reference.app import ReferenceApp


@fault("select-ignored", "select", "select.projection", "select.case-insensitive", "select.nested", "select.spaces")
class SelectIgnored(ReferenceApp):
    """Ignores $select and always answers the full contact."""

    def selection(self, request):
        return None
