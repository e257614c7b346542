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


#: How long the slow faults below take over a PUT they delay: past the 2000 ms NsApiSlow threshold.
DELAY_SECONDS = 2.3


@fault("every-third-put-slow", "latency", "perf.nsapislow")
class EveryThirdPutSlow(ReferenceApp):
    """Answers every third PUT after 2.3 s (a cache flushed on a schedule)."""

    slow = True
    puts = 0

    async def put_contact(self, request, contact_id):
        self.puts += 1
        if self.puts % 3 == 0:
            await asyncio.sleep(DELAY_SECONDS)
        return await super().put_contact(request, contact_id)


@fault("select-puts-slow", "latency", "perf.nsapislow")
class SelectPutsSlow(ReferenceApp):
    """Answers every PUT with $select after 2.3 s (the projection reloads the entity the slow way)."""

    slow = True

    async def put_contact(self, request, contact_id):
        if "$select" in request.query_params:
            await asyncio.sleep(DELAY_SECONDS)
        return await super().put_contact(request, contact_id)


@fault("put-after-get-slow", "latency", "perf.nsapislow")
class PutAfterGetSlow(ReferenceApp):
    """Answers the first PUT after a GET of a contact after 2.3 s (the read left a lock the write waits out)."""

    slow = True
    read_last = False

    def get_contact(self, request, contact_id):
        self.read_last = True
        return super().get_contact(request, contact_id)

    async def put_contact(self, request, contact_id):
        if self.read_last:
            self.read_last = False
            await asyncio.sleep(DELAY_SECONDS)
        return await super().put_contact(request, contact_id)
