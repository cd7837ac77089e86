"""Exceptions: raised for misuse or a broken environment, never for a bad payload.

Findings about a payload are :class:`nwx_schema.issues.Issue` values. Every exception
here derives from :class:`NwxSchemaError` and from the matching builtin, so callers
can catch either.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nwx_schema.issues import Issue


class NwxSchemaError(Exception):
    """Root of every exception raised by nwx-schema."""


class UnknownVersionError(NwxSchemaError, ValueError):
    """An API version or product release that nwx-schema does not know."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = tuple(known)
        super().__init__(
            f"unknown API version {name!r}: use one of {', '.join(self.known)} "
            "or a product release (8.0 to 8.5, 9.0 to 10.x)"
        )


class UnknownKindError(NwxSchemaError, ValueError):
    """A document kind that nwx-schema does not know."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = tuple(known)
        super().__init__(f"unknown document kind {name!r}: use one of {', '.join(self.known)}")


class UnknownFormatError(NwxSchemaError, ValueError):
    """A format other than ``xml`` and ``json`` (or ``ndjson`` where allowed)."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = tuple(known)
        super().__init__(f"unknown format {name!r}: use one of {', '.join(self.known)}")


class SchemaResourceError(NwxSchemaError, OSError):
    """A bundled schema file is missing or unreadable (a broken installation)."""


class InvalidPayloadError(NwxSchemaError, ValueError):
    """Raised by conversion and migration in strict mode; carries the findings."""

    def __init__(self, message: str, issues: Sequence[Issue]) -> None:
        self.issues = tuple(issues)
        super().__init__(message)
