"""Checking a request body exactly as ``nwx-schema validate`` does, and refusing it.

A body with an error finding is refused: ``400`` with one ``Error`` per finding, except
a body sent with ``?format=json`` that is not JSON at all (corrupted JSON), which gets
``500`` with an empty body, as the product answers it. Warnings never refuse a body;
they are logged for ``nwx-schema report``. A JSON body posted without ``?format=json``
(or XML with it) is refused like the real server refuses it, and the log gets a hint
(``NWX903``/``NWX904``) saying what to change.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from nwx_schema.issues import Issue, Report
from nwx_schema.server import answers
from nwx_schema.server.answers import Answer
from nwx_schema.server.findings import finding
from nwx_schema.server.store import RequestEntry
from nwx_schema.server.work import check
from nwx_schema.versions import ApiVersion, Format, Kind

if TYPE_CHECKING:
    from nwx_schema.server.app import StandIn

#: Findings that mean "this is not JSON": the product answers them with 500, empty body.
JSON_UNREADABLE: Final = frozenset({"NWX101", "NWX103", "NWX104", "NWX109", "NWX113"})


def _first_byte(body: bytes) -> bytes:
    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8) :]
    return body.lstrip(b" \t\r\n")[:1]


def hints(body: bytes, fmt: Format) -> list[Issue]:
    """A hint when the body is in the other format than the URL says."""
    first = _first_byte(body)
    if fmt == "xml" and first in (b"[", b"{", b'"'):
        return [
            finding("NWX903", "the body looks like JSON but the URL has no ?format=json: it was read as XML")
        ]
    if fmt == "json" and first == b"<":
        return [
            finding("NWX904", "the body looks like XML but the URL has ?format=json: it was read as JSON")
        ]
    return []


def refusal(issues: Sequence[Issue], fmt: Format, version: ApiVersion) -> Answer:
    """The answer to a body with error findings."""
    errors = [i for i in issues if i.severity == "error"]
    if fmt == "json" and any(i.code in JSON_UNREADABLE for i in errors):
        return answers.empty(500)
    return answers.error_list(400, answers.error_entries(errors, fmt), fmt, version)


async def check_body(
    stand_in: StandIn, body: bytes, kind: Kind, fmt: Format, entry: RequestEntry
) -> Answer | None:
    """Validate a body in a worker; ``None`` when it may be processed, else the refusal.
    Every finding is added to the request's log entry."""
    report: Report = await stand_in.in_worker(check, body, kind, fmt, stand_in.config.api_version)
    return judge(report, body, fmt, stand_in.config.api_version, entry)


def judge(
    report: Report, body: bytes, fmt: Format, version: ApiVersion, entry: RequestEntry
) -> Answer | None:
    """Log the findings of a body; ``None`` when it has no error, else the refusal."""
    issues = list(report.issues)
    if not report.valid:
        issues += hints(body, fmt)
    entry.findings.extend(i.to_dict() for i in issues)
    return None if report.valid else refusal(report.issues, fmt, version)
