"""Bodies the stand-in accepted, read into their JSON form: XML and JSON agree."""

from __future__ import annotations

import codecs
from typing import Any

import orjson
import pytest

from nwx_schema.conversion import dumps_xml
from nwx_schema.conversion.filters import FilterEntry
from nwx_schema.server.payloads import json_document, mark_from_body, records_from_body, search_from_body

NS = "http://schemas.netwrix.com/api/v1/activity_records/"
RECORDS: list[dict[str, Any]] = [
    {
        "Who": "CORP\\jdoe",
        "Action": "Modified",
        "What": " \\\\fs01\\share  ",
        "When": "2024-05-02T08:15:00.5+02:00",
        "Where": "fs01",
        "ObjectType": "File",
        "IsArchiveOnly": False,
        "DetailList": [{"PropertyName": "Size", "Before": "", "After": "<12> & more"}],
    },
    {
        "Who": "x",
        "Action": "Read",
        "What": "y",
        "When": "2024-05-02T08:15:00Z",
        "Where": "z",
        "ObjectType": "o",
    },
]


def test_server_payloads_xml_and_json_records_are_the_same() -> None:
    xml = dumps_xml(RECORDS, version="9.0", kind="input").encode()
    assert records_from_body(xml, "xml", "9.0") == RECORDS
    assert records_from_body(orjson.dumps(RECORDS), "json", "9.0") == RECORDS


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_server_payloads_json_with_a_byte_order_mark(encoding: str) -> None:
    body = orjson.dumps(RECORDS).decode().encode(encoding)
    assert body[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF8[:2], codecs.BOM_UTF32_LE[:2])
    assert json_document(body) == RECORDS


def test_server_payloads_marks_in_both_forms() -> None:
    assert mark_from_body(b'"PG5y+/="', "json") == "PG5y+/="
    assert (
        mark_from_body(f'<ContinuationMark xmlns="{NS}">PG5y+/=</ContinuationMark>'.encode(), "xml")
        == "PG5y+/="
    )


def test_server_payloads_search_in_both_forms() -> None:
    search = {
        "ContinuationMark": "M",
        "FilterList": {
            "Who": [{"InGroup": "G"}, "jdoe"],
            "When": {"NotEqualTo": {"LastSevenDays": ""}},
            "WorkingHours": {"From": "09:00:00Z", "To": "17:00:00Z"},
        },
    }
    xml = dumps_xml(search, version="9.0", kind="search").encode()
    expected = (
        "M",
        [
            FilterEntry("Who", "InGroup", "G", ("Who", 0, "InGroup")),
            FilterEntry("Who", None, "jdoe", ("Who", 1)),
            FilterEntry("When", "NotEqualTo", {"LastSevenDays": ""}, ("When", "NotEqualTo")),
            FilterEntry("WorkingHours", None, {"From": "09:00:00Z", "To": "17:00:00Z"}, ("WorkingHours",)),
        ],
    )
    assert search_from_body(orjson.dumps(search), "json", "9.0") == expected
    assert search_from_body(xml, "xml", "9.0") == expected
    mark, entries = search_from_body(b'{"FilterList": {"Who": "x"}}', "json", "9.0")
    assert mark is None and [e.value for e in entries] == ["x"]
