"""``convert`` and ``convert_to_stream``: validate, then stream from one form to another."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import replace
from typing import IO, Any, Final, Literal

from nwx_schema.conversion.events import Event, Mark, OtherKey, Record, Whole
from nwx_schema.conversion.json_writer import JsonWriter, NdjsonWriter
from nwx_schema.conversion.source import Input, Source, prepare_input
from nwx_schema.conversion.xml_writer import XmlWriter
from nwx_schema.errors import InvalidPayloadError, NwxSchemaError, UnknownFormatError
from nwx_schema.issues import Issue, Report
from nwx_schema.versions import ApiVersion, Format, Kind

Target = Literal["xml", "json", "ndjson"]
TARGETS: Final[tuple[Target, ...]] = ("xml", "json", "ndjson")
#: Warnings kept in the report of a conversion (a million records may each have one).
MAX_WARNINGS: Final = 1000
#: Findings that make a document unconvertible even with ``best_effort``: reading
#: findings (unreadable bytes or syntax, security refusals; except NWX110, a character
#: that only XML cannot carry: the XML writer refuses it itself), an unknown root, a
#: document of another kind than the one asked for.
_NEVER_CONVERTED: Final = frozenset({"NWX200", "NWX204"})
_CONVERTIBLE: Final = frozenset({"NWX110"})
_SPOOL_BYTES: Final = 16 * 1024 * 1024


class UnsupportedConversionError(NwxSchemaError, ValueError):
    """A target format that cannot hold the document (NDJSON of a search document)."""


def resolve_target(name: str) -> Target:
    """``xml``, ``json`` or ``ndjson`` (case-insensitive).

    Raises:
        UnknownFormatError: any other name.
    """
    text = name.strip().lower()
    for target in TARGETS:
        if target == text:
            return target
    raise UnknownFormatError(name, TARGETS)


def _blocks(issue: Issue) -> bool:
    if issue.severity != "error" or issue.code in _CONVERTIBLE:
        return False
    return issue.code.startswith("NWX1") or issue.code in _NEVER_CONVERTED


def check_source(inp: Input, *, api_version: str, kind: str, best_effort: bool) -> Report:
    """Validate the document (streaming) and decide whether it can be converted.

    Returns the report: its errors (and up to :data:`MAX_WARNINGS` warnings).

    Raises:
        InvalidPayloadError: the document has errors (with ``best_effort``: errors that
            make it unreadable), or its format, kind or version cannot be told.
    """
    from nwx_schema.validation.engine import Validation

    run = Validation(inp.for_validation(), api_version=api_version, kind=kind, fmt="auto", name=inp.name)
    kept: list[Issue] = []
    warnings = 0
    for issue in run.issues():
        if issue.severity == "error":
            kept.append(issue)
        elif warnings < MAX_WARNINGS:
            kept.append(issue)
            warnings += 1
    report = run.report
    report.issues = kept
    errors = report.errors
    blocked = [i for i in errors if _blocks(i)] if best_effort else errors
    undecided = report.format is None or report.kind is None or report.api_version is None
    if blocked or undecided:
        count = len(errors)
        what = (
            f"{count} error{'s' if count != 1 else ''}" if count else "its kind or API version cannot be told"
        )
        raise InvalidPayloadError(f"{inp.name}: not converted: {what}", errors or report.issues)
    return report


def iter_source_events(
    inp: Input, stack: ExitStack, *, fmt: Format, version: ApiVersion, kind: Kind, best_effort: bool
) -> Iterator[Event]:
    """The events of a validated document (streams opened on ``stack``)."""
    if inp.is_decoded:
        from nwx_schema.conversion.json_reader import iter_decoded

        return iter_decoded(inp.decoded, version=version, kind=kind)
    if fmt == "xml":
        from nwx_schema.conversion.xml_reader import iter_events as xml_events

        return xml_events(stack.enter_context(inp.open()), version=version, kind=kind, strict=not best_effort)
    from nwx_schema.conversion.json_reader import iter_events as json_events

    return json_events(inp.open_json, version=version, kind=kind, stream=not best_effort)


Writer = XmlWriter | JsonWriter | NdjsonWriter


def _writer(
    out: IO[bytes], to: Target, *, version: ApiVersion, kind: Kind, pretty: bool, spool: bool
) -> Writer:
    if to == "xml":

        def write_text(text: str) -> None:
            out.write(text.encode("utf-8"))

        return XmlWriter(write_text, version=version, kind=kind, pretty=pretty, mark_may_follow=spool)
    if to == "json":
        return JsonWriter(out.write, kind=kind, pretty=pretty)
    if kind not in ("input", "output"):
        raise UnsupportedConversionError(
            f"NDJSON holds one record per line: a {kind} document has no records (use --to json)"
        )
    return NdjsonWriter(out.write, kind=kind)


def _pump(events: Iterator[Event], writer: Writer) -> list[Issue]:
    try:
        for event in events:
            if isinstance(event, Record):
                writer.record(event.value)
            elif isinstance(event, Mark):
                writer.mark(event.value)
            elif isinstance(event, Whole):
                writer.document(event.value)
            elif isinstance(event, OtherKey):
                writer.other_key(event.key, event.value)
        writer.close()
    except InvalidPayloadError as err:
        return list(err.issues)
    return list(writer.issues) if isinstance(writer, XmlWriter) else []


def transcode(
    inp: Input,
    out: IO[bytes],
    *,
    to: Target,
    fmt: Format,
    version: ApiVersion,
    kind: Kind,
    pretty: bool = True,
    best_effort: bool = False,
) -> None:
    """Convert a document whose format, version and kind are known, without validating.

    Raises:
        InvalidPayloadError: values the target cannot carry (``NWX110``, ``NWX700``);
            ``out`` may then hold a partial document, which the public functions discard.
    """
    with ExitStack() as stack:
        events = iter_source_events(inp, stack, fmt=fmt, version=version, kind=kind, best_effort=best_effort)
        spool = best_effort and fmt == "xml" and kind == "output"
        writer = _writer(out, to, version=version, kind=kind, pretty=pretty, spool=spool)
        issues = _pump(events, writer)
    if issues:
        count = len(issues)
        raise InvalidPayloadError(
            f"{inp.name}: not converted: {count} value{'s' if count != 1 else ''} cannot be written as {to.upper()}",
            issues,
        )


def convert_to_stream(
    source: Source,
    out: IO[bytes] | str | os.PathLike[str],
    *,
    to: str,
    api_version: str = "auto",
    kind: str = "auto",
    pretty: bool = True,
    best_effort: bool = False,
    name: str | None = None,
) -> Report:
    """Convert one document and write it to ``out``, in memory that does not grow with
    the number of records.

    Args:
        source: a path, document text (``str``), ``bytes``, a binary or text stream
            (standard input included: it is spooled), or the JSON form (``list``/``dict``).
        out: a binary stream, or a path. A path is replaced atomically (temporary file in
            the same directory, then ``os.replace``) and only when the conversion
            succeeds; a stream receives the result once it is complete and correct.
        to: ``xml``, ``json`` or ``ndjson`` (records only, one per line).
        api_version, kind: ``auto`` (detected) or given, as for :func:`nwx_schema.validate`.
        pretty: indented output (2 spaces); ``False`` for compact.
        best_effort: convert a document with validation errors, as far as it can be
            (unreadable documents and values the target cannot hold are still refused).
        name: the name of the source in findings (default: its path, or ``<data>``).

    Returns:
        The validation report of the source (errors, if ``best_effort``, and warnings).

    Raises:
        InvalidPayloadError: the document is invalid (unless ``best_effort``), or holds a
            value the target format cannot carry; ``.issues`` holds the located findings.
            Nothing is written.
        UnsupportedConversionError: NDJSON asked for a document without records.
        UnknownFormatError, UnknownVersionError, UnknownKindError: a bad argument.
        OSError: the source or the output path cannot be read or written.
    """
    target = resolve_target(to)
    with prepare_input(source, name) as inp:
        if target != "xml" and not best_effort:
            fused = _fused_xml(inp, target, pretty=pretty, api_version=api_version, kind=kind)
            if fused is not None:
                report, spool = fused
                with spool:
                    _deliver(spool, out)
                return report
        report = check_source(inp, api_version=api_version, kind=kind, best_effort=best_effort)
        assert report.format is not None and report.kind is not None and report.api_version is not None
        if target == "ndjson" and report.kind not in ("input", "output"):
            raise UnsupportedConversionError(
                f"NDJSON holds one record per line: a {report.kind} document has no records (use --to json)"
            )
        options: dict[str, Any] = {
            "to": target,
            "fmt": report.format,
            "version": report.api_version,
            "kind": report.kind,
            "pretty": pretty,
            "best_effort": best_effort,
        }
        try:
            if isinstance(out, str | os.PathLike):
                _write_file(inp, os.fspath(out), options)
            else:
                with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spool:
                    transcode(inp, spool, **options)
                    spool.seek(0)
                    shutil.copyfileobj(spool, out, 1 << 20)
        except InvalidPayloadError as err:
            raise InvalidPayloadError(str(err), _located(err.issues, report)) from None
    return report


#: XML documents at least this big are validated and converted in one pass, on every core.
FUSED_FROM: Final = 1 << 20


def _fused_xml(
    inp: Input, target: Target, *, pretty: bool, api_version: str, kind: str
) -> tuple[Report, IO[bytes]] | None:
    """XML to JSON or NDJSON in one reading: the validator's fast pass encodes each chunk's
    records as it validates them. ``None`` when it does not apply or cannot decide (then
    the document is validated and converted the ordinary way, and its findings reported)."""
    from nwx_schema import fastpath
    from nwx_schema.reading.source import sniff
    from nwx_schema.versions import resolve_kind, resolve_version

    if inp.is_decoded or os.environ.get("NWX_SCHEMA_FAST", "1") == "0":
        return None
    given_kind = None if kind == "auto" else resolve_kind(kind)
    given_version = None if api_version == "auto" else resolve_version(api_version)
    with inp.open() as stream:
        head = stream.read(4096)
        sniffed = sniff(head)
        size = len(inp.data) if inp.data is not None else os.fstat(stream.fileno()).st_size
        if sniffed.format != "xml" or sniffed.encoding != "utf-8" or size < FUSED_FROM:
            return None
        # big documents only come here: spill to disk early to keep memory flat
        spool = tempfile.SpooledTemporaryFile(max_size=1 << 20)  # noqa: SIM115 - returned open

        def make_writer(found_kind: Kind, found_version: ApiVersion) -> Writer:
            return _writer(spool, target, version=found_version, kind=found_kind, pretty=pretty, spool=False)

        converting = fastpath.Converting(target, pretty, make_writer)
        rest = head[len(sniffed.bom) :] + stream.read(max(0, 4096 - len(head)))
        on_disk = inp.data is None and hasattr(stream, "fileno")
        outcome = fastpath.convert_xml(
            stream,
            rest,
            converting,
            kind=given_kind,
            version=given_version,
            size=size,
            fd=stream.fileno() if on_disk else None,
            origin=len(sniffed.bom),
        )
    if outcome is None:
        spool.close()
        return None
    found = [issue for batch in outcome.batches for issue in batch]
    warnings = [*sniffed.issues, *sorted(found, key=lambda i: (i.line or 0, i.column or 0, i.code))]
    report = Report(inp.name, "xml", outcome.version, outcome.kind, warnings[:MAX_WARNINGS], outcome.records)
    spool.seek(0)
    return report, spool


def _deliver(spool: IO[bytes], out: IO[bytes] | str | os.PathLike[str]) -> None:
    """Copy a finished conversion to a stream, or replace a file atomically with it."""
    if not isinstance(out, str | os.PathLike):
        shutil.copyfileobj(spool, out, 1 << 20)
        return
    path = os.fspath(out)
    directory = os.path.dirname(os.path.abspath(path))
    handle, temp = tempfile.mkstemp(prefix=".nwx-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            shutil.copyfileobj(spool, stream, 1 << 20)
        os.chmod(temp, _file_mode(path))
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def _located(issues: Sequence[Issue], report: Report) -> list[Issue]:
    """Writer findings with the line and column the validator found for the same place."""
    where = {(i.code, i.pointer): i for i in report.issues if i.line is not None}
    located = []
    for issue in issues:
        known = where.get((issue.code, issue.pointer))
        if issue.line is None and known is not None:
            issue = replace(issue, line=known.line, column=known.column)
        located.append(issue)
    return located


def _write_file(inp: Input, path: str, options: dict[str, Any]) -> None:
    """Write through a temporary file in the same directory, then ``os.replace``; the
    file gets the permissions of the one it replaces, or the usual ones (umask)."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temp = tempfile.mkstemp(prefix=".nwx-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            transcode(inp, stream, **options)
        os.chmod(temp, _file_mode(path))
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def _file_mode(path: str) -> int:
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def convert(
    source: Source,
    *,
    to: str,
    api_version: str = "auto",
    kind: str = "auto",
    pretty: bool = True,
    best_effort: bool = False,
    name: str | None = None,
) -> str:
    """Convert one document and return the text in the target format.

    >>> print(convert('"PG5yPjwvbnI+AA=="', to="xml"), end="")
    <?xml version="1.0" encoding="UTF-8"?>
    <ContinuationMark xmlns="http://schemas.netwrix.com/api/v1/activity_records/">PG5yPjwvbnI+AA==</ContinuationMark>

    Same arguments and errors as :func:`convert_to_stream`.
    """
    buffer = io.BytesIO()
    convert_to_stream(
        source,
        buffer,
        to=to,
        api_version=api_version,
        kind=kind,
        pretty=pretty,
        best_effort=best_effort,
        name=name,
    )
    return buffer.getvalue().decode("utf-8")
