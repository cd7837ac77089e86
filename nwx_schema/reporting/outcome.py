"""What the user asked to see of a :class:`~nwx_schema.issues.Report`: the run's policy.

``--ignore`` drops findings before anything else, ``--max-errors`` caps the errors shown
per file (the rest are counted, never hidden silently) and ``--warnings-as-errors`` makes
warnings fail a file. Every output format renders the same :class:`FileOutcome` values, so
they all agree on what is valid and on the counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

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
class FileOutcome:
    """One checked file as every reporter shows it.

    Attributes:
        path: the name shown for the file (as given, joined under a directory, or the
            standard-input name).
        report: the engine's report, with ignored codes already removed.
        shown: the findings to print, in document order, at most ``max_errors`` errors.
        omitted: how many errors ``--max-errors`` left out.
        valid: no error (and, with ``--warnings-as-errors``, no warning).
        size: bytes read, for progress; ``None`` when unknown.
    """

    path: str
    report: Report
    shown: tuple[Issue, ...]
    omitted: int
    valid: bool
    size: int | None = None

    @property
    def errors(self) -> int:
        """Errors found, including the omitted ones."""
        return sum(1 for i in self.report.issues if i.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for i in self.report.issues if i.severity == "warning")


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A path that could not be checked at all (missing, unreadable, internal failure)."""

    path: str
    reason: str


@dataclass(slots=True)
class Summary:
    """Totals of a run, shown after the files."""

    files: int = 0
    valid: int = 0
    invalid: int = 0
    errors: int = 0
    warnings: int = 0
    omitted: int = 0
    unreadable: list[Unreadable] = field(default_factory=list)

    def add(self, outcome: FileOutcome) -> None:
        """Count one checked file."""
        self.files += 1
        if outcome.valid:
            self.valid += 1
        else:
            self.invalid += 1
        self.errors += outcome.errors
        self.warnings += outcome.warnings
        self.omitted += outcome.omitted

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


def apply_policy(path: str, report: Report, policy: Policy, *, size: int | None = None) -> FileOutcome:
    """Judge one report under the run's policy.

    Ignored codes are removed from the report itself, so counts, validity and every
    output format behave as if the engine had never found them.
    """
    kept = [i for i in report.issues if i.code not in policy.ignore]
    report = Report(
        path=report.path,
        format=report.format,
        api_version=report.api_version,
        kind=report.kind,
        issues=kept,
        records=report.records,
    )
    shown = _cap_errors(kept, policy.max_errors)
    omitted = len(kept) - len(shown)
    failing = ("error", "warning") if policy.warnings_as_errors else ("error",)
    valid = not any(i.severity in failing for i in kept)
    return FileOutcome(path=path, report=report, shown=tuple(shown), omitted=omitted, valid=valid, size=size)


def _cap_errors(issues: Sequence[Issue], max_errors: int | None) -> list[Issue]:
    if max_errors is None:
        return list(issues)
    shown: list[Issue] = []
    errors = 0
    for issue in issues:
        if issue.severity == "error":
            errors += 1
            if errors > max_errors:
                continue
        shown.append(issue)
    return shown
