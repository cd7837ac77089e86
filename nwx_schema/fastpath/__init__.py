"""The fast pass: decide in C whether a record document is free of errors.

Valid documents, the common case in CI, never pay for diagnostics: libxml2 (XML) or the
json C scanner with jsonschema-rs (JSON) decide, and only the records that carry advice
are located. A document in which anything looks wrong (or that this pass cannot judge
exactly: other kinds, other encodings, DTDs...) returns ``None`` and the located pass of
:mod:`nwx_schema.validation.engine`, the reference, reads it. A property test holds the
two passes to the same findings.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import IO, Any, Final

from nwx_schema.codes import CATALOGUE
from nwx_schema.fastpath.common import LineTracker, Outcome
from nwx_schema.fastpath.xml_fast import ChunkResult, Root, check_chunk
from nwx_schema.issues import Issue
from nwx_schema.locations import Path, pointer, record_index, xpath
from nwx_schema.validation.advice import MARK_SPACE, TOO_MANY, record_advice
from nwx_schema.versions import ApiVersion, Kind

#: Documents smaller than this are checked in this process; larger ones on every core.
PARALLEL_FROM: Final = 8 << 20
MAX_RECORDS: Final = 1000
MAX_BYTES: Final = 50 * 1000 * 1000
MAX_ADVICE: Final = 20_000


def _issue(kind: Kind, code: str, message: str, path: Path, at: tuple[int, int]) -> Issue:
    return Issue(
        at[0],
        at[1],
        code,
        CATALOGUE[code].severity,
        message,
        pointer=pointer(path),
        xpath=xpath(kind, path),
        record=record_index(kind, path),
    )


def run(
    fmt: str,
    stream: IO[bytes],
    head: bytes,
    *,
    kind: Kind | None,
    version: ApiVersion | None,
    size: int | None,
    fd: int | None = None,
    origin: int = 0,
) -> Outcome | None:
    """Decide a record document in one read of ``stream`` (``head`` already read, BOM-less).

    ``fd``: the document is this whole file (``head`` starts at byte ``origin``, after a
    byte order mark), so workers may read their parts of it themselves.
    """
    if kind not in (None, "input", "output"):
        return None
    if fmt == "xml":
        from nwx_schema.fastpath.xml_fast import TooBig

        try:
            outcome = _run_xml(stream, head, kind, version, size, None, fd, origin)
        except TooBig:
            return None
    else:
        outcome = _run_json(stream, head, kind, version)
    if outcome is not None:
        _size_advice(outcome, size)
    return outcome


def _size_advice(outcome: Outcome, size: int | None) -> None:
    if outcome.kind == "input" and size is not None and size > MAX_BYTES:
        outcome.issues.append(
            Issue(
                1,
                1,
                "NWX602",
                "warning",
                f"the document is {size / 1e6:.1f} MB; Netwrix recommends at most 50 MB per request: split it",
                pointer="",
            )
        )


# -- XML to JSON or NDJSON ------------------------------------------------------------------


class Converting:
    """What a conversion needs from the XML fast pass: a writer, made once the kind and
    version are known, fed with each chunk's encoded records in document order."""

    def __init__(self, to: str, pretty: bool, make_writer: Callable[[Kind, ApiVersion], Any]) -> None:
        self.to, self.pretty = to, pretty
        self.make_writer = make_writer
        self.writer: Any = None
        self.mark: str | None = None

    def start(self, kind: Kind, version: ApiVersion) -> None:
        self.writer = self.make_writer(kind, version)

    def take(self, result: ChunkResult) -> None:
        self.writer.encoded_records(result.payload, result.records)
        if result.mark_value is not None and self.mark is None:
            self.mark = result.mark_value

    def finish(self) -> None:
        if self.mark is not None:
            self.writer.mark(self.mark)
        self.writer.close()


def convert_xml(
    stream: IO[bytes],
    head: bytes,
    converting: Converting,
    *,
    kind: Kind | None,
    version: ApiVersion | None,
    size: int | None,
    fd: int | None = None,
    origin: int = 0,
) -> Outcome | None:
    """Validate an XML record document and write it as JSON or NDJSON in the same pass.

    ``None`` when the fast pass cannot decide (an error, another kind...): whatever was
    written must then be thrown away and the document converted the ordinary way.
    """
    if kind not in (None, "input", "output"):
        return None
    from nwx_schema.fastpath.xml_fast import TooBig, find_root

    root = find_root(head)
    if root is None or root.empty:
        return None
    try:
        outcome = _run_xml(stream, head, kind, version, size, converting, fd, origin)
    except TooBig:
        return None
    if outcome is None:
        return None
    converting.finish()
    _size_advice(outcome, size)
    return outcome


# -- JSON -------------------------------------------------------------------------------


def _run_json(
    stream: IO[bytes], head: bytes, kind: Kind | None, version: ApiVersion | None
) -> Outcome | None:
    from nwx_schema.fastpath.json_fast import GiveUp, JsonFast, locate_record
    from nwx_schema.validation.locator import Locator

    try:
        fast = JsonFast(stream, head, kind, version)
        fast.run()
    except GiveUp:
        return None
    assert fast.kind is not None and fast.version is not None
    if fast.kind == "input" and fast.records == 0:
        return None  # no record written: the located pass reports it
    out = Outcome(fast.kind, fast.version, fast.records)
    locator = Locator(fast.kind, out.issues.append)
    for value, span, where, path in fast.advised:
        located = locate_record(span, where, path)
        locator.positions, locator.key_positions = located.positions, located.key_positions
        for code, message, sub, anchor in record_advice(fast.version, value):
            locator.report(code, message, (*path, *sub), anchor)
    if fast.kind == "input" and fast.record_1001 is not None:
        out.issues.append(
            _issue("input", "NWX601", TOO_MANY.format(limit=MAX_RECORDS), (1000,), fast.record_1001)
        )
    if fast.mark is not None and fast.mark[0] != fast.mark[0].strip():
        out.issues.append(_issue("output", "NWX605", MARK_SPACE, ("ContinuationMark",), fast.mark[1]))
    return out


# -- XML --------------------------------------------------------------------------------


def _detect_kind(first_child: str | None, first_keys: frozenset[str], last: bool) -> Kind:
    if first_child is None:
        return "output" if last else "input"
    if first_child == "ContinuationMark" or "RID" in first_keys:
        return "output"
    return "input"


class _Chunk:
    """A chunk of the body: its bytes, or the file range a worker reads (then its bytes are
    read again here only when a warning must be located in them)."""

    __slots__ = ("_data", "fd", "last", "length", "offset")

    def __init__(
        self, data: bytes | None, last: bool, fd: int = -1, offset: int = 0, length: int = 0
    ) -> None:
        self._data, self.last, self.fd, self.offset, self.length = data, last, fd, offset, length

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data = os.pread(self.fd, self.length, self.offset)
        return self._data


def _run_xml(
    stream: IO[bytes],
    head: bytes,
    kind: Kind | None,
    version: ApiVersion | None,
    size: int | None,
    convert: Converting | None = None,
    fd: int | None = None,
    origin: int = 0,
) -> Outcome | None:
    from nwx_schema.fastpath import xml_fast as xf

    root = xf.find_root(head)
    if root is None:
        return None
    if root.empty:  # <ActivityRecordList/>: an empty enum/search page, or no records written
        rest = head[root.body_offset :] + stream.read(1 << 16)
        kind = kind or "output"
        version = version or "9.0"
        if len(rest) >= 1 << 16 or not xf.check_empty(root, rest, kind, version):
            return None
        return Outcome(kind, version, 0)
    tracker = LineTracker()
    tracker.advance(head[: root.body_offset])
    jobs = _jobs(size)
    source: Iterator[_Chunk]
    if fd is not None and size is not None and jobs > 1:
        # the workers read their own byte ranges: the file is not copied through pipes
        source = (
            _Chunk(None, last, fd, offset, length)
            for offset, length, last in xf.plan(fd, origin + root.body_offset, size)
        )
    else:
        source = (_Chunk(body, last) for body, last in xf.split(stream, head[root.body_offset :]))
    first = next(source)
    if kind is None or version is None:
        det = xf.check_chunk(first.data, root, first.last, None, None, detect=True)
        if not det.ok:
            return None
        kind = kind or _detect_kind(det.first_child, det.first_child_keys, first.last)
        if version is None:
            for keys in det.first_record_keys:
                if keys & {"AuditedSystem", "ManagedObject"}:
                    version = "8.5"
                    break
                if keys & {"DataSource", "MonitoringPlan", "Item"}:
                    version = "9.0"
                    break
            else:
                if det.children < 1000 and not first.last:
                    return None  # the version could be decided further on: be exact instead
                version = "9.0"
    out = Outcome(kind, version, 0)
    encode = None
    if convert is not None:
        convert.start(kind, version)
        encode = (convert.to, convert.pretty)
    results = _xml_results(_chain(first, source), root, kind, version, jobs, encode)
    base = 0
    for chunk, result in results:
        if not result.ok:
            return None
        if convert is not None:
            convert.take(result)
        if len(out.issues) > MAX_ADVICE:
            return None  # so many warnings that the streaming located pass is better
        if result.advice or result.mark is not None:
            _xml_advice(out, tracker, chunk.data, base, result)
        if kind == "input" and base <= MAX_RECORDS < base + result.records:
            body = chunk.data
            starts = [m.start() for m in xf.RECORD_START.finditer(body)]
            if len(starts) != result.records:
                return None
            path = (MAX_RECORDS,)
            message = TOO_MANY.format(limit=MAX_RECORDS)
            out.issues.append(
                _issue(kind, "NWX601", message, path, tracker.at(body, starts[MAX_RECORDS - base]))
            )
        base += result.records
        if chunk.fd >= 0:
            tracker.advance_counts(result.newlines, result.tail_chars)
        else:
            tracker.advance(chunk.data)
    out.records = base
    return out


def _xml_advice(out: Outcome, tracker: LineTracker, body: bytes, base: int, result: ChunkResult) -> None:
    kind = out.kind
    for index, start, ds, keys in result.advice:
        path: Path = (base + index,) if kind == "input" else ("ActivityRecordList", base + index)
        for code, message, sub, anchor in record_advice(out.version, keys):
            at = tracker.at(body, ds if anchor == "key" else start)
            out.issues.append(_issue(kind, code, message, (*path, *sub), at))
    if result.mark is not None:
        offset, _ = result.mark
        out.issues.append(_issue(kind, "NWX605", MARK_SPACE, ("ContinuationMark",), tracker.at(body, offset)))


def _xml_results(
    source: Iterator[_Chunk],
    root: Root,
    kind: Kind,
    version: ApiVersion,
    jobs: int,
    encode: tuple[str, bool] | None = None,
) -> Iterator[tuple[_Chunk, ChunkResult]]:
    """Each chunk with its result, in order; on every core for big documents."""
    if jobs <= 1:
        for chunk in source:
            yield chunk, check_chunk(chunk.data, root, chunk.last, kind, version, encode=encode)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    from nwx_schema.fastpath.xml_fast import check_range
    from nwx_schema.schemas import xml_schema

    xml_schema(version, kind)  # compiled before the fork, shared by the workers
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    try:
        window: list[tuple[_Chunk, Future[ChunkResult]]] = []
        for chunk in source:
            if chunk.fd >= 0:
                args = (chunk.fd, chunk.offset, chunk.length, root, chunk.last, kind, version, encode)
                future = pool.submit(check_range, *args)
            else:
                future = pool.submit(check_chunk, chunk.data, root, chunk.last, kind, version, encode=encode)
            window.append((chunk, future))
            if len(window) > jobs:
                done, oldest = window.pop(0)
                yield done, oldest.result()
        for done, future in window:
            yield done, future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chain(first: _Chunk, rest: Iterator[_Chunk]) -> Iterator[_Chunk]:
    yield first
    yield from rest


def _jobs(size: int | None) -> int:
    if size is None or size < PARALLEL_FROM:
        return 1
    import multiprocessing
    import threading

    # Forking a process that runs other threads can deadlock: stay in this process then.
    if (
        multiprocessing.current_process().name != "MainProcess"
        or threading.active_count() > 1
        or os.environ.get("NWX_SCHEMA_JOBS") == "1"
    ):
        return 1
    return min(os.cpu_count() or 1, 4)
