"""Helpers of the tests/test_client_*.py tests: a `nwx-schema serve` that can be restarted
on the same port (a client in the middle of a run must find it again), and the
`nwx-schema` command run as a real subprocess with a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

from tests.server_harness import ServerProcess, record

#: Upper bound for one command; never reached when things work.
COMMAND_BOUND_S = 300


class PinnedServer(ServerProcess):
    """A server that keeps its first port across restarts."""

    pinned: int | None = None

    def _args(self) -> tuple[str, ...]:
        args = super()._args()
        return (*args, "--port", str(self.pinned)) if self.pinned else args

    def start(self) -> PinnedServer:
        super().start()
        self.pinned = self.port
        return self

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}/netwrix/api/v1/activity_records/"

    @property
    def cert(self) -> Path:
        return self.store.with_name(self.store.name + ".cert.pem")

    def restart_later(self, delay: float) -> threading.Thread:
        """Stop now; start again on the same port after ``delay`` seconds (in a thread)."""
        assert self.stop() == 0, self.stderr()

        def start() -> None:
            time.sleep(delay)
            self.start()

        thread = threading.Thread(target=start, daemon=True)
        thread.start()
        return thread


def environment(**extra: str) -> dict[str, str]:
    """The environment of a command: no NETWRIX_API_* or NWX_* variables of the caller."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETWRIX_", "NWX_"))}
    env.update(NO_COLOR="1", PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def nwx(
    *args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``nwx-schema ARGS`` in a fresh process; stdout and stderr as text."""
    done = subprocess.run(
        [sys.executable, "-m", "nwx_schema", *args],
        cwd=cwd,
        env=dict(env) if env is not None else environment(),
        input=stdin,
        capture_output=True,
        timeout=COMMAND_BOUND_S,
        check=False,
    )
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def numbered(count: int, prefix: str = "obj", **fields: Any) -> list[dict[str, Any]]:
    """``count`` valid records whose What is ``prefix`` and their number."""
    return [record(f"{prefix}{i:06d}", **fields) for i in range(count)]


def write_json(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_bytes(orjson.dumps(records, option=orjson.OPT_INDENT_2))
    return path
