"""What the product does to a record written, and how a stored record is answered.

A record written gets, as the product does (reference §2.2):

* ``RID``: the UTC time of the write as ``yyyyMMddHHmmssfff`` followed by 32 upper-case
  hex digits (49 characters, unique);
* ``DataSource``: ``"Netwrix API"``, whatever was sent;
* ``Item/Name``: the name sent followed by `` (Integration)``;
* ``MonitoringPlan/ID``: a braced GUID derived from the plan name (the same name always
  gets the same ID, across restarts and stores), replacing any ID sent.

Records are kept in the 9.0 JSON form, fields in the model's order. An 8.5 server
answers them in the 8.5 form: ``DataSource`` as ``AuditedSystem``, ``MonitoringPlan/Name``
as ``ManagedObject``, without ``Item`` (:data:`nwx_schema.model.LEGACY_RENAMES`).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import orjson

from nwx_schema.model import DETAIL, LEGACY_RENAMES, document_model
from nwx_schema.server.groups import fold
from nwx_schema.server.times import DAY_US, instant_us
from nwx_schema.versions import ApiVersion

API_DATA_SOURCE: Final = "Netwrix API"
INTEGRATION_SUFFIX: Final = " (Integration)"
_PLAN_NAMESPACE: Final = uuid.UUID("6c3e2f0a-51d4-4c55-9a43-6e7778782d73")
_RECORD_ORDER: Final = tuple(f.name for f in document_model("9.0").record.fields)
_DETAIL_ORDER: Final = tuple(f.name for f in DETAIL.fields)


def rid_prefix(now: dt.datetime) -> str:
    """The ``yyyyMMddHHmmssfff`` (UTC) that starts the RIDs of records written at ``now``."""
    utc = now.astimezone(dt.timezone.utc)
    return utc.strftime("%Y%m%d%H%M%S") + f"{utc.microsecond // 1000:03d}"


def new_rid(now: dt.datetime | str) -> str:
    """A fresh RID: ``yyyyMMddHHmmssfff`` of ``now`` (or a :func:`rid_prefix`) and 32
    random upper-case hex digits."""
    prefix = now if isinstance(now, str) else rid_prefix(now)
    return prefix + os.urandom(16).hex().upper()


@functools.lru_cache(maxsize=4096)
def plan_id(name: str) -> str:
    """The stable braced GUID of a monitoring plan name."""
    return "{" + str(uuid.uuid5(_PLAN_NAMESPACE, name)).upper() + "}"


def _to_9_0(record: Mapping[str, Any], version: ApiVersion) -> dict[str, Any]:
    if version == "9.0":
        return dict(record)
    out = {k: v for k, v in record.items() if k not in LEGACY_RENAMES}
    for legacy, path in LEGACY_RENAMES.items():
        if legacy in record:
            target = out
            for step in path[:-1]:
                target = target.setdefault(step, {})
            target[path[-1]] = record[legacy]
    return out


def _ordered(fields: Mapping[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    return {name: fields[name] for name in order if name in fields}


#: Indexed columns of a stored record, in the order of :meth:`StoredRecord.row`.
RECORD_COLUMNS: Final = (
    "rid_f", "who_f", "action_f", "what_f", "where_f", "object_type_f", "data_source_f", "plan_f",
    "item_f", "workstation_f", "when_us", "tod_us", "archive_only", "action", "plan", "item",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """A record ready for the store: its answer form and its indexed columns."""

    rid: str
    doc: dict[str, Any]
    columns: dict[str, Any]
    details: list[tuple[int, str | None, str | None, str | None, str | None]]

    def row(self) -> tuple[Any, ...]:
        """``(rid, JSON form, *RECORD_COLUMNS)``."""
        return (self.rid, orjson.dumps(self.doc).decode(), *(self.columns[c] for c in RECORD_COLUMNS))


@dataclass(frozen=True, slots=True)
class Batch:
    """The records of one POST as plain rows: compact to pass between processes.

    Attributes:
        records: :meth:`StoredRecord.row` of each record, in order.
        details: ``(record index in the batch, position, property, before, after,
            message)`` of each detail, values folded.
    """

    records: list[tuple[Any, ...]]
    details: list[tuple[Any, ...]]


def batch_rows(stored: Iterable[StoredRecord]) -> Batch:
    """The rows of records ready for the store."""
    records: list[tuple[Any, ...]] = []
    details: list[tuple[Any, ...]] = []
    for index, rec in enumerate(stored):
        records.append(rec.row())
        details.extend((index, *d) for d in rec.details)
    return Batch(records, details)


def _folded(value: Any) -> str | None:
    return fold(value) if isinstance(value, str) else None


def stored_record(record: Mapping[str, Any], version: ApiVersion, rid: str) -> StoredRecord:
    """Apply what the product adds to a valid record written (JSON form of ``version``)."""
    rec = _to_9_0(record, version)
    rec["RID"] = rid
    rec["DataSource"] = API_DATA_SOURCE
    plan = rec.get("MonitoringPlan")
    if isinstance(plan, dict) and "Name" in plan:
        rec["MonitoringPlan"] = {"ID": plan_id(plan["Name"]), "Name": plan["Name"]}
    item = rec.get("Item")
    if isinstance(item, dict) and "Name" in item:
        rec["Item"] = {"Name": item["Name"] + INTEGRATION_SUFFIX}
    details = rec.get("DetailList") or []
    if details:
        rec["DetailList"] = [_ordered(d, _DETAIL_ORDER) for d in details]
    doc = _ordered(rec, _RECORD_ORDER)
    when = instant_us(rec["When"])
    columns = {
        "rid_f": fold(rid),
        "who_f": fold(rec["Who"]),
        "action_f": fold(rec["Action"]),
        "what_f": fold(rec["What"]),
        "where_f": fold(rec["Where"]),
        "object_type_f": fold(rec["ObjectType"]),
        "data_source_f": fold(API_DATA_SOURCE),
        "plan_f": _folded(plan.get("Name")) if isinstance(plan, dict) else None,
        "item_f": _folded(rec["Item"]["Name"]) if isinstance(rec.get("Item"), dict) else None,
        "workstation_f": _folded(rec.get("Workstation")),
        "when_us": when,
        "tod_us": when % DAY_US,
        "archive_only": 1 if rec.get("IsArchiveOnly") is True else 0,
        "action": rec["Action"],
        "plan": plan.get("Name") if isinstance(plan, dict) else None,
        "item": rec["Item"]["Name"] if isinstance(rec.get("Item"), dict) else None,
    }
    rows = [
        (
            i,
            _folded(d.get("PropertyName")),
            _folded(d.get("Before")),
            _folded(d.get("After")),
            _folded(d.get("Message")),
        )
        for i, d in enumerate(details)
    ]
    return StoredRecord(rid, doc, columns, rows)


def answer_record(doc: Mapping[str, Any], version: ApiVersion) -> dict[str, Any]:
    """A stored record (9.0 form) as an enum/search answer of ``version``."""
    if version == "9.0":
        return dict(doc)
    legacy_model = document_model("8.5").record
    fields = {k: v for k, v in doc.items() if legacy_model.get(k) is not None}
    for legacy, path in LEGACY_RENAMES.items():
        value: Any = doc
        for step in path:
            value = value.get(step) if isinstance(value, dict) else None
        if value is not None:
            fields[legacy] = value
    return _ordered(fields, tuple(f.name for f in legacy_model.fields))
