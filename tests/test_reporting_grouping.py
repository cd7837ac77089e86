"""--max-per-code: the text format groups repeated findings per file and code; counts
stay exact, and the machine formats keep every finding."""

from __future__ import annotations

import json

from lxml import etree

from nwx_schema.issues import Issue
from nwx_schema.reporting.outcome import Policy
from tests.reporting_samples import render


def plan(n: int) -> Issue:
    return Issue(n, 3, "NWX603", "warning", "no plan", f"/{n}/MonitoringPlan/Name")


def item(n: int) -> Issue:
    return Issue(n, 3, "NWX604", "warning", "no item", f"/{n}/Item/Name")


def when(n: int) -> Issue:
    return Issue(n, 5, "NWX300", "error", "no When", f"/{n}/When")


def many(count: int) -> tuple[Issue, ...]:
    """``count`` records, each without plan and item, every third without When."""
    issues: list[Issue] = []
    for n in range(1, count + 1):
        issues += [plan(n), item(n)]
        if n % 3 == 0:
            issues.append(when(n))
    return tuple(issues)


def text(
    files: list[tuple[str, tuple[Issue, ...], str]], max_per_code: int, policy: Policy | None = None
) -> list[str]:
    return render("text", policy, files=files, max_per_code=max_per_code).splitlines()


def test_first_n_per_code_then_one_line_per_code_with_the_rest() -> None:
    lines = text([("big.xml", many(30), "xml")], 4)
    shown = [line for line in lines if line.startswith("big.xml:")]
    assert [line.split()[2] for line in shown] == ["NWX603", "NWX604"] * 3 + ["NWX300"] + [
        "NWX603",
        "NWX604",
    ] + ["NWX300"] * 3
    assert [line.split(":")[1] for line in shown][:8] == ["1", "1", "2", "2", "3", "3", "3", "4"]
    assert lines[len(shown) :] == [
        "... and 6 more NWX300 in big.xml",
        "... and 26 more NWX603 in big.xml",
        "... and 26 more NWX604 in big.xml",
        "1 file checked: 0 valid, 1 invalid; 10 errors, 60 warnings",
    ]


def test_zero_shows_every_finding() -> None:
    lines = text([("big.xml", many(30), "xml")], 0)
    assert len(lines) == 70 + 1
    assert not any(line.startswith("...") for line in lines)


def test_a_code_at_the_limit_gets_no_extra_line() -> None:
    lines = text([("a.xml", tuple(plan(n) for n in range(1, 4)), "xml")], 3)
    assert lines == [
        "a.xml:1:3: warning NWX603 no plan [/1/MonitoringPlan/Name]",
        "a.xml:2:3: warning NWX603 no plan [/2/MonitoringPlan/Name]",
        "a.xml:3:3: warning NWX603 no plan [/3/MonitoringPlan/Name]",
        "1 file checked: 1 valid, 0 invalid; 0 errors, 3 warnings",
    ]


def test_grouping_is_per_file() -> None:
    files = [("a.xml", (plan(1), plan(2), plan(3)), "xml"), ("b.xml", (plan(1), plan(2)), "xml")]
    assert text(files, 2) == [
        "a.xml:1:3: warning NWX603 no plan [/1/MonitoringPlan/Name]",
        "a.xml:2:3: warning NWX603 no plan [/2/MonitoringPlan/Name]",
        "... and 1 more NWX603 in a.xml",
        "b.xml:1:3: warning NWX603 no plan [/1/MonitoringPlan/Name]",
        "b.xml:2:3: warning NWX603 no plan [/2/MonitoringPlan/Name]",
        "2 files checked: 2 valid, 0 invalid; 0 errors, 5 warnings",
    ]


def test_max_errors_applies_first_and_its_note_comes_last() -> None:
    lines = text([("big.xml", many(30), "xml")], 2, Policy(max_errors=5))
    assert sum(1 for line in lines if " error NWX300 " in line) == 2
    assert lines[-5:] == [
        "... and 3 more NWX300 in big.xml",  # 5 errors let through, 2 of them shown
        "... and 28 more NWX603 in big.xml",
        "... and 28 more NWX604 in big.xml",
        "big.xml: 5 more errors not shown (--max-errors 5)",
        "1 file checked: 0 valid, 1 invalid; 10 errors, 60 warnings (5 not shown)",
    ]


def test_ignored_codes_are_neither_shown_nor_grouped_nor_counted() -> None:
    lines = text([("big.xml", many(30), "xml")], 2, Policy(ignore=frozenset({"NWX604"})))
    assert not any("NWX604" in line for line in lines)
    assert lines[-3:] == [
        "... and 8 more NWX300 in big.xml",
        "... and 28 more NWX603 in big.xml",
        "1 file checked: 0 valid, 1 invalid; 10 errors, 30 warnings",
    ]


def test_machine_formats_keep_every_finding() -> None:
    files = [("big.xml", many(30), "xml")]
    doc = json.loads(render("json", files=files, max_per_code=2))
    assert len(doc["files"][0]["issues"]) == 70
    assert (doc["files"][0]["errors"], doc["files"][0]["warnings"]) == (10, 60)
    sarif = json.loads(render("sarif", files=files, max_per_code=2))
    assert len(sarif["runs"][0]["results"]) == 70
    github = render("github", files=files, max_per_code=2).splitlines()
    assert len(github) == 70 + 1
    junit = etree.fromstring(render("junit", files=files, max_per_code=2).encode("utf-8"))
    assert len((junit.findtext("testsuite/testcase/failure") or "").splitlines()) == 70
