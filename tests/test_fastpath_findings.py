"""Documents with findings stay in the fast pass: only the records the schema refuses are
read again (by the located pass, alone), and the findings are those of the located pass.

Small chunks and batches make every boundary case happen on small documents. A spy on
the whole-document located pass proves that it did not run (a test that passed because
everything fell back to it would prove nothing).
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nwx_schema import strategies as nwx
from nwx_schema.fastpath import json_fast, xml_fast
from nwx_schema.issues import sort_issues
from nwx_schema.validation import iter_issues
from nwx_schema.validation.engine import Validation
from tests.test_fastpath import _xml, assert_same, located

RECORD: dict[str, Any] = {
    "Who": "CORP\\jdoe",
    "Action": "Read",
    "What": "w",
    "When": "2024-05-02T06:15:00Z",
    "Where": "fs01",
    "ObjectType": "File",
    "MonitoringPlan": {"Name": "Plan"},
    "Item": {"Name": "App"},
}


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    from nwx_schema.validation import engine

    monkeypatch.setattr(engine, "FAST_FROM", 0)
    monkeypatch.setattr(xml_fast, "BLOCK", 97)
    monkeypatch.setattr(json_fast, "BLOCK", 89)
    monkeypatch.setattr(json_fast, "BATCH", 7)
    monkeypatch.setattr(json_fast, "_LOOKAHEAD", 300)
    monkeypatch.setattr(json_fast, "_BATCH_CHARS", 150)
    monkeypatch.setattr(json_fast, "_BATCH_GUESS", 3)


@pytest.fixture
def whole_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The documents the whole-document located pass read after the fast pass started."""
    calls: list[str] = []
    real = Validation._located

    def spy(self: Validation, *args: Any) -> Any:
        if self.use_fast_pass:
            calls.append(self.report.path)
        return real(self, *args)

    monkeypatch.setattr(Validation, "_located", spy)
    yield calls


def _records(broken: Any, kind: str) -> list[Any] | None:
    if kind == "input":
        return broken if isinstance(broken, list) else None
    if isinstance(broken, dict) and isinstance(broken.get("ActivityRecordList"), list):
        return cast(list[Any], broken["ActivityRecordList"])
    return None


@pytest.mark.parametrize("version", ["8.5", "9.0"])
@pytest.mark.parametrize("kind", ["input", "output"])
@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_many_broken_records_are_located_like_the_located_pass(
    version: str, kind: str, data: st.DataObject, whole_reads: list[str]
) -> None:
    """Records broken in every documented way, many in one document, several per chunk."""
    records: list[Any] = []
    for _ in range(data.draw(st.integers(2, 6))):
        broken = data.draw(nwx.broken_documents(version, kind))
        part = _records(broken.document, kind)
        if part is not None and all(isinstance(r, dict) for r in part):
            records.extend(part)
        records.extend(_records(data.draw(nwx.documents(version, kind)), kind) or [])  # valid ones between
    if not records:
        return
    document: Any = records if kind == "input" else {"ActivityRecordList": records}
    pretty = data.draw(st.booleans())
    payloads = [json.dumps(document, indent=2 if pretty else None).encode()]
    with contextlib.suppress(ValueError):  # no XML form (a name that is no XML element name)
        payloads.append(_xml(document, version, kind, pretty))
    for payload in payloads:
        whole_reads.clear()
        assert_same(payload)
        assert whole_reads == [], "a document with findings was read again whole"


def _varied(n: int) -> dict[str, Any]:
    record = dict(RECORD, What=f"file {n} é 漢")
    mistake = n % 9
    if mistake == 1:
        record["Action"] = "Bogus"
    elif mistake == 2:
        del record["When"]
    elif mistake == 3:
        record["RID"] = "1"
    elif mistake == 4:
        record["When"] = "2024-05-02T08:15:00"
    elif mistake == 5:
        del record["Item"]
    elif mistake == 6:
        record["Foo"] = "x"
    elif mistake == 7:
        record["DataSource"] = "Mine"
        del record["MonitoringPlan"]
    return record


@pytest.mark.parametrize("pretty", [True, False], ids=["pretty", "compact"])
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_document_full_of_findings_is_never_read_again_whole(
    fmt: str, pretty: bool, whole_reads: list[str]
) -> None:
    records = [_varied(n) for n in range(1_100)]  # past 1,000 records: NWX601 too
    if fmt == "json":
        payload = json.dumps(records, indent=2 if pretty else None, ensure_ascii=False).encode()
    else:
        payload = _xml(records, "9.0", "input", pretty)
    report = assert_same(payload)
    assert whole_reads == []
    codes = {i.code for i in report.issues}
    assert {"NWX300", "NWX301", "NWX400", "NWX402", "NWX601", "NWX600", "NWX603", "NWX604"} <= codes
    assert sum(i.code == "NWX400" for i in report.issues) == len(range(1, 1_100, 9))


@pytest.mark.parametrize(
    "tweak",
    [
        lambda j: j.replace('"What": "file 30"', '"What": "file 30", "What": "again"'),  # duplicate key
        lambda j: j.replace('"file 31"', '"System.Collections.Hashtable"'),
        lambda j: j.replace('"file 32"', '"\\u0001"'),
        lambda j: j.replace('"file 33"', '"\\ud800"'),
        lambda j: j.replace('"What": "file 34"', '"What" : "file 34"'),
    ],
)
def test_json_records_the_schema_cannot_judge_are_read_alone(tweak: Any, whole_reads: list[str]) -> None:
    records = [dict(RECORD, What=f"file {n}") for n in range(60)]
    records[5]["Action"] = "Bogus"
    for indent in (None, 1):
        payload = tweak(json.dumps(records, indent=indent)).encode()
        assert_same(payload)
        assert whole_reads == []


@pytest.mark.parametrize(
    ("fmt", "breakage", "needs_whole"),
    [
        ("xml", lambda x: x.replace("<What>file 50</What>", "<What>file 50</Wat>"), True),
        ("xml", lambda x: x.replace("</ActivityRecordList>", "<Stray/></ActivityRecordList>"), False),
        ("xml", lambda x: x.replace("</ActivityRecordList>", "text</ActivityRecordList>"), True),
        ("json", lambda j: j.replace('"file 50",', '"file 50",,'), True),
        ("json", lambda j: j + " junk", True),
    ],
)
def test_where_the_located_pass_must_take_over_nothing_is_said_twice_or_lost(
    fmt: str, breakage: Any, needs_whole: bool, whole_reads: list[str]
) -> None:
    """Past early findings, a late break that only the whole-document pass judges (not
    well-formed, text in the root): what the fast pass already said is not repeated. A
    stray element is read with its chunk alone."""
    records = [dict(RECORD, What=f"file {n}") for n in range(60)]
    records[3]["Action"] = "Bogus"
    del records[10]["Item"]
    text = json.dumps(records) if fmt == "json" else _xml(records, "9.0", "input", True).decode()
    payload = breakage(text).encode()
    assert payload != text.encode()
    streamed = list(iter_issues(payload))
    assert len(streamed) == len(set(streamed)), "a finding was given twice"
    assert sort_issues(streamed) == located(payload).issues
    assert bool(whole_reads) == needs_whole


class _Counting(io.RawIOBase):
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.data[self.pos : self.pos + min(len(buffer), 64)]
        buffer[: len(chunk)] = chunk
        self.pos += len(chunk)
        return len(chunk)


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_findings_arrive_while_the_document_is_read(fmt: str) -> None:
    records = [dict(RECORD, What=f"file {n}") for n in range(400)]
    records[2]["Action"] = "Bogus"
    payload = json.dumps(records).encode() if fmt == "json" else _xml(records, "9.0", "input", False)
    stream = _Counting(payload)
    issues = iter_issues(cast(Any, io.BufferedReader(stream, 64)))
    first = next(issues)
    assert first.code == "NWX400" and first.pointer == "/2/Action"
    assert stream.pos < len(payload) // 2, "the first finding waited for the whole document"
    assert [i.code for i in issues] == []
