"""Validation of one document: read, detect kind and version, check, stream findings."""

from __future__ import annotations

import io
import os
from collections.abc import Generator, Iterator
from typing import IO, Any, Final, cast

from nwx_schema import fastpath, model
from nwx_schema.issues import Issue, Report, sort_issues
from nwx_schema.locations import Path
from nwx_schema.reading.json_reader import (
    JsonReader,
    JsonSyntaxError,
    ListEnd,
    ListStart,
    Root,
    Value,
)
from nwx_schema.reading.source import (
    Decoded,
    DecodeError,
    open_source,
    read_head,
    sniff,
    xml_encoding,
)
from nwx_schema.reading.xml_reader import Child, Element, RootEnd, RootStart, XmlReader, XmlSyntaxError
from nwx_schema.validation.advice import TOO_MANY
from nwx_schema.validation.checker import Checker
from nwx_schema.validation.locator import Locator
from nwx_schema.validation.search import SearchChecker
from nwx_schema.validation.values import suggest
from nwx_schema.validation.xml_form import XmlForm
from nwx_schema.versions import ApiVersion, Format, Kind, resolve_kind, resolve_version

Source = str | bytes | os.PathLike[str] | IO[bytes] | list[Any] | dict[str, Any]

MAX_RECORDS: Final = 1000
#: Below this size the located pass alone is quicker than loading the fast pass's libraries.
FAST_FROM: Final = 128 * 1024
MAX_BYTES: Final = 50 * 1000 * 1000
#: Records kept back while the API version is not yet known from the data.
_DECIDE_WITHIN: Final = 1000
_LEGACY: Final = frozenset(model.LEGACY_RENAMES)
_NEW: Final = frozenset({"DataSource", "MonitoringPlan", "Item"})
_ROOTS: Final[dict[str, tuple[Kind, ...]]] = {
    "ActivityRecordList": ("input", "output"),
    "ActivityRecordSearch": ("search",),
    "ContinuationMark": ("continuation",),
    "ErrorList": ("errors",),
}
_RECORD_KEYS: Final = frozenset(
    {f.name for f in model.RECORD_9_0.fields} | {f.name for f in model.RECORD_8_5.fields}
)


def _version_hint(names: object) -> ApiVersion | None:
    assert isinstance(names, set | frozenset | dict | list | tuple)
    keys = set(names)
    if keys & _LEGACY:
        return "8.5"
    if keys & _NEW:
        return "9.0"
    return None


class Rewinder:
    """Lets the fast pass read a stream once and the located pass read it again.

    A seekable stream is sought back; any other (a pipe, standard input) is copied to a
    temporary file while the fast pass reads it, and replayed from there, so the source
    itself is read only once.
    """

    def __init__(self, opened: Any) -> None:
        self.opened = opened
        source = opened.stream
        self.spool: IO[bytes] | None = None
        self.start = -1
        if source.seekable():
            self.start = source.tell()
            self.stream: IO[bytes] = source
        else:
            import tempfile

            self.spool = tempfile.SpooledTemporaryFile(max_size=32 << 20)  # noqa: SIM115
            opened.companions.append(self.spool)  # closed with the source
            self.stream = cast(IO[bytes], _Tee(source, self.spool))

    def rewound(self, head: bytes) -> IO[bytes]:
        """The stream again, positioned just after ``head`` (which the caller keeps)."""
        if self.spool is None:
            self.stream.seek(self.start)
            return self.stream
        self.spool.seek(0)
        return cast(IO[bytes], _Chain(self.spool, self.opened.stream))


class _Tee(io.RawIOBase):
    def __init__(self, source: IO[bytes], copy: IO[bytes]) -> None:
        self.source, self.copy = source, copy

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.copy.write(data)
        return data


class _Chain(io.RawIOBase):
    def __init__(self, first: IO[bytes], then: IO[bytes]) -> None:
        self.first, self.then = first, then

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.first.read(size)
        if data:
            return data
        return self.then.read(size)


class Validation:
    """One validation run; :meth:`issues` streams the findings and fills :attr:`report`."""

    def __init__(
        self, source: Source, *, api_version: str, kind: str, fmt: str, name: str | None, fast: bool = True
    ) -> None:
        self.source = source
        self.given_version: ApiVersion | None = (
            None if api_version == "auto" else resolve_version(api_version)
        )
        self.given_kind: Kind | None = None if kind == "auto" else resolve_kind(kind)
        if fmt not in ("auto", "xml", "json"):
            from nwx_schema.errors import UnknownFormatError

            raise UnknownFormatError(fmt, ("auto", "xml", "json"))
        self.given_format: Format | None = None if fmt == "auto" else fmt  # type: ignore[assignment]
        self.report = Report(path=name or "<data>")
        #: The fast pass decides valid documents in C; off (or NWX_SCHEMA_FAST=0), only the
        #: located pass runs. Both give the same findings; the switch is for diagnosis.
        self.use_fast_pass = fast and os.environ.get("NWX_SCHEMA_FAST", "1") != "0"
        self._out: list[Issue] = []
        self.locator: Locator | None = None
        self.checker: Checker | None = None
        self.records = 0
        self._mark_seen = False
        self._saw_record = False
        self._search_parts: set[str] = set()

    # -- plumbing -----------------------------------------------------------------------

    def _emit(self, issue: Issue) -> None:
        self._out.append(issue)

    def _flush(self) -> Iterator[Issue]:
        if self._out:
            out = sorted(self._out, key=lambda i: (i.line is None, i.line or 0, i.column or 0))
            self._out = []
            yield from out

    def _start(self, kind: Kind, version: ApiVersion) -> Checker:
        self.report.kind = kind
        self.report.api_version = version
        self.locator = Locator(kind, self._emit)
        self.checker = Checker(version, self.locator)
        if kind in ("input", "output"):
            self.report.records = 0
        return self.checker

    def _doc_issue(self, code: str, message: str, line: int | None = 1, column: int | None = 1) -> Issue:
        from nwx_schema.codes import CATALOGUE

        return Issue(line, column, code, CATALOGUE[code].severity, message, pointer="")

    # -- entry --------------------------------------------------------------------------

    def issues(self) -> Iterator[Issue]:
        """Every finding, in document order, as it is found."""
        if isinstance(self.source, list | dict):
            self.report.format = "json"
            yield from self._json_events(_parsed_events(self.source))
            yield from self._flush()
            return
        opened = open_source(self.source, None if self.report.path == "<data>" else self.report.path)
        if self.report.path == "<data>":
            self.report.path = opened.name
        try:
            yield from self._read(opened)
        finally:
            opened.close()

    def _read(self, opened: Any) -> Iterator[Issue]:
        head = read_head(opened)
        sniffed = sniff(head)
        yield from sniffed.issues
        if any(i.severity == "error" for i in sniffed.issues):
            return
        if sniffed.empty:
            yield self._doc_issue("NWX100", "the document is empty: send the payload itself")
            return
        fmt: Format | None = self.given_format or sniffed.format  # type: ignore[assignment]
        if fmt is None:
            yield self._doc_issue(
                "NWX101",
                "the content is neither XML (starts with '<') nor JSON (starts with '[', '{' or '\"')",
            )
            return
        self.report.format = fmt
        if (
            self.use_fast_pass
            and not (opened.size is not None and opened.size < FAST_FROM)
            and sniffed.encoding == "utf-8"
            and self.given_kind in (None, "input", "output")
        ):
            rewind = Rewinder(opened)
            outcome = fastpath.run(
                fmt,
                rewind.stream,
                head[len(sniffed.bom) :],
                kind=self.given_kind,
                version=self.given_version,
                size=opened.size,
            )
            if outcome is not None:
                self.report.kind, self.report.api_version = outcome.kind, outcome.version
                self.report.records = outcome.records
                yield from sort_issues(outcome.issues)
                return
            opened.stream = rewind.rewound(head)
        try:
            if fmt == "xml":
                encoding, lie = xml_encoding(sniffed)
                if lie is not None:
                    yield lie
                decoded = Decoded(opened, head, encoding, len(sniffed.bom))
                yield from self._xml_events(XmlReader(decoded.chunks()).events())
            else:
                decoded = Decoded(opened, head, sniffed.encoding, len(sniffed.bom))
                yield from self._json_events(JsonReader(decoded.chunks()).events())
        except (DecodeError, XmlSyntaxError, JsonSyntaxError) as stop:
            yield from self._flush()
            yield stop.issue
            return
        yield from self._flush()
        size = opened.size if opened.size is not None else decoded.bytes_read
        if self.report.kind == "input" and size > MAX_BYTES:
            yield self._doc_issue(
                "NWX602",
                f"the document is {size / 1e6:.1f} MB; Netwrix recommends at most 50 MB per request: split it",
            )

    # -- records (both formats) ---------------------------------------------------------

    def _record(self, value: Any, path: Path) -> None:
        assert self.checker is not None
        self.checker.record(value, path)
        self.records += 1
        self.report.records = self.records
        if self.records == MAX_RECORDS + 1 and self.report.kind == "input":
            assert self.locator is not None
            self.locator.report("NWX601", TOO_MANY.format(limit=MAX_RECORDS), path)

    def _end_records(self, root_path: Path) -> None:
        if self.report.kind == "input" and self.records == 0:
            assert self.locator is not None
            self.locator.report(
                "NWX205", "the document holds no ActivityRecord: send at least one", root_path
            )

    # -- XML ------------------------------------------------------------------------------

    def _xml_events(self, events: Iterator[Any]) -> Iterator[Issue]:
        first = next(events, None)
        if not isinstance(first, RootStart):
            return
        root = first.element
        if root.name == "ActivityRecord" and self.given_kind in (None, "input", "output"):
            yield from self._xml_lone_record(root, events)
            return
        kind, version = self._xml_root(root)
        yield from self._flush()
        if kind is None:
            for _ in events:  # still report where the XML itself breaks
                pass
            return
        pending: list[Element] = []
        form: XmlForm | None = None
        # The kind of an ActivityRecordList (records written or an enum/search page) is read
        # from its first child, whether or not the version is known already.
        if version is not None and not (kind == "input" and self.given_kind is None):
            form = self._xml_begin(root, kind, version)
        for event in events:
            if isinstance(event, Child):
                if form is None:
                    if kind == "input" and self.given_kind is None and not pending:
                        kind = _xml_kind_from_first_child(event.element)
                    pending.append(event.element)
                    version = self.given_version or _xml_version(event.element, kind)
                    if version is None and len(pending) < _DECIDE_WITHIN:
                        continue
                    form = self._xml_begin(root, kind, version or "9.0")
                    for el in pending:
                        self._xml_child(form, el)
                    pending = []
                else:
                    self._xml_child(form, event.element)
                yield from self._flush()
            elif isinstance(event, RootEnd):
                if form is None:
                    if kind == "input" and self.given_kind is None and not pending:
                        kind = "output"  # an empty list: an empty enum/search page
                    form = self._xml_begin(root, kind, self.given_version or "9.0")
                    for el in pending:
                        self._xml_child(form, el)
                self._xml_end(form, event.element)
                yield from self._flush()

    def _root_namespace(self, root: Element, kind: Kind) -> None:
        expected_ns = model.namespace_for(kind)
        if root.ns is None:
            message = f'<{root.name}> has no namespace: add xmlns="{expected_ns}"'
            self._emit(Issue(root.line, root.column, "NWX201", "error", message, pointer=""))
        elif root.ns != expected_ns:
            message = _namespace_message(root.ns, expected_ns)
            self._emit(Issue(root.line, root.column, "NWX202", "error", message, pointer=""))

    def _xml_lone_record(self, root: Element, events: Iterator[Any]) -> Iterator[Issue]:
        """A document whose root is one <ActivityRecord>: said once, then checked as a record."""
        message = "the root is one <ActivityRecord>: records are sent inside <ActivityRecordList>; wrap it"
        self._emit(Issue(root.line, root.column, "NWX200", "error", message, pointer=""))
        for event in events:
            if isinstance(event, Child):
                root.children.append(event.element)
            elif isinstance(event, RootEnd):
                root.text, root.text_at = event.element.text, event.element.text_at
        kind: Kind = self.given_kind or "input"
        self._root_namespace(root, kind)
        version = self.given_version or _version_hint({c.name for c in root.children}) or "9.0"
        form = self._xml_begin(root, kind, version)
        self._xml_child(form, root)
        yield from self._flush()

    def _xml_root(self, root: Element) -> tuple[Kind | None, ApiVersion | None]:
        name = root.name
        if name not in _ROOTS:
            guess = suggest(name, list(_ROOTS))
            hint = f": did you mean <{guess}>?" if guess else f" (expected one of: {', '.join(_ROOTS)})"
            self._emit(
                Issue(
                    root.line,
                    root.column,
                    "NWX200",
                    "error",
                    f"unknown root element <{name}>{hint}",
                    pointer="",
                )
            )
            if guess is None:
                return None, None
            name = guess
            root.name = guess
        kinds = _ROOTS[name]
        kind = self.given_kind or kinds[0]
        if self.given_kind is not None and self.given_kind not in kinds:
            self._emit(
                Issue(
                    root.line,
                    root.column,
                    "NWX204",
                    "error",
                    f"the document is <{name}> ({' or '.join(kinds)}), not {self.given_kind}: check --kind",
                    pointer="",
                )
            )
            return None, None
        self._root_namespace(root, kind)
        version = self.given_version
        if version is None and kind in ("continuation", "errors"):
            version = "9.0"
        return kind, version

    def _xml_begin(self, root: Element, kind: Kind, version: ApiVersion) -> XmlForm:
        self._start(kind, version)
        assert self.locator is not None
        form = XmlForm(self.locator, root.ns, model.document_model(version))
        self._mark_seen = False
        self._saw_record = False
        self._search_parts = set()
        self.locator.positions[()] = (root.line, root.column)
        form.check_element(root, ())
        return form

    def _xml_child(self, form: XmlForm, el: Element) -> None:
        assert self.locator is not None and self.checker is not None
        kind = self.locator.kind
        self.locator.positions = {(): self.locator.positions.get((), (1, 1))}
        self.locator.key_positions = {}
        if kind in ("input", "output"):
            if el.name == "ActivityRecord":
                path: Path = (self.records,) if kind == "input" else ("ActivityRecordList", self.records)
                self.locator.positions[path] = (el.line, el.column)
                self.locator.key_positions[path] = (el.line, el.column)
                form.check_element(el, path)
                value = form.group(el, path, self.checker.model.record)
                self._saw_record = True
                self._record(value, path)
                return
            if el.name == "ContinuationMark" and kind == "output":
                path = ("ContinuationMark",)
                self.locator.positions[path] = (el.line, el.column)
                self.locator.key_positions[path] = (el.line, el.column)
                form.check_element(el, path)
                if self._mark_seen:
                    self.locator.report("NWX302", "ContinuationMark is given twice: keep one", path, "key")
                    return
                if self._saw_record:
                    self.locator.report(
                        "NWX209",
                        "ContinuationMark must come before the records, as the API writes it",
                        path,
                    )
                self._mark_seen = True
                self.checker.mark(el.value if not el.children else {}, path)
                return
            why = (
                ": ContinuationMark appears only in enum/search results (kind output)"
                if el.name == "ContinuationMark"
                else ""
            )
            known = ["ActivityRecord", *(["ContinuationMark"] if kind == "output" else [])]
            form.unknown_child(el, (el.name,), "ActivityRecordList", known, why)
            return
        if kind == "search":
            path = (el.name,)
            self.locator.positions[path] = (el.line, el.column)
            self.locator.key_positions[path] = (el.line, el.column)
            form.check_element(el, path)
            if el.name in self._search_parts:
                self.locator.report(
                    "NWX302", f"<{el.name}> is given twice: keep one", path, at=(el.line, el.column)
                )
                return
            self._search_parts.add(el.name)
            search = SearchChecker(self.checker)
            if el.name == "FilterList":
                search.filter_list(form.filter_list(el, path), path)
            elif el.name == "ContinuationMark":
                self.checker.mark(el.value if not el.children else {}, path)
            else:
                form.unknown_child(el, path, "ActivityRecordSearch", ["ContinuationMark", "FilterList"])
            return
        if kind == "errors":
            if el.name == "Error":
                path = ("ErrorList", self.records)
                self.locator.positions[path] = (el.line, el.column)
                self.locator.key_positions[path] = (el.line, el.column)
                form.check_element(el, path)
                self.checker.group(
                    form.group(el, path, self.checker.model.error), path, self.checker.model.error
                )
                self.records += 1
            else:
                form.unknown_child(el, ("ErrorList", el.name), "ErrorList", ["Error"])
            return
        # continuation: the root holds text only
        form.unknown_child(el, (el.name,), "ContinuationMark", [], ": the continuation mark holds text only")

    def _xml_end(self, form: XmlForm, root: Element) -> None:
        assert self.locator is not None and self.checker is not None
        kind = self.locator.kind
        self.locator.positions = {(): (root.line, root.column)}
        self.locator.key_positions = {}
        if kind == "continuation":
            self.checker.mark(root.value, ())
            return
        if root.has_text:
            self.locator.report("NWX207", f"text stands directly inside <{root.name}>: remove it", ())
        if kind in ("input", "output"):
            self._end_records(())
        elif kind == "search" and "FilterList" not in self._search_parts:
            self.locator.report(
                "NWX300", "ActivityRecordSearch has no FilterList: add one", ("FilterList",), "parent"
            )
        elif kind == "errors" and self.records == 0:
            self.locator.report("NWX309", "ErrorList holds no Error", ("ErrorList",), "parent")
        if kind == "errors":
            self.report.records = None

    # -- JSON -----------------------------------------------------------------------------

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
                version = _version_hint(event.value) if isinstance(event.value, dict) else None
                if version is None and len(pending) < _DECIDE_WITHIN:
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
            _version_hint(whole) if kind == "input" else _search_version(whole) if kind == "search" else None
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
    return _version_hint(filters) if isinstance(filters, dict) else None


def _xml_kind_from_first_child(el: Element) -> Kind:
    if el.name == "ContinuationMark":
        return "output"
    names = {c.name for c in el.children}
    if "RID" in names:
        return "output"
    return "input"


def _xml_version(el: Element, kind: Kind) -> ApiVersion | None:
    if kind == "search":
        if el.name == "FilterList":
            return _version_hint({c.name for c in el.children}) or "9.0"
        return None
    if el.name != "ActivityRecord":
        return None
    return _version_hint({c.name for c in el.children})


def _namespace_message(found: str, expected: str) -> str:
    if found.rstrip("/") == expected.rstrip("/"):
        return f'namespace "{found}" lacks its trailing slash: write xmlns="{expected}"'
    if found == model.NS_ERRORS:
        return f'"{found}" is the namespace of error lists; this document needs xmlns="{expected}"'
    if found == model.NS_RECORDS:
        return f'"{found}" is the namespace of records; an ErrorList needs xmlns="{expected}"'
    if found.replace("http//", "http://") == expected:
        return f'namespace "{found}" lacks the colon after http: write xmlns="{expected}"'
    return f'wrong namespace "{found}": write xmlns="{expected}"'


def _parsed_events(value: Any) -> Iterator[Any]:
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
