"""The ``sarif`` format: SARIF 2.1.0, as GitHub code scanning and other SAST dashboards
read it.

One run; ``tool.driver.rules`` is the whole catalogue of codes (id, short and full
description, help, default level). One result per finding shown, with ``ruleId``,
``level``, the message, a ``physicalLocation`` (the path relative to the working directory,
and a ``region`` with ``startLine``/``startColumn`` when the position is known: SARIF
requires ``startLine >= 1``, so the region is left out otherwise) and
``logicalLocations`` carrying the XPath and the JSON Pointer. Paths that could not be read
become tool execution notifications, and make ``executionSuccessful`` false.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

from nwx_schema import __version__
from nwx_schema.issues import Issue
from nwx_schema.reporting.base import RenderContext, Reporter, omitted_note, relative_path
from nwx_schema.reporting.outcome import FileOutcome, Summary

SARIF_SCHEMA: Final = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI: Final = "https://pypi.org/project/nwx-schema/"


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
    """Collects results and writes one SARIF log at the end."""

    def __init__(self, context: RenderContext) -> None:
        super().__init__(context)
        self._rules = rules()
        self._index = {rule["id"]: n for n, rule in enumerate(self._rules)}
        self._results: list[dict[str, Any]] = []
        self._notes: list[dict[str, Any]] = []

    def file(self, outcome: FileOutcome) -> str:
        uri = artifact_uri(outcome.path, self.context.cwd)
        self._results.extend(self._result(issue, uri) for issue in outcome.shown)
        note = omitted_note(outcome, self.context.max_errors)
        if note:
            self._notes.append(_notification("note", f"{outcome.path}: {note}", uri))
        return ""

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

    def end(self, summary: Summary) -> str:
        notes = self._notes + [
            _notification(
                "error", f"cannot read {u.path}: {u.reason}", artifact_uri(u.path, self.context.cwd)
            )
            for u in summary.unreadable
        ]
        invocation: dict[str, Any] = {"executionSuccessful": not summary.unreadable}
        if notes:
            invocation["toolExecutionNotifications"] = notes
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "nwx-schema",
                            "version": __version__,
                            "semanticVersion": __version__,
                            "informationUri": INFORMATION_URI,
                            "rules": self._rules,
                        }
                    },
                    "invocations": [invocation],
                    "columnKind": "unicodeCodePoints",
                    "results": self._results,
                }
            ],
        }
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _notification(level: str, text: str, uri: str) -> dict[str, Any]:
    return {
        "level": level,
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
    }
