"""The text format and the GitHub workflow-command format."""

from __future__ import annotations

import os
import re

import click

from nwx_schema.reporting.github import annotate, escape_data, escape_property
from nwx_schema.reporting.outcome import Policy, Unreadable
from nwx_schema.reporting.text import format_issue
from tests.reporting_samples import BAD_ACTION, MISSING_WHEN, NOT_XML_OR_JSON, render


def test_text_lists_findings_then_the_summary() -> None:
    assert render("text").splitlines() == [
        "in/bad.json:2:3: warning NWX603 record without MonitoringPlan/Name [/0]",
        "in/bad.json:3:5: error NWX300 required field When is missing [/0]",
        "in/bad.json:7:13: error NWX400 unknown Action 'Add (failed attempt)': "
        "did you mean 'Add (Failed Attempt)'? [/1/Action]",
        "in/junk.json:-:-: error NWX101 neither XML nor JSON",
        "3 files checked: 1 valid, 2 invalid; 3 errors, 1 warning",
    ]


def test_text_lines_split_into_path_line_column_and_message() -> None:
    pattern = re.compile(
        r"^(?P<path>.+?):(?P<line>\d+|-):(?P<col>\d+|-): (?P<sev>error|warning) (?P<code>NWX\d{3}) "
    )
    lines = render("text").splitlines()[:-1]
    parsed = [pattern.match(line) for line in lines]
    assert all(parsed)
    assert [(m["path"], m["line"], m["col"], m["code"]) for m in parsed if m] == [
        ("in/bad.json", "2", "3", "NWX603"),
        ("in/bad.json", "3", "5", "NWX300"),
        ("in/bad.json", "7", "13", "NWX400"),
        ("in/junk.json", "-", "-", "NWX101"),
    ]


def test_text_says_how_many_errors_max_errors_left_out() -> None:
    lines = render("text", Policy(max_errors=1)).splitlines()
    assert "in/bad.json: 1 more error not shown (--max-errors 1)" in lines
    assert not any("NWX400" in line for line in lines)
    assert lines[-1] == "3 files checked: 1 valid, 2 invalid; 3 errors, 1 warning (1 not shown)"


def test_text_has_no_escape_sequences_without_colour() -> None:
    assert "\x1b[" not in render("text")


def test_text_colour_only_styles_what_is_shown() -> None:
    colored = render("text", color=True)
    assert "\x1b[31m" in colored  # red errors
    assert "\x1b[33m" in colored  # yellow warnings
    assert click.unstyle(colored) == render("text")


def test_format_issue_with_a_line_but_no_column() -> None:
    issue = MISSING_WHEN.__class__(4, None, "NWX300", "error", "missing", None)
    assert format_issue("a.xml", issue) == "a.xml:4:-: error NWX300 missing"


def test_github_annotations_carry_file_line_col_and_code() -> None:
    assert render("github").splitlines() == [
        "::warning file=in/bad.json,line=2,col=3,title=NWX603::record without MonitoringPlan/Name [/0]",
        "::error file=in/bad.json,line=3,col=5,title=NWX300::required field When is missing [/0]",
        "::error file=in/bad.json,line=7,col=13,title=NWX400::unknown Action 'Add (failed attempt)': "
        "did you mean 'Add (Failed Attempt)'? [/1/Action]",
        "::error file=in/junk.json,title=NWX101::neither XML nor JSON",
        "3 files checked: 1 valid, 2 invalid; 3 errors, 1 warning",
    ]


def test_github_paths_are_relative_to_the_working_directory() -> None:
    cwd = os.path.abspath("in")
    assert "::error file=bad.json,line=3" in render("github", cwd=cwd)


def test_github_escapes_data_and_properties_as_documented() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    issue = BAD_ACTION.__class__(1, 2, "NWX400", "error", "bad\nvalue: 100%", None)
    assert annotate("dir,x/a:b.json", issue) == (
        "::error file=dir%2Cx/a%3Ab.json,line=1,col=2,title=NWX400::bad%0Avalue: 100%25"
    )


def test_github_reports_omitted_errors_and_unreadable_paths() -> None:
    gone = Unreadable("gone.xml", "No such file or directory")
    lines = render("github", Policy(max_errors=1), unreadable=(gone,)).splitlines()
    assert "::notice file=in/bad.json,title=nwx-schema::1 more error not shown (--max-errors 1)" in lines
    assert "::error file=gone.xml::cannot read: No such file or directory" in lines


def test_unknown_position_issue_in_github_has_no_line() -> None:
    assert annotate("x.json", NOT_XML_OR_JSON) == "::error file=x.json,title=NWX101::neither XML nor JSON"
