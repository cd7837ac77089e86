"""Enum and search: one page of records after a continuation mark.

Records come in the order they were stored. A page holds up to ``count`` records and,
when it holds any, a mark pointing after its last record; posting that mark (with the
same filters, for search) gives the next page. The page after the last record is empty
and has no mark. A mark stays valid for later records too: records stored after it was
issued appear on the next page.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from nwx_schema.server import answers
from nwx_schema.server.answers import Answer
from nwx_schema.server.checks import check_body
from nwx_schema.server.findings import finding
from nwx_schema.server.marks import ENUM_DIGEST, MarkError, decode_mark, encode_mark
from nwx_schema.server.payloads import mark_from_body, search_from_body
from nwx_schema.server.search import SearchError, compile_conditions, conditions_from_entries, filters_digest
from nwx_schema.server.store import RequestEntry
from nwx_schema.versions import Format, Kind

if TYPE_CHECKING:
    from nwx_schema.server.app import StandIn


def _refuse(stand_in: StandIn, code: str, message: str, fmt: Format, entry: RequestEntry) -> Answer:
    issue = finding(code, message)
    entry.findings.append(issue.to_dict())
    return answers.error_list(400, answers.error_entries([issue], fmt), fmt, stand_in.config.api_version)


async def read_page(
    stand_in: StandIn, kind: Kind, body: bytes | None, fmt: Format, count: int, entry: RequestEntry
) -> Answer:
    """Answer enum (``kind`` ``continuation``; ``body`` ``None`` for GET) or search."""
    config = stand_in.config
    condition: str = "1"
    params: list[Any] = []
    digest = ENUM_DIGEST
    mark: str | None = None
    if body is not None:
        refused = await check_body(stand_in, body, kind, fmt, entry)
        if refused is not None:
            return refused
    if kind == "continuation":
        mark = mark_from_body(body, fmt) if body is not None else None
    else:
        assert body is not None
        mark, entries = search_from_body(body, fmt, config.api_version)
        try:
            conditions = conditions_from_entries(entries, config.api_version)
            condition, params = compile_conditions(conditions, config.groups, config.clock())
        except SearchError as err:
            return _refuse(stand_in, "NWX910", f"the search cannot be evaluated: {err}", fmt, entry)
        digest = filters_digest(conditions)
    after = 0
    if mark is not None:
        try:
            after = decode_mark(mark, stand_in.store.secret, digest).position
        except MarkError as err:
            return _refuse(stand_in, err.code, str(err), fmt, entry)
    rows = await stand_in.in_db(stand_in.store.page, condition, params, after, count)
    entry.records_returned = len(rows)
    next_mark = encode_mark(rows[-1][0], digest, stand_in.store.secret) if rows else None
    docs = [doc for _, doc in rows]
    loop = asyncio.get_running_loop()
    answer: Answer = await loop.run_in_executor(None, answers.page, docs, next_mark, fmt, config.api_version)
    return answer
