"""What both fast passes share: positions from bytes, and the outcome type."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from nwx_schema.finding_rows import RECORD_XPATH, FindingRows, Row, Template
from nwx_schema.issues import Issue, Severity
from nwx_schema.locations import Path, pointer, xpath
from nwx_schema.versions import ApiVersion, Kind

if TYPE_CHECKING:
    from nwx_schema.validation.advice import Advice

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

    def place(self, relative: tuple[int, int]) -> tuple[int, int]:
        """Line and column of a position given relative to where the tracker stands:
        ``(newlines before it, characters after the last of them or, without any, from
        here)``."""
        newlines, chars = relative
        if newlines:
            return self.line + newlines, chars + 1
        return self.line, self.col + chars

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


class Restart(Exception):  # noqa: N818 - a signal, not an error
    """The fast pass cannot go on: the located pass must read the document.

    The findings of the first ``done`` records were already reported, and so were the
    document-level findings in ``said``: the located pass leaves those out.
    """

    def __init__(self, done: int, said: Iterable[Issue] = ()) -> None:
        super().__init__(done)
        self.done = done
        self.said = frozenset(said)


@dataclass(slots=True)
class Outcome:
    """A fast pass under way: the document's kind and version are decided, and
    :attr:`batches` yields its findings in document order as they are found, a chunk's or
    batch's in one list (never an empty one).

    Iterating :attr:`batches` may raise :class:`Restart`; :attr:`records` is the number of
    records read so far (all of them once :attr:`batches` is exhausted).
    """

    kind: Kind
    version: ApiVersion
    records: int | None
    batches: Iterator[Sequence[Issue]] = field(default_factory=lambda: iter(()))


@functools.cache
def _suffixes(kind: Kind, sub: Path) -> tuple[str, str, str]:
    """Pointer head, pointer tail and XPath tail of a place ``sub`` inside a record."""
    head = "/" if kind == "input" else "/ActivityRecordList/"
    path = (0, *sub) if kind == "input" else ("ActivityRecordList", 0, *sub)
    return head, pointer(path)[len(head) + 1 :], xpath(kind, path)[len(RECORD_XPATH) + 2 :]


def record_issue(kind: Kind, code: str, message: str, index: int, sub: Path, at: tuple[int, int]) -> Issue:
    """The finding ``code`` at ``sub`` in record ``index`` (what :class:`Locator` would
    give, without walking the path: documents with many warnings make many of these)."""
    severity, head, tail, xtail = _TEMPLATES.get((kind, code, sub)) or _template(kind, code, sub)
    return Issue(
        at[0],
        at[1],
        code,
        severity,
        message,
        f"{head}{index}{tail}",
        f"{RECORD_XPATH}{index + 1}]{xtail}",
        index,
    )


def advice_issues(
    kind: Kind,
    rows: Iterable[tuple[int, list[Advice], tuple[int, int], tuple[int, int] | None]],
) -> FindingRows:
    """The findings of :func:`~nwx_schema.validation.advice.record_advice` for many records,
    in document order, as rows: ``rows`` are (record index, its advice, the place of its
    start, the place of its key finding or None). What :func:`record_issue` gives, made
    into issues only where one is read (documents with hundreds of thousands of warnings)."""
    found: list[Row] = []
    add = found.append
    templates: dict[str, Template] = {}
    places: dict[str, Path] = {}  # each code's place in the record, the same for every record
    for index, advice, start, key in rows:
        for code, message, sub, anchor in advice:
            if code not in templates:
                templates[code] = _TEMPLATES.get((kind, code, sub)) or _template(kind, code, sub)
                places[code] = sub
            elif places[code] != sub:
                raise ValueError(f"advice {code} at two places in a record")
            at = key if anchor == "key" and key is not None else start
            add((at[0], at[1], code, message, index))
    return FindingRows(found, templates)


#: (kind, code, place in the record) -> severity, pointer head and tail, XPath tail.
_TEMPLATES: dict[tuple[Kind, str, Path], tuple[Severity, str, str, str]] = {}


def _template(kind: Kind, code: str, sub: Path) -> tuple[Severity, str, str, str]:
    template = _TEMPLATES[(kind, code, sub)] = (_severity(code), *_suffixes(kind, sub))
    return template


@functools.cache
def _severity(code: str) -> Severity:
    from nwx_schema.codes import CATALOGUE

    return CATALOGUE[code].severity


def in_order(issues: list[Issue]) -> list[Issue]:
    """Findings of one part in document order, as the located pass sorts them."""
    if len(issues) > 1:
        issues.sort(key=lambda i: (i.line is None, i.line or 0, i.column or 0, i.code))
    return issues
