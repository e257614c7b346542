"""Faults in the language and time-zone headers."""

from __future__ import annotations

from conformance.spec.isodate import format_in_zone, parse_datetime
from conformance.targets.faults import fault
from conformance.targets.reference import localization
from conformance.targets.reference.app import HttpError, ReferenceApp


@fault("timezone-converts-stamps", "headers", "headers.timezone-utc")
class TimezoneConvertsStamps(ReferenceApp):
    """Converts CreatedDate and UpdatedDate into the SO-TimeZone too, instead of keeping them in UTC."""

    def representation(self, request, contact):
        body = super().representation(request, contact)
        zone = localization.zone_from(request.headers.get("so-timezone"))
        for name in localization.UTC_DATES:
            moment = parse_datetime(body.get(name) or "") if zone else None
            if moment is not None:
                body[name] = format_in_zone(moment, zone)
        return body


@fault("timezone-unknown-refused", "headers", "headers.tolerated")
class TimezoneUnknownRefused(ReferenceApp):
    """Answers 400 to an SO-TimeZone it does not know, failing a valid PUT."""

    def representation(self, request, contact):
        header = request.headers.get("so-timezone")
        if header and localization.zone_from(header) is None:
            raise HttpError(400, "BadRequest", f"unknown time zone {header!r}")
        return super().representation(request, contact)


@fault("language-list-500", "headers", "headers.tolerated", "server.no-5xx")
class LanguageList500(ReferenceApp):
    """Crashes (500) on an Accept-Language with several languages and q-values."""

    def representation(self, request, contact):
        if "," in (request.headers.get("accept-language") or ""):
            raise HttpError(500, "InternalServerError", "Culture is not supported")
        return super().representation(request, contact)


@fault("app-token-refused", "headers", "headers.tolerated")
class AppTokenRefused(ReferenceApp):
    """Refuses a PUT that carries an SO-AppToken it has not registered (403)."""

    def authenticate(self, request):
        scheme = super().authenticate(request)
        if "so-apptoken" in request.headers:
            raise HttpError(403, "Forbidden", "unknown application token")
        return scheme
