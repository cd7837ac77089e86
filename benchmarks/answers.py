"""Judge an ``nwx-schema validate -o FORMAT`` report against the findings the generator
expects (``DOCUMENT.expected.json``, see ``benchmarks/findings.py``): the findings per
code must be exactly the expected ones, and every finding shown must be located (text
output shows the first findings of each code and counts the rest).

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
_TEXT_AT: Final = rb"(?m)^[^\n]*?:\d+:\d+: (?:error|warning) NWX\d{3} "
_TEXT_POINTER: Final = _TEXT_AT + rb"[^\n]*\[/[^\n]*\]$"
_GITHUB_AT: Final = rb"(?m)^::(?:error|warning) file=[^\n]*?,line=\d+,col=\d+,title=NWX\d{3}::"
#: Findings about the whole document (its size): located by line and column only, the
#: document having no pointer or XPath of its own (at most one per document).
DOCUMENT_CODES: Final = frozenset({"NWX602"})
#: The location fields each finding must carry, per format (each pattern matches once per
#: finding that carries it): line and column on every finding; the JSON pointer, and the
#: XPath where the format has a place for it, on every finding but the document's.
LOCATED: Final[dict[str, tuple[tuple[str, re.Pattern[bytes], bool], ...]]] = {
    "json": (
        ("line", re.compile(rb'"line":\s*\d'), True),
        ("column", re.compile(rb'"column":\s*\d'), True),
        ("pointer", re.compile(rb'"pointer":\s*"'), False),
        ("xpath", re.compile(rb'"xpath":\s*"'), False),
    ),
    "sarif": (
        ("line", re.compile(rb'"startLine":\s*\d'), True),
        ("column", re.compile(rb'"startColumn":\s*\d'), True),
        ("pointer", re.compile(rb'"pointer":\s*"'), False),
        ("xpath", re.compile(rb'"xpath":\s*"'), False),
    ),
    "text": (("line and column", re.compile(_TEXT_AT), True), ("pointer", re.compile(_TEXT_POINTER), False)),
    "junit": (("line and column", re.compile(_TEXT_AT), True), ("pointer", re.compile(_TEXT_POINTER), False)),
    "github": (
        ("line and column", re.compile(_GITHUB_AT), True),
        ("pointer", re.compile(_GITHUB_AT + rb"[^\n]*\[/[^\n]*\]$"), False),
    ),
}
FORMATS: Final = tuple(FINDING)
#: Text output shows the first findings of each code (``--max-per-code``, 20 by default)
#: and counts the others: ``... and N more CODE in FILE``.
MORE: Final[dict[str, re.Pattern[bytes]]] = {
    fmt: re.compile(rb"(?m)^\.\.\. and (\d+) more (NWX\d{3}) in ") for fmt in ("text", "junit")
}


def load_expected(path: Path) -> dict[str, object]:
    """The expected report the generator wrote beside a document."""
    value = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(value, dict)
    return value


def count_findings(report: Path, fmt: str) -> tuple[Counter[str], Counter[str], dict[str, int]]:
    """The findings a report shows per code, those it only counts (text: ``... and N
    more``) per code, and how many of those shown carry each location field."""
    shown: Counter[str] = Counter()
    more: Counter[str] = Counter()
    if report.stat().st_size == 0:
        return shown, more, {name: 0 for name, _, _ in LOCATED[fmt]}
    with open(report, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        shown.update(match.group(1).decode() for match in FINDING[fmt].finditer(data))
        if fmt in MORE:
            for match in MORE[fmt].finditer(data):
                more[match.group(2).decode()] += int(match.group(1))
        located = {name: sum(1 for _ in pattern.finditer(data)) for name, pattern, _ in LOCATED[fmt]}
    return shown, more, located


def judge_report(report: Path, fmt: str, expected: dict[str, object]) -> str | None:
    """None when ``report`` (an ``nwx-schema validate -o fmt`` output) holds exactly the
    expected findings per code, each shown one located; otherwise what is wrong."""
    want = expected["counts"]
    assert isinstance(want, dict)
    shown, more, located = count_findings(report, fmt)
    got = shown + more
    if dict(got) != want:
        codes = sorted(set(got) | set(want))
        diff = [
            f"{code} {got.get(code, 0)} (expected {want.get(code, 0)})"
            for code in codes
            if got.get(code, 0) != want.get(code, 0)
        ]
        return "findings " + ", ".join(diff[:6])
    total = sum(shown.values())
    documents = sum(n for code, n in shown.items() if code in DOCUMENT_CODES)
    for name, _pattern, every in LOCATED[fmt]:
        count, required = located[name], total if every else total - documents
        if count < required:
            return f"{required - count} of {total} findings without {name}"
        if count > total:
            return f"{count} {name} for {total} findings"
    return None
