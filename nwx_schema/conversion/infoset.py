"""The XML infoset of a document, compared element by element (streaming).

What counts: element names and namespaces, attributes, the text of elements without
element children. What does not: namespace prefixes, the XML declaration, comments and
processing instructions, white space between elements, and the interleaving of
different search filters (``<Who/><Action/><Who/>`` equals ``<Who/><Who/><Action/>``:
the JSON form groups filters by name). Each child of the root is compared as soon as
both documents have read it, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import zip_longest
from typing import IO, Any, Final

from lxml import etree

from nwx_schema.conversion.diff import ABSENT, Difference

_OPTIONS: Final[dict[str, Any]] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": True,
    "remove_comments": True,
    "remove_pis": True,
}


@dataclass(frozen=True, slots=True)
class Node:
    """One element of the infoset."""

    tag: str
    attributes: tuple[tuple[str, str], ...]
    text: str | None
    children: tuple[Node, ...]


def _name(tag: str) -> str:
    return tag[tag.find("}") + 1 :]


def node(elem: etree._Element) -> Node:
    """The infoset of an element (see the module docstring)."""
    children = [node(child) for child in elem if child.tag.__class__ is str]
    if _name(elem.tag) == "FilterList":
        order: dict[str, int] = {}
        for child in children:
            order.setdefault(child.tag, len(order))
        children.sort(key=lambda c: order[c.tag])
    text = None if children else elem.text or ""
    return Node(elem.tag, tuple(sorted(elem.attrib.items())), text, tuple(children))  # type: ignore[arg-type]


def _top(source: IO[bytes]) -> Iterator[tuple[str, Node]]:
    """The root (children left out) then each child of the root, as it ends."""
    root: etree._Element | None = None
    for event, elem in etree.iterparse(source, events=("start", "end"), **_OPTIONS):
        if root is None:
            root = elem
            yield "root", Node(elem.tag, tuple(sorted(elem.attrib.items())), None, ())
            continue
        if event == "end" and elem.getparent() is root:
            yield "child", node(elem)
            elem.clear(keep_tail=False)
            while elem.getprevious() is not None:
                del root[0]
        elif event == "end" and elem is root and len(root) == 0:
            yield "text", Node(elem.tag, (), elem.text or "", ())


def _step(parent: str, node_: Node, position: int) -> str:
    return f"{parent}/{_name(node_.tag)}[{position}]"


def _compare(before: Node | None, after: Node | None, where: str) -> Iterator[Difference]:
    if before is None or after is None:
        shown = before if after is None else after
        assert shown is not None
        summary = _summary(shown)
        yield Difference(
            (), summary if before is not None else ABSENT, summary if after is not None else ABSENT, where
        )
        return
    if before.tag != after.tag:
        yield Difference((), before.tag, after.tag, where)
        return
    if before.attributes != after.attributes:
        yield Difference((), dict(before.attributes), dict(after.attributes), where + "/@*")
    if before.text != after.text:
        yield Difference(
            (),
            ABSENT if before.text is None else before.text,
            ABSENT if after.text is None else after.text,
            where + "/text()",
        )
    counts: dict[str, int] = {}
    for old, new in zip_longest(before.children, after.children):
        shown = old if old is not None else new
        assert shown is not None
        counts[shown.tag] = counts.get(shown.tag, 0) + 1
        yield from _compare(old, new, _step(where, shown, counts[shown.tag]))


def _summary(node_: Node) -> str:
    return (
        f"<{_name(node_.tag)}>"
        if node_.children or node_.text is None
        else f"<{_name(node_.tag)}>{node_.text}"
    )


def diff_infoset(before: IO[bytes], after: IO[bytes]) -> Iterator[Difference]:
    """Every infoset difference between two XML documents, located by XPath."""
    root_path = ""
    counts: dict[str, int] = {}
    for old, new in zip_longest(_top(before), _top(after)):
        kind = (old or new)[0]
        old_node = None if old is None else old[1]
        new_node = None if new is None else new[1]
        if kind in ("root", "text"):
            shown = old_node or new_node
            assert shown is not None
            root_path = f"/{_name(shown.tag)}"
            yield from _compare(old_node, new_node, root_path)
            continue
        shown = old_node or new_node
        assert shown is not None
        counts[shown.tag] = counts.get(shown.tag, 0) + 1
        yield from _compare(old_node, new_node, _step(root_path, shown, counts[shown.tag]))
