"""What the stand-in adds to a record written, and how it answers stored records."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from nwx_schema.server.records import answer_record, new_rid, plan_id, stored_record

RECORD: dict[str, Any] = {
    "Action": "Modified",
    "Who": "CORP\\jdoe",
    "ObjectType": "File",
    "What": "\\\\fs01\\hr\\salaries.xlsx",
    "When": "2024-05-02T08:15:00+02:00",
    "Where": "fs01",
    "DetailList": [{"After": "12", "PropertyName": "Size", "Before": "10"}],
    "Item": {"Name": "HR app"},
    "DataSource": "My app",
    "MonitoringPlan": {"Name": "Custom Sources", "ID": "{00000000-0000-0000-0000-000000000000}"},
}
RID = "20240502061500000" + "AB" * 16


def test_server_records_rid_is_timestamp_and_hex() -> None:
    now = dt.datetime(2024, 5, 2, 8, 15, 0, 123456, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    rid = new_rid(now)
    assert re.fullmatch(r"20240502061500123[0-9A-F]{32}", rid)
    assert new_rid(now) != rid


def test_server_records_plan_id_is_a_stable_braced_guid() -> None:
    assert plan_id("Custom Sources") == plan_id("Custom Sources")
    assert plan_id("Custom Sources") != plan_id("custom sources")
    assert re.fullmatch(r"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", plan_id("x"))


def test_server_records_stored_form_is_what_the_product_answers() -> None:
    stored = stored_record(RECORD, "9.0", RID)
    assert stored.doc == {
        "RID": RID,
        "Who": "CORP\\jdoe",
        "Action": "Modified",
        "What": "\\\\fs01\\hr\\salaries.xlsx",
        "When": "2024-05-02T08:15:00+02:00",
        "Where": "fs01",
        "ObjectType": "File",
        "MonitoringPlan": {"ID": plan_id("Custom Sources"), "Name": "Custom Sources"},
        "DataSource": "Netwrix API",
        "Item": {"Name": "HR app (Integration)"},
        "DetailList": [{"PropertyName": "Size", "Before": "10", "After": "12"}],
    }
    assert list(stored.doc) == ["RID", "Who", "Action", "What", "When", "Where", "ObjectType",
                                "MonitoringPlan", "DataSource", "Item", "DetailList"]  # fmt: skip
    assert list(stored.doc["DetailList"][0]) == ["PropertyName", "Before", "After"]
    assert stored.columns["plan"] == "Custom Sources"
    assert stored.columns["item"] == "HR app (Integration)"
    assert stored.columns["who_f"] == "corp\\jdoe"
    assert stored.details == [(0, "size", "10", "12", None)]
    assert RECORD["Item"] == {"Name": "HR app"}  # the input is not modified


def test_server_records_archive_only_flag_is_indexed() -> None:
    assert stored_record({**RECORD, "IsArchiveOnly": True}, "9.0", RID).columns["archive_only"] == 1
    assert stored_record({**RECORD, "IsArchiveOnly": False}, "9.0", RID).columns["archive_only"] == 0


def test_server_records_legacy_input_is_stored_in_9_0_form_and_answered_in_8_5_form() -> None:
    legacy = {k: v for k, v in RECORD.items() if k not in ("Item", "DataSource", "MonitoringPlan")}
    legacy |= {"AuditedSystem": "My app", "ManagedObject": "Custom Sources"}
    stored = stored_record(legacy, "8.5", RID)
    assert stored.doc["MonitoringPlan"] == {"ID": plan_id("Custom Sources"), "Name": "Custom Sources"}
    assert stored.doc["DataSource"] == "Netwrix API"
    answer = answer_record(stored.doc, "8.5")
    assert list(answer) == ["RID", "Who", "Action", "What", "When", "Where", "ObjectType",
                            "AuditedSystem", "ManagedObject", "DetailList"]  # fmt: skip
    assert answer["AuditedSystem"] == "Netwrix API"
    assert answer["ManagedObject"] == "Custom Sources"
    assert answer_record(stored.doc, "9.0") == stored.doc


def test_server_records_9_0_record_without_plan_answers_8_5_without_managed_object() -> None:
    plain = {k: v for k, v in RECORD.items() if k not in ("Item", "MonitoringPlan")}
    answer = answer_record(stored_record(plain, "9.0", RID).doc, "8.5")
    assert "ManagedObject" not in answer and "Item" not in answer
