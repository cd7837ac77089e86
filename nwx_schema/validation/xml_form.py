"""XML elements to their JSON form, model-driven, noting what only XML can get wrong.

The JSON form is what the checker judges, so that XML and JSON get the same findings at
the same pointers. What has no JSON equivalent is reported here: namespaces, attributes,
stray text, repeated elements, foreign items inside a list.
"""

from __future__ import annotations

from typing import Any

from nwx_schema import model
from nwx_schema.locations import Path
from nwx_schema.model import Field, Filter, Group, ListOf, Scalar
from nwx_schema.reading.xml_reader import XSI, Element
from nwx_schema.validation.locator import Locator
from nwx_schema.validation.values import suggest

_ALLOWED_ATTRS = frozenset({f"{XSI} schemaLocation", f"{XSI} noNamespaceSchemaLocation"})


class XmlForm:
    """Maps elements under a root of namespace ``ns`` to JSON-form values."""

    def __init__(self, locator: Locator, ns: str | None, doc_model: model.DocumentModel) -> None:
        self.loc = locator
        self.ns = ns
        self.model = doc_model

    def _place(self, el: Element, path: Path) -> None:
        self.loc.positions[path] = (el.line, el.column)
        self.loc.key_positions[path] = (el.line, el.column)

    def check_element(self, el: Element, path: Path, *, operator_ok: bool = False) -> None:
        """Namespace and attributes of one element (its own, not its children's)."""
        if el.ns != self.ns:
            where = f"in namespace {el.ns!r}" if el.ns else "in no namespace"
            self.loc.report(
                "NWX206",
                f"<{el.name}> is {where} while its document is in {self.ns or 'no namespace'!r}: "
                "remove the xmlns declaration from the element",
                path,
                "key",
            )
        for attr in el.attrs:
            if attr in _ALLOWED_ATTRS or (operator_ok and attr == "Operator"):
                continue
            shown = attr.rpartition(" ")[2]
            self.loc.report(
                "NWX208", f"attribute {shown!r} is not allowed on <{el.name}>: remove it", path, "key"
            )

    def _stray_text(self, el: Element, path: Path) -> None:
        if el.children and el.has_text:
            text = el.value.strip()
            self.loc.report(
                "NWX207",
                f"text {text[:40]!r} stands between the child elements of <{el.name}>: remove it",
                path,
            )

    # -- records and groups ---------------------------------------------------------

    def group(self, el: Element, path: Path, group: Group | None) -> dict[str, Any]:
        """Children of ``el`` as an object, by the fields of ``group`` (None: unknown)."""
        self._stray_text(el, path)
        out: dict[str, Any] = {}
        for child in el.children:
            key = (*path, child.name)
            if child.name in out:
                self.loc.report(
                    "NWX302",
                    f"<{child.name}> is given twice in <{el.name}>: keep one",
                    key,
                    at=(child.line, child.column),
                )
                continue
            self._place(child, key)
            self.check_element(child, key)
            spec = group.get(child.name) if group is not None else None
            out[child.name] = self.value(child, key, spec)
        return out

    def value(self, el: Element, path: Path, spec: Field | None) -> Any:
        """One element's JSON-form value, guided by what the model expects there."""
        expected = spec.value if spec is not None else None
        if isinstance(expected, Group):
            if el.children or not el.has_text:
                return self.group(el, path, expected)
            return el.value
        if isinstance(expected, ListOf):
            item_fields = {f.name for f in expected.item.fields}
            if el.children and all(c.name in item_fields for c in el.children):
                # the fields of one item without the item element: JSON's "one object
                # instead of a list", and reported the same way
                return self.group(el, path, expected.item)
            if el.children or not el.has_text:
                return self.list_of(el, path, expected)
            return el.value
        if el.children:
            return self.group(el, path, None)
        text = el.value
        if isinstance(expected, Scalar) and expected.type == "boolean":
            # xs:boolean collapses white space: " true " is true, as in the XSD
            collapsed = text.strip(" \t\n\r")
            if collapsed in ("true", "false"):
                return collapsed == "true"
        return text

    def list_of(self, el: Element, path: Path, spec: ListOf) -> list[Any]:
        self._stray_text(el, path)
        items: list[Any] = []
        for child in el.children:
            if child.name != spec.item_name:
                key = (*path, len(items))
                self.loc.key_positions[key] = (child.line, child.column)
                self.loc.positions.setdefault(key, (child.line, child.column))
                self.loc.report(
                    "NWX301",
                    f"<{el.name}> holds only <{spec.item_name}> elements, not <{child.name}>",
                    key,
                    "key",
                )
                continue
            key = (*path, len(items))
            self._place(child, key)
            self.check_element(child, key)
            items.append(self.group(child, key, spec.item))
        return items

    # -- search -----------------------------------------------------------------------

    def filter_list(self, el: Element, path: Path) -> dict[str, Any]:
        """FilterList children grouped by name into the canonical JSON form."""
        self._stray_text(el, path)
        grouped: dict[str, list[tuple[Element, Any]]] = {}
        for child in el.children:
            flt = self.model.filter(child.name)
            value = self._filter_value(child, flt)
            op = child.attrs.get("Operator")
            grouped.setdefault(child.name, []).append((child, value if op is None else {op: value}))
        out: dict[str, Any] = {}
        for name, entries in grouped.items():
            key = (*path, name)
            if len(entries) == 1:
                child, value = entries[0]
                self._filter_entry(child, key, value)
                out[name] = value
            else:
                self.loc.key_positions[key] = (entries[0][0].line, entries[0][0].column)
                self.loc.positions[key] = (entries[0][0].line, entries[0][0].column)
                listed = []
                for index, (child, value) in enumerate(entries):
                    self._filter_entry(child, (*key, index), value)
                    listed.append(value)
                out[name] = listed
        return out

    def _filter_entry(self, child: Element, path: Path, value: Any) -> None:
        self._place(child, path)
        self.check_element(child, path, operator_ok=True)
        op = child.attrs.get("Operator")
        if op is not None:
            self._place(child, (*path, op))
            if isinstance(value, dict) and isinstance(value.get(op), dict):
                self._place_children(child, (*path, op))
        elif isinstance(value, dict):
            self._place_children(child, path)

    def _place_children(self, el: Element, path: Path) -> None:
        for sub in el.children:
            self._place(sub, (*path, sub.name))

    def _filter_value(self, el: Element, flt: Filter | None) -> Any:
        if flt is not None and flt.value in ("when", "workinghours"):
            if not el.children:
                return el.value if el.has_text else {}
            out: dict[str, Any] = {}
            for sub in el.children:
                if sub.children:
                    out[sub.name] = {s.name: s.value for s in sub.children}
                else:
                    out.setdefault(sub.name, sub.value)
            return out
        if el.children:
            return {sub.name: sub.value for sub in el.children}
        return el.value

    # -- roots ------------------------------------------------------------------------

    def unknown_child(self, el: Element, path: Path, parent: str, known: list[str], why: str = "") -> None:
        self.loc.key_positions[path] = (el.line, el.column)
        self.loc.positions.setdefault(path, (el.line, el.column))
        guess = suggest(el.name, known)
        hint = why or (f": did you mean <{guess}>?" if guess else f" (expected: {', '.join(known)})")
        self.loc.report("NWX301", f"unexpected <{el.name}> in <{parent}>{hint}", path, "key")
