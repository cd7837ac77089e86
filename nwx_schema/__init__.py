"""nwx-schema: schemas, validators, converters and a migrator for Netwrix Auditor
Integration API Activity Records.

The public API is imported lazily, so ``import nwx_schema`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "ApiVersion": "nwx_schema.versions",
    "Kind": "nwx_schema.versions",
    "Format": "nwx_schema.versions",
    "resolve_version": "nwx_schema.versions",
    "Issue": "nwx_schema.issues",
    "Report": "nwx_schema.issues",
    "NwxSchemaError": "nwx_schema.errors",
    "InvalidPayloadError": "nwx_schema.errors",
    "UnknownVersionError": "nwx_schema.errors",
    "UnknownKindError": "nwx_schema.errors",
    "load_schema": "nwx_schema.schemas",
    "list_schemas": "nwx_schema.schemas",
    "xml_schema": "nwx_schema.schemas",
    "json_schema": "nwx_schema.schemas",
    "document_model": "nwx_schema.model",
    "validate": "nwx_schema.validation",
    "iter_issues": "nwx_schema.validation",
    "convert": "nwx_schema.conversion",
    "convert_to_stream": "nwx_schema.conversion",
    "migrate": "nwx_schema.migration",
}

if TYPE_CHECKING:
    from nwx_schema.conversion import convert, convert_to_stream
    from nwx_schema.errors import InvalidPayloadError, NwxSchemaError, UnknownKindError, UnknownVersionError
    from nwx_schema.issues import Issue, Report
    from nwx_schema.migration import migrate
    from nwx_schema.model import document_model
    from nwx_schema.schemas import json_schema, list_schemas, load_schema, xml_schema
    from nwx_schema.validation import iter_issues, validate
    from nwx_schema.versions import ApiVersion, Format, Kind, resolve_version


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'nwx_schema' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*_EXPORTS, "__version__"])


__all__ = [
    "ApiVersion",
    "Format",
    "InvalidPayloadError",
    "Issue",
    "Kind",
    "NwxSchemaError",
    "Report",
    "UnknownKindError",
    "UnknownVersionError",
    "convert",
    "convert_to_stream",
    "document_model",
    "iter_issues",
    "json_schema",
    "list_schemas",
    "load_schema",
    "migrate",
    "resolve_version",
    "validate",
    "xml_schema",
]
