"""Faults in If-Unmodified-Since: ignored, too precise, off by one, not atomic, formats, invalid dates."""

from __future__ import annotations

import asyncio

from conformance.spec.httpdate import IMF_FIXDATE, parse_http_date
from conformance.spec.isodate import now_utc, parse_datetime
from conformance.targets.faults import fault
from conformance.targets.reference.app import HttpError, ReferenceApp
from conformance.targets.reference.store import Replacement


@fault("ius-ignored", "concurrency", "ius.stale", "ius.race", "ius.obsolete-formats")
class IfUnmodifiedSinceIgnored(ReferenceApp):
    """Ignores If-Unmodified-Since: every PUT updates."""

    def unmodified_since(self, request):
        return None


@fault("ius-full-precision", "concurrency", "ius.current", "ius.race", "ius.obsolete-formats")
class FullPrecision(ReferenceApp):
    """Compares UpdatedDate at full precision, so the last modification's own second answers 412."""

    def modified_after(self, contact, date):
        return parse_datetime(contact["UpdatedDate"]) > date


@fault("ius-at-or-after", "concurrency", "ius.current", "ius.race", "ius.obsolete-formats")
class AtOrAfter(ReferenceApp):
    """Refuses when the contact changed at or after the date (>=, off by one second)."""

    def modified_after(self, contact, date):
        return parse_datetime(contact["UpdatedDate"]).replace(microsecond=0) >= date


@fault("ius-future-refused", "concurrency", "ius.future")
class FutureRefused(ReferenceApp):
    """Answers 412 to a date in the future, as if the client's clock were wrong."""

    def modified_after(self, contact, date):
        return date > now_utc() or super().modified_after(contact, date)


@fault("ius-412-still-writes", "concurrency", "ius.stale", "ius.race", "ius.obsolete-formats")
class RefusedButWritten(ReferenceApp):
    """Answers 412 to a stale date but applies the update anyway."""

    def replace_contact(self, contact_id, entity, since):
        try:
            return super().replace_contact(contact_id, entity, since)
        except HttpError as error:
            if error.status == 412:
                super().replace_contact(contact_id, entity, None)
            raise


@fault("ius-check-then-write", "concurrency", "ius.race")
class CheckThenWrite(ReferenceApp):
    """Checks the date in one transaction and writes in another, 100 ms later: concurrent PUTs all win."""

    async def put_contact(self, request, contact_id):
        entity = self.read_entity(request.headers.get("content-type"), await self.read_body(request))
        since = self.unmodified_since(request)
        current = self.store.get(contact_id)
        if current is None:
            raise HttpError(404, "SoNotFoundException", f"Contact id {contact_id} not found")
        if since is not None and self.modified_after(current, since):
            raise HttpError(412, "PreconditionFailed", f"Contact id {contact_id} has changed")
        if since is not None:
            await asyncio.sleep(0.1)  # the window between check and write that concurrent PUTs fall into
        stored = self.store.replace(contact_id, Replacement(build=lambda latest: self.stored_for_put(latest, entity)))
        return self.answer(request, stored)


@fault("ius-imf-only", "concurrency", "ius.obsolete-formats")
class ImfFixdateOnly(ReferenceApp):
    """Understands only IMF-fixdate; RFC 850 and asctime dates are ignored."""

    def unmodified_since(self, request):
        header = (request.headers.get("if-unmodified-since") or "").strip()
        return parse_http_date(header) if IMF_FIXDATE.fullmatch(header) else None


@fault("ius-invalid-refused", "concurrency", "ius.invalid")
class InvalidDateRefused(ReferenceApp):
    """Answers an unparseable If-Unmodified-Since with 412 instead of ignoring it."""

    def unmodified_since(self, request):
        header = request.headers.get("if-unmodified-since")
        if header is not None and parse_http_date(header) is None:
            raise HttpError(412, "PreconditionFailed", "If-Unmodified-Since is not a date")
        return super().unmodified_since(request)


#: Every unconditional PUT fails, so every requirement judged on one fails with it (put.persisted, which requires
#: put.ok, is then NOT JUDGED).
#: What refusing every unconditional PUT breaks: the plain PUT (put.ok) and the tests built on unconditional PUTs.
#: In the context sweep the same 428 in the plain context is put.ok's, so no context requirement is declared.
UNCONDITIONAL_PUTS = (
    "put.ok",
    "put.echo",
    "put.idempotent",
    "select.projection",
    "select.case-insensitive",
    "select.saves-all",
    "accept.json",
    "accept.xml",
    "auth.scheme",
)


@fault("ius-required", "concurrency", "ius.absent", *UNCONDITIONAL_PUTS)
class HeaderRequired(ReferenceApp):
    """Requires If-Unmodified-Since on every PUT and answers 428 without it."""

    def unmodified_since(self, request):
        if "if-unmodified-since" not in request.headers:
            raise HttpError(428, "PreconditionRequired", "If-Unmodified-Since is required")
        return super().unmodified_since(request)
