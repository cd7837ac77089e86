"""Writing a file so that an interruption never leaves it half-written.

The new content goes to a temporary file in the same directory, is flushed to disk and
read back (it must be exactly the bytes that were validated), takes the original's
permission bits, and is then renamed over the original with :func:`os.replace`, which is
atomic on POSIX and Windows. If anything fails before the rename, the original is intact
and the temporary file is removed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class ReadBackError(OSError):
    """The temporary file does not hold the bytes written (a failing disk or filesystem)."""


def write_atomic(path: Path, data: bytes, *, backup_suffix: str | None = None) -> Path | None:
    """Replace the content of ``path`` by ``data`` atomically; returns the backup path.

    With ``backup_suffix``, the original content is first kept as ``path + suffix`` (itself
    written atomically, same permissions). The new file keeps the original's permission
    bits (and, where allowed, its owner and group); a new file gets the default ones (umask
    applied). A symbolic link is followed: the file it points to is replaced, the link stays.

    Raises:
        OSError: the directory is not writable, the disk is full... The original is intact.
    """
    path = Path(os.path.realpath(path))
    mode = _mode_of(path)
    backup = None
    if backup_suffix:
        backup = path.with_name(path.name + backup_suffix)
        _replace_with(backup, path.read_bytes(), mode, path)
    _replace_with(path, data, mode, path)
    return backup


def _mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


def _replace_with(path: Path, data: bytes, mode: int | None, original: Path) -> None:
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".nwx-tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if temp.read_bytes() != data:
            raise ReadBackError(f"{temp}: the bytes read back differ from the bytes written")
        if mode is not None:
            os.chmod(temp, mode)
            _copy_owner(original, temp)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _sync_directory(path.parent)


def _copy_owner(source: Path, target: Path) -> None:
    """Give ``target`` the owner and group of ``source`` when the platform and rights allow."""
    chown = getattr(os, "chown", None)
    if chown is None:
        return
    info = source.stat()
    if (info.st_uid, info.st_gid) == (os.getuid(), os.getgid()):
        return
    with contextlib.suppress(OSError):
        chown(target, info.st_uid, info.st_gid)


def _sync_directory(directory: Path) -> None:
    """Make the rename durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
