"""Run `nwx-schema serve` as a real subprocess on a loopback port and talk to it over HTTP.

Used by the tests/test_server_*.py end-to-end tests. The server is started with
``--port 0``; its real address is read from the ``listening on`` line it prints on
stderr (written to a file, so a chatty server never blocks on a full pipe).
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

API: str = "/netwrix/api/v1/activity_records/"
NS = "http://schemas.netwrix.com/api/v1/activity_records/"
_LISTENING = re.compile(r"listening on (https?)://\[?([^\]/]+?)\]?:(\d+)/")
#: Upper bound for a server to start or stop; never reached when things work.
STARTUP_BOUND_S = 60.0


@dataclass
class Reply:
    """One HTTP answer."""

    status: int
    headers: dict[str, str]
    body: bytes
    all_headers: list[tuple[str, str]] = field(default_factory=list)

    def json(self) -> Any:
        return orjson.loads(self.body)

    def header_values(self, name: str) -> list[str]:
        return [v for k, v in self.all_headers if k.lower() == name.lower()]


class ServerProcess:
    """One `nwx-schema serve` subprocess (start, talk, stop, restart)."""

    def __init__(self, store: Path, *args: str) -> None:
        self.store = store
        self.args = args
        self.proc: subprocess.Popen[bytes] | None = None
        self.stderr_path = store.with_name(store.name + f".stderr{os.getpid()}")
        self.scheme = "http"
        self.host = "127.0.0.1"
        self.port = 0
        self.ssl_context: ssl.SSLContext | None = None
        self.starts = 0

    def start(self) -> ServerProcess:
        self.starts += 1
        log = self.stderr_path.with_suffix(f".{self.starts}")
        self.log_path = log
        with log.open("wb") as err:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "nwx_schema",
                    "serve",
                    "--port",
                    "0",
                    "--store",
                    str(self.store),
                    *self._args(),
                ],
                stdout=subprocess.DEVNULL,
                stderr=err,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + STARTUP_BOUND_S
        while time.monotonic() < deadline:
            match = _LISTENING.search(self.stderr())
            if match:
                self.scheme, self.host, self.port = match[1], match[2], int(match[3])
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve exited {self.proc.returncode}:\n{self.stderr()}")
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"serve did not start:\n{self.stderr()}")

    def _args(self) -> tuple[str, ...]:
        """The arguments given, with one worker process unless they say otherwise (the
        default, one per core, is exercised by the load test)."""
        return self.args if "--workers" in self.args else ("--workers", "1", *self.args)

    def stderr(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        """SIGTERM, then wait; the exit code."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=STARTUP_BOUND_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def restart(self) -> ServerProcess:
        assert self.stop() == 0, self.stderr()
        return self.start()

    def connection(self, timeout: float = 120) -> http.client.HTTPConnection:
        if self.scheme == "https":
            return http.client.HTTPSConnection(
                self.host, self.port, timeout=timeout, context=self.ssl_context
            )
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        conn: http.client.HTTPConnection | None = None,
    ) -> Reply:
        """One request on a fresh connection (or on ``conn``)."""
        own = conn is None
        conn = conn or self.connection()
        try:
            data = body.encode() if isinstance(body, str) else body
            conn.request(method, path, body=data, headers=headers or {})
            resp = conn.getresponse()
            payload = resp.read()
            pairs = resp.getheaders()
            return Reply(resp.status, {k.lower(): v for k, v in pairs}, payload, pairs)
        finally:
            if own:
                conn.close()

    def post(self, path: str, body: bytes | str, **headers: str) -> Reply:
        return self.request("POST", path, body, headers)

    def get(self, path: str, **headers: str) -> Reply:
        return self.request("GET", path, None, headers)


def xml_records(records: list[dict[str, Any]], version: str = "9.0") -> bytes:
    """A records document in XML (through the project's writer)."""
    from nwx_schema.conversion import dumps_xml

    return dumps_xml(records, version=version, kind="input").encode()  # type: ignore[arg-type]


def record(what: str, **fields: Any) -> dict[str, Any]:
    """A valid 9.0 record whose What is ``what``."""
    base: dict[str, Any] = {
        "Who": "CORP\\jdoe",
        "Action": "Added",
        "What": what,
        "When": "2024-05-01T10:00:00Z",
        "Where": "dc01.corp.example",
        "ObjectType": "User",
        "MonitoringPlan": {"Name": "Custom Sources"},
        "Item": {"Name": "HR app"},
    }
    base.update(fields)
    return base
