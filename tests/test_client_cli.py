"""`nwx-schema send` and `nwx-schema fetch` as a user runs them (fresh processes) against
a real `nwx-schema serve`: 10,000 records there and back with nothing lost or doubled,
memory that does not grow with the records fetched, validation before sending, the
ErrorList of a 400, 413, 401, TLS, checkpoints, exit codes and messages."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from lxml import etree

from nwx_schema.client import Client
from nwx_schema.validation import validate
from tests.client_harness import PinnedServer, environment, numbered, nwx, write_json
from tests.conftest import FIXTURES
from tests.server_harness import record

VALID = FIXTURES / "9.0" / "input" / "valid" / "docs-write-example.json"
VALID_XML = FIXTURES / "9.0" / "input" / "valid" / "docs-write-example.xml"
INVALID = FIXTURES / "9.0" / "input" / "invalid" / "when-without-zone.json"
BIG = 10_000


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PinnedServer]:
    """A server holding the 10,000 records sent by `nwx-schema send` (once)."""
    work = tmp_path_factory.mktemp("loaded")
    proc = PinnedServer(work / "store.sqlite3").start()
    records = numbered(BIG, DetailList=[{"PropertyName": "Notes", "After": "x" * 1500}])
    big = write_json(work / "big.json", records)
    done = nwx("send", str(big), "--url", proc.url)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "sent 10,000 records in 10 batches\n"
    proc.sent = records  # type: ignore[attr-defined]
    yield proc
    assert proc.stop() == 0, proc.stderr()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[PinnedServer]:
    proc = PinnedServer(tmp_path / "store.sqlite3").start()
    yield proc
    assert proc.stop() == 0, proc.stderr()


def stored(proc: PinnedServer) -> int:
    done = nwx("report", "--store", str(proc.store), "--output-format", "json")
    assert done.returncode == 0, done.stderr
    count: int = orjson.loads(done.stdout)["records"]["total"]
    return count


def test_10000_records_round_trip_with_nothing_lost_or_doubled(loaded: PinnedServer, tmp_path: Path) -> None:
    out = tmp_path / "records.ndjson"
    done = nwx("fetch", "--url", loaded.url, "--count", "700", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"nwx-schema fetch: 10,000 records in 16 pages (enum) written to {out}\n"
    lines = out.read_bytes().splitlines()
    fetched = [orjson.loads(line)["What"] for line in lines]
    assert len(fetched) == BIG and len(set(fetched)) == BIG
    assert fetched == [r["What"] for r in loaded.sent]  # type: ignore[attr-defined]
    assert stored(loaded) == BIG


_MEASURED = """
import atexit, os, runpy, sys

def peak():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                with open(os.environ["NWX_TEST_PEAK_FILE"], "w", encoding="ascii") as out:
                    out.write(line.split()[1])

atexit.register(peak)
sys.argv = ["nwx-schema", *sys.argv[1:]]
runpy.run_module("nwx_schema", run_name="__main__")
"""


def _peak_rss_kib(tmp_path: Path, *args: str) -> int:
    """Run ``nwx-schema ARGS`` in a fresh process; its peak resident memory (KiB, the
    VmHWM of the process itself: rusage would count the parent's pages from before exec)."""
    peak = tmp_path / "peak"
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, *args],
        env=environment(NWX_TEST_PEAK_FILE=str(peak)),
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return int(peak.read_text(encoding="ascii"))


@pytest.mark.parametrize("to", ["ndjson", "xml"])
def test_fetch_memory_does_not_grow_with_the_records_fetched(
    loaded: PinnedServer, tmp_path: Path, to: str
) -> None:
    few = _peak_rss_kib(
        tmp_path,
        "fetch",
        "--url",
        loaded.url,
        "--count",
        "500",
        "--limit",
        "2000",
        "-o",
        str(tmp_path / f"few.{to}"),
    )
    out = tmp_path / f"all.{to}"
    every = _peak_rss_kib(tmp_path, "fetch", "--url", loaded.url, "--count", "500", "-o", str(out))
    # 8,000 more records are about 14 MB of JSON (far more as Python objects): holding
    # them would show; streaming page by page costs the same for 2,000 records and 10,000.
    assert every - few < 6 * 1024, (few, every)
    assert out.stat().st_size > 16_000_000
    if to == "xml":
        assert validate(out, kind="output", api_version="9.0").valid


def test_fetch_writes_json_and_xml_and_searches(server: PinnedServer, tmp_path: Path) -> None:
    sent = [*numbered(3, "keep"), *numbered(2, "drop")]
    assert nwx("send", str(write_json(tmp_path / "in.json", sent)), "--url", server.url).returncode == 0
    search_json = tmp_path / "search.json"
    search_json.write_text('{"FilterList": {"What": {"StartsWith": "keep"}}}', encoding="utf-8")
    search_xml = tmp_path / "search.xml"
    search_xml.write_text(
        '<ActivityRecordSearch xmlns="http://schemas.netwrix.com/api/v1/activity_records/">'
        '<FilterList><What Operator="StartsWith">keep</What></FilterList></ActivityRecordSearch>',
        encoding="utf-8",
    )
    for search, wire in ((search_json, "json"), (search_xml, "xml")):
        out = tmp_path / f"found-{wire}.json"
        done = nwx(
            "fetch",
            "--url",
            server.url,
            "--search",
            str(search),
            "--format",
            wire,
            "--count",
            "2",
            "-o",
            str(out),
        )
        assert done.returncode == 0, done.stderr
        assert "3 records in 3 pages (search)" in done.stderr
        document = orjson.loads(out.read_bytes())
        assert [r["What"] for r in document["ActivityRecordList"]] == [
            "keep000000",
            "keep000001",
            "keep000002",
        ]
        assert validate(out, kind="output", api_version="9.0").valid
    # a ContinuationMark in the search file is where the search starts
    with Client(server.url) as api:
        first = next(api.pages({"FilterList": {"What": {"StartsWith": "keep"}}}, page_size=2))
    resumed = tmp_path / "resumed.json"
    resumed.write_bytes(
        orjson.dumps({"ContinuationMark": first.mark, **orjson.loads(search_json.read_bytes())})
    )
    done = nwx("fetch", "--url", server.url, "--search", str(resumed))
    assert [orjson.loads(line)["What"] for line in done.stdout.splitlines()] == ["keep000002"]
    out = tmp_path / "all.xml"
    assert nwx("fetch", "--url", server.url, "-o", str(out)).returncode == 0
    root = etree.parse(str(out)).getroot()
    assert len(root) == 5 and validate(out, kind="output", api_version="9.0").valid
    # standard output: NDJSON; --limit
    done = nwx("fetch", "--url", server.url, "--limit", "4", "--count", "3")
    assert [orjson.loads(line)["What"] for line in done.stdout.splitlines()] == [r["What"] for r in sent[:4]]


def test_checkpoint_fetches_only_what_came_since(server: PinnedServer, tmp_path: Path) -> None:
    checkpoint = tmp_path / "siem.mark"

    def export(name: str) -> list[str]:
        out = tmp_path / name
        done = nwx("fetch", "--url", server.url, "--checkpoint", str(checkpoint), "-o", str(out))
        assert done.returncode == 0, done.stderr
        return [orjson.loads(line)["What"] for line in out.read_bytes().splitlines()]

    assert (
        nwx("send", str(write_json(tmp_path / "a.json", numbered(3, "a"))), "--url", server.url).returncode
        == 0
    )
    assert export("1.ndjson") == ["a000000", "a000001", "a000002"]
    assert export("2.ndjson") == []
    assert (
        nwx("send", str(write_json(tmp_path / "b.json", numbered(2, "b"))), "--url", server.url).returncode
        == 0
    )
    assert export("3.ndjson") == ["b000000", "b000001"]


def test_invalid_records_are_refused_before_anything_is_sent(server: PinnedServer) -> None:
    done = nwx("send", str(VALID), str(INVALID), "--url", server.url)
    assert done.returncode == 1
    assert "error NWX402 When '2024-05-02T08:15:00' has no time zone" in done.stderr
    assert done.stderr.endswith(
        "nwx-schema: error: 1 file is invalid: nothing sent (--no-validate sends them anyway, for the server "
        "to judge)\n"
    )
    assert done.stdout == ""
    assert stored(server) == 0


def test_a_400_is_surfaced_with_the_error_list(server: PinnedServer) -> None:
    done = nwx("send", str(INVALID), "--no-validate", "--url", server.url, "--format", "xml")
    assert done.returncode == 1
    assert (
        f"nwx-schema: error: batch 1 ({INVALID} records 1-1): 400 Bad Request: InputError: NWX402: When "
        "'2024-05-02T08:15:00' has no time zone: add Z (UTC) or an offset such as +02:00 (at "
        "/ActivityRecordList/ActivityRecord[1]/When (line "
    ) in done.stderr
    assert done.stdout == "sent 0 records in 0 batches; 1 batch failed (1 record)\n"


def test_keep_going_sends_the_batches_after_a_refused_one(server: PinnedServer, tmp_path: Path) -> None:
    mixed = write_json(
        tmp_path / "mixed.json", [record("a"), record("b", When="2024-05-02T08:15:00"), record("c")]
    )
    common = ("send", str(mixed), "--no-validate", "--batch-records", "1", "--url", server.url)
    done = nwx(*common)
    assert done.returncode == 1
    assert done.stdout.endswith("; 1 batch failed (1 record); 1 record not sent\n")
    assert done.stdout.startswith("sent 1 record in 1 batch")
    done = nwx(*common, "--keep-going")
    assert done.returncode == 1
    assert done.stdout == "sent 2 records in 2 batches; 1 batch failed (1 record)\n"
    assert f"batch 2 ({mixed} records 2-2): 400 Bad Request: InputError: NWX402" in done.stderr
    assert stored(server) == 3


def test_a_413_is_surfaced_and_byte_batches_fix_it(tmp_path: Path) -> None:
    proc = PinnedServer(tmp_path / "store.sqlite3", "--max-body-mb", "0.01").start()
    try:
        records = write_json(tmp_path / "r.json", numbered(60, Workstation="w" * 200))
        done = nwx("send", str(records), "--url", proc.url)
        assert done.returncode == 1
        assert "413 Payload Too Large (the body of" in done.stderr
        assert "over the server's limit: send smaller batches)" in done.stderr
        done = nwx("send", str(records), "--url", proc.url, "--batch-mb", "0.009")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("sent 60 records in 3 batches")
    finally:
        assert proc.stop() == 0, proc.stderr()


def test_standard_input_and_xml_files_are_sent(server: PinnedServer) -> None:
    done = nwx("send", "-", str(VALID_XML), "--url", server.url, stdin=VALID.read_bytes())
    assert done.returncode == 0, done.stderr
    assert done.stdout == "sent 2 records in 1 batch\n"
    assert stored(server) == 2


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PinnedServer]:
    store = tmp_path_factory.mktemp("secured") / "store.sqlite3"
    proc = PinnedServer(
        store, "--tls-self-signed", "--user", "CORP\\svc:s3cret", "--accept-windows-auth"
    ).start()
    yield proc
    assert proc.stop() == 0, proc.stderr()


def test_tls_and_credentials(secured: PinnedServer, tmp_path: Path) -> None:
    url = secured.url
    done = nwx("send", str(VALID), "--url", url)
    assert done.returncode == 2
    assert "is not trusted: [SSL: CERTIFICATE_VERIFY_FAILED]" in done.stderr
    assert "(give the server's certificate with --ca-bundle, or use --insecure)" in done.stderr
    done = nwx("send", str(VALID), "--url", url, "--ca-bundle", str(secured.cert))
    assert done.returncode == 2
    assert done.stderr == (
        "nwx-schema: error: 401 Unauthorized (the server asks for credentials; it offers Negotiate, NTLM, "
        "Basic; check NETWRIX_API_USER, NETWRIX_API_PASSWORD and --auth)\n"
    )
    env = environment(NETWRIX_API_URL=url, NETWRIX_API_USER="CORP\\svc", NETWRIX_API_PASSWORD="wrong")
    done = nwx("fetch", "--ca-bundle", str(secured.cert), env=env)
    assert done.returncode == 2 and "401 Unauthorized (the server refused the credentials" in done.stderr
    env["NETWRIX_API_PASSWORD"] = "s3cret"
    done = nwx("send", str(VALID), "--ca-bundle", str(secured.cert), env=env)
    assert done.returncode == 0, done.stderr
    done = nwx("send", str(VALID), "--insecure", "--auth", "ntlm", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "nwx-schema: warning: --insecure: the server's certificate is not verified\n"
    env["NETWRIX_API_CA_BUNDLE"] = str(secured.cert)
    done = nwx("fetch", "-o", str(tmp_path / "out.json"), env=env)
    assert done.returncode == 0, done.stderr
    assert len(orjson.loads((tmp_path / "out.json").read_bytes())["ActivityRecordList"]) == 2


def test_usage_errors_exit_2_with_one_line(tmp_path: Path) -> None:
    cases = [
        (("send", str(VALID)), "give --url URL or set NETWRIX_API_URL"),
        (("send", str(VALID), "--url", "nwx:9699"), "the API URL must start with https://"),
        (("send", str(VALID), "--url", "http://h", "--user", "svc:pw"), "never on the command line"),
        (("send", str(VALID), "--url", "http://h", "--user", "svc"), "--user svc needs a password"),
        (("send", str(tmp_path / "none.json"), "--url", "http://h"), "cannot read"),
        (("fetch", "--url", "http://h", "-o", "out.csv"), "give --output-format ndjson|json|xml"),
        (("fetch", "--url", "http://h", "--ca-bundle", "x.pem", "--insecure"), "exclude each other"),
    ]
    for args, says in cases:
        done = nwx(*args, stdin=b"")
        assert done.returncode == 2, (args, done.stderr)
        assert says in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr


def test_an_unreachable_server_is_retried_then_reported(tmp_path: Path) -> None:
    done = nwx("send", str(VALID), "--url", "http://127.0.0.1:9", "--retries", "2")
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[0].startswith("nwx-schema: warning: write failed (") and "retry 1 of 2 in" in lines[0]
    assert "retry 2 of 2" in lines[1]
    assert lines[2].startswith(
        "nwx-schema: error: POST http://127.0.0.1:9/netwrix/api/v1/activity_records/: "
    )
    assert lines[2].endswith("(after 3 tries)")
    out = tmp_path / "kept.ndjson"
    out.write_text("old\n", encoding="utf-8")
    done = nwx("fetch", "--url", "http://127.0.0.1:9", "--retries", "0", "-o", str(out))
    assert done.returncode == 2
    assert done.stderr.endswith(f"nwx-schema: {out} left unchanged\n")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.ndjson"]  # no temporary file left


def test_a_stale_checkpoint_is_a_400_and_the_output_is_not_written(
    server: PinnedServer, tmp_path: Path
) -> None:
    checkpoint = tmp_path / "cp"
    checkpoint.write_text("not-a-mark\n", encoding="utf-8")
    out = tmp_path / "out.json"
    done = nwx("fetch", "--url", server.url, "--checkpoint", str(checkpoint), "-o", str(out))
    assert done.returncode == 1
    assert "nwx-schema: error: 400 Bad Request: InputError: NWX" in done.stderr
    assert not out.exists()


def test_without_the_client_extra_a_one_line_hint(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import importlib.util\n"
        "real = importlib.util.find_spec\n"
        "def find_spec(name, *args):\n"
        "    return None if name.split('.')[0] in ('httpx', 'httpx_ntlm') else real(name, *args)\n"
        "importlib.util.find_spec = find_spec\n",
        encoding="utf-8",
    )
    env = environment(
        PYTHONPATH=os.pathsep.join([str(blocker), *filter(None, [os.environ.get("PYTHONPATH")])])
    )
    for command in ("send", "fetch"):
        args = (command, str(VALID)) if command == "send" else (command,)
        done = nwx(*args, "--url", "http://h", env=env)
        assert done.returncode == 2
        assert done.stderr == (
            f"nwx-schema: error: nwx-schema {command} needs the client extra: pip install 'nwx-schema[client]' "
            "(missing: httpx)\n"
        )
