"""Known problem values in every kind of writable field, in JSON and in XML (SPEC-NOTES ``put.echo``).

The pool (conformance/generation/problem_values.py) holds strings that break real servers: blanks a Trim()
removes, text that looks like null, a number, a date, markup or SQL, control characters JSON carries escaped,
Unicode a normaliser or a sanitiser changes. Every string field draws from it in the property tests; here every
value is sent once in a top-level string, an element Value, an element Description and a Domains item, so a
server that changes any of them is caught with every seed. Each must come back exactly as sent.
"""

import pytest

from conformance.generation.strategies import problem_value_bodies
from conformance.judging import checks
from conformance.suite import draws, echoed_and_read_back, put_xml, read_back, requirement, with_values


@requirement("put.echo", "put.persisted")
@draws("body:problem-values")
def test_known_problem_values_come_back_exactly_in_json(client, workspace, target):
    """Each problem value, sent in JSON, comes back in the answer and in a GET after it exactly as sent."""
    with checks.collected() as expect:
        for values in problem_value_bodies(workspace.lengths):
            body = with_values(workspace.primary.snapshot, values)
            written = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body)
            read = client.send("GET", client.contact_path(workspace.primary.id)) if target.has_get else None
            expect(echoed_and_read_back, body, written, read, list(values))


@requirement("select.saves-all")
@draws("body:problem-values")
def test_known_problem_values_are_saved_under_select(client, workspace, target):
    """Each problem value, sent in JSON with $select=Name, is read back by GET exactly as sent."""
    if not target.has_get:
        pytest.skip("the target has no GET Contact/{id}")
    with checks.collected() as expect:
        for values in problem_value_bodies(workspace.lengths):
            body = with_values(workspace.primary.snapshot, values)
            path = client.contact_path(workspace.primary.id)
            written = client.send("PUT", path, json_body=body, params={"$select": "Name"})
            expect(read_back, body, client.send("GET", path), written, list(values), requirement="select.saves-all")


@requirement("content.xml")
@draws("body:problem-values")
def test_known_problem_values_come_back_exactly_in_xml(client, workspace):
    """Each problem value XML 1.0 carries, sent in an XML body, comes back exactly as sent."""
    with checks.collected() as expect:
        for values in problem_value_bodies(workspace.lengths, xml=True):
            body = with_values(workspace.primary.snapshot, values)
            response = put_xml(client, workspace.primary.id, body)
            saved = expect(checks.valid_contact, response, requirement="content.xml")
            if saved is not None:
                expect(checks.echoed, body, saved, requirement="content.xml", fields=list(values))
