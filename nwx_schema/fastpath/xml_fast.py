"""The fast pass for XML record documents: libxml2 parses and validates, in chunks.

The document is cut after record end tags into chunks of about a megabyte; each chunk is
wrapped in the document's own root start tag, parsed and validated against the bundled
XSD by lxml (in C, on every core for big files). The schema's errors name the records
they are about: those records (their byte spans) go to the located pass, alone; every
other record of the chunk is free of errors, and its advice (warnings) is located here
from the chunk's bytes. Anything the XSD does not decide alone is checked
conservatively: when in doubt the whole chunk goes to the located pass.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Final, cast

from nwx_schema.fastpath.common import LineTracker, _chars
from nwx_schema.versions import ApiVersion, Kind

BLOCK: Final = 1 << 18
MAX_PENDING: Final = 64 << 20
_NAME_BYTES: Final = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-:")
_PROLOG: Final = re.compile(rb"(?:\s+|<\?(?:[^?]|\?(?!>))*\?>|<!--(?:[^-]|-(?!-))*-->)*")
_DECL_ENCODING: Final = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")
_ROOT: Final = re.compile(
    rb"<(?P<prefix>[A-Za-z_][\w.\-]*:)?(?P<name>[A-Za-z_][\w.\-]*)"
    rb"(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*(?P<close>/?)>"
)
RECORD_START: Final = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?ActivityRecord[\s/>]")
_PLAIN_RECORD_START: Final = re.compile(rb"<ActivityRecord[\s/>]")


def record_starts(data: bytes) -> list[int]:
    """Offsets of every ``<[prefix:]ActivityRecord`` start tag (a literal search when no
    prefixed one can be there: much quicker than trying a prefix at every tag)."""
    pattern = RECORD_START if b":ActivityRecord" in data else _PLAIN_RECORD_START
    return [m.start() for m in pattern.finditer(data)]


_DATASOURCE_START: Final = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?DataSource[\s/>]")
_MARK_START: Final = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?ContinuationMark[\s/>]")
_OK_ENCODINGS: Final = frozenset({b"utf-8", b"utf8", b"us-ascii", b"ascii"})
_POWERSHELL_XPATH: Final = "boolean(//*[not(*)][starts-with(., 'System.') or starts-with(., '@{')])"
_NS: Final = {"a": "http://schemas.netwrix.com/api/v1/activity_records/"}
_MARK_TAG: Final = "{http://schemas.netwrix.com/api/v1/activity_records/}ContinuationMark"
_RECORD_TAG: Final = "{http://schemas.netwrix.com/api/v1/activity_records/}ActivityRecord"


@dataclass(slots=True)
class Root:
    """The document's root start tag, kept to wrap every chunk."""

    start: bytes
    end: bytes
    body_offset: int  # where the body starts in the (BOM-less) stream
    empty: bool = False  # <ActivityRecordList .../>
    offset: int = 0  # where the root start tag starts


def find_root(head: bytes) -> Root | None:
    """The ActivityRecordList root start tag, or None when this pass does not apply."""
    declared = _DECL_ENCODING.match(head)
    if declared and declared.group(1).lower() not in _OK_ENCODINGS:
        return None
    prolog = _PROLOG.match(head)
    pos = prolog.end() if prolog else 0
    if head.startswith(b"<!", pos):  # DOCTYPE: the located pass refuses it
        return None
    match = _ROOT.match(head, pos)
    if not match or match.group("name") != b"ActivityRecordList":
        return None
    prefix = match.group("prefix") or b""
    start = head[match.start() : match.end()]
    end = b"</" + prefix + b"ActivityRecordList>"
    return Root(start, end, match.end(), bool(match.group("close")), match.start())


def check_empty(root: Root, rest: bytes, kind: Kind, version: ApiVersion) -> bool:
    """Whether a document whose root closes itself is valid (``rest`` follows the root)."""
    from lxml import etree

    from nwx_schema.schemas import xml_schema

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        tree = etree.fromstring(root.start + rest, parser)
    except etree.XMLSyntaxError:
        return False
    return bool(xml_schema(version, kind).validate(tree))


def _last_record_end(buf: bytes, start: int = 0) -> int:
    """Offset just after the last ``</[prefix:]ActivityRecord>`` in ``buf``, or 0."""
    i = buf.rfind(b"ActivityRecord>")
    while i >= start:
        j = i
        while j > 0 and buf[j - 1] in _NAME_BYTES:
            j -= 1
        prefix = buf[j:i]
        if j >= 2 and buf[j - 2 : j] == b"</" and (not prefix or prefix.endswith(b":")):
            return i + len(b"ActivityRecord>")
        i = buf.rfind(b"ActivityRecord>", 0, i)
    return 0


class TooBig(Exception):  # noqa: N818 - a signal, not an error
    """No record end within :data:`MAX_PENDING` bytes: give up on this pass."""


def split(stream: IO[bytes], first: bytes) -> Iterator[tuple[bytes, bool]]:
    """Body chunks cut after record end tags; the last one holds the root end tag.

    A final remainder without any record (white space and ``</ActivityRecordList>``) is
    glued to the chunk before it, so every chunk but a lone last one holds records.
    """
    pending = first
    held: bytes | None = None
    while True:
        data = stream.read(BLOCK)
        if not data:
            break
        pending += data
        cut = _last_record_end(pending)
        if cut:
            if held is not None:
                yield held, False
            held, pending = pending[:cut], pending[cut:]
        elif len(pending) > MAX_PENDING:
            raise TooBig
    if held is None:
        yield pending, True
    elif RECORD_START.search(pending):
        yield held, False
        yield pending, True
    else:
        yield held + pending, True


def plan(fd: int, start: int, size: int) -> Iterator[tuple[int, int, bool]]:
    """Byte ranges ``(offset, length, last)`` of a file's body, cut after record end tags.

    Only a small window before each cut is read here; the workers read their ranges
    themselves (``os.pread``), so the file is not copied through pipes.
    """
    offset = start
    while offset < size:
        target = offset + BLOCK
        if target >= size:
            yield offset, size - offset, True
            return
        window = BLOCK // 4
        while True:
            low = max(offset, target - window)
            data = os.pread(fd, target - low, low)
            cut = _last_record_end(data)
            if cut:
                end = low + cut
                break
            if low == offset:
                if target - offset > MAX_PENDING:
                    raise TooBig
                target = min(size, target + BLOCK)  # no record end yet: a longer chunk
                if target >= size:
                    yield offset, size - offset, True
                    return
                window = target - offset
                continue
            window *= 2
        rest = os.pread(fd, min(BLOCK, size - end), end)
        if end + len(rest) >= size and not RECORD_START.search(rest):
            yield offset, size - offset, True  # only the root end follows: one last chunk
            return
        yield offset, end - offset, False
        offset = end


def check_range(
    fd: int,
    offset: int,
    length: int,
    root: Root,
    last: bool,
    kind: Kind,
    version: ApiVersion,
    encode: tuple[str, bool] | None = None,
) -> ChunkResult:
    """:func:`check_chunk` of a byte range the worker reads itself, with the range's line
    counts (the parent keeps line numbers without ever holding the bytes)."""
    body = os.pread(fd, length, offset)
    result = check_chunk(body, root, last, kind, version, encode=encode)
    newline = body.rfind(b"\n")
    result.newlines = body.count(b"\n")
    result.tail_chars = _chars(body[newline + 1 :])
    return result


#: A position relative to the start of a chunk body: (newlines before it, characters
#: after the last of them, or from the body's start when there is none).
Relative = tuple[int, int]


@dataclass(slots=True)
class ChunkResult:
    """What the fast pass learnt of one chunk.

    ``ok`` False: the chunk is not well-formed on its own (the located pass must read the
    document). ``whole``: the chunk holds something this pass does not locate itself; the
    located pass reads the chunk alone. ``bad``: records the XSD refused, for the located
    pass to read alone; every other record is free of errors.
    """

    ok: bool
    records: int = 0
    #: (record index in the chunk, record start, DataSource key or None, field names)
    advice: list[tuple[int, Relative, Relative | None, frozenset[str]]] = field(default_factory=list)
    #: (record index in the chunk, start and end offsets in the body, start position)
    bad: list[tuple[int, int, int, Relative]] = field(default_factory=list)
    whole: bool = False
    mark: tuple[int, str] | None = None  # (offset, text) of a ContinuationMark with spaces
    has_mark: bool = False
    first_child: str | None = None
    first_child_keys: frozenset[str] = frozenset()
    children: int = 0
    first_record_keys: list[frozenset[str]] = field(default_factory=list)
    payload: bytes = b""  # the records, encoded for a JSON or NDJSON writer (conversion)
    newlines: int = 0  # line counts of a range read by the worker (check_range)
    tail_chars: int = 0
    mark_value: str | None = None


def _local(tag: object) -> str:
    text = str(tag)
    return text.rpartition("}")[2]


#: The element child of the root that a schema error is about: /root/child[n]/...
_ERROR_PATH: Final = re.compile(r"^/[^/]+/[^/\[]+(?:\[(\d+)\])?(?:/|$)")


def _refused_records(tree: Any, errors: Any) -> set[int] | None:
    """Indices (among the chunk's records) of the records the schema errors are about.

    ``None`` when an error is about anything else (the root, a child that is not a record):
    libxml2 stops checking the root's content there, so the chunk is read whole. An error
    inside a record makes libxml2 skip the rest of that record only, so every record it
    does not name is free of errors.
    """
    children = [c for c in tree if isinstance(c.tag, str)]
    records: dict[int, int] = {}
    for number, child in enumerate(children, 1):
        if child.tag == _RECORD_TAG:
            records[number] = len(records)
    bad: set[int] = set()
    for entry in errors:
        match = _ERROR_PATH.match(entry.path or "")
        if match is None:
            return None
        if match.group(1) is None:
            if len(children) != 1:
                return None
            number = 1
        else:
            number = int(match.group(1))
        index = records.get(number)
        if index is None:
            return None
        bad.add(index)
    return bad or None


def check_chunk(
    body: bytes,
    root: Root,
    last: bool,
    kind: Kind | None,
    version: ApiVersion | None,
    *,
    detect: bool = False,
    limit: int = 1000,
    encode: tuple[str, bool] | None = None,
) -> ChunkResult:
    """Parse and validate one chunk; ``kind``/``version`` None only with ``detect``
    (which tells the names in the records among the first ``limit`` children).

    With ``encode=(to, pretty)`` a valid chunk's records also come back encoded as JSON
    or NDJSON, so that conversion reads each chunk once, on every core.
    """
    from lxml import etree

    from nwx_schema.schemas import xml_schema

    doc = root.start + body + (b"" if last else root.end)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=False
    )
    try:
        tree = etree.fromstring(doc, parser)
    except etree.XMLSyntaxError:
        return ChunkResult(False)
    result = ChunkResult(True)
    if detect:
        children = [c for c in tree if isinstance(c.tag, str)]
        result.children = len(children)
        if children:
            result.first_child = _local(children[0].tag)
            result.first_child_keys = frozenset(_local(g.tag) for g in children[0] if isinstance(g.tag, str))
        result.first_record_keys = [
            frozenset(_local(g.tag) for g in c if isinstance(g.tag, str))
            for c in children[:limit]
            if _local(c.tag) == "ActivityRecord"
        ]
        return result
    assert kind is not None and version is not None
    result.records = int(cast(float, _xpath("count(a:ActivityRecord)")(tree)))
    schema = xml_schema(version, kind)
    refused: set[int] = set()
    if not schema.validate(tree):
        found = _refused_records(tree, schema.error_log)
        if found is None or encode is not None:
            result.whole = True
            return result
        refused = found
    # PowerShell's depth truncation leaves values such as System.Collections.Hashtable or
    # @{...}: schema-valid text, so the located pass judges every value that starts so. A
    # value starts right after '>' or '<![CDATA[' unless a character reference spells it.
    if _starts_powershell(body) or (b"&#" in body and _xpath(_POWERSHELL_XPATH)(tree)):
        result.whole = True
        return result
    wanted: list[tuple[int, frozenset[str]]] = []
    if kind == "input" and not _surely_no_advice(body, version, result.records):
        wanted = [(n, keys) for n, keys in _advised(tree, version) if n not in refused]
    mark = tree.find(_MARK_TAG) if kind == "output" else None
    if mark is not None:
        result.has_mark = True
        text = mark.text or ""
        if text != text.strip():
            result.mark = (-1, text)
    if (wanted or refused or result.mark is not None) and not _locate(
        doc, len(root.start), len(body), result, wanted, refused
    ):
        result.whole = True
        return result
    if encode is not None:
        _encode(tree, kind, version, encode, result)
    return result


def _encode(
    tree: Any, kind: Kind, version: ApiVersion, encode: tuple[str, bool], result: ChunkResult
) -> None:
    from nwx_schema.conversion.json_writer import encode_records
    from nwx_schema.conversion.xml_reader import record_converter

    convert = record_converter(version)
    records = [convert(rec) for rec in tree.iterchildren(_RECORD_TAG)]
    result.payload = encode_records(records, kind=kind, to=encode[0], pretty=encode[1])
    mark = tree.find(_MARK_TAG)
    if mark is not None:
        result.mark_value = mark.text or ""


@functools.cache
def _xpath(expression: str) -> Any:
    """A compiled XPath (compiling on every call costs more than evaluating)."""
    from lxml import etree

    return etree.XPath(expression, namespaces=_NS)


def _advised(tree: Any, version: ApiVersion) -> list[tuple[int, frozenset[str]]]:
    """The records of a chunk that carry advice, with the names advice depends on
    (:func:`~nwx_schema.validation.advice.record_advice` reads no other), found by XPath
    in C rather than by walking every record."""
    if version == "8.5":
        hits = _xpath("a:ActivityRecord[not(a:ManagedObject)]")(tree)
        if not hits:
            return []
        index_of = {rec: n for n, rec in enumerate(tree.iterchildren(_RECORD_TAG))}
        return sorted((index_of[rec], frozenset()) for rec in hits)
    no_plan = set(_xpath("a:ActivityRecord[not(a:MonitoringPlan)]")(tree))
    no_item = set(_xpath("a:ActivityRecord[not(a:Item)]")(tree))
    with_source = set(_xpath("a:ActivityRecord[a:DataSource]")(tree))
    hits = no_plan | no_item | with_source
    if not hits:
        return []
    # ManagedObject is an 8.5 field: a 9.0 record the schema accepts never holds one
    return [
        (n, _NAMES[rec in with_source, rec not in no_plan, rec not in no_item])
        for n, rec in enumerate(tree.iterchildren(_RECORD_TAG))
        if rec in hits
    ]


#: The names advice depends on, one object per combination (the parent receives each
#: once per chunk, and asks for its advice once).
_NAMES: Final = {
    (source, plan, item): frozenset(
        name for name, there in (("DataSource", source), ("MonitoringPlan", plan), ("Item", item)) if there
    )
    for source in (False, True)
    for plan in (False, True)
    for item in (False, True)
}


def _surely_no_advice(body: bytes, version: ApiVersion, records: int) -> bool:
    """True when byte counts prove every record has its plan and item and no DataSource.

    In a valid chunk each field appears at most once per record, and '<' in text is
    always escaped, so ``<Item>`` can only be a tag, except in a comment, a CDATA section or a processing instruction
    (then this says nothing, and the XPath decides). Prefixed tags make it say nothing too.
    """
    if b"<!--" in body or b"<![CDATA[" in body or b"<?" in body:
        return False
    if version == "9.0":
        return (
            body.count(b"<MonitoringPlan>") == records
            and body.count(b"<Item>") == records
            and b"<DataSource" not in body
        )
    return body.count(b"<ManagedObject>") == records


def _starts_powershell(body: bytes) -> bool:
    """Whether a text value may start with ``System.`` or ``@{`` (right after '>' or CDATA)."""
    for word in (b"System.", b"@{"):
        at = body.find(word)
        while at >= 0:
            if body[at - 1 : at] == b">" or body[max(0, at - 9) : at] == b"<![CDATA[":
                return True
            at = body.find(word, at + 1)
    return False


def _locate(
    doc: bytes,
    shift: int,
    length: int,
    result: ChunkResult,
    wanted: list[tuple[int, frozenset[str]]],
    refused: set[int],
) -> bool:
    """Positions of the advised records, spans of the refused ones and the mark's offset
    (all in the chunk body, which is ``doc[shift:shift + length]``); False if unsure."""
    starts = [start - shift for start in record_starts(doc)]
    if len(starts) != result.records:  # a comment or CDATA looks like a record: be sure instead
        return False
    sources: dict[int, int] = {}
    for index, keys in wanted:
        if "DataSource" in keys:
            finish = starts[index + 1] + shift if index + 1 < len(starts) else len(doc)
            hits = [m.start() - shift for m in _DATASOURCE_START.finditer(doc, starts[index] + shift, finish)]
            if len(hits) != 1:
                return False
            sources[index] = hits[0]
    spans: list[tuple[int, int, int]] = []
    if refused:
        end = _last_record_end(doc, starts[-1] + shift) - shift
        if end <= 0 or end > length:
            return False
        bounds = [*starts[1:], end]
        spans = [(index, starts[index], bounds[index]) for index in sorted(refused)]
    offsets = {starts[index] for index, _ in wanted} | set(sources.values()) | {b for _, b, _ in spans}
    places = _relative(doc, shift, sorted(offsets))
    result.advice = [
        (index, places[starts[index]], places[sources[index]] if index in sources else None, keys)
        for index, keys in wanted
    ]
    result.bad = [(index, begin, finish, places[begin]) for index, begin, finish in spans]
    if result.mark is not None:
        hits = [m.start() for m in _MARK_START.finditer(doc)]
        if len(hits) != 1:
            return False
        result.mark = (hits[0] - shift, result.mark[1])
    return True


def _relative(doc: bytes, shift: int, offsets: list[int]) -> dict[int, Relative]:
    """:data:`Relative` positions of sorted body offsets, in one walk over the bytes."""
    places: dict[int, Relative] = {}
    newlines = chars = 0
    previous = shift
    for offset in offsets:
        at = offset + shift
        found = doc.count(b"\n", previous, at)
        if found:
            newlines += found
            line_start = doc.rfind(b"\n", previous, at) + 1
            chars = _chars(doc[line_start:at])
        else:
            chars += _chars(doc[previous:at])
        places[offset] = (newlines, chars)
        previous = at
    return places


def position(tracker: LineTracker, body: bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based, characters) of a byte offset in a chunk body."""
    return tracker.at(body, offset)
