"""Faults in Unicode handling: characters outside the BMP, narrow storage, normalisation."""

from __future__ import annotations

import unicodedata

from conformance.targets.faults import fault
from conformance.targets.faults.persistence import ECHO_FAMILY
from conformance.targets.faults.transform import map_strings
from conformance.targets.reference.app import ReferenceApp


@fault("non-bmp-stripped", "unicode", *ECHO_FAMILY, "content.xml")
class NonBmpStripped(ReferenceApp):
    """Drops characters outside the Basic Multilingual Plane (emoji, rare CJK) when saving (a utf8mb3 column)."""

    def stored_for_put(self, current, entity):
        return super().stored_for_put(current, map_strings(entity, lambda s: "".join(c for c in s if ord(c) <= 0xFFFF)))


@fault("latin1-storage", "unicode", *ECHO_FAMILY, "content.xml")
class Latin1Storage(ReferenceApp):
    """Stores strings in Latin-1: every other character becomes '?'."""

    def stored_for_put(self, current, entity):
        narrow = map_strings(entity, lambda s: s.encode("latin-1", "replace").decode("latin-1"))
        return super().stored_for_put(current, narrow)


@fault("nfc-normalised", "unicode", *ECHO_FAMILY, "content.xml")
class NfcNormalised(ReferenceApp):
    """Normalises strings to NFC, so 'e' + combining acute comes back as a single 'é'."""

    def stored_for_put(self, current, entity):
        return super().stored_for_put(current, map_strings(entity, lambda s: unicodedata.normalize("NFC", s)))
