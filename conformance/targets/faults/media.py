"""Faults in media types and XML."""

from __future__ import annotations

from conformance.targets.faults import fault
from conformance.targets.reference import negotiation as media
from conformance.targets.reference.app import HttpError, ReferenceApp


@fault("text-json-refused", "media", "content.json")
class TextJsonRefused(ReferenceApp):
    """Answers 415 to a text/json body."""

    def read_entity(self, content_type, body):
        if media.parse_media_type(content_type)[0] == "text/json":
            raise HttpError(415, "UnsupportedMediaType", "text/json is not supported")
        return super().read_entity(content_type, body)


@fault("charset-refused", "media", "content.json", "put.no-body")
class CharsetRefused(ReferenceApp):
    """Answers 415 to a Content-Type with a charset parameter (exact match on the header)."""

    def read_entity(self, content_type, body):
        if content_type and ";" in content_type and media.parse_media_type(content_type)[0] in media.JSON_TYPES:
            raise HttpError(415, "UnsupportedMediaType", f"{content_type} is not supported")
        return super().read_entity(content_type, body)


@fault("accept-xml-ignored", "media", "accept.xml")
class AcceptXmlIgnored(ReferenceApp):
    """Answers JSON whatever the Accept header asks for."""

    def answer(self, request, contact, status=200):
        response = super().answer(request, contact, status)
        if "xml" in response.media_type:
            return super().answer(_AcceptingJson(request), contact, status)
        return response


class _AcceptingJson:
    """A request whose Accept header says JSON; everything else delegated."""

    def __init__(self, request):
        self._request = request
        self.headers = {k: v for k, v in request.headers.items() if k != "accept"}
        self.headers["accept"] = "application/json"

    def __getattr__(self, name):
        return getattr(self._request, name)


@fault("xml-wrong-root", "media", "accept.xml")
class XmlWrongRoot(ReferenceApp):
    """Names the XML root element Contact instead of ContactEntity."""

    def answer(self, request, contact, status=200):
        response = super().answer(request, contact, status)
        if "xml" in response.media_type:
            body = response.body.replace(b"<ContactEntity ", b"<Contact ").replace(b"</ContactEntity>", b"</Contact>")
            response.body = body
            response.headers["content-length"] = str(len(body))
        return response


@fault("text-json-labelled-application-json", "media", "accept.json")
class TextJsonLabelledApplicationJson(ReferenceApp):
    """Answers Accept: text/json with Content-Type application/json."""

    def answer(self, request, contact, status=200):
        response = super().answer(request, contact, status)
        if response.media_type.startswith("text/json"):
            response.media_type = "application/json; charset=utf-8"
            response.headers["content-type"] = response.media_type
        return response


@fault("xml-body-refused", "media", "content.xml")
class XmlBodyRefused(ReferenceApp):
    """Answers 415 to XML request bodies (it writes XML but cannot read it)."""

    def read_entity(self, content_type, body):
        if media.parse_media_type(content_type)[0] in media.XML_TYPES:
            raise HttpError(415, "UnsupportedMediaType", "XML bodies are not supported")
        return super().read_entity(content_type, body)


@fault("unsupported-type-read-as-json", "media", "content.unsupported")
class UnsupportedTypeReadAsJson(ReferenceApp):
    """Reads any unknown Content-Type as JSON, answering 400 instead of 415."""

    def read_entity(self, content_type, body):
        kind = media.parse_media_type(content_type)[0]
        known = kind in media.JSON_TYPES or kind in media.XML_TYPES or kind == media.FORM_TYPE
        return super().read_entity(content_type if known else "application/json", body)


@fault("xml-double-escaped", "media", "accept.xml.same-values")
class XmlDoubleEscaped(ReferenceApp):
    """Escapes ampersands twice in XML, so 'A & B' reads back as 'A &amp; B'."""

    def answer(self, request, contact, status=200):
        response = super().answer(request, contact, status)
        if "xml" in response.media_type:
            body = response.body.replace(b"&amp;", b"&amp;amp;")
            response.body = body
            response.headers["content-length"] = str(len(body))
        return response
