"""The fast pass and the located pass must agree, finding for finding.

The fast pass decides valid documents in C and locates only their warnings; anything else
falls back to the located pass. These tests force small chunks and batches so that every
boundary case is exercised on small documents, and check that the fast pass really
decided (a test that always fell back would prove nothing).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import IO, Any, cast

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nwx_schema import fastpath
from nwx_schema import strategies as nwx
from nwx_schema.conversion.xml_writer import dumps_xml
from nwx_schema.fastpath import json_fast, xml_fast
from nwx_schema.issues import Issue, Report, sort_issues
from nwx_schema.validation import validate
from nwx_schema.validation.engine import Validation
from nwx_schema.versions import ApiVersion, Kind

NS = "http://schemas.netwrix.com/api/v1/activity_records/"


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    from nwx_schema.validation import engine

    monkeypatch.setattr(engine, "FAST_FROM", 0)  # small test documents take the fast pass too
    monkeypatch.setattr(xml_fast, "BLOCK", 97)
    monkeypatch.setattr(json_fast, "BLOCK", 89)
    monkeypatch.setattr(json_fast, "_LOOKAHEAD", 300)
    monkeypatch.setattr(json_fast, "_BATCH_CHARS", 150)
    monkeypatch.setattr(json_fast, "_BATCH_GUESS", 3)


@pytest.fixture
def decided(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Records, for each fast-pass call, whether it decided (True) or fell back (False)."""
    calls: list[bool] = []
    real = fastpath.run

    def spy(*args: Any, **kwargs: Any) -> Any:
        outcome = real(*args, **kwargs)
        calls.append(outcome is not None)
        return outcome

    monkeypatch.setattr(fastpath, "run", spy)
    yield calls


def located(data: bytes, **kw: str) -> Report:
    run = Validation(
        data,
        api_version=kw.get("api_version", "auto"),
        kind=kw.get("kind", "auto"),
        fmt="auto",
        name=None,
        fast=False,
    )
    issues = list(run.issues())
    run.report.issues = sort_issues(issues)
    return run.report


def summary(report: Report) -> tuple[Any, ...]:
    return (
        report.kind,
        report.api_version,
        report.records,
        [
            (i.code, i.severity, i.message, i.line, i.column, i.pointer, i.xpath, i.record)
            for i in report.issues
        ],
    )


def assert_same(data: bytes, **kw: str) -> Report:
    fast = validate(data, **kw)
    slow = located(data, **kw)
    assert summary(fast) == summary(slow)
    return fast


def _xml(document: Any, version: str, kind: str, pretty: bool) -> bytes:
    text = dumps_xml(document, version=cast(ApiVersion, version), kind=cast(Kind, kind), pretty=pretty)
    return text.encode()


@pytest.mark.parametrize("version", ["8.5", "9.0"])
@pytest.mark.parametrize("kind", ["input", "output"])
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fast_and_located_agree_on_valid_documents(
    version: str, kind: str, data: st.DataObject, decided: list[bool]
) -> None:
    document = data.draw(nwx.documents(version, kind))
    pretty = data.draw(st.booleans())
    for payload in (
        json.dumps(document, indent=2 if pretty else None).encode(),
        _xml(document, version, kind, pretty),
    ):
        decided.clear()
        report = assert_same(payload, api_version=version, kind=kind)
        assert report.valid
        assert decided == [True], "the fast pass should decide a valid record document"


@pytest.mark.parametrize("version", ["8.5", "9.0"])
@pytest.mark.parametrize("kind", ["input", "output"])
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fast_and_located_agree_on_broken_documents(version: str, kind: str, data: st.DataObject) -> None:
    broken = data.draw(nwx.broken_documents(version, kind))
    assert_same(json.dumps(broken.document).encode(), api_version=version, kind=kind)
    assert_same(json.dumps(broken.document).encode())
    if not broken.json_only:
        try:
            xml = _xml(broken.document, version, kind, True)
        except ValueError:
            return
        assert_same(xml, api_version=version, kind=kind)
        assert_same(xml)


RECORD: dict[str, Any] = {
    "Who": "CORP\\jdoe",
    "Action": "Read",
    "What": "w",
    "When": "2024-05-02T06:15:00Z",
    "Where": "fs01",
    "ObjectType": "File",
}


def test_advice_is_located_identically_in_many_chunks(decided: list[bool]) -> None:
    records = []
    for n in range(40):
        record = dict(RECORD, What=f"file {n}")
        if n % 3:
            record["MonitoringPlan"] = {"Name": "Plan"}
        if n % 5:
            record["Item"] = {"Name": "App"}
        if n % 7 == 0:
            record["DataSource"] = "Mine"
        records.append(record)
    for payload in (
        json.dumps(records).encode(),
        json.dumps(records, indent=1).encode(),
        _xml(records, "9.0", "input", True),
    ):
        decided.clear()
        report = assert_same(payload)
        assert decided == [True]
        assert {i.code for i in report.issues} == {"NWX600", "NWX603", "NWX604"}


def test_more_than_a_thousand_records_located_identically(
    decided: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xml_fast, "BLOCK", 20_000)
    monkeypatch.setattr(json_fast, "BLOCK", 20_000)
    monkeypatch.setattr(json_fast, "_LOOKAHEAD", 40_000)
    monkeypatch.setattr(json_fast, "_BATCH_CHARS", 9_000)
    monkeypatch.setattr(json_fast, "_BATCH_GUESS", 200)
    record = dict(RECORD, MonitoringPlan={"Name": "P"}, Item={"Name": "I"})
    for payload in (json.dumps([record] * 1005).encode(), _xml([record] * 1005, "9.0", "input", False)):
        decided.clear()
        report = assert_same(payload)
        assert decided == [True]
        assert [(i.code, i.pointer) for i in report.issues] == [("NWX601", "/1000")]


@pytest.mark.parametrize(
    "tweak",
    [
        lambda x: x.replace("<What>file 3</What>", "<What><!-- <ActivityRecord> --></What>"),
        lambda x: x.replace("<What>file 3</What>", "<What><![CDATA[</ActivityRecord>]]></What>"),
        lambda x: x.replace("<What>file 3</What>", "<What>&#83;ystem.Collections.Hashtable</What>"),
        lambda x: x.replace("<What>file 3</What>", "<What><![CDATA[System.Collections.Hashtable]]></What>"),
        lambda x: x.replace("<What>file 3</What>", "<What>System.Object[]</What>"),
        lambda x: x.replace("<What>file 3</What>", "<What> System.Exception </What>"),
        lambda x: x.replace("</ActivityRecord>", "</ActivityRecord >", 1),
        lambda x: x.replace("<ActivityRecord>", "<!-- c --><ActivityRecord>", 2),
        lambda x: x.replace(
            f'<ActivityRecordList xmlns="{NS}">', f'<a:ActivityRecordList xmlns:a="{NS}">'
        ).replace("</ActivityRecordList>", "</a:ActivityRecordList>"),
        lambda x: x.replace("<Who>", "<Who >"),
        lambda x: x + "<!-- trailing -->",
        lambda x: x.replace("<Who>", "<?pi <Item><MonitoringPlan>?><Who>", 1).replace(
            "<Item><Name>App</Name></Item>", "", 1
        ),
        lambda x: x.replace("<Who>", "<!-- <Item><MonitoringPlan> --><Who>", 1).replace(
            "<Item><Name>App</Name></Item>", "", 1
        ),
        lambda x: x.replace(
            "<Item><Name>App</Name></Item>", "<Item><Name>App</Name></Item><Item><Name>B</Name></Item>", 1
        ),
    ],
)
def test_xml_oddities_agree(tweak: Any) -> None:
    records = [
        dict(RECORD, What=f"file {n}", MonitoringPlan={"Name": "P"}, Item={"Name": "App"}) for n in range(8)
    ]
    xml = tweak(_xml(records, "9.0", "input", True).decode())
    assert_same(xml.encode())


@pytest.mark.parametrize(
    "tweak",
    [
        lambda j: j.replace('"file 3"', '"System.Collections.Hashtable"'),
        lambda j: j.replace('"file 3"', '"\\u0001"'),
        lambda j: j.replace('"file 3"', '"\\ud800"'),
        lambda j: j.replace('"file 3"', '"a\\\\":b"'),
        lambda j: j.replace('"file 3"', '"\\":"'),
        lambda j: j.replace('"file 3"', '"},{\\"Who\\": 1"'),
        lambda j: j.replace('"What": "file 3"', '"What": "file 3", "What": "x"'),
        lambda j: j.replace('"What": "file 4"', '"What" : "file 4"'),
        lambda j: j.replace('"Who"', '"\\u0057ho"', 1),
        lambda j: j.replace("}]", "},]"),
        lambda j: j + " []",
        lambda j: j.replace('"What": "file 5"', '"What": "file 5", "Workstation": NaN'),
        lambda j: j.replace('"What": "file 5"', '"What": "\\u00e9t\\u00e9"'),
        # newlines in a few places only: positions after them, and after long stretches without
        lambda j: j.replace("}, {", "},\n{", 2),
        lambda j: j.replace('"What": "file 6"', '"What":\n"file 6"').replace('"file 3"', '"x\\u0001"'),
        # duplicate keys that counting key ends or colons could miss
        lambda j: j.replace('"What": "file 3"', '"What" : "file 3", "What": "x"'),
        lambda j: j.replace('"What": "file 3"', '"What" : "file 3", "What": "x\\":"'),
        lambda j: j.replace('"What": "file 3"', '"What": "file 3", "What": "\\u003a"'),
        lambda j: j.replace('"What": "file 3"', '"What" : "\\u00e9", "What": "x\\":"'),
        lambda j: j.replace('"What": "file 3"', '"What" : "\\u00e9", "What": "x"'),
        lambda j: j.replace('"What": "file 3"', '"What": "a:b", "What": "c"'),
        lambda j: j.replace('"What": "file 3"', '"What":"a", "What" :"b"'),
    ],
)
def test_json_oddities_agree(tweak: Any) -> None:
    records = [
        dict(RECORD, What=f"file {n}", MonitoringPlan={"Name": "P"}, Item={"Name": "App"}) for n in range(8)
    ]
    for indent in (None, 2):
        assert_same(tweak(json.dumps(records, indent=indent)).encode())


def test_output_envelope_with_mark_before_and_after(decided: list[bool]) -> None:
    records = [dict(RECORD, RID=str(n)) for n in range(9)]
    docs: list[dict[str, Any]] = [
        {"ContinuationMark": " PG5y ", "ActivityRecordList": records},
        {"ActivityRecordList": records, "ContinuationMark": "PG5y"},
        {"ActivityRecordList": []},
    ]
    for doc in docs:
        decided.clear()
        assert_same(json.dumps(doc).encode())
        assert decided == [True]
    xml = _xml({"ActivityRecordList": records, "ContinuationMark": " PG5y "}, "9.0", "output", True)
    decided.clear()
    report = assert_same(xml)
    assert decided == [True] and [i.code for i in report.issues] == ["NWX605"]


def test_a_stream_is_read_only_once_even_when_the_fast_pass_gives_up() -> None:
    class Once(io.RawIOBase):
        """Gives each byte once; cannot seek. Reading it twice would see an empty rest."""

        def __init__(self, data: bytes) -> None:
            self.data, self.pos = data, 0

        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

        def seek(self, *_: object) -> int:
            raise AssertionError("the stream was sought back: it can be read only once")

        def read(self, size: int = -1) -> bytes:
            chunk = self.data[self.pos : self.pos + (size if size >= 0 else len(self.data))]
            self.pos += len(chunk)
            return chunk

    records = [dict(RECORD, What=f"file {n}") for n in range(30)]
    records[25]["Action"] = "Bogus"
    data = json.dumps(records).encode()
    stream = Once(data)
    report = validate(cast(IO[bytes], stream))
    assert stream.pos == len(data)
    assert [(i.code, i.pointer) for i in report.issues if i.severity == "error"] == [("NWX400", "/25/Action")]
    assert summary(report)[3] == summary(located(data))[3]


def _issues(report: Report) -> list[Issue]:
    return report.issues


@pytest.mark.parametrize("kind", ["input", "output"])
@pytest.mark.parametrize("to", ["json", "ndjson"])
@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_xml_converted_in_the_fast_pass_is_byte_for_byte_the_ordinary_conversion(
    kind: str, to: str, data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nwx_schema.conversion import api, convert

    document = data.draw(nwx.documents("9.0", kind))
    pretty = data.draw(st.booleans())
    xml = _xml(document, "9.0", kind, data.draw(st.booleans()))
    monkeypatch.setattr(api, "FUSED_FROM", 0)
    fused = convert(xml, to=to, pretty=pretty, kind=kind)
    monkeypatch.setenv("NWX_SCHEMA_FAST", "0")
    ordinary = convert(xml, to=to, pretty=pretty, kind=kind)
    assert fused == ordinary


def test_the_fused_conversion_really_runs_and_reports_like_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    from nwx_schema.conversion import api, convert_to_stream

    monkeypatch.setattr(api, "FUSED_FROM", 0)
    calls: list[bool] = []
    real = fastpath.convert_xml

    def spy(*args: Any, **kwargs: Any) -> Any:
        outcome = real(*args, **kwargs)
        calls.append(outcome is not None)
        return outcome

    monkeypatch.setattr(fastpath, "convert_xml", spy)
    records = [dict(RECORD, What=f"file {n}", MonitoringPlan={"Name": "P"}) for n in range(12)]
    xml = _xml(records, "9.0", "input", True)
    out = io.BytesIO()
    report = convert_to_stream(xml, out, to="json")
    assert calls == [True]
    assert json.loads(out.getvalue()) == records
    assert {(i.code, i.pointer, i.line, i.column) for i in report.issues} == {
        (i.code, i.pointer, i.line, i.column) for i in validate(xml).issues
    }
    broken = xml.replace(b"<Action>Read</Action>", b"<Action>Bogus</Action>", 1)
    calls.clear()
    with pytest.raises(ValueError, match="not converted"):
        convert_to_stream(broken, io.BytesIO(), to="json")
    assert calls == [False]


@pytest.mark.parametrize("oddity", ["plain", "warnings", "broken", "comment-end-tag", "crlf"])
def test_files_read_by_workers_in_byte_ranges_agree_with_the_located_pass(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, oddity: str, decided: list[bool]
) -> None:
    """Big files are checked by worker processes that read their own byte ranges."""
    from nwx_schema.conversion import api, convert

    monkeypatch.setattr(fastpath, "_jobs", lambda size: 2)
    monkeypatch.setattr(api, "FUSED_FROM", 0)
    records = [
        dict(RECORD, What=f"file {n} é 漢", MonitoringPlan={"Name": "P"}, Item={"Name": "I"})
        for n in range(60)
    ]
    if oddity == "warnings":
        for n in (3, 40, 59):
            del records[n]["Item"]
    text = _xml(records, "9.0", "input", True).decode()
    if oddity == "broken":
        text = text.replace("<What>file 41", "<Wat>file 41", 1).replace(
            "</What>\n    <When>2024-05-02T06:15:00Z</When>\n    <Where>fs01</Where>",
            "</Wat>\n    <When>2024-05-02T06:15:00Z</When>\n    <Where>fs01</Where>",
            1,
        )
    if oddity == "comment-end-tag":
        text = text.replace("<What>file 7", "<!-- </ActivityRecord> --><What>file 7", 1)
    if oddity == "crlf":
        text = text.replace("\n", "\r\n")
    path = tmp_path / "big.xml"
    path.write_bytes(text.encode())
    fast = validate(path)
    slow = located(path.read_bytes())
    assert summary(fast)[3] == summary(slow)[3]
    if oddity in ("plain", "warnings", "crlf"):
        assert decided == [True]
        converted = convert(path, to="json")
        monkeypatch.setenv("NWX_SCHEMA_FAST", "0")
        assert converted == convert(path, to="json")


@given(
    st.lists(
        st.sampled_from(
            ["\\", "u", "00", "1", "d8", "DC", "ff", '"', "System", ".", "@", "{", "\ufffe", "\uffff", "é"]
        ),
        max_size=20,
    ).map("".join)
)
@example('"@{a=1}"')
@example('"System.Collections.Hashtable"')
@example("\\u0001")
@example("\\udc00")
@example("\ufffe")
@example("\uffff")
def test_the_block_prefilter_never_misses_what_suspect_finds(text: str) -> None:
    from nwx_schema.fastpath.json_fast import may_hold_marker, suspect

    assert may_hold_marker(text) or not suspect(text)
