"""The HTTP application of the stand-in (aiohttp): one handler for every request, the
request log, and the pools the work runs in.

Routing and the checks made before a body is read are in :mod:`.routing`; writes in
:mod:`.writes`; enum and search in :mod:`.reads`. ``?format=json`` (any case) selects JSON
for the request and the answer; otherwise both are XML, and a JSON body is read as XML and
refused, as the real server does. Every request, answered or refused, is logged in the
store with its findings, and on standard error (unless ``--quiet``).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, Final

from aiohttp import HttpVersion11, web
from multidict import CIMultiDict

from nwx_schema import __version__
from nwx_schema.server import answers
from nwx_schema.server.answers import Answer
from nwx_schema.server.config import ServerConfig
from nwx_schema.server.findings import finding
from nwx_schema.server.reads import read_page
from nwx_schema.server.routing import count_of, endpoint_of, format_of, precheck, too_large
from nwx_schema.server.store import RequestEntry, Store
from nwx_schema.server.work import ignore_interrupts, warm_up
from nwx_schema.server.writes import write_records
from nwx_schema.versions import Format, Kind

_log = logging.getLogger("nwx_schema.server")

#: One stage of answering: (request, endpoint, format, log entry) -> the answer, or ``None``
#: to go on.
Step = Callable[[web.Request, "str | None", Format, RequestEntry], Awaitable["Answer | None"]]
SERVER_HEADER: Final = f"Microsoft-HTTPAPI/2.0 nwx-schema/{__version__}"
STORE_KEY: Final = web.AppKey("nwx_store", Store)


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
        response = await self._logged(request, self.answer)
        assert response is not None
        return response

    async def expect(self, request: web.Request) -> web.StreamResponse | None:
        """``Expect: 100-continue``: refuse at once what would be refused before reading
        the body (the handler is then not called); otherwise let the client send it."""
        if request.version != HttpVersion11 or request.headers.get("Expect", "").lower() != "100-continue":
            return await self._logged(request, _expectation_failed)
        refusal = await self._logged(request, self._precheck)
        if refusal is None:
            await request.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            request.writer.output_size = 0
        return refusal

    async def _precheck(
        self, request: web.Request, endpoint: str | None, fmt: Format, entry: RequestEntry
    ) -> Answer | None:
        return precheck(request, endpoint, fmt, self.config, entry)

    async def _logged(self, request: web.Request, step: Step) -> web.StreamResponse | None:
        """Run ``step``; when it answers, log the request and make the response."""
        started = time.perf_counter()
        endpoint = endpoint_of(request.path)
        fmt = format_of(request)
        entry = RequestEntry(
            request.method, request.path, request.query_string, endpoint or "other", client=request.remote
        )
        entry.format = fmt
        try:
            answer = await step(request, endpoint, fmt, entry)
        except Exception as err:
            _log.exception("internal error answering %s %s", request.method, request.path_qs)
            issue = finding("NWX909", f"the stand-in failed: {type(err).__name__}: {err}")
            entry.findings.append(issue.to_dict())
            entries = answers.error_entries([issue], fmt, "ServerError")
            answer = answers.error_list(500, entries, fmt, self.config.api_version)
        if answer is None:
            return None
        entry.status = answer.status
        if entry.request_id is None:
            entry.request_id = await self.in_db(self.store.log_request, entry)
        _log.info("%s %.0f ms", _access_line(entry, request.path_qs), (time.perf_counter() - started) * 1000)
        return _response(answer)

    async def answer(
        self, request: web.Request, endpoint: str | None, fmt: Format, entry: RequestEntry
    ) -> Answer:
        """The answer to a whole request."""
        refusal = precheck(request, endpoint, fmt, self.config, entry)
        if refusal is not None:
            return refusal
        assert endpoint is not None
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return too_large(entry, self.config.max_body_bytes)
        entry.body_bytes = len(body)
        if endpoint == "write":
            return await write_records(self, body, fmt, entry)
        kind: Kind = "continuation" if endpoint == "enum" else "search"
        count = count_of(request)
        assert count is not None
        return await read_page(self, kind, body if request.method == "POST" else None, fmt, count, entry)

    async def close(self, app: web.Application) -> None:
        self.workers.shutdown(wait=True, cancel_futures=True)
        await self.in_db(self.store.close)
        self.db.shutdown(wait=True)


async def _expectation_failed(*_: Any) -> Answer:
    """Any other expectation (or one on HTTP/1.0) cannot be met: 417."""
    return answers.empty(417)


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
    app.router.add_route("*", "/{tail:.*}", stand_in.handle, expect_handler=stand_in.expect)
    app.on_response_prepare.append(_server_header)
    app.on_cleanup.append(stand_in.close)
    return app
