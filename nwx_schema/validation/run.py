"""The state of one validation run, shared by the XML and JSON document readers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import IO, Any, Final

from nwx_schema import model
from nwx_schema.issues import Issue, Report
from nwx_schema.locations import Path
from nwx_schema.validation.advice import TOO_MANY
from nwx_schema.validation.checker import Checker
from nwx_schema.validation.locator import Locator
from nwx_schema.versions import ApiVersion, Format, Kind, resolve_kind, resolve_version

Source = str | bytes | os.PathLike[str] | IO[bytes] | list[Any] | dict[str, Any]

MAX_RECORDS: Final = 1000
#: Records kept back while the API version is not yet known from the data.
DECIDE_WITHIN: Final = 1000
_LEGACY: Final = frozenset(model.LEGACY_RENAMES)
_NEW: Final = frozenset({"DataSource", "MonitoringPlan", "Item"})


def version_hint(names: object) -> ApiVersion | None:
    """8.5 when a record or filter list uses an 8.5 name, 9.0 for a 9.0-only name."""
    assert isinstance(names, set | frozenset | dict | list | tuple)
    keys = set(names)
    if keys & _LEGACY:
        return "8.5"
    if keys & _NEW:
        return "9.0"
    return None


class Run:
    """The state of one validation run and what every document format shares."""

    def __init__(
        self, source: Source, *, api_version: str, kind: str, fmt: str, name: str | None, fast: bool = True
    ) -> None:
        self.source = source
        self.given_version: ApiVersion | None = (
            None if api_version == "auto" else resolve_version(api_version)
        )
        self.given_kind: Kind | None = None if kind == "auto" else resolve_kind(kind)
        if fmt not in ("auto", "xml", "json"):
            from nwx_schema.errors import UnknownFormatError

            raise UnknownFormatError(fmt, ("auto", "xml", "json"))
        self.given_format: Format | None = None if fmt == "auto" else fmt  # type: ignore[assignment]
        self.report = Report(path=name or "<data>")
        #: The fast pass decides valid documents in C; off (or NWX_SCHEMA_FAST=0), only the
        #: located pass runs. Both give the same findings; the switch is for diagnosis.
        self.use_fast_pass = fast and os.environ.get("NWX_SCHEMA_FAST", "1") != "0"
        self._out: list[Issue] = []
        self.locator: Locator | None = None
        self.checker: Checker | None = None
        self.records = 0
        self._mark_seen = False
        self._saw_record = False
        self._search_parts: set[str] = set()

    def _emit(self, issue: Issue) -> None:
        self._out.append(issue)

    def _flush(self) -> Iterator[Issue]:
        if self._out:
            out = sorted(self._out, key=lambda i: (i.line is None, i.line or 0, i.column or 0, i.code))
            self._out = []
            yield from out

    def _start(self, kind: Kind, version: ApiVersion) -> Checker:
        self.report.kind = kind
        self.report.api_version = version
        self.locator = Locator(kind, self._emit)
        self.checker = Checker(version, self.locator)
        if kind in ("input", "output"):
            self.report.records = 0
        return self.checker

    def _doc_issue(self, code: str, message: str, line: int | None = 1, column: int | None = 1) -> Issue:
        from nwx_schema.codes import CATALOGUE

        return Issue(line, column, code, CATALOGUE[code].severity, message, pointer="")

    def _record(self, value: Any, path: Path) -> None:
        assert self.checker is not None
        self.checker.record(value, path)
        self.records += 1
        self.report.records = self.records
        if self.records == MAX_RECORDS + 1 and self.report.kind == "input":
            assert self.locator is not None
            self.locator.report("NWX601", TOO_MANY.format(limit=MAX_RECORDS), path)

    def _end_records(self, root_path: Path) -> None:
        if self.report.kind == "input" and self.records == 0:
            assert self.locator is not None
            self.locator.report(
                "NWX205", "the document holds no ActivityRecord: send at least one", root_path
            )
