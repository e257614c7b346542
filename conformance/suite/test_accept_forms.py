"""Accept headers in the other forms RFC 9110 §12.5.1 gives them: q-values and media ranges.

Every other test names one media type per Accept. Here a type is refused with ``q=0``, alone or beside another, and
the ranges ``application/*``, ``text/*`` and ``*/*`` with a weight are sent: the answer is a contact in a media type
the header accepts (SPEC-NOTES "Media types": matched case-insensitively, with or without parameters).
"""

from conformance.generation.members import XML_TYPES
from conformance.judging import checks
from conformance.judging.outcomes import Nonconformance
from conformance.suite import drawing, requirement, with_values


def _put(client, workspace, accept: str):
    body = with_values(workspace.primary.snapshot, {"Name": "Accept forms AS"})
    return client.send("PUT", client.contact_path(workspace.primary.id), json_body=body, headers={"Accept": accept})


def _contact_in(response, contact_id: int, media_type: str, *, requirement: str) -> None:
    """The answer is a contact in ``media_type`` (JSON or XML)."""
    if media_type in XML_TYPES:
        checks.xml_contact(response, contact_id, requirement=requirement)
    else:
        checks.valid_contact(response, requirement=requirement)


@requirement("accept.json", "accept.xml")
@drawing("accept:q-values", "accept_and_wanted")
def test_a_type_refused_with_q_0_is_not_answered(client, workspace, accept_and_wanted):
    """A media type given q=0 is not acceptable (RFC 9110 §12.4.2): alone, the default JSON answers; beside another
    type with any weight, that other type answers."""
    accept, wanted = accept_and_wanted
    requirement = "accept.xml" if wanted in XML_TYPES else "accept.json"
    response = _put(client, workspace, accept)
    with checks.collected() as expect:
        expect(checks.media_type_is, response, wanted, requirement=requirement)
        expect(_contact_in, response, workspace.primary.id, wanted, requirement=requirement)


@requirement("put.ok", "accept.json", "accept.xml")
@drawing("accept:ranges", "accept_and_covered")
def test_a_media_range_is_answered_in_a_type_it_covers(client, workspace, accept_and_covered):
    """A valid PUT with Accept: application/*, text/* or */* answers 200 (put.ok) with a contact in a type the range
    covers: a JSON one judged as accept.json, an XML one as accept.xml."""
    accept, acceptable = accept_and_covered
    response = _put(client, workspace, accept)
    checks.status_is(response, 200, requirement="put.ok")
    requirement = "accept.xml" if response.media_type in XML_TYPES else "accept.json"
    if response.media_type not in acceptable:
        raise Nonconformance(
            requirement,
            f"Accept: {accept} answered in a media type it does not cover",
            expected=" or ".join(acceptable),
            actual=response.media_type,
        )
    _contact_in(response, workspace.primary.id, response.media_type, requirement=requirement)


@requirement("server.no-5xx")
@drawing("accept:broken-weights", "accept")
def test_an_accept_with_an_unreadable_weight_is_never_answered_with_5xx(client, workspace, accept):
    """An Accept whose q-value is no number (RFC 9110 §12.4.2 allows only 0 to 1 with three decimals) is answered,
    whatever the target makes of it, never with a 5xx."""
    checks.not_a_server_error(_put(client, workspace, accept), f"Accept: {accept}", requirement="server.no-5xx")
