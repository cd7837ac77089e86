"""Round trips over generated documents of every kind and both versions, hostile text
included: JSON -> XML -> JSON is the identity, XML -> JSON -> XML is the identity on the
XML infoset, validity is preserved, converting twice gives the bytes of converting once,
and characters XML 1.0 cannot carry are refused with a located finding."""

from __future__ import annotations

import io
import re
from typing import Any

import orjson
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from nwx_schema.conversion import convert, dumps_xml
from nwx_schema.conversion.diff import diff_json
from nwx_schema.conversion.infoset import diff_infoset
from nwx_schema.errors import InvalidPayloadError
from nwx_schema.strategies import documents, records
from nwx_schema.validation import validate
from nwx_schema.versions import KINDS, VERSIONS, ApiVersion, Kind

#: Characters XML 1.0 cannot carry at all.
FORBIDDEN = "".join(chr(c) for c in range(0x20) if c not in (0x9, 0xA, 0xD)) + "\ufffe\uffff"

COMBINATIONS = [(v, k) for v in VERSIONS for k in KINDS]


def _ordered(value: Any) -> bytes:
    """Bytes that differ when keys are in another order (dict equality ignores it)."""
    return orjson.dumps(value)


def _with_prefix(xml: str) -> str:
    """The same infoset written with a namespace prefix on every element."""
    text = re.sub(r"<(/?)([A-Za-z])", r"<\1p:\2", xml)
    return text.replace(' xmlns="', ' xmlns:p="', 1)


@pytest.mark.parametrize(("version", "kind"), COMBINATIONS)
@given(data=st.data())
def test_json_to_xml_to_json_is_the_identity(version: ApiVersion, kind: Kind, data: st.DataObject) -> None:
    document = data.draw(documents(version, kind), label="document")
    pretty = data.draw(st.booleans(), label="pretty")
    source = orjson.dumps(document)
    xml = convert(source, to="xml", api_version=version, kind=kind, pretty=pretty)
    report = validate(xml.encode("utf-8"), api_version=version, kind=kind)
    assert report.valid, [i.to_dict() for i in report.errors]
    back = convert(xml, to="json", api_version=version, kind=kind, pretty=pretty)
    assert orjson.loads(back) == document
    if kind != "output":  # output JSON always puts ActivityRecordList first
        assert _ordered(orjson.loads(back)) == _ordered(document)
    # converting twice gives the bytes of converting once
    assert convert(back, to="xml", api_version=version, kind=kind, pretty=pretty) == xml
    assert convert(back, to="json", api_version=version, kind=kind, pretty=pretty) == back
    assert convert(xml, to="xml", api_version=version, kind=kind, pretty=pretty) == xml


@pytest.mark.parametrize(("version", "kind"), COMBINATIONS)
@given(data=st.data())
def test_xml_to_json_to_xml_is_the_identity_on_the_infoset(
    version: ApiVersion, kind: Kind, data: st.DataObject
) -> None:
    document = data.draw(documents(version, kind), label="document")
    canonical = dumps_xml(
        document, version=version, kind=kind, pretty=data.draw(st.booleans(), label="pretty")
    )
    source = _with_prefix(canonical) if data.draw(st.booleans(), label="prefixed") else canonical
    json_text = convert(source, to="json", api_version=version, kind=kind)
    assert validate(json_text.encode("utf-8"), api_version=version, kind=kind).valid
    again = convert(json_text, to="xml", api_version=version, kind=kind)
    differences = list(diff_infoset(io.BytesIO(source.encode("utf-8")), io.BytesIO(again.encode("utf-8"))))
    assert differences == []
    assert again == dumps_xml(document, version=version, kind=kind)


@pytest.mark.parametrize("version", VERSIONS)
@given(data=st.data())
def test_ndjson_holds_the_records_one_per_line(version: ApiVersion, data: st.DataObject) -> None:
    kind: Kind = data.draw(st.sampled_from(["input", "output"]), label="kind")
    document = data.draw(documents(version, kind), label="document")
    records = document if kind == "input" else document["ActivityRecordList"]
    for source in (orjson.dumps(document), dumps_xml(document, version=version, kind=kind)):
        text = convert(source, to="ndjson", api_version=version, kind=kind)
        assert text.count("\n") == len(records)
        assert [orjson.loads(line) for line in text.split("\n")[:-1]] == records


@given(
    record=records("9.0", "input"),
    char=st.sampled_from(FORBIDDEN),
    at=st.integers(min_value=0, max_value=30),
)
@example(
    record={
        "Who": "a",
        "Action": "Added",
        "What": "w",
        "When": "2024-01-01T00:00:00Z",
        "Where": "x",
        "ObjectType": "o",
    },
    char="\x00",
    at=0,
)
def test_a_character_xml_cannot_carry_is_refused_with_its_location(
    record: dict[str, Any], char: str, at: int
) -> None:
    value = record["What"]
    record = {**record, "What": value[:at] + char + value[at:]}
    document = [{"Who": "first", **{k: v for k, v in record.items() if k != "Who"}}, record]
    with pytest.raises(InvalidPayloadError) as caught:
        convert(orjson.dumps(document), to="xml")
    located = [(i.code, i.pointer, i.record) for i in caught.value.issues]
    assert ("NWX110", "/1/What", 1) in located
    assert all(i.severity == "error" for i in caught.value.issues)


def test_identity_holds_for_a_diff_of_nothing() -> None:
    # the diff used by the round trips does see what changes
    assert [d.render() for d in diff_json({"a": ["x"]}, {"a": ["y"]})] == ['/a/0: "x" -> "y"']
