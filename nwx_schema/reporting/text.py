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

import click

from nwx_schema.issues import Issue
from nwx_schema.reporting.base import Reporter, omitted_note, printable, summary_line
from nwx_schema.reporting.outcome import FileOutcome, Summary

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
    """Streams findings as they come, file by file, and ends with the summary line."""

    def file(self, outcome: FileOutcome) -> str:
        lines = [format_issue(outcome.path, i, color=self.context.color) for i in outcome.shown]
        note = omitted_note(outcome, self.context.max_errors)
        if note:
            lines.append(f"{printable(outcome.path)}: {note}")
        return "".join(line + "\n" for line in lines)

    def end(self, summary: Summary) -> str:
        text = summary_line(summary)
        if self.context.color:
            text = click.style(text, fg="green" if summary.ok else "red", bold=True)
        return text + "\n"
