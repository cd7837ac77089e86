"""Big inputs convert in memory that does not grow with the number of records.

Python-side memory is measured with tracemalloc (libxml2's own buffers are invisible to
it, and are bounded by iterparse clearing each record): the peak for ten times more
records must stay about the same, and far below the size of the input.
"""

from __future__ import annotations

import os
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from nwx_schema.conversion import XmlWriter
from nwx_schema.conversion.api import transcode
from nwx_schema.conversion.source import prepare_input
from nwx_schema.versions import Format, Kind


def _record(index: int) -> dict[str, Any]:
    return {
        "Who": f"CORP\\user{index}",
        "Action": "Modified",
        "What": f"\\\\fs01\\share\\file{index}.txt",
        "When": "2024-05-02T08:15:00Z",
        "Where": "fs01.corp.example",
        "ObjectType": "File",
        "MonitoringPlan": {"Name": "Custom Sources"},
        "Item": {"Name": "HR app"},
        "DetailList": [{"PropertyName": "Size", "Before": "10", "After": str(index)}],
    }


def _write_documents(directory: Path, count: int, kind: Kind) -> dict[Format, Path]:
    xml, json_ = directory / f"{kind}-{count}.xml", directory / f"{kind}-{count}.json"
    with xml.open("w", encoding="utf-8", newline="") as stream:
        writer = XmlWriter(stream.write, version="9.0", kind=kind)
        if kind == "output":
            writer.mark("PG5yPjwvbnI+AA==")
        for index in range(count):
            writer.record(_record(index))
        writer.close()
    records = b",".join(orjson.dumps(_record(index)) for index in range(count))
    if kind == "input":
        json_.write_bytes(b"[" + records + b"]")
    else:  # the mark after the records: the XML writer must still put it first
        json_.write_bytes(b'{"ActivityRecordList":[' + records + b'],"ContinuationMark":"PG5yPjwvbnI+AA=="}')
    return {"xml": xml, "json": json_}


def _peak(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("kind", "source", "target"),
    [
        ("input", "xml", "json"),
        ("output", "json", "xml"),
        ("output", "xml", "ndjson"),
        ("input", "json", "ndjson"),
    ],
)
def test_conversion_memory_does_not_grow_with_the_records(
    tmp_path: Path, kind: Kind, source: Format, target: str
) -> None:
    def run(path: Path) -> Callable[[], object]:
        def action() -> None:
            with prepare_input(path) as inp, open(os.devnull, "wb") as out:
                transcode(inp, out, to=target, fmt=source, version="9.0", kind=kind)  # type: ignore[arg-type]

        return action

    run(_write_documents(tmp_path, 20, kind)[source])()  # warm up: imports and caches
    small = _write_documents(tmp_path, 1_000, kind)[source]
    big = _write_documents(tmp_path, 8_000, kind)[source]
    small_peak, big_peak = _peak(run(small)), _peak(run(big))
    assert big_peak < 1.5 * small_peak + 128 * 1024, (small_peak, big_peak)
    assert big_peak < big.stat().st_size / 2, (big_peak, big.stat().st_size)
