"""`nwx-schema serve` end to end: a real subprocess on loopback, a real HTTP client, every
status code, header and body checked against the reference, paging to the end, restarts."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from lxml import etree

from nwx_schema.validation import validate
from tests.server_harness import API, NS, Reply, ServerProcess, record, xml_records

ERRORS_NS = "http://schemas.netwrix.com/api/v1/"
ENUM = API + "enum"
SEARCH = API + "search"
JSON = {"Content-Type": "application/json; charset=utf-8"}
XML = {"Content-Type": "application/xml; charset=utf-8"}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path / "store.sqlite3").start()
    yield proc
    assert proc.stop() == 0, proc.stderr()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One server for the tests that only check how a request is refused."""
    proc = ServerProcess(tmp_path_factory.mktemp("shared") / "store.sqlite3").start()
    yield proc
    assert proc.stop() == 0, proc.stderr()


def json_records(records: list[dict[str, Any]]) -> bytes:
    return orjson.dumps(records)


def assert_empty(reply: Reply, status: int) -> None:
    assert reply.status == status
    assert reply.body == b""
    assert reply.headers["content-length"] == "0"


def error_list(reply: Reply, fmt: str) -> list[dict[str, str]]:
    """The errors of a 400 answer, after checking it is a valid ErrorList document."""
    assert reply.status == 400
    assert validate(reply.body, kind="errors", fmt=fmt, api_version="9.0").valid
    if fmt == "json":
        assert reply.headers["content-type"] == "application/json; charset=utf-8"
        errors: list[dict[str, str]] = reply.json()["ErrorList"]
        return errors
    assert reply.headers["content-type"] == "application/xml; charset=utf-8"
    root = etree.fromstring(reply.body)
    assert root.tag == f"{{{ERRORS_NS}}}ErrorList"
    return [{etree.QName(c).localname: c.text or "" for c in error} for error in root]


def enum_all(server: ServerProcess, fmt: str, count: int) -> tuple[list[dict[str, Any]], int]:
    """Every record by enum (GET, then POST the mark until a page has no record); pages."""
    query = f"?count={count}" + ("&format=json" if fmt == "json" else "")
    reply = server.get(ENUM + query)
    records: list[dict[str, Any]] = []
    pages = 0
    while True:
        assert reply.status == 200, reply.body
        assert validate(reply.body, kind="output", fmt=fmt, api_version="9.0").valid
        page, mark = parse_page(reply, fmt)
        pages += 1
        if not page:
            assert mark is None
            return records, pages
        assert mark is not None and len(page) <= count
        records += page
        body = (
            orjson.dumps(mark)
            if fmt == "json"
            else f'<ContinuationMark xmlns="{NS}">{mark}</ContinuationMark>'
        )
        reply = server.post(ENUM + query, body)


def parse_page(reply: Reply, fmt: str) -> tuple[list[dict[str, Any]], str | None]:
    if fmt == "json":
        assert reply.headers["content-type"] == "application/json; charset=utf-8"
        doc = reply.json()
        return doc["ActivityRecordList"], doc.get("ContinuationMark")
    assert reply.headers["content-type"] == "application/xml; charset=utf-8"
    root = etree.fromstring(reply.body)
    mark = root.findtext(f"{{{NS}}}ContinuationMark")
    recs = [
        {
            etree.QName(c).localname: c.text if len(c) == 0 else {etree.QName(g).localname: g.text for g in c}
            for c in el
        }
        for el in root.iterfind(f"{{{NS}}}ActivityRecord")
    ]
    return recs, mark


# -- write ------------------------------------------------------------------------------------


def test_server_e2e_write_xml_answers_200_empty_text_plain(server: ServerProcess) -> None:
    reply = server.post(API, xml_records([record("a"), record("b")]), **XML)
    assert_empty(reply, 200)
    assert reply.headers["content-type"] == "text/plain"
    assert reply.headers["server"].startswith("Microsoft-HTTPAPI/2.0 ")
    records, _ = enum_all(server, "json", 1000)
    assert [r["What"] for r in records] == ["a", "b"]


def test_server_e2e_write_json_stores_what_the_product_adds(server: ServerProcess) -> None:
    sent = record("a", DataSource="My app", Workstation="10.0.0.1", IsArchiveOnly=False)
    assert_empty(server.post(API + "?format=json", json_records([sent]), **JSON), 200)
    (stored,), _ = enum_all(server, "json", 1000)
    assert re.fullmatch(r"[0-9]{17}[0-9A-F]{32}", stored.pop("RID"))
    plan_id = stored["MonitoringPlan"].pop("ID")
    assert re.fullmatch(r"\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", plan_id)
    assert stored == {
        **sent,
        "DataSource": "Netwrix API",
        "MonitoringPlan": {"Name": "Custom Sources"},
        "Item": {"Name": "HR app (Integration)"},
    }


def test_server_e2e_warnings_do_not_refuse_and_are_reported(server: ServerProcess) -> None:
    bom_json = b"\xef\xbb\xbf" + json_records([record("a")])
    assert_empty(server.post(API + "?format=json", bom_json), 200)
    utf16_xml = (
        xml_records([record("b")]).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    )
    assert_empty(server.post(API, utf16_xml), 200)
    assert [r["What"] for r in enum_all(server, "json", 10)[0]] == ["a", "b"]
    summary = json.loads(run_report(server.store, "--output-format", "json", "--fail-on-rejected").stdout)
    assert summary["requests"]["rejected"] == 0
    assert [[f["code"] for f in w["findings"]] for w in summary["warnings"]] == [["NWX107"], ["NWX108"]]


def test_server_e2e_write_without_trailing_slash_and_any_case(server: ServerProcess) -> None:
    assert_empty(server.post("/netwrix/api/v1/activity_records", xml_records([record("a")])), 200)
    assert_empty(
        server.post("/NETWRIX/API/V1/Activity_Records/?FORMAT=JSON&format=JSON", json_records([record("b")])),
        200,
    )


def test_server_e2e_json_without_format_json_is_an_xml_error(server: ServerProcess) -> None:
    reply = server.post(API, json_records([record("a")]), **JSON)
    errors = error_list(reply, "xml")
    assert [e["Category"] for e in errors] == ["XMLError"]
    assert errors[0]["Description"].startswith("NWX102: ")
    assert errors[0]["Location"] == "line 1, column 1"
    assert enum_all(server, "json", 10)[0] == []


def test_server_e2e_schema_findings_are_one_error_each_and_nothing_is_stored(server: ServerProcess) -> None:
    bad = record("bad", Action="Add (failed attempt)")
    del bad["When"]
    body = xml_records([record("ok"), bad])
    errors = error_list(server.post(API, body, **XML), "xml")
    report = validate(body, kind="input", fmt="xml", api_version="9.0")
    assert len(errors) == len(report.errors) == 2
    assert {e["Category"] for e in errors} == {"InputError"}
    assert sorted(e["Description"].split(":")[0] for e in errors) == ["NWX300", "NWX400"]
    assert {e["Location"].split(" (")[0] for e in errors} == {
        "/ActivityRecordList/ActivityRecord[2]/When",
        "/ActivityRecordList/ActivityRecord[2]/Action",
    }
    assert all(re.search(r" \(line \d+, column \d+\)$", e["Location"]) for e in errors)
    assert enum_all(server, "xml", 10)[0] == []  # all or nothing


def test_server_e2e_json_findings_answer_a_json_error_list(shared: ServerProcess) -> None:
    errors = error_list(shared.post(API + "?format=json", b'[{"Who": "x"}]', **JSON), "json")
    assert len(errors) == 5
    assert errors[0] == {
        "Category": "InputError",
        "Description": errors[0]["Description"],
        "Location": "/ActivityRecordList/ActivityRecord[1]/Action (line 1, column 2)",
    }
    assert errors[0]["Description"].startswith("NWX300: ")


@pytest.mark.parametrize(
    "body", [b'[{"Who": "x"', b"[1,]", b"<ActivityRecordList/>", b'[{"Who": "CORP\\jdoe"}]']
)
def test_server_e2e_corrupted_json_answers_500_empty(shared: ServerProcess, body: bytes) -> None:
    reply = shared.post(API + "?format=json", body, **JSON)
    assert_empty(reply, 500)
    assert "content-type" not in reply.headers


def test_server_e2e_empty_body_is_refused_with_400(shared: ServerProcess) -> None:
    errors = error_list(shared.post(API, b""), "xml")
    assert errors[0]["Description"].startswith("NWX100: ")


def test_server_e2e_other_methods_405_and_other_paths_404(shared: ServerProcess) -> None:
    for method, path, allow in [
        ("GET", API, "POST"),
        ("PUT", API, "POST"),
        ("DELETE", ENUM, "GET, POST"),
        ("HEAD", ENUM, "GET, POST"),
        ("GET", SEARCH, "POST"),
        ("PATCH", SEARCH + "?format=json", "POST"),
    ]:
        reply = shared.request(method, path)
        assert (reply.status, reply.body, reply.headers["allow"]) == (405, b"", allow)
        if method != "HEAD":  # a HEAD answer never has a body, whatever its length says
            assert reply.headers["content-length"] == "0"
    for path in [
        "/",
        "/netwrix/api/v1/activity_records/enumerate",
        "/netwrix/api/v2/activity_records/",
        "/x",
    ]:
        assert_empty(shared.post(path, xml_records([record("a")])), 404)
        assert_empty(shared.get(path), 404)


def test_server_e2e_body_over_the_limit_answers_413(tmp_path: Path) -> None:
    proc = ServerProcess(tmp_path / "s.sqlite3", "--max-body-mb", "0.01").start()
    try:
        small = xml_records([record("a")])
        assert_empty(proc.post(API, small), 200)
        big = xml_records([record(f"x{i}" * 20) for i in range(40)])
        assert len(big) > 0.01 * 1024 * 1024
        assert_empty(proc.post(API, big), 413)
        conn = proc.connection()  # chunked: no Content-Length to refuse early
        conn.putrequest("POST", API)
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        for start in range(0, len(big), 4096):
            chunk = big[start : start + 4096]
            conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        conn.send(b"0\r\n\r\n")
        reply = conn.getresponse()
        assert (reply.status, reply.read()) == (413, b"")
        conn.close()
        assert [r["What"] for r in enum_all(proc, "json", 10)[0]] == ["a"]
    finally:
        assert proc.stop() == 0


def raw_exchange(server: ServerProcess, head: bytes, body: bytes | None = None) -> tuple[bytes, bytes]:
    """Send a request head on a plain socket; (what came back before the body was sent,
    the head of the final answer), the body being sent only once ``100 Continue`` arrived."""
    with socket.create_connection((server.host, server.port), timeout=60) as sock:
        sock.sendall(head)
        first = sock.recv(65536)
        rest = b""
        if body is not None and first.startswith(b"HTTP/1.1 100 Continue\r\n\r\n"):
            sock.sendall(body)
            while b"\r\n\r\n" not in rest:  # the answer of a write has no body
                chunk = sock.recv(65536)
                if not chunk:
                    break
                rest += chunk
        return first, rest


def test_server_e2e_expect_100_continue(shared: ServerProcess) -> None:
    body = xml_records([record("expect")])
    head = (
        f"POST {API} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/xml\r\n"
        f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\n\r\n"
    ).encode()
    first, rest = raw_exchange(shared, head, body)
    assert first == b"HTTP/1.1 100 Continue\r\n\r\n"
    assert rest.startswith(b"HTTP/1.1 200 OK\r\n")
    # refused before the body is sent: too large, unknown path, wrong method
    big = head.replace(f"Content-Length: {len(body)}".encode(), b"Content-Length: 999999999")
    first, _ = raw_exchange(shared, big)
    assert first.startswith(b"HTTP/1.1 413 ")
    first, _ = raw_exchange(shared, head.replace(API.encode(), b"/nope"))
    assert first.startswith(b"HTTP/1.1 404 ")
    first, _ = raw_exchange(shared, head.replace(b"POST ", b"PUT ", 1))
    assert first.startswith(b"HTTP/1.1 405 ") and b"Allow: POST\r\n" in first
    first, _ = raw_exchange(shared, head.replace(b"100-continue", b"something-else"))
    assert first.startswith(b"HTTP/1.1 417 ") and b"Content-Length: 0\r\n" in first


def test_server_e2e_big_body_validated_in_threads(tmp_path: Path) -> None:
    proc = ServerProcess(tmp_path / "s.sqlite3", "--workers", "0").start()
    try:
        template = orjson.dumps(record("r", What="x" * 400)).decode()
        body = ("[" + ",".join([template] * 20_000) + "]").encode()
        assert 8 << 20 < len(body) < 50 << 20  # past the validator's own parallel threshold
        assert_empty(proc.post(API + "?format=json", body), 200)
        page = proc.get(ENUM + "?format=json&count=20000").json()["ActivityRecordList"]
        assert len(page) == 20_000 and len({r["RID"] for r in page}) == 20_000
    finally:
        assert proc.stop() == 0, proc.stderr()
    assert "Traceback" not in proc.stderr()


# -- enum and search ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_server_e2e_enum_pages_to_the_end(server: ServerProcess, fmt: str) -> None:
    sent = [record(f"r{i:02}", Action="Removed" if i % 3 else "Added") for i in range(25)]
    assert_empty(server.post(API + "?format=json", json_records(sent[:12])), 200)
    assert_empty(server.post(API, xml_records(sent[12:])), 200)
    records, pages = enum_all(server, fmt, 10)
    assert [r["What"] for r in records] == [f"r{i:02}" for i in range(25)]
    assert pages == 4  # 10 + 10 + 5, then the empty page without a mark
    assert len({r["RID"] for r in records}) == 25


def test_server_e2e_enum_default_count_is_1000(server: ServerProcess) -> None:
    assert_empty(server.post(API + "?format=json", json_records([record(f"r{i}") for i in range(1001)])), 200)
    page, mark = parse_page(server.get(ENUM + "?format=json"), "json")
    assert len(page) == 1000 and mark is not None
    page, mark = parse_page(server.post(ENUM + "?format=json", orjson.dumps(mark)), "json")
    assert [r["What"] for r in page] == ["r1000"]


@pytest.mark.parametrize("count", ["FIVE", "0", "-1", "1.5", ""])
def test_server_e2e_invalid_count_answers_400_input_error(shared: ServerProcess, count: str) -> None:
    for path, fmt in [(ENUM + f"?count={count}", "xml"), (SEARCH + f"?format=json&count={count}", "json")]:
        body = b'{"FilterList": {"Who": "x"}}' if "search" in path else None
        reply = shared.request("POST" if body else "GET", path, body)
        (error,) = error_list(reply, fmt)
        assert error["Category"] == "InputError"
        assert error["Description"].startswith("NWX900: Invalid count parameter specified")


def search_all(server: ServerProcess, search: dict[str, Any], fmt: str, count: int) -> list[str]:
    """What of every record a search returns, paging with the mark inside the search."""
    query = f"?count={count}" + ("&format=json" if fmt == "json" else "")
    found: list[str] = []
    mark = None
    while True:
        doc = dict(search, ContinuationMark=mark) if mark else search
        if fmt == "json":
            body = orjson.dumps(doc)
        else:
            from nwx_schema.conversion import dumps_xml

            body = dumps_xml(doc, version="9.0", kind="search").encode()
        reply = server.post(SEARCH + query, body)
        assert reply.status == 200, reply.body
        page, mark = parse_page(reply, fmt)
        if not page:
            assert mark is None
            return found
        found += [r["What"] for r in page]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_server_e2e_search_pages_with_the_filters_repeated(server: ServerProcess, fmt: str) -> None:
    sent = [
        record(f"r{i:02}", Action=["Added", "Removed", "Modified"][i % 3], Who=f"CORP\\user{i % 4}")
        for i in range(30)
    ]
    assert_empty(server.post(API + "?format=json", json_records(sent)), 200)
    search = {"FilterList": {"Action": ["Added", "Removed"], "Who": [{"NotEqualTo": "corp\\user0"}]}}
    expected = [r["What"] for r in sent if r["Action"] != "Modified" and r["Who"] != "CORP\\user0"]
    assert search_all(server, search, fmt, 4) == expected
    when = {"FilterList": {"When": {"From": "2024-05-01T09:00:00Z", "To": "2024-05-01T12:00:00+02:00"}}}
    assert search_all(server, when, fmt, 7) == [r["What"] for r in sent]


def test_server_e2e_mark_with_other_filters_or_forged_is_refused(server: ServerProcess) -> None:
    assert_empty(server.post(API + "?format=json", json_records([record("a"), record("b")])), 200)
    first = server.post(SEARCH + "?format=json&count=1", b'{"FilterList": {"Who": "jdoe"}}')
    mark = first.json()["ContinuationMark"]
    other = orjson.dumps({"ContinuationMark": mark, "FilterList": {"Who": "asmith"}})
    (error,) = error_list(server.post(SEARCH + "?format=json&count=1", other), "json")
    assert error["Description"].startswith("NWX902: ")
    (error,) = error_list(server.post(ENUM + "?format=json", orjson.dumps(mark)), "json")
    assert error["Description"].startswith("NWX902: ")
    forged = orjson.dumps({"ContinuationMark": "PG5yPjxuIG49IntFNzA=", "FilterList": {"Who": "jdoe"}})
    (error,) = error_list(server.post(SEARCH + "?format=json", forged), "json")
    assert error["Description"].startswith("NWX901: ")
    same = orjson.dumps({"FilterList": {"Who": [{"Contains": "JDOE"}]}, "ContinuationMark": mark})
    assert [
        r["What"] for r in server.post(SEARCH + "?format=json&count=1", same).json()["ActivityRecordList"]
    ] == ["b"]


def test_server_e2e_invalid_search_body_answers_400(shared: ServerProcess) -> None:
    errors = error_list(
        shared.post(SEARCH + "?format=json", b'{"FilterList": {"Monitoring Plan": "P"}}'), "json"
    )
    assert [e["Description"].split(":")[0] for e in errors] == ["NWX500"]
    body = f'<ActivityRecordSearch xmlns="{NS}"><FilterList><Action Operator="Contains">Add</Action></FilterList></ActivityRecordSearch>'
    errors = error_list(shared.post(SEARCH, body), "xml")
    assert errors[0]["Category"] == "InputError" and errors[0]["Description"].startswith("NWX501")
    errors = error_list(shared.post(SEARCH, f'<ActivityRecordSearch xmlns="{NS}"><FilterList>'), "xml")
    assert errors[0]["Category"] == "XMLError"
    assert_empty(shared.post(SEARCH + "?format=json", b'{"FilterList": '), 500)
    errors = error_list(shared.post(ENUM, b"<ContinuationMark/>"), "xml")
    assert errors


def test_server_e2e_in_group_uses_the_groups_file(tmp_path: Path) -> None:
    groups = tmp_path / "groups.json"
    groups.write_text(json.dumps({"CORP\\Admins": ["CORP\\jdoe"]}))
    proc = ServerProcess(tmp_path / "s.sqlite3", "--groups", str(groups)).start()
    try:
        sent = [record("a", Who="CORP\\jdoe"), record("b", Who="CORP\\asmith")]
        assert_empty(proc.post(API + "?format=json", json_records(sent)), 200)
        assert search_all(proc, {"FilterList": {"Who": {"InGroup": "corp\\admins"}}}, "xml", 10) == ["a"]
        assert search_all(proc, {"FilterList": {"Who": {"NotInGroup": "CORP\\Admins"}}}, "json", 10) == ["b"]
    finally:
        assert proc.stop() == 0


# -- restart -----------------------------------------------------------------------------------


def test_server_e2e_restart_keeps_records_and_marks(server: ServerProcess) -> None:
    assert_empty(server.post(API + "?format=json", json_records([record(f"r{i}") for i in range(5)])), 200)
    enum_mark = server.get(ENUM + "?format=json&count=2").json()["ContinuationMark"]
    search = {"FilterList": {"What": {"StartsWith": "r"}}}
    search_mark = server.post(SEARCH + "?format=json&count=3", orjson.dumps(search)).json()[
        "ContinuationMark"
    ]
    before, _ = enum_all(server, "json", 100)
    server.restart()
    after, _ = enum_all(server, "json", 100)
    assert after == before
    page = server.post(ENUM + "?format=json&count=2", orjson.dumps(enum_mark)).json()
    assert [r["What"] for r in page["ActivityRecordList"]] == ["r2", "r3"]
    page = server.post(
        SEARCH + "?format=json", orjson.dumps(dict(search, ContinuationMark=search_mark))
    ).json()
    assert [r["What"] for r in page["ActivityRecordList"]] == ["r3", "r4"]
    assert_empty(server.post(API + "?format=json", json_records([record("r5")])), 200)
    assert [r["What"] for r in enum_all(server, "xml", 100)[0]] == [f"r{i}" for i in range(6)]


# -- 8.5 ----------------------------------------------------------------------------------------


def test_server_e2e_api_8_5_speaks_the_legacy_form(tmp_path: Path) -> None:
    proc = ServerProcess(tmp_path / "s.sqlite3", "--api-version", "8.5").start()
    try:
        legacy = {k: v for k, v in record("a").items() if k not in ("MonitoringPlan", "Item")}
        legacy |= {"ManagedObject": "Plan A", "AuditedSystem": "App"}
        assert_empty(proc.post(API, xml_records([legacy], "8.5")), 200)
        errors = error_list(proc.post(API + "?format=json", json_records([record("b")])), "json")
        assert {e["Description"].split(":")[0] for e in errors} == {"NWX308"}
        (answer,) = proc.get(ENUM + "?format=json").json()["ActivityRecordList"]
        assert answer["ManagedObject"] == "Plan A" and answer["AuditedSystem"] == "Netwrix API"
        assert "MonitoringPlan" not in answer and "Item" not in answer
        assert validate(proc.get(ENUM).body, kind="output", fmt="xml", api_version="8.5").valid
        found = proc.post(
            SEARCH + "?format=json", b'{"FilterList": {"ManagedObject": {"Equals": "plan a"}}}'
        ).json()
        assert [r["What"] for r in found["ActivityRecordList"]] == ["a"]
    finally:
        assert proc.stop() == 0


# -- report --------------------------------------------------------------------------------------


def run_report(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nwx_schema", "report", "--store", str(store), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_server_e2e_report_summarises_what_arrived(server: ServerProcess) -> None:
    sent = [
        record("a"),
        record("b", Action="Removed", MonitoringPlan={"Name": "Other"}),
        record("c", IsArchiveOnly=True),
    ]
    assert_empty(server.post(API + "?format=json", json_records(sent)), 200)
    assert server.post(API, json_records(sent)).status == 400
    assert server.get(ENUM).status == 200
    assert server.get("/nope").status == 404

    done = run_report(server.store, "--output-format", "json", "--fail-on-rejected")
    assert done.returncode == 1, done.stderr
    summary = json.loads(done.stdout)
    assert summary["api_version"] == "9.0"
    assert summary["requests"]["total"] == 4 and summary["requests"]["rejected"] == 2
    assert summary["requests"]["by_endpoint"] == {
        "write": {"total": 2, "by_status": {"200": 1, "400": 1}},
        "enum": {"total": 1, "by_status": {"200": 1}},
        "other": {"total": 1, "by_status": {"404": 1}},
    }
    assert summary["writes"] == {"accepted": 1, "rejected": 1}
    assert summary["records"] == {
        "total": 3,
        "archive_only": 1,
        "by_plan": [{"name": "Custom Sources", "records": 2}, {"name": "Other", "records": 1}],
        "by_item": [{"name": "HR app (Integration)", "records": 3}],
        "by_action": [{"name": "Added", "records": 2}, {"name": "Removed", "records": 1}],
    }
    write, other = summary["rejected"]
    assert (write["status"], write["endpoint"], write["format"]) == (400, "write", "xml")
    assert [f["code"] for f in write["findings"]] == ["NWX102", "NWX903"]
    assert (other["status"], [f["code"] for f in other["findings"]]) == (404, ["NWX907"])
    assert summary["warnings"] == []

    text = run_report(server.store)
    assert text.returncode == 0
    assert "Requests: 4, rejected: 2" in text.stdout
    assert "NWX903 warning: the body looks like JSON" in text.stdout
    # enum does not return the archive-only record
    assert [r["What"] for r in enum_all(server, "json", 10)[0]] == ["a", "b"]


def test_server_e2e_report_of_a_clean_run_exits_0(server: ServerProcess) -> None:
    assert_empty(server.post(API, xml_records([record("a")])), 200)
    done = run_report(server.store, "--fail-on-rejected", "--output-format", "json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["requests"]["rejected"] == 0


def test_server_e2e_report_without_a_store_exits_2(tmp_path: Path) -> None:
    done = run_report(tmp_path / "missing.sqlite3")
    assert done.returncode == 2
    assert "no store at" in done.stderr
    assert not (tmp_path / "missing.sqlite3").exists()
