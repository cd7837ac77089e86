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
from decimal import Decimal
from typing import IO, Any, Final

from nwx_schema.conversion.filters import entries_from_json
from nwx_schema.conversion.text import (
    describe_char,
    escape_attribute,
    escape_text,
    find_forbidden,
    is_xml_name,
)
from nwx_schema.errors import InvalidPayloadError
from nwx_schema.issues import Issue
from nwx_schema.locations import Path, pointer, record_index, xpath
from nwx_schema.model import XML_ROOTS, DocumentModel, Group, ListOf, Scalar, document_model, namespace_for
from nwx_schema.versions import ApiVersion, Kind

Spec = Scalar | Group | ListOf | None
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
        self.issues: list[Issue] = []
        self.records = 0
        self._model: DocumentModel = document_model(version)
        self._root = XML_ROOTS[kind]
        self._ns = namespace_for(kind)
        self._opened = False
        self._closed = False
        self._mark: str | None = None
        self._mark_may_follow = mark_may_follow and kind == "output"
        self._spool: IO[str] | None = None
        self._indents = tuple(("\n" + "  " * depth) if pretty else "" for depth in range(16))

    # -- record documents ------------------------------------------------------------

    def mark(self, value: Any) -> None:
        """Give the ContinuationMark of an output document (written first)."""
        if self.kind != "output":
            raise ValueError(f"a {self.kind} document has no continuation mark")
        if self._opened:
            raise ValueError("the continuation mark must come before the first record is written")
        self._mark = self._scalar_text(value, ("ContinuationMark",))
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
            self._no_xml_form(base, "an Activity Record must be an object")
            return
        parts: list[str] = []
        before = len(self.issues)
        self._element(parts, "ActivityRecord", record, self._model.record, 1, base)
        if len(self.issues) != before:
            return
        self._emit("".join(parts))

    def other_key(self, key: str, value: Any) -> None:
        """Write another child of the root of a record document (best effort: the
        model defines none), as a generic element."""
        parts: list[str] = []
        self._element(parts, key, value, None, 1, (key,) if self.kind == "output" else ())
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
                self._no_xml_form((), "records written are a JSON array of records")
                return
            for item in document:
                self.record(item)
        elif kind == "output":
            self._output_document(document)
        elif kind == "continuation":
            text = self._scalar_text(document, ())
            if text is not None:
                self._write(f'{DECLARATION}<{self._root} xmlns="{self._ns}">{text}</{self._root}>\n')
                self._opened = self._closed = True
        elif not isinstance(document, Mapping):
            self._no_xml_form((), f"a {kind} document must be a JSON object")
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
            self._no_xml_form((), "enum and search results are a JSON object with ActivityRecordList")
            return
        if "ContinuationMark" in document:
            self.mark(document["ContinuationMark"])
        records = document.get("ActivityRecordList", [])
        if isinstance(records, list):
            for item in records:
                self.record(item)
        else:
            self._no_xml_form(("ActivityRecordList",), "ActivityRecordList must be an array of records")
        for key, value in document.items():
            if key not in ("ContinuationMark", "ActivityRecordList"):
                self.other_key(key, value)

    def _object_document(self, document: Mapping[str, Any]) -> None:
        parts = [f'{DECLARATION}<{self._root} xmlns="{self._ns}">']
        for key, value in document.items():
            path: Path = (key,)
            if self.kind == "search" and key == "FilterList" and isinstance(value, Mapping):
                self._filter_list(parts, value)
            elif self.kind == "errors" and key == "ErrorList" and isinstance(value, list):
                for index, item in enumerate(value):
                    self._element(parts, "Error", item, self._model.error, 1, (key, index))
            else:
                self._element(parts, key, value, None, 1, path)
        if len(parts) == 1:
            parts[0] = f'{DECLARATION}<{self._root} xmlns="{self._ns}"/>\n'
        else:
            parts.append(f"{self._indents[0]}</{self._root}>\n" if self.pretty else f"</{self._root}>\n")
        if not self.issues:
            self._write("".join(parts))
        self._opened = self._closed = True

    def _filter_list(self, parts: list[str], filter_list: Mapping[str, Any]) -> None:
        indent = self._indents[2]
        if not filter_list:
            parts.append(f"{self._indents[1]}<FilterList/>")
            return
        parts.append(f"{self._indents[1]}<FilterList>")
        for entry in entries_from_json(self._model, filter_list):
            path: Path = ("FilterList", *entry.path)
            if not is_xml_name(entry.name):
                self._no_xml_form(path, f"{entry.name!r} is not an XML element name")
                continue
            attribute: str | None = ""
            if entry.operator is not None:
                attribute = self._attribute("Operator", entry.operator, path)
            if attribute is None:
                continue
            value = entry.value
            if isinstance(value, Mapping):
                self._container(parts, entry.name, value, None, 2, path, attribute)
            else:
                text = self._scalar_text(value, path)
                if text is not None:
                    parts.append(self._leaf(indent, entry.name, text, attribute))
        parts.append(f"{self._indents[1]}</FilterList>")

    def _attribute(self, name: str, value: str, path: Path) -> str | None:
        at = find_forbidden(value)
        if at >= 0:
            self._forbidden(path, value, at)
            return None
        return f' {name}="{escape_attribute(value)}"'

    @staticmethod
    def _leaf(indent: str, name: str, text: str, attribute: str = "") -> str:
        if text:
            return f"{indent}<{name}{attribute}>{text}</{name}>"
        return f"{indent}<{name}{attribute}/>"

    def _element(self, parts: list[str], name: str, value: Any, spec: Spec, depth: int, path: Path) -> None:
        """Append the element ``name`` holding ``value`` (model node ``spec``, ``None``
        when the model does not know the name)."""
        if spec is None and not is_xml_name(name):
            self._no_xml_form(path, f"{name!r} is not an XML element name")
            return
        if isinstance(value, Mapping):
            self._container(parts, name, value, spec if isinstance(spec, Group) else None, depth, path)
        elif isinstance(value, list) and isinstance(spec, ListOf):
            indent = self._indents[depth]
            if not value:
                parts.append(f"{indent}<{name}/>")
                return
            parts.append(f"{indent}<{name}>")
            for index, item in enumerate(value):
                self._element(parts, spec.item_name, item, spec.item, depth + 1, (*path, index))
            parts.append(f"{indent}</{name}>")
        else:
            text = self._scalar_text(value, path)
            if text is not None:
                parts.append(self._leaf(self._indents[depth], name, text))

    def _container(
        self,
        parts: list[str],
        name: str,
        value: Mapping[str, Any],
        spec: Group | None,
        depth: int,
        path: Path,
        attribute: str = "",
    ) -> None:
        indent = self._indents[depth]
        if not value:
            parts.append(f"{indent}<{name}{attribute}/>")
            return
        parts.append(f"{indent}<{name}{attribute}>")
        for key, item in value.items():
            child = spec.get(key) if spec is not None else None
            self._element(parts, key, item, None if child is None else child.value, depth + 1, (*path, key))
        parts.append(f"{indent}</{name}>")

    def _scalar_text(self, value: Any, path: Path) -> str | None:
        """Escaped element text of a JSON scalar, or ``None`` (finding recorded)."""
        if isinstance(value, str):
            at = find_forbidden(value)
            if at >= 0:
                self._forbidden(path, value, at)
                return None
            return escape_text(value)
        if value is True:
            return "true"
        if value is False:
            return "false"
        if isinstance(value, int | float | Decimal):
            return str(value)
        if value is None:
            self._no_xml_form(path, "null has no XML form")
        else:
            self._no_xml_form(path, "an array has no XML form here")
        return None

    def _issue(self, code: str, path: Path, message: str) -> None:
        self.issues.append(
            Issue(
                None,
                None,
                code,
                "error",
                message,
                pointer=pointer(path),
                xpath=xpath(self.kind, path),
                record=record_index(self.kind, path),
            )
        )

    def _forbidden(self, path: Path, value: str, at: int) -> None:
        self._issue(
            "NWX110",
            path,
            f"{describe_char(value[at])} at offset {at} of the value cannot be written in XML 1.0",
        )

    def _no_xml_form(self, path: Path, why: str) -> None:
        self._issue("NWX700", path, f"cannot be written as XML: {why}")


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
