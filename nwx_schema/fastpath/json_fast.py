"""The fast pass for JSON record documents: the C scanner of the standard json module reads
one record at a time, jsonschema-rs (compiled) validates them in batches.

Only one record (and a batch of its neighbours) is alive at a time, so memory stays flat
and the garbage collector has nothing to chase. The records the schema refuses, and
those it does not judge alone (duplicate keys, escapes XML cannot carry, PowerShell
artefacts), are read by the located pass, alone, at their place in the file. What this
pass cannot follow at all (not well-formed, huge values) makes it give up, and the
located pass, the reference, reads the document.
"""

from __future__ import annotations

import codecs
import collections
import json
import re
from collections.abc import Generator, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any, Final

import orjson

from nwx_schema.reading.json_reader import MAX_STRING
from nwx_schema.validation.run import MAX_RECORDS
from nwx_schema.versions import ApiVersion, Kind

if TYPE_CHECKING:
    from nwx_schema.issues import Issue

BLOCK: Final = 1 << 20
BATCH: Final = 1000
_LOOKAHEAD: Final = 1 << 19
_MAX_RECORD: Final = 16 << 20
#: Characters of text per orjson batch, and a safe over-estimate of its records.
_BATCH_CHARS: Final = 1 << 17
_BATCH_GUESS: Final = _BATCH_CHARS // 64
#: A cut between two records: '}' ',' '{' then a key that no Detail has.
_BOUNDARY: Final = re.compile(
    r'\}[ \t\n\r]*,[ \t\n\r]*\{[ \t\n\r]*"(?!(?:PropertyName|Before|After|Message)")'
)
#: :data:`_BOUNDARY` ending just before the second record's '{'.
_RECORD_CUT: Final = re.compile(
    r'\}[ \t\n\r]*,[ \t\n\r]*(?=\{[ \t\n\r]*"(?!(?:PropertyName|Before|After|Message)"))'
)
_WS: Final = re.compile(r"[ \t\n\r]*")
#: Escapes of characters XML cannot carry, lone surrogates, U+FFFE/U+FFFF.
_SUSPECT: Final = re.compile(
    r"\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])"  # a control character XML cannot carry
    r"|\\u[fF]{3}[eEfF]"  # U+FFFE, U+FFFF
    r"|(?P<high>\\u[dD][89abAB][0-9a-fA-F]{2})(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"  # lone high surrogate
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})(?P<low>\\u[dD][c-fC-F][0-9a-fA-F]{2})"  # lone low surrogate
)


#: What :func:`suspect` looks for, loosely (the quotes left out): where none is found, no
#: record needs a look. Searched by literal: the regex engine's search for a literal is
#: several times quicker than ``in`` on text full of quotes and backslashes.
_LOOSE_MARKERS: Final = tuple(re.compile(literal).search for literal in (r"\\u", r"System\.", r"@\{"))
#: Where text holds a \u escape (the same search).
_ESCAPE: Final = _LOOSE_MARKERS[0]


def may_hold_marker(text: str) -> bool:
    """Whether ``text`` may hold what :func:`suspect` looks for (never False when it does)."""
    return "\ufffe" in text or "\uffff" in text or any(search(text) is not None for search in _LOOSE_MARKERS)


def suspect(text: str) -> bool:
    """Whether record text may hold what the JSON Schema does not judge alone: escapes of
    characters XML cannot carry, U+FFFE/U+FFFF, PowerShell's depth truncation artefacts.
    Such a record is read by the located pass."""
    return (
        ("\\u" in text and _SUSPECT.search(text) is not None)
        or "\ufffe" in text
        or "\uffff" in text
        or '"System.' in text
        or '"@{' in text
    )


_SPACED_KEY: Final = re.compile(r'"[ \t\n\r]+:')
_KEY_END: Final = re.compile(r'"[ \t\n\r]*:')


class GiveUp(Exception):  # noqa: N818 - a signal, not an error
    """This pass cannot decide: the located pass must read the document."""


def _keys(record: Any) -> int:
    """Object keys of a record, down to its DetailList items (duplicates counted once).

    Deeper objects exist only in records the schema refuses; leaving their keys out can
    only make the count smaller, which makes the pass give up, never accept.
    """
    if record.__class__ is not dict:
        return 0
    n = len(record)
    for value in record.values():
        if value.__class__ is dict:
            n += len(value)
        elif value.__class__ is list:
            for item in value:
                if item.__class__ is dict:
                    n += len(item)
    return n


def _may_advise(version: ApiVersion | None, value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    if version == "9.0":
        return "DataSource" in value or "MonitoringPlan" not in value or "Item" not in value
    return "ManagedObject" not in value


def _no_constant(name: str) -> Any:
    raise GiveUp


class _Duplicate(GiveUp):
    """A record repeats a key: the located pass reads that record."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Duplicate  # the located pass reports it where it stands
    return result


_DECODER: Final = json.JSONDecoder(parse_constant=_no_constant)
_EVERY_KEY: Final = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_no_constant)


def _record_spans(text: str, offset: int, records: int) -> list[tuple[int, int]]:
    """Spans of the records of a batch text (which starts at ``offset`` with the first
    record), or ``[]`` when the cuts found are not exactly the boundaries between
    ``records`` records (a string value that looks like one: then the general way)."""
    cuts = [m.span() for m in _RECORD_CUT.finditer(text)]
    if len(cuts) != records - 1:
        return []
    starts = [offset, *[offset + end for _, end in cuts]]
    ends = [*[offset + start + 1 for start, _ in cuts], offset + len(text)]
    return list(zip(starts, ends, strict=True))


class TextBuffer:
    """Decoded text of a stream, with the line and column of any offset in it."""

    def __init__(self, stream: IO[bytes], head: bytes) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
        self.buf = ""
        self.base = 0  # global offset of buf[0]
        self.eof = False
        self.line = 1
        self.line_start = 0  # global offset of the current line's first character
        self.mark = 0  # buf offset up to which lines are counted
        #: global ranges of text that may hold what :func:`suspect` looks for, in order
        self.flagged: collections.deque[tuple[int, int]] = collections.deque()
        #: where the text read holds its last newline (global offset; -1: none yet)
        self.last_newline = -1
        self._feed(head)

    def _feed(self, data: bytes, final: bool = False) -> None:
        try:
            text = self.decoder.decode(data, final)
        except UnicodeDecodeError as err:
            raise GiveUp from err
        at = self.base + len(self.buf)
        seam = self.buf[-8:] + text[:8]  # a marker across the two blocks
        if may_hold_marker(text) or may_hold_marker(seam):
            self.flagged.append((at - 8, at + len(text)))
        if "\n" in text:  # a quick look (one character), to spare counting where none is
            self.last_newline = at + text.rfind("\n")
        self.buf += text

    def may_be_suspect(self, start: int, end: int) -> bool:
        """Whether text between global offsets ``start`` and ``end`` may hold what
        :func:`suspect` looks for (asked in document order)."""
        flagged = self.flagged
        while flagged and flagged[0][1] <= start:
            flagged.popleft()
        return bool(flagged) and flagged[0][0] < end

    def fill(self) -> bool:
        """Read one more block; False at the end of the stream."""
        if self.eof:
            return False
        data = self.stream.read(BLOCK)
        if not data:
            self._feed(b"", True)
            self.eof = True
            return False
        self._feed(data)
        return True

    def compact(self, keep_from: int) -> int:
        """Drop text before ``keep_from``; returns the shift to apply to buffer offsets."""
        if keep_from < (1 << 20):
            return 0
        self.position(keep_from)
        self.buf = self.buf[keep_from:]
        self.base += keep_from
        self.mark -= keep_from
        return keep_from

    def position(self, i: int) -> tuple[int, int]:
        """Line and column (1-based) of buffer offset ``i`` (offsets must not go back)."""
        if self.last_newline < self.base + self.mark:  # no newline since the last position
            self.mark = i
            return self.line, self.base + i - self.line_start + 1
        newlines = self.buf.count("\n", self.mark, i)
        if newlines:
            self.line += newlines
            self.line_start = self.base + self.buf.rfind("\n", self.mark, i) + 1
        self.mark = i
        return self.line, self.base + i - self.line_start + 1

    def skip_ws(self, i: int) -> int:
        while True:
            match = _WS.match(self.buf, i)
            assert match is not None
            i = match.end()
            if i < len(self.buf) or not self.fill():
                return i


class _Entry:
    """A record of the current batch: its value, where its text lies, and whether the
    located pass must read it whatever the schema says."""

    __slots__ = ("end", "path", "start", "suspect", "value")

    def __init__(self, value: Any, start: int, end: int, path: tuple[int | str, ...], suspect: bool) -> None:
        self.value, self.start, self.end, self.path, self.suspect = value, start, end, path, suspect


class JsonFast:
    """One pass over a JSON document of records (input array or output envelope).

    :meth:`batches` yields the findings batch by batch, in document order: the warnings of
    the records the JSON Schema accepts are located here; the records it refuses (and
    the few it cannot judge alone) are read by the located pass, alone.
    """

    def __init__(
        self,
        stream: IO[bytes],
        head: bytes,
        kind: Kind | None,
        version: ApiVersion | None,
    ) -> None:
        self.text = TextBuffer(stream, head)
        self.given_kind = kind
        self.version = version
        self.kind: Kind | None = kind
        self.records = 0
        #: records whose findings were all given (for a restart of the located pass)
        self.done = 0
        self._batch: list[_Entry] = []
        self._checkpoint = (0, 1, 0)  # global offset, line, and where that line starts
        self._out: list[Sequence[Issue]] = []  # findings not yet given, a batch's together
        self._out_done = 0
        self._slow_until = -1  # orjson batches are not tried before this global offset
        self._validator: Any = None
        self._partial: Any = None
        self._i = 0
        self.mark: tuple[str, tuple[int, int]] | None = None

    # -- driving --------------------------------------------------------------------

    def start(self) -> None:
        """Decide the kind from the first character (raises :class:`GiveUp`)."""
        t = self.text
        self._i = t.skip_ws(0)
        if self._i >= len(t.buf):
            raise GiveUp
        first = t.buf[self._i]
        if first == "[" and self.given_kind in (None, "input"):
            self.kind = "input"
        elif first == "{" and self.given_kind in (None, "output"):
            self.kind = "output"
        else:
            raise GiveUp

    def batches(self) -> Iterator[Sequence[Issue]]:
        """Every finding in document order, a batch's findings in one sequence (raises
        :class:`GiveUp` where it cannot go on)."""
        t = self.text
        i = self._i
        if self.kind == "input":
            i = yield from self._array(i, ())
        else:
            i = yield from self._envelope(i)
        i = t.skip_ws(i)
        if i < len(t.buf):
            raise GiveUp  # trailing data: the located pass says what
        self._flush(final=True)
        if self.kind == "input" and self.records == 0:
            raise GiveUp  # no record written: the located pass reports it
        if self.mark is not None and self.mark[0] != self.mark[0].strip():
            from nwx_schema.fastpath import _issue
            from nwx_schema.validation.advice import MARK_SPACE

            self._out.append([_issue("output", "NWX605", MARK_SPACE, ("ContinuationMark",), self.mark[1])])
        yield from self._drain()

    def _drain(self) -> Iterator[Sequence[Issue]]:
        if self._out:
            out, self._out = self._out, []
            for batch in out:
                if batch:
                    yield batch
        self.done = self._out_done

    def _array(self, i: int, path: tuple[int | str, ...]) -> Generator[Sequence[Issue], None, int]:
        t = self.text
        i = t.skip_ws(i + 1)
        if i < len(t.buf) and t.buf[i] == "]":
            return i + 1
        while True:
            if len(t.buf) - i < _LOOKAHEAD and not t.eof:
                keep = min(i, self._batch[0].start - t.base) if self._batch else i
                i -= t.compact(keep)
                while len(t.buf) - i < _LOOKAHEAD and t.fill():
                    pass
            i = self._batch_of_records(i, path) or self._record(i, path)
            if self._out:
                yield from self._drain()
            buf = t.buf
            if i >= len(buf) or buf[i] not in ",]":
                i = t.skip_ws(i)
                buf = t.buf
            if i >= len(buf):
                raise GiveUp
            c = buf[i]
            if c == "]":
                return i + 1
            if c != ",":
                raise GiveUp
            i += 1
            if i >= len(buf) or buf[i] != "{":
                i = t.skip_ws(i)
            if i >= len(t.buf) or t.buf[i] == "]":
                raise GiveUp  # trailing comma

    def _batch_of_records(self, i: int, path: tuple[int | str, ...]) -> int:
        """Many records at once, parsed by orjson; 0 when the general way must be taken.

        The batch ends at a ``},{"Key"`` whose key is not a Detail field, found by a regex.
        That such a cut is a real boundary between records is proved by orjson parsing
        ``[`` + text + ``]``: a cut inside a string or inside a nested list cannot parse.
        Batches with anything to report (warnings, errors) go the general way, which
        knows where each record stands.
        """
        t = self.text
        buf = t.buf
        if (
            self.version is None
            or buf[i] != "{"
            or self.records <= 1000 < self.records + _BATCH_GUESS
            or t.base + i < self._slow_until
        ):
            return 0
        cut = _BOUNDARY.search(buf, i + _BATCH_CHARS)
        if cut is None or cut.start() - i > _LOOKAHEAD:
            return 0
        text = buf[i : cut.start() + 1]
        try:
            records = orjson.loads("[" + text + "]")
        except orjson.JSONDecodeError:
            return 0
        # A duplicate key vanishes when parsed: the records written again hold fewer ':'
        # (each pair has one, and a ':' in a value stays a ':'), unless an escape such as
        # \u003a wrote one in the text: then the key ends are counted against the keys.
        if _ESCAPE(text) is not None:
            keys_ok = _SPACED_KEY.search(text) is None and text.count('":') == sum(_keys(r) for r in records)
        else:
            keys_ok = orjson.dumps(records).count(b":") == text.count(":")
        advised: list[tuple[int, list[Any]]] = []
        if self.kind == "input":
            from nwx_schema.validation.advice import record_advice

            version = self.version
            if version == "9.0":  # _may_advise, inline: it is asked of every record
                advised = [
                    (n, advice)
                    for n, r in enumerate(records)
                    if r.__class__ is dict
                    and ("Item" not in r or "MonitoringPlan" not in r or "DataSource" in r)
                    and (advice := record_advice(version, r))
                ]
            else:
                advised = [
                    (n, advice)
                    for n, r in enumerate(records)
                    if _may_advise(version, r) and (advice := record_advice(version, r))
                ]
        if not keys_ok or (  # maybe a duplicate key: the general way decides record by record
            t.may_be_suspect(t.base + i, t.base + cut.start()) and suspect(text)
        ):
            self._slow_until = t.base + cut.start()
            return 0
        self._flush()
        refused: set[int] = set()
        if not self._validator_for().is_valid(records):
            refused = {int(e.instance_path[0]) for e in self._validator.iter_errors(records)}
        if advised or refused:
            spans = _record_spans(text, t.base + i, len(records))  # global offsets
            if not spans:
                self._slow_until = t.base + cut.start()
                return 0
            if refused:
                advised = [(n, advice) for n, advice in advised if n not in refused]
            self._batch_findings(i, advised, refused, spans, path)
        self.records += len(records)
        self._out_done = self.records
        return cut.start() + 1

    def _batch_findings(
        self,
        i: int,
        advised: list[tuple[int, list[Any]]],
        refused: set[int],
        spans: list[tuple[int, int]],
        path: tuple[int | str, ...],
    ) -> None:
        """The findings of an orjson batch that starts at buffer offset ``i``."""
        t = self.text
        line, column = t.position(i)
        self._checkpoint = (t.base + i, line, t.base + i - column + 1)
        self._findings(spans, self.records, path, advised, refused)

    def _validator_for(self) -> Any:
        if self._validator is None:
            assert self.version is not None and self.kind is not None
            self._validator = record_validator(self.version, self.kind)
        return self._validator

    def _decode(self, i: int) -> tuple[Any, int]:
        t = self.text
        while len(t.buf) - i < _LOOKAHEAD and t.fill():
            pass
        while True:
            try:
                return _DECODER.raw_decode(t.buf, i)
            except json.JSONDecodeError as err:
                if len(t.buf) - i > _MAX_RECORD or not t.fill():
                    raise GiveUp from err
            except RecursionError as err:
                raise GiveUp from err

    def _record(self, i: int, path: tuple[int | str, ...]) -> int:
        t = self.text
        if i >= len(t.buf) or t.buf[i] != "{":
            raise GiveUp  # not an object: the located pass explains
        value, end = self._decode(i)
        if end - i > MAX_STRING:
            raise GiveUp
        # Duplicate keys vanish when decoded: every key ends with '"' and ':', so the text
        # holds at least as many key ends as keys; equal counts prove there is no duplicate.
        # More key ends than keys is a duplicate, or text such as ":" inside a value: the
        # record is then read again, keeping every key, to know which.
        spaced = _SPACED_KEY.search(t.buf, i, end) is not None
        raw = len(_KEY_END.findall(t.buf, i, end)) if spaced else t.buf.count('":', i, end)
        odd = False
        if raw != _keys(value):
            try:
                _EVERY_KEY.raw_decode(t.buf, i)
            except _Duplicate:
                odd = True
        odd = odd or (t.may_be_suspect(t.base + i, t.base + end) and suspect(t.buf[i:end]))
        index = self.records
        self.records += 1
        if not self._batch:
            line, column = t.position(i)
            self._checkpoint = (t.base + i, line, t.base + i - column + 1)
        self._batch.append(_Entry(value, t.base + i, t.base + end, (*path, index), odd))
        if self.version is None:
            from nwx_schema.validation.run import version_hint

            hint = version_hint(value) if isinstance(value, dict) else None
            if hint is not None:
                self.version = hint
        if len(self._batch) >= BATCH:
            self._flush()
        return end

    # -- one batch's findings ---------------------------------------------------------

    def _flush(self, *, final: bool = False) -> None:
        """Validate the batch and give its findings, in document order."""
        batch = self._batch
        if not batch:
            if self.version is None:
                self.version = "9.0"
            return
        if self.version is None:
            if len(batch) < BATCH and not final:
                return  # records kept back until one of them tells the API version
            self.version = "9.0"
        self._batch = []
        kind, version = self.kind, self.version
        assert kind is not None
        values = [e.value for e in batch]
        refused: set[int] = set()
        if not self._validator_for().is_valid(values):
            refused = {int(e.instance_path[0]) for e in self._validator.iter_errors(values)}
        located = {n for n, e in enumerate(batch) if e.suspect or n in refused}
        advised: list[tuple[int, list[Any]]] = []
        if kind == "input":
            from nwx_schema.validation.advice import record_advice

            for n, entry in enumerate(batch):
                if n not in located and _may_advise(version, entry.value):
                    advice = record_advice(version, entry.value)
                    if advice:
                        advised.append((n, advice))
        first = batch[0].path[-1]
        assert isinstance(first, int)
        too_many = (
            MAX_RECORDS - first if kind == "input" and first <= MAX_RECORDS < first + len(batch) else -1
        )
        spans = [(e.start, e.end) for e in batch]
        self._findings(spans, first, batch[0].path[:-1], advised, located, too_many)
        self._out_done = self.records

    def _findings(
        self,
        spans: list[tuple[int, int]],
        first: int,
        prefix: tuple[int | str, ...],
        advised: list[tuple[int, list[Any]]],
        located: set[int],
        too_many: int = -1,
    ) -> None:
        """The findings of a batch of records (record ``first`` on, at global ``spans``)
        in document order: the warnings of the records the schema accepts, and the located
        pass's findings of those in ``located``; ``too_many``: the batch index of record
        1,000 (NWX601), or -1. Positions count from :attr:`_checkpoint`."""
        from nwx_schema.fastpath import _issue
        from nwx_schema.fastpath.common import advice_issues, in_order

        if not located and not advised and too_many < 0:
            return
        t = self.text
        kind = self.kind
        assert kind is not None
        sources = {
            n: self._source_key(*spans[n])
            for n, advice in advised
            for code, *_ in advice
            if code == "NWX600"  # a record has it once at most
        }
        starts = {spans[n][0] for n, _ in advised} | {spans[n][0] for n in located}
        if too_many >= 0:
            starts.add(spans[too_many][0])
        places = self._places(sorted(starts | set(sources.values())))
        advice = advice_issues(
            kind,
            (
                (first + n, advice, places[spans[n][0]], places[sources[n]] if n in sources else None)
                for n, advice in advised
            ),
        )
        if not located and too_many < 0:
            self._out.append(advice)  # advice alone comes in document order
            return
        found = list(advice)
        if located:
            partial = self._partial_reading()
            for n in sorted(located):
                start, end = spans[n]
                text = t.buf[start - t.base : end - t.base]
                found.extend(partial.json_record(text, places[start], (*prefix, first + n)))
        if too_many >= 0 and too_many not in located:
            from nwx_schema.validation.advice import TOO_MANY

            at = places[spans[too_many][0]]
            found.append(_issue(kind, "NWX601", TOO_MANY.format(limit=MAX_RECORDS), (MAX_RECORDS,), at))
        self._out.append(in_order(found))

    def _partial_reading(self) -> Any:
        if self._partial is None:
            from nwx_schema.validation.partial import PartialReading

            assert self.kind is not None and self.version is not None
            self._partial = PartialReading(self.kind, self.version)
        return self._partial

    def _source_key(self, start: int, end: int) -> int:
        """Global offset of the ``"DataSource"`` key of the record between global offsets
        ``start`` and ``end`` (its only such key: in a record the schema accepts, the text
        cannot hold it anywhere else)."""
        t = self.text
        found = _DATASOURCE_KEY.search(t.buf, start - t.base, end - t.base)
        if found is None:
            raise GiveUp
        return t.base + found.start()

    def _places(self, offsets: list[int]) -> dict[int, tuple[int, int]]:
        """Line and column of sorted global offsets of the batch, in one walk."""
        t = self.text
        previous, line, line_start = self._checkpoint
        places: dict[int, tuple[int, int]] = {}
        if t.last_newline < previous or (
            offsets and t.buf.find("\n", previous - t.base, offsets[-1] - t.base) < 0
        ):
            # all on one line (compact JSON): no newline to count between them
            for offset in offsets:
                places[offset] = (line, offset - line_start + 1)
            return places
        for offset in offsets:
            newlines = t.buf.count("\n", previous - t.base, offset - t.base)
            if newlines:
                line += newlines
                line_start = t.base + t.buf.rfind("\n", previous - t.base, offset - t.base) + 1
            places[offset] = (line, offset - line_start + 1)
            previous = offset
        return places

    def _envelope(self, i: int) -> Generator[Sequence[Issue], None, int]:
        t = self.text
        seen: set[str] = set()
        i = t.skip_ws(i + 1)
        while True:
            if i >= len(t.buf) or t.buf[i] != '"':
                raise GiveUp
            key, i = self._decode(i)
            if key in seen:
                raise GiveUp
            seen.add(key)
            i = t.skip_ws(i)
            if i >= len(t.buf) or t.buf[i] != ":":
                raise GiveUp
            i = t.skip_ws(i + 1)
            if key == "ActivityRecordList" and i < len(t.buf) and t.buf[i] == "[":
                i = yield from self._array(i, ("ActivityRecordList",))
                self._flush(final=True)
                yield from self._drain()
            elif key == "ContinuationMark":
                where = t.position(i)
                mark, end = self._decode(i)
                if not isinstance(mark, str) or not mark or suspect(t.buf[i:end]):
                    raise GiveUp
                i = end
                self.mark = (mark, where)
            else:
                raise GiveUp
            i = t.skip_ws(i)
            if i >= len(t.buf):
                raise GiveUp
            if t.buf[i] == "}":
                if "ActivityRecordList" not in seen:
                    raise GiveUp
                return i + 1
            if t.buf[i] != ",":
                raise GiveUp
            i = t.skip_ws(i + 1)


_DATASOURCE_KEY: Final = re.compile(r'"DataSource"[ \t\n\r]*:')


_VALIDATORS: dict[tuple[str, str], Any] = {}


def record_validator(version: ApiVersion, kind: Kind) -> Any:
    """A compiled validator of a list of records of ``version`` and ``kind``."""
    key = (version, kind)
    if key not in _VALIDATORS:
        import jsonschema_rs

        from nwx_schema.schemas import json_schema

        schema = json_schema(version, kind)
        batch = {
            "$schema": schema["$schema"],
            "type": "array",
            "items": {"$ref": "#/$defs/ActivityRecord"},
            "$defs": schema["$defs"],
        }
        _VALIDATORS[key] = jsonschema_rs.validator_for(batch, validate_formats=True)
    return _VALIDATORS[key]
