"""Turning a finding at a JSON-form path into a located :class:`Issue`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from nwx_schema.codes import CATALOGUE
from nwx_schema.issues import Issue
from nwx_schema.locations import Path, pointer, record_index, xpath
from nwx_schema.versions import Kind

Position = tuple[int, int]
Anchor = Literal["value", "key", "parent"]


class Locator:
    """Knows where each value and key of the current unit stands, and emits issues."""

    __slots__ = ("emit", "key_positions", "kind", "positions")

    def __init__(self, kind: Kind, emit: Callable[[Issue], None]) -> None:
        self.kind = kind
        self.emit = emit
        self.positions: dict[Path, Position] = {}
        self.key_positions: dict[Path, Position] = {}

    def where(self, path: Path, anchor: Anchor) -> Position | None:
        if anchor == "key":
            found = self.key_positions.get(path)
            if found is not None:
                return found
        probe = path[:-1] if anchor == "parent" else path
        while True:
            found = self.positions.get(probe)
            if found is not None or not probe:
                return found
            probe = probe[:-1]

    def report(
        self, code: str, message: str, path: Path, anchor: Anchor = "value", at: Position | None = None
    ) -> None:
        pos = at or self.where(path, anchor)
        line, col = pos if pos is not None and pos[0] > 0 else (None, None)
        self.emit(
            Issue(
                line,
                col,
                code,
                CATALOGUE[code].severity,
                message,
                pointer=pointer(path),
                xpath=xpath(self.kind, path),
                record=record_index(self.kind, path),
            )
        )
