"""Validation of one document: read, detect kind and version, check, stream findings."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Final

from nwx_schema import fastpath
from nwx_schema.fastpath.common import Restart
from nwx_schema.issues import Issue
from nwx_schema.reading.json_reader import JsonReader, JsonSyntaxError
from nwx_schema.reading.source import (
    Decoded,
    DecodeError,
    Sniffed,
    open_source,
    read_head,
    sniff,
    xml_encoding,
)
from nwx_schema.reading.xml_reader import XmlReader, XmlSyntaxError
from nwx_schema.validation.json_document import JsonDocument, parsed_events
from nwx_schema.validation.rewind import Rewinder
from nwx_schema.validation.run import Source, version_hint
from nwx_schema.validation.xml_document import XmlDocument
from nwx_schema.versions import Format

__all__ = ["FAST_FROM", "MAX_BYTES", "Source", "Validation", "version_hint"]

#: Below this size the located pass alone is quicker than loading the fast pass's libraries.
FAST_FROM: Final = 128 * 1024
MAX_BYTES: Final = 50 * 1000 * 1000


class Validation(XmlDocument, JsonDocument):
    """One validation run; :meth:`issues` (or :meth:`batches`) streams the findings and
    fills :attr:`report`."""

    def issues(self) -> Iterator[Issue]:
        """Every finding, in document order, as it is found."""
        for batch in self.batches():
            yield from batch

    def batches(self) -> Iterator[Sequence[Issue]]:
        """:meth:`issues` in lists, as they are found: the fast pass's findings of a chunk or
        batch of records together (hundreds of thousands of findings pass through the
        policy and the reporters quicker so), the located pass's one at a time."""
        if isinstance(self.source, list | dict):
            self.report.format = "json"
            yield from _singly(self._json_events(parsed_events(self.source)))
            yield from _singly(self._flush())
            return
        opened = open_source(self.source, None if self.report.path == "<data>" else self.report.path)
        if self.report.path == "<data>":
            self.report.path = opened.name
        try:
            yield from self._read(opened)
        finally:
            opened.close()

    def _read(self, opened: Any) -> Iterator[Sequence[Issue]]:
        head = read_head(opened)
        sniffed = sniff(head)
        if sniffed.issues:
            yield list(sniffed.issues)
        if any(i.severity == "error" for i in sniffed.issues):
            return
        if sniffed.empty:
            yield [self._doc_issue("NWX100", "the document is empty: send the payload itself")]
            return
        fmt: Format | None = self.given_format or sniffed.format  # type: ignore[assignment]
        if fmt is None:
            yield [
                self._doc_issue(
                    "NWX101",
                    "the content is neither XML (starts with '<') nor JSON (starts with '[', '{' or '\"')",
                )
            ]
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
                fd=opened.stream.fileno() if opened.from_path else None,
                origin=len(sniffed.bom),
            )
            if outcome is not None:
                self.report.kind, self.report.api_version = outcome.kind, outcome.version
                self.report.records = 0
                try:
                    yield from outcome.batches
                except Restart as restart:
                    # rare: the located pass reads the document after all, leaving out
                    # what was already said
                    opened.stream = rewind.rewound(head)
                    for issue in self._located(opened, head, sniffed, fmt):
                        if issue in restart.said or (issue.record is not None and issue.record < restart.done):
                            continue
                        yield [issue]
                    return
                self.report.kind, self.report.api_version = outcome.kind, outcome.version
                self.report.records = outcome.records
                return
            opened.stream = rewind.rewound(head)
        yield from _singly(self._located(opened, head, sniffed, fmt))

    def _located(self, opened: Any, head: bytes, sniffed: Sniffed, fmt: Format) -> Iterator[Issue]:
        """The located pass over the whole document."""
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


def _singly(issues: Iterator[Issue]) -> Iterator[list[Issue]]:
    """Findings one to a list, each passed on as soon as it is found."""
    for issue in issues:
        yield [issue]
