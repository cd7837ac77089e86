"""Test helpers for code that writes or reads Activity Records, and a pytest plugin.

``assert_valid_payload`` checks a payload exactly as ``nwx-schema validate`` does and,
when it is not valid, fails with an :class:`AssertionError` that lists every finding with
its code and location, so a failing test says what to fix::

    from nwx_schema.testing import assert_valid_payload

    def test_writer_builds_a_valid_request_body():
        body = my_addon.request_body(events)            # bytes, str, a path, or parsed JSON
        assert_valid_payload(body, kind="input", api_version="10.7")

With pytest, the plugin is registered automatically when nwx-schema is installed (entry
point ``pytest11``: ``nwx_schema``; disable it with ``-p no:nwx_schema``). It adds:

* the fixture ``nwx_validate``: :func:`assert_valid_payload` with the defaults of the
  ini options below, returning the :class:`~nwx_schema.issues.Report`;
* the ini options ``nwx_schema_api_version``, ``nwx_schema_kind`` and
  ``nwx_schema_allow_warnings`` (``pytest.ini``, ``[tool.pytest.ini_options]``, or
  ``-o nwx_schema_api_version=8.5`` on the command line).

Importing this module is cheap and safe: it needs neither pytest (the helpers work in any
test framework) nor, until a payload is checked, the validator and its dependencies, so
the plugin never slows down or breaks a test run that does not use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nwx_schema.issues import Issue, Report
    from nwx_schema.validation import Source

__all__ = ["PayloadAssertionError", "PayloadValidator", "assert_valid_payload"]

#: ini option -> (help, default)
INI_OPTIONS: dict[str, tuple[str, str]] = {
    "nwx_schema_api_version": (
        "nwx-schema: default API version of the nwx_validate fixture (auto, 8.5, 9.0 or a release)",
        "auto",
    ),
    "nwx_schema_kind": (
        "nwx-schema: default document kind of the nwx_validate fixture (auto, input, output, ...)",
        "auto",
    ),
    "nwx_schema_allow_warnings": (
        "nwx-schema: whether warnings pass in the nwx_validate fixture (true or false)",
        "true",
    ),
}


class PayloadAssertionError(AssertionError):
    """A payload is not valid. ``report`` holds every finding; ``failing`` those that made
    the assertion fail (the errors, and the warnings when warnings are not allowed)."""

    def __init__(self, message: str, report: Report, failing: list[Issue]) -> None:
        super().__init__(message)
        self.report = report
        self.failing = failing


def assert_valid_payload(
    data: Source,
    *,
    kind: str = "auto",
    api_version: str = "auto",
    fmt: str = "auto",
    allow_warnings: bool = True,
    ignore: Iterable[str] = (),
    name: str | None = None,
) -> Report:
    """Check ``data`` as ``nwx-schema validate`` does; fail when it is not valid.

    Args:
        data: the payload: ``bytes``, a ``str`` (document text, or the name of an
            existing file), an ``os.PathLike``, a binary stream, or parsed JSON (a
            ``list`` or ``dict`` as ``json.loads`` gives it; its findings have a JSON
            Pointer and an XPath but no line and column).
        kind: ``auto`` or the document kind expected: ``input``, ``output``, ``search``,
            ``continuation``, ``errors``.
        api_version: ``auto``, ``8.5``, ``9.0`` or a product release such as ``10.7``.
        fmt: ``auto``, ``xml`` or ``json``.
        allow_warnings: when ``False``, a warning fails the assertion too.
        ignore: finding codes to leave out (``["NWX603"]`` or ``"NWX603,NWX604"``), as
            ``--ignore`` does.
        name: the name shown for the payload in the message (default: its path, or
            ``<data>``).

    Returns:
        The :class:`~nwx_schema.issues.Report` (without the ignored findings), for further
        checks (``report.kind``, ``report.records``, ``report.warnings``).

    Raises:
        PayloadAssertionError: an ``AssertionError`` whose message lists every finding,
            one per line, as ``path:line:column: severity CODE message [pointer]``
            followed by the record and the XPath.
        UnknownVersionError, UnknownKindError, UnknownFormatError, ValueError: a bad
            argument (an unknown code in ``ignore``); OSError: a path that cannot be read.
    """
    __tracebackhide__ = True  # pytest shows the caller's line, not this function's
    from nwx_schema.reporting.outcome import parse_codes
    from nwx_schema.validation import validate

    ignored = parse_codes((ignore,) if isinstance(ignore, str) else tuple(ignore))
    report = validate(data, api_version=api_version, kind=kind, fmt=fmt, name=name)
    report.issues = [i for i in report.issues if i.code not in ignored]
    failing = [i for i in report.issues if i.severity == "error" or not allow_warnings]
    if failing:
        raise PayloadAssertionError(describe_failure(report, failing), report, failing)
    return report


def describe_failure(report: Report, failing: list[Issue]) -> str:
    """The message of a failed :func:`assert_valid_payload`: what was checked, the counts,
    then every finding of the report with its location."""
    from nwx_schema.reporting.text import format_issue

    what = ", ".join(
        part
        for part in (
            f"{report.kind} document" if report.kind else None,
            f"API {report.api_version}" if report.api_version else None,
            report.format.upper() if report.format else None,
        )
        if part
    )
    errors, warnings = len(report.errors), len(report.warnings)
    counts = f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}"
    reason = "" if errors else " (warnings are not allowed)"
    lines = [f"payload {report.path} is not valid{reason}: {counts}" + (f" ({what})" if what else "")]
    for issue in report.issues:
        lines.append("  " + format_issue(report.path, issue))
        place = [f"record {issue.record}"] if issue.record is not None else []
        if issue.xpath:
            place.append(f"XPath {issue.xpath}")
        if place:
            lines.append("      " + ", ".join(place))
    if len(failing) < len(report.issues):
        lines.append(f"  ({len(failing)} of these {len(report.issues)} findings fail the assertion)")
    return "\n".join(lines)


class PayloadValidator:
    """:func:`assert_valid_payload` with default arguments (the ``nwx_validate`` fixture).

    Call it with a payload and, optionally, any argument of :func:`assert_valid_payload`
    to override a default for that call.
    """

    def __init__(self, *, kind: str = "auto", api_version: str = "auto", allow_warnings: bool = True) -> None:
        self.kind = kind
        self.api_version = api_version
        self.allow_warnings = allow_warnings

    def __call__(self, data: Source, **overrides: Any) -> Report:
        __tracebackhide__ = True
        arguments: dict[str, Any] = {
            "kind": self.kind,
            "api_version": self.api_version,
            "allow_warnings": self.allow_warnings,
            **overrides,
        }
        return assert_valid_payload(data, **arguments)

    def __repr__(self) -> str:
        return (
            f"PayloadValidator(kind={self.kind!r}, api_version={self.api_version!r}, "
            f"allow_warnings={self.allow_warnings!r})"
        )


def _flag(value: str, option: str) -> bool:
    text = value.strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{option} = {value!r}: write true or false")


# -- the pytest plugin (only when pytest is there: the helpers above do not need it) ------

try:
    import pytest
except ImportError:  # pragma: no cover - exercised only without pytest installed
    pass
else:

    def pytest_addoption(parser: pytest.Parser) -> None:
        """Register the ini options that set the ``nwx_validate`` fixture's defaults."""
        for name, (help_text, default) in INI_OPTIONS.items():
            parser.addini(name, help_text, default=default)

    @pytest.fixture
    def nwx_validate(request: pytest.FixtureRequest) -> PayloadValidator:
        """Assert that a payload is valid; fails the test listing every finding located.

        Defaults come from the ini options ``nwx_schema_api_version``, ``nwx_schema_kind``
        and ``nwx_schema_allow_warnings``; any argument of
        :func:`nwx_schema.testing.assert_valid_payload` overrides them per call.
        """
        config = request.config
        return PayloadValidator(
            kind=str(config.getini("nwx_schema_kind")).strip() or "auto",
            api_version=str(config.getini("nwx_schema_api_version")).strip() or "auto",
            allow_warnings=_flag(
                str(config.getini("nwx_schema_allow_warnings")), "nwx_schema_allow_warnings"
            ),
        )
