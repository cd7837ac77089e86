"""Records to send, read from files in either format, validated first.

:func:`open_source` validates a document of records written (``input``) as
``nwx-schema validate`` does and, when it may be sent, streams its records in JSON form
one at a time (memory does not grow with the file), whatever its format.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from nwx_schema.conversion.api import check_source, iter_source_events
from nwx_schema.conversion.events import Record
from nwx_schema.conversion.source import Input, Source, prepare_input
from nwx_schema.errors import InvalidPayloadError
from nwx_schema.issues import Report


@dataclass
class RecordSource:
    """One document of records, checked and ready to stream.

    Attributes:
        name: its path, or ``<stdin>``.
        report: what validation found (with ``validate=False``: only what makes it
            unreadable).
        records: how many records it holds (``None`` when unknown).
    """

    name: str
    report: Report
    _input: Input = field(repr=False)

    @property
    def records(self) -> int | None:
        return self.report.records

    def __iter__(self) -> Iterator[dict[str, Any]]:
        report = self.report
        assert report.format is not None and report.api_version is not None
        with ExitStack() as stack:
            events = iter_source_events(
                self._input,
                stack,
                fmt=report.format,
                version=report.api_version,
                kind="input",
                best_effort=not report.valid,
            )
            for event in events:
                if isinstance(event, Record):
                    yield event.value

    def close(self) -> None:
        self._input.close()


def open_source(
    source: Source, *, api_version: str = "auto", validate: bool = True, name: str | None = None
) -> RecordSource:
    """Validate a records document and get it ready to stream; close it after use.

    Args:
        source: a path, bytes, a stream (spooled), or the JSON form.
        api_version: ``auto``, ``8.5``, ``9.0`` or a product release.
        validate: ``False`` lets documents with errors through (the server judges them);
            a document that cannot be read at all is still refused.

    Raises:
        InvalidPayloadError: the document has errors (``.issues``), is not a records
            document, or cannot be read.
        OSError: the path cannot be opened.
    """
    inp = prepare_input(source, name)
    try:
        report = check_source(inp, api_version=api_version, kind="input", best_effort=not validate)
    except BaseException:
        inp.close()
        raise
    if report.kind != "input":  # pragma: no cover - check_source refuses other kinds
        inp.close()
        raise InvalidPayloadError(f"{inp.name}: not a document of records written", report.issues)
    return RecordSource(inp.name, report, inp)
