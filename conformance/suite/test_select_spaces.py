"""Blanks around $select names (SPEC-NOTES, "$select": select.spaces).

The names are written as the spec writes them, so that only the blanks differ from $select=Name,Department.
The context sweep (test_contexts.py) and the state machine (test_model.py) judge the same rule in every context.
"""

from conformance.judging import checks
from conformance.suite import drawing, requirement, with_values


@requirement("select.spaces")
@drawing("select:blanks", "select")
def test_blanks_around_select_names_are_ignored(client, workspace, select):
    """Blanks around $select names are ignored: "Name, Department" selects Name and Department and nulls the rest."""
    workspace.reset()
    body = with_values(workspace.primary.snapshot, {"Name": "Blanks Around Names AS", "Department": "Support"})
    full = checks.valid_contact(
        client.send("PUT", client.contact_path(workspace.primary.id), json_body=body), requirement="put.ok"
    )
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body, params={"$select": select})
    shaped = checks.valid_contact(response, requirement="select.spaces", projected=True)
    checks.projected(full, shaped, {"Name": None, "Department": None}, requirement="select.spaces")
