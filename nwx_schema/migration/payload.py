"""``migrate()``: an Activity Record document from API 8.5 to 9.0 (or back), edited in place.

The document is read into located elements (XML) or values (JSON), the planner lists the
text edits and the notes that explain them, the edits are spliced into the original text,
and the result is validated against the target version before anything is returned as
writable. A document that holds nothing to migrate comes back byte for byte.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import IO

from nwx_schema.issues import Issue, Report, sort_issues
from nwx_schema.locations import Path, pointer, record_index, xpath
from nwx_schema.migration import json_edit, xml_edit
from nwx_schema.migration.edits import apply_edits
from nwx_schema.migration.options import AuditedSystemMode, MigrateOptions, Note, Plan
from nwx_schema.migration.plan_json import JsonPlanner
from nwx_schema.migration.plan_json import detect_kind as json_kind
from nwx_schema.migration.plan_xml import XmlPlanner
from nwx_schema.migration.plan_xml import detect_kind as xml_kind
from nwx_schema.migration.textcodec import Decoded, LineIndex, UndecodableError, decode
from nwx_schema.versions import ApiVersion, Format, Kind, resolve_kind, resolve_version

PayloadSource = str | bytes | os.PathLike[str] | IO[bytes]


@dataclass(slots=True)
class Migration:
    """The outcome of :func:`migrate` for one document.

    Attributes:
        original: the bytes read.
        document: the migrated document, in the original's encoding (BOM included), or
            ``None`` when the migration was refused (see :attr:`report`). Equal to
            :attr:`original` when there was nothing to migrate.
        changes: one entry per change made (codes NWX810-NWX817), located in the
            original document (line, column) and in the migrated one (pointer, XPath).
        report: the findings: reasons to refuse (NWX800-NWX804, reading errors) and the
            validation of the migrated document against the target version.
        to: the target API version.
    """

    original: bytes
    document: bytes | None
    changes: list[Issue]
    report: Report
    to: ApiVersion

    @property
    def ok(self) -> bool:
        """``True`` when a valid migrated document was produced."""
        return self.document is not None and self.report.valid

    @property
    def changed(self) -> bool:
        """``True`` when the migrated document differs from the original."""
        return self.document is not None and self.document != self.original

    @property
    def text(self) -> str | None:
        """The migrated document as text (``None`` when refused)."""
        return None if self.document is None else self._decode(self.document)

    @property
    def original_text(self) -> str | None:
        """The original document as text (``None`` when it could not be read as text)."""
        return None if self.report.format is None else self._decode(self.original)

    def _decode(self, data: bytes) -> str | None:
        try:
            return decode(data, "xml" if self.report.format == "xml" else "json").text
        except UndecodableError:
            return None


@dataclass(slots=True)
class _Read:
    data: bytes
    name: str
    issues: list[Issue] = field(default_factory=list)


def _read(source: PayloadSource, name: str | None) -> _Read:
    if isinstance(source, str):
        from nwx_schema.reading.source import looks_like_document

        if source and not looks_like_document(source) and os.path.isfile(source):
            return _Read(FsPath(source).read_bytes(), name or source)  # a file name, as validate() reads it
        return _Read(source.encode("utf-8"), name or "<data>")
    if isinstance(source, bytes):
        return _Read(source, name or "<data>")
    if isinstance(source, os.PathLike):
        path = FsPath(source)
        return _Read(path.read_bytes(), name or str(path))
    return _Read(source.read(), name or getattr(source, "name", None) or "<stream>")


def _issue(
    code: str, message: str, index: LineIndex | None, offset: int | None, path: Path | None, kind: Kind | None
) -> Issue:
    from nwx_schema.codes import severity_of

    line = column = None
    if index is not None and offset is not None:
        line, column = index.position(offset)
    return Issue(
        line,
        column,
        code,
        severity_of(code),
        message,
        pointer=pointer(path) if path is not None else None,
        xpath=xpath(kind, path) if path is not None and kind is not None else None,
        record=record_index(kind, path) if path is not None and kind is not None else None,
    )


def migrate(
    source: PayloadSource,
    *,
    to: str = "9.0",
    plan_map: Mapping[str, str] | None = None,
    item: str | None = None,
    audited_system: AuditedSystemMode = "datasource",
    allow_loss: bool = False,
    kind: str = "auto",
    fmt: str = "auto",
    name: str | None = None,
) -> Migration:
    """Migrate one document of any kind to API ``to`` (``"9.0"`` or ``"8.5"``).

    ``source`` is the document text (``str``; a ``str`` that does not start like XML or
    JSON and names an existing file is read as that file, as ``validate`` does), its bytes,
    a path (``pathlib.Path``) or a binary stream. Towards 9.0, AuditedSystem becomes DataSource (see ``audited_system``)
    and ManagedObject becomes MonitoringPlan/Name, in records and in search filters;
    towards 8.5 the reverse, refusing (NWX801) to drop Item or MonitoringPlan/ID unless
    ``allow_loss``. Everything else is kept as written. The result is validated against
    ``to``; :attr:`Migration.document` is ``None`` when the migration is refused or the
    result is not valid. Never raises for a bad document.

    Raises:
        UnknownVersionError, UnknownKindError: ``to`` or ``kind`` is unknown.
        ValueError: an option does not apply (``item`` towards 8.5, an empty plan name).
        OSError: ``source`` is a path that cannot be read.
    """
    target = resolve_version(to)
    options = MigrateOptions(target, dict(plan_map or {}), item, audited_system, allow_loss)
    asked_kind = None if kind == "auto" else resolve_kind(kind)
    read = _read(source, name)
    report = Report(read.name, api_version=target, kind=asked_kind)
    outcome = Migration(read.data, None, [], report, target)
    decoded, form = _decode(read, fmt, report)
    if decoded is None or form is None:
        return outcome
    report.format = form
    index = LineIndex(decoded.text)
    plan, kind_found = _plan(decoded.text, form, options, index, report, asked_kind)
    if plan is None:
        return outcome
    report.kind = asked_kind or kind_found
    for note in plan.notes:
        issue = _note_issue(note, index, report.kind)
        (outcome.changes if note.is_change else report.issues).append(issue)
    outcome.changes.sort(key=lambda i: (i.line or 0, i.column or 0))
    report.issues[:] = sort_issues(report.issues)
    if plan.blocked:
        outcome.changes.clear()
        return outcome
    new_text = apply_edits(decoded.text, plan.edits)
    errors = "xmlcharrefreplace" if form == "xml" and not decoded.codec.startswith("utf") else "strict"
    document = read.data if not plan.edits else decoded.bom + new_text.encode(decoded.codec, errors)
    _validate(document, outcome, report.kind)
    return outcome


def _note_issue(note: Note, index: LineIndex, kind: Kind | None) -> Issue:
    return _issue(note.code, note.message, index, note.offset, note.path, kind)


def _decode(read: _Read, fmt: str, report: Report) -> tuple[Decoded | None, Format | None]:
    if fmt not in ("auto", "xml", "json"):
        from nwx_schema.errors import UnknownFormatError

        raise UnknownFormatError(fmt, ("xml", "json"))
    try:
        decoded = decode(read.data, "json" if fmt == "json" else "xml")
    except UndecodableError as err:
        message = f"not valid {err.codec} at byte {err.offset}: save the file as UTF-8"
        report.issues.append(_issue("NWX109", message, None, None, None, None))
        return None, None
    head = decoded.text.lstrip(" \t\r\n")
    if not head:
        report.issues.append(_issue("NWX100", "the document is empty", None, None, None, None))
        return None, None
    form: Format
    if fmt != "auto":
        form = "xml" if fmt == "xml" else "json"
    elif head[0] == "<":
        form = "xml"
    elif head[0] in '[{"':
        form = "json"
    else:
        report.issues.append(
            _issue(
                "NWX101",
                "neither XML nor JSON: the document starts with " + repr(head[0]),
                None,
                None,
                None,
                None,
            )
        )
        return None, None
    return decoded, form


def _plan(
    text: str, form: Format, options: MigrateOptions, index: LineIndex, report: Report, asked: Kind | None
) -> tuple[Plan | None, Kind | None]:
    """Read the document and plan its migration. A record document's kind comes from the
    document, unless ``asked`` says which of input and output it is (XML records look alike)."""
    try:
        if form == "xml":
            root = xml_edit.parse(text)
            kind = xml_kind(root)
            if kind in ("input", "output") and asked in ("input", "output"):
                kind = asked
            return XmlPlanner(text, root, kind, options).run(), kind
        value = json_edit.parse(text)
        kind = json_kind(value)
        return JsonPlanner(text, value, kind, options).run(), kind
    except (xml_edit.XmlReadError, json_edit.JsonReadError) as err:
        report.issues.append(_issue(err.code, str(err), index, err.offset, None, None))
        return None, None


def _validate(document: bytes, outcome: Migration, kind: Kind | None) -> None:
    from nwx_schema.validation import validate

    report = outcome.report
    checked = validate(
        document, api_version=outcome.to, kind=kind or "auto", fmt=report.format or "auto", name=report.path
    )
    report.kind = checked.kind or report.kind
    report.records = checked.records
    if not checked.valid:
        report.issues.append(
            _issue(
                "NWX802",
                f"the migrated document is not valid {outcome.to}: nothing is written (findings below, "
                "located in the migrated document)",
                None,
                None,
                None,
                None,
            )
        )
        outcome.changes.clear()
    else:
        outcome.document = document
    report.issues.extend(sort_issues(checked.issues))
