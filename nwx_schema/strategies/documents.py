"""Valid documents in their JSON form, built by walking :mod:`nwx_schema.model`."""

from __future__ import annotations

import datetime as dt
import random
from functools import cache
from typing import Any

from hypothesis import strategies as st

from nwx_schema.model import ACTIONS, TIMEFRAMES, Field, Filter, Group, Role, Scalar, document_model
from nwx_schema.strategies.values import (
    FLAVOUR_MAX_LENGTH,
    FLAVOURS,
    continuation_marks,
    time_values,
    when_values,
    xml_safe_text,
)
from nwx_schema.versions import ApiVersion, resolve_kind, resolve_version

#: Generated text stays short where the model allows huge values (``nvarchar(max)``).
TEXT_CAP = 80
_MAX_RECORDS = 3
_MAX_ITEMS = 3


def _shuffled(base: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """The objects of ``base`` with their keys in a random order."""

    def shuffle(pair: tuple[dict[str, Any], random.Random]) -> dict[str, Any]:
        mapping, rnd = pair
        keys = list(mapping)
        rnd.shuffle(keys)
        return {key: mapping[key] for key in keys}

    return st.tuples(base, st.randoms(use_true_random=False)).map(shuffle)


def scalar_values(scalar: Scalar, *, required: bool, name: str = "") -> st.SearchStrategy[Any]:
    """Valid JSON-form values of one leaf: text within its lengths, an Action, a
    ``When`` or a JSON boolean. Required text is never blank; optional text may be
    empty or white space only."""
    if scalar.type == "action":
        return st.sampled_from(ACTIONS)
    if scalar.type == "datetime":
        return when_values()
    if scalar.type == "boolean":
        return st.booleans()
    blank = not required and scalar.min_length == 0
    cap = TEXT_CAP if scalar.max_length is None else scalar.max_length
    text = xml_safe_text(min_size=scalar.min_length, max_size=cap, blank=blank, boundary=cap != TEXT_CAP)
    flavour = FLAVOURS.get(name)
    if flavour is not None and scalar.min_length <= 1 and cap >= FLAVOUR_MAX_LENGTH:
        return st.one_of(flavour, text)
    return text


def field_values(field: Field, role: Role) -> st.SearchStrategy[Any]:
    """Valid JSON-form values of one field of the model, for a role."""
    value = field.value
    if isinstance(value, Scalar):
        return scalar_values(value, required=field.required, name=field.name)
    if isinstance(value, Group):
        return group_values(value, role)
    return st.lists(group_values(value.item, role), min_size=value.min_items, max_size=_MAX_ITEMS)


def group_values(group: Group, role: Role) -> st.SearchStrategy[dict[str, Any]]:
    """Objects of one group: every required field, optional ones sometimes, keys shuffled."""
    fields = group.for_role(role)
    required = {f.name: field_values(f, role) for f in fields if f.required}
    optional = {f.name: field_values(f, role) for f in fields if not f.required}
    return _shuffled(st.fixed_dictionaries(required, optional=optional))


def records(version: str = "9.0", role: Role = "input") -> st.SearchStrategy[dict[str, Any]]:
    """Activity Records in JSON form, valid for ``version`` (``8.5``, ``9.0`` or a product
    release such as ``10.7``) and ``role`` (``input``: records written; ``output``: records
    returned, with ``RID`` and ``Detail/Message``)."""
    if role not in ("input", "output"):
        raise ValueError(f"role must be 'input' or 'output', not {role!r}")
    return group_values(document_model(resolve_version(version)).record, role)


def when_intervals() -> st.SearchStrategy[dict[str, str]]:
    """``When`` filter intervals ``{"From": ..., "To": ...}``, From never after To."""

    def ordered(pair: tuple[str, str]) -> dict[str, str]:
        first, second = sorted(pair, key=_instant)
        return {"From": first, "To": second}

    return st.tuples(when_values(), when_values()).map(ordered)


def _instant(value: str) -> dt.timedelta:
    """Time since 0001-01-01T00:00:00Z of a ``When`` value (no overflow near the year limits)."""
    day = dt.date(int(value[0:4]), int(value[5:7]), int(value[8:10])).toordinal()
    clock = dt.timedelta(
        days=day, hours=int(value[11:13]), minutes=int(value[14:16]), seconds=int(value[17:19])
    )
    zone = "+00:00" if value.endswith("Z") else value[-6:]
    fraction = value[19:].removesuffix("Z").removesuffix(zone).lstrip(".")
    offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    micros = dt.timedelta(microseconds=int(fraction[:6].ljust(6, "0"))) if fraction else dt.timedelta()
    return clock + micros - (offset if zone[0] == "+" else -offset)


def filter_values(item: Filter) -> st.SearchStrategy[Any]:
    """One filter value without operator: text, an Action, a When timeframe or
    interval, a WorkingHours interval."""
    if item.value == "action":
        return st.sampled_from(ACTIONS)
    if item.value == "when":
        timeframes = st.sampled_from(TIMEFRAMES).map(lambda t: {t: ""})
        return st.one_of(timeframes, when_intervals())
    if item.value == "workinghours":
        return st.builds(lambda start, end: {"From": start, "To": end}, time_values(), time_values())
    cap = min(item.max_length or TEXT_CAP, TEXT_CAP)
    return xml_safe_text(min_size=1, max_size=cap, blank=False, boundary=cap != TEXT_CAP)


def filter_entries(item: Filter) -> st.SearchStrategy[Any]:
    """One entry of a filter: a plain value (default operator) or ``{"Operator": value}``."""
    operators = st.sampled_from(item.operators)
    with_operator = st.builds(lambda op, v: {op: v}, operators, filter_values(item))
    return st.one_of(filter_values(item), with_operator)


def _canonical(entries: list[Any]) -> Any:
    return entries[0] if len(entries) == 1 else entries


def filter_lists(version: ApiVersion) -> st.SearchStrategy[dict[str, Any]]:
    """``FilterList`` objects in canonical form: 1..n filters, each one entry or an array."""
    filters = document_model(version).filters
    chosen = st.lists(st.sampled_from(filters), min_size=1, max_size=5, unique_by=lambda f: f.name)

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        return {f.name: draw(_filter_values(f)) for f in draw(chosen)}

    return build()


@cache
def _filter_values(item: Filter) -> st.SearchStrategy[Any]:
    return st.lists(filter_entries(item), min_size=1, max_size=_MAX_ITEMS).map(_canonical)


def documents(version: str = "9.0", kind: str = "input") -> st.SearchStrategy[Any]:
    """Valid documents of one kind in the API's JSON shape.

    ``input``: a non-empty array of records; ``output``: ``{"ActivityRecordList": [...],
    "ContinuationMark"?: ...}``; ``search``: ``{"FilterList": {...}, "ContinuationMark"?:
    ...}`` in canonical form, every filter and operator the version allows;
    ``continuation``: a bare string; ``errors``: ``{"ErrorList": [...]}``.
    """
    v, k = resolve_version(version), resolve_kind(kind)
    model = document_model(v)
    if k == "input":
        return st.lists(records(v, "input"), min_size=1, max_size=_MAX_RECORDS)
    if k == "output":
        listing = st.lists(records(v, "output"), max_size=_MAX_RECORDS)
        return _shuffled(
            st.fixed_dictionaries(
                {"ActivityRecordList": listing}, optional={"ContinuationMark": continuation_marks()}
            )
        )
    if k == "search":
        return _shuffled(
            st.fixed_dictionaries(
                {"FilterList": filter_lists(v)}, optional={"ContinuationMark": continuation_marks()}
            )
        )
    if k == "continuation":
        return continuation_marks()
    errors = st.lists(group_values(model.error, "output"), min_size=1, max_size=_MAX_ITEMS)
    return st.fixed_dictionaries({"ErrorList": errors})
