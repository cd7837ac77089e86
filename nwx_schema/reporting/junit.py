"""The ``junit`` format: JUnit XML, as GitLab, Azure Pipelines and Jenkins read it.

One ``testcase`` per file (``classname="nwx-schema"``, ``name`` the path); an invalid file
has a ``failure`` whose message counts the errors and whose text lists every finding in
the text format; warnings of a valid file go to ``system-out``. A path that could not be
read is a testcase with an ``error``.

The suite's attributes count the whole run and its failures' attributes count the whole
file, but both come before what they count: the findings of a file are spooled to a
temporary file until the file is done, and the test cases to another until the run is
done, then copied out after the header. Memory stays bounded whatever the number of
findings. The text is what lxml's pretty printer writes for the same tree.
"""

from __future__ import annotations

import shutil
import tempfile
from typing import IO

from nwx_schema.issues import Issue
from nwx_schema.reporting.base import RenderContext, Reporter, Writer, omitted_note, plural, printable
from nwx_schema.reporting.outcome import FileResult, Summary
from nwx_schema.reporting.xmltext import xml_safe

SUITE_NAME = "nwx-schema"
_CASE = "    "
_CHILD = "      "


def escape_text(text: str) -> str:
    """Character data as lxml writes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def escape_attribute(text: str) -> str:
    """An attribute value (in double quotes) as lxml writes it."""
    return escape_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _tag(name: str, attributes: dict[str, str]) -> str:
    return name + "".join(f' {k}="{escape_attribute(xml_safe(v))}"' for k, v in attributes.items())


def _body_text(text: str) -> str:
    """Text of a failure's body as it is written (XML-safe, escaped)."""
    return escape_text(xml_safe(text))


def _spool() -> IO[str]:
    return tempfile.TemporaryFile("w+", encoding="utf-8", newline="")


class JunitReporter(Reporter):
    """Spools one testcase per file and writes the document at the end."""

    def __init__(self, context: RenderContext, out: Writer) -> None:
        super().__init__(context, out)
        self._cases: IO[str] | None = None
        self._body: IO[str] | None = None
        self._count = 0
        self._failures = 0
        self._path = ""
        self._lines = 0
        self._first_error: str | None = None
        self._first: str | None = None
        self._head = ""  # the file's part of each line, escaped
        #: (severity, code, message) -> the escaped end of its lines (before the pointer)
        self._tails: dict[tuple[str, str, str], str] = {}

    def begin_run(self) -> None:
        self._cases = _spool()
        self._body = _spool()

    def begin_file(self, path: str) -> None:
        assert self._body is not None
        self._path = path
        self._head = _body_text(printable(path) + ":")
        self._lines = 0
        self._first_error = self._first = None
        self._body.seek(0)
        self._body.truncate()

    def issue(self, issue: Issue) -> None:
        assert self._body is not None
        if self._first is None:
            self._first = issue.code
        if self._first_error is None and issue.severity == "error":
            self._first_error = issue.code
        # format_issue's line, escaped; escaping works character by character, so the
        # parts escaped once per file and message join as the whole line would
        key = (issue.severity, issue.code, issue.message)
        tail = self._tails.get(key)
        if tail is None:
            if len(self._tails) >= 256:
                self._tails.clear()
            tail = self._tails[key] = _body_text(f" {issue.severity} {issue.code} {printable(issue.message)}")
        line, column, pointer = issue.line, issue.column, issue.pointer
        text = f"{self._head}{'-' if line is None else line}:{'-' if column is None else column}:{tail}"
        if pointer:
            plain = pointer.isprintable() and "&" not in pointer and "<" not in pointer and ">" not in pointer
            text += f" [{pointer}]" if plain else _body_text(f" [{printable(pointer)}]")
        self._body.write(text + "\n")
        self._lines += 1

    def end_file(self, result: FileResult) -> None:
        assert self._body is not None and self._cases is not None
        note = omitted_note(result, self.context.max_errors)
        if note:
            self._body.write(escape_text(xml_safe(f"{result.path}: {note}\n")))
            self._lines += 1
        case = _tag("testcase", {"classname": SUITE_NAME, "name": result.path})
        if result.valid and not self._lines:
            self._cases.write(f"{_CASE}<{case}/>\n")
        else:
            if result.valid:
                child, name = "system-out", "system-out"
            else:
                self._failures += 1
                message = plural(result.errors, "error")
                if not result.errors:
                    message += ", " + plural(result.warnings, "warning")
                code = self._first_error or self._first or ""
                child, name = _tag("failure", {"message": message, "type": code}), "failure"
            self._cases.write(f"{_CASE}<{case}>\n{_CHILD}<{child}>")
            self._body.seek(0)
            shutil.copyfileobj(self._body, self._cases)
            self._cases.write(f"</{name}>\n{_CASE}</testcase>\n")
        self._count += 1

    def end_run(self, summary: Summary) -> None:
        assert self._cases is not None and self._body is not None
        for unreadable in summary.unreadable:
            case = _tag("testcase", {"classname": SUITE_NAME, "name": unreadable.path})
            error = _tag("error", {"message": "cannot read", "type": "unreadable"})
            reason = escape_text(xml_safe(unreadable.reason))
            self._cases.write(f"{_CASE}<{case}>\n{_CHILD}<{error}>{reason}</error>\n{_CASE}</testcase>\n")
            self._count += 1
        counts = {
            "tests": str(self._count),
            "failures": str(self._failures),
            "errors": str(len(summary.unreadable)),
        }
        suite = _tag("testsuite", {"name": SUITE_NAME, **counts, "skipped": "0"})
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(f"<{_tag('testsuites', {'name': SUITE_NAME, **counts})}>\n")
        if self._count:
            self.out.write(f"  <{suite}>\n")
            self._cases.seek(0)
            shutil.copyfileobj(self._cases, self.out)
            self.out.write("  </testsuite>\n")
        else:
            self.out.write(f"  <{suite}/>\n")
        self.out.write("</testsuites>\n")
        self._cases.close()
        self._body.close()
