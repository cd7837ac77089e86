"""``nwx-schema report``: what arrived at the stand-in, for people and for CI gates.

The JSON form (``--output-format json``) is a stable machine shape; keys are only ever
added::

    {"store": str, "api_version": "9.0" | "8.5" | null,
     "requests": {"total": int, "rejected": int,
                  "by_endpoint": {"write"|"enum"|"search"|"other": {"total": int, "by_status": {"200": int}}},
                  "by_user": [{"name": str, "requests": int}]},
     "writes": {"accepted": int, "rejected": int},
     "records": {"total": int, "archive_only": int,
                 "by_plan": [{"name": str | null, "records": int}], "by_item": [...], "by_action": [...]},
     "rejected": [REQUEST], "warnings": [REQUEST]}

``REQUEST`` is ``{"request": id, "received", "method", "path", "query", "endpoint",
"format", "status", "body_bytes", "client", "user", "records_stored",
"records_returned", "findings": [Issue.to_dict()]}``. A request is *rejected* when it
was answered 400 or more, except the 401 that carries an NTLM challenge (a handshake
step, not a refusal). ``warnings`` lists the requests served whose body had warnings.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Final

import orjson

from nwx_schema.server.store import StoreError, connect

_REJECTED: Final = "status >= 400 AND NOT (status = 401 AND findings = '[]')"
_REQUEST_COLUMNS: Final = (
    "id", "received", "method", "path", "query", "endpoint", "format", "status", "body_bytes",
    "client", "user", "records_stored", "records_returned", "findings",
)  # fmt: skip


def _requests(conn: sqlite3.Connection, where: str, warnings_only: bool = False) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"SELECT {', '.join(_REQUEST_COLUMNS)} FROM requests WHERE {where} ORDER BY id"  # noqa: S608 (constants)
    ).fetchall()
    out = []
    for row in rows:
        item = dict(zip(_REQUEST_COLUMNS, row, strict=True))
        item["request"] = item.pop("id")
        findings = orjson.loads(item["findings"])
        item["findings"] = [f for f in findings if f["severity"] == "warning"] if warnings_only else findings
        if item["findings"] or not warnings_only:
            out.append(item)
    return out


def _counts(conn: sqlite3.Connection, column: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        f"SELECT {column}, count(*) AS n FROM records GROUP BY {column} ORDER BY n DESC, {column}"  # noqa: S608
    ).fetchall()
    return [{"name": name, "records": int(n)} for name, n in rows]


def summarise(path: Path) -> dict[str, Any]:
    """The summary of a store (see the module docstring for its shape).

    Raises:
        StoreError: there is no store at ``path``, or it cannot be read.
    """
    if not path.is_file():
        raise StoreError(f"no store at {path}: start `nwx-schema serve --store {path}` first")
    conn = connect(path)
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        by_endpoint: dict[str, dict[str, Any]] = {}
        for endpoint, status, n in conn.execute(
            "SELECT endpoint, status, count(*) FROM requests GROUP BY endpoint, status ORDER BY endpoint, status"
        ):
            slot = by_endpoint.setdefault(endpoint, {"total": 0, "by_status": {}})
            slot["total"] += n
            slot["by_status"][str(status)] = n
        rejected = _requests(conn, _REJECTED)
        by_user = [
            {"name": name, "requests": n}
            for name, n in conn.execute(
                "SELECT user, count(*) AS n FROM requests WHERE user IS NOT NULL GROUP BY user ORDER BY n DESC, user"
            )
        ]
        total_records, archive_only = conn.execute(
            "SELECT count(*), coalesce(sum(archive_only), 0) FROM records"
        ).fetchone()
        return {
            "store": str(path),
            "api_version": meta.get("api_version"),
            "requests": {
                "total": sum(slot["total"] for slot in by_endpoint.values()),
                "rejected": len(rejected),
                "by_endpoint": by_endpoint,
                "by_user": by_user,
            },
            "writes": {
                "accepted": conn.execute(
                    "SELECT count(*) FROM requests WHERE endpoint = 'write' AND status = 200"
                ).fetchone()[0],
                "rejected": sum(1 for r in rejected if r["endpoint"] == "write"),
            },
            "records": {
                "total": total_records,
                "archive_only": archive_only,
                "by_plan": _counts(conn, "plan"),
                "by_item": _counts(conn, "item"),
                "by_action": _counts(conn, "action"),
            },
            "rejected": rejected,
            "warnings": _requests(conn, "status < 400 AND findings LIKE '%\"warning\"%'", warnings_only=True),
        }
    except sqlite3.Error as err:
        raise StoreError(f"{path} is not a readable nwx-schema store: {err}") from err
    finally:
        conn.close()


def _request_line(req: dict[str, Any]) -> str:
    query = f"?{req['query']}" if req["query"] else ""
    who = f", user {req['user']}" if req["user"] else ""
    return (
        f"  #{req['request']} {req['received']} {req['method']} {req['path']}{query} -> {req['status']} "
        f"({req['format']}, {req['body_bytes']:,} bytes{who})"
    )


def _finding_line(f: dict[str, Any]) -> str:
    where = ", ".join(
        part
        for part in (
            f"line {f['line']}, column {f['column']}" if f.get("line") is not None else "",
            f.get("xpath") or "",
        )
        if part
    )
    return f"      {f['code']} {f['severity']}{' at ' + where if where else ''}: {f['message']}"


def _table(title: str, rows: list[dict[str, Any]], none: str) -> list[str]:
    if not rows:
        return []
    names = [str(r["name"]) if r["name"] is not None else none for r in rows]
    counts = [f"{r['records']:,}" for r in rows]
    width, digits = max(map(len, names)), max(map(len, counts))
    return [title] + [
        f"  {name:<{width}}  {count:>{digits}}" for name, count in zip(names, counts, strict=True)
    ]


def render_text(summary: dict[str, Any]) -> str:
    """The summary as a few readable lines (no colour)."""
    req, writes, records = summary["requests"], summary["writes"], summary["records"]
    lines = [
        f"nwx-schema report: {summary['store']} (API {summary['api_version'] or 'unknown'})",
        f"Requests: {req['total']:,}, rejected: {req['rejected']:,}",
    ]
    for endpoint, slot in sorted(req["by_endpoint"].items()):
        statuses = ", ".join(f"{status}: {n:,}" for status, n in sorted(slot["by_status"].items()))
        lines.append(f"  {endpoint:<7} {slot['total']:>7,}  ({statuses})")
    if req["by_user"]:
        users = ", ".join(f"{u['name']} ({u['requests']:,})" for u in req["by_user"])
        lines.append(f"Authenticated users: {users}")
    lines.append(
        f"Writes: {writes['accepted']:,} accepted, {writes['rejected']:,} rejected; "
        f"records stored: {records['total']:,} ({records['archive_only']:,} archive-only)"
    )
    lines += _table("Records per plan:", records["by_plan"], "(no plan)")
    lines += _table("Records per item:", records["by_item"], "(no item)")
    lines += _table("Records per action:", records["by_action"], "-")
    for title, items in (("Rejected requests:", summary["rejected"]), ("Warnings:", summary["warnings"])):
        if items:
            lines.append(title)
            for item in items:
                lines.append(_request_line(item))
                lines += [_finding_line(f) for f in item["findings"]]
    return "\n".join(lines)
