"""What the user asked to see of a document's findings: the run's policy, applied to the
stream of findings as they are found.

``--ignore`` drops findings before anything else, ``--max-errors`` caps the errors shown
per file (the rest are counted, never hidden silently) and ``--warnings-as-errors`` makes
warnings fail a file. :class:`Judge` applies the policy one finding at a time and keeps
only counters (errors, warnings, omitted, per code), never a list of findings, so memory
does not grow with their number. Every output format sees the same findings and the same
:class:`FileResult`, so they all agree on what is valid and on the counts.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

from nwx_schema.finding_rows import FindingRows, position
from nwx_schema.issues import Issue, Report


@dataclass(frozen=True, slots=True)
class Policy:
    """How findings are filtered and judged.

    Attributes:
        ignore: codes to drop (upper case, e.g. ``NWX603``).
        max_errors: at most this many errors are shown per file; ``None`` for all.
        warnings_as_errors: a file with a warning is invalid.
    """

    ignore: frozenset[str] = frozenset()
    max_errors: int | None = None
    warnings_as_errors: bool = False


@dataclass(frozen=True, slots=True)
class FileResult:
    """One checked file as every reporter shows it once its findings have been streamed.

    Attributes:
        path: the name shown for the file (as given, joined under a directory, or the
            standard-input name).
        format, api_version, kind, records: what the engine found out about the document.
        errors, warnings: findings of each severity, ignored codes left out, the omitted
            errors included.
        omitted: how many errors ``--max-errors`` left out.
        valid: no error (and, with ``--warnings-as-errors``, no warning).
        codes: findings per code (ignored codes left out, omitted errors included).
        size: bytes read, for progress; ``None`` when unknown.
    """

    path: str
    format: str | None = None
    api_version: str | None = None
    kind: str | None = None
    records: int | None = None
    errors: int = 0
    warnings: int = 0
    omitted: int = 0
    valid: bool = True
    codes: dict[str, int] = field(default_factory=dict)
    size: int | None = None


class Judge:
    """The policy applied to the findings of one file, as they stream by.

    :meth:`batches` (or :meth:`shown`, a finding at a time) passes on the findings to show,
    in document order, and counts every finding kept (exact counters only); :meth:`result`
    then sums the file up.
    """

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.errors = 0
        self.warnings = 0
        self.omitted = 0
        self.codes: Counter[str] = Counter()

    def shown(self, issues: Iterable[Issue]) -> Iterator[Issue]:
        """The findings to show: ignored codes dropped, errors past ``max_errors`` counted
        and left out."""
        for batch in self.batches([issue] for issue in issues):
            yield from batch

    def batches(self, batches: Iterable[Sequence[Issue]]) -> Iterator[Sequence[Issue]]:
        """:meth:`shown` for findings that come in batches, each in document order (as
        :meth:`~nwx_schema.validation.engine.Validation.batches` gives them): the batches to
        show, never empty. A batch is counted as a whole where it can be (in C; rows of
        findings without making issues of them)."""
        ignore, max_errors, codes = self.policy.ignore, self.policy.max_errors, self.codes
        for batch in batches_in_document_order(batches):
            if ignore:
                batch = [issue for issue in batch if issue.code not in ignore]
                if not batch:
                    continue
            if isinstance(batch, FindingRows):
                errors = batch.count_codes(codes)
            else:
                codes.update(map(_CODE, batch))
                errors = list(map(_SEVERITY, batch)).count("error")
            if max_errors is None or self.errors + errors <= max_errors:
                self.errors += errors
                self.warnings += len(batch) - errors
                yield batch
                continue
            shown = []
            for issue in batch:
                if issue.severity == "error":
                    self.errors += 1
                    if self.errors > max_errors:
                        self.omitted += 1
                        continue
                else:
                    self.warnings += 1
                shown.append(issue)
            if shown:
                yield shown

    @property
    def valid(self) -> bool:
        return not self.errors and not (self.policy.warnings_as_errors and self.warnings)

    def result(self, path: str, report: Report, *, size: int | None = None) -> FileResult:
        """The file's result, once its findings have all gone through :meth:`shown`
        (``report`` is the engine's, complete once its stream of findings has ended)."""
        return FileResult(
            path=path,
            format=report.format,
            api_version=report.api_version,
            kind=report.kind,
            records=report.records,
            errors=self.errors,
            warnings=self.warnings,
            omitted=self.omitted,
            valid=self.valid,
            codes=dict(sorted(self.codes.items())),
            size=size,
        )


def document_order(issues: Iterable[Issue]) -> Iterator[Issue]:
    """The findings as they come, findings at the same position put in code order, as
    :func:`~nwx_schema.issues.sort_issues` orders them (only the findings of one position
    are held back at a time; when ``issues`` fails, those are passed on before the error)."""
    for batch in batches_in_document_order([issue] for issue in issues):
        yield from batch


def batches_in_document_order(batches: Iterable[Sequence[Issue]]) -> Iterator[Sequence[Issue]]:
    """:func:`document_order` for batches of findings that are each in document order
    already: only findings at one position that straddle two batches are put in code order
    (the findings of the last position of a batch are held back until a batch starts
    elsewhere; when ``batches`` fails, they are passed on before the error)."""
    held: list[Issue] = []
    try:
        for batch in batches:
            if not batch:
                continue
            if held:
                at = held[0].line, held[0].column
                if position(batch, 0) == at:
                    same = 1
                    while same < len(batch) and position(batch, same) == at:
                        same += 1
                    held.extend(batch[:same])
                    if same == len(batch):
                        continue  # the whole batch at that position: the next may be too
                    batch = batch[same:]
                yield _in_code_order(held)
                held = []
            last = position(batch, len(batch) - 1)
            cut = len(batch) - 1
            while cut and position(batch, cut - 1) == last:
                cut -= 1
            held = list(batch[cut:])
            if cut:
                yield batch[:cut]
    except Exception:
        if held:
            yield _in_code_order(held)
        raise
    if held:
        yield _in_code_order(held)


def _in_code_order(held: list[Issue]) -> list[Issue]:
    if len(held) > 1:
        held.sort(key=_CODE)
    return held


_CODE: Final = operator.attrgetter("code")
_SEVERITY: Final = operator.attrgetter("severity")


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A path that could not be checked at all (missing, unreadable, internal failure)."""

    path: str
    reason: str


@dataclass(slots=True)
class Summary:
    """Totals of a run, shown after the files (counters, and the paths not read)."""

    files: int = 0
    valid: int = 0
    invalid: int = 0
    errors: int = 0
    warnings: int = 0
    omitted: int = 0
    unreadable: list[Unreadable] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        """Count one checked file."""
        self.files += 1
        if result.valid:
            self.valid += 1
        else:
            self.invalid += 1
        self.errors += result.errors
        self.warnings += result.warnings
        self.omitted += result.omitted

    @property
    def ok(self) -> bool:
        """Every path was checked and every file is valid."""
        return self.invalid == 0 and not self.unreadable


def parse_codes(values: Sequence[str]) -> frozenset[str]:
    """The codes of repeated, comma-separated ``--ignore`` values, upper-cased.

    Raises:
        ValueError: a code that is not in the catalogue (a typo would silently ignore
            nothing).
    """
    from nwx_schema.codes import CATALOGUE

    codes: set[str] = set()
    for value in values:
        for part in value.split(","):
            code = part.strip().upper()
            if not code:
                continue
            if code not in CATALOGUE:
                raise ValueError(f"unknown code {part.strip()!r} (`nwx-schema explain` lists them all)")
            codes.add(code)
    return frozenset(codes)
