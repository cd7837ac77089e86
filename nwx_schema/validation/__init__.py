"""Validation: every finding at once, located, explained.

(Under construction by the lead: the signatures below are the contract.)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import IO, Any

from nwx_schema.issues import Issue, Report

Source = str | bytes | os.PathLike[str] | IO[bytes] | list[Any] | dict[str, Any]


def validate(
    source: Source,
    *,
    api_version: str = "auto",
    kind: str = "auto",
    fmt: str = "auto",
    name: str | None = None,
) -> Report:
    """Check one document; never raises on a bad payload (only on misuse)."""
    raise NotImplementedError


def iter_issues(
    source: Source,
    *,
    api_version: str = "auto",
    kind: str = "auto",
    fmt: str = "auto",
) -> Iterator[Issue]:
    """Stream the findings of one document in document order."""
    raise NotImplementedError
