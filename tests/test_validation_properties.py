"""Properties of validate(): it never raises, accepts what the model generates, locates
each broken rule at its record and field, and says the same of XML and JSON forms."""

from __future__ import annotations

import json
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from nwx_schema import strategies as nwx
from nwx_schema.conversion.xml_writer import dumps_xml
from nwx_schema.errors import InvalidPayloadError
from nwx_schema.issues import Report
from nwx_schema.locations import pointer
from nwx_schema.validation import validate
from nwx_schema.versions import KINDS, VERSIONS, ApiVersion, Kind

CASES = [(v, k) for v in VERSIONS for k in KINDS]
NS = "http://schemas.netwrix.com/api/v1/activity_records/"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=25,
)
names = st.sampled_from(["ActivityRecordList", "ActivityRecord", "Who", "When", "FilterList", "x", "Detail"])


@st.composite
def xmlish(draw: st.DrawFn) -> str:
    """Text that is XML-like enough to get past the first bytes, often broken."""
    parts = [draw(st.sampled_from(["", '<?xml version="1.0"?>', "\ufeff"]))]
    depth: list[str] = []
    for _ in range(draw(st.integers(0, 12))):
        action = draw(st.sampled_from(["open", "close", "text", "junk"]))
        if action == "open" or not depth:
            name = draw(names)
            ns = draw(st.sampled_from(["", f' xmlns="{NS}"', ' xmlns="urn:x"', ' Operator="InGroup"']))
            parts.append(f"<{name}{ns}>")
            depth.append(name)
        elif action == "close":
            parts.append(f"</{depth.pop()}>")
        elif action == "text":
            parts.append(draw(st.text(max_size=15)).replace("<", "&lt;").replace("&", "&amp;"))
        else:
            parts.append(draw(st.sampled_from(["&", "<", "]]>", "<!--", "&bogus;", "<!DOCTYPE x>", "\x01"])))
    if draw(st.booleans()):
        parts.extend(f"</{n}>" for n in reversed(depth))
    return "".join(parts)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_validate_never_raises_on_bytes(data: bytes) -> None:
    assert isinstance(validate(data), Report)


@given(st.text(max_size=300))
def test_validate_never_raises_on_text(text: str) -> None:
    assert isinstance(validate(text.encode("utf-8", "surrogatepass")), Report)


@given(json_values, st.sampled_from(["auto", *KINDS]), st.sampled_from(["auto", *VERSIONS]))
def test_validate_never_raises_on_any_json(value: Any, kind: str, version: str) -> None:
    report = validate(json.dumps(value).encode(), kind=kind, api_version=version)
    assert report.format == "json"
    parsed = validate(value if isinstance(value, list | dict) else [value], kind=kind, api_version=version)
    assert isinstance(parsed, Report)


@given(xmlish(), st.sampled_from(["auto", *KINDS]))
def test_validate_never_raises_on_xmlish_text(text: str, kind: str) -> None:
    assert isinstance(validate(text.encode("utf-8", "surrogatepass"), kind=kind), Report)


def _errors(report: Report) -> list[tuple[str, str | None, str]]:
    return [(i.code, i.pointer, i.message) for i in report.issues if i.severity == "error"]


@pytest.mark.parametrize(("version", "kind"), CASES)
@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_documents_are_valid_in_both_formats(version: str, kind: str, data: st.DataObject) -> None:
    document = data.draw(nwx.documents(version, kind))
    as_json = validate(json.dumps(document).encode(), api_version=version, kind=kind)
    assert _errors(as_json) == []
    as_xml = validate(
        dumps_xml(document, version=cast(ApiVersion, version), kind=cast(Kind, kind)).encode(),
        api_version=version,
        kind=kind,
    )
    assert _errors(as_xml) == []
    auto = validate(json.dumps(document).encode())
    assert auto.kind == kind or (
        kind == "output" and not document["ActivityRecordList"] and auto.kind == "output"
    )


def _located(report: Report, code: str, path: tuple[Any, ...]) -> bool:
    target = pointer(path)
    for issue in report.issues:
        if issue.code != code or issue.pointer is None:
            continue
        parent = issue.pointer.rsplit("/", 1)[0] if issue.pointer else None
        if issue.pointer == target or (code in ("NWX300", "NWX502", "NWX503") and parent == target):
            return True
    return False


@pytest.mark.parametrize(("version", "kind"), CASES)
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_one_broken_rule_is_found_at_its_place_in_json_and_xml(
    version: str, kind: str, data: st.DataObject
) -> None:
    broken = data.draw(nwx.broken_documents(version, kind))
    as_json = validate(json.dumps(broken.document).encode(), api_version=version, kind=kind)
    assert _located(as_json, broken.code, broken.path), (broken, as_json.issues)
    if broken.json_only:
        return
    try:
        xml = dumps_xml(broken.document, version=cast(ApiVersion, version), kind=cast(Kind, kind))
    except InvalidPayloadError:
        xml = None
    assume(xml is not None)
    assert xml is not None
    as_xml = validate(xml.encode(), api_version=version, kind=kind)
    assert _located(as_xml, broken.code, broken.path), (broken, xml, as_xml.issues)
    same_json = {(i.code, i.pointer) for i in as_json.issues}
    same_xml = {(i.code, i.pointer) for i in as_xml.issues}
    assert same_json == same_xml, (broken, xml)
