"""The run policy: --ignore, --max-errors, --warnings-as-errors, and the summary."""

from __future__ import annotations

import pytest

from nwx_schema.reporting.base import omitted_note, plural, relative_path, summary_line
from nwx_schema.reporting.outcome import Policy, Summary, Unreadable, parse_codes
from tests.reporting_samples import BAD_ACTION, MISSING_WHEN, NO_PLAN, outcome, sample_run


def test_outcome_without_policy_keeps_everything_and_counts() -> None:
    o = outcome("a.xml", NO_PLAN, MISSING_WHEN, BAD_ACTION)
    assert o.shown == (NO_PLAN, MISSING_WHEN, BAD_ACTION)
    assert (o.errors, o.warnings, o.omitted, o.valid) == (2, 1, 0, False)


def test_outcome_with_only_warnings_is_valid() -> None:
    o = outcome("a.xml", NO_PLAN)
    assert o.valid is True
    assert (o.errors, o.warnings) == (0, 1)


def test_warnings_as_errors_makes_a_warning_fail_the_file() -> None:
    o = outcome("a.xml", NO_PLAN, policy=Policy(warnings_as_errors=True))
    assert o.valid is False
    assert o.shown[0].severity == "warning"  # the finding itself stays a warning
    assert outcome("b.xml", policy=Policy(warnings_as_errors=True)).valid is True


def test_ignore_drops_findings_before_counts_and_validity() -> None:
    o = outcome("a.xml", NO_PLAN, MISSING_WHEN, policy=Policy(ignore=frozenset({"NWX300"})))
    assert o.shown == (NO_PLAN,)
    assert o.report.codes() == ["NWX603"]
    assert (o.errors, o.warnings, o.valid) == (0, 1, True)


def test_ignored_warning_no_longer_fails_with_warnings_as_errors() -> None:
    policy = Policy(ignore=frozenset({"NWX603"}), warnings_as_errors=True)
    assert outcome("a.xml", NO_PLAN, policy=policy).valid is True


def test_max_errors_caps_errors_only_and_counts_the_rest() -> None:
    o = outcome("a.xml", MISSING_WHEN, NO_PLAN, BAD_ACTION, policy=Policy(max_errors=1))
    assert o.shown == (MISSING_WHEN, NO_PLAN)
    assert (o.errors, o.omitted, o.valid) == (2, 1, False)
    assert omitted_note(o, 1) == "1 more error not shown (--max-errors 1)"


def test_omitted_note_is_empty_when_nothing_was_omitted() -> None:
    assert omitted_note(outcome("a.xml", MISSING_WHEN), 5) == ""


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((), frozenset()),
        (("NWX300",), frozenset({"NWX300"})),
        (("nwx300, NWX603", "NWX400"), frozenset({"NWX300", "NWX603", "NWX400"})),
        (("NWX300,,",), frozenset({"NWX300"})),
    ],
)
def test_parse_codes_accepts_repeated_and_comma_separated_codes(
    values: tuple[str, ...], expected: frozenset[str]
) -> None:
    assert parse_codes(values) == expected


def test_parse_codes_refuses_an_unknown_code() -> None:
    with pytest.raises(ValueError, match="unknown code 'NWX999'"):
        parse_codes(["NWX300,NWX999"])


def test_summary_counts_files_errors_and_warnings() -> None:
    _, summary = sample_run()
    assert (summary.files, summary.valid, summary.invalid) == (3, 1, 2)
    assert (summary.errors, summary.warnings) == (3, 1)
    assert summary.ok is False
    assert summary_line(summary) == "3 files checked: 1 valid, 2 invalid; 3 errors, 1 warning"


def test_summary_line_says_what_was_omitted_and_unreadable() -> None:
    _, summary = sample_run(Policy(max_errors=1))
    summary.unreadable.append(Unreadable("gone.xml", "No such file or directory"))
    assert summary_line(summary) == (
        "3 files checked: 1 valid, 2 invalid; 3 errors, 1 warning (1 not shown); 1 path could not be read"
    )


def test_summary_of_nothing_is_ok() -> None:
    summary = Summary()
    assert summary.ok is True
    assert summary_line(summary) == "0 files checked: 0 valid, 0 invalid; 0 errors, 0 warnings"


def test_plural() -> None:
    assert [plural(n, "file") for n in (0, 1, 2)] == ["0 files", "1 file", "2 files"]


def test_relative_path_inside_and_outside_the_working_directory() -> None:
    assert relative_path("/work/x/a.xml", "/work") == "x/a.xml"
    assert relative_path("./a.xml", ".") == "a.xml"
    assert relative_path("/elsewhere/a.xml", "/work") == "/elsewhere/a.xml"
    assert relative_path("<stdin>", "/work") == "<stdin>"
