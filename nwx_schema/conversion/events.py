"""What readers hand to writers: a document as a sequence of events.

Record documents are a stream of :class:`Mark` (the ContinuationMark of an output
document) and :class:`Record` events in document order; the other kinds are one
:class:`Whole` event holding the JSON form of the document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Mark:
    """The ContinuationMark of an output document."""

    value: Any


@dataclass(frozen=True, slots=True)
class Record:
    """One Activity Record in JSON form."""

    value: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Whole:
    """A whole document in JSON form (search, continuation, errors)."""

    value: Any


@dataclass(frozen=True, slots=True)
class OtherKey:
    """Another top-level key of an output document (best effort only)."""

    key: str
    value: Any


Event = Mark | Record | Whole | OtherKey
