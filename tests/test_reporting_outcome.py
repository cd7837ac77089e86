"""The run policy, applied to a stream of findings: --ignore, --max-errors,
--warnings-as-errors, exact counters, and the summary."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nwx_schema.issues import Issue, Severity, sort_issues
from nwx_schema.reporting.base import omitted_note, plural, relative_path, summary_line
from nwx_schema.reporting.outcome import (
    Judge,
    Policy,
    Summary,
    Unreadable,
    batches_in_document_order,
    document_order,
    parse_codes,
)
from tests.reporting_samples import BAD_ACTION, MISSING_WHEN, NO_PLAN, judged, sample_summary


def test_judge_without_policy_shows_everything_and_counts() -> None:
    shown, result = judged("a.xml", NO_PLAN, MISSING_WHEN, BAD_ACTION)
    assert shown == [NO_PLAN, MISSING_WHEN, BAD_ACTION]
    assert (result.errors, result.warnings, result.omitted, result.valid) == (2, 1, 0, False)
    assert result.codes == {"NWX300": 1, "NWX400": 1, "NWX603": 1}
    assert (result.format, result.kind, result.api_version, result.records) == ("xml", "input", "9.0", 2)


def test_file_with_only_warnings_is_valid() -> None:
    _, result = judged("a.xml", NO_PLAN)
    assert result.valid is True
    assert (result.errors, result.warnings) == (0, 1)


def test_warnings_as_errors_makes_a_warning_fail_the_file() -> None:
    shown, result = judged("a.xml", NO_PLAN, policy=Policy(warnings_as_errors=True))
    assert result.valid is False
    assert shown[0].severity == "warning"  # the finding itself stays a warning
    assert judged("b.xml", policy=Policy(warnings_as_errors=True))[1].valid is True


def test_ignore_drops_findings_before_counts_and_validity() -> None:
    shown, result = judged("a.xml", NO_PLAN, MISSING_WHEN, policy=Policy(ignore=frozenset({"NWX300"})))
    assert shown == [NO_PLAN]
    assert result.codes == {"NWX603": 1}
    assert (result.errors, result.warnings, result.valid) == (0, 1, True)


def test_ignored_warning_no_longer_fails_with_warnings_as_errors() -> None:
    policy = Policy(ignore=frozenset({"NWX603"}), warnings_as_errors=True)
    assert judged("a.xml", NO_PLAN, policy=policy)[1].valid is True


def test_max_errors_caps_errors_only_and_counts_the_rest() -> None:
    shown, result = judged("a.xml", MISSING_WHEN, NO_PLAN, BAD_ACTION, policy=Policy(max_errors=1))
    assert shown == [MISSING_WHEN, NO_PLAN]
    assert (result.errors, result.omitted, result.valid) == (2, 1, False)
    assert result.codes == {"NWX300": 1, "NWX400": 1, "NWX603": 1}  # the omitted one counts
    assert omitted_note(result, 1) == "1 more error not shown (--max-errors 1)"


def test_omitted_note_is_empty_when_nothing_was_omitted() -> None:
    assert omitted_note(judged("a.xml", MISSING_WHEN)[1], 5) == ""


def test_judge_streams_and_keeps_only_counters() -> None:
    """Findings pass one at a time: the judge holds no list of them, whatever their number."""
    judge = Judge(Policy(max_errors=3))
    many = (Issue(n, 1, "NWX603", "warning", "no plan") for n in range(1, 100_001))
    stream = judge.shown(many)
    assert next(stream).line == 1
    assert judge.warnings == 1  # counted as it passed, not after the end
    assert sum(1 for _ in stream) == 99_999
    assert (judge.warnings, judge.codes["NWX603"]) == (100_000, 100_000)


def test_document_order_puts_findings_of_one_position_in_code_order() -> None:
    a = Issue(2, 3, "NWX604", "warning", "no item")
    b = Issue(2, 3, "NWX300", "error", "no When")
    c = Issue(2, 3, "NWX603", "warning", "no plan")
    d = Issue(5, 1, "NWX400", "error", "bad Action")
    e = Issue(1, 1, "NWX602", "warning", "too big")  # found last: stays last
    assert list(document_order([a, b, c, d, e])) == [b, c, a, d, e]
    assert list(document_order([a, b, c, d])) == sort_issues([a, b, c, d])
    assert list(document_order([])) == []


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
    summary = sample_summary()
    assert (summary.files, summary.valid, summary.invalid) == (3, 1, 2)
    assert (summary.errors, summary.warnings) == (3, 1)
    assert summary.ok is False
    assert summary_line(summary) == "3 files checked: 1 valid, 2 invalid; 3 errors, 1 warning"


def test_summary_line_says_what_was_omitted_and_unreadable() -> None:
    summary = sample_summary(Policy(max_errors=1))
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


_positions = st.lists(
    st.tuples(
        st.none() | st.integers(1, 4),
        st.none() | st.integers(1, 3),
        st.sampled_from(["NWX300", "NWX400", "NWX603"]),
    ),
    max_size=30,
)


@given(_positions)
def test_document_order_of_findings_in_position_order_is_sort_issues(
    found: list[tuple[int | None, int | None, str]],
) -> None:
    """What the engine gives comes in position order: document order is then exactly the
    sorted order, whatever the codes at each position, positions unknown included."""
    issues = sort_issues([Issue(line, column, code, "error", "m") for line, column, code in found])
    shuffled_codes = sorted(
        issues, key=lambda i: (i.line is None, i.line or 0, i.column or 0, i.code != "NWX603")
    )
    assert list(document_order(shuffled_codes)) == issues


def test_document_order_passes_on_what_it_held_before_a_failure() -> None:
    def failing() -> Iterator[Issue]:
        yield Issue(2, 3, "NWX604", "warning", "no item")
        yield Issue(2, 3, "NWX300", "error", "no When")
        raise OSError("disk gone")

    stream = document_order(failing())
    assert [i.code for i in itertools.islice(stream, 2)] == ["NWX300", "NWX604"]
    with pytest.raises(OSError, match="disk gone"):
        next(stream)


@st.composite
def _batched_findings(draw: st.DrawFn) -> tuple[list[Issue], list[list[Issue]]]:
    """Findings as the engine finds them (positions in order, codes at one position in any
    order, some positions unknown), cut into lists anywhere, each list put in document
    order as the engine gives it (the lists after a cut may then disagree on code order)."""
    found = draw(_positions)
    severities: list[Severity] = draw(
        st.lists(st.sampled_from(["error", "warning"]), min_size=len(found), max_size=len(found))
    )
    issues = sorted(
        (
            Issue(line, column, code, severity, "m")
            for (line, column, code), severity in zip(found, severities, strict=True)
        ),
        key=lambda i: (i.line is None, i.line or 0, i.column or 0),
    )
    cuts = sorted(draw(st.lists(st.integers(0, len(issues)), max_size=8)))
    bounds = [0, *cuts, len(issues)]
    return issues, [list(document_order(issues[a:b])) for a, b in itertools.pairwise(bounds)]


@given(_batched_findings())
def test_lists_in_document_order_are_the_findings_in_document_order(
    case: tuple[list[Issue], list[list[Issue]]],
) -> None:
    issues, batches = case
    out = list(batches_in_document_order(batches))
    assert all(out), "no empty list is passed on"
    assert [i for batch in out for i in batch] == list(document_order(issues))


@given(
    _batched_findings(),
    st.sampled_from([frozenset(), frozenset({"NWX603"})]),
    st.none() | st.integers(1, 4),
)
def test_the_judge_of_lists_shows_and_counts_what_the_judge_of_findings_does(
    case: tuple[list[Issue], list[list[Issue]]], ignore: frozenset[str], max_errors: int | None
) -> None:
    issues, batches = case
    policy = Policy(ignore=ignore, max_errors=max_errors)
    by_list, one_by_one = Judge(policy), Judge(policy)
    shown = [i for batch in by_list.batches(batches) for i in batch]
    assert shown == list(one_by_one.shown(issues))
    assert (by_list.errors, by_list.warnings, by_list.omitted, by_list.codes) == (
        one_by_one.errors,
        one_by_one.warnings,
        one_by_one.omitted,
        one_by_one.codes,
    )


def test_lists_held_back_are_passed_on_before_a_failure() -> None:
    def failing() -> Iterator[list[Issue]]:
        yield [Issue(1, 1, "NWX300", "error", "a"), Issue(2, 3, "NWX604", "warning", "b")]
        yield [Issue(2, 3, "NWX300", "error", "c")]
        raise OSError("disk gone")

    stream = batches_in_document_order(failing())
    assert [[i.code for i in batch] for batch in itertools.islice(stream, 2)] == [
        ["NWX300"],
        ["NWX300", "NWX604"],
    ]
    with pytest.raises(OSError, match="disk gone"):
        next(stream)
