"""broken_documents(): one documented rule broken, and exactly that finding, at that place."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from nwx_schema.conversion.xml_writer import dumps_xml
from nwx_schema.errors import InvalidPayloadError
from nwx_schema.locations import Path, pointer
from nwx_schema.strategies import Broken, broken_documents, broken_rules
from nwx_schema.validation import validate
from nwx_schema.versions import KINDS, VERSIONS, ApiVersion, Kind

CASES = [(v, k) for v in VERSIONS for k in KINDS]
#: Ten version-kind cases each: fewer examples per case keep the file fast.
FEW = settings(max_examples=max(10, settings().max_examples // 2))


def test_rules_available_per_version_and_kind() -> None:
    assert broken_rules("9.0", "input") == (
        "NWX203", "NWX205", "NWX300", "NWX301", "NWX303", "NWX304", "NWX305", "NWX306", "NWX307",
        "NWX309", "NWX400", "NWX401", "NWX402", "NWX403", "NWX404", "NWX405", "NWX406",
    )  # fmt: skip
    assert "NWX308" in broken_rules("8.5", "input") and "NWX307" not in broken_rules("8.5", "input")
    assert "NWX306" not in broken_rules("9.0", "output")  # RID and Message belong in output
    assert broken_rules("9.0", "search") == (
        "NWX203", "NWX300", "NWX301", "NWX303", "NWX304", "NWX305", "NWX400",
        "NWX500", "NWX501", "NWX502", "NWX503", "NWX504",
    )  # fmt: skip
    assert broken_rules("10.7", "continuation") == ("NWX203", "NWX304")
    assert broken_rules("9.0", "errors") == ("NWX203", "NWX300", "NWX301", "NWX303", "NWX304", "NWX309")


def test_a_rule_that_cannot_be_broken_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match=r"NWX307.*8\.5 input.*NWX308"):
        broken_documents("8.5", "input", rule="NWX307")


def _at(document: Any, path: Path) -> Any:
    for segment in path:
        document = document[segment]
    return document


def _assert_path_is_real(broken: Broken) -> None:
    """The path names what was broken: the value, or (missing field) a key its parent lacks."""
    if broken.code in ("NWX300", "NWX502", "NWX503") and broken.path:
        parent = _at(broken.document, broken.path[:-1])
        if isinstance(parent, dict) and broken.path[-1] not in parent:
            return
    _at(broken.document, broken.path)  # raises if the path leads nowhere


@pytest.mark.parametrize(("version", "kind"), CASES)
@FEW
@given(data=st.data())
def test_each_rule_gives_that_code_and_a_real_path(
    version: ApiVersion, kind: Kind, data: st.DataObject
) -> None:
    code = data.draw(st.sampled_from(broken_rules(version, kind)))
    broken = data.draw(broken_documents(version, kind, rule=code))
    assert broken.code == code
    assert broken.description
    _assert_path_is_real(broken)
    json.dumps(broken.document)  # still JSON


def _errors(source: bytes, version: ApiVersion, kind: Kind) -> list[tuple[str, str | None]]:
    report = validate(source, api_version=version, kind=kind)
    return [(i.code, i.pointer) for i in report.issues if i.severity == "error"]


@pytest.mark.parametrize(("version", "kind"), CASES)
@FEW
@given(data=st.data())
def test_the_validator_reports_exactly_that_one_error_in_json(
    version: ApiVersion, kind: Kind, data: st.DataObject
) -> None:
    broken = data.draw(broken_documents(version, kind))
    body = json.dumps(broken.document, ensure_ascii=False).encode()
    assert _errors(body, version, kind) == [(broken.code, pointer(broken.path))], broken.description


@pytest.mark.parametrize(("version", "kind"), CASES)
@FEW
@given(data=st.data())
def test_the_validator_reports_exactly_that_one_error_in_xml(
    version: ApiVersion, kind: Kind, data: st.DataObject
) -> None:
    broken = data.draw(broken_documents(version, kind).filter(lambda b: not b.json_only))
    try:
        text = dumps_xml(broken.document, version=version, kind=kind)
    except InvalidPayloadError:  # "Monitoring Plan" is no XML name: the mistake has no XML form
        reject()
    assert _errors(text.encode(), version, kind) == [(broken.code, pointer(broken.path))], broken.description


JSON_ONLY = [
    ("9.0", "input", "NWX303"),
    ("9.0", "input", "NWX405"),
    ("9.0", "search", "NWX303"),
    ("8.5", "output", "NWX300"),
]


@pytest.mark.parametrize(("version", "kind", "rule"), JSON_ONLY)
@FEW
@given(data=st.data())
def test_json_only_mistakes_vanish_or_change_in_xml(
    version: ApiVersion, kind: Kind, rule: str, data: st.DataObject
) -> None:
    """A number for a string, "true" for true...: written as XML text the mistake is gone
    (or the document has no XML form, or it is another mistake there)."""
    broken = data.draw(broken_documents(version, kind, rule=rule).filter(lambda b: b.json_only))
    try:
        text = dumps_xml(broken.document, version=version, kind=kind)
    except InvalidPayloadError:
        return
    assert _errors(text.encode(), version, kind) != [(broken.code, pointer(broken.path))]
