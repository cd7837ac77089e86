"""The ``json`` format: one JSON document on standard output.

Shape (keys may be added in later releases, never renamed or removed)::

    {"files": [{"path", "format", "api_version", "kind", "valid", "records",
                "errors", "warnings", "omitted",
                "issues": [{"code", "severity", "message", "line", "column",
                            "pointer", "xpath", "record"}]}],
     "unreadable": [{"path", "reason"}],
     "summary": {"files", "valid", "invalid", "errors", "warnings", "omitted",
                 "unreadable"}}

``valid`` follows ``--warnings-as-errors``; ``issues`` holds what ``--max-errors`` let
through, and ``errors`` / ``warnings`` count everything found (``omitted`` says how many
errors are not listed).
"""

from __future__ import annotations

import json
from typing import Any

from nwx_schema.reporting.base import RenderContext, Reporter
from nwx_schema.reporting.outcome import FileOutcome, Summary


def outcome_to_dict(outcome: FileOutcome) -> dict[str, Any]:
    """The JSON object of one file."""
    report = outcome.report
    return {
        "path": outcome.path,
        "format": report.format,
        "api_version": report.api_version,
        "kind": report.kind,
        "valid": outcome.valid,
        "records": report.records,
        "errors": outcome.errors,
        "warnings": outcome.warnings,
        "omitted": outcome.omitted,
        "issues": [i.to_dict() for i in outcome.shown],
    }


class JsonReporter(Reporter):
    """Collects every file and writes one JSON document at the end."""

    def __init__(self, context: RenderContext) -> None:
        super().__init__(context)
        self._files: list[dict[str, Any]] = []

    def file(self, outcome: FileOutcome) -> str:
        self._files.append(outcome_to_dict(outcome))
        return ""

    def end(self, summary: Summary) -> str:
        document = {
            "files": self._files,
            "unreadable": [{"path": u.path, "reason": u.reason} for u in summary.unreadable],
            "summary": {
                "files": summary.files,
                "valid": summary.valid,
                "invalid": summary.invalid,
                "errors": summary.errors,
                "warnings": summary.warnings,
                "omitted": summary.omitted,
                "unreadable": len(summary.unreadable),
            },
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
