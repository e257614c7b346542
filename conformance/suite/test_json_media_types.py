"""JSON request and response media types (SPEC-NOTES, "Media types": content.json, accept.json).

Each PUT under test starts from the contact as it was before the suite, and the same PUT is then sent plainly
(application/json, no Accept): a value the plain PUT loses too is put.echo's to judge, not the media type's
(the isolation the context sweep, test_contexts.py, and the state machine, test_model.py, do in every context).
"""

import pytest

from conformance.generation.strategies import edge_values
from conformance.judging import checks
from conformance.judging.outcomes import blame
from conformance.suite import draws, echoed_like_a_plain_put, kept_by_a_plain_put, put_json_as, requirement, with_values


@requirement("content.json")
@pytest.mark.parametrize("content_type", ["text/json", "application/json; charset=utf-8", "text/json; charset=utf-8"])
@draws("content:text-json")
def test_json_bodies_are_accepted_in_every_json_media_type(client, workspace, content_type):
    """A text/json body, or a JSON one with ; charset=utf-8, answers 200 and is saved like an application/json one."""
    workspace.reset()
    body = with_values(workspace.primary.snapshot, edge_values(workspace.lengths))
    response = put_json_as(client, workspace.primary.id, body, content_type)
    echoed_like_a_plain_put(client, workspace.primary.id, response, body, requirement="content.json")


@requirement("accept.json")
@pytest.mark.parametrize("accept", ["application/json", "text/json"])
@draws("accept:json")
def test_json_is_answered_in_the_json_media_type_accepted(client, workspace, accept):
    """Accept: application/json or text/json gets a contact in that very media type."""
    workspace.reset()
    body = with_values(workspace.primary.snapshot, edge_values(workspace.lengths))
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body, headers={"Accept": accept})
    with checks.collected() as expect:
        expect(checks.media_type_is, response, accept, requirement="accept.json")
        saved = expect(checks.valid_contact, response, requirement="accept.json")
    kept = kept_by_a_plain_put(client, workspace.primary.id, body)  # what the same PUT, plain, gives back
    with blame(response):
        checks.echoed(body, saved, requirement="accept.json", fields=kept)
