"""JSON form -> XML text, driven by the record model.

Two ways in:

* :func:`dumps_xml` writes a whole document of any kind;
* :class:`XmlWriter` writes a record document (``input``, ``output``) one record at a
  time, for inputs of any size: :meth:`~XmlWriter.mark`, :meth:`~XmlWriter.record`...,
  then :meth:`~XmlWriter.close`.

What is written: UTF-8 text with ``<?xml version="1.0" encoding="UTF-8"?>``, the
namespace of the kind as the default namespace of the root and no prefixes; elements in
the order of the JSON keys; ``&``, ``<``, ``>`` escaped in text, ``"`` too in attributes,
CR as ``&#13;``; an empty string as an empty element (``<Before/>``), distinct from an
absent element; ``IsArchiveOnly`` as ``true``/``false``; indented by 2 spaces per level
(``pretty``) or on one line. Output documents put ContinuationMark first.

Values XML 1.0 cannot carry are refused, never written: a control character gives an
``NWX110`` finding, a JSON value with no XML form (``null``, an array where no list is
defined, a key that is not an XML name) an ``NWX700`` finding. Findings are collected in
:attr:`XmlWriter.issues`; :func:`dumps_xml` raises them as
:class:`~nwx_schema.errors.InvalidPayloadError`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from typing import IO, Any, Final

from nwx_schema.conversion.xml_markup import Markup
from nwx_schema.errors import InvalidPayloadError
from nwx_schema.issues import Issue
from nwx_schema.locations import Path
from nwx_schema.model import XML_ROOTS, DocumentModel, document_model, namespace_for
from nwx_schema.versions import ApiVersion, Kind

Write = Callable[[str], object]

DECLARATION: Final = '<?xml version="1.0" encoding="UTF-8"?>\n'
#: Records written before the spool of an output document moves to disk.
_SPOOL_BYTES: Final = 8 * 1024 * 1024


class XmlWriter:
    """Writes one document as XML through ``write`` (called with ``str`` chunks).

    Record documents are written incrementally: :meth:`mark` (output only), then
    :meth:`record` per record, then :meth:`close`. Other kinds are written with
    :meth:`document` followed by :meth:`close`. A record that holds a value XML cannot
    carry is left out and reported in :attr:`issues`; callers must not publish the text
    when :attr:`issues` is not empty.

    Args:
        write: receives the text in order (e.g. the ``write`` of a file opened with
            ``encoding="utf-8", newline=""``).
        version, kind: what is written.
        pretty: indent with 2 spaces (``True``) or write everything on one line.
        mark_may_follow: for ``output``: records may arrive before the continuation mark
            (a JSON source with the mark after the list). Records are then spooled
            (memory, then a temporary file) until the mark or :meth:`close`, because the
            XML form puts the mark first.
    """

    def __init__(
        self,
        write: Write,
        *,
        version: ApiVersion,
        kind: Kind,
        pretty: bool = True,
        mark_may_follow: bool = False,
    ) -> None:
        self._write = write
        self.version: ApiVersion = version
        self.kind: Kind = kind
        self.pretty = pretty
        self.records = 0
        self._model: DocumentModel = document_model(version)
        self._markup = Markup(self._model, kind, pretty)
        self.issues: list[Issue] = self._markup.issues
        self._root = XML_ROOTS[kind]
        self._ns = namespace_for(kind)
        self._opened = False
        self._closed = False
        self._mark: str | None = None
        self._mark_may_follow = mark_may_follow and kind == "output"
        self._spool: IO[str] | None = None
        self._indents = self._markup.indents

    # -- record documents ------------------------------------------------------------

    def mark(self, value: Any) -> None:
        """Give the ContinuationMark of an output document (written first)."""
        if self.kind != "output":
            raise ValueError(f"a {self.kind} document has no continuation mark")
        if self._opened:
            raise ValueError("the continuation mark must come before the first record is written")
        self._mark = self._markup.scalar_text(value, ("ContinuationMark",))
        if self._mark is not None:
            self._open()
            self._flush_spool()

    def record(self, record: Any) -> None:
        """Write the next Activity Record (a JSON-form object)."""
        if self.kind not in ("input", "output"):
            raise ValueError(f"a {self.kind} document has no records")
        index = self.records
        self.records += 1
        base: Path = (index,) if self.kind == "input" else ("ActivityRecordList", index)
        if not isinstance(record, Mapping):
            self._markup.no_xml_form(base, "an Activity Record must be an object")
            return
        parts: list[str] = []
        before = len(self.issues)
        self._markup.element(parts, "ActivityRecord", record, self._model.record, 1, base)
        if len(self.issues) != before:
            return
        self._emit("".join(parts))

    def other_key(self, key: str, value: Any) -> None:
        """Write another child of the root of a record document (best effort: the
        model defines none), as a generic element."""
        parts: list[str] = []
        self._markup.element(parts, key, value, None, 1, (key,) if self.kind == "output" else ())
        if parts:
            self._emit("".join(parts))

    def _emit(self, text: str) -> None:
        if self._spool is not None or (self._mark_may_follow and not self._opened):
            if self._spool is None:
                self._spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed in _flush_spool
                    max_size=_SPOOL_BYTES, mode="w+", encoding="utf-8", newline=""
                )
            self._spool.write(text)
            return
        self._open()
        self._write(text)

    # -- whole documents ---------------------------------------------------------------

    def document(self, document: Any) -> None:
        """Write a whole JSON-form document of the writer's kind."""
        kind = self.kind
        if kind == "input":
            if not isinstance(document, list):
                self._markup.no_xml_form((), "records written are a JSON array of records")
                return
            for item in document:
                self.record(item)
        elif kind == "output":
            self._output_document(document)
        elif kind == "continuation":
            text = self._markup.scalar_text(document, ())
            if text is not None:
                self._write(f'{DECLARATION}<{self._root} xmlns="{self._ns}">{text}</{self._root}>\n')
                self._opened = self._closed = True
        elif not isinstance(document, Mapping):
            self._markup.no_xml_form((), f"a {kind} document must be a JSON object")
        else:
            self._object_document(document)

    def close(self) -> None:
        """End the document (writes the end tag; an empty record list as ``<Root/>``)."""
        if self._closed:
            return
        self._closed = True
        if self.kind == "continuation":
            return
        self._flush_spool()
        if not self._opened:
            if self.issues:
                return
            self._write(f'{DECLARATION}<{self._root} xmlns="{self._ns}"/>\n')
            return
        self._write(f"{self._indents[0]}</{self._root}>\n" if self.pretty else f"</{self._root}>\n")

    # -- internals ---------------------------------------------------------------------

    def _open(self) -> None:
        if self._opened:
            return
        self._opened = True
        head = f'{DECLARATION}<{self._root} xmlns="{self._ns}">'
        if self._mark is not None:
            head += f"{self._indents[1]}<ContinuationMark>{self._mark}</ContinuationMark>"
        self._write(head)

    def _flush_spool(self) -> None:
        spool, self._spool = self._spool, None
        if spool is None:
            return
        self._open()
        with spool:
            spool.seek(0)
            while chunk := spool.read(1 << 20):
                self._write(chunk)

    def _output_document(self, document: Any) -> None:
        if not isinstance(document, Mapping):
            self._markup.no_xml_form((), "enum and search results are a JSON object with ActivityRecordList")
            return
        if "ContinuationMark" in document:
            self.mark(document["ContinuationMark"])
        records = document.get("ActivityRecordList", [])
        if isinstance(records, list):
            for item in records:
                self.record(item)
        else:
            self._markup.no_xml_form(
                ("ActivityRecordList",), "ActivityRecordList must be an array of records"
            )
        for key, value in document.items():
            if key not in ("ContinuationMark", "ActivityRecordList"):
                self.other_key(key, value)

    def _object_document(self, document: Mapping[str, Any]) -> None:
        parts = [f'{DECLARATION}<{self._root} xmlns="{self._ns}">']
        for key, value in document.items():
            path: Path = (key,)
            if self.kind == "search" and key == "FilterList" and isinstance(value, Mapping):
                self._markup.filter_list(parts, value)
            elif self.kind == "errors" and key == "ErrorList" and isinstance(value, list):
                for index, item in enumerate(value):
                    self._markup.element(parts, "Error", item, self._model.error, 1, (key, index))
            else:
                self._markup.element(parts, key, value, None, 1, path)
        if len(parts) == 1:
            parts[0] = f'{DECLARATION}<{self._root} xmlns="{self._ns}"/>\n'
        else:
            parts.append(f"{self._indents[0]}</{self._root}>\n" if self.pretty else f"</{self._root}>\n")
        if not self.issues:
            self._write("".join(parts))
        self._opened = self._closed = True


def dumps_xml(document: Any, *, version: ApiVersion, kind: Kind, pretty: bool = True) -> str:
    """The XML text of a JSON-form document of any kind (see the module docstring).

    Raises:
        InvalidPayloadError: a value XML 1.0 cannot carry; ``.issues`` holds one located
            finding per value (``NWX110`` for characters, ``NWX700`` for values with no
            XML form).
    """
    chunks: list[str] = []
    writer = XmlWriter(chunks.append, version=version, kind=kind, pretty=pretty)
    writer.document(document)
    writer.close()
    if writer.issues:
        count = len(writer.issues)
        raise InvalidPayloadError(
            f"{count} value{'s' if count > 1 else ''} cannot be written as XML 1.0", writer.issues
        )
    return "".join(chunks)
