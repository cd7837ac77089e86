"""Reading request bodies that validation has accepted into their JSON form.

Bodies reach this module only after :func:`nwx_schema.validation.validate` found no
error in them, so the reading here is direct: XML through a locked-down lxml parser (no
DTD, no entities, no network; comments and processing instructions dropped, CDATA kept
as text), JSON through orjson after the byte order mark or UTF-16/32 encoding that
validation accepts (with a warning) is decoded.
"""

from __future__ import annotations

import codecs
from typing import Any, Final

import orjson
from lxml import etree

from nwx_schema.conversion.filters import FilterEntry, entries_from_json, is_structured
from nwx_schema.model import Group, ListOf, Scalar, document_model
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


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )


def xml_root(body: bytes) -> etree._Element:
    """The root element of an XML body."""
    return etree.fromstring(body, _parser())


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def _children(el: etree._Element) -> list[etree._Element]:
    return [child for child in el if isinstance(child.tag, str)]


def _xml_value(el: etree._Element, spec: Scalar | Group | ListOf) -> Any:
    if isinstance(spec, Scalar):
        text = el.text or ""
        return text == "true" if spec.type == "boolean" else text
    if isinstance(spec, ListOf):
        return [_xml_value(child, spec.item) for child in _children(el)]
    out: dict[str, Any] = {}
    for child in _children(el):
        field = spec.get(_local(child))
        if field is not None:
            out[field.name] = _xml_value(child, field.value)
    return out


def records_from_body(body: bytes, fmt: Format, version: ApiVersion) -> list[dict[str, Any]]:
    """The records of a valid ``input`` body, in the JSON form of ``version``."""
    if fmt == "json":
        records: list[dict[str, Any]] = json_document(body)
        return records
    spec = document_model(version).record
    return [_xml_value(el, spec) for el in _children(xml_root(body))]


def mark_from_body(body: bytes, fmt: Format) -> str:
    """The mark of a valid ``continuation`` body."""
    if fmt == "json":
        return str(json_document(body))
    return xml_root(body).text or ""


def search_from_body(body: bytes, fmt: Format, version: ApiVersion) -> tuple[str | None, list[FilterEntry]]:
    """(ContinuationMark or ``None``, FilterList entries in document order) of a valid
    ``search`` body."""
    model = document_model(version)
    if fmt == "json":
        doc = json_document(body)
        mark = doc.get("ContinuationMark")
        return (str(mark) if mark is not None else None), entries_from_json(model, doc["FilterList"])
    mark = None
    entries: list[FilterEntry] = []
    for part in _children(xml_root(body)):
        if _local(part) == "ContinuationMark":
            mark = part.text or ""
            continue
        for el in _children(part):
            name = _local(el)
            value: Any = el.text or ""
            if is_structured(model, name):
                value = {_local(c): c.text or "" for c in _children(el)}
            entries.append(FilterEntry(name, el.get("Operator"), value))
    return mark, entries
