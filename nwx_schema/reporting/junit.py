"""The ``junit`` format: JUnit XML, as GitLab, Azure Pipelines and Jenkins read it.

One ``testcase`` per file (``classname="nwx-schema"``, ``name`` the path); an invalid file
has a ``failure`` whose message counts the errors and whose text lists the findings in the
text format; warnings of a valid file go to ``system-out``. A path that could not be read
is a testcase with an ``error``.
"""

from __future__ import annotations

from lxml import etree

from nwx_schema.reporting.base import RenderContext, Reporter, omitted_note, plural
from nwx_schema.reporting.outcome import FileOutcome, Summary
from nwx_schema.reporting.text import format_issue
from nwx_schema.reporting.xmltext import xml_safe

SUITE_NAME = "nwx-schema"


class JunitReporter(Reporter):
    """Collects one testcase per file and writes the document at the end."""

    def __init__(self, context: RenderContext) -> None:
        super().__init__(context)
        self._cases: list[etree._Element] = []
        self._failures = 0

    def file(self, outcome: FileOutcome) -> str:
        case = etree.Element("testcase", classname=SUITE_NAME, name=xml_safe(outcome.path))
        lines = [format_issue(outcome.path, i) for i in outcome.shown]
        note = omitted_note(outcome, self.context.max_errors)
        if note:
            lines.append(f"{outcome.path}: {note}")
        body = xml_safe("".join(line + "\n" for line in lines))
        if not outcome.valid:
            self._failures += 1
            message = plural(outcome.errors, "error")
            if not outcome.errors:
                message += ", " + plural(outcome.warnings, "warning")
            first = next((i for i in outcome.shown if i.severity == "error"), None) or outcome.shown[0]
            failure = etree.SubElement(case, "failure", message=message, type=first.code)
            failure.text = body
        elif body:
            etree.SubElement(case, "system-out").text = body
        self._cases.append(case)
        return ""

    def end(self, summary: Summary) -> str:
        for unreadable in summary.unreadable:
            case = etree.Element("testcase", classname=SUITE_NAME, name=xml_safe(unreadable.path))
            error = etree.SubElement(case, "error", message="cannot read", type="unreadable")
            error.text = xml_safe(unreadable.reason)
            self._cases.append(case)
        counts = {
            "tests": str(len(self._cases)),
            "failures": str(self._failures),
            "errors": str(len(summary.unreadable)),
        }
        root = etree.Element("testsuites", attrib={"name": SUITE_NAME, **counts})
        suite = etree.SubElement(root, "testsuite", attrib={"name": SUITE_NAME, **counts, "skipped": "0"})
        suite.extend(self._cases)
        body = etree.tostring(root, encoding="unicode", pretty_print=True)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body
