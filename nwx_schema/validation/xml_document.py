"""XML documents: root, namespace, kind and version, then each child of the root."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from nwx_schema import model
from nwx_schema.issues import Issue
from nwx_schema.locations import Path
from nwx_schema.reading.xml_reader import Child, Element, RootEnd, RootStart
from nwx_schema.validation.run import DECIDE_WITHIN, Run, version_hint
from nwx_schema.validation.search import SearchChecker
from nwx_schema.validation.values import suggest
from nwx_schema.validation.xml_form import XmlForm
from nwx_schema.versions import ApiVersion, Kind

_ROOTS: Final[dict[str, tuple[Kind, ...]]] = {
    "ActivityRecordList": ("input", "output"),
    "ActivityRecordSearch": ("search",),
    "ContinuationMark": ("continuation",),
    "ErrorList": ("errors",),
}


class XmlDocument(Run):
    """Reads an XML document's events into the checker."""

    def _xml_events(self, events: Iterator[Any]) -> Iterator[Issue]:
        first = next(events, None)
        if not isinstance(first, RootStart):
            return
        root = first.element
        if root.name == "ActivityRecord" and self.given_kind in (None, "input", "output"):
            yield from self._xml_lone_record(root, events)
            return
        kind, version = self._xml_root(root)
        yield from self._flush()
        if kind is None:
            for _ in events:  # still report where the XML itself breaks
                pass
            return
        pending: list[Element] = []
        form: XmlForm | None = None
        # The kind of an ActivityRecordList (records written or an enum/search page) is read
        # from its first child, whether or not the version is known already.
        if version is not None and not (kind == "input" and self.given_kind is None):
            form = self._xml_begin(root, kind, version)
        for event in events:
            if isinstance(event, Child):
                if form is None:
                    if kind == "input" and self.given_kind is None and not pending:
                        kind = _xml_kind_from_first_child(event.element)
                    pending.append(event.element)
                    version = self.given_version or _xml_version(event.element, kind)
                    if version is None and len(pending) < DECIDE_WITHIN:
                        continue
                    form = self._xml_begin(root, kind, version or "9.0")
                    for el in pending:
                        self._xml_child(form, el)
                    pending = []
                else:
                    self._xml_child(form, event.element)
                yield from self._flush()
            elif isinstance(event, RootEnd):
                if form is None:
                    if kind == "input" and self.given_kind is None and not pending:
                        kind = "output"  # an empty list: an empty enum/search page
                    form = self._xml_begin(root, kind, self.given_version or "9.0")
                    for el in pending:
                        self._xml_child(form, el)
                self._xml_end(form, event.element)
                yield from self._flush()

    def _root_namespace(self, root: Element, kind: Kind) -> None:
        expected_ns = model.namespace_for(kind)
        if root.ns is None:
            message = f'<{root.name}> has no namespace: add xmlns="{expected_ns}"'
            self._emit(Issue(root.line, root.column, "NWX201", "error", message, pointer=""))
        elif root.ns != expected_ns:
            message = _namespace_message(root.ns, expected_ns)
            self._emit(Issue(root.line, root.column, "NWX202", "error", message, pointer=""))

    def _xml_lone_record(self, root: Element, events: Iterator[Any]) -> Iterator[Issue]:
        """A document whose root is one <ActivityRecord>: said once, then checked as a record."""
        message = "the root is one <ActivityRecord>: records are sent inside <ActivityRecordList>; wrap it"
        self._emit(Issue(root.line, root.column, "NWX200", "error", message, pointer=""))
        for event in events:
            if isinstance(event, Child):
                root.children.append(event.element)
            elif isinstance(event, RootEnd):
                root.text, root.text_at = event.element.text, event.element.text_at
        kind: Kind = self.given_kind or "input"
        self._root_namespace(root, kind)
        version = self.given_version or version_hint({c.name for c in root.children}) or "9.0"
        form = self._xml_begin(root, kind, version)
        self._xml_child(form, root)
        yield from self._flush()

    def _xml_root(self, root: Element) -> tuple[Kind | None, ApiVersion | None]:
        name = root.name
        if name not in _ROOTS:
            guess = suggest(name, list(_ROOTS))
            hint = f": did you mean <{guess}>?" if guess else f" (expected one of: {', '.join(_ROOTS)})"
            self._emit(
                Issue(
                    root.line,
                    root.column,
                    "NWX200",
                    "error",
                    f"unknown root element <{name}>{hint}",
                    pointer="",
                )
            )
            if guess is None:
                return None, None
            name = guess
            root.name = guess
        kinds = _ROOTS[name]
        kind = self.given_kind or kinds[0]
        if self.given_kind is not None and self.given_kind not in kinds:
            self._emit(
                Issue(
                    root.line,
                    root.column,
                    "NWX204",
                    "error",
                    f"the document is <{name}> ({' or '.join(kinds)}), not {self.given_kind}: check --kind",
                    pointer="",
                )
            )
            return None, None
        self._root_namespace(root, kind)
        version = self.given_version
        if version is None and kind in ("continuation", "errors"):
            version = "9.0"
        return kind, version

    def _xml_begin(self, root: Element, kind: Kind, version: ApiVersion) -> XmlForm:
        self._start(kind, version)
        assert self.locator is not None
        form = XmlForm(self.locator, root.ns, model.document_model(version))
        self._mark_seen = False
        self._saw_record = False
        self._search_parts = set()
        self.locator.positions[()] = (root.line, root.column)
        form.check_element(root, ())
        return form

    def _xml_child(self, form: XmlForm, el: Element) -> None:
        assert self.locator is not None and self.checker is not None
        kind = self.locator.kind
        self.locator.positions = {(): self.locator.positions.get((), (1, 1))}
        self.locator.key_positions = {}
        if kind in ("input", "output"):
            if el.name == "ActivityRecord":
                path: Path = (self.records,) if kind == "input" else ("ActivityRecordList", self.records)
                self.locator.positions[path] = (el.line, el.column)
                self.locator.key_positions[path] = (el.line, el.column)
                form.check_element(el, path)
                value = form.group(el, path, self.checker.model.record)
                self._saw_record = True
                self._record(value, path)
                return
            if el.name == "ContinuationMark" and kind == "output":
                path = ("ContinuationMark",)
                self.locator.positions[path] = (el.line, el.column)
                self.locator.key_positions[path] = (el.line, el.column)
                form.check_element(el, path)
                if self._mark_seen:
                    self.locator.report("NWX302", "ContinuationMark is given twice: keep one", path, "key")
                    return
                if self._saw_record:
                    self.locator.report(
                        "NWX209",
                        "ContinuationMark must come before the records, as the API writes it",
                        path,
                    )
                self._mark_seen = True
                self.checker.mark(el.value if not el.children else {}, path)
                return
            why = (
                ": ContinuationMark appears only in enum/search results (kind output)"
                if el.name == "ContinuationMark"
                else ""
            )
            known = ["ActivityRecord", *(["ContinuationMark"] if kind == "output" else [])]
            form.unknown_child(el, (el.name,), "ActivityRecordList", known, why)
            return
        if kind == "search":
            path = (el.name,)
            self.locator.positions[path] = (el.line, el.column)
            self.locator.key_positions[path] = (el.line, el.column)
            form.check_element(el, path)
            if el.name in self._search_parts:
                self.locator.report(
                    "NWX302", f"<{el.name}> is given twice: keep one", path, at=(el.line, el.column)
                )
                return
            self._search_parts.add(el.name)
            search = SearchChecker(self.checker)
            if el.name == "FilterList":
                search.filter_list(form.filter_list(el, path), path)
            elif el.name == "ContinuationMark":
                self.checker.mark(el.value if not el.children else {}, path)
            else:
                form.unknown_child(el, path, "ActivityRecordSearch", ["ContinuationMark", "FilterList"])
            return
        if kind == "errors":
            if el.name == "Error":
                path = ("ErrorList", self.records)
                self.locator.positions[path] = (el.line, el.column)
                self.locator.key_positions[path] = (el.line, el.column)
                form.check_element(el, path)
                self.checker.group(
                    form.group(el, path, self.checker.model.error), path, self.checker.model.error
                )
                self.records += 1
            else:
                form.unknown_child(el, ("ErrorList", el.name), "ErrorList", ["Error"])
            return
        # continuation: the root holds text only
        form.unknown_child(el, (el.name,), "ContinuationMark", [], ": the continuation mark holds text only")

    def _xml_end(self, form: XmlForm, root: Element) -> None:
        assert self.locator is not None and self.checker is not None
        kind = self.locator.kind
        self.locator.positions = {(): (root.line, root.column)}
        self.locator.key_positions = {}
        if kind == "continuation":
            self.checker.mark(root.value, ())
            return
        if root.has_text:
            self.locator.report("NWX207", f"text stands directly inside <{root.name}>: remove it", ())
        if kind in ("input", "output"):
            self._end_records(())
        elif kind == "search" and "FilterList" not in self._search_parts:
            self.locator.report(
                "NWX300", "ActivityRecordSearch has no FilterList: add one", ("FilterList",), "parent"
            )
        elif kind == "errors" and self.records == 0:
            self.locator.report("NWX309", "ErrorList holds no Error", ("ErrorList",), "parent")
        if kind == "errors":
            self.report.records = None


def _xml_kind_from_first_child(el: Element) -> Kind:
    if el.name == "ContinuationMark":
        return "output"
    names = {c.name for c in el.children}
    if "RID" in names:
        return "output"
    return "input"


def _xml_version(el: Element, kind: Kind) -> ApiVersion | None:
    if kind == "search":
        if el.name == "FilterList":
            return version_hint({c.name for c in el.children}) or "9.0"
        return None
    if el.name != "ActivityRecord":
        return None
    return version_hint({c.name for c in el.children})


def _namespace_message(found: str, expected: str) -> str:
    if found.rstrip("/") == expected.rstrip("/"):
        return f'namespace "{found}" lacks its trailing slash: write xmlns="{expected}"'
    if found == model.NS_ERRORS:
        return f'"{found}" is the namespace of error lists; this document needs xmlns="{expected}"'
    if found == model.NS_RECORDS:
        return f'"{found}" is the namespace of records; an ErrorList needs xmlns="{expected}"'
    if found.replace("http//", "http://") == expected:
        return f'namespace "{found}" lacks the colon after http: write xmlns="{expected}"'
    return f'wrong namespace "{found}": write xmlns="{expected}"'
