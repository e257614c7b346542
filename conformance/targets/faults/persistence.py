"""Faults in what a PUT saves and echoes: lost values, reordered lists, ignored path id, writable read-only fields."""

from __future__ import annotations

from datetime import timedelta, timezone

from conformance.spec import carriers
from conformance.spec.isodate import now_utc
from conformance.targets.faults import fault
from conformance.targets.faults.transform import map_strings
from conformance.targets.reference import entity as entities
from conformance.targets.reference.app import ReferenceApp

ECHO_FAMILY = ("put.echo", "put.persisted", "select.saves-all")


@fault("echo-trimmed", "persistence", *ECHO_FAMILY, "content.xml")
class EchoTrimmed(ReferenceApp):
    """Trims blanks from both ends of every string it saves."""

    def stored_for_put(self, current, entity):
        return super().stored_for_put(current, map_strings(entity, str.strip))


@fault("drops-last-email", "persistence", *ECHO_FAMILY, "content.xml")
class DropsLastEmail(ReferenceApp):
    """Saves every email address but the last one."""

    def stored_for_put(self, current, entity):
        emails = entity.get("Emails")
        return super().stored_for_put(current, {**entity, "Emails": emails[:-1] if emails else emails})


@fault("sorts-phones", "persistence", *ECHO_FAMILY, "content.xml")
class SortsPhones(ReferenceApp):
    """Sorts Phones by value instead of keeping the order the client sent (the rank)."""

    def stored_for_put(self, current, entity):
        phones = entity.get("Phones")
        ordered = sorted(phones, key=lambda p: str(p.get("Value"))) if phones else phones
        return super().stored_for_put(current, {**entity, "Phones": ordered})


@fault("booleans-lost", "persistence", *ECHO_FAMILY, "content.xml")
class BooleansLost(ReferenceApp):
    """Saves NoMailing and Xstop as false whatever the client sent."""

    def stored_for_put(self, current, entity):
        return super().stored_for_put(current, {**entity, "NoMailing": False, "Xstop": False})


@fault("not-persisted", "persistence", "put.persisted", "select.saves-all", "ius.race")
class NotPersisted(ReferenceApp):
    """Answers 200 with the new values but never commits them: a GET shows the old contact."""

    def replace_contact(self, contact_id, entity, since):
        before = self.store.get(contact_id)
        saved = super().replace_contact(contact_id, entity, since)
        self.store.write(contact_id, before)
        return saved


@fault("path-id-from-body", "persistence", "put.path-id")
class PathIdFromBody(ReferenceApp):
    """Writes to the contact the body's ContactId names, not the one in the path."""

    async def put_contact(self, request, contact_id):
        entity = self.read_entity(request.headers.get("content-type"), await self.read_body(request))
        target = entity.get("ContactId") or contact_id
        stored = self.replace_contact(target, entity, self.unmodified_since(request))
        return self.answer(request, stored)


@fault("created-date-writable", "persistence", "put.readonly")
class CreatedDateWritable(ReferenceApp):
    """Applies CreatedDate and CreatedBy sent by the client."""

    def stored_for_put(self, current, entity):
        stored = super().stored_for_put(current, entity)
        for name in ("CreatedDate", "CreatedBy"):
            if entity.get(name):
                stored[name] = entities.complete(entity[name], carriers.contact().properties[name])
        return stored


@fault("not-idempotent", "persistence", "put.idempotent", "select.empty", "accept.xml.same-values")
class NotIdempotent(ReferenceApp):
    """Counts PUTs in ActiveStatusMonitorId, so the same PUT twice gives two representations."""

    def stored_for_put(self, current, entity):
        stored = super().stored_for_put(current, entity)
        stored["ActiveStatusMonitorId"] = (current.get("ActiveStatusMonitorId") or 0) + 1
        return stored


@fault("updated-date-frozen", "persistence", "put.updated-date", "ius.race")
class UpdatedDateFrozen(ReferenceApp):
    """Keeps the old UpdatedDate on every PUT."""

    def stored_for_put(self, current, entity):
        stored = super().stored_for_put(current, entity)
        stored["UpdatedDate"] = current["UpdatedDate"]
        return stored


@fault("updated-date-local", "persistence", "put.updated-date", "headers.timezone-utc")
class UpdatedDateLocal(ReferenceApp):
    """Writes UpdatedDate in the server's local time (+01:00) instead of UTC."""

    def stored_for_put(self, current, entity):
        stored = super().stored_for_put(current, entity)
        stored["UpdatedDate"] = now_utc().astimezone(timezone(timedelta(hours=1))).isoformat(timespec="microseconds")
        return stored
