"""The quick renderers of the machine formats write, finding for finding, what their
reference renderers write: SARIF's ``dumps(_result(...))``, GitHub's :func:`annotate`,
JUnit's escaped :func:`format_issue` line. The quick ones keep the parts that depend on
a code and a message once per file, so the findings come in runs that share them, in
several files, with text that needs escaping."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from nwx_schema.issues import Issue
from nwx_schema.reporting import RenderContext
from nwx_schema.reporting.github import GithubReporter, annotate
from nwx_schema.reporting.jsonout import dumps
from nwx_schema.reporting.junit import JunitReporter, escape_text
from nwx_schema.reporting.sarif import SarifReporter, artifact_uri
from nwx_schema.reporting.text import format_issue
from nwx_schema.reporting.xmltext import xml_safe

#: text with what every format escapes: quotes, markup, percent, separators, control,
#: bidirectional and non-XML characters.
odd_text = st.text(
    st.sampled_from(['"', "\\", "<", "&", ">", "%", ":", ",", "\n", "\r", "\t", "\x00", "\x1b", "\u202e", "\ud800", "\ufffe", "a", "é", "中", " ", "/", "@"]),
    max_size=12,
)  # fmt: skip
positions = st.none() | st.integers(min_value=-1, max_value=10**6)
messages = st.lists(odd_text, min_size=1, max_size=3)


@st.composite
def findings(draw: st.DrawFn) -> list[tuple[str, Issue]]:
    """(file, finding) pairs: a few files, a few messages shared by many findings."""
    texts = draw(messages)
    paths = draw(
        st.lists(
            st.sampled_from(["a.xml", "dir/b c.json", "x%,:.json", "\u202egnp.xml"]), min_size=1, max_size=3
        )
    )
    out = []
    for path in paths:
        for _ in range(draw(st.integers(0, 6))):
            out.append(
                (
                    path,
                    Issue(
                        draw(positions),
                        draw(positions),
                        draw(st.sampled_from(["NWX300", "NWX603", "NWX999"])),
                        draw(st.sampled_from(["error", "warning"])),
                        draw(st.sampled_from(texts)),
                        pointer=draw(st.none() | odd_text | st.just("/3/Item/Name")),
                        xpath=draw(st.none() | odd_text | st.just("/A/@B")),
                        record=draw(st.none() | st.integers(0, 10**6)),
                    ),
                )
            )
    return out


def _by_file(found: list[tuple[str, Issue]]) -> list[tuple[str, list[Issue]]]:
    files: list[tuple[str, list[Issue]]] = []
    for path, issue in found:
        if not files or files[-1][0] != path:
            files.append((path, []))
        files[-1][1].append(issue)
    return files


@settings(max_examples=150)
@given(findings())
def test_sarif_results_are_what_dumps_writes(found: list[tuple[str, Issue]]) -> None:
    reporter = SarifReporter(RenderContext(), io.StringIO())
    reporter.begin_run()
    for path, issues in _by_file(found):
        reporter.begin_file(path)
        uri = artifact_uri(path, ".")
        for issue in issues:
            assert reporter._result_text(issue) == dumps(reporter._result(issue, uri), 8)


@settings(max_examples=150)
@given(findings())
def test_github_lines_are_what_annotate_writes(found: list[tuple[str, Issue]]) -> None:
    out = io.StringIO()
    reporter = GithubReporter(RenderContext(), out)
    expected = []
    for path, issues in _by_file(found):
        reporter.begin_file(path)
        for issue in issues:
            reporter.issue(issue)
            expected.append(annotate(path, issue) + "\n")
    assert out.getvalue() == "".join(expected)


@settings(max_examples=150)
@given(findings())
def test_junit_lines_are_the_escaped_text_lines(found: list[tuple[str, Issue]]) -> None:
    reporter = JunitReporter(RenderContext(), io.StringIO())
    reporter.begin_run()
    assert reporter._body is not None and reporter._cases is not None
    with reporter._body, reporter._cases:  # the spool files (end_run would close them)
        for path, issues in _by_file(found):
            reporter.begin_file(path)
            for issue in issues:
                reporter.issue(issue)
            reporter._body.seek(0)
            body = reporter._body.read()
            assert body == "".join(escape_text(xml_safe(format_issue(path, i) + "\n")) for i in issues)
