"""Enum and search, page after page, following the ContinuationMark to the end.

The first page of enum is a ``GET``; every next page posts the mark of the page before
(a bare JSON string, or ``<ContinuationMark>``). Search posts its parameters on every
page, with the mark of the page before in them. The end is a page with no record (the
reference: "keep POSTing until a 200 response comes back with no records"); a page with
records but no mark is the last one too. Only one page is held in memory at a time.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from nwx_schema.client.errors import ResponseError
from nwx_schema.client.transport import Endpoint, Transport
from nwx_schema.conversion.events import Mark, Record
from nwx_schema.conversion.xml_writer import dumps_xml
from nwx_schema.versions import ApiVersion, Format


@dataclass(frozen=True, slots=True)
class Page:
    """One answer of enum or search.

    Attributes:
        number: 1 for the first page.
        records: its records, in JSON form, in the server's order.
        mark: the ContinuationMark that points after them (``None`` on the last page).
    """

    number: int
    records: list[dict[str, Any]]
    mark: str | None


def continuation_body(mark: str, fmt: Format, version: ApiVersion) -> bytes:
    """The body that asks enum for the page after ``mark``."""
    if fmt == "json":
        return orjson.dumps(mark)
    return dumps_xml(mark, version=version, kind="continuation", pretty=False).encode("utf-8")


def search_body(search: Mapping[str, Any], mark: str | None, fmt: Format, version: ApiVersion) -> bytes:
    """The search parameters (JSON form) with ``mark`` in them (first, as in the
    reference's examples), or without any mark for the first page."""
    document: dict[str, Any] = {k: v for k, v in search.items() if k != "ContinuationMark"}
    if mark is not None:
        document = {"ContinuationMark": mark, **document}
    if fmt == "json":
        return orjson.dumps(document)
    return dumps_xml(document, version=version, kind="search", pretty=False).encode("utf-8")


def parse_page(body: bytes, fmt: Format, version: ApiVersion, number: int = 1) -> Page:
    """The records and mark of an enum/search answer.

    Raises:
        ResponseError: the body is not an enum/search answer.
    """
    if fmt == "json":
        try:
            document = orjson.loads(body)
        except orjson.JSONDecodeError as err:
            raise ResponseError(f"page {number} is not JSON: {err}") from err
        records = document.get("ActivityRecordList") if isinstance(document, dict) else None
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise ResponseError(f"page {number} has no ActivityRecordList array")
        mark = document.get("ContinuationMark")
        return Page(number, records, mark if isinstance(mark, str) and mark.strip() else None)
    from lxml import etree

    from nwx_schema.conversion.xml_reader import iter_records

    records = []
    mark = None
    try:
        for event in iter_records(io.BytesIO(body), version=version, kind="output"):
            if isinstance(event, Record):
                records.append(event.value)
            elif isinstance(event, Mark) and isinstance(event.value, str) and event.value.strip():
                mark = event.value
    except etree.XMLSyntaxError as err:
        raise ResponseError(f"page {number} is not well-formed XML: {err}") from err
    return Page(number, records, mark)


def iter_pages(
    transport: Transport,
    *,
    search: Mapping[str, Any] | None = None,
    mark: str | None = None,
    page_size: int | None = None,
    limit: int | None = None,
) -> Iterator[Page]:
    """Every page of enum (``search`` ``None``) or search, from ``mark`` (the start when
    ``None``) to the end, the empty last page included.

    With ``limit``, the pages hold ``limit`` records in all at most: the ``count`` of the
    last requests is lowered, so the mark of the last page points just after the last
    record returned.

    Raises:
        ApiError, ConnectionFailedError: from the requests (after retries).
        ResponseError: an unreadable page, or a mark that does not move on.
    """
    config = transport.config
    fmt, version = config.fmt, config.api_version
    size = page_size if page_size is not None else config.page_size
    number = 0
    returned = 0
    while True:
        count = size
        if limit is not None:
            left = limit - returned
            if left <= 0:
                return
            count = min(size or 1000, left)
        endpoint: Endpoint = "enum" if search is None else "search"
        if search is not None:
            body: bytes | None = search_body(search, mark, fmt, version)
        else:
            body = continuation_body(mark, fmt, version) if mark is not None else None
        response = transport.request(endpoint, body, count=count)
        number += 1
        page = parse_page(response.content, fmt, version, number)
        returned += len(page.records)
        yield page
        if not page.records or page.mark is None:
            return
        if page.mark == mark:
            raise ResponseError(
                f"page {number} returned the continuation mark it was asked for: paging stops"
            )
        mark = page.mark
