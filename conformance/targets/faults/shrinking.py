"""Faults whose failure depends on the input in a way that makes shrinking long.

Each answers a PUT with a wrong echo (put.echo) while storing the right values, so
a GET reads back what was sent. Hypothesis can only shrink such a failure one
request per step: a size threshold keeps the example large, a failure on a share
of bodies jumps around as the body shrinks, and a failure on a few characters
must be searched for character by character. They prove that a run against them
still ends in bounded time (conformance.harness.limits).
"""

from __future__ import annotations

import zlib

from conformance.spec.rules import WRITABLE_SCALARS
from conformance.targets.faults import fault
from conformance.targets.reference.app import ReferenceApp

TEXT_FIELDS = tuple(name for name in WRITABLE_SCALARS if name not in ("NoMailing", "Xstop"))
TEXT_LIMIT = 300
SHARE = 4
DROPPED = range(0xC0, 0x180)  # Latin-1 Supplement letters and Latin Extended-A


class _AnswerDiffers(ReferenceApp):
    """The reference server, except that the answer to a PUT shows ``altered(entity, stored)``."""

    async def put_contact(self, request, contact_id):
        content_type = request.headers.get("content-type")
        entity = self.read_entity(content_type, await self.read_body(request))
        stored = self.replace_contact(contact_id, entity, self.unmodified_since(request))
        return self.answer(request, self.altered(entity, stored, content_type or ""))

    def altered(self, entity: dict, stored: dict, content_type: str) -> dict:
        return stored


def _texts(contact: dict) -> dict[str, str]:
    return {name: contact[name] for name in TEXT_FIELDS if isinstance(contact.get(name), str)}


@fault("long-text-cut-in-answer", "shrinking", "put.echo")
class LongTextCutInAnswer(_AnswerDiffers):
    """Answers a PUT whose text fields total over 300 characters with each one's last character cut (a fixed-size buffer)."""  # noqa: E501 - the first line is the catalogue's summary

    def altered(self, entity, stored, content_type):
        texts = _texts(entity)
        if sum(len(text) for text in texts.values()) <= TEXT_LIMIT:
            return stored
        return {**stored, **{name: text[:-1] for name, text in _texts(stored).items()}}


@fault("some-answers-lose-a-character", "shrinking", "put.echo")
class SomeAnswersLoseACharacter(_AnswerDiffers):
    """Answers one JSON PUT in four, chosen by a hash of its Description, with the Description's last character cut (a cache race)."""  # noqa: E501 - the first line is the catalogue's summary

    def altered(self, entity, stored, content_type):
        sent = entity.get("Description")
        if (
            "xml" in content_type.lower()
            or not isinstance(sent, str)
            or not sent
            or zlib.crc32(sent.encode()) % SHARE
            or not stored.get("Description")
        ):
            return stored
        return {**stored, "Description": stored["Description"][:-1]}


@fault("latin-letters-dropped-in-answer", "shrinking", "put.echo")
class LatinLettersDroppedInAnswer(_AnswerDiffers):
    """Answers a PUT with the letters U+00C0 to U+017F (Æ, ø, é, ł...) left out of its text fields (a narrow output encoder)."""  # noqa: E501 - the first line is the catalogue's summary

    def altered(self, entity, stored, content_type):
        return {
            **stored,
            **{name: "".join(c for c in text if ord(c) not in DROPPED) for name, text in _texts(stored).items()},
        }
