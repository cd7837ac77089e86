"""Findings as data: :class:`Issue` and the :class:`Report` that holds them."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from nwx_schema.versions import ApiVersion, Format, Kind

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Issue:
    """One finding about a payload.

    Attributes:
        code: stable identifier (``NWX300``); see ``nwx-schema explain CODE``.
        severity: ``error`` (the API would reject it) or ``warning`` (accepted, but
            probably not what was meant).
        message: one line that says what is wrong and how to fix it.
        line, column: 1-based position in the file (XML and JSON), when known.
        pointer: RFC 6901 JSON Pointer into the JSON form of the document
            (``/3/DetailList/0/PropertyName``), also for XML input.
        xpath: the same place in the XML form
            (``/ActivityRecordList/ActivityRecord[4]/DetailList/Detail[1]/PropertyName``).
        record: 0-based index of the record the finding is about, if any.
    """

    line: int | None
    column: int | None
    code: str
    severity: Severity
    message: str
    pointer: str | None = None
    xpath: str | None = None
    record: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
            "xpath": self.xpath,
            "record": self.record,
        }


def _init(
    self: Issue,
    line: int | None,
    column: int | None,
    code: str,
    severity: Severity,
    message: str,
    pointer: str | None = None,
    xpath: str | None = None,
    record: int | None = None,
) -> None:
    _set_line(self, line)
    _set_column(self, column)
    _set_code(self, code)
    _set_severity(self, severity)
    _set_message(self, message)
    _set_pointer(self, pointer)
    _set_xpath(self, xpath)
    _set_record(self, record)


# A frozen dataclass's generated __init__ goes through object.__setattr__ once per field;
# setting the slots through their descriptors does the same in half the time, which counts
# for documents with hundreds of thousands of findings. Same signature, same result (a test
# holds the two equal); the instance stays frozen to everyone else.
assert Issue.__slots__ == ("line", "column", "code", "severity", "message", "pointer", "xpath", "record")
(
    _set_line,
    _set_column,
    _set_code,
    _set_severity,
    _set_message,
    _set_pointer,
    _set_xpath,
    _set_record,
) = (getattr(Issue, name).__set__ for name in Issue.__slots__)
_generated_init = Issue.__init__
setattr(Issue, "__init__", _init)  # noqa: B010 - mypy keeps the generated signature


#: An issue's fields as a plain tuple, in order (``Issue(*fields)`` makes it again): what
#: crosses to another process (pickled, marshalled) for hundreds of thousands of findings.
issue_fields: Callable[[Issue], tuple[Any, ...]] = operator.attrgetter(*Issue.__slots__)


@dataclass(slots=True)
class Report:
    """What :func:`nwx_schema.validate` found in one document.

    Attributes:
        path: file name, ``<stdin>`` or ``<data>``.
        format: detected (or given) format, ``None`` when neither XML nor JSON.
        api_version: detected (or given) API version, ``None`` when undecidable.
        kind: detected (or given) document kind, ``None`` when undecidable.
        issues: every finding, in document order.
        records: how many Activity Records the document holds (``None`` if not a
            record document or unreadable).
    """

    path: str
    format: Format | None = None
    api_version: ApiVersion | None = None
    kind: Kind | None = None
    issues: list[Issue] = field(default_factory=list)
    records: int | None = None

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def valid(self) -> bool:
        """``True`` when no finding is an error (warnings allowed)."""
        return not any(i.severity == "error" for i in self.issues)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    def codes(self) -> list[str]:
        return [i.code for i in self.issues]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "api_version": self.api_version,
            "kind": self.kind,
            "valid": self.valid,
            "records": self.records,
            "issues": [i.to_dict() for i in self.issues],
        }


def sort_issues(issues: Sequence[Issue]) -> list[Issue]:
    """Document order: by line and column, issues without a position last."""
    return sorted(issues, key=lambda i: (i.line is None, i.line or 0, i.column or 0, i.code))
