"""Hand-built reports for the reporter and CLI plumbing tests (no engine needed)."""

from __future__ import annotations

from nwx_schema.issues import Issue, Report
from nwx_schema.reporting.outcome import FileOutcome, Policy, Summary, apply_policy

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


def outcome(path: str, *issues: Issue, policy: Policy | None = None, fmt: str = "xml") -> FileOutcome:
    return apply_policy(path, report(path, *issues, fmt=fmt), policy or Policy(), size=100)


def sample_run(policy: Policy | None = None) -> tuple[list[FileOutcome], Summary]:
    """Three files: one clean, one with two errors and a warning, one unreadable as a format."""
    outcomes = [
        outcome("in/good.xml", policy=policy),
        outcome("in/bad.json", NO_PLAN, MISSING_WHEN, BAD_ACTION, policy=policy, fmt="json"),
        outcome("in/junk.json", NOT_XML_OR_JSON, policy=policy, fmt="json"),
    ]
    summary = Summary()
    for o in outcomes:
        summary.add(o)
    return outcomes, summary
