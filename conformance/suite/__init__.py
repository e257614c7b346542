"""The conformance suite: one module per aspect of PUT /api/v1/Contact/{id}, one marker per requirement.

Run it with ``conformance run`` or ``pytest --pyargs conformance.suite``.
"""

import pytest

#: ``@requirement("put.echo")``: the requirement ids of SPEC-NOTES a test verifies.
requirement = pytest.mark.requirement


def with_values(contact: dict, values: dict) -> dict:
    """A PUT body: the contact as the target returned it, with some properties replaced."""
    body = {k: v for k, v in contact.items() if k != "_Links"}
    body.update(values)
    return body
