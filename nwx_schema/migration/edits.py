"""Text edits by position: the document is spliced, never re-serialised.

An :class:`Edit` replaces ``text[start:end]``. :func:`apply_edits` applies a set of
non-overlapping edits at once, so positions computed on the original text stay valid.
The helpers find the white space around a piece of text, so that an inserted or removed
element or member keeps the indentation of its siblings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

_SPACE = " \t\r\n"


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace ``text[start:end]`` by ``replacement`` (``start == end`` inserts)."""

    start: int
    end: int
    replacement: str


class OverlappingEditsError(ValueError):
    """Two edits touch the same characters (a bug in a rule, never a user error)."""


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with every edit applied; edits are given in any order.

    Insertions at the same position are applied in the order given.

    Raises:
        OverlappingEditsError: two edits overlap.
    """
    ordered = sorted(enumerate(edits), key=lambda pair: (pair[1].start, pair[1].end, pair[0]))
    out: list[str] = []
    pos = 0
    for _, edit in ordered:
        if edit.start < pos:
            raise OverlappingEditsError(f"edit at {edit.start} overlaps the previous one ending at {pos}")
        out.append(text[pos : edit.start])
        out.append(edit.replacement)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)


def space_before(text: str, pos: int) -> int:
    """Start of the run of white space that ends at ``pos``."""
    while pos > 0 and text[pos - 1] in _SPACE:
        pos -= 1
    return pos


def space_after(text: str, pos: int) -> int:
    """End of the run of white space that starts at ``pos``."""
    while pos < len(text) and text[pos] in _SPACE:
        pos += 1
    return pos


def line_indent(text: str, pos: int) -> str:
    """The white space that separates ``pos`` from the previous piece of text.

    From the last line break of that run when it holds one (``"\\n    "``), so that
    text inserted with it lands on its own line at the same indentation; the run
    itself otherwise (``""`` for ``<a><b/>``, ``" "`` for ``{"a": 1, "b": 2}``).
    """
    run = text[space_before(text, pos) : pos]
    cut = max(run.rfind("\n"), run.rfind("\r"))
    if cut < 0:
        return run
    if run[cut] == "\n" and cut > 0 and run[cut - 1] == "\r":
        cut -= 1
    return run[cut:]


def indent_unit(text: str, outer: str, inner: str) -> str:
    """The indentation step between two nesting levels, or two spaces if unknown."""
    outer_pad = outer.lstrip("\r\n")
    inner_pad = inner.lstrip("\r\n")
    if inner_pad.startswith(outer_pad) and len(inner_pad) > len(outer_pad):
        return inner_pad[len(outer_pad) :]
    return "\t" if "\n\t" in text else "  "
