"""JSON form -> JSON or NDJSON bytes, one record at a time.

JSON is written by orjson, strings exactly as they are (orjson escapes only what JSON
requires: ``"``, ``\\`` and control characters), UTF-8, no BOM:

* ``pretty``: 2-space indentation, the same bytes as ``orjson.dumps(document,
  option=OPT_INDENT_2)`` (records streamed one at a time are re-indented to their depth);
* compact: no white space at all.

Output documents are written ``{"ActivityRecordList": [...], "ContinuationMark": ...}`` in
that order whatever the order of the source. NDJSON holds one compact record per line
(``\\n`` line ends, also after the last record) and nothing else: the continuation mark of
an output document is not a record and is left out.

Every document ends with a newline. Values JSON cannot hold (a string with a lone
surrogate, an integer beyond 64 bits) raise :class:`~nwx_schema.errors.InvalidPayloadError`
with an ``NWX700`` finding.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

import orjson

from nwx_schema.errors import InvalidPayloadError
from nwx_schema.issues import Issue
from nwx_schema.locations import Path, pointer, record_index, xpath
from nwx_schema.versions import Kind

WriteBytes = Callable[[bytes], object]

_INDENT: Final = orjson.OPT_INDENT_2


def _default(value: Any) -> Any:
    """Numbers read by the streaming JSON reader (``Decimal``) keep their exact text."""
    if isinstance(value, Decimal):
        return orjson.Fragment(str(value).encode("ascii"))
    raise TypeError(f"{type(value).__name__} has no JSON form")


def dumps_json(value: Any, *, kind: Kind, path: Path = (), pretty: bool = False) -> bytes:
    """orjson's encoding of one JSON-form value.

    Raises:
        InvalidPayloadError: the value has no JSON form (``NWX700`` at ``path``).
    """
    try:
        return orjson.dumps(value, default=_default, option=_INDENT if pretty else 0)
    except (orjson.JSONEncodeError, TypeError) as err:
        issue = Issue(
            None,
            None,
            "NWX700",
            "error",
            f"cannot be written as JSON: {err}",
            pointer=pointer(path),
            xpath=xpath(kind, path),
            record=record_index(kind, path),
        )
        raise InvalidPayloadError("a value cannot be written as JSON", [issue]) from err


def encode_records(records: list[Any], *, kind: Kind, to: str, pretty: bool) -> bytes:
    """Records as :class:`JsonWriter` (``to="json"``) or :class:`NdjsonWriter` write them,
    joined into one block, for writers fed from worker processes."""
    if to == "ndjson":
        return b"".join(orjson.dumps(record, default=_default) + b"\n" for record in records)
    if not pretty:
        return b",".join(orjson.dumps(record, default=_default) for record in records)
    depth = b"\n  " if kind == "input" else b"\n    "
    return b",".join(
        depth + orjson.dumps(record, default=_default, option=_INDENT).replace(b"\n", depth) for record in records
    )


class JsonWriter:
    """Writes one document as JSON through ``write`` (called with ``bytes`` chunks).

    Record documents: :meth:`mark` (output only, any time), :meth:`record` per record,
    then :meth:`close`. Other kinds: :meth:`document`, then :meth:`close`.
    """

    def __init__(self, write: WriteBytes, *, kind: Kind, pretty: bool = True) -> None:
        self._write = write
        self.kind: Kind = kind
        self.pretty = pretty
        self.records = 0
        self._mark: Any = None
        self._has_mark = False
        self._opened = False
        self._closed = False
        self._extra: dict[str, Any] = {}

    def mark(self, value: Any) -> None:
        """Give the ContinuationMark of an output document (written after the records)."""
        if self.kind != "output":
            raise ValueError(f"a {self.kind} document has no continuation mark")
        self._mark, self._has_mark = value, True

    def other_key(self, key: str, value: Any) -> None:
        """Keep another top-level key of an output document (best effort), written last.

        Raises:
            InvalidPayloadError: an input document (a JSON array) cannot hold one.
        """
        if self.kind != "output":
            issue = Issue(
                None,
                None,
                "NWX700",
                "error",
                f"cannot be written as JSON: an array of records has no place for {key!r}",
                pointer="",
                xpath=xpath(self.kind, (key,)),
            )
            raise InvalidPayloadError("a value cannot be written as JSON", [issue])
        self._extra[key] = value

    def record(self, record: Any) -> None:
        """Write the next Activity Record."""
        if self.kind not in ("input", "output"):
            raise ValueError(f"a {self.kind} document has no records")
        index = self.records
        path: Path = (index,) if self.kind == "input" else ("ActivityRecordList", index)
        data = dumps_json(record, kind=self.kind, path=path, pretty=self.pretty)
        self.records += 1
        if self.pretty:
            depth = b"\n  " if self.kind == "input" else b"\n    "
            data = depth + data.replace(b"\n", depth)
        if not self._opened:
            self._open()
            self._write(data)
        else:
            self._write(b"," + data)

    def encoded_records(self, block: bytes, count: int) -> None:
        """Write ``count`` records already encoded by :func:`encode_records` (one block)."""
        if not count:
            return
        if not self._opened:
            self._open()
            self._write(block)
        else:
            self._write(b"," + block)
        self.records += count

    def document(self, document: Any) -> None:
        """Write a whole JSON-form document of the writer's kind."""
        if self.kind == "input" and isinstance(document, list):
            for item in document:
                self.record(item)
        elif (
            self.kind == "output"
            and isinstance(document, dict)
            and isinstance(document.get("ActivityRecordList"), list)
        ):
            for key, value in document.items():
                if key == "ActivityRecordList":
                    for item in value:
                        self.record(item)
                elif key == "ContinuationMark":
                    self.mark(value)
                else:
                    self.other_key(key, value)
        else:
            self._write(dumps_json(document, kind=self.kind, pretty=self.pretty) + b"\n")
            self._opened = self._closed = True

    def _open(self) -> None:
        self._opened = True
        if self.kind == "input":
            self._write(b"[")
        else:
            self._write(b'{\n  "ActivityRecordList": [' if self.pretty else b'{"ActivityRecordList":[')

    def close(self) -> None:
        """End the document."""
        if self._closed:
            return
        if self.kind not in ("input", "output"):
            raise ValueError(f"nothing was written for this {self.kind} document")
        self._closed = True
        nl = b"\n" if self.pretty else b""
        if not self._opened:
            self._open()
            self._write(b"]")
        elif self.records:
            self._write(nl + (b"  ]" if self.kind == "output" and self.pretty else b"]"))
        if self.kind == "input":
            self._write(b"\n")
            return
        tail: dict[str, Any] = dict(self._extra)
        if self._has_mark:
            tail = {"ContinuationMark": self._mark, **tail}
        for key, value in tail.items():
            data = dumps_json(value, kind="output", path=(key,), pretty=self.pretty)
            if self.pretty:
                data = data.replace(b"\n", b"\n  ")
            self._write(
                b",\n  " + dumps_json(key, kind="output") + b": " + data
                if self.pretty
                else b"," + dumps_json(key, kind="output") + b":" + data
            )
        self._write(nl + b"}\n")


class NdjsonWriter:
    """Writes the records of a record document as NDJSON: one compact record per line."""

    def __init__(self, write: WriteBytes, *, kind: Kind) -> None:
        if kind not in ("input", "output"):
            raise ValueError(f"NDJSON holds records; a {kind} document has none")
        self._write = write
        self.kind: Kind = kind
        self.records = 0

    def mark(self, value: Any) -> None:
        """The continuation mark is not a record: NDJSON leaves it out."""

    def other_key(self, key: str, value: Any) -> None:
        """Other top-level keys are not records: NDJSON leaves them out."""

    def encoded_records(self, block: bytes, count: int) -> None:
        """Write ``count`` records already encoded by :func:`encode_records` (one block)."""
        self._write(block)
        self.records += count

    def record(self, record: Any) -> None:
        """Write the next record as one line."""
        path: Path = (self.records,) if self.kind == "input" else ("ActivityRecordList", self.records)
        self._write(dumps_json(record, kind=self.kind, path=path) + b"\n")
        self.records += 1

    def document(self, document: Any) -> None:
        """Write every record of a whole JSON-form document.

        Raises:
            InvalidPayloadError: the document has no array of records (best effort).
        """
        if self.kind == "input" and isinstance(document, list):
            records: list[Any] = document
        elif isinstance(document, dict) and isinstance(document.get("ActivityRecordList"), list):
            records = document["ActivityRecordList"]
        else:
            issue = Issue(
                None,
                None,
                "NWX700",
                "error",
                "cannot be written as NDJSON: the document holds no array of records",
                pointer="",
                xpath=xpath(self.kind, ()),
            )
            raise InvalidPayloadError("a value cannot be written as NDJSON", [issue])
        for item in records:
            self.record(item)

    def close(self) -> None:
        """Nothing to end: NDJSON has no envelope."""
