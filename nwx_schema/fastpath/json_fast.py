"""The fast pass for JSON record documents: the C scanner of the standard json module reads
one record at a time, jsonschema-rs (compiled) validates them in batches.

Only one record (and a batch of its neighbours) is alive at a time, so memory stays flat
and the garbage collector has nothing to chase. What the JSON Schema does not decide alone
(duplicate keys, escapes XML cannot carry, PowerShell artefacts, huge values) is checked
conservatively: when in doubt the pass gives up and the located pass, the reference,
reads the document.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import IO, Any, Final

import orjson

from nwx_schema.reading.json_reader import MAX_STRING, JsonReader, Value
from nwx_schema.versions import ApiVersion, Kind

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
#: Records with warnings kept (with their text) until the end; past this, stream instead.
MAX_ADVISED: Final = 20_000
_WS: Final = re.compile(r"[ \t\n\r]*")
#: Escapes of characters XML cannot carry, lone surrogates, U+FFFE/U+FFFF.
_SUSPECT: Final = re.compile(
    rb"\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])"  # a control character XML cannot carry
    rb"|\\u[fF]{3}[eEfF]"  # U+FFFE, U+FFFF
    rb"|(?P<high>\\u[dD][89abAB][0-9a-fA-F]{2})(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"  # lone high surrogate
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})(?P<low>\\u[dD][c-fC-F][0-9a-fA-F]{2})"  # lone low surrogate
)
_SPACED_KEY: Final = re.compile(rb'"[ \t\n\r]+:')
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


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise GiveUp  # a duplicate key: the located pass reports it where it stands
    return result


_DECODER: Final = json.JSONDecoder(parse_constant=_no_constant)
_EVERY_KEY: Final = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_no_constant)


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
        self.spaced_keys = False  # a key followed by white space before its colon was seen
        self.tail = b""
        self._feed(head)

    def _feed(self, data: bytes, final: bool = False) -> None:
        # Scan the new bytes with the end of the old, so no pattern hides across blocks.
        carried = len(self.tail)
        window = self.tail + data
        self.tail = window[-16:]
        if b"\\u" in window:
            for match in _SUSPECT.finditer(window):
                if match.group("high") and match.end() > len(window) - 12 and not final:
                    continue  # its low half may come in the next block: the tail rescans it
                if match.group("low") and carried and match.start() < 6:
                    continue  # it was checked in the previous window, with what precedes it
                raise GiveUp
        if b"\xef\xbf\xbe" in window or b"\xef\xbf\xbf" in window:  # U+FFFE, U+FFFF
            raise GiveUp
        if b'"System.' in window or b'"@{' in window:
            raise GiveUp
        if not self.spaced_keys and _SPACED_KEY.search(window):
            self.spaced_keys = True
        try:
            self.buf += self.decoder.decode(data, final)
        except UnicodeDecodeError as err:
            raise GiveUp from err

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


class JsonFast:
    """One pass over a JSON document of records (input array or output envelope)."""

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
        self._batch: list[Any] = []
        self._pending: list[tuple[Any, str, tuple[int, int]]] = []
        self._validator: Any = None
        self.mark: tuple[str, tuple[int, int]] | None = None
        self.advised: list[tuple[Any, str, tuple[int, int], tuple[int | str, ...]]] = []
        self.record_1001: tuple[int, int] | None = None  # where record index 1000 starts

    # -- driving --------------------------------------------------------------------

    def run(self) -> None:
        t = self.text
        i = t.skip_ws(0)
        if i >= len(t.buf):
            raise GiveUp
        if t.buf[i] == "[":
            if self.given_kind not in (None, "input"):
                raise GiveUp
            self.kind = "input"
            i = self._array(i, ())
        elif t.buf[i] == "{":
            if self.given_kind not in (None, "output"):
                raise GiveUp
            self.kind = "output"
            i = self._envelope(i)
        else:
            raise GiveUp
        i = t.skip_ws(i)
        if i < len(t.buf):
            raise GiveUp  # trailing data: the located pass says what
        self._flush_pending(final=True)
        self._validate_batch()

    def _array(self, i: int, path: tuple[int | str, ...]) -> int:
        t = self.text
        i = t.skip_ws(i + 1)
        if i < len(t.buf) and t.buf[i] == "]":
            return i + 1
        while True:
            if len(t.buf) - i < _LOOKAHEAD and not t.eof:
                i -= t.compact(i)
                while len(t.buf) - i < _LOOKAHEAD and t.fill():
                    pass
            i = self._batch_of_records(i, path) or self._record(i, path)
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
        """
        t = self.text
        buf = t.buf
        if self.version is None or buf[i] != "{" or self.records <= 1000 < self.records + _BATCH_GUESS:
            return 0
        cut = _BOUNDARY.search(buf, i + _BATCH_CHARS)
        if cut is None or cut.start() - i > _LOOKAHEAD:
            return 0
        text = buf[i : cut.start() + 1]
        try:
            records = orjson.loads("[" + text + "]")
        except orjson.JSONDecodeError:
            return 0
        if t.spaced_keys or "\\u" in text:
            keys_ok = text.count('":') == sum(_keys(r) for r in records) and not t.spaced_keys
        else:  # orjson writes every key end as '"' ':' and escapes content quotes as the input does
            keys_ok = orjson.dumps(records).count(b'":') == text.count('":')
        if not keys_ok:
            return 0  # maybe a duplicate key: the general way decides record by record
        if self.kind == "input" and any(_may_advise(self.version, r) for r in records):
            return 0  # records to locate: the general way reads their positions
        self._validate_batch()
        if self._validator is None:
            assert self.version is not None and self.kind is not None
            self._validator = record_validator(self.version, self.kind)
        if not self._validator.is_valid(records):
            raise GiveUp
        self.records += len(records)
        return cut.start() + 1

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
        raw = len(_KEY_END.findall(t.buf, i, end)) if t.spaced_keys else t.buf.count('":', i, end)
        if raw != _keys(value):
            _EVERY_KEY.raw_decode(t.buf, i)
        index = self.records
        self.records += 1
        if index == 1000:
            self.record_1001 = t.position(i)
        if self.version is None:
            self._pending.append((value, t.buf[i:end], t.position(i)))
            self._decide(value)
        else:
            self._take(value, i, end, (*path, index))
        return end

    def _decide(self, value: Any) -> None:
        from nwx_schema.validation.run import version_hint as _version_hint

        hint = _version_hint(value) if isinstance(value, dict) else None
        if hint is not None or len(self._pending) >= 1000:
            self.version = hint or "9.0"
            self._flush_pending(final=False)

    def _flush_pending(self, *, final: bool) -> None:
        if not self._pending:
            if self.version is None:
                self.version = "9.0"
            return
        if self.version is None:
            self.version = "9.0"
        prefix: tuple[str, ...] = ("ActivityRecordList",) if self.kind == "output" else ()
        pending, self._pending = self._pending, []
        start = self.records - len(pending)
        for offset, (value, span, where) in enumerate(pending):
            self._advise(value, span, where, (*prefix, start + offset))
            self._batch.append(value)
        if len(self._batch) >= BATCH or final:
            self._validate_batch()

    def _take(self, value: Any, i: int, end: int, path: tuple[int | str, ...]) -> None:
        self._batch.append(value)
        if len(self._batch) >= BATCH:
            self._validate_batch()
        if self.kind == "input" and _may_advise(self.version, value):
            self._advise(value, self.text.buf[i:end], self.text.position(i), path)

    def _advise(self, value: Any, span: str, where: tuple[int, int], path: tuple[int | str, ...]) -> None:
        from nwx_schema.validation.advice import record_advice

        assert self.version is not None
        if self.kind == "input" and isinstance(value, dict) and record_advice(self.version, value):
            if len(self.advised) >= MAX_ADVISED:
                raise GiveUp  # so many warnings that the streaming located pass is better
            self.advised.append((value, span, where, path))

    def _validate_batch(self) -> None:
        if not self._batch:
            return
        if self._validator is None:
            assert self.version is not None and self.kind is not None
            self._validator = record_validator(self.version, self.kind)
        if not self._validator.is_valid(self._batch):
            raise GiveUp
        self._batch = []

    def _envelope(self, i: int) -> int:
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
                i = self._array(i, ("ActivityRecordList",))
            elif key == "ContinuationMark":
                where = t.position(i)
                mark, i = self._decode(i)
                if not isinstance(mark, str) or not mark:
                    raise GiveUp
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


def locate_record(span: str, where: tuple[int, int], path: tuple[int | str, ...]) -> Value:
    """The located reading of one record's text (the located pass's own reader)."""
    reader = JsonReader(iter([span]), start=where)
    return reader.read_value(path)


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
