"""`nwx-schema report` on a store built in process: exact summary and text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nwx_schema.server.records import batch_rows, stored_record
from nwx_schema.server.reporting import render_text, summarise
from nwx_schema.server.store import RequestEntry, Store, StoreError

RID = "20240502061500000" + "0" * 31


def rec(what: str, **fields: Any) -> dict[str, Any]:
    base = {
        "Who": "w",
        "Action": "Added",
        "What": what,
        "When": "2024-05-02T08:15:00Z",
        "Where": "x",
        "ObjectType": "o",
    }
    return base | fields


WARNING = {"code": "NWX603", "severity": "warning", "message": "no plan", "line": 1, "column": 2,
           "pointer": "/0", "xpath": "/ActivityRecordList/ActivityRecord[1]", "record": 0}  # fmt: skip
ERROR = {"code": "NWX300", "severity": "error", "message": "no When", "line": 3, "column": 5,
         "pointer": "/0/When", "xpath": "/ActivityRecordList/ActivityRecord[1]/When", "record": 0}  # fmt: skip


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "s.sqlite3"
    store = Store(path)
    store.set_meta("api_version", "9.0")
    records = [
        rec("a", MonitoringPlan={"Name": "P"}, Item={"Name": "I"}),
        rec("b", Action="Read"),
        rec("c", IsArchiveOnly=True),
    ]
    stored = [stored_record(r, "9.0", RID + str(i)) for i, r in enumerate(records)]
    entry = RequestEntry("POST", "/netwrix/api/v1/activity_records/", "", "write", "127.0.0.1", received="T1")
    entry.format, entry.user, entry.body_bytes, entry.findings = "xml", "CORP\\svc", 10, [WARNING]
    entry.status = 200
    store.write_batch(entry, batch_rows(stored))
    for status, findings, user in [(400, [ERROR], "CORP\\svc"), (401, [], None)]:
        log = RequestEntry("POST", "/netwrix/api/v1/activity_records/", "format=json", "write", "127.0.0.1",
                           received=f"T{status}", format="json", status=status, body_bytes=5,
                           user=user, findings=findings)  # fmt: skip
        store.log_request(log)
    store.log_request(RequestEntry("GET", "/x", "", "other", None, received="T404", status=404, format="xml"))
    store.close()
    return path


def test_server_reporting_summary(store_path: Path) -> None:
    summary = summarise(store_path)
    assert summary["requests"] == {
        "total": 4,
        "rejected": 2,
        "by_endpoint": {
            "other": {"total": 1, "by_status": {"404": 1}},
            "write": {"total": 3, "by_status": {"200": 1, "400": 1, "401": 1}},
        },
        "by_user": [{"name": "CORP\\svc", "requests": 2}],
    }
    assert summary["writes"] == {"accepted": 1, "rejected": 1}
    assert summary["records"] == {
        "total": 3,
        "archive_only": 1,
        "by_plan": [{"name": None, "records": 2}, {"name": "P", "records": 1}],
        "by_item": [{"name": None, "records": 2}, {"name": "I (Integration)", "records": 1}],
        "by_action": [{"name": "Added", "records": 2}, {"name": "Read", "records": 1}],
    }
    assert [(r["request"], r["status"], r["findings"]) for r in summary["rejected"]] == [
        (2, 400, [ERROR]),
        (4, 404, []),
    ]
    assert [(w["request"], w["records_stored"], w["findings"]) for w in summary["warnings"]] == [
        (1, 3, [WARNING])
    ]


def test_server_reporting_text(store_path: Path) -> None:
    assert render_text(summarise(store_path)) == "\n".join(
        [
            f"nwx-schema report: {store_path} (API 9.0)",
            "Requests: 4, rejected: 2",
            "  other         1  (404: 1)",
            "  write         3  (200: 1, 400: 1, 401: 1)",
            "Authenticated users: CORP\\svc (2)",
            "Writes: 1 accepted, 1 rejected; records stored: 3 (1 archive-only)",
            "Records per plan:",
            "  (no plan)  2",
            "  P          1",
            "Records per item:",
            "  (no item)        2",
            "  I (Integration)  1",
            "Records per action:",
            "  Added  2",
            "  Read   1",
            "Rejected requests:",
            "  #2 T400 POST /netwrix/api/v1/activity_records/?format=json -> 400 (json, 5 bytes, user CORP\\svc)",
            "      NWX300 error at line 3, column 5, /ActivityRecordList/ActivityRecord[1]/When: no When",
            "  #4 T404 GET /x -> 404 (xml, 0 bytes)",
            "Warnings:",
            "  #1 T1 POST /netwrix/api/v1/activity_records/ -> 200 (xml, 10 bytes, user CORP\\svc)",
            "      NWX603 warning at line 1, column 2, /ActivityRecordList/ActivityRecord[1]: no plan",
        ]
    )


def test_server_reporting_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        summarise(tmp_path / "none.sqlite3")
