"""``roundtrip``: convert a document to the other format and back, and say what changed.

The source is validated first (as for :func:`~nwx_schema.conversion.convert`), converted
to the other format, and that result converted back. The two JSON forms (original and
final) are compared record by record, and for an XML source the two XML infosets too, so
memory stays flat whatever the size. A search FilterList is compared in canonical form:
``["a"]`` and ``"a"`` are the same filter.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import islice, zip_longest
from typing import Any, Final

from nwx_schema.conversion.api import check_source, iter_source_events, transcode
from nwx_schema.conversion.diff import ABSENT, Difference, diff_json
from nwx_schema.conversion.events import Event, Mark, OtherKey, Record, Whole
from nwx_schema.conversion.filters import canonical_filter_list
from nwx_schema.conversion.source import Input, Source, prepare_input
from nwx_schema.issues import Report
from nwx_schema.locations import Path
from nwx_schema.model import document_model
from nwx_schema.versions import ApiVersion, Format, Kind

#: Differences listed in a result; the rest are only counted.
MAX_SHOWN: Final = 100


@dataclass(slots=True)
class RoundTrip:
    """What a round trip found.

    Attributes:
        name: the source's name.
        route: the formats in order, e.g. ``("xml", "json", "xml")``.
        report: the validation report of the source.
        differences: the first :data:`MAX_SHOWN` differences.
        total: how many differences there are in all.
    """

    name: str
    route: tuple[Format, Format, Format]
    report: Report
    differences: list[Difference] = field(default_factory=list)
    total: int = 0

    @property
    def identical(self) -> bool:
        return self.total == 0


def _canonical(value: Any, kind: Kind, version: ApiVersion) -> Any:
    if kind == "search" and isinstance(value, dict) and isinstance(value.get("FilterList"), dict):
        return {**value, "FilterList": canonical_filter_list(document_model(version), value["FilterList"])}
    return value


def _json_differences(
    before: Iterator[Event], after: Iterator[Event], kind: Kind, version: ApiVersion
) -> Iterator[Difference]:
    """Records pairwise as they stream; marks and other top-level keys at the end."""
    tops: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
    records = (_records(before, tops[0]), _records(after, tops[1]))
    for index, (old, new) in enumerate(zip_longest(*records, fillvalue=ABSENT)):
        path: Path = (index,) if kind == "input" else ("ActivityRecordList", index)
        if old is ABSENT or new is ABSENT:
            yield Difference(path, old, new)
        else:
            yield from diff_json(old, new, path)
    old_top, new_top = tops
    if "" in old_top or "" in new_top:  # whole documents
        yield from diff_json(
            _canonical(old_top.get("", ABSENT), kind, version),
            _canonical(new_top.get("", ABSENT), kind, version),
        )
        return
    yield from diff_json(old_top, new_top)


def _records(events: Iterator[Event], top: dict[str, Any]) -> Iterator[Any]:
    for event in events:
        if isinstance(event, Record):
            yield event.value
        elif isinstance(event, Mark):
            top["ContinuationMark"] = event.value
        elif isinstance(event, OtherKey):
            top[event.key] = event.value
        elif isinstance(event, Whole):
            top[""] = event.value


def roundtrip(
    source: Source,
    *,
    api_version: str = "auto",
    kind: str = "auto",
    best_effort: bool = False,
    name: str | None = None,
) -> RoundTrip:
    """Convert ``source`` to the other format and back; compare (see the module docstring).

    Raises:
        InvalidPayloadError: the source is invalid (unless ``best_effort``), or a value
            cannot be written in the other format.
        OSError: the source cannot be read.
    """
    with prepare_input(source, name) as inp, ExitStack() as stack:
        report = check_source(inp, api_version=api_version, kind=kind, best_effort=best_effort)
        assert report.format is not None and report.kind is not None and report.api_version is not None
        fmt, version, doc_kind = report.format, report.api_version, report.kind
        other: Format = "json" if fmt == "xml" else "xml"
        middle = stack.enter_context(_temporary(inp.name, other))
        final = stack.enter_context(_temporary(inp.name, fmt))
        common: dict[str, Any] = {"version": version, "kind": doc_kind, "best_effort": best_effort}
        with open(middle.path or "", "wb") as out:
            transcode(inp, out, to=other, fmt=fmt, **common)
        with open(final.path or "", "wb") as out:
            transcode(middle, out, to=fmt, fmt=other, **common)
        result = RoundTrip(inp.name, (fmt, other, fmt), report)
        before = iter_source_events(inp, stack, fmt=fmt, **common)
        after = iter_source_events(final, stack, fmt=fmt, **common)
        found: Iterator[Difference] = _json_differences(before, after, doc_kind, version)
        if fmt == "xml":
            from nwx_schema.conversion.infoset import diff_infoset

            found = _chain(
                found,
                lambda: diff_infoset(stack.enter_context(inp.open()), stack.enter_context(final.open())),
            )
        result.differences = list(islice(found, MAX_SHOWN))
        result.total = len(result.differences) + sum(1 for _ in found)
    return result


def _chain(first: Iterator[Difference], then: Any) -> Iterator[Difference]:
    yield from first
    yield from then()


class _temporary:  # noqa: N801 - used as a context manager
    """An :class:`Input` over a new temporary file, deleted on exit."""

    def __init__(self, name: str, fmt: Format) -> None:
        handle, path = tempfile.mkstemp(prefix="nwx-roundtrip-", suffix=f".{fmt}")
        os.close(handle)
        self.input = Input(name, path=path)

    def __enter__(self) -> Input:
        return self.input

    def __exit__(self, *exc: object) -> None:
        assert self.input.path is not None
        os.unlink(self.input.path)
