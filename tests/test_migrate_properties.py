"""Property-based tests of payload migration, over generated documents of every kind.

* 8.5 -> 9.0: the result validates as 9.0, every legacy value is found at its new place,
  every other field is unchanged, no MonitoringPlan/ID is invented, and migrating again
  changes nothing.
* 9.0 -> 8.5 -> 9.0 is the identity where nothing was lost (byte for byte for compact
  documents, field for field for indented ones); where Item or MonitoringPlan/ID would be
  lost, the migration is refused with one NWX801 per loss.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from nwx_schema.conversion import dumps_xml
from nwx_schema.migration import migrate
from nwx_schema.strategies import documents
from nwx_schema.versions import KINDS, Kind

_RENAMES_9 = {"AuditedSystem": "DataSource", "ManagedObject": "MonitoringPlan"}


def _records(doc: Any, kind: Kind) -> list[dict[str, Any]]:
    if kind == "input":
        return list(doc)
    if kind == "output":
        return list(doc["ActivityRecordList"])
    return []


def to_9(doc: Any, kind: Kind) -> Any:
    """What migration must produce, in JSON form: keys renamed where they stand."""
    doc = json.loads(json.dumps(doc))
    for record in _records(doc, kind):
        items = list(record.items())
        record.clear()
        for key, value in items:
            if key == "ManagedObject":
                record["MonitoringPlan"] = {"Name": value}
            else:
                record[_RENAMES_9.get(key, key)] = value
    if kind == "search":
        filters = doc["FilterList"]
        items = list(filters.items())
        filters.clear()
        filters.update((_RENAMES_9.get(k, k), v) for k, v in items)
    return doc


def serialise(doc: Any, kind: Kind, fmt: str, pretty: bool, version: str) -> bytes:
    if fmt == "json":
        return json.dumps(doc, indent=2 if pretty else None, ensure_ascii=not pretty).encode("utf-8")
    return dumps_xml(doc, version=version, kind=kind, pretty=pretty).encode("utf-8")  # type: ignore[arg-type]


def canonical(data: bytes, fmt: str) -> Any:
    """A comparable form: JSON values with key order, XML trees without indentation."""
    if fmt == "json":
        return _ordered(json.loads(data))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return _element(etree.fromstring(data, parser))


def _ordered(value: Any) -> Any:
    if isinstance(value, dict):
        return [(k, _ordered(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    return value


def _element(elem: etree._Element) -> Any:
    children = [c for c in elem if isinstance(c.tag, str)]
    text = None if children else (elem.text or "")
    return (elem.tag, sorted(elem.attrib.items()), text, [_element(c) for c in children])


def _has_plan_id(data: bytes, fmt: str) -> bool:
    if fmt == "json":
        return '"ID"' in data.decode("utf-8") and "MonitoringPlan" in data.decode("utf-8")
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    return bool(root.xpath("//*[local-name()='MonitoringPlan']/*[local-name()='ID']"))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["xml", "json"])
@given(data=st.data(), pretty=st.booleans())
def test_migrate_8_5_documents_validate_as_9_0_and_keep_every_value(
    kind: Kind, fmt: str, data: st.DataObject, pretty: bool
) -> None:
    doc = data.draw(documents(version="8.5", kind=kind))
    original = serialise(doc, kind, fmt, pretty, "8.5")

    migration = migrate(original, kind=kind)

    assert migration.ok, [i.to_dict() for i in migration.report.issues]
    assert migration.report.valid and migration.report.api_version == "9.0"
    assert migration.document is not None
    expected = serialise(to_9(doc, kind), kind, fmt, pretty, "9.0")
    assert canonical(migration.document, fmt) == canonical(expected, fmt)
    assert not _has_plan_id(migration.document, fmt)
    legacy = any(k in r for r in _records(doc, kind) for k in _RENAMES_9) or (
        kind == "search" and any(k in doc["FilterList"] for k in _RENAMES_9)
    )
    assert migration.changed == legacy
    assert len(migration.changes) >= legacy

    again = migrate(migration.document, kind=kind)
    assert again.ok and not again.changed and again.document == migration.document
    assert again.changes == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["xml", "json"])
@given(data=st.data(), pretty=st.booleans())
def test_migrate_9_0_to_8_5_and_back_is_the_identity_where_nothing_is_lost(
    kind: Kind, fmt: str, data: st.DataObject, pretty: bool
) -> None:
    doc = data.draw(documents(version="9.0", kind=kind))
    original = serialise(doc, kind, fmt, pretty, "9.0")
    losses = sum(("Item" in r) + ("ID" in r.get("MonitoringPlan", {})) for r in _records(doc, kind))
    if kind == "search":
        losses += "Item" in doc["FilterList"]

    back = migrate(original, to="8.5", kind=kind)

    if losses:
        assert back.document is None
        assert back.report.codes().count("NWX801") >= 1
        assert set(back.report.codes()) <= {"NWX801"}
        assert back.changes == []
        return
    assert back.ok, [i.to_dict() for i in back.report.issues]
    assert back.document is not None
    forth = migrate(back.document, to="9.0", kind=kind)
    assert forth.ok and forth.document is not None
    assert canonical(forth.document, fmt) == canonical(original, fmt)
    if not pretty:
        assert forth.document == original


@pytest.mark.parametrize("fmt", ["xml", "json"])
@given(data=st.data())
def test_migrate_to_8_5_with_allow_loss_drops_only_item_and_plan_id(fmt: str, data: st.DataObject) -> None:
    doc = data.draw(documents(version="9.0", kind="input"))
    lost = json.loads(json.dumps(doc))
    expected = []
    for record in lost:
        record.pop("Item", None)
        items = list(record.items())
        record.clear()
        for key, value in items:
            if key == "MonitoringPlan":
                record["ManagedObject"] = value["Name"]
            elif key == "DataSource":
                record["AuditedSystem"] = value
            else:
                record[key] = value
        expected.append(record)

    back = migrate(serialise(doc, "input", fmt, False, "9.0"), to="8.5", allow_loss=True)

    assert back.ok and back.document is not None
    assert canonical(back.document, fmt) == canonical(serialise(expected, "input", fmt, False, "8.5"), fmt)
    dropped = sum(("Item" in r) + ("ID" in r.get("MonitoringPlan", {})) for r in doc)
    assert [c.code for c in back.changes].count("NWX816") == dropped
