"""The application in process (aiohttp's test server): helpers, the clock of the When
timeframes, and recovery when a worker process dies."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiohttp.test_utils import TestClient, TestServer

from nwx_schema.server.app import STAND_IN_KEY, create_app
from nwx_schema.server.config import ServerConfig
from nwx_schema.server.routing import endpoint_of
from nwx_schema.server.times import instant_us
from tests.server_harness import API, record

WRITE = API + "?format=json"


@pytest.mark.parametrize(
    ("path", "endpoint"),
    [
        ("/netwrix/api/v1/activity_records/", "write"),
        ("/netwrix/api/v1/activity_records", "write"),
        ("/Netwrix/API/v1/Activity_Records/Enum/", "enum"),
        ("/netwrix/api/v1/activity_records/search", "search"),
        ("/netwrix/api/v1/activity_records/searchx", None),
        ("/netwrix/api/v1/activity_records_x/enum", None),
        ("/netwrix/api/v1", None),
        ("/", None),
    ],
)
def test_server_app_endpoints(path: str, endpoint: str | None) -> None:
    assert endpoint_of(path) == endpoint


def run(config: ServerConfig, scenario: Any) -> Any:
    async def main() -> Any:
        app = await create_app(config)
        async with TestServer(app) as server, TestClient(server) as client:
            return await scenario(app, client)

    return asyncio.run(main())


def test_server_app_timeframes_follow_the_configured_clock(tmp_path: Path) -> None:
    now = instant_us("2024-05-10T12:00:00Z")
    config = ServerConfig(store=tmp_path / "s.sqlite3", clock=lambda: now)
    sent = [record("today", When="2024-05-10T00:00:01Z"), record("yesterday", When="2024-05-09T23:00:00Z")]

    async def scenario(app: Any, client: TestClient[Any, Any]) -> list[list[str]]:
        assert (await client.post(WRITE, data=orjson.dumps(sent))).status == 200
        found = []
        for frame in ("Today", "Yesterday", "LastSevenDays"):
            search = orjson.dumps({"FilterList": {"When": {frame: ""}}})
            answer = await client.post(API + "search?format=json", data=search)
            found.append([r["What"] for r in orjson.loads(await answer.read())["ActivityRecordList"]])
        return found

    assert run(config, scenario) == [["today"], ["yesterday"], ["today", "yesterday"]]


def test_server_app_survives_a_worker_process_dying(tmp_path: Path) -> None:
    config = ServerConfig(store=tmp_path / "s.sqlite3", workers=1)

    async def scenario(app: Any, client: TestClient[Any, Any]) -> list[int]:
        statuses = [(await client.post(WRITE, data=orjson.dumps([record("a")]))).status]
        pool = app[STAND_IN_KEY].workers
        for pid in list(pool._processes):
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while any(p.is_alive() for p in pool._processes.values()) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        statuses.append((await client.post(WRITE, data=orjson.dumps([record("b")]))).status)
        statuses.append((await client.post(WRITE, data=orjson.dumps([record("c")]))).status)
        answer = await client.get(API + "enum?format=json")
        statuses.append(len(orjson.loads(await answer.read())["ActivityRecordList"]))
        return statuses

    assert run(config, scenario) == [200, 200, 200, 3]
