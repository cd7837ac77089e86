"""Start the stand-in, say where it listens, and stop it cleanly on SIGINT or SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import ssl
from collections.abc import Callable

from aiohttp import web

from nwx_schema.errors import NwxSchemaError
from nwx_schema.server.app import create_app
from nwx_schema.server.config import ServerConfig


class ListenError(NwxSchemaError, OSError):
    """The address cannot be listened on (in use, not local, no permission)."""


def base_url(host: str, port: int, tls: bool) -> str:
    """``http(s)://host:port/netwrix/api/v1/activity_records/`` (IPv6 in brackets)."""
    shown = f"[{host}]" if ":" in host else host
    return f"{'https' if tls else 'http'}://{shown}:{port}/netwrix/api/v1/activity_records/"


async def serve(
    config: ServerConfig,
    host: str,
    port: int,
    ssl_context: ssl.SSLContext | None,
    on_ready: Callable[[str], None],
    stop: asyncio.Event | None = None,
) -> None:
    """Serve until ``stop`` is set (or SIGINT/SIGTERM arrives), then close the store.

    ``on_ready`` gets the base URL once the socket listens (the real port when ``port``
    is 0).

    Raises:
        ListenError: the socket cannot be opened.
        nwx_schema.server.store.StoreError: the store cannot be opened.
    """
    stop = stop or asyncio.Event()
    app = await create_app(config)
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=10)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port, ssl_context=ssl_context, reuse_address=True, backlog=512)
        try:
            await site.start()
        except OSError as err:
            raise ListenError(f"cannot listen on {host}:{port}: {err.strerror or err}") from err
        bound = runner.addresses[0][1] if runner.addresses else port
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        on_ready(base_url(host, int(bound), ssl_context is not None))
        await stop.wait()
    finally:
        await runner.cleanup()


def run(
    config: ServerConfig,
    host: str,
    port: int,
    ssl_context: ssl.SSLContext | None,
    on_ready: Callable[[str], None],
) -> None:
    """Serve in a fresh event loop until SIGINT or SIGTERM."""
    asyncio.run(serve(config, host, port, ssl_context, on_ready))
