"""Records (JSON form) into write request bodies that respect the API's limits.

The reference recommends at most 1,000 records and 50 MB per request (§7); a batch
holds at most ``max_records`` records and ``max_bytes`` bytes of body, whichever comes
first. Each record is encoded once, in the body format asked for, whatever format it
was read from: JSON as a bare array (``[{...},{...}]``, compact, orjson), XML as the
converter writes it on one line (``<?xml ...?>`` then ``<ActivityRecordList xmlns=...>``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from nwx_schema.client.errors import RecordTooLargeError
from nwx_schema.conversion.json_writer import dumps_json
from nwx_schema.conversion.xml_markup import Markup
from nwx_schema.conversion.xml_writer import DECLARATION
from nwx_schema.errors import InvalidPayloadError
from nwx_schema.model import document_model, namespace_for
from nwx_schema.versions import ApiVersion, Format

_XML_HEAD: Final = f'{DECLARATION}<ActivityRecordList xmlns="{namespace_for("input")}">'
_XML_TAIL: Final = "</ActivityRecordList>\n"


@dataclass(frozen=True, slots=True)
class Batch:
    """One write request body.

    Attributes:
        number: 1 for the first batch.
        first: index of its first record in the whole sequence (0-based).
        records: how many records it holds.
        body: the bytes to post.
    """

    number: int
    first: int
    records: int
    body: bytes


class RecordEncoder:
    """Encodes records for one body format; knows the bytes around and between them."""

    def __init__(self, fmt: Format, version: ApiVersion) -> None:
        self.fmt: Format = fmt
        self.version: ApiVersion = version
        if fmt == "json":
            self.head, self.separator, self.tail = b"[", b",", b"]"
        else:
            self.head, self.separator, self.tail = _XML_HEAD.encode(), b"", _XML_TAIL.encode()
        self._model = document_model(version)

    def encode(self, record: Mapping[str, Any], index: int) -> bytes:
        """One record's bytes.

        Raises:
            InvalidPayloadError: a value the body format cannot carry (``NWX110``,
                ``NWX700``), located at ``index``.
        """
        if self.fmt == "json":
            return dumps_json(record, kind="input", path=(index,))
        markup = Markup(self._model, "input", pretty=False)
        parts: list[str] = []
        markup.element(parts, "ActivityRecord", record, self._model.record, 1, (index,))
        if markup.issues:
            raise InvalidPayloadError(f"record {index + 1} cannot be written as XML 1.0", markup.issues)
        return "".join(parts).encode("utf-8")

    def body(self, encoded: list[bytes]) -> bytes:
        return self.head + self.separator.join(encoded) + self.tail


def iter_batches(
    records: Iterable[Mapping[str, Any]],
    *,
    fmt: Format,
    version: ApiVersion,
    max_records: int,
    max_bytes: int,
) -> Iterator[Batch]:
    """The batches of ``records``, in order, each as full as the limits allow.

    Raises:
        RecordTooLargeError: a record that does not fit in ``max_bytes`` on its own
            (raised when the batches before it have been given).
        InvalidPayloadError: a value the body format cannot carry.
    """
    encoder = RecordEncoder(fmt, version)
    frame = len(encoder.head) + len(encoder.tail)
    pending: list[bytes] = []
    size = frame
    first = 0
    number = 0
    index = -1
    for index, record in enumerate(records):
        data = encoder.encode(record, index)
        if frame + len(data) > max_bytes:
            if pending:  # the records before it go first
                yield Batch(number + 1, first, len(pending), encoder.body(pending))
            raise RecordTooLargeError(
                f"record {index + 1} is {len(data) + frame:,} bytes as a {fmt.upper()} body, over the "
                f"limit of {max_bytes:,} bytes per request"
            )
        extra = len(data) + (len(encoder.separator) if pending else 0)
        if pending and (len(pending) >= max_records or size + extra > max_bytes):
            number += 1
            yield Batch(number, first, len(pending), encoder.body(pending))
            first, pending, size = index, [], frame
            extra = len(data)
        pending.append(data)
        size += extra
    if pending:
        yield Batch(number + 1, first, len(pending), encoder.body(pending))
