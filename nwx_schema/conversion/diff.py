"""The semantic diff of two documents: what a round trip changed, value by value.

JSON forms are compared as data: object keys by name (their order is not a difference),
arrays item by item, strings exactly. Each difference is a JSON Pointer with the value
before and after, rendered ``/0/Who: "a" -> "b"``; a value that is missing on one side
reads ``absent``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

import orjson

from nwx_schema.locations import Path, pointer


class _Absent:
    def __repr__(self) -> str:
        return "absent"


ABSENT: Final = _Absent()
_SHOWN: Final = 60


@dataclass(frozen=True, slots=True)
class Difference:
    """One value that differs: where (``path`` in the JSON form, or an XPath in
    ``where`` for XML infoset differences), before and after."""

    path: Path
    before: Any
    after: Any
    where: str | None = None

    @property
    def location(self) -> str:
        """The JSON Pointer (or XPath) of the difference, ``/`` for the whole document."""
        if self.where is not None:
            return self.where
        return pointer(self.path) or "/"

    def render(self) -> str:
        """``location: before -> after`` with JSON literals, long values shortened."""
        return f"{self.location}: {show(self.before)} -> {show(self.after)}"


def show(value: Any) -> str:
    """A value as a short JSON literal (``absent`` for a missing one)."""
    if value is ABSENT:
        return "absent"
    try:
        text = orjson.dumps(value, default=_plain).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):
        text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 4] + "\u2026" + text[-3:]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return orjson.Fragment(str(value).encode("ascii"))
    raise TypeError


def _same_scalar(before: Any, after: Any) -> bool:
    # True == 1 in Python; a JSON boolean and a number are different values
    return type(before) is type(after) and before == after


def diff_json(before: Any, after: Any, path: Path = ()) -> Iterator[Difference]:
    """Every difference between two JSON-form values, in document order."""
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        for key, value in before.items():
            yield from diff_json(value, after.get(key, ABSENT), (*path, key))
        for key, value in after.items():
            if key not in before:
                yield Difference((*path, key), ABSENT, value)
    elif isinstance(before, list) and isinstance(after, list):
        for index, value in enumerate(before):
            yield from diff_json(value, after[index] if index < len(after) else ABSENT, (*path, index))
        for index in range(len(before), len(after)):
            yield Difference((*path, index), ABSENT, after[index])
    elif not _same_scalar(before, after):
        yield Difference(path, before, after)
