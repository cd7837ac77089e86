"""convert / convert_to_stream as a Python user sees them: sources, refusals, atomic
output, best effort, normalisation of non-canonical input."""

from __future__ import annotations

import codecs
import io
import os
from pathlib import Path
from typing import Any

import orjson
import pytest

from nwx_schema.conversion import UnsupportedConversionError, convert, convert_to_stream
from nwx_schema.errors import InvalidPayloadError, UnknownFormatError
from tests.conftest import FIXTURES

NS = "http://schemas.netwrix.com/api/v1/activity_records/"
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
PAIR = FIXTURES / "pairs" / "9.0" / "input" / "full-record"


def _record(**extra: Any) -> dict[str, Any]:
    return {
        "Who": "CORP\\jdoe",
        "Action": "Added",
        "What": "w",
        "When": "2024-05-02T08:15:00Z",
        "Where": "fs01",
        "ObjectType": "File",
        **extra,
    }


class _Pipe(io.RawIOBase):
    """A non-seekable binary stream, like standard input fed by a pipe."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(min(len(buffer), 7))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_every_kind_of_source_gives_the_same_result() -> None:
    expected = PAIR.with_suffix(".xml").read_text(encoding="utf-8")
    data = PAIR.with_suffix(".json").read_bytes()
    sources: list[Any] = [
        PAIR.with_suffix(".json"),
        str(PAIR.with_suffix(".json")),
        data,
        data.decode("utf-8"),
        io.BytesIO(data),
        io.BufferedReader(_Pipe(data)),
        io.StringIO(data.decode("utf-8")),
        orjson.loads(data),
    ]
    for source in sources:
        assert convert(source, to="xml") == expected, type(source)


def test_a_non_seekable_stream_is_read_once() -> None:
    pipe = _Pipe(PAIR.with_suffix(".xml").read_bytes())
    out = io.BytesIO()
    report = convert_to_stream(io.BufferedReader(pipe), out, to="json", name="<stdin>")
    assert out.getvalue() == PAIR.with_suffix(".json").read_bytes()
    assert (report.path, report.format, report.kind, report.records) == ("<stdin>", "xml", "input", 2)


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),
        lambda t: t.encode("utf-16-le"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    ],
    ids=["utf8-bom", "utf16-bom", "utf16le-no-bom", "utf16be-bom"],
)
def test_json_with_a_byte_order_mark_or_in_utf16_is_converted(encode: Any) -> None:
    text = PAIR.with_suffix(".json").read_text(encoding="utf-8")
    assert convert(encode(text), to="xml") == PAIR.with_suffix(".xml").read_text(encoding="utf-8")


def test_utf16_xml_is_converted() -> None:
    xml = (
        PAIR.with_suffix(".xml").read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    )
    assert convert(xml.encode("utf-16"), to="json") == PAIR.with_suffix(".json").read_text(encoding="utf-8")


def test_invalid_documents_are_refused_with_the_validation_findings(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    with pytest.raises(InvalidPayloadError) as caught:
        convert_to_stream(b'[{"Who": "a", "Action": "Added"}]', target, to="xml")
    assert sorted({(i.code, i.pointer) for i in caught.value.issues if i.severity == "error"}) == [
        ("NWX300", "/0/ObjectType"),
        ("NWX300", "/0/What"),
        ("NWX300", "/0/When"),
        ("NWX300", "/0/Where"),
    ]
    assert all(i.line == 1 for i in caught.value.issues)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_failed_conversion_leaves_an_existing_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    target.write_text("previous", encoding="utf-8")
    document = orjson.dumps([_record(What="bell\x07")])
    with pytest.raises(InvalidPayloadError) as caught:
        convert_to_stream(document, target, to="xml")
    (issue,) = caught.value.issues
    assert (issue.code, issue.line, issue.column, issue.pointer) == ("NWX110", 1, 46, "/0/What")
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xml"]


def test_a_stream_receives_nothing_when_the_conversion_fails() -> None:
    out = io.BytesIO()
    with pytest.raises(InvalidPayloadError):
        convert_to_stream(
            orjson.dumps([_record(), _record(Who="x\x1b[31m")]), out, to="xml", best_effort=True
        )
    assert out.getvalue() == b""


def test_a_successful_conversion_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("previous", encoding="utf-8")
    target.chmod(0o640)
    convert_to_stream(PAIR.with_suffix(".xml"), target, to="json")
    assert target.read_bytes() == PAIR.with_suffix(".json").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o027)
    try:
        convert_to_stream(PAIR.with_suffix(".xml"), tmp_path / "new.json", to="json")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o640


def test_best_effort_converts_an_invalid_document_and_returns_its_findings() -> None:
    xml = (
        f'<ActivityRecordList xmlns="{NS}"><ActivityRecord><Who>a</Who><Action>Exploded</Action>'
        "<IsArchiveOnly>True</IsArchiveOnly><Custom><A>1</A></Custom></ActivityRecord></ActivityRecordList>"
    )
    with pytest.raises(InvalidPayloadError):
        convert(xml, to="json")
    out = io.BytesIO()
    report = convert_to_stream(xml, out, to="json", best_effort=True, pretty=False)
    assert orjson.loads(out.getvalue()) == [
        {"Who": "a", "Action": "Exploded", "IsArchiveOnly": "True", "Custom": {"A": "1"}}
    ]
    assert {"NWX300", "NWX301", "NWX400", "NWX405"} <= set(report.codes())


def test_best_effort_still_refuses_what_cannot_be_read() -> None:
    with pytest.raises(InvalidPayloadError) as caught:
        convert(f'<ActivityRecordList xmlns="{NS}"><ActivityRecord>', to="json", best_effort=True)
    assert [i.code for i in caught.value.issues] == ["NWX102"]
    doctype = f'<!DOCTYPE x [<!ENTITY e "boom">]><ActivityRecordList xmlns="{NS}"/>'
    with pytest.raises(InvalidPayloadError) as caught:
        convert(doctype, to="json", best_effort=True)
    assert "NWX106" in [i.code for i in caught.value.issues]


def test_best_effort_refuses_values_the_target_cannot_hold() -> None:
    document = orjson.dumps([_record(Who=None, **{"Monitoring Plan": "P"})])
    with pytest.raises(InvalidPayloadError) as caught:
        convert(document, to="xml", best_effort=True)
    assert [(i.code, i.pointer) for i in caught.value.issues] == [
        ("NWX700", "/0/Who"),
        ("NWX700", "/0/Monitoring Plan"),
    ]
    # JSON can hold them: best effort to JSON keeps them as they are
    assert orjson.loads(convert(document, to="json", best_effort=True)) == orjson.loads(document)


def test_the_continuation_mark_comes_first_in_xml_and_last_in_json() -> None:
    document = b'{"ContinuationMark": "m", "ActivityRecordList": []}'
    assert convert(document, to="xml", pretty=False) == (
        HEAD
        + f'<ActivityRecordList xmlns="{NS}"><ContinuationMark>m</ContinuationMark></ActivityRecordList>\n'
    )
    assert convert(document, to="json", pretty=False) == '{"ActivityRecordList":[],"ContinuationMark":"m"}\n'
    late = orjson.dumps({"ActivityRecordList": [_record(RID="r")], "ContinuationMark": "late"})
    xml = convert(late, to="xml", pretty=False)
    assert xml.index("<ContinuationMark>late</ContinuationMark>") < xml.index("<ActivityRecord>")


def test_non_canonical_search_filters_are_normalised() -> None:
    document = {
        "FilterList": {
            "Who": ["only"],
            "Action": {"Equals": "Added", "NotEqualTo": "Read"},
            "When": [{"Today": ""}],
        }
    }
    assert orjson.loads(convert(orjson.dumps(document), to="json")) == {
        "FilterList": {
            "Who": "only",
            "Action": [{"Equals": "Added"}, {"NotEqualTo": "Read"}],
            "When": {"Today": ""},
        }
    }
    interleaved = (
        f'<ActivityRecordSearch xmlns="{NS}"><FilterList><Who>a</Who><Action>Added</Action>'
        '<Who Operator="Equals">b</Who></FilterList></ActivityRecordSearch>'
    )
    assert orjson.loads(convert(interleaved, to="json")) == {
        "FilterList": {"Who": ["a", {"Equals": "b"}], "Action": "Added"}
    }


def test_xml_spelling_does_not_matter_only_the_infoset() -> None:
    canonical = PAIR.with_suffix(".xml").read_text(encoding="utf-8")
    variant = (
        canonical.replace('<?xml version="1.0" encoding="UTF-8"?>', "<?xml version='1.0'?>")
        .replace("<Who>CORP\\jdoe</Who>", "<!-- who --><Who><![CDATA[CORP\\jdoe]]></Who><?pi x?>")
        .replace(f'xmlns="{NS}"', f"xmlns='{NS}'")
        .replace("<After>12</After>", "<After>1&#50;</After>")
    )
    assert variant != canonical
    assert convert(variant, to="json") == PAIR.with_suffix(".json").read_text(encoding="utf-8")
    assert convert(variant, to="xml") == canonical


def test_empty_strings_stay_distinct_from_absent_elements() -> None:
    document = orjson.dumps([_record(DetailList=[{"PropertyName": "p", "Before": ""}])])
    xml = convert(document, to="xml", pretty=False)
    assert "<Detail><PropertyName>p</PropertyName><Before/></Detail>" in xml
    assert orjson.loads(convert(xml, to="json"))[0]["DetailList"] == [{"PropertyName": "p", "Before": ""}]


def test_ndjson_of_a_document_without_records_is_a_usage_error() -> None:
    with pytest.raises(UnsupportedConversionError, match="no records"):
        convert(b'{"FilterList": {"Who": "a"}}', to="ndjson")
    with pytest.raises(UnknownFormatError):
        convert(PAIR.with_suffix(".json"), to="yaml")


def test_an_explicit_kind_or_version_that_does_not_fit_is_refused() -> None:
    with pytest.raises(InvalidPayloadError) as caught:
        convert(PAIR.with_suffix(".json"), to="xml", kind="output")
    assert "NWX203" in [i.code for i in caught.value.issues] or "NWX204" in [
        i.code for i in caught.value.issues
    ]


def test_a_missing_file_raises_os_error() -> None:
    with pytest.raises(OSError):
        convert(Path("/nonexistent/payload.json"), to="xml")
    assert not os.path.exists("/nonexistent")


@pytest.mark.parametrize(
    ("document", "kind"),
    [(b'{"Who": "a"}', "input"), (b'{"ActivityRecordList": "x", "ContinuationMark": "m"}', "output")],
)
def test_best_effort_on_a_wrong_json_root(document: bytes, kind: str) -> None:
    # JSON keeps the document as it is; XML and NDJSON have no place for it
    assert (
        convert(document, to="json", kind=kind, best_effort=True, pretty=False)
        == orjson.dumps(orjson.loads(document)).decode() + "\n"
    )
    for target in ("xml", "ndjson"):
        with pytest.raises(InvalidPayloadError) as caught:
            convert(document, to=target, kind=kind, best_effort=True)
        assert [i.code for i in caught.value.issues] == ["NWX700"]
