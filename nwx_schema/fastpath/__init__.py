"""The fast pass: judge record documents in C, and locate only what needs locating.

libxml2 (XML) or the json C scanner with jsonschema-rs (JSON) decide which records are
free of errors; the warnings of those are located here from their bytes. The records the
schema refuses, and the few parts this pass cannot judge alone (a PowerShell artefact, a
duplicate key, a stray element...), are read again alone by the located pass
(:mod:`nwx_schema.validation.partial`), so findings stream out as the document is read
and a document full of findings costs little more than a clean one.

A document this pass does not apply to (other kinds, other encodings, DTDs...) gets
``None`` from :func:`run` and the located pass of :mod:`nwx_schema.validation.engine`,
the reference, reads it; so it does, rarely, when a document breaks in a way only the
whole-document pass judges (not well-formed further on: :class:`Restart`). Property tests
hold the two passes to the same findings.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, Final

from nwx_schema.codes import CATALOGUE
from nwx_schema.fastpath.common import LineTracker, Outcome, Restart, advice_issues, in_order
from nwx_schema.fastpath.xml_fast import ChunkResult, Root, check_chunk
from nwx_schema.finding_rows import FindingRows
from nwx_schema.issues import Issue
from nwx_schema.locations import Path, pointer, record_index, xpath
from nwx_schema.validation.advice import MARK_SPACE, TOO_MANY, Advice, record_advice
from nwx_schema.validation.run import DECIDE_WITHIN, MAX_RECORDS
from nwx_schema.versions import ApiVersion, Kind

if TYPE_CHECKING:
    from nwx_schema.validation.partial import PartialReading

#: Documents smaller than this are checked in this process; larger ones on every core.
PARALLEL_FROM: Final = 8 << 20
MAX_BYTES: Final = 50 * 1000 * 1000
#: Findings a conversion keeps (it reports the first ones only).
MAX_KEPT: Final = 10_000


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
    """Start the fast pass over a record document (``head`` already read, BOM-less).

    ``None`` when this pass does not apply (the located pass reads the document then).
    Otherwise the kind and version are decided and the outcome's ``batches`` stream the
    findings as the document is read, once (each chunk's or batch's in one list); records the schema refuses are read again
    alone by the located pass. Iterating them raises :class:`Restart` in the rare cases
    where the located pass must read the document after all (it is not well-formed...).

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
        outcome.batches = _then_size_advice(outcome, outcome.batches, size)
    return outcome


def _then_size_advice(
    outcome: Outcome, batches: Iterator[Sequence[Issue]], size: int | None
) -> Iterator[Sequence[Issue]]:
    yield from batches
    if outcome.kind == "input" and size is not None and size > MAX_BYTES:
        yield [
            Issue(
                1,
                1,
                "NWX602",
                "warning",
                f"the document is {size / 1e6:.1f} MB; Netwrix recommends at most 50 MB per request: split it",
                pointer="",
            )
        ]


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
    kept: list[Issue] = []
    try:
        for batch in _then_size_advice(outcome, outcome.batches, size):
            kept.extend(batch[: MAX_KEPT - len(kept)])
    except Restart:
        return None
    converting.finish()
    outcome.batches = iter([kept])
    return outcome


# -- JSON -------------------------------------------------------------------------------


def _run_json(
    stream: IO[bytes], head: bytes, kind: Kind | None, version: ApiVersion | None
) -> Outcome | None:
    from nwx_schema.fastpath.json_fast import GiveUp, JsonFast

    fast = JsonFast(stream, head, kind, version)
    try:
        fast.start()
    except GiveUp:
        return None
    assert fast.kind is not None
    out = Outcome(fast.kind, version or "9.0", 0)
    out.batches = _json_batches(fast, out)
    return out


def _json_batches(fast: Any, out: Outcome) -> Iterator[Sequence[Issue]]:
    """The JSON fast pass's findings; the version is known for sure once they end."""
    from nwx_schema.fastpath.json_fast import GiveUp
    from nwx_schema.validation.partial import PartError

    said: list[Issue] = []
    try:
        for batch in fast.batches():
            if not isinstance(batch, FindingRows):  # rows are about records
                said.extend(issue for issue in batch if issue.record is None)
            yield batch
    except (GiveUp, PartError) as err:
        raise Restart(fast.done, said) from err
    out.records = fast.records
    out.version = fast.version or out.version


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
    root_at = tracker.at(head, root.offset)
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
    held = [first]
    if kind is None or version is None:
        det = xf.check_chunk(first.data, root, first.last, None, None, detect=True)
        if not det.ok:
            return None
        kind = kind or _detect_kind(det.first_child, det.first_child_keys, first.last)
        # as the located pass: the first record that tells, among the first 1,000 children
        children = 0
        while version is None:
            version = _version_of(det.first_record_keys)
            children += det.children
            if version is not None or held[-1].last or children >= DECIDE_WITHIN:
                break
            chunk = next(source)
            held.append(chunk)
            det = xf.check_chunk(
                chunk.data, root, chunk.last, None, None, detect=True, limit=DECIDE_WITHIN - children
            )
            if not det.ok:
                return None
        version = version or "9.0"
    out = Outcome(kind, version, 0)
    encode = None
    if convert is not None:
        convert.start(kind, version)
        encode = (convert.to, convert.pretty)
    results = _xml_results(_chain(held, source), root, kind, version, jobs, encode)
    out.batches = _XmlStream(out, root, root_at, tracker, convert).batches(results)
    return out


class _XmlStream:
    """The findings of an XML record document, chunk by chunk, in document order."""

    def __init__(
        self,
        out: Outcome,
        root: Root,
        root_at: tuple[int, int],
        tracker: LineTracker,
        convert: Converting | None,
    ) -> None:
        self.out, self.root, self.root_at, self.tracker, self.convert = out, root, root_at, tracker, convert
        self.kind: Kind = out.kind
        self.version: ApiVersion = out.version
        self.base = 0  # records in the chunks before the current one
        self.mark_seen = False
        self.said: list[Issue] = []  # document-level findings already given
        self._partial: PartialReading | None = None
        self.whole_records = 0

    def batches(self, results: Iterator[tuple[_Chunk, ChunkResult]]) -> Iterator[Sequence[Issue]]:
        from nwx_schema.fastpath.xml_fast import TooBig
        from nwx_schema.validation.partial import PartError

        try:
            for chunk, result in results:
                if not result.ok or (self.convert is not None and (result.whole or result.bad)):
                    raise Restart(self.base, self.said)
                if self.convert is not None:
                    self.convert.take(result)
                found = self._whole(chunk) if result.whole else self._chunk(chunk, result)
                if isinstance(found, list):  # not advice alone (which comes in document order)
                    self.said.extend(i for i in found if i.record is None)
                    in_order(found)
                if found:
                    yield found
                self.mark_seen = self.mark_seen or result.has_mark
                self.base += self.whole_records if result.whole else result.records
                self.out.records = self.base
                if chunk.fd >= 0:
                    self.tracker.advance_counts(result.newlines, result.tail_chars)
                else:
                    self.tracker.advance(chunk.data)
        except (TooBig, PartError) as err:
            raise Restart(self.base, self.said) from err

    def partial(self) -> PartialReading:
        if self._partial is None:
            from nwx_schema.validation.partial import PartialReading

            self._partial = PartialReading(self.kind, self.version)
            self._partial.xml_root(self.root.start.decode(), self.root.end.decode(), self.root_at)
        return self._partial

    def _whole(self, chunk: _Chunk) -> list[Issue]:
        """The located pass reads the chunk alone."""
        partial = self.partial()
        text = chunk.data.decode("utf-8")
        where = (self.tracker.line, self.tracker.col)
        found = partial.xml_part(text, where, self.base, mark_seen=self.mark_seen, closes_root=chunk.last)
        self.whole_records = partial.records - self.base  # as the located pass counts them
        if partial.mark_seen:
            self.mark_seen = True
        return found

    def _chunk(self, chunk: _Chunk, result: ChunkResult) -> Sequence[Issue]:
        """Advice of the records the XSD accepted, the located pass's findings of the others."""
        kind, base, tracker, version = self.kind, self.base, self.tracker, self.version
        locate = tracker.place
        advice: dict[frozenset[str], list[Advice]] = {}  # a few sets of names, each asked once
        found = advice_issues(
            kind,
            (
                (
                    base + index,
                    advice.get(keys) or advice.setdefault(keys, record_advice(version, keys)),
                    locate(start),
                    None if ds is None else locate(ds),
                )
                for index, start, ds, keys in result.advice
            ),
        )
        more: list[Issue] = []
        located: set[int] = set()
        if result.bad:
            body = chunk.data
            partial = self.partial()
            for index, begin, finish, place in result.bad:
                text = body[begin:finish].decode("utf-8")
                part = partial.xml_part(text, tracker.place(place), base + index, mark_seen=self.mark_seen)
                if not any(i.severity == "error" for i in part):
                    raise Restart(base, self.said)  # the XSD and the checker disagree: be exact
                more.extend(part)
                located.add(base + index)
        if self._too_many_in(result) and MAX_RECORDS not in located:
            more.append(self._too_many(chunk.data, base))
        if result.mark is not None:
            offset, _ = result.mark
            at = tracker.at(chunk.data, offset)
            more.append(_issue(kind, "NWX605", MARK_SPACE, ("ContinuationMark",), at))
        return [*found, *more] if more else found

    def _too_many_in(self, result: ChunkResult) -> bool:
        """Whether the chunk holds the record past the advised maximum (NWX601)."""
        return self.kind == "input" and self.base <= MAX_RECORDS < self.base + result.records

    def _too_many(self, body: bytes, base: int) -> Issue:
        from nwx_schema.fastpath import xml_fast as xf

        starts = xf.record_starts(body)
        at = self.tracker.at(body, starts[MAX_RECORDS - base]) if len(starts) > MAX_RECORDS - base else None
        if at is None:
            raise Restart(base, self.said)
        return _issue(self.kind, "NWX601", TOO_MANY.format(limit=MAX_RECORDS), (MAX_RECORDS,), at)


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


def _chain(held: list[_Chunk], rest: Iterator[_Chunk]) -> Iterator[_Chunk]:
    yield from held
    yield from rest


def _version_of(record_keys: list[frozenset[str]]) -> ApiVersion | None:
    for keys in record_keys:
        if keys & {"AuditedSystem", "ManagedObject"}:
            return "8.5"
        if keys & {"DataSource", "MonitoringPlan", "Item"}:
            return "9.0"
    return None


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
