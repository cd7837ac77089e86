"""Mutations that break one rule inside a record (or an error of an error list).

Each mutation changes a valid document in place and returns the JSON-form path where
the validator must locate its finding, a description, and whether the mistake exists
only in the JSON form (a JSON type the XML form cannot show).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st

from nwx_schema.locations import Path
from nwx_schema.model import ACTIONS, OUTPUT_ONLY, Field, Group, ListOf, Role, Scalar, document_model
from nwx_schema.strategies.documents import field_values
from nwx_schema.strategies.targets import Target, all_field_names, is_text, is_type, slots
from nwx_schema.strategies.values import naive_when_values, when_values, xml_safe_text
from nwx_schema.versions import ApiVersion, Kind

Outcome = tuple[Path, str, bool]


@dataclass(frozen=True, slots=True)
class Rule:
    """One way of breaking a documented rule."""

    code: str
    kinds: frozenset[Kind]
    mutate: Callable[[Target], Outcome]
    applies: Callable[[ApiVersion, Kind], bool] = lambda version, kind: True


ITEMS: frozenset[Kind] = frozenset({"input", "output", "errors"})
RECORDS: frozenset[Kind] = frozenset({"input", "output"})


def _model_has(kind: Kind, version: ApiVersion, keep: Callable[[Field], bool]) -> bool:
    model = document_model(version)
    group = model.error if kind == "errors" else model.record
    role: Role = "input" if kind == "input" else "output"
    return any(keep(f) for _, f in slots(group, role))


def missing_required(t: Target) -> Outcome:
    obj, path, field = t.pick_slot(lambda f: f.required)
    del obj[field.name]
    return (*path, field.name), f"required {field.name} removed", False


def empty_required(t: Target) -> Outcome:
    obj, path, field = t.pick_slot(_non_empty)
    obj[field.name] = ""
    return (*path, field.name), f"required {field.name} empty", False


def _bounded(field: Field) -> bool:
    return isinstance(field.value, Scalar) and field.value.max_length is not None


def _non_empty(field: Field) -> bool:
    return (
        field.required and isinstance(field.value, Scalar) and is_text(field) and field.value.min_length > 0
    )


def _is_container(field: Field) -> bool:
    return isinstance(field.value, (Group, ListOf))


def _is_list(field: Field) -> bool:
    return isinstance(field.value, ListOf)


def too_long(t: Target) -> Outcome:
    obj, path, field = t.pick_slot(_bounded)
    assert isinstance(field.value, Scalar) and field.value.max_length is not None
    size = t.draw(st.integers(field.value.max_length + 1, field.value.max_length + 8))
    prefix = t.draw(st.sampled_from(("", "CORP\\", "😀")))
    obj[field.name] = prefix + "x" * (size - len(prefix))
    return (*path, field.name), f"{field.name} of {size} characters", False


def output_only_in_input(t: Target) -> Outcome:
    obj, path, field = t.pick_slot(lambda f: f.roles == OUTPUT_ONLY, role="output")
    obj[field.name] = t.draw(field_values(field, "output"))
    return (*path, field.name), f"output-only {field.name} in a record written", False


_FOREIGN = ("Severity", "Comment", "Timestamp", "UserName", "Computer", "EventID", "Details", "Type", "Code")


def unknown_field(t: Target) -> Outcome:
    where, group = t.draw(st.sampled_from(t.objects()))
    known = all_field_names()
    lowered = [f.name.lower() for f in group.fields if f.name.lower() not in known]
    name = t.draw(st.sampled_from(lowered + [n for n in _FOREIGN if n not in known]))
    item, item_path = t.pick_item()
    obj, path = t.materialise(item, where)
    obj[name] = t.draw(xml_safe_text(min_size=1, max_size=20, blank=False))
    return (*item_path, *path, name), f"unknown field {name!r}", False


def wrong_type(t: Target) -> Outcome:
    structural = t.draw(st.booleans()) and _model_has(t.kind, t.version, _is_container)
    if structural:
        obj, path, field = t.pick_slot(_is_container)
        if isinstance(field.value, Group):  # "MonitoringPlan": "My plan", the 8.5 habit
            obj[field.name] = t.draw(xml_safe_text(min_size=1, max_size=30, blank=False))
            return (*path, field.name), f"{field.name} given as text", False
        assert isinstance(field.value, ListOf)  # a single Detail not wrapped in [ ]
        obj[field.name] = t.new_group_value(field.value.item)
        return (*path, field.name), f"{field.name} given as one object", False
    obj, path, field = t.pick_slot(is_text)
    obj[field.name] = t.draw(st.one_of(st.integers(-5, 10**6), st.none(), st.sampled_from((1.5, 0.0))))
    return (*path, field.name), f"{field.name} given as a JSON {type(obj[field.name]).__name__}", True


def legacy_field(t: Target) -> Outcome:
    """8.5 fields in 9.0 (NWX307) and 9.0 fields in 8.5 (NWX308)."""
    own = {f.name for f in t.model.record.fields}
    foreign = [f for f in t.other_model.record.for_role(t.role) if f.name not in own]
    field = t.draw(st.sampled_from(foreign))
    item, path = t.pick_item()
    item[field.name] = t.draw(field_values(field, t.role))
    return (*path, field.name), f"{t.other_model.version} field {field.name}", False


def empty_list(t: Target) -> Outcome:
    obj, path, field = t.pick_slot(_is_list)
    obj[field.name] = []
    return (*path, field.name), f"empty {field.name}", False


_ACTION_SYNONYMS = (
    "Deleted",
    "Created",
    "Changed",
    "Updated",
    "Logon",
    "Add",
    "Delete",
    "Renamed (failed attempt)",
)


def _action_variants() -> st.SearchStrategy[str]:
    cases = st.sampled_from(ACTIONS).flatmap(
        lambda a: st.sampled_from((a.lower(), a.upper(), a[0] + a[1:].lower(), a.title(), a.swapcase()))
    )
    return st.one_of(cases, st.sampled_from(_ACTION_SYNONYMS)).filter(lambda a: a not in ACTIONS)


def unknown_action(t: Target) -> Outcome:
    obj, path, field = t.pick_slot(is_type("action"))
    obj[field.name] = value = t.draw(_action_variants())
    return (*path, field.name), f"Action {value!r}", False


def _malformed_when(valid: str) -> st.SearchStrategy[str]:
    y, mo, d, clock = valid[0:4], valid[5:7], valid[8:10], valid[11:19]
    return st.sampled_from(
        (
            valid[:10] + " " + valid[11:],  # "2024-05-02 08:15:00Z"
            valid[:10],  # a date alone
            valid[:16] + "Z",  # no seconds
            f"{mo}/{d}/{y} {clock}",  # en-US ToString()
            f"{y}{mo}{d}T{clock.replace(':', '')}Z",  # ISO 8601 basic format
            "1487086954000",  # epoch milliseconds
        )
    )


def bad_when(t: Target) -> Outcome:
    obj, path, field = t.pick_slot(is_type("datetime"))
    obj[field.name] = value = t.draw(when_values().flatmap(_malformed_when))
    return (*path, field.name), f"When {value!r}", False


def naive_when(t: Target) -> Outcome:
    obj, path, field = t.pick_slot(is_type("datetime"))
    obj[field.name] = value = t.draw(naive_when_values())
    return (*path, field.name), f"When without zone {value!r}", False


_IMPOSSIBLE = (
    "2023-02-29T10:00:00Z",
    "1900-02-29T00:00:00+01:00",
    "2024-02-30T10:00:00Z",
    "2024-04-31T23:59:59-05:00",
    "2024-06-31T00:00:00Z",
    "2024-09-31T12:00:00.5Z",
    "2024-11-31T08:15:00+02:00",
    "2100-02-29T00:00:00-14:00",
)


def impossible_when(t: Target) -> Outcome:
    obj, path, field = t.pick_slot(is_type("datetime"))
    obj[field.name] = value = t.draw(st.sampled_from(_IMPOSSIBLE))
    return (*path, field.name), f"impossible When {value!r}", False


def powershell_date(t: Target) -> Outcome:
    obj, path, field = t.pick_slot(is_type("datetime"))
    millis = t.draw(st.integers(-(10**12), 4 * 10**12))
    zone = t.draw(st.sampled_from(("", "+0300", "-0500", "+0000")))
    obj[field.name] = value = f"/Date({millis}{zone})/"
    return (*path, field.name), f"PowerShell 5.1 date {value!r}", False


def not_boolean(t: Target) -> Outcome:
    obj, path, field = t.pick_slot(is_type("boolean"))
    value = t.draw(st.sampled_from(("true", "false", "True", "FALSE", "yes", "1", "0", 1, 0)))
    obj[field.name] = value
    # The text "true" is what XML writes for true: only JSON can get that wrong.
    return (*path, field.name), f"IsArchiveOnly {value!r}", value in ("true", "false")


def depth_truncated(t: Target) -> Outcome:
    obj, path, field = t.pick_slot(_is_list)
    text = t.draw(
        st.sampled_from(("System.Collections.Hashtable", "@{PropertyName=Size; Before=10; After=12}"))
    )
    obj[field.name] = [text]
    return (*path, field.name, 0), f"ConvertTo-Json -Depth 2 left {text!r}", True


def _is_9_0(version: ApiVersion, kind: Kind) -> bool:
    return version == "9.0"


def _is_8_5(version: ApiVersion, kind: Kind) -> bool:
    return version == "8.5"


def _has(keep: Callable[[Field], bool]) -> Callable[[ApiVersion, Kind], bool]:
    return lambda version, kind: _model_has(kind, version, keep)


def _typed(kind: str) -> Callable[[ApiVersion, Kind], bool]:
    return _has(is_type(kind))


ITEM_RULES: tuple[Rule, ...] = (
    Rule("NWX300", ITEMS, missing_required),
    Rule("NWX301", ITEMS, unknown_field),
    Rule("NWX303", ITEMS, wrong_type),
    Rule("NWX304", ITEMS, empty_required),
    Rule("NWX305", ITEMS, too_long, _has(_bounded)),
    Rule("NWX306", frozenset({"input"}), output_only_in_input),
    Rule("NWX307", RECORDS, legacy_field, _is_9_0),
    Rule("NWX308", RECORDS, legacy_field, _is_8_5),
    Rule("NWX309", ITEMS, empty_list, _has(_is_list)),
    Rule("NWX400", ITEMS, unknown_action, _typed("action")),
    Rule("NWX401", ITEMS, bad_when, _typed("datetime")),
    Rule("NWX402", ITEMS, naive_when, _typed("datetime")),
    Rule("NWX403", ITEMS, impossible_when, _typed("datetime")),
    Rule("NWX404", ITEMS, powershell_date, _typed("datetime")),
    Rule("NWX405", ITEMS, not_boolean, _typed("boolean")),
    Rule("NWX406", ITEMS, depth_truncated, _has(_is_list)),
)
