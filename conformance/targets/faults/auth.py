"""Faults in authentication."""

from __future__ import annotations

import base64

from conformance.targets.faults import fault
from conformance.targets.reference.app import HttpError, ReferenceApp
from conformance.targets.reference.authentication import CHALLENGE


@fault("auth-not-required", "auth", "auth.required")
class AuthNotRequired(ReferenceApp):
    """Lets a request without any Authorization header through."""

    def authenticate(self, request):
        if "authorization" not in request.headers:
            return "Anonymous"
        return super().authenticate(request)


@fault("auth-any-password", "auth", "auth.invalid")
class AnyPassword(ReferenceApp):
    """Accepts any password for the right Basic user."""

    def authenticate(self, request):
        scheme, _, value = (request.headers.get("authorization") or "").partition(" ")
        if scheme.lower() == "basic":
            try:
                user = base64.b64decode(value, validate=True).decode().partition(":")[0]
            except ValueError:
                user = None
            if user == self.credentials.user:
                return "Basic"
        return super().authenticate(request)


@fault("auth-bearer-refused", "auth", "auth.scheme")
class BearerRefused(ReferenceApp):
    """Refuses every Bearer token, although it declares the Bearer scheme."""

    def authenticate(self, request):
        if (request.headers.get("authorization") or "").lower().startswith("bearer "):
            raise HttpError(401, "SoUnauthorizedException", "Bearer not accepted", {"WWW-Authenticate": CHALLENGE})
        return super().authenticate(request)


@fault("auth-after-body", "auth", "auth.invalid", "auth.required")
class AuthAfterBody(ReferenceApp):
    """Reads and validates the body before checking credentials: a broken body with wrong credentials answers 400."""

    async def dispatch(self, request):
        if request.method == "PUT":
            body = await self.read_body(request)
            self.read_entity(request.headers.get("content-type"), body)
            request._body = body
        return await super().dispatch(request)


@fault("unauthenticated-writes", "auth", "auth.required")
class UnauthenticatedWrites(ReferenceApp):
    """Applies a PUT without credentials, then answers 401."""

    async def dispatch(self, request):
        if request.method == "PUT" and "authorization" not in request.headers:
            try:
                contact_id = int(request.url.path.rstrip("/").rsplit("/", 1)[1])
                body = await self.read_body(request)
                request._body = body
                entity = self.read_entity(request.headers.get("content-type"), body)
                self.replace_contact(contact_id, entity, None)
            except (ValueError, HttpError):
                pass
        return await super().dispatch(request)
