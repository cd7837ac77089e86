"""``POST /netwrix/api/v1/activity_records/``: check, complete and store records."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from nwx_schema.server import answers
from nwx_schema.server.answers import Answer
from nwx_schema.server.checks import check_body
from nwx_schema.server.payloads import records_from_body
from nwx_schema.server.records import new_rid, stored_record
from nwx_schema.server.store import RequestEntry
from nwx_schema.versions import Format

if TYPE_CHECKING:
    from nwx_schema.server.app import StandIn


async def write_records(stand_in: StandIn, body: bytes, fmt: Format, entry: RequestEntry) -> Answer:
    """Store every record of a valid body in one transaction and answer 200, or refuse
    the body whole (nothing is stored)."""
    refused = await check_body(stand_in, body, "input", fmt, entry)
    if refused is not None:
        return refused
    version = stand_in.config.api_version
    now = dt.datetime.now(dt.timezone.utc)
    stored = [
        stored_record(record, version, new_rid(now)) for record in records_from_body(body, fmt, version)
    ]
    entry.status = 200
    await stand_in.in_db(stand_in.store.write_batch, entry, stored)
    return answers.written()
