"""Validation: every finding at once, located, explained.

>>> from nwx_schema.validation import validate
>>> report = validate(b'[{"Who": "CORP\\\\jdoe"}]', kind="input")
>>> report.valid
False
>>> sorted({i.code for i in report.issues})[:2]
['NWX300', 'NWX603']
"""

from __future__ import annotations

from collections.abc import Iterator

from nwx_schema.issues import Issue, Report, sort_issues
from nwx_schema.validation.engine import Source, Validation

__all__ = ["Source", "iter_issues", "validate"]


def validate(
    source: Source,
    *,
    api_version: str = "auto",
    kind: str = "auto",
    fmt: str = "auto",
    name: str | None = None,
) -> Report:
    """Check one document and report every finding.

    Args:
        source: a path (``os.PathLike``), ``bytes``, a ``str`` (document text, or the name
            of an existing file when it does not start like XML or JSON), a binary stream,
            or already-parsed JSON (``list``/``dict``, reported without line and column).
        api_version: ``auto`` (from the data: 8.5 names mean 8.5), ``8.5``, ``9.0`` or a
            product release such as ``10.7``.
        kind: ``auto`` (from the document) or one of ``input``, ``output``, ``search``,
            ``continuation``, ``errors``.
        fmt: ``auto`` (from the content, never the file name), ``xml`` or ``json``.
        name: the name to report the document under (default: its path, or ``<data>``).

    Returns:
        A :class:`~nwx_schema.issues.Report`; it never raises for a bad payload.

    Raises:
        UnknownVersionError, UnknownKindError, UnknownFormatError: a bad argument.
        OSError: a path that cannot be opened.
    """
    run = Validation(source, api_version=api_version, kind=kind, fmt=fmt, name=name)
    issues = list(run.issues())
    report = run.report
    report.issues = sort_issues(issues)
    return report


def iter_issues(
    source: Source,
    *,
    api_version: str = "auto",
    kind: str = "auto",
    fmt: str = "auto",
    name: str | None = None,
) -> Iterator[Issue]:
    """Stream the findings of one document as they are found (memory stays flat).

    Same arguments as :func:`validate`. Findings come record by record, in document order.
    """
    run = Validation(source, api_version=api_version, kind=kind, fmt=fmt, name=name)
    yield from run.issues()
