"""The reporter protocol shared by every output format, and helpers they all use."""

from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass

from nwx_schema.reporting.outcome import FileOutcome, Summary


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What a reporter needs to know about the run besides the outcomes.

    Attributes:
        color: use ANSI colour (text format only; decided by the CLI from the TTY,
            ``--color`` and ``NO_COLOR``).
        cwd: directory that paths are shown relative to in SARIF and GitHub output.
        max_errors: the ``--max-errors`` value, quoted when errors were omitted.
    """

    color: bool = False
    cwd: str = "."
    max_errors: int | None = None


class Reporter(ABC):
    """Renders a run as text, chunk by chunk.

    The CLI writes what :meth:`begin` returns, then what :meth:`file` returns for each
    checked file in input order, then what :meth:`end` returns. Formats that need the
    whole run (JSON, JUnit, SARIF) collect in :meth:`file` and write everything in
    :meth:`end`; line formats (text, GitHub) stream.
    """

    def __init__(self, context: RenderContext) -> None:
        self.context = context

    def begin(self) -> str:
        """Text written before the first file."""
        return ""

    @abstractmethod
    def file(self, outcome: FileOutcome) -> str:
        """Text written for one checked file (may be empty)."""

    @abstractmethod
    def end(self, summary: Summary) -> str:
        """Text written after the last file."""


_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe for a one-line terminal or log format: control characters (line
    breaks, escape sequences that could drive the terminal) and bidirectional overrides are
    written as visible ``\\n``, ``\\xNN`` or ``\\uNNNN`` escapes; everything else is kept.
    Payload values quoted in messages, and file names, can hold anything."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = {"\n": "\\n", "\r": "\\r"}.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plural(count: int, word: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def relative_path(path: str, cwd: str) -> str:
    """``path`` relative to ``cwd`` with forward slashes when it lies inside ``cwd``;
    otherwise absolute. Names that are not paths (``<stdin>``) are kept as they are."""
    if path.startswith("<") and path.endswith(">"):
        return path
    absolute = os.path.abspath(path)
    base = os.path.abspath(cwd)
    try:
        common = os.path.commonpath([absolute, base])
    except ValueError:  # another drive on Windows
        return absolute.replace(os.sep, "/")
    if common != base:
        return absolute.replace(os.sep, "/")
    return os.path.relpath(absolute, base).replace(os.sep, "/")


def omitted_note(outcome: FileOutcome, max_errors: int | None) -> str:
    """``12 more errors not shown (--max-errors 5)``, or ``""`` when none were omitted."""
    if not outcome.omitted:
        return ""
    limit = f" (--max-errors {max_errors})" if max_errors is not None else ""
    return f"{outcome.omitted} more {'error' if outcome.omitted == 1 else 'errors'} not shown{limit}"


def summary_line(summary: Summary) -> str:
    """``3 files checked: 1 valid, 2 invalid; 5 errors, 1 warning``, plus what was
    omitted or unreadable."""
    text = (
        f"{plural(summary.files, 'file')} checked: {summary.valid} valid, {summary.invalid} invalid; "
        f"{plural(summary.errors, 'error')}, {plural(summary.warnings, 'warning')}"
    )
    if summary.omitted:
        text += f" ({summary.omitted} not shown)"
    if summary.unreadable:
        text += f"; {plural(len(summary.unreadable), 'path')} could not be read"
    return text
