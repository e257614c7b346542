"""Values and headers spelled another way the governing standard makes equivalent (SPEC-NOTES, "Media types",
"What a PUT does", "$select").

Every other test sends one spelling of each input: ``charset=utf-8`` in lower case, XML booleans as ``true`` and
``false``, strings without carriage returns, each ``$select`` name once. Here each input is sent in another
spelling of the same value, and must behave exactly like the usual one:

- a media type's type, subtype and parameter names are case-insensitive, a charset name is case-insensitive,
  and a parameter value may be a token or a quoted-string (RFC 9110 §8.3.1, §8.3.2, §5.6.6);
- the DataContract XML reads booleans as xsd:boolean: ``true``, ``false``, ``1``, ``0``, blanks collapsed
  (XML Schema 1.0 Part 2 §3.2.2, §4.3.6);
- a JSON string keeps CR LF and a lone CR (RFC 8259 §7); in XML a literal CR is normalised to LF by any parser,
  so a CR travels as ``&#13;`` (XML 1.0 §2.11, §4.1);
- a ``$select`` item given twice, or an object together with a path into it, selects that object once, whole
  (OData $select; the page's "comma separated list of properties to include": a property listed is included whole).
"""

import re

import pytest

from conformance.judging import checks
from conformance.suite import (
    drawing,
    draws,
    echoed_and_read_back,
    echoed_like_a_plain_put,
    put_json_as,
    put_xml,
    requirement,
    with_values,
    xml_body,
)

#: A string with every line ending: CR LF, a lone CR, a lone LF.
LINE_ENDINGS = "CR LF\r\nlone CR\rlone LF\nend"


# --- media types ----------------------------------------------------------------------------


@requirement("content.json")
@drawing("content:spelling", "content_type")
def test_a_json_media_type_spelled_another_way_is_the_same_media_type(client, workspace, content_type):
    """Type, parameter name and charset in any case, the charset quoted or not, read the body as UTF-8 (RFC 9110)."""
    workspace.reset()  # a plain PUT first: one that fails without the spelling too is put.ok's to judge
    body = with_values(workspace.primary.snapshot, {"Name": "Stavemåte Ærø 🏢", "Department": "Ωmega"})
    response = put_json_as(client, workspace.primary.id, body, content_type)
    echoed_like_a_plain_put(client, workspace.primary.id, response, body, requirement="content.json")


@requirement("accept.xml")
@drawing("accept:spelling", "accept")
def test_an_xml_accept_spelled_another_way_gets_xml(client, workspace, accept):
    """Accept: Application/XML, or TEXT/Xml with a quoted charset, gets an XML contact (RFC 9110 §12.5.1)."""
    workspace.reset()  # a plain PUT first: one that fails without the Accept too is put.ok's to judge
    body = with_values(workspace.primary.snapshot, {"Name": "Accept spelled otherwise"})
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body, headers={"Accept": accept})
    with checks.collected() as expect:
        expect(checks.media_type_is, response, accept.split(";")[0].strip().lower(), requirement="accept.xml")
        expect(checks.xml_contact, response, workspace.primary.id, requirement="accept.xml")


@requirement("accept.json")
@draws("accept:spelling")
def test_a_json_accept_spelled_another_way_gets_that_json_type(client, workspace):
    """Accept: Text/JSON with a quoted, upper-case charset gets a text/json contact (RFC 9110 §12.5.1)."""
    workspace.reset()  # a plain PUT first: one that fails without the Accept too is put.ok's to judge
    body = with_values(workspace.primary.snapshot, {"Name": "Accept JSON spelled otherwise"})
    response = client.send(
        "PUT",
        client.contact_path(workspace.primary.id),
        json_body=body,
        headers={"Accept": 'Text/JSON; CHARSET="UTF-8"'},
    )
    with checks.collected() as expect:
        expect(checks.media_type_is, response, "text/json", requirement="accept.json")
        expect(checks.valid_contact, response, requirement="accept.json")


# --- XML booleans ---------------------------------------------------------------------------


@requirement("content.xml")
@drawing("body:xml-boolean", "spelling")
def test_xml_booleans_are_read_in_every_lexical_form(client, workspace, spelling):
    """XML booleans are xsd:boolean: 1 and 0 are true and false, blanks around are collapsed (XML Schema §3.2.2)."""
    no_mailing, xstop, expected = spelling
    body = with_values(
        workspace.primary.snapshot, {"Name": "Boolean spellings", "NoMailing": expected[0], "Xstop": expected[1]}
    )
    raw = xml_body(body).decode("utf-8")
    raw = re.sub(r"<NoMailing>(true|false)</NoMailing>", f"<NoMailing>{no_mailing}</NoMailing>", raw)
    raw = re.sub(r"<Xstop>(true|false)</Xstop>", f"<Xstop>{xstop}</Xstop>", raw)
    response = client.send(
        "PUT",
        client.contact_path(workspace.primary.id),
        body=raw.encode("utf-8"),
        headers={"Content-Type": "application/xml"},
    )
    saved = checks.valid_contact(response, requirement="content.xml")
    checks.echoed(body, saved, requirement="content.xml", fields=["Name", "NoMailing", "Xstop"])


# --- line endings inside strings ---------------------------------------------------------------


@requirement("put.echo", "put.persisted")
@draws("body:line-endings")
def test_line_endings_inside_strings_are_kept_exactly(client, workspace, target):
    """CR LF, a lone CR and a lone LF inside JSON strings come back and are read back by GET unchanged (RFC 8259 §7)."""
    body = with_values(
        workspace.primary.snapshot,
        {
            "Name": "Two\r\nlines",
            "Description": LINE_ENDINGS,
            "Emails": [{"Value": "line.endings@example.no", "Description": "work\rhome"}],
        },
    )
    written = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body)
    read = client.send("GET", client.contact_path(workspace.primary.id)) if target.has_get else None
    fields = ["Name", "Description", "Emails"]
    echoed_and_read_back(body, written, read, fields)


@requirement("content.xml")
@draws("body:xml-cr")
def test_a_carriage_return_sent_as_a_character_reference_is_saved(client, workspace):
    """In an XML body &#13; is a CR no parser normalises (XML 1.0 §2.11), so CR LF and a lone CR are saved exactly."""
    body = with_values(workspace.primary.snapshot, {"Name": "XML\r\nline endings", "Description": LINE_ENDINGS})
    response = put_xml(client, workspace.primary.id, body)
    saved = checks.valid_contact(response, requirement="content.xml")
    checks.echoed(body, saved, requirement="content.xml", fields=["Name", "Description"])


# --- $select --------------------------------------------------------------------------------


def _put(client, contact_id, body, select=None):
    params = None if select is None else {"$select": select}
    return client.send("PUT", client.contact_path(contact_id), json_body=body, params=params)


@requirement("select.projection")
@drawing("select:repeated", "select")
def test_a_name_selected_twice_is_selected_once(client, workspace, select):
    """A $select name given twice selects that property as if given once: Name and Department kept, the rest null."""
    body = with_values(workspace.primary.snapshot, {"Name": "Selected Twice AS", "Department": "Twice"})
    full = checks.valid_contact(_put(client, workspace.primary.id, body), requirement="put.ok")
    shaped = checks.valid_contact(
        _put(client, workspace.primary.id, body, select), requirement="select.projection", projected=True
    )
    checks.projected(full, shaped, {"Name": None, "Department": None}, requirement="select.projection")


@requirement("select.projection")
@pytest.mark.parametrize(
    "select", ["Category,category/id,Emails,emails/value", "emails/value,category/id,EMAILS,category"]
)
@draws("select:object-and-path")
def test_an_object_selected_with_a_path_into_it_is_kept_whole(client, workspace, select):
    """An object and a path into it, in either order, select the whole object: Category,category/id keeps Category."""
    values = {
        "Name": "Object And Path AS",
        "Category": {"Id": 1},
        "Emails": [{"Value": "object.path@example.no", "Description": "Work"}],
    }
    full = checks.valid_contact(
        _put(client, workspace.primary.id, with_values(workspace.primary.snapshot, values)), requirement="put.ok"
    )
    if not full.get("Category"):
        pytest.skip("the target did not keep Category 1, so there is no object to select")
    body = with_values(full, {})
    shaped = checks.valid_contact(
        _put(client, workspace.primary.id, body, select), requirement="select.projection", projected=True
    )
    checks.projected(full, shaped, {"Category": None, "Emails": None}, requirement="select.projection")
