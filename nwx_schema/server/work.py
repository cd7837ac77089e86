"""The CPU-heavy part of a request, run in worker processes: validation, and turning the
records of a valid body into store rows.

Each function here is top-level and takes and returns picklable values, so that
``nwx-schema serve --workers N`` can run them in a process pool (parallel on several
cores) as well as in a thread (``--workers 0``).
"""

from __future__ import annotations

import datetime as dt
import signal

from nwx_schema.issues import Report
from nwx_schema.server.payloads import records_from_body
from nwx_schema.server.records import Batch, batch_rows, new_rid, rid_prefix, stored_record
from nwx_schema.versions import ApiVersion, Format, Kind


def ignore_interrupts() -> None:
    """Worker initialiser: Ctrl-C reaches the whole process group; only the server
    itself handles it (and then stops the workers)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def warm_up() -> None:
    """Import the validator in a fresh worker before the first request needs it."""
    import nwx_schema.validation  # noqa: F401


def check(body: bytes, kind: Kind, fmt: Format, version: ApiVersion) -> Report:
    """What ``nwx-schema validate`` finds in a request body."""
    from nwx_schema.validation import validate

    return validate(body, kind=kind, fmt=fmt, api_version=version, name="<request>")


def check_records(body: bytes, fmt: Format, version: ApiVersion) -> tuple[Report, Batch]:
    """The findings of a body written and, when it is valid, its records as store rows
    (RID, DataSource, Item type and plan ID added; empty when the body is refused)."""
    report = check(body, "input", fmt, version)
    if not report.valid:
        return report, Batch([], [])
    prefix = rid_prefix(dt.datetime.now(dt.timezone.utc))
    records = records_from_body(body, fmt, version)
    return report, batch_rows(stored_record(r, version, new_rid(prefix)) for r in records)
