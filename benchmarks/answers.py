"""Judge an ``nwx-schema validate -o FORMAT`` report against the findings the generator
expects (``DOCUMENT.expected.json``, see ``benchmarks/findings.py``): the findings per
code must be exactly the expected ones, and every finding must be located.

Reports of a million records run to hundreds of MB (SARIF: about 1 KB a finding), so
they are never loaded: each format's findings are counted with one regular expression
over the memory-mapped file, and their locations with one more per location field.
"""

from __future__ import annotations

import json
import mmap
import re
from collections import Counter
from pathlib import Path
from typing import Final

#: One finding of each format (group 1: its code). A text line is
#: ``source:line:col: severity CODE message [pointer]``; JUnit carries the same lines.
_TEXT_LINE: Final = rb"(?m)^[^\n]*?: (?:error|warning) (NWX\d{3}) "
FINDING: Final[dict[str, re.Pattern[bytes]]] = {
    "text": re.compile(_TEXT_LINE),
    "json": re.compile(rb'"code":\s*"(NWX\d{3})"'),
    "sarif": re.compile(rb'"ruleId":\s*"(NWX\d{3})"'),
    "junit": re.compile(_TEXT_LINE),
    "github": re.compile(rb"(?m)^::(?:error|warning) [^\n]*?title=(NWX\d{3})::"),
}
_TEXT_LOCATED: Final = rb"(?m)^[^\n]*?:\d+:\d+: (?:error|warning) NWX\d{3} [^\n]*\[/[^\n]*\]$"
#: The location fields each finding must carry, per format (each pattern matches once per
#: located finding): line, column and JSON pointer everywhere, the XPath where the format
#: has a place for it.
LOCATED: Final[dict[str, tuple[tuple[str, re.Pattern[bytes]], ...]]] = {
    "json": (
        ("line", re.compile(rb'"line":\s*\d')),
        ("column", re.compile(rb'"column":\s*\d')),
        ("pointer", re.compile(rb'"pointer":\s*"')),
        ("xpath", re.compile(rb'"xpath":\s*"')),
    ),
    "sarif": (
        ("line", re.compile(rb'"startLine":\s*\d')),
        ("column", re.compile(rb'"startColumn":\s*\d')),
        ("pointer", re.compile(rb'"pointer":\s*"')),
        ("xpath", re.compile(rb'"xpath":\s*"')),
    ),
    "text": (("line, column and pointer", re.compile(_TEXT_LOCATED)),),
    "junit": (("line, column and pointer", re.compile(_TEXT_LOCATED)),),
    "github": (
        (
            "line, column and pointer",
            re.compile(
                rb"(?m)^::(?:error|warning) file=[^\n]*?,line=\d+,col=\d+,title=NWX\d{3}::[^\n]*\[/[^\n]*\]$"
            ),
        ),
    ),
}
FORMATS: Final = tuple(FINDING)


def load_expected(path: Path) -> dict[str, object]:
    """The expected report the generator wrote beside a document."""
    value = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(value, dict)
    return value


def count_findings(report: Path, fmt: str) -> tuple[Counter[str], dict[str, int]]:
    """The findings of a report per code, and how many carry each location field."""
    if report.stat().st_size == 0:
        return Counter(), {name: 0 for name, _ in LOCATED[fmt]}
    with open(report, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        codes = Counter(match.group(1).decode() for match in FINDING[fmt].finditer(data))
        located = {name: sum(1 for _ in pattern.finditer(data)) for name, pattern in LOCATED[fmt]}
    return codes, located


def judge_report(report: Path, fmt: str, expected: dict[str, object]) -> str | None:
    """None when ``report`` (an ``nwx-schema validate -o fmt`` output) holds exactly the
    expected findings per code, each located; otherwise what is wrong."""
    want = expected["counts"]
    assert isinstance(want, dict)
    got, located = count_findings(report, fmt)
    if dict(got) != want:
        codes = sorted(set(got) | set(want))
        diff = [
            f"{code} {got.get(code, 0)} (expected {want.get(code, 0)})"
            for code in codes
            if got.get(code, 0) != want.get(code, 0)
        ]
        return "findings " + ", ".join(diff[:6])
    total = sum(got.values())
    for name, count in located.items():
        if count != total:
            return f"{total - count} of {total} findings without {name}"
    return None
