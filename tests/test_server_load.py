"""Load: 200 batches of 1,000 records from 8 concurrent clients, on loopback only.

Every accepted record must be stored exactly once, rejected batches not at all, and the
server must keep answering reads while it is written to. Bounded in count (fixed lists
of requests) and in time (client timeouts and an overall wait), never timed as a pass
criterion.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import orjson
import pytest

from tests.server_harness import API, NS, ServerProcess

BATCHES = 200
RECORDS = 1000
CLIENTS = 8
BAD_BATCHES = 8
#: Upper bound for the whole run; far above what it takes on two cores.
OVERALL_BOUND_S = 900

_JSON_RECORD = (
    '{"Who":"CORP\\\\user%(i)d","Action":"%(action)s","What":"b%(b)03d-r%(i)04d","When":"2024-05-01T10:%(m)02d:00Z",'
    '"Where":"srv%(s)d.corp.example","ObjectType":"User","MonitoringPlan":{"Name":"Plan %(p)d"},'
    '"Item":{"Name":"Load"},"DetailList":[{"PropertyName":"mail","Before":"a","After":"b"}]}'
)
_XML_RECORD = (
    "<ActivityRecord><Who>CORP\\user%(i)d</Who><Action>%(action)s</Action><What>b%(b)03d-r%(i)04d</What>"
    "<When>2024-05-01T10:%(m)02d:00Z</When><Where>srv%(s)d.corp.example</Where><ObjectType>User</ObjectType>"
    "<MonitoringPlan><Name>Plan %(p)d</Name></MonitoringPlan><Item><Name>Load</Name></Item>"
    "<DetailList><Detail><PropertyName>mail</PropertyName><Before>a</Before><After>b</After></Detail></DetailList>"
    "</ActivityRecord>"
)


def batch(b: int, xml: bool, bad: bool = False) -> tuple[str, bytes]:
    """(path, body) of batch ``b``, templated for speed; a bad batch has one record with an unknown Action."""
    template = _XML_RECORD if xml else _JSON_RECORD
    records = [
        template
        % {"b": b, "i": i, "m": i % 60, "s": i % 7, "p": b % 3, "action": "Added" if i % 2 else "Read"}
        for i in range(RECORDS)
    ]
    if bad:
        odd = RECORDS // 2 + 1  # odd records are "Added"
        records[odd] = records[odd].replace("Added", "Add (failed attempt)", 1)
    if xml:
        return API, f'<ActivityRecordList xmlns="{NS}">{"".join(records)}</ActivityRecordList>'.encode()
    return API + "?format=json", ("[" + ",".join(records) + "]").encode()


@pytest.fixture
def loaded(tmp_path: Path) -> Iterator[ServerProcess]:
    workers = str(min(os.cpu_count() or 1, 4))  # the default of serve, given explicitly
    proc = ServerProcess(tmp_path / "load.sqlite3", "--quiet", "--workers", workers).start()
    yield proc
    assert proc.stop() == 0, proc.stderr()


@pytest.mark.slow
def test_server_load_every_accepted_record_stored_exactly_once(loaded: ServerProcess) -> None:
    jobs = [(b, b % 4 == 0, False) for b in range(BATCHES)]
    jobs += [(BATCHES + k, k % 2 == 0, True) for k in range(BAD_BATCHES)]
    total = len(jobs)
    jobs.sort(key=lambda job: (job[0] * 7919) % total)  # interleave good and bad batches
    statuses: dict[int, int] = {}
    reads: list[int] = []
    done = threading.Event()

    def post(job: tuple[int, bool, bool]) -> None:
        b, xml, bad = job
        path, body = batch(b, xml, bad)
        statuses[b] = loaded.post(path, body).status

    def read_while_writing() -> None:
        for _ in range(5000):  # bounded; stops as soon as the writers are done
            reads.append(loaded.get(API + "enum?format=json&count=1").status)
            if done.wait(0.1):
                return

    with ThreadPoolExecutor(max_workers=CLIENTS + 1) as pool:
        reader = pool.submit(read_while_writing)
        futures = [pool.submit(post, job) for job in jobs]
        for future in futures:
            future.result(timeout=OVERALL_BOUND_S)
        done.set()
        reader.result(timeout=OVERALL_BOUND_S)

    assert Counter(statuses.values()) == {200: BATCHES, 400: BAD_BATCHES}
    assert all(statuses[BATCHES + k] == 400 for k in range(BAD_BATCHES))
    assert reads and set(reads) == {200}

    whats: list[str] = []
    rids: set[str] = set()
    reply = loaded.get(API + "enum?format=json&count=25000")
    for _ in range(BATCHES * RECORDS // 25000 + 2):  # bounded paging
        doc = reply.json()
        page = doc["ActivityRecordList"]
        if not page:
            assert "ContinuationMark" not in doc
            break
        whats += [r["What"] for r in page]
        rids.update(r["RID"] for r in page)
        reply = loaded.post(API + "enum?format=json&count=25000", orjson.dumps(doc["ContinuationMark"]))
    else:
        pytest.fail("enum did not reach the end")
    expected = {f"b{b:03d}-r{i:04d}" for b in range(BATCHES) for i in range(RECORDS)}
    assert len(whats) == BATCHES * RECORDS == len(set(whats))
    assert set(whats) == expected
    assert len(rids) == BATCHES * RECORDS

    found = loaded.post(
        API + "search?format=json&count=5000",
        orjson.dumps({"FilterList": {"What": {"StartsWith": "b007-"}, "Action": "Added"}}),
    ).json()["ActivityRecordList"]
    assert sorted(r["What"] for r in found) == sorted(f"b007-r{i:04d}" for i in range(1, RECORDS, 2))

    summary = json.loads(
        subprocess.run(
            [
                sys.executable,
                "-m",
                "nwx_schema",
                "report",
                "--store",
                str(loaded.store),
                "--output-format",
                "json",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        ).stdout
    )
    assert summary["writes"] == {"accepted": BATCHES, "rejected": BAD_BATCHES}
    assert summary["records"]["total"] == BATCHES * RECORDS
    assert {p["name"]: p["records"] for p in summary["records"]["by_plan"]} == {
        f"Plan {p}": sum(RECORDS for b in range(BATCHES) if b % 3 == p) for p in range(3)
    }
    assert all(r["findings"][0]["code"] == "NWX400" for r in summary["rejected"])
