"""Faults in speed."""

from __future__ import annotations

import asyncio

from conformance.targets.faults import fault
from conformance.targets.reference import negotiation as media
from conformance.targets.reference.app import ReferenceApp

SLOW_SECONDS = 2.2


@fault("slow-xml", "latency", "perf.nsapislow")
class SlowXml(ReferenceApp):
    """Takes 2.2 s to answer a PUT in XML (a slow serializer), over the 2000 ms NsApiSlow threshold."""

    async def put_contact(self, request, contact_id):
        response = await super().put_contact(request, contact_id)
        if media.negotiate(request.headers.get("accept")) in media.XML_TYPES:
            await asyncio.sleep(SLOW_SECONDS)
        return response
