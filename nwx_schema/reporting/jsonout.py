"""JSON written piece by piece, exactly as ``json.dumps(document, indent=2,
ensure_ascii=False)`` would write the whole document.

The JSON and SARIF reporters stream their arrays of findings: they write the opening of
the document, then each element as it comes, then the rest. :func:`dumps` writes one value
as it appears ``level`` spaces deep; it uses the json module's C string encoder and is
several times quicker than ``json.dumps`` with ``indent`` (pure Python) on the small,
regular objects of a report.
"""

from __future__ import annotations

import functools
import json
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nwx_schema.reporting.base import Writer


@functools.lru_cache(maxsize=256)
def encoded(text: str) -> str:
    """``text`` as a JSON string, remembered: codes, severities and messages repeat over
    hundreds of thousands of findings."""
    result: str = encode_basestring(text)
    return result


def dumps(value: Any, level: int = 0) -> str:
    """``value`` as ``json.dumps(value, indent=2, ensure_ascii=False)`` writes it, its
    lines after the first indented by ``level`` more spaces."""
    if isinstance(value, str):
        text: str = encode_basestring(value)
        return text
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + " " * (level + 2)
        items = [f"{encode_basestring(str(k))}: {dumps(v, level + 2)}" for k, v in value.items()]
        return "{" + inner + ("," + inner).join(items) + "\n" + " " * level + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = "\n" + " " * (level + 2)
        return "[" + inner + ("," + inner).join(dumps(v, level + 2) for v in value) + "\n" + " " * level + "]"
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + " " * level)


class ArrayWriter:
    """A JSON array written one element at a time, ``level`` spaces deep (the opening
    ``[`` is written by :meth:`open`, after whatever key precedes it)."""

    def __init__(self, out: Writer, level: int) -> None:
        self.out = out
        self.level = level
        self.count = 0
        self._pad = "\n" + " " * (level + 2)

    def open(self) -> None:
        self.out.write("[")
        self.count = 0

    def add_text(self, text: str) -> None:
        """An element already written as JSON at ``level + 2``."""
        self.out.write(("," if self.count else "") + self._pad + text)
        self.count += 1

    def add(self, value: Any) -> None:
        self.add_text(dumps(value, self.level + 2))

    def close(self) -> None:
        self.out.write(("\n" + " " * self.level + "]") if self.count else "]")
