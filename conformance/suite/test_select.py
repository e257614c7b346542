"""$select shapes the response and nothing else (SPEC-NOTES, "$select").

Blanks around names (select.spaces) have their own test in test_select_spaces.py; every form of $select is
also judged in every context by test_contexts.py and test_model.py.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.generation.strategies import edge_values, writable_values
from conformance.judging import checks
from conformance.judging.outcomes import blame
from conformance.spec import carriers
from conformance.suite import drawing, draws, requirement, with_values

SELECTABLE = list(carriers.contact().properties)


def casings(name: str, *, as_written: bool = True) -> st.SearchStrategy[str]:
    """A property name in lower, upper or mixed case, or (``as_written``) exactly as the spec writes it."""
    mixed = st.lists(st.booleans(), min_size=len(name), max_size=len(name)).map(
        lambda flips: "".join(c.upper() if up else c.lower() for c, up in zip(name, flips, strict=True))
    )
    other = st.one_of(st.just(name.lower()), st.just(name.upper()), mixed.filter(lambda text: text != name))
    return st.one_of(st.just(name), other) if as_written else other


def _put(client, contact_id, body, select=None):
    params = None if select is None else {"$select": select}
    return client.send("PUT", client.contact_path(contact_id), json_body=body, params=params)


@requirement("select.projection", "select.case-insensitive")
@given(data=st.data())
@draws("select:names")
def test_projection_equals_the_full_response_on_the_selected_properties(client, workspace, data):
    """For any subset of properties in any casing, selected ones equal the full body and the rest are null.

    The same body is PUT without $select, with it, and without it again: a property whose value
    differs between the two full answers around the projected one (UpdatedDate, a counter) is only
    required to be present. One that agrees (an UpdatedDate written to the second, in the same second)
    held that value when the projected answer was made too.
    """
    chosen = data.draw(st.lists(st.sampled_from(SELECTABLE), min_size=1, max_size=6, unique=True), label="selected")
    written = [
        data.draw(casings(name, as_written=index > 0), label=f"casing of {name}") for index, name in enumerate(chosen)
    ]
    body = with_values(workspace.primary.snapshot, data.draw(writable_values(workspace.lengths), label="values"))
    first = checks.valid_contact(_put(client, workspace.primary.id, body), requirement="select.projection")
    shaped = checks.valid_contact(
        _put(client, workspace.primary.id, body, ",".join(written)), requirement="select.projection", projected=True
    )
    full = checks.valid_contact(_put(client, workspace.primary.id, body), requirement="select.projection")
    kinds = carriers.contact().properties
    stable = {name for name in chosen if checks.equal(first.get(name), full.get(name), kinds[name])}
    checks.projected(full, shaped, dict.fromkeys(chosen), compare=stable, requirement="select.projection")


@requirement("select.case-insensitive")
@drawing("select:case", "select")
def test_property_names_match_regardless_of_case(client, workspace, select):
    """The page's own example, $select=name,department, and its other casings select Name and Department."""
    body = with_values(workspace.primary.snapshot, {"Name": "Case Insensitive AS", "Department": "Sales"})
    full = checks.valid_contact(_put(client, workspace.primary.id, body), requirement="select.case-insensitive")
    shaped = checks.valid_contact(
        _put(client, workspace.primary.id, body, select), requirement="select.case-insensitive", projected=True
    )
    checks.projected(full, shaped, {"Name": None, "Department": None}, requirement="select.case-insensitive")


def _with_category(client, workspace) -> dict:
    """The primary contact with a Category set (the one it has, or list item 1)."""
    before = workspace.reset()
    if before.get("Category"):
        return before
    response = _put(client, workspace.primary.id, with_values(before, {"Category": {"Id": 1}}))
    saved = checks.valid_contact(response, requirement="select.nested")
    if not saved.get("Category"):
        pytest.skip("the contact has no Category to select and the target did not accept Category 1")
    return saved


@requirement("select.nested", "select.nested.others-null")
@pytest.mark.parametrize("select", ["name,department,category/id", "Category/Id", "CATEGORY/ID"])
@draws("select:path")
def test_a_nested_path_keeps_that_member(client, workspace, select):
    """$select=category/id (the page's example) keeps Category.Id and nulls Category's other members."""
    full = _with_category(client, workspace)
    body = with_values(full, {})
    shaped = checks.valid_contact(
        _put(client, workspace.primary.id, body, select), requirement="select.nested", projected=True
    )
    with checks.collected() as expect:
        expect(checks.nested_member_kept, full, shaped, ("Category", "Id"), requirement="select.nested")
        expect(checks.nested_others_nulled, shaped, ("Category", "Id"), requirement="select.nested.others-null")


@requirement("select.empty")
@draws("select:empty")
def test_empty_select_selects_everything(client, workspace):
    """$select= behaves as no $select: the full body comes back."""
    body = with_values(workspace.primary.snapshot, {"Name": "Empty Select AS"})
    full = checks.valid_contact(_put(client, workspace.primary.id, body), requirement="select.empty")
    shaped = checks.valid_contact(_put(client, workspace.primary.id, body, ""), requirement="select.empty")
    checks.same_values(
        full, shaped, requirement="select.empty", ignore=("UpdatedDate",), what="the body with an empty $select"
    )


@requirement("select.unknown")
@draws("select:unknown-name")
def test_what_happens_to_an_unknown_name(client, workspace, observe):
    """Reports whether an unknown $select name is ignored or refused."""
    body = with_values(workspace.primary.snapshot, {"Name": "Unknown Select AS"})
    response = _put(client, workspace.primary.id, body, "Name,NoSuchProperty")
    saved, problem = checks.readable(response)
    if response.status == 200 and problem is not None:
        observe("select.unknown", f"$select=Name,NoSuchProperty answered 200, but {problem}")
    elif response.status == 200:
        kept = isinstance(saved, dict) and saved.get("Name") == body["Name"]
        observe(
            "select.unknown",
            "$select=Name,NoSuchProperty answered 200; "
            f"the unknown name was ignored (Name {'kept' if kept else 'lost'})",
        )
    else:
        observe("select.unknown", f"$select=Name,NoSuchProperty answered {response.status}")


@requirement("server.no-5xx", "select.unknown")
@pytest.mark.parametrize("select", ["Name/Length,Department", "NoMailing/x,Name", "Xstop/Value"])
@draws("select:path-into-scalar")
def test_a_path_below_a_string_or_a_boolean_is_never_answered_with_5xx(client, workspace, select, observe):
    """A $select path into a value that has no members is ignored or refused with a 4xx, never a 5xx; what the
    target does is reported."""
    body = with_values(workspace.primary.snapshot, {"Name": "Path Into Scalar AS"})
    response = _put(client, workspace.primary.id, body, select)
    checks.not_a_server_error(response, f"$select={select}", requirement="server.no-5xx")
    observe("select.unknown", f"$select={select} answered {response.status}")


@requirement("select.saves-all")
@given(data=st.data())
def test_select_does_not_limit_what_is_saved(client, workspace, target, data):
    """With $select=Name, every writable field sent is still saved (read back by GET)."""
    if not target.has_get:
        pytest.skip("the target has no GET Contact/{id}")
    values = data.draw(
        st.one_of(st.just(edge_values(workspace.lengths)), writable_values(workspace.lengths)), label="values"
    )
    body = with_values(workspace.primary.snapshot, values)
    written = _put(client, workspace.primary.id, body, "Name")
    checks.valid_contact(written, requirement="select.saves-all", projected=True)
    read = client.send("GET", client.contact_path(workspace.primary.id))
    with blame(written):
        checks.echoed(body, checks.valid_contact(read, requirement="select.saves-all"), requirement="select.saves-all")
