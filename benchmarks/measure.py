"""Run one command as a fresh process and measure it from outside; check converted outputs.

Each command is started by ``spawn.py``, a bare interpreter that times it with a monotonic
clock, reads its CPU time from ``os.wait4`` and samples the resident memory of its whole
process tree (see ``spawn.py``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

SPAWN: Final = Path(__file__).resolve().parent / "spawn.py"
NS: Final = "{http://schemas.netwrix.com/api/v1/activity_records/}"


@dataclass(frozen=True, slots=True)
class Sample:
    """One process: how long it took, how much it used, what it answered."""

    wall_s: float
    cpu_s: float
    peak_mib: float  # the largest memory of the process and its descendants (RSS sum, or PSS sum)
    largest_mib: float  # the largest resident set of any one of them (ru_maxrss)
    exit: int
    inner: dict[str, Any] | None  # the JSON line a cases.py process prints


def run_process(
    argv: tuple[str, ...],
    stdout: Path,
    stderr: Path,
    *,
    cwd: Path,
    inner: bool = False,
    pss: bool = False,
    env: dict[str, str] | None = None,
) -> Sample:
    """Run ``argv`` through ``spawn.py`` with its output in two files, and measure it
    (``pss``: the peak is the exact proportional memory of the process tree, at a cost in
    speed; otherwise the sum of its resident sets).

    Raises:
        OSError: the command could not be started (``spawn.py`` failed).
    """
    result = stdout.with_suffix(".rusage")
    launcher = (sys.executable, "-I", "-S", str(SPAWN), *(("--pss",) if pss else ()), str(result), *argv)
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        done = subprocess.run(
            launcher, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, check=False, env=env
        )
    if done.returncode != 0 or not result.exists():
        raise OSError(f"could not run {argv[0]}: {stderr.read_text('utf-8', 'replace').strip()[-300:]}")
    wall, cpu, tree, maxrss, code = result.read_text(encoding="ascii").split()
    result.unlink()
    return Sample(
        wall_s=round(float(wall), 4),
        cpu_s=round(float(cpu), 4),
        peak_mib=round(int(tree) / 1024, 1),
        largest_mib=round(int(maxrss) / 1024, 1),
        exit=int(code),
        inner=_last_json_line(stdout) if inner else None,
    )


def _last_json_line(path: Path) -> dict[str, Any] | None:
    lines = path.read_bytes().decode("utf-8", "replace").strip().splitlines()
    if not lines:
        return None
    try:
        value = json.loads(lines[-1])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def xml_records(path: Path) -> list[dict[str, Any]]:
    """The records of an ActivityRecordList document in their JSON form (for comparison)."""
    from lxml import etree

    records = []
    for _, element in etree.iterparse(str(path), events=("end",), tag=NS + "ActivityRecord"):
        records.append({_local(child): _value(child) for child in element})
        element.clear(keep_tail=True)
    return records


def _local(element: Any) -> str:
    tag = element.tag
    assert isinstance(tag, str)
    return tag.rpartition("}")[2]


def _value(element: Any) -> Any:
    name = _local(element)
    if name in ("MonitoringPlan", "Item"):
        return {_local(c): c.text or "" for c in element}
    if name == "DetailList":
        return [{_local(c): c.text or "" for c in detail} for detail in element]
    if name == "IsArchiveOnly":
        return element.text == "true"
    return element.text or ""


def check_output(kind: str, produced: Path, expected: Path) -> str | None:
    """None when ``produced`` holds exactly the records of ``expected`` (a JSON document);
    otherwise what differs. ``json-equals``: the JSON values are equal; ``xml-equals``: the
    XML's records, read back into the JSON form, equal the JSON document's."""
    import orjson

    if not produced.exists():
        return "no output file"
    want = orjson.loads(expected.read_bytes())
    if kind == "json-equals":
        got = orjson.loads(produced.read_bytes())
    elif kind == "xml-equals":
        got = xml_records(produced)
    else:
        raise ValueError(f"unknown check {kind!r}")
    if got == want:
        return None
    if isinstance(got, list) and isinstance(want, list):
        if len(got) != len(want):
            return f"{len(got)} records instead of {len(want)}"
        first = next(i for i, (a, b) in enumerate(zip(got, want, strict=True)) if a != b)
        return f"record {first} differs: {str(got[first])[:200]} != {str(want[first])[:200]}"
    return "documents differ"
