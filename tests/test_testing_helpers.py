"""``nwx_schema.testing.assert_valid_payload``: passes valid payloads, fails invalid ones
with every finding located in the message."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nwx_schema.errors import UnknownKindError, UnknownVersionError
from nwx_schema.testing import PayloadAssertionError, PayloadValidator, assert_valid_payload

RECORD: dict[str, Any] = {
    "Who": "CORP\\jdoe",
    "Action": "Modified",
    "What": "\\\\fs01\\hr\\salaries.xlsx",
    "When": "2024-05-02T08:15:00+02:00",
    "Where": "fs01.corp.example",
    "ObjectType": "File",
    "MonitoringPlan": {"Name": "Custom Sources"},
    "Item": {"Name": "HR app"},
}
VALID_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<ActivityRecordList xmlns="http://schemas.netwrix.com/api/v1/activity_records/">
  <ActivityRecord>
    <Who>CORP\\jdoe</Who>
    <Action>Modified</Action>
    <What>salaries.xlsx</What>
    <When>2024-05-02T08:15:00+02:00</When>
    <Where>fs01.corp.example</Where>
    <ObjectType>File</ObjectType>
    <MonitoringPlan><Name>Custom Sources</Name></MonitoringPlan>
    <Item><Name>HR app</Name></Item>
  </ActivityRecord>
</ActivityRecordList>
"""
# Line 2 column 3: the record lacks When; line 4 column 13: an undocumented Action.
INVALID_JSON = b"""[
  {"Who": "CORP\\\\jdoe",
   "What": "x", "Where": "fs01", "ObjectType": "File",
   "Action": "Nope", "MonitoringPlan": {"Name": "P"}, "Item": {"Name": "I"}}
]"""
# Valid, but with two warnings (no plan, no item).
WARNED = json.dumps([{k: v for k, v in RECORD.items() if k not in ("MonitoringPlan", "Item")}])


def test_valid_payloads_pass_in_every_source_form(tmp_path: Path) -> None:
    path = tmp_path / "records.xml"
    path.write_bytes(VALID_XML)
    sources: list[Any] = [
        VALID_XML,
        VALID_XML.decode(),
        path,
        str(path),
        io.BytesIO(VALID_XML),
        [RECORD],
        json.dumps([RECORD]),
    ]
    for source in sources:
        report = assert_valid_payload(source, kind="input", api_version="10.7")
        assert report.valid
        assert report.issues == []
        assert report.kind == "input"
        assert report.api_version == "9.0"
        assert report.records == 1


def test_failure_lists_every_finding_with_its_location() -> None:
    with pytest.raises(PayloadAssertionError) as caught:
        assert_valid_payload(INVALID_JSON, kind="input", name="body.json")
    message = str(caught.value)
    lines = message.splitlines()
    assert lines[0] == "payload body.json is not valid: 2 errors, 0 warnings (input document, API 9.0, JSON)"
    assert lines[1].startswith("  body.json:2:3: error NWX300 ActivityRecord has no When")
    assert lines[1].endswith("[/0/When]")
    assert lines[2] == "      record 0, XPath /ActivityRecordList/ActivityRecord[1]/When"
    assert lines[3].startswith("  body.json:4:14: error NWX400 Action 'Nope' is not one of the 23 documented")
    assert lines[3].endswith("[/0/Action]")
    assert lines[4] == "      record 0, XPath /ActivityRecordList/ActivityRecord[1]/Action"
    assert len(lines) == 5
    assert isinstance(caught.value, AssertionError)
    assert [i.code for i in caught.value.failing] == ["NWX300", "NWX400"]
    assert caught.value.report.path == "body.json"


def test_parsed_json_findings_have_pointer_and_xpath_but_no_line() -> None:
    record = dict(RECORD, DataSource="Custom App")  # overwritten by the server: a warning, NWX600
    record["Action"] = "Add (failed attempt)"
    with pytest.raises(PayloadAssertionError) as caught:
        assert_valid_payload([record])
    lines = str(caught.value).splitlines()
    assert lines[0] == "payload <data> is not valid: 1 error, 1 warning (input document, API 9.0, JSON)"
    assert lines[1].startswith("  <data>:-:-: error NWX400 ")
    assert "write 'Add (Failed Attempt)'" in lines[1]
    assert lines[3].startswith("  <data>:-:-: warning NWX600 ")
    assert lines[3].endswith("[/0/DataSource]")
    assert lines[-1] == "  (1 of these 2 findings fail the assertion)"


def test_warnings_pass_unless_refused() -> None:
    report = assert_valid_payload(WARNED)
    assert sorted(i.code for i in report.warnings) == ["NWX603", "NWX604"]
    with pytest.raises(PayloadAssertionError) as caught:
        assert_valid_payload(WARNED, allow_warnings=False)
    first = str(caught.value).splitlines()[0]
    assert first == (
        "payload <data> is not valid (warnings are not allowed): 0 errors, 2 warnings "
        "(input document, API 9.0, JSON)"
    )
    assert [i.code for i in caught.value.failing] == ["NWX603", "NWX604"]


def test_ignored_codes_are_dropped_from_the_report() -> None:
    report = assert_valid_payload(WARNED, allow_warnings=False, ignore=["nwx603", "NWX604"])
    assert report.issues == []
    assert assert_valid_payload(WARNED, allow_warnings=False, ignore="NWX603,NWX604").issues == []
    with pytest.raises(ValueError, match="unknown code 'NWX999'"):
        assert_valid_payload(WARNED, ignore=["NWX999"])


def test_the_expected_kind_and_version_are_enforced() -> None:
    page = {"ActivityRecordList": [dict(RECORD, RID="1" * 49)]}
    assert assert_valid_payload(page).kind == "output"
    with pytest.raises(PayloadAssertionError) as caught:
        assert_valid_payload(page, kind="input")
    assert {i.code for i in caught.value.failing} == {"NWX204"}
    legacy = [
        {k: v for k, v in RECORD.items() if k not in ("MonitoringPlan", "Item")} | {"ManagedObject": "P"}
    ]
    assert assert_valid_payload(legacy).api_version == "8.5"
    with pytest.raises(PayloadAssertionError) as caught:
        assert_valid_payload(legacy, api_version="9.0")
    assert "NWX307" in {i.code for i in caught.value.failing}


def test_misuse_raises_the_library_errors_not_assertion_errors() -> None:
    with pytest.raises(UnknownKindError):
        assert_valid_payload(VALID_XML, kind="records")
    with pytest.raises(UnknownVersionError):
        assert_valid_payload(VALID_XML, api_version="7.0")


def test_validator_applies_defaults_and_per_call_overrides() -> None:
    strict = PayloadValidator(kind="input", api_version="9.0", allow_warnings=False)
    assert repr(strict) == "PayloadValidator(kind='input', api_version='9.0', allow_warnings=False)"
    with pytest.raises(PayloadAssertionError):
        strict(WARNED)
    assert strict(WARNED, allow_warnings=True).valid
    with pytest.raises(PayloadAssertionError):
        strict({"FilterList": {"Who": "jdoe"}})
    assert strict({"FilterList": {"Who": "jdoe"}}, kind="search").kind == "search"


def test_importing_the_helpers_loads_neither_the_validator_nor_its_dependencies() -> None:
    code = (
        "import sys, nwx_schema.testing\n"
        "heavy = ('lxml', 'orjson', 'click', 'hypothesis', 'nwx_schema.validation', 'nwx_schema.reading')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m.startswith(heavy)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
