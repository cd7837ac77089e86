"""A streaming, locked-down XML reader that knows where every element is.

Built on expat (the C parser in the standard library): the root is reported as soon as it
opens, then each child of the root (a record, a filter list, an error...) as a small
element tree once it is complete, so memory does not grow with the number of records.
Any DOCTYPE is refused before it is read (no DTD, no entity is ever loaded or expanded),
depth and text size are bounded, and characters XML 1.0 forbids are reported where they
stand.
"""

from __future__ import annotations

import re
import xml.parsers.expat as expat
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from nwx_schema.issues import Issue

MAX_DEPTH: Final = 64
MAX_TEXT: Final = 10 * 1024 * 1024
XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"
_FORBIDDEN: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(slots=True)
class Element:
    """An element: namespace, local name, attributes, children and direct text."""

    ns: str | None
    name: str
    attrs: dict[str, str]
    line: int
    column: int
    children: list[Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    text_at: tuple[int, int] | None = None  # where the first non-blank direct text starts
    text_len: int = 0

    @property
    def value(self) -> str:
        return "".join(self.text)

    @property
    def has_text(self) -> bool:
        return self.text_at is not None


@dataclass(slots=True)
class RootStart:
    element: Element  # without children


@dataclass(slots=True)
class Child:
    element: Element  # a complete child of the root


@dataclass(slots=True)
class RootEnd:
    element: Element  # the root with its direct text (children were streamed)


XmlEvent = RootStart | Child | RootEnd


class XmlSyntaxError(Exception):
    """The document is not well-formed XML (or breaks a safety rule) from here on."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


class _StopError(Exception):
    def __init__(self, issue: Issue) -> None:
        self.issue = issue


def _split(name: str) -> tuple[str | None, str]:
    uri, sep, local = name.rpartition(" ")
    return (uri if sep else None), local


class Origin:
    """Where a part of a document stands in the whole, for reading the part alone.

    The part is read wrapped in the document's root start tag; positions in that wrapped
    text (from line ``line`` column ``column`` on, where the part starts) are moved to the
    part's place in the document (``at``), so findings point into the real file.
    """

    __slots__ = ("at", "column", "line")

    def __init__(self, line: int, column: int, at: tuple[int, int]) -> None:
        self.line, self.column, self.at = line, column, at

    def map(self, line: int, column: int) -> tuple[int, int]:
        if line < self.line or (line == self.line and column < self.column):
            return self.at  # inside the wrapping root start tag: the part's start
        if line == self.line:
            return self.at[0], self.at[1] + column - self.column
        return self.at[0] + line - self.line, column


class XmlReader:
    """Pull :data:`XmlEvent` values out of XML text chunks (see :meth:`events`)."""

    def __init__(self, chunks: Iterator[str], origin: Origin | None = None) -> None:
        self._chunks = chunks
        self._origin = origin
        self._stack: list[Element] = []
        self._out: list[XmlEvent] = []
        self._line = 1
        self._col = 1
        self._prolog = ""
        p = expat.ParserCreate(encoding="UTF-8", namespace_separator=" ")
        p.buffer_text = True
        p.buffer_size = 1 << 16
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.CharacterDataHandler = self._text
        p.StartDoctypeDeclHandler = self._doctype
        p.EntityDeclHandler = self._entity
        p.ExternalEntityRefHandler = self._external
        self._p = p

    # -- handlers -------------------------------------------------------------------

    def _where(self) -> tuple[int, int]:
        return self._map(self._p.CurrentLineNumber, self._p.CurrentColumnNumber + 1)

    def _map(self, line: int, column: int) -> tuple[int, int]:
        return (line, column) if self._origin is None else self._origin.map(line, column)

    def _refuse(self, code: str, message: str) -> _StopError:
        line, col = self._where()
        return _StopError(Issue(line, col, code, "error", message))

    def _doctype(self, *_: object) -> None:
        line, col = self._where()
        at = self._prolog.rfind("<!DOCTYPE")
        if at >= 0:  # point at the declaration itself, not where expat noticed it
            before = self._prolog[:at]
            line = 1 + before.count("\n")
            col = at - before.rfind("\n")
        raise _StopError(
            Issue(
                line,
                col,
                "NWX106",
                "error",
                "the document has a DOCTYPE: payloads never need a DTD and nwx-schema never loads or "
                "expands one (XXE, entity bombs): remove it",
            )
        )

    def _entity(self, *_: object) -> None:
        raise self._refuse("NWX106", "entity declarations are refused: remove the DTD")

    def _external(self, *_: object) -> int:
        raise self._refuse("NWX106", "external entities are never loaded: remove the reference")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if len(self._stack) >= MAX_DEPTH:
            raise self._refuse("NWX112", f"elements nested deeper than {MAX_DEPTH} levels: refused")
        ns, local = _split(name)
        line, col = self._where()
        element = Element(ns, local, attrs, line, col)
        if self._stack:
            if len(self._stack) > 1:
                self._stack[-1].children.append(element)
        else:
            self._out.append(RootStart(element))
        self._stack.append(element)

    def _end(self, name: str) -> None:
        element = self._stack.pop()
        if len(self._stack) == 1:
            self._out.append(Child(element))
        elif not self._stack:
            self._out.append(RootEnd(element))

    def _text(self, data: str) -> None:
        if not self._stack:
            return
        element = self._stack[-1]
        element.text_len += len(data)
        if element.text_len > MAX_TEXT:
            raise self._refuse("NWX112", f"a text value longer than {MAX_TEXT // (1024 * 1024)} MiB: refused")
        element.text.append(data)
        if element.text_at is None and not data.isspace():
            element.text_at = self._where()

    # -- driving --------------------------------------------------------------------

    def _feed(self, text: str, final: bool) -> None:
        try:
            self._p.Parse(text, final)
        except _StopError as stop:
            raise XmlSyntaxError(stop.issue) from None
        except expat.ExpatError as err:
            message = expat.errors.messages.get(err.code, str(err))
            line, col = self._map(err.lineno, err.offset + 1)
            raise XmlSyntaxError(Issue(line, col, "NWX102", "error", _explain(message))) from None

    def _advance(self, text: str) -> None:
        newlines = text.count("\n")
        if newlines:
            self._line += newlines
            self._col = len(text) - text.rfind("\n")
        else:
            self._col += len(text)

    def events(self) -> Iterator[XmlEvent]:
        """Root start, each complete child of the root, root end.

        Raises:
            XmlSyntaxError: at the first well-formedness or safety error.
        """
        saw_any = False
        for chunk in self._chunks:
            bad = _FORBIDDEN.search(chunk)
            if bad:
                before = chunk[: bad.start()]
                self._feed(before, False)
                yield from self._drain()
                self._advance(before)
                line, col = self._map(self._line, self._col)
                raise XmlSyntaxError(
                    Issue(
                        line,
                        col,
                        "NWX110",
                        "error",
                        f"character U+{ord(bad.group()):04X} is not allowed in XML 1.0: remove it "
                        "(or write it as visible text)",
                    )
                )
            if len(self._prolog) < 1 << 16 and not self._stack:
                self._prolog += chunk  # the text before the root, to locate a DOCTYPE
            self._feed(chunk, False)
            self._advance(chunk)
            saw_any = saw_any or bool(chunk.strip())
            yield from self._drain()
        self._feed("", True)
        yield from self._drain()

    def _drain(self) -> Iterator[XmlEvent]:
        if self._out:
            out, self._out = self._out, []
            yield from out


def _explain(message: str) -> str:
    hints = {
        "not well-formed (invalid token)": (
            "not well-formed (invalid token): an unescaped '<' or '&', or a character that is "
            "not allowed here; escape & < > as &amp; &lt; &gt;"
        ),
        "mismatched tag": "mismatched tag: an element is closed by the end tag of another one",
        "undefined entity": (
            "undefined entity: write & as &amp; (only &amp; &lt; &gt; &quot; &apos; and "
            "character references exist without a DTD)"
        ),
        "no element found": "no element found: the document ends before its root element is closed",
        "unclosed token": "unclosed token: the document ends inside a tag",
        "junk after document element": (
            "junk after document element: a document has exactly one root element"
        ),
    }
    return hints.get(message, message)
