"""What both fast passes share: positions from bytes, and the outcome type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from nwx_schema.issues import Issue
from nwx_schema.versions import ApiVersion, Kind

_CONTINUATION: Final = bytes(range(0x80, 0xC0))


class LineTracker:
    """Line and column (1-based, in characters) of the byte that follows what was seen."""

    __slots__ = ("col", "line")

    def __init__(self, line: int = 1, col: int = 1) -> None:
        self.line = line
        self.col = col

    def advance(self, data: bytes) -> None:
        newlines = data.count(b"\n")
        if newlines:
            self.line += newlines
            self.col = _chars(data[data.rfind(b"\n") + 1 :]) + 1
        else:
            self.col += _chars(data)

    def advance_counts(self, newlines: int, tail_chars: int) -> None:
        """:meth:`advance` over bytes holding ``newlines`` newlines and ``tail_chars``
        characters after the last one (or in all, without a newline)."""
        if newlines:
            self.line += newlines
            self.col = tail_chars + 1
        else:
            self.col += tail_chars

    def at(self, data: bytes, offset: int) -> tuple[int, int]:
        """Position of ``data[offset]`` when ``data`` starts where the tracker stands."""
        prefix = data[:offset]
        newlines = prefix.count(b"\n")
        if newlines:
            return self.line + newlines, _chars(prefix[prefix.rfind(b"\n") + 1 :]) + 1
        return self.line, self.col + _chars(prefix)


def _chars(data: bytes) -> int:
    """Characters in UTF-8 bytes (every byte but a continuation byte starts one)."""
    return len(data.translate(None, _CONTINUATION))


@dataclass(slots=True)
class Outcome:
    """A fast pass that decided: the document holds no error; these are its warnings."""

    kind: Kind
    version: ApiVersion
    records: int | None
    issues: list[Issue] = field(default_factory=list)
