"""Variants that take the other branch where a rule offers a choice.

SPEC-NOTES, "Freedoms of a conformant server": "Where a rule above offers a choice (400 or
ignore, cleared or kept, 404 body shape beyond ``error.shape``, INFO behaviours), either
choice conforms."
"""

from __future__ import annotations

from conformance.spec import carriers
from conformance.spec.rules import (
    SERVER_OWNED,
    WRITABLE_ELEMENT_FIELDS,
    WRITABLE_ELEMENT_LISTS,
    WRITABLE_SCALARS,
    WRITABLE_STRING_LISTS,
)
from conformance.targets.reference.app import HttpError, ReferenceApp
from conformance.targets.variants import variant


@variant("empty-string-for-null", "choices")
class EmptyStringForNull(ReferenceApp):
    """Stores a null writable string as "" and an empty writable list as null, as a .NET/SQL backend does.

    SPEC-NOTES as docs/interpretation.md keeps it (choices the suite makes): "A null sent for a writable string may
    come back as `""` (and an empty list as `null`): .NET stores an empty string for both."
    """

    def stored_for_put(self, current, entity):
        stored = super().stored_for_put(current, entity)
        kinds = carriers.contact().properties
        for name in WRITABLE_SCALARS:
            if kinds[name].name == "string" and stored.get(name) is None:
                stored[name] = ""
        for name in WRITABLE_ELEMENT_LISTS + WRITABLE_STRING_LISTS:
            if stored.get(name) == []:
                stored[name] = None
        for name in WRITABLE_ELEMENT_LISTS:
            for element in stored.get(name) or []:
                for member in WRITABLE_ELEMENT_FIELDS:
                    if element.get(member) is None:
                        element[member] = ""
        return stored


@variant("replace-keeps-left-out", "choices")
class ReplaceKeepsLeftOut(ReferenceApp):
    """Keeps the stored value of every property a PUT body leaves out, instead of clearing it.

    SPEC-NOTES, put.replace INFO: "what happens to writable fields left out of the body (cleared or kept) is
    reported, not judged"; Freedoms: "cleared or kept ... either choice conforms".
    """

    def stored_for_put(self, current, entity):
        kept = {name: value for name, value in current.items() if name not in entity and name not in SERVER_OWNED}
        return super().stored_for_put(current, {**kept, **entity})


@variant("select-unknown-refused", "choices")
class SelectUnknownRefused(ReferenceApp):
    """Refuses a $select naming an unknown property (or member) with 400 instead of ignoring it.

    SPEC-NOTES, select.unknown INFO: "unknown names are ignored or refused with 400".
    """

    def selection(self, request):
        raw: str | None = request.query_params.get("$select")
        for name in (raw or "").split(","):
            carrier = carriers.contact()
            for segment in [s.strip() for s in name.split("/")] if name.strip() else []:
                known = carrier.lookup(segment) if carrier is not None else None
                if known is None:
                    raise HttpError(400, "BadRequest", f"$select: unknown property {name.strip()!r}")
                kind = carrier.properties[known]
                while kind.name == "array":
                    kind = kind.item
                carrier = carriers.carriers()[kind.carrier] if kind.name == "carrier" else None
        return super().selection(request)


@variant("path-id-refused", "choices")
class PathIdRefused(ReferenceApp):
    """Refuses with 400 a PUT whose body ContactId names another contact, instead of ignoring it.

    SPEC-NOTES, put.path-id: "A body `ContactId` that differs is either ignored (200, response `ContactId` =
    path id) or refused with 400; the other contact is never touched."
    """

    def replace_contact(self, contact_id, entity, since):
        other = entity.get("ContactId")
        if isinstance(other, int) and other not in (0, contact_id):
            raise HttpError(400, "BadRequest", f"the body's ContactId {other} is not the path's {contact_id}")
        return super().replace_contact(contact_id, entity, since)
