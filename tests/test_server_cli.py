"""`nwx-schema serve` and `nwx-schema report` as commands: help, misuse, environment errors."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from nwx_schema.cli import cli


def serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nwx_schema", "serve", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_server_cli_help_lists_the_options() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ["--host", "--port", "--tls", "--cert", "--key", "--tls-self-signed", "--store",
                   "--api-version", "--max-body-mb", "--groups", "--user", "--accept-windows-auth"]:  # fmt: skip
        assert option in result.output
    result = CliRunner().invoke(cli, ["report", "--help"])
    assert result.exit_code == 0
    assert "--fail-on-rejected" in result.output and "--output-format" in result.output


def test_server_cli_without_the_server_extra_prints_an_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any) -> Any:
        return None if name == "aiohttp" else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    result = CliRunner().invoke(cli, ["serve", "--port", "0"])
    assert result.exit_code == 2
    assert "pip install 'nwx-schema[server]'" in result.output
    assert "missing: aiohttp" in result.output


def test_server_cli_port_in_use_exits_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = serve("--port", str(port), "--store", str(tmp_path / "s.sqlite3"))
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


def test_server_cli_store_that_is_not_a_store_exits_2(tmp_path: Path) -> None:
    store = tmp_path / "notes.txt"
    store.write_text("hello, this is not SQLite" * 100)
    done = serve("--port", "0", "--store", str(store))
    assert done.returncode == 2
    assert "not an nwx-schema store" in done.stderr or "cannot open the store" in done.stderr
    assert store.read_text() == "hello, this is not SQLite" * 100
    report = subprocess.run(
        [sys.executable, "-m", "nwx_schema", "report", "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert report.returncode == 2 and "Traceback" not in report.stderr


@pytest.mark.parametrize(
    ("content", "message"), [("{", "is not JSON"), ('{"G": "x"}', "must be a JSON object")]
)
def test_server_cli_bad_groups_file_exits_2(tmp_path: Path, content: str, message: str) -> None:
    groups = tmp_path / "groups.json"
    groups.write_text(content)
    done = serve("--port", "0", "--store", str(tmp_path / "s.sqlite3"), "--groups", str(groups))
    assert done.returncode == 2
    assert message in done.stderr
    missing = serve(
        "--port", "0", "--store", str(tmp_path / "s.sqlite3"), "--groups", str(tmp_path / "none.json")
    )
    assert missing.returncode == 2 and "cannot read the groups file" in missing.stderr
