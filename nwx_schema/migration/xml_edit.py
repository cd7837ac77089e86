"""XML elements with their character spans, for editing a document in place.

The document is read with expat (no DTD, no entities, no network: a DOCTYPE is refused
outright) and each element is located by the offsets of its start and end tags in the
decoded text, so that an edit touches those characters and nothing else: comments, the
XML declaration, attribute quoting, character references and indentation stay as written.
"""

from __future__ import annotations

import xml.parsers.expat as expat
from dataclasses import dataclass, field
from typing import Final

MAX_DEPTH: Final = 100


@dataclass(eq=False, slots=True)
class Node:
    """One element and where it stands in the text.

    Attributes:
        ns: namespace URI, ``None`` when the element has none.
        local: local name.
        qname: the name as written, prefix included (``p:ManagedObject``).
        start: offset of the ``<`` of the start tag.
        start_end: offset just after the ``>`` of the start tag.
        end_start: offset of the ``</`` of the end tag (``start_end`` for ``<x/>``).
        end: offset just after the end tag (``start_end`` for ``<x/>``).
        empty: written as an empty-element tag ``<x/>``.
        text: the direct character data, entities and references resolved.
    """

    ns: str | None
    local: str
    qname: str
    start: int
    start_end: int
    empty: bool
    parent: Node | None
    end_start: int = -1
    end: int = -1
    text: str = ""
    children: list[Node] = field(default_factory=list)

    def named(self, local: str) -> list[Node]:
        """The child elements with this local name, in document order."""
        return [c for c in self.children if c.local == local]

    def first(self, local: str) -> Node | None:
        found = self.named(local)
        return found[0] if found else None

    @property
    def prefix(self) -> str:
        """``"p:"`` for ``<p:name>``, ``""`` for an unprefixed element."""
        head, sep, _ = self.qname.rpartition(":")
        return head + sep


class XmlReadError(ValueError):
    """The text is not a well-formed, DTD-free XML document.

    Attributes:
        code: ``NWX102`` (not well-formed), ``NWX106`` (DTD or entity declaration) or
            ``NWX112`` (nesting deeper than any Activity Record document).
        offset: character offset of the problem.
    """

    def __init__(self, code: str, message: str, offset: int) -> None:
        self.code = code
        self.offset = offset
        super().__init__(message)


class _RefusedError(Exception):
    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message


class _Offsets:
    """Character offsets of the UTF-8 byte offsets expat reports, read in increasing order."""

    def __init__(self, text: str) -> None:
        self._utf8 = text.encode("utf-8")
        self._ascii = len(self._utf8) == len(text)
        self._byte = 0
        self._char = 0

    def char(self, byte: int) -> int:
        if self._ascii:
            return byte
        if byte < self._byte:
            self._byte, self._char = 0, 0
        self._char += len(self._utf8[self._byte : byte].decode("utf-8"))
        self._byte = byte
        return self._char


def _start_tag_end(text: str, start: int) -> tuple[int, bool]:
    """Offset after the ``>`` of the start tag at ``start``, and whether it is ``<x/>``."""
    quote = ""
    i = start + 1
    while True:
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == ">":
            return i + 1, text[i - 1] == "/"
        i += 1


def parse(text: str) -> Node:
    """The root element of ``text``, every element located.

    Raises:
        XmlReadError: not well-formed, a DOCTYPE or entity declaration, or too deep.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    offsets = _Offsets(text)
    stack: list[Node] = []
    roots: list[Node] = []
    texts: list[list[str]] = []

    def on_start(name: str, _attrs: object) -> None:
        if len(stack) >= MAX_DEPTH:
            raise _RefusedError("NWX112", f"elements nested deeper than {MAX_DEPTH} levels")
        start = offsets.char(parser.CurrentByteIndex)
        start_end, empty = _start_tag_end(text, start)
        ns, _, local = name.rpartition(" ")
        qname_end = start + 1
        while text[qname_end] not in " \t\r\n/>":
            qname_end += 1
        node = Node(
            ns or None,
            local,
            text[start + 1 : qname_end],
            start,
            start_end,
            empty,
            stack[-1] if stack else None,
        )
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
        texts.append([])

    def on_end(_name: str) -> None:
        node = stack.pop()
        node.text = "".join(texts.pop())
        if node.empty:
            node.end_start = node.end = node.start_end
            return
        node.end_start = offsets.char(parser.CurrentByteIndex)
        node.end = text.index(">", node.end_start) + 1

    def on_text(data: str) -> None:
        if texts:
            texts[-1].append(data)

    def on_doctype(*_args: object) -> None:
        raise _RefusedError("NWX106", "a DOCTYPE is not allowed: payloads never need one")

    def on_entity(*_args: object) -> None:
        raise _RefusedError("NWX106", "entity declarations are not allowed")

    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    parser.CharacterDataHandler = on_text
    parser.StartDoctypeDeclHandler = on_doctype
    parser.EntityDeclHandler = on_entity
    try:
        parser.Parse(text, True)
    except _RefusedError as err:
        raise XmlReadError(err.code, err.message, offsets.char(parser.CurrentByteIndex)) from None
    except expat.ExpatError as err:
        raise XmlReadError(
            "NWX102",
            f"XML is not well-formed: {expat.ErrorString(err.code)}",
            offsets.char(parser.ErrorByteIndex),
        ) from None
    return roots[0]
