"""Reading request bodies that validation has accepted into their JSON form.

Bodies reach this module only after :func:`nwx_schema.validation.validate` found no
error in them, so the reading here is direct: XML through the project's converter
(:mod:`nwx_schema.conversion.xml_reader`: locked-down lxml, model-driven), JSON through
orjson after the byte order mark or UTF-16/32 encoding that validation accepts (with a
warning) is decoded.
"""

from __future__ import annotations

import codecs
import io
from typing import Any, Final

import orjson

from nwx_schema.conversion.events import Record
from nwx_schema.conversion.filters import FilterEntry, entries_from_json
from nwx_schema.conversion.xml_reader import iter_records, read_document
from nwx_schema.model import document_model
from nwx_schema.versions import ApiVersion, Format

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def json_document(body: bytes) -> Any:
    """The JSON value of a body (UTF-8, or any Unicode encoding announced by a BOM)."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return orjson.loads(body[len(bom) :].decode(encoding))
    return orjson.loads(body)


def records_from_body(body: bytes, fmt: Format, version: ApiVersion) -> list[dict[str, Any]]:
    """The records of a valid ``input`` body, in the JSON form of ``version``."""
    if fmt == "json":
        records: list[dict[str, Any]] = json_document(body)
        return records
    events = iter_records(io.BytesIO(body), version=version, kind="input")
    return [event.value for event in events if isinstance(event, Record)]


def mark_from_body(body: bytes, fmt: Format) -> str:
    """The mark of a valid ``continuation`` body."""
    if fmt == "json":
        return str(json_document(body))
    return str(read_document(io.BytesIO(body), version="9.0", kind="continuation"))


def search_from_body(body: bytes, fmt: Format, version: ApiVersion) -> tuple[str | None, list[FilterEntry]]:
    """(ContinuationMark or ``None``, FilterList entries in document order) of a valid
    ``search`` body."""
    if fmt == "json":
        doc = json_document(body)
    else:
        doc = read_document(io.BytesIO(body), version=version, kind="search")
    mark = doc.get("ContinuationMark")
    return (str(mark) if mark is not None else None), entries_from_json(
        document_model(version), doc["FilterList"]
    )
