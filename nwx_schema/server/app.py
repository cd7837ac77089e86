"""The HTTP application of the stand-in (aiohttp): routes, checks, answers, request log.

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

Other methods get ``405`` (with ``Allow``), other paths ``404``. ``?format=json``
(any case) selects JSON for the request and the answer; otherwise both are XML, and a
JSON body is read as XML and refused, as the real server does. Every request, answered
or refused, is logged in the store with its findings.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import re
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, Final, TypeVar

from aiohttp import web
from multidict import CIMultiDict

from nwx_schema import __version__
from nwx_schema.server import answers
from nwx_schema.server.answers import Answer
from nwx_schema.server.auth import authenticate
from nwx_schema.server.config import DEFAULT_COUNT, ServerConfig
from nwx_schema.server.findings import finding
from nwx_schema.server.reads import read_page
from nwx_schema.server.store import RequestEntry, Store
from nwx_schema.server.work import ignore_interrupts, warm_up
from nwx_schema.server.writes import write_records
from nwx_schema.versions import Format, Kind

_log = logging.getLogger("nwx_schema.server")
_T = TypeVar("_T")

API_ROOT: Final = "/netwrix/api/v1/activity_records"
_ENDPOINTS: Final = {"": "write", "/enum": "enum", "/search": "search"}
ALLOWED: Final = {"write": ("POST",), "enum": ("GET", "POST"), "search": ("POST",)}
SERVER_HEADER: Final = f"Microsoft-HTTPAPI/2.0 nwx-schema/{__version__}"
_COUNT: Final = re.compile(r"[0-9]{1,18}")
STORE_KEY: Final = web.AppKey("nwx_store", Store)


def endpoint_of(path: str) -> str | None:
    """``write``, ``enum``, ``search`` or ``None`` for a request path."""
    lowered = path.lower().rstrip("/")
    if not lowered.startswith(API_ROOT):
        return None
    return _ENDPOINTS.get(lowered[len(API_ROOT) :])


def format_of(request: web.Request) -> Format:
    """``json`` when the query says ``format=json``, else ``xml``."""
    return "json" if request.query.get("format", "").strip().lower() == "json" else "xml"


def count_of(request: web.Request) -> int | None:
    """The ``count`` query parameter (default 1,000), or ``None`` when it is invalid."""
    text = request.query.get("count")
    if text is None:
        return DEFAULT_COUNT
    if not _COUNT.fullmatch(text) or int(text) == 0:
        return None
    return int(text)


class StandIn:
    """Serves the API on one store; every store call runs in one dedicated thread."""

    def __init__(self, config: ServerConfig, store: Store, db: ThreadPoolExecutor, workers: Executor) -> None:
        self.config = config
        self.store = store
        self.db = db
        self.workers = workers

    async def in_db(self, func: Any, *args: Any) -> Any:
        """Run a store call in the store's thread."""
        return await asyncio.get_running_loop().run_in_executor(self.db, partial(func, *args))

    async def in_worker(self, func: Any, *args: Any) -> Any:
        """Run CPU-heavy work (:mod:`nwx_schema.server.work`) in a worker. If a worker
        process died (killed, out of memory), new workers are started and the work is
        tried once more."""
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.workers, partial(func, *args))
        except BrokenProcessPool:
            _log.error("a worker process died: starting new workers")
            broken, self.workers = self.workers, _workers(self.config.workers)
            broken.shutdown(wait=False, cancel_futures=True)
            return await loop.run_in_executor(self.workers, partial(func, *args))

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one request and log it."""
        started = time.perf_counter()
        endpoint = endpoint_of(request.path)
        fmt = format_of(request)
        entry = RequestEntry(
            request.method, request.path, request.query_string, endpoint or "other", client=request.remote
        )
        entry.format = fmt
        try:
            answer = await self.answer(request, endpoint, fmt, entry)
        except Exception as err:
            _log.exception("internal error answering %s %s", request.method, request.path_qs)
            issue = finding("NWX909", f"the stand-in failed: {type(err).__name__}: {err}")
            entry.findings.append(issue.to_dict())
            answer = answers.error_list(
                500, answers.error_entries([issue], fmt, "ServerError"), fmt, self.config.api_version
            )
        entry.status = answer.status
        if entry.request_id is None:
            entry.request_id = await self.in_db(self.store.log_request, entry)
        _log.info("%s %.0f ms", _access_line(entry, request.path_qs), (time.perf_counter() - started) * 1000)
        return _response(answer)

    async def answer(
        self, request: web.Request, endpoint: str | None, fmt: Format, entry: RequestEntry
    ) -> Answer:
        if endpoint is None:
            entry.findings.append(finding("NWX907", f"no endpoint at {request.path}").to_dict())
            return answers.empty(404)
        auth = authenticate(self.config.auth, request.headers.get("Authorization"))
        entry.auth, entry.user = auth.scheme, auth.user
        if not auth.ok:
            if auth.challenge:
                return answers.empty(401, ("WWW-Authenticate", auth.challenge))
            entry.findings.append(finding("NWX906", "credentials missing or refused").to_dict())
            return answers.empty(401, *(("WWW-Authenticate", c) for c in self.config.auth.challenges()))
        allowed = ALLOWED[endpoint]
        if request.method not in allowed:
            entry.findings.append(finding("NWX908", f"{request.method} is not allowed here").to_dict())
            return answers.empty(405, ("Allow", ", ".join(allowed)))
        count = DEFAULT_COUNT
        if endpoint != "write":
            parsed = count_of(request)
            if parsed is None:
                issue = finding(
                    "NWX900", f"Invalid count parameter specified: {request.query.get('count')!r}"
                )
                entry.findings.append(issue.to_dict())
                return answers.error_list(
                    400, answers.error_entries([issue], fmt), fmt, self.config.api_version
                )
            count = parsed
        body = await self.read_body(request, entry)
        if body is None:
            return answers.empty(413)
        if endpoint == "write":
            return await write_records(self, body, fmt, entry)
        kind: Kind = "continuation" if endpoint == "enum" else "search"
        return await read_page(self, kind, body if request.method == "POST" else None, fmt, count, entry)

    async def read_body(self, request: web.Request, entry: RequestEntry) -> bytes | None:
        """The body, or ``None`` when it is over the size limit."""
        limit = self.config.max_body_bytes
        declared = request.content_length
        if declared is not None and declared > limit:
            entry.body_bytes = declared
        else:
            try:
                body = await request.read()
            except web.HTTPRequestEntityTooLarge:
                pass
            else:
                entry.body_bytes = len(body)
                return body
        entry.findings.append(
            finding(
                "NWX905", f"the body is larger than the limit of {limit:,} bytes (--max-body-mb)"
            ).to_dict()
        )
        return None

    async def close(self, app: web.Application) -> None:
        self.workers.shutdown(wait=True, cancel_futures=True)
        await self.in_db(self.store.close)
        self.db.shutdown(wait=True)


def _access_line(entry: RequestEntry, path_qs: str) -> str:
    errors = sum(1 for f in entry.findings if f["severity"] == "error")
    notes = [f"{entry.records_stored} stored"] if entry.records_stored else []
    notes += [f"{entry.records_returned} returned"] if entry.records_returned else []
    notes += [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
    suffix = f" ({', '.join(notes)})" if notes else ""
    return f"#{entry.request_id} {entry.method} {path_qs} -> {entry.status}{suffix}"


STAND_IN_KEY: Final = web.AppKey("nwx_stand_in", StandIn)


def _workers(count: int) -> Executor:
    """``count`` worker processes (started now, in the background), or threads for 0."""
    if count == 0:
        return ThreadPoolExecutor(max_workers=4, thread_name_prefix="nwx-check")
    pool = ProcessPoolExecutor(
        max_workers=count, mp_context=multiprocessing.get_context("spawn"), initializer=ignore_interrupts
    )
    for _ in range(count):
        pool.submit(warm_up)
    return pool


def _response(answer: Answer) -> web.Response:
    headers: CIMultiDict[str] = CIMultiDict()
    for name, value in answer.headers:
        headers.add(name, value)
    if answer.content_type is not None:
        headers["Content-Type"] = answer.content_type
    return web.Response(status=answer.status, body=answer.body, headers=headers)


async def _server_header(request: web.Request, response: web.StreamResponse) -> None:
    response.headers["Server"] = SERVER_HEADER


async def create_app(config: ServerConfig) -> web.Application:
    """The application, with its store opened (closed on cleanup).

    Raises:
        nwx_schema.server.store.StoreError: the store cannot be opened.
    """
    db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nwx-store")
    try:
        store = await asyncio.get_running_loop().run_in_executor(db, Store, config.store)
        await asyncio.get_running_loop().run_in_executor(
            db, store.set_meta, "api_version", config.api_version
        )
    except BaseException:
        db.shutdown(wait=False)
        raise
    stand_in = StandIn(config, store, db, _workers(config.workers))
    app = web.Application(client_max_size=config.max_body_bytes + 1)
    app[STORE_KEY] = store
    app[STAND_IN_KEY] = stand_in
    app.router.add_route("*", "/{tail:.*}", stand_in.handle)
    app.on_response_prepare.append(_server_header)
    app.on_cleanup.append(stand_in.close)
    return app
