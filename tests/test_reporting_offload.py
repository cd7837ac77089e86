"""The report written by a child process (`nwx_schema.reporting.offload`): byte for byte
the report written in-process, the same exit codes, and clear failures when the report
cannot be written."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest

from nwx_schema.reporting import REPORTERS, RenderContext, create_reporter, offload

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the child is forked")

Done = subprocess.CompletedProcess[bytes]
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RECORD = {
    "Who": "CORP\\jdoe",
    "Action": "Modified",
    "What": "\\\\fs01\\share\\r\u00e9sum\u00e9.docx",
    "When": "2024-05-02T06:15:00+02:00",
    "Where": "fs01.corp.example",
    "ObjectType": "File",
}


def _records(n: int) -> list[dict[str, object]]:
    """Records with warnings (no plan, no item on some) and a few errors."""
    out: list[dict[str, object]] = []
    for i in range(n):
        record: dict[str, object] = dict(RECORD, Who=f"CORP\\user{i}")
        if i % 3:
            record["MonitoringPlan"] = {"Name": "Plan"}
        if i % 7 == 0:
            record["Action"] = "Deleted"  # NWX400, an error
        out.append(record)
    return out


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder: a JSON document big enough for the fast pass with thousands of findings,
    the same records as XML, a valid file, a broken one, and fixtures with every kind of
    finding."""
    folder = tmp_path_factory.mktemp("offload")
    records = _records(3000)
    (folder / "many.json").write_text(json.dumps(records, indent=1), encoding="utf-8")
    from nwx_schema import convert

    (folder / "many.xml").write_text(
        convert(json.dumps(records), to="xml", best_effort=True), encoding="utf-8"
    )
    (folder / "valid.json").write_text(
        json.dumps([dict(RECORD, MonitoringPlan={"Name": "P"}, Item={"Name": "I"})])
    )
    (folder / "broken.json").write_text('[{"Who": "x",', encoding="utf-8")
    for name in ("action-case-variant.json", "action-case-variant.xml"):
        shutil.copy(FIXTURES / "9.0" / "input" / "invalid" / name, folder / name)
    return folder


def _run(args: list[str], cwd: Path, mode: str, stdout: int | IO[bytes] = subprocess.PIPE) -> Done:
    env = dict(os.environ, NWX_SCHEMA_OFFLOAD=mode, NO_COLOR="1")
    env.pop("NWX_SCHEMA_TRACEBACK", None)
    return subprocess.run(
        [sys.executable, "-m", "nwx_schema", "validate", *args],
        cwd=cwd,
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("fmt", list(REPORTERS))
@pytest.mark.parametrize(
    "options",
    [
        ["many.json"],
        ["many.xml", "valid.json", "missing.json", "broken.json"],
        [".", "--max-errors", "5", "--max-per-code", "0"],
        [".", "--jobs", "2", "--ignore", "NWX604", "--warnings-as-errors"],
    ],
    ids=["one-file", "several-and-unreadable", "folder-max-errors", "workers"],
)
def test_the_child_writes_the_report_written_in_process(
    documents: Path, fmt: str, options: list[str]
) -> None:
    args = ["-o", fmt, *options]
    here = _run(args, documents, "0")
    child = _run(args, documents, "1")
    assert child.returncode == here.returncode
    assert here.returncode in (1, 2)
    assert child.stdout == here.stdout
    assert child.stderr == here.stderr
    assert b"Traceback" not in child.stderr
    assert len(here.stdout) > 1000


def test_large_inputs_are_reported_by_a_child_unless_told_not_to() -> None:
    assert offload.wanted(offload.OFFLOAD_FROM, environ={})
    assert not offload.wanted(offload.OFFLOAD_FROM - 1, environ={})
    assert not offload.wanted(10**9, environ={"NWX_SCHEMA_OFFLOAD": "0"})
    assert offload.wanted(0, environ={"NWX_SCHEMA_OFFLOAD": "1"})


def test_no_child_without_a_file_descriptor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under click's test runner (and pytest's capsys) standard output is no file: the
    reporter stays here, or what the child wrote would be lost."""
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    reporter = create_reporter("json", RenderContext(), io.StringIO())
    assert offload.offload(reporter, lambda: None) is reporter


def test_a_report_that_cannot_be_written_is_said_and_exits_2(documents: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full")
    with open("/dev/full", "wb") as full:
        done = _run(["-o", "json", "many.json"], documents, "1", stdout=full)
    assert done.returncode == 2
    assert b"cannot write the report" in done.stderr
    assert b"No space left on device" in done.stderr
    assert b"Traceback" not in done.stderr


def test_a_reader_that_goes_away_ends_the_run_as_in_process(documents: Path) -> None:
    """`nwx-schema validate -o json big.json | head -c 100`: exit 1, quietly."""
    codes = []
    for mode in ("0", "1"):
        process = subprocess.Popen(
            [sys.executable, "-m", "nwx_schema", "validate", "-o", "sarif", "many.json"],
            cwd=documents,
            env=dict(os.environ, NWX_SCHEMA_OFFLOAD=mode),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stderr is not None
        assert len(process.stdout.read(100)) == 100
        process.stdout.close()
        error = process.stderr.read()
        process.stderr.close()
        codes.append(process.wait(timeout=300))
        assert b"Traceback" not in error
    assert codes[0] == codes[1] == 1
