"""validate(): what it finds, and exactly where, for XML and JSON."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from nwx_schema.errors import UnknownKindError, UnknownVersionError
from nwx_schema.issues import Issue
from nwx_schema.validation import iter_issues, validate

NS = "http://schemas.netwrix.com/api/v1/activity_records/"

GOOD_XML = f"""<?xml version="1.0" encoding="utf-8"?>
<ActivityRecordList xmlns="{NS}">
  <ActivityRecord>
    <Who>CORP\\jdoe</Who>
    <Action>Modified</Action>
    <What>\\\\fs01\\hr\\salaries.xlsx</What>
    <When>2024-05-02T08:15:00+02:00</When>
    <Where>fs01.corp.example</Where>
    <ObjectType>File</ObjectType>
    <MonitoringPlan><Name>Custom Sources</Name></MonitoringPlan>
    <Item><Name>HR app</Name></Item>
    <DetailList>
      <Detail><PropertyName>Size</PropertyName><Before>10</Before><After>12</After></Detail>
    </DetailList>
  </ActivityRecord>
</ActivityRecordList>
"""

GOOD_JSON = """[
  {"Who": "CORP\\\\jdoe", "Action": "Modified", "What": "\\\\\\\\fs01\\\\hr\\\\salaries.xlsx",
   "When": "2024-05-02T06:15:00Z", "Where": "fs01.corp.example", "ObjectType": "File",
   "MonitoringPlan": {"Name": "Custom Sources"}, "Item": {"Name": "HR app"},
   "DetailList": [{"PropertyName": "Size", "Before": "10", "After": "12"}]}
]
"""


def found(issues: list[Issue]) -> set[tuple[str, str | None, int | None, int | None]]:
    return {(i.code, i.pointer, i.line, i.column) for i in issues}


def codes(source: object, **kw: str) -> set[str]:
    return {i.code for i in validate(source, **kw).issues}  # type: ignore[arg-type]


def test_valid_xml_reports_nothing_and_what_it_detected() -> None:
    report = validate(GOOD_XML.encode())
    assert report.issues == []
    assert (report.format, report.kind, report.api_version, report.records, report.valid) == (
        "xml",
        "input",
        "9.0",
        1,
        True,
    )


def test_valid_json_reports_nothing() -> None:
    report = validate(GOOD_JSON.encode())
    assert report.issues == []
    assert (report.format, report.kind, report.api_version, report.records) == ("json", "input", "9.0", 1)


def test_missing_field_is_reported_even_next_to_an_unexpected_one_no_masking() -> None:
    xml = GOOD_XML.replace("<Who>CORP\\jdoe</Who>", "<Severity>High</Severity>")
    report = validate(xml.encode())
    assert found(report.issues) == {
        ("NWX300", "/0/Who", 3, 3),
        ("NWX301", "/0/Severity", 4, 5),
    }
    assert report.issues[0].xpath == "/ActivityRecordList/ActivityRecord[1]/Who"
    assert report.issues[0].record == 0


def test_json_and_xml_report_the_same_codes_at_the_same_pointers() -> None:
    xml = (
        GOOD_XML.replace("<Who>CORP\\jdoe</Who>", "<who>x</who>")
        .replace("Modified", "Add (failed attempt)")
        .replace("08:15:00+02:00", "08:15:00")
        .replace("<PropertyName>Size</PropertyName>", "")
    )
    json = (
        GOOD_JSON.replace('"Who": "CORP\\\\jdoe"', '"who": "x"')
        .replace("Modified", "Add (failed attempt)")
        .replace("06:15:00Z", "06:15:00")
        .replace('"PropertyName": "Size", ', "")
    )
    by_xml = {(i.code, i.pointer) for i in validate(xml.encode()).issues}
    by_json = {(i.code, i.pointer) for i in validate(json.encode()).issues}
    assert (
        by_xml
        == by_json
        == {
            ("NWX300", "/0/Who"),
            ("NWX301", "/0/who"),
            ("NWX400", "/0/Action"),
            ("NWX402", "/0/When"),
            ("NWX300", "/0/DetailList/0/PropertyName"),
        }
    )


def test_json_positions_are_line_and_column_of_the_value_or_key() -> None:
    doc = '[\n  {"Who": 5,\n   "Bogus": "x"}\n]'
    report = validate(doc.encode(), kind="input")
    by_code = {i.code: i for i in report.issues}
    assert (by_code["NWX303"].line, by_code["NWX303"].column) == (2, 11)
    assert (by_code["NWX301"].line, by_code["NWX301"].column) == (3, 4)
    missing = [i for i in report.issues if i.code == "NWX300"]
    assert {(i.line, i.column) for i in missing} == {(2, 3)}


def test_duplicate_json_key_is_an_error_at_the_second_key() -> None:
    doc = b'[{"Action": "Added", "Action": "Removed"}]'
    issues = [i for i in validate(doc).issues if i.code == "NWX302"]
    assert [(i.pointer, i.line, i.column) for i in issues] == [("/0/Action", 1, 22)]


def test_repeated_xml_element_is_the_same_finding_as_a_duplicate_key() -> None:
    xml = GOOD_XML.replace("<Action>Modified</Action>", "<Action>Modified</Action><Action>Read</Action>")
    issues = [i for i in validate(xml.encode()).issues if i.code == "NWX302"]
    assert [(i.pointer, i.line, i.column) for i in issues] == [("/0/Action", 5, 30)]


def test_trailing_comma_is_an_error_at_the_comma() -> None:
    assert found(validate(b'[{"Who": "a",}]').issues) == {("NWX104", None, 1, 13)}


def test_invalid_backslash_escape_says_how_to_fix_it() -> None:
    (issue,) = validate(b'[{"Who": "CORP\\jdoe"}]').issues
    assert issue.code == "NWX103"
    assert "\\\\" in issue.message and (issue.line, issue.column) == (1, 15)


@pytest.mark.parametrize(
    ("doc", "code"),
    [
        (b"", "NWX100"),
        (b"   \n\t ", "NWX100"),
        (b"Who=jdoe", "NWX101"),
        (b"<a><b></a>", "NWX102"),
        (b'{"a": NaN}', "NWX103"),
        (b"[1, 2", "NWX103"),
        (b"[] []", "NWX103"),
    ],
)
def test_unreadable_content_is_a_finding_not_an_exception(doc: bytes, code: str) -> None:
    report = validate(doc)
    assert code in {i.code for i in report.issues}
    assert not report.valid


def test_namespace_without_trailing_slash_gives_the_right_one() -> None:
    xml = GOOD_XML.replace(NS, NS.rstrip("/"))
    (issue,) = validate(xml.encode()).issues
    assert issue.code == "NWX202" and NS in issue.message and "trailing slash" in issue.message


def test_missing_namespace() -> None:
    xml = GOOD_XML.replace(f' xmlns="{NS}"', "")
    assert codes(xml.encode()) == {"NWX201"}


def test_error_namespace_on_records_is_named() -> None:
    xml = GOOD_XML.replace(NS, "http://schemas.netwrix.com/api/v1/")
    (issue,) = validate(xml.encode()).issues
    assert issue.code == "NWX202" and "error lists" in issue.message


def test_child_in_another_namespace_is_reported() -> None:
    xml = GOOD_XML.replace("<Who>CORP\\jdoe</Who>", '<Who xmlns="">CORP\\jdoe</Who>')
    assert codes(xml.encode()) == {"NWX206"}


def test_legacy_names_in_9_0_say_what_replaces_them_and_the_migrate_command() -> None:
    doc = GOOD_JSON.replace(
        '"MonitoringPlan": {"Name": "Custom Sources"}', '"ManagedObject": "Custom Sources"'
    )
    (issue,) = validate(doc.encode(), api_version="9.0").issues
    assert issue.code == "NWX307"
    assert "MonitoringPlan/Name" in issue.message and "nwx-schema migrate" in issue.message


def test_version_is_detected_from_legacy_names() -> None:
    doc = (
        b'[{"Who": "a", "Action": "Read", "What": "w", "When": "2024-01-01T00:00:00Z", "Where": "h",'
        b' "ObjectType": "o", "ManagedObject": "Plan", "AuditedSystem": "App"}]'
    )
    report = validate(doc)
    assert report.api_version == "8.5" and report.issues == []


def test_9_0_names_in_8_5() -> None:
    assert codes(GOOD_JSON.encode(), api_version="8.5") >= {"NWX308"}


def test_product_release_is_accepted_as_version() -> None:
    assert validate(GOOD_JSON.encode(), api_version="10.7").api_version == "9.0"
    with pytest.raises(UnknownVersionError):
        validate(GOOD_JSON.encode(), api_version="7.0")
    with pytest.raises(UnknownKindError):
        validate(GOOD_JSON.encode(), kind="records")


def test_action_case_variant_gets_the_right_spelling() -> None:
    doc = GOOD_JSON.replace("Modified", "successful logon")
    (issue,) = validate(doc.encode()).issues
    assert issue.code == "NWX400" and "'Successful Logon'" in issue.message


@pytest.mark.parametrize(
    ("when", "code"),
    [
        ("2024-05-02T06:15:00", "NWX402"),
        ("2024-05-02 06:15:00", "NWX402"),
        ("2024-02-30T06:15:00Z", "NWX403"),
        ("2023-02-29T06:15:00Z", "NWX403"),
        ("\\\\/Date(1487086954000)\\\\/", "NWX404"),
        ("2024-05-02T06:15Z", "NWX401"),
        ("2024-05-02T06:15:00+0200", "NWX401"),
        ("2024-05-02T24:00:00Z", "NWX403"),
        ("2024-13-02T10:00:00Z", "NWX403"),
        ("0000-01-02T10:00:00Z", "NWX403"),
        ("2024-05-02t10:00:00z", "NWX401"),
        ("2024-05-02T10:00:00+15:00", "NWX401"),
        ("02/05/2024 06:15", "NWX401"),
    ],
)
def test_when_errors(when: str, code: str) -> None:
    doc = GOOD_JSON.replace("2024-05-02T06:15:00Z", when)
    assert codes(doc.encode()) == {code}


@pytest.mark.parametrize(
    "when",
    [
        "2024-02-29T06:15:00Z",
        "2024-05-02T06:15:00.1234567+03:00",
        "2024-05-02T06:15:00-11:00",
        "0001-01-01T00:00:00+14:00",
    ],
)
def test_when_accepted_forms(when: str) -> None:
    doc = GOOD_JSON.replace("2024-05-02T06:15:00Z", when)
    assert validate(doc.encode()).issues == []


def test_output_only_fields_in_input() -> None:
    doc = GOOD_JSON.replace('"Who"', '"RID": "2024", "Who"').replace('"Before": "10"', '"Message": "m"')
    assert {(i.code, i.pointer) for i in validate(doc.encode()).issues} == {
        ("NWX306", "/0/RID"),
        ("NWX306", "/0/DetailList/0/Message"),
    }


def test_datasource_in_input_is_a_warning_only() -> None:
    doc = GOOD_JSON.replace('"Who"', '"DataSource": "My app", "Who"')
    report = validate(doc.encode())
    assert report.valid and [(i.code, i.severity) for i in report.issues] == [("NWX600", "warning")]


def test_advice_warnings_for_missing_plan_and_item() -> None:
    doc = GOOD_JSON.replace('"MonitoringPlan": {"Name": "Custom Sources"}, "Item": {"Name": "HR app"},', "")
    report = validate(doc.encode())
    assert report.valid
    assert {(i.code, i.pointer) for i in report.issues} == {
        ("NWX603", "/0/MonitoringPlan/Name"),
        ("NWX604", "/0/Item/Name"),
    }


def test_powershell_depth_truncation() -> None:
    doc = GOOD_JSON.replace(
        '[{"PropertyName": "Size", "Before": "10", "After": "12"}]', '"System.Collections.Hashtable"'
    )
    (issue,) = validate(doc.encode()).issues
    assert issue.code == "NWX406" and "-Depth" in issue.message and issue.pointer == "/0/DetailList"


def test_single_record_object_where_an_array_is_required() -> None:
    doc = GOOD_JSON.strip()[1:-1]
    report = validate(doc.encode())
    assert report.kind == "input"
    assert [i.code for i in report.issues] == ["NWX203"]
    assert "[ ]" in report.issues[0].message


def test_more_than_a_thousand_records_is_a_warning_at_the_1001st() -> None:
    record = GOOD_JSON.strip()[1:-1]
    doc = "[" + ",".join([record] * 1001) + "]"
    report = validate(doc.encode())
    assert report.valid and report.records == 1001
    assert [(i.code, i.pointer) for i in report.issues] == [("NWX601", "/1000")]


def test_empty_input_list_is_an_error_only_when_kind_is_input() -> None:
    empty = f'<ActivityRecordList xmlns="{NS}"/>'.encode()
    assert validate(empty).kind == "output" and validate(empty).valid
    assert codes(empty, kind="input") == {"NWX205"}


def test_kind_mismatch() -> None:
    assert codes(GOOD_XML.encode(), kind="search") == {"NWX204"}


def test_output_envelope_streams_records_and_checks_the_mark() -> None:
    doc = (
        b'{"ActivityRecordList": [{"RID": "1", "Who": "a", "Action": "Read", "What": "w",'
        b' "When": "2024-01-01T00:00:00Z", "Where": "h", "ObjectType": "o"}], "ContinuationMark": ""}'
    )
    report = validate(doc)
    assert (report.kind, report.records) == ("output", 1)
    assert {(i.code, i.pointer) for i in report.issues} == {("NWX304", "/ContinuationMark")}


def test_xml_output_mark_after_records() -> None:
    doc = (
        f'<ActivityRecordList xmlns="{NS}"><ActivityRecord><RID>1</RID><Who>a</Who><Action>Read</Action>'
        "<What>w</What><When>2024-01-01T00:00:00Z</When><Where>h</Where><ObjectType>o</ObjectType>"
        "</ActivityRecord><ContinuationMark>PG5y</ContinuationMark></ActivityRecordList>"
    )
    report = validate(doc.encode())
    assert report.kind == "output"
    assert [i.code for i in report.issues] == ["NWX209"]


def test_search_documents_in_both_formats() -> None:
    xml = f"""<ActivityRecordSearch xmlns="{NS}">
  <FilterList>
    <Who Operator="InGroup">CORP\\Domain Admins</Who>
    <Where Operator="InGroup">x</Where>
    <Action>Added</Action>
    <Action>Removd</Action>
    <When><From>2024-05-01T00:00:00Z</From><To>2024-05-08T00:00:00</To></When>
    <When Operator="NotEqualTo"><LastSevenDays/></When>
  </FilterList>
</ActivityRecordSearch>"""
    json = (
        '{"FilterList": {"Who": {"InGroup": "CORP\\\\Domain Admins"}, "Where": {"InGroup": "x"},'
        ' "Action": ["Added", "Removd"], "When": [{"From": "2024-05-01T00:00:00Z", "To": "2024-05-08T00:00:00"},'
        ' {"NotEqualTo": {"LastSevenDays": ""}}]}}'
    )
    expected = {
        ("NWX501", "/FilterList/Where/InGroup"),
        ("NWX400", "/FilterList/Action/1"),
        ("NWX402", "/FilterList/When/0/To"),
    }
    assert {(i.code, i.pointer) for i in validate(xml.encode()).issues} == expected
    assert {(i.code, i.pointer) for i in validate(json.encode()).issues} == expected


def test_monitoring_plan_filter_with_a_space_gets_a_hint() -> None:
    (issue,) = validate(b'{"FilterList": {"Monitoring Plan": "p"}}').issues
    assert issue.code == "NWX500" and "'MonitoringPlan'" in issue.message


def test_lower_case_filterlist_key_is_unknown_with_a_suggestion() -> None:
    report = validate(b'{"ContinuationMark": "m", "filterlist": {"Who": "a"}}')
    assert report.kind == "search"
    assert {i.code for i in report.issues} == {"NWX301", "NWX300"}


def test_continuation_and_errors_documents() -> None:
    assert validate(b'"PG5yPjxu"').kind == "continuation"
    assert validate(f'<ContinuationMark xmlns="{NS}">PG5y</ContinuationMark>'.encode()).valid
    assert codes(f'<ContinuationMark xmlns="{NS}">\n  PG5y\n</ContinuationMark>'.encode()) == {"NWX605"}
    errors = b'{"ErrorList": [{"Category": "InputError", "Description": "Invalid count parameter"}]}'
    assert validate(errors).kind == "errors" and validate(errors).valid
    assert codes(b'{"ErrorList": []}') == {"NWX309"}


def test_encodings_bom_and_utf16_are_read_with_a_warning() -> None:
    bom = validate(b"\xef\xbb\xbf" + GOOD_JSON.encode())
    assert [i.code for i in bom.issues] == ["NWX107"] and bom.valid
    utf16 = validate(GOOD_XML.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16"))
    assert [i.code for i in utf16.issues] == ["NWX108"] and utf16.valid


def test_declaration_that_lies_about_the_encoding() -> None:
    xml = GOOD_XML.replace('encoding="utf-8"', 'encoding="utf-16"')
    assert codes(xml.encode()) == {"NWX111"}


def test_invalid_utf8_bytes_are_located() -> None:
    xml = GOOD_XML.replace("fs01.corp.example", "J\udcf6rg").encode("utf-8", "surrogateescape")
    (issue,) = validate(xml).issues
    assert (issue.code, issue.line, issue.column) == ("NWX109", 8, 13)


def test_forbidden_control_character_in_xml_and_in_json() -> None:
    (xml_issue,) = validate(GOOD_XML.replace("HR app", "HR\x01app").encode()).issues
    assert (xml_issue.code, xml_issue.line, xml_issue.column) == ("NWX110", 11, 19)
    (json_issue,) = validate(GOOD_JSON.replace("HR app", "HR\\u0001app").encode()).issues
    assert (json_issue.code, json_issue.pointer) == ("NWX110", "/0/Item/Name")


def test_sources_path_str_stream_and_parsed_json(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_bytes(GOOD_JSON.encode())
    assert validate(path).path == str(path) and validate(path).valid
    assert validate(str(path)).path == str(path)
    assert validate(GOOD_JSON).valid
    assert validate(io.BytesIO(GOOD_JSON.encode()), name="<stdin>").path == "<stdin>"
    parsed = validate([{"Who": "a"}])
    assert not parsed.valid and {i.line for i in parsed.issues} == {None}
    assert {i.pointer for i in parsed.issues if i.code == "NWX300"} >= {"/0/When"}


def test_missing_path_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="nope"):
        validate(tmp_path / "nope.xml")


def test_format_override_reads_xml_as_json() -> None:
    assert codes(GOOD_XML.encode(), fmt="json") == {"NWX103"}


def test_iter_issues_streams_in_document_order() -> None:
    record = GOOD_JSON.strip()[1:-1]
    broken = record.replace('"Who": "CORP\\\\jdoe", ', "")
    doc = "[" + ",".join([record, broken, record, broken]) + "]"
    issues = list(iter_issues(doc.encode()))
    assert [(i.code, i.record) for i in issues] == [("NWX300", 1), ("NWX300", 3)]


def test_enum_page_is_detected_as_output_even_with_a_version_given() -> None:
    doc = (
        f'<ActivityRecordList xmlns="{NS}"><ContinuationMark>PG5y</ContinuationMark><ActivityRecord>'
        "<RID>1</RID><Who>a</Who><Action>Read</Action><What>w</What><When>2024-01-01T00:00:00Z</When>"
        "<Where>h</Where><ObjectType>o</ObjectType></ActivityRecord></ActivityRecordList>"
    )
    for version in ("9.0", "auto"):
        report = validate(doc.encode(), api_version=version)
        assert (report.kind, report.issues) == ("output", [])


def test_public_api_is_importable_from_the_package() -> None:
    import nwx_schema

    assert nwx_schema.validate is validate
    assert callable(nwx_schema.convert) and callable(nwx_schema.migrate)
    assert {"validate", "convert", "migrate", "load_schema"} <= set(nwx_schema.__all__)


def test_binary_junk_is_not_taken_for_utf16() -> None:
    assert [i.code for i in validate(b"\x00\x01\x02").issues] == ["NWX101"]
    utf16_no_bom = f'<ActivityRecordList xmlns="{NS}"/>'.encode("utf-16-le")
    assert [i.code for i in validate(utf16_no_bom, kind="output").issues] == ["NWX108"]
