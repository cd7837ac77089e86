"""The README's CI recipe for add-ons: examples/ci/check-addon.sh around the sample add-on."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from nwx_schema.validation import validate

ROOT = Path(__file__).resolve().parent.parent
ADDON = ROOT / "examples" / "addon"
SCRIPT = ROOT / "examples" / "ci" / "check-addon.sh"


def check_addon(tmp_path: Path, *batches: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        NWX_PORT="0",
        NWX_STORE=str(tmp_path / "ci.sqlite3"),
        NWX_SCHEMA=f"{shlex.quote(sys.executable)} -m nwx_schema",
    )
    return subprocess.run(
        [
            "bash",
            str(SCRIPT),
            sys.executable,
            str(ADDON / "post_records.py"),
            *(str(ADDON / b) for b in batches),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("name", ["batch.xml", "batch.json"])
def test_server_examples_sample_batches_are_valid(name: str) -> None:
    assert validate(ADDON / name, kind="input", api_version="9.0").issues == []


def test_server_examples_ci_recipe_passes_a_good_addon(tmp_path: Path) -> None:
    done = check_addon(tmp_path, "batch.xml", "batch.json")
    assert done.returncode == 0, done.stderr
    assert "batch.xml: 200 stored" in done.stdout and "batch.json: 200 stored" in done.stdout
    assert "Requests: 2, rejected: 0" in done.stdout
    assert "records stored: 3 (0 archive-only)" in done.stdout


def test_server_examples_ci_recipe_fails_a_rejected_batch(tmp_path: Path) -> None:
    done = check_addon(tmp_path, "batch.xml", "bad-batch.json")
    assert done.returncode == 1
    assert "bad-batch.json: refused with 400 Bad Request" in done.stderr
    assert "Requests: 2, rejected: 1" in done.stdout
    assert "NWX400 error at line 4, column 15" in done.stdout
    assert "add-on exit status 1, report exit status 1" in done.stderr
