"""The SQLite store of the stand-in: records written and a log of every request.

Durability: WAL journal with ``synchronous=FULL``, so a write answered 200 survives a
crash or power loss; the records of one POST and its log entry are committed in one
transaction (all or nothing). Record ids only grow (``AUTOINCREMENT``), which is what
continuation marks rely on. A :class:`Store` is used from one thread at a time; the
server runs every call in a single dedicated thread, and other processes (``nwx-schema
report``) may read the file while it serves.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import orjson

from nwx_schema.errors import NwxSchemaError
from nwx_schema.server.records import RECORD_COLUMNS, Batch

SCHEMA_VERSION: Final = "1"

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    received TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    query TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    format TEXT,
    status INTEGER NOT NULL,
    body_bytes INTEGER NOT NULL,
    records_stored INTEGER NOT NULL,
    records_returned INTEGER NOT NULL,
    user TEXT,
    auth TEXT,
    client TEXT,
    findings TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    rid TEXT NOT NULL UNIQUE,
    request_id INTEGER NOT NULL REFERENCES requests(id),
    archive_only INTEGER NOT NULL,
    rid_f TEXT NOT NULL,
    who_f TEXT NOT NULL,
    action_f TEXT NOT NULL,
    what_f TEXT NOT NULL,
    where_f TEXT NOT NULL,
    object_type_f TEXT NOT NULL,
    data_source_f TEXT,
    plan_f TEXT,
    item_f TEXT,
    workstation_f TEXT,
    when_us INTEGER NOT NULL,
    tod_us INTEGER NOT NULL,
    action TEXT NOT NULL,
    plan TEXT,
    item TEXT,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_who ON records(who_f);
CREATE INDEX IF NOT EXISTS records_action ON records(action_f);
CREATE INDEX IF NOT EXISTS records_where ON records(where_f);
CREATE INDEX IF NOT EXISTS records_object_type ON records(object_type_f);
CREATE INDEX IF NOT EXISTS records_plan ON records(plan_f);
CREATE INDEX IF NOT EXISTS records_item ON records(item_f);
CREATE INDEX IF NOT EXISTS records_when ON records(when_us);
CREATE INDEX IF NOT EXISTS records_request ON records(request_id);
CREATE TABLE IF NOT EXISTS details (
    record_id INTEGER NOT NULL REFERENCES records(id),
    position INTEGER NOT NULL,
    property_f TEXT,
    before_f TEXT,
    after_f TEXT,
    message_f TEXT
);
CREATE INDEX IF NOT EXISTS details_record ON details(record_id);
"""

_INSERT_RECORD: Final = (
    f"INSERT INTO records (id, request_id, rid, doc, {', '.join(RECORD_COLUMNS)}) "  # noqa: S608 (constants)
    f"VALUES (?, ?, ?, ?, {', '.join('?' * len(RECORD_COLUMNS))})"
)
_INSERT_DETAIL: Final = "INSERT INTO details (record_id, position, property_f, before_f, after_f, message_f) VALUES (?, ?, ?, ?, ?, ?)"


class StoreError(NwxSchemaError, OSError):
    """The store file cannot be opened, is not a store, or is of another schema version."""


@dataclass(slots=True)
class RequestEntry:
    """One line of the request log."""

    method: str
    path: str
    query: str
    endpoint: str
    client: str | None = None
    received: str = field(
        default_factory=lambda: dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")
    )
    format: str | None = None
    status: int = 0
    body_bytes: int = 0
    records_stored: int = 0
    records_returned: int = 0
    user: str | None = None
    auth: str | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)
    #: Set once the entry is in the log.
    request_id: int | None = None

    def row(self) -> tuple[Any, ...]:
        return (
            self.received, self.method, self.path, self.query, self.endpoint, self.format, self.status,
            self.body_bytes, self.records_stored, self.records_returned, self.user, self.auth, self.client,
            orjson.dumps(self.findings).decode(),
        )  # fmt: skip


def connect(path: Path) -> sqlite3.Connection:
    """Open a store file (creating it), WAL and ``synchronous=FULL``.

    Raises:
        StoreError: the file cannot be opened or is not an SQLite database.
    """
    try:
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.Error as err:
        raise StoreError(f"cannot open the store {path}: {err}") from err
    return conn


class Store:
    """Records and request log in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn = connect(path)
        try:
            self.conn.executescript(_SCHEMA)
            self.secret = bytes.fromhex(self._meta_default("secret", secrets.token_hex(32)))
            version = self._meta_default("schema", SCHEMA_VERSION)
            self._meta_default("created", dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
        except sqlite3.Error as err:
            self.conn.close()
            raise StoreError(f"{path} is not an nwx-schema store: {err}") from err
        if version != SCHEMA_VERSION:
            self.conn.close()
            raise StoreError(f"{path} is a store of schema {version}; this nwx-schema reads {SCHEMA_VERSION}")

    def _meta_default(self, key: str, value: str) -> str:
        self.conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, value))
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def log_request(self, entry: RequestEntry) -> int:
        """Append one request to the log; its id."""
        cur = self.conn.execute(
            "INSERT INTO requests (received, method, path, query, endpoint, format, status, body_bytes, "
            "records_stored, records_returned, user, auth, client, findings) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            entry.row(),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def write_batch(self, entry: RequestEntry, batch: Batch) -> int:
        """Store the records of one POST and its log entry, all or nothing; the request id.

        Record ids are given explicitly (the next ones of the ``AUTOINCREMENT`` sequence,
        under the write lock), so that records and details go in with ``executemany``.
        """
        entry.records_stored = len(batch.records)
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            request_id = self.log_request(entry)
            row = self.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'records'").fetchone()
            base = (int(row[0]) if row else 0) + 1
            self.conn.executemany(
                _INSERT_RECORD, [(base + i, request_id, *rec) for i, rec in enumerate(batch.records)]
            )
            self.conn.executemany(_INSERT_DETAIL, [(base + d[0], *d[1:]) for d in batch.details])
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        entry.request_id = request_id
        return request_id

    def page(self, condition: str, params: Sequence[Any], after: int, count: int) -> list[tuple[int, str]]:
        """(id, JSON form) of the next ``count`` searchable records after id ``after``.

        Records written with ``IsArchiveOnly`` true go to the Long-Term Archive only, so
        enum and search never return them (they are counted by ``report``).
        """
        rows = self.conn.execute(
            f"SELECT r.id, r.doc FROM records r WHERE r.archive_only = 0 AND r.id > ? AND ({condition}) "  # noqa: S608
            "ORDER BY r.id LIMIT ?",
            (after, *params, count),
        ).fetchall()
        return [(int(i), str(doc)) for i, doc in rows]

    def close(self) -> None:
        """Checkpoint the WAL and close."""
        try:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.conn.close()
