"""Search filters: from the JSON form of ``FilterList`` to an SQL condition on the store.

Semantics (reference §5, S10), as implemented here:

* different filters combine with AND;
* entries of one filter with a positive operator (``Equals``, ``Contains``,
  ``StartsWith``, ``EndsWith``, ``InGroup``) combine with OR, entries with a negative
  operator (``NotEqualTo``, ``DoesNotContain``, ``NotInGroup``) with AND, and the two
  groups with AND;
* a negative operator is exactly the negation of its positive counterpart, so a record
  without the field (no MonitoringPlan, no Item) matches ``NotEqualTo`` and
  ``DoesNotContain`` and never a positive operator;
* text compares case-insensitively (Unicode case folding), as the product's SQL Server
  collation does;
* ``Detail`` matches a record when one of its details has a PropertyName, Before, After or
  Message that matches; ``Before`` and ``After`` look at that value of each detail;
* ``When``: ``From``..``To`` includes both ends; the timeframes are UTC calendar days:
  ``Today``, ``Yesterday``, ``LastSevenDays`` (today and the six days before),
  ``LastThirtyDays`` (today and the 29 days before);
* ``WorkingHours``: the record's time of day lies between ``From`` and ``To`` (both ends
  included) once all three are in UTC; an interval that crosses midnight wraps;
  ``NotEqualTo`` selects activity outside those hours. Every day of the week counts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import orjson

from nwx_schema.conversion.filters import FilterEntry, entries_from_json
from nwx_schema.model import LEGACY_RENAMES, NEGATIVE_OPERATORS, TIMEFRAMES, document_model
from nwx_schema.server.groups import Groups, fold
from nwx_schema.server.times import DAY_US, instant_us, time_of_day_us, utc_day_start_us
from nwx_schema.versions import ApiVersion

#: 9.0 filter name -> indexed column of ``records`` (folded text).
RECORD_COLUMNS: Final[dict[str, str]] = {
    "RID": "rid_f",
    "Who": "who_f",
    "Where": "where_f",
    "ObjectType": "object_type_f",
    "What": "what_f",
    "DataSource": "data_source_f",
    "MonitoringPlan": "plan_f",
    "Item": "item_f",
    "Workstation": "workstation_f",
    "Action": "action_f",
}
#: 9.0 filter name -> columns of ``details`` it looks at.
DETAIL_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "Detail": ("property_f", "before_f", "after_f", "message_f"),
    "Before": ("before_f",),
    "After": ("after_f",),
}
_POSITIVE: Final = {"NotEqualTo": "Equals", "DoesNotContain": "Contains", "NotInGroup": "InGroup"}
#: Timeframe -> (first day, days after the last day) relative to today, in UTC days.
_TIMEFRAME_DAYS: Final[dict[str, tuple[int, int]]] = {
    "Today": (0, 1),
    "Yesterday": (-1, 0),
    "LastSevenDays": (-6, 1),
    "LastThirtyDays": (-29, 1),
}
assert set(_TIMEFRAME_DAYS) == set(TIMEFRAMES)


class SearchError(ValueError):
    """A FilterList that cannot be evaluated (its schema findings come from validation)."""


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """``From``..``To`` of a When or WorkingHours entry, as written."""

    start: str
    end: str


@dataclass(frozen=True, slots=True, order=True)
class Timeframe:
    """``Today``, ``Yesterday``, ``LastSevenDays`` or ``LastThirtyDays``."""

    name: str


Value = str | Interval | Timeframe


@dataclass(frozen=True, slots=True)
class Condition:
    """One entry of a FilterList: filter name (9.0 spelling), operator and value."""

    name: str
    operator: str
    value: Value

    def sort_key(self) -> tuple[str, str, str, str]:
        v = self.value
        if isinstance(v, Interval):
            return (self.name, self.operator, v.start, v.end)
        if isinstance(v, Timeframe):
            return (self.name, self.operator, "", v.name)
        return (self.name, self.operator, v, "")


def _canonical_name(name: str, version: ApiVersion) -> str:
    """The 9.0 filter name of a filter (8.5 ``AuditedSystem`` is ``DataSource``...)."""
    if version == "8.5" and name in LEGACY_RENAMES:
        return LEGACY_RENAMES[name][0]
    return name


def _value(kind: str, raw: Any, name: str) -> Value:
    if kind in ("string", "action"):
        if isinstance(raw, str):
            return raw
        raise SearchError(f"{name}: a text value is required")
    if not isinstance(raw, Mapping):
        raise SearchError(f"{name}: an object with From and To is required")
    if set(raw) == {"From", "To"} and all(isinstance(v, str) for v in raw.values()):
        return Interval(raw["From"], raw["To"])
    if kind == "when" and len(raw) == 1 and next(iter(raw)) in TIMEFRAMES:
        return Timeframe(next(iter(raw)))
    raise SearchError(f"{name}: unexpected value {sorted(raw)}")


def conditions_from_entries(entries: Iterable[FilterEntry], version: ApiVersion) -> list[Condition]:
    """The conditions of FilterList entries (XML or JSON form), in document order.

    Raises:
        SearchError: no entry, an unknown filter, an operator the filter does not take,
            or a value of the wrong shape.
    """
    model = document_model(version)
    conditions: list[Condition] = []
    for entry in entries:
        spec = model.filter(entry.name)
        if spec is None:
            raise SearchError(f"unknown filter {entry.name!r}")
        op = entry.operator or spec.default
        if op not in spec.operators:
            raise SearchError(f"{entry.name}: operator {op!r} is not allowed")
        value = _value(spec.value, entry.value, entry.name)
        conditions.append(Condition(_canonical_name(entry.name, version), op, value))
    if not conditions:
        raise SearchError("the FilterList is empty")
    return conditions


def parse_filter_list(filter_list: Mapping[str, Any], version: ApiVersion) -> list[Condition]:
    """The conditions of the JSON form of a ``FilterList``, in document order.

    Every JSON shape the reference allows is read (:func:`entries_from_json`): a plain
    value, an operator object (one key or several), an array of those.

    Raises:
        SearchError: as :func:`conditions_from_entries`.
    """
    return conditions_from_entries(entries_from_json(document_model(version), filter_list), version)


def filters_digest(conditions: list[Condition]) -> str:
    """A short digest of what a search selects. What does not change the selection does
    not count: the order of entries, their JSON spelling, the case of text values."""
    canonical = sorted({tuple(fold(part) for part in c.sort_key()) for c in conditions})
    return hashlib.sha256(orjson.dumps(canonical)).hexdigest()[:16]


class _Compiler:
    def __init__(self, groups: Groups, now_us: int) -> None:
        self.groups = groups
        self.now_us = now_us
        self.params: list[Any] = []

    def text_test(self, column: str, operator: str, value: str) -> str:
        """SQL for a positive operator on a folded text column (NULL never matches)."""
        v = fold(value)
        if operator == "Contains":
            self.params.append(v)
            return f"coalesce(instr({column}, ?) > 0, 0)"
        if operator == "Equals":
            self.params.append(v)
            return f"coalesce({column} = ?, 0)"
        if operator == "StartsWith":
            self.params.append(v)
            return f"coalesce(instr({column}, ?) = 1, 0)"
        if operator == "EndsWith":
            self.params.extend((len(v), v))
            return f"coalesce(substr({column}, -?) = ?, 0)"
        members = sorted(self.groups.members(value))  # InGroup
        if not members:
            return "0"
        self.params.extend(members)
        return f"coalesce({column} IN ({', '.join('?' * len(members))}), 0)"

    def interval(self, name: str, value: Value) -> tuple[int, int]:
        if isinstance(value, Timeframe):
            first, after = _TIMEFRAME_DAYS[value.name]
            today = utc_day_start_us(self.now_us)
            return today + first * DAY_US, today + after * DAY_US - 1
        assert isinstance(value, Interval)
        if name == "When":
            return instant_us(value.start), instant_us(value.end)
        return time_of_day_us(value.start), time_of_day_us(value.end)

    def positive(self, cond: Condition, operator: str) -> str:
        if cond.name in ("When", "WorkingHours"):
            try:
                start, end = self.interval(cond.name, cond.value)
            except ValueError as err:
                raise SearchError(f"{cond.name}: {err}") from err
            self.params.extend((start, end))
            if cond.name == "When":
                return "(r.when_us BETWEEN ? AND ?)"
            if start <= end:
                return "(r.tod_us BETWEEN ? AND ?)"
            return "(r.tod_us >= ? OR r.tod_us <= ?)"
        assert isinstance(cond.value, str)
        if cond.name in DETAIL_COLUMNS:
            tests = [self.text_test(f"d.{col}", operator, cond.value) for col in DETAIL_COLUMNS[cond.name]]
            # column names come from constants; every value is a bound parameter
            return f"EXISTS (SELECT 1 FROM details d WHERE d.record_id = r.id AND ({' OR '.join(tests)}))"  # noqa: S608
        return self.text_test(f"r.{RECORD_COLUMNS[cond.name]}", operator, cond.value)

    def filter_sql(self, conds: list[Condition]) -> str:
        positives = [self.positive(c, c.operator) for c in conds if c.operator not in NEGATIVE_OPERATORS]
        negatives = [
            f"NOT {self.positive(c, _POSITIVE[c.operator])}"
            for c in conds
            if c.operator in NEGATIVE_OPERATORS
        ]
        parts = ([f"({' OR '.join(positives)})"] if positives else []) + negatives
        return " AND ".join(parts)


def compile_conditions(conditions: list[Condition], groups: Groups, now_us: int) -> tuple[str, list[Any]]:
    """An SQL boolean expression over ``records r`` and its parameters.

    Raises:
        SearchError: a date-time or time of day that does not exist.
    """
    compiler = _Compiler(groups, now_us)
    by_filter: dict[str, list[Condition]] = {}
    for cond in conditions:
        by_filter.setdefault(cond.name, []).append(cond)
    clauses = [f"({compiler.filter_sql(conds)})" for conds in by_filter.values()]
    return " AND ".join(clauses) or "1", compiler.params
