"""API versions, document kinds and formats, and the names users may give them.

Versions are named by the API schema generation, not by the product release:
``8.5`` covers products 8.0 to 8.5 and ``9.0`` covers products 9.0 to 10.x.
"""

from __future__ import annotations

import re
from typing import Final, Literal, get_args

from nwx_schema.errors import UnknownKindError, UnknownVersionError

ApiVersion = Literal["8.5", "9.0"]
Kind = Literal["input", "output", "search", "continuation", "errors"]
Format = Literal["xml", "json"]

VERSIONS: Final[tuple[ApiVersion, ...]] = get_args(ApiVersion)
KINDS: Final[tuple[Kind, ...]] = get_args(Kind)
FORMATS: Final[tuple[Format, ...]] = get_args(Format)

KIND_DESCRIPTIONS: Final[dict[Kind, str]] = {
    "input": "records written: POST /netwrix/api/v1/activity_records/",
    "output": "records returned by enum and search, with their continuation mark",
    "search": "search parameters: POST /netwrix/api/v1/activity_records/search",
    "continuation": "continuation mark posted to enum for the next page",
    "errors": "error list returned with 400 and 500 answers",
}

VERSION_DESCRIPTIONS: Final[dict[ApiVersion, str]] = {
    "8.5": "legacy format of products 8.0 to 8.5 (AuditedSystem, ManagedObject)",
    "9.0": "format of products 9.0 to 10.x (DataSource, MonitoringPlan{ID, Name}, Item{Name})",
}

_RELEASE = re.compile(r"^(?P<major>\d{1,2})(?:\.(?P<minor>\d{1,2}|x))?(?:\.\d+)*$")


def resolve_version(name: str) -> ApiVersion:
    """Map an API version or a product release to its schema generation.

    ``"8.0"`` to ``"8.5"`` give ``"8.5"``; ``"9"``, ``"9.0"`` to ``"10.x"`` (any 9.* or
    10.* release) give ``"9.0"``.

    Raises:
        UnknownVersionError: the name is neither a known version nor a known release.
    """
    text = name.strip()
    match = _RELEASE.match(text)
    if match:
        major = int(match["major"])
        minor = match["minor"]
        if major == 8 and (minor is None or minor == "x" or int(minor) <= 5):
            return "8.5"
        if major in (9, 10):
            return "9.0"
    raise UnknownVersionError(name, VERSIONS)


def resolve_kind(name: str) -> Kind:
    """Check a document kind name.

    Raises:
        UnknownKindError: the name is not one of :data:`KINDS`.
    """
    text = name.strip().lower()
    for kind in KINDS:
        if kind == text:
            return kind
    raise UnknownKindError(name, KINDS)
