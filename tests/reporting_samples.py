"""Hand-built reports for the reporter and CLI plumbing tests (no engine needed)."""

from __future__ import annotations

import io

from nwx_schema.issues import Issue, Report
from nwx_schema.reporting import RenderContext, Reporter, create_reporter
from nwx_schema.reporting.outcome import FileResult, Judge, Policy, Summary, Unreadable

MISSING_WHEN = Issue(
    line=3,
    column=5,
    code="NWX300",
    severity="error",
    message="required field When is missing",
    pointer="/0",
    xpath="/ActivityRecordList/ActivityRecord[1]",
    record=0,
)
BAD_ACTION = Issue(
    line=7,
    column=13,
    code="NWX400",
    severity="error",
    message="unknown Action 'Add (failed attempt)': did you mean 'Add (Failed Attempt)'?",
    pointer="/1/Action",
    xpath="/ActivityRecordList/ActivityRecord[2]/Action",
    record=1,
)
NO_PLAN = Issue(
    line=2,
    column=3,
    code="NWX603",
    severity="warning",
    message="record without MonitoringPlan/Name",
    pointer="/0",
    xpath="/ActivityRecordList/ActivityRecord[1]",
    record=0,
)
NOT_XML_OR_JSON = Issue(
    line=None, column=None, code="NWX101", severity="error", message="neither XML nor JSON", pointer=""
)


def report(path: str, *issues: Issue, fmt: str = "xml", records: int | None = 2) -> Report:
    return Report(
        path=path,
        format="xml" if fmt == "xml" else "json",
        api_version="9.0",
        kind="input",
        issues=list(issues),
        records=records,
    )


def judged(
    path: str, *issues: Issue, policy: Policy | None = None, fmt: str = "xml"
) -> tuple[list[Issue], FileResult]:
    """The findings a reporter is shown, and the file's result, under ``policy``."""
    judge = Judge(policy or Policy())
    shown = list(judge.shown(issues))
    return shown, judge.result(path, report(path, fmt=fmt), size=100)


SAMPLE: list[tuple[str, tuple[Issue, ...], str]] = [
    ("in/good.xml", (), "xml"),
    ("in/bad.json", (NO_PLAN, MISSING_WHEN, BAD_ACTION), "json"),
    ("in/junk.json", (NOT_XML_OR_JSON,), "json"),
]


def feed(
    reporter: Reporter,
    files: list[tuple[str, tuple[Issue, ...], str]],
    policy: Policy | None = None,
    *,
    unreadable: tuple[Unreadable, ...] = (),
) -> Summary:
    """Drive a reporter through a run, as the CLI does: begin, each file's findings one
    at a time, its end, the unreadable paths, the end."""
    summary = Summary()
    reporter.begin_run()
    for path, issues, fmt in files:
        reporter.begin_file(path)
        judge = Judge(policy or Policy())
        for issue in judge.shown(issues):
            reporter.issue(issue)
        result = judge.result(path, report(path, fmt=fmt), size=100)
        reporter.end_file(result)
        summary.add(result)
    for u in unreadable:
        summary.unreadable.append(u)
        reporter.unreadable(u)
    reporter.end_run(summary)
    return summary


def render(
    name: str,
    policy: Policy | None = None,
    *,
    files: list[tuple[str, tuple[Issue, ...], str]] | None = None,
    unreadable: tuple[Unreadable, ...] = (),
    color: bool = False,
    cwd: str = ".",
    max_per_code: int = 0,
) -> str:
    """What the reporter of format ``name`` writes for ``files`` (default: the sample run)."""
    out = io.StringIO()
    context = RenderContext(
        color=color, cwd=cwd, max_errors=policy.max_errors if policy else None, max_per_code=max_per_code
    )
    feed(
        create_reporter(name, context, out), SAMPLE if files is None else files, policy, unreadable=unreadable
    )
    return out.getvalue()


def sample_summary(policy: Policy | None = None) -> Summary:
    summary = Summary()
    for path, issues, fmt in SAMPLE:
        summary.add(judged(path, *issues, policy=policy, fmt=fmt)[1])
    return summary
