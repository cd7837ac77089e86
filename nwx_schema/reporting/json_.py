"""The ``json`` format: one JSON document on standard output, written as the findings come.

Shape (keys may be added in later releases, never renamed or removed)::

    {"files": [{"path",
                "issues": [{"code", "severity", "message", "line", "column",
                            "pointer", "xpath", "record"}],
                "format", "api_version", "kind", "valid", "records",
                "errors", "warnings", "omitted"}],
     "unreadable": [{"path", "reason"}],
     "summary": {"files", "valid", "invalid", "errors", "warnings", "omitted",
                 "unreadable"}}

The ``issues`` array of a file is streamed, one finding at a time, so what is only known
once the file is read (its counts, validity, format, kind and version) follows it.
``valid`` follows ``--warnings-as-errors``; ``issues`` holds what ``--max-errors`` let
through, and ``errors`` / ``warnings`` count everything found (``omitted`` says how many
errors are not listed). The text is exactly what ``json.dumps(document, indent=2,
ensure_ascii=False)`` writes.
"""

from __future__ import annotations

from json.encoder import encode_basestring

from nwx_schema.issues import Issue
from nwx_schema.reporting.base import RenderContext, Reporter, Writer
from nwx_schema.reporting.jsonout import ArrayWriter, dumps, encoded
from nwx_schema.reporting.outcome import FileResult, Summary

_FILE = 4  # a file object's indentation
_KEY = " " * (_FILE + 2)


_PAD = ",\n" + " " * (_FILE + 6)


def _issue_text(issue: Issue) -> str:
    """``dumps(issue.to_dict(), ...)`` at a finding's depth, from a template (several
    times quicker on hundreds of thousands of findings; a test holds them equal)."""
    p = _PAD
    pointer = "null" if issue.pointer is None else encode_basestring(issue.pointer)
    xpath = "null" if issue.xpath is None else encode_basestring(issue.xpath)
    return (
        f"{{{p[1:]}\"code\": {encoded(issue.code)}{p}\"severity\": {encoded(issue.severity)}"
        f"{p}\"message\": {encoded(issue.message)}{p}\"line\": {_number(issue.line)}"
        f"{p}\"column\": {_number(issue.column)}{p}\"pointer\": {pointer}{p}\"xpath\": {xpath}"
        f"{p}\"record\": {_number(issue.record)}\n{' ' * (_FILE + 4)}}}"
    )


def _number(value: int | None) -> str:
    return "null" if value is None else int.__repr__(value)


class JsonReporter(Reporter):
    """Writes the document as it goes: a file object per file, its findings streamed."""

    def __init__(self, context: RenderContext, out: Writer) -> None:
        super().__init__(context, out)
        self._files = ArrayWriter(out, 2)
        self._issues = ArrayWriter(out, _FILE + 2)

    def begin_run(self) -> None:
        self.out.write('{\n  "files": ')
        self._files.open()

    def begin_file(self, path: str) -> None:
        self._files.add_text(f'{{\n{_KEY}"path": {dumps(path)},\n{_KEY}"issues": ')
        self._issues.open()

    def issue(self, issue: Issue) -> None:
        self._issues.add_text(_issue_text(issue))

    def end_file(self, result: FileResult) -> None:
        self._issues.close()
        tail = {
            "format": result.format,
            "api_version": result.api_version,
            "kind": result.kind,
            "valid": result.valid,
            "records": result.records,
            "errors": result.errors,
            "warnings": result.warnings,
            "omitted": result.omitted,
        }
        self.out.write("".join(f",\n{_KEY}{dumps(k)}: {dumps(v)}" for k, v in tail.items()))
        self.out.write("\n" + " " * _FILE + "}")

    def end_run(self, summary: Summary) -> None:
        self._files.close()
        unreadable = [{"path": u.path, "reason": u.reason} for u in summary.unreadable]
        totals = {
            "files": summary.files,
            "valid": summary.valid,
            "invalid": summary.invalid,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "omitted": summary.omitted,
            "unreadable": len(summary.unreadable),
        }
        self.out.write(f',\n  "unreadable": {dumps(unreadable, 2)},\n  "summary": {dumps(totals, 2)}\n}}\n')
