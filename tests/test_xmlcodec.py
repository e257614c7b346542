"""The XML codec: exact DataContract-style shape, lossless round trips, and hostile input refused cleanly."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hostile_xml import BILLION_LAUGHS
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.spec import carriers
from conformance.spec import endpoint_page as page
from conformance.spec.xmlcodec import MAX_DEPTH, XSI, XmlBodyError, from_xml, to_xml

NIL = f"{{{XSI}}}nil"


def _tree(entity: dict, root: str = "ContactEntity") -> ET.Element:
    return ET.fromstring(to_xml(entity, root))


def _names(element: ET.Element) -> list[str]:
    return [child.tag for child in element]


# -- round trips -----------------------------------------------------------------------------------


@pytest.mark.parametrize("root", ["ContactEntity", "ContactEntityWithLinks"])
def test_sample_response_round_trips(root):
    sample = page.sample_response()
    assert from_xml(to_xml(sample, root)) == sample


def test_sample_request_round_trips():
    sample = page.sample_request()
    assert from_xml(to_xml(sample)) == sample


def test_keys_come_back_in_element_order():
    assert list(from_xml(to_xml(page.sample_response()))) == list(carriers.contact().properties)


xml_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")))
int32 = st.integers(-(2**31), 2**31 - 1)
nullable_text = st.none() | xml_text
rights = st.none() | st.fixed_dictionaries({"Mask": xml_text, "Reason": nullable_text})
field_properties = st.none() | st.dictionaries(
    xml_text,
    st.fixed_dictionaries({}, optional={"FieldRight": rights, "FieldType": xml_text, "FieldLength": int32}),
    max_size=2,
)
entity_element = st.fixed_dictionaries(
    {},
    optional={
        "Value": nullable_text,
        "StrippedValue": xml_text,
        "TableRight": rights,
        "FieldProperties": field_properties,
    },
)
category = st.fixed_dictionaries(
    {},
    optional={
        "Id": int32,
        "Value": nullable_text,
        "CategoryGroup": st.sampled_from(carriers.carriers()["Category"].properties["CategoryGroup"].choices),
        "EnableLeadStatus": st.booleans(),
        "FieldProperties": field_properties,
    },
)
partial_contacts = st.fixed_dictionaries(
    {},
    optional={
        "ContactId": int32,
        "Name": nullable_text,
        "Department": xml_text,
        "UpdatedDate": st.datetimes().map(lambda d: d.isoformat()),
        "Emails": st.none() | st.lists(entity_element, max_size=3),
        "Category": st.none() | category,
        "NoMailing": st.booleans(),
        "Deleted": int32,
        "Domains": st.none() | st.lists(xml_text, max_size=3),
        "UserDefinedFields": st.none() | st.dictionaries(xml_text, xml_text, max_size=3),
    },
)


@settings(max_examples=200)
@given(partial_contacts)
def test_generated_partial_contacts_round_trip(contact):
    assert from_xml(to_xml(contact)) == contact


AWKWARD_STRINGS = ["", " ", "  padded  ", "line\nbreak", "cr\rlf\r\n", "\ttab", "<&>\"'", "]]>", "&amp;"]
AWKWARD_STRINGS += ["日本語 😀", "\x7f\x85"]  # DEL and NEL are legal XML 1.0 characters


@pytest.mark.parametrize("text", AWKWARD_STRINGS)
def test_awkward_strings_round_trip(text):
    contact = {"Name": text, "Domains": [text], "UserDefinedFields": {text: text}}
    assert from_xml(to_xml(contact)) == contact


def test_doubles_round_trip_exactly():
    for latitude in (59.91892, 0.1 + 0.2, -0.0, 1e-300, 1.7976931348623157e308, 0):
        contact = {"Address": {"Wgs84Latitude": latitude, "Wgs84Longitude": 10.73159}}
        assert from_xml(to_xml(contact)) == contact


# -- the exact shape -----------------------------------------------------------------------------------


def test_document_starts_with_a_declaration_and_declares_xsi():
    data = to_xml({"ContactId": 1}, "ContactEntityWithLinks")
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert b'<ContactEntityWithLinks xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' in data


def test_properties_are_written_in_the_carriers_order_and_unknown_keys_left_out():
    root = _tree({"Xstop": True, "Bogus": 1, "Name": "N", "ContactId": 7})
    assert root.tag == "ContactEntity"
    assert _names(root) == ["ContactId", "Name", "Xstop"]


def test_scalars_are_written_as_xml_schema_text():
    root = _tree({"ContactId": 123, "Name": "a < b", "NoMailing": True, "Xstop": False, "Deleted": -5.0})
    assert [child.text for child in root] == ["123", "a < b", "true", "false", "-5"]
    address = _tree({"Address": {"Wgs84Latitude": 59.91892}}).find("Address/Wgs84Latitude")
    assert address.text == "59.91892"


def test_null_is_written_as_xsi_nil():
    data = to_xml({"Category": None, "Emails": None, "Name": None})
    assert b'<Category xsi:nil="true"/>' in data
    root = ET.fromstring(data)
    assert [child.get(NIL) for child in root] == ["true", "true", "true"]
    assert all(child.text is None and len(child) == 0 for child in root)


def test_empty_string_array_and_map_are_empty_elements():
    root = _tree({"Department": "", "Emails": [], "UserDefinedFields": {}})
    assert [(child.text, len(child), child.get(NIL)) for child in root] == [(None, 0, None)] * 3


def test_array_items_are_named_after_their_type():
    root = _tree(page.sample_response())
    assert _names(root.find("Emails")) == ["EntityElement", "EntityElement"]
    assert _names(root.find("Persons")) == ["Person"]
    assert _names(root.find("Domains")) == ["string", "string"]
    assert [d.text for d in root.find("Domains")] == ["possimus", "sequi"]
    assert _names(root.find("Interests")) == ["SelectableMDOListItem"]
    assert _names(root.find("Interests/SelectableMDOListItem/ChildItems")) == ["SelectableMDOListItem"] * 2


def test_nested_array_items_are_named_array_of_the_inner_type():
    address = {"LocalizedAddress": [[{"Name": "Address1", "Value": "Brugata 1"}], []]}
    localized = _tree({"Address": address}).find("Address/LocalizedAddress")
    assert _names(localized) == ["ArrayOfLocalizedField", "ArrayOfLocalizedField"]
    assert _names(localized[0]) == ["LocalizedField"]
    assert localized.find("ArrayOfLocalizedField/LocalizedField/Value").text == "Brugata 1"


def test_string_maps_are_key_value_of_string_string():
    fields = _tree(page.sample_response()).find("UserDefinedFields")
    assert _names(fields) == ["KeyValueOfstringstring"] * 2
    assert [(_names(entry), entry.findtext("Key"), entry.findtext("Value")) for entry in fields] == [
        (["Key", "Value"], "SuperOffice:1", "Bridgette Herzog"),
        (["Key", "Value"], "SuperOffice:2", "Karolann Tremblay"),
    ]


def test_field_properties_values_hold_the_field_property_elements():
    properties = _tree(page.sample_response()).find("FieldProperties")
    assert _names(properties) == ["KeyValueOfstringFieldProperty"]
    value = properties.find("KeyValueOfstringFieldProperty/Value")
    assert _names(value) == ["FieldRight", "FieldType", "FieldLength"]
    assert value.find("FieldRight").get(NIL) == "true"
    assert value.findtext("FieldLength") == "756"


# -- output XML 1.0 cannot carry -----------------------------------------------------------------------


NOT_XML_CHARS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ud800", "\udfff", "\ufffe", "\uffff"]


@pytest.mark.parametrize("bad", NOT_XML_CHARS)
def test_characters_xml_cannot_carry_are_written_as_replacement_characters(bad):
    data = to_xml({"Name": f"a{bad}b", "UserDefinedFields": {f"k{bad}": f"v{bad}"}})
    root = ET.fromstring(data)
    assert root.findtext("Name") == "a\ufffdb"
    assert from_xml(data) == {"Name": "a\ufffdb", "UserDefinedFields": {"k\ufffd": "v\ufffd"}}


def test_every_character_xml_allows_survives():
    allowed = "\t\n\r" + "".join(map(chr, range(0x20, 0xD800, 97))) + "\ue000\ufffd\U00010000\U0010ffff"
    assert from_xml(to_xml({"Name": allowed})) == {"Name": allowed}


# -- reading what others write ---------------------------------------------------------------------------------

DATACONTRACT_BODY = b"""<?xml version="1.0" encoding="utf-8"?>
<ContactEntity xmlns="http://schemas.datacontract.org/2004/07/SuperOffice.CRM.Services"
               xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
  <ContactId>123</ContactId>
  <Name>Acme &amp; Co</Name>
  <Department/>
  <Emails>
    <EntityElement><Value>a@example.com</Value><TableRight i:nil="true"/></EntityElement>
  </Emails>
  <Category i:nil="true"/>
  <NoMailing>1</NoMailing>
  <Domains xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays">
    <a:string>example.com</a:string>
    <a:string i:nil="1"/>
  </Domains>
  <UserDefinedFields xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays">
    <a:KeyValueOfstringstring><a:Key>SuperOffice:1</a:Key><a:Value>x</a:Value></a:KeyValueOfstringstring>
  </UserDefinedFields>
</ContactEntity>
"""


def test_reads_datacontract_xml_with_a_default_namespace_and_another_xsi_prefix():
    assert from_xml(DATACONTRACT_BODY) == {
        "ContactId": 123,
        "Name": "Acme & Co",
        "Department": "",
        "Emails": [{"Value": "a@example.com", "TableRight": None}],
        "Category": None,
        "NoMailing": True,
        "Domains": ["example.com", None],
        "UserDefinedFields": {"SuperOffice:1": "x"},
    }


def test_a_nil_attribute_outside_the_xsi_namespace_is_not_a_null():
    assert from_xml(b'<ContactEntity xmlns:x="urn:other"><Name x:nil="true">n</Name></ContactEntity>') == {"Name": "n"}


def test_lenient_reading_of_names_order_whitespace_and_unknown_elements():
    body = b"""<ContactEntityWithLinks>
      <xstop>0</xstop><Unknown><Deep>1</Deep></Unknown><CONTACTID> +042 </CONTACTID>
      <category><id>3</id><ID2>x</ID2></category><Emails></Emails><ExtraFields/>
    </ContactEntityWithLinks>"""
    result = from_xml(body)
    assert result == {"Xstop": False, "ContactId": 42, "Category": {"Id": 3}, "Emails": [], "ExtraFields": {}}
    assert list(result) == ["Xstop", "ContactId", "Category", "Emails", "ExtraFields"]


def test_an_empty_root_is_an_empty_contact():
    assert from_xml(b"<ContactEntity/>") == {}


def test_nesting_up_to_the_limit_is_accepted():
    depth_below_root = MAX_DEPTH - 1
    body = b"<ContactEntity>" + b"<x>" * depth_below_root + b"</x>" * depth_below_root + b"</ContactEntity>"
    assert from_xml(body) == {}


# -- refused input -----------------------------------------------------------------------------------------------


def _deep(levels: int) -> bytes:
    return b"<ContactEntity>" + b"<Name>" * levels + b"</Name>" * levels + b"</ContactEntity>"


REFUSED = [
    pytest.param(BILLION_LAUGHS, "forbidden", id="billion-laughs"),
    pytest.param(
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ContactEntity><Name>&e;</Name></ContactEntity>',
        "forbidden",
        id="external-entity",
    ),
    pytest.param(b"<!DOCTYPE ContactEntity><ContactEntity/>", "forbidden", id="plain-dtd"),
    pytest.param(b"<ContactEntity><Name>\xff\xfe\xc3</Name></ContactEntity>", "malformed", id="invalid-utf8"),
    pytest.param(b'<?xml version="1.0" encoding="x-unknown"?><ContactEntity/>', "malformed", id="unknown-encoding"),
    pytest.param(b"<ContactEntity><Name>x</ContactEntity>", "malformed", id="mismatched-tag"),
    pytest.param(b"", "malformed", id="empty-body"),
    pytest.param(b'{"ContactId": 1}', "malformed", id="json-body"),
    pytest.param(_deep(10_000), "deeper than 32", id="10000-deep"),
    pytest.param(_deep(MAX_DEPTH), "deeper than 32", id="33-deep"),
    pytest.param(b"<Contact><ContactId>1</ContactId></Contact>", "root element is <Contact>", id="wrong-root"),
    pytest.param(b'<ContactEntity xmlns:i="' + XSI.encode() + b'" i:nil="1"/>', "root element is nil", id="nil-root"),
    pytest.param(
        b"<ContactEntity><ContactId>abc</ContactId></ContactEntity>", "ContactEntity/ContactId: 'abc'", id="int"
    ),
    pytest.param(b"<ContactEntity><ContactId/></ContactEntity>", "ContactEntity/ContactId: ''", id="empty-int"),
    pytest.param(b"<ContactEntity><ContactId>1_000</ContactId></ContactEntity>", "not an int32", id="int-underscore"),
    pytest.param(b"<ContactEntity><ContactId>2147483648</ContactId></ContactEntity>", "not an int32", id="int32-max"),
    pytest.param(b"<ContactEntity><Deleted>-2147483649</Deleted></ContactEntity>", "not an int32", id="int32-min"),
    pytest.param(b"<ContactEntity><Deleted>" + b"9" * 5000 + b"</Deleted></ContactEntity>", "not an int32", id="huge"),
    pytest.param(b"<ContactEntity><NoMailing>maybe</NoMailing></ContactEntity>", "NoMailing: 'maybe'", id="bool"),
    pytest.param(b"<ContactEntity><NoMailing>True</NoMailing></ContactEntity>", "is not a bool", id="bool-case"),
    pytest.param(
        b"<ContactEntity><Address><Wgs84Latitude>NaN</Wgs84Latitude></Address></ContactEntity>",
        "ContactEntity/Address/Wgs84Latitude: 'NaN' is not a finite double",
        id="nan",
    ),
    pytest.param(
        b"<ContactEntity><Address><Wgs84Latitude>1e999</Wgs84Latitude></Address></ContactEntity>",
        "is not a finite double",
        id="double-overflow",
    ),
    pytest.param(
        b"<ContactEntity><Persons><Person/><Person><Rank>x</Rank></Person></Persons></ContactEntity>",
        "ContactEntity/Persons/Person[2]/Rank",
        id="path-into-array",
    ),
    pytest.param(
        b"<ContactEntity><FieldProperties><KeyValueOfstringFieldProperty><Key>k</Key><Value><FieldLength>x"
        b"</FieldLength></Value></KeyValueOfstringFieldProperty></FieldProperties></ContactEntity>",
        "ContactEntity/FieldProperties/KeyValueOfstringFieldProperty[1]/Value/FieldLength",
        id="path-into-map",
    ),
    pytest.param(b"<ContactEntity><Name><b>x</b></Name></ContactEntity>", "expected text", id="element-in-string"),
    pytest.param(b"<ContactEntity><Emails>a@b.c</Emails></ContactEntity>", "expected elements", id="text-for-array"),
    pytest.param(b"<ContactEntity><Category>3</Category></ContactEntity>", "expected elements", id="text-for-carrier"),
    pytest.param(
        b"<ContactEntity><ExtraFields><KeyValueOfstringstring><Key>k</Key></KeyValueOfstringstring></ExtraFields>"
        b"</ContactEntity>",
        "needs a Key and a Value",
        id="map-entry-without-value",
    ),
    pytest.param(b"<ContactEntity><Name>a</Name><name>b</name></ContactEntity>", "more than once", id="duplicate"),
]


@pytest.mark.parametrize(("body", "message"), REFUSED)
def test_unreadable_bodies_raise_xml_body_error_saying_why(body, message):
    with pytest.raises(XmlBodyError) as raised:
        from_xml(body)
    assert type(raised.value) is XmlBodyError
    assert message in str(raised.value)


@settings(max_examples=200)
@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: b"<ContactEntity>" + t.encode("utf-8", "replace")))
def test_arbitrary_bytes_give_a_contact_or_xml_body_error(data):
    try:
        assert isinstance(from_xml(data), dict)
    except XmlBodyError:
        pass
