"""JSON-form values as XML elements: the markup the XML writer is made of.

:class:`Markup` renders one value (a record, a group, a DetailList, a FilterList, a
scalar) as element text, following the record model where it knows the names and
generically where it does not (best effort), and records a finding for every value XML
1.0 cannot carry instead of writing it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from nwx_schema.conversion.filters import entries_from_json
from nwx_schema.conversion.text import (
    describe_char,
    escape_attribute,
    escape_text,
    find_forbidden,
    is_xml_name,
)
from nwx_schema.issues import Issue
from nwx_schema.locations import Path, Segment, pointer, record_index, xpath
from nwx_schema.model import DocumentModel, Group, ListOf, Scalar
from nwx_schema.versions import Kind

Spec = Scalar | Group | ListOf | None
#: Anything in a text value that needs more than copying (checked first, in one pass).
_TEXT_SPECIAL: Final = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _join(parent: Path, step: Segment | None) -> Path:
    return parent if step is None else (*parent, step)


class Markup:
    """Renders values of one document into lists of text parts.

    Attributes:
        issues: ``NWX110`` (a character XML 1.0 cannot carry) and ``NWX700`` (a value with
            no XML form) findings, located by JSON Pointer and XPath.
        indents: the new line and indentation of each depth (empty when compact).
    """

    def __init__(self, model: DocumentModel, kind: Kind, pretty: bool) -> None:
        self.model = model
        self.kind: Kind = kind
        self.issues: list[Issue] = []
        self.indents = tuple(("\n" + "  " * depth) if pretty else "" for depth in range(16))
        self._groups: dict[int, dict[str, Spec]] = {}

    def filter_list(self, parts: list[str], filter_list: Mapping[str, Any]) -> None:
        """Append a FilterList: one element per entry, in canonical order."""
        indent = self.indents[2]
        if not filter_list:
            parts.append(f"{self.indents[1]}<FilterList/>")
            return
        parts.append(f"{self.indents[1]}<FilterList>")
        for entry in entries_from_json(self.model, filter_list):
            path: Path = ("FilterList", *entry.path)
            if not is_xml_name(entry.name):
                self.no_xml_form(path, f"{entry.name!r} is not an XML element name")
                continue
            attribute: str | None = ""
            if entry.operator is not None:
                attribute = self.attribute("Operator", entry.operator, path)
            if attribute is None:
                continue
            value = entry.value
            if isinstance(value, Mapping):
                self.container(parts, entry.name, value, None, 2, path, attribute)
            else:
                text = self.scalar_text(value, path)
                if text is not None:
                    parts.append(self.leaf(indent, entry.name, text, attribute))
        parts.append(f"{self.indents[1]}</FilterList>")

    def attribute(self, name: str, value: str, path: Path) -> str | None:
        at = find_forbidden(value)
        if at >= 0:
            self.forbidden(path, value, at)
            return None
        return f' {name}="{escape_attribute(value)}"'

    @staticmethod
    def leaf(indent: str, name: str, text: str, attribute: str = "") -> str:
        if text:
            return f"{indent}<{name}{attribute}>{text}</{name}>"
        return f"{indent}<{name}{attribute}/>"

    def element(self, parts: list[str], name: str, value: Any, spec: Spec, depth: int, path: Path) -> None:
        """Append the element ``name`` holding ``value`` (model node ``spec``, ``None``
        when the model does not know the name) at ``path`` in the JSON form."""
        if path:
            self._element(parts, name, value, spec, depth, path[:-1], path[-1])
        else:
            self._element(parts, name, value, spec, depth, (), None)

    def _element(
        self,
        parts: list[str],
        name: str,
        value: Any,
        spec: Spec,
        depth: int,
        parent: Path,
        step: Segment | None,
    ) -> None:
        # the path of the value is built only when needed (a container, a finding)
        if spec is None and not is_xml_name(name):
            self.no_xml_form(_join(parent, step), f"{name!r} is not an XML element name")
            return
        if value.__class__ is str:  # the usual case, inline
            text = value if _TEXT_SPECIAL.search(value) is None else self._special(value, _join(parent, step))
            if text is not None:
                indent = self.indents[depth]
                parts.append(f"{indent}<{name}>{text}</{name}>" if text else f"{indent}<{name}/>")
        elif isinstance(value, dict | Mapping):
            group = spec if isinstance(spec, Group) else None
            self.container(parts, name, value, group, depth, _join(parent, step))
        elif isinstance(value, list) and isinstance(spec, ListOf):
            indent = self.indents[depth]
            if not value:
                parts.append(f"{indent}<{name}/>")
                return
            parts.append(f"{indent}<{name}>")
            path = _join(parent, step)
            for index, item in enumerate(value):
                self._element(parts, spec.item_name, item, spec.item, depth + 1, path, index)
            parts.append(f"{indent}</{name}>")
        else:
            text = self.scalar_text(value, _join(parent, step))
            if text is not None:
                parts.append(self.leaf(self.indents[depth], name, text))

    def container(
        self,
        parts: list[str],
        name: str,
        value: Mapping[str, Any],
        spec: Group | None,
        depth: int,
        path: Path,
        attribute: str = "",
    ) -> None:
        """Append an element holding one child element per key of ``value``."""
        indent = self.indents[depth]
        if not value:
            parts.append(f"{indent}<{name}{attribute}/>")
            return
        parts.append(f"{indent}<{name}{attribute}>")
        fields = self._fields(spec)
        for key, item in value.items():
            self._element(parts, key, item, fields.get(key), depth + 1, path, key)
        parts.append(f"{indent}</{name}>")

    def _fields(self, spec: Group | None) -> dict[str, Spec]:
        if spec is None:
            return {}
        fields = self._groups.get(id(spec))
        if fields is None:
            fields = self._groups[id(spec)] = {f.name: f.value for f in spec.fields}
        return fields

    def _special(self, value: str, path: Path) -> str | None:
        at = find_forbidden(value)
        if at >= 0:
            self.forbidden(path, value, at)
            return None
        return escape_text(value)

    def scalar_text(self, value: Any, path: Path) -> str | None:
        """Escaped element text of a JSON scalar, or ``None`` (finding recorded)."""
        if isinstance(value, str):
            return self._special(value, path)
        if value is True:
            return "true"
        if value is False:
            return "false"
        if isinstance(value, int | float | Decimal):
            return str(value)
        if value is None:
            self.no_xml_form(path, "null has no XML form")
        else:
            self.no_xml_form(path, "an array has no XML form here")
        return None

    def issue(self, code: str, path: Path, message: str) -> None:
        self.issues.append(
            Issue(
                None,
                None,
                code,
                "error",
                message,
                pointer=pointer(path),
                xpath=xpath(self.kind, path),
                record=record_index(self.kind, path),
            )
        )

    def forbidden(self, path: Path, value: str, at: int) -> None:
        self.issue(
            "NWX110",
            path,
            f"{describe_char(value[at])} at offset {at} of the value cannot be written in XML 1.0",
        )

    def no_xml_form(self, path: Path, why: str) -> None:
        self.issue("NWX700", path, f"cannot be written as XML: {why}")
