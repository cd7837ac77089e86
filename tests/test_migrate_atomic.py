"""Atomic writes: the original is replaced whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from nwx_schema.migration.atomic import ReadBackError, write_atomic


def test_write_atomic_replaces_content_keeps_mode_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "a.ps1"
    path.write_bytes(b"old")
    os.chmod(path, 0o751)

    backup = write_atomic(path, b"new")

    assert backup is None
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o751
    assert [p.name for p in tmp_path.iterdir()] == ["a.ps1"]


def test_write_atomic_backup_holds_the_original(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"\xff\xfeo\x00")

    backup = write_atomic(path, b"new", backup_suffix=".bak")

    assert backup == tmp_path / "a.json.bak"
    assert backup.read_bytes() == b"\xff\xfeo\x00" and path.read_bytes() == b"new"


def test_write_atomic_follows_a_symbolic_link(tmp_path: Path) -> None:
    target = tmp_path / "real.xml"
    target.write_bytes(b"old")
    link = tmp_path / "link.xml"
    link.symlink_to(target)

    write_atomic(link, b"new")

    assert link.is_symlink() and target.read_bytes() == b"new"


def test_write_atomic_failed_rename_keeps_the_original_and_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.xml"
    path.write_bytes(b"old")

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("nwx_schema.migration.atomic.os.replace", interrupted)

    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.xml"]


def test_write_atomic_refuses_a_temporary_file_that_does_not_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.xml"
    path.write_bytes(b"old")
    real_read = Path.read_bytes

    def corrupt(self: Path) -> bytes:
        data = real_read(self)
        return data[:-1] if self.name.endswith(".nwx-tmp") else data

    monkeypatch.setattr(Path, "read_bytes", corrupt)

    with pytest.raises(ReadBackError):
        write_atomic(path, b"new")
    assert real_read(path) == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.xml"]
