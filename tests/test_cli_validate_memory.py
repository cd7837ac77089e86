"""`nwx-schema validate -o FORMAT FILE > out` streams findings: peak memory does not grow
with their number, in every output format and with worker processes.

Each measurement runs the command in a fresh process (peak RSS, as the user sees it)
with standard output going to a file. The documents have one warning per record (no
MonitoringPlan: NWX603), 3,000 against 30,000 records. The fast pass still collects its
findings in one list (its streaming is another change), so these runs set
``NWX_SCHEMA_FAST=0``: the located pass, which streams, finds every warning. Before the
reporters streamed, the 30,000-record runs took 20 to 240 MiB more than the 3,000-record
ones; ten times more findings may now add less than 4 MiB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")

NS = "http://schemas.netwrix.com/api/v1/activity_records/"
#: valid, but without MonitoringPlan: one warning (NWX603) per record.
RECORD = {
    "Who": "CORP\\jdoe",
    "Action": "Modified",
    "What": "\\\\fs01\\share\\report.docx",
    "When": "2024-05-02T06:15:00+02:00",
    "Where": "fs01.corp.example",
    "ObjectType": "File",
    "Item": {"Name": "App"},
}
XML_RECORD = (
    "  <ActivityRecord><Who>CORP\\jdoe</Who><Action>Modified</Action><What>\\\\fs01\\share\\report.docx"
    "</What><When>2024-05-02T06:15:00+02:00</When><Where>fs01.corp.example</Where><ObjectType>File"
    "</ObjectType><Item><Name>App</Name></Item></ActivityRecord>\n"
)
PROBE = """
import re, resource, sys
from nwx_schema.cli import main
try:
    main(["validate", *sys.argv[1:]])
except SystemExit as done:
    code = done.code
# VmHWM: this process's own peak; ru_maxrss would also count the pages of the process that
# started it, as they were before the exec (Linux keeps that high-water mark across exec).
with open("/proc/self/status", encoding="ascii") as status:
    own = int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read())[1])
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # forked from this process
print(code, max(own, workers), file=sys.stderr)
"""
SMALL, LARGE = 3_000, 30_000


def write(path: Path, records: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        if path.suffix == ".json":
            out.write("[\n" + ",\n".join(json.dumps(RECORD) for _ in range(records)) + "\n]\n")
        else:
            out.write(
                f'<ActivityRecordList xmlns="{NS}">\n' + XML_RECORD * records + "</ActivityRecordList>\n"
            )
    return path


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], Path]:
    folder = tmp_path_factory.mktemp("findings")
    return {
        (suffix, n): write(folder / f"{n}{suffix}", n) for suffix in (".json", ".xml") for n in (SMALL, LARGE)
    }


def peak_kib(args: list[str], out: Path) -> tuple[int, int]:
    """Exit code and peak RSS (KiB) of ``nwx-schema validate ARGS > out``."""
    env = dict(os.environ, NWX_SCHEMA_FAST="0")
    env.pop("NWX_SCHEMA_TRACEBACK", None)
    with out.open("w", encoding="utf-8") as stdout:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, *args],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=out.parent,  # so that the package comes from the environment, not the checkout's folder
            check=True,
        )
    code, peak = done.stderr.split()[-2:]
    return int(code), int(peak)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("output", "suffix"),
    [
        (["-o", "json"], ".json"),
        (["-o", "json"], ".xml"),
        (["-o", "sarif"], ".json"),
        (["-o", "junit"], ".json"),
        (["-o", "github"], ".json"),
        (["-o", "text", "--max-per-code", "0"], ".json"),
    ],
    ids=["json", "json-from-xml", "sarif", "junit", "github", "text-all"],
)
def test_peak_memory_does_not_grow_with_the_findings(
    documents: dict[tuple[str, int], Path], tmp_path: Path, output: list[str], suffix: str
) -> None:
    small_out, large_out = tmp_path / "small.out", tmp_path / "large.out"
    small = peak_kib([*output, "--jobs", "1", str(documents[suffix, SMALL])], small_out)
    large = peak_kib([*output, "--jobs", "1", str(documents[suffix, LARGE])], large_out)
    assert (small[0], large[0]) == (0, 0)  # warnings only
    assert large_out.read_text(encoding="utf-8").count("NWX603") >= LARGE  # every finding is there
    assert large[1] - small[1] < 4 * 1024, (small, large)


@pytest.mark.slow
def test_worker_processes_spool_and_stay_flat(documents: dict[tuple[str, int], Path], tmp_path: Path) -> None:
    """Two files over two workers: the big one is spooled by its worker, replayed by the parent."""
    other = str(documents[".xml", SMALL])
    out = tmp_path / "out.json"
    small = peak_kib(["-o", "json", "--jobs", "2", str(documents[".json", SMALL]), other], out)
    large = peak_kib(["-o", "json", "--jobs", "2", str(documents[".json", LARGE]), other], out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [f["warnings"] for f in doc["files"]] == [
        LARGE + 1,
        SMALL + 1,
    ]  # NWX603s, NWX601 (> 1,000 records)
    assert len(doc["files"][0]["issues"]) == LARGE + 1
    assert large[1] - small[1] < 4 * 1024, (small, large)
