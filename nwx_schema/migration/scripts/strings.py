"""Rules for legacy names inside string literals: XML tags, JSON keys, XPath steps.

These apply in every language, since templates are strings everywhere: here-strings,
f-strings, verbatim strings, template literals, here-docs, and whole XML or JSON
template files. Inside a ``FilterList`` (search parameters) the names are plain renames:
the MonitoringPlan filter takes the plan name itself.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from nwx_schema.migration.scripts.regions import Region, prev_code

if TYPE_CHECKING:
    from nwx_schema.migration.scripts.engine import Rewriter

_TAG_BEFORE: Final = re.compile(r"<(/?)([A-Za-z_][\w.\-]*:)?\Z")
_NAME_TEST: Final = re.compile(r"(?:local-)?name\(\)\s*=\s*['\"]\Z")
_FILTER_TAG: Final = re.compile(r"<(/?)(?:[A-Za-z_][\w.\-]*:)?FilterList\b([^<>]*?)(/?)>")
#: How a JSON quote is written inside a string literal, longest first.
_QUOTE_FORMS: Final = ('\\"', '""', '`"', '"')
_STEP_BOUNDARY: Final = "/([|"
_STEP_FOLLOW: Final = "/[)]|=!<> \t\r\n'\",;"
_NEW: Final = {"ManagedObject": "MonitoringPlan", "AuditedSystem": "DataSource"}


def text_hit(rw: Rewriter, name: str, start: int, end: int, region: Region) -> None:
    """A legacy name inside (part of) a string literal."""
    head = rw.text[region.body_start : start]
    tag = _TAG_BEFORE.search(head)
    if tag is not None:
        _tag(rw, name, start, end, region, tag.group(1) == "/", tag.group(2) or "")
        return
    if _NAME_TEST.search(head):
        if name == "AuditedSystem":
            rw.replace(start, end, "DataSource")
            rw.change(start, "XPath name test 'AuditedSystem' renamed 'DataSource'")
        else:
            rw.report(
                start,
                "XPath name test on ManagedObject: 9.0 has MonitoringPlan with a Name child; rewrite it by hand",
            )
        return
    quote = _json_quote(rw, start, end, region)
    if quote is not None:
        _json_key(rw, name, start, end, region, quote)
        return
    if _xpath_step(rw, name, start, end, region):
        return
    rw.report(
        start,
        f"{name} inside a string that is not an XML tag, a JSON key or an XPath step: check by hand",
    )


# -- XML tags --------------------------------------------------------------------------


def in_filter_list(rw: Rewriter, pos: int) -> bool:
    """Whether ``pos`` stands between a ``<FilterList>`` and its ``</FilterList>`` (in strings)."""
    marks: list[tuple[int, int]] | None = rw.cache.get("filter_tags")
    if marks is None:
        marks = []
        for m in _FILTER_TAG.finditer(rw.text):
            region = rw.regions.at(m.start())
            if region is None or region.kind != "string" or m.group(3):
                continue
            marks.append((m.start(), -1 if m.group(1) else 1))
        rw.cache["filter_tags"] = marks
    return sum(delta for at, delta in marks if at < pos) > 0


def _opened_before(rw: Rewriter, name: str, lt: int) -> bool:
    """Whether a start tag of ``name`` stands before the end tag at ``lt`` (in this literal
    or an earlier one: the change is then listed once, at the start tag)."""
    return re.compile(rf"<(?:[\w.-]+:)?{name}[\s>/]").search(rw.text, 0, lt) is not None


def _tag(rw: Rewriter, name: str, start: int, end: int, region: Region, closing: bool, prefix: str) -> None:
    text = rw.text
    lt = start - len(prefix) - (2 if closing else 1)
    gt = text.find(">", end, region.body_end)
    if gt < 0:
        rw.report(start, f"<{name}> tag split by an interpolation: rewrite it by hand")
        return
    new = _NEW[name]
    if name == "AuditedSystem" or in_filter_list(rw, lt):
        rw.replace(start, end, new)
        if not closing or not _opened_before(rw, name, lt):
            what = "search filter" if name == "ManagedObject" else "element"
            rw.change(start, f"{what} <{'/' if closing else ''}{name}> renamed <{'/' if closing else ''}{new}>")
        return
    if closing:
        rw.replace(lt, end, f"</{prefix}Name></{prefix}MonitoringPlan")
        if not _opened_before(rw, name, lt):  # no start tag to list it at: list it here
            rw.change(start, "</ManagedObject> closed as </Name></MonitoringPlan>")
        return
    if text[end:gt].rstrip().endswith("/"):
        rw.report(
            start,
            "empty <ManagedObject/>: 9.0 requires a plan name in <MonitoringPlan><Name>; write it by hand",
        )
        return
    rw.replace(start, end, "MonitoringPlan")
    rw.insert(gt + 1, f"<{prefix}Name>")
    rw.change(start, "<ManagedObject> wrapped as <MonitoringPlan><Name>")


# -- JSON in strings -------------------------------------------------------------------


def _json_quote(rw: Rewriter, start: int, end: int, region: Region) -> str | None:
    """The form of the JSON quote around a key ``"name":`` inside a string, if it is one."""
    text = rw.text
    for form in _QUOTE_FORMS:
        if not (text.startswith(form, start - len(form)) and text.startswith(form, end)):
            continue
        if start - len(form) < region.body_start:
            continue
        if form == '""' and region.escape not in ("double", "`"):
            continue
        if form == '`"' and region.escape != "`":
            continue
        if form == '"' and region.quote == '"':
            continue
        after = end + len(form)
        while after < region.body_end and text[after] in " \t":
            after += 1
        if after < region.body_end and text[after] == ":":
            return form
    return None


def _json_context(rw: Rewriter, key_start: int, region: Region, quote: str) -> str:
    """Whether the JSON object holding a key inside a string is a record or a filter list.

    ``filter`` when it is the value of ``FilterList`` or holds a filter-only key; ``record``
    when it is an item of an array or holds record keys (two shared ones, or a record-only
    one); ``unknown`` otherwise. Braces doubled in f-strings and ``$"..."`` count double.
    """
    from nwx_schema.migration.scripts.engine import FILTER_KEYS, RECORD_KEYS, SHARED_KEYS

    text = rw.text
    depth = 0
    opener = -1
    i = key_start - 1
    while i >= region.literal_start:
        ch = text[i]
        if ch == "}":
            depth += 1
        elif ch == "{":
            if depth == 0:
                opener = i
                break
            depth -= 1
        i -= 1
    if opener < 0:
        return "unknown"
    q = re.escape(quote)
    owner = text[max(region.literal_start, opener - 40) : opener]
    if re.search(rf"{q}FilterList{q}\s*:\s*\{{?\Z", owner):
        return "filter"
    before = opener - 1
    while before >= region.literal_start and text[before] in " \t\r\n{":
        before -= 1
    in_array = before >= region.literal_start and text[before] in "[,"
    unit = 2 if region.brace_escape else 1
    while opener > region.literal_start and text[opener - 1] == "{" and unit == 2:
        opener -= 1
    key = re.compile(rf"{q}([A-Za-z]+){q}\s*:")
    keys: set[str] = set()
    depth = 0
    k = opener
    limit = min(len(text), opener + 4000)
    while k < limit:
        ch = text[k]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth <= 0:
                break
        elif depth == unit:
            found = key.match(text, k)
            if found is not None:
                keys.add(found.group(1))
                k = found.end()
                continue
        k += 1
    if keys & FILTER_KEYS:
        return "filter"
    if in_array or keys & RECORD_KEYS or len(keys & SHARED_KEYS) >= 2:
        return "record"
    return "unknown"


def _json_key(rw: Rewriter, name: str, start: int, end: int, region: Region, quote: str) -> None:
    text = rw.text
    new = _NEW[name]
    context = "record" if name == "AuditedSystem" else _json_context(rw, start - len(quote), region, quote)
    if name == "AuditedSystem" or context == "filter":
        rw.replace(start, end, new)
        what = "search filter" if name == "ManagedObject" else "JSON key"
        rw.change(start, f'{what} "{name}" renamed "{new}"')
        return
    if context == "unknown":
        rw.report(
            start,
            'JSON "ManagedObject" in an object that is neither clearly a record nor a FilterList: '
            'a record needs "MonitoringPlan": {"Name": ...}, a filter list "MonitoringPlan": name',
        )
        return
    colon = text.index(":", end + len(quote))
    value = colon + 1
    while value < len(text) and text[value] in " \t":
        value += 1
    value_end = _json_value_end(rw, value, region, quote)
    if value_end is None:
        rw.report(
            start, 'the value of "ManagedObject" cannot be delimited in this string: rewrite it by hand'
        )
        return
    separator = text[end + len(quote) : value]
    opening, closing = ("{{", "}}") if region.brace_escape else ("{", "}")
    rw.replace(start, end, new)
    rw.insert(value, f"{opening}{quote}Name{quote}{separator}")
    rw.insert(value_end, closing)
    rw.change(start, 'JSON "ManagedObject": value wrapped as "MonitoringPlan": {"Name": value}')


def _json_value_end(rw: Rewriter, value: int, region: Region, quote: str) -> int | None:
    """End of the JSON value starting at ``value`` (it may continue in later segments)."""
    text = rw.text
    if text.startswith(quote, value):
        pos = value + len(quote)
        while pos < region.literal_end:
            seg = rw.regions.at(pos)
            if seg is None or seg.literal_start != region.literal_start:
                pos += 1  # interpolated code inside the literal
                continue
            if quote == '"' and text[pos] == "\\":
                pos += 2
                continue
            if text.startswith(quote, pos):
                return pos + len(quote)
            if text[pos] in "\r\n":
                return None
            pos += 1
        return rw.language.join_words(rw, value, quote)
    if text[value : value + 1] in ("{", "["):
        return None
    pos = value
    while pos < region.body_end and text[pos] not in ",}]\r\n":
        pos += 1
    while pos > value and text[pos - 1] in " \t":
        pos -= 1
    return pos if pos > value else None


# -- XPath -----------------------------------------------------------------------------

_PREFIX: Final = re.compile(r"(?:\$?\{+[$\w.]+\}+|\{[^{}]*\}|[A-Za-z_][\w.\-]*:)\Z")
#: Calls whose string argument is an XPath (or an ElementTree path).
XPATH_CALLS: Final = frozenset(
    {
        "SelectSingleNode", "SelectNodes", "selectSingleNode", "selectNodes", "find", "findall",
        "findtext", "iterfind", "xpath", "at_xpath", "evaluate", "XPathSelectElement",
        "XPathSelectElements", "XPathEvaluate", "Compile", "-XPath",
    }
)  # fmt: skip
_WORD_BEFORE: Final = re.compile(r"(-?[A-Za-z_][\w]*)\s*\Z")


def literal_body_start(rw: Rewriter, region: Region) -> int:
    """Where the body of the literal ``region`` belongs to starts (its first segment)."""
    first = rw.regions.at(region.literal_start)
    return first.body_start if first is not None else region.body_start


def in_xpath_call(rw: Rewriter, region: Region) -> bool:
    """Whether the literal is the first argument of a call taking an XPath (or ``-XPath``)."""
    text = rw.text
    before = prev_code(text, region.literal_start, rw.regions)
    if before < 0:
        return False
    if text[before] == "(":
        word = _WORD_BEFORE.search(text, 0, before)
        return word is not None and word.group(1) in XPATH_CALLS
    word = _WORD_BEFORE.search(text, 0, before + 1)
    return word is not None and word.group(1).lower() == "-xpath"


def xpath_step_text(name: str, prefix: str) -> str:
    """The replacement of the step ``prefix + name``, without the prefix itself."""
    return "DataSource" if name == "AuditedSystem" else f"MonitoringPlan/{prefix}Name"


def _xpath_step(rw: Rewriter, name: str, start: int, end: int, region: Region) -> bool:
    """Rewrite ``name`` as a location step of an XPath (``//ns:ManagedObject``), if it is one."""
    text = rw.text
    body_start = literal_body_start(rw, region)
    found = _PREFIX.search(text, body_start, start)
    prefix = found.group() if found is not None else ""
    boundary = start - len(prefix)
    opener = text[boundary - 1] if boundary > body_start else ""
    follow = text[end] if end < region.body_end else ""
    if opener and opener not in _STEP_BOUNDARY:
        return False
    if follow and follow not in _STEP_FOLLOW:
        return False
    if not opener and follow not in ("/", "["):
        whole = region.whole and end == region.body_end
        if not (whole and prefix and in_xpath_call(rw, region)):
            return False
    new = xpath_step_text(name, prefix)
    rw.replace(start, end, new)
    rw.change(start, f"XPath step {prefix}{name} rewritten {prefix}{new}")
    return True
