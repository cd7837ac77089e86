"""Search filters: the XML form (one element per entry, ``Operator`` attribute) and the
JSON form (plain value, one-key operator object, or an array of those) of a FilterList.

Both directions go through a list of :class:`FilterEntry` in document order:

* XML ``<Who Operator="InGroup">CORP\\Admins</Who><Action>Added</Action><Action>Read</Action>``
  is the entries ``Who/InGroup``, ``Action``, ``Action``;
* their canonical JSON form groups entries by filter name, in order of first appearance:
  ``{"Who": {"InGroup": "CORP\\Admins"}, "Action": ["Added", "Read"]}``.

A JSON multi-key operator object (``{"Equals": "a", "StartsWith": "b"}``) or a one-element
array is read as the entries it stands for, so it comes out canonical when converted.
``When`` and ``WorkingHours`` values are objects (``{"From": ..., "To": ...}``,
``{"LastSevenDays": ""}``) whose XML form is an element per key.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from nwx_schema.locations import Path
from nwx_schema.model import OPERATORS, DocumentModel

#: Filters whose value is an object of child elements rather than text.
_STRUCTURED = frozenset({"when", "workinghours"})
_OPERATOR_SET = frozenset(OPERATORS)


@dataclass(frozen=True, slots=True)
class FilterEntry:
    """One filter element of a FilterList.

    Attributes:
        name: filter name (``Who``, ``When``...).
        operator: the ``Operator`` attribute, ``None`` when not given.
        value: the text of a string filter, or the child elements of a ``When`` /
            ``WorkingHours`` filter as an ordered ``{name: text}`` mapping. Anything else
            (a JSON number, null...) is kept as is for the writer to refuse or render.
        path: where the value stands in the JSON form, relative to the FilterList.
    """

    name: str
    operator: str | None
    value: Any
    path: Path = ()


def is_structured(model: DocumentModel, name: str) -> bool:
    """Whether filter ``name`` holds child elements (``When``, ``WorkingHours``)."""
    spec = model.filter(name)
    return spec is not None and spec.value in _STRUCTURED


def _is_operator_object(value: Mapping[str, Any], structured: bool) -> bool:
    if not structured:
        return True
    return bool(value) and all(key in _OPERATOR_SET for key in value)


def _single(name: str, item: Any, structured: bool, path: Path) -> Iterator[FilterEntry]:
    if isinstance(item, Mapping) and _is_operator_object(item, structured):
        for operator, value in item.items():
            sub = (*path, operator)
            if isinstance(value, list):
                for index, element in enumerate(value):
                    yield FilterEntry(name, operator, element, (*sub, index))
            else:
                yield FilterEntry(name, operator, value, sub)
    else:
        yield FilterEntry(name, None, item, path)


def entries_from_json(model: DocumentModel, filter_list: Mapping[str, Any]) -> list[FilterEntry]:
    """The entries of a JSON-form FilterList, in document order (arrays and multi-key
    operator objects expanded)."""
    entries: list[FilterEntry] = []
    for name, value in filter_list.items():
        structured = is_structured(model, name)
        if isinstance(value, list):
            for index, item in enumerate(value):
                entries.extend(_single(name, item, structured, (name, index)))
        else:
            entries.extend(_single(name, value, structured, (name,)))
    return entries


def json_from_entries(entries: list[FilterEntry]) -> dict[str, Any]:
    """The canonical JSON form of FilterList entries: one value per name, or an array
    of values when a name repeats, in order of first appearance."""
    grouped: dict[str, list[Any]] = {}
    for entry in entries:
        value = entry.value if entry.operator is None else {entry.operator: entry.value}
        grouped.setdefault(entry.name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in grouped.items()}


def canonical_filter_list(model: DocumentModel, filter_list: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON-form FilterList in canonical form (see the module docstring)."""
    return json_from_entries(entries_from_json(model, filter_list))
