"""The bundled XSD and JSON Schema files: where they are, and loading them.

In a wheel the files of ``schemas/`` ship as ``nwx_schema/_schemas/``; in a source
checkout (or an editable install) they are read from ``schemas/`` itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from nwx_schema.errors import SchemaResourceError, UnknownFormatError
from nwx_schema.versions import FORMATS, KINDS, VERSIONS, ApiVersion, Kind, resolve_kind, resolve_version

if TYPE_CHECKING:
    from importlib.abc import Traversable

    from lxml import etree

SchemaFormat = Literal["xsd", "json"]
SCHEMA_FORMATS: Final[tuple[SchemaFormat, ...]] = ("xsd", "json")
_SUFFIX: Final[dict[SchemaFormat, str]] = {"xsd": ".xsd", "json": ".schema.json"}


@dataclass(frozen=True, slots=True)
class SchemaInfo:
    """One bundled schema file."""

    version: ApiVersion
    kind: Kind
    format: SchemaFormat
    file_name: str


@cache
def schemas_root() -> Traversable:
    """The folder holding ``8.5/`` and ``9.0/``."""
    packaged = resources.files("nwx_schema").joinpath("_schemas")
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parent.parent / "schemas"
    if source.is_dir():
        return source
    raise SchemaResourceError("the bundled schemas are missing: reinstall nwx-schema")


def resolve_schema_format(name: str) -> SchemaFormat:
    """``xsd`` (alias ``xml``) or ``json``."""
    text = name.strip().lower()
    if text in ("xsd", "xml"):
        return "xsd"
    if text == "json":
        return "json"
    raise UnknownFormatError(name, SCHEMA_FORMATS)


def list_schemas() -> list[SchemaInfo]:
    """Every bundled schema, by version, kind and format."""
    return [
        SchemaInfo(version, kind, fmt, f"{version}/{kind}{_SUFFIX[fmt]}")
        for version in VERSIONS
        for kind in KINDS
        for fmt in SCHEMA_FORMATS
    ]


def schema_resource(version: str, kind: str, fmt: str) -> Traversable:
    """The bundled file of one schema; versions may be product releases (``10.7``)."""
    v, k, f = resolve_version(version), resolve_kind(kind), resolve_schema_format(fmt)
    resource = schemas_root().joinpath(v).joinpath(f"{k}{_SUFFIX[f]}")
    if not resource.is_file():
        raise SchemaResourceError(f"bundled schema {v}/{k}{_SUFFIX[f]} is missing: reinstall nwx-schema")
    return resource


def load_schema(version: str, kind: str, fmt: str = "xsd") -> str:
    """The text of one bundled schema (XSD or JSON Schema)."""
    text: str = schema_resource(version, kind, fmt).read_text(encoding="utf-8")
    return text


@cache
def json_schema(version: ApiVersion, kind: Kind) -> dict[str, Any]:
    """The JSON Schema of a version and kind, parsed."""
    data: dict[str, Any] = json.loads(load_schema(version, kind, "json"))
    return data


@cache
def xml_schema(version: ApiVersion, kind: Kind) -> etree.XMLSchema:
    """The XSD of a version and kind, compiled by lxml (network and entities off)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    doc = etree.fromstring(load_schema(version, kind, "xsd").encode("utf-8"), parser)
    return etree.XMLSchema(doc)


__all__ = [
    "FORMATS",
    "SCHEMA_FORMATS",
    "SchemaFormat",
    "SchemaInfo",
    "json_schema",
    "list_schemas",
    "load_schema",
    "schema_resource",
    "xml_schema",
]
