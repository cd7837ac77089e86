"""Where a script has comments and string literals, so that rules know what a word is.

Each language module lexes a script into :class:`Region` values: comments and string
*segments*. A string literal with interpolated code (``"$($r.Plan)"``, ``f"{plan}"``,
`` `${plan}` ``) is split into segments around each hole, and the hole is lexed as code,
so that ``$r.ManagedObject`` inside ``"$(...)"`` is seen as code. Everything outside the
regions is code.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

RegionKind = Literal["comment", "string"]

OPENERS = "([{"
CLOSERS = ")]}"
PAIRS = {")": "(", "]": "[", "}": "{"}


@dataclass(frozen=True, slots=True)
class Region:
    """A comment or one segment of a string literal.

    Attributes:
        kind: ``comment`` or ``string``.
        start, end: the span of the segment, delimiters included when it has them.
        body_start, body_end: the text inside the delimiters.
        literal_start, literal_end: the whole literal the segment belongs to (prefix and
            delimiters included), equal to ``start``/``end`` when it has no holes.
        quote: the closing delimiter of the literal (``"``, ``'``, ``\"\"\"``, a here-doc word).
        escape: how the literal writes its own quote inside: ``"\\\\"`` (backslash), ``"`"``
            (PowerShell backtick), ``"double"`` (``''`` or ``""``) or ``""`` (it cannot).
        interpolating: the literal expands variables or expressions.
        brace_escape: literal braces must be doubled (f-strings, C# ``$"..."``).
    """

    kind: RegionKind
    start: int
    end: int
    body_start: int
    body_end: int
    literal_start: int = -1
    literal_end: int = -1
    quote: str = ""
    escape: str = ""
    interpolating: bool = False
    brace_escape: bool = False

    @property
    def whole(self) -> bool:
        """The segment is the whole literal (no interpolation holes)."""
        return self.literal_start == self.start and self.literal_end == self.end


class RegionMap:
    """The regions of one script, searchable by offset."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self.regions = sorted(regions, key=lambda r: r.start)
        self._starts = [r.start for r in self.regions]

    def at(self, pos: int) -> Region | None:
        """The region holding offset ``pos`` (``None`` in code)."""
        index = bisect.bisect_right(self._starts, pos) - 1
        if index >= 0 and pos < self.regions[index].end:
            return self.regions[index]
        return None

    def in_code(self, pos: int) -> bool:
        return self.at(pos) is None

    def strings(self) -> list[Region]:
        return [r for r in self.regions if r.kind == "string"]


def prev_code(text: str, pos: int, regions: RegionMap, *, newlines: bool = True) -> int:
    """Offset of the last code character before ``pos`` that is not white space (or a
    comment); -1 at the start. With ``newlines=False``, stops (returning -1) at a line break."""
    i = pos - 1
    while i >= 0:
        region = regions.at(i)
        if region is not None and region.kind == "comment":
            i = region.start - 1
            continue
        ch = text[i]
        if ch in "\r\n" and not newlines:
            return -1
        if ch not in " \t\r\n":
            return i
        i -= 1
    return -1


def next_code(text: str, pos: int, regions: RegionMap, *, newlines: bool = True) -> int:
    """Offset of the first code character at or after ``pos`` that is not white space (or a
    comment); ``len(text)`` at the end, or at a line break with ``newlines=False``."""
    i = pos
    while i < len(text):
        region = regions.at(i)
        if region is not None and region.kind == "comment":
            i = region.end
            continue
        ch = text[i]
        if ch in "\r\n" and not newlines:
            return len(text)
        if ch not in " \t\r\n":
            return i
        i += 1
    return len(text)


def enclosing_open(text: str, pos: int, regions: RegionMap) -> int:
    """Offset of the unmatched opening bracket that encloses ``pos`` (-1 if none)."""
    depth = 0
    i = pos - 1
    while i >= 0:
        region = regions.at(i)
        if region is not None:
            i = region.start - 1
            continue
        ch = text[i]
        if ch in CLOSERS:
            depth += 1
        elif ch in OPENERS:
            if depth == 0:
                return i
            depth -= 1
        i -= 1
    return -1


def matching_close(text: str, opener: int, regions: RegionMap) -> int:
    """Offset of the bracket closing the one at ``opener`` (-1 if unbalanced)."""
    depth = 0
    i = opener
    while i < len(text):
        region = regions.at(i)
        if region is not None:
            i = region.end
            continue
        ch = text[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth -= 1
            if depth == 0:
                return i
            if depth < 0:
                return -1
        i += 1
    return -1


def scan_value(
    text: str,
    start: int,
    regions: RegionMap,
    stops: str,
    *,
    line_ends: bool = False,
    continuations: Sequence[str] = (),
    blank_continues: bool = True,
) -> int:
    """End of the expression that starts at ``start``.

    The expression ends, at bracket depth 0, before a character of ``stops``, before an
    unmatched closing bracket, before a comment, or (with ``line_ends``) at a line break
    unless the line ends with one of ``continuations`` (or, with ``blank_continues``, the
    expression has not started yet). Trailing white space is excluded.
    """
    depth = 0
    i = start
    end = len(text)
    while i < len(text):
        region = regions.at(i)
        if region is not None:
            if region.kind == "comment" and depth == 0:
                end = i
                break
            i = region.end
            continue
        ch = text[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            if depth == 0:
                end = i
                break
            depth -= 1
        elif depth == 0 and ch in stops:
            end = i
            break
        elif depth == 0 and line_ends and ch in "\r\n":
            last = text[start:i].rstrip(" \t")
            if (last or not blank_continues) and not (last and last.endswith(tuple(continuations))):
                end = i
                break
        i += 1
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def top_level_text(text: str, opener: int, regions: RegionMap) -> str:
    """The text of the bracketed construct opened at ``opener`` with everything nested
    deeper blanked out (string literals at the top level are kept)."""
    out: list[str] = []
    depth = 0
    i = opener
    while i < len(text):
        region = regions.at(i)
        if region is not None:
            chunk = text[i : region.end]
            out.append(chunk if depth == 1 else " " * len(chunk))
            i = region.end
            continue
        ch = text[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth -= 1
            if depth == 0:
                out.append(ch)
                break
        out.append(ch if depth == 1 or (depth == 2 and ch in OPENERS) else " ")
        i += 1
    return "".join(out)
