"""JSON documents: root type, kind and version, records streamed, members checked."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any, Final

from nwx_schema import model
from nwx_schema.issues import Issue
from nwx_schema.locations import Path
from nwx_schema.reading.json_reader import ListEnd, ListStart, Root, Value
from nwx_schema.validation.run import DECIDE_WITHIN, Run, version_hint
from nwx_schema.validation.search import SearchChecker
from nwx_schema.validation.values import suggest
from nwx_schema.versions import ApiVersion, Kind

_RECORD_KEYS: Final = frozenset(
    {f.name for f in model.RECORD_9_0.fields} | {f.name for f in model.RECORD_8_5.fields}
)


class JsonDocument(Run):
    """Reads a JSON document's events into the checker."""

    def _json_events(self, events: Iterator[Any]) -> Iterator[Issue]:
        first = next(events, None)
        if not isinstance(first, Root):
            return
        root_at = (first.line, first.column)
        if first.type == "array":
            yield from self._json_array(events, root_at)
        elif first.type == "object":
            yield from self._json_object(events, root_at)
        else:
            yield from self._json_scalar(events)
        for _ in events:  # what follows the document is still read: trailing data is an error
            pass

    def _json_scalar(self, events: Iterator[Any]) -> Iterator[Issue]:
        value = next(events)
        assert isinstance(value, Value)
        kind = self.given_kind or "continuation"
        checker = self._start(kind, self.given_version or "9.0")
        self._adopt(value)
        if kind == "continuation":
            checker.mark(value.value, ())
        else:
            self._wrong_root(kind, value.value)
        yield from self._flush()

    def _adopt(self, value: Value) -> None:
        """Make the positions of a value current, and locate the reader's findings."""
        assert self.locator is not None
        self.locator.positions = value.positions
        self.locator.key_positions = value.key_positions
        for f in value.issues:
            self.locator.report(f.code, f.message, f.path, at=f.where)

    def _wrong_root(self, kind: Kind, value: Any) -> None:
        assert self.locator is not None
        expected = {
            "input": "an array of records [ {...}, ... ]",
            "output": 'an object {"ActivityRecordList": [...], "ContinuationMark": "..."}',
            "search": 'an object {"FilterList": {...}}',
            "continuation": "a JSON string",
            "errors": 'an object {"ErrorList": [...]}',
        }[kind]
        from nwx_schema.validation.values import json_type

        self.locator.report("NWX203", f"a {kind} document is {expected}, not {json_type(value)}", ())

    def _json_array(self, events: Iterator[Any], root_at: tuple[int, int]) -> Iterator[Issue]:
        kind = self.given_kind or "input"
        if kind not in ("input", "output"):
            self._start(kind, self.given_version or "9.0")
            assert self.locator is not None
            self.locator.positions = {(): root_at}
            self._wrong_root(kind, [])
            yield from self._flush()
            for _ in events:
                pass
            return
        bare_output = kind == "output"
        yield from self._json_streamed_records(events, kind)
        assert self.locator is not None
        self.locator.positions = {(): root_at}
        if bare_output:
            self.locator.report(
                "NWX203",
                'enum/search results are an object {"ActivityRecordList": [...], "ContinuationMark": "..."}, '
                "not a bare array",
                (),
            )
        self._end_records(())
        yield from self._flush()

    def _json_streamed_records(self, events: Iterator[Any], kind: Kind) -> Generator[Issue, None, bool]:
        """Records of a streamed array, up to its end (True) or the end of the events.

        Records are kept back until one of them tells the API version (or 1,000 did not).
        """
        pending: list[Value] = []
        started = self.given_version is not None
        if started:
            self._start(kind, self.given_version)  # type: ignore[arg-type]
        ended = False
        for event in events:
            if isinstance(event, ListStart):
                continue
            if isinstance(event, ListEnd):
                ended = True
                break
            assert isinstance(event, Value)
            if not started:
                pending.append(event)
                version = version_hint(event.value) if isinstance(event.value, dict) else None
                if version is None and len(pending) < DECIDE_WITHIN:
                    continue
                self._start(kind, version or "9.0")
                started = True
                for item in pending:
                    self._json_record(item)
                pending = []
            else:
                self._json_record(event)
            yield from self._flush()
        if not started:
            self._start(kind, "9.0")
            for item in pending:
                self._json_record(item)
        return ended

    def _json_record(self, value: Value) -> None:
        self._adopt(value)
        self._record(value.value, value.path)

    def _json_object(self, events: Iterator[Any], root_at: tuple[int, int]) -> Iterator[Issue]:
        members: list[Value] = []
        kind = self.given_kind
        stream_started = False
        for event in events:
            if isinstance(event, Value):
                members.append(event)
                if kind is None:
                    kind = _json_kind(event.path[0] if event.path else "")
                continue
            if isinstance(event, ListStart):
                kind = kind or "output"
                if kind == "output":
                    stream_started = True
                    yield from self._json_envelope(events, members, root_at)
                    return
                # ActivityRecordList streamed in another kind: gather it as a member
                items = []
                for inner in events:
                    if isinstance(inner, ListEnd):
                        break
                    assert isinstance(inner, Value)
                    items.append(inner)
                members.append(_merge_list(event.path, items, (event.line, event.column)))
        if stream_started:
            return
        whole, positions, keys, findings = _assemble(members, root_at)
        if kind is None:
            kind = "input" if set(whole) & _RECORD_KEYS else "output"
        version = self.given_version or (
            version_hint(whole) if kind == "input" else _search_version(whole) if kind == "search" else None
        )
        checker = self._start(kind, version or "9.0")
        assert self.locator is not None
        self.locator.positions, self.locator.key_positions = positions, keys
        for f in findings:
            self.locator.report(f.code, f.message, f.path, at=f.where)
        if kind == "input":
            message = (
                "a single record object where an array of records is required: wrap it in [ ] "
                "(PowerShell 5.1: ConvertTo-Json -InputObject @($records) instead of piping)"
                if set(whole) & _RECORD_KEYS
                else "records written are an array of records [ {...}, ... ], not an object"
            )
            if "ActivityRecordList" in whole:
                self.locator.report(
                    "NWX204",
                    "this is an enum/search result (kind output), not records written: check --kind",
                    (),
                )
            else:
                self.locator.report("NWX203", message, ())
                if set(whole) & _RECORD_KEYS:
                    checker.record(whole, ())
        elif kind == "output":
            self._output_members(whole)
        elif kind == "search":
            SearchChecker(checker).document(whole)
        elif kind == "errors":
            self._errors_members(whole)
        else:
            self._wrong_root(kind, whole)
        yield from self._flush()

    def _output_members(self, whole: dict[str, Any]) -> None:
        assert self.locator is not None and self.checker is not None
        for key, value in whole.items():
            if key == "ActivityRecordList":
                if not isinstance(value, list):
                    self.locator.report("NWX303", "ActivityRecordList must be a list of records", (key,))
                    continue
                for index, item in enumerate(value):
                    self._record(item, (key, index))
            elif key == "ContinuationMark":
                self.checker.mark(value, (key,))
            else:
                self._unknown_top(key, ["ActivityRecordList", "ContinuationMark"], "the enum/search result")
        if "ActivityRecordList" not in whole:
            self.locator.report(
                "NWX300",
                "the enum/search result has no ActivityRecordList: add it",
                ("ActivityRecordList",),
                "parent",
            )

    def _errors_members(self, whole: dict[str, Any]) -> None:
        assert self.locator is not None and self.checker is not None
        for key, value in whole.items():
            if key == "ErrorList":
                self.checker.error_list(value, (key,))
            else:
                self._unknown_top(key, ["ErrorList"], "the error document")
        if "ErrorList" not in whole:
            self.locator.report(
                "NWX300", "the error document has no ErrorList: add it", ("ErrorList",), "parent"
            )

    def _unknown_top(self, key: str, known: list[str], where: str) -> None:
        assert self.locator is not None
        guess = suggest(key, known)
        hint = (
            f": did you mean {guess!r}? (names are case-sensitive)"
            if guess
            else f" (expected: {', '.join(known)})"
        )
        self.locator.report("NWX301", f"unknown field {key!r} in {where}{hint}", (key,), "key")

    def _json_envelope(
        self, events: Iterator[Any], members: list[Value], root_at: tuple[int, int]
    ) -> Iterator[Issue]:
        """An output envelope whose ActivityRecordList is being streamed."""
        list_ended = yield from self._json_streamed_records(events, "output")
        members = members + [e for e in events if isinstance(e, Value)] if list_ended else members
        whole, positions, keys, findings = _assemble(members, root_at)
        assert self.locator is not None
        self.locator.positions, self.locator.key_positions = positions, keys
        for f in findings:
            self.locator.report(f.code, f.message, f.path, at=f.where)
        whole["ActivityRecordList"] = []
        self._output_members(whole)
        yield from self._flush()


def _merge_list(path: Path, items: list[Value], at: tuple[int, int]) -> Value:
    merged = Value(path, [v.value for v in items], {path: at}, {})
    for v in items:
        merged.positions.update(v.positions)
        merged.key_positions.update(v.key_positions)
        merged.issues.extend(v.issues)
    return merged


def _assemble(
    members: list[Value], root_at: tuple[int, int]
) -> tuple[dict[str, Any], dict[Path, tuple[int, int]], dict[Path, tuple[int, int]], list[Any]]:
    whole: dict[str, Any] = {}
    positions: dict[Path, tuple[int, int]] = {(): root_at}
    keys: dict[Path, tuple[int, int]] = {}
    findings: list[Any] = []
    for m in members:
        findings.extend(m.issues)
        if not m.path or m.path[0] in whole:
            continue
        whole[str(m.path[0])] = m.value
        positions.update(m.positions)
        keys.update(m.key_positions)
    return whole, positions, keys, findings


def _json_kind(first_key: object) -> Kind | None:
    if first_key == "ActivityRecordList":
        return "output"
    if first_key in ("FilterList", "filterlist", "Filters"):
        return "search"
    if first_key == "ErrorList":
        return "errors"
    if first_key in _RECORD_KEYS:
        return "input"
    return None


def _search_version(whole: dict[str, Any]) -> ApiVersion | None:
    filters = whole.get("FilterList")
    return version_hint(filters) if isinstance(filters, dict) else None


def parsed_events(value: Any) -> Iterator[Any]:
    """Events for an already-parsed JSON value (no positions)."""
    if isinstance(value, list):
        yield Root("array", 0, 0)
        yield ListStart((), 0, 0)
        for index, item in enumerate(value):
            yield Value((index,), item, {}, {})
        yield ListEnd((), len(value))
        return
    yield Root("object", 0, 0)
    for key, item in value.items():
        if key == "ActivityRecordList" and isinstance(item, list):
            yield ListStart((key,), 0, 0)
            for index, record in enumerate(item):
                yield Value((key, index), record, {}, {})
            yield ListEnd((key,), len(item))
        else:
            yield Value((key,), item, {}, {})
