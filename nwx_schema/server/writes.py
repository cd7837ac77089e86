"""``POST /netwrix/api/v1/activity_records/``: check, complete and store records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nwx_schema.server import answers
from nwx_schema.server.answers import Answer
from nwx_schema.server.checks import judge
from nwx_schema.server.store import RequestEntry
from nwx_schema.server.work import check_records
from nwx_schema.versions import Format

if TYPE_CHECKING:
    from nwx_schema.server.app import StandIn


async def write_records(stand_in: StandIn, body: bytes, fmt: Format, entry: RequestEntry) -> Answer:
    """Store every record of a valid body in one transaction and answer 200, or refuse
    the body whole (nothing is stored)."""
    version = stand_in.config.api_version
    report, stored = await stand_in.in_worker(check_records, body, fmt, version)
    refused = judge(report, body, fmt, version, entry)
    if refused is not None:
        return refused
    entry.status = 200
    await stand_in.in_db(stand_in.store.write_batch, entry, stored)
    return answers.written()
