"""The rules of the model applied to JSON-form values, for XML and JSON alike.

XML documents reach this module already mapped to their JSON form (with the position of
every element), so both formats get the same codes at the same JSON Pointers.
"""

from __future__ import annotations

from typing import Any

from nwx_schema import model
from nwx_schema.locations import Path
from nwx_schema.model import Field, Group, ListOf, Role, Scalar
from nwx_schema.validation.advice import MARK_SPACE, record_advice
from nwx_schema.validation.locator import Locator
from nwx_schema.validation.values import (
    check_action,
    check_datetime,
    json_type,
    powershell_truncation,
    shown,
    suggest,
)
from nwx_schema.versions import ApiVersion

_NEW_IN_9: dict[str, str] = {
    "DataSource": "AuditedSystem",
    "MonitoringPlan": "ManagedObject",
    "Item": "(nothing: Item is new in 9.0)",
}


class Checker:
    """Checks records, error lists and marks of one document version and kind."""

    def __init__(self, version: ApiVersion, locator: Locator) -> None:
        self.version = version
        self.model = model.document_model(version)
        self.loc = locator
        self.role: Role = "output" if locator.kind == "output" else "input"

    # -- records --------------------------------------------------------------------

    def record(self, value: Any, path: Path) -> None:
        """All rules of one Activity Record at ``path``."""
        if not isinstance(value, dict):
            self._not_object(value, path, "an Activity Record")
            return
        self.group(value, path, self.model.record)
        if self.role == "input":
            self._advice(value, path)

    def _advice(self, record: dict[str, Any], path: Path) -> None:
        for code, message, sub, anchor in record_advice(self.version, record):
            self.loc.report(code, message, (*path, *sub), anchor)

    def group(self, value: dict[str, Any], path: Path, group: Group) -> None:
        """Fields of an object against a model group: unknown, roles, required, values."""
        for key, item in value.items():
            child = (*path, key)
            spec = group.get(key)
            if spec is None:
                self._unknown_field(key, child, group)
            elif self.role not in spec.roles:
                self.loc.report(
                    "NWX306",
                    f"{key} appears only in enum/search results (the product assigns it): "
                    "remove it from records written",
                    child,
                    "key",
                )
            else:
                self.field_value(item, child, spec)
        for spec in group.fields:
            if spec.required and spec.name not in value and self.role in spec.roles:
                self.loc.report(
                    "NWX300",
                    f"{group.name} has no {spec.name} ({spec.doc}): add it",
                    (*path, spec.name),
                    "parent",
                )

    def _unknown_field(self, key: str, path: Path, group: Group) -> None:
        if group is self.model.record and self.version == "9.0" and key in model.LEGACY_RENAMES:
            new = "/".join(model.LEGACY_RENAMES[key])
            self.loc.report(
                "NWX307",
                f"{key} is the 8.0-8.5 name: 9.0 and later use {new}; run `nwx-schema migrate` "
                "(or check with --api-version 8.5 for an 8.x server)",
                path,
                "key",
            )
            return
        if group is self.model.record and self.version == "8.5" and key in _NEW_IN_9:
            self.loc.report(
                "NWX308",
                f"{key} exists only in 9.0 and later (8.5 name: {_NEW_IN_9[key]}): check "
                "--api-version (9.0 covers products 9.0 to 10.x)",
                path,
                "key",
            )
            return
        names = [f.name for f in group.for_role(self.role)]
        guess = suggest(key, names)
        hint = f": did you mean {guess!r}?" if guess else f" (known: {', '.join(names)})"
        if key == "ContinuationMark" and group is self.model.record:
            hint = ": ContinuationMark belongs to the document, not to a record"
        self.loc.report("NWX301", f"unknown field {key!r} in {group.name}{hint}", path, "key")

    def field_value(self, value: Any, path: Path, spec: Field) -> None:
        kind = spec.value
        if isinstance(kind, Scalar):
            self.scalar(value, path, spec.name, kind)
        elif isinstance(kind, Group):
            if isinstance(value, dict):
                self.group(value, path, kind)
            else:
                self._not_object(value, path, spec.name, kind)
        else:
            self.list_of(value, path, spec.name, kind)

    def list_of(self, value: Any, path: Path, name: str, spec: ListOf) -> None:
        if not isinstance(value, list):
            if isinstance(value, str) and powershell_truncation(value):
                self._truncated(value, path)
            else:
                self.loc.report(
                    "NWX303",
                    f"{name} must be a list of {spec.item_name} objects, not {json_type(value)}",
                    path,
                )
            return
        if len(value) < spec.min_items:
            self.loc.report("NWX309", f"{name} is empty: add a {spec.item_name} or remove {name}", path)
        for index, item in enumerate(value):
            child = (*path, index)
            if isinstance(item, dict):
                self.group(item, child, spec.item)
            else:
                self._not_object(item, child, spec.item_name, spec.item)

    def _not_object(self, value: Any, path: Path, name: str, group: Group | None = None) -> None:
        if isinstance(value, str) and powershell_truncation(value):
            self._truncated(value, path)
            return
        hint = ""
        if group is not None and isinstance(value, str):
            first = next((f.name for f in group.fields if f.required), None)
            if first:
                hint = f': write it as {{"{first}": {shown(value)}}} (XML: <{name}><{first}>...</{first}></{name}>)'
        self.loc.report("NWX303", f"{name} must be an object, not {json_type(value)}{hint}", path)

    def _truncated(self, value: str, path: Path) -> None:
        self.loc.report(
            "NWX406",
            f"the value {shown(value)} is what PowerShell's ConvertTo-Json writes for an object "
            "nested deeper than its default -Depth 2: call ConvertTo-Json -Depth 10",
            path,
        )

    def scalar(self, value: Any, path: Path, name: str, spec: Scalar) -> None:
        if spec.type == "boolean":
            if not isinstance(value, bool):
                self.loc.report(
                    "NWX405",
                    f"{name} must be true or false, not {shown(value) if isinstance(value, str) else json_type(value)}"
                    + (" (JSON: a boolean, not a string)" if isinstance(value, str) else ""),
                    path,
                )
            return
        if not isinstance(value, str):
            self.loc.report("NWX303", f"{name} must be text, not {json_type(value)}", path)
            return
        if powershell_truncation(value):
            self._truncated(value, path)
            return
        if spec.type == "action":
            message = check_action(value)
            if message:
                self.loc.report("NWX400", message, path)
            return
        if spec.type == "datetime":
            found = check_datetime(value, name)
            if found:
                self.loc.report(found[0], found[1], path)
            return
        self.text_length(value, path, name, spec.min_length, spec.max_length)

    def text_length(self, value: str, path: Path, name: str, minimum: int, maximum: int | None) -> None:
        if minimum and len(value) < minimum:
            self.loc.report("NWX304", f"{name} is empty: fill it in", path)
        elif maximum is not None and len(value) > maximum:
            self.loc.report(
                "NWX305", f"{name} holds {len(value)} characters; at most {maximum} are allowed", path
            )

    # -- other documents ----------------------------------------------------------------

    def mark(self, value: Any, path: Path) -> None:
        """A ContinuationMark: non-empty text, sent as received."""
        if not isinstance(value, str):
            self.loc.report("NWX303", f"ContinuationMark must be text, not {json_type(value)}", path)
        elif not value:
            self.loc.report("NWX304", "ContinuationMark is empty: send the mark as received", path)
        elif value != value.strip():
            self.loc.report("NWX605", MARK_SPACE, path)

    def error_list(self, value: Any, path: Path) -> None:
        """The list of an ErrorList document."""
        if not isinstance(value, list):
            self.loc.report(
                "NWX303", f"ErrorList must be a list of Error objects, not {json_type(value)}", path
            )
            return
        self.list_of(value, path, "ErrorList", ListOf("Error", self.model.error))
