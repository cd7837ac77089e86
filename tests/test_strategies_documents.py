"""records() and documents(): shapes and values follow the model, for every version and kind."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from nwx_schema.errors import UnknownKindError, UnknownVersionError
from nwx_schema.model import (
    ACTIONS,
    DATETIME_PATTERN,
    OPERATORS,
    TIME_PATTERN,
    TIMEFRAMES,
    Group,
    ListOf,
    Role,
    Scalar,
)
from nwx_schema.model import document_model as model_of
from nwx_schema.strategies import documents, filter_lists, records
from nwx_schema.strategies.documents import filter_entries, filter_values
from nwx_schema.versions import VERSIONS, ApiVersion

#: Parametrised over versions and roles: fewer examples per case keep the file fast.
FEW = settings(max_examples=max(10, settings().max_examples // 2))
XML_CHARS = re.compile("^[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")


def _found(strategy: st.SearchStrategy[Any], condition: Callable[[Any], bool]) -> Any:
    return find(
        strategy, condition, settings=settings(max_examples=3000, database=None, phases=[Phase.generate])
    )


def assert_conforms(value: Any, group: Group, role: Role, where: str = "") -> None:
    """An independent oracle: ``value`` is a JSON-form object of ``group`` for ``role``."""
    assert isinstance(value, dict), where
    fields = {f.name: f for f in group.for_role(role)}
    assert set(value) <= set(fields), (where, set(value) - set(fields))
    assert {n for n, f in fields.items() if f.required} <= set(value), where
    for name, item in value.items():
        spec = fields[name].value
        at = f"{where}/{name}"
        if isinstance(spec, Group):
            assert_conforms(item, spec, role, at)
        elif isinstance(spec, ListOf):
            assert isinstance(item, list) and len(item) >= spec.min_items, at
            for index, element in enumerate(item):
                assert_conforms(element, spec.item, role, f"{at}/{index}")
        elif spec.type == "boolean":
            assert isinstance(item, bool), at
        elif spec.type == "action":
            assert item in ACTIONS, at
        elif spec.type == "datetime":
            assert re.fullmatch(DATETIME_PATTERN, item), at
        else:
            _assert_text(item, spec, fields[name].required, at)


def _assert_text(item: Any, spec: Scalar, required: bool, at: str) -> None:
    assert isinstance(item, str) and XML_CHARS.match(item), at
    assert spec.min_length <= len(item) <= (spec.max_length or len(item)), at
    if required:
        assert item.strip(), at


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("role", ["input", "output"])
@FEW
@given(data=st.data())
def test_records_follow_the_model_of_their_version_and_role(
    version: ApiVersion, role: Role, data: st.DataObject
) -> None:
    record = data.draw(records(version, role))
    assert_conforms(record, model_of(version).record, role)


def test_records_carry_output_only_fields_only_in_output() -> None:
    rid = _found(records("9.0", "output"), lambda r: "RID" in r)
    assert len(rid["RID"]) <= 49
    message = _found(records("9.0", "output"), lambda r: any("Message" in d for d in r.get("DetailList", [])))
    assert message["DetailList"]  # never in input: assert_conforms checks the keys of each role


def _has_key(name: str, record: dict[str, Any]) -> bool:
    return name in record


def test_records_use_every_optional_field_and_vary_key_order() -> None:
    for name in ("MonitoringPlan", "Item", "DataSource", "Workstation", "IsArchiveOnly", "DetailList"):
        assert name in _found(records("9.0"), partial(_has_key, name))
    assert next(iter(_found(records("9.0"), lambda r: next(iter(r)) != "Who"))) != "Who"
    legacy = _found(records("8.5"), lambda r: "ManagedObject" in r and "AuditedSystem" in r)
    assert "MonitoringPlan" not in legacy


def test_product_releases_map_to_their_api_version() -> None:
    assert "ManagedObject" in _found(records("8.0"), lambda r: "ManagedObject" in r)
    assert "Item" in _found(records("10.7"), lambda r: "Item" in r)
    with pytest.raises(UnknownVersionError):
        records("7.2")
    with pytest.raises(ValueError, match="role"):
        records("9.0", "written")  # type: ignore[arg-type]
    with pytest.raises(UnknownKindError):
        documents("9.0", "records")


@pytest.mark.parametrize("version", VERSIONS)
@FEW
@given(data=st.data())
def test_input_documents_are_non_empty_arrays_of_records(version: ApiVersion, data: st.DataObject) -> None:
    doc = data.draw(documents(version, "input"))
    assert isinstance(doc, list) and doc
    for record in doc:
        assert_conforms(record, model_of(version).record, "input")


@pytest.mark.parametrize("version", VERSIONS)
@FEW
@given(data=st.data())
def test_output_documents_are_the_enum_envelope(version: ApiVersion, data: st.DataObject) -> None:
    doc = data.draw(documents(version, "output"))
    assert set(doc) in ({"ActivityRecordList"}, {"ActivityRecordList", "ContinuationMark"})
    for record in doc["ActivityRecordList"]:
        assert_conforms(record, model_of(version).record, "output")
    assert doc.get("ContinuationMark", "x")


@pytest.mark.parametrize("version", VERSIONS)
@FEW
@given(data=st.data())
def test_search_documents_are_in_canonical_form_with_allowed_operators(
    version: ApiVersion, data: st.DataObject
) -> None:
    doc = data.draw(documents(version, "search"))
    assert set(doc) <= {"FilterList", "ContinuationMark"} and doc["FilterList"]
    for name, value in doc["FilterList"].items():
        spec = model_of(version).filter(name)
        assert spec is not None
        entries = value if isinstance(value, list) else [value]
        assert not isinstance(value, list) or len(value) >= 2, "one entry is never an array"
        for entry in entries:
            _assert_entry(spec.value, spec.operators, entry)


def _assert_entry(kind: str, operators: tuple[str, ...], entry: Any) -> None:
    if isinstance(entry, dict) and len(entry) == 1 and next(iter(entry)) in operators:
        ((_, entry),) = entry.items()
    if kind == "when":
        assert entry in [{t: ""} for t in TIMEFRAMES] or (
            list(entry) == ["From", "To"] and all(re.fullmatch(DATETIME_PATTERN, v) for v in entry.values())
        ), entry
    elif kind == "workinghours":
        assert list(entry) == ["From", "To"] and all(re.fullmatch(TIME_PATTERN, v) for v in entry.values())
    elif kind == "action":
        assert entry in ACTIONS
    else:
        assert isinstance(entry, str) and entry.strip() and XML_CHARS.match(entry)


def _one_key(key: str, value: Any) -> bool:
    return isinstance(value, dict) and list(value) == [key]


@pytest.mark.parametrize("name", ["Who", "Action", "When", "WorkingHours"])
def test_filter_entries_use_every_allowed_operator_and_the_plain_form(name: str) -> None:
    spec = model_of("9.0").filter(name)
    assert spec is not None
    for operator in spec.operators:
        assert _found(filter_entries(spec), partial(_one_key, operator))
    assert not _one_key("Equals", _found(filter_entries(spec), lambda e: not _is_operator_object(e)))


def _is_operator_object(entry: Any) -> bool:
    return isinstance(entry, dict) and len(entry) == 1 and next(iter(entry)) in OPERATORS


def test_when_entries_are_timeframes_or_intervals() -> None:
    spec = model_of("9.0").filter("When")
    assert spec is not None
    for timeframe in TIMEFRAMES:
        assert _found(filter_values(spec), partial(_one_key, timeframe)) == {timeframe: ""}
    assert list(_found(filter_values(spec), lambda v: "From" in v)) == ["From", "To"]


def test_filter_lists_repeat_a_filter_as_an_array() -> None:
    found = _found(filter_lists("9.0"), lambda fl: any(isinstance(v, list) for v in fl.values()))
    assert any(isinstance(v, list) and len(v) >= 2 for v in found.values())


@given(documents("9.0", "search"))
def test_when_intervals_never_end_before_they_start(doc: dict[str, Any]) -> None:
    from nwx_schema.strategies.documents import _instant

    value = doc["FilterList"].get("When")
    for entry in value if isinstance(value, list) else [value]:
        if (
            isinstance(entry, dict)
            and len(entry) == 1
            and "From" not in entry
            and "LastSevenDays" not in entry
        ):
            ((_, entry),) = entry.items()
        if isinstance(entry, dict) and "From" in entry:
            assert _instant(entry["From"]) <= _instant(entry["To"])


def test_instant_orders_by_the_moment_not_the_text() -> None:
    from nwx_schema.strategies.documents import _instant

    assert _instant("2024-05-02T08:00:00+02:00") == _instant("2024-05-02T06:00:00Z")
    assert _instant("2024-05-02T08:00:00+02:00") < _instant("2024-05-02T07:00:00Z")
    assert _instant("2024-05-02T06:00:00.5Z") > _instant("2024-05-02T06:00:00Z")
    assert _instant("0001-01-01T00:00:00+14:00") < _instant("9999-12-31T23:59:59-14:00")


@pytest.mark.parametrize("version", VERSIONS)
@FEW
@given(data=st.data())
def test_continuation_and_error_documents(version: ApiVersion, data: st.DataObject) -> None:
    mark = data.draw(documents(version, "continuation"))
    assert isinstance(mark, str) and mark
    errors = data.draw(documents(version, "errors"))
    assert list(errors) == ["ErrorList"] and errors["ErrorList"]
    for error in errors["ErrorList"]:
        assert_conforms(error, model_of(version).error, "output")
