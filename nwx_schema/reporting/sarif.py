"""The ``sarif`` format: SARIF 2.1.0, as GitHub code scanning and other SAST dashboards
read it.

One run; ``tool.driver.rules`` is the whole catalogue of codes (id, short and full
description, help, default level). One result per finding shown, with ``ruleId``,
``level``, the message, a ``physicalLocation`` (the path relative to the working directory,
and a ``region`` with ``startLine``/``startColumn`` when the position is known: SARIF
requires ``startLine >= 1``, so the region is left out otherwise) and
``logicalLocations`` carrying the XPath and the JSON Pointer. Paths that could not be read
become tool execution notifications, and make ``executionSuccessful`` false.

The results are streamed, one at a time, so the run's ``invocations`` (known only at the
end) follow them; the text is what ``json.dumps(log, indent=2, ensure_ascii=False)``
writes.
"""

from __future__ import annotations

import os
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from nwx_schema import __version__
from nwx_schema.issues import Issue
from nwx_schema.reporting.base import RenderContext, Reporter, Writer, omitted_note, relative_path
from nwx_schema.reporting.jsonout import ArrayWriter, dumps, encoded
from nwx_schema.reporting.outcome import FileResult, Summary

SARIF_SCHEMA: Final = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI: Final = "https://pypi.org/project/nwx-schema/"
_RUN: Final = 4  # the run object's indentation
_RESULT: Final = _RUN + 4  # a result's
_INDENTS: Final = tuple("\n" + " " * (_RESULT + 2 * n) for n in range(1, 6))
_CLOSE: Final = "\n" + " " * _RESULT + "}"


def rules() -> list[dict[str, Any]]:
    """``reportingDescriptor`` objects for every code of the catalogue, in code order."""
    from nwx_schema.codes import CATALOGUE

    return [
        {
            "id": c.code,
            "name": _rule_name(c.title),
            "shortDescription": {"text": c.title},
            "fullDescription": {"text": c.meaning},
            "help": {
                "text": f"{c.fix}\nExample: {c.example}",
                "markdown": f"{c.fix}\n\nExample: `{c.example}`",
            },
            "defaultConfiguration": {"level": c.severity},
        }
        for c in sorted(CATALOGUE.values(), key=lambda c: c.code)
    ]


def _rule_name(title: str) -> str:
    """A PascalCase identifier for ``reportingDescriptor.name`` (``required field
    missing`` -> ``RequiredFieldMissing``)."""
    words = "".join(ch if ch.isalnum() else " " for ch in title).split()
    return "".join(w[:1].upper() + w[1:] for w in words)


def artifact_uri(path: str, cwd: str) -> str:
    """A URI reference for a path: relative (``fixtures/a%20b.xml``) inside ``cwd``,
    ``file:///...`` outside it."""
    shown = relative_path(path, cwd)
    if os.path.isabs(shown):
        return Path(shown).as_uri()
    return quote(shown)


class SarifReporter(Reporter):
    """Writes the log as it goes: the run's tool and rules first, then one result per
    finding as it comes, then the invocation (which needs the whole run: paths that
    could not be read, notes on omitted errors)."""

    def __init__(self, context: RenderContext, out: Writer) -> None:
        super().__init__(context, out)
        self._index: dict[str, int] = {}
        self._results = ArrayWriter(out, _RUN + 2)
        self._uri = ""
        self._uri_json = '""'
        self._notes: list[dict[str, Any]] = []
        #: (code, severity, message) -> the fixed parts of its results in this file
        self._parts: dict[tuple[str, str, str], tuple[str, str]] = {}

    def begin_run(self) -> None:
        table = rules()
        self._index = {rule["id"]: n for n, rule in enumerate(table)}
        tool = {
            "driver": {
                "name": "nwx-schema",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": table,
            }
        }
        pad = " " * (_RUN + 2)
        self.out.write(
            f'{{\n  "$schema": {dumps(SARIF_SCHEMA)},\n  "version": "2.1.0",\n  "runs": [\n'
            f'{" " * _RUN}{{\n{pad}"tool": {dumps(tool, _RUN + 2)},\n'
            f'{pad}"columnKind": "unicodeCodePoints",\n{pad}"results": '
        )
        self._results.open()

    def begin_file(self, path: str) -> None:
        self._uri = artifact_uri(path, self.context.cwd)
        self._uri_json = encode_basestring(self._uri)
        self._parts.clear()

    def issue(self, issue: Issue) -> None:
        self._results.add_text(self._result_text(issue))

    def _result_text(self, issue: Issue) -> str:
        """:meth:`_result` as ``dumps`` writes it at the results' depth, from a template
        (several times quicker on hundreds of thousands of findings; a test holds them
        equal). What depends on the code and message alone is written once per file."""
        i1, i2, i3, i4, i5 = _INDENTS
        key = (issue.code, issue.severity, issue.message)
        parts = self._parts.get(key)
        if parts is None:
            if len(self._parts) >= 256:
                self._parts.clear()
            parts = self._parts[key] = self._parts_of(issue)
        head, tail = parts
        line, column = issue.line, issue.column
        text = head
        if line is not None and line >= 1:
            text += f',{i4}"region": {{{i5}"startLine": {line}'
            if column is not None and column >= 1:
                text += f',{i5}"startColumn": {column}'
            text += f"{i4}}}"
        text += f"{i3}}}"
        xpath, pointer, record = issue.xpath, issue.pointer, issue.record
        xpath_json = "" if xpath is None else encode_basestring(xpath)
        pointer_json = "" if pointer is None else encode_basestring(pointer)
        if xpath or pointer:
            text += f',{i3}"logicalLocations": ['
            if xpath:
                kind = "attribute" if "/@" in xpath else "element"
                text += f'{i4}{{{i5}"fullyQualifiedName": {xpath_json},{i5}"kind": "{kind}"{i4}}}'
            if pointer:
                text += "," if xpath else ""
                text += f'{i4}{{{i5}"fullyQualifiedName": {pointer_json},{i5}"kind": "value"{i4}}}'
            text += f"{i3}]"
        text += tail
        if pointer is None and xpath is None and record is None:
            return text + "{}" + _CLOSE
        properties = []
        if pointer is not None:
            properties.append(f'{i2}"pointer": {pointer_json}')
        if xpath is not None:
            properties.append(f'{i2}"xpath": {xpath_json}')
        if record is not None:
            properties.append(f'{i2}"record": {int.__repr__(record)}')
        return text + "{" + ",".join(properties) + f"{i1}}}" + _CLOSE

    def _parts_of(self, issue: Issue) -> tuple[str, str]:
        """The text of a result before its region, and after its locations up to its
        properties' value, for this file and this code, severity and message."""
        i1, i2, i3, i4, i5 = _INDENTS
        head = (
            f'{{{i1}"ruleId": {encoded(issue.code)},{i1}"level": {encoded(issue.severity)},'
            f'{i1}"message": {{{i2}"text": {encode_basestring(issue.message)}{i1}}},'
            f'{i1}"locations": [{i2}{{{i3}"physicalLocation": {{{i4}"artifactLocation": '
            f'{{{i5}"uri": {self._uri_json}{i4}}}'
        )
        tail = f"{i2}}}{i1}]"
        index = self._index.get(issue.code)
        if index is not None:
            tail += f',{i1}"ruleIndex": {index}'
        return head, tail + f',{i1}"properties": '

    def end_file(self, result: FileResult) -> None:
        note = omitted_note(result, self.context.max_errors)
        if note:
            self._notes.append(_notification("note", f"{result.path}: {note}", self._uri))

    def _result(self, issue: Issue, uri: str) -> dict[str, Any]:
        physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
        if issue.line is not None and issue.line >= 1:
            region: dict[str, int] = {"startLine": issue.line}
            if issue.column is not None and issue.column >= 1:
                region["startColumn"] = issue.column
            physical["region"] = region
        location: dict[str, Any] = {"physicalLocation": physical}
        logical = []
        if issue.xpath:
            kind = "attribute" if "/@" in issue.xpath else "element"
            logical.append({"fullyQualifiedName": issue.xpath, "kind": kind})
        if issue.pointer:
            logical.append({"fullyQualifiedName": issue.pointer, "kind": "value"})
        if logical:
            location["logicalLocations"] = logical
        result: dict[str, Any] = {
            "ruleId": issue.code,
            "level": issue.severity,
            "message": {"text": issue.message},
            "locations": [location],
        }
        if issue.code in self._index:
            result["ruleIndex"] = self._index[issue.code]
        properties = {"pointer": issue.pointer, "xpath": issue.xpath, "record": issue.record}
        result["properties"] = {k: v for k, v in properties.items() if v is not None}
        return result

    def end_run(self, summary: Summary) -> None:
        self._results.close()
        notes = self._notes + [
            _notification(
                "error", f"cannot read {u.path}: {u.reason}", artifact_uri(u.path, self.context.cwd)
            )
            for u in summary.unreadable
        ]
        invocation: dict[str, Any] = {"executionSuccessful": not summary.unreadable}
        if notes:
            invocation["toolExecutionNotifications"] = notes
        pad = " " * (_RUN + 2)
        self.out.write(f',\n{pad}"invocations": {dumps([invocation], _RUN + 2)}\n{" " * _RUN}}}\n  ]\n}}\n')


def _notification(level: str, text: str, uri: str) -> dict[str, Any]:
    return {
        "level": level,
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
    }
