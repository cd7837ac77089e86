"""A batch of files to check: finding them under the paths given, and what a worker needs
to check one of them (checking itself: :mod:`nwx_schema.reporting.stream`).

Directories are searched recursively for ``*.xml`` and ``*.json`` (any case), in sorted
order, skipping hidden files and directories and ``node_modules``/``__pycache__``/
``.venv``-style folders. Files named explicitly are checked whatever their extension.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from nwx_schema.reporting.outcome import Policy, Unreadable

SUFFIXES: Final = (".xml", ".json")
SKIPPED_DIRS: Final = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})


@dataclass(frozen=True, slots=True)
class Target:
    """One document to check: a file, or the bytes of standard input.

    Attributes:
        path: the name shown in reports.
        file: the file to read; ``None`` for standard input.
        data: the bytes of standard input.
    """

    path: str
    file: str | None = None
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class Job:
    """What a worker needs to check one target (picklable)."""

    target: Target
    api_version: str = "auto"
    kind: str = "auto"
    fmt: str = "auto"
    policy: Policy = field(default_factory=Policy)
    #: where a worker process writes its spool file (``None``: the system's temporary folder).
    spool_dir: str | None = None


@dataclass(slots=True)
class Found:
    """The result of :func:`find_targets`."""

    targets: list[Target]
    missing: list[Unreadable]
    empty_dirs: list[str]

    @property
    def total_bytes(self) -> int:
        """The size of every target (files that cannot be read count 0)."""
        total = 0
        for target in self.targets:
            if target.file is None:
                total += len(target.data or b"")
                continue
            with contextlib.suppress(OSError):
                total += os.stat(target.file).st_size
        return total


def find_targets(paths: Sequence[str], *, stdin: Target | None = None) -> Found:
    """Expand the paths given on the command line, in order, without duplicates.

    ``-`` stands for ``stdin`` (which must then be given). A path that does not exist, or a
    directory that cannot be listed, is reported in ``missing``; a directory holding no
    file to check in ``empty_dirs``.
    """
    found = Found([], [], [])
    seen: set[str] = set()

    def add(target: Target) -> None:
        key = target.path if target.file is None else os.path.normcase(os.path.abspath(target.file))
        if key not in seen:
            seen.add(key)
            found.targets.append(target)

    for path in paths:
        if path == "-":
            assert stdin is not None, "standard input was not read"
            add(stdin)
        elif os.path.isdir(path):
            files = _walk(path, found.missing)
            if not files:
                found.empty_dirs.append(path)
            for file in files:
                add(Target(path=file, file=file))
        elif os.path.exists(path):
            add(Target(path=path, file=path))
        else:
            found.missing.append(Unreadable(path, "No such file or directory"))
    return found


def _walk(root: str, unreadable: list[Unreadable]) -> list[str]:
    hits: list[tuple[tuple[str, ...], str]] = []

    def report(err: OSError) -> None:
        unreadable.append(Unreadable(str(err.filename or root), err.strerror or str(err)))

    for directory, dirnames, filenames in os.walk(root, onerror=report):
        dirnames[:] = [d for d in dirnames if not _skipped(d)]
        for name in filenames:
            if not name.startswith(".") and name.lower().endswith(SUFFIXES):
                full = os.path.normpath(os.path.join(directory, name))
                hits.append((Path(os.path.relpath(full, root)).parts, full))
    return [full for _, full in sorted(hits)]


def _skipped(dirname: str) -> bool:
    return dirname.startswith(".") or dirname in SKIPPED_DIRS
