"""The answers of the stand-in, as the reference describes them (§1, §4, §6).

* A write stored: ``200``, empty body, ``Content-Type: text/plain``, ``Content-Length: 0``.
* Enum and search: ``200`` with the output envelope, XML (``application/xml;
  charset=utf-8``) or JSON (``application/json; charset=utf-8``) as the request asked.
  A page with records carries a ``ContinuationMark``; the page after the last record has
  no record and no mark.
* A request the API refuses: ``400`` with an ``ErrorList`` in the request's format, one
  ``Error`` per finding: ``Category`` ``XMLError`` for an XML body that cannot be read,
  ``InputError`` otherwise; ``Description`` the code and message
  (``NWX300: ...``); ``Location`` the XPath of the place, followed by the line and column
  when known. An internal failure of the stand-in is a ``500`` with a ``ServerError``.
* ``401``, ``404``, ``405``, ``413`` and the ``500`` for corrupted JSON: empty body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import orjson

from nwx_schema.issues import Issue
from nwx_schema.server.records import answer_record
from nwx_schema.versions import ApiVersion, Format

XML_TYPE: Final = "application/xml; charset=utf-8"
JSON_TYPE: Final = "application/json; charset=utf-8"
TEXT_TYPE: Final = "text/plain"
_NOT_XML: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class Answer:
    """Status, headers and body of one HTTP answer."""

    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


def empty(status: int, *headers: tuple[str, str]) -> Answer:
    """An answer with an empty body and no content type."""
    return Answer(status, headers=headers)


def written() -> Answer:
    """The answer to records stored."""
    return Answer(200, b"", TEXT_TYPE)


def _category(issue: Issue, fmt: Format) -> str:
    return "XMLError" if fmt == "xml" and issue.code.startswith("NWX1") else "InputError"


def _location(issue: Issue) -> str | None:
    at = f"line {issue.line}, column {issue.column}" if issue.line is not None else None
    if issue.xpath and at:
        return f"{issue.xpath} ({at})"
    return issue.xpath or at


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def error_entries(issues: Iterable[Issue], fmt: Format, category: str | None = None) -> list[dict[str, str]]:
    """The ``ErrorList`` entries of the error findings (warnings are left out)."""
    entries = []
    for issue in issues:
        if issue.severity != "error":
            continue
        entry = {
            "Category": category or _category(issue, fmt),
            "Description": f"{issue.code}: {issue.message}",
        }
        location = _location(issue)
        if location:
            entry["Location"] = location
        entries.append({k: _xml_safe(v) for k, v in entry.items()})
    return entries


def error_list(status: int, entries: list[dict[str, str]], fmt: Format, version: ApiVersion) -> Answer:
    """A ``400``/``500`` answer carrying an ``ErrorList``."""
    document = {"ErrorList": entries}
    if fmt == "json":
        return Answer(status, orjson.dumps(document), JSON_TYPE)
    from nwx_schema.conversion.xml_writer import dumps_xml

    return Answer(status, dumps_xml(document, version=version, kind="errors").encode(), XML_TYPE)


def page(docs: Sequence[str], mark: str | None, fmt: Format, version: ApiVersion) -> Answer:
    """An enum/search page: stored records (JSON text, 9.0 form) and the mark, if any."""
    if fmt == "json" and version == "9.0":
        body = b'{"ActivityRecordList":[' + ",".join(docs).encode() + b"]"
        if mark is not None:
            body += b',"ContinuationMark":' + orjson.dumps(mark)
        return Answer(200, body + b"}", JSON_TYPE)
    document: dict[str, Any] = {}
    records = [answer_record(orjson.loads(doc), version) for doc in docs]
    if fmt == "json":
        document["ActivityRecordList"] = records
        if mark is not None:
            document["ContinuationMark"] = mark
        return Answer(200, orjson.dumps(document), JSON_TYPE)
    from nwx_schema.conversion.xml_writer import dumps_xml

    if mark is not None:
        document["ContinuationMark"] = mark
    document["ActivityRecordList"] = records
    return Answer(200, dumps_xml(document, version=version, kind="output").encode(), XML_TYPE)
