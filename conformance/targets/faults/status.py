"""Faults in status codes and error bodies."""

from __future__ import annotations

import json

from starlette.responses import Response

from conformance.spec.isodate import parse_datetime
from conformance.targets.faults import fault
from conformance.targets.reference import negotiation as media
from conformance.targets.reference.app import HttpError, ReferenceApp


@fault("empty-body-accepted", "status", "put.no-body")
class EmptyBodyAccepted(ReferenceApp):
    """Saves an empty body as an empty entity (200) instead of answering 400."""

    def read_entity(self, content_type, body):
        return {} if not body.strip() else super().read_entity(content_type, body)


@fault("malformed-json-500", "status", "put.malformed", "server.no-5xx", "status.documented")
class MalformedJson500(ReferenceApp):
    """Answers a syntactically broken JSON body with 500 (an unhandled parser exception)."""

    def read_entity(self, content_type, body):
        kind, _ = media.parse_media_type(content_type)
        if kind in media.JSON_TYPES and body.strip():
            try:
                json.loads(body)
            except ValueError:
                raise HttpError(
                    500, "InternalServerError", "Unexpected character encountered while parsing value"
                ) from None
        return super().read_entity(content_type, body)


@fault("error-body-problem-details", "status", "error.shape")
class ErrorBodyProblemDetails(ReferenceApp):
    """Writes errors as RFC 7807 problem details, without the documented Error and ErrorMessage."""

    def error_response(self, error):
        body = {"type": "about:blank", "title": error.error_type, "status": error.status, "detail": error.message}
        return Response(
            json.dumps(body), error.status, headers=error.headers, media_type="application/json; charset=utf-8"
        )


@fault("unknown-id-upsert", "status", "put.unknown-id")
class UnknownIdUpsert(ReferenceApp):
    """Creates the contact when a PUT names an id that does not exist (upsert) instead of answering 404."""

    def replace_contact(self, contact_id, entity, since):
        if self.store.get(contact_id) is None:
            self.store.write(contact_id, self.stored_for_put({"ContactId": contact_id}, entity))
        return super().replace_contact(contact_id, entity, since)


@fault("offset-dates-refused", "status", "put.ok")
class OffsetDatesRefused(ReferenceApp):
    """Refuses date-times with an offset other than Z (400), although the spec's own samples use +02:00."""

    def read_entity(self, content_type, body):
        entity = super().read_entity(content_type, body)
        for name in ("UpdatedDate", "CreatedDate", "DbiLastSyncronized", "DbiLastModified"):
            value = entity.get(name)
            moment = parse_datetime(value) if isinstance(value, str) else None
            if moment is not None and moment.utcoffset().total_seconds() != 0:
                raise HttpError(400, "BadRequest", f"{name} must be in UTC")
        return entity
