"""Mutations that break one rule of a document's envelope or of its search filters."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from nwx_schema.locations import Path
from nwx_schema.model import ACTIONS, OPERATORS, Filter
from nwx_schema.strategies.documents import filter_values, when_intervals
from nwx_schema.strategies.item_rules import Outcome, Rule
from nwx_schema.strategies.targets import Target, all_field_names
from nwx_schema.strategies.values import clock_values, continuation_marks, time_values, xml_safe_text
from nwx_schema.versions import KINDS, Kind

# -- envelopes -------------------------------------------------------------------------


def wrong_root(t: Target) -> Outcome:
    """The JSON root of another shape (PowerShell unrolling one record, S3's bare array)."""
    if t.kind == "input":
        t.doc = t.doc[0]  # ConvertTo-Json of a one-element array
        return (), "one record not wrapped in [ ]", True
    if t.kind == "output":
        t.doc = t.doc["ActivityRecordList"]
        return (), "enum result as a bare array", True
    if t.kind == "continuation":
        t.doc = {"ContinuationMark": t.doc}
        return (), "continuation mark wrapped in an object", True
    if t.kind == "errors":
        t.doc = t.doc["ErrorList"]
        return (), "error list as a bare array", True
    t.doc = [t.doc]
    return (), "search parameters wrapped in an array", True


def no_records(t: Target) -> Outcome:
    t.doc = []
    return (), "no record at all", False


def missing_envelope_key(t: Target) -> Outcome:
    key = "FilterList" if t.kind == "search" else "ActivityRecordList"
    del t.doc[key]
    return (key,), f"{key} removed", t.kind == "output"  # an XML output root may be empty


_ENVELOPE_EXTRAS = {
    "output": ("ActivityRecords", "Cursor", "activityRecordList"),
    "search": ("filterlist", "Count", "format", "Filters"),
}


def unknown_envelope_key(t: Target) -> Outcome:
    name = t.draw(st.sampled_from(_ENVELOPE_EXTRAS[t.kind]))
    if name == "filterlist":  # Netwrix's own client, on its continuation requests
        t.doc[name] = copy.deepcopy(t.doc["FilterList"])
    else:
        t.doc[name] = t.draw(xml_safe_text(min_size=1, max_size=12, blank=False))
    return (name,), f"unknown key {name!r}", False


def empty_mark(t: Target) -> Outcome:
    if t.kind == "continuation":
        t.doc = ""
        return (), "empty continuation mark", False
    t.doc["ContinuationMark"] = ""
    return ("ContinuationMark",), "empty ContinuationMark", False


# -- search filters --------------------------------------------------------------------


def _place(t: Target, name: str, entry: Any, sub: Path = ()) -> Path:
    """Put one entry into filter ``name``: as its only entry, or appended to its entries."""
    filters = t.doc["FilterList"]
    current = filters.get(name)
    if current is None or t.draw(st.booleans()):
        filters[name] = entry
        return ("FilterList", name, *sub)
    entries = current if isinstance(current, list) else [current]
    filters[name] = [*entries, entry]
    return ("FilterList", name, len(entries), *sub)


def _with_operator(t: Target, item: Filter, value: Any) -> tuple[Any, Path]:
    """The entry holding ``value``, with an allowed operator or none, and the path inside it."""
    operator = t.draw(st.one_of(st.none(), st.sampled_from(item.operators)))
    if operator is None:
        return value, ()
    return {operator: value}, (operator,)


def _pick_filter(t: Target, value: str | None = None) -> Filter:
    choices = [f for f in t.model.filters if value is None or f.value == value]
    return t.draw(st.sampled_from(choices))


def unknown_filter(t: Target) -> Outcome:
    known = all_field_names()
    spaced = [
        n for n in ("Monitoring Plan", "Data Source", "Object Type", "Managed Object") if n not in known
    ]
    lowered = [f.name.lower() for f in t.model.filters if f.name.lower() not in known]
    name = t.draw(st.sampled_from([*spaced, *lowered, "UserName", "Severity"]))
    t.doc["FilterList"][name] = t.draw(xml_safe_text(min_size=1, max_size=20, blank=False))
    return ("FilterList", name), f"unknown filter {name!r}", False


def operator_not_allowed(t: Target) -> Outcome:
    item = t.draw(st.sampled_from([f for f in t.model.filters if set(OPERATORS) - set(f.operators)]))
    operator = t.draw(st.sampled_from([op for op in OPERATORS if op not in item.operators]))
    path = _place(t, item.name, {operator: t.draw(filter_values(item))}, (operator,))
    return path, f'{item.name} Operator="{operator}"', False


def filter_empty_value(t: Target) -> Outcome:
    item = _pick_filter(t, "string")
    entry, sub = _with_operator(t, item, "")
    return _place(t, item.name, entry, sub), f"empty {item.name} filter value", False


def filter_too_long(t: Target) -> Outcome:
    item = t.draw(st.sampled_from([f for f in t.model.filters if f.max_length and f.max_length <= 10_000]))
    assert item.max_length is not None
    entry, sub = _with_operator(t, item, "x" * (item.max_length + t.draw(st.integers(1, 8))))
    return _place(t, item.name, entry, sub), f"{item.name} filter value too long", False


def filter_wrong_type(t: Target) -> Outcome:
    item = _pick_filter(t, "string")
    entry, sub = _with_operator(t, item, t.draw(st.one_of(st.none(), st.integers(0, 10**6))))
    return _place(t, item.name, entry, sub), f"{item.name} filter value not a string", True


def filter_unknown_action(t: Target) -> Outcome:
    item = _pick_filter(t, "action")
    value = t.draw(st.sampled_from(ACTIONS).map(str.lower).filter(lambda a: a not in ACTIONS))
    entry, sub = _with_operator(t, item, t.draw(st.sampled_from((value, "Deleted", "Created"))))
    return _place(t, item.name, entry, sub), "unknown Action in a filter", False


def malformed_when_filter(t: Target) -> Outcome:
    item = _pick_filter(t, "when")
    interval = t.draw(when_intervals())
    part = t.draw(st.sampled_from(("From", "To")))
    del interval[part]
    entry, sub = _with_operator(t, item, interval)
    return _place(t, item.name, entry, (*sub, part)), f"When interval without {part}", False


def malformed_working_hours(t: Target) -> Outcome:
    item = _pick_filter(t, "workinghours")
    hours = {"From": t.draw(time_values()), "To": t.draw(time_values())}
    part = t.draw(st.sampled_from(("From", "To")))
    entry, sub = _with_operator(t, item, hours)
    if t.draw(st.booleans()):
        del hours[part]
        return _place(t, item.name, entry, (*sub, part)), f"WorkingHours without {part}", False
    hours[part] = t.draw(
        st.one_of(clock_values(), st.sampled_from(("9:00", "09:00", "5 PM", "17:00:00 +02:00")))
    )
    return _place(t, item.name, entry, (*sub, part)), f"WorkingHours {part} {hours[part]!r}", False


def empty_error_list(t: Target) -> Outcome:
    t.doc["ErrorList"] = []
    return ("ErrorList",), "empty ErrorList", False


def empty_filter_list(t: Target) -> Outcome:
    t.doc["FilterList"] = {}
    return ("FilterList",), "empty FilterList", False


def add_mark(t: Target) -> None:
    if t.kind in ("output", "search") and "ContinuationMark" not in t.doc:
        t.doc["ContinuationMark"] = t.draw(continuation_marks())


SEARCH: frozenset[Kind] = frozenset({"search"})
ENVELOPES: frozenset[Kind] = frozenset({"output", "search"})
DOCUMENT_RULES: tuple[Rule, ...] = (
    Rule("NWX203", frozenset(KINDS), wrong_root),
    Rule("NWX205", frozenset(("input",)), no_records),
    Rule("NWX300", ENVELOPES, missing_envelope_key),
    Rule("NWX301", ENVELOPES, unknown_envelope_key),
    Rule("NWX304", frozenset(("output", "search", "continuation")), empty_mark),
    Rule("NWX309", frozenset(("errors",)), empty_error_list),
    Rule("NWX304", SEARCH, filter_empty_value),
    Rule("NWX305", SEARCH, filter_too_long),
    Rule("NWX303", SEARCH, filter_wrong_type),
    Rule("NWX400", SEARCH, filter_unknown_action),
    Rule("NWX500", SEARCH, unknown_filter),
    Rule("NWX501", SEARCH, operator_not_allowed),
    Rule("NWX502", SEARCH, malformed_when_filter),
    Rule("NWX503", SEARCH, malformed_working_hours),
    Rule("NWX504", SEARCH, empty_filter_list),
)
