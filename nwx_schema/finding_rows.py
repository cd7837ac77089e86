"""Findings of many records kept as rows until an :class:`~nwx_schema.issues.Issue` is asked
for.

A document full of warnings (records without a plan or an item) gives hundreds of thousands
of findings that differ only in their position and record. The fast passes give them as
:class:`FindingRows`: a row per finding (line, column, code, message, record index) and, per
code, what every finding of that code shares (severity, the pointer and XPath around the
record index). The policy counts rows by code, the child process that writes a report gets
the rows as they are, and an :class:`Issue` is made only where one is read, by the reporter
that renders it. A :class:`FindingRows` is a sequence of issues like any other: iterating
or indexing it gives issues equal to those built one by one.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any, Final, overload

from nwx_schema.issues import Issue, Severity

#: The XPath of a record, before its 1-based position.
RECORD_XPATH: Final = "/ActivityRecordList/ActivityRecord["
#: A finding: line, column, code, message, record index.
Row = tuple[int, int, str, str, int]
#: What the findings of one code share: severity, pointer head and tail, XPath tail.
Template = tuple[Severity, str, str, str]

_CODE: Final = operator.itemgetter(2)


class FindingRows(Sequence[Issue]):
    """Findings about records, in document order, as rows.

    Attributes:
        rows: (line, column, code, message, record index) per finding.
        templates: code -> (severity, pointer head, pointer tail, XPath tail); the pointer
            of a finding is ``head + str(index) + tail``, its XPath
            ``RECORD_XPATH + str(index + 1) + "]" + xtail``.
    """

    __slots__ = ("_issues", "rows", "templates")

    def __init__(self, rows: list[Row], templates: dict[str, Template]) -> None:
        self.rows = rows
        self.templates = templates
        self._issues: list[Issue] | None = None

    def issues(self) -> list[Issue]:
        """The findings as issues (made once)."""
        if self._issues is None:
            self._issues = [self._issue(row) for row in self.rows]
        return self._issues

    def _issue(self, row: Row) -> Issue:
        line, column, code, message, index = row
        severity, head, tail, xtail = self.templates[code]
        return Issue(
            line,
            column,
            code,
            severity,
            message,
            f"{head}{index}{tail}",
            f"{RECORD_XPATH}{index + 1}]{xtail}",
            index,
        )

    def codes(self) -> Iterator[str]:
        """The code of each finding, in order."""
        return map(_CODE, self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, at: int) -> Issue: ...

    @overload
    def __getitem__(self, at: slice) -> FindingRows: ...

    def __getitem__(self, at: int | slice) -> Issue | FindingRows:
        if isinstance(at, slice):
            return FindingRows(self.rows[at], self.templates)
        if self._issues is not None:
            return self._issues[at]
        return self._issue(self.rows[at])  # one issue: the others are not made

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues())

    def position(self, at: int) -> tuple[int, int]:
        """Line and column of finding ``at``, without making an issue."""
        row = self.rows[at]
        return row[0], row[1]

    def count_codes(self, counter: Counter[str]) -> int:
        """Add the findings to ``counter`` by code; the number of errors among them."""
        counter.update(map(_CODE, self.rows))
        errors = [code for code, template in self.templates.items() if template[0] == "error"]
        if not errors:
            return 0
        return sum(1 for row in self.rows if row[2] in errors)

    def state(self) -> tuple[list[Row], dict[str, Template]]:
        """What :meth:`from_state` needs (``marshal`` can write it)."""
        return self.rows, self.templates

    @classmethod
    def from_state(cls, state: Any) -> FindingRows:
        rows, templates = state
        return cls(rows, templates)


def position(batch: Sequence[Issue], at: int) -> tuple[int | None, int | None]:
    """Line and column of finding ``at`` of a batch (rows are not made into issues)."""
    if isinstance(batch, FindingRows):
        return batch.position(at)
    issue = batch[at]
    return issue.line, issue.column
