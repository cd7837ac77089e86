"""JSON-form values as XML elements: the markup the XML writer is made of.

:class:`Markup` renders one value (a record, a group, a DetailList, a FilterList, a
scalar) as element text, following the record model where it knows the names and
generically where it does not (best effort), and records a finding for every value XML
1.0 cannot carry instead of writing it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from nwx_schema.conversion.filters import entries_from_json
from nwx_schema.conversion.text import (
    describe_char,
    escape_attribute,
    escape_text,
    find_forbidden,
    is_xml_name,
)
from nwx_schema.issues import Issue
from nwx_schema.locations import Path, pointer, record_index, xpath
from nwx_schema.model import DocumentModel, Group, ListOf, Scalar
from nwx_schema.versions import Kind

Spec = Scalar | Group | ListOf | None


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
        when the model does not know the name)."""
        if spec is None and not is_xml_name(name):
            self.no_xml_form(path, f"{name!r} is not an XML element name")
            return
        if isinstance(value, Mapping):
            self.container(parts, name, value, spec if isinstance(spec, Group) else None, depth, path)
        elif isinstance(value, list) and isinstance(spec, ListOf):
            indent = self.indents[depth]
            if not value:
                parts.append(f"{indent}<{name}/>")
                return
            parts.append(f"{indent}<{name}>")
            for index, item in enumerate(value):
                self.element(parts, spec.item_name, item, spec.item, depth + 1, (*path, index))
            parts.append(f"{indent}</{name}>")
        else:
            text = self.scalar_text(value, path)
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
        indent = self.indents[depth]
        if not value:
            parts.append(f"{indent}<{name}{attribute}/>")
            return
        parts.append(f"{indent}<{name}{attribute}>")
        for key, item in value.items():
            child = spec.get(key) if spec is not None else None
            self.element(parts, key, item, None if child is None else child.value, depth + 1, (*path, key))
        parts.append(f"{indent}</{name}>")

    def scalar_text(self, value: Any, path: Path) -> str | None:
        """Escaped element text of a JSON scalar, or ``None`` (finding recorded)."""
        if isinstance(value, str):
            at = find_forbidden(value)
            if at >= 0:
                self.forbidden(path, value, at)
                return None
            return escape_text(value)
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
