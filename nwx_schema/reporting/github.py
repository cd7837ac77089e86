"""The ``github`` format: GitHub Actions workflow commands, one annotation per finding.

``::error file=PATH,line=N,col=M,title=CODE::message [pointer]`` (``::warning`` for
warnings); ``line`` and ``col`` are left out when unknown. Data is escaped as the Actions
toolkit does (``%``, CR, LF) and property values also escape ``:`` and ``,``. The run
ends with the plain summary line, which Actions shows as log text.
"""

from __future__ import annotations

from nwx_schema.issues import Issue
from nwx_schema.reporting.base import (
    RenderContext,
    Reporter,
    Writer,
    omitted_note,
    printable,
    relative_path,
    summary_line,
)
from nwx_schema.reporting.outcome import FileResult, Summary


def escape_data(text: str) -> str:
    """Escape the message part of a workflow command (other control characters are
    shown as visible escapes: a log line must not drive the viewer's terminal)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(text)


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``) of a workflow command."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, str], message: str) -> str:
    """``::name k=v,k=v::message`` with everything escaped."""
    props = ",".join(f"{k}={escape_property(v)}" for k, v in properties.items())
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def annotate(path: str, issue: Issue) -> str:
    """The workflow command of one finding."""
    properties = {"file": path}
    if issue.line is not None:
        properties["line"] = str(issue.line)
        if issue.column is not None:
            properties["col"] = str(issue.column)
    properties["title"] = issue.code
    message = issue.message + (f" [{issue.pointer}]" if issue.pointer else "")
    return command("error" if issue.severity == "error" else "warning", properties, message)


class GithubReporter(Reporter):
    """Writes one annotation per finding as it comes (every finding: no grouping)."""

    def __init__(self, context: RenderContext, out: Writer) -> None:
        super().__init__(context, out)
        self._path = ""
        #: (severity, code, message) -> the escaped text around the position and pointer
        self._parts: dict[tuple[str, str, str], tuple[str, str]] = {}

    def begin_file(self, path: str) -> None:
        self._path = relative_path(path, self.context.cwd)
        self._parts.clear()

    def issue(self, issue: Issue) -> None:
        """:func:`annotate`'s line, its escaped parts written once per file and message
        (escaping works character by character, so the parts join as the whole would)."""
        key = (issue.severity, issue.code, issue.message)
        parts = self._parts.get(key)
        if parts is None:
            if len(self._parts) >= 256:
                self._parts.clear()
            name = "error" if issue.severity == "error" else "warning"
            parts = self._parts[key] = (
                f"::{name} file={escape_property(self._path)}",
                f",title={escape_property(issue.code)}::{escape_data(issue.message)}",
            )
        head, tail = parts
        line, pointer = issue.line, issue.pointer
        if line is not None:
            head += f",line={line}" if issue.column is None else f",line={line},col={issue.column}"
        if pointer:
            tail += " [" + (pointer if pointer.isprintable() and "%" not in pointer else escape_data(pointer)) + "]"
        self.out.write(head + tail + "\n")

    def end_file(self, result: FileResult) -> None:
        note = omitted_note(result, self.context.max_errors)
        if note:
            self.out.write(command("notice", {"file": self._path, "title": "nwx-schema"}, note) + "\n")

    def end_run(self, summary: Summary) -> None:
        lines = [
            command("error", {"file": relative_path(u.path, self.context.cwd)}, f"cannot read: {u.reason}")
            for u in summary.unreadable
        ]
        lines.append(summary_line(summary))
        self.out.write("".join(line + "\n" for line in lines))
