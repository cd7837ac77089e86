"""Which endpoint a request is for, and the checks made before its body is read.

Endpoints (paths compare case-insensitively, as HTTP.sys does; a trailing slash is
optional, because add-ons post to ``.../activity_records`` while the reference writes
``.../activity_records/``):

=======  ==========================================  ==================================
Method   Path                                        Answer
=======  ==========================================  ==================================
POST     ``/netwrix/api/v1/activity_records/``       write records
GET      ``/netwrix/api/v1/activity_records/enum``   first page
POST     ``/netwrix/api/v1/activity_records/enum``   next page (body: continuation mark)
POST     ``/netwrix/api/v1/activity_records/search`` filtered page (body: search)
=======  ==========================================  ==================================

Before the body is read, in this order: another path is ``404``; missing or refused
credentials ``401``; another method ``405`` (with ``Allow``); an invalid ``count`` on
enum/search ``400``; a declared ``Content-Length`` over the limit ``413``. The same checks
answer ``Expect: 100-continue``, so a client does not upload a body that is refused anyway.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from nwx_schema.server import answers
from nwx_schema.server.answers import Answer
from nwx_schema.server.auth import authenticate
from nwx_schema.server.config import DEFAULT_COUNT, ServerConfig
from nwx_schema.server.findings import finding
from nwx_schema.server.store import RequestEntry
from nwx_schema.versions import Format

if TYPE_CHECKING:
    from aiohttp import web

API_ROOT: Final = "/netwrix/api/v1/activity_records"
_ENDPOINTS: Final = {"": "write", "/enum": "enum", "/search": "search"}
ALLOWED: Final = {"write": ("POST",), "enum": ("GET", "POST"), "search": ("POST",)}
_COUNT: Final = re.compile(r"[0-9]{1,18}")


def endpoint_of(path: str) -> str | None:
    """``write``, ``enum``, ``search`` or ``None`` for a request path."""
    lowered = path.lower().rstrip("/")
    if not lowered.startswith(API_ROOT):
        return None
    return _ENDPOINTS.get(lowered[len(API_ROOT) :])


def format_of(request: web.BaseRequest) -> Format:
    """``json`` when the query says ``format=json`` (any case), else ``xml``."""
    return "json" if request.query.get("format", "").strip().lower() == "json" else "xml"


def count_of(request: web.BaseRequest) -> int | None:
    """The ``count`` query parameter (default 1,000), or ``None`` when it is invalid."""
    text = request.query.get("count")
    if text is None:
        return DEFAULT_COUNT
    if not _COUNT.fullmatch(text) or int(text) == 0:
        return None
    return int(text)


def too_large(entry: RequestEntry, limit: int) -> Answer:
    """The ``413`` answer, with its finding logged."""
    message = f"the body is larger than the limit of {limit:,} bytes (--max-body-mb)"
    entry.findings.append(finding("NWX905", message).to_dict())
    return answers.empty(413)


def precheck(
    request: web.BaseRequest, endpoint: str | None, fmt: Format, config: ServerConfig, entry: RequestEntry
) -> Answer | None:
    """The refusal of a request that fails a check made before reading its body, or
    ``None`` when the body may be read."""
    if endpoint is None:
        entry.findings.append(finding("NWX907", f"no endpoint at {request.path}").to_dict())
        return answers.empty(404)
    auth = authenticate(config.auth, request.headers.get("Authorization"))
    entry.auth, entry.user = auth.scheme, auth.user
    if not auth.ok:
        if auth.challenge:  # an NTLM handshake step, not a refusal
            return answers.empty(401, ("WWW-Authenticate", auth.challenge))
        entry.findings.append(finding("NWX906", "credentials missing or refused").to_dict())
        return answers.empty(401, *(("WWW-Authenticate", c) for c in config.auth.challenges()))
    allowed = ALLOWED[endpoint]
    if request.method not in allowed:
        entry.findings.append(finding("NWX908", f"{request.method} is not allowed here").to_dict())
        return answers.empty(405, ("Allow", ", ".join(allowed)))
    if endpoint != "write" and count_of(request) is None:
        issue = finding("NWX900", f"Invalid count parameter specified: {request.query.get('count')!r}")
        entry.findings.append(issue.to_dict())
        return answers.error_list(400, answers.error_entries([issue], fmt), fmt, config.api_version)
    declared = request.content_length
    if declared is not None and declared > config.max_body_bytes:
        entry.body_bytes = declared
        return too_large(entry, config.max_body_bytes)
    return None
