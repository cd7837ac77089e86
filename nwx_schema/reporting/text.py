"""The ``text`` format: one finding per line, compiler style, then a summary.

Each line reads ``path:line:column: severity CODE message [pointer]``. A line or column
that is not known prints as ``-`` (``path:-:-: error NWX101 ...``), so every line splits
on its first three ``:`` after the path the same way. The pointer (RFC 6901, into the
JSON form of the document, also for XML files) is shown when the finding is about a
place inside the document. Control characters in paths and messages are shown as
escapes, so one finding is always one line and a payload cannot drive the terminal.
Colour is added only when the context asks for it.
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from nwx_schema.finding_rows import FindingRows
from nwx_schema.issues import Issue
from nwx_schema.reporting.base import RenderContext, Reporter, Writer, omitted_note, printable, summary_line
from nwx_schema.reporting.outcome import FileResult, Summary

_SEVERITY_COLOURS = {"error": "red", "warning": "yellow"}


def format_issue(path: str, issue: Issue, *, color: bool = False) -> str:
    """One finding as a text line (without the newline)."""
    line = "-" if issue.line is None else str(issue.line)
    column = "-" if issue.column is None else str(issue.column)
    where = f"{printable(path)}:{line}:{column}:"
    severity: str = issue.severity
    code = issue.code
    if color:
        where = click.style(where, bold=True)
        severity = click.style(severity, fg=_SEVERITY_COLOURS.get(severity), bold=True)
        code = click.style(code, bold=True)
    text = f"{where} {severity} {code} {printable(issue.message)}"
    if issue.pointer:
        pointer = f"[{printable(issue.pointer)}]"
        text += " " + (click.style(pointer, dim=True) if color else pointer)
    return text


class TextReporter(Reporter):
    """Writes each finding as it comes, file by file, and ends with the summary line.

    With ``max_per_code`` N (``--max-per-code``), only the first N findings of each code
    are written per file; the file then ends with one ``... and K more CODE in FILE`` line
    per code that had more (in code order). Only counters are kept.
    """

    def __init__(self, context: RenderContext, out: Writer) -> None:
        super().__init__(context, out)
        self._path = ""
        self._seen: dict[str, int] = {}

    def begin_file(self, path: str) -> None:
        self._path = path
        self._seen = {}

    def issue(self, issue: Issue) -> None:
        limit = self.context.max_per_code
        if limit:
            seen = self._seen.get(issue.code, 0) + 1
            self._seen[issue.code] = seen
            if seen > limit:
                return
        self.out.write(format_issue(self._path, issue, color=self.context.color) + "\n")

    def issues(self, issues: Sequence[Issue]) -> None:
        """:meth:`issue` each; of rows (:class:`FindingRows`), only the findings shown are
        made into issues, the others only counted."""
        limit = self.context.max_per_code
        if not limit or not isinstance(issues, FindingRows):
            super().issues(issues)
            return
        seen = self._seen
        for at, code in enumerate(issues.codes()):
            count = seen[code] = seen.get(code, 0) + 1
            if count <= limit:
                self.out.write(format_issue(self._path, issues[at], color=self.context.color) + "\n")

    def end_file(self, result: FileResult) -> None:
        limit = self.context.max_per_code
        path = printable(result.path)
        for code, seen in sorted(self._seen.items()):
            if seen > limit:
                self.out.write(f"... and {seen - limit} more {code} in {path}\n")
        note = omitted_note(result, self.context.max_errors)
        if note:
            self.out.write(f"{path}: {note}\n")

    def end_run(self, summary: Summary) -> None:
        text = summary_line(summary)
        if self.context.color:
            text = click.style(text, fg="green" if summary.ok else "red", bold=True)
        self.out.write(text + "\n")
