"""The reporters stream: each finding is written (or spooled) as it comes, memory does not
grow with the number of findings, and the text is what the whole-document writers gave
(``json.dumps(indent=2)`` for JSON and SARIF, lxml's pretty printer for JUnit)."""

from __future__ import annotations

import io
import json
import os
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from nwx_schema.issues import Issue
from nwx_schema.reporting import REPORTERS, RenderContext, create_reporter
from nwx_schema.reporting.base import omitted_note, plural
from nwx_schema.reporting.jsonout import dumps
from nwx_schema.reporting.outcome import Judge, Policy, Summary, Unreadable
from nwx_schema.reporting.text import format_issue
from nwx_schema.reporting.xmltext import xml_safe
from tests import reporting_samples as samples

GONE = (Unreadable("gone.xml", "No such file or directory"),)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200)
@given(value=json_values, level=st.integers(min_value=0, max_value=12))
def test_dumps_writes_what_json_dumps_writes_at_any_depth(value: Any, level: int) -> None:
    expected = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + " " * level)
    assert dumps(value, level) == expected


@pytest.mark.parametrize("name", ["json", "sarif"])
@pytest.mark.parametrize(
    "files",
    [samples.SAMPLE, [], [("empty.xml", (), "xml")], [("a\nb\u202e\x01.json", samples.SAMPLE[1][1], "json")]],
    ids=["sample", "no-file", "no-finding", "odd-name"],
)
@pytest.mark.parametrize("unreadable", [(), GONE], ids=["", "unreadable"])
def test_json_and_sarif_are_exactly_json_dumps_of_their_document(
    name: str, files: list[tuple[str, tuple[Issue, ...], str]], unreadable: tuple[Unreadable, ...]
) -> None:
    text = samples.render(name, Policy(max_errors=1), files=files, unreadable=unreadable)
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_json_file_object_has_every_documented_key_issues_after_path() -> None:
    doc = json.loads(samples.render("json"))
    keys = list(doc["files"][1])
    assert keys[:2] == ["path", "issues"]
    assert set(keys) == {
        "path", "format", "api_version", "kind", "valid", "records", "errors", "warnings", "omitted", "issues"
    }  # fmt: skip
    assert list(doc) == ["files", "unreadable", "summary"]


def lxml_junit(
    files: list[tuple[str, tuple[Issue, ...], str]], policy: Policy, unreadable: tuple[Unreadable, ...]
) -> str:
    """The JUnit document as the reporter wrote it before it streamed: one lxml tree."""
    cases, failures, summary = [], 0, Summary()
    for path, issues, fmt in files:
        judge = Judge(policy)
        shown = list(judge.shown(issues))
        result = judge.result(path, samples.report(path, fmt=fmt))
        summary.add(result)
        case = etree.Element("testcase", classname="nwx-schema", name=xml_safe(path))
        lines = [format_issue(path, i) for i in shown]
        note = omitted_note(result, policy.max_errors)
        if note:
            lines.append(f"{path}: {note}")
        body = xml_safe("".join(line + "\n" for line in lines))
        if not result.valid:
            failures += 1
            message = plural(result.errors, "error")
            if not result.errors:
                message += ", " + plural(result.warnings, "warning")
            first = next((i for i in shown if i.severity == "error"), None) or shown[0]
            etree.SubElement(case, "failure", message=message, type=first.code).text = body
        elif body:
            etree.SubElement(case, "system-out").text = body
        cases.append(case)
    for u in unreadable:
        case = etree.Element("testcase", classname="nwx-schema", name=xml_safe(u.path))
        etree.SubElement(case, "error", message="cannot read", type="unreadable").text = xml_safe(u.reason)
        cases.append(case)
    counts = {"tests": str(len(cases)), "failures": str(failures), "errors": str(len(unreadable))}
    root = etree.Element("testsuites", attrib={"name": "nwx-schema", **counts})
    etree.SubElement(root, "testsuite", attrib={"name": "nwx-schema", **counts, "skipped": "0"}).extend(cases)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(
        root, encoding="unicode", pretty_print=True
    )


odd_text = st.text(st.characters(codec="utf-8"), max_size=30)


@settings(max_examples=60)
@given(
    message=odd_text,
    path=odd_text.filter(bool),
    reason=odd_text,
    severity=st.sampled_from(["error", "warning"]),
    max_errors=st.none() | st.just(1),
    warnings_as_errors=st.booleans(),
)
def test_junit_is_byte_for_byte_what_lxml_wrote(
    message: str, path: str, reason: str, severity: Any, max_errors: int | None, warnings_as_errors: bool
) -> None:
    issues = (
        Issue(1, 2, "NWX300", severity, message, "/0"),
        Issue(3, 4, "NWX400", "error", message + "&<>\"'\r\t", "/1/Action"),
    )
    files = [(path, issues, "json"), ("clean.xml", (), "xml"), ("w.xml", (samples.NO_PLAN,), "xml")]
    policy = Policy(max_errors=max_errors, warnings_as_errors=warnings_as_errors)
    unreadable = (Unreadable(path + ".gone", reason),)
    expected = lxml_junit(files, policy, unreadable)
    assert samples.render("junit", policy, files=files, unreadable=unreadable) == expected


def test_junit_of_no_file_is_an_empty_suite() -> None:
    assert samples.render("junit", files=[]) == lxml_junit([], Policy(), ())


@pytest.mark.parametrize("name", ["text", "github", "json", "sarif"])
def test_a_finding_is_written_when_it_comes(name: str) -> None:
    out = io.StringIO()
    reporter = create_reporter(name, RenderContext(), out)
    reporter.begin_run()
    reporter.begin_file("a.xml")
    reporter.issue(samples.MISSING_WHEN)
    assert "required field When is missing" in out.getvalue()  # before the file ends


def synthetic(count: int) -> Iterator[Issue]:
    """``count`` findings made on the fly (the test itself holds none of them)."""
    for n in range(count):
        yield Issue(n + 1, 3, "NWX603", "warning", f"record {n} has no MonitoringPlan/Name", f"/{n}/MonitoringPlan/Name",
                    f"/ActivityRecordList/ActivityRecord[{n + 1}]", n)  # fmt: skip
        if n % 4 == 0:
            yield Issue(n + 1, 9, "NWX300", "error", f"record {n} has no When", f"/{n}/When", None, n)


def peak_while_reporting(name: str, count: int) -> int:
    with open(os.devnull, "w", encoding="utf-8") as sink:
        reporter = create_reporter(name, RenderContext(max_per_code=0), sink)
        tracemalloc.start()
        try:
            reporter.begin_run()
            reporter.begin_file("big.xml")
            judge = Judge(Policy())
            for issue in judge.shown(synthetic(count)):
                reporter.issue(issue)
            result = judge.result("big.xml", samples.report("big.xml"))
            reporter.end_file(result)
            summary = Summary()
            summary.add(result)
            reporter.end_run(summary)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


@pytest.mark.parametrize("name", list(REPORTERS))
def test_reporter_memory_does_not_grow_with_the_findings(name: str) -> None:
    small, large = peak_while_reporting(name, 1_000), peak_while_reporting(name, 10_000)
    # holding 9,000 more findings (or their JSON) would take several MiB
    assert large - small < 256 * 1024, (small, large)


positions = st.none() | st.integers(min_value=-1, max_value=10**6)


@settings(max_examples=200)
@given(
    line=positions,
    column=positions,
    code=st.sampled_from(["NWX300", "NWX603", "NWX999"]),
    message=odd_text,
    pointer=st.none() | odd_text,
    xpath=st.none() | odd_text | st.just("/A/@B"),
    record=st.none() | st.integers(min_value=0),
)
def test_sarif_result_template_writes_what_dumps_writes(
    line: int | None,
    column: int | None,
    code: str,
    message: str,
    pointer: str | None,
    xpath: str | None,
    record: int | None,
) -> None:
    from nwx_schema.reporting.sarif import SarifReporter

    issue = Issue(line, column, code, "error", message, pointer, xpath, record)
    reporter = SarifReporter(RenderContext(), io.StringIO())
    reporter.begin_run()
    reporter.begin_file("dir/a b.json")
    assert reporter._result_text(issue) == dumps(reporter._result(issue, "dir/a%20b.json"), 8)


@given(
    line=st.none() | st.integers(1, 10**7),
    column=st.none() | st.integers(1, 10**5),
    message=st.text(),
    pointer=st.none() | st.text(),
    xpath=st.none() | st.text(),
    record=st.none() | st.integers(0, 10**7),
)
def test_json_finding_template_is_the_dict_form(
    line: int | None, column: int | None, message: str, pointer: str | None, xpath: str | None, record: int | None
) -> None:
    from nwx_schema.reporting.json_ import _FILE, _issue_text
    from nwx_schema.reporting.jsonout import dumps

    issue = Issue(line, column, "NWX603", "warning", message, pointer=pointer, xpath=xpath, record=record)
    assert _issue_text(issue) == dumps(issue.to_dict(), _FILE + 4)
