"""dumps_xml and the streaming XmlWriter: exact text, escaping, refusals, validity."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree

from nwx_schema.conversion.xml_writer import XmlWriter, dumps_xml
from nwx_schema.errors import InvalidPayloadError
from nwx_schema.schemas import xml_schema
from nwx_schema.versions import Kind

NS = "http://schemas.netwrix.com/api/v1/activity_records/"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _record(**extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "Who": "CORP\\jdoe",
        "Action": "Modified",
        "What": "\\\\fs01\\hr\\salaries.xlsx",
        "When": "2024-05-02T08:15:00+02:00",
        "Where": "fs01.corp.example",
        "ObjectType": "File",
    }
    record.update(extra)
    return record


def _parse(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"))


def test_input_document_is_written_pretty_in_key_order() -> None:
    record = _record(
        MonitoringPlan={"Name": "Custom Sources"},
        Item={"Name": "HR app"},
        IsArchiveOnly=False,
        DetailList=[{"PropertyName": "Size", "Before": "10", "After": ""}],
    )
    assert dumps_xml([record], version="9.0", kind="input") == (
        HEAD + f'<ActivityRecordList xmlns="{NS}">\n'
        "  <ActivityRecord>\n"
        "    <Who>CORP\\jdoe</Who>\n"
        "    <Action>Modified</Action>\n"
        "    <What>\\\\fs01\\hr\\salaries.xlsx</What>\n"
        "    <When>2024-05-02T08:15:00+02:00</When>\n"
        "    <Where>fs01.corp.example</Where>\n"
        "    <ObjectType>File</ObjectType>\n"
        "    <MonitoringPlan>\n"
        "      <Name>Custom Sources</Name>\n"
        "    </MonitoringPlan>\n"
        "    <Item>\n"
        "      <Name>HR app</Name>\n"
        "    </Item>\n"
        "    <IsArchiveOnly>false</IsArchiveOnly>\n"
        "    <DetailList>\n"
        "      <Detail>\n"
        "        <PropertyName>Size</PropertyName>\n"
        "        <Before>10</Before>\n"
        "        <After/>\n"
        "      </Detail>\n"
        "    </DetailList>\n"
        "  </ActivityRecord>\n"
        "</ActivityRecordList>\n"
    )


def test_compact_writes_one_line_after_the_declaration() -> None:
    text = dumps_xml([_record(Who="a")], version="9.0", kind="input", pretty=False)
    assert text == (
        HEAD + f'<ActivityRecordList xmlns="{NS}"><ActivityRecord><Who>a</Who><Action>Modified</Action>'
        "<What>\\\\fs01\\hr\\salaries.xlsx</What><When>2024-05-02T08:15:00+02:00</When>"
        "<Where>fs01.corp.example</Where><ObjectType>File</ObjectType></ActivityRecord>"
        "</ActivityRecordList>\n"
    )


@pytest.mark.parametrize(
    "value",
    [
        "Ally & Sons <admins>",
        "  leading and trailing  ",
        "   ",
        "line1\r\nline2\rline3\n",
        "tab\there",
        "0042",
        "Jörg 日本 \U0001f600 \U00010348",
        "]]> and &amp; literally",
        "\"quoted\" 'apostrophe'",
    ],
)
def test_text_values_survive_an_xml_parser_exactly(value: str) -> None:
    text = dumps_xml(
        [_record(What=value, DetailList=[{"PropertyName": "p", "After": value}])], version="9.0", kind="input"
    )
    root = _parse(text)
    assert root.findtext(f"{{{NS}}}ActivityRecord/{{{NS}}}What") == value
    assert root.findtext(f".//{{{NS}}}After") == value


def test_carriage_return_is_written_as_a_character_reference() -> None:
    text = dumps_xml([_record(What="a\r\nb")], version="9.0", kind="input", pretty=False)
    assert "<What>a&#13;\nb</What>" in text


def test_output_document_puts_the_continuation_mark_first() -> None:
    document = {"ActivityRecordList": [_record(RID="r1")], "ContinuationMark": "PG5y+/=="}
    text = dumps_xml(document, version="9.0", kind="output", pretty=False)
    assert text.startswith(
        HEAD
        + f'<ActivityRecordList xmlns="{NS}"><ContinuationMark>PG5y+/==</ContinuationMark><ActivityRecord><Who>'
    )


def test_empty_output_documents() -> None:
    assert dumps_xml({"ActivityRecordList": []}, version="9.0", kind="output") == (
        HEAD + f'<ActivityRecordList xmlns="{NS}"/>\n'
    )
    assert dumps_xml({"ActivityRecordList": [], "ContinuationMark": "m"}, version="9.0", kind="output") == (
        HEAD
        + f'<ActivityRecordList xmlns="{NS}">\n  <ContinuationMark>m</ContinuationMark>\n</ActivityRecordList>\n'
    )


def test_search_filters_map_to_repeated_elements_and_operator_attributes() -> None:
    document = {
        "ContinuationMark": "m",
        "FilterList": {
            "Who": {"InGroup": "CORP\\Domain Admins", "Equals": "x"},
            "DataSource": "Netwrix API",
            "Action": ["Added", "Removed"],
            "When": [
                {"LastSevenDays": ""},
                {"NotEqualTo": {"From": "2024-05-01T00:00:00Z", "To": "2024-05-08T00:00:00Z"}},
            ],
            "WorkingHours": {"From": "09:00:00Z", "To": "17:00:00Z"},
        },
    }
    assert dumps_xml(document, version="9.0", kind="search") == (
        HEAD + f'<ActivityRecordSearch xmlns="{NS}">\n'
        "  <ContinuationMark>m</ContinuationMark>\n"
        "  <FilterList>\n"
        '    <Who Operator="InGroup">CORP\\Domain Admins</Who>\n'
        '    <Who Operator="Equals">x</Who>\n'
        "    <DataSource>Netwrix API</DataSource>\n"
        "    <Action>Added</Action>\n"
        "    <Action>Removed</Action>\n"
        "    <When>\n"
        "      <LastSevenDays/>\n"
        "    </When>\n"
        '    <When Operator="NotEqualTo">\n'
        "      <From>2024-05-01T00:00:00Z</From>\n"
        "      <To>2024-05-08T00:00:00Z</To>\n"
        "    </When>\n"
        "    <WorkingHours>\n"
        "      <From>09:00:00Z</From>\n"
        "      <To>17:00:00Z</To>\n"
        "    </WorkingHours>\n"
        "  </FilterList>\n"
        "</ActivityRecordSearch>\n"
    )


def test_operator_attribute_escapes_quotes_and_whitespace() -> None:
    text = dumps_xml({"FilterList": {"Who": {'a"b\tc\nd': "v"}}}, version="9.0", kind="search", pretty=False)
    assert '<Who Operator="a&quot;b&#9;c&#10;d">v</Who>' in text
    assert _parse(text).find(f".//{{{NS}}}Who").get("Operator") == 'a"b\tc\nd'  # type: ignore[union-attr]


def test_continuation_and_errors_documents() -> None:
    assert dumps_xml("PG5y\nAA==", version="9.0", kind="continuation") == (
        HEAD + f'<ContinuationMark xmlns="{NS}">PG5y\nAA==</ContinuationMark>\n'
    )
    errors = {"ErrorList": [{"Category": "XMLError", "Description": "bad", "Location": "line 1"}]}
    assert dumps_xml(errors, version="8.5", kind="errors", pretty=False) == (
        HEAD + '<ErrorList xmlns="http://schemas.netwrix.com/api/v1/"><Error><Category>XMLError</Category>'
        "<Description>bad</Description><Location>line 1</Location></Error></ErrorList>\n"
    )


def test_legacy_8_5_record_fields_are_written() -> None:
    text = dumps_xml([_record(AuditedSystem="Exchange", ManagedObject="Plan A")], version="8.5", kind="input")
    assert "<AuditedSystem>Exchange</AuditedSystem>" in text
    assert "<ManagedObject>Plan A</ManagedObject>" in text
    assert xml_schema("8.5", "input").validate(_parse(text))


@pytest.mark.parametrize("pretty", [True, False])
def test_written_documents_are_valid_against_the_bundled_xsd(pretty: bool) -> None:
    cases: list[tuple[Kind, Any]] = [
        ("input", [_record(IsArchiveOnly=True, DetailList=[{"PropertyName": "p"}])]),
        (
            "output",
            {"ActivityRecordList": [_record(RID="r", DataSource="Netwrix API")], "ContinuationMark": "m"},
        ),
        ("search", {"FilterList": {"Who": ["a", {"NotInGroup": "b"}], "When": {"Today": ""}}}),
        ("continuation", "mark"),
        ("errors", {"ErrorList": [{"Category": "InputError", "Description": ""}]}),
    ]
    kind: Kind
    for kind, document in cases:
        schema = xml_schema("9.0", kind)
        root = _parse(dumps_xml(document, version="9.0", kind=kind, pretty=pretty))
        assert schema.validate(root), (kind, schema.error_log)


def test_characters_xml_cannot_carry_are_refused_with_located_findings() -> None:
    document = [_record(), _record(Who="a\x01b", DetailList=[{"PropertyName": "p", "After": "\x1f"}])]
    with pytest.raises(InvalidPayloadError) as caught:
        dumps_xml(document, version="9.0", kind="input")
    issues = caught.value.issues
    assert [(i.code, i.pointer, i.xpath, i.record) for i in issues] == [
        ("NWX110", "/1/Who", "/ActivityRecordList/ActivityRecord[2]/Who", 1),
        (
            "NWX110",
            "/1/DetailList/0/After",
            "/ActivityRecordList/ActivityRecord[2]/DetailList/Detail[1]/After",
            1,
        ),
    ]
    assert (
        issues[0].message
        == "U+0001 (a control character) at offset 1 of the value cannot be written in XML 1.0"
    )
    assert all(i.severity == "error" for i in issues)


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x0c", "\ufffe", "\uffff", "\ud800"])
def test_every_forbidden_character_is_refused(char: str) -> None:
    with pytest.raises(InvalidPayloadError) as caught:
        dumps_xml({"FilterList": {"Who": {"Equals": f"x{char}"}}}, version="9.0", kind="search")
    (issue,) = caught.value.issues
    assert (issue.code, issue.pointer, issue.xpath) == (
        "NWX110",
        "/FilterList/Who/Equals",
        "/ActivityRecordSearch/FilterList/Who[@Operator='Equals']",
    )


def test_values_with_no_xml_form_are_refused() -> None:
    with pytest.raises(InvalidPayloadError) as caught:
        dumps_xml([_record(Who=None, **{"Monitoring Plan": "x"})], version="9.0", kind="input")
    assert [(i.code, i.pointer) for i in caught.value.issues] == [
        ("NWX700", "/0/Who"),
        ("NWX700", "/0/Monitoring Plan"),
    ]


def test_unknown_fields_are_written_generically_in_best_effort() -> None:
    text = dumps_xml([_record(Extra={"A": "1", "B": 2})], version="9.0", kind="input", pretty=False)
    assert "<Extra><A>1</A><B>2</B></Extra>" in text


def test_streaming_writer_spools_records_until_a_late_continuation_mark() -> None:
    chunks: list[str] = []
    writer = XmlWriter(chunks.append, version="9.0", kind="output", pretty=False, mark_may_follow=True)
    writer.record(_record(Who="first"))
    writer.record(_record(Who="second"))
    assert chunks == []
    writer.mark("late")
    writer.record(_record(Who="third"))
    writer.close()
    root = _parse("".join(chunks))
    assert [etree.QName(child).localname for child in root] == ["ContinuationMark", *["ActivityRecord"] * 3]
    assert root[0].text == "late"
    assert [r.findtext(f"{{{NS}}}Who") for r in list(root)[1:]] == ["first", "second", "third"]
    assert writer.records == 3


def test_streaming_writer_without_a_mark_writes_spooled_records_at_close() -> None:
    chunks: list[str] = []
    writer = XmlWriter(chunks.append, version="9.0", kind="output", mark_may_follow=True)
    writer.record(_record())
    writer.close()
    root = _parse("".join(chunks))
    assert [etree.QName(child).localname for child in root] == ["ActivityRecord"]


def _discard(text: str) -> None:
    del text


def test_streaming_writer_refuses_misuse() -> None:
    writer = XmlWriter(_discard, version="9.0", kind="input")
    with pytest.raises(ValueError, match="no continuation mark"):
        writer.mark("m")
    out = XmlWriter(_discard, version="9.0", kind="output")
    out.record(_record())
    with pytest.raises(ValueError, match="before the first record"):
        out.mark("m")
