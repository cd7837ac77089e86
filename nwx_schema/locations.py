"""Where a value stands: JSON Pointer and XPath of a path in the JSON form of a document.

A *path* is a tuple of JSON-form segments: object keys (``str``) and array indexes
(``int``). ``(3, "DetailList", 0, "PropertyName")`` in a document of records written is
the pointer ``/3/DetailList/0/PropertyName`` and the XPath
``/ActivityRecordList/ActivityRecord[4]/DetailList/Detail[1]/PropertyName``.
"""

from __future__ import annotations

from collections.abc import Sequence

from nwx_schema.versions import Kind

Segment = str | int
Path = tuple[Segment, ...]

#: JSON arrays whose XML form repeats an item element inside a wrapper.
_ITEM_ELEMENTS = {"DetailList": "Detail", "ErrorList": "Error", "ActivityRecordList": "ActivityRecord"}


def pointer(path: Sequence[Segment]) -> str:
    """RFC 6901 JSON Pointer of a path (``""`` for the whole document)."""
    return "".join("/" + str(seg).replace("~", "~0").replace("/", "~1") for seg in path)


def parse_pointer(text: str) -> Path:
    """The path of an RFC 6901 JSON Pointer; all-digit segments become indexes."""
    if not text:
        return ()
    parts = text.split("/")[1:]
    out: list[Segment] = []
    for part in parts:
        seg = part.replace("~1", "/").replace("~0", "~")
        out.append(int(seg) if seg.isdigit() else seg)
    return tuple(out)


def xpath(kind: Kind, path: Sequence[Segment]) -> str:
    """XPath (no prefixes, 1-based positions) of a JSON-form path in the XML form.

    Search filters given as a JSON array map to repeated elements: ``("FilterList",
    "Who", 1)`` is ``/ActivityRecordSearch/FilterList/Who[2]``; an operator key maps to
    the ``Operator`` attribute: ``("FilterList", "Who", "InGroup")`` is
    ``/ActivityRecordSearch/FilterList/Who[@Operator='InGroup']``.
    """
    steps: list[str]
    rest: list[Segment] = list(path)
    if kind == "input":
        steps = ["ActivityRecordList"]
        parent = "ActivityRecordList"
    elif kind == "output":
        steps = ["ActivityRecordList"]
        if rest and rest[0] == "ActivityRecordList":
            rest.pop(0)
        parent = "ActivityRecordList"
    elif kind == "search":
        steps = ["ActivityRecordSearch"]
        parent = "ActivityRecordSearch"
    elif kind == "continuation":
        return "/ContinuationMark"
    else:
        steps = ["ErrorList"]
        if rest and rest[0] == "ErrorList":
            rest.pop(0)
        parent = "ErrorList"
    in_filter_list = False
    for seg in rest:
        if isinstance(seg, int):
            item = _ITEM_ELEMENTS.get(parent)
            if item is not None:
                steps.append(f"{item}[{seg + 1}]")
                parent = item
            else:  # a repeated search filter
                steps[-1] = f"{steps[-1]}[{seg + 1}]"
            continue
        if in_filter_list and seg in _OPERATOR_NAMES and parent in _FILTER_NAMES:
            steps[-1] = f"{steps[-1]}[@Operator='{seg}']"
            continue
        steps.append(seg)
        in_filter_list = in_filter_list or seg == "FilterList"
        parent = seg
    return "/" + "/".join(steps)


_OPERATOR_NAMES = frozenset(
    {"Contains", "DoesNotContain", "Equals", "NotEqualTo", "StartsWith", "EndsWith", "InGroup", "NotInGroup"}
)
_FILTER_NAMES = frozenset(
    {
        "RID", "Who", "Where", "ObjectType", "What", "DataSource", "MonitoringPlan", "Item",
        "Workstation", "Detail", "Before", "After", "Action", "When", "WorkingHours",
        "AuditedSystem", "ManagedObject",
    }
)  # fmt: skip


def record_index(kind: Kind, path: Sequence[Segment]) -> int | None:
    """The 0-based record a path is in, for record documents."""
    if kind == "input" and path and isinstance(path[0], int):
        return path[0]
    if kind == "output" and len(path) > 1 and path[0] == "ActivityRecordList" and isinstance(path[1], int):
        return path[1]
    return None
