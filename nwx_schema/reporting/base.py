"""The reporter protocol shared by every output format, and helpers they all use."""

from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from nwx_schema.issues import Issue
from nwx_schema.reporting.outcome import FileResult, Summary, Unreadable


class ReportError(Exception):
    """The report could not be written (where it was written, what went wrong was said)."""


class Writer(Protocol):
    """Where a reporter writes: standard output, a file, a :class:`io.StringIO`."""

    def write(self, text: str, /) -> object: ...


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What a reporter needs to know about the run besides the findings.

    Attributes:
        color: use ANSI colour (text format only; decided by the CLI from the TTY,
            ``--color`` and ``NO_COLOR``).
        cwd: directory that paths are shown relative to in SARIF and GitHub output.
        max_errors: the ``--max-errors`` value, quoted when errors were omitted.
        max_per_code: text format only: per file and code, show the first N findings
            and then one line saying how many more there were; 0 shows them all.
    """

    color: bool = False
    cwd: str = "."
    max_errors: int | None = None
    max_per_code: int = 0


class Reporter(ABC):
    """Renders a run as events arrive, writing straight to ``out``.

    The CLI calls :meth:`begin_run`; then for each checked file, in input order,
    :meth:`begin_file`, :meth:`issues` with the findings to show (a list at a time, in
    document order, already filtered by the policy; by default :meth:`issue` each) and
    :meth:`end_file` with the file's counts; :meth:`unreadable` for each path that could not be checked; and
    :meth:`end_run` with the totals. No reporter keeps the findings: line formats write
    each one at once, JSON and SARIF write their document incrementally, JUnit spools
    its body to a temporary file. Memory does not grow with the number of findings.
    """

    def __init__(self, context: RenderContext, out: Writer) -> None:
        self.context = context
        self.out = out

    def begin_run(self) -> None:  # noqa: B027 - a hook most formats need not fill in
        """Before the first file."""

    def begin_file(self, path: str) -> None:  # noqa: B027 - a hook
        """A file's findings follow (``path`` is the name shown for it)."""

    @abstractmethod
    def issue(self, issue: Issue) -> None:
        """One finding to show, of the file begun last."""

    def issues(self, issues: Sequence[Issue]) -> None:
        """Findings to show, of the file begun last, in order (as many :meth:`issue`
        calls; a format may write them together)."""
        show = self.issue
        for issue in issues:
            show(issue)

    @abstractmethod
    def end_file(self, result: FileResult) -> None:
        """The file begun last is done: its counts, validity, kind, version, format."""

    def unreadable(self, unreadable: Unreadable) -> None:  # noqa: B027 - a hook
        """A path that could not be checked (also in the summary given to
        :meth:`end_run`, where formats that list such paths after the files take them)."""

    @abstractmethod
    def end_run(self, summary: Summary) -> None:
        """After the last file: the totals, and the paths that could not be read."""


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


def omitted_note(result: FileResult, max_errors: int | None) -> str:
    """``12 more errors not shown (--max-errors 5)``, or ``""`` when none were omitted."""
    if not result.omitted:
        return ""
    limit = f" (--max-errors {max_errors})" if max_errors is not None else ""
    return f"{result.omitted} more {'error' if result.omitted == 1 else 'errors'} not shown{limit}"


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
