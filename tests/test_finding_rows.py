"""FindingRows: findings kept as rows are the issues made one by one, wherever they are read:
indexed, sliced, iterated, counted by the policy, sent to the child that writes a report."""

from __future__ import annotations

import io
import itertools
import marshal
from collections import Counter
from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from nwx_schema.fastpath.common import advice_issues, record_issue
from nwx_schema.finding_rows import FindingRows, position
from nwx_schema.issues import Issue
from nwx_schema.reporting.base import RenderContext
from nwx_schema.reporting.outcome import FileResult, Judge, Policy
from nwx_schema.reporting.text import TextReporter
from nwx_schema.validation.advice import record_advice
from nwx_schema.versions import ApiVersion, Kind

NAMES = ["DataSource", "MonitoringPlan", "Item", "ManagedObject"]


@st.composite
def advised_records(
    draw: st.DrawFn,
) -> tuple[Kind, ApiVersion, list[tuple[int, list[str], tuple[int, int], tuple[int, int]]]]:
    """Records in document order: index, the names they hold, their start and their key's
    place (after the start)."""
    kind: Kind = draw(st.sampled_from(["input", "output"]))
    version: ApiVersion = draw(st.sampled_from(["8.5", "9.0"]))
    records = []
    line = 1
    for index in sorted(draw(st.sets(st.integers(0, 10**6), max_size=12))):
        line += draw(st.integers(0, 3))
        start = (line, draw(st.integers(1, 9)))
        key = (line + draw(st.integers(0, 2)), 20)
        line = key[0] + 1
        records.append((index, draw(st.lists(st.sampled_from(NAMES), unique=True)), start, key))
    return kind, version, records


def _made_one_by_one(
    kind: Kind, version: ApiVersion, records: list[tuple[int, list[str], tuple[int, int], tuple[int, int]]]
) -> list[Issue]:
    out = []
    for index, names, start, key in records:
        for code, message, sub, anchor in record_advice(version, names):
            out.append(record_issue(kind, code, message, index, sub, key if anchor == "key" else start))
    return out


@given(advised_records())
def test_rows_are_the_issues_made_one_by_one(
    case: tuple[Kind, ApiVersion, list[tuple[int, list[str], tuple[int, int], tuple[int, int]]]],
) -> None:
    kind, version, records = case
    rows = advice_issues(
        kind, ((i, record_advice(version, names), start, key) for i, names, start, key in records)
    )
    expected = _made_one_by_one(kind, version, records)
    assert list(rows) == expected
    assert len(rows) == len(expected)
    assert [rows[n] for n in range(len(rows))] == expected
    assert list(rows[1:-1]) == expected[1:-1]
    assert [position(rows, n) for n in range(len(rows))] == [(i.line, i.column) for i in expected]
    counter: Counter[str] = Counter()
    assert rows.count_codes(counter) == sum(i.severity == "error" for i in expected)
    assert counter == Counter(i.code for i in expected)
    again = FindingRows.from_state(marshal.loads(marshal.dumps(rows.state())))
    assert list(again) == expected


def test_rows_may_carry_errors_too() -> None:
    rows = FindingRows(
        [(1, 2, "NWX300", "missing", 0), (3, 4, "NWX603", "no plan", 1)],
        {
            "NWX300": ("error", "/", "/When", "/When"),
            "NWX603": ("warning", "/", "/MonitoringPlan/Name", "/MonitoringPlan/Name"),
        },
    )
    counter: Counter[str] = Counter()
    assert rows.count_codes(counter) == 1
    assert rows[0] == Issue(
        1, 2, "NWX300", "error", "missing", "/0/When", "/ActivityRecordList/ActivityRecord[1]/When", 0
    )


@given(
    advised_records(),
    st.lists(st.integers(0, 40), max_size=5),
    st.sampled_from([frozenset(), frozenset({"NWX604"})]),
    st.none() | st.integers(0, 3),
)
def test_the_judge_reads_rows_as_it_reads_issues(
    case: tuple[Kind, ApiVersion, list[tuple[int, list[str], tuple[int, int], tuple[int, int]]]],
    cuts: list[int],
    ignore: frozenset[str],
    max_errors: int | None,
) -> None:
    """Batches of rows (cut anywhere, some given as plain lists) are shown and counted as
    the same findings one at a time."""
    kind, version, records = case
    rows = advice_issues(
        kind, ((i, record_advice(version, names), start, key) for i, names, start, key in records)
    )
    bounds = [0, *sorted(min(c, len(rows)) for c in cuts), len(rows)]
    batches: list[Sequence[Issue]] = [
        rows[a:b] if n % 2 else list(rows[a:b]) for n, (a, b) in enumerate(itertools.pairwise(bounds))
    ]
    policy = Policy(ignore=ignore, max_errors=max_errors)
    by_batch, one_by_one = Judge(policy), Judge(policy)
    assert [i for batch in by_batch.batches(batches) for i in batch] == list(one_by_one.shown(list(rows)))
    assert (by_batch.errors, by_batch.warnings, by_batch.omitted, by_batch.codes) == (
        one_by_one.errors,
        one_by_one.warnings,
        one_by_one.omitted,
        one_by_one.codes,
    )


@given(
    st.lists(st.sampled_from(["NWX300", "NWX603"]), max_size=12),
    st.none() | st.integers(0, 3),
    st.integers(1, 11),
)
def test_the_judge_counts_errors_among_rows(codes: list[str], max_errors: int | None, cut: int) -> None:
    templates = {
        "NWX300": ("error", "/", "/When", "/When"),
        "NWX603": ("warning", "/", "/MonitoringPlan/Name", "/MonitoringPlan/Name"),
    }
    rows = FindingRows([(n + 1, 1, code, "m", n) for n, code in enumerate(codes)], templates)  # type: ignore[arg-type]
    by_batch, one_by_one = Judge(Policy(max_errors=max_errors)), Judge(Policy(max_errors=max_errors))
    shown = [i for batch in by_batch.batches([rows[:cut], rows[cut:]]) for i in batch]
    assert shown == list(one_by_one.shown(list(rows)))
    assert (by_batch.errors, by_batch.warnings, by_batch.omitted) == (
        one_by_one.errors,
        one_by_one.warnings,
        one_by_one.omitted,
    )


@given(advised_records(), st.integers(0, 3), st.integers(0, 12))
def test_text_shows_the_same_lines_from_rows(
    case: tuple[Kind, ApiVersion, list[tuple[int, list[str], tuple[int, int], tuple[int, int]]]],
    limit: int,
    cut: int,
) -> None:
    """The text format makes issues only of the rows it shows: the same lines, the same
    '... and K more' counts, as from the issues themselves."""
    kind, version, records = case
    rows = advice_issues(
        kind, ((i, record_advice(version, names), start, key) for i, names, start, key in records)
    )
    outputs = []
    for batches in ([rows[:cut], rows[cut:]], [list(rows)]):
        out = io.StringIO()
        reporter = TextReporter(RenderContext(max_per_code=limit), out)
        reporter.begin_file("a.json")
        for batch in batches:
            reporter.issues(batch)
        reporter.end_file(FileResult("a.json"))
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
