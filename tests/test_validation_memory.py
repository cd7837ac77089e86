"""Validation streams: peak memory does not grow with the number of records.

Each measurement runs in a fresh process (peak RSS covers libxml2's and orjson's memory,
which tracemalloc cannot see). Ten times more records may add less than 10 MiB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

NS = "http://schemas.netwrix.com/api/v1/activity_records/"
RECORD = {
    "Who": "CORP\\jdoe",
    "Action": "Modified",
    "What": "\\\\fs01\\share\\report & <draft>.docx",
    "When": "2024-05-02T06:15:00+02:00",
    "Where": "fs01.corp.example",
    "ObjectType": "File",
    "MonitoringPlan": {"Name": "Plan"},
    "Item": {"Name": "App"},
    "DetailList": [{"PropertyName": "Size", "Before": "10", "After": "12"}],
}
XML_RECORD = (
    "  <ActivityRecord><Who>CORP\\jdoe</Who><Action>Modified</Action>"
    "<What>\\\\fs01\\share\\report &amp; &lt;draft&gt;.docx</What><When>2024-05-02T06:15:00+02:00</When>"
    "<Where>fs01.corp.example</Where><ObjectType>File</ObjectType><MonitoringPlan><Name>Plan</Name>"
    "</MonitoringPlan><Item><Name>App</Name></Item><DetailList><Detail><PropertyName>Size</PropertyName>"
    "<Before>10</Before><After>12</After></Detail></DetailList></ActivityRecord>\n"
)

# The peak of this process alone: VmHWM starts afresh with the new program, where
# ru_maxrss would keep the size of the (forked) test runner it started as.
PROBE = """
import resource, sys
from pathlib import Path
from nwx_schema.validation import iter_issues
count = sum(1 for _ in iter_issues(Path(sys.argv[1])))
try:
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(count, peak)
"""


def write(path: Path, fmt: str, records: int, broken_at: int | None) -> None:
    with path.open("w", encoding="utf-8") as out:
        if fmt == "json":
            out.write("[\n")
            for n in range(records):
                record = dict(RECORD, Action="Bogus") if n == broken_at else RECORD
                out.write(("," if n else "") + json.dumps(record) + "\n")
            out.write("]\n")
        else:
            out.write(f'<ActivityRecordList xmlns="{NS}">\n')
            for n in range(records):
                out.write(XML_RECORD.replace("Modified", "Bogus") if n == broken_at else XML_RECORD)
            out.write("</ActivityRecordList>\n")


def peak_kib(path: Path, fast: bool) -> tuple[int, int]:
    env = dict(os.environ, NWX_SCHEMA_FAST="1" if fast else "0", NWX_SCHEMA_JOBS="1")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, env=env, check=True
    )
    count, peak = done.stdout.split()
    return int(count), int(peak)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("fast", [True, False], ids=["fast-pass", "located-pass"])
def test_peak_memory_is_flat_from_n_to_ten_n_records(tmp_path: Path, fmt: str, fast: bool) -> None:
    small, large = tmp_path / f"small.{fmt}", tmp_path / f"large.{fmt}"
    # the located pass reads every record; a broken record late in the file forces it
    broken = None if fast else 10**9
    write(small, fmt, 1_500, broken if broken is None else 1_400)
    write(large, fmt, 15_000, broken if broken is None else 14_900)
    small_count, small_peak = peak_kib(small, fast)
    large_count, large_peak = peak_kib(large, fast)
    expected = 1 if fast else 2  # NWX601 (more than 1,000 records), plus NWX400 when broken
    assert (small_count, large_count) == (expected, expected)
    assert large_peak - small_peak < 10 * 1024, (small_peak, large_peak)


def write_findings(path: Path, fmt: str, records: int) -> int:
    """Records without Item (a warning each) and every tenth one refused by the schema;
    returns the number of findings the document must give."""
    plain = {k: v for k, v in RECORD.items() if k != "Item"}
    with path.open("w", encoding="utf-8") as out:
        out.write("[\n" if fmt == "json" else f'<ActivityRecordList xmlns="{NS}">\n')
        for n in range(records):
            broken = n % 10 == 5
            if fmt == "json":
                record = dict(plain, Action="Bogus") if broken else plain
                out.write(("," if n else "") + json.dumps(record) + "\n")
            else:
                text = XML_RECORD.replace("<Item><Name>App</Name></Item>", "")
                out.write(text.replace("Modified", "Bogus") if broken else text)
        out.write("]\n" if fmt == "json" else "</ActivityRecordList>\n")
    return records + records // 10 + 1  # NWX604 each, NWX400 a tenth, NWX601


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_findings_are_streamed_by_the_fast_pass_in_flat_memory(tmp_path: Path, fmt: str) -> None:
    """Ten times more findings (warnings and errors) may add less than 10 MiB: the fast
    pass gives them as it finds them, reading only the refused records again."""
    small, large = tmp_path / f"small.{fmt}", tmp_path / f"large.{fmt}"
    small_expected = write_findings(small, fmt, 5_000)
    large_expected = write_findings(large, fmt, 50_000)
    small_count, small_peak = peak_kib(small, True)
    large_count, large_peak = peak_kib(large, True)
    assert (small_count, large_count) == (small_expected, large_expected)
    assert large_peak - small_peak < 10 * 1024, (small_peak, large_peak)
