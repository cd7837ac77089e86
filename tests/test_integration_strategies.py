"""``nwx_schema.strategies`` as an add-on developer uses it: generated documents pass
``validate`` (API, testing helper and CLI); each rule broken on purpose fails with that
rule's code, at the place the strategy says; and the strategies find a real producer bug.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, cast
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from nwx_schema import strategies as nwx
from nwx_schema.cli import cli
from nwx_schema.conversion.xml_writer import dumps_xml
from nwx_schema.errors import InvalidPayloadError
from nwx_schema.issues import Report
from nwx_schema.locations import Path as JsonPath
from nwx_schema.locations import pointer
from nwx_schema.model import Role
from nwx_schema.testing import PayloadAssertionError, assert_valid_payload
from nwx_schema.validation import validate
from nwx_schema.versions import KINDS, VERSIONS, ApiVersion, Kind

ROLES: tuple[Role, ...] = ("input", "output")
CASES = [(v, k) for v in VERSIONS for k in KINDS]
RULES = [(v, k, code) for v, k in CASES for code in nwx.broken_rules(v, k)]
#: A finding about something missing may be located at the object that lacks it.
PARENT_LOCATED = ("NWX300", "NWX502", "NWX503")


def _xml(document: Any, version: str, kind: str) -> bytes:
    return dumps_xml(document, version=cast(ApiVersion, version), kind=cast(Kind, kind)).encode()


def test_every_version_and_kind_has_rules_to_break() -> None:
    assert {(v, k) for v, k, _ in RULES} == set(CASES)
    assert "NWX307" in nwx.broken_rules("9.0", "input")  # an 8.5 name in a 9.0 record
    assert "NWX308" in nwx.broken_rules("8.5", "input")  # a 9.0 name in an 8.5 record
    with pytest.raises(ValueError, match=r"cannot be broken in a 9\.0 continuation document"):
        nwx.broken_documents("9.0", "continuation", rule="NWX400")


@pytest.mark.parametrize(("version", "kind"), CASES)
@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_documents_pass_validate_in_json_and_xml(
    version: str, kind: str, data: st.DataObject
) -> None:
    document = data.draw(nwx.documents(version, kind))
    body = json.dumps(document).encode()
    report = assert_valid_payload(body, kind=kind, api_version=version)
    assert (report.kind, report.api_version, report.format) == (kind, version, "json")
    assert assert_valid_payload(_xml(document, version, kind), kind=kind, api_version=version).valid
    if kind != "continuation":  # parsed JSON too (a bare str would be read as document text)
        assert validate(document, kind=kind, api_version=version).valid


@pytest.mark.parametrize("role", ROLES)
@settings(max_examples=15)
@given(data=st.data())
def test_generated_records_pass_as_documents_of_their_role(role: Role, data: st.DataObject) -> None:
    record = data.draw(nwx.records("10.7", role))  # a product release maps to API 9.0
    document = [record] if role == "input" else {"ActivityRecordList": [record]}
    assert assert_valid_payload(document, kind=role, api_version="9.0").records == 1


def _located(report: Report, code: str, path: JsonPath) -> bool:
    target = pointer(path)
    for issue in report.errors:
        if issue.code != code or issue.pointer is None:
            continue
        parent = issue.pointer.rsplit("/", 1)[0]
        if issue.pointer == target or (code in PARENT_LOCATED and parent == target):
            return True
    return False


@pytest.mark.parametrize(("version", "kind", "code"), RULES)
@settings(max_examples=4, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_rule_broken_on_purpose_fails_with_its_code(
    version: str, kind: str, code: str, data: st.DataObject
) -> None:
    broken = data.draw(nwx.broken_documents(version, kind, rule=code))
    assert broken.code == code
    body = json.dumps(broken.document).encode()
    with pytest.raises(PayloadAssertionError) as caught:
        assert_valid_payload(body, kind=kind, api_version=version)
    report = caught.value.report
    assert _located(report, code, broken.path), (broken, report.issues)
    assert f" {code} " in str(caught.value)
    if broken.json_only:
        return
    try:
        xml = _xml(broken.document, version, kind)
    except InvalidPayloadError:  # e.g. a control character the XML form cannot carry
        return
    as_xml = validate(xml, kind=kind, api_version=version)
    assert not as_xml.valid
    assert _located(as_xml, code, broken.path), (broken, xml, as_xml.issues)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    valid=st.tuples(*(nwx.documents(v, k) for v, k in CASES)),
    broken=st.tuples(*(nwx.broken_documents(v, k) for v, k in CASES)),
)
def test_the_cli_accepts_generated_documents_and_rejects_broken_ones(
    valid: tuple[Any, ...], broken: tuple[nwx.Broken, ...]
) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        for (version, kind), document, bad in zip(CASES, valid, broken, strict=True):
            folder = root / version / kind
            (folder / "valid").mkdir(parents=True)
            (folder / "broken").mkdir()
            (folder / "valid" / "doc.json").write_text(json.dumps(document), encoding="utf-8")
            (folder / "valid" / "doc.xml").write_bytes(_xml(document, version, kind))
            (folder / "broken" / "doc.json").write_text(json.dumps(bad.document), encoding="utf-8")
        for version, kind in CASES:
            folder = root / version / kind
            args = ["validate", "--api-version", version, "--kind", kind, "-o", "json", "--jobs", "1"]
            good = runner.invoke(cli, [*args, str(folder / "valid")])
            assert good.exit_code == 0, good.output
            assert json.loads(good.stdout)["summary"]["valid"] == 2
            rejected = runner.invoke(cli, [*args, str(folder / "broken")])
            assert rejected.exit_code == 1, rejected.output
            (found,) = json.loads(rejected.stdout)["files"]
            assert found["valid"] is False


# -- what the strategies are for: finding bugs in a user's producer --------------------


def naive_request_body(records: list[dict[str, Any]]) -> bytes:
    """A typical string-template producer: forgets to escape XML special characters."""
    rows = "".join(
        "<ActivityRecord>"
        + "".join(f"<{k}>{v}</{k}>" for k, v in r.items() if isinstance(v, str))
        + "</ActivityRecord>"
        for r in records
    )
    return f'<ActivityRecordList xmlns="http://schemas.netwrix.com/api/v1/activity_records/">{rows}</ActivityRecordList>'.encode()


def escaped_request_body(records: list[dict[str, Any]]) -> bytes:
    """The same producer, fixed: text escaped, CR kept as a character reference."""
    rows = "".join(
        "<ActivityRecord>"
        + "".join(f"<{k}>{escape(v, {chr(13): '&#13;'})}</{k}>" for k, v in r.items() if isinstance(v, str))
        + "</ActivityRecord>"
        for r in records
    )
    return f'<ActivityRecordList xmlns="http://schemas.netwrix.com/api/v1/activity_records/">{rows}</ActivityRecordList>'.encode()


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if isinstance(v, str)}


def test_strategies_find_the_unescaped_template_bug() -> None:
    """What a user sees: their property test fails, naming the rule the body breaks."""

    @settings(
        max_examples=400, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck)
    )
    @given(st.lists(nwx.records("9.0", "input").map(_flat), min_size=1, max_size=2))
    def test_my_producer(records: list[dict[str, Any]]) -> None:
        assert_valid_payload(naive_request_body(records), kind="input", api_version="9.0")

    with pytest.raises(PayloadAssertionError) as caught:
        test_my_producer()
    # A value holding what a template must escape: the XML is not well-formed.
    assert [i.code for i in caught.value.failing] == ["NWX102"]
    assert " error NWX102 " in str(caught.value)


@settings(max_examples=40)
@given(st.lists(nwx.records("9.0", "input").map(_flat), min_size=1, max_size=3))
def test_the_escaped_producer_passes_for_every_generated_record(records: list[dict[str, Any]]) -> None:
    assert_valid_payload(escaped_request_body(records), kind="input", api_version="9.0")
